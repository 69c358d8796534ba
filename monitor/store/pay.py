"""What `rolewatch pay`, the web's /pay page and /api/v1/pay read: postings' stated pay as
`monitor.paystats.Observation`s, now and month by month from their versions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from monitor.paystats import Observation, overview
from monitor.store.models import PostingRow, SnapshotRow, SourceRow
from monitor.timeutil import utcnow


def _sources(session: Session, names: Iterable[str] | None) -> dict[int, str]:
    query = select(SourceRow.id, SourceRow.name)
    if names is not None:
        query = query.where(SourceRow.name.in_(list(names)))
    return dict(session.execute(query).all())


def open_postings(engine: Engine, sources: Iterable[str] | None = None) -> list[Observation]:
    """The open postings of these sources (None: every source) as they stand now."""
    with Session(engine) as session:
        names = _sources(session, sources)
        rows = session.execute(
            select(
                PostingRow.key, PostingRow.source_id, PostingRow.title, PostingRow.locations,
                PostingRow.pay, PostingRow.last_seen,
            ).where(PostingRow.status == "open", PostingRow.source_id.in_(list(names)))
        ).all()  # fmt: skip
    return [
        Observation(key, names[source_id], title or "", tuple(locations or ()),
                    tuple(pay or ()), last_seen.date())
        for key, source_id, title, locations, pay, last_seen in rows
    ]  # fmt: skip


def monthly_sightings(engine: Engine, sources: Iterable[str] | None = None) -> list[Observation]:
    """Every posting of these sources once for each month it was open, as it stood at the
    end of that month (or on the last day it was seen, in the month it closed)."""
    title, locations, pay = (SnapshotRow.data[f] for f in ("title", "locations", "pay"))
    with Session(engine) as session:
        names = _sources(session, sources)
        rows = session.execute(
            select(
                PostingRow.id, PostingRow.key, PostingRow.source_id, PostingRow.status,
                PostingRow.first_seen, PostingRow.last_seen, SnapshotRow.taken_at, title,
                locations, pay,
            )
            .join(SnapshotRow, SnapshotRow.posting_id == PostingRow.id)
            .where(PostingRow.source_id.in_(list(names)))
            .order_by(PostingRow.id, SnapshotRow.version)
        ).all()  # fmt: skip
    today = utcnow().date()
    out: list[Observation] = []
    versions: list[tuple[datetime, dict[str, Any]]] = []
    for index, row in enumerate(rows):
        versions.append((row.taken_at, {"title": row[7], "locations": row[8], "pay": row[9]}))
        if index + 1 < len(rows) and rows[index + 1].id == row.id:
            continue
        last = today if row.status == "open" else row.last_seen.date()
        for day, content in _month_ends(row.first_seen.date(), last, versions):
            out.append(
                Observation(row.key, names[row.source_id], str(content["title"] or ""),
                            tuple(content["locations"] or ()), tuple(content["pay"] or ()), day)
            )  # fmt: skip
        versions = []
    return out


def _month_ends(
    first: date, last: date, versions: list[tuple[datetime, dict[str, Any]]]
) -> Iterator[tuple[date, dict[str, Any]]]:
    """(day, the version in force that day) for the last day of each month from `first` to
    `last` (`last` itself in its own month)."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = date(year + month // 12, month % 12 + 1, 1)
        day = min(last, date.fromordinal(following.toordinal() - 1))
        current = versions[0][1]
        for taken_at, content in versions:
            if taken_at.date() <= day:
                current = content
        yield day, current
        year, month = following.year, following.month


def report(
    engine: Engine,
    *,
    sources: Iterable[str] | None = None,
    title: str | None = None,
    location: str | None = None,
    currency: str = "USD",
    period: str = "year",
) -> dict[str, Any]:
    """`rolewatch pay --json`: these sources' open postings and months (`paystats.overview`)."""
    return overview(
        open_postings(engine, sources), monthly_sightings(engine, sources),
        title=title, location=location, currency=currency, period=period,
    )  # fmt: skip
