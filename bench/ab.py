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

    python bench/ab.py REV REV [...] --paired 7 [--db both]

On a machine whose speed moves from minute to minute (a VM beside busy neighbours: the same
cycle 30% apart in one round), whole rounds are too coarse. `--paired N` instead runs every
cycle N times per commit, one commit right after the other (the order alternating), each on a
database of its own, and gives for each later commit the median of the N ratios of its run to
the first commit's run next to it, wall and CPU, with their range.
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
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.boards import write_boards  # noqa: E402
from bench.run import CYCLES, Database, compile_code, one_run, start_cycle, write_config  # noqa: E402
from bench.server import StaticServer  # noqa: E402

T = TypeVar("T")


def order(revs: list[T], round_: int) -> list[T]:
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


def unknown_revs(revs: list[str]) -> list[str]:
    """The revisions git cannot resolve to a commit in this checkout."""
    return [rev for rev in revs if subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        capture_output=True).returncode != 0]  # fmt: skip


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


class _Side:
    """One commit in a paired run: its checkout, database, config and runs."""

    def __init__(self, rev: str, tree: Path, kind: str, folder: Path, server: StaticServer,
                 boards: int) -> None:  # fmt: skip
        folder.mkdir()
        self.rev, self.tree, self.db = rev, tree, Database(kind, folder)
        # one process, as commits before shards ran
        shards = 1 if _knows_shards(tree / "bench" / "run.py") else None
        config = write_config(folder, server, boards, self.db.url, shards)
        self.cmd = [sys.executable, "-m", "monitor", "--config", str(config), "check", "--json",
                    "--no-notify"]  # fmt: skip
        self.env = {**os.environ, "PYTHONPATH": str(tree)}
        self.runs: dict[str, list[dict[str, Any]]] = {cycle: [] for cycle in CYCLES}

    def run(self, cycle: str, attempt: int) -> None:
        """One run of a cycle from its starting state; a failed run stops all."""
        run = one_run(self.cmd, self.tree, self.db, cycle, attempt, self.env)
        if run["exit"] != 0:
            raise SystemExit(f"{self.rev}: {cycle} exited {run['exit']}")
        self.runs[cycle].append({
            "seconds": run["seconds"], "cpu_seconds": run["cpu_seconds"],
            "snapshots_added": run["added"]["snapshots"],
        })  # fmt: skip


def paired(trees: dict[str, Path], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each cycle `args.paired` times per commit, the commits side by side (see the module's
    docstring); one row per database and cycle."""
    rows = []
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory(prefix="rw-ab-paired-") as work_name:
        work = Path(work_name)
        work.chmod(0o755)  # nginx's workers run as another user
        boards_dir = work / "boards"
        with StaticServer(boards_dir, hosts=1) as server:
            for kind in kinds:
                write_boards(boards_dir, args.boards, args.postings)  # generation 0, new ETags
                sides = [_Side(rev, tree, kind, work / f"{kind}-{i}", server, args.boards)
                         for i, (rev, tree) in enumerate(trees.items())]  # fmt: skip
                try:
                    for cycle in CYCLES:
                        start_cycle(cycle, boards_dir, args.boards, args.postings,
                                    [side.db for side in sides])  # fmt: skip
                        for i in range(args.paired):
                            for side in order(sides, i):
                                side.run(cycle, i)
                            print(f"{kind} {cycle} {i + 1}: " + ", ".join(
                                f"{s.rev} {s.runs[cycle][-1]['seconds']:.2f}s" for s in sides),
                                flush=True)  # fmt: skip
                        rows.append(pair_row(kind, cycle, {s.rev: s.runs[cycle] for s in sides}))
                finally:
                    for side in sides:
                        side.db.close()
    return rows


def pair_row(kind: str, cycle: str, runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per commit (`runs` maps each to its runs of this cycle, in the order they were made):
    its runs' medians, and each later commit's ratios to the first's run made beside it."""
    revs = list(runs)
    first = runs[revs[0]]
    row: dict[str, Any] = {"db": kind, "cycle": cycle, "revs": {}}
    for rev in revs:
        stats: dict[str, Any] = {
            "runs": [r["seconds"] for r in runs[rev]],
            "median": statistics.median(r["seconds"] for r in runs[rev]),
            "cpu_median": statistics.median(r["cpu_seconds"] for r in runs[rev]),
            "snapshots_added": sorted({r["snapshots_added"] for r in runs[rev]}),
        }
        if rev != revs[0]:
            for key, field in (("wall", "seconds"), ("cpu", "cpu_seconds")):
                ratios = sorted(r[field] / f[field] for r, f in zip(runs[rev], first, strict=True))
                stats[key] = {"median": statistics.median(ratios), "min": ratios[0],
                              "max": ratios[-1]}  # fmt: skip
        row["revs"][rev] = stats
    return row


def paired_markdown(rows: list[dict[str, Any]], revs: list[str], pairs: int) -> str:
    """The paired rows as a Markdown table."""
    head = ["database", "cycle"] + [f"{rev} s (median)" for rev in revs]
    for rev in revs[1:]:
        head += [f"{rev} / {revs[0]}, wall (range)", "CPU (range)"]
    lines = [f"Median of {pairs} paired runs per cycle; ratios of runs made side by side.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]  # fmt: skip
    for row in rows:
        cells = [row["db"], row["cycle"]]
        cells += [f"{row['revs'][rev]['median']:.2f}" for rev in revs]
        for rev in revs[1:]:
            for key in ("wall", "cpu"):
                r = row["revs"][rev][key]
                cells.append(f"{r['median']:.3f} ({r['min']:.2f}-{r['max']:.2f})")
        lines.append("| " + " | ".join(cells) + " |")
    for row in rows:
        added = {rev: stats["snapshots_added"] for rev, stats in row["revs"].items()}
        if len({tuple(a) for a in added.values()}) > 1:
            lines.append(f"\nThe commits stored different work in {row['db']} {row['cycle']}: "
                         f"snapshots added {added}.")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+", help="commits to compare, the first the baseline")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cycle (median)")
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "ab")
    parser.add_argument(
        "--paired", type=int, default=0, metavar="N",
        help="N runs of each cycle per commit, side by side, instead of --rounds",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if len(set(args.revs)) != len(args.revs):
        parser.error("each commit once")
    if args.paired and len(args.revs) < 2:
        parser.error("--paired compares commits: give at least two")
    if unknown := unknown_revs(args.revs):
        parser.error(f"not a commit in {ROOT}: {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict[str, Any]]] = {rev: [] for rev in args.revs}
    with tempfile.TemporaryDirectory(prefix="rw-ab-") as work:
        trees = {rev: _worktree(rev, Path(work) / str(i)) for i, rev in enumerate(args.revs)}
        try:
            if args.paired:
                rows = paired(trees, args)
                (args.out / "paired.json").write_text(json.dumps(rows, indent=2))
                print(paired_markdown(rows, args.revs, args.paired))
                return 0
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
