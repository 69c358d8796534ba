"""Plain-text spellings for the web app and its feed: a change in one line, scraped text made
inert (bidi controls shown, not obeyed), links only where they are http(s).

Pure functions of stored values; whoever puts their result in HTML or XML escapes it there
(Jinja's autoescape, `xml.sax.saxutils`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from monitor.notify.digest import Item, line
from monitor.notify.formatting import format_pay_change
from monitor.notify.markup import Link, Strong, Text, safe_url

SEP = " · "
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)
# Bidi embeddings, overrides and isolates (the "Trojan Source" set), and marks: shown as their
# code point so a hostile title cannot reorder what is printed around it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls except tab and newline; XML 1.0 forbids most of them outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def inert(value: Any) -> str:
    """Scraped text with control characters dropped and bidi controls spelled out."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value))
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def link(url: Any) -> str | None:
    """A URL fit for an `href`: http(s) only, else None (shown as text, never clickable)."""
    return safe_url(url)


def describe(change: dict[str, Any]) -> str:
    """What a change says, in one line: `Backend Engineer: pay $155,700–$233,500 → ...`."""
    kind = change.get("kind")
    if kind == "pay_changed":
        title = change.get("title") or change.get("key") or "(untitled)"
        return f"{title}: pay {format_pay_change(change.get('before'), change.get('after'))}"
    item = Item(
        id=int(change.get("id") or 0),
        source=str(change.get("source") or ""),
        kind=str(kind),
        when=_NEVER,  # `line` never reads it
        key=change.get("key"),
        title=change.get("title"),
        url=change.get("url"),
        before=change.get("before"),
        after=change.get("after"),
    )
    parts = []
    for part in line(item):
        if isinstance(part, Link):
            parts.append(part.label)
        elif isinstance(part, Text | Strong):
            parts.append(part.value)
    return "".join(parts)


def headline(change: dict[str, Any], company: str | None) -> str:
    """A feed entry's title: `Stripe · Backend Engineer: pay $155,700–$233,500 → ...`."""
    who = company or str(change.get("source") or "")
    return inert(f"{who}{SEP}{describe(change)}" if who else describe(change))


KIND_NAMES = {
    "new": "new",
    "removed": "closed",
    "reopened": "reopened",
    "pay_changed": "pay",
    "office_changed": "office terms",
    "title_changed": "title",
    "location_changed": "location",
    "description_changed": "description",
    "source_failing": "source failing",
    "source_recovered": "source recovered",
    "source_suspect": "source suspect",
    "reposted": "reposted",
    "pay_missing": "pay missing",
}


def kind_name(kind: str) -> str:
    """A change kind as a short label."""
    return KIND_NAMES.get(kind, kind.replace("_", " "))
