"""A store in a child process stores what the crawl's process would, and survives its loss."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from monitor import storeproc
from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.apply import Listing, Store
from monitor.store.db import ensure_schema, make_engine
from monitor.storeproc import StoreProcess
from monitor.timeutil import utcnow
from tests.boards import gh_board, gh_job, gh_pay
from tests.test_store_batch import dump


def make(url: str) -> tuple[Store, dict[str, Any]]:
    engine = make_engine(url)
    ensure_schema(engine)
    config = parse_config(
        {
            "notify": [{"url": "json://127.0.0.1:9/all"}],
            "sources": [{"name": n, "kind": "greenhouse", "board": n} for n in "abc"],
        }
    )
    return Store(engine, config), {s.name: s for s in config.sources}


def listings(sources: dict[str, Any], title: str) -> list[Listing]:
    return [
        Listing(
            sources[name],
            [Posting(name, "1", title, url=f"https://x.test/{name}/1"), Posting(name, "2", "QA")],
            ListingEnd(name, "complete", validators={f"https://x.test/{name}": ('"e"', None)}),
        )
        for name in sources
    ]


def test_a_child_stores_what_the_parent_would(db_url: str, tmp_path: Path) -> None:
    here, sources = make(f"sqlite:///{tmp_path / 'here.db'}")
    there, _ = make(db_url)
    child = StoreProcess(there)
    try:
        for title in ("Engineer", "Senior Engineer"):
            expected = here.apply_many(listings(sources, title), utcnow())
            got = child.apply_many(listings(sources, title), utcnow())
            strip = [{k: v for k, v in r.as_dict().items() if k != "seconds"} for r in got]
            assert strip == [
                {k: v for k, v in r.as_dict().items() if k != "seconds"} for r in expected
            ]
    finally:
        child.close()
    assert dump(there) == dump(here)
    assert {r[2] for r in dump(there)["changes"]} == {"title_changed"}


def test_a_dead_child_loses_nothing(tmp_path: Path, caplog: Any) -> None:
    store, sources = make(f"sqlite:///{tmp_path / 'x.db'}")
    child = StoreProcess(store)
    try:
        assert child.pool is not None
        (pid,) = [p.pid for p in child.pool._processes.values()]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        with caplog.at_level(logging.WARNING, logger="monitor.storeproc"):
            results = child.apply_many(listings(sources, "Engineer"), utcnow())
    finally:
        child.close()
    assert "the store process died" in caplog.text
    assert [(r.source, r.new, r.baseline) for r in results] == [
        ("a", 2, True),
        ("b", 2, True),
        ("c", 2, True),
    ]


@pytest.mark.parametrize(
    ("mode", "count", "cold", "expected"),
    [
        ("auto", storeproc.MIN_SOURCES, False, True),
        ("auto", storeproc.MIN_SOURCES - 1, False, False),
        ("auto", storeproc.MIN_SOURCES, True, False),  # a baseline: workers normalise instead
        ("yes", 1, True, True),
        ("no", 1000, False, False),
        ("YES ", 1, False, True),
    ],
)
def test_when_a_crawl_stores_in_a_child(
    monkeypatch: Any, mode: str, count: int, cold: bool, expected: bool
) -> None:
    monkeypatch.setenv("ROLEWATCH_STORE_PROCESS", mode)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert storeproc.wanted([object()] * count, cold=cold) is expected  # type: ignore[list-item]


def test_one_core_keeps_the_store_in_the_crawls_process(monkeypatch: Any) -> None:
    monkeypatch.delenv("ROLEWATCH_STORE_PROCESS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0}, raising=False)
    assert not storeproc.wanted([object()] * 1000, cold=False)  # type: ignore[list-item]


def test_an_unknown_mode_is_named_and_auto_used(monkeypatch: Any, caplog: Any) -> None:
    monkeypatch.setenv("ROLEWATCH_STORE_PROCESS", "sometimes")
    with caplog.at_level(logging.WARNING, logger="monitor.storeproc"):
        assert not storeproc.wanted([], cold=False)
    assert "'sometimes' is not one of" in caplog.text


def test_check_with_and_without_a_store_process_agree(server: Any, tmp_path: Path) -> None:
    """The whole cycle through the CLI, twice: the summaries and the stored rows match."""
    from tests.conftest import Cli

    # 10 postings a board: enough for a worker process to take each baseline
    jobs = [gh_job(i, f"Engineer {i}", pay=[gh_pay(100000 + i, 150000)]) for i in range(1, 11)]
    sources = []
    for n in range(6):
        server.set(f"/gh/b{n}", gh_board(*jobs))
        sources.append(
            {
                "name": f"b{n}",
                "kind": "greenhouse",
                "board": f"b{n}",
                "url": f"{server.base}/gh/b{n}",
            }
        )
    out = {}
    for mode in ("yes", "no"):
        folder = tmp_path / mode
        folder.mkdir()
        cli = Cli(folder, f"sqlite:///{folder / 'x.db'}")
        cli.write_config({"sources": sources})
        env = {"ROLEWATCH_STORE_PROCESS": mode}
        first = cli("-v", "check", "--json", "--no-notify", env=env)
        assert first.code == 0, first.err
        assert ("storing in a process of its own" in first.err) == (mode == "yes")
        changed = [gh_job(1, "Engineer 1", pay=[gh_pay(120000, 150000)]), *jobs[1:]]
        server.set("/gh/b3", gh_board(*changed))
        second = cli("check", "--json", "--no-notify", env=env)
        server.set("/gh/b3", gh_board(*jobs))
        assert second.code == 0, second.err
        out[mode] = [
            [{k: v for k, v in s.items() if k != "seconds"} for s in run.json()["sources"]]
            for run in (first, second)
        ]
    assert out["yes"] == out["no"]
    assert all(s["baseline"] and s["new"] == 10 for s in out["yes"][0])
    changed_source = [s for s in out["yes"][1] if s["changes"]]
    assert [(s["source"], s["changes"]) for s in changed_source] == [("b3", {"pay_changed": 1})]


def test_a_crawl_collects_garbage_less_often_and_puts_things_back() -> None:
    import gc

    from monitor.crawl import GC_YOUNG, fewer_collections

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] >= GC_YOUNG
        assert gc.get_freeze_count() > frozen  # what existed before is out of the way
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
