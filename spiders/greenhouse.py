"""Greenhouse job board API: `GET /v1/boards/{token}/jobs?content=true`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import kind_of, pay_range, period_of, scope_of

API = "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true"
# Custom fields boards use for the workplace: "Location Type: On-Site", "Workplace Type".
_WORKPLACE_FIELD = re.compile(r"\b(?:location|workplace|work|remote)\s*(?:type|status)\b", re.I)


def workplace_field(metadata: Any) -> str | None:
    """The value of a board's workplace custom field ("On-Site", "Remote"), if it has one."""
    for field in metadata if isinstance(metadata, list) else []:
        if not isinstance(field, dict) or not _WORKPLACE_FIELD.search(str(field.get("name"))):
            continue
        value = field.get("value")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v), None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@register
class GreenhouseSpider(BoardSpider):
    kind = "greenhouse"
    conditional = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        yield self.request(
            state, source.url or API.format(board=source.board), self.parse_jobs, conditional=True
        )

    def parse_jobs(self, response: Response, state: SourceState) -> Iterable[Posting]:
        data = json_of(response)
        jobs = data["jobs"]
        if not isinstance(jobs, list):
            raise ValueError("`jobs` is not a list")
        yield from self.read_each(state, jobs, lambda job: self.posting(state, job))

    def posting(self, state: SourceState, job: dict[str, Any]) -> Posting:
        offices = [o.get("name") for o in job.get("offices") or [] if o.get("name")]
        location = (job.get("location") or {}).get("name")
        locations = [location] if location else offices
        departments = [d.get("name") for d in job.get("departments") or [] if d.get("name")]
        pay = []
        for entry in job.get("pay_input_ranges") or []:
            label, blurb = entry.get("title"), entry.get("blurb")
            item = pay_range(
                (entry.get("min_cents") or 0) / 100 or None,
                (entry.get("max_cents") or 0) / 100 or None,
                entry.get("currency_type"),
                period_of(label, blurb) or "year",
                scope=scope_of(label),
                kind=kind_of(label, blurb),
            )
            if item:
                pay.append(item)
        return Posting(
            source=state.source.name,
            external_id=ident(job.get("id")),
            title=(job.get("title") or "").strip(),
            url=job.get("absolute_url"),
            company=job.get("company_name"),
            department=", ".join(departments) or None,
            locations=locations,
            description=job.get("content") or "",
            workplace=workplace_field(job.get("metadata")),
            pay=pay,
            # first_published is when the role was posted; updated_at moves on every edit
            posted_at=job.get("first_published") or job.get("created_at"),
        )
