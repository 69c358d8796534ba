"""Paged, filtered reads behind the web app, its API, its feed and `export`.

Every listing pages by keyset (a cursor holds the sort value and id of the last row shown), so
a page costs the same at the end of 500,000 changes as at the start, and nothing ever reads a
whole table into memory. The shapes are `views.posting_dict` and `views.change_dict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Engine,
    Float,
    Select,
    String,
    Text,
    case,
    cast,
    column,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from monitor.filters import ChangeFilter, PostingFilter, decode_cursor, encode_cursor
from monitor.store.models import ChangeRow, PostingRow, RunRow, SourceRow
from monitor.store.queries import description_texts, names_by_id
from monitor.store.views import change_dict, posting_dict
from monitor.timeutil import isoformat

# a pay per period times this is a pay per year, so ranges of any period compare
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
EXPORT_PAGE = 1000


@dataclass
class Page:
    """One page of a listing and the cursor of the next (None on the last)."""

    items: list[dict[str, Any]]
    next: str | None


def _every(page_at: Callable[[str | None], Page]) -> Iterator[dict[str, Any]]:
    """Every item of a paged listing, following its cursors to the end."""
    cursor: str | None = None
    while True:
        page = page_at(cursor)
        yield from page.items
        if page.next is None:
            return
        cursor = page.next


def _ids(names: dict[int, str], wanted: tuple[str, ...] | None) -> list[int] | None:
    if wanted is None:
        return None
    chosen = set(wanted)
    return [i for i, name in names.items() if name in chosen]


def _after(columns: tuple[Any, Any], values: tuple[Any, Any], descending: bool) -> Any:
    """Rows after (column, id) = values in the listing's order, as one row-value comparison,
    which both databases answer from an index on (column, id) without reading what precedes.
    """
    bound = tuple_(*(literal(v, c.type) for c, v in zip(columns, values, strict=True)))
    return tuple_(*columns) < bound if descending else tuple_(*columns) > bound


# -- changes --------------------------------------------------------------------------------


def _change_query(flt: ChangeFilter, ids: list[int] | None) -> Select[Any]:
    query = select(ChangeRow)
    if ids is not None:
        query = query.where(ChangeRow.source_id.in_(ids))
    if flt.kinds:
        query = query.where(ChangeRow.kind.in_(flt.kinds))
    if flt.since is not None:
        query = query.where(ChangeRow.detected_at >= flt.since)
    if flt.until is not None:
        query = query.where(ChangeRow.detected_at < flt.until)
    if flt.text:
        query = query.where(
            or_(
                ChangeRow.title.icontains(flt.text, autoescape=True),
                ChangeRow.key.icontains(flt.text, autoescape=True),
            )
        )
    return query


def change_page(
    engine: Engine, flt: ChangeFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    """Changes, newest first, `limit` at a time after `cursor`."""
    after = decode_cursor(cursor, (datetime, int))
    with Session(engine) as session:
        names = names_by_id(session)
        query = _change_query(flt, _ids(names, flt.sources))
        if after is not None:
            cols = (ChangeRow.detected_at, ChangeRow.id)
            query = query.where(_after(cols, tuple(after), descending=True))
        query = query.order_by(ChangeRow.detected_at.desc(), ChangeRow.id.desc())
        rows = list(session.scalars(query.limit(limit + 1)))
        texts = description_texts(session, rows[:limit])
        items = [change_dict(r, names[r.source_id], texts) for r in rows[:limit]]
        last = rows[limit - 1] if len(rows) > limit else None
    nxt = encode_cursor(last.detected_at.isoformat(), last.id) if last is not None else None
    return Page(items, nxt)


def iter_changes(engine: Engine, flt: ChangeFilter) -> Iterator[dict[str, Any]]:
    """Every change the filter leaves, newest first, read a page at a time."""
    return _every(lambda cursor: change_page(engine, flt, cursor=cursor, limit=EXPORT_PAGE))


def change_companies(engine: Engine, changes: list[dict[str, Any]]) -> dict[int, str]:
    """The company of each change's posting, where known (for feed titles)."""
    keys = {c["key"] for c in changes if c.get("key")}
    if not keys:
        return {}
    with Session(engine) as session:
        rows = session.execute(
            select(PostingRow.key, PostingRow.company).where(PostingRow.key.in_(keys))
        ).all()
    company = {key: name for key, name in rows if name}
    return {c["id"]: company[c["key"]] for c in changes if c.get("key") in company}


# -- postings -------------------------------------------------------------------------------


def _pay_top(dialect: str, currency: str) -> ColumnElement[Any]:
    """The highest yearly pay a posting states in `currency` (max, else min, of each range)."""
    if dialect == "postgresql":
        array = case(
            (func.json_typeof(PostingRow.pay) == "array", PostingRow.pay),
            else_=cast(literal("[]"), PostingRow.pay.type),
        )
        # json_to_recordset reads each range once into columns: twice as fast as taking
        # each field out of json_array_elements' values (json is parsed again per access)
        ranges = (
            func.json_to_recordset(array)
            .table_valued(
                column("min", JSON),
                column("max", JSON),
                column("currency", Text),
                column("period", Text),
            )  # fmt: skip
            .render_derived(name="pay_range", with_types=True)
        )
        each = ranges

        def field(name: str) -> Any:
            return ranges.c[name]

        def amount(name: str) -> Any:
            is_number = func.json_typeof(ranges.c[name]) == "number"
            return case((is_number, cast(cast(ranges.c[name], Text), Float)))

    else:
        # SQLite: json_each of NULL is no rows, and arithmetic reads a stray string as 0
        each = func.json_each(PostingRow.pay).table_valued("value").alias("pay_range")
        item = each.c.value

        def field(name: str) -> Any:
            return func.json_extract(item, f"$.{name}")

        def amount(name: str) -> Any:
            return field(name)

    per_year = case(PER_YEAR, value=field("period"), else_=1)
    top = func.coalesce(amount("max"), amount("min")) * per_year
    every = (
        select(func.max(top))
        .select_from(each)
        .where(func.upper(field("currency")) == currency)
        .scalar_subquery()
    )
    if dialect == "postgresql":
        return every

    # Most postings state one range: read it by path, sparing json_each's table (90 -> 66 ms
    # over the 28,000 ranges in USD of the benchmark's 50,000 postings).
    def first(name: str) -> Any:
        return func.json_extract(PostingRow.pay, f"$[0].{name}")

    only = case(
        (
            func.upper(first("currency")) == currency,
            func.coalesce(first("max"), first("min"))
            * case(PER_YEAR, value=first("period"), else_=1),
        )
    )
    return case((func.json_array_length(PostingRow.pay) == 1, only), else_=every)


def _posting_order(
    flt: PostingFilter, ids: list[int] | None, dialect: str
) -> tuple[Any, Any, Any, bool]:
    """The ids of the postings the filter leaves, with the value they sort on: (query, that
    column, the id column, whether the order is descending)."""
    where: list[Any] = []
    if ids is not None:
        where.append(PostingRow.source_id.in_(ids))
    if flt.status != "all":
        where.append(PostingRow.status == flt.status)
    if flt.workplace:
        where.append(PostingRow.workplace == flt.workplace)
    if flt.transparency:
        where.append(PostingRow.transparency_status == flt.transparency)
    if flt.location:
        where.append(cast(PostingRow.locations, String).icontains(flt.location, autoescape=True))
    if flt.text:
        where.append(
            or_(
                PostingRow.title.icontains(flt.text, autoescape=True),
                PostingRow.company.icontains(flt.text, autoescape=True),
            )
        )
    descending = flt.sort != "title"
    column = {"new": PostingRow.first_seen, "title": PostingRow.title}.get(flt.sort)
    if not (flt.currency and (flt.min_pay is not None or flt.sort == "pay")):
        assert column is not None
        return select(PostingRow.id, column).where(*where), column, PostingRow.id, descending
    # The yearly top of each posting's pay, computed once per posting in a materialised CTE
    # (inline, SQLite evaluated the subquery for the filter, the order and the result alike:
    # 290 ms instead of 75 over 50,000 postings); the LIKE spares the JSON functions every
    # posting that cannot hold the currency (JSON text always quotes it).
    top = _pay_top(dialect, flt.currency)
    paid = (
        select(PostingRow.id, PostingRow.first_seen, PostingRow.title, top.label("pay_top"))
        .where(*where, cast(PostingRow.pay, String).like(f'%"{flt.currency}"%'))
        .cte("paid")
        .prefix_with("MATERIALIZED")
    )
    chosen = paid.c.pay_top if column is None else paid.c[column.key]
    query = select(paid.c.id, chosen).where(paid.c.pay_top.is_not(None))
    if flt.min_pay is not None:
        query = query.where(paid.c.pay_top >= flt.min_pay)
    return query, chosen, paid.c.id, descending


def posting_page(
    engine: Engine, flt: PostingFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    """Postings in the filter's order, `limit` at a time after `cursor`.

    The page's ids are found first, on the narrow columns the order needs (an index walk for
    the default order), and only those postings are read whole."""
    shape = {"new": (datetime, int), "title": (str, int), "pay": ((int, float), int)}[flt.sort]
    after = decode_cursor(cursor, shape)
    with Session(engine) as session:
        names = names_by_id(session)
        query, column, ident, descending = _posting_order(
            flt, _ids(names, flt.sources), engine.dialect.name
        )
        if after is not None:
            query = query.where(_after((column, ident), tuple(after), descending))
        order = (column, ident)
        query = query.order_by(*(c.desc() if descending else c.asc() for c in order))
        picked = session.execute(query.limit(limit + 1)).all()
        wanted = [row[0] for row in picked[:limit]]
        rows = {
            r.id: r for r in session.scalars(select(PostingRow).where(PostingRow.id.in_(wanted)))
        }
        items = [posting_dict(rows[i], names[rows[i].source_id]) for i in wanted]
    nxt = None
    if len(picked) > limit:
        ident_value, value = picked[limit - 1]
        value = value.isoformat() if isinstance(value, datetime) else value
        nxt = encode_cursor(value, ident_value)
    return Page(items, nxt)


def iter_postings(engine: Engine, flt: PostingFilter) -> Iterator[dict[str, Any]]:
    """Every posting the filter leaves, in its order, read a page at a time."""
    return _every(lambda cursor: posting_page(engine, flt, cursor=cursor, limit=EXPORT_PAGE))


# -- sources --------------------------------------------------------------------------------


def run_dict(row: RunRow) -> dict[str, Any]:
    """One crawl of a source."""
    return {
        "id": row.id,
        "started_at": isoformat(row.started_at),
        "finished_at": isoformat(row.finished_at),
        "seconds": round((row.finished_at - row.started_at).total_seconds(), 3),
        "status": row.status,
        "error": row.error,
        "pages": row.pages,
        "seen": row.seen,
        "new": row.new,
        "changed": row.changed,
        "removed": row.removed,
        "changes": row.changes,
    }


def source_names(engine: Engine) -> list[str]:
    """Every stored source's name."""
    with Session(engine) as session:
        return list(session.scalars(select(SourceRow.name).order_by(SourceRow.name)))


def source_runs(
    engine: Engine, name: str, *, failed_only: bool = False, limit: int = 20
) -> list[dict[str, Any]]:
    """A source's latest crawls (only the failed ones with `failed_only`), newest first."""
    with Session(engine) as session:
        source_id = session.scalar(select(SourceRow.id).where(SourceRow.name == name))
        if source_id is None:
            return []
        query = select(RunRow).where(RunRow.source_id == source_id)
        if failed_only:
            query = query.where(RunRow.status == "failed")
        query = query.order_by(RunRow.started_at.desc(), RunRow.id.desc()).limit(limit)
        return [run_dict(r) for r in session.scalars(query)]


def recent_kind(engine: Engine, kind: str, since: datetime) -> dict[str, str]:
    """Source name -> when it last recorded a change of `kind`, for those since `since`."""
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRow.name, func.max(ChangeRow.detected_at))
            .join(SourceRow, SourceRow.id == ChangeRow.source_id)
            .where(ChangeRow.kind == kind, ChangeRow.detected_at >= since)
            .group_by(SourceRow.name)
        ).all()
    return {name: isoformat(moment) or "" for name, moment in rows}
