"""Reading pay ranges, office terms and the workplace out of posting text: pure functions."""

from __future__ import annotations

from monitor.lazy import lazy_exports

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
    "extract_office",
    "extract_pay",
    "pay_kind_from_text",
    "pay_period_from_text",
    "read_posting",
    "workplace_from_board",
    "workplace_from_terms",
    "workplace_from_text",
]


def read_posting(text: str, *, html: bool = False) -> dict:
    """What `rolewatch extract` prints: {"pay": [...], "office": {...} or None, "workplace"}."""
    from monitor.extract.office import extract_office
    from monitor.extract.pay import extract_pay
    from monitor.extract.text import html_to_text
    from monitor.extract.workplace import workplace_from_terms

    plain = html_to_text(text) if html else (text or "")
    office = extract_office(plain)
    return {
        "pay": extract_pay(plain),
        "office": office,
        "workplace": workplace_from_terms(plain, office),
    }
