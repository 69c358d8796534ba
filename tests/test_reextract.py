"""An extractor upgrade alerts nothing for postings the board did not change (SQLite and
PostgreSQL): the next cycle reads them again quietly, and so does `db reextract`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

import monitor.extract
from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store import listing, queries, reread, writer
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import AlertRow, ChangeRow, PostingRow, SnapshotRow
from monitor.store.writer import Store
from monitor.timeutil import utcnow

NEW = monitor.extract.VERSION
TEXT = "<p>The base salary range is $100,000 - $120,000 per year. Hybrid: 3 days a week.</p>"


@pytest.fixture()
def old_readers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Readers of an older rolewatch: another version, and blind to pay in text."""

    class Old:
        def __enter__(self) -> None:
            for module in (monitor.extract, listing, writer, reread):
                name = "VERSION" if module is monitor.extract else "EXTRACTOR"
                monkeypatch.setattr(module, name, "2000.1")
            monkeypatch.setattr(monitor.extract, "extract_pay", lambda *a, **k: [])

        def __exit__(self, *exc: Any) -> None:
            monkeypatch.undo()

    yield Old()


def make(db_url: str) -> tuple[Store, Any]:
    config = parse_config(
        {
            "notify": [{"url": "json://127.0.0.1:9/all", "on": ["new", "pay_changed",
                                                                  "office_changed"]}],
            "sources": [{"name": "a", "kind": "greenhouse", "board": "a"}],
        }
    )  # fmt: skip
    engine = make_engine(db_url)
    ensure_schema(engine)
    return Store(engine, config), config.sources[0]


def board(text: str = TEXT) -> list[Posting]:
    return [Posting(source="a", external_id=str(i), title=f"Role {i}", description=text)
            for i in range(3)]  # fmt: skip


def rows(store: Store, *columns: Any) -> list[Any]:
    with store.sessions() as session:
        return list(session.execute(select(*columns)).all())


def test_the_first_cycle_after_an_upgrade_reads_again_and_alerts_nothing(
    db_url: str, old_readers: Any
) -> None:
    store, source = make(db_url)
    with old_readers:
        store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow())
    assert all(pay == [] for (pay,) in rows(store, PostingRow.pay))  # the old readers missed it
    again = store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow())
    assert again.changes == {} and again.changed == 0  # nothing the board did
    assert rows(store, ChangeRow.id) == []
    assert [kind for (kind,) in rows(store, AlertRow.kind)] == ["baseline"]
    versions = rows(store, SnapshotRow.version, SnapshotRow.reread, SnapshotRow.extractor)
    assert sorted(versions) == [(1, False, "2000.1")] * 3 + [(2, True, NEW)] * 3
    pays = {tuple(p["min"] for p in pay) for (pay,) in rows(store, PostingRow.pay)}
    assert pays == {(100000,)}
    history = queries.history(store.engine, "a:0")
    assert history is not None
    assert [v["reread"] for v in history["versions"]] == [False, True]
    # and then the board's own change is told as usual
    edited = board(TEXT.replace("$120,000", "$130,000"))
    after = store.store_listing(source, edited, ListingEnd("a", "complete"), utcnow())
    assert after.changes == {"pay_changed": 3, "description_changed": 3}


def test_a_board_change_in_the_same_cycle_as_an_upgrade_tells_only_the_boards_change(
    db_url: str, old_readers: Any
) -> None:
    store, source = make(db_url)
    with old_readers:
        store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow())
    edited = board(TEXT.replace("Role", "Role") + "<p>We also offer a gym.</p>")
    result = store.store_listing(source, edited, ListingEnd("a", "complete"), utcnow())
    # the new readers find the pay that was always in the text: not a pay change
    assert result.changes == {"description_changed": 3}


def test_db_reextract_reads_stored_postings_again_quietly(db_url: str, old_readers: Any) -> None:
    store, source = make(db_url)
    with old_readers:
        store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow())
    planned = reread.reextract(store.engine, dry_run=True)
    assert (planned.postings, planned.changed) == (3, 3)
    assert len(rows(store, SnapshotRow.id)) == 3  # a dry run writes nothing
    done = reread.reextract(store.engine)
    assert (done.postings, done.changed, done.sources) == (3, 3, {"a": 3})
    assert rows(store, ChangeRow.id) == []
    assert sorted(r for (r,) in rows(store, SnapshotRow.reread)) == [False] * 3 + [True] * 3
    assert reread.reextract(store.engine).postings == 0  # done once
    # the next cycle finds nothing to read again and nothing changed
    assert (
        store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow()).changes == {}
    )
    assert len(rows(store, SnapshotRow.id)) == 6


def test_boards_answering_304_are_read_in_full_after_an_upgrade(
    db_url: str, old_readers: Any
) -> None:
    store, source = make(db_url)
    url = "https://boards-api.greenhouse.io/v1/boards/a/jobs?content=true"
    with old_readers:
        end = ListingEnd("a", "complete", validators={url: ('"v1"', None)})
        store.store_listing(source, board(), end, utcnow())
        assert store.validators([source]) == {"a": {url: ('"v1"', None)}}
    assert store.validators([source]) == {"a": {}}  # no 304 keeps the board's fields away
    known = store.known(["a"])["a"]
    assert all(k.stale for k in known.values())  # two-step boards read the details again


def test_which_sources_hold_postings_of_other_readers_is_answered_by_an_index(
    pg_url: str,
) -> None:
    """Every cycle asks it (Store.validators): the (status, extractor) index must be able to
    answer it, not only a read of every open posting's row (39 ms a cycle over 50,000
    postings). A plan, not a timing, on a table of 20,000 postings with its statistics: the
    plan shows whether the readers' version is looked up in the index or filtered row by row.
    (SQLite plans without statistics, so its plan on a test table says nothing of a big one;
    the migration's note has both databases' figures.)"""
    from sqlalchemy import event, inspect, text

    store, source = make(pg_url)
    store.store_listing(source, board(), ListingEnd("a", "complete"), utcnow())
    with store.engine.begin() as conn:  # a table the size of 400 boards', analysed
        columns = [c["name"] for c in inspect(conn).get_columns("postings") if c["name"] != "id"]
        copied = ", ".join("p.key || '-' || g" if c == "key" else f"p.{c}" for c in columns)
        conn.execute(
            text(
                f"INSERT INTO postings ({', '.join(columns)}) SELECT {copied} FROM postings p,"
                " generate_series(1, 20000) g WHERE p.id = (SELECT min(id) FROM postings)"
            )
        )
        conn.execute(text("ANALYZE postings"))
    asked: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if "extractor" in statement and "DISTINCT" in statement:
            asked.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        store.validators([source])
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    assert len(asked) == 1
    statement, parameters = asked[0]
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        cursor.execute("EXPLAIN " + statement, parameters)
        plan = [row[0] for row in cursor.fetchall()]
    store.engine.dispose()
    looked_up = [line for line in plan if "Index Cond" in line and "extractor" in line]
    assert looked_up, "\n".join(plan)
