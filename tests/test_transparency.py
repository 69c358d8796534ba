"""Pay-transparency rules, table-tested per jurisdiction and date.

The expected first days below are written out by hand from the sources cited in
monitor/transparency/rules.py, not read from the table, so a wrong date there fails here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from monitor.extract import extract_pay
from monitor.transparency import (
    DISCLAIMER,
    RULES,
    RULES_VERSION,
    STATUSES,
    assess,
    jurisdictions,
    wording,
)
from tests.boards import pay_range as _pay

BIG = 10_000  # employees: every size threshold met
BENEFITS = "Benefits: medical, dental and vision insurance, a 401(k) plan and paid time off."
DEADLINE = "Applications are accepted on an ongoing basis."


def _assess(
    locations: list[str],
    on: date,
    *,
    pay: list[dict[str, Any]] | None = None,
    text: str = "",
    employees: int | None = BIG,
    workplace: str | None = None,
) -> dict[str, Any]:
    return assess(
        locations=locations,
        workplace=workplace,
        pay=pay or [],
        text=text,
        employees=employees,
        on=on,
    )


# code, a place it covers, the first day its posting rule is in force (from the sources)
FIRST_DAYS = [
    ("US-CO", "Denver, CO", date(2021, 1, 1)),
    ("US-NY-NYC", "Brooklyn, NY", date(2022, 11, 1)),
    ("US-CA", "San Francisco, CA", date(2023, 1, 1)),
    ("US-WA", "Seattle, WA", date(2023, 1, 1)),
    ("US-NY", "Buffalo, NY", date(2023, 9, 17)),
    ("US-HI", "Honolulu, HI", date(2024, 1, 1)),
    ("US-DC", "Washington, DC", date(2024, 6, 30)),
    ("US-MD", "Baltimore, MD", date(2024, 10, 1)),
    ("US-IL", "Chicago, IL", date(2025, 1, 1)),
    ("US-MN", "Minneapolis, MN", date(2025, 1, 1)),
    ("US-NJ", "Newark, NJ", date(2025, 6, 1)),
    ("US-VT", "Burlington, VT", date(2025, 7, 1)),
    ("US-MA", "Boston, MA", date(2025, 10, 29)),
    ("US-OH-CLEVELAND", "Cleveland, OH", date(2025, 10, 27)),
    ("US-OH-COLUMBUS", "Columbus, OH", date(2025, 12, 3)),
    ("US-DE", "Wilmington, DE", date(2027, 9, 26)),
    ("CA-PE", "Charlottetown, PE", date(2022, 6, 1)),
    ("CA-BC", "Vancouver, BC", date(2023, 11, 1)),
    ("CA-ON", "Toronto, Ontario, Canada", date(2026, 1, 1)),
    ("AT", "Vienna, Austria", date(2011, 3, 1)),
    ("SK", "Bratislava, Slovakia", date(2018, 5, 1)),
    ("LT", "Vilnius, Lithuania", date(2019, 7, 27)),
    ("IT", "Milan, Italy", date(2026, 6, 7)),
    ("EU", "Berlin, Germany", date(2026, 6, 7)),
]


def test_every_jurisdiction_in_the_table_is_tested() -> None:
    assert {code for code, _, _ in FIRST_DAYS} == {rule.code for rule in RULES}


@pytest.mark.parametrize(("code", "place", "first"), FIRST_DAYS, ids=[c for c, _, _ in FIRST_DAYS])
def test_effective_date_boundary(code: str, place: str, first: date) -> None:
    before = _assess([place], first - timedelta(days=1))
    assert code not in before["jurisdictions"]
    assert before["status"] in ("not_required", "missing")  # another law may still apply
    on_the_day = _assess([place], first)
    assert code in on_the_day["jurisdictions"]
    expected = "not_required" if code == "EU" else "missing"
    assert on_the_day["status"] == expected
    assert any(f"({code})" in reason for reason in on_the_day["reasons"])


@pytest.mark.parametrize(
    ("place", "on", "code", "starts"),
    [
        ("Wilmington, DE", date(2026, 12, 5), "US-DE", "2027-09-26"),
        ("Toronto, ON", date(2025, 12, 31), "CA-ON", "2026-01-01"),
    ],
)
def test_a_law_not_yet_in_force_is_announced(place: str, on: date, code: str, starts: str) -> None:
    result = _assess([place], on)
    assert result["status"] == "not_required"
    assert code not in result["jurisdictions"]
    assert any(code in r and starts in r for r in result["reasons"])


# --- Colorado's three versions -------------------------------------------------------------


def test_colorado_deadline_from_2024() -> None:
    ad = {"pay": [_pay(90_000, 110_000)], "text": BENEFITS}
    assert _assess(["Denver, CO"], date(2023, 12, 31), **ad)["status"] == "ok"
    on_the_day = _assess(["Denver, CO"], date(2024, 1, 1), **ad)
    assert on_the_day["status"] == "incomplete"
    assert on_the_day["reasons"] == [
        "Colorado (US-CO) requires the application deadline; none was found."
    ]
    text = BENEFITS + " Apply by March 3, 2026."
    assert _assess(["Denver, CO"], date(2026, 2, 1), pay=ad["pay"], text=text)["status"] == "ok"
    text = BENEFITS + " " + DEADLINE
    assert _assess(["Denver, CO"], date(2026, 2, 1), pay=ad["pay"], text=text)["status"] == "ok"


def test_colorado_reaches_remote_roles_from_its_revised_guidance() -> None:
    assert "US-CO" not in _assess(["Remote - US"], date(2021, 7, 20))["jurisdictions"]
    assert "US-CO" in _assess(["Remote - US"], date(2021, 7, 21))["jurisdictions"]


@pytest.mark.parametrize(
    ("place", "on"),
    [
        ("Denver, CO", date(2022, 5, 1)),
        ("Seattle, WA", date(2024, 5, 1)),
        ("Chicago, IL", date(2025, 5, 1)),
        ("Minneapolis, MN", date(2025, 5, 1)),
        ("Newark, NJ", date(2025, 7, 1)),
        ("Baltimore, MD", date(2025, 5, 1)),
        ("Wilmington, DE", date(2027, 10, 1)),
    ],
)
def test_benefits_where_required(place: str, on: date) -> None:
    pay = [_pay(90_000, 110_000)]
    vague = _assess([place], on, pay=pay, text="Great benefits package!")
    assert vague["status"] == "incomplete"
    assert any("general description of benefits" in r for r in vague["reasons"])
    assert _assess([place], on, pay=pay, text=BENEFITS)["status"] == "ok"


@pytest.mark.parametrize(
    ("place", "on"),
    [
        ("Brooklyn, NY", date(2024, 5, 1)),
        ("San Francisco, CA", date(2024, 5, 1)),
        ("Boston, MA", date(2026, 1, 5)),
        ("Vancouver, BC", date(2024, 5, 1)),
    ],
)
def test_no_benefits_needed_elsewhere(place: str, on: date) -> None:
    assert _assess([place], on, pay=[_pay(90_000, 110_000)])["status"] == "ok"


# --- employer size ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "on", "threshold"),
    [
        ("Brooklyn, NY", date(2023, 1, 10), 4),  # NYC only: New York State starts 2023-09-17
        ("San Francisco, CA", date(2024, 5, 1), 15),
        ("Seattle, WA", date(2024, 5, 1), 15),
        ("Buffalo, NY", date(2024, 5, 1), 4),
        ("Honolulu, HI", date(2024, 5, 1), 50),
        ("Chicago, IL", date(2025, 5, 1), 15),
        ("Minneapolis, MN", date(2025, 5, 1), 30),
        ("Newark, NJ", date(2025, 7, 1), 10),
        ("Burlington, VT", date(2025, 8, 1), 5),
        ("Boston, MA", date(2025, 11, 1), 25),
        ("Cleveland, OH", date(2025, 11, 1), 15),
        ("Columbus, OH", date(2026, 1, 5), 15),
        ("Wilmington, DE", date(2027, 10, 1), 26),
        ("Toronto, ON", date(2026, 2, 1), 25),
    ],
)
def test_size_threshold(place: str, on: date, threshold: int) -> None:
    assert _assess([place], on, employees=threshold - 1)["status"] == "not_required"
    assert _assess([place], on, employees=threshold)["status"] == "missing"
    unknown = _assess([place], on, employees=None)
    assert unknown["status"] == "likely_required"
    assert any(f"at least {threshold} employees" in r for r in unknown["reasons"])


@pytest.mark.parametrize(
    ("place", "on"),
    [
        ("Denver, CO", date(2022, 5, 1)),
        ("Washington, DC", date(2024, 7, 1)),
        ("Baltimore, MD", date(2024, 11, 1)),
        ("Vancouver, BC", date(2024, 1, 1)),
        ("Charlottetown, PE", date(2023, 1, 1)),
    ],
)
def test_no_size_threshold(place: str, on: date) -> None:
    assert _assess([place], on, employees=1)["status"] == "missing"
    assert _assess([place], on, employees=None)["status"] == "missing"


def test_a_law_that_does_not_cover_the_employer_is_not_required_whatever_the_ad() -> None:
    result = _assess(["Honolulu, HI"], date(2024, 5, 1), pay=[_pay(1, 2)], employees=49)
    assert result["status"] == "not_required"
    assert result["reasons"] == [
        "Hawaii (US-HI) covers employers with at least 50 employees; this one has 49."
    ]


def test_a_compliant_ad_is_ok_whatever_the_size() -> None:
    result = _assess(["San Francisco, CA"], date(2024, 5, 1), pay=[_pay(1, 2)], employees=None)
    assert result == {
        "status": "ok",
        "jurisdictions": ["US-CA"],
        "reasons": ["The stated pay meets the rules of US-CA."],
    }


# --- open-ended ranges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "on", "rejected"),
    [
        ("Brooklyn, NY", date(2023, 1, 10), True),
        ("Chicago, IL", date(2025, 5, 1), True),
        ("Seattle, WA", date(2024, 5, 1), True),
        ("Vancouver, BC", date(2024, 5, 1), True),
        ("Toronto, ON", date(2026, 5, 1), True),
        ("San Francisco, CA", date(2024, 5, 1), False),
        ("Honolulu, HI", date(2024, 5, 1), False),
    ],
)
def test_open_ended_ranges(place: str, on: date, rejected: bool) -> None:
    text = BENEFITS + " The salary is up to $150,000 per year."
    currency = "CAD" if place.endswith(("ON", "BC")) else "USD"
    for ad in (
        {"pay": [], "text": text},  # the extractor skips "up to": the text says it
        {"pay": [_pay(None, 150_000, currency=currency)]},
        {"pay": [_pay(120_000, None, currency=currency)]},
    ):
        result = _assess([place], on, text=ad.get("text", BENEFITS), pay=ad["pay"])
        assert result["status"] == ("incomplete" if rejected else "ok"), ad
        assert any("open-ended" in r for r in result["reasons"]) is rejected


def test_and_up_as_the_extractor_reads_it() -> None:
    # today the extractor reads this as the single amount 120,000; whatever it makes of it,
    # the text still says open-ended
    text = "Salary: $120,000 and up annually."
    pay = extract_pay(text, locations=["New York, NY"])
    result = _assess(["New York, NY"], date(2024, 5, 1), pay=pay, text=text)
    assert result["status"] == "incomplete"
    single = [_pay(120_000, 120_000)]
    fixed = "Salary: $120,000 per year."
    assert _assess(["New York, NY"], date(2024, 5, 1), pay=single, text=fixed)["status"] == "ok"
    assert _assess(["New York, NY"], date(2024, 5, 1), pay=single, text=text)["status"] == (
        "incomplete"
    )


def test_a_bonus_up_to_is_not_open_ended_pay() -> None:
    text = "Salary: $120,000 - $140,000 per year, plus a signing bonus of up to $10,000."
    pay = [_pay(120_000, 140_000)]
    assert _assess(["New York, NY"], date(2024, 5, 1), pay=pay, text=text)["status"] == "ok"


# --- Ontario: width and exemption ------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "status"),
    [
        ([_pay(100_000, 150_000, currency="CAD")], "ok"),  # exactly 50,000 wide
        ([_pay(100_000, 150_001, currency="CAD")], "incomplete"),
        ([_pay(50, 80, currency="CAD", period="hour")], "incomplete"),  # 62,400 wide a year
        ([_pay(50, 70, currency="CAD", period="hour")], "ok"),  # 41,600 wide a year
        ([_pay(150_000, 200_000, currency="CAD")], "ok"),  # top not over 200,000
        ([_pay(160_000, 210_000, currency="CAD")], "not_required"),  # top over 200,000
        ([_pay(250_000, 250_000, currency="CAD")], "not_required"),
        ([_pay(90_000, 300_000, currency="CAD")], "not_required"),  # over 200,000: exempt
        ([], "missing"),
    ],
)
def test_ontario(pay: list[dict[str, Any]], status: str) -> None:
    result = _assess(["Toronto, Ontario, Canada"], date(2026, 3, 1), pay=pay)
    assert result["status"] == status
    assert result["jurisdictions"] == ["CA-ON"]


def test_ontario_missing_pay_mentions_the_exemption() -> None:
    assert _assess(["Toronto, ON"], date(2026, 3, 1))["reasons"] == [
        "Ontario (CA-ON) requires pay or a pay range in the ad (roles paying over 200,000 CAD "
        "a year are exempt); none is stated."
    ]


def test_ontario_reason_gives_the_width() -> None:
    pay = [_pay(90_000, 150_000, currency="CAD")]
    result = _assess(["Toronto, ON"], date(2026, 3, 1), pay=pay)
    assert result["reasons"] == [
        "Ontario (CA-ON) allows a range at most 50,000 CAD a year wide; this one is 60,000 CAD "
        "wide."
    ]


# --- remote roles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locations", "workplace", "codes"),
    [
        (["Remote - US"], None, ["US-CA", "US-CO", "US-NY-NYC", "US-WA"]),
        (["Anywhere in the US"], None, ["US-CA", "US-CO", "US-NY-NYC", "US-WA"]),
        (["United States"], "remote", ["US-CA", "US-CO", "US-NY-NYC", "US-WA"]),
        (["Remote - Canada"], None, ["CA-BC"]),
        (["Remote"], None, ["CA-BC", "US-CA", "US-CO", "US-NY-NYC", "US-WA"]),
        (["Remote - New York"], None, ["US-NY", "US-NY-NYC"]),
        (["Buffalo, NY"], "remote", ["US-NY", "US-NY-NYC"]),
        (["Remote - CA"], None, []),  # California or Canada: not guessed
        (["Columbus, OH"], "remote", ["US-OH-COLUMBUS"]),
        (["United States"], None, []),
        (["Hybrid - London"], None, []),
    ],
)
def test_remote_reach(locations: list[str], workplace: str | None, codes: list[str]) -> None:
    assert _assess(locations, date(2026, 7, 1), workplace=workplace)["jurisdictions"] == codes


def test_remote_us_says_which_laws_it_did_not_apply() -> None:
    result = _assess(["Remote - US"], date(2026, 7, 1), employees=None)
    assert result["status"] == "missing"  # Colorado covers every employer
    assert result["reasons"][-1] == (
        "Rules of US-DC, US-HI, US-IL, US-MA, US-MD, US-MN, US-NJ, US-NY, US-VT reach remote "
        "roles only through where they report or are unclear about them; not applied."
    )


@pytest.mark.parametrize(
    ("locations", "remote_us"),
    [(["Remote - US"], True), (["Remote"], True), (["Remote, Italy"], False)],
)
def test_the_note_on_us_laws_not_applied_only_for_remote_roles_that_may_be_in_the_us(
    locations: list[str], remote_us: bool
) -> None:
    reasons = _assess(locations, date(2026, 7, 1))["reasons"]
    assert any("not applied" in r for r in reasons) is remote_us


@pytest.mark.parametrize(
    ("locations", "status", "reason"),
    [
        (["Remote - CA"], "unknown", 'rolewatch cannot tell where "Remote - CA" is.'),
        (["United States"], "unknown", '"United States" does not say which state or province.'),
        (["Bengaluru"], "unknown", 'rolewatch has no pay-transparency rules for "Bengaluru".'),
        (["Austin, TX"], "not_required", 'No rule in force requires pay in ads for "Austin, TX".'),
        ([], "unknown", "No location is given."),
    ],
)
def test_places_without_rules(locations: list[str], status: str, reason: str) -> None:
    result = _assess(locations, date(2026, 7, 1))
    assert result["status"] == status
    assert result["reasons"] == [reason]


# --- several places and laws -----------------------------------------------------------------


def test_the_worst_outcome_wins() -> None:
    result = _assess(
        ["Denver, CO", "New York, NY", "Austin, TX"], date(2026, 7, 1), employees=None
    )
    assert result["jurisdictions"] == ["US-CO", "US-NY", "US-NY-NYC"]
    assert result["status"] == "missing"  # Colorado; New York's are only likely_required
    assert STATUSES.index("missing") < STATUSES.index("likely_required")


def test_a_range_scoped_elsewhere_does_not_count() -> None:
    pay = [_pay(150_000, 180_000, scope="New York City")]
    result = _assess(["New York, NY", "San Francisco, CA"], date(2026, 7, 1), pay=pay)
    assert result["status"] == "missing"
    assert result["reasons"] == [
        "California (US-CA) requires pay or a pay range in the ad; none is stated.",
        "The stated pay meets the rules of US-NY, US-NY-NYC.",
    ]


def test_a_pay_zone_rolewatch_cannot_place_counts_everywhere() -> None:
    pay = [_pay(150_000, 180_000, scope="Zone A"), _pay(130_000, 160_000, scope="Zone B")]
    result = _assess(["New York, NY", "San Francisco, CA"], date(2026, 7, 1), pay=pay)
    assert result["status"] == "ok"


def test_columbus_is_in_force_before_it_is_enforced() -> None:
    result = _assess(["Columbus, OH"], date(2026, 7, 1))
    assert result["status"] == "missing"
    assert "Columbus (US-OH-COLUMBUS) is enforced from 2027-01-01." in result["reasons"]
    later = _assess(["Columbus, OH"], date(2027, 1, 1))
    assert not any("enforced" in r for r in later["reasons"])


# --- the EU and member states ----------------------------------------------------------------


def test_eu_is_advice_unless_a_member_state_requires_pay_in_the_ad() -> None:
    berlin = _assess(["Berlin, Germany"], date(2026, 7, 1))
    assert berlin["status"] == "not_required"
    assert berlin["jurisdictions"] == ["EU"]
    assert "Directive (EU) 2023/970" in berlin["reasons"][0]
    vienna = _assess(["Vienna, Austria"], date(2026, 7, 1))
    assert vienna["status"] == "missing"
    assert vienna["jurisdictions"] == ["AT", "EU"]


def test_austria_asks_for_the_minimum_so_from_is_enough() -> None:
    text = "Das Mindestgehalt beträgt ab € 3.000 brutto pro Monat, Überzahlung möglich."
    pay = [_pay(3_000, None, currency="EUR", period="month")]
    assert _assess(["Vienna, Austria"], date(2026, 7, 1), pay=pay, text=text)["status"] == "ok"


def test_jurisdictions_of_the_spec_shapes() -> None:
    locations = [
        "New York, NY",
        "Toronto, Ontario, Canada",
        "Denver, CO 80202",
        "Hybrid - London",
        "US-CA-San Francisco",
    ]
    assert jurisdictions(locations, remote=False) == [
        "CA-ON",
        "US-CA",
        "US-CO",
        "US-NY",
        "US-NY-NYC",
    ]
    several = jurisdictions(["San Francisco, CA; New York, NY"], remote=False)
    assert several == ["US-CA", "US-NY", "US-NY-NYC"]
    assert jurisdictions(["Remote - US"], remote=True) == jurisdictions(
        ["Anywhere in the US"], remote=False
    )


# --- wording heuristics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (BENEFITS, True),
        ("We offer health insurance and equity.", True),
        ("Great benefits package!", False),
        ("Medical and dental.", False),  # one kind: health
        ("", False),
    ],
)
def test_describes_benefits(text: str, found: bool) -> None:
    assert wording.describes_benefits(text) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Apply by March 3, 2026.", True),
        ("Applications accepted through 12/31/2026.", True),
        ("Application deadline: 2026-02-01", True),
        ("This posting closes on Jan 5.", True),
        ("Applications are accepted on an ongoing basis.", True),
        ("Please apply by submitting your resume.", False),
        ("We move fast and hit deadlines.", False),
    ],
)
def test_states_deadline(text: str, found: bool) -> None:
    assert wording.states_deadline(text) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Up to $150,000 per year.", True),
        ("Salary: $120,000 and up.", True),
        ("Base salary: $150k+", True),
        ("Pay starting at $80,000 annually.", True),
        ("Compensation: up to $45/hour.", True),
        ("Salary from $100,000 to $120,000.", False),
        ("Salary from $100k - $120k.", False),
        ("The salary range is $120,000.00 - $150,000.00 per year.", False),
        ("We pay $120k + bonus.", False),
        ("A 401(k) match of up to 4%.", False),
        ("Salary $130k, and a relocation stipend of up to $5,000.", False),
    ],
)
def test_open_ended_pay(text: str, found: bool) -> None:
    assert wording.open_ended_pay(text) is found


def test_disclaimer_and_version_for_the_uis() -> None:
    assert "information, not legal advice" in DISCLAIMER
    assert date.fromisoformat(RULES_VERSION)


def test_every_rule_cites_a_source_and_its_versions_do_not_overlap() -> None:
    for rule in RULES:
        assert rule.sources and all(s.strip() for s in rule.sources), rule.code
        assert rule.effective_to is None or rule.effective_from <= rule.effective_to
    for code in {rule.code for rule in RULES}:
        versions = [rule for rule in RULES if rule.code == code]
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.effective_to is not None
            assert later.effective_from == earlier.effective_to + timedelta(days=1)
