"""The daemon's parts in-process: schedules, metrics text, health, locks, killing a tree."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest

from monitor.config import Source, parse_config
from monitor.cron import crontab_weekdays
from monitor.errors import StoreError
from monitor.schedule.child import check_command, kill_tree
from monitor.schedule.configfile import ConfigFile
from monitor.schedule.daemon import OUTBOX_IDLE, Daemon
from monitor.schedule.health import Health
from monitor.schedule.metrics import Metrics
from monitor.schedule.plan import DEFAULT_EVERY, SteadyInterval, plan_for
from monitor.store import lock
from monitor.timeutil import utcnow

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


def source(**settings: Any) -> Source:
    return Source(name="acme", kind="greenhouse", board="acme", **settings)


# -- schedules ------------------------------------------------------------------------------


def test_a_source_without_every_or_cron_runs_every_six_hours() -> None:
    plan = plan_for(source())
    assert plan.every == DEFAULT_EVERY == timedelta(hours=6)
    assert plan.jitter == timedelta(minutes=5)  # 10% would be 36 min: capped at 5
    assert plan_for(source(every="10m")).jitter == timedelta(minutes=1)


def test_interval_jitter_never_accumulates() -> None:
    trigger = SteadyInterval(timedelta(hours=1), timedelta(minutes=5), T0)
    fire = trigger.get_next_fire_time(None, T0)
    assert fire is not None and T0 <= fire <= T0 + timedelta(minutes=5)
    for k in range(1, 500):
        fire = trigger.get_next_fire_time(fire, fire)
        assert fire is not None
        base = T0 + timedelta(hours=k)
        assert base <= fire <= base + timedelta(minutes=5), (k, fire)


def test_interval_first_fire_after_a_pause_is_on_the_grid() -> None:
    trigger = SteadyInterval(timedelta(hours=1), timedelta(0), T0)
    assert trigger.get_next_fire_time(None, T0 + timedelta(hours=2, minutes=1)) == T0 + timedelta(
        hours=3
    )


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("*", "*"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("0", "sun"),
        ("7", "sun"),
        ("5-7", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("mon,wed", "mon,wed"),
        ("1-5/2", "mon,wed,fri"),
    ],
)
def test_crontab_weekdays_mean_what_cron_means(field: str, expected: str) -> None:
    assert crontab_weekdays(field) == expected


def test_cron_runs_on_weekdays_in_the_sources_time_zone() -> None:
    plan = plan_for(source(cron="0 9 * * 1-5", timezone="America/New_York"))
    friday_evening = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    monday = plan.next_after(friday_evening)
    assert monday == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 9:00 EST on Monday
    assert monday.astimezone(UTC).weekday() == 0
    assert plan.period(friday_evening) == timedelta(days=1)  # Mon -> Tue


def test_first_run_catches_up_a_missed_run_only() -> None:
    every = plan_for(source(every="1h"))
    assert every.first_run(None, T0) == T0
    assert every.first_run(T0 - timedelta(minutes=20), T0) == T0 + timedelta(minutes=40)
    assert every.first_run(T0 - timedelta(hours=3), T0) == T0
    cron = plan_for(source(cron="0 9 * * *"))
    assert cron.first_run(T0 - timedelta(hours=1), T0) == T0 + timedelta(hours=1)
    assert cron.first_run(T0 - timedelta(days=1), T0) == T0  # yesterday's 9:00 ran, today's not


def test_overdue_means_two_missed_runs_plus_jitter_and_timeout() -> None:
    plan = plan_for(source(every="1h", timeout="10m"))
    limit = plan.overdue_at(T0)
    assert limit == T0 + timedelta(hours=2, minutes=5 + 10)


# -- metrics and health ---------------------------------------------------------------------


def test_metrics_text_format() -> None:
    metrics = Metrics()
    metrics.inc("rolewatch_changes_total", {"source": 'a"b', "kind": "new"}, 2)
    metrics.set("rolewatch_postings_open", 12, {"source": "acme"})
    for value in (0.2, 3, 3, 700):
        metrics.observe("rolewatch_crawl_duration_seconds", value)
    text = metrics.render()
    assert "# TYPE rolewatch_changes_total counter" in text
    # prometheus-client's spelling: values and bucket bounds as floats
    assert 'rolewatch_changes_total{kind="new",source="a\\"b"} 2.0' in text
    assert 'rolewatch_postings_open{source="acme"} 12.0' in text
    assert 'rolewatch_crawl_duration_seconds_bucket{le="0.5"} 1.0' in text
    assert 'rolewatch_crawl_duration_seconds_bucket{le="5.0"} 3.0' in text
    assert 'rolewatch_crawl_duration_seconds_bucket{le="600.0"} 3.0' in text
    assert 'rolewatch_crawl_duration_seconds_bucket{le="+Inf"} 4.0' in text
    assert "rolewatch_crawl_duration_seconds_count 4.0" in text
    assert "rolewatch_crawl_duration_seconds_sum 706.2" in text
    assert "# TYPE process_cpu_seconds_total counter" in text  # the process collector's
    metrics.forget("source", ["acme"])
    assert "rolewatch_postings_open{" not in metrics.render()
    for line in text.splitlines():  # every sample line is `name{labels} number`
        if not line.startswith("#"):
            float(line.rsplit(" ", 1)[1])


def test_health_turns_503_once_a_source_is_overdue() -> None:
    health = Health()
    plan = plan_for(source(every="1h", timeout="10m"))
    health.watch(plan, T0)
    ok, doc = health.report(T0 + timedelta(hours=1), {})
    assert ok and doc["sources"]["acme"]["overdue"] is False
    health.update("acme", last_success=T0 + timedelta(hours=1))
    ok, doc = health.report(T0 + timedelta(hours=3, minutes=14), {})
    assert ok and doc["sources"]["acme"]["lag_seconds"] == pytest.approx(2 * 3600 + 14 * 60 - 3600)
    ok, doc = health.report(T0 + timedelta(hours=3, minutes=16), {})
    assert not ok and doc["status"] == "overdue" and doc["overdue"] == ["acme"]


# -- children -------------------------------------------------------------------------------


def test_kill_tree_reaches_grandchildren_in_their_own_session() -> None:
    # like Playwright's Chromium: a grandchild in a session (and process group) of its own
    script = "sleep 60 & setsid sleep 60 & wait"
    proc = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    try:

        def tree() -> list[int]:
            return [proc.pid, *(p.pid for p in psutil.Process(proc.pid).children(recursive=True))]

        def groups() -> set[int]:
            found = set()
            for pid in tree():
                with contextlib.suppress(ProcessLookupError):
                    found.add(os.getpgid(pid))
            return found

        deadline = time.monotonic() + 5
        while len(tree()) < 3 or len(groups()) < 2:  # both sleeps, one in its own session
            assert time.monotonic() < deadline, (tree(), groups())
            time.sleep(0.02)
        before = tree()
        killed = kill_tree(proc.pid)
        assert set(killed) == set(before)
        assert proc.wait(timeout=5) < 0
        for pid in before[1:]:
            assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_check_command_runs_this_interpreter() -> None:
    argv = check_command(Path("/c.yaml"), ["a", "b"], db="sqlite:///x.db", log_format="json",
                         verbosity=1)  # fmt: skip
    assert argv[:3] == [sys.executable, "-m", "monitor"]
    assert argv[3:] == ["--config", "/c.yaml", "--db", "sqlite:///x.db", "--log-format", "json",
                        "-v", "check", "--json", "-s", "a", "-s", "b"]  # fmt: skip


def test_children_get_the_config_in_force_not_an_unloaded_edit(tmp_path: Path) -> None:
    path = tmp_path / "rolewatch.yaml"
    path.write_text(
        "notify:\n  - config: apprise.yml\n"
        "sources:\n  - {name: acme, kind: greenhouse, board: acme}\n"
    )
    held = ConfigFile(path)
    assert held.for_child() == path.resolve()
    path.write_text("sources: [")  # broken, and not reloaded
    copy = held.for_child()
    assert copy != path and copy.stat().st_mode & 0o777 == 0o600
    config = parse_config(__import__("yaml").safe_load(copy.read_text()))
    assert config.notify[0].config == str(tmp_path.resolve() / "apprise.yml")
    assert held.for_child() == copy  # one copy per config in force
    held.cleanup()
    assert not copy.exists()


def test_the_childs_copy_of_the_config_keeps_a_targets_on_key(tmp_path: Path) -> None:
    """YAML 1.1 reads `on:` as `true:`; the copy once refused every child crawl with it."""
    from monitor.config import load_config

    path = tmp_path / "rolewatch.yaml"
    path.write_text(
        "notify:\n  - config: apprise.yml\n    on: [new, removed]\n"
        "  - url: json://127.0.0.1:9/x\n    on: [pay_changed]\n    tags: [eng]\n"
        "obey_robots: false\n"
        "sources:\n  - {name: acme, kind: greenhouse, board: acme, tags: [eng]}\n"
    )
    held = ConfigFile(path)
    path.write_text("sources: [")  # the daemon keeps the loaded config; children get a copy
    copy = load_config(held.for_child())
    assert [t.on for t in copy.notify] == [("new", "removed"), ("pay_changed",)]
    assert copy.obey_robots is False and copy.sources == held.config.sources
    held.cleanup()


def test_healthz_says_so_when_crawls_are_refused() -> None:
    source = parse_config({"sources": [{"name": "acme", "kind": "greenhouse", "board": "a"}]})
    now = utcnow()
    health = Health()
    health.watch(plan_for(source.sources[0]), now)
    assert health.report(now, {})[0]
    health.update("acme", refused="rolewatch.yaml: invalid config:\n  notify[0].true: ...")
    ok, doc = health.report(now, {})
    assert not ok and doc["status"] == "refused" and doc["refused"] == ["acme"]
    assert doc["sources"]["acme"]["refused"].startswith("rolewatch.yaml: invalid config")


# -- locks ----------------------------------------------------------------------------------


def test_one_daemon_lock_per_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    held = lock.acquire(url)
    try:
        with pytest.raises(StoreError, match=rf"pid {os.getpid()} .*one daemon per database"):
            lock.acquire(url)
    finally:
        held.release()
    lock.acquire(url).release()
    with pytest.raises(StoreError, match="in-memory"):
        lock.acquire("sqlite:///:memory:")


@pytest.mark.postgres
def test_one_daemon_lock_per_postgresql_database(pg_url: str) -> None:
    held = lock.acquire(pg_url)
    try:
        with pytest.raises(StoreError, match=rf"pid={os.getpid()}.*one daemon per database"):
            lock.acquire(pg_url)
        assert held.verify()
    finally:
        held.release()
    again = lock.acquire(pg_url)
    again.release()


def _pg_admin(pg_url: str) -> Any:
    import psycopg

    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(dsn, autocommit=True)


def _lock_backend(admin: Any) -> int:
    row = admin.execute(
        "SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = %s "
        "AND l.objid = %s AND l.granted",
        lock.PG_KEY,
    ).fetchone()
    assert row, "no backend holds the daemon lock"
    return int(row[0])


@pytest.mark.postgres
def test_a_lost_lock_connection_is_noticed_at_once_and_taken_again(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(lock, "WATCH_EVERY", 3600.0)  # only the dropped socket can wake it
    held = lock.acquire(pg_url)
    lost = threading.Event()
    held.watch(lost.set)
    try:
        with _pg_admin(pg_url) as admin:
            first = _lock_backend(admin)
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
            # taken again by a new connection: no periodic check would look for an hour
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with contextlib.suppress(AssertionError):
                    if _lock_backend(admin) != first:
                        break
                time.sleep(0.05)
            assert _lock_backend(admin) != first
        assert not lost.is_set()
    finally:
        held.release()


@pytest.mark.postgres
def test_a_lock_another_daemon_took_meanwhile_stops_this_one_at_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(lock, "WATCH_EVERY", 3600.0)  # only the dropped socket can wake it
    held = lock.acquire(pg_url)
    lost = threading.Event()
    held.watch(lost.set)
    waiter = _pg_admin(pg_url)
    try:
        with _pg_admin(pg_url) as admin:
            backend = _lock_backend(admin)
            # another daemon waits for the lock: it gets it the moment the connection drops
            waiting = threading.Thread(
                target=waiter.execute, args=("SELECT pg_advisory_lock(%s, %s)", lock.PG_KEY)
            )
            waiting.start()
            wait_for_waiter = time.monotonic() + 5
            while (
                time.monotonic() < wait_for_waiter
                and not admin.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).fetchone()[0]
            ):
                time.sleep(0.02)
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
            waiting.join(30)
        assert lost.wait(30), "the loss went unnoticed"  # the socket woke the watcher
    finally:
        held.release()
        waiter.close()


# -- the parent's own alert delivery --------------------------------------------------------


def test_the_daemon_delivers_pending_alerts_itself(tmp_path: Path) -> None:
    from tests.notify_receivers import HttpReceiver, Outbox, new_engine

    receiver = HttpReceiver().start()
    try:
        path = tmp_path / "rolewatch.yaml"
        path.write_text(
            f"notify:\n  - url: {receiver.url()}\n"
            "sources:\n  - {name: acme, kind: greenhouse, board: acme}\n"
        )
        daemon = Daemon(path, f"sqlite:///{tmp_path / 'rw.db'}")
        daemon.engine = new_engine(daemon.url)
        assert daemon._deliver_due(daemon.config) == OUTBOX_IDLE  # nothing pending
        Outbox(daemon.engine, daemon.config).change("acme", "new", title="Staff Engineer")
        assert daemon._deliver_due(daemon.config) == OUTBOX_IDLE  # sent: nothing left
        assert "Staff Engineer" in receiver.messages()[0]["message"]
        assert daemon.metrics.value("rolewatch_alerts_sent_total") == 1

        receiver.stop()  # down: the row waits for its retry, and the daemon for that moment
        Outbox(daemon.engine, daemon.config).change("acme", "new", title="Designer")
        wait = daemon._deliver_due(daemon.config)
        assert 1 <= wait <= 61  # the first retry comes a minute later
        assert daemon.metrics.value("rolewatch_alerts_failed_total") == 1
        daemon.engine.dispose()
    finally:
        receiver.stop()


def test_the_daily_prune_counts_what_it_deleted(tmp_path: Path) -> None:
    from tests.notify_receivers import new_engine

    path = tmp_path / "rolewatch.yaml"
    path.write_text(
        "retention: {keep_days: 30}\nsources:\n  - {name: acme, kind: greenhouse, board: acme}\n"
    )
    daemon = Daemon(path, f"sqlite:///{tmp_path / 'rw.db'}")
    daemon.engine = new_engine(daemon.url)
    daemon._prune()
    text = daemon.metrics.render()
    for table in ("snapshots", "alerts", "runs"):
        assert f'rolewatch_pruned_rows_total{{table="{table}"}} 0.0' in text
    daemon.engine.dispose()
