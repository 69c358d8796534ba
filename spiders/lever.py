"""Lever postings API: `GET /v0/postings/{site}?mode=json&skip=N&limit=M`."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import pay_range, period_of

API = "https://api.lever.co/v0/postings/{board}?mode=json"
PAGE = 100


def page_url(base: str, skip: int) -> str:
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query))
    query.update(mode="json", skip=str(skip), limit=str(PAGE))
    return urlunsplit((*parts[:3], urlencode(query), ""))


@register
class LeverSpider(BoardSpider):
    kind = "lever"

    def start_source(self, state: SourceState) -> Iterable[Request]:
        base = state.source.url or API.format(board=state.source.board)
        state.data["base"] = base
        yield self.request(state, page_url(base, 0), self.parse_page, cb_kwargs={"skip": 0})

    def parse_page(self, response: Response, state: SourceState, skip: int) -> Iterable[Any]:
        jobs = json_of(response)
        if isinstance(jobs, dict) and "data" in jobs:
            jobs = jobs["data"]
        if not isinstance(jobs, list):
            raise ValueError("expected a JSON array of postings")
        seen: set[str] = state.data.setdefault("ids", set())
        before = len(seen)
        seen.update(ident(job.get("id")) for job in jobs if isinstance(job, dict))
        yield from self.read_each(state, jobs, lambda job: self.posting(state, job))
        if len(jobs) >= PAGE and len(seen) == before:
            # a board that ignores `skip` sends its first page for ever: stop, keep what was read
            self.mark_partial(state, f"Lever repeated earlier postings at skip={skip}")
        elif len(jobs) >= PAGE:
            nxt = skip + len(jobs)
            yield self.request(
                state, page_url(state.data["base"], nxt), self.parse_page, cb_kwargs={"skip": nxt}
            )

    def posting(self, state: SourceState, job: dict[str, Any]) -> Posting:
        cats = job.get("categories") or {}
        locations = cats.get("allLocations") or (
            [cats["location"]] if cats.get("location") else []
        )
        department = " / ".join(x for x in (cats.get("department"), cats.get("team")) if x)
        parts = [job.get("description") or ""]
        for block in job.get("lists") or []:
            parts.append(f"<h3>{html.escape(block.get('text') or '')}</h3>")
            parts.append(f"<ul>{block.get('content') or ''}</ul>")
        parts.append(job.get("additional") or "")
        if job.get("salaryDescription"):
            parts.append(job["salaryDescription"])
        pay = []
        salary = job.get("salaryRange") or {}
        if salary:
            interval = salary.get("interval")
            item = pay_range(
                salary.get("min"),
                salary.get("max"),
                salary.get("currency"),
                period_of(interval) or "year",
            )
            if item:
                pay.append(item)
        workplace = job.get("workplaceType")
        return Posting(
            source=state.source.name,
            external_id=ident(job.get("id")),
            title=(job.get("text") or "").strip(),
            url=job.get("hostedUrl"),
            department=department or None,
            locations=list(locations),
            description="\n".join(p for p in parts if p),
            # workplaceType is authoritative; "unspecified" means the board does not say
            workplace=None if workplace in (None, "", "unspecified") else workplace,
            pay=pay,
            posted_at=job.get("createdAt"),
            extra={"commitment": cats.get("commitment")} if cats.get("commitment") else {},
        )
