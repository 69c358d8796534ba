"""Read-side queries behind `postings`, `changes`, `history`, `sources`, and the daemon's view
of its sources and their latest runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, select, tuple_
from sqlalchemy.orm import Session

from monitor.store.db import PARAMS, chunks
from monitor.store.models import ChangeRow, PostingRow, RunRow, SnapshotRow, SourceRow
from monitor.store.views import change_dict, posting_dict, version_ref
from monitor.timeutil import isoformat


def names_by_id(session: Session) -> dict[int, str]:
    """Source id -> name."""
    return dict(session.execute(select(SourceRow.id, SourceRow.name)).all())


def _source_ids(session: Session, names: list[str] | None) -> list[int] | None:
    if not names:
        return None
    return list(session.scalars(select(SourceRow.id).where(SourceRow.name.in_(names))))


def description_texts(
    session: Session | Connection, rows: Sequence[Any]
) -> dict[tuple[int, int], Any]:
    """(posting id, version) -> description, for the versions description changes point at."""
    wanted = {
        (row.posting_id, version)
        for row in rows
        if row.kind == "description_changed" and row.posting_id is not None
        for version in (version_ref(row.before), version_ref(row.after))
        if version is not None
    }
    texts: dict[tuple[int, int], Any] = {}
    pairs = sorted(wanted)
    for chunk in chunks(pairs, PARAMS // 2):  # two parameters a pair
        found = session.execute(
            select(SnapshotRow.posting_id, SnapshotRow.version, SnapshotRow.data).where(
                tuple_(SnapshotRow.posting_id, SnapshotRow.version).in_(chunk)
            )
        )
        texts.update({(pid, version): data.get("description") for pid, version, data in found})
    return texts


def postings(
    engine: Engine,
    sources: list[str] | None = None,
    *,
    all_: bool = False,
    watched: list[str] | None = None,
    transparency: str | None = None,
) -> list[dict]:
    """Open postings (every posting with `all_`), by source then title; with `transparency`,
    only those with that pay-transparency status.

    `watched`: the sources in the config. The open postings of any other source are
    `unwatched` (nothing reads its board any more): left out, or with `all_` shown so.
    """
    with Session(engine) as session:
        names = names_by_id(session)
        query = select(PostingRow)
        ids = _source_ids(session, sources)
        if ids is not None:
            query = query.where(PostingRow.source_id.in_(ids))
        if watched is not None and not all_:
            kept = [i for i, name in names.items() if name in set(watched)]
            query = query.where(PostingRow.source_id.in_(kept))
        if not all_:
            query = query.where(PostingRow.status == "open")
        if transparency:
            query = query.where(PostingRow.transparency_status == transparency)
        rows = session.scalars(query).all()
        out = [posting_dict(r, names[r.source_id]) for r in rows]
    if watched is not None:
        for posting in out:
            if posting["status"] == "open" and posting["source"] not in watched:
                posting["status"] = UNWATCHED
    return sorted(out, key=lambda p: (p["source"], p["title"].casefold(), p["key"]))


UNWATCHED = "unwatched"  # open when last read, but its source has left the config


def unwatched_counts(
    engine: Engine, watched: list[str], among: list[str] | None = None
) -> dict[str, int]:
    """Open postings per source no longer in the config (`watched`), of those `among`."""
    query = (
        select(SourceRow.name, func.count())
        .join(PostingRow, PostingRow.source_id == SourceRow.id)
        .where(PostingRow.status == "open", SourceRow.name.not_in(watched))
        .group_by(SourceRow.name)
    )
    if among:
        query = query.where(SourceRow.name.in_(among))
    with Session(engine) as session:
        return dict(sorted(session.execute(query).all()))


def source_names(engine: Engine) -> list[str]:
    """Every source the database has a record of."""
    with Session(engine) as session:
        return sorted(session.scalars(select(SourceRow.name)))


def unknown_sources(engine: Engine, names: list[str], configured: list[str]) -> list[str]:
    """The names that are neither configured nor stored sources."""
    known = set(configured) | set(source_names(engine))
    return [name for name in names if name not in known]


def changes(
    engine: Engine,
    *,
    since: datetime | None = None,
    sources: list[str] | None = None,
    kinds: list[str] | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Changes, newest first."""
    with Session(engine) as session:
        names = names_by_id(session)
        query = select(ChangeRow).order_by(ChangeRow.detected_at.desc(), ChangeRow.id.desc())
        if since is not None:
            query = query.where(ChangeRow.detected_at >= since)
        ids = _source_ids(session, sources)
        if ids is not None:
            query = query.where(ChangeRow.source_id.in_(ids))
        if kinds:
            query = query.where(ChangeRow.kind.in_(kinds))
        if limit:
            query = query.limit(limit)
        rows = list(session.scalars(query))
        texts = description_texts(session, rows)
        return [change_dict(r, names[r.source_id], texts) for r in rows]


VERSION_FIELDS = ("title", "locations", "workplace", "pay", "office")


def history(engine: Engine, key: str, content: bool = False) -> dict[str, Any] | None:
    """Every version of one posting, oldest first, with the changes each version brought;
    with `content`, each version's whole content too (description included: what the web
    app's posting page draws and compares).

    `reposts`: the other postings of the same role, linked by `reposted` changes (the ones
    this posting repeats and those that repeat it), oldest first, each in the same shape
    without `reposts` of its own."""
    with Session(engine) as session:
        row = session.scalar(select(PostingRow).where(PostingRow.key == key))
        if row is None:
            return None
        names = names_by_id(session)
        found = _versions(session, row, names, content)
        found["reposts"] = [
            _versions(session, other, names, content) for other in _repost_chain(session, row)
        ]
        return found


def _repost_chain(session: Session, row: PostingRow) -> list[PostingRow]:
    """The postings linked to this one by reposts, both ways, oldest first (without it)."""
    earlier: list[PostingRow] = []
    seen = {row.key}
    current: PostingRow | None = row
    while current is not None and current.reposted_from and current.reposted_from not in seen:
        current = session.scalar(select(PostingRow).where(PostingRow.key == current.reposted_from))
        if current is not None:
            seen.add(current.key)
            earlier.insert(0, current)
    later: list[PostingRow] = []
    current = row
    while current is not None:
        current = session.scalar(
            select(PostingRow).where(PostingRow.reposted_from == current.key).limit(1)
        )
        if current is None or current.key in seen:
            break
        seen.add(current.key)
        later.append(current)
    return earlier + later


def _versions(
    session: Session, row: PostingRow, names: dict[int, str], content: bool
) -> dict[str, Any]:
    """One posting, its versions and its changes (see `history`)."""
    snaps = session.execute(
        select(SnapshotRow.version, SnapshotRow.taken_at, SnapshotRow.data, SnapshotRow.reread)
        .where(SnapshotRow.posting_id == row.id)
        .order_by(SnapshotRow.version)
    ).all()
    found = session.scalars(
        select(ChangeRow).where(ChangeRow.posting_id == row.id).order_by(ChangeRow.id)
    ).all()
    texts = description_texts(session, list(found))
    versions = []
    for version, taken_at, data, reread in snaps:
        shown = {"version": version, "taken_at": isoformat(taken_at)}
        shown |= {f: data.get(f) for f in VERSION_FIELDS}
        shown["reread"] = reread  # made by new readers, not by the board: not alerted
        if content:
            shown["content"] = data
        versions.append(shown)
    return {
        "posting": posting_dict(row, names[row.source_id]),
        "versions": versions,
        "changes": [change_dict(c, names[c.source_id], texts) for c in found],
    }


def find_keys(engine: Engine, fragment: str, limit: int = 5) -> list[str]:
    """Keys that contain a fragment, to suggest when a key is not found."""
    with Session(engine) as session:
        return list(
            session.scalars(
                select(PostingRow.key)
                .where(PostingRow.key.contains(fragment, autoescape=True))
                .order_by(PostingRow.key)
                .limit(limit)
            )
        )


def match_keys(engine: Engine, text: str, limit: int = 6) -> list[str]:
    """The posting keys `text` stands for, the best kind of match first.

    A whole key; else a posting id (`101` for `acme:101`); else any prefix or suffix of a key,
    or both around an ellipsis (`acme:…R-12345`, as narrow tables shorten keys). One key
    when the match is unique; several when it is ambiguous; none when nothing matches.
    """
    text = text.strip()
    if not text:
        return []
    key = PostingRow.key
    tests: list[ColumnElement[bool]]
    if "…" in text:
        head, _, tail = text.partition("…")
        tests = [key.startswith(head, autoescape=True) & key.endswith(tail, autoescape=True)]
    else:
        tests = [
            key == text,
            key.endswith(":" + text, autoescape=True),
            key.startswith(text, autoescape=True) | key.endswith(text, autoescape=True),
        ]
    with Session(engine) as session:
        for test in tests:
            found = list(session.scalars(select(key).where(test).order_by(key).limit(limit)))
            if found:
                return found
    return []


def sources(
    engine: Engine, configured: list[str], kinds: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Each configured (or stored) source: last run, status, open postings, failures in a row.

    `kinds`: the configured kind of each source, shown before its first run. A stored source
    no longer in the config is `unwatched`: its open postings are counted apart
    (`unwatched_postings`), not as open.
    """
    with Session(engine) as session:
        rows = {r.name: r for r in session.scalars(select(SourceRow))}
        counts = dict(
            session.execute(
                select(PostingRow.source_id, func.count())
                .where(PostingRow.status == "open")
                .group_by(PostingRow.source_id)
            ).all()
        )
    out = []
    for name in dict.fromkeys([*configured, *rows]):
        row = rows.get(name)
        watched = name in configured
        open_count = counts.get(row.id, 0) if row else 0
        status = (row.last_status if row else None) or "never run"
        out.append(
            {
                "name": name,
                "kind": (kinds or {}).get(name) or (row.kind if row else None),
                "configured": watched,
                "last_run": isoformat(row.last_run_at) if row else None,
                "last_success": isoformat(row.last_success_at) if row else None,
                "status": status if watched else UNWATCHED,
                "error": row.last_error if row else None,
                "open_postings": open_count if watched else 0,
                "failures_in_row": row.failures_in_row if row else 0,
                **({} if watched else {"unwatched_postings": open_count}),
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class SourceState:
    """A source as the daemon reads it after each crawl."""

    name: str
    last_run: datetime | None
    last_success: datetime | None
    status: str | None
    failures: int
    error: str | None
    open: int


def source_states(engine: Engine, names: list[str]) -> list[SourceState]:
    """These sources' stored state and open postings (sources never crawled are left out)."""
    with Session(engine) as session:
        rows = list(session.scalars(select(SourceRow).where(SourceRow.name.in_(names))))
        counts = dict(
            session.execute(
                select(PostingRow.source_id, func.count())
                .where(PostingRow.source_id.in_([r.id for r in rows]), PostingRow.status == "open")
                .group_by(PostingRow.source_id)
            ).all()
        )
    return [
        SourceState(row.name, row.last_run_at, row.last_success_at, row.last_status,
                    row.failures_in_row, row.last_error, counts.get(row.id, 0))
        for row in rows
    ]  # fmt: skip


def stored_since(engine: Engine, names: list[str], since: datetime) -> set[str]:
    """Which of these sources have been stored (a run recorded) since `since`."""
    with engine.connect() as conn:
        return set(
            conn.scalars(
                select(SourceRow.name).where(
                    SourceRow.name.in_(names), SourceRow.last_run_at >= since
                )
            )
        )


def results_since(engine: Engine, names: list[str], since: datetime) -> list[dict[str, Any]]:
    """Per-source results of runs recorded since `since`, shaped like `check --json`'s."""
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRow.id, SourceRow.name, RunRow)
            .join(RunRow, RunRow.source_id == SourceRow.id)
            .where(SourceRow.name.in_(names), RunRow.started_at >= since)
            .order_by(RunRow.id)
        ).all()
        run_ids = [run.id for _, _, run in rows]
        kinds: dict[int, dict[str, int]] = {}
        if run_ids:
            for run_id, kind, n in session.execute(
                select(ChangeRow.run_id, ChangeRow.kind, func.count())
                .where(ChangeRow.run_id.in_(run_ids))
                .group_by(ChangeRow.run_id, ChangeRow.kind)
            ):
                if run_id is not None:
                    kinds.setdefault(run_id, {})[kind] = n
        opened = dict(
            session.execute(
                select(PostingRow.source_id, func.count())
                .where(
                    PostingRow.source_id.in_([i for i, _, _ in rows]), PostingRow.status == "open"
                )
                .group_by(PostingRow.source_id)
            ).all()
        )
    found: dict[str, dict[str, Any]] = {}
    for source_id, name, run in rows:
        found[name] = {
            "source": name,
            "status": run.status,
            "error": run.error,
            "seen": run.seen,
            "new": run.new,
            "changed": run.changed,
            "removed": run.removed,
            "open": opened.get(source_id, 0),
            "changes": kinds.get(run.id, {}),
            "pages": run.pages,
            "seconds": (run.finished_at - run.started_at).total_seconds(),
        }
    return [found[n] for n in names if n in found]


def ping(engine: Engine) -> None:
    """Raise if the database does not answer."""
    with engine.connect() as conn:
        conn.execute(select(1))
