"""Workable widget API: `GET /api/v1/widget/accounts/{account}?details=true`, full text inline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register

API = "https://apply.workable.com/api/v1/widget/accounts/{board}?details=true"
WORKPLACES = {"remote": "remote", "hybrid": "hybrid", "on_site": "onsite", "onsite": "onsite"}


def places(job: dict[str, Any]) -> list[str]:
    """ "City, Region, Country" for each listed location (hidden ones left out)."""
    out: list[str] = []
    for loc in job.get("locations") or []:
        if not isinstance(loc, dict) or loc.get("hidden"):
            continue
        name = ", ".join(p for p in (loc.get("city"), loc.get("region"), loc.get("country")) if p)
        if name and name not in out:
            out.append(name)
    if not out:
        name = ", ".join(p for p in (job.get("city"), job.get("state"), job.get("country")) if p)
        out = [name] if name else []
    return out


@register
class WorkableSpider(BoardSpider):
    kind = "workable"
    conditional = True  # the whole listing is one response

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or API.format(board=source.board)
        yield self.request(
            state, url, self.parse_jobs, headers={"Accept": "application/json"}, conditional=True
        )

    def parse_jobs(self, response: Response, state: SourceState) -> Iterable[Posting]:
        data = json_of(response)
        jobs = data.get("jobs")
        if not isinstance(jobs, list):
            raise ValueError("`jobs` is not a list")
        company = data.get("name")
        yield from self.read_each(state, jobs, lambda job: self.posting(state, job, company))

    def posting(self, state: SourceState, job: dict[str, Any], company: str | None) -> Posting:
        kind = str(job.get("workplace") or job.get("workplace_type") or "").lower()
        workplace = WORKPLACES.get(kind.replace("-", "_"))
        if workplace is None and job.get("telecommuting"):
            workplace = "remote"
        extra = {"employment": job["employment_type"]} if job.get("employment_type") else {}
        return Posting(
            source=state.source.name,
            external_id=ident(job.get("shortcode")),
            title=(job.get("title") or "").strip(),
            url=job.get("url") or job.get("shortlink") or job.get("application_url"),
            company=company or None,
            department=job.get("department") or None,
            locations=places(job),
            description=job.get("description") or "",
            workplace=workplace,
            posted_at=job.get("published_on") or job.get("created_at"),
            extra=extra,
        )
