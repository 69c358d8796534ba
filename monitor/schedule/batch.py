"""One batch: the sources that fell due together, crawled by one `check` child, with timeouts.

`check` fails a source whose crawl outlasts its `timeout:` by itself (its requests end at that
deadline). The daemon's own deadline is a net for a child that hangs: `timeout:` plus
DEADLINE_SLACK, counted from the start of the child. When it passes, the database says whether
that source was stored meanwhile; if not, the child (and everything it started) is killed, the
late source is recorded as failed like any failed crawl (so three in a row raise
`source_failing`), and the sources killed with it before their own deadline are handed back to
run again at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from monitor.config import Config, Source, format_duration
from monitor.schedule.child import KILL_WAIT, Child
from monitor.store.queries import results_since, stored_since
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

EXIT_ALLOWANCE = 120.0  # seconds after the last deadline for alerts to go out and the exit
DEADLINE_SLACK = 30.0  # seconds for `check` to store a source it stopped for its timeout


@dataclass
class Outcome:
    """What a batch did: `outcome` is ok, failed, timeout, crashed, refused or aborted."""

    names: list[str]
    outcome: str
    seconds: float
    code: int | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    alerts: dict[str, Any] | None = None
    notify_error: str | None = None
    timed_out: list[str] = field(default_factory=list)
    retry: list[str] = field(default_factory=list)


def record_failure(
    engine: Engine, config: Config, source: Source, error: str, started: datetime
) -> dict[str, Any]:
    """Store a failed crawl of `source` as the crawl itself would have."""
    from monitor.items import ListingEnd
    from monitor.store.writer import Store

    result = Store(engine, config).store_listing(
        source, [], ListingEnd(source.name, "failed", error), started
    )
    return result.as_dict()


def deadline(source: Source) -> float:
    """Seconds a child may run before the daemon kills it for this source."""
    return source.timeout.total_seconds() + DEADLINE_SLACK


def run_batch(
    engine: Engine,
    config: Config,
    sources: list[Source],
    argv: list[str],
    on_start: Callable[[Child], None] = lambda _child: None,
) -> Outcome:
    """Run one child for these sources until it exits, times out or is killed from outside."""
    names = [s.name for s in sources]
    started = utcnow()
    child = Child(argv)
    on_start(child)
    began = child.began
    deadlines = sorted((began + deadline(s), s.name) for s in sources)
    last = deadlines[-1][0] + EXIT_ALLOWANCE if deadlines else began + EXIT_ALLOWANCE
    stored: set[str] = set()
    expired: list[str] = []
    hung = False
    try:
        while True:
            waiting = [(at, name) for at, name in deadlines if name not in stored]
            next_at = waiting[0][0] if waiting else last
            if child.wait(max(0.0, next_at - time.monotonic())) or child.killed:
                break
            now = time.monotonic()
            due = [name for at, name in waiting if at <= now]
            if not waiting:
                hung = True  # every source stored, yet the child has not exited
            else:
                stored |= stored_since(engine, due, started)
                expired = [name for name in due if name not in stored]
            if hung or expired:
                child.kill()
                break
    finally:
        if child.proc.poll() is None:
            # killed, or an error here (the database gone at a deadline): never leave it running
            child.kill()
        child.wait(KILL_WAIT)
    finished = child.result()
    outcome = Outcome(names, "ok", finished.seconds, code=finished.code)
    if finished.summary is not None:
        outcome.results = list(finished.summary.get("sources") or [])
        outcome.alerts = finished.summary.get("alerts")
        outcome.notify_error = finished.summary.get("notify_error")
        outcome.outcome = "ok" if finished.summary.get("ok") else "failed"
        return outcome
    outcome.results = results_since(engine, names, started)
    done = {r["source"] for r in outcome.results}
    by_name = {s.name: s for s in sources}
    if expired:
        outcome.outcome, outcome.timed_out = "timeout", expired
        outcome.retry = [n for n in names if n not in done and n not in expired]
        for name in expired:
            timeout = format_duration(by_name[name].timeout)
            error = f"timed out after {timeout}: the crawl was stopped"
            outcome.results.append(record_failure(engine, config, by_name[name], error, started))
    elif hung:
        outcome.outcome = "timeout"
        logger.warning(
            "check for %s stored every source but did not exit; killed it", ", ".join(names)
        )
    elif finished.killed:
        outcome.outcome = "aborted"
    elif finished.code == 2:
        outcome.outcome = "refused"  # it printed why (a config or usage error) on stderr
    else:
        outcome.outcome = "crashed"
        error = f"the check process ended with exit code {finished.code} before storing it"
        for name in names:
            if name not in done:
                outcome.results.append(
                    record_failure(engine, config, by_name[name], error, started)
                )
    return outcome
