"""A source's listing against what is stored: new, changed, unchanged and missing postings.

Work is proportional to what changed: stored hashes are loaded in one query, postings whose raw
hash matches are only marked seen (in bulk), new postings are inserted with a few multi-row
statements, and only new or changed postings are normalised.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from monitor.config import Config, Source
from monitor.diff import absent, diff
from monitor.items import ListingEnd, Posting
from monitor.normalise import content_hash, normalise
from monitor.notify.route import BASELINE, targets_for
from monitor.parallel import Prepared
from monitor.store.models import AlertRow, ChangeRow, PostingRow, SnapshotRow
from monitor.store.result import SourceResult
from monitor.store.views import posting_dict
from monitor.timeutil import parse_when, utcnow

CHUNK = 900  # stay under SQLite's limit of bound parameters per statement

_SEEN_ALL = (
    update(PostingRow)
    .where(PostingRow.source_id == bindparam("b_source"), PostingRow.status == "open")
    .values(last_seen=bindparam("b_now", type_=PostingRow.__table__.c.last_seen.type), missing=0)
)


class Cycle:
    """The rows one source's apply writes; flushed in bulk at the end."""

    def __init__(self, session: Session, config: Config, source: Source, row: Any):
        self.session, self.config, self.source, self.row = session, config, source, row
        self.now = utcnow()
        self.changes: list[dict[str, Any]] = []

    def change(
        self,
        kind: str,
        posting_id: int | None,
        content: dict[str, Any] | None,
        key: str | None,
        before: Any,
        after: Any,
    ) -> None:
        self.changes.append(
            {
                "source_id": self.row.id,
                "posting_id": posting_id,
                "kind": kind,
                "key": key,
                "title": (content or {}).get("title"),
                "url": (content or {}).get("url"),
                "detected_at": self.now,
                "before": before,
                "after": after,
            }
        )

    def flush(self, run_id: int, baseline_count: int | None) -> None:
        """Write the change rows and one outbox row per (change, interested target)."""
        alerts: list[dict[str, Any]] = []
        if self.changes:
            for item in self.changes:
                item["run_id"] = run_id
            ids = self.session.scalars(
                insert(ChangeRow).returning(ChangeRow.id, sort_by_parameter_order=True),
                self.changes,
            ).all()
            for change_id, item in zip(ids, self.changes, strict=True):
                for target in targets_for(self.config, self.source, item["kind"]):
                    alerts.append(self._alert(target, item["kind"], change_id, None))
        if baseline_count is not None:
            payload = {"source": self.source.name, "count": baseline_count}
            for target in targets_for(self.config, self.source, BASELINE):
                alerts.append(self._alert(target, BASELINE, None, payload))
        if alerts:
            self.session.execute(insert(AlertRow), alerts)

    def _alert(
        self, target: str, kind: str, change_id: int | None, payload: dict[str, Any] | None
    ) -> dict[str, Any]:
        return {
            "target": target,
            "change_id": change_id,
            "source": self.source.name,
            "kind": kind,
            "payload": payload,
            "created_at": self.now,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": self.now,
        }


def apply_listing(
    cycle: Cycle,
    postings: list[Posting],
    end: ListingEnd,
    result: SourceResult,
    baseline: bool,
    prepared: Prepared,
) -> None:
    """Store what changed in one source's listing, and count what went missing."""
    session, source, now = cycle.session, cycle.source, cycle.now
    if end.not_modified and not postings and not end.unchanged_keys:
        # a 304: every open posting is still there, exactly as it was; one statement
        seen = (
            session.connection()
            .execute(_SEEN_ALL, {"b_source": cycle.row.id, "b_now": now})
            .rowcount
        )
        result.seen = result.open = seen
        return
    stored = {
        r.key: r
        for r in session.execute(
            select(
                PostingRow.id,
                PostingRow.key,
                PostingRow.status,
                PostingRow.missing,
                PostingRow.raw_hash,
                PostingRow.content_hash,
                PostingRow.snapshot_id,
                PostingRow.listing_hash,
            ).where(PostingRow.source_id == cycle.row.id)
        )
    }
    prefix = f"{source.name}:"
    seen: set[str] = set()
    touched: list[int] = []  # unchanged: only last_seen moves
    reread: list[dict[str, Any]] = []  # unchanged, but its details were read again just now
    fresh: list[tuple[str, Posting, str]] = []  # new keys, inserted in bulk
    for posting in postings:
        key = prefix + posting.external_id
        if key in seen:
            continue
        seen.add(key)
        old = stored.get(key)
        raw = posting.raw_hash()
        if old is not None and old.raw_hash == raw and old.status == "open":
            if posting.listing_hash and posting.has_details:
                # a two-step board read this posting's details again: remember when, so the
                # next cycles skip them until `refresh_details` has passed
                reread.append(
                    {
                        "id": old.id,
                        "last_seen": now,
                        "missing": 0,
                        "details_at": now,
                        "listing_hash": posting.listing_hash,
                    }
                )
            elif old.missing:
                session.execute(
                    update(PostingRow)
                    .where(PostingRow.id == old.id)
                    .values(missing=0, last_seen=now)
                )
            else:
                touched.append(old.id)
            continue
        if old is None:
            fresh.append((key, posting, raw))
        else:
            _one(cycle, posting, key, raw, old, result, baseline, prepared)
    if fresh:
        _insert_new(cycle, fresh, result, baseline, prepared)
    for key in end.unchanged_keys:
        full = prefix + key if not key.startswith(prefix) else key
        old = stored.get(full)
        if old is not None and full not in seen and old.status == "open":
            seen.add(full)
            touched.append(old.id)
    if end.not_modified:
        # a 304 listing: everything open is still there, exactly as it was
        for key, old in stored.items():
            if key not in seen and old.status == "open":
                seen.add(key)
                touched.append(old.id)
    for start in range(0, len(touched), CHUNK):
        ids = touched[start : start + CHUNK]
        session.execute(
            update(PostingRow).where(PostingRow.id.in_(ids)).values(last_seen=now, missing=0)
        )
    if reread:
        session.execute(update(PostingRow), reread)
    result.seen = len(seen)
    complete = end.status == "complete"
    for key, old in stored.items():
        if key in seen or old.status != "open":
            continue
        miss = absent(old.missing, complete=complete, grace=source.removal_grace)
        if miss.missing == old.missing:
            continue
        values: dict[str, Any] = {"missing": miss.missing}
        if miss.removed:
            values["status"] = "removed"
            row = session.get(PostingRow, old.id)
            assert row is not None
            before = posting_dict(row, source.name)
            cycle.change("removed", old.id, before, key, before, None)
            result.removed += 1
        session.execute(update(PostingRow).where(PostingRow.id == old.id).values(**values))
    was_open = sum(1 for o in stored.values() if o.status == "open")
    result.open = was_open + result.new + result.reopened - result.removed


def _fields(posting: Posting, content: dict[str, Any], raw: str, now: datetime) -> dict:
    """The posting row's columns that follow from one read of the posting."""
    return {
        "title": content["title"],
        "url": content["url"],
        "company": content["company"],
        "department": content["department"],
        "locations": content["locations"],
        "workplace": content["workplace"],
        "pay": content["pay"],
        "office": content["office"],
        "posted_at": parse_when(content["posted_at"]),
        "last_seen": now,
        "missing": 0,
        "raw_hash": raw,
        "status": "open",
        "details_at": now if posting.has_details else None,
        "listing_hash": posting.listing_hash,
    }


def _normalised(posting: Posting, raw: str, prepared: Prepared) -> tuple[dict[str, Any], str]:
    """A posting's content and its hash, from the worker processes when they had it."""
    if raw in prepared:
        return prepared[raw]
    content = normalise(posting)
    return content, content_hash(content)


def _insert_new(
    cycle: Cycle,
    fresh: list[tuple[str, Posting, str]],
    result: SourceResult,
    baseline: bool,
    prepared: Prepared,
) -> None:
    """Insert new postings and their first snapshots with a few multi-row statements."""
    session, now = cycle.session, cycle.now
    rows, contents = [], []
    for key, posting, raw in fresh:
        content, digest = _normalised(posting, raw, prepared)
        contents.append((content, digest))
        rows.append(
            {
                "source_id": cycle.row.id,
                "key": key,
                "external_id": posting.external_id,
                "first_seen": now,
                "content_hash": digest,
                **_fields(posting, content, raw, now),
            }
        )
    for start in range(0, len(rows), CHUNK // 20):
        chunk = rows[start : start + CHUNK // 20]
        ids = session.scalars(
            insert(PostingRow).returning(PostingRow.id, sort_by_parameter_order=True), chunk
        ).all()
        for row, posting_id in zip(chunk, ids, strict=True):
            row["id"] = posting_id
    snaps = [
        {
            "posting_id": row["id"],
            "version": 1,
            "taken_at": now,
            "content_hash": digest,
            "data": content,
        }
        for row, (content, digest) in zip(rows, contents, strict=True)
    ]
    for start in range(0, len(snaps), CHUNK // 10):
        chunk = snaps[start : start + CHUNK // 10]
        ids = session.scalars(
            insert(SnapshotRow).returning(SnapshotRow.id, sort_by_parameter_order=True), chunk
        ).all()
        for snap, snap_id in zip(chunk, ids, strict=True):
            snap["id"] = snap_id
    session.execute(
        update(PostingRow),
        [{"id": r["id"], "snapshot_id": s["id"]} for r, s in zip(rows, snaps, strict=True)],
    )
    result.new += len(rows)
    if baseline:
        return
    for row, (content, _) in zip(rows, contents, strict=True):
        after = posting_dict(SimpleNamespace(**row, snapshot_id=None), cycle.source.name)
        cycle.change("new", row["id"], content, row["key"], None, after)


def _one(
    cycle: Cycle,
    posting: Posting,
    key: str,
    raw: str,
    old: Any,
    result: SourceResult,
    baseline: bool,
    prepared: Prepared,
) -> None:
    """Update a stored posting that was read again with other raw fields."""
    session, now = cycle.session, cycle.now
    content, digest = _normalised(posting, raw, prepared)
    fields = _fields(posting, content, raw, now)
    if not posting.has_details:
        del fields["details_at"]  # keep when the details were last read
    if not posting.listing_hash:
        del fields["listing_hash"]
    row = session.get(PostingRow, old.id)
    assert row is not None
    reopened = old.status != "open"
    changed = old.content_hash != digest
    previous = None
    if changed and old.snapshot_id is not None:
        snap_row = session.get(SnapshotRow, old.snapshot_id)
        previous = snap_row.data if snap_row else None
    for name, value in fields.items():
        setattr(row, name, value)
    if changed:
        version = (
            session.scalar(
                select(SnapshotRow.version)
                .where(SnapshotRow.posting_id == row.id)
                .order_by(SnapshotRow.version.desc())
                .limit(1)
            )
            or 0
        )
        snap = SnapshotRow(
            posting_id=row.id,
            version=version + 1,
            taken_at=now,
            content_hash=digest,
            data=content,
        )
        session.add(snap)
        session.flush()
        row.snapshot_id, row.content_hash = snap.id, digest
    if reopened:
        after = posting_dict(row, cycle.source.name)
        cycle.change("reopened", row.id, content, key, None, after)
        result.reopened += 1
    if changed and previous is not None:
        found = diff(previous, content)
        for item in found:
            cycle.change(item.kind, row.id, content, key, item.before, item.after)
        if found:
            result.changed += 1
