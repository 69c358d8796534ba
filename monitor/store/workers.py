"""Worker processes that normalise large batches of new or changed postings (and store baselines).

Reading pay and office terms out of text is the one CPU-heavy step of a cycle, and a baseline
does it for every posting. The crawl itself keeps one core busy; worker processes use the
others. A source's first listing (its baseline) is normalised *and stored* by a worker, with a
connection of its own, so its content never travels back; other listings are normalised there
and stored by the crawl's store. Small batches (a steady cycle's few changes) stay in the
store's thread: shipping them to another process would cost more than it saves.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from monitor.items import Posting
from monitor.normalise import content_hash, normalise
from monitor.store.db import chunks
from monitor.store.process import start_children, the_store
from monitor.store.result import Prepared
from monitor.store.writer import Listing, SourceResult, Store
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

R = TypeVar("R")
T = TypeVar("T")


MIN_BATCH = 8  # below this, shipping postings to a worker costs more than it saves
CHUNK = 400  # postings per task: big enough to amortise its cost, small enough to share
LINGER = 0.02  # seconds a small request waits for others to share its task


def normalise_batch(postings: list[Posting]) -> list[tuple[str, dict[str, Any], str]]:
    """(raw hash, content, content hash) of each posting; runs in a worker process.

    A posting that cannot be read is left out: the store reads it again and says why.
    """
    out = []
    for posting in postings:
        try:
            content = normalise(posting)
        except Exception:  # the store's own reading reports it, naming the posting
            continue
        out.append((posting.raw_hash(), content, content_hash(content)))
    return out


def _warm() -> int:
    """Load the readers (and Babel) in a new worker while the crawl is still starting up."""
    normalise(_WARM_UP)
    return os.getpid()


_WARM_UP = Posting(
    source="warm-up",
    external_id="0",
    title="Engineer",
    description="<p>$100,000 - $120,000 per year. Hybrid: 3 days a week in the office.</p>",
)


def take_baselines(listings: list[Listing], started_at: datetime) -> list[SourceResult]:
    """Normalise and store first listings, in a worker with a store of its own."""
    read = []
    for listing in listings:
        prepared = {raw: (c, digest) for raw, c, digest in normalise_batch(listing.postings)}
        read.append(listing._replace(prepared=prepared))
    return the_store().store_listings(read, started_at)


class Grouped(Generic[R, T]):
    """Requests that arrive close together, sent on as one group: once they hold CHUNK
    postings, or LINGER seconds after the first. A task costs the crawl's process about a
    millisecond besides pickling, so listings that end together (50 postings each, typically)
    share one."""

    def __init__(self, send: Callable[[list[tuple[R, asyncio.Future[T]]]], None]):
        self.send = send
        self.group: list[tuple[R, asyncio.Future[T]]] = []
        self.size = 0
        self.timer: asyncio.TimerHandle | None = None

    async def add(self, request: R, size: int) -> T:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[T] = loop.create_future()
        self.group.append((request, ready))
        self.size += size
        if self.size >= CHUNK:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(LINGER, self.flush)
        return await ready

    def flush(self) -> None:
        self.cancel()
        group, self.group, self.size = self.group, [], 0
        if group:
            self.send(group)

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class Normaliser:
    """A pool of worker processes, started before the crawl so that forking is safe.

    Given the store, each worker opens a connection of its own and can take whole baselines:
    normalise a source's first listing and store it, so that neither the postings' content nor
    the work of storing them passes through the crawl's process.
    """

    def __init__(
        self, workers: int, store: Store | None = None, started_at: datetime | None = None
    ):
        self.pool = start_children(workers, store)
        self.workers = workers
        self.stores = store is not None
        self.started_at = started_at or utcnow()
        self.prepares: Grouped[list[Posting], Prepared] = Grouped(self._send_prepares)
        self.baselines: Grouped[Listing, SourceResult] = Grouped(self._send_baselines)

    def start(self) -> None:
        """Let the workers warm up on the other cores while the crawl starts."""
        for _ in range(self.workers):
            self.pool.submit(_warm)

    async def prepare(self, postings: list[Posting]) -> Prepared:
        """Normalise postings on the workers; small requests share a task (see `Grouped`)."""
        return await self.prepares.add(postings, len(postings))

    def _send_prepares(self, group: list[tuple[list[Posting], asyncio.Future[Prepared]]]) -> None:
        """The group's postings to the workers, in tasks of about CHUNK postings."""
        postings = [p for part, _ in group for p in part]
        futures = [
            asyncio.wrap_future(self.pool.submit(normalise_batch, list(part)))
            for part in chunks(postings, CHUNK)
        ]
        done = asyncio.gather(*futures)
        done.add_done_callback(lambda finished: _deliver(finished, group))

    async def baseline(self, listing: Listing) -> SourceResult:
        """Take a source's baseline in a worker; baselines that end together share a task."""
        assert self.stores, "this pool's workers have no store"
        return await self.baselines.add(listing, len(listing.postings))

    def _send_baselines(self, group: list[tuple[Listing, asyncio.Future[SourceResult]]]) -> None:
        listings = [listing for listing, _ in group]
        task = self.pool.submit(take_baselines, listings, self.started_at)
        asyncio.wrap_future(task).add_done_callback(lambda done: _deliver_each(done, group))

    def close(self) -> None:
        self.prepares.cancel()
        self.baselines.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _deliver_each(
    done: asyncio.Future[list[SourceResult]],
    group: list[tuple[Listing, asyncio.Future[SourceResult]]],
) -> None:
    """Hand each baseline of a task its own result (or the task's failure)."""
    error = _failure(done)
    if error is not None:
        for _, ready in group:
            if not ready.done():
                ready.set_exception(error)
        return
    for (_, ready), result in zip(group, done.result(), strict=True):
        if not ready.done():
            ready.set_result(result)


def _failure(done: asyncio.Future[Any]) -> BaseException | None:
    if done.cancelled():
        return RuntimeError("the worker processes were stopped")
    return done.exception()


def _deliver(
    finished: asyncio.Future[list[list[tuple[str, dict[str, Any], str]]]],
    group: list[tuple[list[Posting], asyncio.Future[Prepared]]],
) -> None:
    """Hand each request of a flushed group its own postings' results, in order."""
    error = _failure(finished)
    if error is not None:
        for _, ready in group:
            if not ready.done():
                ready.set_exception(error)
        return
    results = [item for chunk in finished.result() for item in chunk]
    start = 0
    for postings, ready in group:
        part = results[start : start + len(postings)]
        start += len(postings)
        if not ready.done():
            ready.set_result({raw: (content, digest) for raw, content, digest in part})
