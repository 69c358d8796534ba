"""Recruitee careers site API: `GET https://{company}.recruitee.com/api/offers/`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import pay_range, period_of

API = "https://{board}.recruitee.com/api/offers/"
PERIODS = {
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "per_year": "year",
    "month": "month", "monthly": "month", "per_month": "month",
    "week": "week", "weekly": "week", "per_week": "week",
    "day": "day", "daily": "day", "per_day": "day",
    "hour": "hour", "hourly": "hour", "per_hour": "hour",
}  # fmt: skip
_UTC = re.compile(r"\s*(UTC|GMT|Z)$")


def iso(value: Any) -> str | None:
    """Recruitee's `2026-10-01 12:00:00 UTC` as ISO 8601."""
    if not value:
        return None
    text = str(value).strip()
    if _UTC.search(text):
        text = _UTC.sub("", text).replace(" ", "T") + "Z"
    return text


def places(offer: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for loc in offer.get("locations") or []:
        if not isinstance(loc, dict):
            continue
        parts = (loc.get("city"), loc.get("state") or loc.get("state_name"), loc.get("country"))
        name = ", ".join(p for p in parts if p) or loc.get("name")
        if name and name not in out:
            out.append(name)
    if not out and offer.get("location"):
        out.append(str(offer["location"]))
    return out


@register
class RecruiteeSpider(BoardSpider):
    kind = "recruitee"
    conditional = True  # the whole listing is one response

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or API.format(board=source.board)
        yield self.request(
            state, url, self.parse_offers, headers={"Accept": "application/json"}, conditional=True
        )

    def parse_offers(self, response: Response, state: SourceState) -> Iterable[Posting]:
        offers = json_of(response).get("offers")
        if not isinstance(offers, list):
            raise ValueError("`offers` is not a list")
        yield from self.read_each(
            state,
            offers,
            lambda offer: (
                self.posting(state, offer) if offer.get("status") in (None, "published") else None
            ),
        )

    def posting(self, state: SourceState, offer: dict[str, Any]) -> Posting:
        workplace = None
        if offer.get("remote"):
            workplace = "remote"
        elif offer.get("hybrid"):
            workplace = "hybrid"
        elif offer.get("on_site"):
            workplace = "onsite"
        pay = []
        salary = offer.get("salary")
        if isinstance(salary, dict):
            raw = str(salary.get("period") or "").lower()
            item = pay_range(
                salary.get("min"),
                salary.get("max"),
                salary.get("currency"),
                PERIODS.get(raw) or period_of(raw) or "year",
            )
            if item:
                pay.append(item)
        parts = [offer.get("description") or "", offer.get("requirements") or ""]
        extra = {}
        if offer.get("employment_type_code"):
            extra["employment"] = offer["employment_type_code"]
        return Posting(
            source=state.source.name,
            external_id=ident(offer.get("id")),
            title=(offer.get("title") or "").strip(),
            url=offer.get("careers_url") or offer.get("url"),
            company=offer.get("company_name") or None,
            department=offer.get("department") or None,
            locations=places(offer),
            description="\n".join(p for p in parts if p),
            workplace=workplace,
            pay=pay,
            posted_at=iso(offer.get("published_at") or offer.get("created_at")),
            extra=extra,
        )
