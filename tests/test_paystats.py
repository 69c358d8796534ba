"""Pay statistics against figures worked out by hand (each test shows the arithmetic)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from monitor.paystats import (
    Observation,
    PayStats,
    Spread,
    convert,
    monthly,
    pay_stats,
    per_year,
    quantile,
    spread,
)
from tests.boards import pay_range as _pay


def _obs(
    key: str,
    *pay: dict[str, Any],
    source: str = "acme",
    title: str = "Software Engineer",
    locations: tuple[str, ...] = ("New York, NY",),
    seen_on: date = date(2026, 3, 10),
) -> Observation:
    return Observation(key, source, title, locations, tuple(pay), seen_on)


@pytest.mark.parametrize(
    ("amount", "period", "year"),
    [
        (50, "hour", 104_000),  # 50 x 2080
        (400, "day", 104_000),  # 400 x 260
        (2_000, "week", 104_000),  # 2000 x 52
        (10_000, "month", 120_000),  # 10000 x 12
        (95_000, "year", 95_000),
    ],
)
def test_per_year(amount: float, period: str, year: float) -> None:
    assert per_year(amount, period) == year


def test_convert_goes_through_the_year() -> None:
    assert convert(50, "hour", "month") == pytest.approx(8_666.666_67)  # 104000 / 12
    assert convert(120_000, "year", "hour") == pytest.approx(57.692_307_7)  # 120000 / 2080
    assert convert(2_000, "week", "day") == 400  # 104000 / 260


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([100, 110, 120, 150], 0.5, 115),  # position 1.5: 110 + 0.5 x 10
        ([100, 110, 120, 150], 0.25, 107.5),  # position 0.75: 100 + 0.75 x 10
        ([100, 110, 120, 150], 0.75, 127.5),  # position 2.25: 120 + 0.25 x 30
        ([100, 110, 120], 0.25, 105),  # position 0.5
        ([7], 0.75, 7),
    ],
)
def test_quantile_type_7(values: list[float], q: float, expected: float) -> None:
    assert quantile(values, q) == pytest.approx(expected)


def test_spread_of_nothing_is_none() -> None:
    assert spread([]) is None
    assert spread([3, 1, 2]) == Spread(n=3, median=2, q1=1.5, q3=2.5)


def test_overall_and_per_source() -> None:
    observations = [
        _obs("acme:1", _pay(100_000, 140_000)),
        _obs("acme:2", _pay(110_000, 150_000)),
        _obs("beta:1", _pay(120_000, 160_000), source="beta"),
        _obs("beta:2", _pay(150_000, 200_000), source="beta"),
    ]
    report = pay_stats(observations)
    # lows 100, 110, 120, 150 (thousands): median 115, q1 107.5, q3 127.5
    # highs 140, 150, 160, 200: median 155, q1 147.5, q3 170
    assert report.overall == PayStats(
        postings=4,
        ranges=4,
        low=Spread(4, 115_000, 107_500, 127_500),
        high=Spread(4, 155_000, 147_500, 170_000),
    )
    assert report.by_source["acme"] == PayStats(
        2, 2, Spread(2, 105_000, 102_500, 107_500), Spread(2, 145_000, 142_500, 147_500)
    )
    assert report.by_source["beta"] == PayStats(
        2, 2, Spread(2, 135_000, 127_500, 142_500), Spread(2, 180_000, 170_000, 190_000)
    )


def test_periods_are_converted_before_the_statistics() -> None:
    observations = [
        _obs("a:1", _pay(50, 60, period="hour")),  # 104,000 - 124,800 a year
        _obs("a:2", _pay(10_000, 12_000, period="month")),  # 120,000 - 144,000
        _obs("a:3", _pay(130_000, 150_000)),
    ]
    yearly = pay_stats(observations).overall
    assert yearly.low == Spread(3, 120_000, 112_000, 125_000)
    assert yearly.high == Spread(3, 144_000, 134_400, 147_000)
    hourly = pay_stats(observations, period="hour").overall
    assert hourly.low is not None
    assert hourly.low.median == pytest.approx(120_000 / 2080)


def test_ranges_with_one_end_count_towards_that_end_only() -> None:
    observations = [
        _obs("a:1", _pay(100_000, None)),  # "from $100,000"
        _obs("a:2", _pay(None, 180_000)),  # "up to $180,000"
        _obs("a:3", _pay(120_000, 160_000)),
        _obs("a:4", _pay(130_000, 130_000)),  # one amount: both ends
    ]
    stats = pay_stats(observations).overall
    assert stats.ranges == 4
    assert stats.low == Spread(3, 120_000, 110_000, 125_000)  # 100, 120, 130
    assert stats.high == Spread(3, 160_000, 145_000, 170_000)  # 130, 160, 180


def test_other_currencies_are_left_out_and_counted() -> None:
    observations = [
        _obs("a:1", _pay(100_000, 120_000), _pay(90_000, 110_000, currency="EUR")),
        _obs("a:2", _pay(70_000, 80_000, currency="GBP"), _pay(75_000, 85_000, currency="GBP")),
        _obs("a:3", _pay(140_000, 160_000, currency="CAD")),
    ]
    usd = pay_stats(observations)
    assert usd.overall.ranges == 1
    assert usd.overall.postings == 1
    assert usd.other_currencies == {"EUR": 1, "GBP": 2, "CAD": 1}
    gbp = pay_stats(observations, currency="GBP")
    assert gbp.overall.low == Spread(2, 72_500, 71_250, 73_750)
    assert gbp.other_currencies == {"USD": 1, "EUR": 1, "CAD": 1}


def test_base_pay_only_unless_asked() -> None:
    observations = [
        _obs("a:1", _pay(100_000, 120_000, kind="base"), _pay(150_000, 180_000, kind="ote")),
        _obs("a:2", _pay(110_000, 130_000), _pay(200_000, 260_000, kind="total")),
    ]
    base = pay_stats(observations)
    assert base.overall.low == Spread(2, 105_000, 102_500, 107_500)
    assert base.other_kinds == 2
    ote = pay_stats(observations, kinds=("ote",))
    assert ote.overall.low == Spread(1, 150_000, 150_000, 150_000)
    assert ote.other_kinds == 3


def test_title_and_location_regexes_are_case_insensitive_searches() -> None:
    observations = [
        _obs("a:1", _pay(100_000, 120_000), title="Senior Backend Engineer"),
        _obs("a:2", _pay(130_000, 150_000), title="Frontend Engineer", locations=("Denver, CO",)),
        _obs("a:3", _pay(90_000, 95_000), title="Office Manager"),
    ]
    assert pay_stats(observations, title="engineer").overall.ranges == 2
    assert pay_stats(observations, title="^front").overall.ranges == 1
    assert pay_stats(observations, location="denver|boulder").overall.ranges == 1
    assert pay_stats(observations, title="ENGINEER", location="new york").overall.ranges == 1


def test_a_scoped_range_counts_where_its_scope_matches() -> None:
    zoned = _obs(
        "a:1",
        _pay(150_000, 180_000, scope="New York City"),
        _pay(120_000, 150_000, scope="Remote - US"),
        locations=("New York, NY", "Remote - US"),
    )
    plain = _obs("a:2", _pay(140_000, 170_000), locations=("New York, NY",))
    nyc = pay_stats([zoned, plain], location="new york").overall
    assert nyc.low == Spread(2, 145_000, 142_500, 147_500)  # 150 (NYC zone) and 140
    remote = pay_stats([zoned, plain], location="remote").overall
    assert remote.low == Spread(1, 120_000, 120_000, 120_000)
    # without a location every range counts
    assert pay_stats([zoned, plain]).overall.ranges == 3


def test_a_bad_period_is_refused() -> None:
    with pytest.raises(ValueError, match="period must be one of"):
        pay_stats([], period="fortnight")


def test_nothing_matching_gives_empty_statistics() -> None:
    report = pay_stats([_obs("a:1", _pay(1, 2))], title="nurse")
    assert report.overall == PayStats(0, 0, None, None)
    assert report.by_source == {}


def test_monthly_series_counts_each_posting_once_a_month_as_last_seen() -> None:
    observations = [
        _obs("a:1", _pay(100_000, 120_000), seen_on=date(2026, 1, 5)),
        _obs("a:1", _pay(105_000, 125_000), seen_on=date(2026, 1, 20)),  # edited mid-month
        _obs("a:2", _pay(90_000, 110_000), seen_on=date(2026, 1, 12)),
        _obs("a:1", _pay(105_000, 125_000), seen_on=date(2026, 2, 2)),
        _obs("a:3", _pay(130_000, 150_000), seen_on=date(2026, 2, 14)),
    ]
    series = monthly(observations)
    assert list(series) == ["2026-01", "2026-02"]
    january = series["2026-01"].overall
    assert january.postings == 2
    assert january.low == Spread(2, 97_500, 93_750, 101_250)  # 90 and 105 (the edit)
    february = series["2026-02"].overall
    assert february.high == Spread(2, 137_500, 131_250, 143_750)  # 125 and 150


def test_json_shape() -> None:
    report = pay_stats(
        [_obs("a:1", _pay(50, 60, period="hour")), _obs("a:2", _pay(1, 2, currency="EUR"))],
        period="month",
    )
    assert report.as_dict() == {
        "currency": "USD",
        "period": "month",
        "kinds": ["base", None],
        "overall": {
            "postings": 1,
            "ranges": 1,
            "low": {"n": 1, "median": 8666.67, "q1": 8666.67, "q3": 8666.67},
            "high": {"n": 1, "median": 10400.0, "q1": 10400.0, "q3": 10400.0},
        },
        "by_source": {
            "acme": {
                "postings": 1,
                "ranges": 1,
                "low": {"n": 1, "median": 8666.67, "q1": 8666.67, "q3": 8666.67},
                "high": {"n": 1, "median": 10400.0, "q1": 10400.0, "q3": 10400.0},
            }
        },
        "other_currencies": {"EUR": 1},
        "other_kinds": 0,
    }
