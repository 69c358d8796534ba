"""Breezy HR careers site: `GET https://{company}.breezy.hr/json?verbose=true`, one response.

`verbose=true` adds each position's description to the listing; the pay is the `salary` line
("$70,000 - $90,000 / year"), read as a range where it states its currency and period.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.paystring import read_pay_line

API = "https://{board}.breezy.hr/json?verbose=true"


def _name(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return str(value).strip() if isinstance(value, str | int) and value else ""


def place(location: Any) -> str | None:
    """A Breezy location's display name, else "City, State, Country"."""
    if not isinstance(location, dict):
        return None
    if isinstance(location.get("name"), str) and location["name"].strip():
        return location["name"].strip()
    parts = [_name(location.get(k)) for k in ("city", "state", "country")]
    return ", ".join(p for p in parts if p) or None


def places(position: dict[str, Any]) -> list[str]:
    out: list[str] = []
    listed = position.get("locations")
    for location in [*(listed if isinstance(listed, list) else []), position.get("location")]:
        name = place(location)
        if name and name not in out:
            out.append(name)
    return out


def countries(position: dict[str, Any]) -> list[str]:
    """Country names and codes of the position's locations (they settle a bare "$")."""
    out = []
    listed = position.get("locations")
    for location in [position.get("location"), *(listed if isinstance(listed, list) else [])]:
        if isinstance(location, dict) and isinstance(location.get("country"), dict):
            country = location["country"]
            out += [v for v in (country.get("name"), country.get("id")) if isinstance(v, str)]
    return out


@register
class BreezySpider(BoardSpider):
    kind = "breezy"
    conditional = True  # the whole board is one response

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or API.format(board=source.board)
        yield self.request(
            state, url, self.parse_positions, headers={"Accept": "application/json"},
            conditional=True,
        )  # fmt: skip

    def parse_positions(self, response: Response, state: SourceState) -> Iterable[Posting]:
        positions = json_of(response)
        if not isinstance(positions, list):
            raise ValueError("the Breezy listing is not a list of positions")
        yield from self.read_each(state, positions, lambda position: self.posting(state, position))

    def posting(self, state: SourceState, position: dict[str, Any]) -> Posting:
        locations = places(position)
        remote = [
            loc.get("is_remote")
            for loc in [position.get("location"), *(position.get("locations") or [])]
            if isinstance(loc, dict) and "is_remote" in loc
        ]
        salary = position.get("salary") if isinstance(position.get("salary"), str) else None
        item = read_pay_line(salary, [*countries(position), *locations])
        extra = {"employment": _name(position.get("type"))} if position.get("type") else {}
        company = position.get("company")
        return Posting(
            source=state.source.name,
            external_id=ident(position.get("id")),
            title=(position.get("name") or "").strip(),
            url=position.get("url") or None,
            company=_name(company) or None,
            department=_name(position.get("department")) or None,
            locations=locations,
            description=position.get("description") or "",
            # only `is_remote: true` is taken: false is what any office location carries, and
            # says nothing about a hybrid arrangement the text may state
            workplace="remote" if remote and all(remote) else None,
            pay=[item] if item else [],
            pay_text=None if item else salary,
            posted_at=position.get("published_date") or None,
            extra={k: v for k, v in extra.items() if v},
        )
