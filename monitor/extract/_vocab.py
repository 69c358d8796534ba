"""Words around an amount: its period, its kind, whether it is pay, and what marks it as not pay.

Patterns cover English and the languages whose boards we meet most (German, French, Spanish,
Portuguese, Polish, Swedish/Norwegian/Danish, Japanese, Korean, Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_I = re.IGNORECASE
_LITERAL_OR_ESCAPE = re.compile(r"\\.|\(\?P<\w+>|[A-Z]")


def fold_case(text: str) -> str:
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    # a few characters lower-case to two ("İ"): keep one per character so offsets still hold
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class Folded:
    """A case-insensitive pattern, run case-sensitively on lower-cased text: CPython's engine is
    several times faster without IGNORECASE, and these patterns run on every amount.

    needs: words one of which every match holds or looks ahead to (lower case, space
    separated). A text holding none of them is ruled out by a few substring tests, which cost
    far less than running a long pattern over it; most texts hold none.
    """

    __slots__ = ("pattern", "needs")

    def __init__(self, source: str, needs: str = "") -> None:
        # lower-case the pattern's literal letters, not escapes such as \W or \S
        folded = _LITERAL_OR_ESCAPE.sub(
            lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), source
        )
        self.pattern = re.compile(folded)
        self.needs = tuple(needs.split())

    def possible(self, folded: str) -> bool:
        """False when folded text cannot hold a match (it has none of the needed words)."""
        if not self.needs:
            return True
        # a plain loop: any() over a generator costs a third more, and this runs on every line
        for word in self.needs:  # noqa: SIM110
            if word in folded:
                return True
        return False

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        folded = fold_case(text)
        return self.pattern.search(folded, pos) if self.possible(folded) else None

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        folded = fold_case(text)
        return self.pattern.match(folded, pos) if self.possible(folded) else None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        folded = fold_case(text)
        return self.pattern.fullmatch(folded) if self.possible(folded) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        folded = fold_case(text)
        return self.pattern.finditer(folded) if self.possible(folded) else iter(())

    def blank(self, text: str) -> str:
        """text with every match replaced by spaces, keeping its case and its offsets."""
        parts, last = [], 0
        for m in self.finditer(text):
            parts += [text[last : m.start()], " " * (m.end() - m.start())]
            last = m.end()
        return "".join(parts) + text[last:] if parts else text


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string, the way a table reads best."""
    return frozenset(text.split())


# Period words that are safe anywhere in a sentence or a heading.
_PERIOD_STRICT = {
    "year": (
        r"per\s+(?:year|annum|yr)\b|\bp\.\s?a\b\.?|\byearly\b|\bannual(?:ly|ized|ised)?\b"
        r"|\bper\s+calendar\s+year\b|\bpro\s+jahr\b|\bj[äa]hrlich\w*|\b(?:brutto|netto)?jahres\w*"
        r"|\bpar\s+an\b"
        r"|\bannuel(?:le)?s?\b|\bpor\s+a[ñn]o\b|\bal\s+a[ñn]o\b|\banua(?:l|is|les)\b"
        r"|\brocznie\b|\broczne\w*|\bper\s+[åa]r\b|\bom\s+[åa]ret\b|\b[åa]rlig\w*"
        r"|\b[åa]rsl[öøo]nn?\b|年収|年俸|年薪|연봉|\bLPA\b|\bCTC\b|\bper\s+jaar\b|\bjaarlijks\b"
        r"|\bannu[ioe]\b|\ball['’]anno\b|\bro[čc]n[ěeí]\b|\by[ıi]ll[ıi]k\b|\bbrutto\s+rocznie\b"
        r"|/\s*(?:year|yr|annum|jahr|an|år|rok|ano|año)\b"
    ),
    "month": (
        r"per\s+(?:calendar\s+)?(?:month|mo|mth)\b|\bmonthly\b|\bmensu(?:al(?:es)?|el(?:le)?s?"
        r"|ais)\b"
        r"|\bpor\s+m[eê]s\b|\bal\s+mes\b|\bpar\s+mois\b|\bpro\s+monat\b|\bmonatlich\w*"
        r"|\b(?:brutto|netto)?monats\w+|\bmiesi[ęe]czn\w*|\bper\s+m[åa]nad\b|\bi\s+m[åa]naden\b"
        r"|\bper\s+m[åa]ned\b|\bpr\.\s*m[åa]ned\b|\bm[åa]nadsl[öo]n\b|\bm[åa]nedsl[øo]nn?\b"
        r"|\bper\s+maand\b|\bmaandelijks\b|\bal\s+mese\b|\bmensil[ei]\b|\bm[ěe]s[íi][čc]n[ěeí]\b"
        r"|\blunar\b|\bayl[ıi]k\b|/\s*h[óo]\b"
        r"|月給|月収|月薪|월급|/\s*(?:month|mo|mth|mois|monat|mes|m[eê]s|mies|m[åa]n|md|m[åa]ned)\b"
    ),
    "week": (
        r"per\s+week\b|\bweekly\b|\bpro\s+woche\b|\bw[öo]chentlich\b|\bpar\s+semaine\b"
        r"|\bsemana(?:l|les)\b|\bpor\s+semana\b|週給|/\s*(?:week|wk|woche|semaine|semana)\b"
    ),
    "day": (
        r"per\s+day\b|\bdaily\b|\bper\s+diem\b|\bday\s+rate\b|\bpar\s+jour\b|\bpro\s+tag\b"
        r"|\btagessatz\b|\bTJM\b|\bstawka\s+dzienna\b|\bpor\s+d[ií]a\b|\bper\s+dag\b"
        r"|日給|일급|/\s*(?:day|jour|tag|dzie[nń]|dag|d[ií]a)\b"
    ),
    "hour": (
        r"per\s+(?:hour|hr)\b|\bhourly\b|\bpro\s+stunde\b|\bstunden(?:lohn|satz)\b"
        r"|\bpar\s+heure\b|\bde\s+l['’]heure\b|\bpor\s+hora\b|\bla\s+hora\b"
        r"|\bza\s+godzin[eę]\b|\bstawka\s+godzinowa\b|\bper\s+timme\b|\bi\s+timmen\b"
        r"|\btimpris\b|\btimel[øo]nn?\b|\bper\s+uur\b|\ball['’]ora\b|\borari[ao]\b"
        r"|\bza\s+hodinu\b|\bsaatlik\b|時給|时薪|시급"
        r"|/\s*(?:hour|hr|h|std|stunde|heure|godz|godzin[eę]|tim|timme|hora|uur)\b"
    ),
}
# Short forms that only mean a period right after an amount ("$45 an hour", "£3,000 pcm").
_PERIOD_LOOSE = {
    "year": r"\ba\s+year\b|/\s*(?:a|y)\b|\bper\s+year\b",
    "month": r"\ba\s+month\b",
    "week": r"\ba\s+week\b|/\s*w\b|\bp/w\b",
    "day": r"\ba\s+day\b|/\s*d\b|\bp/d\b",
    "hour": r"\ban?\s+hour\b|\bp/h\b|\bp\.h\.",
}
# Lower-case abbreviations, case-sensitive: "pa" is per annum, "PA" is Pennsylvania.
_PERIOD_ABBREVIATION = re.compile(
    r"\b(?:(?P<year>pa)|(?P<month>p\.?c\.?m\.?|pm|p\.m\.)|(?P<week>pw)|(?P<day>pd)|(?P<hour>ph))\b"
)
# Every period word starts a word, or with "/" or a CJK character: checking that first lets the
# engine skip the alternatives at most positions.
_START = r"(?:(?<![^\W_])|(?=/|[^\x00-\x7f]))"


def _period_re(*tables: dict[str, str]) -> Folded:
    parts = []
    for period in ("year", "month", "week", "day", "hour"):
        alternatives = "|".join(table[period] for table in tables)
        parts.append(f"(?P<{period}>{alternatives})")
    return Folded(_START + "(?:" + "|".join(parts) + ")")


PERIOD_STRICT = _period_re(_PERIOD_STRICT)
PERIOD_LOOSE = _period_re(_PERIOD_STRICT, _PERIOD_LOOSE)

KIND = Folded(
    r"(?P<ote>\bOTE\b|\bon[- ]target[- ]?(?:earnings?|compensation|comp|pay|income|cash)\b"
    r"|\btarget\s+earnings\b)"
    r"|(?P<total>\bbase\s*(?:\+|and|plus)\s*(?:bonus|commission)\s*(?:target\b|:)|\btotal\s+(?:target\s+)?(?:annual\s+)?(?:compensation|comp|cash|pay|remuneration"
    r"|rewards?|package|earnings)\b|\bTTC\b|\bTCC\b|\btarget\s+total\s+(?:compensation|cash)\b)"
    r"|(?P<base>\bbase\b(?!\s*(?:camp|line|station|model|layer|class|case|of\s+operations))"
    r"|\bbasic\b(?:\s+(?:salary|pay))?|\bgrundgehalt\b|\bgrundl[øo]n\w*|\bpodstawowe\b|\bfixed\s+(?:salary|pay|compensation)\b"
    r"|\bsalaire\s+(?:de\s+base|fixe)\b|\bsal[áa]rio\s+base\b|\bsalario\s+base\b|基本給)",
)

PAY = Folded(
    r"\b(?:salary|salaries|salaried|pay|pays|paying|payrate|compensation|comp|wages?|earnings|OTE"
    r"|remuneration|remunerated|base|rate|rates|CTC|LPA|income|gehalt|geh[äa]lter|verg[üu]tung"
    r"|lohn|jahresgehalt|bruttojahresgehalt|salaire|r[ée]mun[ée]ration|TJM|wynagrodzenie|pensja"
    r"|wide[łl]ki|l[öø]n|l[øö]nn|salario|sueldo|sal[áa]rio|remunera[çc][ãa]o|retribuci[óo]n"
    r"|stipendio|retribuzione|salaris|salarial|salariu|mzda|maaş|maas|sal[äa]r|RAL|stawka"
    r"|b[ée]rez[ée]s|fizet[ée]s|DOE|basic"
    r"|commensurate)\b"
    r"|\brange\s+(?:is|will\s+be)\b"
    r"|range\s+for\s+this\s+(?:role|position|job)|年収|月給|時給|年俸|給与|給料|薪|연봉|급여",
)

# Pay nouns and labels: stronger than the verb "pay" ("we pay $200 for your time").
PAY_LABEL = Folded(
    r"\b(?:salary|salaries|salaried|compensation|comp|wages?|earnings|OTE|remuneration|base"
    r"|CTC|LPA|(?:brutto|netto|jahres|bruttojahres|monats|ziel|grund|fix)?geh[äa]lt(?:er)?"
    r"|verg[üu]tung|(?:stunden|brutto|monats)?lohn|salaire|r[ée]mun[ée]ration|TJM"
    r"|wynagrodzenie|pensja|stawka|l[öø]n|l[øö]nn|salario|sueldo|sal[áa]rio|salarial|salariu|mzda"
    r"|retribuzione|salaris|sal[äa]r|RAL|maaş|b[ée]rez[ée]s|(?:hourly|day|daily|pay)\s+rate"
    r"|rate\s+of\s+pay|pay\s*(?:range|band|scale|grade)?\s*:|basic|on[- ]target"
    r"|(?:base|starting|hourly|weekly"
    r"|monthly|annual)\s+pay)\b"
    r"|年収|月給|時給|年俸|給与|給料|薪|연봉|급여",
)
# Amounts next to these are benefits or company figures, never a salary.
NOT_PAY = Folded(
    r"\b40[13]\s?\(?[kb]\)?|\bRRSP\b|\bpension|\bretirement|\bsuperannuation\b|\bmatch(?:ing|ed"
    r"|es)?\b"
    r"|\bstipends?\b|\ballowances?\b|\bbudgets?\b|\breimburs\w*|\brelocat\w*|\bsign[- ]?on\b"
    r"|\bsigning\b|\breferrals?\b|\bequipment\b|\bhome[- ]?office\b|\bco-?working\b|\blearning\b"
    r"|\beducation\w*|\btuition\b|\btraining\b|\bconferences?\b|\bbooks?\b|\bwell[- ]?ness\b"
    r"|\bwell[- ]?being\b|\bgym\b|\bfitness\b|\bhealth\w*|\bmedical\b|\bdental\b|\bvision\b"
    r"|\binsurance\b|\bHSA\b|\bFSA\b|\bHRA\b|\bcoverage\b|\bdeductibles?\b|\bout[- ]of[- ]pocket\b"
    r"|\bpremiums?\b|\bfertility\b|\badoption\b|\bchild\s?care\b|\bcaregiv\w*|\bcommut\w*"
    r"|\btransit\b|\bparking\b|\bmeals?\b|\blunch\w*|\bfood\b|\bsnacks?\b|\binternet\b|\bphone\b"
    r"|\bmobile\b|\bcharit\w*|\bdonat\w*|\bvolunteer\w*|\bgifts?\b|\bholiday\w*|\bvacation\b"
    r"|\bPTO\b|\bspending\b|\bcredits?\b|\bvouchers?\b|\bdiscounts?\b|\bperks?\b|\btravel\w*"
    r"|\bmileage\b|\bbenefits?\b|\braised?\b|\braising\b|\bfunding\b|\bfunded\b|\bvaluation\b"
    r"|\bvalued\b|\brevenues?\b|\bARR\b|\bMRR\b|\bGMV\b|\bspend\b|\btransactions?\b"
    r"|\bprocess(?:ed|es|ing)\b|\bvolumes?\b|\bmarkets?\b|\bcustomers?\b|\bclients?\b|\busers?\b"
    r"|\bcompanies\b|\bbusinesses\b|\bmerchants?\b|\bassets\b|\bAUM\b|\bportfolios?\b|\bloans?\b"
    r"|\bdeals?\b|\bquotas?\b|\bpipeline\b|\bP&L\b|\bcosts?\b(?!\s+of\s+(?:labou?r|living)|\s+equivalent)"
    r"|\b(?:transport|travel|commut\w*|meal|lunch|phone|internet)\s+(?:compensation|allowance)"
    r"|\bsavings?\b|\bsaved?\b|\bvales\b|\bdespensa\b|\btickets?\b|\bfinanciamiento\b"
    r"|\bpr[ée]stamos?\b|\bcr[ée]dito\b"
    r"|\bprices?\b|\bpricing\b|\bfees?\b|\binvoic\w*|\bbilling\b|\bgrants?\b|\bprizes?\b"
    r"|\bawards?\b|\bfunds?\b|\binvest\w*|\bseries\s+[A-F]\b|\bseed\b|\bcapital\b|\bprofit\w*"
    r"|\bEBITDA\b|\bbookings?\b|\bACV\b|\bTCV\b|\bpurchases?\b|\bsponsor\w*|\bscholarships?\b"
    r"|\bexpenses?\b|\bsubsid\w*|\bsales\s+of\b|\bworth\s+of\b|\bcontract\s+value\b"
    r"|\bdifferentials?\b|\bincentive\s+trip\b|\bbudżet\w*|\bdofinansowanie\b|\bZuschuss\w*"
    r"|\bprime\s+de\b",
)
# Pay-adjacent but not a salary on their own: reject only when no pay word frames the amount.
NOT_BASE = Folded(
    r"\bbonus(?:es)?\b|\bcommissions?\b|\bequity\b|\bstock\b|\bRSUs?\b|\boptions\b|\bshares\b"
    r"|\bincentives?\b|\bvariable\b|\btips\b|\bovertime\b|\bretention\b|\bspiffs?\b",
)
# A single amount introduced like this is a cap, not a salary ("up to $10,000").
UP_TO = Folded(
    r"(?:\bup\s*to|\bmaximum(?:\s+of)?|\bmax\.?|\bcapped\s+at|\bnot\s+to\s+exceed"
    r"|\bin\s+excess\s+of"
    r"|\bover|\bmore\s+than|\bupwards\s+of|\bas\s+much\s+as|\bworth|\bvalue\s+of|\bvalued\s+at"
    r"|\bcap\s+of|\blimit\s+of|\bbis\s+zu|\bjusqu'?à|\bhasta(?:\s+l[oa]s?)?|\bdo\s+kwoty"
    r"|\b(?:stawka|wynagrodzenie|pensja)\W+do)\s*(?:an?\s+)?$",
)
# Words to step over after an amount before judging what the amount is for.
FILLER = word_set(
    "a an the in of for towards toward to your each every per one one-time time annual "
    "annually yearly monthly weekly daily year month week day hour hr yr mo gross brutto net "
    "netto usd eur gbp cad aud chf inr lump sum up additional extra generous dedicated total"
)
# Words after an amount that begin another item: what follows is not about this amount.
STOP = word_set("+ ➕ & , ; plus and with or as which that depending dependent doe")
_POST_WORD = re.compile(r"[+➕&,;]|[^\W\d_][\w'’-]*|\d+|\(|\)", re.UNICODE)


# Every period phrase above holds one of these words (or "/", "p.a", or CJK): a set lookup over
# the words of a text rules most texts out before the long pattern runs.
_PERIOD_WORDS = word_set(
    "year years yr yrs annum annual annually annualized annualised yearly jahr jährlich "
    "jährliche jährlicher jährliches jahrlich an année annee annuel annuelle annuels annuelles "
    "annuellement año ano anual anuales anuais rocznie roczne roczny roczna år året årlig "
    "årligen årligt årslön årslønn årsløn jaar jaarlijks annui annuo annue anno ročně roční "
    "yıllık lpa ctc month months mo mth monthly mensual mensuales mensuel mensuelle mensuels "
    "mensuelles mensais mes mês mois monat monatlich monatliche miesięcznie miesięczne "
    "miesięczny mies månad månaden måned mån md maand maandelijks mese mensile mensili měsíčně "
    "měsíční lunar aylık månadslön månedsløn månedslønn week weeks wk weekly woche wöchentlich "
    "semaine semana semanal semanales day days daily diem jour tag tagessatz tjm dzień dzienna "
    "dag día dia hour hours hr hrs h hourly stunde std stundenlohn stundensatz heure hora uur "
    "godz godzinę godzine tim timme timmen timpris timelønn orario oraria ora hodinu saatlik"
)
_PERIOD_PREFIXES = ("jahres", "bruttojahres", "nettojahres", "monats", "bruttomonats", "stunden")
_TOKEN = re.compile(r"[^\W\d_]+")


def _period_matches(text: str, pattern: Folded) -> Iterator[re.Match[str]]:
    """Matches of a period pattern, searched only around the words that can be part of one:
    the pattern is long, and most of a text holds no period word at all."""
    folded = fold_case(text)
    if "/" in folded or not folded.isascii():
        yield from pattern.pattern.finditer(folded)
        return
    windows: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(folded):
        word = m.group()
        if word in _PERIOD_WORDS or word.startswith(_PERIOD_PREFIXES):
            start, end = max(0, m.start() - 24), min(len(folded), m.end() + 8)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
    for start, end in windows:
        yield from pattern.pattern.finditer(folded, start, end)


# The readers below take the words around an amount, which postings repeat ("per year",
# "The base salary range for this role is "): each distinct phrase is read once.
@lru_cache(maxsize=4096)
def period_of(text: str, *, loose: bool = False) -> str | None:
    """The first period named in text."""
    found = next(_period_matches(text, PERIOD_LOOSE if loose else PERIOD_STRICT), None)
    if loose:
        short = _PERIOD_ABBREVIATION.search(text, 0, found.start() if found else len(text))
        found = short or found
    return found.lastgroup if found else None


def periods_in(text: str) -> set[str]:
    """Every period named in text (strict words only)."""
    return {m.lastgroup for m in _period_matches(text, PERIOD_STRICT) if m.lastgroup}


@lru_cache(maxsize=4096)
def last_period(text: str) -> str | None:
    """The last period named in text (strict words only), within its last 80 characters."""
    found = [m.lastgroup for m in _period_matches(text[-80:], PERIOD_STRICT)]
    return found[-1] if found else None


def head_words(text: str, limit: int = 6) -> list[tuple[int, str]]:
    """The first content words after an amount, with filler skipped: (offset, word)."""
    words: list[tuple[int, str]] = []
    for m in _POST_WORD.finditer(text):
        word = m.group().lower()
        if word in STOP:
            break
        if word in ("(", ")") or word in FILLER:
            continue
        words.append((m.start(), m.group()))
        if len(words) >= limit:
            break
    return words


@lru_cache(maxsize=4096)
def not_pay_after(text: str) -> bool:
    """True when the words right after an amount say what it is for ("$100 monthly stipend")."""
    words = head_words(text, limit=2)
    if not words:
        return False
    start = words[0][0]
    head = text[start : start + 40]
    first = NOT_PAY.match(head) or NOT_BASE.match(head)
    if first:
        return True
    if len(words) > 1:  # "$5,000 one-time signing bonus", "$1,000 learning budget"
        second = text[words[1][0] : words[1][0] + 40]
        return bool((NOT_PAY.match(second) or NOT_BASE.match(second)) and not PAY.match(head))
    return False


@lru_cache(maxsize=4096)
def not_pay_before(text: str) -> bool:
    """True when the clause before an amount is about a benefit or a company figure, i.e. a
    non-pay word comes after the last pay word ("401(k) match up to", "we raised")."""
    last_bad = max((m.end() for m in NOT_PAY.finditer(text)), default=-1)
    if last_bad < 0:
        return False
    last_pay = max((m.end() for m in PAY.finditer(text)), default=-1)
    return last_bad >= last_pay  # equal: the non-pay phrase holds the pay word
