"""Deliver the outbox: one digest per target per cycle, retried with backoff, never sent twice.

What is guaranteed, for the README:

    Alerts are written to an outbox in the same transaction as the changes they announce, so
    none is lost. Delivery claims a target's rows (a committed transaction that marks them as
    being sent and counts the attempt) before it sends, and marks them sent right after
    Apprise reports success. A failed delivery is retried after 1, 2, 4 ... minutes (at most
    6 hours apart), and every cycle first sends what is pending; after 12 failed attempts a
    row is given up on ("dead") and shown by `rolewatch notify status`. Two deliverers never
    take the same rows. If rolewatch dies between a service accepting a message and the
    database recording it (or Apprise gives up waiting on a service that then delivers), the
    held rows are sent again once their lease runs out: at most one repeat, never a loss.
    A target that is an Apprise config file with several services is tracked per service, so
    a retry goes only to the services that have not had the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from monitor.config import Config
from monitor.notify.digest import make_title, render
from monitor.notify.markup import Dialect, Text, clean, join_blocks, paragraph
from monitor.notify.services import Resolved, redact, resolve_all, send, send_timeout
from monitor.store import outbox
from monitor.timeutil import aware, utcnow

logger = logging.getLogger(__name__)

LEASE_MARGIN = timedelta(minutes=5)


@dataclass
class TargetReport:
    """What happened for one target in one delivery."""

    id: str  # route.target_id: what the outbox rows carry
    target: str  # the target's name, or its URL as Apprise's privacy rendering shows it
    alerts: int = 0  # rows taken for this target
    delivered: int = 0  # rows now fully sent
    messages: int = 0  # messages Apprise accepted
    failed: int = 0  # messages that failed
    dead: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.error is None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass
class DeliveryReport:
    """What one `deliver` or `send_test` did."""

    sent: int = 0  # messages accepted by a service
    delivered_alerts: int = 0
    failed: int = 0  # messages that failed
    dead: int = 0  # rows given up on
    suppressed: int = 0  # rows of sources no longer in the config: never sent
    targets: list[TargetReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "delivered_alerts": self.delivered_alerts,
            "failed": self.failed,
            "dead": self.dead,
            "suppressed": self.suppressed,
            "targets": [t.as_dict() for t in self.targets],
        }


def _deliver_target(engine: Engine, target: Resolved, now: datetime,
                    clock: Callable[[], datetime]) -> TargetReport | None:  # fmt: skip
    lease = timedelta(seconds=sum(send_timeout(s) for s in target.services)) + LEASE_MARGIN
    held = outbox.claim(engine, target.id, now, lease)
    if held is None:
        return None
    report = TargetReport(target.id, target.name, alerts=len(held.ids))
    errors: list[str] = []
    if target.error:
        errors.append(target.error)
        report.failed += 1
    else:
        items = outbox.load(engine, held.ids)
        keys = {s.key for s in target.services}
        # every service has these already (a service was dropped from the config file)
        had = [i.id for i in items if keys <= outbox.delivered_to(i)]
        if had:
            some = next(iter(keys))
            report.delivered += outbox.mark_delivered(engine, had, held.token, some, keys, clock())
        for service in target.services:
            todo = [i for i in items if service.key not in outbox.delivered_to(i)]
            if not todo:
                continue
            form = service.dialect(service.resolve_format(target.format))
            title = make_title(todo, service.title_maxlen())
            fits = service.fits(form.format, title)
            digest = render(todo, form, fits, service.title_maxlen())
            outcome = send(service, digest.title, digest.body, form.format)
            if outcome.ok:
                report.messages += 1
                report.delivered += outbox.mark_delivered(
                    engine, [i.id for i in todo], held.token, service.key, keys, clock()
                )
                logger.info("sent %d alerts to %s", len(todo), service.name)
            else:
                report.failed += 1
                errors.append(f"{service.name}: {outcome.error}")
    if errors:
        report.error = redact("; ".join(errors))[:1000]
        report.dead = outbox.mark_failed(engine, held.ids, held.token, report.error, clock())
        logger.warning("delivery to %s failed: %s", target.name, report.error)
    return report


def deliver(engine: Engine, config: Config, *, now: datetime | None = None) -> DeliveryReport:
    """Send every due pending outbox row: one digest per target.

    A target with anything due also gets its other pending rows in the same message. Rows are
    marked sent only after Apprise reports success; failures back off (1m, 2m, 4m ... 6h) and
    go dead after 12 attempts; rows of targets no longer in the config go dead with that
    reason, and rows of sources no longer in it are suppressed (never sent). `now` stands in
    for the clock (tests simulate the passing of time with it).
    """
    moment = aware(now) if now is not None else utcnow()

    def clock() -> datetime:
        return moment if now is not None else utcnow()

    targets = resolve_all(config)
    report = DeliveryReport()
    report.dead += outbox.retire_unknown(engine, {t.id for t in targets}, moment)
    report.suppressed += outbox.suppress_unwatched(engine, (s.name for s in config.sources))
    seen: set[str] = set()
    for target in targets:
        if target.id in seen:  # the same target twice in the config: one digest
            continue
        seen.add(target.id)
        done = _deliver_target(engine, target, moment, clock)
        if done is None:
            continue
        report.targets.append(done)
        report.sent += done.messages
        report.delivered_alerts += done.delivered
        report.failed += done.failed
        report.dead += done.dead
    return report


def _test_body(config: Config, target: Resolved, fmt: str | Dialect) -> str:
    kinds = ", ".join(target.target.on) or "nothing"
    scope = (
        f"sources tagged {', '.join(target.target.tags)}" if target.target.tags else "every source"
    )
    lines = [
        "This is a test message from rolewatch: this target is reachable.",
        f"It will be told of: {kinds}; from {scope} ({len(config.sources)} configured).",
    ]
    return join_blocks([paragraph([Text(line)], fmt) for line in lines], fmt)


def send_test(config: Config) -> DeliveryReport:
    """Send one test message to every notify target (`rolewatch notify-test`)."""
    report = DeliveryReport()
    for target in resolve_all(config):
        entry = TargetReport(target.id, target.name)
        report.targets.append(entry)
        if target.error:
            entry.failed, entry.error = 1, target.error
            report.failed += 1
            continue
        errors: list[str] = []
        for service in target.services:
            form = service.dialect(service.resolve_format(target.format))
            title = "rolewatch: test message"
            outcome = send(service, title, _test_body(config, target, form), form.format)
            if outcome.ok:
                entry.messages += 1
            else:
                entry.failed += 1
                errors.append(f"{service.name}: {outcome.error}")
        entry.error = redact("; ".join(errors)) if errors else None
        report.sent += entry.messages
        report.failed += entry.failed
    return report


def outbox_status(engine: Engine, config: Config) -> list[dict[str, Any]]:
    """Per target (named without secrets): pending, sent, dead, last error, next attempt.

    Each row: `target` (name or privacy URL), `id`, `format`, `in_config`, `problem` (why it
    cannot be sent to, if so), `pending`, `sent`, `dead`, `suppressed` (never to be sent:
    `check --no-notify`, or its source left the config), `last_sent_at`, `next_attempt`
    (ISO 8601 UTC), `last_error`.
    """
    found = outbox.counts(engine)
    empty = outbox.no_counts()
    rows: list[dict[str, Any]] = []
    names: set[str] = set()
    for target in resolve_all(config):
        if target.id in names:
            continue
        names.add(target.id)
        entry = {**empty, **found.get(target.id, {})}
        rows.append(
            {"target": target.name, "id": target.id, "format": target.format,
             "in_config": True, "problem": target.error, **entry}
        )  # fmt: skip
    for ident, entry in sorted(found.items()):
        if ident not in names:
            rows.append(
                {"target": f"(no longer configured: {ident})", "id": ident, "format": None,
                 "in_config": False, "problem": None, **{**empty, **entry}}
            )  # fmt: skip
    for row in rows:
        if row["last_error"]:
            # Apprise's words about the user's own targets: their URLs stay as written
            row["last_error"] = clean(redact(str(row["last_error"])), 1000, links=True)
    return rows
