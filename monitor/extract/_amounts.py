"""Amounts and ranges on one line: digits in any locale's format, the currency written before
or after them, multipliers, and the separators that join two amounts into a range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

import monitor.extract._currency as cur
from monitor.extract._numbers import MULTIPLIER, NUMBER, multiplier, parse_number
from monitor.extract._regex import prefix_tree
from monitor.extract._scan import upper_runs
from monitor.extract._vocab import fold_case, period_of

# An amount is found from its digits (no assertion in front, so the engine skips straight to
# digits); the currency written before or after it is then matched in place, which is cheaper
# than trying every currency at every position of a line.
_NUMBER = re.compile(rf"(?P<num>{NUMBER})(?:[ \u00a0\u202f]?(?P<mult>{MULTIPLIER}))?(?P<plus>\+)?")
_SPACES = " \u00a0\u202f\u2009"
_DIGIT_MARKS = frozenset("0123456789.,")
# Characters a currency written before digits can end with, and one after digits can start with
# (symbols, codes, currency words): a cheap test before the real one.
_PRE_LAST = frozenset(sym[-1] for sym in cur.SYMBOLS) | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_POST_FIRST = (
    frozenset(sym[0] for sym in cur.SYMBOLS)
    | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    | frozenset("dekrfpsyzł")  # dollars euros kr/kroner rupees francs pounds sterling yen zł
)
# a currency followed by digits starts the next amount: "Zone 1 $165k" is not "1 $"
_POST = re.compile(rf"[ \u00a0\u202f]?(?P<post>{cur.CURRENCY})(?![ \u00a0]?\d)")
# What may stand between two amounts of one range: "-", "to", "bis", "and" after "between"...,
# with the first amount's period repeated ("$45/hr - $60/hr") and Swiss ".–" ("95'000.– bis").
_GAP = re.compile(
    r"(?:\.[-–])?\s*(?P<per>/\s*(?:hr|hour|h|yr|year|mo|month|day|wk|week)\b\.?"
    r"|per\s+(?:hour|year|month|day|week)|p\.?\s?a\.?|an?\s+(?:hour|year))?\s*\)?\s*"
    r"(?:(?P<dash>\\?-|–|—|‒|−|~|〜|～|to|till|until|bis|à|a|au|do|tot|til|hasta|até|ate)"
    r"|(?P<conj>and|et|y|e|ed|und|och|og|i))\s*\(?\s*(?:(?:the|i|il|le|les|los|las|die)\s+)?",
    re.IGNORECASE,
)
# Conjunctions join a range only after "between" and its translations.
_BETWEEN = re.compile(
    r"(?:between|entre|zwischen|mellan|mellom|tra|fra|tussen|między)"
    r"(?:\s+(?:the|i|il|le|les|los|las|die))?\s*$",
    re.IGNORECASE,
)
# What marks money on a line: a symbol, a currency word, a 3-letter ISO code, a CJK pay word.
# Separate simple patterns run several times faster than one alternation of them all.
_SYMBOL = re.compile(r"[$€£¥￥₹₩₪₺₱₦₫฿₴₽₸₡₲円元원万만]")
# Currency words, matched on the lower-cased line; no assertion in front, so the engine can skip
# to their first letters (the letter before is checked after). A prefix tree: at each of those
# letters it then tries a branch or two rather than every word.
_MONEY_WORDS = (
    "kr kr. zł kč ft lei fr. rs rs. rp rp. rm lpa lakh lakhs lac lacs cr crore crores euro euros "
    "dollar dollars rupee rupees yen reais złotych zlotych zloty franc francs sterling kronor "
    "kroner"
)
_MONEY_WORD = re.compile(rf"(?:{prefix_tree(_MONEY_WORDS.split())})(?![a-z])")
# A bare "R" before digits (South African rand); which currency, the context settles.
_RAND = re.compile(r"(?<![A-Za-z])R\s?\d")
# Matched on the lower-cased line.
_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|pct\b|\+?\s*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|people|persons?"
    r"|employees|members|users|customers|countries|offices|locations|teams|engineers)\b"
    r"|x\b|st\b|nd\b|rd\b|th\b)"
)
# Retirement plans named by number.
_PLAN = re.compile(r"(?:401|403|457)\s?\(?[kb]\)?", re.IGNORECASE)
# A code written before a symbol: "USD $120,000", "US $120,000".
_LEAD_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{2,3})\s?$")
_INDIAN_UNITS = frozenset(("cr", "crore", "crores", "lakh", "lakhs", "lac", "lacs"))
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
CJK_PAY = re.compile(r"年収|年俸|年薪|月給|月収|月薪|時給|时薪|日給|연봉|월급|시급")


@dataclass(slots=True)
class Amount:
    start: int
    end: int
    value: Decimal
    code: str | None  # ISO code, family marker ("$", "kr", ...) or None
    mult: str | None
    lpa: bool
    scale: bool  # millions or more of a currency where no salary reaches them


@dataclass(slots=True)
class Span:
    start: int
    end: int
    lo: Decimal
    hi: Decimal
    code: str | None
    single: bool
    gap_period: str | None
    lpa: bool
    scale: bool


def codes(text: str) -> list[tuple[int, str]]:
    """(position, code) of every ISO currency code written as a word of its own."""
    found = []
    for start, end in upper_runs(text):
        if end - start != 3 or (word := text[start:end]) not in cur.ISO_CODES:
            continue
        if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue
        found.append((start, word))
    return found


# Asked of every line with digits; boilerplate lines ("401(k) with a 4% match") repeat across
# postings, so each distinct line is judged once.
@lru_cache(maxsize=4096)
def moneyish(line: str) -> bool:
    """Whether a line shows money at all: a symbol, an ISO code, a currency word."""
    if _SYMBOL.search(line):
        return True
    if codes(line):
        return True
    if not line.isascii() and CJK_PAY.search(line):
        return True
    folded = line.lower()
    for m in _MONEY_WORD.finditer(folded):
        if not m.start() or not folded[m.start() - 1].isalpha():
            return True
    return "R" in line and bool(_RAND.search(line))


def _token_code(token: str | None) -> str | None:
    return cur.currency_of(token) if token else None


def _combine(a: str | None, b: str | None) -> str | None | Literal[False]:
    """One currency from two tokens; False when they disagree."""
    if a is None or b is None or a == b:
        return a or b
    if cur.is_family(a) and not cur.is_family(b):
        return b if b in cur.FAMILIES[a] else False
    if cur.is_family(b) and not cur.is_family(a):
        return a if a in cur.FAMILIES[b] else False
    return False


def read_amounts(line: str) -> list[Amount]:
    """Every amount on a line, with the currency written next to it (or None): percentages,
    years, "401(k)" and counts ("2-12 years") are left out."""
    found: list[Amount] = []
    folded: str | None = None
    for m in _NUMBER.finditer(line):
        num_start, mult = m.start(), m.group("mult")
        end = m.end()
        before = line[num_start - 1] if num_start else " "
        if before in _DIGIT_MARKS:
            continue  # "v2.3.4": the tail of something else
        pre_start, pre_code = _currency_before(line, num_start)
        if pre_code is None and (before in "#@" or (before.isascii() and before.isalpha())):
            continue  # "H1B", "Web3", "#3", or "OTE 200k" (the amount is read without "OTE")
        post = _POST.match(line, end) if _may_follow(line, end) else None
        post_code = _token_code(post.group("post")) if post else None
        if post and post_code:
            end = post.end()
        combined = _combine(pre_code, post_code)
        code = pre_code if combined is False else combined
        start = pre_start if pre_code else num_start
        if (pre_code is None or cur.is_family(pre_code)) and _has_upper(line, start - 4, start):
            lead = _LEAD_CODE.search(line, max(0, start - 5), start)  # "USD $120,000"
            if lead:
                word = lead.group(1)
                lead_code = "USD" if word == "US" else _token_code(word)
                if lead_code and not cur.is_family(lead_code):
                    code = _combine(lead_code, code) or code
                    start = lead.start(1)  # "USD $140,400 - USD $372,300": one range
        if pre_code is None and _PLAN.match(line, num_start):
            continue  # "401(k)", "403b"
        if folded is None:
            folded = fold_case(line)
        unit = _UNIT_AFTER.match(folded, end)
        if unit and (code is None or "%" in unit.group() or "perc" in unit.group()):
            continue  # "2-12 years", "15%"
        lpa = bool(mult and mult.upper() == "LPA")
        if code is None and (lpa or (mult and mult.rstrip(".").lower() in _INDIAN_UNITS)):
            code = "INR"  # "18 LPA", "1cr - 1.5cr": only Indian salaries are written so
        digits = m.group("num")
        if code is None and not mult and _YEAR_LIKE.fullmatch(digits):
            continue
        value = parse_number(digits)
        if value is None:
            continue
        factor, scale = multiplier(mult, code if isinstance(code, str) else None)
        found.append(Amount(start, end, value * factor, code, mult, lpa, scale))
    return found


def _currency_before(line: str, at: int) -> tuple[int, str | None]:
    """The currency written right before the digits at `at` ("$", "CA$", "USD ", "R$ ",
    "Rs. "): where it starts and its code. Plain string work: a regex of every currency tried
    at each position would cost more than everything else here."""
    end = at
    spaces = 0
    while end and line[end - 1] in _SPACES and spaces < 2:
        end -= 1
        spaces += 1
    if not end or line[end - 1] not in _PRE_LAST:
        return at, None  # "of 250", "(12": no currency ends with that character
    start = end
    while (
        start
        and end - start < 6
        and not line[start - 1].isspace()
        and not line[start - 1].isdigit()
    ):
        start -= 1
    run = line[start:end]
    for size in range(min(len(run), 5), 0, -1):
        token = run[-size:]
        code = cur.SYMBOLS.get(token) or (token if token in cur.ISO_CODES else None)
        if code is None:
            continue
        first = end - size
        if token[0].isalpha() and first and line[first - 1].isalpha():
            continue  # "AUD" inside "XAUD"; "R" inside "PR"
        return first, code
    return at, None


def _may_follow(line: str, end: int) -> bool:
    """Whether a currency can follow at `end`: only if the next character can start one."""
    rest = line[end : end + 2].lstrip(_SPACES)
    return bool(rest) and rest[0] in _POST_FIRST


def _has_upper(line: str, start: int, end: int) -> bool:
    piece = line[max(0, start) : end]
    return piece != piece.lower()


# Currencies whose own symbol ends in "$" ("R$", "MX$"): a bare "$" after one repeats it
# ("R$327,000-$385,000").
_DOLLAR_SIGNED = frozenset(
    code for sym, code in cur.SYMBOLS.items() if sym.endswith("$") and not cur.is_family(code)
) - frozenset(cur.FAMILIES[cur.DOLLAR])


def _range_code(a: Amount, b: Amount) -> str | None | Literal[False]:
    """The currency of a range from its two ends; False when they disagree."""
    if b.code == cur.DOLLAR and a.code in _DOLLAR_SIGNED:
        return a.code
    return _combine(a.code, b.code)


def pair(line: str, amounts: list[Amount]) -> list[Span]:
    """Amounts joined into ranges where a range separator stands between two of them and their
    currencies agree; the rest stay single figures."""
    spans: list[Span] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        if i + 1 < len(amounts):
            b = amounts[i + 1]
            gap = _GAP.fullmatch(line, a.end, b.start)
            if (
                gap
                and gap.group("conj")
                and not _BETWEEN.search(line[max(0, a.start - 14) : a.start])
            ):
                gap = None
            code = _range_code(a, b) if gap else False
            if gap and code is not False:
                lo, hi = a.value, b.value
                # "$100-120k": the multiplier written once applies to both ends
                if a.mult is None and b.mult and lo < 1000 <= hi:
                    lo = lo * multiplier(b.mult, code if isinstance(code, str) else None)[0]
                elif b.mult is None and a.mult and hi < 1000 <= lo:
                    hi = hi * multiplier(a.mult, code if isinstance(code, str) else None)[0]
                lo, hi = min(lo, hi), max(lo, hi)
                if lo > 0 and hi / lo <= 10:
                    spans.append(
                        Span(a.start, b.end, lo, hi, code, False,
                              gap.group("per") and period_of(gap.group("per"), loose=True),
                              a.lpa or b.lpa, a.scale or b.scale)
                    )  # fmt: skip
                    i += 2
                    continue
        spans.append(Span(a.start, a.end, a.value, a.value, a.code, True, None, a.lpa, a.scale))
        i += 1
    return spans
