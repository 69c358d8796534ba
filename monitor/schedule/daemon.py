"""The daemon: APScheduler in the parent, one `check` child process per set of due sources.

Each source has its own trigger (see `plan`). A trigger only marks its source due; the main
loop gathers what fell due within `batch_window` seconds of the first and starts one child for
all of it, so sources due together are one cycle (one digest per notify target). A source is
never crawled twice at once: a run that falls due while its last crawl is still going starts
when that crawl ends (once, however many runs fell due meanwhile).
The outbox is drained by every child, and by the parent at start-up and whenever a pending
alert's retry is due. Only the daemon holding the database's lock schedules (the leader); on
PostgreSQL others stand by, trying the lock every STANDBY_RETRY seconds (or their shortest
interval), and a leader whose lock connection dies kills its crawls and stands by.
SIGTERM/SIGINT stop scheduling and give running crawls `STOP_GRACE` seconds before they are
killed; SIGHUP reloads the config (a broken one is refused).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import Config, Source, check_shared, load_config
from monitor.cycle import open_store
from monitor.errors import ConfigError
from monitor.schedule.batch import Outcome, run_batch
from monitor.schedule.child import Child, check_command
from monitor.schedule.configfile import ConfigFile
from monitor.schedule.health import Health
from monitor.schedule.metrics import Metrics
from monitor.schedule.plan import plan_for
from monitor.schedule.report import count_alerts, refresh, report_outcome
from monitor.store import lock as daemon_lock
from monitor.store.db import redact, resolve_url
from monitor.timeutil import utcnow
from monitor.web.app import create_app
from monitor.web.server import WebServer, check_exposure, is_loopback, parse_address

logger = logging.getLogger(__name__)

BATCH_WINDOW = 0.5  # seconds: sources falling due this close together share one child
MAX_CHILDREN = 4
STOP_GRACE = 8.0  # seconds running crawls get after SIGTERM, inside systemd's/Docker's 10
TICK = 0.25
OUTBOX_IDLE = 600.0  # seconds between looks at the outbox when nothing is due
OUTBOX_RETRY = (30.0, 1800.0)  # the parent's own backoff when delivery itself breaks
PRUNE_FIRST = timedelta(minutes=5)
STANDBY_RETRY = 5.0  # seconds between a standby's attempts at the lock, at most


def _job_id(name: str) -> str:
    return f"source:{name}"


class Daemon:
    """`rolewatch run`: construct with the CLI's settings, then `run()` until a signal."""

    def __init__(self, config_path: Path, db: str | None = None, *, http: str | None = None,
                 log_format: str = "text", verbosity: int = 0,
                 batch_window: float = BATCH_WINDOW) -> None:  # fmt: skip
        self.file = ConfigFile(config_path)
        self.db, self.http, self.batch_window = db, http, batch_window
        self.log_format, self.child_verbosity = log_format, max(0, verbosity - 1)
        if not self.config.sources:
            raise ConfigError(f"{self.file.path}: no sources configured")
        self.url = resolve_url(db, self.config.database)
        self.nodes = self._nodes()
        if http is not None:
            check_exposure(http, self.config.web.secret())  # refused before anything starts
        self.health, self.metrics = Health(), Metrics()
        if self.nodes is not None:
            self.nodes.metrics = self.metrics
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self._cond = threading.Condition()
        self._pending: dict[str, float] = {}  # source -> when it fell due (monotonic)
        self._running: set[str] = set()
        self._deferred: set[str] = set()  # fell due while running: again once it ends
        self._batches: dict[threading.Thread, Any] = {}  # a Child or a RemoteBatch
        self._stopping = self._force = self._reload_wanted = False
        self._stop_began = 0.0
        self._exit_code = 0
        self._outbox_wake = threading.Event()
        self.leading = self._lost = False  # whether this daemon schedules; lost its lock

    @property
    def config(self) -> Config:
        """The config in force."""
        return self.file.config

    def _nodes(self) -> Any:
        """The Scrapyd nodes with `executor: {kind: scrapyd}` (monitor.scrapyd), else None."""
        if self.config.executor.kind != "scrapyd":
            return None
        try:
            check_shared(self.url)
        except ValueError as exc:
            raise ConfigError(f"{self.file.path}: {exc}") from None
        from monitor.scrapyd.executor import Nodes

        return Nodes(self.config.executor.nodes)

    # -- life -------------------------------------------------------------------------------

    def run(self) -> int:
        """Hold the database's daemon lock and serve until stopped; the exit code."""
        self.lock = daemon_lock.acquire(self.url, standby=True)
        try:
            self.engine = open_store(self.config, self.db)
            return self._serve()
        finally:
            self.lock.release()
            self.file.cleanup()

    def _serve(self) -> int:
        now = utcnow()
        self.metrics.set("rolewatch_start_time_seconds", now.timestamp())
        for source in self.config.sources:
            self.health.watch(plan_for(source), now)
        refresh(self.engine, self.health, self.metrics, [s.name for s in self.config.sources])
        server = self._web().start() if self.http else None
        previous = {sig: signal.signal(sig, self._on_signal)
                    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}  # fmt: skip
        outbox = threading.Thread(target=self._outbox_loop, name="outbox", daemon=True)
        try:
            logger.info(
                "rolewatch daemon started: %d sources, database %s",
                len(self.config.sources),
                redact(self.url),
                extra={"sources": len(self.config.sources), "pid": os.getpid()},
            )
            if self._stand_by():
                # what a previous leader did meanwhile decides each source's first run
                names = [s.name for s in self.config.sources]
                refresh(self.engine, self.health, self.metrics, names)
                self.scheduler.start()
                for source in self.config.sources:
                    self._schedule(source)
                daily = IntervalTrigger(days=1, start_date=utcnow() + PRUNE_FIRST)
                self.scheduler.add_job(self._prune, daily, id="prune", coalesce=True,
                                       max_instances=1, misfire_grace_time=3600)  # fmt: skip
                self.lock.watch(self._lost_lock)
                outbox.start()
                self._loop()
        finally:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            self._drain()
            self._outbox_wake.set()
            if server is not None:
                server.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.engine.dispose()
        logger.info("rolewatch daemon stopped", extra={"exit_code": self._exit_code})
        return self._exit_code

    def _on_signal(self, signum: int, _frame: Any) -> None:
        # only flags here: the main loop acts on them (logging from a handler can deadlock)
        if signum == signal.SIGHUP:
            self._reload_wanted = True
        elif self._stopping:
            self._force = True
        else:
            self._stop_began, self._stopping = time.monotonic(), True

    def stop(self, code: int = 0) -> None:
        """Ask the daemon to stop (as SIGTERM does), with this exit code."""
        self._exit_code = code or self._exit_code
        if not self._stopping:
            self._stop_began, self._stopping = time.monotonic(), True

    def _loop(self) -> None:
        while not self._stopping:
            if self._lost:
                self._demote()
                if not self._stand_by():
                    break
                self.scheduler.resume()
                self.lock.watch(self._lost_lock)
                continue
            if self._reload_wanted:
                self._reload_wanted = False
                self._reload()
            names, wait = self._take_batch()
            if names:
                self._launch(names)
                continue
            with self._cond:
                self._cond.wait(timeout=min(wait, TICK))
        logger.info("stopping: no new crawls; %d running", len(self._batches))

    # -- leadership ---------------------------------------------------------------------

    def _stand_by(self) -> bool:
        """Wait until this daemon holds the database's lock (at once if it does already);
        whether it leads now (False: it was stopped while standing by). A standby neither
        crawls nor delivers."""
        retry = self._standby_retry()
        announced = False
        while not self.lock.try_again():
            if not announced:
                self._set_role(leading=False)
                logger.info("standing by: another daemon%s schedules %s; trying its lock "
                            "every %.0fs", self.lock.holder(), redact(self.url),
                            retry)  # fmt: skip
                announced = True
            deadline = time.monotonic() + retry  # a SIGHUP meanwhile is applied on leading
            while not self._stopping and time.monotonic() < deadline:
                with self._cond:
                    self._cond.wait(timeout=TICK)
            if self._stopping:
                return False
        self._set_role(leading=True)
        logger.info("leading: this daemon schedules %s (%s)", redact(self.url),
                    self.lock.description)  # fmt: skip
        self._outbox_wake.set()
        return True

    def _standby_retry(self) -> float:
        """How often a standby tries the lock: STANDBY_RETRY, or the shortest interval."""
        every = [p.every.total_seconds() for p in map(plan_for, self.config.sources) if p.every]
        return max(0.5, min([STANDBY_RETRY, *every]))

    def _set_role(self, *, leading: bool) -> None:
        self.leading = leading
        self.metrics.set("rolewatch_leader", 1 if leading else 0)

    def _demote(self) -> None:
        """The lock is lost: stop scheduling and kill running crawls at once (another daemon
        may schedule the same sources now; what they stored stays, what they did not is
        crawled again by whoever leads)."""
        self._lost = False
        self._set_role(leading=False)
        self.scheduler.pause()
        with self._cond:
            self._pending.clear()
            self._deferred.clear()
            running = [child for child in self._batches.values() if child is not None]
        for child in running:
            child.kill()
        deadline = time.monotonic() + STOP_GRACE
        while self._batches and time.monotonic() < deadline:
            time.sleep(0.05)

    def _drain(self) -> None:
        """Let running crawls finish within STOP_GRACE, then kill what is left."""
        with self._cond:
            self._pending.clear()
        deadline = self._stop_began + STOP_GRACE
        while self._batches and time.monotonic() < deadline and not self._force:
            time.sleep(0.05)
        with self._cond:
            left = [(thread, child) for thread, child in self._batches.items()]
        if left:
            logger.warning("aborting %d running crawls", len(left))
        for _thread, child in left:
            if child is not None:
                child.kill()
        for thread, _child in left:
            thread.join(timeout=5)

    # -- scheduling -------------------------------------------------------------------------

    def _schedule(self, source: Source) -> None:
        now = utcnow()
        plan = plan_for(source)
        state = self.health.watch(plan, now)
        first = plan.first_run(state.last_run, now)
        options: dict[str, Any] = {}
        if plan.cron is None or first <= now:
            options["next_run_time"] = first
        self.scheduler.add_job(
            self._due, plan.trigger(first), args=[source.name], id=_job_id(source.name),
            name=source.name, coalesce=True, max_instances=1, replace_existing=True,
            misfire_grace_time=max(1, int(plan.grace(now).total_seconds())), **options,
        )  # fmt: skip

    def _due(self, name: str) -> None:
        with self._cond:
            if self._stopping:
                return
            if name in self._running:
                if name not in self._deferred:
                    self._deferred.add(name)
                    self.metrics.inc("rolewatch_runs_deferred_total", {"source": name})
                    logger.debug("%s: still crawling; it runs again when that ends", name)
                return
            self._pending.setdefault(name, time.monotonic())
            self._cond.notify_all()

    def _take_batch(self) -> tuple[list[str], float]:
        with self._cond:
            if not self._pending or len(self._batches) >= MAX_CHILDREN:
                return [], TICK
            waited = time.monotonic() - min(self._pending.values())
            if waited < self.batch_window:
                return [], self.batch_window - waited
            names = [s.name for s in self.config.sources if s.name in self._pending]
            self._pending.clear()  # sources dropped from the config meanwhile go too
            self._running.update(names)
            return names, 0.0

    def _launch(self, names: list[str]) -> None:
        config = self.config
        sources = config.select(names)
        argv = None if self.nodes is not None else check_command(
            self.file.for_child(), names, db=self.db, log_format=self.log_format,
            verbosity=self.child_verbosity)  # fmt: skip
        thread = threading.Thread(target=self._run_batch, args=(config, sources, argv),
                                  name=f"batch-{'-'.join(names)[:40]}")  # fmt: skip
        with self._cond:
            self._batches[thread] = None
        for name in names:
            self.health.update(name, running=True)
        self.metrics.set("rolewatch_children_running", len(self._batches))
        logger.debug("starting check for %s", ", ".join(names), extra={"batch": names})
        thread.start()

    def _run_batch(self, config: Config, sources: list[Source], argv: list[str] | None) -> None:
        names = [s.name for s in sources]
        me = threading.current_thread()

        def started(child: Child | Any) -> None:
            with self._cond:
                self._batches[me] = child
            if self._stopping or not self.leading:
                child.kill()

        outcome: Outcome | None = None
        try:
            if argv is None:
                outcome = self._run_remote(config, sources, started)
            else:
                outcome = run_batch(self.engine, config, sources, argv, started)
            report_outcome(self.metrics, outcome)
            refused = self._refusal(argv) if argv and outcome.outcome == "refused" else None
            for name in names:
                self.health.update(name, refused=refused)
        except Exception:  # one broken batch must not take the daemon down
            logger.exception("the crawl of %s failed in the daemon", ", ".join(names))
        finally:
            try:
                refresh(self.engine, self.health, self.metrics, names)
            except Exception:
                logger.exception("cannot read the state of %s", ", ".join(names))
            with self._cond:
                self._running.difference_update(names)
                self._batches.pop(me, None)
                again = set(outcome.retry if outcome is not None else ()) | (
                    self._deferred & set(names)
                )
                self._deferred -= set(names)
                if not self._stopping:
                    for name in again & {s.name for s in self.config.sources}:
                        # killed with a late source, or due meanwhile: again, at once
                        self._pending.setdefault(name, time.monotonic() - self.batch_window)
                self._cond.notify_all()
            for name in names:
                self.health.update(name, running=False)
            self.metrics.set("rolewatch_children_running", len(self._batches))
            self._outbox_wake.set()

    def _run_remote(self, config: Config, sources: list[Source], started: Any) -> Outcome:
        """A batch as Scrapyd jobs (monitor.scrapyd.executor); then this daemon delivers."""
        from monitor.cycle import deliver_alerts
        from monitor.scrapyd.executor import RemoteBatch

        batch = RemoteBatch(self.nodes, self.engine, config, self.file.text, sources, self.url)
        started(batch)
        outcome = batch.run()
        if config.notify and outcome.outcome != "aborted":
            outcome.alerts, outcome.notify_error = deliver_alerts(self.engine, config)
        return outcome

    @staticmethod
    def _refusal(argv: list[str]) -> str:
        """Why `check` refused to run: the config it was handed, read the way it reads it."""
        path = Path(argv[argv.index("--config") + 1])
        try:
            load_config(path)
        except ConfigError as exc:
            return str(exc)
        return "the check process refused its arguments (exit code 2); see the daemon's log"

    def _healthz(self) -> tuple[bool, dict[str, Any]]:
        next_runs = {}
        for name in self.health.names():
            job = self.scheduler.get_job(_job_id(name))
            next_runs[name] = getattr(job, "next_run_time", None)
        ok, doc = self.health.report(utcnow(), next_runs)
        doc["role"] = "leader" if self.leading else "standby"
        if not self.leading:  # healthy, and not the one to blame for overdue sources
            ok, doc["status"] = True, "standby"
        with self._cond:
            doc["pending"] = sorted(self._pending)
        if self.nodes is not None:
            doc["nodes"] = self.nodes.report()
        return ok, doc

    def _metrics(self) -> None:
        """Bring the overdue gauges up to now (before each scrape of /metrics)."""
        now = utcnow()
        for name in self.health.names():
            state = self.health.get(name)
            if state is not None:
                overdue = 1 if state.overdue(now) else 0
                self.metrics.set("rolewatch_source_overdue", overdue, {"source": name})

    def _web(self) -> WebServer:
        """The web app with this daemon's /healthz and /metrics, on `--http`."""
        assert self.http is not None
        app = create_app(self.engine, lambda: self.config, health=self._healthz,
                         metrics=self.metrics, on_scrape=self._metrics,
                         local_only=is_loopback(parse_address(self.http)[0]))  # fmt: skip
        return WebServer(app, self.http, self.config.web.secret())

    # -- timers -----------------------------------------------------------------------------

    def _outbox_loop(self) -> None:
        """Deliver pending alerts at start-up and whenever one's retry falls due."""
        wait, failures = 0.0, 0
        while not self._stopping:
            self._outbox_wake.wait(timeout=wait)
            self._outbox_wake.clear()
            if self._stopping:
                return
            config = self.config
            if not config.notify or not self.leading:  # a standby delivers nothing
                wait = OUTBOX_IDLE
                continue
            try:
                wait = self._deliver_due(config)
                failures = 0
            except Exception:  # the rows stay pending; the next attempt is the fix
                failures += 1
                wait = min(OUTBOX_RETRY[0] * 2 ** (failures - 1), OUTBOX_RETRY[1])
                logger.exception("delivering pending alerts failed; next try in %.0fs", wait)

    def _deliver_due(self, config: Config) -> float:
        from monitor import notify
        from monitor.store.outbox import next_due

        due = next_due(self.engine)
        if due is not None and due <= utcnow():
            report = notify.deliver(self.engine, config).as_dict()
            count_alerts(self.metrics, report)
            due = next_due(self.engine)
        if due is None:
            return OUTBOX_IDLE
        return min(max((due - utcnow()).total_seconds(), 1.0), OUTBOX_IDLE)

    def _prune(self) -> None:
        from monitor.store.retention import prune

        try:
            counts = prune(self.engine, self.config.retention)
        except Exception:
            logger.exception("the daily prune failed; it runs again tomorrow")
            return
        for table in ("snapshots", "alerts", "runs"):
            self.metrics.inc("rolewatch_pruned_rows_total", {"table": table}, counts[table])
        logger.info("pruned %d snapshots, %d alerts and %d runs", counts["snapshots"],
                    counts["alerts"], counts["runs"], extra={"pruned": counts})  # fmt: skip

    def _lost_lock(self) -> None:
        """The lock's connection died or another daemon holds the lock: stand by (the main
        loop kills running crawls at once: two daemons must not crawl side by side)."""
        logger.error("lost the database lock (%s): no longer scheduling; standing by",
                     self.lock.description)  # fmt: skip
        self._lost = True
        with self._cond:
            self._cond.notify_all()

    # -- config ---------------------------------------------------------------------------

    def _reload(self) -> None:
        try:
            config, text = self.file.read()
            if resolve_url(self.db, config.database) != self.url:
                raise ConfigError(f"{self.file.path}: `database:` changed; that needs a restart")
            if config.executor != self.config.executor:
                raise ConfigError(f"{self.file.path}: `executor:` changed; that needs a restart")
        except ConfigError as exc:
            self.metrics.inc("rolewatch_config_reloads_total", {"result": "refused"})
            logger.error("config reload refused, the previous config stays in force: %s", exc)
            return
        old = {s.name: s for s in self.config.sources}
        new = {s.name: s for s in config.sources}
        with self._cond:
            self.file.accept(config, text)
            for name in set(self._pending) - set(new):
                self._pending.pop(name)
            self._deferred &= set(new)
        gone = set(old) - set(new)
        for name in gone:
            self.scheduler.remove_job(_job_id(name))
        self.health.forget(gone)
        self.metrics.forget("source", gone)
        changed = [s for n, s in new.items()
                   if n not in old or plan_for(old[n]).key() != plan_for(s).key()]  # fmt: skip
        for source in changed:
            if source.name not in old:
                self.health.watch(plan_for(source), utcnow())
                refresh(self.engine, self.health, self.metrics, [source.name])
            self._schedule(source)
        self.metrics.inc("rolewatch_config_reloads_total", {"result": "ok"})
        logger.info("config reloaded: %d sources, %d (re)scheduled, %d dropped",
                    len(new), len(changed), len(gone))  # fmt: skip
