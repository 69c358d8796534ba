"""Currencies: ISO 4217 codes (Babel/CLDR), the symbols and words postings use, and magnitudes.

A symbol either names one currency ("€", "CA$", "zł") or a family that the context must settle:
"$" (USD unless the text says otherwise), "kr" (SEK, NOK, DKK, ISK), "¥" (JPY or CNY),
"Rs" (INR unless Pakistan, Sri Lanka or Nepal) and a bare "R" (ZAR, only with South Africa).
"""

from __future__ import annotations

import re

from babel import Locale
from babel.numbers import get_territory_currencies

from monitor.extract._vocab import word_set

# Current ISO codes that are also common words or acronyms in upper case in English postings
# ("ALL 5 DAYS", "TOP 10", "AMD", "PEN"), never taken as a currency.
NOT_CURRENCIES = word_set("ALL AMD BOB CUP GEL LAK MAD MOP PEN SOS TOP BAM ANG CVE STN")


def _iso_codes() -> frozenset[str]:
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if isinstance(territory, str) and len(territory) == 2 and territory.isalpha():
            codes.update(get_territory_currencies(territory))
    return frozenset(codes - NOT_CURRENCIES)


# Codes still quoted in postings after the country moved on (Bulgaria took the euro in 2026).
ISO_CODES = _iso_codes() | {"RMB", "BGN", "HRK"}

DOLLAR, KRONA, YEN, RUPEE, RAND = "$", "kr", "¥", "Rs", "R"
FAMILIES: dict[str, tuple[str, ...]] = {
    DOLLAR: (
        "USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU",
        "JMD", "TTD", "BSD", "BBD", "BZD", "FJD", "LRD", "NAD", "SRD", "XCD", "KYD", "BMD",
    ),
    KRONA: ("SEK", "NOK", "DKK", "ISK"),
    YEN: ("JPY", "CNY"),
    RUPEE: ("INR", "PKR", "LKR", "NPR"),
    RAND: ("ZAR",),
}  # fmt: skip
FAMILY_DEFAULT: dict[str, str | None] = {
    DOLLAR: "USD",
    YEN: "JPY",
    RUPEE: "INR",
    KRONA: None,  # no safe default: a wrong krona is a wrong alert
    RAND: None,
}


def _symbols() -> dict[str, str]:
    table = {
        sym: code
        for code, sym in Locale("en").currency_symbols.items()
        if code in ISO_CODES and sym != code and not sym.isalpha()
    }
    table.update(
        {
            "$": DOLLAR, "US$": "USD", "USD$": "USD", "U$S": "USD", "CAD$": "CAD", "C$": "CAD",
            "AU$": "AUD", "AUD$": "AUD", "S$": "SGD", "SG$": "SGD", "SGD$": "SGD", "NZD$": "NZD",
            "¥": YEN, "￥": YEN, "RMB": "CNY", "元": "CNY", "円": "JPY", "원": "KRW", "₩": "KRW",
            "zł": "PLN", "kr": KRONA, "kr.": KRONA, "Kč": "CZK", "Ft": "HUF",
            "lei": "RON", "Fr.": "CHF", "SFr.": "CHF", "Rs": RUPEE, "Rs.": RUPEE, "Rp": "IDR",
            "Rp.": "IDR", "RM": "MYR", "R": RAND, "₺": "TRY", "₴": "UAH", "₽": "RUB", "₸": "KZT",
            "₦": "NGN", "₱": "PHP", "₡": "CRC", "₲": "PYG", "฿": "THB", "KSh": "KES", "GH₵": "GHS",
            "E£": "EGP", "₪": "ILS", "₫": "VND", "₹": "INR", "€": "EUR", "£": "GBP",
            "CDN$": "CAD", "лв": "BGN", "лв.": "BGN",
        }
    )  # fmt: skip
    return table


SYMBOLS = _symbols()

# Currency words, after or before an amount ("95,000 euros", "Canadian dollars").
_WORDS: dict[str, str] = {
    "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD", "canadian dollar": "CAD",
    "australian dollar": "AUD", "new zealand dollar": "NZD", "singapore dollar": "SGD",
    "hong kong dollar": "HKD", "dollar": DOLLAR, "euro": "EUR", "pounds sterling": "GBP",
    "pound sterling": "GBP", "sterling": "GBP", "rupee": RUPEE, "indian rupee": "INR",
    "yen": "JPY", "japanese yen": "JPY", "real": "BRL", "reais": "BRL", "złotych": "PLN",
    "zlotych": "PLN", "zloty": "PLN", "złoty": "PLN", "swiss franc": "CHF", "franc": "CHF",
    "kronor": "SEK", "kroner": KRONA, "krone": KRONA, "rand": "ZAR", "lakh": "INR",
}  # fmt: skip
_WORD_RE = (
    r"(?:(?:US|U\.S\.|American|Canadian|Australian|New\s+Zealand|Singapore|Hong\s+Kong)\s+)?"
    r"dollars?|(?:Indian\s+)?rupees?|(?:Japanese\s+)?yen|(?:Swiss\s+)?francs?|euros?"
    r"|pounds?\s+sterling|sterling|reais|z[łl]otych|z[łl]oty|kronor|kroner|krone"
)


def _fragment() -> str:
    letters = sorted((s for s in SYMBOLS if s[0].isalpha()), key=len, reverse=True)
    others = sorted((s for s in SYMBOLS if not s[0].isalpha()), key=len, reverse=True)
    lettered = "|".join(re.escape(s) for s in letters if s != RAND)
    return (
        r"(?:(?<![A-Za-z])(?:"
        + lettered
        + r"|R(?=\s?\d)|[A-Z]{3}|"
        + _WORD_RE
        + r")(?![A-Za-z])|"
        + "|".join(re.escape(s) for s in others)
        + ")"
    )


# One currency token, no capturing groups; a bare "R" counts only right before digits.
CURRENCY = _fragment()

# Rough units per US dollar, for telling an hourly rate from a salary by size only: magnitudes
# need to be right within a factor of two, not to the cent.
USD_RATE: dict[str, float] = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "CHF": 0.88, "CAD": 1.37, "AUD": 1.52, "NZD": 1.66,
    "SGD": 1.34, "HKD": 7.8, "JPY": 150, "CNY": 7.2, "KRW": 1350, "TWD": 32, "INR": 84,
    "PKR": 280, "LKR": 300, "NPR": 134, "BDT": 120, "SEK": 10.5, "NOK": 10.7, "DKK": 6.9,
    "ISK": 138, "PLN": 4.0, "CZK": 23, "HUF": 360, "RON": 4.6, "BGN": 1.8, "RSD": 108,
    "UAH": 41, "HRK": 6.9, "TRY": 34, "ILS": 3.7, "AED": 3.67, "SAR": 3.75, "QAR": 3.64, "EGP": 49,
    "ZAR": 18, "NGN": 1550, "KES": 129, "GHS": 15, "BRL": 5.5, "MXN": 18, "ARS": 950,
    "COP": 4100, "CLP": 940, "UYU": 40, "CRC": 520, "PHP": 57, "THB": 35, "VND": 25000,
    "IDR": 16000, "MYR": 4.5, "RUB": 90, "KZT": 480, "PYG": 7500,
}  # fmt: skip
# Where salaries are quoted per year even when they are small in dollars ("₹6,00,000").
ANNUAL_QUOTING = frozenset({"INR", "PKR", "LKR", "NPR", "BDT"})


def currency_of(token: str | None) -> str | None:
    """ISO code or family marker for a currency token as written; None if it is not one."""
    if not token:
        return None
    token = token.strip()
    if token in SYMBOLS:
        return SYMBOLS[token]
    if len(token) == 3 and token.isupper():
        return token if token in ISO_CODES else None
    folded = " ".join(token.lower().split()).rstrip("s")
    if folded in _WORDS:
        return _WORDS[folded]
    return _WORDS.get(" ".join(token.lower().split()))


def is_family(code: str | None) -> bool:
    """True for a marker that the context must settle ("$", "kr", ...)."""
    return code in FAMILIES


def settle(family: str, candidates: list[str | None]) -> str | None:
    """The first candidate that belongs to family, else the family's default."""
    members = FAMILIES[family]
    for code in candidates:
        if code in members:
            return code
    return FAMILY_DEFAULT[family]


def usd(amount: float, code: str) -> float | None:
    """Amount in rough US dollars, or None for a currency without a rate."""
    rate = USD_RATE.get("CNY" if code == "RMB" else code)
    return amount / rate if rate else None
