"""SQLAlchemy models: sources, postings, snapshots (versions), changes, runs, the alert outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    false,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column
from sqlalchemy.types import TypeDecorator

from monitor.timeutil import aware, utcnow

# SQLite's INTEGER PRIMARY KEY must be plain INTEGER to autoincrement; PostgreSQL wants BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        from datetime import UTC

        if value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """The usual processing, remembering the last value: a batch of rows binds one `now`
        to several columns of every row, and converting it each time was a good part of the
        cost of storing a baseline."""
        process = super().bind_processor(dialect)
        if process is None:
            return None
        last: tuple[Any, Any] = (None, None)

        def remember(value: Any) -> Any:
            nonlocal last
            seen = last  # one read: another thread may replace the pair meanwhile
            if value is seen[0] and value is not None:
                return seen[1]
            out = process(value)
            last = (value, out)
            return out

        return remember

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else aware(value)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime}


class SourceRow(Base):
    """A configured board, as the store knows it."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    baseline_at: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures_in_row: Mapped[int] = mapped_column(default=0)
    failing_alerted: Mapped[bool] = mapped_column(Boolean, default=False)
    # set while a complete listing that missed too many open postings at once is not yet
    # confirmed by `removal_grace` further listings (see store/listing.py, SUSPECT_MIN)
    suspect_at: Mapped[datetime | None]
    # what every open posting of the source was last assessed under (store/assessing.py)
    transparency_stamp: Mapped[str | None] = mapped_column(String(64))
    # when a complete listing (a 304 included) last listed every open posting that is not
    # missing: their last sighting, kept once here instead of in each posting's row
    listed_at: Mapped[datetime | None]
    # after its last complete listing: its open postings, and those of them it listed (not
    # missing); a 304 repeats that listing, so it reads these instead of counting postings.
    # None after a partial listing (or before any): counted again
    open_postings: Mapped[int | None]
    listed_postings: Mapped[int | None]


class PostingRow(Base):
    """The current state of one posting; its history is in `snapshots`."""

    __tablename__ = "postings"
    __table_args__ = (
        Index("ix_postings_source_status", "source_id", "status"),
        Index("ix_postings_status_seen", "status", "first_seen", "id"),  # the web's listing
        Index("ix_postings_reposted_from", "reposted_from"),
        Index("ix_postings_status_transparency", "status", "transparency_status"),
        # which open postings other readers read (Store.validators, every cycle): the index
        # alone answers it, where a scan of every open posting's row took 40-50 ms a cycle
        # over 50,000 postings
        Index("ix_postings_status_extractor", "status", "extractor"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(600), unique=True)
    external_id: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    locations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    workplace: Mapped[str | None] = mapped_column(String(16))
    pay: Mapped[list[Any]] = mapped_column(JSON, default=list)
    office: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    posted_at: Mapped[datetime | None]
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # when this posting was last written as seen; read `seen_at`, which adds the sightings
    # its source's complete listings recorded once for all its listed postings
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")
    missing: Mapped[int] = mapped_column(default=0)
    raw_hash: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(40))
    listing_hash: Mapped[str | None] = mapped_column(String(40))
    details_at: Mapped[datetime | None]
    snapshot_id: Mapped[int | None] = mapped_column(Id)
    # the readers' version (monitor.extract.VERSION) that read the current content
    extractor: Mapped[str | None] = mapped_column(String(32))
    # the key of the removed posting this one repeats (a `reposted` change), or None
    reposted_from: Mapped[str | None] = mapped_column(String(600))
    # SPEC's `transparency`, its status apart (filtered on), and what it was assessed under
    # (store/assessing.py: the rules' version and the posting's source's `employees`)
    transparency: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    transparency_status: Mapped[str | None] = mapped_column(String(16))
    transparency_stamp: Mapped[str | None] = mapped_column(String(64))
    if TYPE_CHECKING:
        seen_at: Mapped[datetime]  # mapped below, from SEEN_AT


def _seen_at() -> Any:
    """When a posting was last seen: its own `last_seen`, or later its source's `listed_at`
    while it is open and was in every listing since (a miss freezes it, store/listing.py)."""
    listed = (
        select(SourceRow.listed_at)
        .where(SourceRow.id == PostingRow.source_id)
        .correlate_except(SourceRow)
        .scalar_subquery()
    )
    moved = and_(
        PostingRow.status == "open", PostingRow.missing == 0, listed > PostingRow.last_seen
    )
    return case((moved, listed), else_=PostingRow.last_seen)


# the expression (for an UPDATE's SET), and as the column `seen_at` (for a SELECT)
LAST_SIGHTING = _seen_at()
SEEN_AT = LAST_SIGHTING.label("seen_at")
# loaded with every PostingRow the ORM reads: the readers' `last_seen` (store/views.py)
PostingRow.seen_at = column_property(SEEN_AT)


class SnapshotRow(Base):
    """One version of a posting's normalised content."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("posting_id", "version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    version: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    extractor: Mapped[str | None] = mapped_column(String(32))  # the readers' version
    # a version that only re-reading (a new extractor) made, not the board: never alerted
    reread: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RunRow(Base):
    """One crawl of one source in one cycle."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_source_started", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(default=0)
    seen: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    removed: Mapped[int] = mapped_column(default=0)
    changes: Mapped[int] = mapped_column(default=0)


class ChangeRow(Base):
    """One change a user can be told about."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_detected_id", "detected_at", "id"),)  # keyset paging

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    posting_id: Mapped[int | None] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str | None] = mapped_column(String(600))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)


class AlertRow(Base):
    """The outbox: one row per (change or baseline, notify target) until delivered."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    target: Mapped[str] = mapped_column(String(64))
    change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class HttpCacheRow(Base):
    """Validators of a listing URL for conditional requests."""

    __tablename__ = "http_cache"

    # per source: two sources may read one URL (say, one board with other `include:` filters)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    # a hash of the source settings the stored data was read with; another means read it again
    config_hash: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
