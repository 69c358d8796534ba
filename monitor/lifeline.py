"""Processes that die with their parent: a crawl killed by cron's `timeout`, an operator or the
OOM killer must not leave its worker, store or `check` processes running on for ever.

On Linux, PR_SET_PDEATHSIG has the kernel send SIGKILL to a child when the thread that forked
it exits; elsewhere nothing is done. Both helpers check the parent is still there afterwards,
since it may have died between the fork and the call.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
try:
    import ctypes

    _prctl: Callable[..., int] | None = (
        ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
    )
except (OSError, AttributeError):  # pragma: no cover - no libc prctl (not Linux)
    _prctl = None

SUPPORTED = _prctl is not None


def die_with(parent: int | None) -> None:
    """In a child: be killed when its parent dies (exit now if `parent`, the pid it was
    forked from, has already gone; None for a child of a fork server, whose own parent dies
    with ours)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def preexec(parent: int) -> Callable[[], None]:
    """A `subprocess` preexec_fn that makes the started program die with `parent`."""

    def run() -> None:
        # in the forked child before exec: only async-signal-safe work, nothing imported
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return run
