"""The alert outbox in the database: claim due rows, record delivery, back off, give up.

A row is `pending` until delivered (`sent`) or given up on (`dead`). While one deliverer
sends it, it is `sending`, with `next_attempt_at` set to the end of a lease: that moment,
unique to the claim (it carries random microseconds), is also the claim's token, so a
deliverer only ever marks rows it still holds. A row whose lease ran out (its deliverer
crashed or hung) is due again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, true, update
from sqlalchemy.orm import Session

from monitor.store.db import chunks
from monitor.store.models import AlertRow, ChangeRow
from monitor.timeutil import aware, isoformat, utcnow

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
# never to be sent: written by `check --no-notify`, or for a source that left the config
SUPPRESSED = "suppressed"
MAX_ATTEMPTS = 12
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
GONE = "notify target no longer in the config"


@dataclass(frozen=True, slots=True)
class Item:
    """One outbox row with the change it announces."""

    id: int
    source: str
    kind: str
    when: datetime
    key: str | None = None
    title: str | None = None
    url: str | None = None
    before: Any = None
    after: Any = None
    payload: dict[str, Any] | None = None


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 1m, 2m, 4m, ... at most 6h."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _ready(table: Any, now: datetime) -> Any:
    """Rows to be sent now: pending and due, or held by a deliverer whose lease ran out."""
    due = or_(table.next_attempt_at.is_(None), table.next_attempt_at <= now)
    return or_(
        and_(table.status == PENDING, due),
        and_(table.status == SENDING, table.next_attempt_at <= now),
    )


@dataclass(frozen=True, slots=True)
class Claim:
    """The rows one deliverer holds for one target, and the token they carry."""

    target: str
    ids: list[int]
    token: datetime


def claim(engine: Engine, target: str, now: datetime, lease: timedelta) -> Claim | None:
    """Take a target's due rows for sending. A row backing off after a failure waits for its
    own time, whatever else is due: a slow service must not get it again every cycle.

    One committed UPDATE: on SQLite it runs under the database's single write lock, so two
    deliverers cannot take the same row; on PostgreSQL the rows are picked with
    `FOR UPDATE SKIP LOCKED` and a row another deliverer took meanwhile no longer matches.
    """
    token = aware(now) + lease + timedelta(microseconds=secrets.randbelow(1_000_000))
    picked = select(AlertRow.id).where(AlertRow.target == target, _ready(AlertRow, now))
    if engine.dialect.name == "postgresql":
        picked = picked.with_for_update(skip_locked=True)
    statement = (
        update(AlertRow)
        .where(AlertRow.id.in_(picked.scalar_subquery()))
        .values(status=SENDING, attempts=AlertRow.attempts + 1, next_attempt_at=token)
        .returning(AlertRow.id)
        .execution_options(synchronize_session=False)
    )
    with engine.begin() as conn:
        ids = sorted(conn.scalars(statement).all())
    return Claim(target, ids, token) if ids else None


def retire_unknown(engine: Engine, known: Iterable[str], now: datetime) -> int:
    """Give up on rows whose target has left the config; returns how many."""
    known = list(known)
    gone = AlertRow.target.not_in(known) if known else true()
    statement = (
        update(AlertRow)
        .where(gone, or_(AlertRow.status == PENDING, _ready(AlertRow, now)))
        .values(status=DEAD, last_error=GONE, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    with engine.begin() as conn:
        return conn.execute(statement).rowcount or 0


UNWATCHED = "its source is no longer in the config"


def suppress_unwatched(engine: Engine, sources: Iterable[str]) -> int:
    """Never send the waiting rows of sources that have left the config; returns how many."""
    watched = list(sources)
    gone = AlertRow.source.not_in(watched) if watched else true()
    statement = (
        update(AlertRow)
        .where(gone, AlertRow.status == PENDING)
        .values(status=SUPPRESSED, last_error=UNWATCHED, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    with engine.begin() as conn:
        return conn.execute(statement).rowcount or 0


def load(engine: Engine, ids: Sequence[int]) -> list[Item]:
    """The claimed rows with the changes they announce."""
    items: list[Item] = []
    with Session(engine) as session:
        for chunk in chunks(ids):
            rows = session.execute(
                select(AlertRow, ChangeRow)
                .outerjoin(ChangeRow, ChangeRow.id == AlertRow.change_id)
                .where(AlertRow.id.in_(chunk))
            )
            for alert, change in rows:
                items.append(
                    Item(
                        id=alert.id,
                        source=alert.source,
                        kind=alert.kind,
                        when=aware(change.detected_at if change else alert.created_at),
                        key=change.key if change else None,
                        title=change.title if change else None,
                        url=change.url if change else None,
                        before=change.before if change else None,
                        after=change.after if change else None,
                        payload=dict(alert.payload or {}),
                    )
                )
    return items


def delivered_to(item: Item) -> set[str]:
    """The services of its target that already have this row (a config file may hold many)."""
    return set((item.payload or {}).get("delivered") or ())


def _held(session: Session, ids: Sequence[int], token: datetime) -> list[AlertRow]:
    """The rows of `ids` this claim still holds, write-locked for the rest of the transaction."""
    rows: list[AlertRow] = []
    for chunk in chunks(ids):
        # Writing first takes SQLite's write lock (PostgreSQL's row locks) before reading, so
        # the read below cannot go stale before our updates.
        session.execute(
            update(AlertRow)
            .where(AlertRow.id.in_(chunk), AlertRow.next_attempt_at == token)
            .values(next_attempt_at=token)
            .execution_options(synchronize_session=False)
        )
        rows += session.scalars(
            select(AlertRow).where(
                AlertRow.id.in_(chunk),
                AlertRow.status == SENDING,
                AlertRow.next_attempt_at == token,
            )
        ).all()
    return rows


def mark_delivered(engine: Engine, ids: Sequence[int], token: datetime, service: str,
                   services: set[str], now: datetime) -> int:  # fmt: skip
    """Record that `service` has these rows; a row is sent once every service has it."""
    sent = 0
    with Session(engine) as session, session.begin():
        for row in _held(session, ids, token):
            payload = dict(row.payload or {})
            done = set(payload.get("delivered") or ()) | {service}
            if services <= done:
                payload.pop("delivered", None)
                row.status, row.sent_at, row.last_error = SENT, aware(now), None
                sent += 1
            else:
                payload["delivered"] = sorted(done)
            row.payload = payload or None
    return sent


def mark_failed(engine: Engine, ids: Sequence[int], token: datetime, error: str,
                now: datetime) -> int:  # fmt: skip
    """Back off the rows still held; those out of attempts go dead. Returns how many died."""
    dead = 0
    with Session(engine) as session, session.begin():
        for row in _held(session, ids, token):
            row.last_error = error
            if row.attempts >= MAX_ATTEMPTS:
                row.status, row.next_attempt_at = DEAD, None
                dead += 1
            else:
                row.status, row.next_attempt_at = PENDING, aware(now) + backoff(row.attempts)
    return dead


def next_due(engine: Engine) -> datetime | None:
    """When the earliest pending row is due (or a held row's lease runs out); None if none."""
    with engine.connect() as conn:
        waiting = conn.execute(
            select(func.count(), func.min(AlertRow.next_attempt_at)).where(
                AlertRow.status.in_((PENDING, SENDING))
            )
        ).one()
        if not waiting[0]:
            return None
        undated = conn.scalar(
            select(func.count()).where(
                AlertRow.status == PENDING, AlertRow.next_attempt_at.is_(None)
            )
        )
    if undated or waiting[1] is None:
        return utcnow()
    return aware(waiting[1])


def no_counts() -> dict[str, Any]:
    """A target's counts before anything was queued for it."""
    return {"pending": 0, "sent": 0, "dead": 0, "suppressed": 0, "last_sent_at": None,
            "next_attempt": None, "last_error": None}  # fmt: skip


def counts(engine: Engine) -> dict[str, dict[str, Any]]:
    """Per target id: rows by status, last delivery, next attempt, latest error."""
    found: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        grouped = conn.execute(
            select(
                AlertRow.target,
                AlertRow.status,
                func.count(),
                func.max(AlertRow.sent_at),
                func.min(AlertRow.next_attempt_at),
            ).group_by(AlertRow.target, AlertRow.status)
        )
        for target, status, n, sent_at, next_at in grouped:
            entry = found.setdefault(target, no_counts())
            named = {SENT: "sent", DEAD: "dead", SUPPRESSED: "suppressed"}
            entry[named.get(status, "pending")] += n
            if status == SENT and sent_at is not None:
                entry["last_sent_at"] = isoformat(aware(sent_at))
            if status in (PENDING, SENDING) and next_at is not None:
                earlier = entry["next_attempt"]
                candidate = isoformat(aware(next_at))
                entry["next_attempt"] = min(filter(None, (earlier, candidate)))
        latest = (
            select(func.max(AlertRow.id))
            .where(AlertRow.last_error.is_not(None), AlertRow.status.not_in((SENT, SUPPRESSED)))
            .group_by(AlertRow.target)
        )
        for target, error in conn.execute(
            select(AlertRow.target, AlertRow.last_error).where(AlertRow.id.in_(latest))
        ):
            found.setdefault(target, {})["last_error"] = error
    return found
