"""monitor.limits.fits, the crawl's fast path, against the limits table read field by field."""

from __future__ import annotations

import random
import re
from typing import Any

from monitor import limits
from monitor.items import Posting

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEXT_LIMITS = {
    "title": limits.TITLE_MAX,
    "company": limits.NAME_MAX,
    "department": limits.NAME_MAX,
    "workplace": limits.SHORT_MAX,
    "pay_text": limits.PAY_TEXT_MAX,
    "posted_at": limits.SHORT_MAX,
    "url": limits.URL_MAX,
}


def text_ok(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit and not CONTROL.search(value)


def fits_by_the_table(p: Posting) -> bool:
    """What the table in monitor/limits.py says, one field at a time."""
    if not text_ok(p.external_id, limits.ID_MAX):
        return False
    if not (isinstance(p.description, str) and len(p.description) <= limits.DESCRIPTION_MAX):
        return False
    if "\x00" in p.description:  # the description keeps its other controls for the readers
        return False
    for name, limit in TEXT_LIMITS.items():
        value = getattr(p, name)
        if value is not None and not text_ok(value, limit):
            return False
    if not isinstance(p.locations, list) or len(p.locations) > limits.LOCATIONS_MAX:
        return False
    if not all(text_ok(place, limits.NAME_MAX) for place in p.locations):
        return False
    if not isinstance(p.pay, list) or len(p.pay) > limits.PAY_MAX:
        return False
    if not all(isinstance(item, dict) for item in p.pay):
        return False
    if not isinstance(p.extra, dict) or len(p.extra) > limits.EXTRA_MAX:
        return False
    return all(limits._small(value) for value in p.extra.values())


def some_text(rng: random.Random, limit: int) -> Any:
    roll = rng.random()
    if roll < 0.02:
        return rng.choice([7, 3.5, True, ["x"], {"a": 1}, b"bytes"])
    if roll < 0.04:
        return "x" * (limit + rng.choice([0, 1]))  # at the limit, and one past it
    odd = ["\x00", "\x07", "\x1b", "\x7f", "\x85"] if rng.random() < 0.03 else [""]
    chars = "abc Zürich 東京 -,\t\n\r" + rng.choice(odd)
    return "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))


def some_posting(rng: random.Random) -> Posting:
    def maybe(limit: int) -> Any:
        return None if rng.random() < 0.3 else some_text(rng, limit)

    locations: Any = [some_text(rng, limits.NAME_MAX) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.03:
        locations = ["Paris"] * (limits.LOCATIONS_MAX + 1)
    elif rng.random() < 0.03:
        locations = "Paris"
    pay: Any = [{"min": 1}] * rng.choice([0, 1, limits.PAY_MAX] * 5 + [limits.PAY_MAX + 1])
    if rng.random() < 0.05:
        pay = [{"min": 1}, "100k"]
    extra: Any = {f"k{i}": rng.choice([1, None, "short", "x" * 301, ["a"], {"b": 1}, "\x01"])
                  for i in range(rng.choice([0] * 8 + [2, limits.EXTRA_MAX + 1]))}  # fmt: skip
    return Posting(
        source="s",
        external_id=some_text(rng, limits.ID_MAX),
        title=maybe(limits.TITLE_MAX),
        url=maybe(limits.URL_MAX),
        company=maybe(limits.NAME_MAX),
        department=maybe(limits.NAME_MAX),
        locations=locations,
        description=rng.choice(["<p>Hello\tthere\x07</p>", "x" * 10] * 10 + ["a\x00b", 5]),
        workplace=maybe(limits.SHORT_MAX),
        pay=pay,
        pay_text=maybe(limits.PAY_TEXT_MAX),
        posted_at=maybe(limits.SHORT_MAX),
        extra=extra,
    )


def test_fits_says_what_the_table_says_field_by_field() -> None:
    rng = random.Random(20261206)
    verdicts = []
    for _ in range(20_000):
        posting = some_posting(rng)
        verdicts.append(limits.fits(posting))
        assert verdicts[-1] == fits_by_the_table(posting), posting
    assert 0.05 < sum(verdicts) / len(verdicts) < 0.95  # both answers were tried


def test_a_posting_that_fits_is_bounded_as_it_is() -> None:
    posting = Posting(source="s", external_id="42", title="Engineer", locations=["Zürich"],
                      description="<p>Hello</p>\n", extra={"type": "full time"})  # fmt: skip
    assert limits.fits(posting)
    fitted = limits.bounded(posting)
    assert fitted.posting is posting and fitted.notes == ()


def test_one_control_character_in_any_short_text_means_bounded_must_look() -> None:
    base = dict(source="s", external_id="42", title="Engineer", url="https://x/1",
                company="Acme", department="R&D", workplace="Hybrid", pay_text="$1",
                posted_at="2026-12-01")  # fmt: skip
    assert limits.fits(Posting(**base, locations=["Paris"]))  # type: ignore[arg-type]
    for field in [*base, "locations"]:
        if field == "source":
            continue
        changed: dict[str, Any] = {**base, "locations": ["Paris"]}
        changed[field] = ["Pa\x1bris"] if field == "locations" else str(base[field]) + "\x1b"
        posting = Posting(**changed)
        assert not limits.fits(posting), field
        fitted = limits.bounded(posting)
        assert fitted.notes and "\x1b" not in repr(fitted.posting), field
