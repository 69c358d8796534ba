"""Recruitee: the offers API, with structured salary and office flags."""

from __future__ import annotations

from typing import Any

from tests.boards_more import recruitee_offer


def test_baseline_then_changes(cli: Any, server: Any) -> None:
    offers = [
        recruitee_offer(101, "Backend Engineer", salary=("60000", "80000", "EUR", "year")),
        recruitee_offer(102, "Support Agent", remote=True, hybrid=False,
                        salary=(20, 25, "EUR", "hour")),
        recruitee_offer(103, "Office Manager", hybrid=False),
    ]  # fmt: skip
    server.set("/api/offers/", {"offers": offers})
    cli.write_config({
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "recruitee", "board": "acme",
                     "url": server.base + "/api/offers/"}],
    })  # fmt: skip
    first = cli("check", "--json")
    assert first.code == 0, first.err
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    backend = postings["101"]
    assert backend["pay"] == [{"min": 60000, "max": 80000, "currency": "EUR", "period": "year",
                               "scope": None, "kind": "base"}]  # fmt: skip
    assert backend["workplace"] == "hybrid"
    assert backend["company"] == "Acme BV"
    assert backend["locations"] == ["Amsterdam, Netherlands"]
    assert backend["posted_at"] == "2026-10-03T09:30:00Z"
    assert backend["url"] == "https://acme.recruitee.com/o/backend-engineer"
    assert postings["102"]["pay"][0]["period"] == "hour"
    assert postings["102"]["workplace"] == "remote"
    assert postings["103"]["workplace"] == "onsite"

    offers[0]["salary"]["max"] = "85000"
    offers[1]["locations"][0]["city"] = "Utrecht"
    server.set("/api/offers/", {"offers": [offers[0], offers[1]]})
    assert cli("check").code == 0
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [
        ("location_changed", "acme:102"),
        ("pay_changed", "acme:101"),
        ("removed", "acme:103"),
    ]
