"""The readers on the real corpus (tests/corpus): sentences from other projects' public postings
and test suites, labelled by us. Known misses run as strict xfails with the reason."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from monitor.extract import extract_office, extract_pay
from tests.corpus import REAL_OFFICE, REAL_PAY, RealCase

_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri)days?\b")


def _params(cases: list[RealCase]) -> Iterator[object]:
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params(REAL_PAY)))
def test_pay_on_real_text(case: RealCase) -> None:
    assert extract_pay(case.text, locations=case.locations) == case.expected


@pytest.mark.parametrize("case", list(_params(REAL_OFFICE)))
def test_office_terms_on_real_text(case: RealCase) -> None:
    assert extract_office(case.text) == case.expected


def test_every_case_names_its_source() -> None:
    ids = [case.id for case in REAL_PAY + REAL_OFFICE]
    assert len(ids) == len(set(ids))
    for case in REAL_PAY + REAL_OFFICE:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", case.repo), case.id
        assert re.fullmatch(r"[0-9a-f]{40}", case.commit), case.id
        assert case.path and case.text.strip(), case.id
        assert len(case.text) <= 700, f"{case.id}: quote a sentence or a paragraph, not a posting"


def test_corpus_covers_the_issue() -> None:
    cases = REAL_PAY + REAL_OFFICE
    assert len(cases) >= 400
    assert len({case.repo for case in cases}) >= 6
    negatives = [c for c in cases if not c.expected]
    assert len(negatives) >= len(cases) / 4
    ranges = [r for case in REAL_PAY for r in case.expected]
    assert len({r["currency"] for r in ranges}) >= 10
    assert {r["period"] for r in ranges} == {"year", "month", "week", "day", "hour"}
    assert {"base", "ote", "total"} <= {r["kind"] for r in ranges}
    assert any(r["scope"] for r in ranges)
    terms = [case.expected for case in REAL_OFFICE if case.expected]
    assert any(t["days_per_week"] for t in terms)
    assert any(t["min_office_pct"] not in (None, 0, 100) for t in terms)
    assert any(t["exceptions"] for t in terms)
    named_days = [c for c in REAL_OFFICE if c.expected and _WEEKDAY.search(c.text)]
    assert any(c.expected["days_per_week"] for c in named_days)
