"""The JSON shapes of SPEC, built from rows: a posting, a change, a source."""

from __future__ import annotations

from typing import Any

from monitor.timeutil import isoformat


def posting_dict(row: Any, source: str) -> dict[str, Any]:
    """A posting as `postings --json` prints it, from a `PostingRow` or a row of its columns.

    Its `last_seen` is `seen_at` (models.SEEN_AT): a row of columns must select it."""
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
        "last_seen": isoformat(row.seen_at),
        "status": row.status,
        "reposted_from": getattr(row, "reposted_from", None),
        "transparency": getattr(row, "transparency", None),
    }


def version_ref(value: Any) -> int | None:
    """The snapshot version a `description_changed` side points at (texts are stored once)."""
    if isinstance(value, dict) and set(value) == {"version"} and isinstance(value["version"], int):
        return value["version"]
    return None


def change_dict(
    row: Any, source: str, texts: dict[tuple[int, int], Any] | None = None
) -> dict[str, Any]:
    """A change as `changes --json` prints it.

    `texts`: (posting id, version) -> description, for the description changes among the
    rows (see `queries.description_texts`); a version since pruned reads as null.
    """
    before, after = row.before, row.after
    if row.kind == "description_changed" and row.posting_id is not None:
        texts = texts or {}
        if (version := version_ref(before)) is not None:
            before = texts.get((row.posting_id, version))
        if (version := version_ref(after)) is not None:
            after = texts.get((row.posting_id, version))
    return {
        "id": row.id,
        "kind": row.kind,
        "source": source,
        "key": row.key,
        "title": row.title,
        "url": row.url,
        "detected_at": isoformat(row.detected_at),
        "before": before,
        "after": after,
    }
