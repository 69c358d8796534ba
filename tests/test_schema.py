"""The schema: migrations match the models, and the fast head check matches Alembic."""

from __future__ import annotations

from alembic.script import ScriptDirectory

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
