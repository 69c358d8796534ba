"""Per-host leases for Scrapyd jobs: PostgreSQL advisory locks held for a job's whole crawl.

A host's sources are never crawled by two jobs at once, even when the daemon has given up on
a node whose job is in fact still running: a job takes a lease on every host it crawls before
it starts, and a later job for the same host waits until the earlier lets go. A lease lives on
the job's own connection, so PostgreSQL releases it when the job ends, however it ends.
"""

from __future__ import annotations

import hashlib
import logging
import time

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

# pg_advisory_lock(int4, int4): "rolh" in ASCII, beside the daemon lock's "role"/"watc"
LEASE_CLASS = 0x726F6C68


def host_key(host: str) -> int:
    """A signed 32-bit key for a host name."""
    digest = hashlib.sha1(host.lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


class Leases:
    """The host leases of one job, on a connection of their own."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None
        self.held: set[str] = set()

    def take(self, hosts: list[str], wait: float) -> set[str]:
        """Take a lease on each host, waiting at most `wait` seconds in all; the hosts taken.

        Hosts are taken in one order (by key) by every job, so two jobs never wait on each
        other in a circle.
        """
        if self.engine.dialect.name != "postgresql":
            self.held |= set(hosts)  # one SQLite writer: nothing to share with another machine
            return set(hosts)
        if self._conn is None:
            self._conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + wait
        taken: set[str] = set()
        for host in sorted(set(hosts), key=host_key):
            if host in self.held:
                taken.add(host)
                continue
            left = max(0.0, deadline - time.monotonic())
            # lock_timeout bounds the wait (0 would mean no bound): at least 1 ms
            self._conn.execute(text(f"SET lock_timeout = {max(1, int(left * 1000))}"))
            try:
                self._conn.execute(
                    text("SELECT pg_advisory_lock(:c, :k)"),
                    {"c": LEASE_CLASS, "k": host_key(host)},
                )
            except DBAPIError as exc:
                if "lock timeout" not in str(exc.orig or exc).lower():
                    raise
                logger.warning("%s is still being crawled by another job; not taken", host)
                continue
            taken.add(host)
            self.held.add(host)
        self._conn.execute(text("SET lock_timeout = 0"))
        return taken

    def release(self) -> None:
        """Give every lease back."""
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
            finally:
                self._conn.close()
                self._conn = None
        self.held.clear()


def leased(engine: Engine, hosts: list[str]) -> set[str]:
    """Which of these hosts some job holds a lease on now (for tests and diagnostics)."""
    if engine.dialect.name != "postgresql" or not hosts:
        return set()
    keys = {host_key(h): h for h in hosts}
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT objid::int4 FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid::int4 = :c AND objsubid = 2"
            ),
            {"c": LEASE_CLASS},
        ).scalars()
        return {keys[k] for k in rows if k in keys}
