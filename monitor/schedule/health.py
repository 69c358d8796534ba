"""What the daemon knows of each source's health, and the HTTP endpoint that serves it.

`/healthz` answers 200 while every source is on schedule and 503 once any is overdue (two of
its scheduled runs have passed since its last success, or since the daemon began watching it,
plus its jitter and its timeout) or its last crawl was refused (`check` rejected the config
it was given, so nothing is crawled at all). `/metrics` is the Prometheus text of
`metrics.Metrics`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from monitor.config import format_duration
from monitor.errors import UsageError
from monitor.schedule.metrics import CONTENT_TYPE
from monitor.schedule.plan import Plan
from monitor.timeutil import isoformat

logger = logging.getLogger(__name__)


@dataclass
class SourceState:
    """One source as the daemon last saw it (read from the database after each crawl)."""

    plan: Plan
    watched_since: datetime
    last_run: datetime | None = None
    last_success: datetime | None = None
    status: str | None = None
    failures: int = 0
    error: str | None = None
    open: int | None = None
    running: bool = False
    refused: str | None = None  # why its last crawl was refused (a config `check` rejected)

    def overdue(self, now: datetime) -> bool:
        return now > self.plan.overdue_at(self.last_success or self.watched_since)

    def lag(self, now: datetime) -> float:
        """Seconds past the run that should have brought the next success; 0 if none is."""
        expected = self.plan.next_after(self.last_success or self.watched_since)
        return max(0.0, (now - expected).total_seconds())

    def as_dict(self, now: datetime, next_run: datetime | None) -> dict[str, Any]:
        plan = self.plan
        schedule = f"every {format_duration(plan.every)}" if plan.every else f"cron {plan.cron}"
        return {
            "schedule": schedule,
            "timezone": plan.timezone if plan.cron else None,
            "period_seconds": plan.period(now).total_seconds(),
            "last_run": isoformat(self.last_run),
            "last_success": isoformat(self.last_success),
            "status": self.status,
            "error": self.error,
            "failures_in_row": self.failures,
            "open_postings": self.open,
            "running": self.running,
            "next_run": isoformat(next_run),
            "lag_seconds": round(self.lag(now), 3),
            "overdue": self.overdue(now),
            "refused": self.refused,
        }


class Health:
    """Every watched source's state; safe to read from the HTTP thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: dict[str, SourceState] = {}

    def watch(self, plan: Plan, since: datetime) -> SourceState:
        """Start (or keep) watching a source under this plan."""
        with self._lock:
            state = self._sources.get(plan.source)
            if state is None:
                state = self._sources[plan.source] = SourceState(plan, since)
            else:
                state.plan = plan
            return state

    def forget(self, names: set[str]) -> None:
        with self._lock:
            for name in names:
                self._sources.pop(name, None)

    def update(self, name: str, **fields: Any) -> None:
        with self._lock:
            state = self._sources.get(name)
            if state is not None:
                for key, value in fields.items():
                    setattr(state, key, value)

    def get(self, name: str) -> SourceState | None:
        with self._lock:
            return self._sources.get(name)

    def names(self) -> list[str]:
        with self._lock:
            return list(self._sources)

    def report(
        self, now: datetime, next_runs: dict[str, datetime | None]
    ) -> tuple[bool, dict[str, Any]]:
        """(healthy, the /healthz document)."""
        with self._lock:
            sources = {
                name: state.as_dict(now, next_runs.get(name))
                for name, state in self._sources.items()
            }
        overdue = sorted(name for name, s in sources.items() if s["overdue"])
        refused = sorted(name for name, s in sources.items() if s["refused"])
        doc = {
            "status": "refused" if refused else "overdue" if overdue else "ok",
            "now": isoformat(now),
            "overdue": overdue,
            "refused": refused,
            "sources": sources,
        }
        return not overdue and not refused, doc


class HealthServer:
    """`/healthz` and `/metrics` over HTTP, from a thread of its own."""

    def __init__(
        self,
        address: str,
        health: Callable[[], tuple[bool, dict[str, Any]]],
        metrics: Callable[[], str],
    ) -> None:
        host, port = parse_address(address)
        handler = _handler(health, metrics)
        try:
            self.httpd = ThreadingHTTPServer((host, port), handler)
        except OSError as exc:
            raise UsageError(f"--http {address}: cannot listen there: {exc.strerror}") from None
        self.httpd.daemon_threads = True
        bound = self.httpd.server_address
        self.url = f"http://{_host(str(bound[0]))}:{bound[1]}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="health-http", daemon=True
        )

    def start(self) -> HealthServer:
        self._thread.start()
        logger.info("serving /healthz and /metrics on %s", self.url, extra={"url": self.url})
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def parse_address(address: str) -> tuple[str, int]:
    """`HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces) to (host, port)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--http {address!r}: give HOST:PORT, e.g. 127.0.0.1:8787")
    host = host.strip("[]") or "0.0.0.0"
    return host, int(port)


def _handler(
    health: Callable[[], tuple[bool, dict[str, Any]]], metrics: Callable[[], str]
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "rolewatch"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
            logger.debug("http: " + format, *args)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
            path = self.path.split("?", 1)[0]
            try:
                if path == "/healthz":
                    ok, doc = health()
                    body = json.dumps(doc, indent=2).encode()
                    self._send(200 if ok else 503, body + b"\n", "application/json")
                elif path == "/metrics":
                    self._send(200, metrics().encode(), CONTENT_TYPE)
                else:
                    self._send(404, b"try /healthz or /metrics\n", "text/plain")
            except Exception:  # a broken page must not take the endpoint down
                logger.exception("http: %s failed", path)
                self._send(500, b"internal error\n", "text/plain")

        do_HEAD = do_GET

    return Handler
