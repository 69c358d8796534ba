"""Shards: a host's sources never split; a sharded cycle stores, diffs and alerts exactly what
one process does (SQLite and PostgreSQL); a shard killed mid-crawl costs only its unfinished
sources, recorded as failed, nothing removed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.orm import Session

from monitor.boards import host_of
from monitor.config import Config, Source
from monitor.shards import SHARD_MIN, per_host_of, plan, split
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import SourceRow
from monitor.store.writer import Store
from tests.boards import ashby_job, gh_board, gh_job, gh_pay, lever_job
from tests.boardserver import BoardServer
from tests.conftest import Cli
from tests.notify_receivers import HttpReceiver, wait_for

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


def source(name: str, url: str, kind: str = "greenhouse") -> Source:
    return Source.model_validate({"name": name, "kind": kind, "board": name, "url": url})


# -- the splitter ---------------------------------------------------------------------------


def test_a_hosts_sources_stay_in_one_shard_and_hosts_are_balanced() -> None:
    sizes = {"a.example": 5, "b.example": 4, "c.example": 3, "d.example": 2, "e.example": 1}
    sources = [
        source(f"{host[0]}{i}", f"https://{host}/board/{i}")
        for i in range(5)
        for host, size in sizes.items()
        if i < size
    ]
    shards = split(sources, 2)
    assert len(shards) == 2
    for host in sizes:
        holding = [n for n, shard in enumerate(shards) if any(host_of(s) == host for s in shard)]
        assert len(holding) == 1, host
    assert sorted(len(shard) for shard in shards) == [7, 8]  # 5+2 / 4+3+1, largest first
    order = [s.name for s in sources]
    for shard in shards:  # each shard keeps the config's order
        assert [s.name for s in shard] == sorted((s.name for s in shard), key=order.index)
    assert sorted(s.name for shard in shards for s in shard) == sorted(order)


def test_never_more_shards_than_hosts_and_one_host_is_one_shard() -> None:
    same = [source(f"s{i}", f"https://boards.example/b{i}") for i in range(10)]
    assert [len(s) for s in split(same, 4)] == [10]
    two = [source("x", "https://x.example/"), source("y", "https://Y.example:8443/")]
    assert sorted(len(s) for s in split(two, 8)) == [1, 1]


def test_a_host_with_more_than_a_shards_share_is_cut_into_parts_that_share_per_host() -> None:
    big = [source(f"g{i}", f"https://boards.example/b{i}") for i in range(100)]
    small = [source(f"s{i}", f"https://s{i}.example/") for i in range(10)]
    shards = split(big + small, 2, per_host=8)
    assert sorted(len(s) for s in shards) == [55, 55]
    assert all(any(s.name.startswith("g") for s in shard) for shard in shards)
    assert sorted(s.name for shard in shards for s in shard) == sorted(s.name for s in big + small)
    assert per_host_of(shards, 8) == [4, 4]  # 8 to the host in all
    assert per_host_of(shards, 3) == [1, 1]  # never more than per_host: 1 + 1 <= 3
    # four shards, the host in four parts of 25 and the small hosts beside them
    four = split(big + small, 4, per_host=8)
    assert sorted(len(s) for s in four) == [27, 27, 28, 28]
    assert per_host_of(four, 8) == [2, 2, 2, 2]
    # a host's parts are never more than per_host: with 1 the host stays whole
    whole = split(big + small, 4, per_host=1)
    assert [len(s) for s in whole if any(x.name.startswith("g") for x in s)] == [100]
    assert per_host_of(whole, 1) == [1] * len(whole)
    assert sorted(len(s) for s in split(big, 2, per_host=2)) == [50, 50]


def test_hosts_within_a_shards_share_are_never_cut() -> None:
    sources = [source(f"{h}{i}", f"https://{h}.example/{i}") for h in "abcd" for i in range(25)]
    shards = split(sources, 2, per_host=8)
    for shard in shards:
        assert len({host_of(s) for s in shard}) == 2
    assert per_host_of(shards, 8) == [8, 8]


def test_board_kinds_are_split_by_their_listing_endpoints_host() -> None:
    greenhouse = [
        Source.model_validate({"name": f"g{i}", "kind": "greenhouse", "board": f"g{i}"})
        for i in range(3)
    ]
    recruitee = [
        Source.model_validate({"name": f"r{i}", "kind": "recruitee", "board": f"r{i}"})
        for i in range(3)
    ]
    assert {host_of(s) for s in greenhouse} == {"boards-api.greenhouse.io"}
    assert host_of(recruitee[0]) == "r0.recruitee.com"
    shards = split(greenhouse + recruitee, 2)
    holding = [shard for shard in shards if any(s.kind == "greenhouse" for s in shard)]
    assert len(holding) == 1 and len([s for s in holding[0] if s.kind == "greenhouse"]) == 3


def test_few_sources_or_a_database_in_memory_stay_in_one_process(tmp_path: Path) -> None:
    sources = [source(f"s{i}", f"https://h{i}.example/") for i in range(SHARD_MIN - 1)]
    config = Config.model_validate({})
    on_disk = Store(make_engine(f"sqlite:///{tmp_path / 'x.db'}"), config)
    assert plan(config, sources, on_disk) == [sources]  # auto: below SHARD_MIN
    assert len(plan(config.model_copy(update={"shards": 2}), sources, on_disk)) == 2
    in_memory = Store(make_engine("sqlite://"), config)
    assert plan(config.model_copy(update={"shards": 2}), sources, in_memory) == [sources]


def test_on_sqlite_baselines_stay_in_one_process_unless_shards_are_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("monitor.shards.cores", lambda: 2)
    sources = [source(f"s{i}", f"https://h{i}.example/") for i in range(SHARD_MIN)]
    config = Config.model_validate({})
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    ensure_schema(engine)
    store = Store(engine, config)
    assert plan(config, sources, store) == [sources]  # every source still needs its baseline
    assert len(plan(config.model_copy(update={"shards": 2}), sources, store)) == 2  # as told
    with Session(engine) as session, session.begin():
        session.add_all(
            SourceRow(name=s.name, kind=s.kind, baseline_at=datetime(2026, 1, 1)) for s in sources
        )
    assert len(plan(config, sources, store)) == 2  # all baselined: one shard per core


def test_what_a_shard_stored_before_dying_unreported_is_read_back_not_failed(
    db_url: str,
) -> None:
    from monitor.items import ListingEnd, Posting
    from monitor.store.db import ensure_schema
    from monitor.store.writer import Listing
    from monitor.timeutil import utcnow

    engine = make_engine(db_url)
    ensure_schema(engine)
    config = Config.model_validate({})
    store = Store(engine, config)
    acme, beta = source("acme", "https://a.example/"), source("beta", "https://b.example/")
    posting = Posting("acme", "1", "Engineer", "https://a.example/1")
    before = utcnow()
    store.store_listings([Listing(beta, [], ListingEnd("beta", "failed", "earlier"))], before)
    cycle = utcnow()
    store.store_listings([Listing(acme, [posting], ListingEnd("acme", "complete"))], utcnow())
    found = store.runs_since(["acme", "beta"], cycle)
    assert set(found) == {"acme"}  # beta's run is older than the cycle
    assert found["acme"].status == "complete" and found["acme"].seen == 1
    engine.dispose()


# -- a sharded cycle against one process ----------------------------------------------------


@pytest.fixture(scope="module")
def hosts() -> Iterator[list[BoardServer]]:
    servers = [BoardServer(host).start() for host in HOSTS]
    yield servers
    for server in servers:
        server.stop()


def fleet(hosts: list[BoardServer]) -> list[dict[str, Any]]:
    """Eight boards on three hosts: 3 + 3 + 2 sources."""
    a, b, c = (server.base for server in hosts)
    return [
        {"name": "gh-a1", "kind": "greenhouse", "board": "a1", "url": f"{a}/gh/a1"},
        {"name": "gh-a2", "kind": "greenhouse", "board": "a2", "url": f"{a}/gh/a2"},
        {"name": "lever-a", "kind": "lever", "board": "la", "url": f"{a}/lever/la"},
        {"name": "gh-b1", "kind": "greenhouse", "board": "b1", "url": f"{b}/gh/b1"},
        {"name": "ashby-b", "kind": "ashby", "board": "ab", "url": f"{b}/ashby/ab"},
        {"name": "lever-b", "kind": "lever", "board": "lb", "url": f"{b}/lever/lb"},
        {"name": "gh-c1", "kind": "greenhouse", "board": "c1", "url": f"{c}/gh/c1"},
        {"name": "gh-c2", "kind": "greenhouse", "board": "c2", "url": f"{c}/gh/c2"},
    ]


def serve(hosts: list[BoardServer], generation: int) -> None:
    """The boards' postings; generation 2 adds, removes and changes some."""
    a, b, c = hosts
    later = generation > 1
    for server, board in ((a, "a1"), (a, "a2"), (b, "b1"), (c, "c1"), (c, "c2")):
        base = sum(map(ord, board)) * 100
        jobs = [
            gh_job(base + i, f"{board} Engineer {i}", pay=[gh_pay(100000 + i, 150000)])
            for i in range(4)
        ]
        if later:
            jobs[0] = gh_job(base, f"{board} Engineer 0", pay=[gh_pay(120000, 170000)])
            jobs.pop()  # removed (removal_grace 1)
            jobs.append(gh_job(base + 9, f"{board} Staff Engineer", location="Berlin"))
        server.set(f"/gh/{board}", gh_board(*jobs))
    for server, board in ((a, "la"), (b, "lb")):
        jobs = [lever_job(f"{board}-{i}", f"{board} Designer {i}") for i in range(3)]
        if later:
            jobs = jobs[1:] + [lever_job(f"{board}-9", f"{board} Lead Designer")]
        server.set(f"/lever/{board}", jobs)
    ashby = [ashby_job(f"ab-{i}", f"Product {i}", salary=(90000, 99000, "USD")) for i in range(3)]
    if later:
        ashby[1] = ashby_job("ab-1", "Product 1", salary=(95000, 110000, "USD"))
    b.set("/ashby/ab", {"jobs": ashby, "apiVersion": "1"})


VOLATILE = {"id", "seconds"}
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def dump(url: str) -> dict[str, list[str]]:
    """Every table's rows, ids and timestamps left out, foreign keys by their natural key."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        postings = dict(conn.execute(text("SELECT id, key FROM postings")).all())
        names = {
            "source_id": dict(conn.execute(text("SELECT id, name FROM sources")).all()),
            "posting_id": postings,
            "change_id": {
                i: f"{k}:{key}"
                for i, k, key in conn.execute(text("SELECT id, kind, key FROM changes")).all()
            },
            "snapshot_id": {
                i: f"{postings[p]}:{n}"
                for i, p, n in conn.execute(text("SELECT id, posting_id, version FROM snapshots"))
            },
            "run_id": {
                i: f"{name}:{n}"
                for i, name, n in conn.execute(
                    text(
                        "SELECT r.id, s.name, row_number() OVER (PARTITION BY r.source_id "
                        "ORDER BY r.id) FROM runs r JOIN sources s ON s.id = r.source_id"
                    )
                )
            },
        }
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = []
            for row in conn.execute(select(table)).mappings():
                kept = {}
                for column, value in row.items():
                    if column in VOLATILE or isinstance(value, datetime):
                        continue
                    if column.endswith("_id") and column in names:
                        value = names[column].get(value, value)
                    kept[column] = _scrub(value)
                rows.append(json.dumps(kept, sort_keys=True, default=str))
            out[table.name] = sorted(rows)
    engine.dispose()
    return out


def _scrub(value: Any) -> Any:
    """A JSON value with the times inside it (when a posting was seen) set aside."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str) and TIME.match(value):
        return "<time>"
    return value


def reset(url: str) -> None:
    """An empty database at `url` (a new SQLite file needs nothing)."""
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def digest_lines(receiver: HttpReceiver, since: int) -> list[tuple[str, list[str]]]:
    """Each digest sent since request `since`: its title and its lines, both with the order
    of sources set aside (it follows detection time, in one process as in shards)."""
    out = []
    for message in receiver.messages()[since:]:
        title = message.get("title", "")
        if title.endswith(")") and " (" in title:
            head, names = title[:-1].rsplit(" (", 1)
            title = f"{head} ({', '.join(sorted(names.split(', ')))})"
        out.append((title, sorted(message.get("body", message.get("message", "")).splitlines())))
    return out


@pytest.mark.e2e  # real `rolewatch check` processes
def test_shards_store_and_alert_exactly_what_one_process_does(
    tmp_path: Path, db_url: str, hosts: list[BoardServer]
) -> None:
    receiver = HttpReceiver().start()
    seen: dict[int, Any] = {}
    try:
        for shards in (1, 2):
            url = db_url if db_url.startswith("postgresql") else f"{db_url[:-3]}-{shards}.db"
            reset(url)
            cli = Cli(tmp_path, url)
            cli.write_config(
                {
                    "shards": shards,
                    "defaults": {"removal_grace": 1},
                    "notify": [{"url": receiver.url()}],
                    "sources": fleet(hosts),
                }
            )
            reports, digests = [], []
            for generation in (1, 2):
                serve(hosts, generation)
                before = len(receiver.messages())
                run = cli("-v", "check", "--json")
                assert run.code == 0, run.err
                reports.append({s["source"]: {**s, "seconds": 0} for s in run.json()["sources"]})
                digests.append(digest_lines(receiver, before))
                if shards == 2 and generation == 1:
                    assert run.err.count("shard 1 (pid") == 1 and "shard 2 (pid" in run.err
                    assert "shard 3" not in run.err
            seen[shards] = (reports, digests, dump(url))
    finally:
        receiver.stop()
    one, two = seen[1], seen[2]
    assert one[0] == two[0]  # the --json reports, source by source
    assert one[1] == two[1] and all(len(d) == 1 for d in one[1])  # one digest a cycle
    for table in one[2]:  # every row
        assert one[2][table] == two[2][table], (
            table,
            set(one[2][table]) ^ set(two[2][table]),
        )
    assert one[0][1]["gh-a1"]["new"] == 1 and one[0][1]["gh-a1"]["removed"] == 1
    assert one[2]["alerts"] and one[2]["changes"]


@pytest.mark.e2e  # real `rolewatch check` processes
def test_one_host_in_two_shards_never_has_more_than_per_host_requests_in_flight(
    tmp_path: Path, db_url: str
) -> None:
    server = BoardServer().start()
    try:
        sources = []
        for i in range(8):
            job = gh_job(700 + i, f"Engineer {i}", pay=[gh_pay(100000, 150000)])
            server.set(f"/gh/one{i}", gh_board(job), delay=0.3)  # slow: requests overlap
            sources.append(
                {"name": f"one{i}", "kind": "greenhouse", "board": f"one{i}",
                 "url": f"{server.base}/gh/one{i}"}
            )  # fmt: skip
        url = db_url if db_url.startswith("postgresql") else f"{db_url[:-3]}-host.db"
        reset(url)
        cli = Cli(tmp_path, url)
        cli.write_config({"shards": 2, "per_host": 2, "sources": sources})
        run = cli("-v", "check", "--json")
        assert run.code == 0, run.err
        assert [s["status"] for s in run.json()["sources"]] == ["complete"] * 8
        # the host's 8 sources in two parts, each shard with one of the host's 2 requests
        assert run.err.count("4 sources (per_host 1: a host shared with other shards)") == 2
        assert 1 <= server.most_in_flight <= 2
    finally:
        server.stop()


# -- a shard that dies ----------------------------------------------------------------------


@pytest.mark.e2e  # real `rolewatch check` processes
def test_a_killed_shard_costs_only_its_unfinished_sources(
    tmp_path: Path, db_url: str, hosts: list[BoardServer]
) -> None:
    cli = Cli(tmp_path, db_url)
    cli.write_config({"shards": 2, "sources": fleet(hosts)})
    serve(hosts, 1)
    first = cli("check", "--json")
    assert first.code == 0, first.err
    open_before = _open_postings(cli)
    slow_board = hosts[0]
    slow_board.routes["/gh/a2"].delay = 60.0  # the shard of host a never finishes gh-a2
    hits = slow_board.hits("/gh/a2")
    try:
        argv = [sys.executable, "-m", "monitor", "--config", str(cli.config), "--db", db_url]
        proc = subprocess.Popen(
            [*argv, "-v", "check", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        assert proc.stderr is not None
        pid = None
        for line in proc.stderr:
            if "shard " in line and "(pid " in line and "gh-a2" in line:
                pid = int(line.split("(pid ", 1)[1].split(")", 1)[0])
                killed = set(line.rsplit(": ", 1)[1].strip().split(", "))
                break
        assert pid is not None
        assert wait_for(lambda: slow_board.hits("/gh/a2") > hits, 30)
        os.kill(pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        slow_board.routes["/gh/a2"].delay = 0.0
    assert proc.returncode == 1, err
    results = {s["source"]: s for s in json.loads(out)["sources"]}
    assert results["gh-a2"]["status"] == "failed"
    assert "shard process" in results["gh-a2"]["error"]
    assert "killed by signal 9" in results["gh-a2"]["error"]
    assert "gh-a2" in killed and len(killed) < len(results)
    for name in set(results) - killed:  # the other shard's
        assert results[name]["status"] == "complete", results[name]
    for name in killed:  # stored before the kill, or failed: never anything else
        assert results[name]["status"] in ("complete", "failed"), results[name]
    assert _open_postings(cli) == open_before  # nothing removed, nothing lost
    runs = cli("sources", "--json").json()
    assert {r["name"]: r["status"] for r in runs}["gh-a2"] == "failed"


def _open_postings(cli: Cli) -> list[str]:
    rows = cli("postings", "--json").json()
    return sorted(f"{r['source']}:{r['title']}" for r in rows)


@pytest.mark.e2e  # real `rolewatch check` processes
def test_a_sharded_dry_run_reports_what_one_process_would_and_keeps_nothing(
    tmp_path: Path, db_url: str, hosts: list[BoardServer]
) -> None:
    cli = Cli(tmp_path, db_url)
    config = {"defaults": {"removal_grace": 1}, "sources": fleet(hosts)}
    cli.write_config({**config, "shards": 2})
    serve(hosts, 1)
    assert cli("check").code == 0
    serve(hosts, 2)
    kept = dump(db_url)
    previews = {}
    for shards in (1, 2):
        cli.write_config({**config, "shards": shards})
        run = cli("check", "--dry-run", "--json")
        assert run.code == 0, run.err
        previews[shards] = {
            s["source"]: _scrub({**s, "seconds": 0}) for s in run.json()["sources"]
        }
    for name, preview in previews[1].items():
        assert preview == previews[2][name], name
    assert previews[2]["gh-a1"]["new"] == 1 and previews[2]["gh-a1"]["preview"]
    assert dump(db_url) == kept


@pytest.mark.e2e  # real `rolewatch check` processes
def test_sigterm_stops_every_shard_and_nothing_is_removed(
    tmp_path: Path, db_url: str, hosts: list[BoardServer]
) -> None:
    cli = Cli(tmp_path, db_url)
    defaults = {"removal_grace": 1, "page_timeout": "3s"}  # a stopped crawl waits no longer
    cli.write_config({"shards": 2, "defaults": defaults, "sources": fleet(hosts)})
    serve(hosts, 1)
    assert cli("check").code == 0
    open_before = _open_postings(cli)
    hosts[0].set("/gh/a2", gh_board(), delay=60.0)  # an empty board, were it ever answered
    hosts[1].set("/gh/b1", gh_board(), delay=60.0)  # one in each shard
    hits = hosts[0].hits("/gh/a2"), hosts[1].hits("/gh/b1")
    argv = [sys.executable, "-m", "monitor", "--config", str(cli.config), "--db", db_url]
    proc = subprocess.Popen(
        [*argv, "check", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert wait_for(
            lambda: hosts[0].hits("/gh/a2") > hits[0] and hosts[1].hits("/gh/b1") > hits[1], 30
        )
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    results = {s["source"]: s for s in json.loads(out)["sources"]}
    assert results["gh-a2"]["status"] == "interrupted"
    assert results["gh-b1"]["status"] == "interrupted"
    assert _open_postings(cli) == open_before
    sources = {r["name"]: r for r in cli("sources", "--json").json()}
    assert sources["gh-a2"]["failures_in_row"] == 0
