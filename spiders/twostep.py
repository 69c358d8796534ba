"""Helpers for boards read in two steps: a listing, then a detail page per posting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request

from monitor.config import Source
from monitor.hashing import stable_hash
from spiders.base import SourceState


def listing_hash(*parts: Any) -> str:
    """A stable hash of a listing entry's fields (what decides whether details are re-read)."""
    return stable_hash(parts)


def title_excluded(source: Source, title: str) -> bool:
    """Whether the source's title filters drop this posting, so its details need not be read."""
    return not source.matches({"title": title or ""})


def keep_known(state: SourceState, external_id: str | None) -> None:
    """Count a stored posting as seen although its details were not read this cycle."""
    if external_id and external_id in state.known and external_id not in state.seen:
        state.seen.add(external_id)
        state.unchanged.append(external_id)


class DetailErrors:
    """`on_error` handler for detail pages: the listing is partial, stored postings stay open.

    A new posting whose details failed is not stored yet (it would be stored without its
    text and then "change" on the next cycle); it is read again next cycle.
    """

    def detail_failed(self, request: Request, state: SourceState, reason: str) -> Iterable[Any]:
        keep_known(state, request.meta.get("rw_detail"))
        self.mark_partial(  # type: ignore[attr-defined]
            state, f"a posting's page could not be read: {reason}"
        )
        return ()
