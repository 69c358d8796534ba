"""One scheduling daemon per database: a PostgreSQL advisory lock, or a lock file beside a
SQLite file.

Two daemons scheduling one database would crawl each source twice and race on its changes.
On PostgreSQL any number of daemons may start: the one holding the advisory lock schedules
(the leader), the others stand by and try the lock again now and then (`try_again`), taking
over once the leader's session ends. On SQLite (one machine, one file) a second daemon is
most likely a mistake and is refused. The operating system (or PostgreSQL, when the
connection drops; TCP keepalives bound how long a dead peer takes to notice) releases the
lock when its holder dies, however it dies.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from monitor.errors import StoreError
from monitor.store.db import redact
from monitor.timeutil import isoformat, utcnow

logger = logging.getLogger(__name__)

# pg_try_advisory_lock(int4, int4): "role" and "watc" in ASCII, unlikely to clash with others
PG_KEY = (0x726F6C65, 0x77617463)
WATCH_EVERY = 10.0  # seconds between checks of the lock when its connection is quiet
WATCH_RETRY = 1.0  # seconds between attempts while the database is away
# the lock's session: PostgreSQL drops it (freeing the lock) once a peer that stopped
# answering misses keepalives for about idle + interval x count seconds
KEEPALIVES = {"idle": 10, "interval": 5, "count": 3}


def _holder() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(), "since": isoformat(utcnow())}


class DaemonLock:
    """A lock, held or (on PostgreSQL, for a daemon standing by) not yet; `try_again` takes
    it if it is free, `watch` reports its loss, `release` gives it up."""

    description = "nothing"
    held = True

    def try_again(self) -> bool:
        """Take the lock if it is free now; whether it is held."""
        return self.held

    def holder(self) -> str:
        """Who holds the lock, as a phrase for a log line (" (pid 12 on host)"), or ""."""
        return ""

    def watch(self, on_lost: Callable[[], None]) -> None:
        """Call `on_lost` (from another thread) once the lock is no longer ours."""
        return None

    def release(self) -> None:
        return None


class FileLock(DaemonLock):
    """An exclusive `flock` on `<database file>.daemon.lock`, naming its holder inside.

    The file is opened without truncating it, so a daemon that fails to take the lock can
    still read who holds it; the holder rewrites it only once the lock is its own.
    """

    def __init__(self, db_file: Path) -> None:
        import fcntl

        self.path = Path(f"{db_file}.daemon.lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.description = f"lock file {self.path}"
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise StoreError(
                f"another `rolewatch run`{self._who()} is already using {db_file}; "
                f"stop it first: one daemon per database (it holds {self.path})"
            ) from None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps(_holder()).encode(), 0)

    def _who(self) -> str:
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return ""
        if not isinstance(holder, dict) or "pid" not in holder:
            return ""
        return f" (pid {holder['pid']} on {holder.get('host', '?')} since {holder.get('since')})"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


class PostgresLock(DaemonLock):
    """A session-level advisory lock on a connection kept open for the daemon's life."""

    def __init__(self, url: str, *, standby: bool = False) -> None:
        self.url = url
        self.description = f"PostgreSQL advisory lock {PG_KEY} on {redact(url)}"
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._use = threading.Lock()  # one thread at a time on the lock's connection
        self._released = threading.Event()
        self._watcher: threading.Thread | None = None
        self.held = self._acquire()
        if not self.held and not standby:
            raise StoreError(
                f"another `rolewatch run`{self._who()} is already using {redact(url)}; "
                "stop it first: one daemon per database (it holds the advisory lock "
                f"{PG_KEY[0]},{PG_KEY[1]})"
            )

    def _connect(self) -> Connection:
        holder = _holder()
        name = f"rolewatch run pid={holder['pid']} host={holder['host']}"[:63]
        keepalives = {f"keepalives_{k}": v for k, v in KEEPALIVES.items()}
        self._engine = create_engine(
            self.url,
            poolclass=NullPool,
            connect_args={"application_name": name, "keepalives": 1, **keepalives},
        )
        try:
            conn = self._engine.connect()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {redact(self.url)}: {exc}") from None
        # autocommit: a session lock needs no transaction, and an idle open one holds back vacuum
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for key, value in KEEPALIVES.items():  # the server's side: a dead leader's lock frees
            conn.execute(text(f"SET tcp_keepalives_{key} = {int(value)}"))
        return conn

    def try_again(self) -> bool:
        """Take the lock if its holder's session has ended (a daemon standing by)."""
        with self._use:
            if not self.held:
                try:
                    self.held = self._acquire()
                except StoreError as exc:
                    logger.warning("cannot reach the database to take the daemon lock: %s", exc)
                    self._close()
            return self.held

    def holder(self) -> str:
        return self._who()

    def _acquire(self) -> bool:
        self._close()
        self._conn = self._connect()
        got = self._conn.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"), _params())
        if not got:
            self._close()
        return bool(got)

    def _who(self) -> str:
        try:
            conn = self._connect()
            row = conn.execute(
                text(
                    "SELECT a.application_name, a.client_addr, a.backend_start "
                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.classid = :a AND l.objid = :b "
                    "AND l.objsubid = 2 AND l.granted"
                ),
                _params(),
            ).first()
            conn.close()
        except SQLAlchemyError:
            return ""
        finally:
            self._close()
        if row is None:
            return ""
        name = (row.application_name or "").removeprefix("rolewatch run ")
        where = f" from {row.client_addr}" if row.client_addr else ""
        return f" ({name or 'a connection'}{where})"

    def watch(self, on_lost: Callable[[], None]) -> None:
        """Watch the connection that holds the lock from a thread of its own.

        A dropped connection (a restarted server, a killed backend, a network cut) releases
        the lock at once, and another daemon may take it: the socket turning readable wakes
        the watcher, which takes the lock again or, if another daemon has it, calls `on_lost`.
        Every WATCH_EVERY seconds it also checks the lock is still held.
        """
        self._watcher = threading.Thread(
            target=self._watch, args=(on_lost,), name="daemon-lock", daemon=True
        )
        self._watcher.start()

    def _watch(self, on_lost: Callable[[], None]) -> None:
        while not self._released.is_set():
            conn = self._conn
            if conn is None:  # the database was away: try again shortly
                self._released.wait(WATCH_RETRY)
            else:
                with contextlib.suppress(OSError, ValueError):  # the socket is gone already
                    select.select([_socket(conn)], [], [], WATCH_EVERY)
            if self._released.is_set():
                return
            with self._use:
                held = self.held = self.verify()
            if not held:
                self._close()
                on_lost()
                return
            if self._conn is conn and conn is not None and _readable(conn):
                self._released.wait(WATCH_RETRY)  # a notice we do not read: do not spin on it

    def verify(self) -> bool:
        """Whether the lock is still held; after a dropped connection, try to take it again."""
        try:
            if self._conn is not None:
                held = self._conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                        "AND pid = pg_backend_pid() AND classid = :a AND objid = :b "
                        "AND objsubid = 2 AND granted"
                    ),
                    _params(),
                )
                if held:
                    return True
        except SQLAlchemyError as exc:
            logger.warning("the connection holding the daemon lock failed: %s", exc)
        try:
            return self._acquire()
        except (SQLAlchemyError, StoreError) as exc:
            # another daemon may reach the database where this one cannot: lead no longer
            logger.warning("cannot take the daemon lock again: %s", exc)
            return False

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._conn.close()
        if self._engine is not None:
            self._engine.dispose()
        self._conn, self._engine = None, None

    def release(self) -> None:
        self._released.set()
        with self._use:
            if self._conn is not None:
                with contextlib.suppress(SQLAlchemyError):
                    self._conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), _params())
            self._close()


def _socket(conn: Connection) -> int:
    """The file descriptor of the driver connection under a SQLAlchemy connection."""
    return int(conn.connection.dbapi_connection.fileno())  # type: ignore[union-attr]


def _readable(conn: Connection) -> bool:
    try:
        return bool(select.select([_socket(conn)], [], [], 0)[0])
    except (OSError, ValueError, AttributeError):
        return False


def _params() -> dict[str, int]:
    return {"a": PG_KEY[0], "b": PG_KEY[1]}


def acquire(url: str, *, standby: bool = False) -> DaemonLock:
    """Take the daemon lock of the database at `url`, or raise StoreError naming the holder.

    With `standby`, a PostgreSQL lock another daemon holds is returned not `held` (the
    caller stands by and calls `try_again`); a SQLite lock file is refused all the same."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            raise StoreError(
                "the daemon needs a database its crawls can share: an in-memory SQLite "
                "database lives and dies with one process; give a file or PostgreSQL"
            )
        return FileLock(Path(database).expanduser())
    if backend == "postgresql":
        return PostgresLock(
            url.replace("postgresql://", "postgresql+psycopg://", 1), standby=standby
        )
    logger.warning(
        "no daemon lock for %s databases: make sure only one `rolewatch run` uses it", backend
    )
    return DaemonLock()
