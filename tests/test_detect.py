"""`detect`: which board a careers or posting URL belongs to, and the source entry for it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from monitor.config import Config
from monitor.detect import detect, detect_by_fetch, detect_in_html, format_entry
from tests.boards_more import HTML, ld_job, page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://boards.greenhouse.io/stripe/jobs/123",
         {"name": "stripe", "kind": "greenhouse", "board": "stripe"}),
        ("boards.greenhouse.io/stripe/jobs/123",
         {"name": "stripe", "kind": "greenhouse", "board": "stripe"}),
        ("https://job-boards.greenhouse.io/figma",
         {"name": "figma", "kind": "greenhouse", "board": "figma"}),
        ("https://boards.greenhouse.io/embed/job_board?for=acme&b=https://acme.example",
         {"name": "acme", "kind": "greenhouse", "board": "acme"}),
        ("https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
         {"name": "acme", "kind": "greenhouse", "board": "acme"}),
        ("https://jobs.lever.co/hinge/1a2b-3c4d",
         {"name": "hinge", "kind": "lever", "board": "hinge"}),
        ("https://jobs.eu.lever.co/acme", {"name": "acme", "kind": "lever", "board": "acme"}),
        ("https://jobs.ashbyhq.com/Linear/abc-123",
         {"name": "linear", "kind": "ashby", "board": "Linear"}),
        ("https://acme.wd5.myworkdayjobs.com/en-US/External/job/NYC/Engineer_JR1",
         {"name": "acme", "kind": "workday", "board": "acme.wd5/External"}),
        ("https://acme.wd1.myworkdayjobs.com/Careers",
         {"name": "acme", "kind": "workday", "board": "acme.wd1/Careers"}),
        ("https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/Ext/jobs",
         {"name": "acme", "kind": "workday", "board": "acme.wd3/Ext"}),
        ("https://wd5.myworkdaysite.com/recruiting/acme/Jobs",
         {"name": "acme", "kind": "workday",
          "url": "https://wd5.myworkdaysite.com/recruiting/acme/Jobs"}),
        ("https://jobs.smartrecruiters.com/AcmeGmbH/744000012345678-engineer",
         {"name": "acmegmbh", "kind": "smartrecruiters", "board": "AcmeGmbH"}),
        ("https://apply.workable.com/acme/j/ABC123/",
         {"name": "acme", "kind": "workable", "board": "acme"}),
        ("https://acme.recruitee.com/o/backend-engineer",
         {"name": "acme", "kind": "recruitee", "board": "acme"}),
        ("https://www.example.com/careers",
         {"name": "example", "kind": "jsonld", "url": "https://www.example.com/careers"}),
        ("not a url", None),
    ],
)  # fmt: skip
def test_detect(url: str, expected: dict[str, Any] | None) -> None:
    assert detect(url) == expected


def test_entries_are_valid_config() -> None:
    for url in ("https://acme.wd5.myworkdayjobs.com/External",
                "https://wd5.myworkdaysite.com/recruiting/acme/Jobs",
                "https://www.example.com/careers", "https://jobs.lever.co/hinge"):  # fmt: skip
        entry = detect(url)
        assert entry is not None
        snippet = format_entry(entry)
        [parsed] = yaml.safe_load(snippet)
        assert parsed == entry
        Config.model_validate({"sources": [parsed]})


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<div id="grnhse_app"></div><script '
         'src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script>',
         {"name": "acme", "kind": "greenhouse", "board": "acme"}),
        ("<a href='https://jobs.lever.co/hinge'>Open roles</a>",
         {"name": "hinge", "kind": "lever", "board": "hinge"}),
        ('<script src="https://jobs.ashbyhq.com/linear/embed?version=2"></script>',
         {"name": "linear", "kind": "ashby", "board": "linear"}),
        ("<a href='https://acme.wd1.myworkdayjobs.com/en-US/Careers'>Jobs</a>",
         {"name": "acme", "kind": "workday", "board": "acme.wd1/Careers"}),
        ("<p>Nothing here</p>", None),
    ],
)  # fmt: skip
def test_detect_in_html(html: str, expected: dict[str, Any] | None) -> None:
    assert detect_in_html(html, "https://acme.example/careers") == expected


def test_detect_by_fetch(server: Any) -> None:
    embed = "<script src='https://boards.greenhouse.io/embed/job_board/js?for=acmeco'></script>"
    server.set("/co/careers", page("Careers", embed), headers=HTML)
    server.set("/co/job", page("Job", "", ld=[ld_job("Engineer")]), headers=HTML)
    assert detect_by_fetch(server.base + "/co/careers", timeout=5) == {
        "name": "acmeco", "kind": "greenhouse", "board": "acmeco"}  # fmt: skip
    found = detect_by_fetch(server.base + "/co/job", timeout=5)
    assert found == {"name": "127", "kind": "jsonld", "url": server.base + "/co/job"}
    # a page that cannot be fetched is no finding: nothing is detected
    assert detect_by_fetch(server.base + "/co/missing", timeout=5) is None
    # known boards are never fetched
    before = len(server.requests)
    assert detect_by_fetch("https://jobs.lever.co/hinge")["kind"] == "lever"
    assert len(server.requests) == before
