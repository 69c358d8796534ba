"""Stored postings read again by new readers (`db reextract`), quietly.

When an upgrade changes what the readers make of some text (`monitor.extract.VERSION`), the
postings read by the old readers are read again: by the next cycle from the board itself
(their raw fields; see store/listing.py), or here, at once, from the text stored in their
current snapshot (`normalise.reread`). A posting whose reading changes gets a new version
marked `reread`; no change is recorded and nothing is alerted, since the board did nothing.
Each batch of postings is one transaction: an interrupted run resumes where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, insert, or_, select, update

from monitor.extract import VERSION as EXTRACTOR
from monitor.normalise import content_hash, hashed_content, reread
from monitor.store.models import PostingRow, SnapshotRow, SourceRow
from monitor.timeutil import utcnow

BATCH = 500


def other_readers() -> ColumnElement[bool]:
    """Postings read by other readers than these (EXTRACTOR), or by none recorded: a null test
    and two ranges, which ix_postings_status_extractor can answer where "!=" made the database
    read every row."""
    column = PostingRow.extractor
    return or_(column.is_(None), column < EXTRACTOR, column > EXTRACTOR)


@dataclass
class Reextracted:
    """What `reextract` did (or would do, with `dry_run`)."""

    extractor: str = EXTRACTOR
    postings: int = 0  # read again
    changed: int = 0  # read differently: a re-read version each
    unchanged: int = 0
    sources: dict[str, int] = field(default_factory=dict)  # source -> postings read differently

    def as_dict(self) -> dict[str, Any]:
        return {
            "extractor": self.extractor,
            "postings": self.postings,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "sources": dict(sorted(self.sources.items())),
        }


def _stale(names: list[str] | None, after: int) -> Any:
    query = (
        select(PostingRow.id, PostingRow.snapshot_id, SourceRow.name)
        .join(SourceRow, SourceRow.id == PostingRow.source_id)
        .where(
            other_readers(),
            PostingRow.snapshot_id.is_not(None),
            PostingRow.id > after,
        )
        .order_by(PostingRow.id)
        .limit(BATCH)
    )
    return query.where(SourceRow.name.in_(names)) if names else query


def reextract(
    engine: Engine, names: list[str] | None = None, *, dry_run: bool = False
) -> Reextracted:
    """Read the stored postings of these sources (all when None) that other readers read."""
    done = Reextracted()
    after = 0
    while True:
        with engine.begin() as conn:
            rows = conn.execute(_stale(names, after)).all()
            if not rows:
                return done
            after = rows[-1].id
            snapshots = {
                snap.id: snap
                for snap in conn.execute(
                    select(SnapshotRow.id, SnapshotRow.version, SnapshotRow.data).where(
                        SnapshotRow.id.in_([row.snapshot_id for row in rows])
                    )
                )
            }
            now = utcnow()
            for row in rows:
                snap = snapshots.get(row.snapshot_id)
                if snap is None:
                    continue
                content = reread(snap.data)
                done.postings += 1
                if hashed_content(content) == hashed_content(snap.data):
                    done.unchanged += 1
                    values: dict[str, Any] = {"extractor": EXTRACTOR}
                else:
                    done.changed += 1
                    done.sources[row.name] = done.sources.get(row.name, 0) + 1
                    if dry_run:
                        continue
                    digest = content_hash(content)
                    new_id = conn.execute(
                        insert(SnapshotRow)
                        .values(
                            posting_id=row.id,
                            version=snap.version + 1,
                            taken_at=now,
                            content_hash=digest,
                            data=content,
                            extractor=EXTRACTOR,
                            reread=True,
                        )
                        .returning(SnapshotRow.id)
                    ).scalar_one()
                    values = {
                        "extractor": EXTRACTOR,
                        "pay": content["pay"],
                        "office": content["office"],
                        "workplace": content["workplace"],
                        "content_hash": digest,
                        "snapshot_id": new_id,
                        "transparency_stamp": None,  # pay read anew: the next cycle assesses it
                    }
                if not dry_run:
                    conn.execute(update(PostingRow).where(PostingRow.id == row.id).values(values))
                    if "transparency_stamp" in values:  # its source's sweep has work again
                        conn.execute(
                            update(SourceRow)
                            .where(SourceRow.name == row.name)
                            .values(transparency_stamp=None)
                        )
