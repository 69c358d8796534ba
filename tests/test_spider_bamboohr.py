"""BambooHR: `careers/list`, then each new or changed opening's detail (text, pay, workplace)."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import bamboo_detail, bamboo_list, bamboo_opening

BASE = "/bamboo/careers"


def config(server: Any, **source: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "bamboohr", "board": "acme",
                     "url": server.base + BASE + "/list", **source}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def publish(server: Any, openings: list[dict[str, Any]], pay: dict[str, str | None],
            total: int | None = None) -> None:  # fmt: skip
    server.set(BASE + "/list", bamboo_list(openings, total))
    for opening in openings:
        detail = bamboo_detail(opening, compensation=pay.get(opening["id"]))
        server.set(f"{BASE}/{opening['id']}/detail", detail)


def details(server: Any) -> int:
    return sum(1 for r in server.requests if r["path"].endswith("/detail"))


def test_baseline_details_only_when_due_and_changes(sqlite_cli: Any, server: Any) -> None:
    openings = [
        bamboo_opening("97", "Supply Chain Specialist", location_type="2"),
        bamboo_opening("98", "Data Engineer", location_type="1"),
        bamboo_opening("101", "Office Manager", city="Peoria"),
    ]
    pay = {"97": "$80,000 - $95,000 / year", "98": "$110,000 - $150,000"}
    publish(server, openings, pay)
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    assert details(server) == 3
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    specialist = stored["97"]
    assert specialist["workplace"] == "hybrid"
    assert specialist["pay"] == [{"min": 80000, "max": 95000, "currency": "USD",
                                  "period": "year", "scope": None, "kind": "base"}]  # fmt: skip
    assert specialist["locations"] == ["Chicago, Illinois, United States"]
    assert specialist["department"] == "Client Solutions"
    assert specialist["url"] == "https://acme.bamboohr.com/careers/97"
    assert specialist["posted_at"].startswith("2026-09-20")
    assert stored["98"]["workplace"] == "remote"
    assert stored["98"]["pay"][0]["min"] == 110000  # a line without a period: the text reader's
    assert stored["101"]["workplace"] == "onsite"

    # the same listing: no detail is read again
    server.requests.clear()
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    assert details(server) == 0

    # a changed opening (its detail is read: new pay), one gone
    openings[0]["jobOpeningName"] = "Senior Supply Chain Specialist"
    pay["97"] = "$90,000 - $105,000 / year"
    publish(server, openings[:2], pay)
    server.requests.clear()
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    assert details(server) == 1
    changes = sorted((c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json())
    assert changes == [("pay_changed", "acme:97"), ("removed", "acme:101"),
                       ("title_changed", "acme:97")]  # fmt: skip


def test_short_listing_and_failed_detail_are_partial(sqlite_cli: Any, server: Any) -> None:
    openings = [bamboo_opening("1", "Engineer"), bamboo_opening("2", "Designer")]
    publish(server, openings, {})
    sqlite_cli.write_config(config(server, refresh_details="0s"))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"

    # the board says 2 and lists 1: partial, nothing removed
    publish(server, openings[:1], {}, total=2)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "1 openings of the 2" in result["error"]
    assert result["open"] == 2

    # a detail that fails: partial, the opening kept
    publish(server, openings, {})
    server.set(f"{BASE}/2/detail", {"error": "down"}, status=500)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "HTTP 500" in result["error"]
    assert result["open"] == 2
    assert sqlite_cli("changes", "--json").json() == []
