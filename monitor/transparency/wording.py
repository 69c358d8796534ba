"""What a posting's text says about benefits, the application deadline and open-ended pay.

These are heuristics over plain text, tuned to be conservative: a rule is only reported as
unmet when the text shows no sign of what it asks for.

- Benefits: Colorado's rule asks for "a general description of all employment benefits" and
  its guidance rejects "Great benefits package!". A posting describes benefits when it names
  at least two kinds of them (health cover, retirement, paid time off, other insured or equity
  benefits).
- Deadline: a date or phrase after which applications close ("apply by March 3", "applications
  accepted through", "application deadline", "the posting closes on"), or the statement that
  applications are taken on an ongoing or rolling basis (Colorado Rule 11.1.3(A)).
- Open-ended pay: "up to $X", "$X and up", "$X+", "starting at $X" in a sentence about pay,
  not one about a bonus, stipend or 401(k) match.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.config import filter_regex

_BENEFIT_KINDS: dict[str, re.Pattern[str]] = {
    "health": re.compile(
        r"\b(?:medical|dental|vision|health\s*(?:care|insurance|benefits?|plans?|coverage)"
        r"|healthcare|hsa|fsa)\b",
        re.IGNORECASE,
    ),
    "retirement": re.compile(
        r"\b(?:401\s?\(?k\)?|403\s?\(?b\)?|retirement|pension|rrsp|superannuation)",
        re.IGNORECASE,
    ),
    "time off": re.compile(
        r"\b(?:paid\s+time\s+off|pto|vacation|paid\s+holidays?|sick\s+(?:leave|time|days)"
        r"|parental\s+leave|paid\s+leave|maternity|paternity)\b",
        re.IGNORECASE,
    ),
    "other": re.compile(
        r"\b(?:life\s+insurance|disability\s+(?:insurance|coverage)|stock\s+options?|equity"
        r"|rsus?|espp|employee\s+stock|tuition|commuter|wellness\s+(?:stipend|program))\b",
        re.IGNORECASE,
    ),
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = rf"(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}})"
_DEADLINE = re.compile(
    r"\b(?:application|applications|applicants)\s+(?:deadline|window|due|close|closes|closing)"
    r"|\bdeadline\s+(?:to|for)\s+appl"
    r"|\b(?:apply|applications?)\b[^.\n]{0,60}?\b(?:by|before|until|through|no\s+later\s+than)"
    rf"\s+(?:\w+,?\s+){{0,2}}{_DATE}"
    r"|\b(?:posting|position|job|vacancy|this\s+role)\b[^.\n]{0,40}?\b(?:closes?|closing|"
    r"expires?|(?:open|posted)\s+until)\b"
    r"|\bclosing\s+date\b"
    rf"|\bdeadline\b[^.\n]{{0,20}}?{_DATE}"
    r"|\b(?:on\s+an?\s+)?(?:ongoing|rolling|continuous|continual)\s+basis\b",
    re.IGNORECASE,
)

# atomic: a figure is read whole, never shortened to escape the "not a range" look-ahead
_AMOUNT = r"(?>(?:[$€£¥]|\b(?:USD|CAD|EUR|GBP)\s?)\s?\d[\d,.]*(?:\s?[kKmM]\b)?)"
_OPEN_ENDED = re.compile(
    rf"\b(?:up\s+to|as\s+much\s+as|maximum\s+of|max(?:imum)?[:.]?)\s*{_AMOUNT}"
    rf"|{_AMOUNT}(?:\+|\s*(?:and\s+(?:up|above)\b|or\s+(?:more|higher|above)\b))"
    rf"|\b(?:starting\s+(?:at|from)|from|at\s+least|minimum\s+of|upwards\s+of"
    rf"|in\s+excess\s+of)\s*{_AMOUNT}(?!\s*(?:[-–—]|to\b)\s*(?:[$€£¥]|\d|USD|CAD|EUR|GBP))",
    re.IGNORECASE,
)
_PAY_WORD = re.compile(
    r"\b(?:salary|salaries|pay|compensation|wage|wages|rate|base|earn|earnings|range|hourly"
    r"|annual(?:ly)?|per\s+(?:year|hour|annum))\b",
    re.IGNORECASE,
)
# What an open-ended figure is about when it is not pay: "a signing bonus of up to $10,000".
_NOT_PAY_WORD = re.compile(
    r"\b(?:bonus|stipend|match|matching|reimburse\w*|allowance|relocation|referral|budget"
    r"|401\s?\(?k|tuition|credit|discount|sign(?:ing|-on))",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")

# The patterns above without lookaround, run by RE2 (case-insensitive, as `filter_regex`): the
# same matches on a stored posting's text, whose spaces are plain (RE2's `\s` and `\b` are
# ASCII's), 4 to 40 times faster than Python's re over a 2 KB posting; assessing every posting
# of a baseline made this the cost that counted. _OPEN_ENDED keeps Python's re (an atomic
# group, a look-ahead); sentences without a currency never reach it.
_FAST: dict[str, Any] = {kind: filter_regex(p.pattern) for kind, p in _BENEFIT_KINDS.items()}
_DEADLINE_FAST = filter_regex(_DEADLINE.pattern)
_PAY_WORD_FAST = filter_regex(_PAY_WORD.pattern)
_NOT_PAY_WORD_FAST = filter_regex(_NOT_PAY_WORD.pattern)
_MONEY_FAST = filter_regex(r"[$€£¥]|\b(?:USD|CAD|EUR|GBP)")
_NEAR = 40  # characters on either side of a figure that can say what it is about


def benefit_kinds(text: str) -> set[str]:
    """The kinds of benefit the text names: "health", "retirement", "time off", "other"."""
    return {kind for kind, pattern in _FAST.items() if pattern.search(text or "")}


def describes_benefits(text: str) -> bool:
    """Whether the text gives a general description of benefits: two kinds named at least."""
    found = 0
    for pattern in _FAST.values():  # each searches the whole text: stop at the second kind
        found += bool(pattern.search(text or ""))
        if found == 2:
            return True
    return False


def states_deadline(text: str) -> bool:
    """Whether the text gives an application deadline or says applications are ongoing."""
    return bool(_DEADLINE_FAST.search(text or ""))


def open_ended_pay(text: str) -> bool:
    """Whether a sentence about pay states it open-ended: "up to $X", "$X and up"."""
    if not _MONEY_FAST.search(text or ""):
        return False  # no figure in a currency: nothing can be open-ended pay
    for sentence in _SENTENCES.split(text or ""):
        if not _MONEY_FAST.search(sentence) or not _PAY_WORD_FAST.search(sentence):
            continue
        for found in _OPEN_ENDED.finditer(sentence):
            near = sentence[max(0, found.start() - _NEAR) : found.end() + _NEAR]
            if not _NOT_PAY_WORD_FAST.search(near):
                return True
    return False
