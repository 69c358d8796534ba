"""Apply finished listings to the store: a batch of sources in one transaction, or each alone.

For each source: its run row, its failure streak (`source_failing`/`source_recovered`), its
listing (store/listing.py), the changes and their outbox rows and the listing's HTTP
validators are written together, or not at all. Sources that end close together are stored in
one transaction with a few statements for all of them; should that fail, each source is stored
again in a transaction of its own, so that one source's problem never touches the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.orm import sessionmaker

from monitor.config import Config, Source
from monitor.diff import Streak, streak
from monitor.extract import VERSION as EXTRACTOR
from monitor.hashing import stable_hash
from monitor.items import ListingEnd, Posting
from monitor.store.assessing import stamp
from monitor.store.db import describe_error
from monitor.store.dryrun import preview
from monitor.store.listing import Turn, flush, record_listings
from monitor.store.models import HttpCacheRow, PostingRow, RunRow, SourceRow
from monitor.store.reread import other_readers
from monitor.store.result import Known, Prepared, SourceResult
from monitor.timeutil import aware, utcnow

__all__ = ["Known", "Listing", "SourceResult", "Store", "settings_hash"]

logger = logging.getLogger(__name__)


# Built once: constructing statements is a good part of the cost of a source that did not change
_SOURCE_STATES = select(
    SourceRow.id,
    SourceRow.name,
    SourceRow.kind,
    SourceRow.failures_in_row,
    SourceRow.failing_alerted,
    SourceRow.baseline_at,
    SourceRow.last_error,
    SourceRow.suspect_at,
    SourceRow.open_postings,
    SourceRow.listed_postings,
).where(SourceRow.name.in_(bindparam("b_names", expanding=True)))
_NEW_SOURCE = insert(SourceRow).returning(SourceRow.id)
_RUNS = insert(RunRow).returning(RunRow.id, sort_by_parameter_order=True)
_DROP_VALIDATORS = delete(HttpCacheRow).where(
    HttpCacheRow.source_id == bindparam("b_source"), HttpCacheRow.url == bindparam("b_url")
)
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
    data = source.model_dump(
        mode="json",
        include={"kind", "board", "url", "include", "exclude", "links", "fields", "render"},
    )
    return stable_hash(data)


class Listing(NamedTuple):
    """One source's finished listing, as the crawl hands it to the store."""

    source: Source
    postings: list[Posting]
    end: ListingEnd
    prepared: Prepared | None = None  # postings already normalised elsewhere, by raw hash


class Store:
    """The store as the crawl sees it: finished listings in, a result per source out."""

    def __init__(
        self, engine: Engine, config: Config, *, dry_run: bool = False, suppress: bool = False
    ):
        self.engine = engine
        self.config = config
        # `check --dry-run`: every listing is stored, diffed and its alerts queued as usual,
        # inside a transaction that is then rolled back; results carry what it would have kept
        self.dry_run = dry_run
        # `check --no-notify`: the outbox rows are written as suppressed, never to be sent
        self.suppress = suppress
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer; serialising here avoids lock waits between worker threads.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    def store_listing(
        self,
        source: Source,
        postings: list[Posting],
        end: ListingEnd,
        started_at: datetime,
        prepared: Prepared | None = None,
    ) -> SourceResult:
        """Store one source's listing and the changes it implies; never touches other sources.

        `prepared` holds postings already normalised elsewhere (by raw hash). A listing that
        cannot be stored is recorded as a failed crawl (see `store_listings`).
        """
        return self.store_listings([Listing(source, postings, end, prepared)], started_at)[0]

    def store_listings(self, listings: list[Listing], started_at: datetime) -> list[SourceResult]:
        """Store several sources' listings; a source that cannot be stored gets a failed result.

        One transaction for all of them; should it fail, one transaction per source.
        """
        if len(listings) > 1:
            try:
                return self._one_writer(listings, started_at)
            except Exception:
                logger.debug("storing %d sources at once failed", len(listings), exc_info=True)
        results = []
        for listing in listings:
            try:
                results.append(self._one_writer([listing], started_at)[0])
            except Exception as exc:
                results.append(self._failed(listing, exc, started_at))
        return results

    def _failed(self, listing: Listing, exc: Exception, started_at: datetime) -> SourceResult:
        """Record a listing that could not be stored as a failed crawl of its source.

        Counted like any failure (three in a row raise `source_failing`), so a board whose
        postings the database refuses is seen, not silently skipped every turn.
        """
        name = listing.source.name
        error = f"storing failed: {describe_error(exc)}"
        logger.error("%s: %s", name, error)
        logger.debug("storing %s failed", name, exc_info=True)
        end = ListingEnd(name, "failed", error, pages=listing.end.pages)
        try:
            return self._one_writer([Listing(listing.source, [], end)], started_at)[0]
        except Exception as again:  # the database itself is away: say so, lose nothing stored
            logger.error("%s: recording the failure failed too: %s", name, describe_error(again))
            return SourceResult(name, "failed", error, pages=listing.end.pages)

    def _one_writer(self, listings: list[Listing], started_at: datetime) -> list[SourceResult]:
        if self._lock is None:
            return self._write(listings, started_at)
        with self._lock:
            return self._write(listings, started_at)

    def _write(self, listings: list[Listing], started_at: datetime) -> list[SourceResult]:
        # Core statements on a connection, not ORM objects: this runs for every source every
        # cycle, and for thousands of unchanged sources the ORM's bookkeeping was most of it
        began = time.perf_counter()
        names = [listing.source.name for listing in listings]
        if len(set(names)) != len(names):
            raise ValueError("a source appears twice in one batch")
        with self._transaction() as conn:
            # a run never ends before it began: where the sink's start was set by another
            # machine's clock (a Scrapyd job starts no earlier than its batch), that holds
            now = max(utcnow(), aware(started_at))
            rows = self._source_rows(conn, [listing.source for listing in listings])
            turns = []
            for source, postings, end, prepared in listings:
                failed = end.status in ("failed", "interrupted")
                turns.append(
                    Turn(
                        config=self.config,
                        source=source,
                        row=rows[source.name],
                        postings=[] if failed else postings,  # a failed listing stores nothing
                        end=end,
                        prepared=prepared or {},
                        result=SourceResult(
                            source.name, end.status, end.error, pages=end.pages, notes=end.notes
                        ),
                        now=now,
                    )
                )
            # an interrupted crawl (a user's Ctrl-C) is neither a failure nor a success: it
            # leaves the source as it was, and only its run is recorded
            counted = [c for c in turns if c.end.status != "interrupted"]
            states = {id(turn): self._streak(turn) for turn in counted}
            read = [c for c in counted if c.end.status != "failed"]
            record_listings(conn, read, now)
            self._save_validators(conn, read)
            updates: dict[frozenset[str], list[dict[str, Any]]] = {}
            runs = []
            for turn in turns:
                end, result = turn.end, turn.result
                runs.append(
                    {
                        "source_id": turn.row.id,
                        "started_at": started_at,
                        "finished_at": now,
                        "status": result.status,
                        "error": result.error,
                        "pages": end.pages,
                        "seen": result.seen,
                        "new": result.new,
                        "changed": result.changed,
                        "removed": result.removed,
                        "changes": len(turn.changes),
                    }
                )
                if id(turn) not in states:
                    continue
                state = states[id(turn)]
                values: dict[str, Any] = {
                    "failures_in_row": state.failures,
                    "failing_alerted": state.alerted,
                    "last_run_at": now,
                    "last_status": result.status,
                    "last_error": result.error if result.status != "complete" else None,
                }
                if end.status != "failed":
                    values["last_success_at"] = now
                    # a partial listing that found nothing (a `links:` that matches nothing,
                    # a page still loading) is no baseline: its roles would all be "new" later
                    if turn.baseline and (result.status == "complete" or result.seen):
                        values["baseline_at"] = now
                        # its postings were all assessed as they were stored, under this
                        values["transparency_stamp"] = stamp(turn.source.employees, now.date())
                        result.baseline = True
                if turn.listed:
                    values["listed_at"] = now
                if end.status != "failed":  # what a 304 will repeat, or None: count again
                    known = turn.listed and result.status == "complete"
                    values["open_postings"] = result.open if known else None
                    values["listed_postings"] = result.seen if known else None
                if turn.suspect_at != turn.row.suspect_at:
                    values["suspect_at"] = turn.suspect_at
                params = {f"b_{name}": value for name, value in values.items()}
                updates.setdefault(frozenset(values), []).append(params | {"b_id": turn.row.id})
            for columns, rows_of in updates.items():
                conn.execute(_source_update(columns), rows_of)
            run_ids = conn.execute(_RUNS, runs).scalars().all()
            flush(conn, turns, dict(zip(names, run_ids, strict=True)), suppress=self.suppress)
            if self.dry_run:
                preview(conn, turns, now)
        seconds = time.perf_counter() - began
        for turn in turns:
            turn.result.seconds = seconds
        return [turn.result for turn in turns]

    def options(self) -> dict[str, bool]:
        """What a store opened elsewhere (a worker process) needs to act as this one."""
        return {"dry_run": self.dry_run, "suppress": self.suppress}

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A connection in a transaction: committed, or on a dry run rolled back."""
        with self.engine.connect() as conn, conn.begin() as transaction:
            yield conn
            if self.dry_run:
                transaction.rollback()

    @staticmethod
    def _streak(turn: Turn) -> Streak:
        """The source's failure streak after this crawl, and its change if it calls for one."""
        row, end = turn.row, turn.end
        state = streak(row.failures_in_row, row.failing_alerted, failed=end.status == "failed")
        if state.event == "source_failing":
            failing = {"error": end.error, "failures": state.failures}
            turn.change(state.event, None, None, None, None, failing)
        elif state.event == "source_recovered":
            failing = {"error": row.last_error, "failures": row.failures_in_row}
            turn.change(state.event, None, None, None, failing, None)
        return state

    def runs_since(self, names: list[str], since: datetime) -> dict[str, SourceResult]:
        """The last run of each of these sources recorded since `since`, as a result (what a
        shard stored before dying without reporting it); sources without one are left out."""
        with self.sessions() as session:
            rows = session.execute(
                select(SourceRow.name, RunRow)
                .join(RunRow, RunRow.source_id == SourceRow.id)
                .where(SourceRow.name.in_(names), RunRow.started_at >= since)
                .order_by(RunRow.id)
            ).all()
        return {
            name: SourceResult(
                name,
                run.status,
                run.error,
                seen=run.seen,
                new=run.new,
                changed=run.changed,
                removed=run.removed,
                pages=run.pages,
            )  # fmt: skip
            for name, run in rows
        }

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
        """Posting key -> raw hash for these sources, in one query: the postings that need no
        reading if their raw fields are unchanged (those read by other readers do)."""
        with self.sessions() as session:
            rows = session.execute(
                select(PostingRow.key, PostingRow.raw_hash)
                .join(SourceRow, SourceRow.id == PostingRow.source_id)
                .where(SourceRow.name.in_(names), PostingRow.extractor == EXTRACTOR)
            )
            return dict(rows.all())

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
                    PostingRow.extractor,
                )
                .join(SourceRow, SourceRow.id == PostingRow.source_id)
                .where(SourceRow.name.in_(names), PostingRow.status == "open")
            )
            for name, external_id, listing_hash, details_at, extractor in rows:
                stale = extractor != EXTRACTOR
                out[name][external_id] = Known(listing_hash, details_at, stale)
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
            # postings read by other readers (before an upgrade) are read again from the board:
            # no validators for their sources, so no 304 keeps the board's fields from us
            stale = session.scalars(
                select(SourceRow.name)
                .join(PostingRow, PostingRow.source_id == SourceRow.id)
                .where(
                    SourceRow.name.in_(list(out)),
                    PostingRow.status == "open",
                    other_readers(),
                )
                .distinct()
            )
            for name in stale:
                out[name] = {}
        return out

    def _save_validators(self, conn: Connection, turns: list[Turn]) -> None:
        """Keep the validators of listings read in full and complete, for the next request.

        A 304 to them means that same complete listing again. A partial listing's are not
        kept, and older ones go: the next cycle reads the listing in full.
        """
        drop, forget, rows = [], [], []
        for turn in turns:
            if turn.result.status == "partial":
                forget.append(turn.row.id)
                continue
            config = settings_hash(turn.source)
            for url, (etag, modified) in turn.end.validators.items():
                drop.append({"b_source": turn.row.id, "b_url": url})
                rows.append(
                    {
                        "url": url,
                        "source_id": turn.row.id,
                        "etag": etag,
                        "last_modified": modified,
                        "config_hash": config,
                        "updated_at": turn.now,
                    }
                )
        if forget:
            conn.execute(delete(HttpCacheRow).where(HttpCacheRow.source_id.in_(forget)))
        if drop:
            conn.execute(_DROP_VALIDATORS, drop)
            conn.execute(insert(HttpCacheRow), rows)

    def _source_rows(self, conn: Connection, sources: list[Source]) -> dict[str, Any]:
        """The stored state of each source, by name (created on its first crawl)."""
        found = {
            row.name: SimpleNamespace(**row._asdict())
            for row in conn.execute(_SOURCE_STATES, {"b_names": [s.name for s in sources]})
        }
        for source in sources:
            row = found.get(source.name)
            if row is None:
                values = {
                    "name": source.name,
                    "kind": source.kind,
                    "failures_in_row": 0,
                    "failing_alerted": False,
                    "created_at": utcnow(),
                }
                source_id = conn.execute(_NEW_SOURCE, values).scalar_one()
                found[source.name] = SimpleNamespace(
                    id=source_id,
                    baseline_at=None,
                    last_error=None,
                    suspect_at=None,
                    open_postings=None,
                    listed_postings=None,
                    **values,
                )
            elif row.kind != source.kind:
                change = update(SourceRow).where(SourceRow.id == row.id)
                conn.execute(change.values(kind=source.kind))
        return found
