"""Run one cycle's crawl: one Scrapy process, one crawler per board kind, a result per source.

The crawl talks to the store through one object, the sink (`monitor.store.sink`), and reads
what the store knows through one read-only context loaded before it starts; both reach the
spiders and the pipeline as spider arguments.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from monitor.config import Config, Source
from monitor.items import ListingEnd
from monitor.logs import quiet_libraries
from monitor.store.context import load_context
from monitor.store.result import SourceResult
from monitor.store.sink import Placement, Sink, placement
from monitor.store.writer import Store
from spiders import spider_for
from spiders.base import BoardSpider

logger = logging.getLogger(__name__)


def chromium_path() -> str | None:
    """The system Chromium (Debian's `chromium`), never a downloaded one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def build_settings(config: Config, sources: list[Source]) -> Any:
    """Scrapy settings for this run: the project's, the config's and the browser's if needed."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setmodule("monitor.settings", priority="project")
    configure(settings, config, sources)
    return settings


def configure(settings: Any, config: Config, sources: list[Source]) -> None:
    """Put the config's values (and the browser's, if a source renders) into Scrapy settings."""
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


# Scrapy's modules that define deprecated aliases with `create_deprecated_class`, which names
# each alias's module with inspect.stack() (it reads the source of every frame on the stack)
# and inspect.getmodule() (the first call resolves the path of every module loaded). From
# where a crawl starts (about 50 frames deep), importing Scrapy's HTTP handler took 0.13 s of
# every `check`, and of every shard, before the first request; through import_http_handler it
# takes 0.07 s (Scrapy 2.19, this machine).
_DEPRECATING = ("scrapy.core.downloader.tls", "scrapy.core.downloader.contextfactory")


class _CallerOnly:
    """`inspect` for scrapy.utils.deprecate while it names aliases: a stack of the two frames
    it reads (its own and its caller's), without their source, and a frame's module by the
    name its globals give."""

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def stack(context: int = 1) -> list[tuple[Any, ...]]:
        frame = sys._getframe(1)
        return [(frame,), (frame.f_back,)]

    @staticmethod
    def getmodule(frame: Any) -> Any:
        return sys.modules.get(frame.f_globals.get("__name__", ""))


def import_http_handler() -> None:
    """Import Scrapy's HTTP download handler (as its crawler would) without the cost of
    inspect.stack(); the aliases are named exactly as they would be."""
    if all(name in sys.modules for name in _DEPRECATING):
        return
    try:
        deprecate = importlib.import_module("scrapy.utils.deprecate")
    except ImportError:
        return
    real = getattr(deprecate, "inspect", None)
    if real is not inspect:
        return  # not the Scrapy this was written for: import as Scrapy does
    deprecate.inspect = _CallerOnly()  # type: ignore[attr-defined]
    try:
        importlib.import_module("scrapy.core.downloader.handlers.http11")
    finally:
        deprecate.inspect = real  # type: ignore[attr-defined]


def notice_interrupts(sink: Sink) -> None:
    """Mark the crawl interrupted on SIGINT/SIGTERM, then let Scrapy's own handlers act.

    Scrapy installs its handlers once the reactor has started; ours go on top of them right
    after, so a forced stop (a second Ctrl-C) is known as an interrupt too.
    """
    from twisted.internet import reactor

    def wrap() -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(sig)

            def handler(signum: int, frame: Any, previous: Any = previous) -> None:
                sink.interrupted = True
                if callable(previous):
                    previous(signum, frame)

            signal.signal(sig, handler)

    running = cast(Any, reactor)  # the installed reactor: its interfaces are not declared
    running.callWhenRunning(lambda: running.callLater(0, wrap))


def open_sink(
    store: Store,
    sources: list[Source],
    spiders: list[type[BoardSpider]],
    *,
    on_done: Callable[[SourceResult], None] | None = None,
    children: bool = True,
    not_before: datetime | None = None,
) -> Sink:
    """The sink for this crawl, with the context its spiders read; `children=False` keeps
    every store in this process (where threads already run, a fork could inherit a held lock);
    `not_before`: no run it records starts earlier (the batch's start, by the daemon's clock).
    """
    cold = frozenset(store.cold([s.name for s in sources]))
    where = placement(store, sources, cold=bool(cold))
    if not children:
        where = Placement(where.threads, 0, False)
    context = load_context(
        store,
        sources,
        cold=cold,
        two_step={k.kind for k in spiders if k.needs_known},
        conditional={k.kind for k in spiders if k.conditional},
        hashes=where.workers > 0,  # only workers are spared the postings whose hash is stored
    )
    return Sink(store, sources, context, where, on_done=on_done, not_before=not_before)


def crawl(
    config: Config,
    sources: list[Source],
    store: Store,
    *,
    on_start: Callable[[], None] | None = None,
    on_done: Callable[[SourceResult], None] | None = None,
) -> dict[str, SourceResult]:
    """Crawl the sources once, storing each as it finishes; returns a result per source.

    `on_start` runs once the sink's children are forked, before any thread of the crawl.
    """
    with fewer_collections():
        return _crawl(config, sources, store, on_start, on_done)


def _crawl(
    config: Config,
    sources: list[Source],
    store: Store,
    on_start: Callable[[], None] | None,
    on_done: Callable[[SourceResult], None] | None,
) -> dict[str, SourceResult]:
    from scrapy.crawler import CrawlerProcess

    kinds: dict[str, Any] = {}
    for kind in dict.fromkeys(s.kind for s in sources):
        try:
            kinds[kind] = spider_for(kind)
        except (KeyError, ImportError) as exc:
            kinds[kind] = exc
    spiders = [k for k in kinds.values() if not isinstance(k, Exception)]
    sink = open_sink(store, sources, spiders, on_done=on_done)
    context = sink.context
    if on_start is not None:
        on_start()
    try:
        settings = build_settings(config, sources)
        settings.set("LOG_INSTALL_ROOT_HANDLER", False)
        import_http_handler()
        process = CrawlerProcess(settings)
        quiet_libraries()
        for kind, spider in kinds.items():
            group = [s for s in sources if s.kind == kind]
            if isinstance(spider, Exception):
                for source in group:
                    sink.store_now(
                        ListingEnd(source.name, "failed", f"board kind {kind!r}: {spider}")
                    )
                continue
            process.crawl(spider, sources=group, context=context, sink=sink)
        if process.crawlers:
            notice_interrupts(sink)
            process.start(stop_after_crawl=True, install_signal_handlers=True)
    finally:
        sink.close()
    return sink.finish()
