"""Readable terminal output for the query commands, safe to print: board text is untrusted."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Sequence
from typing import Any

# what a terminal would act on rather than show: C0 and C1 controls (escape sequences, bells,
# carriage returns that overwrite a line), line separators, and the bidi controls that reorder
# what is shown ("Trojan Source")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control's own picture: ␛, ␀, ␇
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def printable(text: str) -> str:
    """Text a terminal shows as it is: every control character replaced by a visible one
    (tabs and line breaks stay)."""
    return _CONTROLS.sub(_shown, text)


def table(headers: Sequence[str], rows: list[Sequence[Any]], *, wrap_last: bool = True) -> str:
    """A plain aligned table; the last column takes what width is left."""
    cells = [
        [printable("" if v is None else str(v)).replace("\n", " ").replace("\t", " ") for v in row]
        for row in rows
    ]
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
