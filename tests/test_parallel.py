"""Normalising in worker processes gives exactly what the store's thread would."""

from __future__ import annotations

import asyncio
import random

from bench.boards import job
from monitor.config import parse_config
from monitor.normalise import content_hash, normalise
from monitor.parallel import Normaliser, workers_for
from monitor.timeutil import utcnow
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


def test_workers_take_baselines_as_the_store_would(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A worker with a store of its own normalises and stores first listings, in one task."""
    from monitor.items import ListingEnd
    from monitor.store.apply import Listing, Store
    from monitor.store.db import ensure_schema, make_engine
    from tests.test_store_batch import dump

    def store(name: str) -> tuple[Store, dict]:
        engine = make_engine(f"sqlite:///{tmp_path / name}")
        ensure_schema(engine)
        config = parse_config(
            {
                "sources": [
                    {"name": f"s{i}", "kind": "greenhouse", "board": f"b{i}"} for i in (1, 2)
                ]
            }
        )
        return Store(engine, config), {s.name: s for s in config.sources}

    def listings(sources: dict) -> list[Listing]:
        out = []
        for i, (name, source) in enumerate(sources.items(), start=1):
            postings = _postings(12, board=i)
            for p in postings:
                p.source = name
            out.append(Listing(source, postings, ListingEnd(name, "complete")))
        return out

    here, sources = store("here.db")
    expected = here.apply_many(listings(sources), utcnow())
    there, _ = store("there.db")
    normaliser = Normaliser(2, there)

    async def both() -> list:
        return await asyncio.gather(*(normaliser.baseline(x) for x in listings(sources)))

    try:
        got = asyncio.run(both())
    finally:
        normaliser.close()
    assert [(r.source, r.new, r.baseline, r.open) for r in got] == [
        (r.source, r.new, r.baseline, r.open) for r in expected
    ]
    assert all(r.new == 12 and r.baseline for r in got)
    assert dump(there) == dump(here)


def test_a_failed_baseline_is_stored_by_the_crawls_process(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    """A worker that cannot take a baseline rolls it back; the pipeline stores it itself."""
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from monitor.crawl import CrawlRun
    from monitor.items import ListingEnd, PostingBatch
    from monitor.pipeline import StorePipeline
    from monitor.store.apply import Store
    from monitor.store.db import ensure_schema, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    ensure_schema(engine)
    config = parse_config({"sources": [{"name": "s", "kind": "greenhouse", "board": "b"}]})
    store = Store(engine, config)

    class Broken:
        stores = True

        async def baseline(self, listing):  # type: ignore[no-untyped-def]
            raise RuntimeError("worker gone")

    run = CrawlRun(
        store=store,
        sources={"s": config.sources[0]},
        executor=ThreadPoolExecutor(max_workers=1),
        normaliser=Broken(),  # type: ignore[arg-type]
        cold={"s"},
    )
    pipeline = StorePipeline(SimpleNamespace(spider=None, stats=None), run)  # type: ignore[arg-type]

    async def crawl() -> None:
        await pipeline.process_item(PostingBatch("s", _postings(10)))
        await pipeline.process_item(ListingEnd("s", "complete"))
        await pipeline.close_spider()

    with caplog.at_level("WARNING", logger="monitor.pipeline"):
        asyncio.run(crawl())
    run.executor.shutdown(wait=True)
    assert "s: worker processes failed: worker gone" in caplog.text
    result = run.results["s"]
    assert result.status == "complete" and result.new == 10 and result.baseline


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
    from concurrent.futures import Future
    from types import SimpleNamespace

    from monitor import pipeline
    from monitor.items import ListingEnd, Posting, PostingBatch

    monkeypatch.setattr(pipeline, "MAX_HELD", 3)
    futures: list[Future] = []

    def submit(end, postings, prepared):  # noqa: ANN001, ANN202
        futures.append(Future())
        return futures[-1]

    run = SimpleNamespace(normaliser=None, submit=submit)
    store = pipeline.StorePipeline(crawler=None, run=run)  # type: ignore[arg-type]

    async def source(name: str) -> None:
        batch = [Posting(name, str(i), "Engineer") for i in range(4)]
        await store.process_item(PostingBatch(name, batch))
        await store.process_item(ListingEnd(name, "complete"))

    async def crawl() -> None:
        first = asyncio.ensure_future(source("a"))
        await asyncio.sleep(0.01)
        second = asyncio.ensure_future(source("b"))  # "a" holds 4: over the limit
        await asyncio.sleep(0.05)
        assert first.done() and not second.done() and store.held == 8
        futures[0].set_result(None)  # "a" stored; "b" alone still holds more than 3
        await asyncio.sleep(0.05)
        assert not second.done() and store.held == 4
        futures[1].set_result(None)
        await asyncio.wait_for(second, 1)
        await asyncio.gather(*store.pending)

    asyncio.run(crawl())
    assert store.held == 0
