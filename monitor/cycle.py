"""One cycle, the unit of work of `check` and of the daemon: crawl, store, diff, alert."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from monitor.config import Config, Source
from monitor.errors import StoreError
from monitor.store import assessing
from monitor.store.db import ensure_schema, make_engine, resolve_url, schema_state, where
from monitor.store.writer import SourceResult, Store
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)


@dataclass
class CycleReport:
    """What a cycle did: a result per source and what the alert delivery did."""

    results: list[SourceResult]
    seconds: float
    delivery: dict[str, Any] | None = None
    notify_error: str | None = None
    dry_run: bool = False

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
            **({"dry_run": True} if self.dry_run else {}),
        }


def open_store(config: Config, db_url: str | None) -> Engine:
    """The engine for this config, with the schema created or upgraded."""
    engine = make_engine(resolve_url(db_url, config.database))
    ensure_schema(engine)
    return engine


@contextmanager
def engine_for_check(config: Config, db_url: str | None, *, dry_run: bool) -> Iterator[Engine]:
    """The engine a `check` stores with. A dry run writes nothing, not even a schema: a
    database that has none yet is stood in for by an empty one in a temporary folder."""
    if not dry_run:
        yield open_store(config, db_url)
        return
    url = resolve_url(db_url, config.database)
    state = "absent" if _missing_file(url) else schema_state(engine := make_engine(url))
    if state == "current":
        yield engine
        engine.dispose()
        return
    if state == "old":
        raise StoreError(
            f"the database {where(engine)} needs `rolewatch db upgrade` before a dry run "
            "(which writes nothing, not even a migration)"
        )
    logger.warning("the database has no rolewatch schema yet: dry run against an empty one")
    with tempfile.TemporaryDirectory(prefix="rolewatch-dry-run-") as folder:
        empty = make_engine(f"sqlite:///{Path(folder) / 'empty.db'}")
        ensure_schema(empty)
        try:
            yield empty
        finally:
            empty.dispose()


def _missing_file(url: str) -> bool:
    """Whether `url` is a SQLite file that does not exist (opening it would create it)."""
    if not url.startswith("sqlite"):
        return False
    path = url.split("///", 1)[-1]
    return bool(path) and path != ":memory:" and not Path(path).expanduser().exists()


def run_cycle(
    config: Config,
    engine: Engine,
    sources: list[Source],
    *,
    notify: bool = True,
    dry_run: bool = False,
    on_start: Callable[[], None] | None = None,
    on_done: Callable[[SourceResult], None] | None = None,
) -> CycleReport:
    """Crawl the sources once (in shards, see `monitor.shards`), store and diff each, then
    deliver pending alerts.

    `notify=False` (`--no-notify`) writes this cycle's alerts as suppressed and sends
    nothing; `dry_run` keeps nothing at all (each result carries what it would have kept).
    `on_start` is called once the store's child processes are started (a progress bar may
    start its thread then), `on_done` as each source is stored.
    """
    from monitor.shards import crawl_sharded

    began = time.perf_counter()
    store = Store(engine, config, dry_run=dry_run, suppress=not notify)
    # in shards (child processes) or here; either way delivery is this process's, once
    results = crawl_sharded(config, sources, store, on_start=on_start, on_done=on_done)
    ordered = [results[s.name] for s in sources if s.name in results]
    report = CycleReport(ordered, 0.0, dry_run=dry_run)
    if notify and not dry_run and config.notify:
        report.delivery, report.notify_error = deliver_alerts(engine, config)
    if not dry_run:
        reassess(engine, config, [r.source for r in ordered if r.status != "failed"])
    report.seconds = time.perf_counter() - began
    by_name = {s.name: s for s in sources}
    for result in ordered:
        empty = result.status != "failed" and not result.seen and not result.open
        if empty and (result.baseline or result.status == "partial"):
            note = empty_listing_note(by_name[result.source], baseline=result.baseline)
            result.notes.append(note)
            logger.info("%s: %s", result.source, note)
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


EMPTY = "the listing was read but held no posting"


def empty_listing_note(source: Source, *, baseline: bool) -> str:
    """What to check when a source's first listing held no posting at all."""
    checks = []
    if source.kind in ("jsonld", "page"):
        checks.append("`url:` (the careers page that lists the roles)")
        checks.append(
            "`links:` (a CSS selector matching the posting links; leave it out for every "
            "link on the same host)"
        )
    else:
        url = " and `url:` (the listing API endpoint, not the careers page)" if source.url else ""
        checks.append(
            f"`board:` {source.board!r}{url} (`rolewatch detect URL` reads the board from the "
            "careers page's address)"
        )
    if source.render:
        checks.append("`wait_for:` (a selector that appears once the postings have loaded)")
    elif source.kind in ("jsonld", "page"):
        checks.append("`render: true` (a page that shows its roles only after JavaScript runs)")
    if source.include or source.exclude:
        checks.append("`include:`/`exclude:` (they may leave out every posting)")
    what = "baseline of 0 postings" if baseline else "no postings found, so no baseline yet"
    return (
        f"{what}: {EMPTY}. If the board does show roles, check {'; '.join(checks)}. "
        f"`rolewatch check --dry-run -s {source.name}` reads it again without keeping anything"
    )


def reassess(engine: Engine, config: Config, names: list[str]) -> None:
    """Bring these sources' pay-transparency assessments up to date (store/assessing.py); a
    failure is logged, never fatal to the cycle: the next one tries again."""
    try:
        assessing.refresh(engine, config, names, utcnow().date())
    except Exception:
        logger.exception("pay-transparency assessment failed")


def deliver_alerts(engine: Engine, config: Config) -> tuple[dict[str, Any] | None, str | None]:
    """Deliver pending alerts; a delivery problem is reported, never fatal to the cycle."""
    from monitor import notify

    try:
        return notify.deliver(engine, config).as_dict(), None
    except Exception as exc:  # alerts stay pending in the outbox and go out next cycle
        logger.exception("alert delivery failed")
        return None, f"alert delivery failed: {type(exc).__name__}"
