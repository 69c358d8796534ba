"""Reposts: a new posting that repeats one removed shortly before, under a new id.

`find_repost` links a new posting to a removed one when the company and the locations match
after normalising (`company_key`, `monitor.places.location_key`), it was removed within the
window (30 days), and the titles are the same role: `same_role(a, b) >= THRESHOLD`.

Titles are compared after `normal_title`: case and punctuation folded, "Sr."/"Snr" -> senior
and "Jr."/"Jnr" -> junior, requisition numbers dropped ("(R12345)", "- REQ-4411", "#123",
"- OR049160"). Roman numerals and levels are kept as written ("II" stays "ii", "2" stays "2"):
"Engineer I" and "Engineer II" are different roles, and so are "Engineer II" and "Engineer 2"
for all rolewatch can tell.

`same_role` is a Dice coefficient over the two titles' words, in any order: words match when
equal, or, both five letters or longer, when they differ by a typo or a plural (character
similarity >= 0.8, which then counts for that similarity rather than 1). Titles whose levels
differ ("engineer 0"/"engineer 1", "new grad 2024"/"2025") score 0.

The threshold comes from labelled pairs of real postings (SimplifyJobs/New-Grad-Positions,
listings of 2023-2024; tests/test_reposts.py holds them): the pairs of different roles at one
company score at most 0.933 ("Associate Engineer I&C" vs "Engineer I&C"; "Software Engineering"
vs "Software Engineering Intern" 0.923; "... 2025 - UK" vs "... 2025 - US" 0.900) and the same
role reposted or re-spelt scores 1.0 after normalising, or 0.98 with a typo. 0.95 sits between:
a substituted word fails in any title under twenty words, one added word passes only in titles
of ten words or more, and one typo (similarity 0.8) passes in titles of four words or more.
One same-role pair in the data falls below it
(Salesforce "Software Engineering AMTS/MTS - New Grad" retitled "... MTS - New Grad", 0.909):
a missed repost is recorded as `new` and `removed`, which is what rolewatch did before, while a
wrong link would merge two roles' histories.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.places import location_key, split_locations

THRESHOLD = 0.95
WINDOW = timedelta(days=30)
_FUZZY_MIN_LENGTH = 5  # shorter words ("i", "ii", "ios", "uk", "us") must match exactly
_FUZZY_MIN_RATIO = 0.8  # "engineers"/"engineer" 0.94, "backend"/"frontend" 0.40

_SPELLING = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
}
# A requisition id: up to four letters and four digits or more ("R12345", "OR049160",
# "R54958-1"), or five digits or more. Four bare digits are a year ("New Grad (2025)"), and a
# word joined by a hyphen is not an id ("Grad-2024"); "REQ-4411" is caught by its prefix.
_ID = r"(?:[a-z]{1,4}\d{4,}|\d{5,})(?:-\d+)?"
_REQUISITION = re.compile(
    rf"[(\[]\s*(?:req(?:uisition)?|job|id|ref)?[\s#:.\-]*{_ID}\s*[)\]]"  # "(R12345)"
    r"|\b(?:req(?:uisition)?|job\s*id|ref)\b\s*(?:no\.?|number|#|:|-)?\s*[a-z]{0,4}-?\d[\w-]*"
    r"|#\s*\d+"  # "#123"
    rf"|\b{_ID}\b",  # "- OR049160", "JR2006947 Engineer"
)
_WORD = re.compile(r"[^\W_]+(?:\+\+|#)?")  # keeps "c++", "c#"
_LEVEL = re.compile(r"^(?:\d{1,2}|[ivx]{1,4}|[lpe]\d{1,2}|ic\d{1,2})$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LEGAL = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|gmbh|ag|plc"
    r"|s\.?a|b\.?v|n\.?v|pty|llp|lp)\b\.?",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def normal_title(title: str) -> str:
    """A title reduced to what names the role (module docstring)."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    text = _REQUISITION.sub(" ", text).replace("&", " and ")
    return " ".join(_SPELLING.get(word, word) for word in _WORD.findall(text))


def _levels(words: Sequence[str]) -> tuple[list[str], list[str]]:
    return sorted(w for w in words if _LEVEL.match(w)), sorted(w for w in words if _YEAR.match(w))


@functools.lru_cache(maxsize=16384)
def same_role(a: str, b: str) -> float:
    """How alike two titles are as roles, from 0 to 1 (module docstring)."""
    left, right = normal_title(a).split(), normal_title(b).split()
    if not left or not right:
        return 0.0
    (levels_a, years_a), (levels_b, years_b) = _levels(left), _levels(right)
    if levels_a != levels_b or (years_a and years_b and years_a != years_b):
        return 0.0
    rest_a, rest_b = list(left), list(right)
    score = 0.0
    for word in left:
        if word in rest_b:
            rest_a.remove(word)
            rest_b.remove(word)
            score += 1
    pairs = sorted(
        (
            (ratio, x, y)
            for x in set(rest_a)
            for y in set(rest_b)
            if min(len(x), len(y)) >= _FUZZY_MIN_LENGTH
            and (ratio := _similarity(x, y)) >= _FUZZY_MIN_RATIO
        ),
        reverse=True,
    )
    for ratio, x, y in pairs:
        if x in rest_a and y in rest_b:
            rest_a.remove(x)
            rest_b.remove(y)
            score += ratio
    return 2 * score / (len(left) + len(right))


@functools.lru_cache(maxsize=16384)
def _similarity(x: str, y: str) -> float:
    """difflib's ratio of two words; 0 when its cheap upper bound is below _FUZZY_MIN_RATIO
    already (matching a batch's new postings compares the same few words over and over)."""
    matcher = difflib.SequenceMatcher(None, x, y)
    if matcher.real_quick_ratio() < _FUZZY_MIN_RATIO or matcher.quick_ratio() < _FUZZY_MIN_RATIO:
        return 0.0
    return matcher.ratio()


@functools.lru_cache(maxsize=4096)
def company_key(company: str | None) -> str:
    """A company name without case, punctuation or legal form: "Wyetech LLC" -> "wyetech"."""
    text = _LEGAL.sub(" ", unicodedata.normalize("NFKC", company or "").casefold())
    return " ".join(_WORD.findall(text))


def locations_key(locations: Iterable[str]) -> frozenset[str]:
    """A posting's locations as a set of normalised places ("NYC" == "New York, NY")."""
    return _locations_key(tuple(locations))


# cached: matching a store batch's new postings compares each with every recent removal of
# its source (1,000 new against 1,000 removed: 5 s uncached)
@functools.lru_cache(maxsize=4096)
def _locations_key(locations: tuple[str, ...]) -> frozenset[str]:
    return frozenset(location_key(loc) for loc in split_locations(locations))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A posting as repost matching sees it; `removed_at` is set for removed ones."""

    key: str
    title: str
    company: str | None
    locations: tuple[str, ...]
    removed_at: datetime | None = None


def find_repost(
    new: Candidate,
    removed: Sequence[Candidate],
    *,
    now: datetime,
    window: timedelta = WINDOW,
) -> Candidate | None:
    """The removed posting a new one repeats, or None.

    Among removed postings of the same company at the same locations, removed within `window`
    before `now`, the one whose title is most alike at or above THRESHOLD; on a tie the most
    recently removed, then the smallest key.
    """
    company = company_key(new.company)
    places = locations_key(new.locations)
    matches: list[tuple[float, Candidate]] = []
    for old in removed:
        if old.key == new.key or old.removed_at is None:
            continue
        if not (now - window <= old.removed_at <= now):
            continue
        if company_key(old.company) != company or locations_key(old.locations) != places:
            continue
        score = same_role(new.title, old.title)
        if score >= THRESHOLD:
            matches.append((score, old))
    if not matches:
        return None
    return min(matches, key=lambda m: (-m[0], -_timestamp(m[1].removed_at), m[1].key))[1]


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0
