"""Careers pages in HTML: schema.org JobPosting JSON-LD, posting links, and the spider both
HTML kinds (`jsonld`, `page`) share: a listing page, then the posting pages it links to.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.http import HtmlResponse, Request, Response, TextResponse

from monitor.items import Posting
from monitor.timeutil import parse_when, utcnow
from spiders.base import BoardSpider, SourceState
from spiders.structured import number, pay_range, period_of
from spiders.twostep import keep_known, listing_hash

logger = logging.getLogger(__name__)

PERIODS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}
NOT_PAGES = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|zip|gz|png|jpe?g|gif|svg|webp|ico|css|js|json|xml|rss|mp[34]|"
    r"mov|avi|woff2?|ttf)$",
    re.IGNORECASE,
)


@functools.cache
def _jsonld() -> Any:
    """extruct's JSON-LD reader, imported on first use: extruct costs 0.1 s to import, and
    the spider loader imports this module in every cycle, pages or not."""
    from extruct.jsonld import JsonLdExtractor

    return JsonLdExtractor()


# -- JSON-LD -----------------------------------------------------------------------------


def is_job(data: dict[str, Any]) -> bool:
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
               for k in kinds)  # fmt: skip


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if is_job(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _walk(value, depth + 1)


def is_html(response: Response) -> bool:
    """Whether a response is a page to read (not a PDF, an image or JSON)."""
    return isinstance(response, TextResponse) and response.selector.type in ("html", "xml")


def job_postings(response: Response) -> list[dict[str, Any]]:
    """Every JobPosting in the page's JSON-LD (in @graph, ItemList, ... too).

    Each script block is read on its own, so one broken block does not hide the others.
    """
    if not is_html(response) or not isinstance(response, TextResponse):
        return []
    found: list[dict[str, Any]] = []
    for node in response.selector.root.xpath('//script[contains(@type, "ld+json")]'):
        try:
            items = _jsonld().extract_items(node)
        except ValueError as exc:
            logger.debug("bad JSON-LD block on %s: %s", response.url, exc)
            continue
        found.extend(_walk(items))
    return found


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return " ".join(html.unescape(str(value or "")).split())


def _description(value: Any) -> str:
    text = value if isinstance(value, str) else _text(value)
    if "&lt;" in text and "<" not in text:  # HTML escaped once more than it should be
        text = html.unescape(text)
    return text


def identifier(data: dict[str, Any]) -> str | None:
    """The JobPosting's own id: a PropertyValue's value, or a plain string or number."""
    ident = data.get("identifier")
    if isinstance(ident, list):
        ident = next((i for i in ident if i), None)
    if isinstance(ident, dict):
        ident = ident.get("value") if ident.get("value") not in (None, "") else ident.get("@id")
    if ident is None or isinstance(ident, dict | list):
        return None
    text = str(ident).strip()
    return text or None


def _address(address: Any) -> str | None:
    if isinstance(address, str):
        return " ".join(address.split()) or None
    if not isinstance(address, dict):
        return None
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) or _text(address.get("name")) or None


def places(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    raw = data.get("jobLocation")
    for place in raw if isinstance(raw, list) else [raw]:
        name: str | None = None
        if isinstance(place, dict):
            address = place.get("address")
            if isinstance(address, list):
                address = address[0] if address else None
            name = _address(address) or _text(place.get("name"))
        else:
            name = _address(place)
        if name and name not in out:
            out.append(name)
    if not out:
        raw = data.get("applicantLocationRequirements")
        for req in raw if isinstance(raw, list) else [raw]:
            if name := _text(req):
                out.append(name)
    return out


def _amount(value: Any) -> int | float | None:
    if isinstance(value, str):
        value = re.sub(r"[^\d.]", "", value)
    return number(value)


def salaries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """`baseSalary` MonetaryAmounts as SPEC pay ranges."""
    out: list[dict[str, Any]] = []
    raw = data.get("baseSalary")
    for amount in raw if isinstance(raw, list) else [raw]:
        if not isinstance(amount, dict):
            continue
        value = amount.get("value")
        unit = amount.get("unitText")
        if isinstance(value, dict):
            unit = value.get("unitText") or unit
            low = value.get("minValue", value.get("value"))
            high = value.get("maxValue", value.get("value"))
        else:
            low = high = value
        unit_text = str(unit or "").strip()
        period = (PERIODS.get(unit_text.upper()) or period_of(unit_text)) if unit_text else None
        currency = amount.get("currency")
        if not currency and isinstance(value, dict):
            currency = value.get("currency")
        item = pay_range(_amount(low), _amount(high), currency, period or "year")
        if item and item not in out:
            out.append(item)
    return out


def expired(data: dict[str, Any]) -> bool:
    """`validThrough` in the past: the posting is gone, whatever the page still says."""
    raw = data.get("validThrough")
    when = parse_when(raw) if isinstance(raw, str | int | float) else None
    if when is None:
        return False
    if isinstance(raw, str) and len(raw.strip()) == 10:  # a date: valid through its end
        when += timedelta(days=1)
    return when < utcnow()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def jsonld_posting(
    source: str, data: dict[str, Any], page_url: str, external_id: str | None = None
) -> Posting | None:
    """A Posting from one JobPosting object; None when it has expired or has no title."""
    title = _text(data.get("title") or data.get("name"))
    if not title or expired(data):
        return None
    raw_url = data.get("url")
    url = None
    if isinstance(raw_url, str) and raw_url.strip():
        url = urldefrag(urljoin(page_url, raw_url.strip()))[0]
    kinds = data.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    remote = any(isinstance(k, str) and "TELECOMMUTE" in k.upper() for k in kinds)
    employment = data.get("employmentType")
    org = data.get("hiringOrganization")
    return Posting(
        source=source,
        external_id=identifier(data) or external_id or url or page_url,
        title=title,
        url=url or page_url,
        company=_text(org) or None,
        department=_text(data.get("department") or data.get("occupationalCategory")) or None,
        locations=places(data),
        description=_description(data.get("description")),
        workplace="remote" if remote else None,
        pay=salaries(data),
        posted_at=_text(data.get("datePosted")) or None,
        extra={"employment": employment} if isinstance(employment, str | list) else {},
    )


# -- links and CSS ---------------------------------------------------------------------------


def posting_links(response: Response, selector: str | None) -> list[tuple[str, str]]:
    """(URL, link text) of the posting links: the selector's, or every same-host page link."""
    page = urldefrag(response.url)[0]
    host = urlsplit(response.url).netloc
    out: dict[str, str] = {}
    for node in response.css(selector or "a[href]"):
        anchors = [node] if node.attrib.get("href") is not None else node.css("a[href]")[:1]
        for anchor in anchors:
            href = (anchor.attrib.get("href") or "").strip()
            url = urldefrag(response.urljoin(href))[0] if href else ""
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or url == page:
                continue
            if not selector and (parts.netloc != host or NOT_PAGES.search(parts.path)):
                continue
            if url not in out:
                out[url] = " ".join(" ".join(anchor.css("::text").getall()).split())
    return list(out.items())


def css_text(response: Response, selector: str | None) -> str:
    """The text of what a selector matches (`::text`/`::attr()` selectors as given)."""
    if not selector:
        return ""
    if "::" in selector:
        parts = response.css(selector).getall()
    else:
        parts = [n.xpath("string()").get() or "" for n in response.css(selector)]
    return " ".join(" ".join(parts).split())


def css_texts(response: Response, selector: str | None) -> list[str]:
    if not selector:
        return []
    if "::" in selector:
        parts = response.css(selector).getall()
    else:
        parts = [n.xpath("string()").get() or "" for n in response.css(selector)]
    out: list[str] = []
    for part in parts:
        text = " ".join(part.split())
        if text and text not in out:
            out.append(text)
    return out


# -- the spider both HTML kinds share ---------------------------------------------------------


class HtmlBoardSpider(BoardSpider):
    """A careers page (`url`), read for inline postings, and the posting pages it links to.

    Posting pages are read again only when their link (URL and text) changed or their details
    are older than `refresh_details`; a page that cannot be read makes the listing partial.
    """

    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        by_hash: dict[str, list[str]] = {}
        for external_id, known in state.known.items():
            if getattr(known, "listing_hash", None):
                by_hash.setdefault(known.listing_hash, []).append(external_id)
        state.data["by_hash"] = by_hash
        if not state.source.url:
            raise ValueError("a careers page needs `url:`")
        yield self.request(state, state.source.url, self.parse_listing)

    def page_postings(
        self, response: Response, state: SourceState, page_url: str
    ) -> list[Posting]:
        """The postings a page holds: its JSON-LD JobPostings (what `page` adds CSS to)."""
        jobs = job_postings(response)
        out = []
        for data in jobs:
            fallback = page_url if len(jobs) == 1 else None
            if fallback is None and not (identifier(data) or data.get("url")):
                fallback = f"{page_url}#{slug(_text(data.get('title') or data.get('name')))}"
            if posting := jsonld_posting(state.source.name, data, page_url, fallback):
                out.append(posting)
        return out

    def listing_postings(self, response: Response, state: SourceState) -> list[Posting]:
        """Postings held inline by the listing page itself."""
        out = []
        for data in job_postings(response):
            title = _text(data.get("title") or data.get("name"))
            own = None if data.get("url") else f"{urldefrag(response.url)[0]}#{slug(title)}"
            if posting := jsonld_posting(state.source.name, data, response.url, own):
                out.append(posting)
        return out

    def parse_listing(self, response: Response, state: SourceState) -> Iterable[Any]:
        if not is_html(response):
            ctype = (response.headers.get("Content-Type") or b"?").decode("latin-1")
            raise ValueError(f"the careers page is not HTML (Content-Type: {ctype})")
        inline = self.listing_postings(response, state)
        links = posting_links(response, state.source.links)
        linked = {url for url, _ in links}
        # a posting both inline and on its own page is read from its page, with the inline
        # one kept as a stand-in for when that page holds no JobPosting
        fallbacks: dict[str, list[Posting]] = {}
        for posting in inline:
            if posting.url in linked:
                fallbacks.setdefault(posting.url, []).append(posting)
            else:
                yield posting
        if state.source.links and not links:
            # a redesign or a typo in `links:`: the board did not empty, the selector missed
            self.mark_partial(
                state,
                f"links matched nothing: `links: {state.source.links}` found no posting link "
                f"on {response.url}",
            )
        if not links and not inline:
            yield from self.page_postings(response, state, response.url)
        by_hash: dict[str, list[str]] = state.data["by_hash"]
        for url, text in links:
            digest = listing_hash(url, text)
            known = by_hash.get(digest, [])
            # every call counts: a fresh posting is marked seen as a side effect
            if known and not any([self.needs_details(state, k, digest) for k in known]):
                continue
            yield self.request(
                state,
                url,
                self.parse_posting,
                on_error=self.link_failed,
                listing=False,
                meta={"rw_detail": known[0] if known else None, "rw_known": known},
                cb_kwargs={"link": url, "digest": digest, "fallback": fallbacks.get(url, [])},
            )

    def parse_posting(
        self,
        response: Response,
        state: SourceState,
        link: str,
        digest: str,
        fallback: list[Posting],
    ) -> Iterable[Posting]:
        postings = self.page_postings(response, state, link) or fallback
        for posting in postings:
            posting.listing_hash = digest
            yield posting

    def listing_read(self, state: SourceState) -> None:
        """A careers page that shows no posting at all is not believed to be empty: more often
        it was redesigned, or its postings load later than `wait_for` waited."""
        if not state.seen and not state.partial:
            self.mark_partial(
                state,
                f"no postings found on {state.source.url} or the pages it links to (check "
                "`links:`, and `render:`/`wait_for:` for pages built by JavaScript)",
            )

    def link_failed(self, request: Request, state: SourceState, reason: str) -> Iterable[Any]:
        """A posting page failed: partial when it is a posting we know or a chosen link."""
        known = request.meta.get("rw_known") or []
        for external_id in known:
            keep_known(state, external_id)
        if known or state.source.links:
            self.mark_partial(state, f"a posting's page could not be read: {reason}")
        else:  # any same-host link is tried; one that fails says nothing about postings
            logger.debug("%s: skipped link: %s", state.source.name, reason)
        return ()


def page_posting(markup: str, locations: list[str] | None = None) -> Posting | None:
    """The first JobPosting of a page's markup as the `jsonld` board would read it; None when
    it has none. Its validThrough is ignored: whoever asks what a page says wants the answer.
    `locations` given replace the page's own."""
    url = "file:///posting.html"
    response = HtmlResponse(url=url, body=markup.encode("utf-8"), encoding="utf-8")
    for data in job_postings(response):
        current = {key: value for key, value in data.items() if key != "validThrough"}
        posting = jsonld_posting("extract", current, url)
        if posting is not None:
            if locations:
                posting.locations = list(locations)
            return posting
    return None
