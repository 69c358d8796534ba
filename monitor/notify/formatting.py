"""Plain-text spellings of pay, office terms and locations, shared by alerts and the CLI tables.

These return plain text built from stored (scraped, so untrusted) values; whoever puts them in
markdown or HTML escapes them there (`monitor.notify.markup`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from monitor.timeutil import parse_when, utcnow

ARROW = " → "
DASH = "–"  # en dash between the two ends of a range

# Symbols several currencies write the same way at home: shown with the ISO code after them
SHARED_SYMBOLS = frozenset({"£", "¥", "￥", "kr", "kr.", "Kr.", "Rs", "₨", "₩", "R", "Fr.", "Sh"})
_BIDI = str.maketrans("", "", "\u200e\u200f\u061c")
# Swiss grouping is ' in current locale data and ' (U+2019) in Babel's older releases: one
# spelling whatever Babel is installed, and the one every keyboard and chat client has
_DIGITS = str.maketrans({"\u200e": None, "\u200f": None, "\u061c": None, "\u2019": "'"})


@dataclass(frozen=True)
class _Style:
    """How a currency's own country writes an amount of it (Babel's locale data)."""

    locale: Any
    symbol: str
    number: str  # the number's pattern, without fraction digits: `#,##0`
    after: bool  # the symbol follows the number (`250 000 zł`)
    spaced: bool  # a space between symbol and number (`CHF 120'000`)

    @property
    def coded(self) -> bool:
        """Whether the symbol needs the ISO code beside it to be unambiguous."""
        return "$" in self.symbol or self.symbol in SHARED_SYMBOLS


@functools.cache
def _style(code: str) -> _Style | None:
    """The style of the country the currency belongs to (ISO 4217: the code's first two
    letters), else English's; None for what Babel does not know as a currency."""
    # imported here: Babel and its locale data take about 30 ms, spent on the first amount
    # shown rather than by every command
    from babel import Locale, UnknownLocaleError, languages, numbers

    try:
        locale = Locale.parse("en")
        territory = code[:2]
        if code in numbers.get_territory_currencies(territory):
            official = languages.get_official_languages(territory)
            if official:
                locale = Locale.parse(f"{official[0]}_{territory}")
        if code not in Locale.parse("en").currencies:
            return None  # no currency Babel knows: the amount and its code, as given
        symbol = numbers.get_currency_symbol(code, locale).translate(_BIDI).strip()
        pattern = locale.currency_formats["standard"].pattern.split(";")[0].translate(_BIDI)
    except (UnknownLocaleError, ValueError, KeyError, LookupError):
        return None
    if not symbol or "¤" not in pattern:
        return None
    digits = min(i for i in (pattern.find("#"), pattern.find("0")) if i >= 0)
    number = pattern.replace("¤", "").replace("\xa0", " ").strip().split(".")[0]
    after = pattern.index("¤") > digits
    gap = pattern[pattern.index("¤") - 1] if after else pattern[pattern.index("¤") + 1 :][:1]
    return _Style(locale, symbol, number, after, gap in (" ", "\xa0"))


PERIODS = {"year": "yr", "month": "mo", "week": "wk", "day": "day", "hour": "hr"}
KINDS = {"ote": "OTE", "total": "total comp"}


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _digits(value: float, style: _Style | None) -> str:
    """The number as the currency's country writes it: `155,700`, `155 700`, `1,55,700`."""
    if style is None:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    from babel.numbers import format_decimal  # loaded already by _style

    pattern = style.number if value == int(value) else style.number + ".00"
    return format_decimal(value, format=pattern, locale=style.locale).translate(_DIGITS)


def format_amount(value: float, currency: str | None, *, symbol: bool = True) -> str:
    """`$155,700`, `€95,000`, `250 000 zł`: as the currency's own country writes it."""
    style = _style((currency or "").upper()) if currency else None
    text = _digits(value, style)
    if style is None or not symbol:
        return text
    gap = "\xa0" if style.spaced or style.after else ""
    return f"{text}{gap}{style.symbol}" if style.after else f"{style.symbol}{gap}{text}"


def _span(item: Mapping[str, Any]) -> str:
    currency = item.get("currency")
    low, high = _number(item.get("min")), _number(item.get("max"))
    if low is not None and high is not None and low != high:
        style = _style(str(currency).upper()) if currency else None
        # the symbol once where it follows the number or is a word: `250 000–380 000 zł`,
        # `CHF 120'000–160'000`; a short one before each end: `$155,700–$233,500`
        lead = tail = True
        if style is not None and style.after:
            lead = False
        elif style is not None and len(style.symbol) > 1 and "$" not in style.symbol:
            tail = False
        first, last = (
            format_amount(low, currency, symbol=lead),
            format_amount(high, currency, symbol=tail),
        )
        return f"{first}{DASH}{last}"
    if low is not None and high is None:
        return f"from {format_amount(low, currency)}"
    if low is None and high is not None:
        return f"up to {format_amount(high, currency)}"
    if low is not None:
        return format_amount(low, currency)
    return "amount not stated"


def _unit(item: Mapping[str, Any]) -> str:
    """`USD/yr` where the symbol alone is ambiguous (`$`), `/yr` where it is not (`€`)."""
    currency = str(item.get("currency") or "").upper()
    period = PERIODS.get(str(item.get("period") or ""), str(item.get("period") or ""))
    style = _style(currency) if currency else None
    stated = item.get("min") is not None or item.get("max") is not None
    if style is not None and stated and not style.coded:
        currency = ""  # the symbol says it, once
    if currency and period:
        unit = f"{currency}/{period}"
    else:
        unit = currency or (f"/{period}" if period and stated and style else "")
        unit = unit or (f"per {period}" if period else "")
    kind = KINDS.get(str(item.get("kind") or ""))
    return " ".join(part for part in (unit, f"({kind})" if kind else "") if part)


def _scope(item: Mapping[str, Any]) -> str:
    scope = item.get("scope")
    return f"{scope}: " if scope else ""


def format_range(item: Mapping[str, Any]) -> str:
    """One pay range: `Zone A: $155,700–$233,500 USD/yr`, `250 000–380 000 zł/yr`."""
    return f"{_scope(item)}{_with_unit(_span(item), _unit(item))}"


def _with_unit(span: str, unit: str) -> str:
    if not unit:
        return span
    return f"{span}{unit}" if unit.startswith("/") else f"{span} {unit}"


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
            spans = f"{_span(old[0])}{ARROW}{_span(new[0])}"
            return f"{_scope(new[0])}{_with_unit(spans, _unit(new[0]))}"
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


def first_posted(posting: Any) -> str:
    """When a removed posting was first posted, as "12 Oct" (or "12 Oct 2025" in another
    year): its board date, else when rolewatch first saw it; "" when neither is known."""
    posting = posting if isinstance(posting, Mapping) else {}
    days = []
    for field in ("posted_at", "first_seen"):
        try:
            when = parse_when(posting[field]) if posting.get(field) else None
        except (TypeError, ValueError):
            when = None
        if when is not None:
            days.append(when)
    if not days:
        return ""
    first = min(days)
    text = f"{first.day} {first:%b}"
    return text if first.year == utcnow().year else f"{text} {first.year}"


def repost_note(before: Any) -> str:
    """`reposted (first posted 12 Oct)`: a `reposted` change, told by its removed posting."""
    day = first_posted(before)
    return f"reposted (first posted {day})" if day else "reposted"


def pay_missing_note(after: Any) -> str:
    """`no pay range, which US-CO requires`: a `pay_missing` change, told by its assessment."""
    codes = after.get("jurisdictions") if isinstance(after, Mapping) else None
    places = ", ".join(codes or [])
    where = f", which {places} require{'' if len(codes or []) > 1 else 's'}" if places else ""
    return f"no pay range{where} (information, not legal advice)"
