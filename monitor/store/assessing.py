"""Each posting's pay-transparency assessment, stored with it and kept current.

The assessment (`monitor.transparency.assess`) is stored on the posting row, with its status in
a column of its own so that listings filter on it, and a stamp of what it was made under: the
rules' version, the day the rules in force last changed, and the source's `employees`.

- Every new or changed posting is assessed as it is stored (`columns`): with the content at
  hand, in the process that stores it (a baseline's worker process), and in time for the
  `pay_missing` alert. About 30 us of CPU a posting on a machine where normalising it takes
  370-1,030 us (73 us before what a posting's places decide was kept per set of places).
- `refresh` assesses again the open postings whose stamp is not the current one: after the
  rules, a rule's effective date or a source's `employees` changed, after `db reextract`, and
  postings stored before this existed. Each cycle runs it after storing. A source records the
  stamp its postings were last all brought to (with its baseline, and by `refresh`), so a
  steady cycle costs one read of the sources (1,000 sources: 9 ms on SQLite); the cycle after
  a change re-reads each stale posting's content (10,000 postings: about 1 s on SQLite, 2 s
  on PostgreSQL), in transactions of CHUNK postings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, or_, select, update

from monitor.config import Config
from monitor.store.db import chunks
from monitor.store.models import PostingRow, SnapshotRow, SourceRow
from monitor.transparency import RULES, RULES_VERSION, assess

logger = logging.getLogger(__name__)

CHUNK = 500
_POSTINGS = cast(Table, PostingRow.__table__)

# the days the rules in force (or the reasons given) change: a stamp from before one is stale
_TURNS: tuple[date, ...] = tuple(
    sorted(
        {rule.effective_from for rule in RULES}
        | {rule.effective_to + timedelta(days=1) for rule in RULES if rule.effective_to}
        | {rule.enforced_from for rule in RULES if rule.enforced_from}
    )
)


@lru_cache(maxsize=256)
def stamp(employees: int | None, on: date) -> str:
    """What an assessment made on `on` for a source with `employees` was made under."""
    turned = max((day for day in _TURNS if day <= on), default=date.min)
    return f"{RULES_VERSION}/{turned.isoformat()}/{employees or ''}"


def assessment(content: Mapping[str, Any], employees: int | None, on: date) -> dict[str, Any]:
    """SPEC's `transparency` of a posting's normalised content."""
    return assess(
        locations=content.get("locations") or [],
        workplace=content.get("workplace"),
        pay=content.get("pay") or [],
        text=content.get("description") or "",
        employees=employees,
        on=on,
    )


def columns(content: Mapping[str, Any], employees: int | None, on: date) -> dict[str, Any]:
    """The posting row's transparency columns for this content."""
    found = assessment(content, employees, on)
    return {
        "transparency": found,
        "transparency_status": found["status"],
        "transparency_stamp": stamp(employees, on),
    }


_STALE = (
    select(PostingRow.id, SnapshotRow.data)
    .join(SnapshotRow, SnapshotRow.id == PostingRow.snapshot_id)
    .where(
        PostingRow.source_id == bindparam("b_source"),
        PostingRow.status == "open",
        or_(
            PostingRow.transparency_stamp.is_(None),
            PostingRow.transparency_stamp != bindparam("b_stamp"),
        ),
    )
    .order_by(PostingRow.id)
    .limit(CHUNK)
)
_SET = (
    update(PostingRow)
    .where(PostingRow.id == bindparam("b_id"))
    .values(
        transparency=bindparam("b_transparency", type_=_POSTINGS.c.transparency.type),
        transparency_status=bindparam("b_status"),
        transparency_stamp=bindparam("b_stamp"),
    )
)


def refresh(engine: Engine, config: Config, names: Iterable[str], on: date) -> int:
    """Assess the open postings of these sources whose assessment is not current; how many.

    A source records the stamp its postings were last all brought to: one read of the
    sources tells which have anything to do (in a steady cycle, none)."""
    settings = {s.name: s.employees for s in config.sources}
    wanted = [n for n in names if n in settings]
    sources: list[Any] = []
    with engine.connect() as conn:
        for chunk in chunks(wanted):
            sources += conn.execute(
                select(SourceRow.name, SourceRow.id, SourceRow.transparency_stamp).where(
                    SourceRow.name.in_(chunk)
                )
            ).all()
    done = 0
    for name, source_id, recorded in sources:
        employees = settings[name]
        current = stamp(employees, on)
        if recorded == current:
            continue
        while True:
            with engine.begin() as conn:
                rows = conn.execute(_STALE, {"b_source": source_id, "b_stamp": current}).all()
                if not rows:
                    break
                updates = []
                for posting_id, data in rows:
                    found = assessment(data or {}, employees, on)
                    updates.append(
                        {
                            "b_id": posting_id,
                            "b_transparency": found,
                            "b_status": found["status"],
                            "b_stamp": current,
                        }
                    )
                conn.execute(_SET, updates)
                done += len(updates)
        with engine.begin() as conn:
            conn.execute(
                update(SourceRow)
                .where(SourceRow.id == source_id)
                .values(transparency_stamp=current)
            )
    if done:
        logger.info("pay transparency assessed for %d postings", done)
    return done
