"""The pure diff: table tests."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.diff import FAILING_AFTER, absent, diff, streak

PAY_A = [
    {"min": 100, "max": 200, "currency": "USD", "period": "year", "scope": None, "kind": "base"}
]
PAY_B = [{**PAY_A[0], "max": 210}]
OFFICE = {"mode": "hybrid", "min_office_pct": 50, "days_per_week": None, "exceptions": []}
BASE: dict[str, Any] = {
    "title": "Engineer",
    "locations": ["Berlin", "Remote"],
    "pay": PAY_A,
    "office": OFFICE,
    "description": "text",
    "workplace": "hybrid",
}


@pytest.mark.parametrize(
    ("after", "kinds"),
    [
        ({}, []),
        ({"title": "Engineer "}, []),
        ({"title": "Senior Engineer"}, ["title_changed"]),
        ({"locations": ["Remote", "Berlin"]}, []),
        ({"locations": ["remote", "BERLIN"]}, []),
        ({"locations": ["Berlin"]}, ["location_changed"]),
        ({"pay": PAY_B}, ["pay_changed"]),
        ({"pay": [dict(reversed(list(PAY_A[0].items())))]}, []),
        ({"pay": []}, ["pay_changed"]),
        ({"office": {**OFFICE, "min_office_pct": 60}}, ["office_changed"]),
        ({"office": None}, ["office_changed"]),
        ({"description": "other"}, ["description_changed"]),
        ({"pay": PAY_B, "description": "other"}, ["pay_changed", "description_changed"]),
        ({"workplace": "remote"}, []),
        (
            {"title": "X", "pay": PAY_B, "office": None, "locations": [], "description": "y"},
            [
                "title_changed",
                "pay_changed",
                "office_changed",
                "location_changed",
                "description_changed",
            ],
        ),
    ],
)
def test_diff(after: dict[str, Any], kinds: list[str]) -> None:
    assert [c.kind for c in diff(BASE, {**BASE, **after})] == kinds


def test_diff_carries_before_and_after() -> None:
    (change,) = diff(BASE, {**BASE, "pay": PAY_B})
    assert change.before == PAY_A and change.after == PAY_B


def test_empty_pay_and_missing_pay_are_the_same() -> None:
    assert diff({**BASE, "pay": None}, {**BASE, "pay": []}) == []


@pytest.mark.parametrize(
    ("missing", "complete", "grace", "expected"),
    [
        (0, True, 2, (1, False)),
        (1, True, 2, (2, True)),
        (0, True, 1, (1, True)),
        (1, False, 2, (1, False)),
        (5, False, 1, (5, False)),
    ],
)
def test_absent(missing: int, complete: bool, grace: int, expected: tuple[int, bool]) -> None:
    result = absent(missing, complete=complete, grace=grace)
    assert (result.missing, result.removed) == expected


def test_health_streak() -> None:
    failures, alerted, events = 0, False, []
    for failed in [True] * (FAILING_AFTER + 2) + [False, False, True]:
        state = streak(failures, alerted, failed=failed)
        failures, alerted = state.failures, state.alerted
        events.append(state.event)
    assert events == [None, None, "source_failing", None, None, "source_recovered", None, None]
    assert failures == 1 and not alerted
