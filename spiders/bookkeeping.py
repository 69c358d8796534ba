"""What happens around every response of a board spider, as a spider middleware.

Before a callback's output: the response is counted (a listing page, or a 304 that repeats
the previous listing), its validators are kept for the next conditional request, and a browser
that ended on another site fails the listing. Around the output: postings are fitted to the
field limits, filtered and batched (one item per response, not one per posting), those holding
undecodable bytes are left out, and a parse error fails the listing (or, on a posting's own
page, makes it partial). After it: the source's request is settled, and once its last one is,
the listing's end (`ListingEnd`) follows. Failed requests are the spider's errback's
(`BoardSpider.request_failed`), since Scrapy gives errback output to no middleware.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.http import Response

from monitor.items import Posting
from monitor.middleware import same_site
from spiders.base import BoardSpider, SourceState

logger = logging.getLogger(__name__)


class ListingBookkeeping:
    """Spider middleware of every board spider (monitor/settings.py: SPIDER_MIDDLEWARES)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _spider(self) -> BoardSpider | None:
        spider = self.crawler.spider
        return spider if isinstance(spider, BoardSpider) else None

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        spider = self._spider()
        name = response.meta.get("rw_source")
        if spider is None or name not in spider.states or response.meta.get("rw_settled"):
            # not a board's, or the errback's output for an HTTP error: already accounted for
            async for output in result:
                yield output
            return
        state = spider.states[name]
        self._received(spider, state, response)
        batch: list[Posting] = []
        # a 304 repeats the previous listing: nothing to parse (the callback never runs)
        if not state.failed and response.status != 304:
            try:
                async for output in result:
                    if (kept := spider.sort_output(state, output, batch)) is not None:
                        yield kept
            except Exception as exc:
                self._parse_failed(spider, state, response, exc)
        if batch and response.meta.get("rw_undecoded"):
            batch = spider.decodable(state, batch)
        if batch and not state.failed:
            yield state.batch(batch)
        for end in spider.settle(state):
            yield end

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> Iterable[Any] | None:
        """A callback that failed before yielding (one that returns, not yields, its output)."""
        spider = self._spider()
        name = response.meta.get("rw_source")
        if spider is None or name not in spider.states or response.meta.get("rw_settled"):
            return None
        state = spider.states[name]
        self._received(spider, state, response)
        if response.status != 304:
            self._parse_failed(spider, state, response, exception)
        return list(spider.settle(state))

    def _received(self, spider: BoardSpider, state: SourceState, response: Response) -> None:
        if response.status == 304:
            request = response.request
            asked = request.headers if request is not None else {}
            if not (asked.get("If-None-Match") or asked.get("If-Modified-Since")):
                # nothing to repeat: a 304 to a plain request is no listing at all
                state.failed = state.failed or (
                    f"{response.url} answered 304 Not Modified to a request that named no "
                    "earlier version"
                )
            state.not_modified += 1
        elif response.meta.get("rw_listing"):
            state.pages += 1
        request = response.request
        if (
            "playwright" in response.flags
            and request is not None
            and not same_site(request.url, response.url)
        ):
            # the browser followed a redirect to another site: not this board's postings
            state.failed = state.failed or (
                f"{request.url} led the browser to {response.url}, another site"
            )
        if response.meta.get("rw_conditional") and response.status == 200:
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
            if etag or modified:
                # keyed by the URL asked for, which is what the next cycle asks for again
                asked_url = (response.meta.get("redirect_urls") or [response.url])[0]
                state.fresh_validators[asked_url] = (
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                )

    def _parse_failed(
        self, spider: BoardSpider, state: SourceState, response: Response, exc: Exception
    ) -> None:
        logger.info("%s: cannot parse %s: %s", state.source.name, response.url, exc)
        logger.debug("parse error", exc_info=exc)
        why = f"{type(exc).__name__}: {exc}"
        if response.meta.get("rw_listing"):
            state.failed = state.failed or f"parse error on {response.url}: {why}"
        else:  # one posting's page: that posting is left out, the listing is partial
            spider.mark_partial(
                state, f"a posting's page could not be read: {response.url}: {why}"
            )
