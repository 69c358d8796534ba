"""Shared fixtures: the local board server, databases (SQLite and PostgreSQL), the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.boardserver import BoardServer

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("ROLEWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# What makes a test end-to-end (`-m e2e`; `make test-fast` runs the others): it runs the real
# `rolewatch` in a subprocess, drives Chromium, or runs a daemon or server process.
E2E_FIXTURES = {"cli", "sqlite_cli"}
E2E_MARKS = {"browser", "slow", "e2e"}
E2E_MODULES = {"test_daemon", "test_deploy", "test_web_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marks = {mark.name for mark in item.iter_markers()}
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        if fixtures & E2E_FIXTURES or marks & E2E_MARKS or module in E2E_MODULES:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def board_server() -> Iterator[BoardServer]:
    server = BoardServer().start()
    yield server
    server.stop()


@pytest.fixture()
def server(board_server: BoardServer) -> Iterator[BoardServer]:
    board_server.clear()
    yield board_server
    board_server.clear()


def _pg_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of this test run's own, dropped at the end."""
    psycopg = pytest.importorskip("psycopg")
    name = f"rw_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(_pg_dsn(PG_ADMIN), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture()
def pg_url(pg_database: str) -> Iterator[str]:
    """A clean schema in the run's PostgreSQL database for one test."""
    from sqlalchemy import text

    from monitor.store.db import make_engine

    engine = make_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield pg_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rolewatch.db'}"
    return request.getfixturevalue("pg_url")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """Runs the real `rolewatch` command in a subprocess, as a user would."""

    def __init__(self, tmp_path: Path, db: str):
        self.tmp_path, self.db = tmp_path, db
        self.config = tmp_path / "rolewatch.yaml"

    def write_config(self, data: dict[str, Any] | str) -> Path:
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        self.config.write_text(text)
        return self.config

    def __call__(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> Result:
        cmd = [sys.executable, "-m", "monitor", "--config", str(self.config), "--db", self.db]
        environ = {**os.environ, "COLUMNS": "200", **(env or {})}
        proc = subprocess.run(
            [*cmd, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.tmp_path,
            env=environ,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def cli(tmp_path: Path, db_url: str) -> Cli:
    return Cli(tmp_path, db_url)


@pytest.fixture()
def sqlite_cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path, f"sqlite:///{tmp_path / 'rolewatch.db'}")
