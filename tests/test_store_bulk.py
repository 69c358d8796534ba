"""Rows inserted through the driver are stored exactly as SQLAlchemy would store them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from monitor.store.bulk import insert_rows
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import PostingRow, SnapshotRow, SourceRow

NOW = datetime(2026, 11, 25, 10, 30, 15, 123456, tzinfo=UTC)


def postings() -> list[dict]:
    out = []
    for i in range(30):
        out.append(
            {
                "source_id": 1,
                "key": f"s:{i}",
                "external_id": str(i),
                "title": "Café ☕ engineer\ttab\\back\nline",
                "url": None if i % 3 else f"https://x.test/{i}",
                "company": "Acme",
                "department": None,
                "locations": ["Bucharest", "Zürich"],
                "workplace": "hybrid",
                "pay": [{"min": 2**70 if i == 7 else 120000, "max": 150000.5, "currency": "EUR"}],
                "office": None if i % 2 else {"mode": "hybrid", "min_office_pct": 80},
                # aware, naive, another offset, and none
                "posted_at": [NOW, NOW.replace(tzinfo=None), None][i % 3]
                if i % 5
                else NOW.astimezone(timezone(timedelta(hours=-4))),
                "first_seen": NOW,
                "last_seen": NOW,
                "status": "open",
                "missing": 0,
                "raw_hash": "r" * 40,
                "content_hash": "c" * 40,
                "listing_hash": None,
                "details_at": NOW if i % 2 else None,
            }
        )
    return out


def snapshots() -> list[dict]:
    return [
        {
            "posting_id": i + 1,
            "version": 1,
            "taken_at": NOW,
            "content_hash": "c" * 40,
            "data": {"title": "x\u2028y", "pay": [], "n": 2**70 if i == 3 else i, "o": None},
        }
        for i in range(30)
    ]


def stored(url: str, through_driver: bool) -> list[list[tuple]]:
    engine = make_engine(url)
    ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(insert(SourceRow), [{"name": "s", "kind": "greenhouse", "created_at": NOW}])
        for table, rows in ((PostingRow, postings()), (SnapshotRow, snapshots())):
            if through_driver:
                insert_rows(conn, table.__table__, rows)
            else:
                conn.execute(insert(table), rows)
    with engine.connect() as conn:
        out = [
            [tuple(row) for row in conn.execute(text(f"SELECT * FROM {name} ORDER BY id"))]
            for name in ("postings", "snapshots")
        ]
    engine.dispose()
    return out


def test_driver_rows_equal_sqlalchemy_rows(tmp_path: Path) -> None:
    fast = stored(f"sqlite:///{tmp_path / 'a.db'}", True)
    slow = stored(f"sqlite:///{tmp_path / 'b.db'}", False)
    assert [len(rows) for rows in fast] == [30, 30] and fast == slow


@pytest.mark.postgres
def test_copied_rows_equal_sqlalchemy_rows(pg_url: str) -> None:
    fast = stored(pg_url, True)
    with make_engine(pg_url).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    slow = stored(pg_url, False)
    assert [len(rows) for rows in fast] == [30, 30] and fast == slow


@pytest.mark.postgres
def test_copied_rows_roll_back_with_their_transaction(pg_url: str) -> None:
    engine = make_engine(pg_url)
    ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(insert(SourceRow), [{"name": "s", "kind": "greenhouse", "created_at": NOW}])
    with pytest.raises(RuntimeError), engine.begin() as conn:
        insert_rows(conn, PostingRow.__table__, postings())
        raise RuntimeError("a later statement of the batch failed")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM postings")).scalar_one() == 0
    engine.dispose()


def test_rows_that_leave_a_default_go_through_sqlalchemy(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    ensure_schema(engine)
    with engine.begin() as conn:
        insert_rows(conn, SourceRow.__table__, [{"name": "s", "kind": "lever"}])
    with engine.connect() as conn:
        created = conn.exec_driver_sql("SELECT created_at FROM sources").scalar_one()
    assert created is not None  # SQLAlchemy filled the default the rows left out
