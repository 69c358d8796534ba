"""Retention: which snapshots, alerts and runs `prune` deletes, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from monitor.config import RetentionSettings
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import (
    AlertRow,
    ChangeRow,
    PostingRow,
    RunRow,
    SnapshotRow,
    SourceRow,
)
from monitor.store.retention import prune

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture()
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def posting(session: Session, source: SourceRow, key: str, ages: list[float]) -> PostingRow:
    """A posting with one snapshot per age (oldest first); the last is its latest."""
    row = PostingRow(source_id=source.id, key=key, external_id=key, raw_hash="r",
                     content_hash="c")  # fmt: skip
    session.add(row)
    session.flush()
    for version, age in enumerate(ages, start=1):
        snap = SnapshotRow(posting_id=row.id, version=version, taken_at=ago(age),
                           content_hash=f"h{version}", data={"v": version})  # fmt: skip
        session.add(snap)
        session.flush()
        row.snapshot_id = snap.id
    return row


def populate(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session, session.begin():
        acme = SourceRow(name="acme", kind="greenhouse")
        quiet = SourceRow(name="quiet", kind="lever")
        session.add_all([acme, quiet])
        session.flush()
        busy = posting(session, acme, "acme:1", [50, 40, 30, 20, 1])
        old = posting(session, acme, "acme:2", [100])  # its only, latest, snapshot is old
        change = ChangeRow(source_id=acme.id, posting_id=busy.id, kind="pay_changed",
                           key="acme:1", detected_at=ago(200))  # fmt: skip
        session.add(change)
        session.flush()

        def alert(status: str, age: float, sent: float | None = None) -> AlertRow:
            return AlertRow(target="t", change_id=change.id, source="acme", kind="pay_changed",
                            status=status, created_at=ago(age),
                            sent_at=ago(sent) if sent is not None else None)  # fmt: skip

        session.add_all([
            alert("pending", 300), alert("sending", 300),  # never delivered: kept however old
            alert("sent", 300, sent=299), alert("sent", 300, sent=10), alert("dead", 300),
            alert("sent", 5, sent=5),
        ])  # fmt: skip
        for source, ages in ((acme, [400, 300, 200, 1]), (quiet, [400, 300])):
            for age in ages:
                session.add(RunRow(source_id=source.id, started_at=ago(age),
                                   finished_at=ago(age), status="complete"))  # fmt: skip
        return {"busy": busy.id, "old": old.id}


def versions(engine: Engine, posting_id: int) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.scalars(
            select(SnapshotRow.version).where(SnapshotRow.posting_id == posting_id)
        ))  # fmt: skip


def rows(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize(
    ("keep_snapshots", "keep_days", "kept"),
    [
        (None, None, [1, 2, 3, 4, 5]),  # no snapshot retention: keep every version
        (2, None, [4, 5]),
        (None, 35, [3, 4, 5]),
        (2, 35, [3, 4, 5]),  # either rule keeps it
        (4, 25, [2, 3, 4, 5]),
        (1, 1, [5]),
    ],
)
def test_snapshots_kept_by_either_rule_and_never_the_latest(
    engine: Engine, keep_snapshots: int | None, keep_days: int | None, kept: list[int]
) -> None:
    ids = populate(engine)
    retention = RetentionSettings(keep_snapshots=keep_snapshots, keep_days=keep_days)
    dry = prune(engine, retention, now=NOW, dry_run=True)
    assert versions(engine, ids["busy"]) == [1, 2, 3, 4, 5]  # a dry run deletes nothing
    done = prune(engine, retention, now=NOW)
    assert dry == {**done, "dry_run": True}
    assert done["snapshots"] == 5 - len(kept)
    assert versions(engine, ids["busy"]) == kept
    assert versions(engine, ids["old"]) == [1]
    with engine.connect() as conn:
        latest = conn.scalar(select(PostingRow.snapshot_id).where(PostingRow.id == ids["busy"]))
        assert conn.scalar(select(SnapshotRow.version).where(SnapshotRow.id == latest)) == 5


def test_delivered_alerts_and_old_runs_go_pending_alerts_and_changes_stay(engine: Engine) -> None:
    populate(engine)
    done = prune(engine, RetentionSettings(keep_days=30), now=NOW)
    assert done == {"dry_run": False, "snapshots": 2, "alerts": 2, "runs": 4}
    with engine.connect() as conn:
        left = sorted(conn.execute(select(AlertRow.status, AlertRow.sent_at)).all())
        kinds = sorted(status for status, _ in left)
        assert kinds == ["pending", "sending", "sent", "sent"]
        runs = conn.execute(
            select(SourceRow.name, func.count())
            .join(RunRow, RunRow.source_id == SourceRow.id)
            .group_by(SourceRow.name)
        ).all()
    assert dict(runs) == {"acme": 1, "quiet": 1}  # quiet keeps its latest run, however old
    assert rows(engine, ChangeRow) == 1
    assert prune(engine, RetentionSettings(keep_days=30), now=NOW)["alerts"] == 0


def test_without_keep_days_operational_rows_go_after_90_days(engine: Engine) -> None:
    populate(engine)
    done = prune(engine, RetentionSettings(), now=NOW)
    assert done == {"dry_run": False, "snapshots": 0, "alerts": 2, "runs": 4}


def test_db_prune_command(sqlite_cli: Any) -> None:
    sqlite_cli.write_config({"retention": {"keep_snapshots": 1}, "sources": []})
    engine = make_engine(sqlite_cli.db)
    ensure_schema(engine)
    populate(engine)
    engine.dispose()
    dry = sqlite_cli("db", "prune", "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert dry.json() == {"dry_run": True, "snapshots": 4, "alerts": 2, "runs": 4}
    done = sqlite_cli("db", "prune")
    assert done.code == 0, done.err
    assert done.out.startswith("deleted 4 old snapshots, 2 delivered alerts and 4 old run")
