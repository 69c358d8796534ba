"""A source's listing against what is stored: new, changed, unchanged and missing postings.

Work is proportional to what changed: stored hashes are loaded in one query, postings whose raw
hash matches are only marked seen (in bulk), new postings are inserted with a few multi-row
statements, and only new or changed postings are normalised.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
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

# what is stored of a source's postings, and marking some of them seen
_STORED = select(
    PostingRow.id,
    PostingRow.key,
    PostingRow.status,
    PostingRow.missing,
    PostingRow.raw_hash,
    PostingRow.content_hash,
    PostingRow.snapshot_id,
    PostingRow.listing_hash,
    PostingRow.details_at,
).where(PostingRow.source_id == bindparam("b_source"))
_SEEN = (
    update(PostingRow)
    .where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
    .values(last_seen=bindparam("b_now", type_=PostingRow.__table__.c.last_seen.type), missing=0)
)
# new postings of a source (not linked to a snapshot yet): their ids, then their first snapshot
_UNLINKED = select(PostingRow.key, PostingRow.id).where(
    PostingRow.source_id == bindparam("b_source"), PostingRow.snapshot_id.is_(None)
)
_LINK_FIRST = (
    update(PostingRow)
    .where(PostingRow.source_id == bindparam("b_source"), PostingRow.snapshot_id.is_(None))
    .values(
        snapshot_id=select(SnapshotRow.id)
        .where(SnapshotRow.posting_id == PostingRow.id, SnapshotRow.version == 1)
        .scalar_subquery()
    )
)
# a re-read posting's row, and its link to its newest snapshot (ids grow with each insert)
_LINK_NEWEST = update(PostingRow).values(
    snapshot_id=select(func.max(SnapshotRow.id))
    .where(SnapshotRow.posting_id == PostingRow.id)
    .scalar_subquery()
)
_POSTING_UPDATES: dict[frozenset[str], Any] = {}


def _update_posting(columns: frozenset[str]) -> Any:
    """UPDATE postings SET <columns> WHERE id = :b_id, built once per set of columns."""
    if columns not in _POSTING_UPDATES:
        table = PostingRow.__table__
        _POSTING_UPDATES[columns] = (
            update(PostingRow)
            .where(PostingRow.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}", type_=table.c[c].type) for c in sorted(columns)})
        )
    return _POSTING_UPDATES[columns]


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
    conn = session.connection()
    stored = {r.key: r for r in conn.execute(_STORED, {"b_source": cycle.row.id})}
    prefix = f"{source.name}:"
    seen: set[str] = set()
    touched: list[int] = []  # unchanged: only last_seen moves
    reread: list[dict[str, Any]] = []  # unchanged, but its details were read again just now
    fresh: list[tuple[str, Posting, str]] = []  # new keys, inserted in bulk
    again: list[tuple[str, Posting, str, Any]] = []  # stored, read with other raw fields
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
                        "b_id": old.id,
                        "b_last_seen": now,
                        "b_missing": 0,
                        "b_details_at": now,
                        "b_listing_hash": posting.listing_hash,
                    }
                )
            else:
                touched.append(old.id)
            continue
        if old is None:
            fresh.append((key, posting, raw))
        else:
            again.append((key, posting, raw, old))
    if again:
        _update_existing(cycle, again, result, prepared)
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
        conn.execute(_SEEN, {"b_ids": touched[start : start + CHUNK], "b_now": now})
    if reread:
        columns = frozenset({"last_seen", "missing", "details_at", "listing_hash"})
        conn.execute(_update_posting(columns), reread)
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
    # Plain executemany, no RETURNING: the ORM's bulk insert with RETURNING costs more per row
    # than SQLite spends storing it. Ids are read back with one query, and each posting is
    # pointed at its first snapshot by one correlated UPDATE.
    conn = session.connection()
    conn.execute(insert(PostingRow), rows)
    ids = dict(conn.execute(_UNLINKED, {"b_source": cycle.row.id}).all())
    for row in rows:
        row["id"] = ids[row["key"]]
    conn.execute(
        insert(SnapshotRow),
        [
            {
                "posting_id": row["id"],
                "version": 1,
                "taken_at": now,
                "content_hash": digest,
                "data": content,
            }
            for row, (content, digest) in zip(rows, contents, strict=True)
        ],
    )
    conn.execute(_LINK_FIRST, {"b_source": cycle.row.id})
    result.new += len(rows)
    if baseline:
        return
    for row, (content, _) in zip(rows, contents, strict=True):
        after = posting_dict(SimpleNamespace(**row, snapshot_id=None), cycle.source.name)
        cycle.change("new", row["id"], content, row["key"], None, after)


def _update_existing(
    cycle: Cycle,
    items: list[tuple[str, Posting, str, Any]],
    result: SourceResult,
    prepared: Prepared,
) -> None:
    """Update stored postings read again with other raw fields, a few statements for all.

    Content that did not change (only raw noise moved) updates the row; changed content adds a
    snapshot, with its version after the previous one, and the diff between the two.
    """
    session, now = cycle.session, cycle.now
    conn = session.connection()
    read = [
        (key, posting, raw, old, *_normalised(posting, raw, prepared))
        for key, posting, raw, old in items
    ]
    changed = [r for r in read if r[3].content_hash != r[5]]
    previous: dict[int, tuple[int, dict[str, Any]]] = {}
    snapshot_ids = [r[3].snapshot_id for r in changed if r[3].snapshot_id is not None]
    for start in range(0, len(snapshot_ids), CHUNK):
        rows = conn.execute(
            select(SnapshotRow.id, SnapshotRow.version, SnapshotRow.data).where(
                SnapshotRow.id.in_(snapshot_ids[start : start + CHUNK])
            )
        )
        previous.update({sid: (version, data) for sid, version, data in rows})
    if changed:
        conn.execute(
            insert(SnapshotRow),
            [
                {
                    "posting_id": old.id,
                    "taken_at": now,
                    "content_hash": digest,
                    "data": content,
                    "version": previous.get(old.snapshot_id, (0, None))[0] + 1,
                }
                for _, _, _, old, content, digest in changed
            ],
        )
    updates = []
    for _, posting, raw, old, content, digest in read:
        fields = _fields(posting, content, raw, now)
        if not posting.has_details:
            fields["details_at"] = old.details_at  # keep when the details were last read
        if not posting.listing_hash:
            fields["listing_hash"] = old.listing_hash
        fields["content_hash"] = digest
        updates.append(fields | {"id": old.id})
    columns = frozenset(updates[0]) - {"id"}  # every row sets the same columns
    conn.execute(_update_posting(columns), [{f"b_{k}": v for k, v in u.items()} for u in updates])
    changed_ids = [old.id for _, _, _, old, _, _ in changed]
    for start in range(0, len(changed_ids), CHUNK):
        conn.execute(_LINK_NEWEST.where(PostingRow.id.in_(changed_ids[start : start + CHUNK])))
    for key, _, _, old, content, _ in read:
        if old.status != "open":
            row = session.get(PostingRow, old.id)
            assert row is not None
            cycle.change(
                "reopened", old.id, content, key, None, posting_dict(row, cycle.source.name)
            )
            result.reopened += 1
    for key, _, _, old, content, _ in changed:
        before = previous.get(old.snapshot_id, (0, None))[1]
        if before is None:
            continue
        found = diff(before, content)
        for item in found:
            cycle.change(item.kind, old.id, content, key, item.before, item.after)
        if found:
            result.changed += 1
