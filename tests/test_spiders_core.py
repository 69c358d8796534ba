"""Greenhouse, Lever and Ashby spiders read the boards' real shapes.

The real responses in ../shared/realdata are read when present (they are not part of the
project); the project's own fixtures in tests/boards.py cover the same shapes everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request, TextResponse

from monitor.config import parse_config
from monitor.items import Posting
from spiders import spider_for
from spiders.base import SourceState
from tests.boards import ashby_job, gh_board, gh_job, gh_pay, lever_job

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def run_spider(kind: str, body: Any, **source: Any) -> list[Any]:
    config = parse_config({"sources": [{"name": "s", "kind": kind, "board": "b", **source}]})
    spider = spider_for(kind)(sources=list(config.sources))
    state: SourceState = spider.states["s"]
    list(spider.start_source(state))
    handler = {"greenhouse": "parse_jobs", "ashby": "parse_jobs", "lever": "parse_page"}[kind]
    request = Request("https://example.test/jobs")
    response = TextResponse(request.url, body=json.dumps(body).encode(), request=request)
    kwargs = {"skip": 0} if kind == "lever" else {}
    out = list(getattr(spider, handler)(response, state, **kwargs))
    return out


def postings(out: list[Any]) -> list[Posting]:
    return [o for o in out if isinstance(o, Posting)]


def real(name: str) -> Any:
    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return json.loads(path.read_text())


def test_greenhouse_fixture_shape() -> None:
    board = gh_board(gh_job(7, "Engineer", pay=[gh_pay(45, 60.5, "Zone A Hourly Pay")]))
    (posting,) = postings(run_spider("greenhouse", board))
    assert posting.external_id == "7" and posting.company == "Acme"
    assert posting.posted_at == "2026-09-15T09:00:00-04:00"  # first_published, not updated_at
    assert posting.pay[0]["period"] == "hour" and posting.pay[0]["scope"] == "Zone A"
    assert posting.pay[0]["min"] == 45 and posting.pay[0]["currency"] == "USD"
    assert "&lt;" in posting.description  # HTML-escaped HTML, unescaped by normalise


def test_greenhouse_real_response() -> None:
    data = real("greenhouse.json")
    found = postings(run_spider("greenhouse", data))
    assert len(found) == len(data["jobs"])
    first = found[0]
    assert first.title == data["jobs"][0]["title"]
    assert first.locations == ["Remote, Italy"]
    assert first.department == "EMEA - Commercial"
    assert first.pay == []  # this board has no pay_input_ranges


def test_lever_real_response_and_paging() -> None:
    data = real("lever.json")
    found = postings(run_spider("lever", data))
    assert len(found) == len(data)
    assert found[0].workplace == "hybrid"
    assert found[0].pay[0]["period"] == "year"
    assert isinstance(found[0].posted_at, int)  # epoch ms, read by parse_when
    assert "Responsibilities" in found[0].description  # lists are part of the text


def test_lever_pages_until_short_page() -> None:
    full = [lever_job(f"id-{i}", f"Role {i}") for i in range(100)]
    out = run_spider("lever", full)
    assert len(postings(out)) == 100
    (nxt,) = [o for o in out if isinstance(o, Request)]
    assert "skip=100" in nxt.url and "limit=100" in nxt.url
    assert not [o for o in run_spider("lever", full[:3]) if isinstance(o, Request)]


def test_lever_unspecified_workplace_means_unknown() -> None:
    (posting,) = postings(run_spider("lever", [lever_job("x", "Role", workplace="unspecified")]))
    assert posting.workplace is None


def test_ashby_real_response() -> None:
    data = real("ashby.json")
    found = postings(run_spider("ashby", data))
    listed = [j for j in data["jobs"] if j.get("isListed") is not False]
    assert len(found) == len(listed)
    assert found[0].workplace == "Remote"


def test_ashby_pay_unlisted_and_workplace() -> None:
    board = {
        "jobs": [
            ashby_job("a", "Eng", salary=(143200, 284000, "USD")),
            ashby_job("b", "Hidden", listed=False),
        ]
    }
    (posting,) = postings(run_spider("ashby", board))
    assert posting.workplace == "Hybrid"  # workplaceType wins over isRemote
    assert posting.pay == [
        {
            "min": 143200,
            "max": 284000,
            "currency": "USD",
            "period": "year",
            "scope": None,
            "kind": "base",
        }
    ]


def test_filters_drop_postings() -> None:
    board = gh_board(gh_job(1, "Engineer"), gh_job(2, "Engineering Intern"), gh_job(3, "Sales"))
    config = parse_config(
        {
            "sources": [
                {
                    "name": "s",
                    "kind": "greenhouse",
                    "board": "b",
                    "include": {"title": "engineer"},
                    "exclude": {"title": "intern"},
                }
            ]
        }
    )
    spider = spider_for("greenhouse")(sources=list(config.sources))
    state = spider.states["s"]
    request = Request("https://example.test/jobs")
    response = TextResponse(request.url, body=json.dumps(board).encode(), request=request)
    kept = [spider._keep(state, p) for p in spider.parse_jobs(response, state)]
    assert [p.title for p in kept if p is not None] == ["Engineer"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"jobs": [{"id": 1, "pay": 1.1, "title": "Caf\\u00e9 \xe2\x98\x95"}]}',
        b'\xef\xbb\xbf{"jobs": []}',  # a byte-order mark: orjson refuses it, json reads it
        b'{"n": NaN, "big": 123456789012345678901234567890}',  # beyond orjson too
        '{"jobs": ["\u00e9"]}'.encode("utf-16"),
        b'{"a": 1, "a": 2}',
    ],
)
def test_json_of_reads_what_response_json_reads(body: bytes) -> None:
    from spiders.base import json_of

    def response() -> TextResponse:
        return TextResponse("https://example.test/j", body=body)

    assert json.dumps(json_of(response())) == json.dumps(response().json())


def test_json_of_raises_what_response_json_raises_on_bad_json() -> None:
    from spiders.base import json_of

    response = TextResponse("https://example.test/j", body=b'{"jobs": [')
    with pytest.raises(ValueError):
        json_of(response)
