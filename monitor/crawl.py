"""Run one cycle's crawl: one Scrapy process, one crawler per board kind, results per source."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor import storeproc
from monitor.config import Config, Source
from monitor.items import ListingEnd, Posting
from monitor.logs import quiet_libraries
from monitor.parallel import Normaliser, workers_for
from monitor.store.apply import Listing, SourceResult, Store
from monitor.store.result import Prepared
from monitor.storeproc import StoreProcess
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

RUNS: dict[str, CrawlRun] = {}


# A store thread that finds nothing to do waits this long before taking what has arrived:
# listings that end close together then share one transaction, which costs far less than one
# each. Under load, a batch is whatever arrived while the previous one was being stored.
LINGER = 0.05
BATCH_SOURCES = 200
BATCH_POSTINGS = 10_000


@dataclass
class CrawlRun:
    """Shared state of one crawl, reachable from the pipeline by its id in the settings."""

    store: Store
    sources: dict[str, Source]
    executor: ThreadPoolExecutor
    on_done: Callable[[SourceResult], None] | None = None
    started_at: datetime = field(default_factory=utcnow)
    results: dict[str, SourceResult] = field(default_factory=dict)
    began: float = field(default_factory=time.perf_counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    normaliser: Normaliser | None = None
    stored: dict[str, str] = field(default_factory=dict)  # key -> raw hash, when normaliser
    cold: set[str] = field(default_factory=set)  # sources without a baseline, when normaliser
    workers: int = 1  # store threads
    queue: deque[tuple[Listing, Future[SourceResult]]] = field(default_factory=deque)
    draining: int = 0
    writer: StoreProcess | None = None  # a child process that stores, else the store itself
    interrupted: bool = False  # a user stopped the crawl (SIGINT/SIGTERM)

    def apply(
        self, end: ListingEnd, postings: list[Posting], prepared: Prepared | None = None
    ) -> SourceResult:
        """Store one finished listing now, in the calling thread."""
        listing = Listing(self.sources[end.source], postings, end, prepared)
        return self.record(self.store.apply_many([listing], self.started_at))[0]

    def submit(
        self, end: ListingEnd, postings: list[Posting], prepared: Prepared | None = None
    ) -> Future[SourceResult]:
        """Queue a finished listing for the store's threads; the future gets its result."""
        future: Future[SourceResult] = Future()
        with self.lock:
            self.queue.append((Listing(self.sources[end.source], postings, end, prepared), future))
            start = self.draining < self.workers
            self.draining += start
        if start:
            self.executor.submit(self._drain)
        return future

    def _drain(self) -> None:
        """Store queued listings in batches until the queue is empty (in a store thread)."""
        time.sleep(LINGER)
        while True:
            with self.lock:
                batch = self._take()
                if not batch:
                    self.draining -= 1
                    return
            try:
                listings = [listing for listing, _ in batch]
                writer = self.writer or self.store
                results = self.record(writer.apply_many(listings, self.started_at))
            except BaseException as exc:  # never leave the pipeline waiting on a future
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
        while self.queue and len(batch) < BATCH_SOURCES and postings < BATCH_POSTINGS:
            listing = self.queue[0][0]
            if listing.source.name in names:
                break
            names.add(listing.source.name)
            postings += len(listing.postings)
            batch.append(self.queue.popleft())
        return batch

    def record(self, results: list[SourceResult]) -> list[SourceResult]:
        for result in results:
            result.seconds = time.perf_counter() - self.began
            with self.lock:
                self.results[result.source] = result
            if self.on_done:
                self.on_done(result)
        return results


def chromium_path() -> str | None:
    """The system Chromium (Debian's `chromium`), never a downloaded one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def build_settings(config: Config, sources: list[Source], run_id: str) -> dict[str, Any]:
    """Scrapy settings for this run: the project's, the config's and the browser's if needed."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setmodule("monitor.settings", priority="project")
    settings.set("ROLEWATCH_RUN", run_id)
    settings.set("USER_AGENT", config.user_agent)
    settings.set("ROBOTSTXT_OBEY", config.obey_robots)
    settings.set("CONCURRENT_REQUESTS", config.concurrency)
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", config.per_host)
    timeouts = [s.page_timeout.total_seconds() for s in sources]
    settings.set("DOWNLOAD_TIMEOUT", max(timeouts, default=30))
    settings.set("AUTOTHROTTLE_TARGET_CONCURRENCY", float(config.per_host))
    if any(s.render for s in sources):
        # scrapy-playwright's handler serves http(s) for every request of the process; only
        # requests with meta["playwright"] (the rendering sources') go through the browser
        handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler})
        executable = settings.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE")
        if not executable or not os.path.exists(executable):
            executable = chromium_path()
        settings.set(
            "PLAYWRIGHT_LAUNCH_OPTIONS",
            {
                "headless": True,
                "executable_path": executable,
                "args": settings.getlist("PLAYWRIGHT_CHROMIUM_ARGS"),
                "timeout": 30_000,
            },
        )
        # per source, SourceTimeoutMiddleware sets the navigation timeout from page_timeout
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", max(timeouts, default=30) * 1000)
    return settings


# Objects the cyclic garbage collector lets a crawl allocate between two young collections
# (700 by default): a crawl allocates millions (every posting's fields), almost none in cycles.
GC_YOUNG = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often during a crawl, and never walk what existed before it.

    What exists at the start (modules, the config, caches) is frozen out of the collector's
    sight, so the collections a crawl does run stop at its own objects; in the forked worker
    processes, that also spares the pages they share with this one from being copied.
    """
    before = gc.get_threshold()
    ours = gc.get_freeze_count() == 0  # else someone froze objects before us: leave them be
    if ours:
        gc.freeze()
    gc.set_threshold(max(before[0], GC_YOUNG), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if ours:
            gc.unfreeze()


def _notice_interrupts(run: CrawlRun) -> None:
    """Mark the run interrupted on SIGINT/SIGTERM, then let Scrapy's own handlers act.

    Scrapy installs its handlers once the reactor has started; ours go on top of them right
    after, so a forced stop (a second Ctrl-C) is known as an interrupt too.
    """
    from twisted.internet import reactor

    def wrap() -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(sig)

            def handler(signum: int, frame: Any, previous: Any = previous) -> None:
                run.interrupted = True
                if callable(previous):
                    previous(signum, frame)

            signal.signal(sig, handler)

    reactor.callWhenRunning(lambda: reactor.callLater(0, wrap))  # type: ignore[attr-defined]


def crawl(
    config: Config,
    sources: list[Source],
    store: Store,
    *,
    on_done: Callable[[SourceResult], None] | None = None,
) -> dict[str, SourceResult]:
    """Crawl the sources once, storing each as it finishes; returns a result per source."""
    with fewer_collections():
        return _crawl(config, sources, store, on_done)


def _crawl(
    config: Config,
    sources: list[Source],
    store: Store,
    on_done: Callable[[SourceResult], None] | None,
) -> dict[str, SourceResult]:
    from scrapy.crawler import CrawlerProcess

    from spiders import spider_for

    run_id = uuid.uuid4().hex
    workers = 1 if store.engine.dialect.name == "sqlite" else 4
    run = CrawlRun(
        store=store,
        sources={s.name: s for s in sources},
        executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="store"),
        on_done=on_done,
        workers=workers,
    )
    RUNS[run_id] = run
    cold = store.cold([s.name for s in sources])
    # a dry run stores in this process only: its transactions are rolled back (Store.dry_run)
    if not store.dry_run and (workers := workers_for(bool(cold))):
        run.cold = set(cold)
        run.stored = store.raw_hashes([s.name for s in sources if s.name not in run.cold])
        run.normaliser = Normaliser(workers, store, run.started_at)
    if not store.dry_run and storeproc.wanted(sources, cold=bool(cold)):
        run.writer = StoreProcess(store)
    try:
        settings = build_settings(config, sources, run_id)
        settings.set("LOG_INSTALL_ROOT_HANDLER", False)
        process = CrawlerProcess(settings)
        quiet_libraries()
        by_kind: dict[str, list[Source]] = {}
        for source in sources:
            by_kind.setdefault(source.kind, []).append(source)
        for kind, group in by_kind.items():
            try:
                spider = spider_for(kind)
            except (KeyError, ImportError) as exc:
                for source in group:
                    end = ListingEnd(source.name, "failed", f"board kind {kind!r}: {exc}")
                    run.apply(end, [])
                continue
            process.crawl(spider, sources=group)
        if process.crawlers:
            _notice_interrupts(run)
            process.start(stop_after_crawl=True, install_signal_handlers=True)
    finally:
        run.executor.shutdown(wait=True)
        if run.normaliser:
            run.normaliser.close()
        if run.writer:
            run.writer.close()
        RUNS.pop(run_id, None)
    for source in sources:
        if source.name not in run.results:
            if run.interrupted:
                end = ListingEnd(source.name, "interrupted", "the crawl was stopped (interrupted)")
            else:
                end = ListingEnd(source.name, "failed", "the crawl ended without a result")
            run.apply(end, [])
    return run.results
