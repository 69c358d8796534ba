"""Time whole `rolewatch check` processes over N boards of M postings, beside the floors.

    python bench/run.py [--boards 1000] [--postings 50] [--db sqlite|postgres|both]
                        [--repeat 3] [--readme]

Cycles: cold (baseline), steady (nothing changed), 1% of postings changed pay. Each runs
`--repeat` times from the same starting state (the database is saved and restored), and the
median is reported with the spread. For each: the wall time of the whole process, its peak
RSS, the database size and the rows it added. Floors, also repeated: a bare aiohttp client and
a plain Scrapy spider (whole process; and with every board answering 304).

Each run of a cycle also has Scrapy's floor run right beside it (before it or after it, in
turn), the all-304 floor for a steady cycle and the plain one otherwise, and "x floor" is the
median of those pairs' ratios: on a machine whose speed drifts from minute to minute (seen
here: the same floor 2.5 s one evening, 3.7 s the next morning), a multiple of a floor timed
minutes earlier says more about the drift than about rolewatch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.boards import write_boards  # noqa: E402
from bench.floor import fetch_all  # noqa: E402
from bench.server import StaticServer  # noqa: E402

PG_ADMIN = os.environ.get("ROLEWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TABLES = ("postings", "snapshots", "changes", "alerts", "runs")
CYCLES = ("cold", "steady", "1% changed", "steady again")  # in the order they run


def compile_code(tree: Path) -> None:
    """Write the bytecode of rolewatch's packages in `tree`, as `pip install` does.

    A checkout run with PYTHONDONTWRITEBYTECODE set (as here, and in many containers) has
    none, so every process, and every worker importing readers after its fork, compiles the
    source again: 0.05 to 0.1 s a process, more for a commit with more modules, which an
    installed rolewatch never pays and which would blur a comparison between commits."""
    packages = [str(tree / name) for name in ("monitor", "spiders")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a whole process; its wall time and peak RSS (from wait4, not polled)."""
    # output to files, not pipes: a summary of 1,000 sources would fill a pipe and block
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        sys.stderr.write(stderr[-3000:])
    return {
        "seconds": round(seconds, 3),
        # the process and every child it waited for (workers, the store process): a figure
        # that a busy machine disturbs less than the wall time
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": proc.returncode,
        "stdout": stdout,
    }


def counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        out = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
        if engine.dialect.name == "postgresql":
            out["db_bytes"] = conn.execute(
                text("SELECT pg_database_size(current_database())")
            ).scalar_one()
    engine.dispose()
    return out


def db_size(url: str, stats: dict[str, int]) -> float:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    else:
        size = stats.get("db_bytes", 0)
    return round(size / 2**20, 1)


def write_config(
    folder: Path, server: StaticServer, boards: int, db: str, shards: int | None
) -> Path:
    """The benchmark's config; `shards` None leaves the setting out (commits before it)."""
    lines = [f"database: {db}", "concurrency: 64", "per_host: 64"]
    if shards is not None:
        lines.append(f"shards: {shards}")
    lines.append("sources:")
    for i in range(boards):
        lines.append(f"  - {{name: b{i}, kind: greenhouse, url: '{server.base_of(i)}/{i}.json'}}")
    path = folder / "rolewatch.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Database:
    """The benchmark's database, with one saved state to go back to between repeats."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder = kind, folder
        if kind == "sqlite":
            self.url = f"sqlite:///{folder / 'bench.db'}"
            self.admin = None
        else:
            import psycopg

            self.name = f"rw_bench_{uuid.uuid4().hex[:8]}"
            self.admin = psycopg.connect(PG_ADMIN, autocommit=True)
            self.url = PG_ADMIN.rsplit("/", 1)[0] + "/" + self.name
            self._create(self.name)

    def _files(self, stem: str) -> list[Path]:
        return [self.folder / f"{stem}{ext}" for ext in ("", "-wal", "-shm")]

    def _create(self, name: str, template: str | None = None) -> None:
        assert self.admin is not None
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        self.admin.execute(f'CREATE DATABASE "{name}"{suffix}')

    def empty(self) -> None:
        if self.admin is None:
            for path in self._files("bench.db"):
                path.unlink(missing_ok=True)
        else:
            self._create(self.name)

    def save(self) -> None:
        if self.admin is None:
            self._copy("bench.db", "saved.db")
        else:
            self._create(self.name + "_saved", template=self.name)

    def restore(self) -> None:
        if self.admin is None:
            self._copy("saved.db", "bench.db")
        else:
            self._create(self.name, template=self.name + "_saved")

    def _copy(self, source: str, target: str) -> None:
        """A SQLite file with its WAL and shared memory, replacing the target's."""
        for src, dst in zip(self._files(source), self._files(target), strict=True):
            dst.unlink(missing_ok=True)
            if src.exists():
                shutil.copyfile(src, dst)

    def close(self) -> None:
        if self.admin is not None:
            for name in (self.name, self.name + "_saved"):
                self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.admin.close()


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median run's seconds, with the spread and every run's seconds beside it."""
    seconds = sorted(r["seconds"] for r in runs)
    return {
        "seconds": round(statistics.median(seconds), 3),
        "min_seconds": seconds[0],
        "max_seconds": seconds[-1],
        "runs": [r["seconds"] for r in runs],
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "exit": max(r["exit"] for r in runs),
    }


class Floors:
    """Scrapy's one-spider floor (bench/scrapy_floor.py) over the boards as they are now."""

    def __init__(self, base: str, boards: int, work: Path):
        self.cmd = [sys.executable, str(HERE / "scrapy_floor.py"), base, str(boards)]
        self.boards, self.work = boards, work
        self.etags = work / "etags.json"

    def _run(self, *extra: str) -> dict[str, Any]:
        run = timed([*self.cmd, *extra], self.work)
        run.update(json.loads(run.pop("stdout")))
        return run

    def plain(self, *, save: bool = False) -> dict[str, Any]:
        """Every board fetched and parsed; with `save`, their validators kept for `all_304`."""
        if not save:
            return self._run()
        self.etags.unlink(missing_ok=True)  # a run without validators saves them
        return self._run("--etags", str(self.etags))

    def all_304(self) -> dict[str, Any]:
        """Every board asked with the validators `plain(save=True)` kept: all answer 304."""
        run = self._run("--etags", str(self.etags))
        if run["not_modified"] != self.boards:  # then it is no steady cycle's floor
            print(f"  warning: {run['not_modified']} of {self.boards} boards answered 304")
        return run

    def ready(self, cycle: str) -> None:
        """Before a cycle's runs: for a steady cycle, the validators of the boards as that
        cycle finds them (the last write of the boards changed their ETags)."""
        if "steady" in cycle:
            self.plain(save=True)

    def beside(self, cycle: str) -> dict[str, Any]:
        """The floor a run of `cycle` is measured against (after `ready(cycle)`)."""
        return self.all_304() if "steady" in cycle else self.plain()


def beside_floor(runs: list[dict[str, Any]], floors: list[dict[str, Any]]) -> dict[str, Any]:
    """Each run against the floor run beside it: the median ratio with its range."""
    ratios = sorted(r["seconds"] / f["seconds"] for r, f in zip(runs, floors, strict=True))
    return {
        "floor_seconds": round(statistics.median(f["seconds"] for f in floors), 3),
        "floor_runs": [f["seconds"] for f in floors],
        "x_floor": round(statistics.median(ratios), 3),
        "x_floor_min": round(ratios[0], 3),
        "x_floor_max": round(ratios[-1], 3),
    }


def start_cycle(
    name: str, boards_dir: Path, boards: int, postings: int, dbs: Sequence[Database]
) -> int:
    """Before a cycle's runs. For "1% changed": the boards' next generation written, and each
    database's state saved to start every run from. How many postings changed."""
    if name != "1% changed":
        return 0
    changed = write_boards(boards_dir, boards, postings, generation=1, change_rate=0.01)
    for db in dbs:
        db.save()
    return changed


def one_run(
    cmd: list[str], cwd: Path, db: Database, name: str, attempt: int,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One run of a cycle from its starting state (cold: an empty database; 1% changed: the
    state `start_cycle` saved), with its summary, the rows it added and the counts after it."""
    if name == "cold":
        db.empty()
    elif name == "1% changed" and attempt:
        db.restore()
    before = counts(db.url) if name != "cold" else dict.fromkeys(TABLES, 0)
    run = timed(cmd, cwd, env)
    summary = json.loads(run.pop("stdout") or "{}")
    after = counts(db.url)
    run["added"] = {t: after[t] - before[t] for t in TABLES}
    run["summary"] = summary
    run["stats"] = after
    return run


def cycles(
    db: Database, boards_dir: Path, server: StaticServer, args: argparse.Namespace, shards: int,
    floors: Floors,
) -> list[dict[str, Any]]:  # fmt: skip
    """Each cycle `args.repeat` times from the same starting state, each run with a floor run
    beside it; medians and spreads."""
    config = write_config(db.folder, server, args.boards, db.url, shards)
    cmd = [sys.executable, "-m", "monitor", "--config", str(config), "check", "--json"]
    cmd.append("--no-notify")
    results = []
    for name in CYCLES:
        changed = start_cycle(name, boards_dir, args.boards, args.postings, [db])
        floors.ready(name)
        runs, beside = [], []
        for attempt in range(args.repeat):
            if attempt % 2:  # the floor first in every other pair
                beside.append(floors.beside(name))
            runs.append(one_run(cmd, db.folder, db, name, attempt))
            if not attempt % 2:
                beside.append(floors.beside(name))
        last = runs[-1]
        kinds: dict[str, int] = {}
        for source in last["summary"].get("sources", []):
            for kind, n in source["changes"].items():
                kinds[kind] = kinds.get(kind, 0) + n
        failed = sum(s["status"] == "failed" for s in last["summary"].get("sources", []))
        row = {
            "cycle": name,
            **summarise(runs),
            **beside_floor(runs, beside),
            "db_mb": db_size(db.url, last["stats"]),
            "snapshots_added": last["added"]["snapshots"],
            "changes_added": last["added"]["changes"],
            "postings_changed": changed,
            "change_kinds": kinds,
            "failed_sources": failed,
        }
        results.append(row)
        print(
            f"  {name:13s} {row['seconds']:6.2f}s (runs {', '.join(map(str, row['runs']))})"
            f"  cpu {row['cpu_seconds']:6.2f}s  rss {row['peak_rss_mb']:6.1f} MB"
            f"  {row['x_floor']:.2f}x floor  +{row['snapshots_added']} snapshots  {kinds}",
            flush=True,
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cycle (median)")
    parser.add_argument("--readme", action="store_true", help="update bench/README.md's table")
    parser.add_argument(
        "--shards",
        default="1,2",
        help="the `shards:` settings to time, comma-separated (1: one process)",
    )
    parser.add_argument(
        "--hosts", type=int, default=8, help="loopback hosts the boards are spread over"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    work.chmod(0o755)  # nginx's workers run as another user
    boards_dir = work / "boards"
    print(f"generating {args.boards} boards x {args.postings} postings in {boards_dir}")
    write_boards(boards_dir, args.boards, args.postings)
    report: dict[str, Any] = {
        "repeat": args.repeat,
        "boards": args.boards,
        "postings_per_board": args.postings,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "hosts": args.hosts,
        "load_before": os.getloadavg(),
    }
    shard_counts = [int(n) for n in args.shards.split(",")]
    compile_code(HERE.parent)
    try:
        with StaticServer(boards_dir, hosts=args.hosts) as server:
            report["server"] = server.kind
            urls = [f"{server.base}/{i}.json" for i in range(args.boards)]
            asyncio.run(fetch_all(urls[:50]))
            aio = [asyncio.run(fetch_all(urls)) for _ in range(args.repeat)]
            seconds = statistics.median(s for _, s in aio)
            report["floor_aiohttp"] = {
                "seconds": round(seconds, 3),
                "runs": [round(s, 3) for _, s in aio],
                "postings": aio[0][0],
            }
            print(f"floor, aiohttp: {seconds:.2f}s for {aio[0][0]} postings")
            floors = Floors(server.base, args.boards, work)
            plains, conds = [], []
            for _ in range(args.repeat):
                plains.append(floors.plain(save=True))
                conds.append(floors.all_304())
            plain, cond = summarise(plains), summarise(conds)
            plain["in_process_seconds"] = statistics.median(
                r["in_process_seconds"] for r in plains
            )
            cond["not_modified"] = conds[-1]["not_modified"]
            report["floor_scrapy"] = plain
            report["floor_scrapy_304"] = cond
            print(
                f"floor, scrapy: {plain['seconds']:.2f}s whole process "
                f"({plain['in_process_seconds']:.2f}s in-process); all 304: "
                f"{cond['seconds']:.2f}s ({cond['not_modified']} not modified)"
            )
            dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
            for kind in dbs:
                for shards in shard_counts:
                    write_boards(boards_dir, args.boards, args.postings)  # back to generation 0
                    name = kind if shards == 1 else f"{kind}, {shards} shards"
                    folder = work / name.replace(", ", "-").replace(" ", "")
                    folder.mkdir()
                    db = Database(kind, folder)
                    print(f"rolewatch check on {name}:")
                    try:
                        report[name] = cycles(db, boards_dir, server, args, shards, floors)
                    finally:
                        db.close()
            report["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"results in {args.out}")
    if args.readme:
        from bench.report import update_readme

        update_readme(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
