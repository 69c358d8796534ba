"""The scope of a pay range: the place, zone or label it applies to ("Zone A", "Canada",
"San Francisco/New York", "All other US locations")."""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.extract._currency import currency_of
from monitor.extract._places import find_places
from monitor.extract._vocab import NOT_BASE, NOT_PAY, PAY, PERIOD_STRICT, word_set

# Words a label may start or end with that say what the amount is, not where it applies.
_EDGE_WORDS = word_set(
    "salary salaries base pay range ranges compensation comp annual annually annualized "
    "yearly hourly monthly weekly daily rate rates wage wages ote on-target target earnings "
    "full time "
    "total cash expected estimated anticipated starting gross brutto net netto the for this "
    "that role roles position positions job jobs is are will be in of our a an per year hour "
    "month week day hiring hire hires offer offers typical typically approximately approx "
    "between from at with and located based candidates candidate employees employee residents "
    "applicants people team members member who live living work working if you it its we "
    "range: competitive attractive generous negotiable full-time part-time permanent contract "
    "contractor temporary intern internship fixed guaranteed pre-tax pretax transparency note "
    "disclosure information details summary only level: scale band: structure listed posted "
    "stated shown below above following here currently current by location zones: tiers: "
    "geo-based individual structure: pays paid salaried range(s) base/ote on-target-earnings "
    "remuneration gehalt salaire salario sueldo wynagrodzenie widełki lön lønn løn "
    "jahresgehalt bruttojahresgehalt min max minimum maximum up to exempt non-exempt faixa rango "
    "fourchette tranche spanne gehaltsspanne intervallo"
)
_LOWER_OK = word_set(
    "and or of the de la del do da dos das di other all rest remaining locations location "
    "cities city metro metros area areas states state outside except excluding only remote in "
    "within hubs hub region regions markets market zone tier based & / - + , non-us us-based"
)
_ZONE = re.compile(
    r"\b(?:zone|tier|region|area|band|geo|geography|market|location\s+(?:tier|zone|group)"
    r"|cost\s+(?:zone|tier|area)|pay\s+(?:zone|tier|area)|labor\s+market)\s*[-#]?\s*"
    r"(?:[A-Z0-9]{1,3}|one|two|three|four|five)\b",
    re.IGNORECASE,
)
# "all other locations", "rest of the world", "other US cities"
_ELSEWHERE = re.compile(
    r"\b(?:all\s+other|other|remaining|rest\s+of(?:\s+the)?)\s+(?:[A-Z][\w.]*\s+)?(?:locations?"
    r"|cities|states|areas|regions|markets|countries|world|offices|metros)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_PAREN_NOISE = re.compile(
    r"\((?:[A-Z]{3}|[^()]*\b(?:per|annual|hourly|yearly|monthly|base|OTE|gross|brutto)\b[^()]*)\)",
    re.IGNORECASE,
)
_PREPOSITION_PLACE = re.compile(
    r"\b(?:in|for|within|across|of)\s+(?:the\s+)?"
    r"(?P<p>[A-Z][\w.'’-]*(?:(?:\s+|\s*[,/&]\s*|\s+(?:and|or)\s+)(?:[A-Z][\w.'’-]*|of|de)){0,5})"
)
_POST_PLACE = re.compile(
    r"^\s*(?:[A-Z]{3}\s*)?(?:(?:per|a|an)\s+\w+\s*|/\s*\w+\s*)?,?\s*(?:\((?P<paren>[^()]{2,60})\)"
    r"|(?:in|for)\s+(?:the\s+)?(?:(?:candidates|employees|residents|those|roles|people)\s+"
    r"(?:based\s+|located\s+|living\s+)?(?:in\s+)?)?"
    r"(?P<p>[A-Z][\w.'’-]*(?:(?:\s+|\s*[,/&]\s*)(?:[A-Z][\w.'’-]*|\d{1,2}\b)){0,4}))"
)
# A level the text says a range is for ("... for Level 4, and ... for Level 5"); in brackets
# ("(Level II)") a level only names the range, as the hand-written table has it.
_LEVEL = re.compile(r"(?:level|grade|band|L)\s*[-#]?\s*(?:\d{1,2}|[IVX]{1,4})", re.IGNORECASE)
_REMARK = re.compile(r"\([^()]*\)")
_FIRST_PAREN = re.compile(r"\((?P<paren>[^()]{2,60})\)")
_WORD = re.compile(r"\S+")


def _strip_edges(label: str) -> str:
    words = _WORD.findall(label)
    while words and _is_edge(words[0]):
        words.pop(0)
    while words and _is_edge(words[-1]):
        words.pop()
    label = " ".join(words).strip(" ,;:-–—|/")
    if label.endswith(".") and label.count(".") == 1:
        label = label[:-1]  # a sentence's full stop, not "U.S."
    return label


@lru_cache(maxsize=8192)
def _is_edge(word: str) -> bool:
    bare = word.strip(",;:()[]|–—-.")
    if len(bare) == 1 and bare.isupper():
        return False  # "Zone A", "Tier B"
    bare = bare.lower()
    if not bare or bare in _EDGE_WORDS:
        return True
    if currency_of(word.strip(",;:()[]")) is not None or PAY.fullmatch(bare):
        return True
    return bool(PERIOD_STRICT.fullmatch(bare))


def _label_like(label: str) -> bool:
    words = label.replace("/", " / ").replace(",", " , ").split()
    if not words or len(words) > 14 or len(label) > 70:
        return False
    for word in words:
        core = word.strip("()[]:.'’")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit() or core.lower() in _LOWER_OK:
            continue
        if core.lower().endswith("-based") or core in ("&", "/", ",", "-", "+"):
            continue
        return False
    return True


# Labels and the clauses around amounts repeat across a company's postings ("Zone A:",
# "The base salary range for this role is "): each distinct one is read once.
@lru_cache(maxsize=4096)
def clean_label(text: str) -> str:
    """A label as a scope: bullets, pay words, currencies and periods trimmed from its edges."""
    text = _BULLET.sub("", text)
    text = _PAREN_NOISE.sub(" ", text)
    if "(" in text and not text.lstrip().startswith("("):
        # "US employees (any location)": a remark that names no place is not part of the scope
        text = _REMARK.sub(lambda m: m.group() if find_places(m.group()) else " ", text)
    label = _strip_edges(text)
    label = re.sub(r"(?i)(?<=\w)-based\b", "", label)
    if label.startswith("(") and label.endswith(")") and label.count("(") == 1:
        label = label[1:-1].strip()
    return " ".join(label.split())


def _valid(label: str, *, colon: bool) -> bool:
    if len(label) < 2 or not _label_like(label):
        return False
    if NOT_PAY.search(label) or NOT_BASE.search(label):
        return False
    if _ZONE.search(label) or _ELSEWHERE.search(label) or find_places(label):
        return True
    return colon and any(ch.isalpha() for ch in label)


@lru_cache(maxsize=4096)
def scope_from_label(clause: str) -> str | None:
    """The scope named before an amount: "Zone A:", "- Canada:", "for this role in Seattle"."""
    stripped = clause.rstrip()
    colon = stripped.endswith((":", "=", "–", "—", "-", "|"))
    inner = stripped[:-1].rfind(":") if colon else stripped.rfind(":")
    if inner >= 0:  # "Base salary by zone: Zone 1 $165,000": the heading ends at its colon
        stripped = stripped[inner + 1 :]
    label = clean_label(stripped)
    if label and _valid(label, colon=colon):
        return label
    if inner >= 0:  # "Canada-based roles only: The annual base salary ... is"
        before = clean_label(clause.rstrip()[:inner])
        if before and _valid(before, colon=True) and find_places(before):
            return before
    last = None
    for m in _PREPOSITION_PLACE.finditer(clause):
        last = m
    if last:
        place = clean_label(last.group("p"))
        if place and _valid(place, colon=False) and find_places(place):
            return place
    return None


@lru_cache(maxsize=4096)
def scope_after(post: str) -> tuple[str | None, int]:
    """A scope written right after an amount ("$120k–$150k (New York)", "... in London") and
    how many characters of post it takes."""
    m = _POST_PLACE.match(post)
    if not m:
        # "€65,000 - €80,000 + bonus (Dublin)": a known place in brackets after the amount
        m = _FIRST_PAREN.search(post)
        if m and find_places(m.group("paren")):
            place = clean_label(m.group("paren"))
            if place and _valid(place, colon=False):
                return place, m.end()
        return None, 0
    place = clean_label(m.group("paren") or m.group("p") or "")
    if place and _valid(place, colon=False):
        return place, m.end()
    if m.group("p") and _LEVEL.fullmatch(place):
        return place, m.end()
    return None, 0


@lru_cache(maxsize=4096)
def label_line_scope(line: str) -> str | None:
    """The scope a short heading line gives the amounts listed under it ("Zone 2", "Canada:")."""
    stripped = line.strip()
    if len(stripped) > 80 or not stripped:
        return None
    colon = stripped.endswith(":")
    label = clean_label(stripped)
    if (
        label
        and _valid(label, colon=colon)
        and (colon or _ZONE.search(label) or find_places(label))
    ):
        return label
    return None
