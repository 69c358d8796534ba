"""Office terms read from posting text: mode, minimum share of time in the office, office days a
week, and places whose terms differ.

Numbers come only from the text: "three days a week" gives days_per_week 3 and leaves
min_office_pct null (a share is never derived from days, nor days from a share). Two values
follow from the mode by definition and are filled in: remote means 0% and 0 days in the office,
on-site means 100% of the time (its days a week stay null unless written, as shifts vary).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from monitor.extract._office_words import (
    ANY,
    ANY_WORDS,
    DAY_LIST,
    DAY_NAME,
    DAY_ONE,
    DAY_RANGE,
    DAYS,
    EXCEPT,
    LABEL,
    LOC_BARE_DAYS,
    LOC_BARE_PCT,
    NOISE,
    NUMBERS,
    OFFICE_CTX,
    PCT,
    REMOTE_CTX,
    SENTENCE,
    SIGNALS,
    WEEKDAYS,
    location,
    may_name_a_place,
    split_places,
)
from monitor.extract._vocab import fold_case
from monitor.extract.text import unmark

__all__ = ["extract_office"]


@dataclass(slots=True)
class _Statement:
    pos: int
    pct: int | None
    days: int | None
    location: tuple[str, ...] | None  # a tuple: statements of a cached line are shared
    exception: bool  # the location marks a place that differs, not the role's own office
    marked: bool = False  # words before it in its sentence say it is an exception ("only", ...)


def _number(word: str | None) -> int | None:
    if not word:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def _near_remote(sentence: str, start: int, end: int) -> bool:
    """True when a day count or share is about working away from the office."""
    remotes = list(REMOTE_CTX.finditer(sentence))
    if not remotes:
        return False
    offices = [m for m in OFFICE_CTX.finditer(sentence) if m.group().lower() != "hybrid"]

    def distance(m: re.Match[str]) -> int:
        if m.start() < end and start < m.end():
            return 0
        return min(abs(m.start() - end), abs(start - m.end()))

    nearest_remote = min(distance(m) for m in remotes)
    nearest_office = min((distance(m) for m in offices), default=10**6)
    return nearest_remote < nearest_office


def _weekday_count(m: re.Match[str]) -> int:
    if m.re is DAY_ONE.pattern:
        return 1
    if m.re is DAY_RANGE.pattern:
        a = WEEKDAYS.index(m.group("a")[:3].lower())
        b = WEEKDAYS.index(m.group("b")[:3].lower())
        return (b - a) % 7 + 1
    return len({d.group()[:3].lower() for d in DAY_NAME.finditer(m.group())})


# A count of days in LOC_BARE_DAYS, a share in LOC_BARE_PCT (both case-sensitive): a sentence
# without one is not searched for them.
_BARE_NEEDS = {"n": ("1", "2", "3", "4", "5", "one", "two", "three", "four", "five"), "p": ("%",)}


def _statements(
    sentence: str, folded: str, context: bool, offset: int, follow: bool, office_words: bool
) -> list[_Statement]:
    """Office figures in one sentence (`folded`: the sentence, case-folded); follow: a figure
    came just before, so a bare "in Lisbon, 80%" continues it; office_words: whether
    OFFICE_CTX matches the sentence (known already)."""
    # (start, end, pct, days, places named by the pattern itself)
    found: list[tuple[int, int, int | None, int | None, list[str] | None]] = []
    counts = []
    days_found = DAYS.pattern.finditer(folded) if DAYS.possible(folded) else ()
    for m in days_found:
        n = _number(m.group("n") or m.group("w") or m.group("f") or m.group("h") or m.group("o"))
        if n is None or not context or _near_remote(sentence, m.start(), m.end()):
            continue
        counts.append((m.start(), m.end(), None, n, None))
    if len(counts) > 1:
        # "available 4 days/week (32 hours) and in our office at least 2 days/week": of
        # several counts, those whose own clause names the office
        in_office = [c for c in counts if OFFICE_CTX.search(_clause(sentence, c[0], c[1]))]
        counts = in_office or counts
    found.extend(counts)
    for m in PCT.pattern.finditer(folded) if "%" in folded else ():
        p = int(m.group("p") or m.group("p2"))
        what = (m.group("what") or m.group("what2")).lower()
        if p > 100:
            continue
        if "remote" in what or "home" in what or "wfh" in what:
            p = 100 - p
        found.append((m.start(), m.end(), p, None, None))
    if context and office_words:
        for pattern in (DAY_RANGE, DAY_LIST, DAY_ONE) if DAY_RANGE.possible(folded) else ():
            for m in pattern.pattern.finditer(folded):
                if _overlaps(found, m.start()) or _near_remote(sentence, m.start(), m.end()):
                    continue
                found.append((m.start(), m.end(), None, min(_weekday_count(m), 5), None))
    if (found or follow) and may_name_a_place(sentence):
        # "(in Bucharest 80%)", "(4 in Paris)": a place's own figure
        bare: tuple[tuple[re.Pattern[str], str], ...] = ((LOC_BARE_PCT, "p"), (LOC_BARE_DAYS, "n"))
        for bare_pattern, unit in bare:
            for word in _BARE_NEEDS[unit]:  # a plain loop: any() over a generator costs more
                if word in sentence:
                    break
            else:
                continue
            for m in bare_pattern.finditer(sentence):
                group = next(g for g in (unit, unit + "2", unit + "3") if m.group(g) is not None)
                if _overlaps(found, m.start(group)):
                    continue
                named_places = split_places(m.group("loc") or m.group("loc2") or m.group("loc3"))
                value = int(m.group(group)) if unit == "p" else _number(m.group(group))
                if named_places and value is not None:
                    pct, days = (value, None) if unit == "p" else (None, value)
                    found.append((m.start(), m.end(), pct, days, named_places))
    found.sort(key=lambda f: f[0])
    statements: list[_Statement] = []
    prev_end = 0
    for start, end, pct, days, places in found:
        if start < prev_end:
            continue  # the same words read twice
        between = sentence[prev_end:start]
        if statements and not places and not _LETTER.search(between):
            # "three days a week (Tuesday, Wednesday, Thursday)": the same figure restated
            previous = statements[-1]
            statements.append(_Statement(offset + start, pct, days, previous.location,
                                         previous.exception, previous.marked))  # fmt: skip
            prev_end = end
            continue
        where = places or location(between)
        named = tuple(where) if where else None
        marked = bool(where) and bool(EXCEPT.search(sentence, 0, end))
        statements.append(_Statement(offset + start, pct, days, named, bool(where), marked))
        prev_end = end
    return statements


_SENTENCE_END = frozenset(".!?:;")
_LIST_MARKS = frozenset("-•*·▪–—>")
_GLUE = frozenset(("and", "or", "the", "of", "in", "at", "a", "an", "to", "for", "with", "our"))


def _soft_breaks(text: str, lines: list[str], starts: list[int], marked: set[int]) -> list[int]:
    """Positions of the line breaks around office lines that fall inside a sentence: the next
    line goes on in lower case or with a figure, or this one ends with a comma or a word that
    cannot end a sentence, or is a long line with no full stop. Only breaks next to lines with
    office words are looked at (a posting has a few); a pass over every break cost more."""
    soft = []
    for k in sorted({j for i in marked for j in (i - 1, i) if 0 <= j < len(lines) - 1}):
        line, nxt = lines[k], lines[k + 1]
        if not line or not nxt or line[-1] in _SENTENCE_END or nxt[0] in _LIST_MARKS:
            continue
        if (
            nxt[0].islower()
            or nxt[0].isdigit()
            or line[-1] == ","
            or len(line) >= 60
            or line.rsplit(" ", 1)[-1] in _GLUE
        ):
            soft.append(starts[k] + len(line))
    return soft


_LETTER = re.compile(r"[^\W\d_]")
_CLAUSE = re.compile(r"[;,(]|\s(?:and|but|while|whereas)\s")


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around [start, end): between the joiners either side."""
    left = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(sentence, end)), len(sentence))
    return sentence[left:right]


def _overlaps(
    found: list[tuple[int, int, int | None, int | None, list[str] | None]], at: int
) -> bool:
    return any(start <= at < end for start, end, *_rest in found)


def _signals(folded: str, offset: int) -> list[tuple[int, int, str]]:
    """(priority, position, mode) for every mode phrase in a (case-folded) sentence."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for mode, priority, pattern in SIGNALS:
        if not pattern.possible(folded):
            continue
        for m in pattern.pattern.finditer(folded):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((priority, offset + m.start(), mode))
    return found


def _located_mode(sentence: str, signal: tuple[int, int, str], offset: int) -> _Statement | None:
    """A strong remote or on-site phrase about one place: that place's exception."""
    priority, at, mode = signal
    if priority < 2 or mode == "hybrid":
        return None
    # only a place the phrase is about ("our Toronto team is fully remote"), not one named
    # earlier in the sentence ("3 days in our San Francisco office and 2 days working remotely")
    places = location(sentence[: at - offset], inner=False)
    if not places:
        return None
    pct, days = (0, 0) if mode == "remote" else (100, None)
    return _Statement(at, pct, days, tuple(places), True)


def _marked_lines(folded: str, starts: list[int]) -> set[int]:
    """Lines holding any office word; plain substring search is far cheaper than a regex."""
    lines: set[int] = set()
    for word in ANY_WORDS:
        at = folded.find(word)
        while at >= 0:
            lines.add(bisect_right(starts, at) - 1)
            at = folded.find(word, at + 1)
    return lines


def extract_office(text: str) -> dict | None:
    """Office terms stated in plain text, or None when it says nothing about them."""
    if not text:
        return None
    text = unmark(text)
    signals: list[tuple[int, int, str]] = []
    statements: list[_Statement] = []
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    marked = _marked_lines(text.lower(), starts)
    soft = _soft_breaks(text, lines, starts, marked) if marked and len(lines) > 1 else None
    if soft:
        # a sentence broken over lines (a narrow page, a wrapped e-mail) is read as one
        chars = list(text)
        for at in soft:
            chars[at] = " "
        text = "".join(chars)
        lines = text.split("\n")
        starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        marked = _marked_lines(text.lower(), starts)
    previous_context = False
    for i, line in enumerate(lines):
        if not previous_context and i not in marked:
            continue
        offset = starts[i]
        found_signals, found, previous_context = _read_line(
            line, previous_context, bool(statements)
        )
        signals.extend((priority, offset + at, mode) for priority, at, mode in found_signals)
        statements.extend(
            _Statement(offset + s.pos, s.pct, s.days, s.location, s.exception, s.marked)
            for s in found
        )
    return _decide(signals, statements, text)


# Postings of one company repeat the same paragraphs ("We work hybrid: three days a week in
# the office"), and a line's reading depends only on the line and the two flags: it is kept,
# with positions relative to the line, so that each one is read once per process.
@lru_cache(maxsize=4096)
def _read_line(
    line: str, previous_context: bool, earlier_statements: bool
) -> tuple[tuple[tuple[int, int, str], ...], tuple[_Statement, ...], bool]:
    """The mode phrases and office figures of one line (positions from the line's start), and
    whether its last sentence leaves office context for the next line."""
    signals: list[tuple[int, int, str]] = []
    statements: list[_Statement] = []
    cleaned = NOISE.blank(line)
    label = LABEL.match(cleaned) if len(cleaned) <= 100 else None
    if label:
        mode = label.group("mode").lower()
        mode = "remote" if mode == "remote" else "hybrid" if mode == "hybrid" else "onsite"
        signals.append((3, 0, mode))
    for pos, sentence in _sentences(cleaned):
        context = bool(OFFICE_CTX.search(sentence))
        found: list[_Statement] = []
        if context or previous_context or ANY.search(sentence):
            follow = previous_context and (earlier_statements or bool(statements))
            inherited = context or previous_context
            # folded once for both: Folded patterns would fold it again for each
            folded = fold_case(sentence)
            found = _statements(sentence, folded, inherited, pos, follow, context)
            statements.extend(found)
            for signal in _signals(folded, pos):
                located = _located_mode(sentence, signal, pos)
                if located:
                    statements.append(located)  # "our Toronto team is fully remote"
                else:
                    signals.append(signal)
        previous_context = context or bool(found)
    return tuple(signals), tuple(statements), previous_context


def _sentences(line: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a line."""
    found, start = [], 0
    for m in SENTENCE.finditer(line):
        found.append((start, line[start : m.start()]))
        start = m.end()
    found.append((start, line[start:]))
    return found


def _decide(
    signals: list[tuple[int, int, str]], statements: list[_Statement], text: str
) -> dict | None:
    """The terms: the general figures decide the mode (else the strongest, earliest mode
    phrase); figures for other places become exceptions. With no general figure, the first
    place's figures are taken as the role's own ("In London, 3 days"), unless the words around
    them mark an exception."""
    general = [s for s in statements if not s.exception]
    located = [s for s in statements if s.exception]
    if not general and located:
        first = located.pop(0)
        if not first.marked and not EXCEPT.search(text[max(0, first.pos - 60) : first.pos + 60]):
            general = [first]
        else:
            located.insert(0, first)
    pct = next((s.pct for s in general if s.pct is not None), None)
    days = next((s.days for s in general if s.days is not None), None)
    if pct is not None or days is not None:
        if pct == 0:
            mode = "remote"
        elif pct == 100 or (days or 0) >= 5:
            mode = "onsite"
        else:
            mode = "hybrid"
    elif signals:
        best = max(signals, key=lambda s: (s[0], -s[1]))
        mode = best[2]
    else:
        return None
    if mode == "remote":
        pct, days = 0, 0
    elif mode == "onsite" and pct is None:
        pct = 100
    exceptions: list[dict] = []
    for s in located:
        for place in s.location or []:
            if any(e["location"] == place for e in exceptions):
                continue
            if s.pct == pct and s.days == days:
                continue
            exceptions.append(
                {"location": place, "min_office_pct": s.pct, "days_per_week": s.days}
            )
    return {"mode": mode, "min_office_pct": pct, "days_per_week": days, "exceptions": exceptions}
