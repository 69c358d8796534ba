"""Shards: one cycle's crawl split over parallel child processes.

A `check` crawls in one Scrapy process, which uses one core. With shards, its sources are
split by the host of their listing URL (a host's sources stay together, or, for a host that
alone holds more than a shard's share, in parts that share `per_host` out, so it holds
whatever the count), the hosts balanced over the shards largest first, and each shard
is crawled and stored by a child process of its own, with its own sink and connections
(SQLite takes their transactions one at a time: WAL and a busy timeout). The parent only
forks, forwards signals, gathers the results and, after every shard has ended, delivers the
cycle's alerts once (`monitor.cycle`), so a cycle's results, changes and digest are those of
one process. A shard that dies has its unfinished sources recorded as failed (interrupted,
after a signal): nothing of theirs is removed, and what the other shards stored stays.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any, cast

from monitor import lifeline
from monitor.boards import host_of
from monitor.config import Config, Source
from monitor.items import ListingEnd
from monitor.store.process import cores, share_cores
from monitor.store.result import SourceResult
from monitor.store.writer import Listing, Store
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

SHARD_MIN = 50  # sources: below, one process (a shard's fork and start cost more than it saves)
SHOWN = 10  # sources a shard's log line names


def split(sources: list[Source], count: int, per_host: int = 1) -> list[list[Source]]:
    """`sources` in at most `count` shards, balanced by their number of sources (largest
    first, each to the lightest shard so far); each shard keeps the config's order.

    A host's sources stay in one shard, unless the host alone holds more than a shard's share
    (all Greenhouse boards share one host): then it is cut into up to `per_host` parts, each
    in a shard of its own, and `per_host_of` gives each such shard its part of `per_host`.
    """
    hosts: dict[str, list[Source]] = {}
    for source in sources:
        hosts.setdefault(host_of(source), []).append(source)
    count = max(1, count)
    share = math.ceil(len(sources) / count)
    pieces: list[tuple[str, list[Source]]] = []
    for host, group in hosts.items():
        parts = min(count, per_host, math.ceil(len(group) / share)) if host else 1
        size = math.ceil(len(group) / parts)
        pieces += [(host, group[i : i + size]) for i in range(0, len(group), size)]
    shards: list[list[Source]] = [[] for _ in range(min(count, len(pieces)))]
    held: list[set[str]] = [set() for _ in shards]
    for host, piece in sorted(pieces, key=lambda p: len(p[1]), reverse=True):  # stable
        # a part never joins another part of its host: there are at most `count` parts
        free = [i for i in range(len(shards)) if host not in held[i]]
        lightest = min(free, key=lambda i: len(shards[i]))
        shards[lightest].extend(piece)
        held[lightest].add(host)
    order = {source.name: i for i, source in enumerate(sources)}
    return [sorted(shard, key=lambda s: order[s.name]) for shard in shards if shard]


def per_host_of(shards: list[list[Source]], per_host: int) -> list[int]:
    """Each shard's `per_host`: the whole of it, or its part of a host it shares with other
    shards (so that a host never has more than `per_host` requests in flight in all)."""
    hosts = [{host_of(s) for s in shard} for shard in shards]
    holders = Counter(host for held in hosts for host in held)
    return [min([per_host] + [per_host // holders[h] for h in held]) for held in hosts]


def plan(config: Config, sources: list[Source], store: Store) -> list[list[Source]]:
    """The shards this cycle's sources are crawled in (one: in this process)."""
    count = config.shards
    url = store.engine.url
    sqlite = url.get_backend_name() == "sqlite"
    if count is None:
        count = cores() if len(sources) >= SHARD_MIN else 1
        if count > 1 and sqlite and store.cold([s.name for s in sources]):
            # SQLite has one writer: shards taking baselines queue for it (make bench, 1,000
            # boards on 8 hosts: cold 10.7 s in one process, 15.8 s in two shards; steady
            # 2.65 -> 2.23 s), so a cycle with a baseline to take stays in one process
            count = 1
    if sqlite and url.database in (None, "", ":memory:"):
        count = 1  # a database in memory lives in this process only
    return split(sources, count, config.per_host) if count > 1 else [sources]


@dataclass
class _Shard:
    number: int
    sources: list[Source]
    process: Any  # multiprocessing's Process (fork or forkserver)
    conn: Connection
    error: str | None = None  # what the shard said before it died, if it could


def crawl_sharded(
    config: Config,
    sources: list[Source],
    store: Store,
    *,
    on_start: Callable[[], None] | None = None,
    on_done: Callable[[SourceResult], None] | None = None,
) -> dict[str, SourceResult]:
    """Crawl and store the sources in shards (or here, when `plan` says one); a result per
    source. Nothing is delivered: the caller does that once every shard has ended."""
    from monitor.crawl import crawl

    shards = plan(config, sources, store)
    if len(shards) == 1:
        return crawl(config, sources, store, on_start=on_start, on_done=on_done)
    started_at = utcnow()
    share = config.model_copy(update={"concurrency": math.ceil(config.concurrency / len(shards))})
    children = _start(share, shards, store)
    if on_start is not None:
        on_start()
    results: dict[str, SourceResult] = {}
    with _forwarding(children) as stopped:
        _gather(children, results, on_done)
    unreported = [s.name for s in sources if s.name not in results]
    stored = store.runs_since(unreported, started_at) if unreported else {}
    for name, result in stored.items():  # stored by a shard that died before saying so
        result.notes.append("stored by its shard, which then died before reporting it")
        results[name] = result
        if on_done is not None:
            on_done(result)
    missing = [s for s in sources if s.name not in results]
    if missing:
        ends = [_end(children, s, interrupted=bool(stopped)) for s in missing]
        listings = [Listing(s, [], end) for s, end in zip(missing, ends, strict=True)]
        for result in store.store_listings(listings, started_at):
            results[result.source] = result
            if on_done is not None:
                on_done(result)
    return results


def _start(config: Config, shards: list[list[Source]], store: Store) -> list[_Shard]:
    """Fork a child per shard (through a fork server when a thread of ours exists, as in
    `store.process.start_children`, since a fork copies only the forking thread)."""
    store.engine.dispose()  # no connection of this process crosses the fork
    forking = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if forking else "forkserver")
    parent = os.getpid() if forking else None  # a fork server's children are not ours
    url = store.engine.url.render_as_string(hide_password=False)
    share = cores() // len(shards)
    limits = per_host_of(shards, config.per_host)
    children = []
    for number, (group, limit) in enumerate(zip(shards, limits, strict=True), 1):
        ours_config = config
        if limit < config.per_host:  # a part of a host that other shards crawl too
            ours_config = config.model_copy(update={"per_host": limit})
        ours, theirs = context.Pipe(duplex=False)
        process = context.Process(  # type: ignore[attr-defined]
            target=_shard,
            args=(parent, url, ours_config, store.options(), group, theirs, share),
            name=f"rolewatch-shard-{number}",
        )
        process.start()
        theirs.close()
        children.append(_Shard(number, group, process, ours))
        names = ", ".join(s.name for s in group[:SHOWN])
        more = f" and {len(group) - SHOWN} more" if len(group) > SHOWN else ""
        shared = (
            f" (per_host {limit}: a host shared with other shards)"
            if ours_config is not config
            else ""
        )
        logger.info(
            "shard %d (pid %d): %d sources%s: %s%s",
            number,
            process.pid,
            len(group),
            shared,
            names,
            more,
            extra={"shard": number, "pid": process.pid, "sources": len(group), "per_host": limit},
        )
    return children


def _gather(
    children: list[_Shard],
    results: dict[str, SourceResult],
    on_done: Callable[[SourceResult], None] | None,
) -> None:
    """Read every shard's results as they come, until each has ended or died."""
    waiting = {child.conn: child for child in children}
    while waiting:
        for conn in cast(list[Connection], wait(list(waiting))):
            child = waiting[conn]
            try:
                what, payload = cast(tuple[str, Any], conn.recv())
            except (EOFError, OSError):
                del waiting[conn]
                continue
            if what == "done":
                results[payload.source] = payload
                if on_done is not None:
                    on_done(payload)
            elif what == "error":
                child.error = payload
    for child in children:
        child.process.join()
        child.conn.close()


@contextmanager
def _forwarding(children: list[_Shard]) -> Iterator[list[int]]:
    """Pass SIGINT and SIGTERM on to the shards (in process groups of their own, a terminal's
    Ctrl-C reaches this process alone), each once; yields the signals received."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # signals reach the main thread only: nothing to forward from here
        return

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        for child in children:
            if child.process.exitcode is None and child.process.pid is not None:
                with suppress(ProcessLookupError):
                    os.kill(child.process.pid, signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _end(children: list[_Shard], source: Source, *, interrupted: bool) -> ListingEnd:
    """How a source its shard never finished ended: interrupted after a signal, else failed."""
    child = next(c for c in children if any(s.name == source.name for s in c.sources))
    if interrupted:
        return ListingEnd(source.name, "interrupted", "the crawl was stopped (interrupted)")
    code = child.process.exitcode
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    why = f": {child.error}" if child.error else ""
    return ListingEnd(
        source.name,
        "failed",
        f"the shard process crawling it (pid {child.process.pid}) died ({how}){why}",
    )


def _shard(
    parent: int | None,
    url: str,
    config: Config,
    options: dict[str, bool],
    sources: list[Source],
    conn: Connection,
    share: int,
) -> None:
    """Child: crawl and store one shard, sending each source's result as it is stored."""
    from monitor.crawl import crawl
    from monitor.store.db import make_engine

    lifeline.die_with(parent)
    os.setpgid(0, 0)  # signals come from the parent, once: see `_forwarding`
    share_cores(share)
    sending = threading.Lock()

    def send(result: SourceResult) -> None:
        with sending:
            conn.send(("done", result))

    engine = make_engine(url)
    try:
        crawl(config, sources, Store(engine, config, **options), on_done=send)
    except BaseException as exc:
        with sending:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        raise
    finally:
        engine.dispose()
    conn.close()
