"""Many-row INSERTs for the tables a baseline fills: postings and snapshots.

The rows go straight to the driver: SQLite's `executemany`, PostgreSQL's COPY (psycopg), with
each column's SQLAlchemy bind processing (dates to UTC, JSON to text) applied here, a column
at a time. SQLAlchemy's own per-row work cost more than SQLite spends storing the row, and COPY
costs PostgreSQL's server less than multi-row VALUES. Other drivers, and rows that leave a
column with a default out, go through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.engine import Dialect


class _Plan(NamedTuple):
    sql: str  # the INSERT (SQLite) or the COPY (PostgreSQL)
    keys: tuple[str, ...]  # in the statement's column order
    processors: tuple[Callable[[Any], Any] | None, ...]
    complete: bool  # the rows give every column that has a default: none is left to fill


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows (dicts with the same keys) into table, without RETURNING."""
    if not rows:
        return
    dialect = conn.dialect
    direct = dialect.name == "sqlite" or (
        dialect.name == "postgresql" and dialect.driver == "psycopg"
    )
    plan = _plan(dialect, table, tuple(rows[0])) if direct else None
    if plan is None or not plan.complete:
        conn.execute(insert(table), list(rows))  # SQLAlchemy fills any defaults
        return
    columns = []
    for key, process in zip(plan.keys, plan.processors, strict=True):
        values = [row[key] for row in rows]
        columns.append(list(map(process, values)) if process is not None else values)
    if dialect.name == "sqlite":
        conn.exec_driver_sql(plan.sql, list(zip(*columns, strict=True)))
        return
    # the connection's own transaction: the rows commit or roll back with everything else
    driver = conn.connection.driver_connection
    assert driver is not None  # a live connection in a transaction
    with driver.cursor() as cursor, cursor.copy(plan.sql) as copy:
        for row in zip(*columns, strict=True):
            copy.write_row(row)


@lru_cache(maxsize=32)
def _plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Plan:
    """The statement for these columns, as SQLAlchemy would write it, and their processors."""
    if dialect.name == "sqlite":
        stmt = insert(table).values({key: bindparam(key) for key in keys})
        compiled = stmt.compile(dialect=dialect)
        order = tuple(compiled.positiontup or keys)
        sql = str(compiled)
    else:
        quote = dialect.identifier_preparer
        order = keys
        names = ", ".join(quote.quote(key) for key in order)
        sql = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    processors = tuple(
        table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in order
    )
    complete = all(
        column.name in keys or (column.default is None and column.server_default is None)
        for column in table.c
        if not column.primary_key
    )
    return _Plan(sql, order, processors, complete)
