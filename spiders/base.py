"""BoardSpider: one spider serves every source of its kind, and decides how each listing ended.

Requests are tagged with their source. The spider counts each source's outstanding requests;
when the last one has been handled it yields a `ListingEnd` saying whether the listing is
complete, partial or failed, and the store pipeline applies that source at once.
"""

from __future__ import annotations

import codecs
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import orjson
import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from monitor.config import Source
from monitor.items import ListingEnd, Posting, PostingBatch
from monitor.limits import bounded, fits, undecoded
from monitor.middleware import SourceTimedOut, timed_out
from monitor.store.result import CrawlContext
from monitor.timeutil import utcnow

logger = logging.getLogger(__name__)

REGISTRY: dict[str, type[BoardSpider]] = {}
NOTES = 20  # notes kept per listing: enough to see what kind of trouble a board gives


# 19 digits or more: an integer that may not fit in 64 bits, which orjson silently reads as
# a float (two ids past 2**64 then become one); the standard parser reads it exactly. Sought
# as a run of zeros in the body with every digit made a zero: two passes in C, 74 us for a
# 100 kB listing where the regex \d{19} took 1,000 us (a third of a 1%-changed cycle's growth).
_DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= i <= 0x39 else 0x78 for i in range(256))
_LONG_RUN = b"0" * 19


def json_of(response: Response) -> Any:
    """The response's JSON, as `response.json()` gives it, parsed by orjson where it can.

    JSON is UTF-8: bytes that are not are kept as surrogates (`surrogateescape`) rather than
    guessing another encoding for the whole body, and the response is flagged
    (`meta["rw_undecoded"]`) so that the postings holding them are left out, not misread.
    """
    body = response.body
    if _LONG_RUN not in body.translate(_DIGITS_AS_ZEROS):
        try:
            return orjson.loads(body)  # a few times faster, and no str copy of the body
        except orjson.JSONDecodeError:
            pass
    # what orjson refuses (a byte-order mark, UTF-16, NaN, bytes that are not UTF-8) or would
    # round (integers past 64 bits) the standard parser reads; what it cannot raises its error
    if body[:3] == codecs.BOM_UTF8 or body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return json.loads(body)  # the standard parser reads the byte-order mark
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "surrogateescape")
        response.meta["rw_undecoded"] = True
    try:
        return json.loads(text)
    except ValueError as exc:
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1") or "no type"
        raise ValueError(f"expected JSON, got {ctype} ({exc})") from None


def ident(value: Any) -> str:
    """A board's id for a posting, exactly as a string; "" when it is not a usable id.

    Strings (trimmed) and integers are ids; null, booleans, floats (not exact), lists and
    objects are not: a posting with such an id is an error of that posting, never a key.
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return ""


def register(cls: type[BoardSpider]) -> type[BoardSpider]:
    """Class decorator: make a spider the one used for its `kind`."""
    REGISTRY[cls.kind] = cls
    return cls


@dataclass
class SourceState:
    """What one source's crawl has done so far."""

    source: Source
    pending: int = 0
    pages: int = 0
    requests: int = 0
    not_modified: int = 0
    failed: str | None = None
    partial: str | None = None
    ended: bool = False
    seen: set[str] = field(default_factory=set)
    unchanged: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # spider-specific scratch space
    known: dict[str, Any] = field(default_factory=dict)  # external id -> store.result.Known
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    fresh_validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    batches: int = 0  # PostingBatch items yielded so far (see ListingEnd.batches)
    deadline: float = 0.0  # time.monotonic() by which the source's crawl must end (`timeout:`)

    def batch(self, postings: list[Posting]) -> PostingBatch:
        """One response's postings as one item, counted."""
        self.batches += 1
        return PostingBatch(self.source.name, postings)

    def note(self, text: str) -> None:
        """Say what was made to fit or left out (at most NOTES of them, once each)."""
        if text not in self.notes and len(self.notes) < NOTES:
            self.notes.append(text)

    def end(self) -> ListingEnd:
        self.ended = True
        if self.failed:
            status, error = "failed", self.failed
        elif self.partial:
            status, error = "partial", self.partial
        else:
            status, error = "complete", None
        return ListingEnd(
            source=self.source.name,
            status=status,  # type: ignore[arg-type]
            error=error,
            pages=self.pages,
            not_modified=bool(self.requests) and self.not_modified == self.requests,
            unchanged_keys=self.unchanged,
            validators=self.fresh_validators,
            notes=self.notes,
            batches=self.batches,
        )


def describe_failure(failure: Failure, request: Request | None = None) -> str:
    """A one-line, user-readable reason for a failed request."""
    from urllib.parse import urlsplit

    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    exc = failure.value
    url = request.url if request is not None else ""
    host = urlsplit(url).netloc or url
    name = type(exc).__name__
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status} on {exc.response.url}"
    if "Timeout" in name or "TimedOut" in name:
        return f"timeout on {url}"
    if "DNSLookup" in name:
        return f"DNS lookup failed for {host}"
    if "ConnectionRefused" in name:
        return f"connection refused by {host}"
    if "ConnectionLost" in name or "ResponseNeverReceived" in name or "ConnectionDone" in name:
        return f"connection lost while reading {url}"
    if isinstance(exc, SourceTimedOut):
        return str(exc)
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if not text or "robots.txt" in text.lower():
            return f"{url} is forbidden by robots.txt"
        return f"{text}: {url}"
    detail = str(exc).strip()
    return f"{name} on {url}" + (f": {detail}" if detail else "")


def not_found_hint(source: Source) -> str:
    """What to check when a source's listing is not found (HTTP 404 or 410)."""
    if source.board and not source.url:
        return (
            f": is the board token right? (`board: {source.board}`; `rolewatch detect URL` "
            "reads it from the careers page's address)"
        )
    return ": is `url:` right? (for a board's API, the listing endpoint; see the README)"


class BoardSpider(scrapy.Spider):
    """Base of every board kind: requests tagged with their source, the listing's outcome,
    posting filters. What happens around each response (counting it, fitting and batching its
    postings, deciding the listing's outcome) is `spiders.bookkeeping.ListingBookkeeping`'s."""

    kind: ClassVar[str] = ""
    # True for boards read in two steps (listing, then a detail page per posting): the spider
    # is given what the store knows, so unchanged postings' details are not read every cycle
    needs_known: ClassVar[bool] = False
    # True for boards whose whole listing is one response: it is asked for conditionally
    # (If-None-Match / If-Modified-Since) and a 304 means the listing is complete and unchanged
    conditional: ClassVar[bool] = False

    def __init__(
        self,
        sources: list[Source] | None = None,
        context: CrawlContext | None = None,
        sink: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=self.kind or "board", **kwargs)
        self.states: dict[str, SourceState] = {s.name: SourceState(s) for s in sources or []}
        self.context = context or CrawlContext()
        # where the pipeline hands finished listings (`monitor.store.sink.Sink`); the spider
        # itself never uses it: spiders read the context and never touch the store
        self.sink = sink

    # -- what each kind implements -------------------------------------------------------

    def start_source(self, state: SourceState) -> Iterable[Request]:
        """The first request(s) of a source's listing."""
        raise NotImplementedError

    # -- the machinery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        began = time.monotonic()
        for name, state in self.states.items():
            state.deadline = began + state.source.timeout.total_seconds()
            state.known = dict(self.context.known_of(name))
            state.validators = dict(self.context.validators_of(name))
        for state in self.states.values():
            try:
                requests = list(self.start_source(state))
            except Exception as exc:  # a bad source setting must not stop the others
                logger.exception("%s: cannot start", state.source.name)
                state.failed = f"cannot start: {exc}"
                requests = []
            for request in requests:
                yield request
            if not requests:
                yield self._end_request(state)

    def needs_details(self, state: SourceState, external_id: str, listing_hash: str) -> bool:
        """Whether a posting's detail page must be read this cycle.

        New postings and ones whose listing entry changed always; the others once their
        details are older than the source's `refresh_details`. A posting not re-read is
        still counted as seen (and so never removed).
        """
        known = state.known.get(external_id)
        if known is None or known.listing_hash != listing_hash or known.details_at is None:
            return True
        if known.stale:
            return True
        if utcnow() - known.details_at >= state.source.refresh_details:
            return True
        if external_id not in state.seen:
            state.seen.add(external_id)
            state.unchanged.append(external_id)
        return False

    def request(
        self,
        state: SourceState,
        url: str,
        callback: Callable[..., Any],
        *,
        on_error: Callable[[Request, SourceState, str], Iterable[Any]] | None = None,
        listing: bool = True,
        render: bool | None = None,
        conditional: bool = False,
        **kwargs: Any,
    ) -> Request:
        """A request for one source; `callback(response, state, **cb_kwargs)` parses it.

        A failure of a request with no `on_error(request, state, reason)` fails the whole
        listing. `conditional` sends the validators stored for this URL (whole-listing
        requests only).
        """
        meta = dict(kwargs.pop("meta", None) or {})
        meta.update(rw_source=state.source.name, rw_on_error=on_error, rw_listing=listing)
        if conditional and not (render if render is not None else state.source.render):
            headers = dict(kwargs.pop("headers", None) or {})
            etag, modified = state.validators.get(url, (None, None))
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
            kwargs["headers"] = headers
            meta["rw_conditional"] = True
            meta["handle_httpstatus_list"] = [304]
        if render if render is not None else state.source.render:
            meta.update(self.playwright_meta(state, listing=listing))
        cb_kwargs = {"state": state, **(kwargs.pop("cb_kwargs", None) or {})}
        state.pending += 1
        state.requests += 1
        return Request(
            url,
            callback=callback,
            errback=self.request_failed,
            meta=meta,
            cb_kwargs=cb_kwargs,
            dont_filter=True,
            **kwargs,
        )

    def playwright_meta(self, state: SourceState, listing: bool = True) -> dict[str, Any]:
        """Meta that sends a request through headless Chromium (scrapy-playwright). A listing
        page waits for `wait_for`; a posting's page for `posting_wait_for` (else its load)."""
        meta: dict[str, Any] = {"playwright": True}
        source = state.source
        # a posting's page needs its content in the page, shown or not (JSON-LD never is)
        selector, shown = (
            (source.wait_for, "visible") if listing else (source.posting_wait(), "attached")
        )
        if selector:
            from scrapy_playwright.page import PageMethod

            timeout_ms = source.page_timeout.total_seconds() * 1000
            meta["playwright_page_methods"] = [
                PageMethod("wait_for_selector", selector, timeout=timeout_ms, state=shown)
            ]
        return meta

    def _end_request(self, state: SourceState) -> Request:
        """A no-op request (data: URL) that exists only to end a source that made none."""
        return self.request(state, "data:,", self.nothing, render=False)

    def nothing(self, response: Response, state: SourceState) -> Iterable[Any]:
        """The callback of a request that only ends its source."""
        return ()

    def request_failed(self, failure: Failure) -> list[Any]:
        """The errback of every request: its `on_error`, else the listing fails.

        Returns its output whole rather than yielding it: an HTTP error's errback output then
        passes through the spider middlewares as that response's output, and the bookkeeping
        there must already see the request settled (`rw_settled`).
        """
        request: Request = failure.request  # type: ignore[attr-defined]
        state = self.states[request.meta["rw_source"]]
        request.meta["rw_settled"] = True
        reason = describe_failure(failure, request)
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if status in (404, 410) and request.meta.get("rw_listing"):
            reason += not_found_hint(state.source)
        handler = request.meta.get("rw_on_error")
        if state.deadline and time.monotonic() >= state.deadline:
            # out of time: the listing failed, whatever this request was for
            handler, reason = None, timed_out(state.source.timeout)
        out: list[Any] = []
        if handler and not state.failed:
            batch: list[Posting] = []
            try:
                for output in handler(request, state, reason) or ():
                    if (kept := self.sort_output(state, output, batch)) is not None:
                        out.append(kept)
            except Exception as exc:
                state.failed = f"{reason}; then {type(exc).__name__}: {exc}"
            if batch and not state.failed:
                out.append(state.batch(batch))
        elif not state.failed:
            logger.info("%s: %s", state.source.name, reason)
            state.failed = reason
        out.extend(self.settle(state))
        return out

    # -- what ListingBookkeeping and the errback share -------------------------------------

    def sort_output(self, state: SourceState, output: Any, batch: list[Posting]) -> Any:
        """Postings go into the response's batch (one item, not one per posting); the rest on."""
        kept = self._keep(state, output)
        if isinstance(kept, Posting):
            batch.append(kept)
            return None
        return kept

    def decodable(self, state: SourceState, batch: list[Posting]) -> list[Posting]:
        """Leave out postings that hold bytes which were not text: as stored, they stay."""
        kept = []
        for posting in batch:
            if undecoded(posting):
                self.mark_partial(
                    state, f"posting {posting.external_id} holds bytes that are not UTF-8 text"
                )
            else:
                kept.append(posting)
        return kept

    def read_each(
        self, state: SourceState, entries: Iterable[Any], read: Callable[[Any], Any]
    ) -> Iterator[Any]:
        """`read(entry)` for each entry of a listing; one that cannot be read is left out and
        makes the listing partial, instead of failing the whole board."""
        for number, entry in enumerate(entries, 1):
            try:
                item = read(entry)
            except Exception as exc:  # a board's junk in one posting is that posting's alone
                logger.debug(
                    "entry %d of %s cannot be read", number, state.source.name, exc_info=True
                )
                self.mark_partial(
                    state,
                    f"posting {number} of the listing could not be read "
                    f"({type(exc).__name__}: {exc})",
                )
                continue
            if item is not None:
                yield item

    def settle(self, state: SourceState) -> Iterable[ListingEnd]:
        """One request of the source is done; the listing's end once the last one is."""
        state.pending -= 1
        if state.pending == 0 and not state.ended:
            if not state.failed:
                self.listing_read(state)
            yield state.end()

    def listing_read(self, state: SourceState) -> None:
        """Called once a source's last request is done, before its outcome is decided."""

    def _keep(self, state: SourceState, output: Any) -> Any:
        """Fit postings to the field limits, drop those the source's filters exclude; pass
        requests on. A posting listed twice is kept twice: the pipeline picks one."""
        if not isinstance(output, Posting):
            return output
        if not fits(output):  # most postings do: nothing to make or note
            fitted = bounded(output)
            output = fitted.posting
            if fitted.notes:
                state.note(f"posting {output.external_id[:80]}: {'; '.join(fitted.notes)}")
        if not output.external_id:
            title = output.title[:80] or "untitled"
            self.mark_partial(state, f"a posting without a usable id ({title!r}) was skipped")
            return None
        state.seen.add(output.external_id)
        source = state.source
        if (source.include or source.exclude) and not source.matches(
            {
                "title": output.title,
                "location": " | ".join(output.locations),
                "department": output.department or "",
                "description": output.description,
            }
        ):
            return None
        return output

    def mark_partial(self, state: SourceState, reason: str) -> None:
        """Say the listing was read without error but is known to be cut short."""
        if not state.partial:
            logger.info("%s: listing is partial: %s", state.source.name, reason)
            state.partial = reason
