"""Pay ranges read from posting text: amounts, ranges, currency, period, scope and kind.

Precision comes first: an amount counts as pay only when pay words frame it (in its clause,
right after it, or in the heading above a line that holds nothing but ranges) or when it carries
an explicit period and nothing on its line says benefit; benefit and company figures (401(k)
match, stipends, budgets, "$50M raised") are refused even next to pay words; a period inferred
from magnitude alone is used only inside bands where it is unambiguous, and only for ranges or
for amounts a pay label names ("Salary: $145,000", not "we pay $200 for your time").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import monitor.extract._currency as cur
from monitor.extract._amounts import CJK_PAY, Span, moneyish, pair, read_amounts
from monitor.extract._context import (
    CLOSED_PARENS,
    Doc,
    clause_end,
    clause_start,
    heading_above,
    is_bare,
    settle,
)
from monitor.extract._numbers import json_number
from monitor.extract._places import place_currency
from monitor.extract._scan import digit_lines
from monitor.extract._scope import clean_label, scope_after, scope_from_label
from monitor.extract._vocab import (
    KIND,
    NOT_BASE,
    NOT_PAY,
    PAY,
    PAY_LABEL,
    UP_TO,
    last_period,
    not_pay_after,
    not_pay_before,
    period_of,
    periods_in,
)
from monitor.extract.text import unmark
from monitor.lazy import once

__all__ = ["extract_pay", "pay_kind_from_text", "pay_period_from_text"]

# "$120k – $150k is the base salary range": the kind comes after a verb.
_COPULA = re.compile(r"^\s*(?:is|are|will\s+be|represents?|reflects?)\b", re.IGNORECASE)
# Words between an amount and the kind that follows it ("$150k per year base").
_KIND_FILLER = re.compile(
    r"^(?:[\s(),/:.+-]|(?:per|a|an|in|of|as|annual(?:ly)?|yearly|gross|brutto|year|yr|hour|hr"
    r"|month|usd|eur|gbp|cad)\b)*",
    re.IGNORECASE,
)
# Periods the contract has no name for: such an amount is left out rather than read wrong.
_ODD_PERIOD = re.compile(
    r"[\s,/-]*(?:bi-?weekly|fortnight(?:ly)?|semi-?monthly|bi-?monthly|twice\s+(?:a|per)\s+month"
    r"|(?:per|a|/)\s*(?:shift|visit|session|project|lesson|class|article|word|call|case|patient"
    r"|delivery|mile|km|unit|piece|task|gig|night|appointment|quarter|semester|season))\b",
    re.IGNORECASE,
)
_WINDOW = 120  # characters before an amount that can still be about it
# A kind alone in brackets after an amount: "(base)", "per annum (fixed)".
_PAREN_KIND = re.compile(
    r"\s*(?:(?:per|a|an)\s+\w+|/\s*\w+|[A-Z]{3}|p\.\s?a\.?)?\s*\((?P<kind>base|fixed|OTE|total)"
    r"(?:\s+(?:salary|pay))?\)",
    re.IGNORECASE,
)
# Digits that can be an amount without a currency: "90K", "25 - 30", "110,000" (not "80%", "3").
_BARE_AMOUNT = re.compile(r"\d\d(?!\d*\s?[%(])")  # not "80%" nor "401(k)"
_MIN_MID_MAX = re.compile(
    r"\bMIN(?:IMUM)?\s*:\s*(?P<lo>[^-–:\n]{1,30}?)\s*[-–]\s*MID(?:POINT)?\s*:\s*[^-–:\n]{1,30}?\s*[-–]"
    r"\s*MAX(?:IMUM)?\s*:\s*",
    re.IGNORECASE,
)
_WITH_BENEFITS = re.compile(r"(?:\bplus|\+|\band|\bwith)\s+(?:full\s+|great\s+)?benefits?\b", re.I)
# What comes with a salary, not instead of one: "150k CAD plus equity", "$120k + bonus".
_WITH_EXTRAS = re.compile(
    r"^\s*(?:\+|➕|plus|and)\s+(?:generous\s+|meaningful\s+)?(?:equity|stock|share\s+options"
    r"|bonus|commission|RSUs?)\b",
    re.I,
)
# Structured fields: Ashby "1 YEAR", Lever "per-year-salary", Greenhouse "Hourly Pay Range".
_FIELD_JOINERS = re.compile(r"[-_]+")
_ONE_UNIT = re.compile(r"\b1\s+(year|month|week|day|hour)s?\b", re.IGNORECASE)
_UNIT = re.compile(r"\b(?:per\s+)?(year|month|week|day|hour)\b", re.IGNORECASE)
# Plausible pay per period in rough US dollars: outside these it is not a salary.
_PLAUSIBLE = {
    "year": (1_000, 5_000_000),
    "month": (80, 400_000),
    "week": (20, 100_000),
    "day": (5, 20_000),
    "hour": (1, 2_000),
}


@lru_cache(maxsize=4096)  # the words around amounts repeat across postings
def _kind_near(post: str, pre: str) -> str | None:
    """The kind named right after an amount, else the last one named in its clause before."""
    alone = _PAREN_KIND.match(post)
    if alone:  # "(base)", "(fixed)", "(OTE)"
        word = alone.group("kind").lower()
        return "base" if word == "fixed" else "ote" if word == "ote" else word
    filler = _KIND_FILLER.match(post)
    head = post[filler.end() :] if filler else post
    m = KIND.match(head)
    if m and "(" not in post[: m.start() + len(post) - len(head)]:
        return m.lastgroup  # "$120k base"; not "$250k (base + bonus + equity)"
    if _COPULA.match(post):
        m = KIND.search(post[: clause_end(post)])
        if m:
            return m.lastgroup
    kinds = [k.lastgroup for k in KIND.finditer(CLOSED_PARENS.sub(" ", pre))]
    return kinds[-1] if kinds else None


def _unique_kind(text: str) -> str | None:
    """The one kind a text names; None for none or several."""
    kinds = {m.lastgroup for m in KIND.finditer(text)}
    return kinds.pop() if len(kinds) == 1 else None


def _heading_kind(text: str) -> str | None:
    """The kind a heading gives: a short label's first kind word ("OTE (base + commission)"),
    a paragraph's most frequent one ("base salary ... base salary ... bonus")."""
    found = [m.lastgroup for m in KIND.finditer(text)]
    if not found:
        return None
    if len(text) < 60:
        return found[0]
    counts = sorted(((found.count(k), k) for k in set(found)), reverse=True)
    if len(counts) > 1 and counts[0][0] == counts[1][0]:
        return None
    return counts[0][1]


def _magnitude_period(lo: Decimal, hi: Decimal, code: str) -> str | None:
    """The period an amount's size alone implies, in bands where only one fits ($38 an hour,
    €4,500 a month, $145,000 a year); None in between ($300: a day? a week?)."""
    lo_usd, hi_usd = cur.usd(float(lo), code), cur.usd(float(hi), code)
    if lo_usd is None or hi_usd is None:
        return None
    if lo_usd >= 5 and hi_usd <= 250:
        return "hour"
    if lo_usd >= 10_000 and hi_usd >= 15_000:
        return "year"
    if code in cur.ANNUAL_QUOTING and lo_usd >= 2_500:
        return "year"
    if lo_usd >= 800 and hi_usd < 15_000:
        return "month"
    return None


def plausible(lo: Decimal | float, hi: Decimal | float, code: str, period: str) -> bool:
    """Whether a range could be pay for that period ("2-12 years" with a currency hint is not)."""
    lo_usd, hi_usd = cur.usd(float(lo), code), cur.usd(float(hi), code)
    if lo_usd is None or hi_usd is None:
        return True
    low, high = _PLAUSIBLE[period]
    return low <= lo_usd and hi_usd <= high


def extract_pay(
    text: str, *, currency_hint: str | None = None, locations: Sequence[str] | None = None
) -> list[dict]:
    """Every pay range stated in plain text, in the order written, without repeats.

    currency_hint (an ISO code, e.g. from the board's country) settles what the text leaves
    open: a bare "$" when the hint is a dollar, "kr", "¥", and figures with no currency at all.
    locations (the board's own, e.g. "Richmond, BC") give that hint when it is not given.
    """
    if not text:
        return []
    text = unmark(text)
    if "MID" in text or "Mid" in text:
        text = _MIN_MID_MAX.sub(r"\g<lo> - ", text)  # "MIN: $107,200 - MID: $134,000 - MAX: ..."
    numbers = list(digit_lines(text))
    if not numbers:
        return []
    doc = Doc(text, currency_hint, locations)
    lines = text.split("\n")
    out: list[dict] = []
    seen: dict[tuple, dict] = {}  # a range by all but its kind
    for i in numbers:
        line = lines[i]
        # digits with no currency of their own are pay only on a line with pay words, when the
        # currency is known from elsewhere
        if not moneyish(line) and (
            not _bare_pay(line) or not doc.bare_ok  # the line first: the posting costs a scan
        ):
            continue
        spans = _spans(line)
        if any(s.code is None for s in spans) and (
            any(s.code is not None for s in spans) or not _pay_words(line)
        ):
            # digits without a currency on a line that names one are labels ("Zone 1")
            spans = tuple(s for s in spans if s.code is not None)
        if not spans:
            continue
        for result in _read_line(lines, i, line, spans, doc):
            key = (result["min"], result["max"], result["currency"], result["period"],
                   result["scope"])  # fmt: skip
            same = seen.get(key)
            if same is None or (
                same["kind"] and result["kind"] and same["kind"] != result["kind"]
            ):
                seen.setdefault(key, result)
                out.append(result)
            elif same["kind"] is None:
                same["kind"] = result["kind"]  # the summary said "$120K-$150K", the text "base"
    return out


# Pure functions of one line, kept because postings repeat lines (benefits, pay templates).
@lru_cache(maxsize=4096)
def _spans(line: str) -> tuple[Span, ...]:
    """The amounts and ranges of a line (shared: never changed once made)."""
    return tuple(pair(line, read_amounts(line)))


@lru_cache(maxsize=4096)
def _pay_words(line: str) -> bool:
    return bool(PAY.search(line))


@lru_cache(maxsize=4096)
def _bare_pay(line: str) -> bool:
    """Whether a line has digits that may be an amount without a currency, and pay words."""
    return bool(_BARE_AMOUNT.search(line)) and _pay_words(line)


class _Line:
    """One line holding amounts, with what its neighbourhood says worked out only when asked."""

    def __init__(self, lines: list[str], i: int, spans: tuple[Span, ...]) -> None:
        self.lines, self.i, self.text, self.spans = lines, i, lines[i], spans

    @once
    def pre(self) -> str:
        """The clause before the first amount."""
        first_pre = self.text[max(0, self.spans[0].start - _WINDOW) : self.spans[0].start]
        return first_pre[clause_start(first_pre) :]

    @once
    def pay(self) -> bool:
        return bool(PAY.search(self.pre)) and not not_pay_before(self.pre)

    @once
    def not_pay(self) -> bool:
        # "£45,000 - £55,000 per annum plus benefits": benefits that come with the pay
        return bool(NOT_PAY.search(_WITH_BENEFITS.sub(" ", self.text)))

    @once
    def bare(self) -> bool:
        return is_bare(self.text, self.spans)

    @once
    def heading(self) -> tuple[str, str | None]:
        return heading_above(self.lines, self.i) if self.bare else ("", None)

    @once
    def heading_pay(self) -> bool:
        text = self.heading[0]
        return bool(PAY.search(text)) and not not_pay_before(text[clause_start(text) :])

    @once
    def heading_not_pay(self) -> bool:
        return bool(NOT_PAY.search(self.heading[0])) and not self.heading_pay


class _Around:
    """What the words around one amount say, whatever the amount: read once for each wording.

    Postings of one company state their pay in the same sentence with other figures ("The
    base salary range for this role is $X - $Y per year."), so the clause before an amount
    and the words after it recur, and every check of them below is made once for all those
    postings. Each is made only when asked, as the reading of a line asks for it.
    """

    def __init__(self, pre_all: str, post_all: str) -> None:
        self.pre = pre_all[clause_start(pre_all) :]  # the clause before the amount
        self.post = post_all[: clause_end(post_all)]  # the clause after it
        self.post_all = post_all  # what follows, up to the next amount

    @once
    def up_to(self) -> bool:
        return bool(UP_TO.search(self.pre[-40:]))

    @once
    def refused(self) -> bool:
        return not_pay_after(self.post) or not_pay_before(self.pre)

    @once
    def extras(self) -> bool:
        return bool(_WITH_EXTRAS.match(self.post_all))

    @once
    def pay_words(self) -> bool:
        pre, post = self.pre, self.post
        return bool(PAY.search(pre) or PAY.search(post) or CJK_PAY.search(pre))

    @once
    def not_base(self) -> bool:
        return bool(NOT_BASE.search(self.pre))

    @once
    def period(self) -> str | None:
        return period_of(self.post, loose=True) or last_period(self.pre)

    @once
    def odd_period(self) -> bool:
        return bool(_ODD_PERIOD.match(self.post))

    @once
    def scope_post(self) -> tuple[str | None, int]:
        return scope_after(self.post)

    @once
    def scope_pre(self) -> str | None:
        return scope_from_label(self.pre)

    @once
    def bare_label(self) -> bool:
        return not clean_label(self.pre)

    @once
    def label(self) -> bool:
        return bool(PAY_LABEL.search(self.pre) or PAY_LABEL.match(self.post.lstrip(" ,)(")))

    @once
    def kind(self) -> str | None:
        return _kind_near(self.post, self.pre)

    @once
    def nearby(self) -> str:
        return self.pre + " " + self.post


@lru_cache(maxsize=4096)
def _around(pre_all: str, post_all: str) -> _Around:
    return _Around(pre_all, post_all)


def _read_line(
    lines: list[str], i: int, line: str, spans: tuple[Span, ...], doc: Doc
) -> list[dict]:
    """The pay ranges among a line's amounts: each one must pass the not-pay checks, have pay
    evidence, a currency and a plausible period."""
    results: list[dict] = []
    ctx = _Line(lines, i, spans)
    taken = 0  # end of what an earlier range's trailing scope ("... in New York") used up
    for k, span in enumerate(spans):
        prev_end = max(spans[k - 1].end if k else 0, taken)
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(line)
        words = _around(
            line[max(prev_end, span.start - _WINDOW) : span.start],
            line[span.end : min(next_start, span.end + 80)],
        )
        if span.scale or (span.single and words.up_to):
            continue
        if words.refused:
            continue
        extras = words.extras
        pay_here = words.pay_words or span.lpa
        pay_here = pay_here or (extras and span.code is not None)
        inherited = k > 0 and ctx.pay
        if not pay_here and not inherited and words.not_base:
            continue  # "Annual bonus: $10,000"
        local_period = span.gap_period or words.period
        if local_period is None and words.odd_period:
            continue  # "$2,400 biweekly", "$300 per shift": no period of the contract fits
        evidence = pay_here or inherited or bool(local_period and not ctx.not_pay)
        if not evidence and ctx.bare:
            # a line of bare ranges under a pay heading, or a range on a line of its own
            evidence = ctx.heading_pay or (
                not span.single
                and span.code is not None
                and span.hi <= 3 * span.lo  # "Contracts range from $50,000 to $250,000"
                and not ctx.heading_not_pay
            )
        if not evidence:
            continue
        head_text, head_scope = ctx.heading if ctx.bare else ("", None)
        scope_post, used = words.scope_post
        taken = span.end + used
        scope = words.scope_pre or scope_post
        if scope is None and k and words.bare_label:
            scope = scope_from_label(ctx.pre)  # "New York: $120k base, $200k OTE"
        if scope is None and k == 0 and ctx.bare:
            scope = head_scope
        places = [place_currency(scope)] if scope else []
        code = settle(span, places, words.nearby, head_text, doc)
        if code is None:
            continue
        period, named = _period(span, local_period, ctx.pre if k else "", head_text, code)
        if period is None:
            continue
        strong = extras or _strong(words, ctx, k)
        if not named and (span.single or period == "hour") and not strong:
            continue  # "we pay $200 for your time": a fee, not a wage, unless a label says so
        kind = words.kind or (_unique_kind(ctx.pre) if k else None)
        kind = kind or (_heading_kind(head_text) if head_text else None)
        results.append(
            {
                "min": json_number(span.lo),
                "max": json_number(span.hi),
                "currency": code,
                "period": period,
                "scope": scope,
                "kind": kind,
            }
        )
    return results


def _strong(words: _Around, ctx: _Line, k: int) -> bool:
    """A pay noun or label frames the amount ("Salary:", "base", "OTE"), not just "we pay"."""
    if words.label:
        return True
    if k and PAY_LABEL.search(ctx.pre):
        return True
    return ctx.bare and bool(PAY_LABEL.search(ctx.heading[0]))


def _period(
    span: Span, local: str | None, line_pre: str, heading: str, code: str
) -> tuple[str | None, bool]:
    """The period and whether it was named (False: inferred from the amount's size alone)."""
    if local:
        return (local if plausible(span.lo, span.hi, code, local) else None), True
    if span.lpa:
        return "year", True
    for context in (line_pre, heading):
        named = periods_in(context) if context else set()
        if len(named) == 1:
            period = named.pop()
            if plausible(span.lo, span.hi, code, period):
                return period, True
    guess = _magnitude_period(span.lo, span.hi, code)
    if guess and plausible(span.lo, span.hi, code, guess):
        return guess, False
    return None, False


def pay_period_from_text(text: str | None) -> str | None:
    """The period a structured pay field names: "Hourly Pay Range" -> hour, "1 YEAR" -> year,
    "per-month-salary" -> month; None when it names none ("Salary Range")."""
    if not text or _ODD_PERIOD.search(text):
        return None  # "Bi-weekly": no period of the contract fits
    folded = _FIELD_JOINERS.sub(" ", text)
    m = _ONE_UNIT.search(folded)
    if m:
        return m.group(1).lower()
    if found := period_of(folded, loose=False):
        return found
    m = _UNIT.search(folded)
    return m.group(1).lower() if m else None


def pay_kind_from_text(text: str | None) -> str | None:
    """The kind a structured pay field names: "OTE" -> ote, "Base Salary" -> base."""
    return _unique_kind(text) if text else None
