"""Rippling: the board's job rows (one per location), then each new or changed job's detail with
`payRangeDetails`."""

from __future__ import annotations

from typing import Any

from tests.boards_ats import rp_band, rp_detail, rp_rows

API = "/rp/platform/api/ats/v1/board/acme/jobs"
NYC, REMOTE = "New York, NY", "Remote (United States)"
JOBS = {
    "2f0674e6-f01f-4ecd-b459-e947241c211f": ("Account Executive", [REMOTE, NYC]),
    "25f3fc2a-b77e-430b-9144-8cc3bb1531c9": ("Support Specialist", [REMOTE]),
    "955c62ae-f68c-4644-9060-3fe0f8c24ae5": ("Director, Software", ["Salt Lake City, UT"]),
}


def config(server: Any, **source: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "rippling", "board": "acme",
                     "url": server.base + API, **source}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def publish(server: Any, jobs: dict[str, tuple[str, list[str]]], bands: dict[str, list]) -> None:
    rows = [row for uuid, (name, places) in jobs.items() for row in rp_rows(uuid, name, places)]
    server.set(API, rows)
    for uuid, (name, places) in jobs.items():
        server.set(f"{API}/{uuid}", rp_detail(uuid, name, places, bands=bands.get(uuid)))


def details(server: Any) -> int:
    return sum(1 for r in server.requests if r["path"].startswith(API + "/"))


def test_baseline_bands_changes_and_details_when_due(cli: Any, server: Any) -> None:
    executive, support, director = JOBS
    bands = {
        executive: [rp_band(150000, 180000, NYC), rp_band(130000, 160000, REMOTE)],
        support: [rp_band(18, 25, REMOTE, frequency="HOUR")],
    }
    publish(server, JOBS, bands)
    cli.write_config(config(server))

    first = status(cli("check", "--json"))
    assert (first["status"], first["open"]) == ("complete", 3)
    assert details(server) == 3  # one detail per job, not per row
    stored = {p["external_id"]: p for p in cli("postings", "--json").json()}
    job = stored[executive]
    assert job["locations"] == [REMOTE, NYC]
    assert job["workplace"] is None  # one remote place of two: the board says neither
    assert sorted((r["scope"], r["min"]) for r in job["pay"]) == [(NYC, 150000), (REMOTE, 130000)]
    assert job["company"] == "Acme, Inc." and job["department"] == "Platform"
    assert job["posted_at"].startswith("2026-06-12")
    hourly = stored[support]
    assert hourly["workplace"] == "remote"
    assert hourly["pay"] == [{"min": 18, "max": 25, "currency": "USD", "period": "hour",
                              "scope": None, "kind": "base"}]  # fmt: skip

    # unchanged rows: no detail read; a new band with a changed row, and a job gone
    server.requests.clear()
    assert status(cli("check", "--json"))["status"] == "complete"
    assert details(server) == 0
    jobs = {executive: ("Account Executive", [REMOTE, NYC, "Austin, TX"]), support: JOBS[support]}
    bands[executive].append(rp_band(120000, 150000, "Austin, TX"))
    publish(server, jobs, bands)
    server.requests.clear()
    assert status(cli("check", "--json"))["status"] == "complete"
    assert details(server) == 1
    changes = sorted(
        (c["kind"], c["key"].split(":")[1][:8]) for c in cli("changes", "--json").json()
    )
    assert changes == [("location_changed", "2f0674e6"), ("pay_changed", "2f0674e6"),
                       ("removed", "955c62ae")]  # fmt: skip


def test_failed_detail_is_partial_and_a_bad_listing_fails(sqlite_cli: Any, server: Any) -> None:
    publish(server, JOBS, {})
    sqlite_cli.write_config(config(server, refresh_details="0s"))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    uuid = next(iter(JOBS))
    server.set(f"{API}/{uuid}", {"detail": "Not found"}, status=404)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "HTTP 404" in result["error"]
    assert result["open"] == 3
    server.set(API, {"detail": "board not found"})
    failed = sqlite_cli("check", "--json")
    assert failed.code == 1 and failed.json()["sources"][0]["status"] == "failed"
    assert sqlite_cli("changes", "--json").json() == []
