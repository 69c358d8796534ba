"""Where a board's location string is: country, state or province, city, and whether remote.

Boards write places in many ways: "New York, NY", "Toronto, Ontario, Canada", "Denver, CO 80202",
"US-CA-San Francisco" (Workday), "Remote - US", "Remote in USA", "Hybrid - London",
"Anywhere in the US". `parse_location` reads those into a `Place`; what it cannot place has no
country. The tables hold every US state, Canadian province and EU member state, and the cities
postings name most, so that pay-transparency rules and repost matching agree on where a role is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip

CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip

EU_MEMBERS: dict[str, str] = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
}  # fmt: skip

# Country names as postings write them. Two-letter codes are not here on purpose: "DE", "IN"
# and "CA" after a city are US states far more often than countries.
_COUNTRY_NAMES: dict[str, str] = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u.s.": "US", "u.s": "US", "u.s.a.": "US", "america": "US",
    "canada": "CA", "can": "CA",
    "european union": "EU", "eu": "EU",
    "czech republic": "CZ", "the netherlands": "NL", "holland": "NL", "deutschland": "DE",
    "österreich": "AT", "osterreich": "AT", "españa": "ES", "italia": "IT", "polska": "PL",
    "sverige": "SE", "danmark": "DK", "suomi": "FI", "éire": "IE", "belgique": "BE",
    "belgië": "BE", "slovensko": "SK", "česko": "CZ", "magyarország": "HU", "lietuva": "LT",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "switzerland": "CH",
    "norway": "NO", "iceland": "IS", "india": "IN", "australia": "AU", "new zealand": "NZ",
    "japan": "JP", "singapore": "SG", "israel": "IL", "mexico": "MX", "brazil": "BR",
    "argentina": "AR", "colombia": "CO", "chile": "CL", "china": "CN", "south korea": "KR",
    "philippines": "PH", "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "turkey": "TR",
    "türkiye": "TR", "united arab emirates": "AE", "uae": "AE", "ukraine": "UA", "serbia": "RS",
}  # fmt: skip
for _code, _name in EU_MEMBERS.items():
    _COUNTRY_NAMES[_name.lower()] = _code

# City -> (country, region or None, canonical name). Only unambiguous names: a bare "Portland",
# "Columbus" or "Cambridge" is left to the state or country written next to it.
_CITIES: dict[str, tuple[str, str | None, str]] = {}


def _add_cities(
    country: str, region: str | None, names: str, canonical: str | None = None
) -> None:
    for name in names.split(","):
        key = name.strip().lower()
        _CITIES[key] = (country, region, canonical or key)


_add_cities(
    "US",
    "NY",
    "new york,nyc,new york city,manhattan,brooklyn,queens,bronx,the bronx,staten island,"
    "long island city",
    "new york",
)
_add_cities("US", "CA", "sf,san francisco,sf bay area,san francisco bay area", "san francisco")
_add_cities("US", "CA", "la", "los angeles")
_add_cities("US", "DC", "dc,d.c.,washington dc,washington d.c.", "washington")
for _region, _names in {
    "CA": "los angeles,san jose,palo alto,mountain view,sunnyvale,menlo park,redwood city,"
    "oakland,san diego,santa monica,irvine,san mateo,santa clara,cupertino,sacramento",
    "WA": "seattle,bellevue,redmond,kirkland,tacoma,spokane",
    "CO": "denver,boulder,colorado springs,fort collins,aurora",
    "IL": "chicago",
    "MA": "boston",
    "TX": "austin,dallas,houston,san antonio",
    "GA": "atlanta",
    "FL": "miami,tampa,orlando",
    "MD": "baltimore,bethesda",
    "MN": "minneapolis,saint paul,st. paul",
    "PA": "philadelphia,pittsburgh",
    "HI": "honolulu",
    "NJ": "jersey city,hoboken,newark",
    "OH": "cleveland,cincinnati",
    "MI": "detroit",
    "AZ": "phoenix",
    "UT": "salt lake city",
    "NC": "raleigh,charlotte,durham",
    "TN": "nashville",
    "VA": "arlington,reston,mclean",
}.items():
    _add_cities("US", _region, _names)
for _region, _names in {
    "ON": "toronto,ottawa,mississauga,waterloo,kitchener,markham,kanata",
    "BC": "vancouver,burnaby,surrey",
    "QC": "montreal,montréal,quebec city,québec city",
    "AB": "calgary,edmonton",
    "MB": "winnipeg",
    "NS": "halifax",
    "PE": "charlottetown",
}.items():
    _add_cities("CA", _region, _names)
for _country, _names in {
    "GB": "london,manchester,edinburgh,glasgow,bristol,belfast,leeds,birmingham",
    "IE": "dublin,cork,galway",
    "DE": "berlin,munich,münchen,hamburg,frankfurt,cologne,köln,stuttgart,düsseldorf",
    "FR": "paris,lyon,marseille,toulouse",
    "NL": "amsterdam,rotterdam,utrecht,eindhoven,the hague",
    "ES": "madrid,barcelona,valencia",
    "PT": "lisbon,lisboa,porto",
    "IT": "milan,milano,rome,roma,turin,torino",
    "AT": "vienna,wien,graz,linz",
    "BE": "brussels,antwerp,ghent",
    "PL": "warsaw,warszawa,krakow,kraków,wroclaw,wrocław,gdansk,gdańsk",
    "CZ": "prague,praha,brno",
    "SE": "stockholm,gothenburg,malmö",
    "DK": "copenhagen",
    "FI": "helsinki,espoo",
    "SK": "bratislava,košice,kosice",
    "HU": "budapest",
    "RO": "bucharest,cluj-napoca",
    "GR": "athens",
    "EE": "tallinn",
    "LV": "riga",
    "LT": "vilnius,kaunas",
    "SI": "ljubljana",
    "HR": "zagreb",
    "BG": "sofia",
    "CH": "zurich,zürich,geneva,basel",
    "NO": "oslo",
    "IN": "bangalore,bengaluru,hyderabad,pune,mumbai,new delhi,gurgaon,gurugram,chennai",
    "AU": "sydney,melbourne,brisbane",
    "JP": "tokyo",
    "SG": "singapore",
    "IL": "tel aviv",
    "MX": "mexico city",
    "BR": "são paulo,sao paulo",
}.items():
    _add_cities(_country, None, _names)

_US_NAMES = {name.lower(): code for code, name in US_STATES.items()}
_US_NAMES.update({"washington dc": "DC", "washington d.c.": "DC", "d.c.": "DC"})
_CA_NAMES = {name.lower(): code for code, name in CA_PROVINCES.items()}
_CA_NAMES.update({"québec": "QC", "pei": "PE", "p.e.i.": "PE", "newfoundland": "NL"})
# Province codes that are no US state's: "Longueuil, QC" is in Canada whatever follows it.
_ONLY_CA = {code for code in CA_PROVINCES if code not in US_STATES}

_REMOTE = re.compile(
    r"\b(?:remote(?:ly)?|anywhere|work\s+from\s+home|wfh|telecommut\w*|virtual|distributed"
    r"|home[\s-]based|worldwide)\b",
    re.IGNORECASE,
)
# Words that say how or where-ish, not where: dropped before reading the place.
_NOISE = re.compile(
    r"\b(?:remote(?:ly)?|anywhere|work\s+from\s+home|wfh|telecommut\w*|virtual|distributed"
    r"|home[\s-]based|worldwide|hybrid|on[\s-]?site|in[\s-]office|office|fully|based|only"
    r"|hq|headquarters|flexible)\b",
    re.IGNORECASE,
)
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d\b")
# Workday's "US-CA-San Francisco", "USA-VA-Chantilly", "CAN-ON-Toronto".
_WORKDAY = re.compile(r"^(?P<country>USA?|CAN|CA)-(?P<region>[A-Z]{2})-(?P<city>.+)$")
_SPLIT = re.compile(r"\s*(?:,|;|\||/|\(|\)|\[|\]|\s[-–—]\s|^[-–—]\s*|\s[-–—]$|\bin\b)\s*")


@dataclass(frozen=True, slots=True)
class Place:
    """One location of a posting, as far as it can be told."""

    country: str | None  # ISO 3166-1 alpha-2 ("US", "DE"), "EU" for the Union; None: unknown
    region: str | None  # US state or Canadian province code without the country: "NY", "ON"
    city: str | None  # lower case, canonical for the known ones: "new york" for "NYC"
    remote: bool  # the string itself says remote (or "anywhere")

    @property
    def known(self) -> bool:
        return self.country is not None


def _clean(part: str) -> str:
    part = unicodedata.normalize("NFKC", part).strip(" .-–—:").lower()
    part = re.sub(r"^the\s+", "", part)
    return " ".join(part.split())


def _region_of(part: str, country: str | None) -> tuple[str, str] | None:
    """(country, region) when a part names a US state or Canadian province."""
    upper = part.upper().replace(".", "")
    if country in (None, "US"):
        if len(upper) == 2 and upper in US_STATES:
            return "US", upper
        if part in _US_NAMES:
            return "US", _US_NAMES[part]
    if country in (None, "CA"):
        if len(upper) == 2 and upper in CA_PROVINCES and (country == "CA" or upper in _ONLY_CA):
            return "CA", upper
        if part in _CA_NAMES:
            return "CA", _CA_NAMES[part]
    return None


# A board repeats a handful of locations over all its postings: read each once (a cold cycle
# of make bench spent 2.3% of its samples here, reading the same strings again)
@lru_cache(maxsize=8192)
def parse_location(text: str) -> Place:
    """Read one location string as boards write it; a place it cannot tell has no country."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    remote = bool(_REMOTE.search(raw))
    workday = _WORKDAY.match(raw)
    if workday:
        country: str | None = "US" if workday["country"].startswith("US") else "CA"
        table = US_STATES if country == "US" else CA_PROVINCES
        if workday["region"] in table:
            named = _clean(workday["city"].replace("-", " "))
            return Place(country, workday["region"], _canonical_city(named), remote)
    stripped = _NOISE.sub(" ", _ZIP.sub(" ", raw))
    parts = [_clean(p) for p in _SPLIT.split(stripped)]
    parts = [p for p in parts if p and p not in {"-", "&", "and", "or"}]
    if not parts:
        return Place(None, None, None, remote)
    country = _country_in(parts)
    rest = [p for p in parts if _COUNTRY_NAMES.get(p) != country] if country else list(parts)
    if country is None and any(p.upper() in _ONLY_CA for p in rest) and "ca" in rest:
        country = "CA"  # "Toronto, ON, CA": the trailing CA is Canada
        rest = [p for p in rest if p != "ca"]
    region = None
    for part in reversed(rest):
        if len(rest) == 1 and part == "ca" and country is None:
            break  # "Remote - CA": California or Canada, nobody can tell
        found = _region_of(part, country)
        if found and (len(rest) > 1 or part not in _CITIES):
            country, region = found
            rest.remove(part)
            break
    city = rest[0] if rest else None
    if city is not None and city in _CITIES:
        c_country, c_region, canonical = _CITIES[city]
        if country in (None, c_country) and region in (None, c_region):
            return Place(c_country, c_region or region, canonical, remote)
    if city is not None and region is None and country is None:
        return Place(None, None, city, remote)
    return Place(country, region, city, remote)


def _country_in(parts: list[str]) -> str | None:
    for part in reversed(parts):
        if part in _COUNTRY_NAMES:
            return _COUNTRY_NAMES[part]
    return None


def _canonical_city(city: str) -> str:
    return _CITIES[city][2] if city in _CITIES else city


_SEVERAL = re.compile(r"\s*;\s*|\s+\|\s+|\s+/\s+")


def split_locations(locations: Iterable[str]) -> list[str]:
    """The places in a posting's locations, one each: "Austin, TX; Denver, CO" is two."""
    return [
        part.strip()
        for location in locations
        if location
        for part in _SEVERAL.split(location)
        if part.strip()
    ]


def location_key(text: str) -> str:
    """A location reduced to what identifies it: "NYC" and "New York, NY" give the same key."""
    place = parse_location(text)
    if not place.known:
        words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text or "").casefold())
        return "?/" + " ".join(words)
    mode = "remote" if place.remote else ""
    return f"{place.country}/{place.region or ''}/{place.city or ''}/{mode}"
