"""The JSON shapes of SPEC, built from rows: a posting, a change, a source."""

from __future__ import annotations

from typing import Any

from monitor.store.models import ChangeRow, PostingRow
from monitor.timeutil import isoformat


def posting_dict(row: PostingRow, source: str) -> dict[str, Any]:
    """A posting as `postings --json` prints it."""
    return {
        "key": row.key,
        "source": source,
        "external_id": row.external_id,
        "title": row.title,
        "url": row.url,
        "company": row.company,
        "department": row.department,
        "locations": list(row.locations or []),
        "workplace": row.workplace,
        "pay": list(row.pay or []),
        "office": row.office,
        "posted_at": isoformat(row.posted_at),
        "first_seen": isoformat(row.first_seen),
        "last_seen": isoformat(row.last_seen),
        "status": row.status,
    }


def change_dict(row: ChangeRow, source: str) -> dict[str, Any]:
    """A change as `changes --json` prints it."""
    return {
        "id": row.id,
        "kind": row.kind,
        "source": source,
        "key": row.key,
        "title": row.title,
        "url": row.url,
        "detected_at": isoformat(row.detected_at),
        "before": row.before,
        "after": row.after,
    }
