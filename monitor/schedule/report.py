"""What the daemon makes of a batch: one log line per crawled source, metrics, source states."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from monitor.schedule.batch import Outcome
from monitor.schedule.health import Health
from monitor.schedule.metrics import Metrics
from monitor.store.queries import source_states

logger = logging.getLogger("monitor.schedule.daemon")


def report_outcome(metrics: Metrics, outcome: Outcome) -> None:
    """Log and count one batch: a line per source, one more when the child did not end well."""
    metrics.inc("rolewatch_cycles_total", {"outcome": outcome.outcome})
    metrics.observe("rolewatch_cycle_duration_seconds", outcome.seconds)
    for result in outcome.results:
        report_source(metrics, result)
    if outcome.alerts:
        count_alerts(metrics, outcome.alerts)
    if outcome.notify_error:
        logger.warning("alert delivery: %s", outcome.notify_error)
    if outcome.outcome in ("timeout", "crashed", "refused", "aborted"):
        logger.log(
            logging.INFO if outcome.outcome == "aborted" else logging.WARNING,
            "check for %s: %s (exit code %s) after %.1fs",
            ", ".join(outcome.names), outcome.outcome, outcome.code, outcome.seconds,
            extra={"batch": outcome.names, "outcome": outcome.outcome,
                   "timed_out": outcome.timed_out, "retry": outcome.retry},
        )  # fmt: skip


def report_source(metrics: Metrics, result: dict[str, Any]) -> None:
    """The line and the counters of one source's crawl (a result as `check --json` gives it)."""
    name, status = result["source"], result["status"]
    changes: dict[str, int] = result.get("changes") or {}
    seconds = float(result.get("seconds") or 0)
    metrics.inc("rolewatch_crawls_total", {"source": name, "status": status})
    metrics.observe("rolewatch_crawl_duration_seconds", seconds)
    if status == "failed":
        metrics.inc("rolewatch_crawl_failures_total", {"source": name})
    for kind, n in changes.items():
        metrics.inc("rolewatch_changes_total", {"source": name, "kind": kind}, n)
    total = sum(changes.values())
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(changes.items()))
    logger.log(
        logging.WARNING if status == "failed" else logging.INFO,
        "%s: %s, %s open postings, %d changes%s, %.1fs%s",
        name, status, result.get("open"), total, f" ({kinds})" if kinds else "", seconds,
        f": {result['error']}" if result.get("error") else "",
        extra={"source": name, "status": status, "postings": result.get("open"),
               "seen": result.get("seen"), "changes": total, "change_kinds": changes,
               "duration": round(seconds, 3), "error": result.get("error")},
    )  # fmt: skip


def count_alerts(metrics: Metrics, report: dict[str, Any]) -> None:
    """Add a delivery report (`DeliveryReport.as_dict()`) to the alert counters."""
    for key, family in (
        ("sent", "rolewatch_alerts_sent_total"),
        ("failed", "rolewatch_alerts_failed_total"),
        ("dead", "rolewatch_alerts_dead_total"),
    ):
        if report.get(key):
            metrics.inc(family, by=int(report[key]))


def refresh(engine: Engine, health: Health, metrics: Metrics, names: list[str]) -> None:
    """Read these sources' state from the database into the health and the metrics."""
    for state in source_states(engine, names):
        health.update(
            state.name, last_run=state.last_run, last_success=state.last_success,
            status=state.status, failures=state.failures, error=state.error, open=state.open,
        )  # fmt: skip
        labels = {"source": state.name}
        metrics.set("rolewatch_postings_open", state.open, labels)
        metrics.set("rolewatch_source_failures_in_row", state.failures, labels)
        if state.last_success is not None:
            stamp = state.last_success.timestamp()
            metrics.set("rolewatch_source_last_success_timestamp_seconds", stamp, labels)
