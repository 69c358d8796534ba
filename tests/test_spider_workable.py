"""Workable: the widget API with full details in one call."""

from __future__ import annotations

from typing import Any

from tests.boards_more import workable_account, workable_job

PAY = "<p>Salary: £60,000 - £75,000 per year. Hybrid: 3 days per week in the office.</p>"


def test_baseline_then_changes(cli: Any, server: Any) -> None:
    path = "/api/v1/widget/accounts/acme"
    jobs = [
        workable_job("A1B2C3", "Backend Engineer", body=PAY),
        workable_job("D4E5F6", "Support Engineer", remote=True),
        workable_job("G7H8I9", "Office Manager"),
    ]
    server.set(path, workable_account(*jobs))
    cli.write_config({
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "workable", "board": "acme",
                     "url": server.base + path + "?details=true"}],
    })  # fmt: skip
    first = cli("check", "--json")
    assert first.code == 0, first.err
    assert first.json()["sources"][0]["status"] == "complete"
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    assert set(postings) == {"A1B2C3", "D4E5F6", "G7H8I9"}
    backend = postings["A1B2C3"]
    assert backend["company"] == "Acme Ltd"
    assert backend["department"] == "Engineering"
    assert backend["locations"] == ["London, England, United Kingdom"]
    assert backend["url"] == "https://apply.workable.com/j/A1B2C3"
    assert backend["posted_at"].startswith("2026-10-02")
    assert backend["pay"][0]["currency"] == "GBP"
    assert postings["D4E5F6"]["workplace"] == "remote"

    jobs[0]["description"] = PAY.replace("£75,000", "£80,000")
    jobs[1]["locations"][0]["city"] = "Manchester"
    server.set(path, workable_account(jobs[0], jobs[1], workable_job("J1K2L3", "Designer")))
    assert cli("check").code == 0
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [
        ("description_changed", "acme:A1B2C3"),
        ("location_changed", "acme:D4E5F6"),
        ("new", "acme:J1K2L3"),
        ("pay_changed", "acme:A1B2C3"),
        ("removed", "acme:G7H8I9"),
    ]
