"""Workday CXS API: `POST /wday/cxs/{tenant}/{site}/jobs`, then `GET ...{externalPath}` each.

Many tenants cap `total` at 2000 and repeat results past it. A capped listing is split into
slices by the facets of its first page (job family, location, ...), each slice small enough to
be read whole; when no facet splits it, what can be read is read and the listing is partial,
so nothing is ever removed on the strength of a capped listing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, json_of, register
from spiders.twostep import DetailErrors, keep_known, listing_hash, title_excluded

PAGE = 20  # the API refuses larger pages
CAP = 2000  # the most a Workday listing reports, whatever the real number
MAX_DEPTH = 2  # facets applied on top of each other when one does not split enough
_LOCALE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
_COUNTED = re.compile(r"^\s*\d+\s+locations?\s*$", re.IGNORECASE)
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def endpoints(board: str | None, url: str | None) -> tuple[str, str]:
    """The CXS API base (`.../wday/cxs/{tenant}/{site}`) and the public site base."""
    if url:
        parts = urlsplit(url.rstrip("/"))
        origin = f"{parts.scheme}://{parts.netloc}"
        segments = [s for s in parts.path.split("/") if s]
        if "cxs" in segments and len(segments) >= segments.index("cxs") + 3:
            at = segments.index("cxs")
            tenant, site = segments[at + 1], segments[at + 2]
            prefix = "/".join(segments[: at + 3])
            return f"{origin}/{prefix}", f"{origin}/{site}"
        if parts.netloc.endswith(".myworkdayjobs.com") and segments:
            tenant = parts.netloc.split(".")[0]
            site = segments[1] if _LOCALE.match(segments[0]) and len(segments) > 1 else segments[0]
            return f"{origin}/wday/cxs/{tenant}/{site}", f"{origin}/{site}"
        if parts.netloc.endswith(".myworkdaysite.com") and "recruiting" in segments:
            at = segments.index("recruiting")
            tenant, site = segments[at + 1], segments[at + 2]
            return f"{origin}/wday/cxs/{tenant}/{site}", f"{origin}/recruiting/{tenant}/{site}"
        return f"{origin}{parts.path}", f"{origin}{parts.path}"
    if not board or "/" not in board:
        raise ValueError(f"workday board {board!r} should look like tenant.wdN/site")
    host, site = board.split("/", 1)
    tenant = host.split(".")[0]
    origin = f"https://{host}.myworkdayjobs.com"
    return f"{origin}/wday/cxs/{tenant}/{site}", f"{origin}/{site}"


def facet_options(facets: Any) -> dict[str, list[tuple[str, int]]]:
    """Each facet parameter's values as (id, count); nested facet groups are flattened."""
    options: dict[str, list[tuple[str, int]]] = {}

    def walk(group: dict[str, Any]) -> None:
        leaves = []
        for value in group.get("values") or []:
            if not isinstance(value, dict):
                continue
            if value.get("facetParameter") and isinstance(value.get("values"), list):
                walk(value)
            elif value.get("id") is not None and isinstance(value.get("count"), int):
                leaves.append((str(value["id"]), value["count"]))
        if group.get("facetParameter") and leaves:
            options.setdefault(str(group["facetParameter"]), []).extend(leaves)

    for group in facets if isinstance(facets, list) else []:
        if isinstance(group, dict):
            walk(group)
    return options


def choose_facet(
    options: dict[str, list[tuple[str, int]]], applied: dict[str, list[str]], total: int
) -> tuple[str, list[tuple[str, int]]] | None:
    """The facet that best splits a capped listing, or None when none can cover it.

    Its counts must add up to at least the (capped) total, else postings would be left out;
    of those, the one with fewest values still capped, then the smallest sum (a facet each
    posting has exactly one value of adds up to the real total), then the fewest values.
    """
    best: tuple[tuple[int, int, int], str, list[tuple[str, int]]] | None = None
    for param, values in options.items():
        if param in applied:
            continue
        values = [v for v in values if v[1] > 0]
        counts = [c for _, c in values]
        if len(values) < 2 or sum(counts) < total:
            continue
        key = (sum(c >= CAP for c in counts), sum(counts), len(values))
        if best is None or key < best[0]:
            best = (key, param, values)
    return (best[1], best[2]) if best else None


@dataclass
class Slice:
    """One listing read page by page: the whole board, or the part one facet value selects."""

    facets: dict[str, list[str]]
    depth: int = 0
    total: int = 0
    pages_left: int = 0
    split: bool = False
    ids: set[str] = field(default_factory=set)


@register
class WorkdaySpider(DetailErrors, BoardSpider):
    kind = "workday"
    needs_known = True

    def start_source(self, state: SourceState) -> Iterable[Request]:
        api, public = endpoints(state.source.board, state.source.url)
        state.data.update(api=api, public=public, slices=[], ids=set(), open=0)
        yield self.slice_request(state, Slice(facets={}), 0)

    def slice_request(self, state: SourceState, part: Slice, offset: int) -> Request:
        if offset == 0:
            state.data["slices"].append(part)
            state.data["open"] += 1
        body = {"appliedFacets": part.facets, "limit": PAGE, "offset": offset, "searchText": ""}
        return self.request(
            state,
            state.data["api"] + "/jobs",
            self.parse_page,
            method="POST",
            body=json.dumps(body),
            headers=HEADERS,
            cb_kwargs={"part": part, "offset": offset},
        )

    def parse_page(
        self, response: Response, state: SourceState, part: Slice, offset: int
    ) -> Iterable[Any]:
        data = json_of(response)
        jobs = data.get("jobPostings")
        if not isinstance(jobs, list):
            raise ValueError("`jobPostings` is not a list")
        for job in jobs:
            path = job.get("externalPath") if isinstance(job, dict) else None
            if path:
                part.ids.add(path)
                yield from self.entry(state, job, path)
        if offset:
            part.pages_left -= 1
            if part.pages_left == 0:
                self.slice_done(state, part)
            return
        # only the first page's `total` counts: later pages often say 0
        part.total = int(data.get("total") or 0)
        if part.total >= CAP:
            chosen = None
            if part.depth < MAX_DEPTH:
                chosen = choose_facet(facet_options(data.get("facets")), part.facets, part.total)
            if chosen:
                param, values = chosen
                part.split = True
                for value, _count in values:
                    facets = {**part.facets, param: [value]}
                    yield self.slice_request(state, Slice(facets, depth=part.depth + 1), 0)
                self.slice_done(state, part)
                return
            self.mark_partial(
                state,
                f"Workday lists at most {CAP} postings and no facet splits this listing "
                f"({self.describe(part)}); the first {CAP} are read and none is removed",
            )
        offsets = range(PAGE, min(part.total, CAP), PAGE)
        part.pages_left = len(offsets)
        for nxt in offsets:
            yield self.slice_request(state, part, nxt)
        if not offsets:
            self.slice_done(state, part)

    def describe(self, part: Slice) -> str:
        if not part.facets:
            return "the whole board"
        return ", ".join(f"{k}={'/'.join(v)}" for k, v in part.facets.items())

    def slice_done(self, state: SourceState, part: Slice) -> None:
        """Check a finished slice (and, once all are done, the whole listing) for gaps."""
        state.data["open"] -= 1
        expected = min(part.total, CAP)
        if not part.split and len(part.ids) < expected:
            self.mark_partial(
                state,
                f"Workday gave {len(part.ids)} distinct postings of the {part.total} it "
                f"reported for {self.describe(part)} (repeated or shifting results)",
            )
        root: Slice = state.data["slices"][0]
        if state.data["open"] == 0 and root.split and len(state.data["ids"]) < root.total:
            self.mark_partial(
                state,
                f"splitting the capped listing by facets found {len(state.data['ids'])} "
                f"postings, fewer than the {root.total} Workday reported",
            )

    def entry(self, state: SourceState, job: dict[str, Any], path: str) -> Iterable[Request]:
        """The detail request for a listing entry, when its details must be read."""
        ids: set[str] = state.data["ids"]
        if path in ids:  # listed again, in another slice or a repeated page
            return
        ids.add(path)
        title = (job.get("title") or "").strip()
        if title_excluded(state.source, title):
            return
        # `postedOn` ("Posted 4 Days Ago") moves every day: not part of the hash
        digest = listing_hash(title, job.get("locationsText"), job.get("bulletFields"))
        if not self.needs_details(state, path, digest):
            return
        yield self.request(
            state,
            state.data["api"] + path,
            self.parse_detail,
            on_error=self.detail_failed,
            listing=False,
            headers={"Accept": "application/json"},
            meta={"rw_detail": path},
            cb_kwargs={"job": job, "digest": digest},
        )

    def parse_detail(
        self, response: Response, state: SourceState, job: dict[str, Any], digest: str
    ) -> Iterable[Posting]:
        path = job["externalPath"]
        try:
            data = json_of(response)
        except ValueError:
            data = None
        info = data.get("jobPostingInfo") if isinstance(data, dict) else None
        if not isinstance(info, dict):
            keep_known(state, path)
            self.mark_partial(state, f"no jobPostingInfo in {response.url}")
            return
        yield self.posting(state, job, info, data, digest)

    def posting(
        self,
        state: SourceState,
        job: dict[str, Any],
        info: dict[str, Any],
        data: dict[str, Any],
        digest: str,
    ) -> Posting:
        path = job["externalPath"]
        locations: list[str] = []
        for place in [info.get("location"), *(info.get("additionalLocations") or [])]:
            if isinstance(place, str) and place.strip() and place.strip() not in locations:
                locations.append(place.strip())
        listed = job.get("locationsText")
        if not locations and listed and not _COUNTED.match(listed):
            locations.append(listed)
        extra = {
            k: info[name]
            for k, name in (("time_type", "timeType"), ("req_id", "jobReqId"))
            if info.get(name)
        }
        return Posting(
            source=state.source.name,
            external_id=path,
            title=(info.get("title") or job.get("title") or "").strip(),
            url=info.get("externalUrl") or state.data["public"] + path,
            company=(data.get("hiringOrganization") or {}).get("name") or None,
            locations=locations,
            description=info.get("jobDescription") or "",
            workplace=info.get("remoteType") or job.get("remoteType") or None,
            posted_at=info.get("startDate") or None,
            listing_hash=digest,
            extra=extra,
        )
