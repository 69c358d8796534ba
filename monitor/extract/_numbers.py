"""Numbers as postings write them: grouping of many locales, decimals, k/M/lakh/万 multipliers.

The grammar below finds a number and decides which mark is the decimal one; price-parser's
number parser then turns the digits into a Decimal with that separator.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from price_parser.parser import parse_number as _price_number

_GROUP_SPACES = " \u00a0\u202f\u2009\u2007"

# One amount's digits, no capturing groups (the amount grammar embeds it once).
# Repetitions are bounded (no salary has more than 4 groups) so that a long run of digit groups
# cannot make the engine backtrack for long. The first digit is written once, before the
# branches (`\d\d?` tries what `\d{1,2}` tries, in the same order): a pattern that starts with
# a class lets the engine skip straight to digits instead of trying each branch everywhere.
NUMBER = (
    r"\d(?:\d?(?:[, \u00a0\u202f\u2009]\d{2}){1,4}[, \u00a0\u202f\u2009]\d{3}"  # 18,00,000
    r"|\d{0,2}(?:[,.'’ \u00a0\u202f\u2009\u2007]\d{3}){1,4}(?:[.,]\d{1,2})?"  # 155.700,50
    r"|\d{0,11}(?:[.,]\d{1,6})?)"  # 120000 32.50 32,50 143.2
    r"(?!\d)"
)

# A multiplier written after the digits ("120k", "18 LPA", "600万").
MULTIPLIER = (
    r"(?:[kK]|(?i:thousand)|tys\.?|Tsd\.?|mil|mm|MM|[mM]|mn|mln|[Mm]io\.?|(?i:million)|B|bn|T|tn"
    r"|(?i:billion|trillion|lakhs?|lacs?)|LPA|L|(?i:crores?)|[Cc]r\.?)(?![^\W\d_])|万|만|千"
)

_THOUSAND = {"k": 1000, "thousand": 1000, "tys": 1000, "tsd": 1000, "千": 1000}
_INDIAN = {"lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000, "lpa": 100_000}
_INDIAN |= {"l": 100_000, "crore": 10**7, "crores": 10**7, "cr": 10**7}
_MILLION = {"m": 10**6, "mm": 10**6, "mn": 10**6, "mln": 10**6, "mio": 10**6}
_MILLION |= {"million": 10**6}
_BILLION = {"b": 10**9, "bn": 10**9, "billion": 10**9, "t": 10**12, "tn": 10**12}
_BILLION |= {"trillion": 10**12}
# Spanish and Portuguese write "R$ 8 mil" for eight thousand; English "$2 mil" is two million.
_MIL_IS_THOUSAND = frozenset({"BRL", "MXN", "ARS", "COP", "CLP", "UYU", "PYG"})
# Currencies whose salaries run into millions of units ("¥8M", "₩60M").
_SMALL_UNIT = frozenset({"JPY", "KRW", "IDR", "VND", "HUF", "CLP", "COP", "PYG", "UGX", "TZS"})


@lru_cache(maxsize=4096)  # amounts repeat ("120,000"), and price-parser is slow-ish
def parse_number(token: str) -> Decimal | None:
    """The value of digits as written: "155.700" and "155,700" are both 155700, "32,50" 32.5."""
    text = token
    for space in _GROUP_SPACES + "'’":
        text = text.replace(space, "")
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas + dots == 1:
        mark = "," if commas else "."
        # one mark followed by exactly three digits groups thousands ("1.250" is 1250)
        decimal = mark if len(text) - text.rfind(mark) - 1 != 3 else ("." if mark == "," else ",")
    else:
        decimal = "," if dots else "."  # no mark, or several of one kind: all grouping
    return _price_number(text, decimal_separator=decimal)


def multiplier(token: str | None, currency: str | None) -> tuple[int, bool]:
    """(factor, company_scale) for a multiplier token; company_scale marks millions and more
    in currencies where a salary never reaches them ("$50M raised", "$200B of spend")."""
    if not token:
        return 1, False
    if token in ("万", "만"):
        return 10_000, False
    key = token.rstrip(".").lower()
    if key == "mil":
        if currency in _MIL_IS_THOUSAND:
            return 1000, False
        key = "m"
    if key in _THOUSAND:
        return _THOUSAND[key], False
    if key in _INDIAN:
        return _INDIAN[key], False
    if key in _MILLION:
        return _MILLION[key], currency not in _SMALL_UNIT
    return _BILLION.get(key, 10**9), True


def json_number(value: Decimal) -> int | float:
    """A plain JSON number: int when whole, float otherwise."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
