"""Personio: the XML feed (conditional), else search.json plus each position's page."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import XML, personio_feed, personio_job_page, personio_position
from tests.boards_ats import personio_search_entry as entry
from tests.boards_more import HTML

FEED = "/personio/xml"
PAY = "Gehalt: 60.000 € - 75.000 € pro Jahr."


def config(server: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "personio", "board": "acme",
                     "url": server.base + FEED}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def test_feed_baseline_not_modified_and_changes(sqlite_cli: Any, server: Any) -> None:
    positions = [
        personio_position(2415353, "Backend Engineer (m/w/d)", extra_offices=["Hamburg"],
                          body=PAY),
        personio_position(2377588, "Kundenbetreuer (m/w/d)", office="Remote"),
        personio_position(342554, "Sales Consultant (m/w/d)"),
    ]  # fmt: skip
    server.set(FEED, personio_feed(*positions), headers={**XML, "ETag": '"v1"'})
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    backend = stored["2415353"]
    assert backend["locations"] == ["Berlin", "Hamburg"]
    assert backend["company"] == "Acme GmbH" and backend["department"] == "Engineering"
    assert backend["url"] == server.base + "/personio/job/2415353"
    assert backend["pay"][0]["min"] == 60000 and backend["pay"][0]["currency"] == "EUR"
    assert stored["2377588"]["workplace"] == "remote"
    assert server.hits("/personio/search.json") == 0

    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"]) == ("complete", 0)

    raised = PAY.replace("75", "80")
    positions[0] = personio_position(
        2415353, "Backend Engineer (m/w/d)", extra_offices=["Hamburg"], body=raised
    )
    server.set(FEED, personio_feed(*positions[:2]), headers={**XML, "ETag": '"v2"'})
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    kinds = {(c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json()}
    assert {("pay_changed", "acme:2415353"), ("removed", "acme:342554")} <= kinds


def test_without_a_feed_search_json_and_position_pages(sqlite_cli: Any, server: Any) -> None:
    server.set(FEED, "<html><body>Jobs at Acme</body></html>", headers=HTML)
    server.set("/personio/search.json", [entry(11, "Engineer"), entry(12, "Designer")])
    server.set("/personio/job/11", personio_job_page(11, "Engineer", PAY), headers=HTML)
    server.set("/personio/job/12", personio_job_page(12, "Designer"), headers=HTML)
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 2)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    assert stored["11"]["pay"][0]["max"] == 75000
    assert stored["11"]["locations"] == ["Berlin"]
    assert stored["11"]["url"] == server.base + "/personio/job/11"

    # no feed at all (404); unchanged entries' pages are not read again; one page fails
    server.set(FEED, "not found", status=404, headers=HTML)
    listing = [entry(11, "Engineer"), entry(12, "Senior Designer"), entry(13, "Recruiter")]
    server.set("/personio/search.json", listing)
    server.set("/personio/job/13", "error", status=500, headers=HTML)
    server.requests.clear()
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "HTTP 500" in result["error"]
    assert server.hits("/personio/job/11") == 0 and server.hits("/personio/job/12") == 1
    assert result["open"] == 2
    changes = [(c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json()]
    assert changes == [("title_changed", "acme:12")]
