"""The sink: the one thing a crawl hands its finished listings to, and the one owner of where
and how they are stored.

`placement()` decides, with the heuristics the benchmark measured, where the work goes:

- **store threads** (always): listings that end close together wait LINGER seconds and are
  stored in one transaction, at most BATCH_SOURCES sources or BATCH_POSTINGS postings (before,
  each source had a transaction and about seven statements: SQLAlchemy's per-statement cost was
  most of the store's time). One thread on SQLite (one writer), four on PostgreSQL, but one in
  a shard: two shards of four threads each made smaller transactions in ten sessions, and the
  1% cycle of `make bench` took 4.09 s against 3.31 s with one thread each and 3.37 s in one
  process (median of six rotated runs; the steady cycle 2.40 s against 2.31 s).
- **a store process**, on cycles over STORE_PROCESS_MIN sources or more with two cores and no
  baseline to take: crawling and storing then use two cores instead of taking turns on one
  interpreter lock (1% cycle of `make bench`: 3.4 s -> 2.8 s).
- **worker processes**, one per core, on cycles with a baseline to take: they normalise and
  store a source's first listing with connections of their own (the content never travels
  back), and normalise other listings' new or changed postings when there are MIN_BATCH or
  more (fewer cost more to ship than to read here). Cold cycle: 13-14 s with one worker.

Fallbacks, each tested (tests/test_sink.py): a store process that dies -> its transaction is
rolled back and the store threads store that batch in this process; a worker that fails a
baseline or a batch -> this process normalises and stores it. Children are started before any
thread of the sink exists, through `store.process.start_children` (which says why that matters).
`ROLEWATCH_STORE_PROCESS=auto|yes|no` overrides the store process choice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from monitor.config import Source
from monitor.items import ListingEnd, Posting
from monitor.store.process import StoreProcess, cores, in_shard
from monitor.store.result import CrawlContext, Prepared, SourceResult
from monitor.store.workers import Normaliser
from monitor.store.writer import Listing, Store
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

LINGER = 0.05  # seconds an idle store thread waits for more listings to share a transaction
BATCH_SOURCES = 200
BATCH_POSTINGS = 10_000
STORE_PROCESS_MIN = 50  # sources: below, a cycle is short and a child costs more than it saves
MIN_BATCH = 8  # postings: below, shipping them to a worker costs more than reading them here
MODES = ("auto", "yes", "no")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a crawl's listings are stored and normalised."""

    threads: int  # store threads
    workers: int  # worker processes (0: none)
    store_process: bool


def placement(store: Store, sources: list[Source], *, cold: bool) -> Placement:
    """Where this crawl's work goes (the measured heuristics in the module's docstring)."""
    count = cores()
    threads = 1 if store.engine.dialect.name == "sqlite" or in_shard() else 4
    workers = count if cold and count > 1 else 0
    mode = os.environ.get("ROLEWATCH_STORE_PROCESS", "auto").strip().lower()
    if mode not in MODES:
        logger.warning("ROLEWATCH_STORE_PROCESS=%r is not one of %s: using auto", mode, MODES)
        mode = "auto"
    if store.dry_run:
        return Placement(threads, 0, False)  # its transactions are rolled back here, in this one
    if mode == "auto":
        process = count > 1 and len(sources) >= STORE_PROCESS_MIN and not cold
    else:
        process = mode == "yes"
    return Placement(threads, workers, process)


class Sink:
    """Finished listings in, a result per source out, stored wherever `placement` said."""

    def __init__(
        self,
        store: Store,
        sources: list[Source],
        context: CrawlContext,
        where: Placement,
        *,
        on_done: Callable[[SourceResult], None] | None = None,
        not_before: datetime | None = None,
    ) -> None:
        self.store, self.context, self.where = store, context, where
        self.sources = {s.name: s for s in sources}
        self.on_done = on_done
        # not_before: the start of the batch this crawl belongs to, by the clock of the
        # machine that matches its runs to it (a Scrapyd job's daemon)
        self.started_at = max(utcnow(), not_before) if not_before else utcnow()
        self.began = time.perf_counter()
        self.results: dict[str, SourceResult] = {}
        self.interrupted = False  # a user stopped the crawl (SIGINT/SIGTERM)
        self._lock = threading.Lock()
        self._queue: deque[tuple[Listing, Future[SourceResult]]] = deque()
        self._draining = 0
        # every child first, while no thread of ours exists (see store.process.start_children);
        # then their pools' threads
        self.normaliser = (
            Normaliser(where.workers, store, self.started_at) if where.workers else None
        )
        self.writer = StoreProcess(store) if where.store_process else None
        for children in (self.normaliser, self.writer):
            if children is not None:
                children.start()
        self._threads = ThreadPoolExecutor(max_workers=where.threads, thread_name_prefix="store")

    # -- from the crawl (the pipeline, on Scrapy's event loop) -------------------------------

    async def put(self, end: ListingEnd, postings: list[Posting]) -> SourceResult:
        """Store one finished listing; its result once it is stored."""
        if end.status in ("failed", "interrupted"):
            postings = []  # a listing not read to its end stores nothing
        if (result := await self._baseline(end, postings)) is not None:
            return result
        prepared = await self._prepare(end, postings)
        return await asyncio.wrap_future(self.submit(end, postings, prepared))

    async def _baseline(self, end: ListingEnd, postings: list[Posting]) -> SourceResult | None:
        """A source's first listing, normalised and stored by a worker, if one can take it."""
        workers = self.normaliser
        if (
            workers is None
            or not workers.stores
            or end.source not in self.context.cold
            or len(postings) < MIN_BATCH
        ):
            return None
        listing = Listing(self.sources[end.source], postings, end)
        try:
            result = await workers.baseline(listing)
        except Exception as exc:  # stored here instead: the worker's transaction rolled back
            logger.warning("%s: worker processes failed: %s", end.source, exc)
            return None
        return self._record([result])[0]

    async def _prepare(self, end: ListingEnd, postings: list[Posting]) -> Prepared | None:
        """The new or changed postings, normalised by the workers when there are enough."""
        if self.normaliser is None or len(postings) < MIN_BATCH:
            return None
        prefix, stored = f"{end.source}:", self.context.stored
        work = [p for p in postings if stored.get(prefix + p.external_id) != p.raw_hash()]
        if len(work) < MIN_BATCH:
            return None
        try:
            return await self.normaliser.prepare(work)
        except Exception as exc:  # the store threads normalise them instead
            logger.warning("%s: worker processes failed: %s", end.source, exc)
            return None

    def submit(
        self, end: ListingEnd, postings: list[Posting], prepared: Prepared | None = None
    ) -> Future[SourceResult]:
        """Queue a listing for the store threads; the future gets its result."""
        future: Future[SourceResult] = Future()
        listing = Listing(self.sources[end.source], postings, end, prepared)
        with self._lock:
            self._queue.append((listing, future))
            start = self._draining < self.where.threads
            self._draining += start
        if start:
            self._threads.submit(self._drain)
        return future

    def store_now(self, end: ListingEnd) -> SourceResult:
        """Record a listing that read nothing (no spider, no result) in the calling thread."""
        listing = Listing(self.sources[end.source], [], end)
        return self._record(self.store.store_listings([listing], self.started_at))[0]

    # -- the store threads -------------------------------------------------------------------

    def _drain(self) -> None:
        """Store queued listings in batches until the queue is empty (in a store thread)."""
        time.sleep(LINGER)
        while True:
            with self._lock:
                batch = self._take()
                if not batch:
                    self._draining -= 1
                    return
            try:
                listings = [listing for listing, _ in batch]
                writer = self.writer or self.store
                results = self._record(writer.store_listings(listings, self.started_at))
            except BaseException as exc:  # never leave the crawl waiting on a future
                for _, future in batch:
                    future.set_exception(exc)
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    future.set_result(result)

    def _take(self) -> list[tuple[Listing, Future[SourceResult]]]:
        """The next batch off the queue: one listing per source, within the size limits."""
        batch: list[tuple[Listing, Future[SourceResult]]] = []
        names: set[str] = set()
        postings = 0
        while self._queue and len(batch) < BATCH_SOURCES and postings < BATCH_POSTINGS:
            listing = self._queue[0][0]
            if listing.source.name in names:
                break
            names.add(listing.source.name)
            postings += len(listing.postings)
            batch.append(self._queue.popleft())
        return batch

    def _record(self, results: list[SourceResult]) -> list[SourceResult]:
        for result in results:
            result.seconds = time.perf_counter() - self.began
            with self._lock:
                self.results[result.source] = result
            if self.on_done:
                self.on_done(result)
        return results

    # -- the end -----------------------------------------------------------------------------

    def close(self) -> None:
        """Wait for what is queued, then stop the threads and the children."""
        self._threads.shutdown(wait=True)
        if self.normaliser:
            self.normaliser.close()
        if self.writer:
            self.writer.close()

    def finish(self) -> dict[str, SourceResult]:
        """Every source's result: those the crawl never ended are failed (or interrupted)."""
        for name in self.sources:
            if name not in self.results:
                if self.interrupted:
                    end = ListingEnd(name, "interrupted", "the crawl was stopped (interrupted)")
                else:
                    end = ListingEnd(name, "failed", "the crawl ended without a result")
                self.store_now(end)
        return self.results
