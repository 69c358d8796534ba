"""The words of office terms: days and shares of time in the office, weekdays, remote, hybrid
and on-site phrases, the phrases that only look like them, and the places that differ."""

from __future__ import annotations

import re
from collections.abc import Iterator

from monitor.extract._places import find_places, is_country
from monitor.extract._vocab import Folded, word_set

_I = re.IGNORECASE
# Counts of days, as digits or words ("three days a week", "twice a week").
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "once": 1, "twice": 2}
_N = r"(?:[1-5]|one|two|three|four|five)"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)s?"
)
# Substrings of every phrase ANY matches, for a quick first pass.
ANY_WORDS = ("office", "remote", "hybrid", "site", "person", "distributed", "home", "wfh",
              "telecommut", "anywhere")  # fmt: skip
# Any word that may start office terms; a line without one is not read further.
ANY = Folded(
    r"office|remote|hybrid|on-?site|in[- ]person|distributed|from home|wfh|telecommut|anywhere",
    needs=" ".join(ANY_WORDS),
)
# Where sentences end: after ". " before a capital, at "; ", around " • " and " | ". Written to
# start with the class of its first character (the same matches as the plainer
# `(?<=[.!?])\s+(?=...)|;\s+|\s+[•|]\s+`), so that the engine skips ahead to spaces and ";".
SENTENCE = re.compile(r"[\s;](?:(?<=[.!?]\s)\s*(?=[A-Z(\"“])|(?<=;)\s+|(?<=\s)\s*[•|]\s+)")
# Phrases that name the office, remote or hybrid without being about where the job is done.
NOISE = Folded(
    r"\bhome[- ]?office\w*|\bhomeoffice\b|\bhome\s+working\s+(?:stipend|allowance)"
    r"|\boffice\s+(?:hours|365|manager|administrator|coordinator|supplies|equipment|snacks"
    r"|furniture|setup|set-up|chairs?|politics|suite|space\s+stipend|of\s+the\s+\w+)\b"
    r"|\b(?:microsoft|ms|back|front|post|box|family|chief\s+of\s+staff)\s+office\b"
    r"|\b(?:in[- ]office|on[- ]?site|in[- ]person|office)\s+(?:perks?|lunch\w*|snacks?|meals?"
    r"|events?|amenities|gym|caf\w*|child\s?care|parking|interviews?|visits?|support|training"
    r"|customers?|clients?|meetings?|offsites?|meet-?ups?|gatherings?|onboarding|team[- ]building"
    r"|workshops?|celebrations?|socials?|activities|dinners?|coffee|massages?|clinic|doctors?|chefs?"
    r"|cafeterias?|kitchens?|baristas?|services|wellness|fitness|parking)\b"
    r"|\bremote[- ](?:friendly|sensing|monitoring|control|access|patients?"
    r"|customers?|clients?"
    r"|sites?|teams?|team\s*members|teammates|colleagues|employees|workers|workforce|desktop"
    r"|support|assistance|troubleshooting|diagnostics|learning|work\s+(?:stipend|allowance"
    r"|budget|setup|equipment|resources|tips))\b"
    r"|\bhybrid[- ](?:cloud|apps?|applications?|mobile|architectures?|infrastructure|deployments?"
    r"|IT|data|vehicles?|search|systems?|solutions?|integration|networks?|networking|storage"
    r"|engines?|powertrain|cars?|retrieval|RAG|quantum|ML|AI|models?\s+(?:for|of)|events?"
    r"|environments?\s+(?:of|across|spanning))\b"
    r"|\b(?:multi|on-?prem\w*)[-/ ](?:cloud\s*)?(?:and\s+|/\s*|,\s*)?hybrid\b"
    r"|\bhybrid\s*(?:/|and|or)\s*(?:multi-?)?cloud\b"
    r"|\bhybrid(?:\s*(?:/|and|or|-)\s*|\s+)(?:electric|ev|plug-in|battery|fuel|combustion)\b"
    r"|\bhybrid\s+(?:(?:delivery|agile|scrum|waterfall|project|methodolog\w*|work\s*loads?|aws"
    r"|azure|gcp|public|private)\b|(?:and|or|/)\s+(?:public|private|multi|on-?prem)\w*"
    r"|environments?\s+(?:utili[sz]ing|using|with|on|in)\s+(?:aws|azure|gcp|cloud))"
    r"|\b(?:cloud|public|private)\s*(?:,|and|or|/)\s*hybrid\b"
    r"|\b(?:those|employees|staff|people|team\s+members)\s+(?:working|who\s+work)\s+on[- ]?site\b"
    r"|\b(?:work|be|working)\s+on[- ]?site\s+(?:with|at)\s+(?:the\s+|our\s+)?"
    r"(?:customers?|clients?)"
    r"|\bwork\s+from\s+(?:anywhere|home)\s+(?:allowance|stipend|budget)\b"
    # statistics about the staff: "66% of our team members work fully remote"
    r"|\b\d{1,3}\s*%\s+(?:of\s+(?:[\w.'’-]+\s+){0,3}(?:team\s+members|employees|people|staff"
    r"|colleagues)\s+)?work\s+(?:fully\s+)?(?:remote(?:ly)?|in\s+a\s+hybrid\s+model|hybrid"
    r"|on-?site|in\s+(?:the\s+)?office)\b"
    # every branch starts with \b, which keeps the engine's scan of a line fast (a branch that
    # starts otherwise made this whole pattern ten times slower)
    r"|\b(?<=[a-z0-9]/)[a-z0-9]+\s+hybrid\s+models?\b"  # "UTXO/Account hybrid models"
    r"|\b(?<=-based\s)hybrid\s+(?:environment|setup|platform|architecture)s?\b"
    r"|\bhybrid\s+(?:approach|method|strategy|algorithm|framework|technique|pipeline|solution"
    r"|model|architecture|design)s?\s+(?:to|for|of|that|which|combin\w*|using|between|blending)\b"
    r"|\bfree\s+(?:lunch|meals?|snacks?)\s+in\s+the\s+office\b",
    needs="home office site person remote hybrid anywhere",
)
# Words that put a count of days or a share of time in the office.
OFFICE_CTX = Folded(
    r"\b(?:in|at|from|to|into)\s+(?:the\s+|our\s+|an?\s+|one\s+of\s+our\s+|your\s+local\s+)?"
    r"(?:[\w.'’-]+\s+){0,2}(?:office|offices|HQ|headquarters|hub|studio|campus)\b"
    r"|\bin[- ]office\b|\bon[- ]?site\b|\bin[- ]person\b|\boffice[- ]based\b|\boffice\s+days?\b"
    r"|\bcome\s+in(?:to)?\b|\bcommute\b|\bin\s+the\s+office\b|\bhybrid\b"
    r"|\boffice\s+(?:attendance|presence)\b|\battend\s+(?:the|our)\s+office\b",
    needs="office hq headquarters hub studio campus site person come commute hybrid",
)
REMOTE_CTX = Folded(
    r"\bremote(?:ly)?\b|\bfrom\s+home\b|\bWFH\b|\bhome[- ]based\b|\bfrom\s+anywhere\b",
    needs="remote home wfh anywhere",
)
# "3 days a week", "2-3 days per week in the office", "twice a week", "3 of 5 days", "Hybrid (3
# days)", "in the office three days".
DAYS = Folded(
    rf"\b(?P<n>{_N})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_N}))?\s*\+?\s*"
    r"(?:(?:full|business|working|work|office|in[- ]office|on[- ]?site|in[- ]person)\s+)?"
    r"(?:days?|x|times?)\s*"
    r"(?:(?:a|per|each|every|/|of\s+the|in\s+a|in\s+the)\s*(?:work(?:ing)?\s*)?(?:week|wk)\b"
    r"|(?=(?:in|at|from)\s+(?:the\s+|our\s+)?(?:\w+\s+)?office|in[- ]office|on[- ]?site"
    r"|in[- ]person|onsite))"
    rf"|\b(?P<w>once|twice)\s+(?:a|per|each|every)\s+week\b"
    rf"|\b(?P<f>{_N})\s*(?:/|out\s+of|of)\s*(?:5|five)\s+(?:working\s+|work\s+)?days\b"
    rf"|\bhybrid\s*[(:,–-]\s*(?P<h>{_N})\s*(?:days?|x)\b"
    r"|\b(?:in|at|from)\s+(?:the\s+|our\s+)?(?:\w+\s+)?office\s+(?:for\s+)?(?:at\s+least\s+)?"
    rf"(?P<o>{_N})\s+(?:full\s+)?days?\b",
    needs="1 2 3 4 5 one two three four five once twice",  # every branch counts days
)
# "at least 50% of the time in the office", "60% in-office", "80% remote" (20% office).
PCT = Folded(
    # not a share of people ("66% of Spring Health team members work fully remote")
    r"(?P<p>\d{1,3})\s*%(?!\s+of\s+(?:[\w.'’-]+\s+){0,3}(?:team|employees|people|staff|members"
    r"|workforce|colleagues)\b)\s*(?:of\s+(?:the|your|our|their)\s+(?:time|week"
    r"|working\s+(?:time|week|hours)|work\s*week|hours|days)"
    r"(?:\s+(?:in\s+a(?:\s+given)?|each|every|per)\s+(?:week|month|quarter))?\s*)?"
    r"(?P<what>(?:(?:in|at|from|on)\s+)?(?:the\s+|our\s+|their\s+|your\s+|an?\s+)?"
    r"(?:local\s+|nearest\s+|assigned\s+)?"
    r"(?:office|on[- ]?site|onsite|in[- ]office|in[- ]person|office[- ]based)\b"
    r"|remote(?:ly)?\b|from\s+home\b|WFH\b|home[- ]based\b)"
    r"|(?P<what2>(?:in|at|from)\s+(?:the\s+|our\s+|an?\s+)?(?:[\w.'’-]+\s+){0,3}"
    r"(?:office|offices|hq|headquarters|hub|studio|campus)|on[- ]?site|in[- ]person|onsite"
    r"|remote(?:ly)?|from\s+home"
    r"|in[- ]office\s+(?:expectation|requirement|attendance|presence)s?)"
    r"\s*[:,–-]?\s+(?:for\s+)?(?:at\s+least\s+|a\s+minimum\s+of\s+|about\s+|around\s+|roughly\s+"
    r"|approximately\s+|min(?:imum)?\.?\s+)?(?P<p2>\d{1,3})\s*%",
    needs="%",
)
# Weekdays: "Tuesday to Thursday" (3), "Mon/Wed/Fri" (3), "every Wednesday" (1).
_WEEKDAY_WORDS = " ".join(WEEKDAYS)  # the start of every weekday name
DAY_RANGE = Folded(
    rf"\b(?P<a>{_DAY})\.?\s*(?:-|–|—|to|through|thru|till|until)\s*(?P<b>{_DAY})\b\.?",
    needs=_WEEKDAY_WORDS,
)
DAY_LIST = Folded(rf"\b{_DAY}\.?(?:\s*(?:/|,|&|\+|and)\s*{_DAY}\b\.?)+", needs=_WEEKDAY_WORDS)
DAY_ONE = Folded(
    rf"\b(?:every|on)\s+{_DAY}\b(?!\s*(?:/|,|&|\+|and|-|–|to|through)\s*\w)",
    needs=_WEEKDAY_WORDS,
)
DAY_NAME = re.compile(_DAY, _I)
# A place: capitalised words, several joined by commas, "and", "&" or "/".
_LOC = (
    r"(?-i:[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|do|da|del))*"
    r"(?:\s*(?:,\s*and\b|,|\band\b|&|/)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*)*)"
)
# Where the words before a figure name the place it is for: "in Bucharest", "Mexico City and
# Bengaluru work", "our Toronto team is", "London:".
LOC_IN = re.compile(
    r"(?:^|[(,;:]\s*|\b(?:except|but|while|whereas|although|and)\s+)(?:for\s+)?"
    r"(?:those\s+|employees\s+|team\s+members\s+|people\s+|staff\s+|colleagues\s+)?"
    rf"(?:based\s+|located\s+|working\s+)?(?:in|at)\s+(?:the\s+)?(?P<loc>{_LOC})",
    _I,
)
LOC_ANY_IN = re.compile(rf"\b(?:in|at)\s+(?:the\s+|our\s+)?(?P<loc>{_LOC})", _I)
_SITE = re.compile(r"\s+(?:site|office|offices|hub|campus|location|studio)s?\b", _I)
LOC_SUBJECT = re.compile(
    rf"^\W*(?:our\s+|the\s+)?(?P<loc>{_LOC})(?:[- ]based)?\s+(?:employees|team\s*members"
    r"|staff|teams?|offices?|hubs?|colleagues|engineers|people|roles?|positions?|work|works"
    r"|are|is|go|goes|come|comes|must|should|will|require|requires|expect|expects)\b",
    _I,
)
LOC_LABEL = re.compile(rf"(?:^|[(,;]\s*)(?P<loc>{_LOC})\s*[:–-]\s*$", _I)
_WHERE = (
    r"\s*[,:–-]?\s*(?:where\s+)?(?:it['’]?s\s+|it\s+is\s+|they\s+work\s+|we\s+work\s+"
    r"|teams?\s+work\s+|the\s+(?:requirement|expectation|minimum)\s+is\s+)?(?:at\s+least\s+)?"
)
# A place's own figure right after another one: "(in Bucharest 80%)", "London: 4 days".
LOC_BARE_PCT = re.compile(
    rf"\b(?:[Ii]n|[Ff]or)\s+(?P<loc>{_LOC}){_WHERE}"
    rf"(?P<p>\d{{1,3}})\s*%|(?:^|[(,;]\s*)(?P<loc2>{_LOC})\s*:\s*(?P<p2>\d{{1,3}})\s*%"
    rf"|\(\s*(?P<p3>\d{{1,3}})\s*%\s+(?:in|for)\s+(?P<loc3>{_LOC})\s*\)",
)
LOC_BARE_DAYS = re.compile(
    rf"\b(?:[Ii]n|[Ff]or)\s+(?P<loc>{_LOC}){_WHERE}"
    rf"(?P<n>{_N})\s+days?\b|(?:^|[(,;]\s*)(?P<loc2>{_LOC})\s*:\s*(?P<n2>{_N})\s+days?\b"
    rf"|\(\s*(?P<n3>{_N})\s+(?:days?\s+)?(?:in|for)\s+(?P<loc3>{_LOC})\s*\)",
)
# Words that mark a place's figure as an exception: "except", "only", "For those in our NYC
# office, ... three days a week".
EXCEPT = re.compile(
    r"\b(?:except|exception|unless|whereas|while|only)\b|\bfor\s+(?:those|people|employees|staff"
    r"|team\s+members)\s+(?:who\s+(?:are|live|work)\s+)?(?:situated\s+)?(?:in|at|based|located|near"
    r"|within)\b",
    _I,
)
_NOT_PLACE = word_set(
    "the this that these those our we you your their all each every most some any team teams "
    "members employees staff hybrid remote office offices on-site onsite in at for from and "
    "or but except it its as if when while please note location locations work working role "
    "position candidates everyone anyone people hq headquarters policy company days day week "
    "weeks monday tuesday wednesday thursday friday saturday sunday mondays tuesdays "
    "wednesdays thursdays fridays january february march april may june july august september "
    "october november december engineering sales product design marketing operations support "
    "legal finance people no yes fully full time part i flexible flex"
)
_JOINERS = re.compile(r"\s*(?:,|\band\b|&|/)\s*")
_CONTRACTION = re.compile(r"'(?:ll|re|ve|d|m)$")  # "You'll come in": not a place
# Mode phrases and their weight: 2 for what this role is ("this role is fully remote", "not a
# remote position"), 1 for what the company is ("remote-first", "we're hybrid"). Location lines
# ("London (Hybrid)") weigh 3; the heaviest phrase wins, the earliest among equals.
SIGNALS: tuple[tuple[str, int, Folded], ...] = (
    ("onsite", 2, Folded(
        r"\b(?:not|non|no)[- ](?:an?\s+)?(?:fully\s+)?remote\b|\bremote\s+(?:work\s+)?(?:is\s+)?"
        r"not\s+(?:possible|available|an\s+option|offered|supported)\b"
        r"|\bnot\s+(?:eligible|open)\s+(?:for|to)\s+remote\b", needs="remote")),
    ("remote", 2, Folded(
        r"\b(?:fully|completely|entirely|totally|permanently|100\s*%)[- ]?remote\b"
        r"|\b(?:role|position|job|opportunity|this|it)\s+(?:is|can\s+be|will\s+be)\s+(?:an?\s+)?"
        r"(?:fully\s+)?remote\b|\b(?:roles|positions"
        r"|jobs)\s+are\s+(?:all\s+)?(?:fully\s+)?remote\b"
        r"|\bremote\s+(?:position|role|job|opportunity|contract)\b|\bwork(?:ing)?\s+(?:fully\s+)?"
        r"remotely\b|\bwork\s+from\s+anywhere\b|\bremote\s+(?:within|from|in|across|anywhere)\b"
        r"|\bremote[- ]only\b", needs="remote anywhere")),
    # a choice that includes remote ("hybrid or remote", "Office, Hybrid or Anywhere"): the role
    # can be done fully remote; weaker than what the role itself is said to be
    ("remote", 1, Folded(
        r"\bhybrid\s*(?:,|/|\bor\b|\band\b)\s*(?:fully\s+)?remote\b(?!\s*(?:teams?|employees|workers))"
        r"|\bremote\s*(?:/|,|\bor\b)\s*hybrid\b|\b(?:in[- ]?office|office)\s*(?:,|/|\bor\b)\s*"
        r"(?:fully\s+)?remote\b|\b(?:office|hybrid)\s*,?\s*\bor\b\s*anywhere\b"
        r"|\bwork\s+from\s+home\s+(?:for\s+)?up\s+to\s+(?:5|five)\s+days\b"
        r"|\b(?:choose|pick|decide)\s+where\s+you\s+work\b"
        r"|\b(?:remote(?:\s+work)?|mobiles?\s+arbeiten)\s+(?:ist\s+)?(?:möglich\s+)?bis\s+zu\s+100\s*%",
        needs="remote anywhere home where arbeiten")),
    ("remote", 1, Folded(
        r"\bremote[- ]?first\b|\ball[- ]remote\b|\bfully\s+distributed\b|\bremote\s+(?:company"
        r"|organi[sz]ation|culture|team\b|environment|work\s+(?:is|environment|arrangement|model"
        r"|policy))|\bwe(?:'re|\s+are)\s+(?:a\s+)?(?:fully\s+)?(?:remote|distributed)\b",
        needs="remote distributed")),
    ("onsite", 2, Folded(
        r"\b(?:fully|100\s*%|completely|entirely|full[- ]time)\s+(?:on[- ]?site|in[- ](?:the[- ])?"
        r"office|office[- ]based|in[- ]person)\b|\b(?:on[- ]?site|in[- ]office|office[- ]based"
        r"|in[- ]person)\s+(?:role|position|job|opportunity|requirement|presence|only)\b"
        r"|\b(?:role|position|job|this)\s+(?:is|will\s+be|requires\s+(?:you\s+to\s+)?(?:be|work))"
        r"\s+(?:an?\s+)?(?:fully\s+)?(?:on[- ]?site|in[- ]office|office[- ]based|in[- ]person)\b"
        r"|\b(?:work|working|based|be)\s+(?:fully\s+)?on[- ]?site\b"
        # not "work onsite three days a week": a count of days is hybrid, read as a figure
        r"(?!\s+(?:for\s+)?(?:at\s+least\s+)?(?:[1-4]|one|two|three|four|once|twice|occasionally)\b)",
        needs="site office person")),
    ("onsite", 2, Folded(r"\(on[- ]?site\s+[\w .,'’-]+\)", needs="site")),  # "(onsite Wayne, NJ)"
    ("onsite", 1, Folded(
        r"\bwe(?:'re|\s+are)\s+(?:an?\s+)?(?:fully\s+)?(?:in[- ]office|on[- ]?site"
        r"|in\s+the\s+office|office[- ]first)\b|\boffice[- ]first\b", needs="office site")),
    ("remote", 2, Folded(r"^\W*(?:fully\s+|100\s*%\s+)?remote\s*(?:[,(–:]|-\s)", needs="remote")),
    ("hybrid", 2, Folded(
        r"\bhybrid\s+(?:role|position|job|opportunity|schedule|work\s+schedule|arrangement"
        r"|work\s+arrangement|basis)\b|\b(?:role|position|job|this)\s+(?:is|will\s+be)\s+"
        r"(?:an?\s+)?hybrid\b|\bpartially\s+remote\b|\bpartly\s+remote\b", needs="hybrid remote")),
    ("hybrid", 1, Folded(
        r"\bhybride?\b|\b(?:work|working)\s+(?:from\s+home|remotely)\s+(?:for\s+)?(?:up\s+to\s+)?"
        r"(?:[1-4]|one|two|three|four)\s+days?\b|\b(?:[1-4]|one|two|three|four)\s+days?\s+(?:a"
        r"|per)"
        r"\s+week\s+(?:from\s+home|remotely|remote|WFH)\b", needs="hybrid home remote wfh")),
)  # fmt: skip
_PLACE_WORDS = r"(?-i:[A-Z])[\w.'’-]*(?:[ ,]+(?:(?-i:[A-Z])[\w.'’-]*|of|and|the))*"
# A location line or field: "Remote", "Remote - US", "London, UK (Hybrid)", "Workplace: On-site".
LABEL = re.compile(
    r"^\W*(?:(?:location|locations|workplace(?:\s+type)?|work\s+(?:location|model|arrangement"
    r"|type|style|setting|mode)|job\s+type|location\s+type|arrangement|remote\s+status|office"
    r"|type)\s*:\s*)?"
    rf"(?:{_PLACE_WORDS}\s*[-–,(/|]\s*)?\(?"
    r"(?P<mode>remote|hybrid|on[- ]?site|in[- ]office|office[- ]based|in[- ]person)\)?"
    rf"(?:\s*(?:[-–,(/|:]|\b(?:in|within|from)\b)\s*(?:{_PLACE_WORDS})?\)?)?"
    r"(?:\W*(?:full|part)[- ]time|\W*contract(?:or)?|\W*permanent)?\W*$",  # "(Onsite) Full-time"
    _I,
)


def split_places(loc: str) -> list[str]:
    """The places in "Mexico City and Bengaluru" or "Warsaw, Kraków", without words like "Our"
    or "Team" that a capitalised run picks up."""
    places: list[str] = []
    for part in _JOINERS.split(loc):
        words = part.split()
        while words and words[0].lower().strip(".,") in _NOT_PLACE:
            words.pop(0)
        while words and words[-1].lower().strip(".,") in _NOT_PLACE:
            words.pop()
        if words and all(_place_word(w) for w in words):
            place = " ".join(words).strip(".,")
            if places and is_country(place) and not is_country(places[-1]):
                continue  # "Bucharest, Romania": the city is the place named
            places.append(place)
    return places


def _place_word(word: str) -> bool:
    folded = word.lower().strip(".,").replace("’", "'")
    return folded not in _NOT_PLACE and not _CONTRACTION.search(folded)


def location(before: str, *, inner: bool = True) -> list[str] | None:
    """The places the words before a figure say it is for, if any; inner: an "in <place>"
    anywhere in the words counts, not only one that starts a clause."""
    if before == before.lower() or not may_name_a_place(before):
        return None
    for found in _place_phrases(before, inner):
        if found:
            places = split_places(found.group("loc"))
            if places:
                return places
    return None


_CAPITALISED = re.compile(r"[A-Z][\w.'’-]+")  # a word _LOC can start with
_CONNECTOR = re.compile(r"\sd[aeo]")  # "de", "do", "da", "del": the lower-case words _LOC takes


def may_name_a_place(before: str) -> bool:
    """False when no phrase in the words can name a place: every place starts with a capital
    A-Z, and split_places keeps only words that are not in _NOT_PLACE. Most sentences start
    with such a word ("This", "We", "Our"), and this costs far less than the place patterns."""
    for word in _CAPITALISED.findall(before):
        if _place_word(word):
            return True
    return bool(_CONNECTOR.search(before))


def _place_phrases(before: str, inner: bool) -> Iterator[re.Match[str] | None]:
    """The last "in <place>", a place that starts the text, the last label that ends it: in
    that order of preference, each looked for only when the one before names no place.

    "In <place>" is the last one before the figure: in "those in Stripe Delivery Center roles
    in Mexico City and Bengaluru work 100%", the figure is for Mexico City and Bengaluru. Away
    from a clause's start it must name a known place or a site ("in our Bucharest site")."""
    anchored = _last(LOC_IN.finditer(before))
    later = _last(m for m in LOC_ANY_IN.finditer(before) if _sited(m, before)) if inner else None
    yield later if later and (anchored is None or later.start() > anchored.start()) else anchored
    yield LOC_SUBJECT.match(before)  # anchored at the start: one try rather than a scan
    if before.rstrip().endswith((":", "–", "-")):  # which a label must end with
        yield _last(LOC_LABEL.finditer(before))


def _sited(m: re.Match[str], before: str) -> bool:
    """Whether "in <words>" names a place: a known one, or one followed by "site", "office"."""
    return bool(find_places(m.group("loc")) or _SITE.match(before, m.end()))


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 (the last one is wanted)
        pass
    return found
