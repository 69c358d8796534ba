"""What the store knows that a crawl needs (`result.CrawlContext`), read once before it starts.

Spiders get it as a spider argument (what each posting's stored listing entry and detail date
are, for two-step boards; each listing URL's validators, for conditional requests); the sink
uses it to send only changed postings to the worker processes. Spiders never query the store.
"""

from __future__ import annotations

from monitor.config import Source
from monitor.store.result import CrawlContext
from monitor.store.writer import Store


def load_context(
    store: Store,
    sources: list[Source],
    *,
    cold: frozenset[str],
    two_step: set[str],
    conditional: set[str],
    hashes: bool,
) -> CrawlContext:
    """Read the context of a crawl of these sources (`cold`: those without a baseline):
    known postings of the `two_step` kinds, validators of the `conditional` kinds, and
    (`hashes`) the stored raw hashes."""
    names = [s.name for s in sources]
    steps = [s.name for s in sources if s.kind in two_step]
    known = store.known(steps) if steps else {}
    checked = [s for s in sources if s.kind in conditional]
    validators = store.validators(checked) if checked else {}
    warm = [name for name in names if name not in cold]
    stored = store.raw_hashes(warm) if hashes and warm else {}
    return CrawlContext(cold, known, validators, stored)
