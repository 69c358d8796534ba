"""What surrounds an amount: its clause, the heading above its line, whether the line holds
nothing but ranges, and what the whole posting says about its currencies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import monitor.extract._currency as cur
from monitor.extract._amounts import Span, codes, moneyish
from monitor.extract._places import currencies_named, in_canada, locations_currency
from monitor.extract._scope import label_line_scope
from monitor.extract._vocab import word_set
from monitor.lazy import once

_DIGIT = re.compile(r"\d")

_MARK = re.compile(r"[.!?;•|]")
_BOUNDARY = re.compile(
    r"(?:[!?;•|]|(?<![A-Z])(?<!\b[a-zA-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)(?<!\bp\.a)\.)\s+"
)
# "All amounts are in EUR": the words before "in EUR" (checked only where "in XYZ" occurs).
_DOC_CURRENCY = re.compile(
    r"\b(?:amounts?|figures?|salar(?:y|ies)|ranges?|pay|compensation|numbers)\s+(?:are\s+|is\s+)?"
    r"(?:shown\s+|listed\s+|stated\s+|quoted\s+|given\s+|expressed\s+|paid\s+)?$"
)
_US_DOLLAR = frozenset({"USD"})
_OTHER_DOLLARS = frozenset(cur.FAMILIES[cur.DOLLAR]) - _US_DOLLAR
CLOSED_PARENS = re.compile(r"\([^()]*\)")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# the same words in ASCII text, where a class of letters runs faster than one of \w minus \d
_ASCII_LETTERS = re.compile(r"[A-Za-z][A-Za-z]+")
# Words a line of bare ranges may hold besides its amounts: periods, kinds, joiners, currencies.
_BARE_WORDS = word_set(
    "per and to or from plus usd eur gbp year yearly annual annually annum annualized month "
    "monthly week weekly day daily hour hourly hr hrs yr yrs mo base ote on target earnings "
    "total cash gross brutto net netto pa pcm ph dollars euros pounds sterling rupees yen "
    "lakh lakhs lpa ctc per diem rate salary"
)
_KRONA_LANG = (
    ("SEK", re.compile(r"[öä]|\blön\b|\bmånad|\bkronor\b", re.IGNORECASE)),
    ("NOK", re.compile(r"\blønn\b|\bnorsk|\bnorge\b", re.IGNORECASE)),
    ("DKK", re.compile(r"\bløn\b|\bdansk|\bdanmark\b", re.IGNORECASE)),
)
_YEN_CNY = re.compile(r"\bRMB\b|人民币|元|薪|\bChina\b|\bChinese\b|\bCNY\b")


class Doc:
    """What the whole text says about currencies, worked out once and only when needed."""

    def __init__(
        self, text: str, hint: str | None, locations: Sequence[str] | None = None
    ) -> None:
        self.text = text
        # the board's locations settle what the text leaves open, as a hint does
        hint = hint or locations_currency(locations)
        self.hint = hint.upper() if hint else None
        self._places: dict[frozenset[str], list[str]] = {}

    @once
    def code_hits(self) -> list[tuple[int, str]]:
        return codes(self.text)

    @once
    def stated(self) -> str | None:
        """A currency the text states for all its figures ("All amounts in EUR")."""
        for at, code in self.code_hits:
            before = self.text[max(0, at - 3) : at]
            if before in ("in ", "en ") and _DOC_CURRENCY.search(
                self.text, max(0, at - 50), at - 3
            ):
                return code
        return None

    @once
    def bare_ok(self) -> bool:
        """Whether digits with no currency of their own can be read at all."""
        return self.hint is not None or self.stated is not None

    @once
    def codes(self) -> list[str]:
        found = list(dict.fromkeys(code for _at, code in self.code_hits))
        return [self.stated, *found] if self.stated else found

    def places(self, currencies: frozenset[str]) -> list[str]:
        """Which of these currencies belong to places the text names."""
        if currencies not in self._places:
            named = currencies_named(self.text, currencies)
            if "CAD" in currencies and in_canada(self.text, postal=False):
                named.add("CAD")  # "Longueuil, QC", "Scarborough, ON M1L 2K9"
            self._places[currencies] = sorted(named)
        return self._places[currencies]


def clause_start(text: str) -> int:
    """Where the last clause of text starts (after its last sentence or list boundary)."""
    for at in reversed([m.start() for m in _MARK.finditer(text)]):
        m = _BOUNDARY.match(text, at)  # a mark followed by space, and not "U.S." or "e.g."
        if m:
            return m.end()
    return 0


def clause_end(text: str) -> int:
    """Where the first clause of text ends."""
    for m in _MARK.finditer(text):
        if _BOUNDARY.match(text, m.start()):
            return m.start()
    return len(text)


def heading_above(lines: list[str], i: int) -> tuple[str, str | None]:
    """Text of the heading above line i (skipping sibling range lines and zone labels), and the
    scope the line right above gives, if it is a label."""
    scope = None
    parts: list[str] = []
    for j in range(i - 1, max(-1, i - 10), -1):
        line = lines[j].strip()
        if not line:
            continue
        if j == i - 1:
            scope = label_line_scope(line)
            if scope:
                continue
        if len(line) < 160 and _DIGIT.search(line) and moneyish(line):
            continue  # a sibling range line
        if label_line_scope(line):
            continue
        parts.append(line)
        if len(line) >= 40 or len(parts) == 2:
            break
    return " ".join(reversed(parts)), scope


def is_bare(line: str, spans: Sequence[Span]) -> bool:
    """True when a line holds little but ranges, their labels, periods and kinds."""
    rest = []
    prev = 0
    for span in spans:
        piece = line[prev : span.start]
        if ":" in piece:
            piece = piece[piece.rfind(":") + 1 :]
        rest.append(piece)
        prev = span.end
    rest.append(line[prev:].split("•")[0].split("|")[0])
    return _few_words(" ".join(rest))


# What is left of a line once its amounts are taken out recurs across a company's postings
# ("The base salary range for this role is  -  per year."), whatever the figures.
@lru_cache(maxsize=4096)
def _few_words(text: str) -> bool:
    """Whether text holds at most three words other than periods, kinds and joiners."""
    if "(" in text:
        text = CLOSED_PARENS.sub(" ", text)
    words = 0
    for m in (_ASCII_LETTERS if text.isascii() else _LETTERS).finditer(text):
        w = m.group()
        if w.lower() not in _BARE_WORDS and w not in cur.ISO_CODES and w not in cur.SYMBOLS:
            words += 1
            if words > 3:
                return False  # a sentence: no need to look at the rest of it
    return True


@lru_cache(maxsize=4096)  # the clause around an amount and its heading repeat across postings
def _codes_in(text: str) -> tuple[str, ...]:
    return tuple(c for _at, c in codes(text))


def settle(
    span: Span, places: list[str | None], nearby: str, heading_text: str, doc: Doc
) -> str | None:
    """The ISO currency of a range: its own code, else in order a code written near it, the
    currency of its scope's place, a code in its heading, the caller's hint, what the whole
    posting says; None when nothing settles it (a bare "kr" with no Nordic context)."""
    code = span.code
    if code is not None and not cur.is_family(code):
        return code
    near_codes = _codes_in(nearby)
    head_codes = _codes_in(heading_text)
    hint = [doc.hint] if doc.hint else []
    if code is None:  # digits with no currency of their own
        for candidate in [*near_codes, *head_codes, doc.stated, doc.hint]:
            if candidate and candidate in cur.ISO_CODES:
                return candidate
        return None
    candidates = [*near_codes, *places, *head_codes, *hint]
    if code == cur.DOLLAR:
        settled = cur.settle(code, candidates)
        if settled != "USD" or "USD" in candidates:
            return settled
        # a bare "$" in a posting that names only Canadian places (or only "CAD") is CAD
        others = {c for c in doc.codes if c in cur.FAMILIES[code] and c != "USD"}
        others |= set(doc.places(_OTHER_DOLLARS))
        if len(others) != 1 or "USD" in doc.codes or doc.places(_US_DOLLAR):
            return "USD"
        return others.pop()
    if code == cur.KRONA:
        language = [c for c, pattern in _KRONA_LANG if pattern.search(doc.text)]
        members = frozenset(cur.FAMILIES[code])
        return cur.settle(code, [*candidates, *doc.codes, *doc.places(members), *language])
    if code == cur.YEN:
        china = ["CNY"] if _YEN_CNY.search(doc.text) else []
        return cur.settle(code, [*candidates, *china])
    return cur.settle(code, [*candidates, *doc.codes, *doc.places(frozenset(cur.FAMILIES[code]))])
