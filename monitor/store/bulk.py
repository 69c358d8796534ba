"""Many-row INSERTs for the tables a baseline fills: postings and snapshots.

On SQLite the rows go straight to the driver's executemany, with each column's bind processing
(dates to UTC text, JSON to text) applied here, a column at a time: SQLAlchemy's own per-row
work cost more than SQLite spends storing the row. Elsewhere SQLAlchemy's executemany is kept:
on PostgreSQL it already batches rows into multi-row VALUES.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.engine import Dialect


class _Plan(NamedTuple):
    sql: str
    keys: tuple[str, ...]  # in the statement's parameter order
    processors: tuple[Callable[[Any], Any] | None, ...]
    complete: bool  # the rows give every column that has a default: none is left to fill


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows (dicts with the same keys) into table, without RETURNING."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    plan = _plan(conn.dialect, table, tuple(rows[0]))
    if not plan.complete:
        conn.execute(insert(table), list(rows))  # SQLAlchemy fills the defaults
        return
    columns = []
    for key, process in zip(plan.keys, plan.processors, strict=True):
        values = [row[key] for row in rows]
        columns.append(list(map(process, values)) if process is not None else values)
    conn.exec_driver_sql(plan.sql, list(zip(*columns, strict=True)))


@lru_cache(maxsize=32)
def _plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Plan:
    """The statement for these columns, as SQLAlchemy would write it, and their processors."""
    compiled = insert(table).values({key: bindparam(key) for key in keys}).compile(dialect=dialect)
    order = tuple(compiled.positiontup or keys)
    processors = tuple(
        table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in order
    )
    complete = all(
        column.name in keys or (column.default is None and column.server_default is None)
        for column in table.c
        if not column.primary_key
    )
    return _Plan(str(compiled), order, processors, complete)
