"""`/api/v1/`: the `--json` shapes over HTTP, listings paged by cursor.

A listing's body is exactly what the command prints with `--json` (an array); the next page is
in the `Link: <...>; rel="next"` header, so a tool written for `rolewatch changes --json` reads
each page unchanged. The models below only document the shapes (they are what the OpenAPI
document says, and the tests hold every answer to them); answers are built by `store.views`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from monitor import filters
from monitor.store import browse, pay, queries
from monitor.web.context import NotFound, WebDep
from monitor.web.templating import page_url

router = APIRouter(prefix="/api/v1", tags=["api"])


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Pay(_Open):
    min: float | None
    max: float | None
    currency: str | None
    period: Literal["year", "month", "week", "day", "hour"] | None
    scope: str | None = None
    kind: Literal["base", "ote", "total"] | None = None


class OfficeException(_Open):
    location: str | None
    min_office_pct: float | None = None
    days_per_week: float | None = None


class Office(_Open):
    mode: Literal["onsite", "hybrid", "remote"] | None
    min_office_pct: float | None
    days_per_week: float | None
    exceptions: list[OfficeException] = []


class Transparency(_Open):
    """Pay transparency: information, not legal advice."""

    status: Literal["missing", "incomplete", "likely_required", "ok", "not_required", "unknown"]
    jurisdictions: list[str]
    reasons: list[str]


class Posting(_Open):
    """A posting, as `postings --json` prints it."""

    key: str
    source: str
    external_id: str
    title: str
    url: str | None
    company: str | None
    department: str | None
    locations: list[str]
    workplace: Literal["onsite", "hybrid", "remote"] | None
    pay: list[Pay]
    office: Office | None
    posted_at: str | None
    first_seen: str
    last_seen: str
    status: str
    reposted_from: str | None = None
    transparency: Transparency | None = None


class Change(_Open):
    """A change, as `changes --json` prints it."""

    id: int
    kind: str
    source: str
    key: str | None
    title: str | None
    url: str | None
    detected_at: str
    before: Any
    after: Any


class Source(_Open):
    """A source, as `sources --json` prints it."""

    name: str
    kind: str | None
    configured: bool
    last_run: str | None
    last_success: str | None
    status: str
    error: str | None
    open_postings: int
    failures_in_row: int


class Version(_Open):
    version: int
    taken_at: str
    title: str | None
    locations: list[str] | None
    workplace: str | None
    pay: list[Pay] | None
    office: Office | None
    reread: bool = False  # made by newer readers from the same board text; never alerted


class History(_Open):
    """One posting with every version, as `history --json` prints it."""

    posting: Posting
    versions: list[Version]
    changes: list[Change]
    reposts: list[dict[str, Any]] = []  # the other postings of the role, each in this shape


class Spread(_Open):
    n: int
    median: float
    q1: float  # the first quartile (25th percentile)
    q3: float


class PayStats(_Open):
    postings: int
    ranges: int
    low: Spread | None  # the low ends of the ranges
    high: Spread | None


class PayMonth(_Open):
    month: str  # YYYY-MM
    overall: PayStats
    by_source: dict[str, PayStats]
    other_currencies: dict[str, int]
    other_kinds: int


class PayReport(_Open):
    """Pay across postings, as `pay --json` prints it."""

    currency: str
    period: Literal["year", "month", "week", "day", "hour"]
    kinds: list[str | None]
    overall: PayStats
    by_source: dict[str, PayStats]
    other_currencies: dict[str, int]  # ranges left out, per currency
    other_kinds: int  # ranges left out for their kind (ote, total)
    filters: dict[str, str | None]
    monthly: list[PayMonth]


class Error(BaseModel):
    error: str
    status: int


NEXT = {
    "Link": {
        "description": 'The next page: `<URL>; rel="next"` (absent on the last page)',
        "schema": {"type": "string"},
    }
}
BAD: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "A filter value it cannot use"}
}


def json_response(data: Any, headers: dict[str, str] | None = None) -> Response:
    """JSON by orjson; the standard library for what orjson refuses (integers past 64 bits)."""
    try:
        body = orjson.dumps(data)
    except TypeError:
        body = json.dumps(data, ensure_ascii=False).encode()
    return Response(body, media_type="application/json", headers=headers)


def _paged(request: Request, page: browse.Page) -> Response:
    headers = {}
    if page.next is not None:
        headers["Link"] = f'<{page_url(request, cursor=page.next)}>; rel="next"'
    return json_response(page.items, headers)


KIND = Query(default=[], description="only these kinds (repeatable)")
SOURCE = Query(default=[], description="only these sources (repeatable)")
TAG = Query(default=[], description="only sources with this tag (repeatable)")
CURSOR = Query(default=None, description="the page after this one (from the `Link` header)")
LIMIT = Query(default=None, description=f"page size, 1 to {filters.MAX_LIMIT} (default 50)")


@router.get("/sources", responses={200: {"model": list[Source]}})
def sources(w: WebDep) -> Response:
    """Each source: last run, status, open postings, failures in a row."""
    names = [s.name for s in w.config().sources]
    return json_response(queries.sources(w.engine, names))


@router.get("/postings", responses={200: {"model": list[Posting], "headers": NEXT}, **BAD})
def postings(
    request: Request,
    w: WebDep,
    source: list[str] = SOURCE,
    tag: list[str] = TAG,
    status: str | None = Query(None, description="open (default), removed or all"),
    location: str | None = Query(None, description="text in a location"),
    workplace: str | None = Query(None, description="onsite, hybrid or remote"),
    q: str | None = Query(None, description="text in the title or company"),
    currency: str | None = Query(None, description="ISO 4217 code for min_pay and sort=pay"),
    min_pay: str | None = Query(None, description="yearly pay at least this (150000, 150k)"),
    sort: str | None = Query(None, description="new (default), title, or pay (highest first)"),
    transparency: str | None = Query(
        None,
        description="only this pay-transparency status: missing, incomplete, likely_required, "
        "ok, not_required or unknown (information, not legal advice)",
    ),
    cursor: str | None = CURSOR,
    limit: str | None = LIMIT,
) -> Response:
    """Postings, newest first unless sorted otherwise, a page at a time."""
    flt = filters.posting_filter(
        w.config(), sources=source, tags=tag, status=status, location=location,
        workplace=workplace, text=q, currency=currency, min_pay=min_pay, sort=sort,
        transparency=transparency,
    )  # fmt: skip
    page = browse.posting_page(w.engine, flt, cursor=cursor, limit=filters.limit(limit))
    return _paged(request, page)


@router.get(
    "/postings/{key:path}",
    responses={200: {"model": History}, 404: {"model": Error, "description": "No such key"}},
)
def posting(key: str, w: WebDep) -> Response:
    """One posting with every version and the changes each brought."""
    found = queries.history(w.engine, key)
    if found is None:
        raise NotFound(f"no posting with key {key!r}")
    return json_response(found)


@router.get("/changes", responses={200: {"model": list[Change], "headers": NEXT}, **BAD})
def changes(
    request: Request,
    w: WebDep,
    kind: list[str] = KIND,
    source: list[str] = SOURCE,
    tag: list[str] = TAG,
    since: str | None = Query(None, description="a period back from now (7d, 12h) or a date"),
    until: str | None = Query(None, description="before this date (a whole day) or time"),
    q: str | None = Query(None, description="text in the title or key"),
    cursor: str | None = CURSOR,
    limit: str | None = LIMIT,
) -> Response:
    """Changes, newest first, a page at a time."""
    flt = filters.change_filter(
        w.config(), kinds=kind, sources=source, tags=tag, text=q, since=since, until=until
    )
    page = browse.change_page(w.engine, flt, cursor=cursor, limit=filters.limit(limit))
    return _paged(request, page)


@router.get("/pay", responses={200: {"model": PayReport}, **BAD})
def pay_report(
    w: WebDep,
    source: list[str] = SOURCE,
    tag: list[str] = TAG,
    title: str | None = Query(None, description="a regex the title matches (anywhere)"),
    location: str | None = Query(None, description="a regex a location or pay scope matches"),
    currency: str | None = Query(None, description="ISO 4217 code (default USD)"),
    period: str | None = Query(None, description="year (default), month, week, day or hour"),
) -> Response:
    """Median and quartiles of open postings' stated pay, per source, overall and by month."""
    flt = filters.pay_filter(
        w.config(), sources=source, tags=tag, title=title, location=location,
        currency=currency, period=period,
    )  # fmt: skip
    return json_response(pay.report(w.engine, **vars(flt)))
