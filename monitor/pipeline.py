"""The store pipeline: buffer each source's postings and hand them to the sink once its listing
has ended."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any, Self

from scrapy import Spider
from scrapy.crawler import Crawler

from monitor.items import ListingEnd, Posting, PostingBatch
from monitor.store.sink import Sink

logger = logging.getLogger(__name__)


# Postings handed to the store and not stored yet; past this, the crawl waits for the store.
# Storing does not hold the response that ended a listing (Scrapy stops downloading while 5 MB
# of responses are being processed), yet memory stays bounded when the store falls behind.
MAX_HELD = 20_000


class StorePipeline:
    """Hands each source's finished listing to the sink, so crawling goes on meanwhile.

    The sink (`monitor.store.sink`) comes as the spider's argument; while more than MAX_HELD
    postings are handed over and not stored, the crawl waits for the store.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.buffers: dict[str, list[Posting]] = defaultdict(list)
        self.ended: set[str] = set()
        self.pending: set[asyncio.Future[None]] = set()
        self.held = 0
        self.room = asyncio.Event()  # set whenever held drops to MAX_HELD or below
        self.arrived: dict[str, int] = defaultdict(int)  # PostingBatch items per source
        self.arrival = asyncio.Event()  # set at each batch, and when the crawl is closing
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def sink(self) -> Sink:
        return self.crawler.spider.sink  # type: ignore[union-attr]

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PostingBatch):
            self.buffers[item.source].extend(item.postings)
            self.arrived[item.source] += 1
            self.arrival.set()
        elif isinstance(item, ListingEnd):
            self.ended.add(item.source)
            task = asyncio.ensure_future(self._hand_over(item))
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
            self.sink.interrupted = True
        return self.sink.interrupted

    async def _hand_over(self, end: ListingEnd) -> None:
        # Scrapy may process another response's items ahead of the batches this listing
        # yielded earlier (it prefetches a callback's output): wait for all of them
        while self.arrived[end.source] < end.batches and not self.closing:
            self.arrival.clear()
            await self.arrival.wait()
        postings = self.buffers.pop(end.source, [])
        if end.status == "failed" and self._stopping():
            # requests cut off by the stop fail, but the board did nothing wrong
            end = ListingEnd(end.source, "interrupted", "the crawl was stopped (interrupted)")
        unread = end.status in ("failed", "interrupted")
        postings = [] if unread else one_each(postings, end)
        self.held += len(postings)
        try:
            await self.sink.put(end, postings)
        finally:
            self.held -= len(postings)
            if self.held <= MAX_HELD:
                self.room.set()

    async def close_spider(self) -> None:
        self.closing = True  # every item has been processed: no batch is still on its way
        self.arrival.set()
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
                await self._hand_over(end)


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
