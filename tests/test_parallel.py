"""Normalising in worker processes gives exactly what the store's thread would."""

from __future__ import annotations

import asyncio
import random

from bench.boards import job
from monitor.config import parse_config
from monitor.normalise import content_hash, normalise
from monitor.parallel import Normaliser, workers_for
from spiders.greenhouse import GreenhouseSpider


def test_worker_results_equal_inline_results() -> None:
    config = parse_config({"sources": [{"name": "s", "kind": "greenhouse", "board": "b"}]})
    spider = GreenhouseSpider(sources=list(config.sources))
    rng = random.Random(3)
    postings = [spider.posting(spider.states["s"], job(rng, 1, i)) for i in range(150)]
    normaliser = Normaliser(2)
    try:
        prepared = asyncio.run(normaliser.prepare(postings))
    finally:
        normaliser.close()
    assert len(prepared) == 150
    for posting in postings:
        content, digest = prepared[posting.raw_hash()]
        assert content == normalise(posting) and digest == content_hash(content)
        assert content["pay"] and content["office"]


def test_no_workers_without_a_baseline_to_take() -> None:
    assert workers_for(False) == 0


def _postings(count: int, board: int = 1) -> list:
    config = parse_config({"sources": [{"name": "s", "kind": "greenhouse", "board": "b"}]})
    spider = GreenhouseSpider(sources=list(config.sources))
    rng = random.Random(board)
    return [spider.posting(spider.states["s"], job(rng, board, i)) for i in range(count)]


def test_small_requests_share_a_task_and_each_gets_its_own(monkeypatch) -> None:
    """Listings that end together are sent to the workers as one task, not one each."""
    requests = [_postings(30, board) for board in range(1, 6)]
    normaliser = Normaliser(2)
    tasks: list[int] = []
    submit = normaliser.pool.submit

    def counting(fn, batch):  # type: ignore[no-untyped-def]
        tasks.append(len(batch))
        return submit(fn, batch)

    monkeypatch.setattr(normaliser.pool, "submit", counting)

    async def all_at_once() -> list:
        return await asyncio.gather(*(normaliser.prepare(r) for r in requests))

    try:
        results = asyncio.run(all_at_once())
    finally:
        normaliser.close()
    assert tasks == [150]
    for postings, prepared in zip(requests, results, strict=True):
        assert set(prepared) == {p.raw_hash() for p in postings}
        for posting in postings:
            assert prepared[posting.raw_hash()][0] == normalise(posting)


def test_a_failed_task_fails_every_request_it_held(monkeypatch) -> None:
    """The pipeline then normalises those postings in the store's thread instead."""
    normaliser = Normaliser(2)
    monkeypatch.setattr("monitor.parallel.normalise_batch", _explode)

    async def two() -> list:
        return await asyncio.gather(
            normaliser.prepare(_postings(3, 1)),
            normaliser.prepare(_postings(3, 2)),
            return_exceptions=True,
        )

    try:
        results = asyncio.run(two())
    finally:
        normaliser.close()
    assert [type(r) for r in results] == [ValueError, ValueError]


def _explode(batch: list) -> list:
    raise ValueError("no")
