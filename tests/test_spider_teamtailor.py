"""Teamtailor: `jobs.rss` pages of 100 read in turn; the first page asked for conditionally only
while the board fits on it."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import RSS, tt_feed, tt_item

FEED = "/tt/jobs.rss"
PAY = "The salary is £50,000 - £60,000 per year."


def page(offset: int) -> str:
    return f"{FEED}?offset={offset}&per_page=100"


def config(server: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "teamtailor", "board": "acme",
                     "url": server.base + FEED}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def asked(server: Any, path: str) -> list[dict[str, Any]]:
    return [r for r in server.requests if r["path"] == path]


def test_pages_validators_and_changes(sqlite_cli: Any, server: Any) -> None:
    items = [
        tt_item(8021334, "Account Executive", body=PAY),
        tt_item(7623275, "Support Engineer", remote="fully", city="Madrid", country="Spain"),
        tt_item(8429402, "Office Manager", remote="none", city="Sydney", country="Australia"),
    ]
    server.set(page(0), tt_feed(items), headers={**RSS, "ETag": '"v1"'})
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"], first["pages"]) == ("complete", 3, 1)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    executive = stored["8021334"]
    assert executive["workplace"] == "hybrid" and executive["department"] == "Sales"
    assert executive["locations"] == ["London, United Kingdom"]
    assert executive["company"] == "Acme"
    assert executive["pay"][0]["min"] == 50000 and executive["pay"][0]["currency"] == "GBP"
    assert executive["posted_at"].startswith("2026-07-06")
    assert stored["7623275"]["workplace"] == "remote"
    assert stored["8429402"]["workplace"] == "onsite"

    # one page, unchanged: 304, nothing read
    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"]) == ("complete", 0)
    assert asked(server, page(0))[-1]["headers"].get("If-None-Match") == '"v1"'

    # the board grows past a page: both pages are read; a pay change and a removal
    more = [tt_item(9000000 + n, f"Engineer {n}") for n in range(148)]
    items[0] = tt_item(8021334, "Account Executive", body=PAY.replace("60,000", "65,000"))
    board = [items[0], items[1], *more]  # the office manager is gone
    server.set(page(0), tt_feed(board[:100]), headers={**RSS, "ETag": '"v2"'})
    server.set(page(100), tt_feed(board[100:]), headers={**RSS, "ETag": '"p2"'})
    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"], result["open"]) == ("complete", 2, 150)
    kinds = sorted((c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json()
                   if c["kind"] != "new")  # fmt: skip
    assert kinds == [("description_changed", "acme:8021334"), ("pay_changed", "acme:8021334"),
                     ("removed", "acme:8429402")]  # fmt: skip

    # a board of two pages is never asked for its first page conditionally: page 1 unchanged
    # would say nothing of page 2
    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"]) == ("complete", 2)
    assert "If-None-Match" not in asked(server, page(0))[-1]["headers"]

    # a second page that only repeats the first: partial, nothing removed
    server.set(page(100), tt_feed(board[:100]), headers=RSS)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "repeated" in result["error"]
    assert result["open"] == 150 and result["removed"] == 0
