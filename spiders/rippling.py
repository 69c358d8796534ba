"""Rippling ATS board: `GET https://api.rippling.com/platform/api/ats/v1/board/{slug}/jobs`,
then `.../jobs/{uuid}` for each new or changed job (its text, locations, date and pay).

The listing has one row per job and location; rows are joined by `uuid`. Pay is
`payRangeDetails`, one band per location (`rangeStart`, `rangeEnd`, `currency`, `frequency`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.structured import pay_range, period_of
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

API = "https://api.rippling.com/platform/api/ats/v1/board/{board}/jobs"
PUBLIC = "https://ats.rippling.com/{board}/jobs/{uuid}"


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("label") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first(band: dict[str, Any], *keys: str) -> Any:
    return next((band[k] for k in keys if band.get(k) is not None), None)


def pay_bands(details: Any) -> list[dict[str, Any]]:
    """`payRangeDetails` as pay ranges: one per band, scoped by its location when several."""
    bands = [b for b in details if isinstance(b, dict)] if isinstance(details, list) else []
    places = {str(b.get("location")) for b in bands if b.get("location")}
    out: list[dict[str, Any]] = []
    for band in bands:
        period = period_of(_first(band, "frequency", "interval"))
        if period is None:  # no stated period: the text says it, or nothing does
            continue
        item = pay_range(
            _first(band, "rangeStart", "min", "minValue"),
            _first(band, "rangeEnd", "max", "maxValue"),
            _first(band, "currency", "currencyCode"),
            period,
            scope=str(band["location"]) if len(places) > 1 and band.get("location") else None,
        )
        if item and item not in out:
            out.append(item)
    return out


def remote_only(locations: list[str]) -> str | None:
    """ "remote" when every location the board gives is a remote one ("Remote (US)")."""
    if locations and all(loc.lower().startswith("remote") for loc in locations):
        return "remote"
    return None


@register
class RipplingSpider(DetailErrors, BoardSpider):
    kind = "rippling"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = (source.url or API.format(board=source.board)).split("?", 1)[0].rstrip("/")
        state.data.update(api=url)
        yield self.request(state, url, self.parse_jobs, headers={"Accept": "application/json"})

    def parse_jobs(self, response: Response, state: SourceState) -> Iterable[Request]:
        rows = json_of(response)
        if not isinstance(rows, list):
            raise ValueError("the Rippling listing is not a list of jobs")
        jobs: dict[str, dict[str, Any]] = {}
        for row in rows:
            uuid = ident(row.get("uuid")) if isinstance(row, dict) else ""
            if not uuid:
                self.mark_partial(state, "a job without a usable uuid was skipped")
                continue
            job = jobs.setdefault(uuid, {**row, "places": []})
            place = _label(row.get("workLocation"))
            if place and place not in job["places"]:
                job["places"].append(place)
        for uuid, job in jobs.items():
            yield from self.entry(state, uuid, job)

    def entry(self, state: SourceState, uuid: str, job: dict[str, Any]) -> Iterable[Request]:
        title = (job.get("name") or "").strip()
        if title_excluded(state.source, title):
            return
        digest = listing_hash(title, _label(job.get("department")), job.get("url"),
                              sorted(job["places"]))  # fmt: skip
        if not self.needs_details(state, uuid, digest):
            return
        yield self.request(
            state,
            f"{state.data['api']}/{uuid}",
            self.parse_detail,
            on_error=self.detail_failed,
            listing=False,
            headers={"Accept": "application/json"},
            meta={"rw_detail": uuid},
            cb_kwargs={"job": job, "uuid": uuid, "digest": digest},
        )

    def parse_detail(
        self, response: Response, state: SourceState, job: dict[str, Any], uuid: str, digest: str
    ) -> Iterable[Posting]:
        try:
            detail = json_of(response)
        except ValueError:
            detail = None
        if not isinstance(detail, dict) or not (detail.get("name") or detail.get("uuid")):
            keep_known(state, uuid)
            self.mark_partial(state, f"no job in {response.url}")
            return
        yield self.posting(state, uuid, job, detail, digest)

    def posting(
        self,
        state: SourceState,
        uuid: str,
        job: dict[str, Any],
        detail: dict[str, Any],
        digest: str,
    ) -> Posting:
        listed = detail.get("workLocations")
        locations = (
            [p.strip() for p in listed if isinstance(p, str) and p.strip()]
            if isinstance(listed, list)
            else []
        )
        locations = list(dict.fromkeys(locations)) or job["places"]
        text = detail.get("description")
        if isinstance(text, dict):
            parts = [text.get("company"), text.get("role")]
            parts += [v for k, v in text.items() if k not in ("company", "role")]
            description = "\n".join(p for p in parts if isinstance(p, str) and p.strip())
        else:
            description = text if isinstance(text, str) else ""
        department = detail.get("department")
        employment = detail.get("employmentType")
        # `employmentType.id` is the human label ("Salaried, full-time"), `label` the code
        kind = employment.get("id") if isinstance(employment, dict) else None
        kind = kind if isinstance(kind, str) and kind.strip() else _label(employment)
        board = state.source.board or state.data["api"].rstrip("/").split("/")[-2]
        return Posting(
            source=state.source.name,
            external_id=uuid,
            title=(detail.get("name") or job.get("name") or "").strip(),
            url=detail.get("url") or job.get("url") or PUBLIC.format(board=board, uuid=uuid),
            company=detail.get("companyName") or None,
            department=_label(department) or _label(job.get("department")),
            locations=locations,
            description=description,
            workplace=remote_only(locations),
            pay=pay_bands(detail.get("payRangeDetails")),
            posted_at=detail.get("createdOn") or None,
            listing_hash=digest,
            extra={"employment": kind} if kind else {},
        )
