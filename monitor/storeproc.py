"""The store in a process of its own, so that storing and crawling use two cores, not one.

Scrapy and the store are both Python: in one process they take turns on one interpreter lock,
so a cycle costs the crawl plus the store. A forked child that owns its own database connection
does the store's work beside the crawl. Listings travel to it pickled (a few microseconds a
posting) and results come back the same way. Should the child die, its transaction is rolled
back and the crawl's process stores that batch itself: nothing is lost.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from monitor import lifeline
from monitor.config import Config, Source
from monitor.store.apply import Listing, SourceResult, Store

logger = logging.getLogger(__name__)

# Below this many sources a cycle is short and the crawl leaves the interpreter idle enough;
# a child would cost more to start than it saves.
MIN_SOURCES = 50
MODES = ("auto", "yes", "no")


def wanted(sources: list[Source], cold: bool) -> bool:
    """Whether this crawl should store in a child process.

    `ROLEWATCH_STORE_PROCESS` = auto (default), yes or no. Auto: with two cores or more, at
    least MIN_SOURCES sources and no baseline to take. A baseline is bound by normalising
    postings, which worker processes do already; shipping every posting once more to a store
    process would only add to that.
    """
    mode = os.environ.get("ROLEWATCH_STORE_PROCESS", "auto").strip().lower()
    if mode not in MODES:
        logger.warning("ROLEWATCH_STORE_PROCESS=%r is not one of %s: using auto", mode, MODES)
        mode = "auto"
    if mode != "auto":
        return mode == "yes"
    return cores() > 1 and len(sources) >= MIN_SOURCES and not cold


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one)."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return count or 1


class StoreProcess:
    """`Store.apply_many` run by a forked child; the parent's store is the fallback."""

    def __init__(self, store: Store):
        self.store = store
        # fork now, before the reactor and the store's threads exist: no lock is held across it
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork"), **child_store(store)
        )
        pid = self.pool.submit(os.getpid).result()
        logger.info("storing in a process of its own (pid %d)", pid)

    def apply_many(self, listings: list[Listing], started_at: datetime) -> list[SourceResult]:
        """Each listing's result, stored by the child (or here, if the child is gone)."""
        if self.pool is not None:
            try:
                return self.pool.submit(_apply, listings, started_at).result()
            except BrokenProcessPool:
                logger.warning("the store process died; storing in the crawl's process")
                self.pool = None
        return self.store.apply_many(listings, started_at)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)


_STORE: Store | None = None
_INHERITED: Engine | None = None


def child_store(store: Store) -> dict[str, Any]:
    """ProcessPoolExecutor arguments that give each forked worker a store of its own (and
    make it die with this process)."""
    global _INHERITED
    _INHERITED = store.engine
    url = store.engine.url.render_as_string(hide_password=False)
    return {"initializer": _open, "initargs": (os.getpid(), url, store.config, store.options())}


def orphan_proof() -> dict[str, Any]:
    """ProcessPoolExecutor arguments that make each forked worker die with this process."""
    return {"initializer": lifeline.die_with, "initargs": (os.getpid(),)}


def the_store() -> Store:
    """In a worker that `child_store` set up: its store."""
    assert _STORE is not None, "this process has no store of its own"
    return _STORE


def _open(parent: int, url: str, config: Config, options: dict[str, bool]) -> None:
    """Child: a connection of its own (one inherited across fork must never be used)."""
    global _STORE
    lifeline.die_with(parent)
    from monitor.store.db import make_engine

    if _INHERITED is not None:
        _INHERITED.dispose(close=False)  # forget the parent's connections without closing them
    # the crawl's process decides when to stop; a Ctrl-C must not cut a transaction short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STORE = Store(make_engine(url), config, **options)


def _apply(listings: list[Listing], started_at: datetime) -> list[SourceResult]:
    return the_store().apply_many(listings, started_at)
