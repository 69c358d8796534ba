"""Apply one source's crawl to the store, in one transaction of its own.

The source's run row, its failure streak (`source_failing`/`source_recovered`), the listing
(store/listing.py), the changes and their outbox rows and the listing's HTTP validators are
written together, or not at all.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config, Source
from monitor.diff import health
from monitor.items import ListingEnd, Posting
from monitor.store.listing import Cycle, apply_listing
from monitor.store.models import HttpCacheRow, PostingRow, RunRow, SourceRow
from monitor.store.result import Known, SourceResult

__all__ = ["Known", "SourceResult", "Store", "settings_hash"]

logger = logging.getLogger(__name__)


def settings_hash(source: Source) -> str:
    """A hash of the source settings that decide what its listing yields."""
    import hashlib

    data = source.model_dump(
        mode="json",
        include={"kind", "board", "url", "include", "exclude", "links", "fields", "render"},
    )
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()


class Store:
    """The store as the crawl sees it: `apply` one finished listing at a time."""

    def __init__(self, engine: Engine, config: Config):
        self.engine = engine
        self.config = config
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer; serialising here avoids lock waits between worker threads.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    def apply(
        self, source: Source, postings: list[Posting], end: ListingEnd, started_at: datetime
    ) -> SourceResult:
        """Store one source's listing and the changes it implies; never touches other sources."""
        if self._lock is None:
            return self._apply(source, postings, end, started_at)
        with self._lock:
            return self._apply(source, postings, end, started_at)

    def _apply(
        self, source: Source, postings: list[Posting], end: ListingEnd, started_at: datetime
    ) -> SourceResult:
        began = time.perf_counter()
        result = SourceResult(source.name, end.status, end.error, pages=end.pages)
        with self.sessions.begin() as session:
            row = self._source_row(session, source)
            cycle = Cycle(session, self.config, source, row)
            state = health(row.failures_in_row, row.failing_alerted, failed=end.status == "failed")
            if state.event == "source_failing":
                cycle.change(
                    state.event,
                    None,
                    None,
                    None,
                    None,
                    {"error": end.error, "failures": state.failures},
                )
            elif state.event == "source_recovered":
                streak = {"error": row.last_error, "failures": row.failures_in_row}
                cycle.change(state.event, None, None, None, streak, None)
            row.failures_in_row, row.failing_alerted = state.failures, state.alerted
            row.last_run_at, row.last_status = cycle.now, end.status
            baseline_count = None
            if end.status == "failed":
                row.last_error = end.error
            else:
                row.last_error = end.error if end.status == "partial" else None
                row.last_success_at = cycle.now
                baseline = row.baseline_at is None
                apply_listing(cycle, postings, end, result, baseline)
                if end.validators:
                    self._save_validators(cycle, end)
                if baseline:
                    row.baseline_at = cycle.now
                    result.baseline = True
                    baseline_count = result.open
            run = RunRow(
                source_id=row.id,
                started_at=started_at,
                finished_at=cycle.now,
                status=end.status,
                error=end.error,
                pages=end.pages,
                seen=result.seen,
                new=result.new,
                changed=result.changed,
                removed=result.removed,
                changes=len(cycle.changes),
            )
            session.add(run)
            session.flush()
            cycle.flush(run.id, baseline_count)
            for item in cycle.changes:
                result.changes[item["kind"]] = result.changes.get(item["kind"], 0) + 1
        result.seconds = time.perf_counter() - began
        return result

    def known(self, names: list[str]) -> dict[str, dict[str, Known]]:
        """Per source, what is stored of each open posting: for boards read in two steps."""
        out: dict[str, dict[str, Known]] = {name: {} for name in names}
        with self.sessions() as session:
            rows = session.execute(
                select(
                    SourceRow.name,
                    PostingRow.external_id,
                    PostingRow.listing_hash,
                    PostingRow.details_at,
                )
                .join(SourceRow, SourceRow.id == PostingRow.source_id)
                .where(SourceRow.name.in_(names), PostingRow.status == "open")
            )
            for name, external_id, listing_hash, details_at in rows:
                out[name][external_id] = Known(listing_hash, details_at)
        return out

    def validators(self, sources: list[Source]) -> dict[str, dict[str, tuple]]:
        """Per source, the stored validators of its listing URLs, if read with its settings."""
        hashes = {s.name: settings_hash(s) for s in sources}
        out: dict[str, dict[str, tuple]] = {name: {} for name in hashes}
        with self.sessions() as session:
            rows = session.execute(
                select(
                    SourceRow.name,
                    HttpCacheRow.url,
                    HttpCacheRow.etag,
                    HttpCacheRow.last_modified,
                    HttpCacheRow.config_hash,
                )
                .join(SourceRow, SourceRow.id == HttpCacheRow.source_id)
                .where(SourceRow.name.in_(list(hashes)))
            )
            for name, url, etag, modified, config in rows:
                if config == hashes[name]:
                    out[name][url] = (etag, modified)
        return out

    def _save_validators(self, cycle: Cycle, end: ListingEnd) -> None:
        session = cycle.session
        session.execute(
            delete(HttpCacheRow).where(
                HttpCacheRow.source_id == cycle.row.id, HttpCacheRow.url.in_(list(end.validators))
            )
        )
        config = settings_hash(cycle.source)
        session.execute(
            insert(HttpCacheRow),
            [
                {
                    "url": url,
                    "source_id": cycle.row.id,
                    "etag": etag,
                    "last_modified": modified,
                    "config_hash": config,
                    "updated_at": cycle.now,
                }
                for url, (etag, modified) in end.validators.items()
            ],
        )

    def _source_row(self, session: Session, source: Source) -> SourceRow:
        row = session.scalar(select(SourceRow).where(SourceRow.name == source.name))
        if row is None:
            row = SourceRow(
                name=source.name, kind=source.kind, failures_in_row=0, failing_alerted=False
            )
            session.add(row)
            session.flush()
        elif row.kind != source.kind:
            row.kind = source.kind
        return row
