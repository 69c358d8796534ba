"""Store.apply on SQLite and PostgreSQL: versions, removals, isolation, outbox rows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from monitor.config import Source, parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import AlertRow, ChangeRow, PostingRow, RunRow, SnapshotRow, SourceRow
from monitor.store.writer import Store
from monitor.timeutil import utcnow


def make(db_url: str, **extra: Any) -> tuple[Store, Any]:
    config = parse_config(
        {
            "notify": [
                {"url": "json://127.0.0.1:9/all"},
                {"url": "json://127.0.0.1:9/eng", "tags": ["eng"], "on": ["pay_changed"]},
            ],
            "sources": [
                {
                    "name": "a",
                    "kind": "greenhouse",
                    "board": "a",
                    "tags": ["eng"],
                    "removal_grace": 1,
                },
                {"name": "b", "kind": "lever", "board": "b", "removal_grace": 2},
            ],
            **extra,
        }
    )
    engine = make_engine(db_url)
    ensure_schema(engine)
    return Store(engine, config), config


def posting(source: str, ext: str, title: str = "Engineer", **kw: Any) -> Posting:
    return Posting(
        source=source,
        external_id=ext,
        title=title,
        url=f"https://x.test/{ext}",
        description=kw.pop("description", "Body"),
        **kw,
    )


def apply(
    store: Store,
    config: Any,
    name: str,
    postings: list[Posting],
    status: str = "complete",
    **end: Any,
) -> Any:
    source = {s.name: s for s in config.sources}[name]
    return store.store_listing(source, postings, ListingEnd(name, status, **end), utcnow())  # type: ignore[arg-type]


def count(store: Store, model: Any, *where: Any) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_unchanged_postings_write_no_snapshot(db_url: str) -> None:
    store, config = make(db_url)
    batch = [posting("a", str(i)) for i in range(50)]
    first = apply(store, config, "a", batch)
    assert first.baseline and first.new == 50 and first.open == 50
    for _ in range(3):
        again = apply(store, config, "a", [posting("a", str(i)) for i in range(50)])
        assert again.changes == {} and again.new == 0 and again.open == 50
    assert count(store, SnapshotRow) == 50
    assert count(store, ChangeRow) == 0


def test_baseline_alerts_once_per_interested_target(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1"), posting("a", "2")])
    with store.sessions() as session:
        alerts = session.scalars(select(AlertRow)).all()
    # the eng target hears only pay changes, so only the catch-all target gets the summary
    assert [(a.kind, a.payload) for a in alerts] == [("baseline", {"source": "a", "count": 2})]


def test_changes_route_to_targets_by_kind_and_tag(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1")])
    apply(store, config, "b", [posting("b", "1")])
    pay = [
        {"min": 1, "max": 2, "currency": "USD", "period": "year", "scope": None, "kind": "base"}
    ]
    apply(store, config, "a", [posting("a", "1", pay=pay), posting("a", "2")])
    apply(store, config, "b", [posting("b", "1", pay=pay)])
    with store.sessions() as session:
        rows = session.execute(select(AlertRow.source, AlertRow.kind)).all()
    got = sorted((s, k) for s, k in rows if k != "baseline")
    assert got == [
        ("a", "new"),
        ("a", "pay_changed"),
        ("a", "pay_changed"),  # both targets: a carries the eng tag
        ("b", "pay_changed"),  # only the catch-all: b has no eng tag
    ]


def test_partial_listing_removes_nothing(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1"), posting("a", "2")])
    result = apply(store, config, "a", [posting("a", "1")], "partial", error="capped at 2000")
    assert result.removed == 0 and result.status == "partial"
    result = apply(store, config, "a", [posting("a", "1")])
    assert result.removed == 1


def test_unchanged_keys_count_as_seen(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1"), posting("a", "2")])
    result = apply(store, config, "a", [posting("a", "1")], unchanged_keys=["2"])
    assert result.removed == 0 and result.seen == 2


def test_not_modified_listing_keeps_everything(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1"), posting("a", "2")])
    result = apply(store, config, "a", [], not_modified=True)
    assert result.removed == 0 and result.seen == 2 and result.open == 2


def test_failed_listing_stores_nothing_and_counts_streak(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "b", [posting("b", "1")])
    for _ in range(3):
        result = apply(store, config, "b", [], "failed", error="HTTP 500 on x")
        assert result.removed == 0
    assert count(store, PostingRow, PostingRow.status == "open") == 1
    with store.sessions() as session:
        kinds = session.scalars(select(ChangeRow.kind)).all()
    assert kinds == ["source_failing"]


def test_one_source_failing_to_store_leaves_others(db_url: str, monkeypatch: Any) -> None:
    from sqlalchemy.exc import OperationalError

    from monitor.store import listing

    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1")])
    apply(store, config, "b", [posting("b", "1")])
    real = listing._update_existing

    def full_disk(conn: Any, items: list, now: Any) -> None:
        if any(cycle.source.name == "a" for cycle, *_ in items):
            raise OperationalError(
                "UPDATE postings SET ...", {}, Exception("database or disk is full")
            )
        real(conn, items, now)

    monkeypatch.setattr(listing, "_update_existing", full_disk)
    bad = apply(store, config, "a", [posting("a", "1", title="New"), posting("a", "9")])
    good = apply(store, config, "b", [posting("b", "1", title="Lead")])
    assert bad.status == "failed"
    assert bad.error == (
        "storing failed: the disk holding the database is full (database or disk is full): "
        "free some space"
    )
    assert good.status == "complete" and good.changes == {"title_changed": 1}
    with store.sessions() as session:
        titles = dict(session.execute(select(PostingRow.key, PostingRow.title)).all())
        runs = session.execute(select(RunRow.status, RunRow.error).order_by(RunRow.id)).all()
        state = session.execute(
            select(SourceRow.failures_in_row, SourceRow.last_status).where(SourceRow.name == "a")
        ).one()
    assert titles == {"a:1": "Engineer", "b:1": "Lead"}  # a's transaction rolled back whole
    # the failure is recorded and counted like a failed crawl: seen in `sources`, alerted at 3
    assert ("failed", bad.error) in runs
    assert tuple(state) == (1, "failed")


def test_a_posting_that_cannot_be_read_is_skipped_not_the_board(
    db_url: str, monkeypatch: Any
) -> None:
    from monitor import normalise as norm

    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1")])
    real = norm.normalise

    def broken(p: Posting) -> dict[str, Any]:
        if p.external_id == "9":
            raise RuntimeError("boom")
        return real(p)

    monkeypatch.setattr("monitor.store.listing.normalise", broken)
    result = apply(store, config, "a", [posting("a", "1", title="New"), posting("a", "9")])
    assert result.status == "partial"
    assert result.error == "posting a:9 could not be read (RuntimeError: boom)"
    assert result.changes == {"title_changed": 1}
    assert count(store, PostingRow) == 1  # a:9 is read again next cycle


def test_removed_then_reopened_keeps_one_posting(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1"), posting("a", "2")])
    assert apply(store, config, "a", [posting("a", "1")]).removed == 1
    again = apply(store, config, "a", [posting("a", "1"), posting("a", "2", title="Eng II")])
    assert again.changes == {"reopened": 1, "title_changed": 1}
    assert again.open == 2
    assert count(store, PostingRow) == 2
    assert count(store, SnapshotRow) == 3


@pytest.mark.parametrize("grace", [1, 3])
def test_grace(db_url: str, grace: int) -> None:
    store, config = make(db_url)
    source = config.sources[0].model_copy(update={"removal_grace": grace})
    store.store_listing(source, [posting("a", "1")], ListingEnd("a", "complete"), utcnow())
    removed_at = None
    for cycle in range(1, 5):
        result = store.store_listing(source, [], ListingEnd("a", "complete"), utcnow())
        if result.removed:
            removed_at = cycle
    assert removed_at == grace


def test_details_read_again_are_remembered(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1", listing_hash="L1")])
    first = store.known(["a"])["a"]["1"]
    again = apply(store, config, "a", [posting("a", "1", listing_hash="L2")])
    assert again.changes == {}
    second = store.known(["a"])["a"]["1"]
    assert second.listing_hash == "L2" and second.details_at >= first.details_at


def test_board_workplace_flip_is_an_office_change(db_url: str) -> None:
    store, config = make(db_url)
    apply(store, config, "a", [posting("a", "1", workplace="Remote")])
    result = apply(store, config, "a", [posting("a", "1", workplace="On-site")])
    assert result.changes == {"office_changed": 1}
    with store.sessions() as session:
        change = session.scalars(select(ChangeRow)).one()
    assert change.before["mode"] == "remote" and change.after["mode"] == "onsite"


def test_two_sources_on_one_listing_url_keep_their_own_validators(db_url: str) -> None:
    """Two sources may read one board (say, with other `include:` filters)."""
    store, config = make(db_url)
    url = "https://boards.test/acme.json"
    apply(store, config, "a", [posting("a", "1")], validators={url: ('"a1"', None)})
    apply(store, config, "b", [posting("b", "1")], validators={url: ('"b1"', None)})
    sources = {s.name: s for s in config.sources}
    assert store.validators(list(sources.values())) == {
        "a": {url: ('"a1"', None)},
        "b": {url: ('"b1"', None)},
    }


def test_json_columns_keep_integers_past_64_bits(db_url: str) -> None:
    """A board may send absurd numbers; storing them must neither fail nor round them."""
    store, config = make(db_url)
    huge = 10**30 + 7
    pay = [{"min": huge, "max": huge, "currency": "USD", "period": "year", "scope": None}]
    result = apply(store, config, "a", [posting("a", "1", pay=pay)])
    assert result.status == "complete" and result.new == 1
    with store.sessions() as session:
        stored = session.scalars(select(PostingRow.pay)).one()
    assert stored[0]["min"] == huge and isinstance(stored[0]["min"], int)


def test_hashes_from_another_version_take_no_snapshot(db_url: str) -> None:
    """A database whose hashes an earlier version wrote (another encoding, same contents)
    takes no snapshot and reports no change; the next cycle skips the postings again."""
    store, config = make(db_url)
    desc = "<p>Base salary $120,000 - $150,000 per year. Hybrid, 3 days a week in the office.</p>"
    batch = lambda: [posting("a", str(i), description=desc) for i in range(20)]  # noqa: E731
    apply(store, config, "a", batch())
    with store.sessions() as session, session.begin():
        for row in session.scalars(select(PostingRow)):
            row.raw_hash, row.content_hash = "r" * 40, "c" * 40
    again = apply(store, config, "a", batch())
    assert again.changes == {} and again.changed == 0 and again.new == 0
    assert count(store, SnapshotRow) == 20 and count(store, ChangeRow) == 0
    with store.sessions() as session:
        assert "c" * 40 not in set(session.scalars(select(PostingRow.content_hash)))
    # a real change still makes a snapshot and a change
    changed = [posting("a", "0", description=desc.replace("120,000", "125,000"))]
    third = apply(store, config, "a", changed + batch()[1:])
    assert third.changes == {"description_changed": 1, "pay_changed": 1}
    assert count(store, SnapshotRow) == 21


def test_hashes_take_what_orjson_refuses() -> None:
    from monitor.normalise import content_hash

    big = posting("a", "1", extra={"n": 2**70})
    assert big.raw_hash() == posting("a", "1", extra={"n": 2**70}).raw_hash()
    assert big.raw_hash() != posting("a", "1", extra={"n": 2**70 + 1}).raw_hash()
    assert content_hash({"pay": [{"min": 2**70}]}) != content_hash({"pay": [{"min": 2**71}]})
    # keys of mixed types beside a big integer: neither orjson nor a sorted json.dumps takes it
    mixed = posting("a", "1", extra={1: "one", "n": 2**70})
    assert mixed.raw_hash() == posting("a", "1", extra={"n": 2**70, 1: "one"}).raw_hash()
    assert mixed.raw_hash() != big.raw_hash()


def test_one_hash_for_listing_entries_and_source_settings() -> None:
    from monitor.store.writer import settings_hash
    from spiders.twostep import listing_hash

    assert listing_hash("Engineer", {"b": 1, "a": 2}) == listing_hash("Engineer", {"a": 2, "b": 1})
    assert listing_hash("Engineer", None) != listing_hash("Engineer", "")
    acme = Source(name="acme", kind="greenhouse", board="acme")
    assert settings_hash(acme) == settings_hash(
        Source(name="other", kind="greenhouse", board="acme")
    )
    assert settings_hash(acme) != settings_hash(
        Source(name="acme", kind="greenhouse", board="acmf")
    )
