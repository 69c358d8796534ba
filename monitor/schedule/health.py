"""What the daemon knows of each source's health: the document `/healthz` serves.

`/healthz` answers 200 while every source is on schedule and 503 once any is overdue (two of
its scheduled runs have passed since its last success, or since the daemon began watching it,
plus its jitter and its timeout) or its last crawl was refused (`check` rejected the config
it was given, so nothing is crawled at all). The web app (`monitor.web`) serves it, beside
`/metrics`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.config import format_duration
from monitor.schedule.plan import Plan
from monitor.timeutil import isoformat

logger = logging.getLogger(__name__)


@dataclass
class SourceState:
    """One source as the daemon last saw it (read from the database after each crawl)."""

    plan: Plan
    watched_since: datetime
    last_run: datetime | None = None
    last_success: datetime | None = None
    status: str | None = None
    failures: int = 0
    error: str | None = None
    open: int | None = None
    running: bool = False
    refused: str | None = None  # why its last crawl was refused (a config `check` rejected)

    def overdue(self, now: datetime) -> bool:
        return now > self.plan.overdue_at(self.last_success or self.watched_since)

    def lag(self, now: datetime) -> float:
        """Seconds past the run that should have brought the next success; 0 if none is."""
        expected = self.plan.next_after(self.last_success or self.watched_since)
        return max(0.0, (now - expected).total_seconds())

    def as_dict(self, now: datetime, next_run: datetime | None) -> dict[str, Any]:
        plan = self.plan
        schedule = f"every {format_duration(plan.every)}" if plan.every else f"cron {plan.cron}"
        return {
            "schedule": schedule,
            "timezone": plan.timezone if plan.cron else None,
            "period_seconds": plan.period(now).total_seconds(),
            "last_run": isoformat(self.last_run),
            "last_success": isoformat(self.last_success),
            "status": self.status,
            "error": self.error,
            "failures_in_row": self.failures,
            "open_postings": self.open,
            "running": self.running,
            "next_run": isoformat(next_run),
            "lag_seconds": round(self.lag(now), 3),
            "overdue": self.overdue(now),
            "refused": self.refused,
        }


class Health:
    """Every watched source's state; safe to read from the HTTP thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: dict[str, SourceState] = {}

    def watch(self, plan: Plan, since: datetime) -> SourceState:
        """Start (or keep) watching a source under this plan."""
        with self._lock:
            state = self._sources.get(plan.source)
            if state is None:
                state = self._sources[plan.source] = SourceState(plan, since)
            else:
                state.plan = plan
            return state

    def forget(self, names: set[str]) -> None:
        with self._lock:
            for name in names:
                self._sources.pop(name, None)

    def update(self, name: str, **fields: Any) -> None:
        with self._lock:
            state = self._sources.get(name)
            if state is not None:
                for key, value in fields.items():
                    setattr(state, key, value)

    def get(self, name: str) -> SourceState | None:
        with self._lock:
            return self._sources.get(name)

    def names(self) -> list[str]:
        with self._lock:
            return list(self._sources)

    def report(
        self, now: datetime, next_runs: dict[str, datetime | None]
    ) -> tuple[bool, dict[str, Any]]:
        """(healthy, the /healthz document)."""
        with self._lock:
            sources = {
                name: state.as_dict(now, next_runs.get(name))
                for name, state in self._sources.items()
            }
        overdue = sorted(name for name, s in sources.items() if s["overdue"])
        refused = sorted(name for name, s in sources.items() if s["refused"])
        doc = {
            "status": "refused" if refused else "overdue" if overdue else "ok",
            "now": isoformat(now),
            "overdue": overdue,
            "refused": refused,
            "sources": sources,
        }
        return not overdue and not refused, doc
