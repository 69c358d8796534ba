"""The daemon's metrics, kept in memory and written in Prometheus' text format (0.0.4).

Hand-written rather than prometheus-client: a dozen series, one process, no dependency.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

DURATION_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Family:
    """One metric: its name, type and help line."""

    name: str
    kind: str  # counter | gauge | histogram
    help: str
    buckets: tuple[float, ...] = ()


FAMILIES = {
    f.name: f
    for f in (
        Family("rolewatch_start_time_seconds", "gauge", "When the daemon started (Unix time)."),
        Family(
            "rolewatch_cycles_total",
            "counter",
            "Check processes run, by outcome: ok, failed (a source failed), timeout, crashed, "
            "aborted (at shutdown).",
        ),
        Family("rolewatch_cycle_duration_seconds", "histogram",
               "Wall time of one check process.", DURATION_BUCKETS),
        Family("rolewatch_crawls_total", "counter",
               "Crawls of a source, by status: complete, partial, failed."),
        Family("rolewatch_crawl_failures_total", "counter",
               "Failed crawls of a source (timeouts included)."),
        Family("rolewatch_crawl_duration_seconds", "histogram",
               "Time from the start of a crawl until its source was stored.", DURATION_BUCKETS),
        Family("rolewatch_runs_deferred_total", "counter",
               "Runs that fell due while the source was still crawling (they start after)."),
        Family("rolewatch_postings_open", "gauge", "Open postings of a source."),
        Family("rolewatch_changes_total", "counter", "Changes detected, by source and kind."),
        Family("rolewatch_alerts_sent_total", "counter",
               "Alert messages a notify service accepted."),
        Family("rolewatch_alerts_failed_total", "counter",
               "Alert messages that failed (they are retried)."),
        Family("rolewatch_alerts_dead_total", "counter", "Alerts given up on."),
        Family("rolewatch_source_last_success_timestamp_seconds", "gauge",
               "When a source last crawled successfully (Unix time)."),
        Family("rolewatch_source_failures_in_row", "gauge", "Failed crawls in a row."),
        Family("rolewatch_source_overdue", "gauge",
               "1 when a source has missed two scheduled runs (see /healthz)."),
        Family("rolewatch_children_running", "gauge", "Check processes running now."),
        Family("rolewatch_config_reloads_total", "counter",
               "Config reloads (SIGHUP), by result: ok, refused."),
        Family("rolewatch_pruned_rows_total", "counter",
               "Rows deleted by the daily retention prune, by table."),
    )
}  # fmt: skip


@dataclass
class _Histogram:
    buckets: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    count: int = 0

    def observe(self, value: float) -> None:
        if not self.counts:
            self.counts = [0] * len(self.buckets)
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                self.counts[i] += 1
        self.total += value
        self.count += 1


def _labels(labels: Mapping[str, str] | None) -> Labels:
    return tuple(sorted((labels or {}).items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _render_labels(labels: Labels, extra: tuple[str, str] | None = None) -> str:
    pairs = [*labels, *([extra] if extra else [])]
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(str(v))}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class Metrics:
    """Counters, gauges and histograms; safe to update from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[Labels, float]] = {}
        self._histograms: dict[str, dict[Labels, _Histogram]] = {}

    def inc(self, name: str, labels: Mapping[str, str] | None = None, by: float = 1) -> None:
        assert FAMILIES[name].kind == "counter", name
        with self._lock:
            series = self._values.setdefault(name, {})
            key = _labels(labels)
            series[key] = series.get(key, 0) + by

    def set(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        assert FAMILIES[name].kind == "gauge", name
        with self._lock:
            self._values.setdefault(name, {})[_labels(labels)] = value

    def observe(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        family = FAMILIES[name]
        assert family.kind == "histogram", name
        with self._lock:
            series = self._histograms.setdefault(name, {})
            key = _labels(labels)
            series.setdefault(key, _Histogram(family.buckets)).observe(value)

    def forget(self, label: str, values: Iterable[str]) -> None:
        """Drop every series whose `label` is one of `values` (a source no longer configured)."""
        gone = set(values)
        with self._lock:
            for series in self._values.values():
                for key in [k for k in series if dict(k).get(label) in gone]:
                    del series[key]

    def value(self, name: str, labels: Mapping[str, str] | None = None) -> float:
        """One series' current value (0 if never set); for tests and logs."""
        with self._lock:
            return self._values.get(name, {}).get(_labels(labels), 0)

    def render(self) -> str:
        """Every family in the text exposition format."""
        lines: list[str] = []
        with self._lock:
            for name, family in FAMILIES.items():
                lines.append(f"# HELP {name} {family.help}")
                lines.append(f"# TYPE {name} {family.kind}")
                if family.kind == "histogram":
                    for labels, hist in sorted(self._histograms.get(name, {}).items()):
                        counts = hist.counts or [0] * len(hist.buckets)
                        for bound, n in zip(hist.buckets, counts, strict=True):
                            le = ("le", _number(bound))
                            lines.append(f"{name}_bucket{_render_labels(labels, le)} {n}")
                        inf = ("le", "+Inf")
                        lines.append(f"{name}_bucket{_render_labels(labels, inf)} {hist.count}")
                        lines.append(f"{name}_sum{_render_labels(labels)} {_number(hist.total)}")
                        lines.append(f"{name}_count{_render_labels(labels)} {hist.count}")
                    continue
                for labels, value in sorted(self._values.get(name, {}).items()):
                    lines.append(f"{name}{_render_labels(labels)} {_number(value)}")
        return "\n".join(lines) + "\n"
