"""The store pipeline: buffer each source's postings and apply them once its listing has ended."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any, Self

from scrapy import Spider
from scrapy.crawler import Crawler

from monitor.items import ListingEnd, Posting, PostingBatch
from monitor.parallel import MIN_BATCH
from monitor.store.apply import Listing

logger = logging.getLogger(__name__)


# Postings handed to the store and not stored yet; past this, the crawl waits for the store.
# Storing does not hold the response that ended a listing (Scrapy stops downloading while 5 MB
# of responses are being processed), yet memory stays bounded when the store falls behind.
MAX_HELD = 20_000


class StorePipeline:
    """Hands finished listings to the store in a worker thread, so crawling goes on meanwhile."""

    def __init__(self, crawler: Crawler, run: Any):
        self.crawler = crawler
        self.run = run
        self.buffers: dict[str, list[Posting]] = defaultdict(list)
        self.ended: set[str] = set()
        self.pending: set[asyncio.Future[None]] = set()
        self.held = 0
        self.room = asyncio.Event()  # set whenever held drops to MAX_HELD or below

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from monitor.crawl import RUNS

        return cls(crawler, RUNS[crawler.settings["ROLEWATCH_RUN"]])

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PostingBatch):
            self.buffers[item.source].extend(item.postings)
        elif isinstance(item, ListingEnd):
            self.ended.add(item.source)
            task = asyncio.ensure_future(self._apply(item))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)
            # one event rather than asyncio.wait over the pending tasks: that call adds and
            # removes a callback on each of hundreds of tasks every time it is woken
            while self.held > MAX_HELD and self.pending:
                self.room.clear()
                await self.room.wait()
        return item

    def _stopping(self) -> bool:
        """Whether the crawl is being stopped (SIGINT/SIGTERM): unfinished work is interrupted."""
        if not self.crawler.crawling:
            self.run.interrupted = True
        return self.run.interrupted

    async def _apply(self, end: ListingEnd) -> None:
        postings = self.buffers.pop(end.source, [])
        if end.status == "failed" and self._stopping():
            # requests cut off by the stop fail, but the board did nothing wrong
            end = ListingEnd(end.source, "interrupted", "the crawl was stopped (interrupted)")
        # a failed listing stores nothing
        unread = end.status in ("failed", "interrupted")
        postings = [] if unread else one_each(postings, end)
        self.held += len(postings)
        try:
            if await self._baseline(end, postings):
                return
            prepared = None
            if self.run.normaliser and len(postings) >= MIN_BATCH:
                prefix, stored = f"{end.source}:", self.run.stored
                work = [p for p in postings if stored.get(prefix + p.external_id) != p.raw_hash()]
                if len(work) >= MIN_BATCH:
                    try:
                        prepared = await self.run.normaliser.prepare(work)
                    except Exception as exc:  # the store's thread normalises them instead
                        logger.warning("%s: worker processes failed: %s", end.source, exc)
            await asyncio.wrap_future(self.run.submit(end, postings, prepared))
        finally:
            self.held -= len(postings)
            if self.held <= MAX_HELD:
                self.room.set()

    async def _baseline(self, end: ListingEnd, postings: list[Posting]) -> bool:
        """Have a worker process normalise and store a source's first listing, if it can."""
        normaliser = self.run.normaliser
        if (
            normaliser is None
            or not normaliser.stores
            or end.source not in self.run.cold
            or end.status == "failed"
            or len(postings) < MIN_BATCH
        ):
            return False
        listing = Listing(self.run.sources[end.source], postings, end)
        try:
            result = await normaliser.baseline(listing)
        except Exception as exc:  # stored here instead: a worker's transaction was rolled back
            logger.warning("%s: worker processes failed: %s", end.source, exc)
            return False
        self.run.record([result])
        return True

    async def close_spider(self) -> None:
        if self.pending:
            await asyncio.gather(*self.pending)
        spider: Spider | None = self.crawler.spider
        states = getattr(spider, "states", {})
        reason = getattr(self.crawler.stats, "get_value", lambda *_: None)("finish_reason")
        for name in states:
            if name not in self.ended:
                if self._stopping():
                    end = ListingEnd(name, "interrupted", "the crawl was stopped (interrupted)")
                else:
                    why = f"the crawl stopped before the listing was read ({reason or 'unknown'})"
                    end = ListingEnd(source=name, status="failed", error=why)
                await self._apply(end)


def one_each(postings: list[Posting], end: ListingEnd) -> list[Posting]:
    """One posting per id. Of copies that differ, the same one every cycle (the least raw
    hash), whatever order the board lists them in: else a title would "change" back and forth."""
    chosen: dict[str, Posting] = {}
    differ = 0
    for posting in postings:
        have = chosen.setdefault(posting.external_id, posting)
        if have is not posting and have.raw_hash() != posting.raw_hash():
            differ += 1
            if posting.raw_hash() < have.raw_hash():
                chosen[posting.external_id] = posting
    if differ:
        end.notes.append(
            f"{differ} postings were listed again under an id already listed, with other "
            "content: the same one of each is kept every cycle"
        )
    return list(chosen.values()) if len(chosen) < len(postings) else postings
