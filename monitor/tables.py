"""Readable terminal output for the query commands."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import Any


def table(headers: Sequence[str], rows: list[Sequence[Any]], *, wrap_last: bool = True) -> str:
    """A plain aligned table; the last column takes what width is left."""
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row[:-1]):
            widths[i] = min(max(widths[i], len(value)), 48)
    total = shutil.get_terminal_size((140, 20)).columns
    last = max(20, total - sum(w + 2 for w in widths[:-1]))
    if not sys.stdout.isatty():
        wrap_last = False  # piped or mailed by cron: keep every word

    def fit(value: str, width: int) -> str:
        return value if len(value) <= width else value[: width - 1] + "…"

    lines = [
        "  ".join(fit(h, w).ljust(w) for h, w in zip(headers[:-1], widths, strict=False))
        + ("  " if len(headers) > 1 else "")
        + headers[-1]
    ]
    for row in cells:
        head = "  ".join(fit(v, w).ljust(w) for v, w in zip(row[:-1], widths, strict=False))
        tail = fit(row[-1], last) if wrap_last else row[-1]
        lines.append(head + ("  " if len(row) > 1 else "") + tail)
    return "\n".join(line.rstrip() for line in lines)


def short_time(value: str | None) -> str:
    """`2026-01-31T09:15:00Z` as `2026-01-31 09:15`."""
    return value.replace("T", " ")[:16] if value else "-"
