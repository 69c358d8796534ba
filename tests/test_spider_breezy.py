"""Breezy HR: `/json?verbose=true` in one response, asked for conditionally; the salary line."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import breezy_position

PATH = "/breezy/json"


def config(server: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "breezy", "board": "acme",
                     "url": server.base + PATH + "?verbose=true"}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def test_baseline_pay_change_removal_and_not_modified(cli: Any, server: Any) -> None:
    positions = [
        breezy_position("a1b2c3d4e5f6", "Backend Engineer", salary="$120,000 - $150,000 / year"),
        breezy_position("0a1b2c3d4e5f", "Support Agent", salary="$25 - $30 / hour", remote=True),
        breezy_position("f6e5d4c3b2a1", "Designer", city="Toronto", state="ON",
                        salary="$90,000 - $100,000"),
    ]  # fmt: skip
    positions[2]["location"]["country"] = {"name": "Canada", "id": "CA"}
    positions[2]["locations"] = []
    server.set(PATH, positions, headers={"ETag": '"v1"'})
    cli.write_config(config(server))

    first = status(cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    backend = postings["a1b2c3d4e5f6"]
    assert backend["pay"] == [{"min": 120000, "max": 150000, "currency": "USD",
                               "period": "year", "scope": None, "kind": "base"}]  # fmt: skip
    assert backend["locations"] == ["New York, NY"]
    assert backend["company"] == "Acme Inc" and backend["department"] == "Engineering"
    assert backend["posted_at"].startswith("2026-09-15")
    agent = postings["0a1b2c3d4e5f"]
    assert agent["workplace"] == "remote"
    assert agent["pay"][0]["period"] == "hour" and agent["pay"][0]["min"] == 25
    # a line without a period is left to the text reader, which the Canadian place settles
    designer = postings["f6e5d4c3b2a1"]
    assert designer["pay"][0]["min"] == 90000 and designer["pay"][0]["currency"] == "CAD"

    # unchanged (304): nothing parsed, nothing changed
    result = status(cli("check", "--json"))
    assert (result["status"], result["pages"], result["open"]) == ("complete", 0, 3)
    asked = [r for r in server.requests if r["path"].startswith(PATH)]
    assert asked[-1]["headers"].get("If-None-Match") == '"v1"'

    # a pay change and a removal
    positions[0]["salary"] = "$130,000 - $160,000 / year"
    server.set(PATH, positions[:2], headers={"ETag": '"v2"'})
    assert status(cli("check", "--json"))["status"] == "complete"
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [("pay_changed", "acme:a1b2c3d4e5f6"), ("removed", "acme:f6e5d4c3b2a1")]


def test_an_entry_that_is_not_a_position_makes_the_listing_partial(
    sqlite_cli: Any, server: Any
) -> None:
    positions = [breezy_position("a1b2c3d4e5f6", "Backend Engineer"),
                 breezy_position("0a1b2c3d4e5f", "Support Agent")]  # fmt: skip
    server.set(PATH, positions)
    sqlite_cli.write_config(config(server))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    server.set(PATH, [positions[0], "garbage", {**positions[1], "id": None}])
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and result["open"] == 2
    assert sqlite_cli("changes", "--json").json() == []
    # a body that is not the listing fails the source, and removes nothing either
    server.set(PATH, "<html>Career portal not found</html>")
    failed = sqlite_cli("check", "--json")
    assert failed.code == 1
    assert failed.json()["sources"][0]["status"] == "failed"
    assert sqlite_cli("changes", "--json").json() == []
