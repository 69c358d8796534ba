"""Oracle Recruiting Cloud (HCM Candidate Experience): the `recruitingCEJobRequisitions`
resource, paged, then `recruitingCEJobRequisitionDetails` for each new or changed requisition.

Paging lives inside the `finder` parameter (`findReqs;siteNumber=CX_1,limit=200,offset=N`):
top-level `limit`/`offset` are ignored. The total comes from the first page only (later pages
may say 0); pages are read one after the other, each starting where the rows read so far end,
because Oracle serves short pages in the middle of a listing. Unfiltered offsets stop at 10,000.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

LISTING = "/hcmRestApi/resources/latest/recruitingCEJobRequisitions"
PAGE = 200  # the API clamps larger limits to 200
WINDOW = 10_000  # the most offsets Oracle serves without a facet filter
_SITE = re.compile(r"siteNumber=([^,;&]+)")
WORKPLACES = {
    "ORA_REMOTE": "remote", "ORA_HYBRID": "hybrid", "ORA_ON_SITE": "onsite",
    "ORA_ONSITE": "onsite",
}  # fmt: skip
SECTIONS = ("ExternalDescriptionStr", "ExternalResponsibilitiesStr", "ExternalQualificationsStr")


def endpoints(board: str | None, url: str | None) -> tuple[str, str, str]:
    """(requisitions resource, site number, public posting base) of a source."""
    site = board.split("/", 1)[1] if board and "/" in board else None
    if url:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        segments = [s for s in parts.path.split("/") if s]
        if "sites" in segments and "hcmUI" in segments:  # a Candidate Experience page
            at = segments.index("sites")
            site = segments[at + 1] if len(segments) > at + 1 else site
            api = origin + LISTING
        else:
            api = origin + parts.path.rstrip("/")
            for finder in parse_qs(parts.query).get("finder", []):
                if found := _SITE.search(finder):
                    site = found.group(1)
    else:
        if not board or "/" not in board:
            raise ValueError(f"oracle board {board!r} should look like host/siteNumber")
        origin = "https://" + board.split("/", 1)[0]
        api = origin + LISTING
    if not site:
        raise ValueError(
            "an oracle source needs its site number: `board: host/CX_1`, or a `url:` with "
            "finder=findReqs;siteNumber=..."
        )
    return api, site, f"{origin}/hcmUI/CandidateExperience/en/sites/{site}/job/"


def page_url(api: str, site: str, offset: int) -> str:
    finder = f"findReqs;siteNumber={site},limit={PAGE},offset={offset},sortBy=POSTING_DATES_DESC"
    return f"{api}?onlyData=true&expand=requisitionList.secondaryLocations&finder={finder}"


def detail_url(api: str, site: str, req_id: str) -> str:
    base = api.rsplit("/", 1)[0]
    return (
        f"{base}/recruitingCEJobRequisitionDetails?expand=all&onlyData=true"
        f"&finder=ById;Id=%22{quote(req_id, safe='')}%22,siteNumber={site}"
    )


def first_item(data: Any) -> dict[str, Any] | None:
    """`items[0]` of an Oracle answer, the envelope every tenant wraps its data in."""
    items = data.get("items") if isinstance(data, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return None


def places(*entries: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        names = [entry.get("PrimaryLocation")]
        names += [
            s.get("Name") for s in entry.get("secondaryLocations") or [] if isinstance(s, dict)
        ]
        for name in names:
            if isinstance(name, str) and name.strip() and name.strip() not in out:
                out.append(name.strip())
        if out:
            return out
    return out


def workplace(*entries: dict[str, Any]) -> str | None:
    """The workplace code (tenants relabel it: "Work From Home" is ORA_REMOTE), else the label."""
    for entry in entries:
        code = entry.get("WorkplaceTypeCode")
        if isinstance(code, str) and code.upper() in WORKPLACES:
            return WORKPLACES[code.upper()]
    for entry in entries:
        label = entry.get("WorkplaceType")
        if isinstance(label, str) and label.strip():
            return label.strip()
    return None


def _text(*values: Any) -> str | None:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)


@register
class OracleSpider(DetailErrors, BoardSpider):
    kind = "oracle"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        api, site, public = endpoints(state.source.board, state.source.url)
        state.data.update(api=api, site=site, public=public, ids=set(), total=None)
        yield self.page(state, 0)

    def page(self, state: SourceState, offset: int) -> Request:
        return self.request(
            state, page_url(state.data["api"], state.data["site"], offset), self.parse_page,
            headers={"Accept": "application/json"}, cb_kwargs={"offset": offset},
        )  # fmt: skip

    def parse_page(self, response: Response, state: SourceState, offset: int) -> Iterable[Any]:
        wrapper = first_item(json_of(response))
        if wrapper is None:
            raise ValueError("the answer has no `items[0]` (not an Oracle requisitions listing)")
        rows = wrapper.get("requisitionList")
        if not isinstance(rows, list):
            raise ValueError("`requisitionList` is missing (the `expand` parameter was dropped)")
        if offset == 0:  # later pages' totals are not to be trusted (some say 0)
            total = wrapper.get("TotalJobsCount")
            if isinstance(total, str) and total.strip().isdigit():
                total = int(total)  # some tenants send it as text
            ok = isinstance(total, int) and not isinstance(total, bool) and total >= 0
            state.data["total"] = total if ok else None
        ids: set[str] = state.data["ids"]
        fresh = 0
        for row in rows:
            req_id = ident(row.get("Id")) if isinstance(row, dict) else ""
            if not req_id:
                self.mark_partial(state, "a requisition without a usable id was skipped")
                continue
            if req_id in ids:
                continue
            ids.add(req_id)
            fresh += 1
            yield from self.entry(state, req_id, row)
        yield from self.next_page(state, offset, len(rows), fresh)

    def next_page(self, state: SourceState, offset: int, rows: int, fresh: int) -> Iterable[Any]:
        """The next page's request, or the verdict on the listing once it has ended."""
        total, read = state.data["total"], len(state.data["ids"])
        after = offset + rows
        if total is None:
            if rows >= PAGE and fresh and after < WINDOW:
                yield self.page(state, after)
            elif rows >= PAGE:
                self.mark_partial(state, "Oracle gave no total, and paging stopped at a full page")
            return
        if read >= total:
            return
        if not rows or not fresh:
            what = "no requisitions" if not rows else "only requisitions already read"
            self.mark_partial(
                state, f"Oracle gave {what} at offset {offset}; {read} of the {total} it "
                "reported were read",
            )  # fmt: skip
        elif after >= WINDOW:
            self.mark_partial(
                state, f"Oracle serves {WINDOW} requisitions at most; {read} of {total} read"
            )
        else:
            yield self.page(state, after)

    def entry(self, state: SourceState, req_id: str, row: dict[str, Any]) -> Iterable[Request]:
        title = (row.get("Title") or "").strip()
        if title_excluded(state.source, title):
            return
        digest = listing_hash(
            title, row.get("PrimaryLocation"), places(row), row.get("WorkplaceTypeCode"),
            row.get("WorkplaceType"), row.get("ShortDescriptionStr"), row.get("PostedDate"),
            row.get("PostingEndDate"),
        )  # fmt: skip
        if not self.needs_details(state, req_id, digest):
            return
        yield self.request(
            state,
            detail_url(state.data["api"], state.data["site"], req_id),
            self.parse_detail,
            on_error=self.detail_failed,
            listing=False,
            headers={"Accept": "application/json"},
            meta={"rw_detail": req_id},
            cb_kwargs={"row": row, "req_id": req_id, "digest": digest},
        )

    def parse_detail(
        self, response: Response, state: SourceState, row: dict[str, Any], req_id: str,
        digest: str,
    ) -> Iterable[Posting]:  # fmt: skip
        try:
            detail = first_item(json_of(response))
        except ValueError:
            detail = None
        if detail is None:
            # a retired requisition answers 200 with no items; listed a moment ago, it is
            # kept until a listing leaves it out
            keep_known(state, req_id)
            self.mark_partial(state, f"no requisition details in {response.url}")
            return
        yield self.posting(state, req_id, row, detail, digest)

    def posting(
        self,
        state: SourceState,
        req_id: str,
        row: dict[str, Any],
        detail: dict[str, Any],
        digest: str,
    ) -> Posting:
        parts = [detail.get(name) for name in SECTIONS]
        body = "\n".join(p for p in parts if isinstance(p, str) and p.strip())
        extra = {
            key: value
            for key, value in (
                ("schedule", _text(detail.get("JobSchedule"), row.get("JobSchedule"))),
                ("shift", _text(detail.get("JobShift"), row.get("JobShift"))),
                ("type", _text(detail.get("JobType"), row.get("JobType"))),
            )
            if value
        }
        return Posting(
            source=state.source.name,
            external_id=req_id,
            title=_text(detail.get("Title"), row.get("Title")) or "",
            url=state.data["public"] + quote(req_id, safe=""),
            company=_text(detail.get("LegalEmployer"), row.get("LegalEmployer")),
            department=_text(
                detail.get("Category"),
                detail.get("JobFunction"),
                row.get("Department"),
                row.get("JobFunction"),
            ),  # fmt: skip
            locations=places(row, detail),
            description=body or _text(row.get("ShortDescriptionStr")) or "",
            workplace=workplace(row, detail),
            posted_at=_text(row.get("PostedDate"), detail.get("ExternalPostedStartDate")),
            listing_hash=digest,
            extra=extra,
        )
