"""`rolewatch pay`, /pay and /api/v1/pay against figures worked out by hand, on SQLite and
PostgreSQL: postings stored through the real store, versions moved back in time."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from monitor.cli import main
from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.paystats import month_of
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import PostingRow, SnapshotRow
from monitor.store.writer import Store
from monitor.timeutil import utcnow

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from fastapi.testclient import TestClient

from monitor.web.app import create_app


def _range(low: float, high: float, period: str = "year", currency: str = "USD",
           kind: str | None = "base") -> dict[str, Any]:  # fmt: skip
    return {"min": low, "max": high, "currency": currency, "period": period, "scope": None,
            "kind": kind}  # fmt: skip


def _job(source: str, ident: str, title: str, location: str, *pay: dict[str, Any]) -> Posting:
    return Posting(source=source, external_id=ident, title=title, url=f"https://x.test/{ident}",
                   locations=[location], description="Join us.", pay=list(pay))  # fmt: skip


def _listing(source: str, a1: dict[str, Any]) -> list[Posting]:
    if source == "a":
        return [
            _job("a", "1", "Backend Engineer", "New York, NY", a1),
            _job("a", "2", "Frontend Engineer", "Austin, TX", _range(50, 60, "hour")),
            _job("a", "3", "Designer", "Austin, TX", _range(90_000, 110_000)),
        ]
    return [
        _job("b", "1", "Data Engineer", "London, UK", _range(70_000, 90_000, currency="GBP")),
        _job("b", "2", "Platform Engineer", "Denver, CO", _range(120_000, 160_000)),
        _job("b", "3", "Sales Engineer", "Denver, CO", _range(200_000, 250_000, kind="ote")),
    ]


def _month_start(months_back: int) -> datetime:
    now = utcnow()
    year, month = now.year, now.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 1, tzinfo=UTC)


@pytest.fixture()
def seeded(db_url: str) -> tuple[str, Any]:
    """a:1 posted two months back at 90,000-130,000, raised last month to 100,000-140,000;
    the rest posted this month."""
    config = parse_config({"sources": [{"name": n, "kind": "greenhouse", "board": n}
                                       for n in ("a", "b")]})  # fmt: skip
    engine = make_engine(db_url)
    ensure_schema(engine)
    store = Store(engine, config)
    sources = {s.name: s for s in config.sources}
    for a1 in (_range(90_000, 130_000), _range(100_000, 140_000)):
        for name in ("a", "b"):
            store.store_listing(sources[name], _listing(name, a1), ListingEnd(name, "complete"),
                                utcnow())  # fmt: skip
    posted, raised = _month_start(2) + timedelta(days=14), _month_start(1) + timedelta(days=9)
    with engine.begin() as conn:
        conn.execute(update(PostingRow).where(PostingRow.key == "a:1").values(first_seen=posted))
        for version, when in ((1, posted), (2, raised)):
            conn.execute(
                update(SnapshotRow)
                .where(SnapshotRow.posting_id == PostingRow.id, PostingRow.key == "a:1",
                       SnapshotRow.version == version)
                .values(taken_at=when)
            )  # fmt: skip
    engine.dispose()
    return db_url, config


# Engineers, USD a year: lows 100,000 (a:1), 104,000 (a:2: 50 x 2,080), 120,000 (b:2);
# highs 140,000, 124,800 (60 x 2,080), 160,000. Quartiles at q * (n - 1) between the sorted.
ENGINEERS = {
    "postings": 3,
    "ranges": 3,
    "low": {"n": 3, "median": 104_000, "q1": 102_000, "q3": 112_000},
    "high": {"n": 3, "median": 140_000, "q1": 132_400, "q3": 150_000},
}
BY_SOURCE = {
    "a": {"postings": 2, "ranges": 2,
          "low": {"n": 2, "median": 102_000, "q1": 101_000, "q3": 103_000},
          "high": {"n": 2, "median": 132_400, "q1": 128_600, "q3": 136_200}},
    "b": {"postings": 1, "ranges": 1,
          "low": {"n": 1, "median": 120_000, "q1": 120_000, "q3": 120_000},
          "high": {"n": 1, "median": 160_000, "q1": 160_000, "q3": 160_000}},
}  # fmt: skip


def _one(low: float, high: float) -> dict[str, Any]:
    return {"postings": 1, "ranges": 1,
            "low": {"n": 1, "median": low, "q1": low, "q3": low},
            "high": {"n": 1, "median": high, "q1": high, "q3": high}}  # fmt: skip


def test_pay_per_source_overall_and_by_month(
    seeded: tuple[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    db_url, _ = seeded
    assert main(["--db", db_url, "pay", "--title", "engineer", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["overall"] == ENGINEERS and found["by_source"] == BY_SOURCE
    assert found["other_currencies"] == {"GBP": 1} and found["other_kinds"] == 1
    months = {m["month"]: m for m in found["monthly"]}
    assert list(months) == [month_of(_month_start(n).date()) for n in (2, 1, 0)]
    first, second, now = months.values()
    assert first["overall"] == _one(90_000, 130_000)  # a:1 as first posted
    assert second["overall"] == _one(100_000, 140_000)  # raised
    assert now["overall"] == ENGINEERS

    assert main(["--db", db_url, "pay", "--title", "engineer", "--period", "hour",
                 "-s", "b", "--json"]) == 0  # fmt: skip
    hourly = json.loads(capsys.readouterr().out)
    assert hourly["overall"]["low"]["median"] == round(120_000 / 2080, 2)
    assert list(hourly["by_source"]) == ["b"]

    assert main(["--db", db_url, "pay", "--location", "austin"]) == 0
    text = capsys.readouterr().out
    assert "$97,000" in text  # the median low of 90,000 and 104,000, Austin's two


@pytest.mark.parametrize(
    ("args", "why"),
    [(["--currency", "dollars"], "currency: 'dollars' is not an ISO 4217 code"),
     (["--title", "(a+"], "title: '(a+' is not a valid regular expression"),
     (["-s", "nope"], "unknown source 'nope'")],
)  # fmt: skip
def test_pay_says_what_was_wrong(
    seeded: tuple[str, Any], capsys: pytest.CaptureFixture[str], args: list[str], why: str
) -> None:
    db_url, _ = seeded
    assert main(["--db", db_url, "pay", *args]) == 2
    assert why in capsys.readouterr().err


def test_pay_takes_the_periods_it_converts_to(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["pay", "--period", "fortnight"])
    assert stopped.value.code == 2
    assert "invalid choice: 'fortnight' (choose from 'year', 'month'" in capsys.readouterr().err


def test_the_pay_page_and_api(seeded: tuple[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    db_url, config = seeded
    engine = make_engine(db_url)
    with TestClient(create_app(engine, config), base_url="http://127.0.0.1") as client:
        api = client.get("/api/v1/pay?title=engineer").json()
        assert main(["--db", db_url, "pay", "--title", "engineer", "--json"]) == 0
        assert api == json.loads(capsys.readouterr().out)
        page = client.get("/pay?title=engineer")
        assert page.status_code == 200
        assert "$104,000" in page.text and '<svg class="chart"' in page.text
        assert 'href="/pay"' in client.get("/").text  # in the nav
        bad = client.get("/api/v1/pay?period=fortnight")
        assert bad.status_code == 400 and "period" in bad.json()["error"]
    engine.dispose()


def test_the_commands_spelt_out_lists_are_the_modules() -> None:
    from monitor import cli, paystats, transparency

    assert cli.TRANSPARENCY == transparency.STATUSES
    assert tuple(paystats.PER_YEAR) == cli.PERIODS
