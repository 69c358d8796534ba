"""What a dry run (`check --dry-run`) would have kept: read back inside its own transaction.

The store applies a dry run's listings exactly as it applies any (the same statements, the
same diff), then reads back what that transaction holds before rolling it back. So the
preview is what a real run would store and record, not an estimate of it.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from monitor.store.listing import Turn
from monitor.store.models import AlertRow, ChangeRow, PostingRow, SnapshotRow
from monitor.store.queries import description_texts
from monitor.store.views import change_dict, posting_dict


def preview(conn: Connection, turns: list[Turn], now: datetime) -> None:
    """Fill each source's `result.preview` from the transaction before it is rolled back:
    the postings it read (new or changed ones first), the changes and the alerts it queued."""
    by_id = {turn.row.id: turn for turn in turns}
    if not by_id:
        return
    ids = list(by_id)
    postings: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    snapped = set(
        conn.scalars(
            select(SnapshotRow.posting_id)
            .join(PostingRow, PostingRow.id == SnapshotRow.posting_id)
            .where(PostingRow.source_id.in_(ids), SnapshotRow.taken_at >= now)
        )
    )
    for row in conn.execute(
        select(PostingRow)
        .where(PostingRow.source_id.in_(ids), PostingRow.seen_at >= now)
        .order_by(PostingRow.title, PostingRow.key)
    ):
        entry = posting_dict(row, by_id[row.source_id].source.name)
        entry["stored"] = (
            "new" if row.first_seen >= now else "updated" if row.id in snapped else "unchanged"
        )
        postings[row.source_id].append(entry)
    change_rows = list(
        conn.execute(
            select(ChangeRow)
            .where(ChangeRow.source_id.in_(ids), ChangeRow.detected_at >= now)
            .order_by(ChangeRow.id)
        )
    )
    texts = description_texts(conn, change_rows)
    changes: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for change_row in change_rows:
        change = change_dict(change_row, by_id[change_row.source_id].source.name, texts)
        change["id"] = None  # it was never kept
        changes[change_row.source_id].append(change)
    alerts: Counter[str] = Counter(
        dict(
            conn.execute(
                select(AlertRow.source, func.count())
                .where(
                    AlertRow.source.in_([c.source.name for c in turns]),
                    AlertRow.created_at >= now,
                )
                .group_by(AlertRow.source)
            ).all()
        )
    )
    for source_id, turn in by_id.items():
        turn.result.preview = {
            "postings": sorted(postings[source_id], key=lambda p: p["stored"] == "unchanged"),
            "changes": changes[source_id],
            "alerts": alerts.get(turn.source.name, 0),
        }
