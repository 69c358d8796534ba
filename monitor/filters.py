"""The listing filters of the web app, its API, its feed and `export`, read from user strings.

Every value is checked here, once, and a bad one is a `FilterError` naming the parameter and
what it takes: the web answers it with a 400, the CLI with its usual message.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.config import CHANGE_KINDS, Config, check_regex
from monitor.errors import UsageError
from monitor.paystats import PER_YEAR
from monitor.timeutil import parse_since, parse_when
from monitor.transparency import STATUSES as TRANSPARENCY

WORKPLACES = ("onsite", "hybrid", "remote")
STATUSES = ("open", "removed", "all")
POSTING_SORTS = ("new", "title", "pay")
MAX_TEXT = 200
MAX_LIMIT = 500
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
BAD_CURSOR = "cursor: not a cursor this listing gave (start again without it)"


class FilterError(UsageError):
    """A filter value the listings cannot use."""


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes: kinds, sources (None: any), a text in the title or key, a time span."""

    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] | None = None
    text: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class PostingFilter:
    """Which postings, in which order; `currency` is that of `min_pay` and of `sort="pay"`."""

    sources: tuple[str, ...] | None = None
    status: str = "open"
    location: str | None = None
    workplace: str | None = None
    text: str | None = None
    currency: str | None = None
    min_pay: float | None = None
    sort: str = "new"
    transparency: str | None = None  # a pay-transparency status (monitor.transparency)


def _one_of(name: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise FilterError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _text(name: str, value: str | None) -> str | None:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise FilterError(f"{name}: at most {MAX_TEXT} characters")
    return value or None


def _moment(name: str, value: str | None, *, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        moment = parse_since(value.strip())
    except (ValueError, OverflowError):
        raise FilterError(f"{name}: {value!r} is neither a period like 7d/12h nor a date like "
                          "2026-01-31") from None  # fmt: skip
    # a bare date as the end of a span means the whole of that day
    return moment + timedelta(days=1) if end and len(value.strip()) == 10 else moment


def resolve_sources(
    config: Config, sources: Iterable[str] = (), tags: Iterable[str] = ()
) -> tuple[str, ...] | None:
    """The source names that `source=` and `tag=` leave (None: every source)."""
    names = [s.strip() for s in sources if s.strip()]
    wanted = [t.strip() for t in tags if t.strip()]
    if not names and not wanted:
        return None
    if wanted:
        tagged = [s.name for s in config.sources if set(s.tags) & set(wanted)]
        names = [n for n in names if n in tagged] if names else tagged
    return tuple(dict.fromkeys(names))


def change_filter(
    config: Config,
    *,
    kinds: Iterable[str] = (),
    sources: Iterable[str] = (),
    tags: Iterable[str] = (),
    text: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> ChangeFilter:
    """A `ChangeFilter` from strings as a query string or the command line gives them."""
    checked = tuple(dict.fromkeys(_one_of("kind", k.strip(), CHANGE_KINDS) for k in kinds if k))
    start, end = _moment("since", since), _moment("until", until, end=True)
    if start and end and end <= start:
        raise FilterError("until: must be later than since")
    return ChangeFilter(checked, resolve_sources(config, sources, tags), _text("q", text),
                        start, end)  # fmt: skip


def number(name: str, value: str | float | None) -> float | None:
    """A non-negative number (`150000`, `150k`), or None when empty."""
    if value is None or value == "":
        return None
    text = str(value).strip().lower().replace(",", "").replace("_", "")
    scale = 1000 if text.endswith("k") else 1
    try:
        amount = float(text.removesuffix("k")) * scale
    except ValueError:
        raise FilterError(f"{name}: {value!r} is not a number") from None
    if not (0 <= amount < 1e12):
        raise FilterError(f"{name}: {value!r} is out of range")
    return amount


def posting_filter(
    config: Config,
    *,
    sources: Iterable[str] = (),
    tags: Iterable[str] = (),
    status: str | None = None,
    location: str | None = None,
    workplace: str | None = None,
    text: str | None = None,
    currency: str | None = None,
    min_pay: str | float | None = None,
    sort: str | None = None,
    transparency: str | None = None,
) -> PostingFilter:
    """A `PostingFilter` from strings as a query string or the command line gives them."""
    cur = (currency or "").strip().upper() or None
    if cur is not None and not _CURRENCY.match(cur):
        raise FilterError(f"currency: {currency!r} is not an ISO 4217 code like USD or EUR")
    minimum = number("min_pay", min_pay)
    order = _one_of("sort", sort or "new", POSTING_SORTS)
    if (minimum is not None or order == "pay") and cur is None:
        what = "min_pay" if minimum is not None else "sort=pay"
        raise FilterError(f"{what}: needs currency (e.g. currency=USD): pay is compared "
                          "within one currency")  # fmt: skip
    return PostingFilter(
        sources=resolve_sources(config, sources, tags),
        status=_one_of("status", status or "open", STATUSES),
        location=_text("location", location),
        workplace=_one_of("workplace", workplace, WORKPLACES) if workplace else None,
        text=_text("q", text),
        currency=cur,
        min_pay=minimum,
        sort=order,
        transparency=_one_of("transparency", transparency.strip(), TRANSPARENCY)
        if transparency and transparency.strip()
        else None,
    )


PERIODS = tuple(PER_YEAR)


@dataclass(frozen=True)
class PayFilter:
    """Whose pay `rolewatch pay` and /pay sum up, and in which currency and period."""

    sources: tuple[str, ...] | None = None
    title: str | None = None  # regexes, matched by RE2 anywhere, case-insensitively
    location: str | None = None
    currency: str = "USD"
    period: str = "year"


def pay_filter(
    config: Config,
    *,
    sources: Iterable[str] = (),
    tags: Iterable[str] = (),
    title: str | None = None,
    location: str | None = None,
    currency: str | None = None,
    period: str | None = None,
) -> PayFilter:
    """A `PayFilter` from strings as a query string or the command line gives them."""
    cur = (currency or "").strip().upper() or "USD"
    if not _CURRENCY.match(cur):
        raise FilterError(f"currency: {currency!r} is not an ISO 4217 code like USD or EUR")
    patterns = {}
    for name, value in (("title", title), ("location", location)):
        text = _text(name, value)
        if text is not None:
            try:
                check_regex(text)
            except ValueError as exc:
                raise FilterError(f"{name}: {exc}") from None
        patterns[name] = text
    return PayFilter(
        sources=resolve_sources(config, sources, tags),
        title=patterns["title"],
        location=patterns["location"],
        currency=cur,
        period=_one_of("period", (period or "year").strip(), PERIODS),
    )


def limit(value: str | int | None, default: int = 50) -> int:
    """A page size between 1 and MAX_LIMIT."""
    if value is None or value == "":
        return default
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise FilterError(f"limit: {value!r} is not a whole number") from None
    if not 1 <= size <= MAX_LIMIT:
        raise FilterError(f"limit: give a number from 1 to {MAX_LIMIT}")
    return size


def encode_cursor(*values: Any) -> str:
    """An opaque cursor for the row after which the next page starts."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None, shape: Sequence[Any]) -> list[Any] | None:
    """The values of a cursor made by `encode_cursor`, checked against their types (a
    `datetime` in `shape` is read back from its ISO string)."""
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != len(shape):
        raise FilterError(BAD_CURSOR)
    out = []
    for item, kind in zip(values, shape, strict=True):
        if kind is datetime:
            item = parse_when(item) if isinstance(item, str) else None
        elif isinstance(item, bool) or not isinstance(item, kind):
            item = None
        if item is None:
            raise FilterError(BAD_CURSOR)
        out.append(item)
    return out
