"""The schema: migrations match the models, and the fast head check matches Alembic."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text

from monitor.store.db import (
    SCHEMA_HEAD,
    _alembic_config,
    ensure_schema,
    make_engine,
    upgrade,
)


def test_schema_head_constant_matches_alembic(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert head == SCHEMA_HEAD


def test_migrations_match_models(db_url: str) -> None:
    """Running the migrations from nothing gives exactly the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from monitor.store.models import Base

    engine = make_engine(db_url)
    from alembic import command

    command.upgrade(_alembic_config(engine), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    ensure_schema(engine)  # at head: nothing to do
    upgrade(engine)


def test_db_upgrade_command(sqlite_cli) -> None:
    sqlite_cli.write_config("sources: []\n")
    result = sqlite_cli("db", "upgrade")
    assert result.code == 0 and "latest schema" in result.out


def test_upgrade_from_0001_keeps_postings(db_url: str) -> None:
    """An older database upgrades in place; only cached validators are dropped."""
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(db_url)
    command.upgrade(_alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, name, kind, created_at, failures_in_row, "
                "failing_alerted) VALUES (1, 'a', 'greenhouse', '2026-01-01', 0, false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO postings (id, source_id, key, external_id, title, locations, pay, "
                "first_seen, last_seen, status, missing, raw_hash, content_hash) VALUES "
                "(1, 1, 'a:1', '1', 'Engineer', '[]', '[]', '2026-01-01', '2026-01-01', "
                "'open', 0, 'r', 'c')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO http_cache (url, source_id, etag, updated_at) "
                "VALUES ('u', 1, 'e', '2026-01-01')"
            )
        )
    ensure_schema(engine)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == SCHEMA_HEAD
        assert conn.execute(text("SELECT title FROM postings")).scalars().all() == ["Engineer"]
        assert conn.execute(text("SELECT count(*) FROM http_cache")).scalar() == 0
    engine.dispose()


def test_a_fresh_schema_is_what_alembic_would_make(db_url: str, tmp_path) -> None:
    """An empty database gets the models' tables and Alembic's version table, stamped with the
    head, without Alembic; Alembic then reads it as at head and finds nothing to change."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from monitor.store.models import Base

    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == SCHEMA_HEAD
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        ours = inspect(conn)
        mine = (ours.get_columns("alembic_version"), ours.get_pk_constraint("alembic_version"))
    # the version table as `alembic stamp` makes it, in a database of its own
    stamped = make_engine(f"sqlite:///{tmp_path / 'stamped.db'}")
    command.stamp(_alembic_config(stamped), "head")
    with stamped.connect() as conn:
        theirs = inspect(conn)
        alembic_made = (
            theirs.get_columns("alembic_version"),
            theirs.get_pk_constraint("alembic_version"),
        )
    shape = [(c["name"], str(c["type"]), c["nullable"]) for c in mine[0]]
    assert shape == [(c["name"], str(c["type"]), c["nullable"]) for c in alembic_made[0]]
    assert mine[1]["constrained_columns"] == alembic_made[1]["constrained_columns"]
    if engine.dialect.name == "postgresql" or mine[1].get("name"):
        assert mine[1]["name"] == "alembic_version_pkc"
    command.upgrade(_alembic_config(engine), "head")  # nothing to apply, nothing fails
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [SCHEMA_HEAD]
    engine.dispose()
    stamped.dispose()
