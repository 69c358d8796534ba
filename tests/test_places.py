"""Board location strings read into places: table tests."""

from __future__ import annotations

import pytest

from monitor.places import Place, location_key, parse_location, split_locations


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # the shapes SPEC lists
        ("New York, NY", Place("US", "NY", "new york", False)),
        ("Remote - US", Place("US", None, None, True)),
        ("Toronto, Ontario, Canada", Place("CA", "ON", "toronto", False)),
        ("Denver, CO 80202", Place("US", "CO", "denver", False)),
        ("Hybrid - London", Place("GB", None, "london", False)),
        ("US-CA-San Francisco", Place("US", "CA", "san francisco", False)),
        ("Anywhere in the US", Place("US", None, None, True)),
        # more as boards write them (several from SimplifyJobs/New-Grad-Positions listings)
        ("Remote in USA", Place("US", None, None, True)),
        ("Remote in Canada", Place("CA", None, None, True)),
        ("Remote (Canada)", Place("CA", None, None, True)),
        ("US Remote", Place("US", None, None, True)),
        ("Remote", Place(None, None, None, True)),
        ("USA-VA-Chantilly", Place("US", "VA", "chantilly", False)),
        ("Toronto, ON", Place("CA", "ON", "toronto", False)),
        ("Toronto, ON, CA", Place("CA", "ON", "toronto", False)),
        ("Kanata, Ottawa, ON, Canada", Place("CA", "ON", "kanata", False)),
        ("Charlottetown, PE", Place("CA", "PE", "charlottetown", False)),
        ("Vancouver, BC, Canada", Place("CA", "BC", "vancouver", False)),
        ("Vancouver, WA", Place("US", "WA", "vancouver", False)),
        ("London, ON", Place("CA", "ON", "london", False)),
        ("NYC", Place("US", "NY", "new york", False)),
        ("Brooklyn, NY", Place("US", "NY", "new york", False)),
        ("New York", Place("US", "NY", "new york", False)),
        ("Buffalo, New York", Place("US", "NY", "buffalo", False)),
        ("SF", Place("US", "CA", "san francisco", False)),
        ("Redmond, Washington", Place("US", "WA", "redmond", False)),
        ("Washington", Place("US", "WA", None, False)),
        ("Washington, DC", Place("US", "DC", "washington", False)),
        ("DC", Place("US", "DC", "washington", False)),
        ("Chicago, IL 60607", Place("US", "IL", "chicago", False)),
        ("Cleveland, OH", Place("US", "OH", "cleveland", False)),
        ("Vienna, Austria", Place("AT", None, "vienna", False)),
        ("Vienna, VA", Place("US", "VA", "vienna", False)),
        ("Berlin, Germany", Place("DE", None, "berlin", False)),
        ("Germany", Place("DE", None, None, False)),
        ("Bratislava", Place("SK", None, "bratislava", False)),
        ("United States", Place("US", None, None, False)),
        ("Bengaluru, India", Place("IN", None, "bengaluru", False)),
        ("M5V 2T6 Toronto", Place("CA", "ON", "toronto", False)),
        # what nobody can tell stays unknown: California or Canada?
        ("Remote - CA", Place(None, None, "ca", True)),
        ("Multiple Locations", Place(None, None, "multiple locations", False)),
        ("", Place(None, None, None, False)),
    ],
)
def test_parse_location(text: str, place: Place) -> None:
    assert parse_location(text) == place


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NYC", "New York, NY"),
        ("Redmond, WA", "Redmond, Washington"),  # both spellings seen for one Microsoft role
        ("SF", "San Francisco, CA"),
        ("Toronto, ON, Canada", "Toronto, Ontario"),
        ("Remote in USA", "Remote - US"),
        ("Denver, CO 80202", "Denver, CO"),
        ("Hybrid - London", "London, UK"),
        ("Somewhere Nice", "somewhere, nice"),
    ],
)
def test_same_place_same_key(a: str, b: str) -> None:
    assert location_key(a) == location_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NYC", "London, UK"),
        ("Vancouver, BC", "Vancouver, WA"),
        ("Remote - US", "United States"),
        ("Remote - US", "Remote - Canada"),
        ("Buffalo, NY", "New York, NY"),
        ("Somewhere Nice", "Somewhere Else"),
    ],
)
def test_different_places_different_keys(a: str, b: str) -> None:
    assert location_key(a) != location_key(b)


def test_several_places_in_one_location() -> None:
    assert split_locations(["San Francisco, CA; New York, NY", "Berlin | Munich", ""]) == [
        "San Francisco, CA",
        "New York, NY",
        "Berlin",
        "Munich",
    ]
    assert split_locations(["Seattle, WA / Remote", "Cluj-Napoca", "Winston-Salem, NC"]) == [
        "Seattle, WA",
        "Remote",
        "Cluj-Napoca",
        "Winston-Salem, NC",
    ]
