"""What storing one source's listing did, and what the store knows that a crawl reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Postings normalised ahead of storing (in worker processes): raw hash -> (content, its hash)
Prepared = dict[str, tuple[dict[str, Any], str]]


@dataclass(frozen=True, slots=True)
class Known:
    """What the store holds of an open posting, so a spider can skip re-reading its details."""

    listing_hash: str | None
    details_at: datetime | None
    stale: bool = False  # read by other readers (before an upgrade): read its details again


@dataclass
class SourceResult:
    """What one source's crawl did, for the summary, the exit code and the run row."""

    source: str
    status: str
    error: str | None = None
    seen: int = 0
    new: int = 0
    changed: int = 0
    removed: int = 0
    reopened: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    baseline: bool = False
    open: int = 0
    pages: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    # a dry run's: the postings it read, the changes and alerts it would have recorded
    preview: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        extra = {} if self.preview is None else {"preview": self.preview}
        return {
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "seen": self.seen,
            "new": self.new,
            "changed": self.changed,
            "removed": self.removed,
            "reopened": self.reopened,
            "open": self.open,
            "baseline": self.baseline,
            "changes": dict(sorted(self.changes.items())),
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "notes": list(self.notes),
            **extra,
        }


@dataclass(frozen=True)
class CrawlContext:
    """The stored state a crawl reads: by source name, then by posting id or URL."""

    cold: frozenset[str] = frozenset()  # sources without a baseline yet
    known: Mapping[str, Mapping[str, Known]] = field(default_factory=dict)
    validators: Mapping[str, Mapping[str, tuple[str | None, str | None]]] = field(
        default_factory=dict
    )
    # posting key -> raw hash, of postings needing no reading when their raw fields are the same
    stored: Mapping[str, str] = field(default_factory=dict)

    def known_of(self, source: str) -> Mapping[str, Known]:
        return self.known.get(source, {})

    def validators_of(self, source: str) -> Mapping[str, tuple[str | None, str | None]]:
        return self.validators.get(source, {})
