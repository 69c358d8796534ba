"""Office terms read from posting text, held to the shared table in tests/extract_cases.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.extract import extract_office
from tests.extract_cases import OFFICE_CASES, OfficeCase


def _params(cases: list[OfficeCase]) -> Iterator[object]:
    for n, case in enumerate(cases):
        marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
        yield pytest.param(case, id=f"{case.category}-{n}", marks=marks)


@pytest.mark.parametrize("case", list(_params(OFFICE_CASES)))
def test_extract_office(case: OfficeCase) -> None:
    assert extract_office(case.text) == case.expected


@pytest.mark.parametrize("text", ["", "We build great software together.", "Salary: $100k"])
def test_nothing_about_the_office(text: str) -> None:
    assert extract_office(text) is None


def test_terms_spread_over_a_posting() -> None:
    text = (
        "About us\nWe make tools for teams.\n"
        "How we work\n"
        "- We're a hybrid company.\n"
        "- Team members spend at least 60% of their time in the office.\n"
        "- In Lisbon, 80%.\n"
        "Perks\n- Free lunch in the office\n- Home office budget"
    )
    assert extract_office(text) == {
        "mode": "hybrid",
        "min_office_pct": 60,
        "days_per_week": None,
        "exceptions": [{"location": "Lisbon", "min_office_pct": 80, "days_per_week": None}],
    }
