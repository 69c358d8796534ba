"""Crontab expressions read as cron reads them (day-of-week 0 and 7 are Sunday): a leaf that
config validation and the daemon's schedule both use."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NAMES = {name: number for number, name in enumerate(_DAYS)}


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday) as APScheduler 3 day names.

    `CronTrigger.from_crontab` reads numbers as 0 = Monday, so `1-5` would mean Tuesday to
    Saturday; names mean the same to both.
    """
    if field.strip() == "*":
        return "*"
    days: set[int] = set()
    for token in field.lower().split(","):
        base, _, step_text = token.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            first, last = 0, 6
        else:
            low, _, high = base.partition("-")
            first = _day(low)
            last = _day(high) if high else (6 if step_text else first)
        if step < 1 or last < first:
            raise ValueError(f"day-of-week {token!r} is not a valid range")
        days.update(d % 7 for d in range(first, last + 1, step))
    return ",".join(_DAYS[d] for d in sorted(days))


def _day(text: str) -> int:
    text = text.strip()
    if text in _NAMES:
        return _NAMES[text]
    if re.fullmatch(r"[0-7]", text):
        return int(text)  # 7 is Sunday too: callers take the day modulo 7
    raise ValueError(f"{text!r} is not a day of the week")


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A CronTrigger for a five-field crontab expression, read as cron reads it."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{expression!r} should have five fields")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=crontab_weekdays(weekday),
        timezone=ZoneInfo(timezone),
    )
