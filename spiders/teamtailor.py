"""Teamtailor careers site: `GET https://{company}.teamtailor.com/jobs.rss`, 100 jobs a page.

Pages (`offset`, `per_page=100`) are read one after the other until one is short. The first
page is asked for conditionally only while the stored validators show the board fitting on it:
a 304 repeats the whole previous listing, which a board of several pages cannot promise by its
first page alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, register
from spiders.feeds import child, children, rfc822, text, xml_root

FEED = "https://{board}.teamtailor.com/jobs.rss"
PAGE = 100  # Teamtailor's page size; its feed shows the first 100 jobs unless told otherwise
MAX_PAGES = 100
_JOB_ID = re.compile(r"/jobs/(\d+)(?:[-/?#]|$)")
# remoteStatus values (jobleft's teamtailor adapter); "temporary" and others say nothing
WORKPLACES = {
    "fully": "remote", "full": "remote", "remote": "remote", "hybrid": "hybrid",
    "none": "onsite", "onsite": "onsite", "on_site": "onsite",
}  # fmt: skip
ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


def page_url(url: str, offset: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("offset", "per_page")]
    query += [("offset", str(offset)), ("per_page", str(PAGE))]
    return urlunsplit((*parts[:3], urlencode(query), ""))


def places(item: Any) -> list[str]:
    out: list[str] = []
    for location in children(child(item, "locations"), "location"):
        city = text(location, "city") or text(location, "name")
        name = ", ".join(p for p in (city, text(location, "country")) if p)
        if name and name not in out:
            out.append(name)
    return out


def job_id(item: Any) -> str:
    found = _JOB_ID.search(text(item, "link"))
    return found.group(1) if found else ident(text(item, "guid"))


@register
class TeamtailorSpider(BoardSpider):
    kind = "teamtailor"
    conditional = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        state.data.update(feed=source.url or FEED.format(board=source.board), ids=set())
        yield self.page(state, 0)

    def page(self, state: SourceState, offset: int) -> Request:
        url = page_url(state.data["feed"], offset)
        # every page's validators are saved (a saved second page marks a board of several
        # pages), but only the first page of a one-page board is sent them
        if offset or page_url(state.data["feed"], PAGE) in state.validators:
            state.validators.pop(url, None)
        return self.request(
            state, url, self.parse_page, headers={"Accept": ACCEPT}, conditional=True,
            cb_kwargs={"offset": offset},
        )  # fmt: skip

    def parse_page(self, response: Response, state: SourceState, offset: int) -> Iterable[Any]:
        root = xml_root(response)
        channel = child(root, "channel")
        if channel is None:
            raise ValueError(f"not the Teamtailor RSS feed (its root is <{root.tag}>)")
        items = children(channel, "item")
        company = text(channel, "title") or None
        fresh = 0
        for posting in self.read_each(
            state, items, lambda item: self.posting(state, item, company)
        ):
            if posting.external_id and posting.external_id not in state.data["ids"]:
                state.data["ids"].add(posting.external_id)
                fresh += 1
            yield posting
        if len(items) < PAGE:
            return
        if not fresh:
            self.mark_partial(state, f"page at offset {offset} only repeated jobs already read")
        elif offset // PAGE + 1 >= MAX_PAGES:
            self.mark_partial(state, f"the feed still had jobs after {MAX_PAGES} pages")
        else:
            yield self.page(state, offset + len(items))

    def posting(self, state: SourceState, item: Any, company: str | None) -> Posting:
        status = text(item, "remoteStatus").lower()
        department = text(item, "department")
        role = text(item, "role")
        return Posting(
            source=state.source.name,
            external_id=job_id(item),
            title=text(item, "title"),
            url=text(item, "link") or None,
            company=company,
            department=department or None,
            locations=places(item),
            description=text(item, "description"),
            workplace=WORKPLACES.get(status),
            posted_at=rfc822(text(item, "pubDate")),
            extra={"role": role} if role else {},
        )
