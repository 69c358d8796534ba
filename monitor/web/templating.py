"""Jinja2 for the pages: autoescape everywhere, and every printed string made inert first.

`finalize` passes each `{{ ... }}` through `words.inert` before escaping, so a scraped value
cannot carry bidi overrides or control characters into a page even where a template forgets a
filter; only our own `Markup` (the charts) goes through untouched.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.requests import Request

from monitor.config import format_duration
from monitor.notify.formatting import format_amount, format_locations, format_office, format_pay
from monitor.timeutil import parse_when
from monitor.transparency import DISCLAIMER
from monitor.transparency import STATUSES as TRANSPARENCY
from monitor.web.words import describe, inert, kind_name, link

HTMX = "htmx-2.0.11.min.js"


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return inert(value)


def when(value: Any, seconds: bool = False) -> str:
    """An ISO timestamp as `2026-01-31 14:05` (UTC)."""
    moment = parse_when(value) if isinstance(value, str) else value
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def money(spread: Any, currency: str, field: str = "median") -> str:
    """One figure of a pay spread (`paystats`' shape), as the currency writes it; "—" if none."""
    if not spread or spread.get(field) is None:
        return "—"
    return format_amount(spread[field], currency)


def keypath(key: str) -> str:
    """A posting key as a URL path segment (keys may hold `/`, `?` or `#`)."""
    return quote(key, safe=":@/")


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None drops one); never a token."""
    params = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in changes and k != "token" and v != ""
    ]
    for name, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        params += [(name, str(v)) for v in values]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def feed_url(request: Request) -> str:
    """The Atom feed of the changes this page shows (its filters, from its first page)."""
    return page_url(request, cursor=None, limit=None).replace(
        request.url.path, "/feeds/changes.atom", 1
    )


class Templates:
    """The page templates, with the helpers they share."""

    def __init__(self) -> None:
        env = Environment(
            loader=PackageLoader("monitor.web", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(
            href=link,
            pay=format_pay,
            office=format_office,
            locations=format_locations,
            when=when,
            kind=kind_name,
            describe=describe,
            keypath=keypath,
            duration=format_duration,
            money=money,
        )
        env.globals.update(
            htmx=HTMX,
            page_url=page_url,
            feed_url=feed_url,
            transparency_statuses=TRANSPARENCY,
            disclaimer=DISCLAIMER,
        )
        self.env = env

    def render(self, name: str, **context: Any) -> str:
        """A template rendered with `context`."""
        return self.env.get_template(name).render(**context)
