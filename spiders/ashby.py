"""Ashby posting API: `GET /posting-api/job-board/{org}?includeCompensation=true`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import kind_of, pay_range, period_of, scope_of

API = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"


def salary_ranges(components: list[dict[str, Any]], scope: str | None = None) -> list[dict]:
    """Ashby compensation components of type Salary as pay ranges (equity etc. are not pay)."""
    ranges = []
    for comp in components or []:
        if (comp.get("compensationType") or "").lower() != "salary":
            continue
        item = pay_range(
            comp.get("minValue"),
            comp.get("maxValue"),
            comp.get("currencyCode"),
            period_of(comp.get("interval")) or "year",
            scope=scope,
            kind=kind_of(comp.get("summary"), comp.get("label")),
        )
        if item and item not in ranges:
            ranges.append(item)
    return ranges


@register
class AshbySpider(BoardSpider):
    kind = "ashby"
    conditional = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        yield self.request(
            state, source.url or API.format(board=source.board), self.parse_jobs, conditional=True
        )

    def parse_jobs(self, response: Response, state: SourceState) -> Iterable[Posting]:
        jobs = json_of(response)["jobs"]
        if not isinstance(jobs, list):
            raise ValueError("`jobs` is not a list")
        yield from self.read_each(
            state,
            jobs,
            lambda job: None if job.get("isListed") is False else self.posting(state, job),
        )

    def posting(self, state: SourceState, job: dict[str, Any]) -> Posting:
        locations = [job["location"]] if job.get("location") else []
        for extra in job.get("secondaryLocations") or []:
            name = extra.get("location") if isinstance(extra, dict) else extra
            if name and name not in locations:
                locations.append(name)
        comp = job.get("compensation") or {}
        tiers = [t for t in comp.get("compensationTiers") or [] if t.get("components")]
        if len(tiers) > 1:
            pay = [
                r for t in tiers for r in salary_ranges(t["components"], scope_of(t.get("title")))
            ]
        else:
            pay = salary_ranges(comp.get("summaryComponents") or [])
        # workplaceType is the one to trust: isRemote is true on some Hybrid jobs
        workplace = job.get("workplaceType") or ("Remote" if job.get("isRemote") else None)
        department = " / ".join(x for x in (job.get("department"), job.get("team")) if x)
        return Posting(
            source=state.source.name,
            external_id=ident(job.get("id")),
            title=(job.get("title") or "").strip(),
            url=job.get("jobUrl"),
            department=department or None,
            locations=locations,
            description=job.get("descriptionHtml") or job.get("descriptionPlain") or "",
            workplace=workplace,
            pay=pay,
            pay_text=comp.get("compensationTierSummary"),
            posted_at=job.get("publishedAt"),
            extra={"employment": job.get("employmentType")} if job.get("employmentType") else {},
        )
