"""A posting's pay-transparency status: which laws reach it and whether its ad meets them.

Each rule in force that reaches the posting (see `reach`) gives one outcome:

- "missing": the rule requires pay in the ad and none is stated;
- "incomplete": pay is stated but the rule rejects it: open-ended ("up to $X", "$X and up")
  where the rule asks for a range, wider than the rule allows (Ontario), or without the
  benefits description or application deadline the rule asks for;
- "likely_required": missing or incomplete, but the rule covers only employers of some size and
  the employer's head count (`employees`) is not known;
- "ok": the ad meets the rule;
- "not_required": the rule does not cover this employer (`employees` below its threshold), the
  role (Ontario: pay over $200,000 a year), or is advice only (the EU directive).

Places the table covers without a rule there (a US state, a Canadian province, an EU member
state) give "not_required"; places rolewatch cannot tell or has no rules for give "unknown".
The posting's status is the first of STATUSES that any outcome gives: a gap under one law is
not hidden by compliance with another.

A pay item counts for a rule unless its scope names places the rule is not about (a range
scoped "New York" does not count for California). Open-ended pay is either a pay item with only
one end or, when no item is a proper range, an open-ended phrase in the text (the extractor
reads "$X and up" as the single amount X and skips "up to $X").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from monitor.lazy import once
from monitor.paystats import PER_YEAR, per_year
from monitor.places import parse_location, split_locations
from monitor.transparency import wording
from monitor.transparency.reach import (
    COVERED_COUNTRIES,
    next_rule,
    place_codes,
    place_reach,
    rule_on,
)
from monitor.transparency.rules import RULES, Rule

STATUSES = ("missing", "incomplete", "likely_required", "ok", "not_required", "unknown")

DISCLAIMER = (
    "Pay-transparency status is information, not legal advice: rolewatch reads the posting as "
    "a program would and applies summaries of laws that change; check with the authority or a "
    "lawyer before acting on it."
)


def _applies(item: Mapping[str, Any], rule: Rule) -> bool:
    """Whether a pay item is about a place the rule covers (module docstring)."""
    scope = item.get("scope")
    if not scope:
        return True
    place = parse_location(str(scope))
    if not place.known:
        return True  # "Zone A", "Tier 1": a pay zone rolewatch cannot place
    if place.country == "EU":
        return rule.code == "EU" or rule.code in _EU_CODES
    codes = place_codes(place)
    specific = codes[1:] if place.region else codes[:1]
    return any(rule.code == c or rule.code.startswith(c + "-") for c in specific)


_EU_CODES = frozenset(rule.code for rule in RULES if len(rule.code) == 2 and rule.code != "EU")


class Text:
    """A posting's text, searched at most once for each thing the rules ask of it (a posting
    in several jurisdictions is checked against each rule; searching is most of the cost)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @once
    def open_ended(self) -> bool:
        return wording.open_ended_pay(self.text)

    @once
    def benefits(self) -> bool:
        return wording.describes_benefits(self.text)

    @once
    def deadline(self) -> bool:
        return wording.states_deadline(self.text)


def _annual(item: Mapping[str, Any], end: str) -> float | None:
    amount, period = item.get(end), item.get("period")
    if amount is None or period not in PER_YEAR:
        return None
    return per_year(float(amount), str(period))


def _money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def _label(rule: Rule) -> str:
    return f"{rule.name} ({rule.code})"


def check(
    rule: Rule,
    pay: Sequence[Mapping[str, Any]],
    text: str | Text,
    employees: int | None,
    on: date,
) -> tuple[str, list[str]]:
    """One rule's outcome for a posting: (status, reasons)."""
    said = text if isinstance(text, Text) else Text(text)
    label = _label(rule)
    if rule.requires == "advisory":
        return "not_required", [
            f"{label}: the pay may be given before the interview instead of in the ad "
            f"({rule.law})."
        ]
    items = [item for item in pay if _applies(item, rule)]
    ours = [item for item in items if item.get("currency") == rule.currency]
    tops = [t for t in (_annual(i, "max") or _annual(i, "min") for i in ours) if t is not None]
    if rule.exempt_above is not None and tops and max(tops) > rule.exempt_above:
        return "not_required", [
            f"{label} does not require pay for roles paying over "
            f"{_money(rule.exempt_above, rule.currency)} a year."
        ]
    size = f"{label} covers employers with at least {rule.min_employees} employees"
    too_small = employees is not None and employees < (rule.min_employees or 0)
    if too_small:
        return "not_required", [f"{size}; this one has {employees}."]
    reasons: list[str] = []
    if not items and not said.open_ended:
        what = "the minimum pay" if rule.requires == "minimum" else "pay or a pay range"
        status = "missing"
        unless = ""
        if rule.exempt_above is not None:
            exempt = _money(rule.exempt_above, rule.currency)
            unless = f" (roles paying over {exempt} a year are exempt)"
        reasons.append(f"{label} requires {what} in the ad{unless}; none is stated.")
    else:
        reasons += _range_problems(rule, items, ours, said)
        if rule.benefits and not said.benefits:
            reasons.append(f"{label} requires a general description of benefits; none was found.")
        if rule.deadline and not said.deadline:
            reasons.append(f"{label} requires the application deadline; none was found.")
        status = "incomplete" if reasons else "ok"
    if rule.min_employees is not None and employees is None and status != "ok":
        return "likely_required", [*reasons, f"{size}; this employer's size is not known."]
    if rule.enforced_from is not None and on < rule.enforced_from:
        reasons.append(f"{label} is enforced from {rule.enforced_from.isoformat()}.")
    return status, reasons


def _range_problems(
    rule: Rule,
    items: Sequence[Mapping[str, Any]],
    ours: Sequence[Mapping[str, Any]],
    said: Text,
) -> list[str]:
    """Why stated pay falls short of a rule that asks for a range; empty when it does not."""
    if rule.requires != "range":
        return []
    label = _label(rule)
    one_end = any((i.get("min") is None) != (i.get("max") is None) for i in items)
    proper = any(
        i.get("min") is not None and i.get("max") is not None and i["min"] < i["max"]
        for i in items
    )
    open_ended = one_end or (not proper and said.open_ended)
    if open_ended and not rule.open_ended_ok:
        return [f'{label} rejects open-ended pay such as "up to $X" or "$X and up".']
    if rule.max_width is not None:
        widths = [
            high - low
            for i in ours
            if (low := _annual(i, "min")) is not None and (high := _annual(i, "max")) is not None
        ]
        if widths and max(widths) > rule.max_width:
            return [
                f"{label} allows a range at most {_money(rule.max_width, rule.currency)} a "
                f"year wide; this one is {_money(max(widths), rule.currency)} wide."
            ]
    return []


def assess(
    *,
    locations: Sequence[str],
    workplace: str | None,
    pay: Sequence[Mapping[str, Any]],
    text: str,
    employees: int | None,
    on: date,
) -> dict[str, Any]:
    """The `transparency` of a posting (SPEC): {"status", "jurisdictions", "reasons"}."""
    where = _where(tuple(locations), workplace, on)
    if where is None:
        return {"status": "unknown", "jurisdictions": [], "reasons": ["No location is given."]}
    statuses, reasons = list(where.statuses), list(where.reasons)
    codes = where.codes
    met: list[str] = []
    said = Text(text)
    for code in sorted(codes):
        status, why = check(codes[code], pay, said, employees, on)
        statuses.append(status)
        reasons += why
        if status == "ok":
            met.append(code)
    if met:
        reasons.append(f"The stated pay meets the rules of {', '.join(met)}.")
    reasons += where.after
    status = next((s for s in STATUSES if s in statuses), "unknown")
    return {"status": status, "jurisdictions": sorted(codes), "reasons": reasons}


@dataclass(frozen=True)
class _Where:
    """What a posting's places alone decide: the rules that reach it and what the places say."""

    codes: Mapping[str, Rule]  # rules in force that reach one of the places, by code
    statuses: tuple[str, ...]  # of the places no rule in force reaches
    reasons: tuple[str, ...]  # ... and why
    after: tuple[str, ...]  # reasons that follow the rules' own: upcoming rules, remote roles


@lru_cache(maxsize=4096)
def _where(locations: tuple[str, ...], workplace: str | None, on: date) -> _Where | None:
    """The places' part of `assess`, once per set of places a day (postings of a board share
    a few; it was half of the assessment's cost). None: no place is given."""
    places = [(loc, parse_location(loc)) for loc in split_locations(locations)]
    if not places:
        return None
    statuses: list[str] = []
    reasons: list[str] = []
    codes: dict[str, Rule] = {}
    upcoming: dict[str, Rule] = {}
    remote_us = False
    for text_of, place in places:
        remote = workplace == "remote" or place.remote
        reached = place_reach(place, remote=remote, on=on)
        in_force = [rule for code in reached if (rule := rule_on(code, on)) is not None]
        for rule in in_force:
            codes.setdefault(rule.code, rule)
        for code in reached:
            later = next_rule(code, on)
            if rule_on(code, on) is None and later is not None:
                upcoming.setdefault(code, later)
        anywhere = place.country == "US" or not (place.known or place.city)
        remote_us |= remote and not place.region and anywhere
        if in_force:
            continue
        if not place.known:
            statuses.append("unknown")
            reasons.append(f'rolewatch cannot tell where "{text_of}" is.')
        elif place.country not in COVERED_COUNTRIES:
            statuses.append("unknown")
            reasons.append(f'rolewatch has no pay-transparency rules for "{text_of}".')
        elif place.country in ("US", "CA") and not place.region and not remote:
            statuses.append("unknown")
            reasons.append(f'"{text_of}" does not say which state or province.')
        else:
            statuses.append("not_required")
            reasons.append(f'No rule in force requires pay in ads for "{text_of}".')
    after = [
        f"{_label(rule)}'s rule applies from {rule.effective_from.isoformat()}."
        for _code, rule in sorted(upcoming.items())
    ]
    if remote_us:
        elsewhere = _remote_elsewhere(on, exclude=codes)
        if elsewhere:
            after.append(
                f"Rules of {', '.join(elsewhere)} reach remote roles only through where they "
                "report or are unclear about them; not applied."
            )
    return _Where(MappingProxyType(codes), tuple(statuses), tuple(reasons), tuple(after))


def _remote_elsewhere(on: date, *, exclude: Mapping[str, Rule]) -> list[str]:
    """US rules in force that a US-wide remote role may fall under but that are not applied."""
    return sorted(
        {
            rule.code
            for rule in RULES
            if rule.code.startswith("US-")
            and rule.code not in exclude
            and rule.in_force(on)
            and rule.remote in ("reporting", "unclear")
        }
    )
