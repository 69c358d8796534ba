"""Two versions of a posting side by side: a row per field, the description as a word diff.

Pure: two snapshot contents in, rows out. Pay and office terms are marked `key` so the page
can stand them out; every value is plain text (the template escapes it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from monitor.notify.formatting import format_locations, format_office, format_pay

# field, label, whether it is one of the terms the app is about
FIELDS = (
    ("title", "Title", False),
    ("pay", "Pay", True),
    ("office", "Office terms", True),
    ("workplace", "Workplace", True),
    ("locations", "Locations", False),
    ("company", "Company", False),
    ("department", "Department", False),
    ("url", "Link", False),
    ("posted_at", "Posted", False),
)
MAX_WORDS = 6_000  # past this the description is compared as two blocks, not word by word
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One field in two versions."""

    name: str
    label: str
    before: str
    after: str
    changed: bool
    key: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words: `same`, `added` or `removed`."""

    op: str
    text: str


def spell(field: str, value: Any) -> str:
    """A field's value as text."""
    if field == "pay":
        return format_pay(value) or "not stated"
    if field == "office":
        return format_office(value) or "not stated"
    if field == "locations":
        return format_locations(value, limit=50) or "none"
    if value is None or value == "":
        return "—"
    return str(value)


def fields(before: dict[str, Any], after: dict[str, Any]) -> list[FieldRow]:
    """A row per field of the two contents (changed ones marked)."""
    rows = []
    for name, label, key in FIELDS:
        old, new = before.get(name), after.get(name)
        rows.append(FieldRow(name, label, spell(name, old), spell(name, new), old != new, key))
    return rows


def words(before: str | None, after: str | None) -> list[Segment]:
    """The description's word diff: runs of same, removed and added words, in order."""
    old, new = _WORD.findall(before or ""), _WORD.findall(after or "")
    if len(old) + len(new) > MAX_WORDS:
        if before == after:
            return [Segment("same", before or "")]
        return [Segment("removed", before or ""), Segment("added", after or "")]
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("removed", "".join(old[i1:i2])))
        if j2 > j1:
            out.append(Segment("added", "".join(new[j1:j2])))
    return out
