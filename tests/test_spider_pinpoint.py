"""Pinpoint: `postings.json` in one response, asked for conditionally; structured pay."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import pinpoint_posting

PATH = "/pinpoint/postings.json"


def config(server: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "pinpoint", "board": "acme",
                     "url": server.base + PATH}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def test_baseline_pay_change_removal_and_not_modified(sqlite_cli: Any, server: Any) -> None:
    postings = [
        pinpoint_posting("567495", "Implementation Manager", pay=(70000, 90000, "GBP", "year")),
        pinpoint_posting("559663", "Legal Counsel", pay=(80000, 95000, "GBP", "year"),
                         visible=False),
        pinpoint_posting("570001", "Support Lead", pay=(20, 25, "GBP", "hour"),
                         workplace="hybrid"),
    ]  # fmt: skip
    server.set(PATH, {"data": postings}, headers={"ETag": '"v1"'})
    sqlite_cli.write_config(config(server))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    manager = stored["567495"]
    assert manager["pay"] == [{"min": 70000, "max": 90000, "currency": "GBP", "period": "year",
                               "scope": None, "kind": "base"}]  # fmt: skip
    assert manager["workplace"] == "remote" and manager["department"] == "Operations"
    assert manager["locations"] == ["United Kingdom"]
    assert manager["url"] == "https://acme.pinpointhq.com/en/postings/567495"
    assert stored["559663"]["pay"] == []  # a hidden band is not the board's statement
    assert stored["570001"]["workplace"] == "hybrid"
    assert stored["570001"]["pay"][0]["period"] == "hour"

    result = status(sqlite_cli("check", "--json"))
    assert (result["status"], result["pages"]) == ("complete", 0)

    postings[0]["compensation_maximum"] = 95000.0
    server.set(PATH, {"data": postings[:2]}, headers={"ETag": '"v2"'})
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    changes = sqlite_cli("changes", "--json").json()
    assert sorted((c["kind"], c["key"]) for c in changes) == [
        ("pay_changed", "acme:567495"),
        ("removed", "acme:570001"),
    ]
    assert next(c for c in changes if c["kind"] == "pay_changed")["after"][0]["max"] == 95000


def test_missing_data_fails_and_a_bad_entry_is_partial(sqlite_cli: Any, server: Any) -> None:
    postings = [pinpoint_posting("1", "Engineer"), pinpoint_posting("2", "Designer")]
    server.set(PATH, {"data": postings})
    sqlite_cli.write_config(config(server))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    server.set(PATH, {"data": [postings[0], {**postings[1], "id": 2.5}]})
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and result["open"] == 2
    server.set(PATH, {"errors": ["not found"]})
    failed = sqlite_cli("check", "--json")
    assert failed.code == 1 and "`data` is not a list" in failed.json()["sources"][0]["error"]
    assert sqlite_cli("changes", "--json").json() == []
