"""`rolewatch run` end to end: the real daemon in a subprocess, against the fixture boards."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
import yaml
from sqlalchemy import func, select

from monitor.store.db import make_engine
from monitor.store.models import ChangeRow, RunRow, SnapshotRow, SourceRow
from tests.boards import gh_board, gh_job
from tests.notify_receivers import HttpReceiver

PERIOD = 2.0
SLOW = 60  # seconds the hanging board takes to answer


def wait_until(check: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


class Daemon:
    """A `rolewatch run` process, its log file, and its /healthz and /metrics."""

    def __init__(self, tmp_path: Path, db: str, config: dict[str, Any], *,
                 json_logs: bool = False) -> None:  # fmt: skip
        self.tmp_path, self.db = tmp_path, db
        self.config = tmp_path / "rolewatch.yaml"
        self.write(config)
        self.json_logs = json_logs
        self.proc: subprocess.Popen[bytes] | None = None
        self.logfile = tmp_path / "daemon.log"
        self.seen: set[int] = set()  # every descendant pid ever seen

    def write(self, config: dict[str, Any] | str) -> None:
        text = config if isinstance(config, str) else yaml.safe_dump(config, sort_keys=False)
        self.config.write_text(text)

    def argv(self, *extra: str) -> list[str]:
        fmt = ["--log-format", "json"] if self.json_logs else []
        return [sys.executable, "-m", "monitor", "--config", str(self.config), "--db", self.db,
                *fmt, "run", *extra]  # fmt: skip

    def start(self) -> Daemon:
        self._offset = self.logfile.stat().st_size if self.logfile.exists() else 0
        with self.logfile.open("ab") as log:
            self.proc = subprocess.Popen(
                self.argv("--http", "127.0.0.1:0"), stdout=subprocess.DEVNULL, stderr=log,
                cwd=self.tmp_path,
            )  # fmt: skip
        wait_until(lambda: "daemon started" in self.log(), 20, "the daemon to start")
        return self

    def log(self) -> str:
        """This run's log (children's lines included)."""
        if not self.logfile.exists():
            return ""
        with self.logfile.open("rb") as f:
            f.seek(self._offset)
            return f.read().decode("utf-8", errors="replace")

    @property
    def url(self) -> str:
        found = re.search(r"on (http://127\.0\.0\.1:\d+)", self.log())
        assert found, self.log()
        return found.group(1)

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.headers["Content-Type"], err.read().decode()

    def health(self) -> dict[str, Any]:
        return json.loads(self.get("/healthz")[2])

    def source(self, name: str) -> dict[str, Any]:
        return self.health()["sources"][name]

    def metric(self, line_start: str) -> float:
        for line in self.get("/metrics")[2].splitlines():
            if line.startswith(line_start + " "):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def descendants(self) -> list[psutil.Process]:
        assert self.proc is not None
        try:
            found = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        self.seen.update(p.pid for p in found)
        return found

    def send(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self, timeout: float = 30.0, sig: int = signal.SIGTERM) -> int:
        """SIGTERM (or `sig`); the exit code. A daemon still running after `timeout` fails."""
        assert self.proc is not None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the daemon did not stop within {timeout}s of {sig}") from None

    def leftovers(self) -> list[int]:
        """Descendants ever seen that still exist (zombies of others count as gone)."""
        alive = []
        for pid in self.seen:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                continue
        return alive

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture()
def daemons(tmp_path: Path) -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.kill()
        for pid in daemon.leftovers():  # only after a failure: do not leave them running
            with contextlib.suppress(psutil.NoSuchProcess):
                psutil.Process(pid).kill()


def gh_source(server: Any, name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "greenhouse", "board": name, "url": f"{server.base}/gh/{name}",
            "every": f"{int(PERIOD)}s", **extra}  # fmt: skip


def jobs(*ids: int) -> dict[str, Any]:
    return gh_board(*[gh_job(i, f"Role {i}") for i in ids])


def runs(db: str, source: str, *conditions: Any) -> int:
    """How many runs of `source` match the conditions."""
    query = select(func.count(RunRow.id)).join(SourceRow, SourceRow.id == RunRow.source_id)
    return count(db, query.where(SourceRow.name == source, *conditions))


def count(db: str, query: Any) -> int:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(query) or 0)
    finally:
        engine.dispose()


def new_changes(db: str, key: str) -> int:
    query = select(func.count()).where(ChangeRow.kind == "new", ChangeRow.key == key)
    return count(db, query)


def test_run_notices_a_change_reports_health_and_stops_cleanly(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    server.set("/gh/acme", jobs(1, 2, 3))
    server.set("/gh/beta", jobs(7))
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    config = {"sources": [gh_source(server, "acme"), gh_source(server, "beta")]}
    daemon = Daemon(tmp_path, db, config, json_logs=True)
    daemons.append(daemon.start())

    def baselined() -> bool:
        daemon.descendants()
        return all(s["last_success"] for s in daemon.health()["sources"].values())

    wait_until(baselined, 20, "both baselines")
    # due together at start-up: one child, one cycle, for both
    assert daemon.metric('rolewatch_cycles_total{outcome="ok"}') >= 1
    first = [json.loads(line) for line in daemon.log().splitlines() if line.startswith("{")]
    crawls = [r for r in first if r.get("logger") == "monitor.schedule.daemon" and "postings" in r]
    assert {r["source"] for r in crawls[:2]} == {"acme", "beta"}

    server.set("/gh/acme", jobs(1, 2, 3, 4))
    runs_before = runs(db, "acme")
    wait_until(lambda: (daemon.descendants(), new_changes(db, "acme:4"))[1], 20, "the change")
    # noticed by the next crawl on schedule, or the one after if one was under way
    assert runs(db, "acme") - runs_before <= 2

    wait_until(lambda: daemon.source("acme")["open_postings"] == 4, 10, "the daemon's view")
    status, kind, body = daemon.get("/healthz")
    assert status == 200 and kind == "application/json"
    health = json.loads(body)
    assert health["status"] == "ok" and health["overdue"] == []
    acme = health["sources"]["acme"]
    assert acme["schedule"] == "every 2s" and acme["failures_in_row"] == 0
    assert acme["open_postings"] == 4 and acme["overdue"] is False
    assert acme["next_run"] is not None and acme["lag_seconds"] is not None

    # beta is due with acme but may be crawled in a batch of its own, still running when acme's
    # result is in: the counts below hold once its second crawl is reported too
    beta = 'rolewatch_crawls_total{source="beta",status="complete"}'
    wait_until(lambda: daemon.metric(beta) >= 2, 10, "beta's second crawl")
    status, kind, text = daemon.get("/metrics")
    assert status == 200 and kind.startswith("text/plain; version=0.0.4")
    assert 'rolewatch_changes_total{kind="new",source="acme"} 1' in text
    assert 'rolewatch_postings_open{source="acme"} 4' in text
    assert 'rolewatch_postings_open{source="beta"} 1' in text
    assert "# TYPE rolewatch_crawl_duration_seconds histogram" in text
    assert daemon.metric("rolewatch_crawl_duration_seconds_count") >= 4
    assert daemon.metric('rolewatch_crawl_duration_seconds_bucket{le="+Inf"}') >= 4
    assert daemon.metric(beta) >= 2

    records = [json.loads(line) for line in daemon.log().splitlines() if line.startswith("{")]
    # a "Remote, US" role without pay is also a pay-transparency gap (Colorado's law reaches it)
    line = next(r for r in records if r.get("source") == "acme" and r.get("changes"))
    assert line["level"] == "info" and line["postings"] == 4
    assert line["change_kinds"] == {"new": 1, "pay_missing": 1} and line["duration"] >= 0

    wait_until(daemon.descendants, 10, "a running crawl")  # stop it mid-crawl
    assert daemon.stop() == 0  # stop() fails the test if the daemon outlives its wait
    assert daemon.seen and not daemon.leftovers()
    assert "rolewatch daemon stopped" in daemon.log()


def test_a_hanging_source_is_stopped_at_its_timeout_while_others_go_on(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    server.set("/gh/fast", jobs(1))
    server.set("/gh/slow", jobs(2), delay=SLOW)
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    config = {"sources": [gh_source(server, "fast"), gh_source(server, "slow", timeout="3s")]}
    daemon = Daemon(tmp_path, db, config)
    daemons.append(daemon.start())

    def slow_failed() -> Any:
        daemon.descendants()
        return runs(db, "slow", RunRow.error.like("timed out after 3s%"))

    wait_until(slow_failed, 20, "the slow source to time out")
    # the crawl stopped the source itself at its deadline; the daemon logs its line after
    wait_until(lambda: "slow: failed" in daemon.log(), 5, "the timeout's line")
    assert "timed out after 3s" in daemon.log()
    # stopped at its deadline: 3 s from the child's start, give or take a poll
    engine = make_engine(db)
    with engine.connect() as conn:
        run = conn.execute(
            select(RunRow)
            .join(SourceRow, SourceRow.id == RunRow.source_id)
            .where(SourceRow.name == "slow")
        ).first()
    engine.dispose()
    assert run is not None and run.status == "failed"
    # ended by its own deadline, not by the board (which would have answered after SLOW)
    assert (run.finished_at - run.started_at).total_seconds() < SLOW
    fast = lambda: runs(db, "fast", RunRow.status == "complete")  # noqa: E731
    before = fast()
    wait_until(lambda: (daemon.descendants(), fast() >= before + 2)[1], 15, "fast crawls")
    health = daemon.health()
    assert health["sources"]["fast"]["failures_in_row"] == 0
    assert health["sources"]["slow"]["failures_in_row"] >= 1
    assert "timed out after 3s" in health["sources"]["slow"]["error"]

    wait_until(lambda: daemon.health()["sources"]["slow"]["running"], 10, "slow crawling again")
    assert daemon.stop() == 0  # aborts the hung crawl
    assert not daemon.leftovers()


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_a_hung_rendered_crawl_ends_with_its_chromium(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    server.set("/gh/web", jobs(1), delay=60)
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    config = {"sources": [gh_source(server, "web", render=True, timeout="6s", every="1h")]}
    daemon = Daemon(tmp_path, db, config)
    daemons.append(daemon.start())

    def browsers() -> list[int]:
        found = []
        for proc in daemon.descendants():
            with contextlib.suppress(psutil.NoSuchProcess):
                if "chrom" in proc.name().lower():
                    found.append(proc.pid)
        return found

    seen = wait_until(browsers, 15, "Chromium to start")
    timed_out = lambda: runs(db, "web", RunRow.error.like("timed out after 6s%"))  # noqa: E731
    wait_until(lambda: (daemon.descendants(), timed_out())[1], 20, "the timeout")
    # the crawl stopped itself at its deadline and closed its Chromium as it ended
    wait_until(lambda: not daemon.leftovers(), 20, "the crawl and its Chromium to end")
    assert seen
    code = daemon.stop()
    assert code == 0


def kill_during_crawl(daemon: Daemon, server: Any, db: str, delay: float) -> None:
    """Make the next crawl hang on acme's listing with a new role (3), SIGKILL the daemon
    then, and check its crawl died with it, having stored nothing."""
    hits = server.hits("/gh/acme")
    server.set("/gh/acme", jobs(1, 2, 3), delay=delay)
    wait_until(lambda: server.hits("/gh/acme") > hits and daemon.descendants(), 15, "a crawl")
    children = daemon.descendants()
    daemon.send(signal.SIGKILL)
    assert daemon.proc is not None
    daemon.proc.wait(timeout=5)
    gone, alive = psutil.wait_procs(children, timeout=5)
    assert not alive, "the crawl outlived its daemon"
    assert new_changes(db, "acme:3") == 0  # killed before it stored anything


def test_sigkill_mid_cycle_then_restart_loses_no_change_and_repeats_at_most_one_alert(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    receiver = HttpReceiver().start()
    try:
        server.set("/gh/acme", jobs(1, 2))
        db = f"sqlite:///{tmp_path / 'rw.db'}"
        config = {"notify": [{"url": receiver.url()}], "sources": [gh_source(server, "acme")]}
        first = Daemon(tmp_path, db, config)
        daemons.append(first.start())
        wait_until(lambda: receiver.messages(), 20, "the baseline message")

        kill_during_crawl(first, server, db, delay=2)
        server.set("/gh/acme", jobs(1, 2, 3))
        second = Daemon(tmp_path, db, config)
        daemons.append(second.start())

        def told() -> list[dict[str, Any]]:
            return [m for m in receiver.messages() if "Role 3" in m.get("message", "")]

        wait_until(told, 20, "the alert for the new role")
        time.sleep(PERIOD)  # a further cycle must not send it again
        code = second.stop()
        assert code == 0
        assert new_changes(db, "acme:3") == 1
        assert 1 <= len(told()) <= 2
        baseline = [m for m in receiver.messages() if "now watching" in m.get("message", "")]
        assert len(baseline) == 1
    finally:
        receiver.stop()


def test_a_second_daemon_on_the_same_sqlite_file_is_refused(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    # on PostgreSQL it stands by instead (tests/test_leader.py)
    server.set("/gh/acme", jobs(1))
    config = {"sources": [gh_source(server, "acme", every="1h")]}
    daemon = Daemon(tmp_path, f"sqlite:///{tmp_path / 'rw.db'}", config)
    daemons.append(daemon.start())
    second = subprocess.run(daemon.argv(), capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)  # fmt: skip
    assert second.returncode == 1, second.stderr
    assert "another `rolewatch run`" in second.stderr
    assert "one daemon per database" in second.stderr
    assert (f"pid {daemon.proc.pid}" in second.stderr) or (
        f"pid={daemon.proc.pid}" in second.stderr
    )
    assert "Traceback" not in second.stderr
    code = daemon.stop(sig=signal.SIGINT)  # Ctrl-C stops it as cleanly as SIGTERM
    assert code == 0


def test_sighup_refuses_a_broken_config_and_applies_a_good_one(
    tmp_path: Path, server: Any, daemons: list[Daemon]
) -> None:
    server.set("/gh/acme", jobs(1))
    server.set("/gh/beta", jobs(5, 6))
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    daemon = Daemon(tmp_path, db, {"sources": [gh_source(server, "acme")]})
    daemons.append(daemon.start())
    wait_until(lambda: daemon.source("acme")["last_success"], 20, "a first crawl")

    daemon.write("sources:\n  - name: acme\n    kind: nosuchkind\n")
    daemon.send(signal.SIGHUP)
    wait_until(lambda: "config reload refused" in daemon.log(), 10, "the refusal")
    assert "sources[0].kind" in daemon.log()
    runs = lambda: count(db, select(func.count(RunRow.id)))  # noqa: E731
    after = runs()
    wait_until(lambda: runs() >= after + 2, 15, "crawls under the old config")
    assert daemon.source("acme")["failures_in_row"] == 0

    good = {"sources": [gh_source(server, "acme", every="1h"), gh_source(server, "beta")]}
    daemon.write(good)
    daemon.send(signal.SIGHUP)
    wait_until(lambda: "config reloaded" in daemon.log(), 10, "the reload")
    wait_until(lambda: daemon.source("beta")["last_success"], 15, "the new source's crawl")
    acme = daemon.source("acme")
    assert acme["schedule"] == "every 1h"
    next_run = acme["next_run"]
    assert next_run is not None and next_run > daemon.health()["now"]
    code = daemon.stop()
    assert code == 0


def test_unchanged_boards_add_no_snapshots_and_little_memory(
    tmp_path: Path, server: Any, daemons: list[Daemon], record_property: Any
) -> None:
    """The short version of bench/daemon_soak.py (200 cycles, run by hand)."""
    cycles = int(os.environ.get("ROLEWATCH_SOAK_CYCLES", "15"))
    server.set("/gh/acme", jobs(*range(1, 41)))
    server.set("/gh/beta", jobs(*range(100, 120)))
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    every = {"every": "0.5s"}
    config = {"sources": [gh_source(server, "acme", **every), gh_source(server, "beta", **every)]}
    daemon = Daemon(tmp_path, db, config)
    daemons.append(daemon.start())
    done = lambda: daemon.metric('rolewatch_cycles_total{outcome="ok"}')  # noqa: E731
    wait_until(lambda: done() >= 3, 30, "three cycles")
    snapshots = count(db, select(func.count(SnapshotRow.id)))
    rss = psutil.Process(daemon.proc.pid).memory_info().rss
    wait_until(lambda: done() >= 3 + cycles, 4 * cycles, f"{cycles} more cycles", every=0.5)
    grown = (psutil.Process(daemon.proc.pid).memory_info().rss - rss) / 2**20
    record_property("daemon_rss_growth_mib", round(grown, 2))
    print(f"daemon RSS grew {grown:.2f} MiB over {cycles} cycles")
    assert count(db, select(func.count(SnapshotRow.id))) == snapshots == 60
    assert grown < 20
    code = daemon.stop()
    assert code == 0
