"""Place names a posting uses for pay scopes and office exceptions, and the currency each uses.

Country names and their currencies come from Babel's CLDR data; states, provinces, hub cities
and region words are ours, kept to places that job postings actually name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from babel import Locale
from babel.numbers import get_territory_currencies

from monitor.extract._regex import prefix_tree

_US_STATES = (
    "Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, "
    "Georgia, Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, "
    "Maryland, Massachusetts, Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, "
    "Nevada, Ohio, Oklahoma, Oregon, Pennsylvania, Tennessee, Texas, Utah, Vermont, Virginia, "
    "Washington, Wisconsin, Wyoming, New Hampshire, New Jersey, New Mexico, New York, "
    "North Carolina, North Dakota, Rhode Island, South Carolina, South Dakota, West Virginia, "
    "Washington DC, Washington D.C., District of Columbia, Puerto Rico"
)

_CITIES: dict[str, str] = {
    "USD": "San Francisco, New York City, NYC, Seattle, Austin, Boston, Chicago, Los Angeles, "
    "Denver, Atlanta, Miami, Dallas, Houston, San Diego, San Jose, Palo Alto, Mountain View, "
    "Menlo Park, Sunnyvale, Redwood City, Oakland, Portland, Phoenix, Philadelphia, Pittsburgh, "
    "Salt Lake City, Boulder, Raleigh, Durham, Nashville, Minneapolis, Detroit, Columbus, "
    "Baltimore, Brooklyn, Manhattan, Jersey City, Irvine, Santa Monica, Cambridge, Bay Area, "
    "SF Bay Area, San Francisco Bay Area, Silicon Valley, Seattle Metro, Bellevue, Kirkland, "
    "Redmond, Washington DC, Washington D.C., Arlington, Reston, St. Louis, Kansas City, "
    "Charlotte, Tampa, Orlando, Sacramento, Honolulu, Anchorage",
    "CAD": "Toronto, Vancouver, Montreal, Montréal, Ottawa, Calgary, Edmonton, Waterloo, "
    "Kitchener, Halifax, Winnipeg, Quebec City, Québec, Ontario, Quebec, British Columbia, "
    "Alberta, Manitoba, Nova Scotia, Saskatchewan, New Brunswick",
    "AUD": "Sydney, Melbourne, Brisbane, Perth, Adelaide, Canberra, Hobart, Darwin, "
    "New South Wales, Queensland, NSW",
    "NZD": "Auckland, Wellington, Christchurch",
    "GBP": "London, Manchester, Edinburgh, Glasgow, Bristol, Leeds, Birmingham, Cambridge UK, "
    "Oxford, Belfast, Cardiff, Liverpool, Newcastle, Reading, Brighton, England, Scotland, "
    "Wales, Northern Ireland, Great Britain, Britain",
    "EUR": "Dublin, Cork, Berlin, Munich, München, Hamburg, Frankfurt, Cologne, Köln, Stuttgart, "
    "Düsseldorf, Leipzig, Paris, Lyon, Marseille, Toulouse, Nantes, Lille, Bordeaux, Amsterdam, "
    "Rotterdam, Utrecht, Eindhoven, The Hague, Brussels, Antwerp, Ghent, Luxembourg, Madrid, "
    "Barcelona, Valencia, Málaga, Malaga, Seville, Lisbon, Porto, Milan, Rome, Turin, Vienna, "
    "Graz, Helsinki, Espoo, Tallinn, Riga, Vilnius, Athens, Ljubljana, Zagreb, Bratislava, "
    "Valletta, Nicosia, Limassol, Europe, Eurozone, EU, European Union",
    "CHF": "Zurich, Zürich, Geneva, Genève, Basel, Lausanne, Bern, Zug, Lugano",
    "SEK": "Stockholm, Gothenburg, Göteborg, Malmö, Malmo, Uppsala, Lund, Linköping",
    "NOK": "Oslo, Bergen, Trondheim, Stavanger",
    "DKK": "Copenhagen, København, Aarhus, Odense, Aalborg",
    "ISK": "Reykjavik, Reykjavík",
    "PLN": "Warsaw, Warszawa, Kraków, Krakow, Wrocław, Wroclaw, Gdańsk, Gdansk, Poznań, Poznan, "
    "Łódź, Lodz, Katowice, Szczecin, Lublin, Gdynia",
    "CZK": "Prague, Praha, Brno, Ostrava",
    "HUF": "Budapest, Debrecen",
    "RON": "Bucharest, București, Cluj-Napoca, Cluj, Iasi, Iași, Timisoara, Timișoara, Brasov",
    "BGN": "Sofia, Plovdiv",
    "RSD": "Belgrade, Novi Sad",
    "UAH": "Kyiv, Kiev, Lviv, Kharkiv, Odesa",
    "TRY": "Istanbul, Ankara, Izmir",
    "ILS": "Tel Aviv, Jerusalem, Haifa, Herzliya",
    "AED": "Dubai, Abu Dhabi",
    "SAR": "Riyadh, Jeddah",
    "EGP": "Cairo, Alexandria",
    "INR": "Bangalore, Bengaluru, Hyderabad, Pune, Mumbai, Bombay, Delhi, New Delhi, Gurgaon, "
    "Gurugram, Noida, Chennai, Kolkata, Ahmedabad, Kochi, Jaipur, Chandigarh, Coimbatore, "
    "Trivandrum, Thiruvananthapuram, Indore, NCR, Delhi NCR",
    "PKR": "Karachi, Lahore, Islamabad",
    "LKR": "Colombo",
    "NPR": "Kathmandu",
    "BDT": "Dhaka",
    "JPY": "Tokyo, Osaka, Kyoto, Yokohama, Fukuoka, Nagoya",
    "CNY": "Beijing, Shanghai, Shenzhen, Guangzhou, Hangzhou, Chengdu, Mainland China",
    "KRW": "Seoul, Busan, Pangyo",
    "TWD": "Taipei, Hsinchu",
    "HKD": "Hong Kong",
    "SGD": "Singapore",
    "MYR": "Kuala Lumpur, Penang",
    "IDR": "Jakarta, Bandung, Bali",
    "PHP": "Manila, Makati, Cebu, Taguig",
    "THB": "Bangkok",
    "VND": "Hanoi, Ho Chi Minh City, Saigon, Da Nang",
    "BRL": "São Paulo, Sao Paulo, Rio de Janeiro, Belo Horizonte, Florianópolis, Curitiba, "
    "Porto Alegre, Recife",
    "MXN": "Mexico City, CDMX, Ciudad de México, Guadalajara, Monterrey, Querétaro, Queretaro",
    "ARS": "Buenos Aires, Córdoba, Cordoba",
    "COP": "Bogotá, Bogota, Medellín, Medellin, Cali",
    "CLP": "Santiago",
    "PEN": "Lima",
    "UYU": "Montevideo",
    "CRC": "San José, Costa Rica",
    "ZAR": "Cape Town, Johannesburg, Durban, Pretoria",
    "NGN": "Lagos, Abuja",
    "KES": "Nairobi",
    "GHS": "Accra",
    "MAD": "Casablanca, Rabat",
}

# Case-sensitive short forms: "US" is a place, "us" is a pronoun.
_ABBREVIATIONS: dict[str, str | None] = {
    "US": "USD", "U.S.": "USD", "USA": "USD", "U.S.A.": "USD", "NYC": "USD", "SF": "USD",
    "LA": "USD", "DC": "USD", "D.C.": "USD", "NY": "USD", "SFBA": "USD", "UK": "GBP",
    "U.K.": "GBP", "GB": "GBP", "EU": "EUR", "UAE": "AED", "CA": None, "CAN": "CAD",
    "AUS": "AUD", "ANZ": None, "NZ": "NZD", "EMEA": None, "APAC": None, "APJ": None,
    "LATAM": None, "LatAm": None, "AMER": None, "NAMER": None, "NA": None, "DACH": None,
    "CEE": None, "MENA": None, "ROW": None, "RoW": None, "HQ": None, "CDMX": "MXN", "NCR": "INR",
    "NSW": "AUD",
}  # fmt: skip

_REGIONS = (
    "North America, Latin America, South America, Central America, Europe, Western Europe, "
    "Eastern Europe, Central Europe, Asia, Asia Pacific, Southeast Asia, Middle East, Africa, "
    "Oceania, Nordics, Scandinavia, Benelux, Baltics, Americas, Rest of World, Rest of the World, "
    "Remote, Anywhere, Worldwide, Global, Continental US, Contiguous US, Mainland US"
)

_ALIASES: dict[str, str] = {
    "United States": "USD", "United States of America": "USD", "America": "USD",
    "United Kingdom": "GBP", "Great Britain": "GBP", "Czech Republic": "CZK", "Czechia": "CZK",
    "Türkiye": "TRY", "Turkey": "TRY", "Hong Kong SAR": "HKD", "Macau": "MOP", "Myanmar": "MMK",
    "South Korea": "KRW", "Korea": "KRW", "Republic of Korea": "KRW", "Holland": "EUR",
    "The Netherlands": "EUR", "Deutschland": "EUR", "España": "EUR", "Polska": "PLN",
    "Sverige": "SEK", "Norge": "NOK", "Danmark": "DKK", "Schweiz": "CHF", "Suisse": "CHF",
    "Brasil": "BRL", "México": "MXN", "Mexico": "MXN", "UAE": "AED", "Ivory Coast": "XOF",
    "Canadian": "CAD", "American": "USD", "British": "GBP", "Australian": "AUD",
}  # fmt: skip

# Canadian provinces as postal abbreviations ("Longueuil, QC"; none is a US state's) and
# postal codes ("M1L 2K9"): a posting that names one is in Canada, so its "$" is CAD.
# starts with a literal comma, which the engine finds fast; the letter before is checked after
_PROVINCE = re.compile(r",\s?(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\b(?![.'’]?\s*[a-z])")
# starts with a character class, so the engine skips to capitals rather than trying each place
_POSTAL = re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d(?!\w)")

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _territories() -> dict[str, str | None]:
    """English territory names -> the currency legal there today (Babel/CLDR)."""
    names: dict[str, str | None] = {}
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha():
            continue  # numeric codes are continents and regions, not countries
        currencies = get_territory_currencies(code)
        name = name.replace(" SAR China", "").replace(" (Burma)", "").replace("&", "and")
        names[name] = currencies[0] if currencies else None
    return names


def _build() -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for name, code in _territories().items():
        table[name.lower()] = code
    for name in _US_STATES.split(","):
        table[name.strip().lower()] = "USD"
    for code, cities in _CITIES.items():
        for city in cities.split(","):
            table[city.strip().lower()] = code
    for region in _REGIONS.split(","):
        table.setdefault(region.strip().lower(), None)
    for name, code in _ALIASES.items():
        table[name.lower()] = code
    return table


_NAMES = _build()


def _index() -> dict[str, list[tuple[int, str]]]:
    """First word of each name -> (words in the name, name), longest first."""
    index: dict[str, list[tuple[int, str]]] = {}
    for name in _NAMES:
        words = name.split()
        index.setdefault(words[0].rstrip(".,"), []).append((len(words), name))
    for entries in index.values():
        entries.sort(reverse=True)
    return index


_FIRST_WORD = _index()


def find_places(text: str) -> list[tuple[int, int, str, str | None]]:
    """Every known place named in text: (start, end, name as written, its currency or None)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    found: list[tuple[int, int, str, str | None]] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        hit = None
        key = word if word in _ABBREVIATIONS else word.rstrip(".")
        if key in _ABBREVIATIONS:
            hit = (start, start + len(key), key, _ABBREVIATIONS[key])
        elif word[0].isupper():
            for n, name in _FIRST_WORD.get(word.lower().rstrip(".,"), ()):
                if i + n > len(words):
                    continue
                last = words[i + n - 1][1]
                raw = text[start:last]
                folded = " ".join(raw.split()).lower().rstrip(".,")
                if folded == name or folded.replace(".", "") == name.replace(".", ""):
                    stop = start + len(raw.rstrip(".,"))
                    hit = (start, stop, text[start:stop], _NAMES[name])
                    break
        if hit:
            found.append(hit)
            while i < len(words) and words[i][0] < hit[1]:
                i += 1
        else:
            i += 1
    return found


@lru_cache(maxsize=16)
def _names_of(currencies: frozenset[str]) -> re.Pattern[str]:
    names = {name.title() for name, code in _NAMES.items() if code in currencies}
    names |= {short for short, code in _ABBREVIATIONS.items() if code in currencies}
    # no assertion in front, so the engine can skip to the names' first letters quickly; a
    # prefix tree, so that it then tries a branch or two rather than every name (the longest
    # name that ends at a word boundary wins, as it did with names sorted longest first)
    return re.compile("(?:" + prefix_tree(names) + r")(?![\w])")


def currencies_named(text: str, currencies: frozenset[str]) -> set[str]:
    """Which of these currencies belong to places that text names (one regex pass: cheaper
    than find_places over a whole posting)."""
    found: set[str] = set()
    for m in _names_of(currencies).finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
            continue
        name = m.group()
        code = _ABBREVIATIONS.get(name) or _NAMES.get(name.lower())
        if code:
            found.add(code)
    return found


_COUNTRIES = frozenset(name.lower() for name in _territories()) | {"usa", "uk", "us"}


def is_country(name: str) -> bool:
    """Whether a name is a country's ("Romania", "India", "USA")."""
    return name.lower() in _COUNTRIES


def in_canada(text: str, *, postal: bool = True) -> bool:
    """Whether text names a Canadian province by its code ("Longueuil, QC") or, with postal,
    holds a Canadian postal code ("M1L 2K9"). Postal codes are looked for in locations, not
    in whole postings: the scan costs a tenth of reading a posting's pay, and an address in
    a posting names its province too."""
    for m in _PROVINCE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before.islower() or before in "é.":
            return True
    if not postal:
        return False
    return any(not m.start() or not text[m.start() - 1].isalnum() for m in _POSTAL.finditer(text))


def locations_currency(locations: Sequence[str] | None) -> str | None:
    """The one currency of the places a board lists for a posting ("Richmond, BC" -> CAD,
    "Pasadena, CA" -> USD); None when they name none, or several."""
    found = set()
    for location in locations or ():
        code = location_currency(location)
        if code:
            found.add(code)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)  # a company's postings name the same few offices
def location_currency(location: str) -> str | None:
    """The currency of one board location ("Richmond, BC" -> CAD), or None."""
    code = "CAD" if in_canada(location) else _parts_currency(location)
    return code or _us_state_code(location)


def _parts_currency(location: str) -> str | None:
    """The currency of the first part of "City, Region, Country" that is a known place: a
    dictionary look-up per part, where find_places scans every word of it."""
    for part in location.split(","):
        name = part.strip().rstrip(".")
        code = _ABBREVIATIONS.get(name) or _NAMES.get(name.lower())
        if code:
            return code
    return place_currency(location) if "," not in location else None


_US_STATE_CODE = re.compile(
    r",\s*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA"
    r"|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b(?:\s*\d{5})?(?:\s*,\s*(?:US|USA|United States))?\s*$"
)


def _us_state_code(location: str) -> str | None:
    """USD for "Pasadena, CA" or "Austin, TX 78701": a city and a US state's postal code."""
    return "USD" if _US_STATE_CODE.search(location) else None


@lru_cache(maxsize=4096)
def place_currency(label: str) -> str | None:
    """The currency of the first place in label that has one ("Toronto, ON" -> CAD)."""
    for _start, _end, _name, code in find_places(label):
        if code:
            return code
    return None
