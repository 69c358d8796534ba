"""SmartRecruiters Posting API: `GET /v1/companies/{company}/postings`, then one per posting."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import pay_range, period_of
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

API = "https://api.smartrecruiters.com/v1/companies/{board}/postings"
PAGE = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def api_base(board: str | None, url: str | None) -> tuple[str, dict[str, str]]:
    """The postings endpoint and any query (filters) the configured URL carries."""
    if not url:
        return API.format(board=board), {}
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com") and segments:
        return API.format(board=segments[0]), {}
    query = {k: v for k, v in parse_qsl(parts.query) if k not in ("limit", "offset")}
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "")), query


def label(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("label") or value.get("name") or None
    return value or None


def place(location: dict[str, Any]) -> str | None:
    if location.get("fullLocation"):
        return str(location["fullLocation"])
    country = location.get("country")
    parts = [location.get("city"), location.get("region"), country.upper() if country else None]
    return ", ".join(p for p in parts if p) or None


@register
class SmartRecruitersSpider(DetailErrors, BoardSpider):
    kind = "smartrecruiters"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        base, query = api_base(state.source.board, state.source.url)
        state.data.update(base=base, query=query, ids=set(), pages_left=0)
        yield self.page(state, 0)

    def page(self, state: SourceState, offset: int) -> Request:
        query = {**state.data["query"], "limit": str(PAGE), "offset": str(offset)}
        parts = urlsplit(state.data["base"])
        url = urlunsplit((*parts[:3], urlencode(query), ""))
        return self.request(
            state, url, self.parse_page, headers={"Accept": "application/json"},
            cb_kwargs={"offset": offset},
        )  # fmt: skip

    def parse_page(self, response: Response, state: SourceState, offset: int) -> Iterable[Any]:
        data = json_of(response)
        jobs = data.get("content")
        if not isinstance(jobs, list):
            raise ValueError("`content` is not a list")
        for job in jobs:
            if isinstance(job, dict) and ident(job.get("id")):
                yield from self.entry(state, job)
            else:
                self.mark_partial(state, "a posting without a usable id was skipped")
        if offset == 0:
            total = int(data.get("totalFound") or 0)
            state.data["total"] = total
            offsets = range(PAGE, total, PAGE)
            state.data["pages_left"] = len(offsets)
            for nxt in offsets:
                yield self.page(state, nxt)
        else:
            state.data["pages_left"] -= 1
        if state.data["pages_left"] == 0 and len(state.data["ids"]) < state.data["total"]:
            self.mark_partial(
                state,
                f"SmartRecruiters gave {len(state.data['ids'])} distinct postings of the "
                f"{state.data['total']} it reported",
            )

    def entry(self, state: SourceState, job: dict[str, Any]) -> Iterable[Request]:
        external_id = ident(job["id"])
        if external_id in state.data["ids"]:
            return
        state.data["ids"].add(external_id)
        if title_excluded(state.source, job.get("name") or ""):
            return
        digest = listing_hash(
            job.get("name"), job.get("refNumber"), job.get("location"),
            label(job.get("department")), label(job.get("typeOfEmployment")),
            label(job.get("experienceLevel")), job.get("releasedDate"),
        )  # fmt: skip
        if not self.needs_details(state, external_id, digest):
            return
        yield self.request(
            state,
            f"{state.data['base']}/{external_id}",
            self.parse_detail,
            on_error=self.detail_failed,
            listing=False,
            headers={"Accept": "application/json"},
            meta={"rw_detail": external_id},
            cb_kwargs={"job": job, "digest": digest},
        )

    def parse_detail(
        self, response: Response, state: SourceState, job: dict[str, Any], digest: str
    ) -> Iterable[Posting]:
        try:
            detail = json_of(response)
        except ValueError:
            detail = None
        if not isinstance(detail, dict) or not isinstance(detail.get("jobAd"), dict):
            keep_known(state, ident(job["id"]))
            self.mark_partial(state, f"no jobAd in {response.url}")
            return
        yield self.posting(state, {**job, **detail}, digest)

    def posting(self, state: SourceState, job: dict[str, Any], digest: str) -> Posting:
        sections = (job.get("jobAd") or {}).get("sections") or {}
        parts = []
        for name in SECTIONS:
            section = sections.get(name) or {}
            if section.get("text"):
                if section.get("title"):
                    parts.append(f"<h3>{html.escape(section['title'])}</h3>")
                parts.append(section["text"])
        location = job.get("location") or {}
        workplace = None
        if location.get("remote"):
            workplace = "remote"
        elif location.get("hybrid"):
            workplace = "hybrid"
        pay = []
        comp = job.get("compensation")
        if isinstance(comp, dict):
            item = pay_range(
                comp.get("min"),
                comp.get("max"),
                comp.get("currency"),
                period_of(comp.get("period") or comp.get("interval")) or "year",
            )
            if item:
                pay.append(item)
        extra = {
            key: value
            for key, value in (
                ("employment", label(job.get("typeOfEmployment"))),
                ("experience", label(job.get("experienceLevel"))),
                ("ref", job.get("refNumber")),
            )
            if value
        }
        company = job.get("company") or {}
        return Posting(
            source=state.source.name,
            external_id=ident(job.get("id")),
            title=(job.get("name") or "").strip(),
            url=job.get("postingUrl")
            or f"https://jobs.smartrecruiters.com/{company.get('identifier')}/{job['id']}",
            company=company.get("name") or None,
            department=label(job.get("department")),
            locations=[p] if (p := place(location)) else [],
            description="\n".join(parts),
            workplace=workplace,
            pay=pay,
            posted_at=job.get("releasedDate"),
            listing_hash=digest,
            extra=extra,
        )
