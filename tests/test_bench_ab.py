"""bench/ab.py's arithmetic: the rotating order and the summary (the runs themselves are
`bench/run.py`'s, which `make bench` exercises)."""

from __future__ import annotations

from typing import Any

from bench.ab import markdown, order, summarise


def report(floor: float, seconds: dict[str, float], db: str = "sqlite") -> dict[str, Any]:
    return {
        "floor_scrapy": {"seconds": floor},
        db: [{"cycle": cycle, "seconds": s} for cycle, s in seconds.items()],
    }


def test_each_commit_takes_every_place_in_turn() -> None:
    revs = ["a", "b", "c"]
    rounds = [order(revs, r) for r in range(3)]
    assert rounds == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]
    for place in range(3):
        assert {r[place] for r in rounds} == set(revs)


def test_the_summary_gives_medians_multiples_of_the_floor_and_changes() -> None:
    runs = {
        "base": [
            report(2.0, {"cold": 8.0, "steady": 2.0}),
            report(3.0, {"cold": 9.0, "steady": 3.0}),
        ],  # fmt: skip
        "main": [
            report(2.0, {"cold": 10.0, "steady": 2.0}),
            report(2.0, {"cold": 11.0, "steady": 2.2}),
        ],  # fmt: skip
    }
    rows = {row["cycle"]: row for row in summarise(runs)}
    cold = rows["cold"]["revs"]
    assert cold["base"]["runs"] == [8.0, 9.0] and cold["base"]["median"] == 8.5
    assert cold["base"]["per_floor"] == (4.0 + 3.0) / 2
    assert round(cold["main"]["change"], 4) == round(10.5 / 8.5 - 1, 4)
    assert round(cold["main"]["change_per_floor"], 4) == round(5.25 / 3.5 - 1, 4)
    assert "change" not in cold["base"]
    assert rows["1% changed"]["revs"] == {}  # no run had that cycle
    table = markdown(summarise(runs), ["base", "main"])
    row = "| sqlite | cold | 8.00 / 9.00 (3.50) | 10.00 / 11.00 (5.25) | +24% (+50% per floor) |"
    assert row in table


def test_a_database_only_some_runs_have_is_left_out() -> None:
    runs = {"a": [report(2.0, {"cold": 8.0})], "b": [report(2.0, {"cold": 8.0}, db="postgres")]}
    assert summarise(runs) == []
