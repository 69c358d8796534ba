"""Every placement of the sink, and every fallback between them, stores exactly what one
store storing one listing at a time would: the same rows on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from typing import Any

import pytest

from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.context import load_context
from monitor.store.db import ensure_schema, make_engine
from monitor.store.process import cores
from monitor.store.result import CrawlContext
from monitor.store.sink import MIN_BATCH, Placement, Sink, placement
from monitor.store.writer import Store
from monitor.timeutil import utcnow
from tests.test_store_batch import dump

NAMES = ("a", "b", "c")
CONFIG = {
    "notify": [{"url": "json://127.0.0.1:9/all"}],
    "sources": [{"name": n, "kind": "greenhouse", "board": n, "removal_grace": 1} for n in NAMES],
}


def make(url: str) -> tuple[Store, list[Any]]:
    engine = make_engine(url)
    ensure_schema(engine)
    config = parse_config(CONFIG)
    return Store(engine, config), list(config.sources)


def postings(source: str, cycle: int) -> list[Posting]:
    """Enough postings for the workers (MIN_BATCH), with pay in the text; each cycle changes
    one posting's pay, drops another and adds one."""
    out = []
    for i in range(MIN_BATCH + 4):
        if cycle and i == 1:
            continue  # removed from cycle 1 on
        pay = 100_000 + (5_000 if cycle >= 2 and i == 0 else 0)
        body = f"<p>The base salary is ${pay:,} - $150,000 per year. Hybrid: 3 days a week.</p>"
        out.append(Posting(source, str(i), f"Engineer {i}", description=body))
    if cycle:
        out.append(Posting(source, f"new-{cycle}", "Recruiter", description="<p>Join.</p>"))
    return out


def reference(url: str) -> dict[str, list]:
    """What the store writes when each listing is stored alone, in the calling thread."""
    store, sources = make(url)
    for cycle in range(3):
        for source in sources:
            end = ListingEnd(source.name, "complete")
            store.store_listing(source, postings(source.name, cycle), end, utcnow())
    return dump(store)


class BrokenWorkers:
    """Worker processes that fail every task: the sink must store what they were given."""

    stores = True

    async def baseline(self, listing: Any) -> Any:
        raise RuntimeError("worker gone")

    async def prepare(self, batch: Any) -> Any:
        raise RuntimeError("worker gone")

    def close(self) -> None:
        return None


PLACEMENTS = {
    "store threads": Placement(threads=1, workers=0, store_process=False),
    "four store threads": Placement(threads=4, workers=0, store_process=False),
    "store process": Placement(threads=1, workers=0, store_process=True),
    "worker processes": Placement(threads=1, workers=2, store_process=False),
    "workers and a store process": Placement(threads=1, workers=2, store_process=True),
}
FALLBACKS = ("none", "the store process dies", "the workers fail")
CASES = [
    (where, fallback)
    for where, place in PLACEMENTS.items()
    for fallback in FALLBACKS
    if fallback == "none"
    or (fallback == "the store process dies" and place.store_process)
    or (fallback == "the workers fail" and place.workers)
]


def run(sink: Sink, cycle: int) -> None:
    async def crawl() -> None:
        await asyncio.gather(
            *(sink.put(ListingEnd(name, "complete"), postings(name, cycle)) for name in NAMES)
        )

    asyncio.run(crawl())


@pytest.mark.parametrize(("where", "fallback"), CASES)
def test_every_placement_and_fallback_stores_what_one_store_would(
    db_url: str, tmp_path: Any, where: str, fallback: str, caplog: Any
) -> None:
    place = PLACEMENTS[where]
    expected = reference(f"sqlite:///{tmp_path / 'reference.db'}")
    store, sources = make(db_url)
    for cycle in range(3):
        cold = frozenset(store.cold(list(NAMES)))
        context = load_context(
            store, sources, cold=cold, two_step=set(), conditional=set(), hashes=True
        )
        sink = Sink(store, sources, context, place)
        try:
            if fallback == "the workers fail":
                assert sink.normaliser is not None
                sink.normaliser.close()
                sink.normaliser = BrokenWorkers()  # type: ignore[assignment]
            if fallback == "the store process dies" and cycle == 1:
                assert sink.writer is not None and sink.writer.pool is not None
                (pid,) = [p.pid for p in sink.writer.pool._processes.values()]
                os.kill(pid, signal.SIGKILL)
                _wait_gone(pid)
            with caplog.at_level(logging.WARNING):
                run(sink, cycle)
        finally:
            sink.close()
        results = sink.finish()
        assert [results[n].status for n in NAMES] == ["complete"] * 3
    assert dump(store) == expected
    if fallback == "the store process dies":
        assert "the store process died" in caplog.text
    if fallback == "the workers fail":
        assert "worker processes failed: worker gone" in caplog.text


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


def test_a_source_the_crawl_never_ended_is_failed_or_interrupted(tmp_path: Any) -> None:
    store, sources = make(f"sqlite:///{tmp_path / 'x.db'}")
    sink = Sink(store, sources, CrawlContext(), PLACEMENTS["store threads"])
    run(sink, 0)
    sink.close()
    assert {n: r.status for n, r in sink.finish().items()} == dict.fromkeys(NAMES, "complete")
    store, sources = make(f"sqlite:///{tmp_path / 'y.db'}")
    sink = Sink(store, sources, CrawlContext(), PLACEMENTS["store threads"])
    sink.interrupted = True
    sink.close()
    assert {r.status for r in sink.finish().values()} == {"interrupted"}


@pytest.mark.parametrize(
    ("mode", "count", "cold", "process", "workers"),
    [
        ("auto", 50, False, True, 0),
        ("auto", 49, False, False, 0),
        ("auto", 50, True, False, 2),  # a baseline: the workers store it instead
        ("yes", 1, True, True, 2),
        ("no", 1000, False, False, 0),
        ("YES ", 1, False, True, 0),
    ],
)
def test_where_a_crawl_stores(
    monkeypatch: Any, tmp_path: Any, mode: str, count: int, cold: bool, process: bool,
    workers: int,
) -> None:  # fmt: skip
    monkeypatch.setenv("ROLEWATCH_STORE_PROCESS", mode)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    store, _ = make(f"sqlite:///{tmp_path / 'x.db'}")
    where = placement(store, [object()] * count, cold=cold)  # type: ignore[list-item]
    assert (where.store_process, where.workers, where.threads) == (process, workers, 1)


def test_one_core_keeps_everything_in_the_crawls_process(monkeypatch: Any, tmp_path: Any) -> None:
    monkeypatch.delenv("ROLEWATCH_STORE_PROCESS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0}, raising=False)
    store, _ = make(f"sqlite:///{tmp_path / 'x.db'}")
    assert placement(store, [object()] * 1000, cold=True) == Placement(1, 0, False)  # type: ignore[list-item]
    assert cores() == 1


@pytest.mark.postgres
def test_postgresql_is_stored_by_four_threads_but_by_one_in_a_shard(
    monkeypatch: Any, pg_url: str
) -> None:
    """Two shards of four threads each made the 1% cycle slower than one process (smaller
    transactions in more sessions); one thread each made it as fast."""
    monkeypatch.delenv("ROLEWATCH_STORE_PROCESS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    store, _ = make(pg_url)
    sources: Any = [object()] * 500
    assert placement(store, sources, cold=False) == Placement(4, 0, True)
    monkeypatch.setattr("monitor.store.process._SHARE", 1)  # as `shards._shard` sets it
    assert placement(store, sources, cold=False) == Placement(1, 0, False)


def test_an_unknown_mode_is_named_and_auto_used(
    monkeypatch: Any, tmp_path: Any, caplog: Any
) -> None:
    monkeypatch.setenv("ROLEWATCH_STORE_PROCESS", "sometimes")
    store, _ = make(f"sqlite:///{tmp_path / 'x.db'}")
    with caplog.at_level(logging.WARNING, logger="monitor.store.sink"):
        assert not placement(store, [], cold=False).store_process
    assert "'sometimes' is not one of" in caplog.text


@pytest.mark.e2e
def test_with_no_thread_running_every_child_is_forked(tmp_path: Any) -> None:
    """Both pools fork all their children before either starts a thread of its own: no fork
    with a thread running (its locks would stay held in the child), and no child sent through
    the slower fork server because another pool is already running."""
    import subprocess
    import sys

    script = f"""
import os, threading
from tests.test_sink import make, PLACEMENTS
from monitor.store.result import CrawlContext
from monitor.store.sink import Sink
threads_at_fork = []
os.register_at_fork(before=lambda: threads_at_fork.append(threading.active_count()))
store, sources = make("sqlite:///{tmp_path / "fork.db"}")
sink = Sink(store, sources, CrawlContext(), PLACEMENTS["workers and a store process"])
pools = (sink.normaliser.pool, sink.writer.pool)
print(*(pool._mp_context.get_start_method() for pool in pools))
print(*threads_at_fork)
sink.close()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=os.getcwd())  # fmt: skip
    assert run.returncode == 0, run.stderr
    methods, threads = run.stdout.splitlines()
    assert methods.split() == ["fork", "fork"]
    assert threads.split() == ["1"] * 3  # two workers and the store process, each forked alone
