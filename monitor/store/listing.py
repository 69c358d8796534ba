"""Listings against what is stored, for a batch of sources: new, changed, unchanged, missing.

Statements grow with what changed, not with the number of sources or postings: a batch's
stored hashes are loaded in one query, postings whose raw hash matches are only marked seen
(in bulk), new postings are inserted with a few multi-row statements, and only new or changed
postings are normalised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, case, func, insert, select, update

from monitor.config import Config, Source
from monitor.diff import absent, diff
from monitor.extract import VERSION as EXTRACTOR
from monitor.items import ListingEnd, Posting
from monitor.normalise import content_hash, hashed_content, normalise, reread
from monitor.routing import BASELINE, targets_for
from monitor.store import assessing, reposts
from monitor.store.bulk import insert_rows
from monitor.store.db import chunks
from monitor.store.models import (
    LAST_SIGHTING,
    SEEN_AT,
    AlertRow,
    ChangeRow,
    PostingRow,
    SnapshotRow,
)
from monitor.store.result import Prepared, SourceResult
from monitor.store.views import posting_dict
from monitor.timeutil import parse_when

_POSTINGS = cast(Table, PostingRow.__table__)
_SNAPSHOTS = cast(Table, SnapshotRow.__table__)
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
    PostingRow.extractor,
).where(PostingRow.source_id.in_(bindparam("b_sources", expanding=True)))
_SEEN = (
    update(PostingRow)
    .where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
    .values(last_seen=bindparam("b_now", type_=_LAST_SEEN), missing=0)
)
# One more miss for an open posting; its first miss also copies its last sighting, which its
# source's listed_at kept until now, into its own row (SET reads the row as it was)
_MISS = (
    update(PostingRow)
    .where(PostingRow.id == bindparam("b_id"))
    .values(missing=bindparam("b_missing"), status=bindparam("b_status"), last_seen=LAST_SIGHTING)
)
_OPEN_COUNTS = (
    select(
        PostingRow.source_id, func.count(), func.sum(case((PostingRow.missing == 0, 1), else_=0))
    )
    .where(
        PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
        PostingRow.status == "open",
    )
    .group_by(PostingRow.source_id)
)
_MISSED = select(PostingRow.id, PostingRow.source_id, PostingRow.key, PostingRow.missing).where(
    PostingRow.source_id.in_(bindparam("b_sources", expanding=True)),
    PostingRow.status == "open",
    PostingRow.missing > 0,
)
_ROWS = select(_POSTINGS, SEEN_AT).where(PostingRow.id.in_(bindparam("b_ids", expanding=True)))
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


def _rows_by_id(conn: Connection, ids: list[int]) -> dict[int, Any]:
    """Whole posting rows by id, as they are now in this transaction."""
    rows = {}
    for chunk in chunks(ids):
        rows.update({row.id: row for row in conn.execute(_ROWS, {"b_ids": chunk})})
    return rows


# A complete listing that misses more than half of a source's open postings, and at least
# this many, is suspect: a redesign or an emptied board, more often than mass closing.
SUSPECT_MIN = 5


@dataclass
class Turn:
    """One source's turn in a batch: its stored state, its listing, what it found."""

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
    suspect_now: bool = False  # this listing made the source suspect
    suspect_at: datetime | None = None  # the source's suspect state after this listing
    # a complete listing: it saw every open posting it did not miss (the source's listed_at)
    listed: bool = False

    def __post_init__(self) -> None:
        self.suspect_at = self.row.suspect_at

    @property
    def baseline(self) -> bool:
        return self.row.baseline_at is None

    @property
    def quiet(self) -> bool:
        """A listing that answered 304 throughout: the previous listing, repeated."""
        return self.end.not_modified and not self.postings and not self.end.unchanged_keys

    @property
    def grace(self) -> int:
        """Complete listings a posting must be missing from to be removed now.

        While the source is suspect, one more: the suspect listing itself does not count.
        """
        held = self.suspect_at is not None or self.suspect_now
        return self.source.removal_grace + held

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

    def degrade(self, reason: str) -> None:
        """A posting of this listing could not be stored: the listing is partial."""
        if self.result.status == "complete":
            self.result.status, self.result.error = "partial", reason
        self.result.notes.append(reason)

    def miss(self, key: str, old: Any, work: _Work) -> bool:
        """Count one more miss for an open posting absent from a complete listing."""
        miss = absent(old.missing, complete=True, grace=self.grace)
        work.missing.append(
            {
                "b_id": old.id,
                "b_missing": miss.missing,
                "b_status": "removed" if miss.removed else "open",
            }
        )
        if miss.removed:
            work.removed.append((self, key, old.id))
        return miss.removed

    def judge(self, missed: int, vanished: int) -> None:
        """Whether this complete listing makes the source suspect, or ends its suspicion.

        `missed`: open postings this listing lacks; `vanished`: those of them that the
        previous listing still had.
        """
        if self.suspect_at is None and suspect(vanished, self.was_open):
            self.suspect_now, self.suspect_at = True, self.now
            self.change(
                "source_suspect", None, None, None, None,
                {"missing": vanished, "open": self.was_open},
            )  # fmt: skip

    def settle(self, still_missed: int, removed: int) -> None:
        """After a complete listing: the source stays suspect while it still looks so."""
        if self.suspect_at is not None and not suspect(still_missed, self.was_open - removed):
            self.suspect_at = None


def suspect(missed: int, open_postings: int) -> bool:
    """Whether a listing missing `missed` of `open_postings` is too many to believe at once."""
    return missed >= SUSPECT_MIN and missed * 2 > open_postings


@dataclass
class _Work:
    """What a batch's listings call for, gathered over all its sources before any write."""

    # unchanged but missed before, or listed by a partial listing: only last_seen moves
    touched: list[int] = field(default_factory=list)
    details_again: list[dict[str, Any]] = field(default_factory=list)  # unchanged, re-read
    fresh: list[tuple[Turn, str, Posting, str]] = field(default_factory=list)  # new keys
    again: list[tuple[Turn, str, Posting, str, Any]] = field(default_factory=list)  # re-read
    missing: list[dict[str, Any]] = field(default_factory=list)  # one more miss, or removed
    removed: list[tuple[Turn, str, int]] = field(default_factory=list)


def record_listings(conn: Connection, turns: list[Turn], now: datetime) -> None:
    """Store what changed in these sources' listings, and count what went missing."""
    work = _Work()
    for quiet in chunks([c for c in turns if c.quiet]):
        _repeat(conn, quiet, now, work)
    listed = [c for c in turns if not c.quiet]
    stored: dict[int, dict[str, Any]] = {c.row.id: {} for c in listed}
    for ids in chunks(list(stored)):
        for row in conn.execute(_STORED, {"b_sources": ids}):
            stored[row.source_id][row.key] = row
    for turn in listed:
        _classify(turn, stored[turn.row.id], work, now)
    for ids in chunks(work.touched):
        conn.execute(_SEEN, {"b_ids": ids, "b_now": now})
    if work.details_again:
        columns = frozenset({"last_seen", "missing", "details_at", "listing_hash"})
        conn.execute(_update_posting(columns), work.details_again)
    if work.removed:
        rows = _rows_by_id(conn, [posting_id for _, _, posting_id in work.removed])
        for turn, key, posting_id in work.removed:
            before = posting_dict(rows[posting_id], turn.source.name)
            turn.change("removed", posting_id, before, key, before, None)
            turn.result.removed += 1
    if work.missing:
        conn.execute(_MISS, work.missing)
    if work.again:
        _update_existing(conn, work.again, now)
    if work.fresh:
        _insert_new(conn, work.fresh, now)
    for turn in turns:
        result = turn.result
        result.open = turn.was_open + result.new + result.reopened - result.removed


def _repeat(conn: Connection, turns: Sequence[Turn], now: datetime, work: _Work) -> None:
    """Listings that answered 304: each repeats the source's previous listing, complete.

    What it listed (the open postings it did not miss) is still there, exactly as it was: seen
    now, through the source's listed_at; what it missed (open, missing > 0) misses once more.
    """
    # what the previous listing left, kept with the source; counted where it is not
    counts = {
        c.row.id: (c.row.open_postings, c.row.listed_postings)
        for c in turns
        if c.row.open_postings is not None and c.row.listed_postings is not None
    }
    uncounted = [c.row.id for c in turns if c.row.id not in counts]
    if uncounted:
        for row in conn.execute(_OPEN_COUNTS, {"b_sources": uncounted}):
            counts[row[0]] = (row[1], row[2] or 0)
    missed: dict[int, list[Any]] = {}
    # only sources with open postings missed before have any (most 304s: none to read)
    missing = [i for i, (open_, listed) in counts.items() if open_ > listed]
    if missing:
        for row in conn.execute(_MISSED, {"b_sources": missing}):
            missed.setdefault(row.source_id, []).append(row)
    for turn in turns:
        turn.listed = True
        turn.was_open, turn.result.seen = counts.get(turn.row.id, (0, 0))
        rows = missed.get(turn.row.id, [])
        turn.judge(len(rows), 0)
        removed = sum(turn.miss(row.key, row, work) for row in rows)
        turn.settle(len(rows) - removed, removed)


def _classify(turn: Turn, stored: dict[str, Any], work: _Work, now: datetime) -> None:
    """Sort one source's listing into the batch's work: pure, no statements."""
    prefix = f"{turn.source.name}:"
    # a complete listing's unchanged postings are seen through the source's listed_at; only
    # those it finds again after a miss, or a partial listing's, are written one by one
    turn.listed = complete = turn.end.status == "complete"
    seen: set[str] = set()
    for posting in turn.postings:
        key = prefix + posting.external_id
        if key in seen:
            continue
        seen.add(key)
        old = stored.get(key)
        raw = posting.raw_hash()
        if (
            old is not None
            and old.raw_hash == raw
            and old.status == "open"
            and (old.extractor == EXTRACTOR)
        ):
            if posting.listing_hash and posting.has_details:
                # a two-step board read this posting's details again: remember when, so the
                # next cycles skip them until `refresh_details` has passed
                work.details_again.append(
                    {
                        "b_id": old.id,
                        "b_last_seen": now,
                        "b_missing": 0,
                        "b_details_at": now,
                        "b_listing_hash": posting.listing_hash,
                    }
                )
            elif old.missing or not complete:
                work.touched.append(old.id)
        elif old is None:
            work.fresh.append((turn, key, posting, raw))
        else:
            work.again.append((turn, key, posting, raw, old))
    for key in turn.end.unchanged_keys:
        full = key if key.startswith(prefix) else prefix + key
        old = stored.get(full)
        if old is not None and full not in seen and old.status == "open":
            seen.add(full)
            if old.missing or not complete:
                work.touched.append(old.id)
    turn.result.seen = len(seen)
    absent = []
    for key, old in stored.items():
        if old.status == "open":
            turn.was_open += 1
            if key not in seen:
                absent.append((key, old))
    if not complete:
        return  # a partial listing counts no misses: what it lacks may be out of its reach
    turn.judge(len(absent), sum(1 for _, old in absent if old.missing == 0))
    removed = sum(turn.miss(key, old, work) for key, old in absent)
    turn.settle(len(absent) - removed, removed)


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
        "extractor": (content.get("read") or {}).get("extractor"),
    }


@dataclass(slots=True)
class _Read:
    """A posting of a listing, normalised, with what is stored of it (None when new)."""

    turn: Turn
    key: str
    posting: Posting
    raw: str
    old: Any
    content: dict[str, Any]
    digest: str

    @property
    def readers_only(self) -> bool:
        """Read again only for new readers: the board's fields are as they were."""
        return self.old is not None and self.old.raw_hash == self.raw


def _read(items: list[tuple[Turn, str, Posting, str, Any]]) -> list[_Read]:
    """Normalise each posting (the worker processes' result where they had it).

    A posting that cannot be read is left out, as stored, and its listing becomes partial: it
    is read again next cycle, and one bad posting never blocks its board.
    """
    out = []
    for turn, key, posting, raw, old in items:
        if raw in turn.prepared:
            content, digest = turn.prepared[raw]
        else:
            try:
                content = normalise(posting)
                digest = content_hash(content)
            except Exception as exc:  # a bug's or a board's: that posting's problem alone
                turn.degrade(f"posting {key} could not be read ({type(exc).__name__}: {exc})")
                continue
        out.append(_Read(turn, key, posting, raw, old, content, digest))
    return out


class _Version(NamedTuple):
    """A posting's newest snapshot: its version number and content."""

    number: int
    data: dict[str, Any] | None


_NONE = _Version(0, None)


def _same(previous: _Version | None, content: dict[str, Any]) -> bool:
    """Whether a stored snapshot holds this content, in every field that counts."""
    return (
        previous is not None
        and previous.data is not None
        and hashed_content(previous.data) == hashed_content(content)
    )


def _insert_new(conn: Connection, fresh: list[tuple[Turn, str, Posting, str]], now: datetime):
    """Insert new postings and their first snapshots with a few multi-row statements."""
    read = _read([(turn, key, posting, raw, None) for turn, key, posting, raw in fresh])
    if not read:
        return
    watched = [r for r in read if not r.turn.baseline]  # a baseline is neither told nor linked
    removed = reposts.removed_candidates(conn, [r.turn.row.id for r in watched], now)
    rows = [
        {
            "source_id": r.turn.row.id,
            "key": r.key,
            "external_id": r.posting.external_id,
            "first_seen": now,
            "content_hash": r.digest,
            **_fields(r.posting, r.content, r.raw, now),
            "reposted_from": None,
            **assessing.columns(r.content, r.turn.source.employees, now.date()),
        }
        for r in read
    ]
    repeats: dict[str, Any] = {}  # new key -> the removed posting's row it repeats
    for r, row in zip(read, rows, strict=True):
        if r.turn.baseline:
            continue
        old = removed.get(r.turn.row.id, reposts.NOTHING).claim(row, now)
        if old is not None:
            repeats[r.key] = old
            row["reposted_from"] = old.key
    # Plain executemany, no RETURNING: the ORM's bulk insert with RETURNING costs more per row
    # than SQLite spends storing it. Ids are read back with one query, and each posting is
    # pointed at its first snapshot by one correlated UPDATE.
    insert_rows(conn, _POSTINGS, rows)
    sources = sorted({row["source_id"] for row in rows})
    ids: dict[str, int] = {}
    for chunk in chunks(sources):
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
                "content_hash": r.digest,
                "data": r.content,
                "extractor": row["extractor"],
                "reread": False,
            }
            for row, r in zip(rows, read, strict=True)
        ],
    )
    for chunk in chunks(sources):
        conn.execute(_LINK_FIRST, {"b_sources": chunk})
    for r, row in zip(read, rows, strict=True):
        r.turn.result.new += 1
        if r.turn.baseline:
            continue
        name = r.turn.source.name
        after = posting_dict(SimpleNamespace(**row, snapshot_id=None, seen_at=now), name)
        old = repeats.get(r.key)
        if old is None:
            r.turn.change("new", row["id"], r.content, row["key"], None, after)
        else:
            before = posting_dict(old, name)
            r.turn.change("reposted", row["id"], r.content, row["key"], before, after)
            # the repost's terms against the removed posting's, as any edit of one posting
            for item in diff(_terms(before), _terms(r.content)):
                r.turn.change(item.kind, row["id"], r.content, row["key"], item.before, item.after)
        if row["transparency_status"] == "missing":
            r.turn.change("pay_missing", row["id"], r.content, row["key"], None,
                          row["transparency"])  # fmt: skip


def _terms(content: dict[str, Any]) -> dict[str, Any]:
    """What of a posting a repost compares: its pay and office terms."""
    return {"pay": content.get("pay"), "office": content.get("office")}


def _update_existing(
    conn: Connection, items: list[tuple[Turn, str, Posting, str, Any]], now: datetime
) -> None:
    """Update stored postings read again with other raw fields, a few statements for all.

    Content that did not change (only raw noise moved) updates the row; changed content adds a
    snapshot, with its version after the previous one, and the diff between the two.
    """
    read = _read(items)
    if not read:
        return
    changed = [r for r in read if r.old.content_hash != r.digest]
    previous: dict[int, _Version] = {}
    for ids in chunks([r.old.snapshot_id for r in changed if r.old.snapshot_id is not None]):
        rows = conn.execute(_PREVIOUS, {"b_ids": ids})
        previous.update({snapshot_id: _Version(n, data) for snapshot_id, n, data in rows})
    # the same content under another hash (one an earlier version of the code wrote): no snapshot
    changed = [r for r in changed if not _same(previous.get(r.old.snapshot_id), r.content)]
    versions = {id(r): previous.get(r.old.snapshot_id, _NONE).number + 1 for r in changed}
    if changed:
        insert_rows(
            conn,
            _SNAPSHOTS,
            [
                {
                    "posting_id": r.old.id,
                    "taken_at": now,
                    "content_hash": r.digest,
                    "data": r.content,
                    "version": versions[id(r)],
                    "extractor": (r.content.get("read") or {}).get("extractor"),
                    "reread": r.readers_only,
                }
                for r in changed
            ],
        )
    updates = []
    assessed: dict[int, dict[str, Any]] = {}
    for r in read:
        fields = _fields(r.posting, r.content, r.raw, now)
        fields |= assessing.columns(r.content, r.turn.source.employees, now.date())
        assessed[id(r)] = fields["transparency"]
        if not r.posting.has_details:
            fields["details_at"] = r.old.details_at  # keep when the details were last read
        if not r.posting.listing_hash:
            fields["listing_hash"] = r.old.listing_hash
        fields["content_hash"] = r.digest
        updates.append({f"b_{k}": v for k, v in fields.items()} | {"b_id": r.old.id})
    columns = frozenset(k[2:] for k in updates[0]) - {"id"}  # every row sets the same columns
    conn.execute(_update_posting(columns), updates)
    for ids in chunks([r.old.id for r in changed]):
        conn.execute(_LINK_NEWEST, {"b_ids": ids})
    reopened = [r for r in read if r.old.status != "open"]
    now_rows = _rows_by_id(conn, [r.old.id for r in reopened])
    for r in reopened:
        after = posting_dict(now_rows[r.old.id], r.turn.source.name)
        r.turn.change("reopened", r.old.id, r.content, r.key, None, after)
        r.turn.result.reopened += 1
    for r in changed:
        before = previous.get(r.old.snapshot_id, _NONE).data
        if before is None or r.readers_only:
            continue  # only the readers changed: a version for the record, nothing to alert
        if r.old.extractor != EXTRACTOR:
            # the board changed the posting and the readers changed too: compare with what
            # these readers make of the previous text, so only the board's change is told
            before = reread(before)
        found = diff(before, r.content)
        for item in found:
            old_value, new_value = item.before, item.after
            if item.kind == "description_changed":
                # the texts are in the two snapshots already: the change points at them
                old_value, new_value = (
                    {"version": versions[id(r)] - 1},
                    {"version": versions[id(r)]},
                )
            r.turn.change(item.kind, r.old.id, r.content, r.key, old_value, new_value)
        if found:
            r.turn.result.changed += 1
        if before.get("pay") and not r.content.get("pay"):
            lost = assessed[id(r)]
            if lost["status"] == "missing":  # a law requires the range it no longer states
                r.turn.change("pay_missing", r.old.id, r.content, r.key, None, lost)


def flush(
    conn: Connection, turns: list[Turn], run_ids: dict[str, int], *, suppress: bool = False
) -> None:
    """Write the batch's change rows and one outbox row per (change, interested target);
    with `suppress` (`check --no-notify`) those rows are `suppressed`, never to be sent."""
    changes = []
    for turn in turns:
        for item in turn.changes:
            item["run_id"] = run_ids[turn.source.name]
            changes.append((turn, item))
            kinds = turn.result.changes
            kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    alerts: list[dict[str, Any]] = []
    if changes:
        ids = conn.execute(_CHANGES, [item for _, item in changes]).scalars().all()
        for change_id, (turn, item) in zip(ids, changes, strict=True):
            for target in targets_for(turn.config, turn.source, item["kind"]):
                alerts.append(turn.alert(target, item["kind"], change_id, None))
    for turn in turns:
        if turn.result.baseline:
            payload = {"source": turn.source.name, "count": turn.result.open}
            for target in targets_for(turn.config, turn.source, BASELINE):
                alerts.append(turn.alert(target, BASELINE, None, payload))
    if alerts:
        if suppress:
            for alert in alerts:
                alert.update(status="suppressed", next_attempt_at=None)
        conn.execute(insert(AlertRow), alerts)
