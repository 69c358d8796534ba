"""Median latency of every page and API call of the web app over a large database.

    python bench/web.py [--postings 50000] [--changes 500000] [--db sqlite|postgres|both]
                        [--repeat 15] [--keep DIR] [--markdown]

The rows are generated straight into the database (40 sources, postings with pay in several
currencies and periods, office terms, several versions each, runs, and changes of every kind
spread over a year), then the app is served by uvicorn on 127.0.0.1 as `rolewatch web` serves
it, and each URL is fetched `--repeat` times over one keep-alive connection after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import httpx  # noqa: E402
from sqlalchemy import Engine, func, select, text  # noqa: E402

from monitor.config import parse_config  # noqa: E402
from monitor.filters import encode_cursor  # noqa: E402
from monitor.store.bulk import insert_rows  # noqa: E402
from monitor.store.db import ensure_schema, make_engine  # noqa: E402
from monitor.store.models import (  # noqa: E402
    ChangeRow,
    PostingRow,
    RunRow,
    SnapshotRow,
    SourceRow,
)
from monitor.web.app import create_app  # noqa: E402
from monitor.web.server import WebServer  # noqa: E402

PG_ADMIN = os.environ.get("ROLEWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
SOURCES = 40
T_END = datetime(2026, 11, 30, tzinfo=UTC)
T_START = T_END - timedelta(days=365)
CHUNK = 5000

ROLES = [
    "Backend Engineer",
    "Frontend Engineer",
    "Data Scientist",
    "Product Manager",
    "Site Reliability Engineer",
    "Designer",
    "Account Executive",
    "Recruiter",
    "Machine Learning Engineer",
    "Security Engineer",
    "Support Specialist",
    "Analyst",
]
LEVELS = ["", "Senior ", "Staff ", "Principal ", "Junior ", "Lead "]
CITIES = [
    "New York, NY",
    "San Francisco, CA",
    "Berlin",
    "London",
    "Remote",
    "Toronto",
    "Dublin",
    "Paris",
    "Austin, TX",
    "Seattle, WA",
    "Bucharest",
    "Singapore",
    "Remote - US",
]
UNITS = [
    ("USD", "year", 0.6),
    ("EUR", "year", 0.15),
    ("GBP", "year", 0.1),
    ("USD", "hour", 0.1),
    ("CAD", "year", 0.05),
]
MODES = ["onsite", "hybrid", "remote"]
# kind -> share of the changes that are not `new`
KINDS = {"pay_changed": 0.24, "office_changed": 0.12, "title_changed": 0.04,
         "location_changed": 0.06, "description_changed": 0.5, "removed": 0.035,
         "reopened": 0.005}  # fmt: skip
TEXT = (
    "we build tools that help teams ship software safely and quickly you will work with a "
    "small group on services used by millions of people"
)
WORDS = TEXT.split()


def _pay(rng: random.Random) -> list[dict[str, Any]]:
    if rng.random() < 0.2:
        return []
    r, acc = rng.random(), 0.0
    currency, period = UNITS[-1][:2]
    for currency, period, share in UNITS:  # noqa: B007 - the one the loop stops at
        acc += share
        if r <= acc:
            break
    base = rng.randrange(60, 260) * 1000 if period == "year" else rng.randrange(25, 120)
    top = round(base * rng.uniform(1.2, 1.6))
    return [{"min": base, "max": top, "currency": currency, "period": period, "scope": None,
             "kind": "base"}]  # fmt: skip


def _office(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.3:
        return None
    mode = rng.choice(MODES)
    pct = {"onsite": 100, "hybrid": rng.choice([40, 50, 60, 80]), "remote": 0}[mode]
    return {"mode": mode, "min_office_pct": pct, "days_per_week": None, "exceptions": []}


def _when(rng: random.Random, lo: datetime) -> datetime:
    return lo + timedelta(seconds=rng.uniform(0, max((T_END - lo).total_seconds(), 1)))


def populate(
    engine: Engine, postings: int, changes: int, seed: int = 7, names: list[str] | None = None
) -> dict[str, Any]:
    """Fill an empty schema (sources co000... unless `names` are given); the keys and names
    the timings use."""
    rng = random.Random(seed)
    names = names or [f"co{i:03d}" for i in range(SOURCES)]
    weights = [1 / (i + 1) for i in range(len(names))]  # a few big boards, many small ones
    with engine.begin() as conn:
        insert_rows(conn, SourceRow.__table__, [
            {"name": name, "kind": "greenhouse", "created_at": T_START,
             "baseline_at": T_START, "last_run_at": T_END, "last_success_at": T_END,
             "last_status": "complete" if i % 13 else "failed",
             "last_error": None if i % 13 else "HTTP 503 at https://boards.example/co",
             "failures_in_row": 0 if i % 13 else 3, "failing_alerted": not i % 13}
            for i, name in enumerate(names)
        ])  # fmt: skip
        ids = dict(conn.execute(select(SourceRow.name, SourceRow.id)).all())
    owner = rng.choices(range(len(names)), weights, k=postings)
    kinds = rng.choices(list(KINDS), list(KINDS.values()), k=max(changes - postings, 0))
    # each posting's content changes, by posting index (skewed: some change often)
    per = rng.choices(range(postings), [1 / (i % 500 + 1) for i in range(postings)], k=len(kinds))
    firsts = sorted(_when(rng, T_START) for _ in range(postings))
    rows, contents = [], []
    for i in range(postings):
        source = names[owner[i]]
        title = rng.choice(LEVELS) + rng.choice(ROLES)
        locations = rng.sample(CITIES, rng.choice([1, 1, 2, 3]))
        office = _office(rng)
        content = {"title": title, "url": f"https://boards.example/{source}/jobs/{i}",
                   "company": source.title(), "department": "Engineering",
                   "locations": locations, "workplace": office["mode"] if office else None,
                   "pay": _pay(rng), "office": office, "posted_at": None,
                   "description": " ".join(rng.choices(WORDS, k=80))}  # fmt: skip
        contents.append(content)
        rows.append({
            "source_id": ids[source], "key": f"{source}:{i}", "external_id": str(i),
            "title": title, "url": content["url"], "company": content["company"],
            "department": "Engineering", "locations": locations,
            "workplace": content["workplace"], "pay": content["pay"], "office": office,
            "posted_at": None, "first_seen": firsts[i], "last_seen": T_END, "status": "open",
            "missing": 0, "raw_hash": "0" * 40, "content_hash": "0" * 40,
            "listing_hash": None, "details_at": None, "snapshot_id": None,
        })  # fmt: skip
    # the changes, in time order: a `new` at each posting's first sighting, then the others
    events = [(firsts[i], "new", i) for i in range(postings)]
    events += [(_when(rng, firsts[p]), kind, p) for kind, p in zip(kinds, per, strict=True)]
    events.sort()
    versions = [1] * postings
    snaps: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    status = ["open"] * postings
    for moment, kind, p in events:
        row, content = rows[p], contents[p]
        key = row["key"]
        before: Any = None
        after: Any = None
        if kind == "new":
            snaps.append({"posting_id": key, "version": 1, "taken_at": moment,
                          "content_hash": "0" * 40, "data": dict(content)})  # fmt: skip
            after = {"key": key, "source": names[owner[p]], "title": content["title"],
                     "pay": content["pay"], "office": content["office"],
                     "locations": content["locations"]}  # fmt: skip
        elif kind in ("removed", "reopened"):
            status[p] = "removed" if kind == "removed" else "open"
            posting = {"key": key, "title": content["title"], "pay": content["pay"]}
            before, after = (posting, None) if kind == "removed" else (None, posting)
        else:
            field = {"pay_changed": "pay", "office_changed": "office", "title_changed": "title",
                     "location_changed": "locations",
                     "description_changed": "description"}[kind]  # fmt: skip
            before = content[field]
            if field == "pay":
                after = _pay(rng) or [
                    {
                        "min": 100000,
                        "max": 150000,
                        "currency": "USD",
                        "period": "year",
                        "scope": None,
                        "kind": "base",
                    }
                ]
            elif field == "office":
                after = _office(rng)
            elif field == "title":
                after = rng.choice(LEVELS) + rng.choice(ROLES)
            elif field == "locations":
                after = rng.sample(CITIES, 2)
            else:
                after = " ".join(rng.choices(WORDS, k=80))
            content[field] = after
            if field == "description":
                before, after = before[:200], after[:200]
            versions[p] += 1
            snaps.append({"posting_id": key, "version": versions[p], "taken_at": moment,
                          "content_hash": "0" * 40, "data": dict(content)})  # fmt: skip
        out.append({"source_id": row["source_id"], "posting_id": key, "run_id": None,
                    "kind": kind, "key": key, "title": content["title"], "url": row["url"],
                    "detected_at": moment, "before": before, "after": after})  # fmt: skip
    for p, row in enumerate(rows):  # each posting as its last version left it
        content = contents[p]
        row.update({f: content[f] for f in ("title", "locations", "workplace", "pay", "office")})
        row["status"] = status[p]
    with engine.begin() as conn:
        for k in range(0, postings, CHUNK):
            insert_rows(conn, PostingRow.__table__, rows[k : k + CHUNK])
        pid = dict(conn.execute(select(PostingRow.key, PostingRow.id)).all())
    for item in (*snaps, *out):
        item["posting_id"] = pid[item["posting_id"]]
    with engine.begin() as conn:
        for k in range(0, len(snaps), CHUNK):
            insert_rows(conn, SnapshotRow.__table__, snaps[k : k + CHUNK])
        for k in range(0, len(out), CHUNK):
            insert_rows(conn, ChangeRow.__table__, out[k : k + CHUNK])
        runs = [
            {"source_id": ids[name], "started_at": T_END - timedelta(hours=6 * n),
             "finished_at": T_END - timedelta(hours=6 * n) + timedelta(seconds=4),
             "status": "failed" if n % 17 == 0 else "complete",
             "error": "timeout" if n % 17 == 0 else None, "pages": 3, "seen": 100, "new": 1,
             "changed": 2, "removed": 0, "changes": 3}
            for name in names for n in range(200)
        ]  # fmt: skip
        insert_rows(conn, RunRow.__table__, runs)
    # what autovacuum would have done by then: statistics, and PostgreSQL's visibility map
    # (without it no index-only scan)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    busiest = max(range(postings), key=lambda p: versions[p])
    typical = min(range(postings), key=lambda p: (abs(versions[p] - 8), p))
    with engine.connect() as conn:
        middle = conn.execute(
            select(ChangeRow.detected_at, ChangeRow.id)
            .order_by(ChangeRow.detected_at.desc(), ChangeRow.id.desc())
            .offset(len(out) // 2)
            .limit(1)
        ).one()
        counts = {
            t: conn.scalar(select(func.count()).select_from(m))
            for t, m in (("postings", PostingRow), ("changes", ChangeRow),
                         ("snapshots", SnapshotRow))
        }  # fmt: skip
    return {
        "big_source": names[0],
        "busy_key": rows[busiest]["key"],
        "busy_versions": versions[busiest],
        "typical_key": rows[typical]["key"],
        "typical_versions": versions[typical],
        "middle_cursor": encode_cursor(middle[0].isoformat(), middle[1]),
        "counts": counts,
    }


def urls(info: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, URL) of each page and API call timed."""
    key = quote(info["busy_key"], safe=":")
    typical = quote(info["typical_key"], safe=":")
    src = info["big_source"]
    deep = info["middle_cursor"]
    return [
        ("overview `/`", "/"),
        ("`/changes`", "/changes"),
        ("`/changes?kind=pay_changed&kind=office_changed`",
         "/changes?kind=pay_changed&kind=office_changed"),
        ("`/changes?source=` (biggest source)", f"/changes?source={src}"),
        ("`/changes?q=principal`", "/changes?q=principal"),
        ("`/changes?since=30d`", "/changes?since=30d"),
        ("`/changes`, a page 250,000 changes deep", f"/changes?cursor={deep}"),
        ("`/postings`", "/postings"),
        ("`/postings?location=berlin&workplace=remote`",
         "/postings?location=berlin&workplace=remote"),
        ("`/postings?min_pay=150k&currency=USD`", "/postings?min_pay=150k&currency=USD"),
        ("`/postings?sort=pay&currency=USD`", "/postings?sort=pay&currency=USD"),
        (f"`/postings/{{key}}` ({info['typical_versions']} versions)", f"/postings/{typical}"),
        (f"`/postings/{{key}}` ({info['busy_versions']} versions, the most)", f"/postings/{key}"),
        ("`/sources/{name}` (biggest source)", f"/sources/{src}"),
        ("`/api/v1/sources`", "/api/v1/sources"),
        ("`/api/v1/changes`", "/api/v1/changes"),
        ("`/api/v1/changes?kind=pay_changed`", "/api/v1/changes?kind=pay_changed"),
        ("`/api/v1/changes`, 250,000 deep", f"/api/v1/changes?cursor={deep}"),
        ("`/api/v1/postings`", "/api/v1/postings"),
        ("`/api/v1/postings?sort=pay&currency=USD`", "/api/v1/postings?sort=pay&currency=USD"),
        (f"`/api/v1/postings/{{key}}` ({info['typical_versions']} versions)",
         f"/api/v1/postings/{typical}"),
        (f"`/api/v1/postings/{{key}}` ({info['busy_versions']} versions)",
         f"/api/v1/postings/{key}"),
        ("`/feeds/changes.atom`", "/feeds/changes.atom"),
        ("`/healthz`", "/healthz"),
        ("`/metrics`", "/metrics"),
    ]  # fmt: skip


def measure(engine: Engine, info: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    """Median, lowest and highest milliseconds per URL, over real HTTP."""
    names = [f"co{i:03d}" for i in range(SOURCES)]
    config = parse_config(
        {"sources": [{"name": n, "kind": "greenhouse", "board": n} for n in names]}
    )
    server = WebServer(create_app(engine, config), "127.0.0.1:0", None).start()
    results = []
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for label, url in urls(info):
                answer = client.get(url)
                if answer.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {answer.status_code}: {answer.text[:300]}")
                times = []
                for _ in range(repeat):
                    began = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append((time.perf_counter() - began) * 1000)
                results.append({"label": label, "url": url,
                                "median_ms": round(statistics.median(times), 1),
                                "min_ms": round(min(times), 1),
                                "max_ms": round(max(times), 1),
                                "bytes": len(answer.content)})  # fmt: skip
                print(f"{results[-1]['median_ms']:8.1f} ms  {label}", flush=True)
    finally:
        server.stop()
    return results


def _database(kind: str, folder: Path) -> tuple[str, Any]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'web.db'}", None
    import psycopg

    name = f"rw_webbench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG_ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return f"{url}/{name}", drop


def _removing(folder: Path, then: Any) -> Any:
    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if then is not None:
            then()

    return remove


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--changes", type=int, default=500_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="keep the SQLite database in this folder")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    args = parser.parse_args()
    table: dict[str, dict[str, Any]] = {}
    for kind in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        folder = args.keep or Path(tempfile.mkdtemp(prefix="rw-webbench-"))
        folder.mkdir(parents=True, exist_ok=True)
        url, drop = _database(kind, folder)
        if args.keep is None:
            drop = _removing(folder, drop)
        try:
            engine = make_engine(url)
            ensure_schema(engine)
            began = time.perf_counter()
            info = populate(engine, args.postings, args.changes)
            print(f"{kind}: generated {info['counts']} in {time.perf_counter() - began:.0f}s",
                  flush=True)  # fmt: skip
            for row in measure(engine, info, args.repeat):
                table.setdefault(row["label"], {})[kind] = row
            engine.dispose()
        finally:
            if drop is not None:
                drop()
    if args.markdown:
        kinds = [k for k in ("sqlite", "postgres") if any(k in r for r in table.values())]
        print("\n| request | " + " | ".join(f"{k} median ms" for k in kinds) + " |")
        print("|---|" + "---|" * len(kinds))
        for label, row in table.items():
            cells = [f"{row[k]['median_ms']:.1f}" if k in row else "" for k in kinds]
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
