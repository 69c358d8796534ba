"""iCIMS career portals: the search pages (`/jobs/search?ss=1&in_iframe=1`, `pr=N` for page
N+1), then each new or changed posting's page for its JobPosting JSON-LD.

Search pages are session-sensitive (asked for at once, they can answer a neighbouring page), so
they are read one after the other; "Page X of Y" and the paging links say how many there are.
Rows come in three layouts (cards, rows, the legacy table); their header fields carry tenant
fields such as "Work Arrangement" and "Combined Salary Range". A posting page shows its JSON-LD
only with `mobile=true&needsRedirect=false` and to a crawler's user agent; it answers 410 once
the posting is closed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, register
from spiders.html import PERIODS, job_postings, salaries
from spiders.paystring import read_pay_line
from spiders.structured import pay_range, period_of
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

SEARCH = "https://{host}/jobs/search?ss=1&in_iframe=1"
MAX_PAGES = 1000
_PAGE_OF = re.compile(r"\bPage\s+(\d+)\s+of\s+(\d+)\b", re.IGNORECASE)
_PAGE_LINK = re.compile(r"[?&](?:amp;)?pr=(\d+)")
_JOB_PATH = re.compile(r"/jobs/(\d+)(?:/[^/?#]*)?/job\b")
_CRAWLER = re.compile(r"bot|crawl|spider", re.IGNORECASE)
# what iCIMS writes where a tenant left an address part out
_PLACEHOLDER = re.compile(r"^(?:UNAVAILABLE|Hidden \(.*|.*\$\{.*)$", re.IGNORECASE)
# tuples, not sets: the first label found wins, the same one every run
_LOCATION_LABELS = ("job location", "job locations", "location", "locations")
_ARRANGEMENT = re.compile(r"work arrangement|workplace|work model|remote|work location type", re.I)
_PAY_LABEL = re.compile(r"salary|\bpay\b|compensation|wage|hourly rate", re.IGNORECASE)
_ID_LABELS = ("id", "job id", "requisition id", "req id")


def endpoints(board: str | None, url: str | None) -> tuple[str, str]:
    """(first search page, portal base where `/jobs/{id}/...` lives) of a source."""
    if url:
        parts = urlsplit(url)
        at = parts.path.find("/jobs")
        prefix = parts.path[:at] if at >= 0 else parts.path.rstrip("/")
        return url, f"{parts.scheme}://{parts.netloc}{prefix}"
    if not board:
        raise ValueError("an icims source needs `board:` (the careers host's first label)")
    host = board if "." in board else f"{board}.icims.com"
    return SEARCH.format(host=host), f"https://{host}"


def search_page(first: str, page: int) -> str:
    """The URL of search page `page` (0-based): the first page's URL with `pr` set."""
    if page == 0:
        return first
    parts = urlsplit(first)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "pr"]
    return urlunsplit((*parts[:3], urlencode([*query, ("pr", str(page))]), ""))


def crawler_agent(configured: str) -> str:
    """A user agent iCIMS serves JSON-LD to: the configured one when it names itself a bot."""
    return configured if _CRAWLER.search(configured) else f"{configured} (compatible; bot)"


def _clean(text: str | None) -> str:
    return " ".join(html.unescape(text or "").split())


def _node_text(node: Selector) -> str:
    return _clean(" ".join(node.xpath(".//text()").getall()))


def page_numbers(response: Response) -> tuple[int | None, int]:
    """(this page's number when it says so, the number of pages) of a search page."""
    words = _clean(" ".join(response.xpath("//body//text()").getall()))
    marker = _PAGE_OF.search(words)
    current = int(marker.group(1)) if marker else None
    pages = int(marker.group(2)) if marker else 1
    linked = [int(n) for href in response.css("a::attr(href)").getall()
              for n in _PAGE_LINK.findall(href)]  # fmt: skip
    return current, max(pages, max(linked, default=0) + 1, 1)


def row_nodes(response: Response) -> list[Selector]:
    """The posting rows of a search page, in whichever layout the portal uses."""
    rows = response.css(".iCIMS_JobCardItem, .iCIMS_JobListingRow")
    if not rows:
        rows = response.css(".iCIMS_JobsTable > .row")
    if not rows:  # no row markup known here: each posting anchor stands for its row
        rows = response.css("a.iCIMS_Anchor")
    return list(rows)


def read_row(row: Selector, page_url: str) -> dict[str, Any] | None:
    """A search row's id, title, link and header fields; None when it links to no posting."""
    anchors = [row] if row.root.tag == "a" else row.css("a.iCIMS_Anchor, a[href*='/jobs/']")
    for anchor in anchors:
        href = html.unescape(anchor.attrib.get("href") or "").strip()
        found = _JOB_PATH.search(href)
        if not found:
            continue
        job_id = found.group(1)
        title = _clean(" ".join(anchor.css("h1 ::text, h2 ::text, h3 ::text, h4 ::text").getall()))
        if not title:
            named = _clean(anchor.attrib.get("title"))
            title = named.split(" - ", 1)[1] if named.startswith(f"{job_id} - ") else named
        if not title:
            title = _clean(" ".join(anchor.xpath(".//text()[not(ancestor::*[contains("
                                                 "@class, 'sr-only')])]").getall()))  # fmt: skip
        return {
            "id": job_id,
            "title": title,
            "url": urljoin(page_url, href),
            "fields": row_fields(row),
            "posted": posted_date(row),
        }
    return None


def row_fields(row: Selector) -> dict[str, str]:
    """A row's header fields by lower-cased label ("job location", "work arrangement", ...)."""
    fields: dict[str, str] = {}
    for tag in row.css(".iCIMS_JobHeaderTag"):
        labels, values = tag.css(".iCIMS_JobHeaderField, dt"), tag.css(".iCIMS_JobHeaderData, dd")
        if not labels or not values:
            continue
        label = _node_text(labels[0]).lower()
        if not label and labels[0].css(".glyphicons-map-marker"):
            label = "job location"
        value = _node_text(values[0])
        if label and value:
            fields.setdefault(label, value)
    # the card layout's left header ("Job Locations" then the places), the legacy location cell
    for header in row.css(".header.left"):
        label = _clean(" ".join(header.css(".field-label ::text").getall())).lower()
        value = _clean(" ".join(header.xpath(
            "./text() | ./*[not(contains(@class, 'field-label'))]//text()").getall()))  # fmt: skip
        if label in _LOCATION_LABELS and value:
            fields.setdefault("job location", value)
    for cell in row.css(".iCIMS_JobLocation"):
        if value := _node_text(cell):
            fields.setdefault("job location", value)
    return fields


def posted_date(row: Selector) -> str | None:
    """The row's posting date ("10/4/2026 5:15 PM", the portal's time) as an ISO date."""
    for title in row.css(".header.right span[title]::attr(title)").getall():
        try:
            return datetime.strptime(title.strip(), "%m/%d/%Y %I:%M %p").date().isoformat()
        except ValueError:
            continue
    return None


def listing_places(fields: dict[str, str]) -> list[str]:
    for label in _LOCATION_LABELS:
        if fields.get(label):
            return [fields[label]]
    return []


def field(fields: dict[str, str], pattern: re.Pattern[str]) -> str | None:
    return next((v for k, v in fields.items() if pattern.search(k)), None)


# -- the posting page's JSON-LD -------------------------------------------------------------


def _ld_text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    text = _clean(value if isinstance(value, str) else "")
    return "" if _PLACEHOLDER.match(text) else text


def ld_places(data: dict[str, Any]) -> list[str]:
    """ "City, Region, Country" of each jobLocation, iCIMS's placeholders left out."""
    out: list[str] = []
    raw = data.get("jobLocation")
    for place in raw if isinstance(raw, list) else [raw]:
        address = place.get("address") if isinstance(place, dict) else None
        if not isinstance(address, dict):
            continue
        parts = [_ld_text(address.get(k))
                 for k in ("addressLocality", "addressRegion", "addressCountry")]  # fmt: skip
        name = ", ".join(p for p in parts if p)
        if name and name not in out:
            out.append(name)
    return out


def ld_remote(data: dict[str, Any]) -> bool:
    """TELECOMMUTE, or every place's locality is "Remote" (how iCIMS marks a remote job)."""
    kinds = data.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and "TELECOMMUTE" in k.upper() for k in kinds):
        return True
    raw = data.get("jobLocation")
    localities = [
        _ld_text((p.get("address") or {}).get("addressLocality")).lower()
        for p in (raw if isinstance(raw, list) else [raw])
        if isinstance(p, dict) and isinstance(p.get("address"), dict)
    ]
    return bool(localities) and all(loc == "remote" for loc in localities)


def ld_pay(data: dict[str, Any], period_hint: str | None) -> list[dict[str, Any]]:
    """`baseSalary` as pay ranges, iCIMS's own shape included: `minValue`, `maxValue` and
    `currency` on the MonetaryAmount itself, usually with no `unitText` (the period is then the
    listing's salary field's, or unknown)."""
    out = salaries(data)
    raw = data.get("baseSalary")
    for amount in raw if isinstance(raw, list) else [raw]:
        if not isinstance(amount, dict) or amount.get("value") is not None:
            continue
        unit = str(amount.get("unitText") or "").strip()
        period = (PERIODS.get(unit.upper()) or period_of(unit)) if unit else period_hint
        if period is None:
            continue
        item = pay_range(amount.get("minValue"), amount.get("maxValue"), amount.get("currency"),
                         period)  # fmt: skip
        if item and item not in out:
            out.append(item)
    return out


def _description(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    if "&lt;" in text and "<" not in text:  # HTML escaped once more than it should be
        text = html.unescape(text)
    return text


@register
class IcimsSpider(DetailErrors, BoardSpider):
    kind = "icims"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        first, base = endpoints(state.source.board, state.source.url)
        agent = crawler_agent(str(self.settings.get("USER_AGENT") or "rolewatch"))
        state.data.update(first=first, base=base, agent=agent, ids=set())
        yield self.page(state, 0)

    def page(self, state: SourceState, page: int) -> Request:
        return self.request(
            state, search_page(state.data["first"], page), self.parse_search,
            cb_kwargs={"page": page},
        )  # fmt: skip

    def parse_search(self, response: Response, state: SourceState, page: int) -> Iterable[Any]:
        if not hasattr(response, "css"):
            raise ValueError("the search page is not HTML")
        current, pages = page_numbers(response)
        rows = [r for r in (read_row(node, response.url) for node in row_nodes(response)) if r]
        if not rows:
            if response.css("a[href*='/jobs/']").re(_JOB_PATH.pattern):
                raise ValueError("the search page links to postings in rows rolewatch cannot read")
            if b"iCIMS" not in response.body:
                raise ValueError("not an iCIMS search page (no iCIMS markup)")
            if page or pages > 1:
                self.mark_partial(state, f"search page {page + 1} of {pages} listed no postings")
            return
        if current is not None and current != page + 1:
            self.mark_partial(
                state, f"iCIMS answered page {current} when asked for page {page + 1}"
            )
        ids: set[str] = state.data["ids"]
        fresh = 0
        for row in rows:
            if row["id"] not in ids:
                ids.add(row["id"])
                fresh += 1
                yield from self.entry(state, row)
        if page and not fresh:
            self.mark_partial(state, f"search page {page + 1} only repeated postings already read")
        if page + 1 < min(pages, MAX_PAGES):
            yield self.page(state, page + 1)
        elif pages > MAX_PAGES:
            self.mark_partial(state, f"the portal has {pages} search pages; {MAX_PAGES} were read")

    def entry(self, state: SourceState, row: dict[str, Any]) -> Iterable[Request]:
        if title_excluded(state.source, row["title"]):
            return
        path = urlsplit(row["url"]).path
        digest = listing_hash(row["title"], path, row["fields"])
        if not self.needs_details(state, row["id"], digest):
            return
        at = path.find("/jobs/")
        url = f"{state.data['base']}{path[at:]}?mobile=true&needsRedirect=false"
        yield self.request(
            state,
            url,
            self.parse_posting,
            on_error=self.detail_failed,
            listing=False,
            headers={"User-Agent": state.data["agent"]},
            meta={"rw_detail": row["id"], "handle_httpstatus_list": [410]},
            cb_kwargs={"row": row, "digest": digest},
        )

    def parse_posting(
        self, response: Response, state: SourceState, row: dict[str, Any], digest: str
    ) -> Iterable[Posting]:
        if response.status == 410:
            return  # closed: not kept as seen, so its absence counts
        found = job_postings(response)
        if not found:
            keep_known(state, row["id"])
            self.mark_partial(state, f"no JobPosting JSON-LD on {response.url}")
            return
        yield self.posting(state, row, found[0], digest)

    def posting(
        self, state: SourceState, row: dict[str, Any], data: dict[str, Any], digest: str
    ) -> Posting:
        fields = row["fields"]
        listed_pay = field(fields, _PAY_LABEL)
        locations = ld_places(data) or listing_places(fields)
        listed = read_pay_line(listed_pay, locations)
        pay = ld_pay(data, listed["period"] if listed else None) or ([listed] if listed else [])
        arrangement = field(fields, _ARRANGEMENT)
        employment = _ld_text(data.get("employmentType"))
        employment = fields.get("position type") or ("" if employment == "OTHER" else employment)
        ref = next((fields[k] for k in _ID_LABELS if fields.get(k)), None)
        url = _ld_text(data.get("url")) or urlunsplit(urlsplit(row["url"])._replace(query=""))
        return Posting(
            source=state.source.name,
            external_id=row["id"],
            title=_ld_text(data.get("title")) or row["title"],
            url=url,
            company=_ld_text(data.get("hiringOrganization")) or None,
            department=_ld_text(data.get("occupationalCategory")) or fields.get("category"),
            locations=locations,
            description=_description(data.get("description")),
            workplace=arrangement or ("remote" if ld_remote(data) else None),
            pay=pay,
            pay_text=None if pay else listed_pay,
            posted_at=_ld_text(data.get("datePosted")) or row["posted"],
            listing_hash=digest,
            extra={k: v for k, v in (("employment", employment), ("ref", ref)) if v},
        )
