"""Turn a raw `Posting` into the normalised content a snapshot stores and a hash is taken over.

This is the one seam where extraction plugs in: structured board fields win, text fills gaps.
"""

from __future__ import annotations

import json
from typing import Any

from monitor.extract.text import clean_url, normalise_text
from monitor.hashing import json_digest
from monitor.items import Posting
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


def readings(
    text: str,
    locations: list[str],
    *,
    board_pay: list[dict[str, Any]] | None = None,
    pay_text: str | None = None,
    board_workplace: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, str | None]:
    """(pay, office terms, workplace) of a posting: what the readers make of its text and the
    board's own fields. The one part of normalising that an extractor upgrade changes."""
    # imported here: only cycles where something changed need the readers (and Babel)
    from monitor import extract

    pay = list(board_pay or [])
    if not pay:
        hint = "\n".join(filter(None, [pay_text, text]))
        pay = extract.extract_pay(hint, locations=locations)
    office = extract.extract_office(text)
    workplace = extract.workplace_from_board(board_workplace) or extract.workplace_from_terms(
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
    return sorted(pay, key=pay_sort_key), office, workplace


def normalise(posting: Posting) -> dict[str, Any]:
    """The normalised content of a posting (SPEC's field shapes).

    `read` (not hashed) records the extractor's version and the inputs besides the stored
    text that the readings came from, so that they can be read again after an upgrade.
    """
    from monitor.extract import VERSION

    text = normalise_text(posting.description)
    locations = [" ".join(loc.split()) for loc in posting.locations if loc and loc.strip()]
    pay, office, workplace = readings(
        text,
        locations,
        board_pay=posting.pay,
        pay_text=posting.pay_text,
        board_workplace=posting.workplace,
    )
    posted = parse_when(posting.posted_at) if posting.posted_at else None
    return {
        "title": " ".join(posting.title.split()),
        "url": clean_url(posting.url),
        "company": posting.company,
        "department": posting.department,
        "locations": locations,
        "workplace": workplace,
        "pay": pay,
        "office": office,
        "posted_at": isoformat(posted),
        "description": text,
        "read": {
            "extractor": VERSION,
            "board_pay": bool(posting.pay),
            "pay_text": posting.pay_text,
            "board_workplace": posting.workplace,
        },
    }


def reread(content: dict[str, Any]) -> dict[str, Any]:
    """A stored content read again by this version of the readers, from its stored text.

    Content stored before `read` was recorded does not say which figures the board gave in its
    own fields: a pay range or workplace the text does not state is kept as it was.
    """
    from monitor.extract import VERSION

    read = content.get("read") or {}
    known = "board_pay" in read
    stored_pay = list(content.get("pay") or [])
    pay, office, workplace = readings(
        content.get("description") or "",
        list(content.get("locations") or []),
        board_pay=stored_pay if read.get("board_pay") else None,
        pay_text=read.get("pay_text"),
        board_workplace=read.get("board_workplace") if known else None,
    )
    if not known:
        pay = pay or stored_pay
        workplace = workplace or content.get("workplace")
        if office is None and workplace is not None:
            office = content.get("office")
    return {
        **content,
        "pay": pay,
        "office": office,
        "workplace": workplace,
        "read": {**read, "extractor": VERSION},
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


def read_posting_text(
    text: str, *, html: bool = False, locations: list[str] | None = None
) -> dict[str, Any]:
    """What `rolewatch extract` prints: {"pay", "office", "workplace"} of a posting's text or
    HTML; HTML holding a schema.org JobPosting is read as the `jsonld` board reads it (its own
    fields first, then its text)."""
    from monitor.extract import read_posting

    if html and "ld+json" in (text or ""):
        # imported here: reading a page takes the spiders' HTML readers and Scrapy (0.2 s),
        # which no other use of this module needs
        from spiders.html import page_posting

        posting = page_posting(text, locations)
        if posting is not None:
            content = normalise(posting)
            return {key: content[key] for key in ("pay", "office", "workplace")}
    return read_posting(text, html=html, locations=locations)
