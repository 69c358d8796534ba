"""Readable terminal output for the query commands, safe to print: board text is untrusted."""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


def terminal_width() -> int | None:
    """The columns to fit: `$COLUMNS`, else the terminal's; None when output is piped or
    mailed by cron and no width was asked for (then every value is kept whole on its line)."""
    asked = os.environ.get("COLUMNS", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 20)).columns
    return None


@dataclass(frozen=True)
class Column:
    """How one column of a table behaves when the terminal is narrow.

    `wrap`: text that wraps onto more lines, never cut (titles, pay, what changed), no
    narrower than `least`. `short`: a shorter spelling of each value, used when the table
    does not fit. `key`: posting keys, shortened to a unique `source:…suffix` (which
    `history` takes) when the table does not fit. `drop`: may be dropped when nothing else
    makes it fit, the lowest number first. `beside_key`: says what a key column says too (its
    source): dropped first while a key is shown, and back once the keys are dropped.
    """

    header: str
    wrap: bool = False
    least: int = 12
    key: bool = False
    drop: int = 0
    short: Callable[[str], str] | None = None
    beside_key: bool = False


GAP = "  "
KEY_LEAST = 6  # characters of a posting id kept when keys are shortened


def short_keys(keys: Sequence[str]) -> dict[str, str]:
    """Each key as `source:…suffix`, the suffix the shortest (of at least KEY_LEAST
    characters) that no other key of the same source ends with; short keys stay whole."""
    by_source: dict[str, list[str]] = {}
    for key in dict.fromkeys(keys):
        source, _, rest = key.partition(":")
        by_source.setdefault(source, []).append(rest)
    out: dict[str, str] = {}
    for source, ids in by_source.items():
        for ident in ids:
            size = KEY_LEAST
            while size < len(ident) and any(o != ident and o.endswith(ident[-size:]) for o in ids):
                size += 1
            shown = ident if size + 1 >= len(ident) else "…" + ident[-size:]
            out[f"{source}:{ident}"] = f"{source}:{shown}"
    return out


def _cell(value: Any) -> str:
    return printable("" if value is None else str(value)).replace("\n", " ").replace("\t", " ")


def _widths(columns: Sequence[Column], natural: list[int], width: int) -> list[int] | None:
    """Column widths within `width`, wrapping columns sharing what is left; None if even
    their narrowest does not fit."""
    fixed = sum(n for c, n in zip(columns, natural, strict=True) if not c.wrap)
    gaps = len(GAP) * (len(columns) - 1)
    wrapping = [i for i, c in enumerate(columns) if c.wrap]
    least = {i: min(columns[i].least, natural[i]) for i in wrapping}
    spare = width - fixed - gaps - sum(least.values())
    if spare < 0:
        return None
    widths = list(natural)
    for i in wrapping:
        widths[i] = least[i]
    # what is left is shared out evenly, except that a column needing less than its share
    # (a pay range a few characters short) is made whole and the rest shared by the others
    wanting = sorted((natural[i] - widths[i], i) for i in wrapping if natural[i] > widths[i])
    while wanting and spare > 0:
        share, extra = divmod(spare, len(wanting))
        need, first = wanting[0]
        if need <= share:
            widths[first] += need
            spare -= need
            wanting.pop(0)
            continue
        for n, (_, i) in enumerate(wanting):
            widths[i] += share + (n < extra)
        break
    return widths


TERMINAL = -1  # `table(width=...)`: the terminal's width, as `terminal_width` finds it


def table(
    columns: Sequence[Column | str], rows: list[Sequence[Any]], *, width: int | None = TERMINAL
) -> str:
    """An aligned table fitted to `width` (by default the terminal's; None: not fitted).

    Text columns wrap rather than being cut; when that is not enough, keys are shortened
    (`source:…suffix`), then dropped, then the droppable columns go.
    """
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    cells = [[_cell(v) for v in row] for row in rows]
    if width == TERMINAL:
        width = terminal_width()
    if width is not None:
        cols, cells = _fit(cols, cells, width)
    natural = _natural(cols, cells)
    widths = (
        natural
        if width is None
        else _widths(cols, natural, width) or _squeezed(cols, natural, width)
    )
    lines = [GAP.join(c.header.ljust(w) for c, w in zip(cols, widths, strict=True))]
    for row in cells:
        parts = [
            _wrap(value, w) if c.wrap else [value]
            for c, value, w in zip(cols, row, widths, strict=True)
        ]
        for n in range(max(len(p) for p in parts)):
            lines.append(
                GAP.join(
                    (p[n] if n < len(p) else "").ljust(w)
                    for p, w in zip(parts, widths, strict=True)
                )
            )
    return "\n".join(line.rstrip() for line in lines)


SQUEEZED = 8  # the narrowest a text column wraps to when nothing else makes a table fit


def _squeezed(cols: Sequence[Column], natural: list[int], width: int) -> list[int]:
    """Widths for a table that does not fit even with its text columns at their `least`:
    those share what is left, down to SQUEEZED characters (and past `width` only then)."""
    narrowed = [
        Column(c.header, wrap=True, least=min(c.least, SQUEEZED)) if c.wrap else c for c in cols
    ]
    return _widths(narrowed, natural, width) or [
        min(n, SQUEEZED) if c.wrap else n for c, n in zip(cols, natural, strict=True)
    ]


def _natural(cols: Sequence[Column], cells: list[list[str]]) -> list[int]:
    """Each column's width with nothing wrapped."""
    return [max([len(c.header), *(len(row[i]) for row in cells)]) for i, c in enumerate(cols)]


def _fit(
    cols: list[Column], cells: list[list[str]], width: int
) -> tuple[list[Column], list[list[str]]]:
    """The columns (and cells) that fit `width`: short spellings first, then shortened keys,
    then without what the keys say already, then without the droppable columns."""
    keep = list(range(len(cols)))

    def fits() -> bool:
        kept = [cols[i] for i in keep]
        rows = [[row[i] for i in keep] for row in cells]
        return _widths(kept, _natural(kept, rows), width) is not None

    steps: list[Callable[[], None]] = []
    for i, col in enumerate(cols):
        if col.short is not None:
            steps.append(functools.partial(_respell, cells, i, col.short))
    for i, col in enumerate(cols):
        if col.key:
            steps.append(functools.partial(_shorten_keys, cells, i))
    beside = [i for i, c in enumerate(cols) if c.beside_key]
    if beside and any(c.key for c in cols):

        def drop_beside() -> None:
            for i in beside:
                keep.remove(i)

        steps.append(drop_beside)
    for _, i in sorted((c.drop, i) for i, c in enumerate(cols) if c.drop):

        def drop(i: int = i) -> None:
            keep.remove(i)
            if cols[i].key and not any(cols[j].key for j in keep):
                keep.extend(j for j in beside if j not in keep)
                keep.sort()

        steps.append(drop)
    for step in steps:
        if fits():
            break
        step()
    return [cols[i] for i in keep], [[row[i] for i in keep] for row in cells]


def _respell(cells: list[list[str]], i: int, short: Callable[[str], str]) -> None:
    for row in cells:
        row[i] = short(row[i])


def _shorten_keys(cells: list[list[str]], i: int) -> None:
    short = short_keys([row[i] for row in cells if ":" in row[i]])
    for row in cells:
        row[i] = short.get(row[i], row[i])


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width`, broken between words where it can be."""
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def short_time(value: str | None) -> str:
    """`2026-01-31T09:15:00Z` as `2026-01-31 09:15`."""
    return value.replace("T", " ")[:16] if value else "-"


def shorter_time(value: str) -> str:
    """`2026-01-31 09:15` (as `short_time` gives it) as `01-31 09:15`, for narrow tables."""
    return value[5:] if len(value) == 16 and value[4] == "-" else value
