"""SmartRecruiters: paged listing, one detail call per new or changed posting."""

from __future__ import annotations

from typing import Any

from tests.boards_more import serve_smartrecruiters, sr_posting

PATH = "/v1/companies/AcmeGmbH/postings"
PAY = "<p>Salary: €70,000 – €85,000 per year.</p>"


def summary(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    return {s["source"]: s for s in result.json()["sources"]}


def details(server: Any) -> int:
    return sum(1 for r in server.requests if r["path"].startswith(PATH + "/"))


def test_baseline_then_changes(cli: Any, server: Any) -> None:
    jobs = [sr_posting(f"7440000{n:05d}", f"Engineer {n}") for n in range(120)]
    jobs[0] = sr_posting("744000000000", "Backend Engineer", body=PAY, hybrid=True)
    jobs[1] = sr_posting("744000000001", "SRE", remote=True)
    serve_smartrecruiters(server, PATH, jobs)
    cli.write_config({
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "smartrecruiters", "board": "AcmeGmbH",
                     "url": server.base + PATH}],
    })  # fmt: skip

    first = summary(cli("check", "--json"))["acme"]
    assert (first["status"], first["open"], first["pages"]) == ("complete", 120, 2)
    assert details(server) == 120
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    backend = postings["744000000000"]
    assert backend["workplace"] == "hybrid"
    assert backend["department"] == "Engineering"
    assert backend["company"] == "Acme GmbH"
    assert backend["locations"] == ["Berlin, Berlin, Germany"]
    assert backend["posted_at"] == "2026-10-01T12:00:00Z"
    assert backend["url"].startswith("https://jobs.smartrecruiters.com/AcmeGmbH/744000000000")
    assert backend["pay"][0]["min"] == 70000 and backend["pay"][0]["currency"] == "EUR"
    assert postings["744000000001"]["workplace"] == "remote"

    # unchanged listing: no detail call; a changed entry and a new one: theirs only
    server.requests.clear()
    jobs[1] = sr_posting("744000000001", "Senior SRE", remote=True)
    jobs[2] = sr_posting("744000000002", "Engineer 2", city="Munich")
    serve_smartrecruiters(server, PATH, [*jobs[:119], sr_posting("744000099999", "Recruiter")])
    assert summary(cli("check", "--json"))["acme"]["status"] == "complete"
    assert details(server) == 3
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [
        ("location_changed", "acme:744000000002"),
        ("new", "acme:744000099999"),
        ("removed", "acme:744000000119"),
        ("title_changed", "acme:744000000001"),
    ]
