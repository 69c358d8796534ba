"""Worker processes normalise exactly what the store's thread would, in shared tasks; the
pipeline holds the crawl back while the store is behind."""

from __future__ import annotations

import asyncio
import random

from bench.boards import job
from monitor.config import parse_config
from monitor.normalise import content_hash, normalise
from monitor.store.workers import Normaliser
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
    monkeypatch.setattr("monitor.store.workers.normalise_batch", _explode)

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


def test_a_posting_travels_to_a_worker_whole() -> None:
    import pickle

    from monitor.items import Posting

    posting = Posting(
        "s", "7", "Engineer", url="https://x.io/7", company="Acme", department="Eng",
        locations=["Bucharest"], description="<p>$1</p>", workplace="hybrid",
        pay=[{"min": 1, "max": 2}], pay_text="$1-$2", posted_at="2026-01-01",
        has_details=False, listing_hash="h", extra={"k": [1]},
    )  # fmt: skip
    posting.raw_hash()
    copy = pickle.loads(pickle.dumps(posting))
    assert copy == posting and copy.raw_hash() == posting.raw_hash()
    assert copy._raw == posting._raw


def test_the_crawl_waits_while_the_store_holds_too_much(monkeypatch) -> None:
    """Past MAX_HELD postings handed over and not stored, the pipeline holds the crawl back,
    and lets it go on as soon as the store catches up."""
    from types import SimpleNamespace

    from monitor import pipeline
    from monitor.items import ListingEnd, Posting, PostingBatch

    monkeypatch.setattr(pipeline, "MAX_HELD", 3)
    stored: list[asyncio.Future] = []

    class Sink:
        interrupted = False

        async def put(self, end, postings):  # noqa: ANN001, ANN202
            stored.append(asyncio.get_running_loop().create_future())
            await stored[-1]

    crawler = SimpleNamespace(spider=SimpleNamespace(sink=Sink()), crawling=True)
    store = pipeline.StorePipeline(crawler)  # type: ignore[arg-type]

    async def source(name: str) -> None:
        batch = [Posting(name, str(i), "Engineer") for i in range(4)]
        await store.process_item(PostingBatch(name, batch))
        await store.process_item(ListingEnd(name, "complete", batches=1))

    async def crawl() -> None:
        first = asyncio.ensure_future(source("a"))
        await asyncio.sleep(0.01)
        second = asyncio.ensure_future(source("b"))  # "a" holds 4: over the limit
        await asyncio.sleep(0.05)
        assert first.done() and not second.done() and store.held == 8
        stored[0].set_result(None)  # "a" stored; "b" alone still holds more than 3
        await asyncio.sleep(0.05)
        assert not second.done() and store.held == 4
        stored[1].set_result(None)
        await asyncio.wait_for(second, 1)
        await asyncio.gather(*store.pending)

    asyncio.run(crawl())
    assert store.held == 0


def test_a_listing_waits_for_batches_handed_over_after_its_end() -> None:
    """Scrapy may process an earlier response's batch after the listing's end: the pipeline
    waits for every batch the end counts before handing the listing over."""
    from types import SimpleNamespace

    from monitor import pipeline
    from monitor.items import ListingEnd, Posting, PostingBatch

    handed: list[list[str]] = []

    class Sink:
        interrupted = False

        async def put(self, end, postings):  # noqa: ANN001, ANN202
            handed.append([p.external_id for p in postings])

    crawler = SimpleNamespace(spider=SimpleNamespace(sink=Sink()), crawling=True)
    store = pipeline.StorePipeline(crawler)  # type: ignore[arg-type]

    async def crawl() -> None:
        await store.process_item(PostingBatch("a", [Posting("a", "1", "One")]))
        await store.process_item(ListingEnd("a", "complete", batches=2))
        await asyncio.sleep(0.01)
        assert handed == []  # one batch is still on its way
        await store.process_item(PostingBatch("a", [Posting("a", "2", "Two")]))
        await asyncio.gather(*store.pending)

    asyncio.run(crawl())
    assert handed == [["1", "2"]]
