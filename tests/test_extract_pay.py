"""Pay ranges read from posting text, held to the shared table in tests/extract_cases.py."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from monitor.extract import extract_pay, pay_kind_from_text, pay_period_from_text, read_posting
from tests.extract_cases import OFFICE_CASES, PAY_CASES, PayCase


def _params(cases: list[PayCase]) -> Iterator[object]:
    for n, case in enumerate(cases):
        marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
        yield pytest.param(case, id=f"{case.category}-{n}", marks=marks)


@pytest.mark.parametrize("case", list(_params(PAY_CASES)))
def test_extract_pay(case: PayCase) -> None:
    assert extract_pay(case.text, currency_hint=case.hint) == case.expected


def test_table_covers_the_contract() -> None:
    currencies = {r["currency"] for case in PAY_CASES for r in case.expected}
    periods = {r["period"] for case in PAY_CASES for r in case.expected}
    kinds = {r["kind"] for case in PAY_CASES for r in case.expected}
    negatives = [c for c in PAY_CASES if c.category == "negative"]
    negatives += [c for c in OFFICE_CASES if c.category == "negative"]
    assert len(PAY_CASES) + len(OFFICE_CASES) >= 150
    assert len(negatives) >= 40
    assert len(currencies) >= 8
    assert periods == {"year", "month", "week", "day", "hour"}
    assert kinds == {"base", "ote", "total", None}
    assert sum(len(c.expected) > 1 for c in PAY_CASES) >= 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$155,700 per year", 155700),
        ("$143.2K per year", 143200),
        ("€32,50 per hour", 32.5),
        ("$32.00 per hour", 32),
    ],
)
def test_numbers_are_plain_json_numbers(text: str, expected: float) -> None:
    (found,) = extract_pay(text)
    assert found["min"] == expected
    assert type(found["min"]) is type(expected)
    assert json.loads(json.dumps(found))["min"] == expected


def test_a_range_repeated_is_read_once() -> None:
    text = "Salary: $120,000 - $150,000\n...\nThe salary range is $120,000 - $150,000."
    assert len(extract_pay(text)) == 1


def test_a_range_repeated_keeps_the_kind_either_mention_gives() -> None:
    text = "$120K – $150K • Offers Equity\nThe base salary range is $120,000 - $150,000."
    assert [r["kind"] for r in extract_pay(text)] == ["base"]


@pytest.mark.parametrize("text", ["", "No numbers here.", "Salary: competitive"])
def test_nothing_to_read(text: str) -> None:
    assert extract_pay(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hourly Pay Range", "hour"),
        ("Annual Salary", "year"),
        ("Annual Base Salary Range (USD)", "year"),
        ("1 YEAR", "year"),
        ("1 HOUR", "hour"),
        ("1 MONTH", "month"),
        ("per-year-salary", "year"),
        ("per-hour-wage", "hour"),
        ("per-month-salary", "month"),
        ("per-week-wage", "week"),
        ("per-day-wage", "day"),
        ("Monthly stipend", "month"),
        ("YEAR", "year"),
        ("HOUR", "hour"),
        ("MONTH", "month"),
        ("WEEK", "week"),
        ("DAY", "day"),
        ("Bi-weekly", None),
        ("Salary Range", None),
        ("US Pay Range", None),
        ("", None),
        (None, None),
    ],
)
def test_pay_period_from_text(text: str | None, expected: str | None) -> None:
    assert pay_period_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OTE", "ote"),
        ("On-target earnings", "ote"),
        ("Base Salary", "base"),
        ("Total compensation", "total"),
        ("Salary Range", None),
        (None, None),
    ],
)
def test_pay_kind_from_text(text: str | None, expected: str | None) -> None:
    assert pay_kind_from_text(text) == expected


# A whole posting as a Greenhouse board serves it: HTML-escaped, pay in its own block, benefit
# amounts in the list below it (written for this test, in the shape real boards use).
GREENHOUSE_CONTENT = (
    "&lt;p&gt;Acme builds payroll software used by 4,000 companies, and raised $80M last year."
    "&lt;/p&gt;&lt;h3&gt;What you'll do&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;Own our billing service, "
    "which moves $2B a year&lt;/li&gt;&lt;li&gt;Mentor 2-4 engineers&lt;/li&gt;&lt;/ul&gt;"
    "&lt;p&gt;We work hybrid: at least three days a week in our Denver office.&lt;/p&gt;"
    "&lt;div class=&quot;pay-range&quot;&gt;&lt;p&gt;The annual base salary range for this "
    "role is below; final offers depend on level and location.&lt;/p&gt;&lt;p&gt;"
    "&lt;span&gt;$142,000&lt;/span&gt;&lt;span class=&quot;divider&quot;&gt;&amp;mdash;"
    "&lt;/span&gt;&lt;span&gt;$178,000 USD&lt;/span&gt;&lt;/p&gt;&lt;/div&gt;"
    "&lt;h3&gt;Benefits&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;401(k) with a 4% match, up to $9,000 a "
    "year&lt;/li&gt;&lt;li&gt;$1,500 yearly learning budget&lt;/li&gt;&lt;li&gt;100% paid "
    "parental leave&lt;/li&gt;&lt;/ul&gt;"
)


def test_read_posting_from_escaped_html() -> None:
    assert read_posting(GREENHOUSE_CONTENT, html=True) == {
        "pay": [
            {
                "min": 142000,
                "max": 178000,
                "currency": "USD",
                "period": "year",
                "scope": None,
                "kind": "base",
            }
        ],
        "office": {
            "mode": "hybrid",
            "min_office_pct": None,
            "days_per_week": 3,
            "exceptions": [],
        },
        "workplace": "hybrid",
    }


# Plain text as Lever serves it in descriptionPlain/additionalPlain: benefit amounts only.
LEVER_ADDITIONAL = """As a member of our team, you'll enjoy:

401(k) Matching: We match 100% of the first 6% of your pre-tax contributions, up to a maximum \
of $12,000 per year.

Learning: an annual $2,000 stipend for courses and books, starting in your first month.

Parental Leave: 100% paid parental leave for 16 weeks for every new parent.

Wellness: a $150 monthly allowance for gyms, classes or therapy.
"""


def test_benefit_amounts_are_not_pay() -> None:
    assert read_posting(LEVER_ADDITIONAL) == {"pay": [], "office": None, "workplace": None}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no digits at all\nnor here",
        "1",
        "\n\n9\n",
        "Salary $90k\nBenefits\n401(k)\nReference 12",
        "first\nsecond 2\n\nfourth 4 and 44\nlast",
        "Gehalt: 60.000 €\nArbeitsort München\n",  # not ASCII: digits found all the same
        "年収 ８００万円〜１２００万円\n勤務地 東京",  # full-width digits only
        "\u0665\u0660\u0660 ر.س\nline\n7",  # Arabic-Indic digits
    ],
)
def test_digit_lines_are_the_lines_holding_a_digit(text: str) -> None:
    """The one-scan walk gives exactly the lines a search in every line finds."""
    import re

    from monitor.extract._scan import digit_lines

    naive = [i for i, line in enumerate(text.split("\n")) if re.search(r"\d", line)]
    assert list(digit_lines(text)) == naive
