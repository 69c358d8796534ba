"""Bad input and faults get one clear line, never a traceback, and give away no secret."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.db import ensure_schema, make_engine
from monitor.store.writer import Store
from monitor.timeutil import utcnow
from tests.boards import gh_board, gh_job
from tests.notify_receivers import HttpReceiver


def gh(server: Any, name: str = "acme") -> dict[str, Any]:
    return {"name": name, "kind": "greenhouse", "board": name, "url": f"{server.base}/gh/{name}"}


def no_traceback(result: Any) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert len(result.err.strip().splitlines()) <= 3, result.err


def test_a_raw_at_in_a_database_password_is_refused_without_showing_it(sqlite_cli: Any) -> None:
    sqlite_cli.write_config({"sources": []})
    sqlite_cli.db = "postgresql://rolewatch:hunt@er2@127.0.0.1:1/rw"
    result = sqlite_cli("sources")
    assert result.code == 1
    assert "has an @ in its password: write it as %40" in result.err
    assert "hunt" not in result.err and "er2" not in result.err
    no_traceback(result)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://user@host:notaport/db", "invalid literal"),
        ("mysql://x/y", "rolewatch stores to sqlite:///FILE or postgresql+psycopg://"),
        ("nonsense", "Could not parse"),
    ],
)
def test_a_malformed_database_url_is_one_line(sqlite_cli: Any, url: str, says: str) -> None:
    sqlite_cli.write_config({"sources": []})
    sqlite_cli.db = url
    result = sqlite_cli("postings")
    assert result.code == 1 and says in result.err
    no_traceback(result)


def test_a_damaged_sqlite_file_is_named_with_what_to_do(sqlite_cli: Any, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database " * 100)
    sqlite_cli.write_config({"sources": []})
    sqlite_cli.db = f"sqlite:///{damaged}"
    result = sqlite_cli("postings")
    assert result.code == 1
    assert f"cannot open database {damaged}: the database file is damaged" in result.err
    assert "restore it from a backup" in result.err
    no_traceback(result)


def test_a_read_only_database_fails_the_crawl_in_one_line(
    sqlite_cli: Any, server: Any, tmp_path: Path
) -> None:
    sqlite_cli.write_config({"sources": [gh(server)]})
    server.set("/gh/acme", gh_board(gh_job(1, "Role")))
    assert sqlite_cli("check").code == 0
    server.set("/gh/acme", gh_board(gh_job(1, "Role"), gh_job(2, "New role")))
    sqlite_cli.db = f"sqlite:///file:{tmp_path / 'rolewatch.db'}?mode=ro&uri=true"
    result = sqlite_cli("check")
    assert result.code == 1
    assert "acme: FAILED: storing failed: the database is read-only" in result.out
    no_traceback(result)
    assert [p["key"] for p in sqlite_cli("postings", "--json").json()] == ["acme:1"]


def test_a_full_disk_is_a_recorded_failure_that_loses_nothing(tmp_path: Path) -> None:
    config = parse_config({"sources": [{"name": "a", "kind": "greenhouse", "board": "a"}]})
    engine = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    ensure_schema(engine)
    store = Store(engine, config)
    source = config.sources[0]
    first = [Posting(source="a", external_id=str(i), title="Role") for i in range(3)]
    assert store.store_listing(source, first, ListingEnd("a", "complete"), utcnow()).open == 3
    with sqlite3.connect(tmp_path / "full.db") as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(engine, "connect")
    def full(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow

    engine.dispose()
    big = [
        Posting(source="a", external_id=str(i), title="Role", description="x " * 5000)
        for i in range(200)
    ]
    result = store.store_listing(source, big, ListingEnd("a", "complete"), utcnow())
    assert result.status == "failed"
    assert result.error is not None
    assert result.error.startswith("storing failed: the disk holding the database is full")
    assert len(result.error) < 200
    event.remove(engine, "connect", full)
    engine.dispose()
    with engine.connect() as conn:  # what was stored before is all still there
        assert conn.exec_driver_sql("SELECT count(*) FROM postings").scalar() == 3


def test_a_yaml_alias_bomb_is_refused_at_once(sqlite_cli: Any) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    sqlite_cli.write_config("\n".join([*lines, "sources: [*j]"]))
    result = sqlite_cli("check", timeout=60)
    assert result.code == 2 and "aliases expand to more than 2,000,000 values" in result.err
    no_traceback(result)


@pytest.mark.parametrize("every", ["99999999999d", 90, "0s"])
def test_durations_that_cannot_be_are_config_errors(sqlite_cli: Any, every: Any) -> None:
    sqlite_cli.write_config({"sources": [{"name": "a", "kind": "greenhouse", "board": "a",
                                          "every": every}]})  # fmt: skip
    result = sqlite_cli("check")
    assert result.code == 2 and "sources[0].every:" in result.err
    no_traceback(result)


def test_a_secret_in_a_rejected_source_url_is_not_echoed(sqlite_cli: Any) -> None:
    url = "ftp://me:hunter22@careers.example/?token=abc987"
    sqlite_cli.write_config({"sources": [{"name": "a", "kind": "page", "url": url}]})
    result = sqlite_cli("check")
    assert result.code == 2 and "must start with http:// or https://" in result.err
    assert "hunter22" not in result.err and "abc987" not in result.err


def test_header_tokens_in_a_notify_url_never_reach_the_log(sqlite_cli: Any) -> None:
    receiver = HttpReceiver().start()
    try:
        url = receiver.url() + "?+X-Token=sekrit-token-1&+Authorization=Bearer%20sekrit-bearer-2"
        sqlite_cli.write_config({"notify": [{"url": url}], "sources": []})
        result = sqlite_cli("-vv", "notify-test")
        assert result.code == 0, result.err
        sent = receiver.requests[-1].headers
        assert sent.get("X-Token") == "sekrit-token-1"  # the service does get them
        for secret in ("sekrit-token-1", "sekrit-bearer-2"):
            assert secret not in result.err and secret not in result.out
        status = sqlite_cli("notify", "status")
        assert "sekrit" not in status.out + status.err
    finally:
        receiver.stop()


def test_control_characters_from_a_board_never_reach_the_terminal(
    sqlite_cli: Any, server: Any
) -> None:
    evil = "Engineer\x1b]0;pwned\x07\x1b[2J\u202eesrever\x00"
    server.set("/gh/acme", gh_board(gh_job(1, evil, location="Lon\x1b[31mdon")))
    sqlite_cli.write_config({"sources": [gh(server)]})
    sqlite_cli("check")
    for command in (["postings"], ["changes"], ["history", "acme:1"], ["sources"]):
        shown = sqlite_cli(*command)
        assert shown.code == 0, shown.err
        for char in ("\x1b", "\x07", "\u202e", "\x00"):
            assert char not in shown.out and char not in shown.err, (command, repr(shown.out))
    assert "Engineer" in sqlite_cli("postings").out
