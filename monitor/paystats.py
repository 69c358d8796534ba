"""Pay across companies: the median and spread of stated pay ranges, in one period and currency.

Pure functions over plain `Observation`s (one posting as seen on a day); the store feeds them.

Periods. Every amount is converted through a year: a year is 2,080 working hours (52 weeks of
40 hours), 260 working days (52 weeks of 5 days), 52 weeks or 12 months. So $50 an hour is
$104,000 a year and $8,666.67 a month. The period of the report is a choice (`period=`).

Currencies are never converted: ranges in another currency are left out and counted, per
currency, in `other_currencies`.

What counts. A posting counts when its title matches `title` and, for `location`, one of its
locations does; both are regexes matched anywhere in the text, case-insensitively, by RE2 (so a
user's pattern runs in linear time). Each stated range of a matching posting counts once:

- kind: base pay by default, that is kind "base" or no kind stated. "ote" (on-target earnings)
  and "total" include variable pay; they are left out, and counted in `other_kinds`, unless
  `kinds=` asks for them.
- one end: a range with only a low end ("from $X") counts towards the low ends only, one with
  only a high end ("up to $X") towards the high ends only; a single amount (min == max) counts
  towards both.
- scope: a range with a scope is about that place. With `location=`, a scoped range counts when
  its scope matches (the posting's other places do not matter), an unscoped one when one of the
  posting's locations does. Without `location=`, every range counts.

Statistics. For the low ends and the high ends separately: the count, the median and the first
and third quartiles, by linear interpolation between order statistics (Hyndman and Fan's type 7,
numpy's default and Excel's QUARTILE.INC): the q-quantile of n sorted values is at position
q * (n - 1), counted from 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.config import filter_regex

PER_YEAR: Mapping[str, int] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
BASE_KINDS: tuple[str | None, ...] = ("base", None)


def per_year(amount: float, period: str) -> float:
    """An amount per `period` expressed per year (PER_YEAR)."""
    return amount * PER_YEAR[period]


def convert(amount: float, period: str, to: str) -> float:
    """An amount per `period` expressed per `to`, through the year."""
    return amount * PER_YEAR[period] / PER_YEAR[to]


@dataclass(frozen=True, slots=True)
class Observation:
    """One posting as seen on a day: what the statistics read of it."""

    key: str
    source: str
    title: str
    locations: tuple[str, ...]
    pay: tuple[Mapping[str, Any], ...]  # SPEC's pay items: min, max, currency, period, ...
    seen_on: date


@dataclass(frozen=True, slots=True)
class Spread:
    """Count, median and quartiles of one end of the ranges."""

    n: int
    median: float
    q1: float
    q3: float


@dataclass(frozen=True, slots=True)
class PayStats:
    """The low and high ends of the ranges of some postings."""

    postings: int  # postings with at least one counted range
    ranges: int
    low: Spread | None
    high: Spread | None


@dataclass(frozen=True, slots=True)
class PayReport:
    """Pay statistics per source and overall, and what was left out."""

    currency: str
    period: str
    kinds: tuple[str | None, ...]
    overall: PayStats
    by_source: dict[str, PayStats]
    other_currencies: dict[str, int] = field(default_factory=dict)  # ranges left out
    other_kinds: int = 0  # ranges left out for their kind ("ote", "total")

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `rolewatch pay --json` (figures rounded to cents)."""
        return {
            "currency": self.currency,
            "period": self.period,
            "kinds": list(self.kinds),
            "overall": _stats_dict(self.overall),
            "by_source": {name: _stats_dict(s) for name, s in sorted(self.by_source.items())},
            "other_currencies": dict(sorted(self.other_currencies.items())),
            "other_kinds": self.other_kinds,
        }


def _spread_dict(spread: Spread | None) -> dict[str, Any] | None:
    if spread is None:
        return None
    return {
        "n": spread.n,
        "median": round(spread.median, 2),
        "q1": round(spread.q1, 2),
        "q3": round(spread.q3, 2),
    }


def _stats_dict(stats: PayStats) -> dict[str, Any]:
    return {
        "postings": stats.postings,
        "ranges": stats.ranges,
        "low": _spread_dict(stats.low),
        "high": _spread_dict(stats.high),
    }


def quantile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile of sorted values, type 7 (module docstring)."""
    if not ordered:
        raise ValueError("no values")
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def spread(values: Iterable[float]) -> Spread | None:
    """Count, median and quartiles of some values; None when there are none."""
    ordered = sorted(values)
    if not ordered:
        return None
    return Spread(
        len(ordered), quantile(ordered, 0.5), quantile(ordered, 0.25), quantile(ordered, 0.75)
    )


@dataclass(slots=True)
class _Ends:
    """The low and high ends collected for one group of postings."""

    lows: list[float] = field(default_factory=list)
    highs: list[float] = field(default_factory=list)
    ranges: int = 0
    postings: set[str] = field(default_factory=set)

    def stats(self) -> PayStats:
        return PayStats(len(self.postings), self.ranges, spread(self.lows), spread(self.highs))


def pay_stats(
    observations: Iterable[Observation],
    *,
    title: str | None = None,
    location: str | None = None,
    currency: str = "USD",
    period: str = "year",
    kinds: Sequence[str | None] = BASE_KINDS,
) -> PayReport:
    """Median and spread of the low and high ends of matching postings' ranges (module doc)."""
    if period not in PER_YEAR:
        raise ValueError(f"period must be one of {', '.join(PER_YEAR)}, not {period!r}")
    title_re = filter_regex(title) if title else None
    location_re = filter_regex(location) if location else None
    overall = _Ends()
    by_source: dict[str, _Ends] = defaultdict(_Ends)
    other_currencies: dict[str, int] = defaultdict(int)
    other_kinds = 0
    for obs in observations:
        if title_re is not None and not title_re.search(obs.title or ""):
            continue
        posting_here = location_re is None or any(
            location_re.search(place) for place in obs.locations
        )
        for item in obs.pay:
            scope = item.get("scope")
            if location_re is not None and not (
                location_re.search(scope) if scope else posting_here
            ):
                continue
            if item.get("currency") != currency:
                key = str(item.get("currency"))
                other_currencies[key] += 1
                continue
            if item.get("kind") not in kinds:
                other_kinds += 1
                continue
            ends = _ends(item, period)
            if ends is None:
                continue
            for group in (overall, by_source[obs.source]):
                low, high = ends
                if low is not None:
                    group.lows.append(low)
                if high is not None:
                    group.highs.append(high)
                group.ranges += 1
                group.postings.add(obs.key)
    return PayReport(
        currency=currency,
        period=period,
        kinds=tuple(kinds),
        overall=overall.stats(),
        by_source={name: ends.stats() for name, ends in by_source.items()},
        other_currencies=dict(other_currencies),
        other_kinds=other_kinds,
    )


def _ends(item: Mapping[str, Any], period: str) -> tuple[float | None, float | None] | None:
    """A range's low and high ends in `period`; None when it states neither or no period."""
    low, high, unit = item.get("min"), item.get("max"), item.get("period")
    if not isinstance(unit, str) or unit not in PER_YEAR or (low is None and high is None):
        return None
    return (
        None if low is None else convert(float(low), unit, period),
        None if high is None else convert(float(high), unit, period),
    )


def month_of(day: date) -> str:
    """The month a day is in, as "YYYY-MM"."""
    return f"{day.year:04d}-{day.month:02d}"


def monthly(
    observations: Iterable[Observation],
    *,
    title: str | None = None,
    location: str | None = None,
    currency: str = "USD",
    period: str = "year",
    kinds: Sequence[str | None] = BASE_KINDS,
) -> dict[str, PayReport]:
    """Pay statistics per calendar month ("YYYY-MM"), oldest first.

    Within a month a posting counts once, as last seen that month: a range edited mid-month is
    counted as it stood at the month's last sighting.
    """
    latest: dict[str, dict[str, Observation]] = defaultdict(dict)
    for obs in observations:
        month = latest[month_of(obs.seen_on)]
        kept = month.get(obs.key)
        if kept is None or obs.seen_on >= kept.seen_on:
            month[obs.key] = obs
    return {
        month: pay_stats(
            by_key.values(),
            title=title,
            location=location,
            currency=currency,
            period=period,
            kinds=kinds,
        )
        for month, by_key in sorted(latest.items())
    }


def overview(
    current: Iterable[Observation],
    history: Iterable[Observation],
    *,
    title: str | None = None,
    location: str | None = None,
    currency: str = "USD",
    period: str = "year",
) -> dict[str, Any]:
    """The JSON shape of `rolewatch pay --json`: `pay_stats` of the open postings, and under
    `monthly` one entry per month ("month" and the same figures) from `monthly`."""
    options: dict[str, Any] = {
        "title": title, "location": location, "currency": currency, "period": period,
    }  # fmt: skip
    out = pay_stats(current, **options).as_dict()
    out["filters"] = {"title": title, "location": location}
    out["monthly"] = []
    for month, report in monthly(history, **options).items():
        shape = report.as_dict()
        for same in ("currency", "period", "kinds"):
            del shape[same]
        out["monthly"].append({"month": month, **shape})
    return out
