"""bench/ab.py's arithmetic: the rotating order and the summary (the runs themselves are
`bench/run.py`'s, which `make bench` exercises)."""

from __future__ import annotations

from typing import Any

from bench.ab import markdown, order, pair_row, paired_markdown, summarise, unknown_revs


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


def run(seconds: float, cpu: float, snapshots: int = 0) -> dict[str, Any]:
    return {"seconds": seconds, "cpu_seconds": cpu, "snapshots_added": snapshots}


def test_paired_runs_give_the_median_of_each_pair_s_ratio() -> None:
    # the machine slows in the middle: the second pair is slower for both commits, and the
    # ratio of runs made side by side still says 0.9
    runs = {
        "base": [run(10.0, 20.0), run(20.0, 40.0), run(10.0, 20.0)],
        "main": [run(9.0, 19.0), run(18.0, 36.0), run(10.0, 20.0)],
    }
    row = pair_row("sqlite", "cold", runs)
    main = row["revs"]["main"]
    assert main["wall"] == {"median": 0.9, "min": 0.9, "max": 1.0}
    assert main["cpu"] == {"median": 0.95, "min": 0.9, "max": 1.0}
    assert main["median"] == 10.0 and row["revs"]["base"]["median"] == 10.0
    assert "wall" not in row["revs"]["base"]
    table = paired_markdown([row], ["base", "main"], 3)
    assert "| sqlite | cold | 10.00 | 10.00 | 0.900 (0.90-1.00) | 0.950 (0.90-1.00) |" in table
    assert "different work" not in table


def test_paired_runs_that_stored_different_work_are_pointed_out() -> None:
    runs = {"base": [run(3.0, 3.0, 500)], "main": [run(3.0, 3.0, 0)]}
    table = paired_markdown([pair_row("postgres", "1% changed", runs)], ["base", "main"], 1)
    assert "stored different work in postgres 1% changed" in table


def test_revisions_git_cannot_resolve_are_named_before_anything_runs() -> None:
    assert unknown_revs(["HEAD", "no-such-rev-anywhere", "HEAD~0"]) == ["no-such-rev-anywhere"]
