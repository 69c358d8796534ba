"""SuccessFactors: the career site's RSS feed (`url:` required), asked for conditionally."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import RSS, sf_feed, sf_item

PATH = "/sf/feeds/"
PAY = "The pay range for this role is $120,000 - $150,000 per year."


def config(server: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "successfactors", "board": "jobs.example.com",
                     "url": server.base + PATH + "?locale=en_US"}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def test_feed_baseline_pay_change_removal_and_not_modified(sqlite_cli: Any, server: Any) -> None:
    items = [
        sf_item(1397790900, "Principal Research Scientist", body=PAY),
        sf_item(1397710500, "Engineer (m/f/d)", place="Munich, BY, DE, 80331"),
        sf_item(1370202757, "Clinical Project Manager", place="Europe, remote, IT"),
    ]
    server.set(PATH, sf_feed(items), headers={**RSS, "ETag": '"v1"'})
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    scientist = stored["1397790900"]
    assert scientist["title"] == "Principal Research Scientist"
    assert scientist["locations"] == ["Richardson, TX, US, 75080"]
    assert scientist["pay"][0]["min"] == 120000 and scientist["pay"][0]["currency"] == "USD"
    assert scientist["posted_at"].startswith("2026-10-02")
    assert "utm_source" not in scientist["url"]
    assert stored["1397710500"]["title"] == "Engineer (m/f/d)"  # parentheses of the title kept
    assert stored["1397710500"]["locations"] == ["Munich, BY, DE, 80331"]

    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"], result["open"]) == ("complete", 0, 3)
    assert server.requests[-1]["headers"].get("If-None-Match") == '"v1"'

    items[0] = sf_item(1397790900, "Principal Research Scientist", body=PAY.replace("150", "160"))
    server.set(PATH, sf_feed(items[:2]), headers={**RSS, "ETag": '"v2"'})
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    changes = sorted((c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json())
    assert ("pay_changed", "acme:1397790900") in changes
    assert ("removed", "acme:1370202757") in changes


def test_an_item_without_id_is_partial_and_html_fails(sqlite_cli: Any, server: Any) -> None:
    items = [sf_item(1, "Engineer"), sf_item(2, "Designer")]
    server.set(PATH, sf_feed(items), headers=RSS)
    sqlite_cli.write_config(config(server))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    no_link = "<item><title><![CDATA[Recruiter (Austin, TX, US)]]></title></item>"
    server.set(PATH, sf_feed([items[0], no_link]), headers=RSS)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and result["open"] == 2
    server.set(PATH, "<!doctype html><html><body>Feed disabled</body></html>", headers=RSS)
    failed = sqlite_cli("check", "--json")
    assert failed.code == 1 and "XML" in failed.json()["sources"][0]["error"]
    assert sqlite_cli("changes", "--json").json() == []


def test_a_successfactors_source_needs_its_feed_url(sqlite_cli: Any) -> None:
    sqlite_cli.write_config(
        {"sources": [{"name": "acme", "kind": "successfactors", "board": "jobs.example.com"}]}
    )
    result = sqlite_cli("check")
    assert result.code == 2
    assert "sources[0]" in result.err and "needs `url:`" in result.err
