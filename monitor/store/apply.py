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
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config, Source
from monitor.diff import health
from monitor.items import ListingEnd, Posting
from monitor.parallel import Prepared
from monitor.store.listing import Cycle, apply_listing
from monitor.store.models import HttpCacheRow, PostingRow, RunRow, SourceRow
from monitor.store.result import Known, SourceResult
from monitor.timeutil import utcnow

__all__ = ["Known", "SourceResult", "Store", "settings_hash"]

logger = logging.getLogger(__name__)


# Built once: constructing statements is a good part of the cost of a source that did not change
_SOURCE_STATE = select(
    SourceRow.id,
    SourceRow.kind,
    SourceRow.failures_in_row,
    SourceRow.failing_alerted,
    SourceRow.baseline_at,
    SourceRow.last_error,
).where(SourceRow.name == bindparam("name"))
_RUN = insert(RunRow).returning(RunRow.id)
_SOURCE_UPDATES: dict[frozenset[str], Any] = {}


def _source_update(columns: frozenset[str]) -> Any:
    """UPDATE sources SET <columns> WHERE id = :b_id, built once per set of columns."""
    if columns not in _SOURCE_UPDATES:
        _SOURCE_UPDATES[columns] = (
            update(SourceRow)
            .where(SourceRow.id == bindparam("b_id"))
            .values(
                {
                    name: bindparam(f"b_{name}", type_=SourceRow.__table__.c[name].type)
                    for name in sorted(columns)
                }
            )
        )
    return _SOURCE_UPDATES[columns]


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
        self,
        source: Source,
        postings: list[Posting],
        end: ListingEnd,
        started_at: datetime,
        prepared: Prepared | None = None,
    ) -> SourceResult:
        """Store one source's listing and the changes it implies; never touches other sources.

        `prepared` holds postings already normalised elsewhere (by raw hash).
        """
        if self._lock is None:
            return self._apply(source, postings, end, started_at, prepared)
        with self._lock:
            return self._apply(source, postings, end, started_at, prepared)

    def cold(self, names: list[str]) -> list[str]:
        """The sources among these that have no baseline yet."""
        with self.sessions() as session:
            done = set(
                session.scalars(
                    select(SourceRow.name).where(
                        SourceRow.name.in_(names), SourceRow.baseline_at.is_not(None)
                    )
                )
            )
        return [name for name in names if name not in done]

    def raw_hashes(self, names: list[str]) -> dict[str, str]:
        """Posting key -> raw hash for these sources, in one query."""
        with self.sessions() as session:
            rows = session.execute(
                select(PostingRow.key, PostingRow.raw_hash)
                .join(SourceRow, SourceRow.id == PostingRow.source_id)
                .where(SourceRow.name.in_(names))
            )
            return dict(rows.all())

    def _apply(
        self,
        source: Source,
        postings: list[Posting],
        end: ListingEnd,
        started_at: datetime,
        prepared: Prepared | None,
    ) -> SourceResult:
        began = time.perf_counter()
        result = SourceResult(source.name, end.status, end.error, pages=end.pages)
        with self.sessions.begin() as session:
            # Core statements, not ORM objects: this runs once per source per cycle, and for
            # thousands of unchanged sources the ORM's bookkeeping would be most of the cost
            row = self._source_row(session, source)
            cycle = Cycle(session, self.config, source, row)
            state = health(row.failures_in_row, row.failing_alerted, failed=end.status == "failed")
            if state.event == "source_failing":
                streak = {"error": end.error, "failures": state.failures}
                cycle.change(state.event, None, None, None, None, streak)
            elif state.event == "source_recovered":
                streak = {"error": row.last_error, "failures": row.failures_in_row}
                cycle.change(state.event, None, None, None, streak, None)
            values: dict[str, Any] = {
                "failures_in_row": state.failures,
                "failing_alerted": state.alerted,
                "last_run_at": cycle.now,
                "last_status": end.status,
                "last_error": end.error if end.status != "complete" else None,
            }
            baseline_count = None
            if end.status != "failed":
                values["last_success_at"] = cycle.now
                baseline = row.baseline_at is None
                apply_listing(cycle, postings, end, result, baseline, prepared or {})
                if end.validators:
                    self._save_validators(cycle, end)
                if baseline:
                    values["baseline_at"] = cycle.now
                    result.baseline = True
                    baseline_count = result.open
            conn = session.connection()
            params = {f"b_{name}": value for name, value in values.items()}
            conn.execute(_source_update(frozenset(values)), {**params, "b_id": row.id})
            run_id = conn.execute(
                _RUN,
                {
                    "source_id": row.id,
                    "started_at": started_at,
                    "finished_at": cycle.now,
                    "status": end.status,
                    "error": end.error,
                    "pages": end.pages,
                    "seen": result.seen,
                    "new": result.new,
                    "changed": result.changed,
                    "removed": result.removed,
                    "changes": len(cycle.changes),
                },
            ).scalar_one()
            cycle.flush(run_id, baseline_count)
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

    def _source_row(self, session: Session, source: Source) -> SimpleNamespace:
        """The stored state of a source (created on its first crawl)."""
        found = session.connection().execute(_SOURCE_STATE, {"name": source.name}).first()
        if found is None:
            source_id = session.scalar(
                insert(SourceRow)
                .values(
                    name=source.name,
                    kind=source.kind,
                    failures_in_row=0,
                    failing_alerted=False,
                    created_at=utcnow(),
                )
                .returning(SourceRow.id)
            )
            return SimpleNamespace(
                id=source_id,
                failures_in_row=0,
                failing_alerted=False,
                baseline_at=None,
                last_error=None,
            )
        if found.kind != source.kind:
            session.execute(
                update(SourceRow).where(SourceRow.id == found.id).values(kind=source.kind)
            )
        return SimpleNamespace(**found._asdict())
