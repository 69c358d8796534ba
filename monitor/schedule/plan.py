"""When each source runs: its trigger, its period, and when it counts as overdue.

A source with `every:` runs on that interval, each run delayed by a random jitter of at most
min(10% of the period, 5 minutes) so that many sources do not hit the network at the same
instant; the jitter never accumulates, so `every: 1h` means 24 runs a day. A source with
`cron:` runs at those times in its `timezone:` (crontab's day-of-week numbers, 0 or 7 being
Sunday). A source with neither runs every 6 hours (`DEFAULT_EVERY`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from monitor.config import Source
from monitor.cron import cron_trigger

DEFAULT_EVERY = timedelta(hours=6)
MAX_JITTER = timedelta(minutes=5)
JITTER_SHARE = 0.10
MIN_GRACE = timedelta(seconds=30)
MAX_GRACE = timedelta(hours=1)


class SteadyInterval(BaseTrigger):
    """Every `interval` from `anchor`, each run delayed by up to `jitter`, without drift.

    APScheduler's own IntervalTrigger adds the jitter to the previous (already jittered)
    run, so runs drift later by half the jitter on average, every period.
    """

    __slots__ = ("interval", "jitter", "anchor")

    def __init__(self, interval: timedelta, jitter: timedelta, anchor: datetime) -> None:
        if interval <= timedelta(0):
            raise ValueError("interval must be positive")
        self.interval, self.jitter, self.anchor = interval, jitter, anchor

    def _base(self, k: int) -> datetime:
        return self.anchor + self.interval * k

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        step = self.interval.total_seconds()
        if previous_fire_time is None:
            behind = (now - self.anchor).total_seconds()
            base = self.anchor if behind <= 0 else self._base(math.ceil(behind / step))
        else:
            # the previous run was at base + [0, jitter) and jitter < interval: round down
            done = math.floor((previous_fire_time - self.anchor).total_seconds() / step + 1e-6)
            base = self._base(done + 1)
        return base + timedelta(seconds=random.uniform(0, self.jitter.total_seconds()))

    def __str__(self) -> str:
        return f"every {self.interval} (jitter up to {self.jitter})"


@dataclass(frozen=True)
class Plan:
    """A source's schedule, as the daemon and the health check read it."""

    source: str
    every: timedelta | None
    cron: str | None
    timezone: str
    timeout: timedelta

    @property
    def jitter(self) -> timedelta:
        if self.every is None:
            return timedelta(0)
        return min(self.every * JITTER_SHARE, MAX_JITTER)

    def cron_trigger(self) -> CronTrigger:
        assert self.cron is not None
        return cron_trigger(self.cron, self.timezone)

    def trigger(self, anchor: datetime) -> BaseTrigger:
        """The APScheduler trigger; an interval counts from `anchor` (the first run)."""
        if self.cron is not None:
            return self.cron_trigger()
        assert self.every is not None
        return SteadyInterval(self.every, self.jitter, anchor)

    def next_after(self, moment: datetime) -> datetime:
        """The first scheduled time after `moment`, without jitter."""
        if self.cron is None:
            assert self.every is not None
            return moment + self.every
        found = self.cron_trigger().get_next_fire_time(None, moment + timedelta(microseconds=1))
        return found if found is not None else moment + DEFAULT_EVERY

    def period(self, now: datetime) -> timedelta:
        """The time between runs (for cron, between the next two)."""
        if self.every is not None:
            return self.every
        first = self.next_after(now)
        return self.next_after(first) - first

    def grace(self, now: datetime) -> timedelta:
        """How late a run may start (after a suspend, say) before it is skipped as missed."""
        return min(max(self.period(now), MIN_GRACE), MAX_GRACE)

    def first_run(self, last_run: datetime | None, now: datetime) -> datetime:
        """When to run first: now if a scheduled run was missed (or it never ran)."""
        if last_run is None:
            return now
        due = self.next_after(last_run)
        return now if due <= now else due

    def overdue_at(self, since: datetime) -> datetime:
        """When a source whose last success was at `since` counts as overdue.

        That is when two scheduled runs have passed without a success, plus the jitter and
        the source's timeout (the second run may still be crawling).
        """
        second = self.next_after(self.next_after(since))
        return second + self.jitter + self.timeout

    def key(self) -> tuple[object, ...]:
        """What decides the trigger: a change means the source is rescheduled."""
        return (self.every, self.cron, self.timezone if self.cron else None)


def plan_for(source: Source) -> Plan:
    """The schedule of a source: its `every`, else its `cron`, else every 6 hours."""
    every = source.every
    if source.cron is None and (every is None or every <= timedelta(0)):
        # `0s` means "every cycle" for check's other settings; as a schedule it would spin
        every = DEFAULT_EVERY if every is None else timedelta(seconds=1)
    return Plan(source.name, every, source.cron, source.timezone, source.timeout)
