"""`/feeds/changes.atom`: the changes as an Atom feed, with the filters of `/api/v1/changes`.

One entry per change. Its id is a `urn:uuid:` derived from the change's id and the moment it
was detected, so it never changes for that change and two databases do not share ids.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Request
from fastapi.responses import Response

from monitor import filters
from monitor.store import browse
from monitor.timeutil import isoformat, utcnow
from monitor.web.context import WebDep
from monitor.web.templating import keypath
from monitor.web.words import describe, headline, inert, link

router = APIRouter(include_in_schema=False)
NAMESPACE = uuid.UUID("8f7c2a4e-5b1d-4c36-9a0e-3d2f61b7c9a5")  # rolewatch's, fixed for good
FEED_SIZE = 50


def entry_id(change: dict[str, Any]) -> str:
    """The entry's stable id."""
    name = f"change:{change['id']}:{change['detected_at']}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _text(value: Any) -> str:
    return escape(inert(value))


def _entry(change: dict[str, Any], company: str | None, base: str) -> str:
    parts = [
        "<entry>",
        f"<id>{entry_id(change)}</id>",
        f"<title>{_text(headline(change, company))}</title>",
        f"<updated>{change['detected_at']}</updated>",
        f"<category term={quoteattr(str(change['kind']))}/>",
        f"<author><name>{_text(change['source'])}</name></author>",
    ]
    if change.get("key"):
        page = f"{base}/postings/{keypath(change['key'])}"
        parts.append(f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>')
    board = link(change.get("url"))
    if board:
        parts.append(f'<link rel="related" type="text/html" href={quoteattr(board)}/>')
    parts.append(f'<content type="text">{_text(describe(change))}</content>')
    parts.append("</entry>")
    return "".join(parts)


@router.get("/feeds/changes.atom")
def changes_feed(request: Request, w: WebDep) -> Response:
    """The newest changes (at most `limit`, default 50) that the filters leave."""
    q = request.query_params
    flt = filters.change_filter(
        w.config(), kinds=q.getlist("kind"), sources=q.getlist("source"),
        tags=q.getlist("tag"), text=q.get("q"), since=q.get("since"), until=q.get("until"),
    )  # fmt: skip
    page = browse.change_page(w.engine, flt, limit=filters.limit(q.get("limit"), FEED_SIZE))
    companies = browse.change_companies(w.engine, page.items)
    base = str(request.base_url).rstrip("/")
    params = sorted((k, v) for k, v in q.multi_items() if k != "token")
    feed_id = "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"feed:{params}"))
    updated = page.items[0]["detected_at"] if page.items else isoformat(utcnow())
    self_url = base + request.url.path + (f"?{urlencode(params)}" if params else "")
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>{feed_id}</id>",
        "<title>rolewatch: changes</title>",
        f"<updated>{updated}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(base + "/changes")}/>',
        "<generator>rolewatch</generator>",
    ]
    entries = [_entry(c, companies.get(c["id"]), base) for c in page.items]
    body = "\n".join([*head, *entries, "</feed>"]) + "\n"
    return Response(body.encode(), media_type="application/atom+xml; charset=utf-8")
