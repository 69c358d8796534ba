"""Turn a raw `Posting` into the normalised content a snapshot stores and a hash is taken over.

This is the one seam where extraction plugs in: structured board fields win, text fills gaps.
"""

from __future__ import annotations

import json
from typing import Any

from monitor.extract.text import clean_url, html_to_text, strip_relative_dates
from monitor.items import Posting, json_digest
from monitor.timeutil import isoformat, parse_when

# posted_at is kept but not hashed: boards re-stamp it (and Workday says "Posted 4 days ago")
HASHED = (
    "title",
    "url",
    "company",
    "department",
    "locations",
    "workplace",
    "pay",
    "office",
    "description",
)


def pay_sort_key(item: dict[str, Any]) -> tuple:
    return (item.get("scope") or "", item.get("kind") or "", item.get("min") or 0)


def normalise(posting: Posting) -> dict[str, Any]:
    """The normalised content of a posting (SPEC's field shapes)."""
    # imported here: only cycles where something changed need the readers (and Babel)
    from monitor import extract

    text = strip_relative_dates(html_to_text(posting.description))
    pay = list(posting.pay)
    if not pay:
        pay_text = "\n".join(filter(None, [posting.pay_text, text]))
        pay = extract.extract_pay(pay_text, locations=posting.locations)
    office = extract.extract_office(text)
    workplace = extract.workplace_from_board(posting.workplace) or extract.workplace_from_terms(
        text, office
    )
    if office is None and workplace is not None:
        # the text states no terms, but the board says onsite/hybrid/remote: that is the mode,
        # so a board flipping a role from remote to onsite is an office change like any other
        office = {
            "mode": workplace,
            "min_office_pct": None,
            "days_per_week": None,
            "exceptions": [],
        }
    posted = parse_when(posting.posted_at) if posting.posted_at else None
    return {
        "title": " ".join(posting.title.split()),
        "url": clean_url(posting.url),
        "company": posting.company,
        "department": posting.department,
        "locations": [" ".join(loc.split()) for loc in posting.locations if loc and loc.strip()],
        "workplace": workplace,
        "pay": sorted(pay, key=pay_sort_key),
        "office": office,
        "posted_at": isoformat(posted),
        "description": text,
    }


_HASH_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def content_hash(content: dict[str, Any]) -> str:
    """A stable hash of the fields whose change makes a new snapshot.

    The hash only spares comparing contents: where it differs from the stored one, the store
    still compares the contents themselves before it takes a snapshot (so a hash written by an
    earlier version of this function costs a comparison, never a snapshot or a change).
    """
    return json_digest(hashed_content(content), _HASH_JSON)


def hashed_content(content: dict[str, Any]) -> dict[str, Any]:
    """The fields of a content that count: the others (posted_at) never make a snapshot."""
    return {k: content.get(k) for k in HASHED}
