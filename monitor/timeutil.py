"""Time helpers: UTC now, ISO formatting, parsing board dates and `--since`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A moment in UTC, timezone-aware: a naive one (as SQLite gives them back) is read as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, seconds precision."""
    if value is None:
        return None
    return aware(value).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_when(value: str | int | float | None) -> datetime | None:
    """A board's date: ISO 8601 (with or without offset), a date, or epoch (s or ms)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        number = float(value)
        if number > 1e11:  # epoch milliseconds, as Lever gives them
            number /= 1000
        try:
            return datetime.fromtimestamp(number, UTC)
        except (OverflowError, OSError, ValueError):  # 1e20, NaN: no date at all
            return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return aware(parsed)


_AGO = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`7d`, `12h`, `2w` back from now, or an ISO date/datetime."""
    now = now or utcnow()
    match = _AGO.match(value)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
        return now - timedelta(seconds=amount * seconds)
    parsed = parse_when(value)
    if parsed is None:
        raise ValueError(f"{value!r} is neither a period like 7d/12h nor a date like 2026-01-31")
    return parsed
