"""Downloader middlewares: retries that honour Retry-After, per-source timeouts and deadlines,
redirects kept to the board's own site, HTML read as UTF-8 when it nearly is, rendered JSON."""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message

from monitor.config import format_duration
from monitor.timeutil import aware

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
    return max(0.0, (aware(when) - (now or datetime.now(UTC))).total_seconds())


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

    # Scrapy 2.14's coroutine form, without the deprecated `spider` argument
    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
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


class SourceTimedOut(IgnoreRequest):
    """A source's whole crawl ran past its `timeout:`: its requests are dropped."""


def timed_out(timeout: timedelta) -> str:
    """Why a source whose crawl outlasted its `timeout:` failed."""
    return (
        f"timed out after {format_duration(timeout)}: the crawl of this source was stopped "
        "(raise its `timeout:` if the board is that slow)"
    )


class SourceTimeoutMiddleware:
    """Each source's `timeout` and `page_timeout` for its own requests.

    A request of a source whose `timeout:` has passed (see SourceState.deadline) is dropped
    with SourceTimedOut, which fails its listing: a board that pages for ever ends. Otherwise
    `page_timeout` bounds the download and the browser's navigation. Runs before Scrapy's
    DownloadTimeoutMiddleware, which only sets the global default.
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
        left = state.deadline - time.monotonic() if state.deadline else float("inf")
        if left <= 0:
            raise SourceTimedOut(timed_out(state.source.timeout))
        # no request outlives its source's deadline: a hung download ends with it
        seconds = min(state.source.page_timeout.total_seconds(), left)
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


# second-level labels under which a country's registrable names sit (acme.co.uk, acme.com.au)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gv"})


def site_of(host: str) -> str:
    """The registrable name a host belongs to, near enough: `boards.greenhouse.io` ->
    `greenhouse.io`, `careers.acme.co.uk` -> `acme.co.uk`; an IP address is its own site."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit() or ":" in host:
        return host
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on one site (one registrable name): a board's own hosts."""
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    return site_of(host_a) == site_of(host_b)


class SameSiteRedirectMiddleware:
    """Refuse redirects to another site: a board moved to another host's jobs would be stored
    as its own. Within its site (http to https, one ATS host to another) they are followed.
    Sits before Scrapy's RedirectMiddleware, which follows what passes here.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if not 300 <= response.status < 400 or response.status == 304:
            return response
        location = response.headers.get("Location")
        if not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        if urlsplit(target).scheme in ("http", "https") and same_site(first, target):
            return response
        raise IgnoreRequest(
            f"redirected to {urlsplit(target).netloc or target}, another site (not followed; "
            "point `url:` there if the board has moved)"
        )


class Utf8HtmlMiddleware:
    """An HTML page that declares no encoding and is UTF-8 but for a few bad bytes is read as
    UTF-8, not as the legacy encoding a guesser picks (which garbles every accented letter of
    the page). The response is flagged (`meta["rw_undecoded"]`) so that postings holding a
    replaced byte are left out rather than stored garbled.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or "playwright" in response.flags:
            return response
        if response._declared_encoding():  # a header, a byte-order mark or a <meta charset>
            return response
        body = response.body
        try:
            body.decode("utf-8")
            return response
        except UnicodeDecodeError:
            pass
        valid = len(_UTF8_SEQUENCE.findall(body))
        bad = body.decode("utf-8", "replace").count("\ufffd")
        if valid <= bad:
            return response  # a legacy page after all: let Scrapy's guess stand
        request.meta["rw_undecoded"] = True
        return response.replace(encoding="utf-8")


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
