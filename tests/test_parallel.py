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
