"""bench/run.py's floors beside each cycle run, and how bench/report.py shows them."""

from __future__ import annotations

from typing import Any

from bench.report import table
from bench.run import beside_floor


def test_each_run_is_measured_against_the_floor_run_beside_it() -> None:
    # the machine slows by half for the second pair: both of its runs are slower, so the
    # ratio is the same; against the first floor alone the second run would look 1.5x worse
    runs = [{"seconds": 4.0}, {"seconds": 6.0}, {"seconds": 5.0}]
    floors = [{"seconds": 2.0}, {"seconds": 3.0}, {"seconds": 2.0}]
    row = beside_floor(runs, floors)
    assert row["x_floor"] == 2.0 and row["x_floor_min"] == 2.0 and row["x_floor_max"] == 2.5
    assert row["floor_seconds"] == 2.0 and row["floor_runs"] == [2.0, 3.0, 2.0]


def report(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "boards": 10, "postings_per_board": 5, "cores": 2, "python": "3.11", "server": "nginx",
        "floor_aiohttp": {"seconds": 0.1},
        "floor_scrapy": {"seconds": 2.0, "in_process_seconds": 1.5},
        "floor_scrapy_304": {"seconds": 1.0},
        "sqlite": [{
            "cycle": "steady", "seconds": 3.0, "peak_rss_mb": 100, "db_mb": 1,
            "snapshots_added": 0, "change_kinds": {}, **row,
        }],
    }  # fmt: skip


def test_the_table_shows_the_floor_beside_and_reads_older_results() -> None:
    beside = table(report({"x_floor": 1.1, "x_floor_min": 0.9, "x_floor_max": 1.25}))
    assert "| sqlite | steady | 3.00 | 3.00-3.00 | 3.0 | 1.10 (0.90-1.25) |" in beside
    # results written before floors ran beside: the multiple of the floor timed first (304)
    assert "| sqlite | steady | 3.00 | 3.00-3.00 | 3.0 | 3.00 |" in table(report({}))
