"""The progress bar starts only once the store's children are forked: its refresh thread must
never exist at a fork."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from monitor.progress import Progress
from monitor.store.result import SourceResult
from tests.boards import gh_board, gh_job


def _bars() -> int:
    """rich's refresh threads not told to stop (one told may take a moment to end)."""
    return sum(
        type(t).__name__ == "_RefreshThread" and not t.done.is_set()  # type: ignore[attr-defined]
        for t in threading.enumerate()
    )


def test_entering_starts_no_thread_and_start_does() -> None:
    with Progress(2, enabled=True) as progress:
        assert _bars() == 0 and progress._bar is None
        progress.start()
        progress.start()  # once
        assert progress._bar is not None and _bars() == 1
        progress.advance(SourceResult("a", "failed"))
        assert progress.failed == 1
    assert _bars() == 0
    with Progress(2, enabled=False) as quiet:
        quiet.start()
        quiet.advance(SourceResult("a", "complete"))
        assert quiet._bar is None and _bars() == 0


def test_a_source_done_before_start_starts_the_bar() -> None:
    with Progress(1, enabled=True) as progress:
        progress.advance(SourceResult("a", "complete"))
        assert progress._bar is not None


@pytest.mark.e2e
def test_a_cycle_calls_on_start_after_every_fork_and_before_any_source_is_done(
    server: Any, tmp_path: Path
) -> None:
    for name in ("a", "b"):
        server.set(f"/gh/{name}", gh_board(*[gh_job(i, f"Engineer {i}") for i in range(1, 30)]))
    sources = [{"name": n, "kind": "greenhouse", "board": n, "url": f"{server.base}/gh/{n}"}
               for n in ("a", "b")]  # fmt: skip
    script = f"""
import json, os
from monitor.config import parse_config
from monitor.cycle import run_cycle
from monitor.store.db import ensure_schema, make_engine
events = []
os.register_at_fork(before=lambda: events.append("fork"))
config = parse_config({{"sources": {sources!r}}})
engine = make_engine("sqlite:///{tmp_path / "p.db"}")
ensure_schema(engine)
run_cycle(config, engine, list(config.sources), notify=False,
          on_start=lambda: events.append("start"), on_done=lambda r: events.append("done"))
print(json.dumps(events))
"""
    env = {**os.environ, "ROLEWATCH_STORE_PROCESS": "yes"}  # a child to fork, whatever the size
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=env, cwd=root)  # fmt: skip
    assert run.returncode == 0, run.stderr
    events = json.loads(run.stdout.splitlines()[-1])
    assert events.count("start") == 1 and events.count("done") == 2
    start = events.index("start")
    assert "fork" in events[:start]  # the store process (and the workers of a baseline)
    assert "fork" not in events[start:] and "done" not in events[:start]
