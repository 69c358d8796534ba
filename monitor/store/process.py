"""Store processes: the store in a child of its own, and how children of the store are started.

Scrapy and the store are both Python: in one process they take turns on one interpreter lock,
so a cycle costs the crawl plus the store. A child that owns its own database connection does
the store's work beside the crawl. Listings travel to it pickled (a few microseconds a posting)
and results come back the same way. Should the child die, its transaction is rolled back and
the caller stores that batch itself: nothing is lost.

Every child is started through `start_children`: forked while no thread of ours runs (cheap,
and it shares the parent's loaded modules), else through a fork server (a thread holding a
lock across a fork would leave that lock held for ever in the child); each opens its own
connection and dies with its parent (`monitor.lifeline`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from monitor import lifeline
from monitor.config import Config
from monitor.store.writer import Listing, SourceResult, Store

logger = logging.getLogger(__name__)


_SHARE: int | None = None  # in a shard: the cores it may count on (see `share_cores`)


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one), or
    its share of them in a shard."""
    if _SHARE is not None:
        return _SHARE
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return count or 1


def in_shard() -> bool:
    """Whether this process is one shard of a crawl (`share_cores` was called)."""
    return _SHARE is not None


def share_cores(count: int) -> None:
    """In a shard (`monitor.shards`): place the store's children as if this process had
    `count` cores, its share, since the other shards crawl on the others."""
    global _SHARE
    _SHARE = max(1, count)


def start_children(workers: int, store: Store | None) -> ProcessPoolExecutor:
    """A pool of `workers` child processes, each with a store of its own when given one."""
    forking = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if forking else "forkserver")
    if not forking:
        # the server imports what children run once; each child is then a cheap fork of it
        context.set_forkserver_preload(["monitor.store.workers"])
    parent = os.getpid() if forking else None  # a fork server's children are not ours
    if store is None:
        setup: dict[str, Any] = {"initializer": lifeline.die_with, "initargs": (parent,)}
    else:
        global _INHERITED
        _INHERITED = store.engine if forking else None
        url = store.engine.url.render_as_string(hide_password=False)
        setup = {"initializer": _open, "initargs": (parent, url, store.config, store.options())}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, **setup)
    if forking:
        # Fork every child now: a pool forks its children on its first task, just before it
        # starts a thread of its own, and that thread would send the next pool's children
        # through the fork server (a second or more of a cold cycle, measured in bench/).
        launch = getattr(pool, "_launch_processes", None)  # CPython 3.9+; else on first task
        if launch is not None:
            launch()
    return pool


class StoreProcess:
    """`Store.store_listings` run by a child process; the parent's store is the fallback."""

    def __init__(self, store: Store):
        self.store = store
        self.pool: ProcessPoolExecutor | None = start_children(1, store)

    def start(self) -> None:
        """Wait for the child to answer (its first task starts the pool's thread)."""
        if self.pool is not None:
            pid = self.pool.submit(os.getpid).result()
            logger.info("storing in a process of its own (pid %d)", pid)

    def store_listings(self, listings: list[Listing], started_at: datetime) -> list[SourceResult]:
        """Each listing's result, stored by the child (or here, if the child is gone)."""
        if self.pool is not None:
            try:
                return self.pool.submit(_store, listings, started_at).result()
            except BrokenProcessPool:
                logger.warning("the store process died; storing in the crawl's process")
                self.pool = None
        return self.store.store_listings(listings, started_at)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)


_STORE: Store | None = None
_INHERITED: Engine | None = None


def the_store() -> Store:
    """In a child that `start_children` gave a store: its store."""
    assert _STORE is not None, "this process has no store of its own"
    return _STORE


def _open(parent: int | None, url: str, config: Config, options: dict[str, bool]) -> None:
    """Child: a connection of its own (one inherited across fork must never be used)."""
    global _STORE
    from monitor.store.db import make_engine

    lifeline.die_with(parent)
    if _INHERITED is not None:
        _INHERITED.dispose(close=False)  # forget the parent's connections without closing them
    # the crawl's process decides when to stop; a Ctrl-C must not cut a transaction short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STORE = Store(make_engine(url), config, **options)


def _store(listings: list[Listing], started_at: datetime) -> list[SourceResult]:
    return the_store().store_listings(listings, started_at)
