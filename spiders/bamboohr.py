"""BambooHR careers site: `GET https://{company}.bamboohr.com/careers/list`, then
`/careers/{id}/detail` for each new or changed opening (its description, pay and date).

`locationType` is the board's workplace: "0" onsite, "1" remote, "2" hybrid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.paystring import read_pay_line
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

API = "https://{board}.bamboohr.com/careers/list"
LOCATION_TYPES = {"0": "onsite", "1": "remote", "2": "hybrid"}


def careers_base(url: str) -> str:
    """`https://acme.bamboohr.com/careers` from the listing URL (`.../careers/list`)."""
    base = url.split("?", 1)[0].rstrip("/")
    return base.removesuffix("/list")


def _part(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("label")
    return value.strip() if isinstance(value, str) else ""


def place(opening: dict[str, Any]) -> str | None:
    """ "City, State" from `location`, else "City, State, Country" from `atsLocation`."""
    location = opening.get("location")
    if isinstance(location, dict):
        parts = [_part(location.get(k)) for k in ("city", "state")]
        if any(parts):
            country = _part(location.get("addressCountry"))
            return ", ".join(p for p in [*parts, country] if p)
    ats = opening.get("atsLocation")
    if isinstance(ats, dict):
        parts = [_part(ats.get("city")), _part(ats.get("state") or ats.get("province")),
                 _part(ats.get("country"))]  # fmt: skip
        return ", ".join(p for p in parts if p) or None
    return None


def workplace(opening: dict[str, Any]) -> str | None:
    kind = opening.get("locationType")
    if kind is not None and str(kind) in LOCATION_TYPES:
        return LOCATION_TYPES[str(kind)]
    return "remote" if opening.get("isRemote") is True else None


@register
class BambooHRSpider(DetailErrors, BoardSpider):
    kind = "bamboohr"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or API.format(board=source.board)
        state.data.update(base=careers_base(url))
        yield self.request(state, url, self.parse_list, headers={"Accept": "application/json"})

    def parse_list(self, response: Response, state: SourceState) -> Iterable[Request]:
        data = json_of(response)
        openings = data.get("result") if isinstance(data, dict) else None
        if not isinstance(openings, list):
            raise ValueError("`result` is not a list (not a BambooHR careers listing)")
        ids: set[str] = set()
        for opening in openings:
            external_id = ident(opening.get("id")) if isinstance(opening, dict) else ""
            if not external_id:
                self.mark_partial(state, "an opening without a usable id was skipped")
                continue
            if external_id in ids:
                continue
            ids.add(external_id)
            yield from self.entry(state, external_id, opening)
        total = (data.get("meta") or {}).get("totalCount") if isinstance(data, dict) else None
        if isinstance(total, int) and not isinstance(total, bool) and len(ids) < total:
            self.mark_partial(
                state, f"BambooHR listed {len(ids)} openings of the {total} it reported"
            )

    def entry(
        self, state: SourceState, external_id: str, opening: dict[str, Any]
    ) -> Iterable[Request]:
        title = (opening.get("jobOpeningName") or "").strip()
        if title_excluded(state.source, title):
            return
        digest = listing_hash(
            title, opening.get("departmentLabel"), opening.get("employmentStatusLabel"),
            opening.get("location"), opening.get("atsLocation"), opening.get("isRemote"),
            opening.get("locationType"),
        )  # fmt: skip
        if not self.needs_details(state, external_id, digest):
            return
        yield self.request(
            state,
            f"{state.data['base']}/{external_id}/detail",
            self.parse_detail,
            on_error=self.detail_failed,
            listing=False,
            headers={"Accept": "application/json"},
            meta={"rw_detail": external_id},
            cb_kwargs={"opening": opening, "external_id": external_id, "digest": digest},
        )

    def parse_detail(
        self,
        response: Response,
        state: SourceState,
        opening: dict[str, Any],
        external_id: str,
        digest: str,
    ) -> Iterable[Posting]:
        try:
            data = json_of(response)
        except ValueError:
            data = None
        result = data.get("result") if isinstance(data, dict) else None
        detail = result.get("jobOpening") if isinstance(result, dict) else None
        if not isinstance(detail, dict):
            keep_known(state, external_id)
            self.mark_partial(state, f"no jobOpening in {response.url}")
            return
        yield self.posting(state, external_id, {**opening, **detail}, digest)

    def posting(
        self, state: SourceState, external_id: str, opening: dict[str, Any], digest: str
    ) -> Posting:
        location = place(opening)
        compensation = opening.get("compensation")
        compensation = (
            compensation if isinstance(compensation, str) and compensation.strip() else None
        )
        item = read_pay_line(compensation, [location] if location else [])
        extra = {
            key: opening[field]
            for key, field in (("employment", "employmentStatusLabel"),
                               ("experience", "minimumExperience"))
            if isinstance(opening.get(field), str) and opening[field].strip()
        }  # fmt: skip
        return Posting(
            source=state.source.name,
            external_id=external_id,
            title=(opening.get("jobOpeningName") or "").strip(),
            url=opening.get("jobOpeningShareUrl") or f"{state.data['base']}/{external_id}",
            department=_part(opening.get("departmentLabel")) or None,
            locations=[location] if location else [],
            description=opening.get("description") or "",
            workplace=workplace(opening),
            pay=[item] if item else [],
            pay_text=None if item else compensation,
            posted_at=opening.get("datePosted") or None,
            listing_hash=digest,
            extra=extra,
        )
