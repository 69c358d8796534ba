"""One `rolewatch check` child process: start it, wait for it, kill it and all it started.

The child runs in a session of its own, so a Ctrl-C in the daemon's terminal reaches only the
daemon, which decides what happens to running crawls. On Linux it is also told to die with the
daemon (PR_SET_PDEATHSIG): a daemon killed with SIGKILL must not leave a crawl behind that the
next daemon would run a second time, side by side.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from monitor import lifeline

logger = logging.getLogger(__name__)

KILL_WAIT = 5.0  # seconds to wait for killed processes to be gone


def check_command(
    config: Path,
    sources: list[str],
    *,
    db: str | None = None,
    log_format: str = "text",
    verbosity: int = 0,
) -> list[str]:
    """The argv of `rolewatch check -s ... --json` for these sources, with this interpreter."""
    argv = [sys.executable, "-m", "monitor", "--config", str(config)]
    if db:
        argv += ["--db", db]
    argv += ["--log-format", log_format, *(["-v"] * verbosity), "check", "--json"]
    for name in sources:
        argv += ["-s", name]
    return argv


@dataclass
class Finished:
    """How a child ended: its exit code, its JSON summary (None if it printed none)."""

    code: int | None
    summary: dict[str, Any] | None
    seconds: float
    killed: bool = False


class Child:
    """A running `check` process."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.argv = argv
        self.began = time.monotonic()
        self.killed = False
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=None,  # its log lines go where the daemon's go
            start_new_session=True,
            preexec_fn=lifeline.preexec(os.getpid()) if lifeline.SUPPORTED else None,
            env=env,
        )
        self._out: bytes | None = None
        self._done = False
        try:  # remembers the start time: a later kill never hits a reused pid
            self._ps: psutil.Process | None = psutil.Process(self.proc.pid)
        except psutil.NoSuchProcess:
            self._ps = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait(self, timeout: float | None) -> bool:
        """Wait up to `timeout` seconds (None: for ever); True once the child has exited.

        Only the thread that runs the child may call this (it reads the child's output).
        """
        if self._done:
            return True
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        self._out, self._done = out, True
        return True

    def kill(self) -> None:
        """Kill the child, its process group and every process it started (Chromium too).

        Safe from any thread: whoever waits on the child sees it exit.
        """
        self.killed = True
        if self.proc.returncode is None and self._ps is not None:
            kill_tree(self._ps)

    def result(self) -> Finished:
        """The exit code and parsed summary of an exited child."""
        summary = None
        text = (self._out or b"").decode("utf-8", errors="replace").strip()
        if text and not self.killed:
            try:
                parsed = json.loads(text)
            except ValueError:
                logger.warning("check printed something other than its JSON summary")
            else:
                summary = parsed if isinstance(parsed, dict) else None
        return Finished(
            self.proc.returncode, summary, time.monotonic() - self.began, killed=self.killed
        )


def kill_tree(process: int | psutil.Process) -> list[int]:
    """SIGKILL a process, its descendants and their process groups; the pids it found.

    Descendants are collected before anything is killed: once the child is gone, its
    grandchildren (Playwright's driver, Chromium, which Playwright starts in a process group
    of its own) are re-parented and can no longer be found from it.
    """
    try:
        root = process if isinstance(process, psutil.Process) else psutil.Process(process)
        if not root.is_running():  # gone, and its pid perhaps someone else's by now
            return []
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    pid = root.pid
    own_group = os.getpgrp()
    groups: set[int] = set()
    for proc in procs:
        try:
            groups.add(os.getpgid(proc.pid))
        except (ProcessLookupError, PermissionError):
            continue
    groups.discard(own_group)  # never signal the daemon's own group
    for group in groups:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            continue
    # the root is left for its parent to reap (psutil would take its exit status away); the
    # others are no longer ours: gone or a zombie (waiting for init to reap it) is dead enough
    left = [p for p in procs if p.pid != pid]
    deadline = time.monotonic() + KILL_WAIT
    while left and time.monotonic() < deadline:
        left = [p for p in left if _alive(p)]
        if left:
            time.sleep(0.02)
    for proc in left:
        logger.warning("process %d did not die after SIGKILL", proc.pid)
    return [p.pid for p in procs]


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
