"""Crawls on real Scrapyd nodes (from PyPI): two nodes on loopback ports, the project deployed
to both with `rolewatch deploy`, batches crawled through them into PostgreSQL; a node killed
during a crawl; a node whose API stops answering while its job goes on; a node that answers
500 to schedule.json; nodes with one slot, where a job waits in a queue behind other work;
a host's jobs, which run one after the other."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from monitor.config import Config, Source, parse_config
from monitor.schedule.batch import Outcome
from monitor.scrapyd import executor
from monitor.scrapyd.client import PROJECT, Node
from monitor.scrapyd.executor import JOB_SETTINGS, Nodes, RemoteBatch
from monitor.scrapyd.jobconfig import job_args, raw_config
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import ChangeRow, PostingRow, RunRow, SourceRow
from monitor.timeutil import aware, utcnow
from tests.boards import gh_board, gh_job
from tests.boardserver import BoardServer
from tests.conftest import ROOT
from tests.notify_receivers import HttpReceiver, wait_for
from tests.scrapyd_nodes import FlakyProxy, ScrapydNode
from tests.test_daemon import Daemon

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.timeout(120)]

SECRET = "hunter2-not-for-logs"


def deploy(*urls: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "monitor", "deploy", *urls], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@contextmanager
def deployed_nodes(tmp_path: Path, pg_url: str, *, max_proc: int) -> Iterator[list[ScrapydNode]]:
    """Two Scrapyd nodes running `max_proc` jobs at once each, the project deployed to both."""
    started: list[ScrapydNode] = []
    try:
        for index in range(2):
            folder = tmp_path / f"node{index}"
            started.append(ScrapydNode(folder, {"ROLEWATCH_DB": pg_url}, max_proc=max_proc))
        done = deploy(*(n.url for n in started))
        assert done.returncode == 0, done.stderr
        assert done.stdout.count("deployed rolewatch version") == 2
        yield started
    finally:
        for node in started:
            node.kill()


@pytest.fixture()
def nodes(tmp_path: Path, pg_url: str) -> Iterator[list[ScrapydNode]]:
    with deployed_nodes(tmp_path, pg_url, max_proc=4) as started:
        yield started


@pytest.fixture()
def one_slot_nodes(tmp_path: Path, pg_url: str) -> Iterator[list[ScrapydNode]]:
    """Nodes that run one job at a time: a job sent to a busy one waits in its queue."""
    with deployed_nodes(tmp_path, pg_url, max_proc=1) as started:
        yield started


@pytest.fixture()
def slow_server() -> Iterator[BoardServer]:
    """Another host (127.0.0.2) whose board answers after a minute."""
    slow = BoardServer("127.0.0.2").start()
    slow.set("/gh/slow", gh_board(gh_job(1, "Slow role")), delay=60.0)
    yield slow
    slow.stop()


SLOW = {"name": "slow", "kind": "greenhouse", "board": "slow", "timeout": "90s"}


def occupy(node: ScrapydNode, config: Config, text: str, db: str) -> str:
    """Start a job crawling the slow board on `node` and wait until it runs: with one slot,
    the node queues every job sent after it for a minute."""
    args = job_args(raw_config(text), config, ["slow"], since=utcnow(), database=db)
    client = Node(node.url)
    job = client.schedule(PROJECT, "greenhouse", args, JOB_SETTINGS)
    assert wait_for(lambda: client.jobs(PROJECT).get(job) == "running", 60), node.log()[-2000:]
    return job


def ours(config: Config) -> list[Source]:
    return [s for s in config.sources if s.name != "slow"]


@pytest.fixture()
def engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def boards(server: BoardServer, count: int, *, delay: float = 0.0) -> list[dict[str, Any]]:
    """Greenhouse boards of 3 postings, half on 127.0.0.1, half on localhost: two hosts."""
    sources = []
    for index in range(count):
        name = f"b{index}"
        jobs = (gh_job(index * 100 + j, f"Role {j}") for j in range(3))
        server.set(f"/gh/{name}", gh_board(*jobs), delay=delay)
        base = server.base if index % 2 else server.base.replace("127.0.0.1", "localhost")
        sources.append({"name": name, "kind": "greenhouse", "board": name,
                        "url": f"{base}/gh/{name}", "timeout": "30s"})  # fmt: skip
    return sources


def config_of(sources: list[dict[str, Any]], nodes: list[str], db: str) -> tuple[Config, str]:
    data = {
        "database": db,
        "executor": {"kind": "scrapyd", "nodes": nodes},
        "notify": [{"url": f"json://user:{SECRET}@127.0.0.1:9/hook", "on": ["new", "removed"]}],
        "sources": sources,
    }
    text = yaml.safe_dump(data, sort_keys=False)
    return parse_config(data), text


def crawl(pool: Nodes, engine: Engine, config: Config, text: str, db: str) -> Outcome:
    return RemoteBatch(pool, engine, config, text, list(config.sources), db).run()


def runs_per_source(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRow.name, func.count(RunRow.id))
            .join(RunRow, RunRow.source_id == SourceRow.id)
            .group_by(SourceRow.name)
        )
        return {name: count for name, count in rows}


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        removed = select(func.count()).where(ChangeRow.kind == "removed")
        return {
            "open": session.scalar(select(func.count()).where(PostingRow.status == "open")) or 0,
            "removed": session.scalar(removed) or 0,
        }


def test_a_batch_is_crawled_on_two_nodes_stored_once_and_no_secret_reaches_scrapyd(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str
) -> None:
    # the URL the daemon holds has a password (the test server ignores it): never sent
    with_password = pg_url.replace("postgres@", f"postgres:{SECRET}@")
    config, text = config_of(boards(server, 6), [n.url for n in nodes], with_password)
    pool = Nodes(config.executor.nodes)
    outcome = crawl(pool, engine, config, text, with_password)
    assert outcome.outcome == "ok", nodes[0].job_logs()[-3000:]
    assert sorted(r["source"] for r in outcome.results) == [f"b{i}" for i in range(6)]
    assert {r["status"] for r in outcome.results} == {"complete"}
    assert runs_per_source(engine) == {f"b{i}": 1 for i in range(6)}
    assert counts(engine) == {"open": 18, "removed": 0}
    assert [state.sent for state in pool.states] == [1, 1]  # a job per host, a node each
    for node in nodes:
        shown = node.log() + node.job_logs() + str(node.jobs())
        assert "greenhouse" in shown and SECRET not in shown


def test_a_node_whose_clock_lags_the_daemons_is_not_sent_its_sources_again(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str
) -> None:
    """The daemon matches a job's runs to its batch by time: a node ten minutes behind the
    daemon still records them inside the batch, so each source is crawled once, not three
    times and then reported failed."""
    config, text = config_of(boards(server, 4), [n.url for n in nodes], pg_url)
    batch = RemoteBatch(Nodes(config.executor.nodes), engine, config, text,
                        list(config.sources), pg_url)  # fmt: skip
    batch.since = utcnow() + timedelta(minutes=10)  # the daemon's clock, ahead of the nodes'
    outcome = batch.run()
    assert outcome.outcome == "ok", nodes[0].job_logs()[-3000:]
    assert sorted(r["source"] for r in outcome.results) == [f"b{i}" for i in range(4)]
    assert runs_per_source(engine) == {f"b{i}": 1 for i in range(4)}
    with Session(engine) as session:
        started = session.scalars(select(RunRow.started_at)).all()
    assert started and all(aware(moment) >= batch.since for moment in started)


def test_a_node_killed_during_a_crawl_its_sources_finish_on_the_other(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str
) -> None:
    config, text = config_of(boards(server, 6), [n.url for n in nodes], pg_url)
    assert crawl(Nodes(config.executor.nodes), engine, config, text, pg_url).outcome == "ok"
    server.clear()
    config, text = config_of(boards(server, 6, delay=4.0), [n.url for n in nodes], pg_url)
    pool = Nodes(config.executor.nodes)
    done: list[Outcome] = []
    runner = threading.Thread(target=lambda: done.append(crawl(pool, engine, config, text,
                                                               pg_url)))  # fmt: skip
    runner.start()
    # both jobs are crawling (each host asked) before the first node goes, its jobs with it
    hosts = lambda: {r["headers"].get("Host", "").split(":")[0] for r in server.requests}  # noqa: E731
    assert wait_for(lambda: hosts() >= {"127.0.0.1", "localhost"}, 60), "both jobs crawling"
    nodes[0].kill()
    runner.join(timeout=90)
    assert done and done[0].outcome == "ok", nodes[1].job_logs()[-3000:]
    assert not pool.states[0].up and pool.states[1].sent == 2
    # every source stored exactly once more, nothing closed by the dead job
    assert runs_per_source(engine) == {f"b{i}": 2 for i in range(6)}
    assert counts(engine) == {"open": 18, "removed": 0}


def test_a_node_that_stops_answering_while_its_job_runs_is_not_crawled_twice(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str
) -> None:
    proxy = FlakyProxy(nodes[0].url)
    try:
        config, text = config_of(boards(server, 6, delay=6.0), [proxy.url, nodes[1].url], pg_url)
        pool = Nodes(config.executor.nodes)
        done: list[Outcome] = []
        runner = threading.Thread(target=lambda: done.append(crawl(pool, engine, config, text,
                                                                   pg_url)))  # fmt: skip
        runner.start()
        assert wait_for(lambda: len(server.requests) >= 6, 60), "both jobs crawling"
        proxy.silent = True  # the node's API is gone; its job goes on
        runner.join(timeout=90)
    finally:
        proxy.stop()
    assert done and done[0].outcome == "ok"
    assert not pool.states[0].up
    # the job sent again waited for the hosts' leases, then left out what was stored
    assert runs_per_source(engine) == {f"b{i}": 1 for i in range(6)}
    assert "already stored since the batch began, left out" in nodes[1].job_logs()
    assert counts(engine) == {"open": 18, "removed": 0}


def test_a_node_answering_500_to_schedule_is_passed_over(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str
) -> None:
    proxy = FlakyProxy(nodes[0].url)
    proxy.refuse = True
    try:
        config, text = config_of(boards(server, 4), [proxy.url, nodes[1].url], pg_url)
        pool = Nodes(config.executor.nodes)
        outcome = crawl(pool, engine, config, text, pg_url)
    finally:
        proxy.stop()
    assert outcome.outcome == "ok"
    assert proxy.calls.count("schedule.json") == 2  # asked first (least loaded), each job
    assert [state.sent for state in pool.states] == [0, 2]
    assert pool.states[0].up  # it answers: refusing is not being gone
    assert runs_per_source(engine) == {f"b{i}": 1 for i in range(4)}


def test_a_job_stuck_in_a_busy_nodes_queue_is_cancelled_there_and_crawled_on_the_other(
    one_slot_nodes: list[ScrapydNode], server: BoardServer, slow_server: BoardServer,
    engine: Engine, pg_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Node 0's one slot is held by a minute-long crawl; node 1 does not answer when the
    batch is sent, so both its jobs queue on node 0. Past their deadline they are cancelled
    there and sent to node 1, which answers again by then."""
    monkeypatch.setattr(executor, "DEADLINE_SLACK", 1.0)  # deadline: 2 x (5 s + 1 s)
    first, second = one_slot_nodes
    proxy = FlakyProxy(second.url)
    try:
        sources = [{**s, "timeout": "5s"} for s in boards(server, 2)]
        sources.append({**SLOW, "url": f"{slow_server.base}/gh/slow"})
        config, text = config_of(sources, [first.url, proxy.url], pg_url)
        blocker = occupy(first, config, text, pg_url)
        proxy.silent = True
        pool = Nodes(config.executor.nodes)
        batch = RemoteBatch(pool, engine, config, text, ours(config), pg_url)
        done: list[Outcome] = []
        runner = threading.Thread(target=lambda: done.append(batch.run()))
        runner.start()
        assert wait_for(lambda: len(batch.jobs) == 2, 30), "both jobs sent"
        proxy.silent = False
        runner.join(timeout=90)
    finally:
        proxy.stop()
    assert done and done[0].outcome == "ok", second.job_logs()[-3000:]
    assert [state.sent for state in pool.states] == [2, 2]
    assert runs_per_source(engine) == {"b0": 1, "b1": 1}
    assert counts(engine) == {"open": 6, "removed": 0}
    # on node 0 nothing of the batch ever ran: its jobs were taken out of the queue
    listed = first.jobs()
    ran = {str(j["id"]) for state in ("running", "finished") for j in listed.get(state, [])}
    assert ran == {blocker} and not listed.get("pending")


def test_a_job_stuck_in_the_only_nodes_queue_is_timed_out_not_waited_on_for_ever(
    one_slot_nodes: list[ScrapydNode], server: BoardServer, slow_server: BoardServer,
    engine: Engine, pg_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(executor, "DEADLINE_SLACK", 1.0)  # deadline: 2 x (2 s + 1 s)
    node = one_slot_nodes[0]
    sources = [{**s, "timeout": "2s"} for s in boards(server, 1)]
    sources.append({**SLOW, "url": f"{slow_server.base}/gh/slow"})
    config, text = config_of(sources, [node.url], pg_url)
    occupy(node, config, text, pg_url)
    outcome = RemoteBatch(Nodes([node.url]), engine, config, text, ours(config), pg_url).run()
    assert outcome.outcome == "timeout" and outcome.timed_out == ["b0"]
    [result] = outcome.results
    assert result["status"] == "failed"
    why = "in the node's queue without starting, and no other Scrapyd node is up"
    assert why in result["error"]
    assert not node.jobs().get("pending")  # cancelled, not left to run some day


def test_a_hosts_jobs_run_one_after_the_other_on_real_nodes(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Six boards on one host, two per job: three jobs, never two at once (the lease would
    keep the later ones waiting in a slot), though the two nodes have four slots each."""
    monkeypatch.setattr(executor, "JOB_SOURCES", 2)
    sources = [{"name": f"b{i}", "kind": "greenhouse", "board": f"b{i}",
                "url": f"{server.base}/gh/b{i}"} for i in range(6)]  # fmt: skip
    for index in range(6):
        server.set(f"/gh/b{index}", gh_board(gh_job(index, "Role")))
    config, text = config_of(sources, [n.url for n in nodes], pg_url)
    outcome = crawl(Nodes(config.executor.nodes), engine, config, text, pg_url)
    assert outcome.outcome == "ok"
    assert runs_per_source(engine) == {f"b{i}": 1 for i in range(6)}
    spans = sorted(
        (datetime.fromisoformat(str(j["start_time"])), datetime.fromisoformat(str(j["end_time"])))
        for node in nodes for j in node.jobs().get("finished", [])
    )  # fmt: skip
    assert len(spans) == 3
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))
    logs = "\n".join(node.job_logs() for node in nodes)
    assert "still leased by another job" not in logs


def test_the_daemon_crawls_on_the_nodes_and_sends_one_digest_per_cycle(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str, tmp_path: Path
) -> None:
    receiver = HttpReceiver().start()
    daemon = Daemon(tmp_path, pg_url, {})
    sources = [{**s, "every": "3s"} for s in boards(server, 4)]
    daemon.write(yaml.safe_dump({
        "executor": {"kind": "scrapyd", "nodes": [n.url for n in nodes]},
        "notify": [{"url": receiver.url()}],
        "sources": sources,
    }, sort_keys=False))  # fmt: skip
    try:
        daemon.start()
        assert wait_for(lambda: receiver.messages(), 60), daemon.log()
        first = receiver.messages()
        assert len(first) == 1 and first[0]["message"].count("now watching") == 4
        server.set("/gh/b1", gh_board(*(gh_job(100 + j, f"Role {j}") for j in (0, 1, 2, 9))))
        news = lambda: [m for m in receiver.messages() if "Role 9" in m["message"]]  # noqa: E731
        assert wait_for(news, 60), daemon.log()[-3000:]
        health = daemon.health()
        assert [n["up"] for n in health["nodes"]] == [True, True]
        assert sum(n["jobs_sent"] for n in health["nodes"]) >= 4
        assert daemon.metric(f'rolewatch_scrapyd_node_up{{node="{nodes[0].url}"}}') == 1
        assert daemon.stop() == 0
    finally:
        daemon.kill()
        receiver.stop()
    assert len(news()) == 1  # told once
    assert counts(engine) == {"open": 13, "removed": 0}


def test_scrapyd_deploy_with_our_scrapy_cfg_deploys_a_project_that_crawls(
    nodes: list[ScrapydNode], server: BoardServer, engine: Engine, pg_url: str, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    for name in ("pyproject.toml", "setup.py", "README.md", "scrapy.cfg"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, project / name)
    for package in ("monitor", "spiders"):
        shutil.copytree(ROOT / package, project / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    cfg = (project / "scrapy.cfg").read_text()
    (project / "scrapy.cfg").write_text(cfg.replace("http://localhost:6800/", nodes[0].url))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy")], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"spiders": 18' in done.stdout
    config, text = config_of(boards(server, 2), [nodes[0].url], pg_url)
    outcome = crawl(Nodes(config.executor.nodes), engine, config, text, pg_url)
    assert outcome.outcome == "ok", nodes[0].job_logs()[-3000:]
    assert runs_per_source(engine) == {"b0": 1, "b1": 1}
