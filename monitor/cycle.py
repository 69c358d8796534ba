"""One cycle, the unit of work of `check` and of the daemon: crawl, store, diff, alert."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from monitor.config import Config, Source
from monitor.store.db import ensure_schema, make_engine, resolve_url
from monitor.store.writer import SourceResult, Store

logger = logging.getLogger(__name__)


@dataclass
class CycleReport:
    """What a cycle did: a result per source and what the alert delivery did."""

    results: list[SourceResult]
    seconds: float
    delivery: dict[str, Any] | None = None
    notify_error: str | None = None

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "sources": [r.as_dict() for r in self.results],
            "alerts": self.delivery,
            "notify_error": self.notify_error,
        }


def open_store(config: Config, db_url: str | None) -> Engine:
    """The engine for this config, with the schema created or upgraded."""
    engine = make_engine(resolve_url(db_url, config.database))
    ensure_schema(engine)
    return engine


def run_cycle(
    config: Config,
    engine: Engine,
    sources: list[Source],
    *,
    notify: bool = True,
    on_start: Callable[[], None] | None = None,
    on_done: Callable[[SourceResult], None] | None = None,
) -> CycleReport:
    """Crawl the sources once, store and diff each, then deliver pending alerts.

    `on_start` is called once the store's child processes are started (a progress bar may
    start its thread then), `on_done` as each source is stored.
    """
    from monitor.crawl import crawl

    began = time.perf_counter()
    store = Store(engine, config)
    results = crawl(config, sources, store, on_start=on_start, on_done=on_done)
    ordered = [results[s.name] for s in sources if s.name in results]
    report = CycleReport(ordered, 0.0)
    if notify and config.notify:
        report.delivery, report.notify_error = deliver_alerts(engine, config)
    report.seconds = time.perf_counter() - began
    for result in ordered:
        # the summary on stdout (or --json) is the report; these lines are for -v and the daemon
        logger.info(
            "%s: %s, %d seen, %d new, %d changed, %d removed, %.2fs%s",
            result.source,
            result.status,
            result.seen,
            result.new,
            result.changed,
            result.removed,
            result.seconds,
            f" ({result.error})" if result.error else "",
        )
    return report


def deliver_alerts(engine: Engine, config: Config) -> tuple[dict[str, Any] | None, str | None]:
    """Deliver pending alerts; a delivery problem is reported, never fatal to the cycle."""
    from monitor import notify

    try:
        return notify.deliver(engine, config).as_dict(), None
    except Exception as exc:  # alerts stay pending in the outbox and go out next cycle
        logger.exception("alert delivery failed")
        return None, f"alert delivery failed: {type(exc).__name__}"
