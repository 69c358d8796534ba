"""Which jurisdictions' rules reach a posting, from its locations and whether it is remote.

A named place is reached by the rules of its country, its state or province and its city
("New York, NY" -> US-NY and US-NY-NYC; "Vienna, Austria" -> AT and, as a member state, EU).

Remote roles. A remote posting is reached, besides the places it names, by every rule whose
`remote` reach is "anywhere" (the law covers a remote role that could be done there) in the
country it names: "Remote - US" -> US-CA, US-CO, US-NY-NYC, US-WA; "Remote - Canada" -> CA-BC.
A remote posting that names no place at all ("Remote", "Anywhere") is treated as both; one
that names a place rolewatch cannot tell ("Remote - CA": California or Canada?) reaches none.
A remote role named in a state ("Remote - New York") also reaches that state's cities whose
rules reach remote roles. Rules that reach remote roles only through the office or employer
they report to ("reporting": New York State, Illinois, Vermont, Massachusetts, Delaware) or
whose reach is unclear apply only where the posting names the place: the posting does not say
where the role reports, and `assess` says so in a reason rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from monitor.places import EU_MEMBERS, Place, parse_location, split_locations
from monitor.transparency.rules import RULES, Rule

CITY_CODES: dict[tuple[str, str, str], str] = {
    ("US", "NY", "new york"): "US-NY-NYC",
    ("US", "OH", "cleveland"): "US-OH-CLEVELAND",
    ("US", "OH", "columbus"): "US-OH-COLUMBUS",
}
RULE_CODES: frozenset[str] = frozenset(rule.code for rule in RULES)
# The countries whose every state or province with a rule is in the table: a place there with
# no rule is "not_required"; a place elsewhere is "unknown" to rolewatch.
COVERED_COUNTRIES: frozenset[str] = frozenset({"US", "CA", "EU", *EU_MEMBERS})


_VERSIONS: dict[str, list[Rule]] = {}
for _rule in RULES:
    _VERSIONS.setdefault(_rule.code, []).append(_rule)


def rule_on(code: str, on: date | None) -> Rule | None:
    """The version of a jurisdiction's rule in force on a day (the latest when `on` is None)."""
    versions = _VERSIONS.get(code, [])
    if on is None:
        return versions[-1] if versions else None
    return next((rule for rule in versions if rule.in_force(on)), None)


def next_rule(code: str, on: date) -> Rule | None:
    """The first version of a jurisdiction's rule that starts after `on`, if any."""
    return next((r for r in _VERSIONS.get(code, []) if r.effective_from > on), None)


def place_codes(place: Place) -> list[str]:
    """Every jurisdiction code a named place is in, most general first, with a rule or not."""
    if not place.known:
        return []
    if place.country == "EU":
        return ["EU"]
    codes = [str(place.country)]
    if place.region:
        codes.append(f"{place.country}-{place.region}")
        city = CITY_CODES.get((str(place.country), place.region, place.city or ""))
        if city:
            codes.append(city)
    if place.country in EU_MEMBERS:
        codes.append("EU")
    return codes


def _reaches_remote(code: str, on: date | None) -> bool:
    rule = rule_on(code, on)
    return rule is not None and rule.remote == "anywhere"


def place_reach(place: Place, *, remote: bool, on: date | None = None) -> list[str]:
    """The jurisdiction codes (with rules) that reach a role at one place (module docstring)."""
    codes = place_codes(place)
    if remote and place.region:
        prefix = f"{place.country}-{place.region}-"
        codes += [c for c in sorted(RULE_CODES) if c.startswith(prefix) and _reaches_remote(c, on)]
    elif remote and (place.country in ("US", "CA") or not (place.known or place.city)):
        countries = (place.country,) if place.country else ("US", "CA")
        codes += [
            code
            for code in sorted(RULE_CODES)
            if code.split("-")[0] in countries and _reaches_remote(code, on)
        ]
    return [code for code in dict.fromkeys(codes) if code in RULE_CODES]


def jurisdictions(locations: Iterable[str], *, remote: bool, on: date | None = None) -> list[str]:
    """The jurisdiction codes a posting's locations map to, sorted.

    `remote` is whether the role is remote (the board's workplace); a location that says remote
    ("Remote - US") makes it remote for that location too. `on` picks the rule versions that
    decide which laws reach remote roles; None means the latest versions.
    """
    codes: set[str] = set()
    for location in split_locations(locations):
        place = parse_location(location)
        codes.update(place_reach(place, remote=remote or place.remote, on=on))
    return sorted(codes)
