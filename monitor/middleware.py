"""Downloader middlewares: retries that honour Retry-After, per-source timeouts, rendered JSON."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from parsel import Selector
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

SLOW_DOWN = (429, 503)  # the statuses whose Retry-After is a request to wait


class GaveUpRetrying(IgnoreRequest):
    """A board kept answering 429/503 after every retry we allow."""


def retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, but a 429 or 503 waits as its Retry-After asks (at most
    `RETRY_AFTER_MAX` seconds) before the retry, without blocking the reactor, and slows the
    host's download slot down by as much. Retries are bounded (`RETRY_AFTER_TIMES` for
    429/503, `RETRY_TIMES` for the rest); then the request fails with a clear reason.
    """

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 60.0)
        self.after_times = settings.getint("RETRY_AFTER_TIMES", self.max_retry_times)
        self.backoff = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_response(self, request: Request, response: Response) -> Any:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        if response.status not in SLOW_DOWN:
            return self._retry(request, reason) or response
        attempts = request.meta.get("max_retry_times", self.after_times)
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,  # type: ignore[arg-type]
            reason=reason,
            max_retry_times=attempts,
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
        )
        if retry is None:
            raise GaveUpRetrying(
                f"HTTP {reason}, still after {attempts} retries that waited as the board asked"
            )
        wait = self.wait_for(request, response)
        if wait > 0:
            self.slow_slot(request, wait)
            logger.info("%s answered %s: retrying in %.1fs", request.url, response.status, wait)
            from twisted.internet import reactor
            from twisted.internet.task import deferLater

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry

    def wait_for(self, request: Request, response: Response) -> float:
        """Retry-After, capped; a 429 without one backs off exponentially."""
        asked = retry_after(response.headers.get("Retry-After"))
        if asked is None:
            if response.status != 429:
                return 0.0
            asked = self.backoff * 2 ** request.meta.get("retry_times", 0)
        return min(asked, self.max_wait)

    def slow_slot(self, request: Request, wait: float) -> None:
        """Space the host's next requests too: one 429 is usually a burst of them."""
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, min(wait, self.max_wait))


class SourceTimeoutMiddleware:
    """Each source's `page_timeout` for its own requests: download and browser navigation.

    Runs before Scrapy's DownloadTimeoutMiddleware, which only sets the global default.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        states = getattr(self.crawler.spider, "states", None) or {}
        state = states.get(request.meta.get("rw_source"))
        if state is None:
            return
        seconds = state.source.page_timeout.total_seconds()
        request.meta.setdefault("download_timeout", seconds)
        if request.meta.get("playwright"):
            goto = dict(request.meta.get("playwright_page_goto_kwargs") or {})
            goto.setdefault("timeout", seconds * 1000)
            request.meta["playwright_page_goto_kwargs"] = goto


class RenderedJsonMiddleware:
    """A JSON API read through the browser comes back as Chromium's viewer page
    (`<pre>{...}</pre>`): give the spider the JSON, as without `render`.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if "playwright" not in response.flags or not isinstance(response, TextResponse):
            return response
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if "json" not in ctype or not response.text.lstrip().startswith("<"):
            return response
        page = Selector(text=response.text, type="html")
        text = "".join(page.xpath("//pre//text()").getall()) or "".join(
            page.xpath("//body//text()").getall()
        )
        return response.replace(cls=TextResponse, body=text.encode("utf-8"), encoding="utf-8")
