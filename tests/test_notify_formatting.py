"""Pure parts of alerts: pay and office spelling, safe markup, digest layout and fitting."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

import pytest

from monitor.notify import format_office, format_pay
from monitor.notify.digest import Item, make_title, order, render
from monitor.notify.formatting import format_locations, format_office_change, format_pay_change
from monitor.notify.markup import clean, escape_markdown, safe_url
from tests.notify_receivers import T0


def pay(
    lo: Any,
    hi: Any,
    cur: str | None = "USD",
    period: str | None = "year",
    scope: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    return {"min": lo, "max": hi, "currency": cur, "period": period, "scope": scope, "kind": kind}


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([pay(155700, 233500)], "$155,700–$233,500 USD/yr"),
        ([pay(95000, 95000, "EUR")], "€95,000/yr"),
        ([pay(95000, None, "EUR")], "from €95,000/yr"),
        ([pay(None, 120000)], "up to $120,000 USD/yr"),
        ([pay(40, 45, "GBP", "hour")], "£40–£45 GBP/hr"),
        ([pay(40.5, 45.25, "GBP", "hour")], "£40.50–£45.25 GBP/hr"),
        ([pay(120000, 160000, "CHF")], "CHF\xa0120'000–160'000/yr"),
        # each currency as its own country writes it, named once
        ([pay(250000, 380000, "PLN")], "250\xa0000–380\xa0000\xa0zł/yr"),
        ([pay(18000, 24000, "RON", "month")], "18.000–24.000\xa0RON/mo"),
        ([pay(100000, 120000, "CAD")], "$100,000–$120,000 CAD/yr"),
        ([pay(100, 200, "XYZ")], "100–200 XYZ/yr"),
        ([pay(6000, 8000, "USD", "month")], "$6,000–$8,000 USD/mo"),
        ([pay(200000, 250000, kind="ote")], "$200,000–$250,000 USD/yr (OTE)"),
        ([pay(143200, 284000, scope="Zone A")], "Zone A: $143,200–$284,000 USD/yr"),
        (
            [pay(143200, 284000, scope="Zone A"), pay(128900, 255600, scope="Zone B")],
            "Zone A: $143,200–$284,000 USD/yr; Zone B: $128,900–$255,600 USD/yr",
        ),
        ([pay(1000, 2000, None, None)], "1,000–2,000"),
        ([], ""),
        (None, ""),
    ],
)
def test_format_pay(ranges: Any, expected: str) -> None:
    assert format_pay(ranges) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            [pay(143200, 284000)],
            [pay(150000, 290000)],
            "$143,200–$284,000 → $150,000–$290,000 USD/yr",
        ),
        ([], [pay(150000, 190000)], "not stated → $150,000–$190,000 USD/yr"),
        (
            [pay(60, 70, "EUR", "hour")],
            [pay(120000, 130000, "EUR")],
            "€60–€70/hr → €120,000–€130,000/yr",
        ),
        ([pay(1, 2, scope="NY")], [pay(3, 4, scope="NY")], "NY: $1–$2 → $3–$4 USD/yr"),
    ],
)
def test_format_pay_change(before: Any, after: Any, expected: str) -> None:
    assert format_pay_change(before, after) == expected


def office(
    mode: str | None = "hybrid",
    pct: Any = None,
    days: Any = None,
    exceptions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "mode": mode,
        "min_office_pct": pct,
        "days_per_week": days,
        "exceptions": exceptions or [],
    }


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (office(pct=50), "hybrid, 50% in office"),
        (office(days=3), "hybrid, 3 days/week in office"),
        (office(pct=60, days=3), "hybrid, 3 days/week (60%) in office"),
        (office("remote"), "remote"),
        (office("onsite", pct=100), "onsite, 100% in office"),
        (
            office(
                pct=50,
                exceptions=[{"location": "London", "min_office_pct": 60, "days_per_week": None}],
            ),
            "hybrid, 50% in office (London: 60%)",
        ),
        (office(None, pct=40), "40% in office"),
        (None, ""),
        ({}, ""),
    ],
)
def test_format_office(terms: Any, expected: str) -> None:
    assert format_office(terms) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (office(pct=50), office(pct=60), "50% → 60%"),
        (office(days=2), office(days=3), "2 days/week → 3 days/week"),
        (office(pct=50), office("remote"), "hybrid, 50% in office → remote"),
        (None, office("onsite"), "not stated → onsite"),
    ],
)
def test_format_office_change(before: Any, after: Any, expected: str) -> None:
    assert format_office_change(before, after) == expected


def test_format_locations() -> None:
    assert format_locations(["A", "B"]) == "A, B"
    assert format_locations(list("ABCDEF")) == "A, B, C, D (+2 more)"
    assert format_locations(None) == ""


@pytest.mark.parametrize(
    ("raw", "not_in"),
    [
        ("@everyone hello", "@everyone"),
        ("ping @here now", "@here"),
        ("<!channel> look", "<!channel>"),
        ("<@U123> hi", "<@U123>"),
        ("join #general", "#general"),
        ("see http://evil.example", "http://"),
        ("a\x00b\x1b[31mc\u202ed", "\x1b"),
    ],
)
def test_clean_defuses_pings_links_and_controls(raw: str, not_in: str) -> None:
    text = clean(raw)
    assert not_in not in text
    assert not any(unicodedata.category(c) == "Cc" for c in text)
    assert "\u202e" not in text


def test_clean_keeps_ordinary_text() -> None:
    assert (
        clean("Senior C# Engineer, Payments (Remote)") == "Senior C# Engineer, Payments (Remote)"
    )
    assert clean("  many   spaces\nand\tlines ") == "many spaces and lines"
    assert clean("x" * 500, 10) == "xxxxxxxxx…"


def test_escape_markdown() -> None:
    assert escape_markdown("[x](y)") == r"\[x\]\(y\)"
    assert escape_markdown("<script>&") == "&lt;script&gt;&amp;"
    assert escape_markdown("*bold* _it_ `code`") == r"\*bold\* \_it\_ \`code\`"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://jobs.example.com/a?b=1&c=2", "https://jobs.example.com/a?b=1&c=2"),
        ("https://x.example/a(b)c", "https://x.example/a%28b%29c"),
        ('https://x.example/a b"<>', "https://x.example/a%20b%22%3C%3E"),
        ("javascript:alert(1)", None),
        ("data:text/html,hi", None),
        ("//x.example/a", None),
        (None, None),
    ],
)
def test_safe_url(url: Any, expected: str | None) -> None:
    assert safe_url(url) == expected


def _item(i: int, source: str, kind: str, minutes: int = 0, **fields: Any) -> Item:
    return Item(i, source, kind, T0 + timedelta(minutes=minutes), **fields)


def test_title_counts_and_sources() -> None:
    items = [
        _item(1, "stripe", "new", title="A"),
        _item(2, "ramp", "new", minutes=5, title="B"),
        _item(3, "stripe", "pay_changed", title="C"),
    ]
    assert make_title(items) == "rolewatch: 2 new roles, 1 pay change (ramp, stripe)"
    assert make_title(items, 40) == "rolewatch: 2 new roles, 1 pay change"


def test_order_groups_by_source_then_kind_newest_first() -> None:
    items = [
        _item(1, "stripe", "new", 1, title="old"),
        _item(2, "stripe", "pay_changed", 9, title="pay"),
        _item(3, "ramp", "new", 3, title="ramp"),
        _item(4, "stripe", "new", 5, title="newer"),
    ]
    assert [i.id for i in order(items)] == [4, 1, 2, 3]


def test_digest_lines() -> None:
    items = [
        _item(
            1,
            "stripe",
            "pay_changed",
            title="Staff Engineer",
            url="https://x.example/1",
            before=[pay(143200, 284000)],
            after=[pay(150000, 290000)],
        ),
        _item(
            2,
            "stripe",
            "office_changed",
            title="PM",
            url="https://x.example/2",
            before=office(pct=50),
            after=office(pct=60),
        ),
        _item(3, "stripe", "baseline", payload={"source": "stripe", "count": 212}),
        _item(4, "acme", "source_failing", after={"error": "HTTP 503", "failures": 3}),
        _item(
            5,
            "acme",
            "title_changed",
            title="New T",
            url="https://x.example/5",
            before="Old T",
            after="New T",
        ),
        _item(6, "acme", "location_changed", title="L", before=["A"], after=["A", "B"]),
        _item(7, "acme", "removed", title="Gone", before={"title": "Gone", "locations": ["X"]}),
    ]
    digest = render(items, "text")
    body = digest.body
    assert "Staff Engineer: $143,200–$284,000 → $150,000–$290,000 USD/yr" in body
    assert "PM: office: 50% → 60%" in body
    assert "now watching stripe: 212 open roles" in body
    assert "acme failed 3 cycles in a row: HTTP 503" in body
    assert "Old T → New T" in body
    assert "L: A → A, B" in body
    assert "Gone — X" in body
    assert "https://x.example/1" in body
    assert digest.shown == 7 and digest.more == 0


def test_long_digest_ends_with_and_n_more() -> None:
    items = [_item(i, "stripe", "new", i, title=f"Role number {i}") for i in range(1, 101)]
    for fmt in ("text", "markdown", "html"):
        digest = render(items, fmt, lambda body: len(body) <= 1000)
        assert len(digest.body) <= 1000
        assert 0 < digest.shown < 100
        assert digest.shown + digest.more == 100
        assert f"and {digest.more} more" in digest.body
        # the newest first, cut at the end
        assert "Role number 100" in digest.body and "Role number 1 " not in digest.body


def test_a_repost_and_a_pay_transparency_gap_in_a_digest() -> None:
    from monitor.timeutil import utcnow

    this_year = utcnow().year
    removed = {"key": "acme:1", "posted_at": f"{this_year}-10-12T09:00:00Z",
               "first_seen": f"{this_year}-10-14T09:00:00Z"}  # fmt: skip
    pay = [{"min": 150000, "max": 190000, "currency": "USD", "period": "year"}]
    new = {"key": "acme:2", "title": "Backend Engineer", "locations": ["Austin, TX"], "pay": pay}
    gap = {"status": "missing", "jurisdictions": ["US-CO"], "reasons": []}
    items = [
        Item(1, "acme", "reposted", T0, "acme:2", "Backend Engineer", None, removed, new),
        Item(2, "acme", "pay_missing", T0, "acme:3", "Field Engineer", None, None, gap),
    ]
    digest = render(items, "text")
    assert "1 reposted role, 1 pay-transparency gap" in digest.title
    assert "Backend Engineer — reposted (first posted 12 Oct) · Austin, TX · $150,000" in (
        digest.body
    )
    assert (
        "Field Engineer: no pay range, which US-CO requires (information, not legal advice)"
        in (digest.body)
    )
    older = {**removed, "posted_at": "2019-03-01T00:00:00Z"}
    assert "first posted 1 Mar 2019" in render([Item(1, "acme", "reposted", T0, before=older,
                                                     after=new)], "text").body  # fmt: skip
