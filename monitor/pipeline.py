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

logger = logging.getLogger(__name__)


class StorePipeline:
    """Hands finished listings to the store in a worker thread, so crawling goes on meanwhile."""

    def __init__(self, crawler: Crawler, run: Any):
        self.crawler = crawler
        self.run = run
        self.buffers: dict[str, list[Posting]] = defaultdict(list)
        self.ended: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from monitor.crawl import RUNS

        return cls(crawler, RUNS[crawler.settings["ROLEWATCH_RUN"]])

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PostingBatch):
            self.buffers[item.source].extend(item.postings)
        elif isinstance(item, ListingEnd):
            self.ended.add(item.source)
            await self._apply(item)
        return item

    async def _apply(self, end: ListingEnd) -> None:
        postings = self.buffers.pop(end.source, [])
        if end.status == "failed":
            postings = []  # a failed listing stores nothing
        prepared = None
        if self.run.normaliser and len(postings) >= MIN_BATCH:
            prefix, stored = f"{end.source}:", self.run.stored
            work = [p for p in postings if stored.get(prefix + p.external_id) != p.raw_hash()]
            if len(work) >= MIN_BATCH:
                prepared = await self.run.normaliser.prepare(work)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.run.executor, self.run.apply, end, postings, prepared)

    async def close_spider(self) -> None:
        spider: Spider | None = self.crawler.spider
        states = getattr(spider, "states", {})
        reason = getattr(self.crawler.stats, "get_value", lambda *_: None)("finish_reason")
        for name in states:
            if name not in self.ended:
                why = f"the crawl stopped before the listing was read ({reason or 'unknown'})"
                await self._apply(ListingEnd(source=name, status="failed", error=why))
