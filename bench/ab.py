"""`make bench`'s cycles for several commits, interleaved, on the same machine in one sitting.

    python bench/ab.py REV [REV ...] [--rounds 2] [--db sqlite|postgres|both] [--repeat 3]
                       [--boards 1000] [--postings 50]

Each commit is checked out in a worktree of its own and its own `bench/run.py` is run with
this checkout's virtualenv, `--rounds` times, the order rotating from round to round (on a
machine whose speed drifts, the commit that always runs first looks fastest). One process and
one host (`--shards 1 --hosts 1`) where that commit's run.py knows those options, which is
what commits before them ran. The table gives, per database and cycle, every run's median,
each commit's median over the rounds, raw and as a multiple of its runs' Scrapy floor, and
the change from the first commit. Results are kept in `--out` (a folder), one JSON per run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.run import CYCLES, compile_code  # noqa: E402


def order(revs: list[str], round_: int) -> list[str]:
    """The commits in the order round `round_` runs them: each takes every place in turn."""
    shift = round_ % len(revs)
    return revs[shift:] + revs[:shift]


def summarise(runs: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per database and cycle: each commit's run medians, their median, that median as a
    multiple of the runs' Scrapy floor, and the changes from the first commit (raw, per
    floor). `runs` maps each commit to its runs' reports (bench/run.py's JSON)."""
    revs = list(runs)
    rows = []
    dbs = [db for db in ("sqlite", "postgres") if all(db in r for rev in revs for r in runs[rev])]
    for db in dbs:
        for cycle in CYCLES:
            row: dict[str, Any] = {"db": db, "cycle": cycle, "revs": {}}
            for rev in revs:
                seconds, multiples = [], []
                for report in runs[rev]:
                    found = [c for c in report[db] if c["cycle"] == cycle]
                    if found:
                        seconds.append(found[0]["seconds"])
                        multiples.append(found[0]["seconds"] / report["floor_scrapy"]["seconds"])
                if seconds:
                    row["revs"][rev] = {
                        "runs": seconds,
                        "median": statistics.median(seconds),
                        "per_floor": statistics.median(multiples),
                    }
            first = row["revs"].get(revs[0])
            for rev, stats in row["revs"].items():
                if first and rev != revs[0]:
                    stats["change"] = stats["median"] / first["median"] - 1
                    stats["change_per_floor"] = stats["per_floor"] / first["per_floor"] - 1
            rows.append(row)
    return rows


def markdown(rows: list[dict[str, Any]], revs: list[str]) -> str:
    """The summary as a Markdown table, commits as columns."""
    head = ["database", "cycle"] + [f"{rev} s (x floor)" for rev in revs]
    head += [f"{rev} vs {revs[0]}" for rev in revs[1:]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["db"], row["cycle"]]
        for rev in revs:
            stats = row["revs"].get(rev)
            cells.append(
                f"{' / '.join(f'{s:.2f}' for s in stats['runs'])} ({stats['per_floor']:.2f})"
                if stats
                else "-"
            )
        for rev in revs[1:]:
            stats = row["revs"].get(rev)
            cells.append(
                f"{stats['change']:+.0%} ({stats['change_per_floor']:+.0%} per floor)"
                if stats and "change" in stats
                else "-"
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _worktree(rev: str, folder: Path) -> Path:
    """The commit checked out in `folder`, with its bytecode written (commits whose run.py
    does not do so themselves would otherwise compile their source in every process)."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), rev],
                   check=True, capture_output=True)  # fmt: skip
    compile_code(folder)
    return folder


def _run(tree: Path, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    script = tree / "bench" / "run.py"
    cmd = [sys.executable, str(script), "--db", args.db, "--repeat", str(args.repeat)]
    cmd += ["--boards", str(args.boards), "--postings", str(args.postings), "--out", str(out)]
    if _knows_shards(script):
        cmd += ["--shards", "1", "--hosts", "1"]
    subprocess.run(cmd, cwd=tree, check=True, env={**os.environ, "PYTHONPATH": str(tree)})
    report: dict[str, Any] = json.loads(out.read_text())
    return report


@functools.cache
def _knows_shards(script: Path) -> bool:
    """Whether a commit's run.py takes `--shards` and `--hosts` (asked once per commit)."""
    shown = subprocess.run([sys.executable, str(script), "--help"], cwd=script.parent.parent,
                           capture_output=True, text=True).stdout  # fmt: skip
    return "--shards" in shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+", help="commits to compare, the first the baseline")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cycle (median)")
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "ab")
    args = parser.parse_args(argv)
    if len(set(args.revs)) != len(args.revs):
        parser.error("each commit once")
    args.out.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict[str, Any]]] = {rev: [] for rev in args.revs}
    with tempfile.TemporaryDirectory(prefix="rw-ab-") as work:
        trees = {rev: _worktree(rev, Path(work) / str(i)) for i, rev in enumerate(args.revs)}
        try:
            for round_ in range(args.rounds):
                for rev in order(args.revs, round_):
                    print(f"round {round_ + 1}: {rev}", flush=True)
                    out = args.out / f"{rev.replace('/', '_')}-{round_ + 1}.json"
                    runs[rev].append(_run(trees[rev], args, out))
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], capture_output=True)  # fmt: skip
    print(markdown(summarise(runs), args.revs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
