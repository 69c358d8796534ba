"""One leader on PostgreSQL: any number of `rolewatch run` daemons on one database, one
scheduling (the advisory lock), the others standing by and taking over when it dies; alerts
delivered once whichever daemon delivers them."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from monitor.errors import StoreError
from monitor.store import lock
from monitor.store.db import make_engine
from monitor.store.lock import PG_KEY
from tests.notify_receivers import HttpReceiver
from tests.test_daemon import (
    PERIOD,
    Daemon,
    daemons,
    gh_source,
    jobs,
    kill_during_crawl,
    new_changes,
    wait_until,
)

pytestmark = pytest.mark.postgres
__all__ = ["daemons"]  # the fixture, shared with tests/test_daemon.py


def test_a_standby_lock_is_not_held_until_its_holder_lets_go(pg_url: str) -> None:
    held = lock.acquire(pg_url)
    waiting = lock.acquire(pg_url, standby=True)
    try:
        assert held.held and not waiting.held
        assert not waiting.try_again()
        assert f"pid={os.getpid()} " in waiting.holder()  # who leads
        with pytest.raises(StoreError, match="another `rolewatch run`"):
            lock.acquire(pg_url)  # without standby: refused, as before
        held.release()
        assert waiting.try_again() and waiting.held
    finally:
        waiting.release()
        held.release()


def test_a_second_daemon_on_one_sqlite_file_is_refused_even_as_standby(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    held = lock.acquire(url)
    try:
        with pytest.raises(StoreError, match="one daemon per database"):
            lock.acquire(url, standby=True)
    finally:
        held.release()


def pair(tmp_path: Path, db: str, config: dict[str, Any], daemons: list[Daemon]) -> list[Daemon]:
    """Two daemons on one database, each in a folder of its own; the first leads."""
    out = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        daemon = Daemon(folder, db, config)
        daemons.append(daemon.start())
        out.append(daemon)
        wait_until(lambda d=daemon: "leading" in d.log() or "standing by" in d.log(), 20,
                   f"daemon {name} to lead or stand by")  # fmt: skip
    return out


def test_a_standby_is_healthy_says_so_and_tries_the_lock_within_its_shortest_interval(
    tmp_path: Path,
) -> None:
    from monitor.schedule.daemon import STANDBY_RETRY
    from monitor.schedule.daemon import Daemon as InProcess

    path = tmp_path / "rolewatch.yaml"
    path.write_text(
        "sources:\n  - {name: a, kind: greenhouse, board: a, every: 2s}\n"
        "  - {name: b, kind: greenhouse, board: b, every: 1h}\n"
    )
    daemon = InProcess(path, f"sqlite:///{tmp_path / 'rw.db'}")
    assert daemon._standby_retry() == 2.0
    path.write_text("sources:\n  - {name: b, kind: greenhouse, board: b, every: 1h}\n")
    assert InProcess(path, "sqlite://")._standby_retry() == STANDBY_RETRY
    daemon._set_role(leading=False)
    ok, doc = daemon._healthz()
    assert ok and doc["role"] == "standby" and doc["status"] == "standby"
    assert daemon.metrics.value("rolewatch_leader") == 0
    daemon._set_role(leading=True)
    ok, doc = daemon._healthz()
    assert doc["role"] == "leader" and doc["status"] != "standby"
    assert daemon.metrics.value("rolewatch_leader") == 1


@pytest.mark.e2e
def test_a_standby_takes_over_when_the_leader_is_killed_and_alerts_once(
    tmp_path: Path, server: Any, pg_url: str, daemons: list[Daemon]
) -> None:
    receiver = HttpReceiver().start()
    try:
        server.set("/gh/acme", jobs(1, 2))
        config = {"notify": [{"url": receiver.url()}], "sources": [gh_source(server, "acme")]}
        leader, standby = pair(tmp_path, pg_url, config, daemons)
        assert "leading" in leader.log() and "standing by" in standby.log()
        assert f"pid={leader.proc.pid}" in standby.log()  # it says who leads
        assert leader.health()["role"] == "leader" and standby.health()["role"] == "standby"
        assert standby.health()["status"] == "standby"
        assert leader.metric("rolewatch_leader") == 1 and standby.metric("rolewatch_leader") == 0
        wait_until(lambda: receiver.messages(), 20, "the baseline message")

        assert not standby.descendants()  # a standby never crawls
        kill_during_crawl(leader, server, pg_url, delay=5)  # the leader, mid-crawl
        server.set("/gh/acme", jobs(1, 2, 3))

        # its session ended with it, the lock with the session: the standby leads
        wait_until(lambda: "leading" in standby.log(), 3 * PERIOD + 5, "the standby to lead")
        assert standby.health()["role"] == "leader" and standby.metric("rolewatch_leader") == 1

        def told() -> list[dict[str, Any]]:
            return [m for m in receiver.messages() if "Role 3" in m.get("message", "")]

        wait_until(told, 20, "the alert for the new role")
        runs = _runs(pg_url)
        wait_until(lambda: _runs(pg_url) > runs, 20, "a further cycle")  # it must not repeat
        assert standby.stop() == 0
        assert new_changes(pg_url, "acme:3") == 1
        assert len(told()) == 1
        baseline = [m for m in receiver.messages() if "now watching" in m.get("message", "")]
        assert len(baseline) == 1
    finally:
        receiver.stop()


@pytest.mark.e2e
def test_a_leader_whose_lock_is_taken_stands_by_then_leads_again(
    tmp_path: Path, server: Any, pg_url: str, daemons: list[Daemon]
) -> None:
    server.set("/gh/acme", jobs(1))
    daemon = Daemon(tmp_path, pg_url, {"sources": [gh_source(server, "acme")]})
    daemons.append(daemon.start())
    wait_until(lambda: "leading" in daemon.log(), 20, "the daemon to lead")
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            # end the session holding the lock and take the lock before the daemon does again
            # (it reconnects at once: try until this connection wins)
            deadline = time.monotonic() + 30
            while not _take(conn, daemon.proc.pid):
                assert time.monotonic() < deadline, "could not take the lock from the daemon"
            wait_until(lambda: "lost the database lock" in daemon.log(), 20, "the loss")
            wait_until(lambda: daemon.health()["role"] == "standby", 10, "standby")
            assert daemon.metric("rolewatch_leader") == 0
            assert daemon.proc.poll() is None  # it stands by, it does not exit
            assert not daemon.descendants()
            conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), _key())
        wait_until(lambda: daemon.log().count("leading") == 2, 3 * PERIOD + 5, "it leads again")
        runs = _runs(pg_url)
        wait_until(lambda: _runs(pg_url) > runs, 20, "it crawls again")
    finally:
        engine.dispose()
    assert daemon.stop() == 0


def _take(conn: Any, pid: int) -> bool:
    """Terminate the daemon's lock session, then try the lock once; whether it is ours."""
    conn.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name LIKE :name"
        ),
        {"name": f"rolewatch run pid={pid} %"},
    )
    return bool(conn.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"), _key()))


def _key() -> dict[str, int]:
    return {"a": PG_KEY[0], "b": PG_KEY[1]}


def _runs(db: str) -> int:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM runs")) or 0)
    finally:
        engine.dispose()
