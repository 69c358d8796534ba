"""Engine and session handling; the default SQLite location; schema creation and upgrades."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.exc import ArgumentError, DBAPIError

from monitor.errors import StoreError
from monitor.masking import mask_url

logger = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration; a test checks it against Alembic's head. Comparing with it first spares
# every command the import of Alembic (about 0.1 s) when the schema is already current.
SCHEMA_HEAD = "0009"


# values per IN (...): under the oldest SQLite limit of bound parameters in one statement (999)
PARAMS = 900


def chunks(items: Sequence[T], size: int = PARAMS) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def default_url() -> str:
    """A SQLite file in the platform's user data dir."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("rolewatch", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'rolewatch.db'}"


def resolve_url(cli_url: str | None, config_url: str | None) -> str:
    """`--db`, else `$ROLEWATCH_DB`, else the config's `database:`, else the default file."""
    return cli_url or os.environ.get("ROLEWATCH_DB") or config_url or default_url()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _dumps(value: Any) -> str:
    """JSON for JSON columns: orjson, which holds every snapshot's whole content several times
    faster than the standard library; that one for what orjson refuses (integers past 64 bits,
    say, from a board's own fields)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value)


# Read back with the standard library: orjson would turn an integer past 64 bits into a float.
_JSON: dict[str, Any] = {"json_serializer": _dumps, "json_deserializer": json.loads}


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL, with SQLite tuned for one writer and many readers."""
    for plain in ("postgresql://", "postgres://"):  # libpq's spellings, psycopg 3 behind them
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url.removeprefix(plain)
    if url.split("://", 1)[-1].split("/", 1)[0].count("@") > 1:
        # the driver would take the password's tail for the host, and print it
        raise StoreError(
            f"the database URL {redact(url)!r} has an @ in its password: write it as %40"
        )
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30}, **_JSON)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8, **_JSON)
    except (ArgumentError, ImportError, ValueError) as exc:
        hint = ""
        if isinstance(exc, ImportError) or "Can't load plugin" in str(exc):
            hint = " (rolewatch stores to sqlite:///FILE or postgresql+psycopg://USER@HOST/DB)"
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"cannot use database URL {redact(url)!r}: {detail}{hint}") from None
    return engine


def redact(url: str) -> str:
    """A database URL with its password (and any secret query value) hidden."""
    return mask_url(url)


def describe_error(exc: BaseException) -> str:
    """One line a user can act on for a database error: never the SQL, never a traceback."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    first = lines[0] if lines else type(orig).__name__
    if "[SQL:" in first:
        first = first.split("[SQL:", 1)[0].strip()
    lowered = first.lower()
    if "disk is full" in lowered or "no space left" in lowered or "could not extend" in lowered:
        return f"the disk holding the database is full ({first}): free some space"
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"the database is read-only ({first}): check the permissions of its file and "
            "folder, and that its disk is mounted read-write"
        )
    if "malformed" in lowered or "not a database" in lowered:
        return f"the database file is damaged ({first}); restore it from a backup"
    if len(first) > 300:
        first = first[:299] + "…"
    return f"{type(orig).__name__}: {first}"


def schema_state(engine: Engine) -> str:
    """`current`, `old` (migrations to apply) or `absent` (no rolewatch schema): read only."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables:
                return "old" if "sources" in tables else "absent"
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        raise StoreError(f"cannot open database {where(engine)}: {describe_error(exc)}") from None
    return "current" if current == SCHEMA_HEAD else "old"


def ensure_schema(engine: Engine) -> None:
    """Create the schema on first use; otherwise bring it up to the latest migration."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" in tables:
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if current == SCHEMA_HEAD:
                    return
    except DBAPIError as exc:
        raise StoreError(f"cannot open database {where(engine)}: {describe_error(exc)}") from None
    try:
        if "sources" in tables or "alembic_version" in tables:
            upgrade(engine, fresh="sources" not in tables)
        else:
            create_schema(engine)
    except DBAPIError as exc:
        raise StoreError(
            f"cannot set up database {where(engine)}: {describe_error(exc)}"
        ) from None


def where(engine: Engine) -> str:
    """The database as a user knows it: the SQLite file's path, or the URL without secrets."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return str(Path(engine.url.database).expanduser())
    return redact(engine.url.render_as_string(hide_password=False))


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


# Alembic's own version table, as `alembic stamp` creates it.
_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def create_schema(engine: Engine) -> None:
    """The whole schema in an empty database, stamped with the newest migration as Alembic
    stamps it: without loading Alembic and its migrations. Creating the schema through them
    took 0.21 s of a first cycle, of which 0.02 s was the tables themselves."""
    from monitor.store.models import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        _VERSION.create(conn)
        conn.execute(_VERSION.insert().values(version_num=SCHEMA_HEAD))
    logger.info("created schema in %s", redact(str(engine.url)))


def upgrade(engine: Engine, fresh: bool = False) -> None:
    """Apply every pending migration (a fresh database gets the whole schema at once)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if fresh:
        from monitor.store.models import Base

        Base.metadata.create_all(engine)
        command.stamp(cfg, "head")
        logger.info("created schema in %s", redact(str(engine.url)))
        return
    command.upgrade(cfg, "head")
    logger.info("upgraded schema %s -> %s", current, head)
