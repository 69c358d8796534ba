"""What a listing means for removals: 304s repeat the last listing, suspect listings hold back.

Store-level, on SQLite and PostgreSQL: a closed role is reported on boards that answer 304,
a listing that suddenly lacks most roles closes none until later listings agree, and an
interrupted crawl is neither a failure nor a success.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store import queries
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import ChangeRow, PostingRow, RunRow, SourceRow
from monitor.store.writer import Store
from monitor.timeutil import isoformat, utcnow


def make(db_url: str, grace: int = 2) -> tuple[Store, Any]:
    config = parse_config(
        {
            "notify": [{"url": "json://127.0.0.1:9/all"}],
            "sources": [{"name": "a", "kind": "greenhouse", "board": "a", "removal_grace": grace}],
        }
    )
    engine = make_engine(db_url)
    ensure_schema(engine)
    return Store(engine, config), config.sources[0]


def jobs(*ids: int) -> list[Posting]:
    return [Posting(source="a", external_id=str(i), title=f"Role {i}") for i in ids]


def listed(store: Store, source: Any, ids: range | tuple[int, ...], status: str = "complete"):
    return store.store_listing(source, jobs(*ids), ListingEnd("a", status), utcnow())  # type: ignore[arg-type]


def not_modified(store: Store, source: Any):
    return store.store_listing(
        source, [], ListingEnd("a", "complete", not_modified=True), utcnow()
    )


def statuses(store: Store) -> dict[str, str]:
    with store.sessions() as session:
        return dict(session.execute(select(PostingRow.key, PostingRow.status)).all())


def kinds(store: Store) -> list[str]:
    with store.sessions() as session:
        return list(session.scalars(select(ChangeRow.kind).order_by(ChangeRow.id)))


def test_a_closed_role_is_reported_on_a_board_that_answers_304(db_url: str) -> None:
    store, source = make(db_url, grace=2)
    listed(store, source, (1, 2, 3))
    first = listed(store, source, (1, 3))  # role 2 closed: one miss of two
    assert first.removed == 0 and first.seen == 2
    again = not_modified(store, source)  # the same listing again: role 2 misses again
    assert again.removed == 1 and again.changes == {"removed": 1}
    assert again.seen == 2 and again.open == 2  # what the board lists, not what is stored
    assert statuses(store) == {"a:1": "open", "a:2": "removed", "a:3": "open"}
    assert not_modified(store, source).removed == 0
    assert statuses(store)["a:2"] == "removed"


def test_a_304_keeps_what_the_previous_listing_had(db_url: str) -> None:
    store, source = make(db_url, grace=1)
    listed(store, source, (1, 2))
    for _ in range(3):
        result = not_modified(store, source)
        assert (result.seen, result.open, result.removed) == (2, 2, 0)
    assert kinds(store) == []


def last_seen(store: Store) -> dict[str, Any]:
    """Each posting's last sighting (what `postings --json` shows, to the second)."""
    with store.sessions() as session:
        exact = dict(session.execute(select(PostingRow.key, PostingRow.seen_at)).all())
    shown = {p["key"]: p["last_seen"] for p in queries.postings(store.engine, all_=True)}
    assert shown == {key: isoformat(value) for key, value in exact.items()}
    return exact


def test_last_seen_moves_with_each_listing_and_stops_at_a_postings_last_sighting(
    db_url: str,
) -> None:
    store, source = make(db_url, grace=2)
    listed(store, source, (1, 2, 3))
    with store.sessions() as session:
        written = dict(session.execute(select(PostingRow.key, PostingRow.last_seen)).all())
    seen = []
    for step in range(3):  # 304, a complete listing without role 2, 304
        result = listed(store, source, (1, 3)) if step == 1 else not_modified(store, source)
        assert result.status == "complete"
        seen.append(last_seen(store))
        with store.sessions() as session:
            listed_at = session.scalar(select(SourceRow.listed_at))
        assert seen[-1]["a:1"] == seen[-1]["a:3"] == listed_at
    assert seen[0]["a:2"] == seen[0]["a:1"]  # the 304 saw role 2
    # role 2's last sighting is that 304, through the listing without it and the next 304
    assert seen[1]["a:2"] == seen[2]["a:2"] == seen[0]["a:2"] < seen[1]["a:1"] < seen[2]["a:1"]
    assert statuses(store)["a:2"] == "removed" and last_seen(store)["a:2"] == seen[0]["a:2"]
    # what a 304 or an unchanged posting of a complete listing costs: one source row, and no
    # posting row written (the stored column of roles 1 and 3 is still the first listing's)
    with store.sessions() as session:
        now = dict(session.execute(select(PostingRow.key, PostingRow.last_seen)).all())
    assert now["a:1"] == written["a:1"] and now["a:3"] == written["a:3"]


def kept_counts(store: Store) -> tuple[int | None, int | None]:
    """What the source keeps for a 304 to repeat, checked against the postings themselves."""
    with store.sessions() as session:
        kept = session.execute(select(SourceRow.open_postings, SourceRow.listed_postings)).one()
        states = session.execute(select(PostingRow.status, PostingRow.missing)).all()
    real = (
        sum(status == "open" for status, _ in states),
        sum(status == "open" and not missing for status, missing in states),
    )
    assert tuple(kept) in (real, (None, None)), (tuple(kept), real)
    return tuple(kept)


def test_the_counts_a_304_repeats_are_the_postings_own_after_every_kind_of_listing(
    db_url: str,
) -> None:
    store, source = make(db_url, grace=2)
    steps = [
        ("complete", (1, 2, 3, 4)), ("complete", (1, 3)), ("304", ()), ("complete", (1, 2, 5)),
        ("partial", (1, 6)), ("304", ()), ("complete", (1, 2, 5, 6)), ("304", ()),
        ("complete", (1, 3)), ("304", ()), ("failed", ()), ("304", ()),
    ]  # fmt: skip
    kept = []
    for kind, ids in steps:
        if kind == "304":
            result = not_modified(store, source)
        else:
            result = listed(store, source, ids, status=kind)
        kept.append(kept_counts(store))
        if kind in ("complete", "304"):
            assert kept[-1] == (result.open, result.seen)
    assert kept[4] == (None, None)  # a partial listing: counted again by the next 304
    assert kept[5] != (None, None)
    assert statuses(store)["a:4"] == "removed" and statuses(store)["a:3"] == "open"


def test_a_partial_listing_moves_only_what_it_listed(db_url: str) -> None:
    store, source = make(db_url, grace=2)
    listed(store, source, (1, 2))
    before = last_seen(store)
    assert listed(store, source, (1,), status="partial").status == "partial"
    after = last_seen(store)
    assert after["a:1"] > before["a:1"] and after["a:2"] == before["a:2"]
    not_modified(store, source)
    assert last_seen(store)["a:2"] > after["a:1"]  # a 304 repeats a complete listing


def test_a_listing_that_suddenly_lacks_most_roles_closes_none_until_confirmed(
    db_url: str,
) -> None:
    store, source = make(db_url, grace=2)
    listed(store, source, range(10))
    emptied = listed(store, source, ())  # {"jobs": []}: every role gone at once
    assert emptied.removed == 0 and emptied.changes == {"source_suspect": 1}
    assert emptied.open == 10
    assert listed(store, source, ()).removed == 0  # one further listing agrees: grace is 2
    third = listed(store, source, ())  # a second one agrees: now they are closed
    assert third.removed == 10 and third.changes == {"removed": 10}
    assert kinds(store).count("source_suspect") == 1  # said once
    with store.sessions() as session:
        assert session.scalar(select(SourceRow.suspect_at)) is None  # the episode is over


def test_a_board_that_comes_back_after_a_suspect_listing_closes_and_reopens_nothing(
    db_url: str,
) -> None:
    store, source = make(db_url, grace=1)
    listed(store, source, range(8))
    assert listed(store, source, (0,)).changes == {"source_suspect": 1}
    back = listed(store, source, range(8))
    assert back.changes == {} and back.removed == 0 and back.reopened == 0
    with store.sessions() as session:
        assert session.scalar(select(SourceRow.suspect_at)) is None
    # the next real closing is believed as usual
    assert listed(store, source, range(7)).changes == {"removed": 1}


def test_a_304_after_a_suspect_listing_counts_as_a_listing_that_agrees(db_url: str) -> None:
    store, source = make(db_url, grace=1)
    listed(store, source, range(6))
    assert listed(store, source, ()).changes == {"source_suspect": 1}
    assert not_modified(store, source).removed == 6


def test_few_or_a_minority_of_roles_closing_is_not_suspect(db_url: str) -> None:
    store, source = make(db_url, grace=1)
    listed(store, source, range(4))
    assert listed(store, source, ()).changes == {"removed": 4}  # fewer than five
    listed(store, source, range(10, 30))
    assert listed(store, source, range(20, 30)).changes == {"removed": 10}  # exactly half


def test_a_partial_listing_that_found_nothing_takes_no_baseline(db_url: str) -> None:
    store, source = make(db_url)
    nothing = store.store_listing(
        source, [], ListingEnd("a", "partial", "links matched nothing"), utcnow()
    )
    assert nothing.status == "partial" and not nothing.baseline
    first = listed(store, source, (1, 2))
    assert first.baseline and first.changes == {}  # not two "new" roles


def test_an_interrupted_crawl_is_neither_failure_nor_success(db_url: str) -> None:
    store, source = make(db_url)
    listed(store, source, (1, 2))
    for _ in range(4):
        result = store.store_listing(
            source, [], ListingEnd("a", "interrupted", "stopped by the user"), utcnow()
        )
        assert result.status == "interrupted"
    with store.sessions() as session:
        row = session.execute(select(SourceRow)).scalar_one()
        runs = session.scalars(select(RunRow.status).order_by(RunRow.id)).all()
    assert (row.failures_in_row, row.last_status) == (0, "complete")
    assert runs == ["complete", *["interrupted"] * 4]
    assert kinds(store) == []  # no source_failing


@pytest.mark.parametrize("status", ["partial", "failed"])
def test_the_validators_of_a_listing_that_was_not_complete_are_not_kept(
    db_url: str, status: str
) -> None:
    from monitor.store.models import HttpCacheRow

    store, source = make(db_url)
    url = "https://boards-api.greenhouse.io/v1/boards/a/jobs?content=true"
    end = ListingEnd("a", "complete", validators={url: ('"v1"', None)})
    store.store_listing(source, jobs(1), end, utcnow())
    assert store.validators([source]) == {"a": {url: ('"v1"', None)}}
    end = ListingEnd("a", status, "cut short", validators={url: ('"v2"', None)})
    store.store_listing(source, jobs(1) if status == "partial" else [], end, utcnow())
    kept = store.validators([source])["a"]
    with store.sessions() as session:
        rows = session.scalars(select(HttpCacheRow.etag)).all()
    if status == "partial":
        assert kept == {} and rows == []  # the next request reads it in full
    else:
        assert kept == {url: ('"v1"', None)}  # a failed crawl changes nothing


def test_a_run_started_by_another_machines_clock_does_not_end_before_it_began(
    db_url: str,
) -> None:
    """A Scrapyd job's sink starts at its batch's start by the daemon's clock; on a node whose
    clock lags, the run it records still ends after that, so the daemon finds it stored."""
    from datetime import timedelta

    store, source = make(db_url)
    batch_began = utcnow() + timedelta(minutes=10)
    store.store_listing(source, jobs(1, 2), ListingEnd("a", "complete"), batch_began)
    assert queries.stored_since(store.engine, ["a"], batch_began) == {"a"}
    [result] = queries.results_since(store.engine, ["a"], batch_began)
    assert result["status"] == "complete" and result["new"] == 2
