"""A small store for the web tests, written through the real store (`Store.apply`): two
sources, a baseline, then raises, new office terms, a new title, a closed role, a failing
source, and a posting whose every field is hostile."""

from __future__ import annotations

from typing import Any

from monitor.config import Config, parse_config
from monitor.items import ListingEnd, Posting
from monitor.store.db import ensure_schema, make_engine
from monitor.store.writer import Store
from monitor.timeutil import utcnow

SECRET_PASSWORD = "hunter2-notify-secret"
TOKEN = "t0ken-for-the-web-app-0123456789"
HOSTILE_TITLE = "<script>alert('x')</script>\u202eREVO\u202c Engineer <img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(document.cookie)"


def config(token: str | None = None) -> Config:
    data: dict[str, Any] = {
        "notify": [{"url": f"json://user:{SECRET_PASSWORD}@127.0.0.1:9/hook"}],
        "sources": [
            {"name": "stripe", "kind": "greenhouse", "board": "stripe", "tags": ["eng"],
             "removal_grace": 1},
            {"name": "acme", "kind": "lever", "board": "acme", "removal_grace": 1},
        ],
    }  # fmt: skip
    if token:
        data["web"] = {"token": token}
    return parse_config(data)


def _job(source: str, ident: str, title: str, body: str, **extra: Any) -> Posting:
    return Posting(
        source=source,
        external_id=ident,
        title=title,
        url=extra.pop("url", f"https://boards.example/{source}/{ident}"),
        company=extra.pop("company", source.title()),
        locations=extra.pop("locations", ["New York, NY"]),
        description=body,
        **extra,
    )


def _range(low: float, high: float, currency: str, period: str) -> dict[str, Any]:
    return {"min": low, "max": high, "currency": currency, "period": period, "scope": None,
            "kind": "base"}  # fmt: skip


def _pay(low: str, high: str, pct: int) -> str:
    return (
        f"<p>Build payment APIs.</p><p>The salary range is {low} - {high} per year.</p>"
        f"<p>Hybrid: at least {pct}% of the time in the office.</p>"
    )


def first(source: str) -> list[Posting]:
    if source == "acme":
        return [
            _job("acme", "a1", "Designer", "<p>Remote, US. $120,000 - $150,000 per year.</p>",
                 locations=["Remote - US"], workplace="remote"),
            _job("acme", "a2", "Support Specialist", "<p>Onsite in Berlin.</p>",
                 locations=["Berlin"]),
            # pay as a board states it in fields, one range per zone: the highest yearly
            # figure in USD is 250,000 (the second range), and 90/hour is 187,200 a year
            _job("acme", "a3", "Platform Engineer", "<p>Zones below.</p>", locations=["Munich"],
                 pay=[_range(80_000, 100_000, "EUR", "year"), _range(100_000, 250_000, "USD",
                                                                     "year")]),
            _job("acme", "a4", "Contract SRE", "<p>Contract.</p>", locations=["Denver, CO"],
                 pay=[_range(130_000, 150_000, "USD", "year"), _range(60, 90, "USD", "hour")]),
        ]  # fmt: skip
    return [
        _job("stripe", "1", "Backend Engineer", _pay("$155,700", "$233,500", 50)),
        _job("stripe", "2", "Data Scientist", _pay("$140,000", "$180,000", 40),
             locations=["Toronto"]),
        _job("stripe", "3", "Recruiter", "<p>London office.</p>", locations=["London"]),
    ]  # fmt: skip


def second(source: str) -> list[Posting]:
    if source == "acme":
        return [
            *first("acme"),
            _job("acme", "evil", HOSTILE_TITLE, "<p>\u202eevil text</p>", url=HOSTILE_URL,
                 company="<b>Evil</b> Corp", locations=["<i>Nowhere</i>"]),
        ]  # fmt: skip
    return [
        _job("stripe", "1", "Backend Engineer",
             _pay("$160,000", "$240,000", 60) + "<p>We also hire in Dublin.</p>"),
        _job("stripe", "2", "Senior Data Scientist", _pay("$140,000", "$180,000", 40),
             locations=["Toronto"]),
        _job("stripe", "4", "Site Reliability Engineer", _pay("$170,000", "$210,000", 20),
             locations=["Seattle, WA", "Remote - US"]),
    ]  # fmt: skip


def seed(db_url: str, cfg: Config | None = None) -> Config:
    """Two cycles over both sources, and a third in which acme's board fails."""
    cfg = cfg or config()
    engine = make_engine(db_url)
    ensure_schema(engine)
    store = Store(engine, cfg)
    sources = {s.name: s for s in cfg.sources}
    for cycle in (first, second):
        for name in ("stripe", "acme"):
            store.store_listing(sources[name], cycle(name), ListingEnd(name, "complete"), utcnow())
    failed = ListingEnd("acme", "failed", error="HTTP 503 <b>x</b>")
    store.store_listing(sources["acme"], [], failed, utcnow())
    engine.dispose()
    return cfg
