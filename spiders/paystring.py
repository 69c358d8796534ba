"""A board's pay field written as one line of text ("USD $125,042.00 - USD $135,299.00 /Yr.",
"£70,000 - £90,000 / year", "$18 – $25 / hour"), read as a structured range.

Only a line that is nothing but a range (or one amount), its currency and its period is read
here; anything else (no period, prose, two currencies) is left to the text reader, which
`Posting.pay_text` feeds.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from spiders.structured import pay_range, period_of

_SIDE = (
    r"(?:(?P<{n}code>[A-Z]{{3}})\s*)?"
    r"(?P<{n}sym>[A-Z]{{0,3}}\$|[^\w\s\d.,/\-–—]{{1,2}}|kr\.?|zł)?\s*"
    r"(?P<{n}num>\d(?:[\d,.'\u00a0\u202f ]*\d)?)\s*(?P<{n}k>[kK](?![a-z]))?\s*"
    r"(?:(?P<{n}post>[A-Z]{{3}})(?![A-Za-z]))?"
)
_LINE = re.compile(
    r"^\s*" + _SIDE.format(n="a") + r"(?:\s*(?:-|–|—|to)\s*" + _SIDE.format(n="b") + r")?"
    r"\s*(?:(?:/|per\b|an?\b)\s*(?P<unit>[A-Za-z]+)\.?)?\s*$"
)
_UNITS = {
    "yr": "year", "year": "year", "annum": "year", "annual": "year", "annually": "year",
    "yearly": "year", "hr": "hour", "hour": "hour", "hourly": "hour", "h": "hour",
    "mo": "month", "month": "month", "monthly": "month", "wk": "week", "week": "week",
    "weekly": "week", "day": "day", "daily": "day",
}  # fmt: skip


def _period(unit: str | None) -> str | None:
    if not unit:
        return None
    word = unit.strip().rstrip(".").lower()
    return _UNITS.get(word) or period_of(f"per {word}")


def _currency(codes: set[str], symbols: set[str], places: list[str]) -> str | None:
    """The one currency the codes and symbols name; a bare "$" is settled by the places."""
    # imported here: the currency tables load Babel (about 70 ms), which only cycles that read
    # a pay line need
    from monitor.extract._currency import FAMILIES, FAMILY_DEFAULT, ISO_CODES, SYMBOLS
    from monitor.extract._places import place_currency

    if any(code not in ISO_CODES for code in codes) or len(codes) > 1:
        return None
    named = {SYMBOLS.get(sym) for sym in symbols}
    if None in named:
        return None
    concrete = {n for n in named if n not in FAMILIES} | codes
    if len(concrete) > 1:
        return None
    families = {n for n in named if n in FAMILIES}
    if concrete:
        code = concrete.pop()
        return code if all(code in FAMILIES[f] for f in families) else None
    if len(families) != 1:
        return None
    family = families.pop()
    for place in places:
        found = place_currency(place) if place else None
        if found in FAMILIES[family]:
            return found
    return FAMILY_DEFAULT.get(family)


def _amount(text: str, k: str | None) -> Decimal | None:
    from monitor.extract._numbers import parse_number

    value = parse_number(text)
    return value * 1000 if value is not None and k else value


def read_pay_line(
    text: Any, places: list[str] | None = None, *, kind: str | None = "base"
) -> dict[str, Any] | None:
    """The range a pay field states, in SPEC's shape; None unless it states exactly one range
    with its currency and its period. `places` (the posting's locations) settle a bare "$"."""
    if not isinstance(text, str) or not text.strip():
        return None
    match = _LINE.match(" ".join(text.split()))
    if not match:
        return None
    period = _period(match["unit"])
    if period is None:
        return None
    codes = {c for c in (match["acode"], match["apost"], match["bcode"], match["bpost"]) if c}
    symbols = {s for s in (match["asym"], match["bsym"]) if s}
    currency = _currency(codes, symbols, places or [])
    low = _amount(match["anum"], match["ak"])
    high = _amount(match["bnum"], match["bk"]) if match["bnum"] else low
    if currency is None or low is None or high is None:
        return None
    return pay_range(_plain(low), _plain(high), currency, period, kind=kind)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
