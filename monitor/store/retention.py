"""Retention: forget old versions of postings, delivered alerts and old run records.

`retention: {keep_snapshots: N, keep_days: D}` keeps a posting's last N snapshots, or those
younger than D days; with both, a snapshot is kept when either rule keeps it, and with neither
no snapshot is deleted. A posting's latest snapshot is never deleted, nor are postings,
changes or alerts still waiting to be delivered. Alerts delivered (or given up on) and run
records older than D days (90 without `keep_days`) are deleted too, but each source keeps its
latest run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, delete, func, or_, select

from monitor.config import RetentionSettings
from monitor.store.db import chunks
from monitor.store.models import AlertRow, PostingRow, RunRow, SnapshotRow
from monitor.timeutil import utcnow

DEFAULT_KEEP_DAYS = 90  # delivered alerts and runs, when `keep_days` is not set
CHUNK = 500  # ids per DELETE: under SQLite's bound-parameter limit, short write locks


def _doomed_snapshots(retention: RetentionSettings, now: datetime) -> Select[Any] | None:
    if retention.keep_snapshots is None and retention.keep_days is None:
        return None
    rank = (
        func.row_number()
        .over(partition_by=SnapshotRow.posting_id, order_by=SnapshotRow.version.desc())
        .label("rank")
    )
    ranked = select(SnapshotRow.id, SnapshotRow.posting_id, SnapshotRow.taken_at, rank).subquery()
    # a snapshot goes only when every configured rule lets it go
    conditions = [
        or_(PostingRow.snapshot_id.is_(None), ranked.c.id != PostingRow.snapshot_id),
    ]
    if retention.keep_snapshots is not None:
        conditions.append(ranked.c.rank > retention.keep_snapshots)
    if retention.keep_days is not None:
        conditions.append(ranked.c.taken_at < now - timedelta(days=retention.keep_days))
    return (
        select(ranked.c.id)
        .join(PostingRow, PostingRow.id == ranked.c.posting_id)
        .where(*conditions)
    )


def _doomed_alerts(cutoff: datetime) -> Select[Any]:
    delivered = func.coalesce(AlertRow.sent_at, AlertRow.created_at)
    return select(AlertRow.id).where(
        or_(
            (AlertRow.status == "sent") & (delivered < cutoff),
            (AlertRow.status.in_(("dead", "suppressed"))) & (AlertRow.created_at < cutoff),
        )
    )


def _doomed_runs(cutoff: datetime) -> Select[Any]:
    latest = select(func.max(RunRow.id)).group_by(RunRow.source_id)
    return select(RunRow.id).where(RunRow.started_at < cutoff, RunRow.id.not_in(latest))


def _delete(engine: Engine, table: Any, ids: Sequence[int]) -> int:
    deleted = 0
    for chunk in chunks(ids, CHUNK):
        with engine.begin() as conn:
            deleted += conn.execute(delete(table).where(table.id.in_(chunk))).rowcount or 0
    return deleted


def prune(
    engine: Engine,
    retention: RetentionSettings,
    now: datetime | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Delete (or with `dry_run` only count) what retention lets go; returns counts per table."""
    now = now or utcnow()
    keep_days = retention.keep_days or DEFAULT_KEEP_DAYS
    cutoff = now - timedelta(days=keep_days)
    queries = {
        "snapshots": _doomed_snapshots(retention, now),
        "alerts": _doomed_alerts(cutoff),
        "runs": _doomed_runs(cutoff),
    }
    tables = {"snapshots": SnapshotRow, "alerts": AlertRow, "runs": RunRow}
    counts: dict[str, Any] = {"dry_run": dry_run}
    for name, query in queries.items():
        if query is None:
            counts[name] = 0
            continue
        # ids first, then short deletes: one long DELETE would hold SQLite's write lock
        # against the crawls for as long as it runs
        with engine.connect() as conn:
            ids = list(conn.scalars(query))
        counts[name] = len(ids) if dry_run else _delete(engine, tables[name], ids)
    return counts
