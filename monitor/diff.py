"""Pure diff: what changed between two versions of a posting, and what a listing's end means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# field of the normalised content -> the change kind it records, in the order they are reported
FIELD_KINDS = (
    ("title", "title_changed"),
    ("pay", "pay_changed"),
    ("office", "office_changed"),
    ("locations", "location_changed"),
    ("description", "description_changed"),
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a posting that differs between two versions."""

    kind: str
    before: Any
    after: Any


def _comparable(field: str, value: Any) -> Any:
    if field == "locations":
        return sorted({str(v).casefold() for v in value or []})
    if field == "pay":
        return sorted(
            (sorted(item.items()) for item in value or []), key=lambda items: repr(items)
        )
    if field == "title":
        return " ".join(str(value or "").split())
    return value or None


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """The changes between two normalised versions of the same posting."""
    return [
        FieldChange(kind, before.get(field), after.get(field))
        for field, kind in FIELD_KINDS
        if _comparable(field, before.get(field)) != _comparable(field, after.get(field))
    ]


@dataclass(frozen=True, slots=True)
class Absence:
    """A stored open posting's state after a listing that did not include it."""

    missing: int
    removed: bool


def absent(missing: int, *, complete: bool, grace: int) -> Absence:
    """Count one more miss for a posting missing from a listing; only complete listings count."""
    if not complete:
        return Absence(missing, False)
    missing += 1
    return Absence(missing, missing >= grace)


FAILING_AFTER = 3


@dataclass(frozen=True, slots=True)
class Streak:
    """A source's failure streak after one crawl, and the alert it calls for, if any."""

    failures: int
    alerted: bool
    event: str | None  # "source_failing", "source_recovered" or None


def streak(failures: int, alerted: bool, *, failed: bool) -> Streak:
    """`source_failing` once per streak of FAILING_AFTER failures; `source_recovered` after it."""
    if failed:
        failures += 1
        if failures >= FAILING_AFTER and not alerted:
            return Streak(failures, True, "source_failing")
        return Streak(failures, alerted, None)
    return Streak(0, False, "source_recovered" if alerted else None)
