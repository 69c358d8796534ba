"""End to end through the real CLI: baseline, changes, failures, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.boards import ashby_job, gh_board, gh_job, gh_pay, lever_job

HYBRID_50 = "This role is hybrid: at least 50% of the time in the office."
HYBRID_60 = "This role is hybrid: at least 60% of the time in the office."


def config(server: Any, **extra: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [
            {
                "name": "acme",
                "kind": "greenhouse",
                "board": "acme",
                "url": server.base + "/gh/acme",
            },
            {
                "name": "hinge",
                "kind": "lever",
                "board": "hinge",
                "url": server.base + "/lever/hinge",
            },
            {
                "name": "linear",
                "kind": "ashby",
                "board": "linear",
                "url": server.base + "/ashby/linear",
            },
        ],
        **extra,
    }


def serve(server: Any, gh: list[dict], lever: list[dict], ashby: list[dict]) -> None:
    server.set("/gh/acme", gh_board(*gh))
    server.set("/lever/hinge", lever)
    server.set("/ashby/linear", {"jobs": ashby, "apiVersion": "1"})


def first_cycle(server: Any) -> tuple[list, list, list]:
    gh = [
        gh_job(1, "Backend Engineer", body=HYBRID_50, pay=[gh_pay(143200, 284000)]),
        gh_job(2, "Data Scientist", body="Posted: 4 days ago. Fully remote role."),
        gh_job(3, "Designer", location="Bucharest"),
    ]
    lever = [
        lever_job(
            "aaa-1",
            "Android Engineer",
            salary={
                "min": 150000,
                "max": 190000,
                "currency": "USD",
                "interval": "per-year-salary",
            },
        ),
    ]
    ashby = [
        ashby_job("ash-1", "Product Engineer", salary=(140000, 200000, "USD")),
        ashby_job("ash-2", "Secret Role", listed=False),
    ]
    serve(server, gh, lever, ashby)
    return gh, lever, ashby


def test_baseline_then_changes(cli: Any, server: Any) -> None:
    cli.write_config(config(server))
    gh, lever, ashby = first_cycle(server)

    first = cli("check", "--json")
    assert first.code == 0, first.err
    summary = first.json()
    assert summary["ok"] is True
    assert {s["source"]: (s["status"], s["baseline"], s["open"]) for s in summary["sources"]} == {
        "acme": ("complete", True, 3),
        "hinge": ("complete", True, 1),
        "linear": ("complete", True, 1),
    }
    assert cli("changes", "--json").json() == []
    postings = cli("postings", "--json").json()
    assert [p["key"] for p in postings] == [
        "acme:1",
        "acme:2",
        "acme:3",
        "hinge:aaa-1",
        "linear:ash-1",
    ]
    backend = postings[0]
    assert set(backend) == {
        "key",
        "source",
        "external_id",
        "title",
        "url",
        "company",
        "department",
        "locations",
        "workplace",
        "pay",
        "office",
        "posted_at",
        "first_seen",
        "last_seen",
        "status",
        "reposted_from",
        "transparency",
    }
    assert backend["reposted_from"] is None and backend["transparency"]["status"] == "incomplete"
    assert backend["pay"] == [
        {
            "min": 143200,
            "max": 284000,
            "currency": "USD",
            "period": "year",
            "scope": None,
            "kind": "base",
        }
    ]
    assert backend["url"] == "https://job-boards.greenhouse.io/acme/jobs/1"  # tracking dropped
    assert backend["posted_at"] == "2026-09-15T13:00:00Z"  # first_published, in UTC
    assert backend["office"]["min_office_pct"] == 50
    assert postings[3]["workplace"] == "hybrid"
    assert postings[3]["pay"][0]["period"] == "year"
    assert postings[4]["workplace"] == "hybrid"  # workplaceType wins over isRemote
    assert postings[4]["locations"] == ["New York", "San Francisco"]

    # second cycle: pay and office change, a title change, a move, a new role, one gone
    gh = [
        gh_job(1, "Backend Engineer", body=HYBRID_60, pay=[gh_pay(150000, 290000)]),
        gh_job(2, "Senior Data Scientist", body="Posted: 5 days ago. Fully remote role."),
        gh_job(4, "Recruiter"),
    ]
    lever[0]["categories"]["allLocations"] = ["Austin, Texas"]
    serve(server, gh, lever, ashby)
    second = cli("check", "--json")
    assert second.code == 0, second.err
    changes = cli("changes", "--json").json()
    got = sorted((c["kind"], c["key"]) for c in changes)
    assert got == [
        ("description_changed", "acme:1"),
        ("location_changed", "hinge:aaa-1"),
        ("new", "acme:4"),
        ("office_changed", "acme:1"),
        ("pay_changed", "acme:1"),
        ("pay_missing", "acme:4"),  # remote in the US, no pay: Colorado's rule reaches it
        ("removed", "acme:3"),
        ("title_changed", "acme:2"),
    ]
    by_kind = {c["kind"]: c for c in changes}
    assert set(by_kind["pay_changed"]) == {
        "id",
        "kind",
        "source",
        "key",
        "title",
        "url",
        "detected_at",
        "before",
        "after",
    }
    assert by_kind["pay_changed"]["before"][0]["min"] == 143200
    assert by_kind["pay_changed"]["after"][0]["max"] == 290000
    assert by_kind["office_changed"]["before"]["min_office_pct"] == 50
    assert by_kind["office_changed"]["after"]["min_office_pct"] == 60
    assert by_kind["title_changed"] == {
        **by_kind["title_changed"],
        "before": "Data Scientist",
        "after": "Senior Data Scientist",
    }
    assert by_kind["new"]["before"] is None and by_kind["new"]["after"]["title"] == "Recruiter"
    assert by_kind["removed"]["after"] is None
    assert by_kind["removed"]["before"]["status"] == "open"
    assert by_kind["new"]["detected_at"].endswith("Z")

    history = cli("history", "acme:1", "--json").json()
    assert [v["version"] for v in history["versions"]] == [1, 2]
    assert [v["pay"][0]["min"] for v in history["versions"]] == [143200, 150000]
    statuses = {p["key"]: p["status"] for p in cli("postings", "--all", "--json").json()}
    assert statuses["acme:3"] == "removed" and statuses["acme:1"] == "open"
    assert len(cli("changes", "--json", "--kind", "pay_changed").json()) == 1
    assert len(cli("changes", "--json", "-s", "hinge").json()) == 1

    # the role comes back
    serve(server, [*gh, gh_job(3, "Designer", location="Bucharest")], lever, ashby)
    assert cli("check").code == 0
    kinds = [c["kind"] for c in cli("changes", "--json", "--since", "1h").json()]
    assert kinds.count("reopened") == 1

    # human-readable output
    table = cli("postings")
    assert table.code == 0 and "$150,000–$290,000 USD/yr" in table.out
    assert "pay_changed" in cli("changes").out


def test_failed_source_removes_nothing_and_others_proceed(cli: Any, server: Any) -> None:
    cli.write_config(config(server))
    gh, lever, ashby = first_cycle(server)
    assert cli("check").code == 0
    server.set("/gh/acme", {"error": "boom"}, status=500)
    lever.append(lever_job("aaa-2", "iOS Engineer"))
    serve_lever = lever
    server.set("/lever/hinge", serve_lever)
    result = cli("check", "--json")
    assert result.code == 1
    summary = {s["source"]: s for s in result.json()["sources"]}
    assert summary["acme"]["status"] == "failed"
    assert "HTTP 500" in summary["acme"]["error"]
    assert summary["hinge"]["status"] == "complete"
    changes = cli("changes", "--json").json()
    assert [(c["kind"], c["key"]) for c in changes] == [("new", "hinge:aaa-2")]
    assert len(cli("postings", "-s", "acme", "--json").json()) == 3
    sources = {s["name"]: s for s in cli("sources", "--json").json()}
    assert sources["acme"]["failures_in_row"] == 1
    assert sources["acme"]["status"] == "failed"
    assert sources["hinge"]["open_postings"] == 2


def test_relative_dates_and_tracking_only_record_nothing(cli: Any, server: Any) -> None:
    cli.write_config(config(server))
    first_cycle(server)
    assert cli("check").code == 0
    gh = [
        gh_job(
            1,
            "Backend Engineer",
            body=HYBRID_50 + " Posted 30+ Days Ago",
            pay=[gh_pay(143200, 284000)],
        ),
        gh_job(2, "Data Scientist", body="Posted: 2 weeks ago.   Fully remote   role."),
        gh_job(3, "Designer", location="Bucharest"),
    ]
    for job in gh:
        job["absolute_url"] = job["absolute_url"].replace("gh_src=abc123", "utm_source=x")
        job["updated_at"] = "2026-11-01T00:00:00Z"
    server.set("/gh/acme", gh_board(*gh))
    assert cli("check").code == 0
    assert cli("changes", "--json").json() == []
    history = cli("history", "acme:2", "--json").json()
    assert len(history["versions"]) == 1


def test_removal_waits_for_grace_and_ignores_failures(cli: Any, server: Any) -> None:
    data = config(server)
    data["defaults"]["removal_grace"] = 2
    cli.write_config(data)
    gh, lever, ashby = first_cycle(server)
    assert cli("check").code == 0
    server.set("/gh/acme", gh_board(*gh[:2]))
    assert cli("check", "-s", "acme").code == 0
    assert cli("changes", "--json").json() == []  # missing once: not yet removed
    server.set("/gh/acme", {}, status=503)
    assert cli("check", "-s", "acme").code == 1  # a failure never counts
    assert cli("changes", "--json").json() == []
    server.set("/gh/acme", gh_board(*gh[:2]))
    assert cli("check", "-s", "acme").code == 0
    assert [c["kind"] for c in cli("changes", "--json").json()] == ["removed"]


def test_failing_then_recovered(cli: Any, server: Any) -> None:
    cli.write_config(config(server))
    first_cycle(server)
    assert cli("check", "-s", "acme").code == 0
    server.set("/gh/acme", b"not json", status=200)
    for _ in range(4):
        assert cli("check", "-s", "acme").code == 1
    changes = cli("changes", "--json").json()
    assert [c["kind"] for c in changes] == ["source_failing"]
    assert changes[0]["after"]["failures"] == 3
    assert "parse error" in changes[0]["after"]["error"]
    first_cycle(server)
    assert cli("check", "-s", "acme").code == 0
    changes = cli("changes", "--json").json()
    assert [c["kind"] for c in changes] == ["source_recovered", "source_failing"]
    assert changes[0]["before"]["failures"] == 4
    assert cli("postings", "-s", "acme", "--json").json()[0]["status"] == "open"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n  - {name: a, kind: greenhous, board: x}\n",
            "sources[0].kind: 'greenhous' is not one of greenhouse, lever",
        ),
        (
            "sources:\n  - {name: a, kind: lever, board: x, every: 5 minutes}\n",
            "sources[0].every: '5 minutes' is not a duration",
        ),
        ("sources:\n  - name: a\n    kind: [lever\n", "broken YAML at line 3"),
        (
            "sources:\n  - {name: a, kind: lever, board: x}\n"
            "  - {name: a, kind: ashby, board: y}\n",
            "sources[1].name: duplicate source name 'a'",
        ),
        (
            "notify:\n  - url: json://localhost\n    on: [pay_change]\n",
            "notify[0].on[0]: 'pay_change' is not one of new",
        ),
        ("sources:\n  - {name: a, kind: page}\n", "sources[0]: a page source needs `url:`"),
        (
            "sources:\n  - {name: a, kind: lever, board: x, cron: '61 * * * *'}\n",
            "sources[0].cron: '61 * * * *' is not a valid cron expression",
        ),
        (
            "database: ${ROLEWATCH_TEST_UNSET_VAR}\n",
            "database: environment variable ${ROLEWATCH_TEST_UNSET_VAR} is not set",
        ),
        (
            "sources:\n  - {name: a, kind: lever, board: x, remval_grace: 2}\n",
            "sources[0].remval_grace: unknown setting",
        ),
    ],
)
def test_bad_config_exits_2_naming_the_field(sqlite_cli: Any, text: str, expected: str) -> None:
    sqlite_cli.write_config(text)
    result = sqlite_cli("check")
    assert result.code == 2
    assert expected in result.err
    assert "Traceback" not in result.err


def test_missing_config_and_unknown_source(sqlite_cli: Any, server: Any) -> None:
    result = sqlite_cli("check")
    assert result.code == 2 and "no such config file" in result.err
    sqlite_cli.write_config(config(server))
    result = sqlite_cli("check", "-s", "nope")
    assert result.code == 2 and "unknown source 'nope'" in result.err


def test_history_of_unknown_key_is_a_clear_error(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config(config(server))
    first_cycle(server)
    assert sqlite_cli("check").code == 0
    result = sqlite_cli("history", "acme:99")
    assert result.code == 2 and "no posting with key 'acme:99'" in result.err
    result = sqlite_cli("changes", "--since", "yesterday-ish")
    assert result.code == 2 and "--since" in result.err


def test_not_modified_listing_writes_nothing(cli: Any, server: Any) -> None:
    cli.write_config(config(server))
    gh, lever, ashby = first_cycle(server)
    server.set("/gh/acme", gh_board(*gh), headers={"ETag": '"v1"'})
    assert cli("check").code == 0
    history_before = cli("history", "acme:1", "--json").json()
    result = cli("check", "--json", "-s", "acme")
    assert result.code == 0
    (acme,) = result.json()["sources"]
    assert acme["status"] == "complete" and acme["pages"] == 0  # nothing was parsed
    assert acme["seen"] == 3 and acme["open"] == 3 and acme["changes"] == {}
    asked = [r for r in server.requests if r["path"] == "/gh/acme"]
    assert asked[-1]["headers"].get("If-None-Match") == '"v1"'
    assert cli("changes", "--json").json() == []
    assert cli("history", "acme:1", "--json").json()["versions"] == history_before["versions"]
    # a changed board answers 200 with a new ETag and is read again
    gh[0]["title"] = "Staff Backend Engineer"
    server.set("/gh/acme", gh_board(*gh), headers={"ETag": '"v2"'})
    assert cli("check", "-s", "acme").code == 0
    assert [c["kind"] for c in cli("changes", "--json").json()] == ["title_changed"]
