"""Personio careers site: the XML feed `https://{company}.jobs.personio.de/xml`, one response
with every position's full text.

Some sites have no XML feed: there the listing is `search.json` beside it (its `description`
is always empty), and each new or changed position's page (`/job/{id}`) is read for its
JobPosting JSON-LD, as for the other boards read in two steps.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.feeds import child, children, text, xml_root
from spiders.html import job_postings, jsonld_posting
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

FEED = "https://{board}.jobs.personio.de/xml"
_REMOTE = {"remote", "home office", "homeoffice", "remote work", "fully remote"}


def site_base(url: str) -> str:
    """The careers site's base URL, where `xml`, `search.json` and `job/{id}` live."""
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def remote_only(offices: list[str]) -> str | None:
    """ "remote" when the position's only office is Remote (Personio's way of saying it)."""
    if offices and all(o.lower() in _REMOTE for o in offices):
        return "remote"
    return None


@register
class PersonioSpider(DetailErrors, BoardSpider):
    kind = "personio"
    conditional = True  # the XML feed is the whole board in one response
    needs_known = True  # search.json sites are read in two steps

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or FEED.format(board=source.board)
        state.data.update(base=site_base(url), ids=set())
        yield self.request(
            state, url, self.parse_feed, on_error=self.feed_failed, conditional=True,
            headers={"Accept": "application/xml, text/xml;q=0.9, */*;q=0.1"},
        )  # fmt: skip

    # -- the XML feed ----------------------------------------------------------------------

    def parse_feed(self, response: Response, state: SourceState) -> Iterable[Any]:
        try:
            root = xml_root(response)
        except ValueError:
            root = None
        if root is None or root.tag != "workzag-jobs":
            # an HTML careers page where the feed should be: the site has none
            yield self.search_request(state)
            return
        yield from self.read_each(
            state, children(root, "position"), lambda position: self.feed_posting(state, position)
        )

    def feed_failed(self, request: Request, state: SourceState, reason: str) -> Iterable[Request]:
        """No XML feed (404, an error): the listing is read from search.json instead."""
        yield self.search_request(state)

    def feed_posting(self, state: SourceState, position: Any) -> Posting:
        external_id = ident(text(position, "id"))
        offices = [text(position, "office")]
        offices += [text(o) for o in children(child(position, "additionalOffices"), "office")]
        offices = list(dict.fromkeys(o for o in offices if o))
        parts = []
        for section in children(child(position, "jobDescriptions"), "jobDescription"):
            name, value = text(section, "name"), text(section, "value")
            if name:
                parts.append(f"<h3>{html.escape(name)}</h3>")
            if value:
                parts.append(value)
        extra = {
            key: text(position, tag)
            for key, tag in (
                ("employment", "employmentType"), ("schedule", "schedule"),
                ("seniority", "seniority"), ("experience", "yearsOfExperience"),
            )
            if text(position, tag)
        }  # fmt: skip
        return Posting(
            source=state.source.name,
            external_id=external_id,
            title=text(position, "name"),
            url=urljoin(state.data["base"], f"job/{external_id}") if external_id else None,
            company=text(position, "subcompany") or None,
            department=text(position, "department")
            or text(position, "recruitingCategory")
            or None,
            locations=offices,
            description="\n".join(parts),
            workplace=remote_only(offices),
            posted_at=text(position, "createdAt") or None,
            extra=extra,
        )

    # -- search.json and the position pages --------------------------------------------------

    def search_request(self, state: SourceState) -> Request:
        return self.request(
            state, urljoin(state.data["base"], "search.json"), self.parse_search,
            headers={"Accept": "application/json"},
        )  # fmt: skip

    def parse_search(self, response: Response, state: SourceState) -> Iterable[Request]:
        data = json_of(response)
        positions = data.get("positions") if isinstance(data, dict) else data
        if not isinstance(positions, list):
            raise ValueError("search.json is not a list of positions")
        for position in positions:
            external_id = ident(position.get("id")) if isinstance(position, dict) else ""
            if not external_id:
                self.mark_partial(state, "a position without a usable id was skipped")
                continue
            if external_id in state.data["ids"]:
                continue
            state.data["ids"].add(external_id)
            title = (position.get("name") or "").strip()
            if title_excluded(state.source, title):
                continue
            digest = listing_hash(
                title, position.get("office"), position.get("offices"),
                position.get("department"), position.get("employment_type"),
                position.get("schedule"), position.get("seniority"),
            )  # fmt: skip
            if not self.needs_details(state, external_id, digest):
                continue
            yield self.request(
                state,
                urljoin(state.data["base"], f"job/{external_id}"),
                self.parse_position,
                on_error=self.detail_failed,
                listing=False,
                meta={"rw_detail": external_id},
                cb_kwargs={"position": position, "digest": digest},
            )

    def parse_position(
        self, response: Response, state: SourceState, position: dict[str, Any], digest: str
    ) -> Iterable[Posting]:
        external_id = ident(position["id"])
        found = job_postings(response)
        posting = jsonld_posting(state.source.name, found[0], response.url) if found else None
        if posting is None:
            keep_known(state, external_id)
            self.mark_partial(state, f"no JobPosting on {response.url}")
            return
        offices = [o for o in [_label(position.get("office"))] if o]
        for office in position.get("offices") or []:
            if (name := _label(office)) and name not in offices:
                offices.append(name)
        posting.external_id = external_id
        posting.title = (position.get("name") or "").strip() or posting.title
        posting.url = urljoin(state.data["base"], f"job/{external_id}")
        posting.department = _label(position.get("department")) or posting.department
        posting.locations = offices or posting.locations
        posting.workplace = remote_only(offices) or posting.workplace
        posting.listing_hash = digest
        for key, field in (("employment", "employment_type"), ("schedule", "schedule"),
                           ("seniority", "seniority")):  # fmt: skip
            if position.get(field):
                posting.extra[key] = position[field]
        yield posting
