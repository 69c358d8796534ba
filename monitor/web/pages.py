"""The HTML pages: overview, changes, postings, one posting, one source."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from monitor import filters
from monitor.config import CHANGE_KINDS
from monitor.filters import ChangeFilter, FilterError, PostingFilter
from monitor.store import browse, pay, queries
from monitor.timeutil import parse_when, utcnow
from monitor.web import chart, compare
from monitor.web.context import NotFound, Web, WebDep

router = APIRouter(include_in_schema=False)
LATEST = 20
CHANGES_SHOWN = 100  # on a posting's page, newest first (its versions are all listed)


def _page(request: Request, w: Web, name: str, **context: Any) -> HTMLResponse:
    body = w.templates.render(name, request=request, **context)
    return HTMLResponse(body)


def _sources(w: Web) -> list[dict[str, Any]]:
    """Every source with its health and the warnings it calls for."""
    config = w.config()
    rows = queries.sources(w.engine, [s.name for s in config.sources])
    _, doc = w.health()
    overdue = {n for n, s in (doc.get("sources") or {}).items() if s.get("overdue")}
    suspect = browse.recent_kind(w.engine, "source_suspect", utcnow() - timedelta(days=7))
    for row in rows:
        warnings = []
        if row["failures_in_row"]:
            n = row["failures_in_row"]
            warnings.append(f"failed {n} time{'s' if n != 1 else ''} in a row")
        if row["name"] in suspect:
            warnings.append(f"suspect listing on {suspect[row['name']][:10]}: removals held back")
        if row["name"] in overdue:
            warnings.append("overdue: two scheduled runs missed")
        row["warnings"] = warnings
    return rows


def _tags(w: Web) -> list[str]:
    return sorted({t for s in w.config().sources for t in s.tags})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, w: WebDep) -> HTMLResponse:
    latest = browse.change_page(w.engine, ChangeFilter(), limit=LATEST)
    return _page(request, w, "overview.html", title="Overview", sources=_sources(w),
                 changes=latest.items)  # fmt: skip


def _change_filter(request: Request, w: Web) -> ChangeFilter:
    q = request.query_params
    return filters.change_filter(
        w.config(),
        kinds=q.getlist("kind"),
        sources=q.getlist("source"),
        tags=q.getlist("tag"),
        text=q.get("q"),
        since=q.get("since"),
        until=q.get("until"),
    )


def _posting_filter(request: Request, w: Web, **fixed: Any) -> PostingFilter:
    q = request.query_params
    options: dict[str, Any] = {
        "sources": q.getlist("source"),
        "tags": q.getlist("tag"),
        "status": q.get("status"),
        "location": q.get("location"),
        "workplace": q.get("workplace"),
        "text": q.get("q"),
        "currency": q.get("currency"),
        "min_pay": q.get("min_pay"),
        "sort": q.get("sort"),
        "transparency": q.get("transparency"),
    }
    options.update(fixed)
    return filters.posting_filter(w.config(), **options)


@router.get("/changes", response_class=HTMLResponse)
def changes(request: Request, w: WebDep) -> HTMLResponse:
    flt = _change_filter(request, w)
    size = filters.limit(request.query_params.get("limit"))
    page = browse.change_page(w.engine, flt, cursor=request.query_params.get("cursor"),
                              limit=size)  # fmt: skip
    return _page(request, w, "changes.html", title="Changes", page=page, kinds=CHANGE_KINDS,
                 source_names=_source_names(w), tags=_tags(w),
                 first=not request.query_params.get("cursor"))  # fmt: skip


def _source_names(w: Web) -> list[str]:
    configured = [s.name for s in w.config().sources]
    return list(dict.fromkeys([*configured, *browse.source_names(w.engine)]))


@router.get("/postings", response_class=HTMLResponse)
def postings(request: Request, w: WebDep) -> HTMLResponse:
    flt = _posting_filter(request, w)
    size = filters.limit(request.query_params.get("limit"))
    page = browse.posting_page(w.engine, flt, cursor=request.query_params.get("cursor"),
                               limit=size)  # fmt: skip
    return _page(request, w, "postings.html", title="Postings", page=page, flt=flt,
                 source_names=_source_names(w), tags=_tags(w),
                 first=not request.query_params.get("cursor"))  # fmt: skip


def _version(request: Request, name: str, versions: list[int], default: int) -> int:
    value = request.query_params.get(name)
    if not value:
        return default
    if not value.isdigit() or int(value) not in versions:
        known = ", ".join(map(str, versions))
        raise FilterError(f"{name}: {value!r} is not a version of this posting ({known})")
    return int(value)


@router.get("/postings/{key:path}", response_class=HTMLResponse)
def posting(key: str, request: Request, w: WebDep) -> HTMLResponse:
    found = queries.history(w.engine, key, content=True)
    if found is None:
        raise NotFound(f"no posting with key {key!r}")
    versions = found["versions"]
    numbers = [v["version"] for v in versions]
    b = _version(request, "b", numbers, numbers[-1])
    a = _version(request, "a", numbers, numbers[-2] if len(numbers) > 1 else numbers[-1])
    by_number = {v["version"]: v["content"] for v in versions}
    before, after = by_number[a], by_number[b]
    item = found["posting"]
    end = utcnow()
    if item["status"] != "open":
        end = parse_when(item["last_seen"]) or end
    charts = [chart.pay_chart(versions, end), chart.office_chart(versions, end)]
    return _page(
        request, w, "posting.html", title=item["title"] or key, item=item, versions=versions,
        changes=list(reversed(found["changes"]))[:CHANGES_SHOWN],
        more=max(0, len(found["changes"]) - CHANGES_SHOWN), a=a, b=b,
        rows=compare.fields(before, after),
        words=compare.words(before.get("description"), after.get("description")),
        charts=[Markup(c) for c in charts if c], reposts=found["reposts"],
    )  # fmt: skip


@router.get("/pay", response_class=HTMLResponse)
def pay_page(request: Request, w: WebDep) -> HTMLResponse:
    q = request.query_params
    flt = filters.pay_filter(
        w.config(), sources=q.getlist("source"), tags=q.getlist("tag"), title=q.get("title"),
        location=q.get("location"), currency=q.get("currency"), period=q.get("period"),
    )  # fmt: skip
    found = pay.report(w.engine, **vars(flt))
    # the monthly medians as versions of one range: the posting page's pay chart draws them
    months = [
        {
            "taken_at": f"{m['month']}-01T00:00:00+00:00",
            "pay": [{"min": (m["overall"]["low"] or {}).get("median"),
                     "max": (m["overall"]["high"] or {}).get("median"),
                     "currency": flt.currency, "period": flt.period}],
        }
        for m in found["monthly"]
        if m["overall"]["low"] or m["overall"]["high"]
    ]  # fmt: skip
    drawn = chart.pay_chart(months, utcnow()) if months else ""
    return _page(request, w, "pay.html", title="Pay", found=found, flt=flt,
                 source_names=_source_names(w), tags=_tags(w),
                 chart=Markup(drawn) if drawn else None, periods=filters.PERIODS)  # fmt: skip


@router.get("/sources/{name}", response_class=HTMLResponse)
def source(name: str, request: Request, w: WebDep) -> HTMLResponse:
    found = next((s for s in _sources(w) if s["name"] == name), None)
    if found is None:
        raise NotFound(f"no source named {name!r}")
    settings = next((s for s in w.config().sources if s.name == name), None)
    cursor = request.query_params.get("cursor")
    listing = browse.posting_page(
        w.engine, PostingFilter(sources=(name,)), cursor=cursor, limit=50
    )
    latest = browse.change_page(w.engine, ChangeFilter(sources=(name,)), limit=LATEST)
    return _page(
        request, w, "source.html", title=name, source=found, settings=settings,
        runs=browse.source_runs(w.engine, name), errors=browse.source_runs(
            w.engine, name, failed_only=True, limit=10),
        changes=latest.items, postings=listing, first=not cursor,
    )  # fmt: skip
