"""A board's one-line pay field read as a range only when it states currency and period."""

from __future__ import annotations

from typing import Any

import pytest

from spiders.paystring import read_pay_line


@pytest.mark.parametrize(
    ("line", "places", "expected"),
    [
        # iCIMS "Combined Salary Range": the code and the symbol both written
        ("USD $125,042.00 - USD $135,299.00 /Yr.", [], (125042, 135299, "USD", "year")),
        ("USD $55.08 - USD $59.08 /Hr.", [], (55.08, 59.08, "USD", "hour")),
        # Breezy's `salary`, Pinpoint's `compensation`
        ("$18 – $25.50 / hour", ["Chaos, FL"], (18, 25.5, "USD", "hour")),
        ("£70,000 - £90,000 / year", [], (70000, 90000, "GBP", "year")),
        ("$70 - $90 / hour", ["Toronto, ON"], (70, 90, "CAD", "hour")),
        ("$70 - $90 / hour", ["United States"], (70, 90, "USD", "hour")),
        ("€50.000 - €60.000 per year", [], (50000, 60000, "EUR", "year")),
        ("80000-95000 EUR per year", [], (80000, 95000, "EUR", "year")),
        ("$120k - $150k/yr", [], (120000, 150000, "USD", "year")),
        ("CA$80,000 - CA$90,000 per annum", [], (80000, 90000, "CAD", "year")),
        ("$60,000 a year", [], (60000, 60000, "USD", "year")),
        # left to the text reader: no period, prose, two currencies, an unsettled krona
        ("$110,000 - $150,000", [], None),
        ("$50/hour plus bonus", [], None),
        ("Competitive", [], None),
        ("USD 100 - EUR 200 /yr", [], None),
        ("kr 40 000 - 50 000 per month", [], None),
        ("", [], None),
        # a real trial board's "$0.05 – $0.06 / hour": no pay for any period, as in text
        ("$0.05 – $0.06 / hour", ["Chaos, FL"], None),
        (None, [], None),
    ],
)
def test_read_pay_line(line: Any, places: list[str], expected: tuple | None) -> None:
    found = read_pay_line(line, places)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found["min"], found["max"], found["currency"], found["period"]) == expected
        assert found["kind"] == "base" and found["scope"] is None
