"""Reposts at store time: which removed postings a listing's new keys repeat.

`removed_candidates` reads, in one query for a whole batch of listings, the postings of those
sources removed within `monitor.reposts.WINDOW` and not already repeated by another posting;
`monitor.reposts.find_repost` (pure) decides. A baseline never matches, and sources without a
recent removal cost that one query and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, exists, select
from sqlalchemy.orm import aliased

from monitor.reposts import WINDOW, Candidate, company_key, find_repost, locations_key
from monitor.store.db import chunks
from monitor.store.models import SEEN_AT, ChangeRow, PostingRow

_POSTINGS = cast(Table, PostingRow.__table__)
_LATER = aliased(PostingRow)
_SINCE = cast(Table, ChangeRow.__table__).c.detected_at.type
_REMOVED = (
    select(_POSTINGS, SEEN_AT, ChangeRow.detected_at.label("removed_at"))
    .join(ChangeRow, ChangeRow.posting_id == PostingRow.id)
    .where(
        ChangeRow.source_id.in_(bindparam("b_sources", expanding=True)),
        ChangeRow.kind == "removed",
        ChangeRow.detected_at >= bindparam("b_since", type_=_SINCE),
        PostingRow.status == "removed",
        ~exists().where(_LATER.reposted_from == PostingRow.key),
    )
    .order_by(ChangeRow.detected_at)
)


Place = tuple[str, frozenset[str]]  # (company_key, locations_key): where a role can repeat


class Removed:
    """A source's postings removed within the window and not reposted yet, by company and
    places: a new posting is compared with those of its own company and places only."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.by_place: dict[Place, list[Any]] = {}
        for row in rows:
            self.by_place.setdefault(_place(row), []).append(row)

    def claim(self, new: dict[str, Any], now: datetime) -> Any | None:
        """The removed posting row that a new posting's columns repeat, or None; a row found
        is taken out, so that no two new postings repeat one."""
        rows = self.by_place.get(_place(new))
        if not rows:
            return None
        found = find_repost(candidate(new), [candidate(row) for row in rows], now=now)
        if found is None:
            return None
        row = next(row for row in rows if row.key == found.key)
        rows.remove(row)
        return row


NOTHING = Removed(())


def _place(row: Any) -> Place:
    return company_key(_get(row, "company")), locations_key(_get(row, "locations") or ())


def removed_candidates(
    conn: Connection, source_ids: Sequence[int], now: datetime
) -> dict[int, Removed]:
    """Per source id, its postings removed within the window and not reposted yet (rows of
    the posting's columns and `removed_at`, the latest removal), by company and places."""
    found: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(source_ids))):
        for row in conn.execute(_REMOVED, {"b_sources": chunk, "b_since": now - WINDOW}):
            found.setdefault(row.source_id, {})[row.key] = row  # ordered: the latest wins
    return {source_id: Removed(rows.values()) for source_id, rows in found.items()}


def candidate(row: Any) -> Candidate:
    """A stored posting (or a new one's columns) as `find_repost` sees it."""
    return Candidate(
        key=_get(row, "key"),
        title=_get(row, "title") or "",
        company=_get(row, "company"),
        locations=tuple(_get(row, "locations") or ()),
        removed_at=_get(row, "removed_at"),
    )


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)
