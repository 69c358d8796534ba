"""The daemon's and the web app's metrics, through prometheus-client.

Each `Metrics` has a registry of its own (so tests and a daemon beside a web app never share
series), with the process and platform collectors; the exposition format, content negotiation
(text 0.0.4 or OpenMetrics) and histogram conventions are prometheus-client's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
)
from prometheus_client.exposition import choose_encoder

# `_created` series double every counter's lines and no dashboard of ours reads them
disable_created_metrics()

DURATION_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5)


@dataclass(frozen=True)
class Family:
    """One metric: its name, type, help line, histogram buckets and label names (sorted, as
    the series were always written)."""

    name: str
    kind: str  # counter | gauge | histogram
    help: str
    buckets: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()


FAMILIES = {
    f.name: f
    for f in (
        Family("rolewatch_start_time_seconds", "gauge", "When the daemon started (Unix time)."),
        Family(
            "rolewatch_cycles_total",
            "counter",
            "Check processes run, by outcome: ok, failed (a source failed), timeout, crashed, "
            "aborted (at shutdown).",
            labels=("outcome",),
        ),
        Family("rolewatch_cycle_duration_seconds", "histogram",
               "Wall time of one check process.", DURATION_BUCKETS),
        Family("rolewatch_crawls_total", "counter",
               "Crawls of a source, by status: complete, partial, failed.",
               labels=("source", "status")),
        Family("rolewatch_crawl_failures_total", "counter",
               "Failed crawls of a source (timeouts included).", labels=("source",)),
        Family("rolewatch_crawl_duration_seconds", "histogram",
               "Time from the start of a crawl until its source was stored.", DURATION_BUCKETS),
        Family("rolewatch_runs_deferred_total", "counter",
               "Runs that fell due while the source was still crawling (they start after).",
               labels=("source",)),
        Family("rolewatch_postings_open", "gauge", "Open postings of a source.",
               labels=("source",)),
        Family("rolewatch_changes_total", "counter", "Changes detected, by source and kind.",
               labels=("kind", "source")),
        Family("rolewatch_alerts_sent_total", "counter",
               "Alert messages a notify service accepted."),
        Family("rolewatch_alerts_failed_total", "counter",
               "Alert messages that failed (they are retried)."),
        Family("rolewatch_alerts_dead_total", "counter", "Alerts given up on."),
        Family("rolewatch_source_last_success_timestamp_seconds", "gauge",
               "When a source last crawled successfully (Unix time).", labels=("source",)),
        Family("rolewatch_source_failures_in_row", "gauge", "Failed crawls in a row.",
               labels=("source",)),
        Family("rolewatch_source_overdue", "gauge",
               "1 when a source has missed two scheduled runs (see /healthz).",
               labels=("source",)),
        Family("rolewatch_children_running", "gauge", "Check processes running now."),
        Family("rolewatch_scrapyd_node_up", "gauge",
               "1 while a Scrapyd node answers (executor: scrapyd), 0 once it is drained.",
               labels=("node",)),
        Family("rolewatch_scrapyd_node_load", "gauge",
               "Jobs running and pending on a Scrapyd node, as it last said.", labels=("node",)),
        Family("rolewatch_scrapyd_jobs_total", "counter",
               "Scrapyd jobs, by node and outcome: scheduled, refused, finished, lost (its node "
               "was drained), timeout.", labels=("node", "outcome")),
        Family("rolewatch_leader", "gauge",
               "1 while this daemon schedules (holds the database's daemon lock), 0 while it "
               "stands by."),
        Family("rolewatch_config_reloads_total", "counter",
               "Config reloads (SIGHUP), by result: ok, refused.", labels=("result",)),
        Family("rolewatch_pruned_rows_total", "counter",
               "Rows deleted by the daily retention prune, by table.", labels=("table",)),
        Family("rolewatch_http_request_duration_seconds", "histogram",
               "Time to answer one request of the web app, by route, method and status.",
               REQUEST_BUCKETS, ("method", "route", "status")),
    )
}  # fmt: skip

_TYPES = {"counter": Counter, "gauge": Gauge, "histogram": Histogram}


class Metrics:
    """Counters, gauges and histograms in a registry of their own; safe from any thread."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self._lock = threading.Lock()
        self._seen: dict[str, set[tuple[str, ...]]] = {name: set() for name in FAMILIES}
        self._metrics = {}
        for family in FAMILIES.values():
            options = {"buckets": family.buckets} if family.kind == "histogram" else {}
            self._metrics[family.name] = _TYPES[family.kind](
                family.name, family.help, family.labels, registry=self.registry, **options
            )

    def _series(self, name: str, kind: str, labels: Mapping[str, str] | None) -> Any:
        family = FAMILIES[name]
        if family.kind != kind:
            raise ValueError(f"{name} is a {family.kind}, not a {kind}")
        metric = self._metrics[name]
        if not family.labels:
            return metric
        values = tuple(str((labels or {})[label]) for label in family.labels)
        with self._lock:
            self._seen[name].add(values)
        return metric.labels(*values)

    def inc(self, name: str, labels: Mapping[str, str] | None = None, by: float = 1) -> None:
        self._series(name, "counter", labels).inc(by)

    def set(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        self._series(name, "gauge", labels).set(value)

    def observe(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        self._series(name, "histogram", labels).observe(value)

    def forget(self, label: str, values: Iterable[str]) -> None:
        """Drop every series whose `label` is one of `values` (a source no longer configured)."""
        gone = set(values)
        for name, family in FAMILIES.items():
            if label not in family.labels:
                continue
            index = family.labels.index(label)
            with self._lock:
                doomed = {s for s in self._seen[name] if s[index] in gone}
                self._seen[name] -= doomed
            for series in doomed:
                self._metrics[name].remove(*series)

    def value(self, name: str, labels: Mapping[str, str] | None = None) -> float:
        """One series' current value (0 if never set); for tests and logs."""
        sample = self.registry.get_sample_value(name, dict(labels or {}))
        return sample or 0.0

    def exposition(self, accept: str | None = None) -> tuple[bytes, str]:
        """(body, content type) for a scrape with this Accept header: text 0.0.4 by default."""
        encoder, content_type = choose_encoder(accept or "")
        return encoder(self.registry), content_type

    def render(self) -> str:
        """Every family in the text exposition format."""
        return self.exposition()[0].decode()
