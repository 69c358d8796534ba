"""SAP SuccessFactors career sites (Career Site Builder): the site's RSS job feed, one response.

The feed's URL is the source's `url:` (`/googlefeed.xml`, `/sitemal.xml` or `/feeds/...`, as
the site offers). Each item's title is "Title (City, ST, CC, zip)"; its link ends in the job's
numeric id (`/job/{slug}/{id}/`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, register
from spiders.feeds import child, children, rfc822, text, xml_root

# the place in parentheses has a comma: "Engineer (m/f/d)" is a title, not a place
_TITLE = re.compile(r"^(?P<title>.*\S)\s*\((?P<place>[^(),]+,[^()]+)\)\s*$", re.DOTALL)
_JOB_ID = re.compile(r"/(\d{3,})/?$")


def split_title(raw: str) -> tuple[str, str | None]:
    """ "Title (City, ST, CC, zip)" -> ("Title", "City, ST, CC, zip")."""
    match = _TITLE.match(raw)
    if not match:
        return raw.strip(), None
    return match["title"].strip(), " ".join(match["place"].split())


def job_id(item: Any, link: str) -> str:
    """The job's id: the number that ends the link's path, else the feed's own id or guid."""
    found = _JOB_ID.search(urlsplit(link).path)
    if found:
        return found.group(1)
    own = text(item, "id") or text(item, "guid")  # googlefeed.xml: <g:id>
    if own and not own.startswith(("http://", "https://")):
        return ident(own)
    parts = urlsplit(link)  # a link without an id is the posting's key, without its query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) if parts.netloc else ""


@register
class SuccessFactorsSpider(BoardSpider):
    kind = "successfactors"
    conditional = True  # the whole feed is one response

    def start_source(self, state: SourceState) -> Iterable[Request]:
        if not state.source.url:
            raise ValueError("a successfactors source needs `url:`, the site's job feed")
        yield self.request(
            state,
            state.source.url,
            self.parse_feed,
            headers={"Accept": "application/rss+xml, application/xml;q=0.9, */*;q=0.1"},
            conditional=True,
        )

    def parse_feed(self, response: Response, state: SourceState) -> Iterable[Posting]:
        root = xml_root(response)
        channel = child(root, "channel")
        if channel is None:
            raise ValueError(f"not an RSS feed (its root is <{root.tag}>)")
        yield from self.read_each(
            state, children(channel, "item"), lambda item: self.posting(state, item)
        )

    def posting(self, state: SourceState, item: Any) -> Posting:
        link = text(item, "link") or text(item, "guid")
        title, place = split_title(text(item, "title"))
        location = text(item, "location")  # googlefeed.xml: <g:location>
        locations = [location] if location else [place] if place else []
        function = text(item, "job_function")  # googlefeed.xml; ATS_WEBFORM is no department
        return Posting(
            source=state.source.name,
            external_id=job_id(item, link),
            title=title,
            url=link or None,
            company=text(item, "employer") or None,
            department=function if function and function != "ATS_WEBFORM" else None,
            locations=locations,
            description=text(item, "description"),
            posted_at=rfc822(text(item, "pubDate")),
        )
