"""Time whole `rolewatch check` processes over N boards of M postings, beside the floors.

    python bench/run.py [--boards 1000] [--postings 50] [--db sqlite|postgres|both] [--readme]

Cycles: cold (baseline), steady (nothing changed), 1% of postings changed pay. For each: the
wall time of the whole process, its peak RSS, the database size and the rows it added. Floors:
a bare aiohttp client and a plain Scrapy spider (whole process; and with every board 304).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.boards import write_boards  # noqa: E402
from bench.floor import fetch_all  # noqa: E402
from bench.server import StaticServer  # noqa: E402

PG_ADMIN = os.environ.get("ROLEWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TABLES = ("postings", "snapshots", "changes", "alerts", "runs")


def timed(cmd: list[str], cwd: Path) -> dict[str, Any]:
    """Run a whole process; its wall time and peak RSS (from wait4, not polled)."""
    # output to files, not pipes: a summary of 1,000 sources would fill a pipe and block
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
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


def write_config(folder: Path, base: str, boards: int, db: str) -> Path:
    lines = [f"database: {db}", "concurrency: 64", "per_host: 64", "sources:"]
    for i in range(boards):
        lines.append(f"  - {{name: b{i}, kind: greenhouse, board: b{i}, url: '{base}/{i}.json'}}")
    path = folder / "rolewatch.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def cycles(
    folder: Path, boards_dir: Path, base: str, args: argparse.Namespace, db: str
) -> list[dict[str, Any]]:
    config = write_config(folder, base, args.boards, db)
    cmd = [
        sys.executable,
        "-m",
        "monitor",
        "--config",
        str(config),
        "check",
        "--json",
        "--no-notify",
    ]
    results = []
    before = {t: 0 for t in TABLES}
    plan = [("cold", None), ("steady", None), ("1% changed", 0.01), ("steady again", None)]
    generation = 0
    for name, rate in plan:
        changed = 0
        if rate:
            generation += 1
            changed = write_boards(
                boards_dir, args.boards, args.postings, generation=generation, change_rate=rate
            )
        run = timed(cmd, folder)
        summary = json.loads(run.pop("stdout") or "{}")
        stats = counts(db)
        added = {t: stats[t] - before[t] for t in TABLES}
        before = {t: stats[t] for t in TABLES}
        kinds: dict[str, int] = {}
        for source in summary.get("sources", []):
            for kind, n in source["changes"].items():
                kinds[kind] = kinds.get(kind, 0) + n
        failed = sum(s["status"] == "failed" for s in summary.get("sources", []))
        results.append(
            {
                "cycle": name,
                **run,
                "db_mb": db_size(db, stats),
                "snapshots_added": added["snapshots"],
                "changes_added": added["changes"],
                "postings_changed": changed,
                "change_kinds": kinds,
                "failed_sources": failed,
            }
        )
        print(
            f"  {name:13s} {run['seconds']:6.2f}s  rss {run['peak_rss_mb']:6.1f} MB  "
            f"+{added['snapshots']} snapshots  {kinds}",
            flush=True,
        )
    return results


def postgres_db() -> tuple[str, Any]:
    import psycopg

    name = f"rw_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG_ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, (admin, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--readme", action="store_true", help="update bench/README.md's table")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    work.chmod(0o755)  # nginx's workers run as another user
    boards_dir = work / "boards"
    print(f"generating {args.boards} boards x {args.postings} postings in {boards_dir}")
    write_boards(boards_dir, args.boards, args.postings)
    report: dict[str, Any] = {
        "boards": args.boards,
        "postings_per_board": args.postings,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    try:
        with StaticServer(boards_dir) as server:
            report["server"] = server.kind
            urls = [f"{server.base}/{i}.json" for i in range(args.boards)]
            asyncio.run(fetch_all(urls[:50]))
            count, seconds = asyncio.run(fetch_all(urls))
            report["floor_aiohttp"] = {"seconds": round(seconds, 3), "postings": count}
            print(f"floor, aiohttp: {seconds:.2f}s for {count} postings")
            etags = work / "etags.json"
            floor = [
                sys.executable,
                str(HERE / "scrapy_floor.py"),
                server.base,
                str(args.boards),
                "--etags",
                str(etags),
            ]
            plain = timed(floor, work)
            plain.update(json.loads(plain.pop("stdout")))
            cond = timed(floor, work)
            cond.update(json.loads(cond.pop("stdout")))
            report["floor_scrapy"] = plain
            report["floor_scrapy_304"] = cond
            print(
                f"floor, scrapy: {plain['seconds']:.2f}s whole process "
                f"({plain['in_process_seconds']:.2f}s in-process); all 304: "
                f"{cond['seconds']:.2f}s ({cond['not_modified']} not modified)"
            )
            dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
            for kind in dbs:
                write_boards(boards_dir, args.boards, args.postings)  # back to generation 0
                folder = work / kind
                folder.mkdir()
                cleanup = None
                if kind == "sqlite":
                    url = f"sqlite:///{folder / 'bench.db'}"
                else:
                    url, cleanup = postgres_db()
                print(f"rolewatch check on {kind}:")
                try:
                    report[kind] = cycles(folder, boards_dir, server.base, args, url)
                finally:
                    if cleanup:
                        admin, name = cleanup
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        admin.close()
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
