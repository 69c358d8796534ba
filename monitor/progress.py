"""Progress of a cycle on a terminal: sources done of all, postings read, time elapsed, and
the last source finished."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from monitor.store.writer import SourceResult


class Progress:
    """A rich progress bar when enabled (a terminal); otherwise nothing (log lines say it).

    The bar starts at `start()` (or the first source done), not on entering: its refresh
    thread must not exist while the store forks its children (`store.process.start_children`).
    """

    def __init__(self, total: int, *, enabled: bool):
        self.total, self.enabled = total, enabled
        self._bar: Any = None
        self._task: Any = None
        self._lock = threading.Lock()
        self.failed = 0
        self.postings = 0

    def __enter__(self) -> Progress:
        return self

    def start(self) -> None:
        """Show the bar (once; from here on it has a thread of its own)."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self.enabled and self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("[bold]checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("sources"),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("0 postings", total=self.total)

    def advance(self, result: SourceResult) -> None:
        """One source is done (called from a store worker thread)."""
        with self._lock:
            self._start()
            if result.status == "failed":
                self.failed += 1
            self.postings += result.seen
            if self._bar is not None:
                read = f"{self.postings:,} posting{'' if self.postings == 1 else 's'}"
                note = f"{read} · {result.source}: {result.status}"
                if self.failed:
                    note += f"  [red]{self.failed} failed"
                self._bar.update(self._task, advance=1, description=note)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
