"""What spiders yield: a `Posting` per posting, and a `ListingEnd` per source once it is done."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

from monitor.hashing import stable_hash

# interrupted: a user stopped the crawl (Ctrl-C, SIGTERM) before this listing ended
Status = Literal["complete", "partial", "failed", "interrupted"]


@dataclass(slots=True)
class Posting:
    """A posting as the board gives it: raw fields, before any normalisation."""

    source: str
    external_id: str
    title: str
    url: str | None = None
    company: str | None = None
    department: str | None = None
    locations: list[str] = field(default_factory=list)
    description: str = ""  # HTML or text, as the board gives it
    workplace: str | None = None  # the board's own field, raw ("Remote", "hybrid", ...)
    pay: list[dict[str, Any]] = field(default_factory=list)  # structured pay, SPEC's shape
    pay_text: str | None = None  # a board's pay summary line, when it has one
    posted_at: str | None = None  # ISO 8601 as read from the board
    has_details: bool = True  # False when the listing lacked the full text (detail not read)
    listing_hash: str | None = None  # hash of the listing entry, for boards read in two steps
    extra: dict[str, Any] = field(default_factory=dict)
    _raw: str | None = field(default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[type[Posting], tuple[Any, ...]]:
        # the fields as one tuple: pickling for the worker processes gets several times
        # cheaper than through the __getstate__ of a slots dataclass
        return (Posting, _FIELDS(self))

    def raw_hash(self) -> str:
        """A hash of everything the board said, to skip work for postings that did not change."""
        if self._raw is not None:
            return self._raw
        # one serialisation of a tuple: several times cheaper than dataclasses.asdict
        fields = (self.source, self.external_id, self.title, self.url, self.company,
                  self.department, self.locations, self.description, self.workplace, self.pay,
                  self.pay_text, self.posted_at, self.extra)  # fmt: skip
        self._raw = stable_hash(fields)
        return self._raw


_FIELDS = attrgetter(*(f.name for f in fields(Posting)))


@dataclass(slots=True)
class PostingBatch:
    """The postings one response held: one item for Scrapy instead of one per posting."""

    source: str
    postings: list[Posting]


@dataclass(slots=True)
class ListingEnd:
    """Yielded once per source after its last request: how its listing ended."""

    source: str
    status: Status
    error: str | None = None
    pages: int = 0
    not_modified: bool = False  # every listing page answered 304: nothing to read
    unchanged_keys: list[str] = field(default_factory=list)  # seen, known unchanged, not re-read
    # listing URL -> (ETag, Last-Modified) of this crawl's 200 answers, saved with the data
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was made to fit, or chosen, and why
    # PostingBatch items the spider yielded before this end: Scrapy may hand items of other
    # responses to the pipeline out of order, so the pipeline waits until it has them all
    batches: int = 0
