"""Workday: the CXS listing and detail calls, the 2000 cap, and detail pages read only when due."""

from __future__ import annotations

from typing import Any

import pytest

from spiders.workday import CAP, choose_facet, endpoints, facet_options
from tests.boards_more import WorkdayBoard, wd_job

PAY = "<p>The pay range for this role is $120,000 - $150,000 per year.</p>"


def config(board: WorkdayBoard, **source: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [
            {"name": "acme", "kind": "workday", "board": "acme.wd5/External", "url": board.url,
             **source}
        ],
    }  # fmt: skip


def summary(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    return {s["source"]: s for s in result.json()["sources"]}


def detail_hits(server: Any, board: WorkdayBoard) -> int:
    return sum(1 for r in server.requests if r["path"].startswith(board.path + "/job/"))


@pytest.mark.parametrize(
    ("board", "url", "expected"),
    [
        ("acme.wd5/External", None, ("https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External",
                                     "https://acme.wd5.myworkdayjobs.com/External")),
        (None, "https://acme.wd1.myworkdayjobs.com/en-US/Careers/",
         ("https://acme.wd1.myworkdayjobs.com/wday/cxs/acme/Careers",
          "https://acme.wd1.myworkdayjobs.com/Careers")),
        (None, "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/Ext/jobs",
         ("https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/Ext",
          "https://acme.wd3.myworkdayjobs.com/Ext")),
        (None, "https://wd5.myworkdaysite.com/recruiting/acme/Jobs",
         ("https://wd5.myworkdaysite.com/wday/cxs/acme/Jobs",
          "https://wd5.myworkdaysite.com/recruiting/acme/Jobs")),
    ],
)  # fmt: skip
def test_endpoints(board: str | None, url: str | None, expected: tuple[str, str]) -> None:
    assert endpoints(board, url) == expected


def test_choose_facet_covers_the_capped_total() -> None:
    facets = [
        {"facetParameter": "timeType", "values": [{"id": "ft", "count": 1990},
                                                  {"id": "pt", "count": 5}]},
        {"facetParameter": "jobFamilyGroup", "values": [{"id": "a", "count": 1200},
                                                        {"id": "b", "count": 1300}]},
        {"facetParameter": "locationMainGroup", "values": [
            {"facetParameter": "locations", "values": [{"id": "x", "count": 1900},
                                                       {"id": "y", "count": 1800}]}]},
    ]  # fmt: skip
    options = facet_options(facets)
    assert options["locations"] == [("x", 1900), ("y", 1800)]
    # timeType does not add up to the cap; of the others the smaller sum wins
    assert choose_facet(options, {}, CAP) == ("jobFamilyGroup", [("a", 1200), ("b", 1300)])
    assert choose_facet(options, {"jobFamilyGroup": ["a"]}, CAP)[0] == "locations"
    assert choose_facet({}, {}, CAP) is None


def test_baseline_then_changes_reading_details_only_when_due(cli: Any, server: Any) -> None:
    board = WorkdayBoard(server)
    jobs = [
        wd_job("JR1", "Backend Engineer", body=PAY, more=["US - Austin"]),
        wd_job("JR2", "Data Scientist", remote="Remote", place="Poland - Remote"),
        wd_job("JR3", "Designer", place="Romania - Bucharest", remote=None),
    ]
    board.publish(jobs)
    cli.write_config(config(board))

    first = summary(cli("check", "--json"))
    assert (first["acme"]["status"], first["acme"]["open"]) == ("complete", 3)
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    backend = postings[jobs[0]["externalPath"]]
    assert backend["locations"] == ["US - New York", "US - Austin"]
    assert backend["workplace"] == "hybrid"
    assert backend["company"] == "Acme Corporation"
    assert backend["posted_at"].startswith("2026-10-01")
    assert backend["url"] == board.site_base + jobs[0]["externalPath"]
    assert backend["pay"][0]["min"] == 120000 and backend["pay"][0]["period"] == "year"
    assert postings[jobs[1]["externalPath"]]["workplace"] == "remote"
    assert detail_hits(server, board) == 3

    # unchanged listing ("Posted N Days Ago" moves, it is not part of the entry's hash):
    # no detail page is read again
    server.requests.clear()
    for job in jobs:
        job["posted"] = "Posted 5 Days Ago"
    board.publish(jobs)
    second = summary(cli("check", "--json"))
    assert (second["acme"]["status"], second["acme"]["open"]) == ("complete", 3)
    assert detail_hits(server, board) == 0
    assert cli("changes", "--json").json() == []

    # a title change (listing entry changed: its detail is read), one gone, one new
    server.requests.clear()
    jobs[1]["title"] = "Senior Data Scientist"
    board.publish([jobs[0], jobs[1], wd_job("JR4", "Recruiter")])
    assert summary(cli("check", "--json"))["acme"]["status"] == "complete"
    assert detail_hits(server, board) == 2
    changes = sorted((c["kind"], c["key"].split("_")[-1]) for c in cli("changes", "--json").json())
    assert changes == [("new", "JR4"), ("removed", "JR3"), ("title_changed", "JR2")]


def test_refresh_details_zero_reads_every_detail(cli: Any, server: Any) -> None:
    board = WorkdayBoard(server)
    board.publish([wd_job("JR1", "Backend Engineer"), wd_job("JR2", "Designer")])
    cli.write_config(config(board, refresh_details="0s"))
    assert summary(cli("check", "--json"))["acme"]["status"] == "complete"
    server.requests.clear()
    assert summary(cli("check", "--json"))["acme"]["status"] == "complete"
    assert detail_hits(server, board) == 2


def test_capped_listing_with_repeats_is_partial_and_never_removes(
    sqlite_cli: Any, server: Any
) -> None:
    board = WorkdayBoard(server, facets=False)
    jobs = [wd_job(f"JR{n}", f"Engineer {n}") for n in range(45)]
    board.publish(jobs)
    board.fake_total, board.repeat_after = CAP, 60  # 2000 reported, results repeat past 60
    sqlite_cli.write_config(config(board))

    first = summary(sqlite_cli("check", "--json"))["acme"]
    assert first["status"] == "partial"
    assert "2000" in first["error"]
    assert first["open"] == 45
    listing_pages = sum(1 for r in server.requests if r["path"] == board.path + "/jobs")
    assert listing_pages == CAP // 20  # read up to the cap, never beyond

    # postings vanish from a capped listing: nothing is removed, cycle after cycle
    board.publish(jobs[:30])
    board.fake_total = CAP
    for _ in range(2):
        result = summary(sqlite_cli("check", "--json"))["acme"]
        assert result["status"] == "partial"
        assert result["open"] == 45
    assert sqlite_cli("changes", "--json").json() == []


def test_capped_listing_is_split_by_facets_and_complete(sqlite_cli: Any, server: Any) -> None:
    board = WorkdayBoard(server)
    jobs = [
        wd_job(f"R{n}", f"{'Keep' if n % 500 == 0 else 'Other'} role {n}",
               family="eng" if n % 2 else "ops")
        for n in range(2100)
    ]  # fmt: skip
    board.publish(jobs)
    data = config(board, include={"title": "keep"})  # details are read for 5 roles only
    sqlite_cli.write_config(data)

    first = summary(sqlite_cli("check", "--json"))["acme"]
    assert first["status"] == "complete", first["error"]
    assert first["open"] == 5
    bodies = [r["body"] for r in server.requests if r["path"] == board.path + "/jobs"]
    assert any(b'"jobFamilyGroup": ["eng"]' in b for b in bodies)

    # a complete (split) listing may remove
    board.publish([j for j in jobs if j["req"] != "R1000"])
    assert summary(sqlite_cli("check", "--json"))["acme"]["status"] == "complete"
    changes = sqlite_cli("changes", "--json").json()
    assert [(c["kind"], c["key"].split("_")[-1]) for c in changes] == [("removed", "R1000")]


def test_detail_failure_is_partial_and_keeps_the_posting(sqlite_cli: Any, server: Any) -> None:
    board = WorkdayBoard(server)
    jobs = [wd_job("JR1", "Backend Engineer"), wd_job("JR2", "Designer")]
    board.publish(jobs)
    sqlite_cli.write_config(config(board, refresh_details="0s"))
    assert summary(sqlite_cli("check", "--json"))["acme"]["status"] == "complete"
    server.set(board.path + jobs[1]["externalPath"], {"error": "gone"}, status=500)
    result = summary(sqlite_cli("check", "--json"))["acme"]
    assert result["status"] == "partial"
    assert "HTTP 500" in result["error"]
    assert result["open"] == 2
    assert sqlite_cli("changes", "--json").json() == []
