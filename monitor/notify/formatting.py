"""Plain-text spellings of pay, office terms and locations, shared by alerts and the CLI tables.

These return plain text built from stored (scraped, so untrusted) values; whoever puts them in
markdown or HTML escapes them there (`monitor.notify.markup`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

ARROW = " → "
DASH = "–"  # en dash between the two ends of a range

# A symbol only where it is unambiguous next to the ISO code that always follows it.
SYMBOLS = {
    "USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "SGD": "$", "HKD": "$", "MXN": "$",
    "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩", "ILS": "₪",
    "BRL": "R$", "PLN": "zł", "TRY": "₺", "NGN": "₦", "PHP": "₱", "UAH": "₴",
}  # fmt: skip
PERIODS = {"year": "yr", "month": "mo", "week": "wk", "day": "day", "hour": "hr"}
KINDS = {"ote": "OTE", "total": "total comp"}


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_amount(value: float, currency: str | None) -> str:
    """`$155,700`, `€95,000`, `£40.50`: a symbol where the currency has a clear one."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return SYMBOLS.get((currency or "").upper(), "") + text


def _span(item: Mapping[str, Any]) -> str:
    currency = item.get("currency")
    low, high = _number(item.get("min")), _number(item.get("max"))
    if low is not None and high is not None and low != high:
        return f"{format_amount(low, currency)}{DASH}{format_amount(high, currency)}"
    if low is not None and high is None:
        return f"from {format_amount(low, currency)}"
    if low is None and high is not None:
        return f"up to {format_amount(high, currency)}"
    if low is not None:
        return format_amount(low, currency)
    return "amount not stated"


def _unit(item: Mapping[str, Any]) -> str:
    currency = str(item.get("currency") or "").upper()
    period = PERIODS.get(str(item.get("period") or ""), str(item.get("period") or ""))
    if currency and period:
        unit = f"{currency}/{period}"
    else:
        unit = currency or (f"per {period}" if period else "")
    kind = KINDS.get(str(item.get("kind") or ""))
    return " ".join(part for part in (unit, f"({kind})" if kind else "") if part)


def _scope(item: Mapping[str, Any]) -> str:
    scope = item.get("scope")
    return f"{scope}: " if scope else ""


def format_range(item: Mapping[str, Any]) -> str:
    """One pay range: `Zone A: $155,700–$233,500 USD/yr`."""
    unit = _unit(item)
    return f"{_scope(item)}{_span(item)}{' ' + unit if unit else ''}"


def format_pay(ranges: Iterable[Mapping[str, Any]] | None) -> str:
    """Pay ranges as one line, e.g. `$155,700–$233,500 USD/yr`; empty when none are stated."""
    return "; ".join(format_range(item) for item in ranges or () if isinstance(item, Mapping))


def format_pay_change(before: Any, after: Any) -> str:
    """`$143,200–$284,000 → $150,000–$290,000 USD/yr`: the unit once when it did not change."""
    old = [i for i in before or () if isinstance(i, Mapping)]
    new = [i for i in after or () if isinstance(i, Mapping)]
    if len(old) == 1 and len(new) == 1:
        same = ("currency", "period", "scope", "kind")
        if all(old[0].get(k) == new[0].get(k) for k in same):
            unit = _unit(new[0])
            spans = f"{_span(old[0])}{ARROW}{_span(new[0])}"
            return f"{_scope(new[0])}{spans}{' ' + unit if unit else ''}"
    return f"{format_pay(old) or 'not stated'}{ARROW}{format_pay(new) or 'not stated'}"


def _terms(pct: Any, days: Any) -> str:
    pct_n, days_n = _number(pct), _number(days)
    days_text = f"{days_n:g} days/week" if days_n is not None else ""
    pct_text = f"{pct_n:g}%" if pct_n is not None else ""
    if days_text and pct_text:
        return f"{days_text} ({pct_text})"
    return days_text or pct_text


def format_office(office: Mapping[str, Any] | None) -> str:
    """Office terms, e.g. `hybrid, 50% in office (London: 60%)`; empty when none are stated."""
    if not isinstance(office, Mapping) or not office:
        return ""
    mode = str(office.get("mode") or "")
    terms = _terms(office.get("min_office_pct"), office.get("days_per_week"))
    if mode == "remote" and not office.get("min_office_pct") and not office.get("days_per_week"):
        terms = ""  # "remote, 0 days/week (0%) in office" says it badly
    text = ", ".join(part for part in (mode, f"{terms} in office" if terms else "") if part)
    exceptions = [
        f"{e.get('location')}: {_terms(e.get('min_office_pct'), e.get('days_per_week')) or '?'}"
        for e in office.get("exceptions") or ()
        if isinstance(e, Mapping) and e.get("location")
    ]
    if exceptions:
        text = f"{text} ({'; '.join(exceptions)})" if text else "; ".join(exceptions)
    return text


def format_office_change(before: Any, after: Any) -> str:
    """`50% → 60%` when only the share of office time moved; both terms in full otherwise."""
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    same_terms = (
        old
        and new
        and old.get("mode") == new.get("mode")
        and (old.get("exceptions") or []) == (new.get("exceptions") or [])
    )
    if same_terms:
        moved = {k for k in ("min_office_pct", "days_per_week") if old.get(k) != new.get(k)}
        if moved == {"min_office_pct"} and old.get("min_office_pct") is not None:
            after_pct = _terms(new.get("min_office_pct"), None) or "not stated"
            return f"{_terms(old['min_office_pct'], None)}{ARROW}{after_pct}"
        if moved == {"days_per_week"} and old.get("days_per_week") is not None:
            after_days = _terms(None, new.get("days_per_week")) or "not stated"
            return f"{_terms(None, old['days_per_week'])}{ARROW}{after_days}"
    return f"{format_office(old) or 'not stated'}{ARROW}{format_office(new) or 'not stated'}"


def format_locations(locations: Any, limit: int = 4) -> str:
    """`London, Remote (+2 more)`."""
    names = [str(x) for x in locations or () if x]
    if len(names) > limit:
        return f"{', '.join(names[:limit])} (+{len(names) - limit} more)"
    return ", ".join(names)
