"""Reading pay ranges, office terms and the workplace out of posting text: pure functions."""

from __future__ import annotations

from monitor.extract.office import extract_office
from monitor.extract.pay import extract_pay, pay_kind_from_text, pay_period_from_text
from monitor.extract.text import html_to_text
from monitor.extract.workplace import (
    workplace_from_board,
    workplace_from_terms,
    workplace_from_text,
)

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
    plain = html_to_text(text) if html else (text or "")
    office = extract_office(plain)
    return {
        "pay": extract_pay(plain),
        "office": office,
        "workplace": workplace_from_terms(plain, office),
    }
