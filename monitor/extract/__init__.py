"""Reading pay ranges, office terms and the workplace out of posting text: pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from monitor.lazy import lazy_exports

# The readers' version, stored with each snapshot. Change it whenever what the readers return
# for some text changes (a fix, a new phrase, a new currency), so that the store can tell a
# re-read from a change the employer made; never for a change that only makes them faster.
VERSION = "2026.12.1"

# Loaded on first use: every cycle imports `monitor.extract.text`, but only cycles where a
# posting changed need the readers (and Babel's currency data behind them).
_EXPORTS = {
    "extract_office": "office",
    "extract_pay": "pay",
    "pay_kind_from_text": "pay",
    "pay_period_from_text": "pay",
    "html_to_text": "text",
    "workplace_from_board": "workplace",
    "workplace_from_terms": "workplace",
    "workplace_from_text": "workplace",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "VERSION",
    "extract_office",
    "extract_pay",
    "pay_kind_from_text",
    "pay_period_from_text",
    "read_posting",
    "workplace_from_board",
    "workplace_from_terms",
    "workplace_from_text",
]


def read_posting(text: str, *, html: bool = False, locations: Sequence[str] | None = None) -> dict:
    """What `rolewatch extract` prints for a text: {"pay": [...], "office": {...} or None,
    "workplace"}.

    locations are the posting's own (a board's location field, `extract --location`): they
    settle the currency of a bare "$" or of figures written without one.
    """
    from monitor.extract.office import extract_office
    from monitor.extract.pay import extract_pay
    from monitor.extract.text import html_to_text
    from monitor.extract.workplace import workplace_from_terms

    plain = html_to_text(text) if html else (text or "")
    office = extract_office(plain)
    return {
        "pay": extract_pay(plain, locations=locations),
        "office": office,
        "workplace": workplace_from_terms(plain, office),
    }
