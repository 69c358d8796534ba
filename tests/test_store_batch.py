"""Sources stored together in one transaction store exactly what each alone would store."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, select, text

from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import PostingRow
from monitor.store.result import CrawlContext
from monitor.store.writer import Listing, Store
from monitor.timeutil import utcnow

PAY = [{"min": 90000, "max": 120000, "currency": "USD", "period": "year", "scope": None}]
CONFIG = {
    "notify": [
        {"url": "json://127.0.0.1:9/all"},
        {"url": "json://127.0.0.1:9/eng", "tags": ["eng"], "on": ["pay_changed", "new"]},
    ],
    "sources": [
        {"name": "a", "kind": "greenhouse", "board": "a", "tags": ["eng"], "removal_grace": 1},
        {"name": "b", "kind": "lever", "board": "b", "removal_grace": 2},
        {"name": "c", "kind": "greenhouse", "board": "c", "removal_grace": 1},
    ],
}


def job(source: str, ext: str, title: str = "Engineer", **kw: Any) -> Posting:
    return Posting(source, ext, title, url=f"https://x.test/{source}/{ext}", **kw)


def end(source: str, status: str = "complete", **kw: Any) -> ListingEnd:
    return ListingEnd(source, status, **kw)  # type: ignore[arg-type]


# Seven cycles over three sources: baselines, new, changed, removed after grace, reopened, a
# partial listing, 304s (whole and mixed), unchanged keys, a failure streak and its recovery,
# details read again, validators.
CYCLES: list[list[tuple[list[Posting], ListingEnd]]] = [
    [
        ([job("a", "1"), job("a", "2"), job("a", "3")], end("a", validators={"u": ("e1", None)})),
        ([job("b", "1"), job("b", "2", listing_hash="L1")], end("b")),
        ([job("c", "1")], end("c")),
    ],
    [
        ([job("a", "1"), job("a", "2", "Lead"), job("a", "4")], end("a")),
        ([job("b", "1")], end("b", "partial", error="capped")),
        ([], end("c", "failed", error="HTTP 500")),
    ],
    [
        ([], end("a", not_modified=True)),
        ([job("b", "1")], end("b")),
        ([], end("c", "failed", error="HTTP 500")),
    ],
    [
        ([job("a", "1"), job("a", "2", "Lead"), job("a", "4"), job("a", "3")], end("a")),
        ([job("b", "1")], end("b")),
        ([], end("c", "failed", error="HTTP 503")),
    ],
    [
        ([job("a", "1", pay=PAY), job("a", "2", "Lead")], end("a", unchanged_keys=["3", "4"])),
        ([job("b", "1"), job("b", "2", listing_hash="L1")], end("b")),
        ([job("c", "1"), job("c", "5")], end("c", validators={"u": ("e2", None)})),
    ],
    [
        ([], end("a", unchanged_keys=["1", "2", "3"])),
        ([job("b", "1"), job("b", "2", listing_hash="L1")], end("b")),
        ([job("c", "1")], end("c", not_modified=True)),
    ],
    [([], end(name, not_modified=True)) for name in "abc"],
]


def make(url: str) -> tuple[Store, dict[str, Any]]:
    engine = make_engine(url)
    ensure_schema(engine)
    config = parse_config(CONFIG)
    return Store(engine, config), {s.name: s for s in config.sources}


def play(store: Store, sources: dict[str, Any], *, together: bool) -> list[list[dict]]:
    out = []
    for cycle in CYCLES:
        listings = [Listing(sources[e.source], list(p), e) for p, e in cycle]
        if together:
            results = store.store_listings(listings, utcnow())
        else:
            results = [store.store_listing(*listing[:3], utcnow()) for listing in listings]
        out.append([{k: v for k, v in r.as_dict().items() if k != "seconds"} for r in results])
    return out


def _plain(value: Any) -> Any:
    """JSON-ish data without the moments it was taken at, which differ between two runs."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("first_seen", "last_seen")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def dump(store: Store) -> dict[str, list]:
    queries = {
        "sources": "SELECT name, failures_in_row, failing_alerted, last_status, last_error, "
        "baseline_at IS NOT NULL FROM sources ORDER BY name",
        "postings": "SELECT p.key, p.title, p.status, p.missing, p.raw_hash, p.content_hash, "
        "p.listing_hash, p.details_at IS NOT NULL, p.pay AS pay, s.version FROM postings p "
        "JOIN snapshots s ON s.id = p.snapshot_id ORDER BY p.key",
        "snapshots": "SELECT p.key, s.version, s.content_hash FROM snapshots s "
        "JOIN postings p ON p.id = s.posting_id ORDER BY p.key, s.version",
        "changes": "SELECT s.name, c.key, c.kind, c.title, c.before AS before, "
        "c.after AS after FROM changes c JOIN sources s ON s.id = c.source_id "
        "ORDER BY s.name, c.id",
        "alerts": "SELECT a.target, a.source, a.kind, a.payload AS payload, c.key FROM alerts a "
        "LEFT JOIN changes c ON c.id = a.change_id ORDER BY a.source, a.id",
        "runs": "SELECT s.name, r.status, r.error, r.seen, r.new, r.changed, r.removed, "
        "r.changes FROM runs r JOIN sources s ON s.id = r.source_id ORDER BY s.name, r.id",
        "http_cache": "SELECT s.name, h.url, h.etag FROM http_cache h "
        "JOIN sources s ON s.id = h.source_id ORDER BY s.name, h.url",
    }
    out = {}
    with store.engine.connect() as conn:
        for table, sql in queries.items():
            out[table] = [
                tuple(_plain(_json(v)) for v in row) for row in conn.execute(_typed(sql))
            ]
    return out


def _typed(sql: str) -> Any:
    """Raw SQL with its JSON columns read as JSON on every database."""
    names = [n for n in ("pay", "before", "after", "payload") if f" AS {n}" in sql]
    return text(sql).columns(**dict.fromkeys(names, JSON))


def _json(value: Any) -> Any:
    """Booleans read as 0/1 on SQLite and as booleans on PostgreSQL."""
    return int(value) if isinstance(value, bool) else value


def test_a_batch_stores_what_each_source_alone_stores(
    db_url: str, tmp_path: Path, caplog: Any
) -> None:
    alone, sources = make(f"sqlite:///{tmp_path / 'alone.db'}")
    together, _ = make(db_url)
    expected = play(alone, sources, together=False)
    with caplog.at_level(logging.DEBUG, logger="monitor.store.writer"):
        got = play(together, sources, together=True)
    # each cycle was one transaction: none fell back to storing its sources one by one
    assert "at once failed" not in caplog.text
    assert got == expected
    assert dump(together) == dump(alone)
    # the scenario does reach every path it is meant to
    kinds = {row[2] for row in dump(alone)["changes"]}
    assert kinds >= {"new", "title_changed", "removed", "reopened", "pay_changed"}
    assert kinds >= {"source_failing", "source_recovered"}


def test_a_source_that_cannot_be_stored_leaves_the_rest_of_its_batch(
    db_url: str, monkeypatch: Any
) -> None:
    store, sources = make(db_url)
    first = [Listing(sources[n], [job(n, "1")], end(n)) for n in "abc"]
    store.store_listings(first, utcnow())
    from sqlalchemy.exc import IntegrityError

    from monitor.store import listing

    real = listing._update_existing

    def refused(conn: Any, items: list, now: Any) -> None:
        if any(cycle.source.name == "b" for cycle, *_ in items):
            raise IntegrityError("UPDATE postings ...", {}, Exception("boom\nDETAIL: long"))
        real(conn, items, now)

    monkeypatch.setattr(listing, "_update_existing", refused)
    second = [Listing(sources[n], [job(n, "1", "Lead"), job(n, "2")], end(n)) for n in "abc"]
    results = {r.source: r for r in store.store_listings(second, utcnow())}
    assert results["b"].status == "failed"
    assert results["b"].error == "storing failed: Exception: boom"
    assert results["a"].changes == results["c"].changes == {"new": 1, "title_changed": 1}
    with store.sessions() as session:
        titles = dict(session.execute(select(PostingRow.key, PostingRow.title)).all())
    # b's transaction rolled back whole; a and c stored all of theirs
    assert titles == {
        "a:1": "Lead",
        "a:2": "Engineer",
        "b:1": "Engineer",
        "c:1": "Lead",
        "c:2": "Engineer",
    }


def test_listings_that_end_together_share_a_transaction(tmp_path: Path, monkeypatch: Any) -> None:
    """The sink's store thread takes what has queued up; every listing gets its result."""
    from monitor.store import sink as sinks

    monkeypatch.setattr(sinks, "LINGER", 0.2)
    store, sources = make(f"sqlite:///{tmp_path / 'x.db'}")
    batches: list[int] = []
    real = store.store_listings

    def spy(listings: list[Listing], started: Any) -> Any:
        batches.append(len(listings))
        return real(listings, started)

    monkeypatch.setattr(store, "store_listings", spy)
    done: list[str] = []
    sink = sinks.Sink(
        store,
        list(sources.values()),
        CrawlContext(),
        sinks.Placement(threads=1, workers=0, store_process=False),
        on_done=lambda r: done.append(r.source),
    )
    futures = [sink.submit(end(n), [job(n, "1"), job(n, "2")]) for n in "abc"]
    results = [f.result(timeout=30) for f in futures]
    sink.close()
    assert [r.source for r in results] == ["a", "b", "c"]
    assert all(r.new == 2 and r.baseline for r in results)
    assert batches == [3] and sorted(done) == ["a", "b", "c"]


def test_a_batch_holds_each_source_once(tmp_path: Path) -> None:
    """A source that ends twice in one crawl (a late failure) is stored twice, in order."""
    from monitor.store.sink import Placement, Sink

    store, sources = make(f"sqlite:///{tmp_path / 'x.db'}")
    sink = Sink(store, list(sources.values()), CrawlContext(), Placement(1, 0, False))
    gate = threading.Event()
    sink._threads.submit(gate.wait)  # hold the store thread until everything is queued
    first = sink.submit(end("a"), [job("a", "1")])
    second = sink.submit(end("a", "failed", error="late"), [])
    gate.set()
    assert first.result(timeout=30).new == 1
    assert second.result(timeout=30).status == "failed"
    sink.close()
    assert sink.results["a"].status == "failed"
