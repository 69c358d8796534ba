"""Turn a board's structured pay fields into SPEC's pay ranges."""

from __future__ import annotations

import math
import re
from typing import Any

_SCOPE_NOISE = re.compile(
    r"\b(?:(?:base\s+)?(?:pay|salary|compensation|wage|hourly|annual|yearly|base|ote|"
    r"on[- ]target[- ]earnings|total|target|range|rate|transparency|for|this|role|position|the|"
    r"of|us|usd)\b|[:\-–—()])",
    re.IGNORECASE,
)


def number(value: Any) -> int | float | None:
    """A JSON number as given, int when whole; None for what is no finite number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number):
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
    if not isinstance(currency, str) or lo is None or hi is None:
        return None
    lo, hi = min(lo, hi), max(lo, hi)
    code = currency.strip().upper()
    # a board's own fields are held to what text is: a real currency and a plausible figure
    if lo <= 0 or hi > MAX_AMOUNT or period not in PERIODS or not _is_currency(code):
        return None
    if not plausible(lo, hi, code, period):
        return None
    return {
        "min": lo,
        "max": hi,
        "currency": code,
        "period": period,
        "scope": scope or None,
        "kind": kind,
    }


PERIODS = ("year", "month", "week", "day", "hour")


# beyond any pay in any currency (a year's pay in Iranian rials is about 10^10)
MAX_AMOUNT = 1e12


def _is_currency(code: str) -> bool:
    """A current ISO 4217 code: in text some are words ("ALL"), in a board's field they count."""
    from monitor.extract._currency import ISO_CODES, NOT_CURRENCIES

    return code in ISO_CODES or code in NOT_CURRENCIES


def plausible(lo: float, hi: float, code: str, period: str) -> bool:
    """Whether a range could be pay for that period, as text pay is judged."""
    from monitor.extract.pay import plausible as judged

    return judged(lo, hi, code, period)


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
