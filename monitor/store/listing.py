"""Listings against what is stored, for a batch of sources: new, changed, unchanged, missing.

Statements grow with what changed, not with the number of sources or postings: a batch's
stored hashes are loaded in one query, postings whose raw hash matches are only marked seen
(in bulk), new postings are inserted with a few multi-row statements, and only new or changed
postings are normalised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from monitor.config import Config, Source
from monitor.diff import absent, diff
from monitor.items import ListingEnd, Posting
from monitor.normalise import content_hash, hashed_content, normalise
from monitor.notify.route import BASELINE, targets_for
from monitor.store.bulk import insert_rows
from monitor.store.models import AlertRow, ChangeRow, PostingRow, SnapshotRow
from monitor.store.result import Prepared, SourceResult
from monitor.store.views import posting_dict
from monitor.timeutil import parse_when

CHUNK = 900  # stay under SQLite's limit of bound parameters per statement

_POSTINGS = PostingRow.__table__
_SNAPSHOTS = SnapshotRow.__table__
_LAST_SEEN = _POSTINGS.c.last_seen.type
# what is stored of a batch's postings, and marking some of them seen
_STORED = select(
    PostingRow.id,
    PostingRow.source_id,
    PostingRow.key,
    PostingRow.status,
    PostingRow.missing,
    PostingRow.raw_hash,
    PostingRow.content_hash,
    PostingRow.snapshot_id,
    PostingRow.listing_hash,
    PostingRow.details_at,
).where(PostingRow.source_id.in_(bindparam("b_sources", expanding=True)))
_SEEN = (
    update(PostingRow)
    .where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
    .values(last_seen=bindparam("b_now", type_=_LAST_SEEN), missing=0)
)
# 304s: every open posting of these sources is still there, exactly as it was
_SEEN_ALL = (
    update(PostingRow)
    .where(
        PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
        PostingRow.status == "open",
    )
    .values(last_seen=bindparam("b_now", type_=_LAST_SEEN), missing=0)
)
_OPEN_COUNTS = (
    select(PostingRow.source_id, func.count())
    .where(
        PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
        PostingRow.status == "open",
    )
    .group_by(PostingRow.source_id)
)
_ROWS = select(_POSTINGS).where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
# new postings (not linked to a snapshot yet): their ids, then their first snapshot
_UNLINKED = select(PostingRow.key, PostingRow.id).where(
    PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
    PostingRow.snapshot_id.is_(None),
)
_LINK_FIRST = (
    update(PostingRow)
    .where(
        PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
        PostingRow.snapshot_id.is_(None),
    )
    .values(
        snapshot_id=select(SnapshotRow.id)
        .where(SnapshotRow.posting_id == PostingRow.id, SnapshotRow.version == 1)
        .scalar_subquery()
    )
)
# a re-read posting's row, and its link to its newest snapshot (ids grow with each insert)
_LINK_NEWEST = (
    update(PostingRow)
    .where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
    .values(
        snapshot_id=select(func.max(SnapshotRow.id))
        .where(SnapshotRow.posting_id == PostingRow.id)
        .scalar_subquery()
    )
)
_PREVIOUS = select(SnapshotRow.id, SnapshotRow.version, SnapshotRow.data).where(
    SnapshotRow.id.in_(bindparam("b_ids", expanding=True))
)
_CHANGES = insert(ChangeRow).returning(ChangeRow.id, sort_by_parameter_order=True)
_POSTING_UPDATES: dict[frozenset[str], Any] = {}


def _update_posting(columns: frozenset[str]) -> Any:
    """UPDATE postings SET <columns> WHERE id = :b_id, built once per set of columns."""
    if columns not in _POSTING_UPDATES:
        _POSTING_UPDATES[columns] = (
            update(PostingRow)
            .where(PostingRow.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}", type_=_POSTINGS.c[c].type) for c in sorted(columns)})
        )
    return _POSTING_UPDATES[columns]


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _rows_by_id(conn: Connection, ids: list[int]) -> dict[int, Any]:
    """Whole posting rows by id, as they are now in this transaction."""
    rows = {}
    for chunk in _chunks(ids):
        rows.update({row.id: row for row in conn.execute(_ROWS, {"b_ids": chunk})})
    return rows


@dataclass
class Cycle:
    """One source's part of a batch: its stored state, its listing, what it found."""

    config: Config
    source: Source
    row: Any  # the source's stored state (id, failures_in_row, baseline_at, ...)
    postings: list[Posting]
    end: ListingEnd
    prepared: Prepared
    result: SourceResult
    now: datetime
    changes: list[dict[str, Any]] = field(default_factory=list)
    was_open: int = 0

    @property
    def baseline(self) -> bool:
        return self.row.baseline_at is None

    @property
    def quiet(self) -> bool:
        """A listing that answered 304 throughout: nothing to read, nothing changed."""
        return self.end.not_modified and not self.postings and not self.end.unchanged_keys

    def change(
        self,
        kind: str,
        posting_id: int | None,
        content: Any,
        key: str | None,
        before: Any,
        after: Any,
    ) -> None:
        content = content or {}
        self.changes.append(
            {
                "source_id": self.row.id,
                "posting_id": posting_id,
                "kind": kind,
                "key": key,
                "title": content.get("title"),
                "url": content.get("url"),
                "detected_at": self.now,
                "before": before,
                "after": after,
            }
        )

    def alert(self, target: str, kind: str, change_id: int | None, payload: Any) -> dict:
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


@dataclass
class _Work:
    """What a batch's listings call for, gathered over all its sources before any write."""

    touched: list[int] = field(default_factory=list)  # unchanged: only last_seen moves
    reread: list[dict[str, Any]] = field(default_factory=list)  # unchanged, details re-read
    fresh: list[tuple[Cycle, str, Posting, str]] = field(default_factory=list)  # new keys
    again: list[tuple[Cycle, str, Posting, str, Any]] = field(default_factory=list)  # re-read
    missing: list[dict[str, Any]] = field(default_factory=list)  # one more miss, or removed
    removed: list[tuple[Cycle, str, int]] = field(default_factory=list)


def apply_listings(conn: Connection, cycles: list[Cycle], now: datetime) -> None:
    """Store what changed in these sources' listings, and count what went missing."""
    for quiet in _chunks([c for c in cycles if c.quiet]):
        ids = [c.row.id for c in quiet]
        conn.execute(_SEEN_ALL, {"b_sources": ids, "b_now": now})
        counts = dict(conn.execute(_OPEN_COUNTS, {"b_sources": ids}).all())
        for cycle in quiet:
            cycle.result.seen = cycle.result.open = counts.get(cycle.row.id, 0)
    listed = [c for c in cycles if not c.quiet]
    if not listed:
        return
    stored: dict[int, dict[str, Any]] = {c.row.id: {} for c in listed}
    for ids in _chunks(list(stored)):
        for row in conn.execute(_STORED, {"b_sources": ids}):
            stored[row.source_id][row.key] = row
    work = _Work()
    for cycle in listed:
        _sort(cycle, stored[cycle.row.id], work, now)
    for ids in _chunks(work.touched):
        conn.execute(_SEEN, {"b_ids": ids, "b_now": now})
    if work.reread:
        columns = frozenset({"last_seen", "missing", "details_at", "listing_hash"})
        conn.execute(_update_posting(columns), work.reread)
    if work.removed:
        rows = _rows_by_id(conn, [posting_id for _, _, posting_id in work.removed])
        for cycle, key, posting_id in work.removed:
            before = posting_dict(rows[posting_id], cycle.source.name)
            cycle.change("removed", posting_id, before, key, before, None)
            cycle.result.removed += 1
    if work.missing:
        conn.execute(_update_posting(frozenset({"missing", "status"})), work.missing)
    if work.again:
        _update_existing(conn, work.again, now)
    if work.fresh:
        _insert_new(conn, work.fresh, now)
    for cycle in listed:
        result = cycle.result
        result.open = cycle.was_open + result.new + result.reopened - result.removed


def _sort(cycle: Cycle, stored: dict[str, Any], work: _Work, now: datetime) -> None:
    """Sort one source's listing into the batch's work: pure, no statements."""
    prefix = f"{cycle.source.name}:"
    seen: set[str] = set()
    for posting in cycle.postings:
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
                work.reread.append(
                    {
                        "b_id": old.id,
                        "b_last_seen": now,
                        "b_missing": 0,
                        "b_details_at": now,
                        "b_listing_hash": posting.listing_hash,
                    }
                )
            else:
                work.touched.append(old.id)
        elif old is None:
            work.fresh.append((cycle, key, posting, raw))
        else:
            work.again.append((cycle, key, posting, raw, old))
    for key in cycle.end.unchanged_keys:
        full = key if key.startswith(prefix) else prefix + key
        old = stored.get(full)
        if old is not None and full not in seen and old.status == "open":
            seen.add(full)
            work.touched.append(old.id)
    if cycle.end.not_modified:
        # a 304 among the listing's pages: everything open is still there, exactly as it was
        for key, old in stored.items():
            if key not in seen and old.status == "open":
                seen.add(key)
                work.touched.append(old.id)
    cycle.result.seen = len(seen)
    complete = cycle.end.status == "complete"
    for key, old in stored.items():
        if old.status != "open":
            continue
        cycle.was_open += 1
        if key in seen:
            continue
        miss = absent(old.missing, complete=complete, grace=cycle.source.removal_grace)
        if miss.missing == old.missing:
            continue
        work.missing.append(
            {
                "b_id": old.id,
                "b_missing": miss.missing,
                "b_status": "removed" if miss.removed else "open",
            }
        )
        if miss.removed:
            work.removed.append((cycle, key, old.id))


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


def _same(previous: tuple[int, dict[str, Any]] | None, content: dict[str, Any]) -> bool:
    """Whether a stored snapshot holds this content, in every field that counts."""
    return previous is not None and hashed_content(previous[1]) == hashed_content(content)


def _insert_new(conn: Connection, fresh: list[tuple[Cycle, str, Posting, str]], now: datetime):
    """Insert new postings and their first snapshots with a few multi-row statements."""
    rows, contents = [], []
    for cycle, key, posting, raw in fresh:
        content, digest = _normalised(posting, raw, cycle.prepared)
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
    insert_rows(conn, _POSTINGS, rows)
    sources = sorted({row["source_id"] for row in rows})
    ids: dict[str, int] = {}
    for chunk in _chunks(sources):
        ids.update(conn.execute(_UNLINKED, {"b_sources": chunk}).all())
    for row in rows:
        row["id"] = ids[row["key"]]
    insert_rows(
        conn,
        _SNAPSHOTS,
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
    for chunk in _chunks(sources):
        conn.execute(_LINK_FIRST, {"b_sources": chunk})
    for (cycle, *_), row, (content, _) in zip(fresh, rows, contents, strict=True):
        cycle.result.new += 1
        if not cycle.baseline:
            after = posting_dict(SimpleNamespace(**row, snapshot_id=None), cycle.source.name)
            cycle.change("new", row["id"], content, row["key"], None, after)


def _update_existing(
    conn: Connection, items: list[tuple[Cycle, str, Posting, str, Any]], now: datetime
) -> None:
    """Update stored postings read again with other raw fields, a few statements for all.

    Content that did not change (only raw noise moved) updates the row; changed content adds a
    snapshot, with its version after the previous one, and the diff between the two.
    """
    read = [
        (cycle, key, posting, raw, old, *_normalised(posting, raw, cycle.prepared))
        for cycle, key, posting, raw, old in items
    ]
    changed = [r for r in read if r[4].content_hash != r[6]]
    previous: dict[int, tuple[int, dict[str, Any]]] = {}
    for ids in _chunks([r[4].snapshot_id for r in changed if r[4].snapshot_id is not None]):
        rows = conn.execute(_PREVIOUS, {"b_ids": ids})
        previous.update({snapshot_id: (version, data) for snapshot_id, version, data in rows})
    # the same content under another hash (one an earlier version of the code wrote): no snapshot
    changed = [r for r in changed if not _same(previous.get(r[4].snapshot_id), r[5])]
    if changed:
        insert_rows(
            conn,
            _SNAPSHOTS,
            [
                {
                    "posting_id": old.id,
                    "taken_at": now,
                    "content_hash": digest,
                    "data": content,
                    "version": previous.get(old.snapshot_id, (0, None))[0] + 1,
                }
                for _, _, _, _, old, content, digest in changed
            ],
        )
    updates = []
    for _, _, posting, raw, old, content, digest in read:
        fields = _fields(posting, content, raw, now)
        if not posting.has_details:
            fields["details_at"] = old.details_at  # keep when the details were last read
        if not posting.listing_hash:
            fields["listing_hash"] = old.listing_hash
        fields["content_hash"] = digest
        updates.append({f"b_{k}": v for k, v in fields.items()} | {"b_id": old.id})
    columns = frozenset(k[2:] for k in updates[0]) - {"id"}  # every row sets the same columns
    conn.execute(_update_posting(columns), updates)
    for ids in _chunks([old.id for _, _, _, _, old, _, _ in changed]):
        conn.execute(_LINK_NEWEST, {"b_ids": ids})
    reopened = [r for r in read if r[4].status != "open"]
    rows = _rows_by_id(conn, [old.id for _, _, _, _, old, _, _ in reopened])
    for cycle, key, _, _, old, content, _ in reopened:
        after = posting_dict(rows[old.id], cycle.source.name)
        cycle.change("reopened", old.id, content, key, None, after)
        cycle.result.reopened += 1
    for cycle, key, _, _, old, content, _ in changed:
        before = previous.get(old.snapshot_id, (0, None))[1]
        if before is None:
            continue
        found = diff(before, content)
        for item in found:
            cycle.change(item.kind, old.id, content, key, item.before, item.after)
        if found:
            cycle.result.changed += 1


def flush(conn: Connection, cycles: list[Cycle], run_ids: dict[str, int]) -> None:
    """Write the batch's change rows and one outbox row per (change, interested target)."""
    changes = []
    for cycle in cycles:
        for item in cycle.changes:
            item["run_id"] = run_ids[cycle.source.name]
            changes.append((cycle, item))
            kinds = cycle.result.changes
            kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    alerts: list[dict[str, Any]] = []
    if changes:
        ids = conn.execute(_CHANGES, [item for _, item in changes]).scalars().all()
        for change_id, (cycle, item) in zip(ids, changes, strict=True):
            for target in targets_for(cycle.config, cycle.source, item["kind"]):
                alerts.append(cycle.alert(target, item["kind"], change_id, None))
    for cycle in cycles:
        if cycle.result.baseline:
            payload = {"source": cycle.source.name, "count": cycle.result.open}
            for target in targets_for(cycle.config, cycle.source, BASELINE):
                alerts.append(cycle.alert(target, BASELINE, None, payload))
    if alerts:
        conn.execute(insert(AlertRow), alerts)
