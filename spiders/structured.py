"""Turn a board's structured pay fields into SPEC's pay ranges."""

from __future__ import annotations

import re
from typing import Any

_SCOPE_NOISE = re.compile(
    r"\b(?:(?:base\s+)?(?:pay|salary|compensation|wage|hourly|annual|yearly|base|ote|"
    r"on[- ]target[- ]earnings|total|target|range|rate|transparency|for|this|role|position|the|"
    r"of|us|usd)\b|[:\-–—()])",
    re.IGNORECASE,
)


def number(value: Any) -> int | float | None:
    """A JSON number as given, int when whole."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else round(number, 2)


def pay_range(
    low: Any,
    high: Any,
    currency: str | None,
    period: str | None,
    *,
    scope: str | None = None,
    kind: str | None = "base",
) -> dict[str, Any] | None:
    """One range in SPEC's shape, or None when the board gave no usable figure."""
    lo, hi = number(low), number(high)
    if lo is None and hi is None:
        return None
    lo = hi if lo is None else lo
    hi = lo if hi is None else hi
    if not currency or lo is None or hi is None or lo <= 0:
        return None
    return {
        "min": min(lo, hi),
        "max": max(lo, hi),
        "currency": currency.strip().upper(),
        "period": period,
        "scope": scope or None,
        "kind": kind,
    }


def period_of(*texts: str | None) -> str | None:
    """The pay period a board label names ("Hourly Pay Range", "1 YEAR", "per-year-salary")."""
    from monitor.extract import pay_period_from_text

    for text in texts:
        if text and (period := pay_period_from_text(text)):
            return period
    return None


def kind_of(*texts: str | None) -> str:
    """base, ote or total, from a board's label of a range."""
    label = " ".join(t for t in texts if t).lower()
    if re.search(r"\bote\b|on[- ]target", label):
        return "ote"
    if "total" in label:
        return "total"
    return "base"


def scope_of(title: str | None) -> str | None:
    """The zone or place a board's range title names ("Zone A", "Canada Pay Range"), if any."""
    if not title:
        return None
    rest = " ".join(_SCOPE_NOISE.sub(" ", title).split())
    return rest or None
