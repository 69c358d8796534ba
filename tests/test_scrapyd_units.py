"""The Scrapyd executor's parts without Scrapyd: the config, how a batch is split into jobs,
what a job is told (nothing secret), the egg, `deploy`'s errors, the host leases."""

from __future__ import annotations

import configparser
import io
import json
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.boards import host_of
from monitor.cli import main
from monitor.config import Source, load_yaml, parse_config
from monitor.errors import ConfigError
from monitor.routing import targets_for
from monitor.schedule.daemon import Daemon
from monitor.scrapyd.client import PROJECT, Node, NodeError
from monitor.scrapyd.egg import SETTINGS, build_egg
from monitor.scrapyd.executor import split
from monitor.scrapyd.jobconfig import job_args, raw_config, read_job
from monitor.store.db import ensure_schema, make_engine
from monitor.store.lease import Leases, leased
from tests.conftest import ROOT
from tests.notify_receivers import free_port

NODES = {"kind": "scrapyd", "nodes": ["http://n1:6800", "http://n2:6800"]}


def problem(data: dict[str, object]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    return str(caught.value)


def test_the_executor_is_checked_with_messages_that_name_it() -> None:
    assert "executor: `kind: scrapyd` needs `nodes:`" in problem({"executor": {"kind": "scrapyd"}})
    bad = problem({"executor": {"kind": "scrapyd", "nodes": ["ftp://u:pw@n1"]}})
    assert "executor.nodes: [0] 'ftp://u:****@n1' is not an http:// or https:// URL" in bad
    sqlite = problem({"executor": NODES, "database": "sqlite:///rw.db"})
    assert "executor: `kind: scrapyd` needs a PostgreSQL database" in sqlite
    assert "`nodes:` is only for `kind: scrapyd`" in problem(
        {"executor": {"kind": "local", "nodes": ["http://n1:6800"]}}
    )
    assert parse_config({}).executor.kind == "local"
    assert parse_config({"executor": NODES, "database": "postgresql://u@h/db"}).executor.nodes


def test_a_daemon_with_scrapyd_refuses_a_sqlite_database_given_on_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rolewatch.yaml"
    path.write_text(json.dumps({"executor": NODES, "sources": [
        {"name": "a", "kind": "greenhouse", "board": "a"}]}))  # fmt: skip
    with pytest.raises(ConfigError, match="executor: `kind: scrapyd` needs a PostgreSQL"):
        Daemon(path, f"sqlite:///{tmp_path / 'rw.db'}")


def source(name: str, kind: str = "greenhouse", url: str | None = None) -> Source:
    data = {"sources": [{"name": name, "kind": kind, "board": name, "url": url}]}
    return parse_config(data).sources[0]


def test_a_batch_is_split_by_kind_with_each_host_in_one_job() -> None:
    on_a = [source(f"a{i}", url=f"http://a.test/v1/boards/a{i}/jobs") for i in range(5)]
    on_b = [source(f"b{i}", url=f"http://b.test/v1/boards/b{i}/jobs") for i in range(2)]
    lever = [source("l0", "lever")]
    jobs = split([*on_a, *on_b, *lever], nodes=2)
    assert sorted(sorted(s.name for s in job) for job in jobs) == [
        ["a0", "a1", "a2", "a3", "a4"], ["b0", "b1"], ["l0"]]  # fmt: skip
    assert host_of(lever[0]) == "api.lever.co"
    # past the job size, more jobs; a host split only when it alone is more than a job
    many = [source(f"h{i}", url=f"http://h{i % 4}.test/v1/boards/x/jobs") for i in range(40)]
    jobs = split(many, nodes=1, limit=10)
    assert len(jobs) == 4 and all(len({host_of(s) for s in job}) == 1 for job in jobs)
    jobs = split(many, nodes=2, limit=25)
    assert sorted(map(len, jobs)) == [20, 20]
    one_host = [source(f"g{i}") for i in range(12)]
    assert sorted(map(len, split(one_host, nodes=2, limit=5))) == [2, 5, 5]


def test_a_job_is_told_no_secret_and_routes_its_alerts_to_the_same_targets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "tok-secret-1")
    text = """
database: postgresql+psycopg://rw:db-secret-2@db/rw
web: {token: web-secret-3-long-enough}
notify:
  - url: "json://hooks.test/x?token=${HOOK_TOKEN}"
    on: [new]
    tags: [eng]
  - url: mailto://me:mail-secret-4@example.com
    name: mail
sources:
  - {name: a, kind: greenhouse, board: a, tags: [eng], every: 1h}
  - {name: b, kind: lever, board: b}
"""
    config = parse_config(load_yaml(text))
    since = datetime(2026, 12, 1, tzinfo=UTC)
    args = job_args(raw_config(text), config, ["a"], since=since, database=config.database or "")
    shown = json.dumps(args)
    for secret in ("tok-secret-1", "HOOK_TOKEN", "db-secret-2", "web-secret-3", "mail-secret-4"):
        assert secret not in shown
    assert "database" not in args  # it holds a password: the node's $ROLEWATCH_DB is used
    monkeypatch.setenv("ROLEWATCH_DB", "postgresql+psycopg://rw@db/rw")
    spec = read_job(args)
    assert [s.name for s in spec.config.sources] == ["a"] and spec.since == since
    assert spec.database == "postgresql+psycopg://rw@db/rw"
    a_here, a_there = config.sources[0], spec.config.sources[0]
    assert a_there == a_here
    for kind in ("new", "removed", "baseline"):
        assert targets_for(spec.config, a_there, kind) == targets_for(config, a_here, kind)
    monkeypatch.delenv("ROLEWATCH_DB")
    with pytest.raises(ConfigError, match="set ROLEWATCH_DB"):
        read_job(args)
    plain = job_args(
        raw_config(text), config, ["a"], since=since, database="postgresql://rw@db/rw"
    )
    assert read_job(plain).database == "postgresql://rw@db/rw"
    with pytest.raises(ConfigError, match="not by hand"):
        read_job({"sources": '["a"]'})
    with pytest.raises(ConfigError, match="unknown source 'z'"):
        read_job({**plain, "sources": '["z"]'})


def test_the_egg_is_what_scrapyd_and_scrapy_cfg_expect() -> None:
    egg = zipfile.ZipFile(io.BytesIO(build_egg()))
    names = set(egg.namelist())
    assert {"monitor/settings.py", "spiders/greenhouse.py", "monitor/scrapyd/job.py",
            "monitor/web/templates/base.html", "monitor/store/__init__.py"} <= names  # fmt: skip
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    assert egg.read("EGG-INFO/entry_points.txt").decode() == f"[scrapy]\nsettings = {SETTINGS}\n"
    # a folder of modules without __init__.py is a regular package in the egg
    assert "monitor/store/migrations/versions/__init__.py" in names
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == SETTINGS and cfg["deploy"]["project"] == PROJECT
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["scrapy"]["settings"] == SETTINGS


def test_deploy_says_which_node_failed_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    closed = f"http://user:pw-secret@127.0.0.1:{free_port()}"
    assert main(["deploy", closed]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and "unreachable (connection refused)" in err
    assert "pw-secret" not in err
    assert main(["deploy", "node1:6800"]) == 2
    assert "'node1:6800' is not an http:// or https:// URL" in capsys.readouterr().err
    with pytest.raises(NodeError) as caught:
        Node(closed).load()
    assert not caught.value.refused


def test_deploy_without_urls_takes_the_configs_nodes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "rolewatch.yaml"
    config.write_text("sources: []\n")
    assert main(["--config", str(config), "deploy"]) == 2
    assert "give the Scrapyd nodes' URLs" in capsys.readouterr().err
    port = free_port()
    executor = {"kind": "scrapyd", "nodes": [f"http://127.0.0.1:{port}"]}
    config.write_text(json.dumps({"executor": executor}))
    assert main(["--config", str(config), "deploy"]) == 1
    assert f"http://127.0.0.1:{port}: unreachable" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_host_lease_is_held_by_one_job_until_it_lets_go(pg_url: str) -> None:
    engine = make_engine(pg_url)
    ensure_schema(engine)
    first, second = Leases(engine), Leases(engine)
    try:
        assert first.take(["a.test", "b.test"], wait=1) == {"a.test", "b.test"}
        assert leased(engine, ["a.test", "b.test", "c.test"]) == {"a.test", "b.test"}
        assert second.take(["b.test", "c.test"], wait=0.2) == {"c.test"}
        first.release()
        assert second.take(["b.test"], wait=1) == {"b.test"}
        assert leased(engine, ["a.test", "b.test"]) == {"b.test"}
    finally:
        first.release()
        second.release()
        engine.dispose()


class QueuedNode:
    """A Scrapyd node whose slots stay busy with other work: every job it takes stays pending."""

    def __init__(self, url: str) -> None:
        self.url = self.shown = url
        self.scheduled: list[str] = []
        self.cancelled: list[str] = []

    def load(self) -> int:
        return len(self.scheduled) - len(self.cancelled)

    def schedule(self, project: str, spider: str, args: object, settings: object) -> str:
        self.scheduled.append(f"{self.url}#{len(self.scheduled)}")
        return self.scheduled[-1]

    def jobs(self, project: str) -> dict[str, str]:
        return {job: "pending" for job in self.scheduled if job not in self.cancelled}

    def cancel(self, project: str, job: str) -> None:
        self.cancelled.append(job)

    def log_url(self, project: str, spider: str, job: str) -> str:
        return f"{self.url}/logs/{project}/{spider}/{job}.log"


@pytest.mark.timeout(30)  # without a deadline on queued jobs, run() never returns
@pytest.mark.parametrize("count", [1, 2])
def test_a_job_that_never_leaves_its_nodes_queue_is_moved_then_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """A batch does not wait for ever on a node whose slots are busy: past its deadline a job
    still pending is cancelled there and sent to another node; with none left to try (or only
    one node), its sources are recorded as failed crawls that say why."""
    from monitor.scrapyd import executor
    from monitor.store.queries import results_since

    monkeypatch.setattr(executor, "DEADLINE_SLACK", 0.0)  # deadline: 2 x the 0.1s timeout
    monkeypatch.setattr(executor, "POLL", 0.01)
    urls = [f"http://n{i}:6800" for i in range(1, count + 1)]
    text = json.dumps({"executor": {"kind": "scrapyd", "nodes": urls},
                       "database": "postgresql://rw@db/rw",
                       "sources": [{"name": "a", "kind": "greenhouse", "board": "a",
                                    "timeout": "0.1s"}]})  # fmt: skip
    config = parse_config(json.loads(text))
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    ensure_schema(engine)
    nodes = executor.Nodes(urls)
    fakes = [QueuedNode(url) for url in urls]
    for state, fake in zip(nodes.states, fakes, strict=True):
        state.node = fake  # type: ignore[assignment]
    batch = executor.RemoteBatch(nodes, engine, config, text, list(config.sources), "db")

    outcome = batch.run()

    sent = [job for fake in fakes for job in fake.scheduled]
    assert sorted(sent) == sorted(job for fake in fakes for job in fake.cancelled)
    [result] = results_since(engine, ["a"], batch.since)
    assert result["status"] == "failed"
    if count == 1:
        assert len(sent) == 1 and outcome.outcome == "timeout"
        why = "waited 0.2s in the node's queue without starting, and no other Scrapyd node is up"
        assert why in result["error"]
    else:
        assert len(sent) == executor.ATTEMPTS and outcome.outcome == "failed"
        assert [len(fake.scheduled) for fake in fakes] == [2, 1]  # moved to the other each time
        why = "not crawled: it waited 0.2s in the node's queue without starting 3 times"
        assert why in result["error"]
    engine.dispose()


def store_empty(engine: Any, config: Any, names: list[str]) -> None:
    """What a job's crawl of these sources stores when their boards list nothing."""
    from monitor.items import ListingEnd
    from monitor.store.writer import Store

    store = Store(engine, config)
    for source in config.select(names):
        store.store_listing(source, [], ListingEnd(source.name, "complete"), datetime.now(UTC))


class StoringNode(QueuedNode):
    """A node that runs each job at its first look and ends it at the next, storing an empty
    complete listing of each of its sources as it ends; it notes which jobs ran side by side."""

    def __init__(self, url: str, engine: Any, config: Any, live: list[list[str]]) -> None:
        super().__init__(url)
        self.engine, self.config, self.live = engine, config, live
        self.names: dict[str, list[str]] = {}
        self.looks: dict[str, int] = {}
        self.together: list[list[list[str]]] = []

    def schedule(self, project: str, spider: str, args: Any, settings: object) -> str:
        job = super().schedule(project, spider, args, settings)
        self.names[job] = json.loads(args["sources"])
        self.live.append(self.names[job])
        self.together.append([list(names) for names in self.live])
        return job

    def jobs(self, project: str) -> dict[str, str]:
        states = {}
        for job, names in self.names.items():
            self.looks[job] = self.looks.get(job, 0) + 1
            if self.looks[job] == 2:
                store_empty(self.engine, self.config, names)
                self.live.remove(names)
            states[job] = "running" if self.looks[job] < 2 else "finished"
        return states


def test_a_hosts_jobs_are_sent_one_after_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host with more sources than a job takes has several jobs: the next is sent when the
    one before ends, not at once to sit in a node's slot waiting for the host's lease (and
    give up if the wait outlasts it)."""
    from monitor.scrapyd import executor
    from monitor.store.queries import results_since

    monkeypatch.setattr(executor, "POLL", 0.01)
    monkeypatch.setattr(executor, "JOB_SOURCES", 2)
    urls = ["http://n1:6800", "http://n2:6800"]
    sources = [{"name": f"g{i}", "kind": "greenhouse", "board": f"g{i}"} for i in range(5)]
    data = {"executor": {"kind": "scrapyd", "nodes": urls}, "database": "postgresql://rw@db/rw",
            "sources": sources}  # fmt: skip
    config = parse_config(data)
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    ensure_schema(engine)
    nodes = executor.Nodes(urls)
    live: list[list[str]] = []
    fakes = [StoringNode(url, engine, config, live) for url in urls]
    for state, fake in zip(nodes.states, fakes, strict=True):
        state.node = fake  # type: ignore[assignment]
    batch = executor.RemoteBatch(nodes, engine, config, json.dumps(data),
                                 list(config.sources), "db")  # fmt: skip

    outcome = batch.run()

    assert outcome.outcome == "ok"
    names = [s.name for s in config.sources]
    assert sorted(r["source"] for r in results_since(engine, names, batch.since)) == names
    sent = [names for fake in fakes for names in fake.names.values()]
    assert sorted(len(names) for names in sent) == [1, 2, 2]  # one API host: 3 jobs
    together = [moment for fake in fakes for moment in fake.together]
    assert len(together) == 3 and all(len(moment) == 1 for moment in together), together
    engine.dispose()


class OneSlotNode(QueuedNode):
    """A node with one slot: its jobs run one at a time, in the order sent, each for `looks`
    of the daemon's looks, storing an empty complete listing of its sources as it ends. Each
    look moves the daemon's clock on by 0.1 s (`clock`)."""

    def __init__(self, url: str, engine: Any, config: Any, clock: list[float]) -> None:
        super().__init__(url)
        self.engine, self.config, self.clock = engine, config, clock
        self.names: dict[str, list[str]] = {}
        self.done: list[str] = []
        self.ran = 0  # looks the running job has had

    def schedule(self, project: str, spider: str, args: Any, settings: object) -> str:
        job = super().schedule(project, spider, args, settings)
        self.names[job] = json.loads(args["sources"])
        return job

    def jobs(self, project: str) -> dict[str, str]:
        self.clock[0] += 0.1
        waiting = [j for j in self.scheduled if j not in self.done and j not in self.cancelled]
        if waiting:
            self.ran += 1
            if self.ran > 6:  # the running job ends
                store_empty(self.engine, self.config, self.names[waiting[0]])
                self.done.append(waiting.pop(0))
                self.ran = 0
        states = dict.fromkeys(self.done, "finished")
        states.update({job: "running" if not n else "pending" for n, job in enumerate(waiting)})
        return states


def test_a_job_queued_behind_its_own_batchs_jobs_is_not_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a node with one slot, the third job of a batch waits for the first two: longer than
    its deadline, but behind work of its own batch whose deadlines bound the wait. It is not
    cancelled; its wait would count only while none of the batch's jobs runs there."""
    from types import SimpleNamespace

    from monitor.scrapyd import executor
    from monitor.store.queries import results_since

    clock = [1000.0]
    monkeypatch.setattr(executor, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setattr(executor, "DEADLINE_SLACK", 0.0)  # deadline: 2 x 0.5s, ten looks
    monkeypatch.setattr(executor, "POLL", 0.001)
    monkeypatch.setattr(executor, "JOB_SOURCES", 1)
    sources = [{"name": f"s{i}", "kind": "greenhouse", "board": f"s{i}", "timeout": "0.5s",
                "url": f"https://h{i}.example.org/s{i}.json"} for i in range(3)]  # fmt: skip
    data = {"executor": {"kind": "scrapyd", "nodes": ["http://n1:6800"]},
            "database": "postgresql://rw@db/rw", "sources": sources}  # fmt: skip
    config = parse_config(data)
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    ensure_schema(engine)
    nodes = executor.Nodes(["http://n1:6800"])
    node = OneSlotNode("http://n1:6800", engine, config, clock)
    nodes.states[0].node = node  # type: ignore[assignment]
    batch = executor.RemoteBatch(nodes, engine, config, json.dumps(data),
                                 list(config.sources), "db")  # fmt: skip

    outcome = batch.run()

    assert outcome.outcome == "ok" and node.cancelled == []
    assert len(node.scheduled) == 3 and node.done == node.scheduled  # each sent once
    names = ["s0", "s1", "s2"]
    assert sorted(r["source"] for r in results_since(engine, names, batch.since)) == names
    engine.dispose()
