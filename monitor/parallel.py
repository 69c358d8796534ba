"""Normalise large batches of new or changed postings in worker processes.

Reading pay and office terms out of text is the one CPU-heavy step of a cycle, and a baseline
does it for every posting. The crawl itself keeps one core busy; worker processes use the
others. Small batches (a steady cycle's few changes) stay in the store's thread: shipping
them to another process would cost more than it saves.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from monitor.items import Posting
from monitor.normalise import content_hash, normalise

logger = logging.getLogger(__name__)

Prepared = dict[str, tuple[dict[str, Any], str]]  # raw hash -> (content, content hash)

MIN_BATCH = 8  # below this, shipping postings to a worker costs more than it saves
CHUNK = 100  # postings per task: big enough to amortise pickling, small enough to share


def normalise_batch(postings: list[Posting]) -> list[tuple[str, dict[str, Any], str]]:
    """(raw hash, content, content hash) of each posting; runs in a worker process."""
    out = []
    for posting in postings:
        content = normalise(posting)
        out.append((posting.raw_hash(), content, content_hash(content)))
    return out


def _ready() -> int:
    return os.getpid()


class Normaliser:
    """A pool of worker processes, started before the crawl so that forking is safe."""

    def __init__(self, workers: int):
        # fork before the reactor and the store's threads exist: no lock can be held across it
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self.workers = workers
        for future in [self.pool.submit(_ready) for _ in range(workers)]:
            future.result()

    async def prepare(self, postings: list[Posting]) -> Prepared:
        """Normalise postings on the workers, in chunks spread over all of them."""
        chunks = [postings[i : i + CHUNK] for i in range(0, len(postings), CHUNK)]
        futures = [asyncio.wrap_future(self.pool.submit(normalise_batch, c)) for c in chunks]
        prepared: Prepared = {}
        for done in await asyncio.gather(*futures):
            for raw, content, digest in done:
                prepared[raw] = (content, digest)
        return prepared

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def workers_for(cold: bool) -> int:
    """How many worker processes a crawl gets: none unless there is a baseline to take."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, (cores or 1)) if cold and (cores or 1) > 1 else 0
