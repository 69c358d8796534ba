"""Soak the daemon: many cycles over unchanged boards; the parent's memory must stay flat.

    python bench/daemon_soak.py [--cycles 200] [--every 0.5] [--sources 3] [--postings 50]
                                [--db sqlite|postgres]

Runs `rolewatch run` against local fixture boards (nothing changes after the baseline) until
`--cycles` check children have finished, sampling the daemon's (parent's) resident memory and
CPU time. It also times bare `rolewatch check` processes to show what a child costs beyond
its own work. Fails (exit 1) when the parent grew by 20 MiB or more, or when a snapshot row
was added after the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import psutil
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.boards import gh_board, gh_job  # noqa: E402
from tests.boardserver import BoardServer  # noqa: E402

PG_ADMIN = os.environ.get("ROLEWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
LIMIT_MIB = 20


def metric(url: str, name: str) -> float:
    with urllib.request.urlopen(url + "/metrics", timeout=5) as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def snapshots(db: str) -> int:
    from sqlalchemy import func, select

    from monitor.store.db import make_engine
    from monitor.store.models import SnapshotRow

    engine = make_engine(db)
    with engine.connect() as conn:
        found = int(conn.scalar(select(func.count(SnapshotRow.id))) or 0)
    engine.dispose()
    return found


def child_overhead(config: Path, db: str, runs: int = 8) -> dict[str, float]:
    """Wall time of whole `check` processes against the cycle time they report themselves."""
    walls, inner = [], []
    cmd = [sys.executable, "-m", "monitor", "--config", str(config), "--db", db, "check", "--json"]
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - began)
        inner.append(json.loads(done.stdout)["seconds"])
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - began
    return {
        "check_wall_s": round(statistics.median(walls), 3),
        "check_cycle_s": round(statistics.median(inner), 3),
        "overhead_s": round(
            statistics.median(w - i for w, i in zip(walls, inner, strict=True)), 3
        ),
        "bare_python_s": round(bare, 3),
    }


def pg_database() -> tuple[str, Any]:
    import psycopg

    name = f"rw_soak_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG_ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{url}/{name}", lambda: admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between runs")
    parser.add_argument("--sources", type=int, default=3)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    server = BoardServer().start()
    folder = Path(tempfile.mkdtemp(prefix="rolewatch-soak-"))
    drop = None
    if args.db == "postgres":
        db, drop = pg_database()
    else:
        db = f"sqlite:///{folder / 'rolewatch.db'}"
    sources = []
    for n in range(args.sources):
        first = n * 1000
        jobs = [gh_job(first + i, f"Role {first + i}") for i in range(args.postings)]
        server.set(f"/gh/s{n}", gh_board(*jobs))
        sources.append({"name": f"s{n}", "kind": "greenhouse", "board": f"s{n}",
                        "url": f"{server.base}/gh/s{n}", "every": f"{args.every}s"})  # fmt: skip
    config = folder / "rolewatch.yaml"
    config.write_text(yaml.safe_dump({"sources": sources}))
    log = (folder / "daemon.log").open("wb")
    cmd = [sys.executable, "-m", "monitor", "--config", str(config), "--db", db,
           "run", "--http", "127.0.0.1:0"]  # fmt: skip
    daemon = subprocess.Popen(cmd, stderr=log, stdout=subprocess.DEVNULL, cwd=folder)
    result: dict[str, Any] = {"cycles": args.cycles, "every": args.every, "db": args.db,
                              "sources": args.sources, "postings": args.postings}  # fmt: skip
    try:
        url = ""
        while not url:
            time.sleep(0.2)
            found = re.search(r"on (http://127\.0\.0\.1:\d+)", (folder / "daemon.log").read_text())
            url = found.group(1) if found else ""
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon exited: {(folder / 'daemon.log').read_text()}")
        ok = 'rolewatch_cycles_total{outcome="ok"}'
        while metric(url, ok) < 3:  # baseline and warm-up
            time.sleep(0.2)
        proc = psutil.Process(daemon.pid)
        base_rss, base_cpu = proc.memory_info().rss, sum(proc.cpu_times()[:2])
        base_snapshots, began, start_cycles = snapshots(db), time.monotonic(), metric(url, ok)
        samples = []
        while (done := metric(url, ok) - start_cycles) < args.cycles:
            samples.append((int(done), proc.memory_info().rss))
            time.sleep(1)
        elapsed = time.monotonic() - began
        end_rss, end_cpu = proc.memory_info().rss, sum(proc.cpu_times()[:2])
        cycles = metric(url, ok) - start_cycles
        failed = metric(url, 'rolewatch_cycles_total{outcome="failed"}')
        wall = metric(url, "rolewatch_cycle_duration_seconds_sum")
        count = metric(url, "rolewatch_cycle_duration_seconds_count")
        result.update({
            "measured_cycles": int(cycles),
            "failed_cycles": int(failed),
            "seconds": round(elapsed, 1),
            "seconds_per_cycle": round(elapsed / cycles, 3),
            "child_wall_mean_s": round(wall / count, 3),
            "parent_rss_start_mib": round(base_rss / 2**20, 1),
            "parent_rss_end_mib": round(end_rss / 2**20, 1),
            "parent_rss_growth_mib": round((end_rss - base_rss) / 2**20, 2),
            "parent_rss_peak_mib": round(max(r for _, r in samples) / 2**20, 1),
            "parent_cpu_ms_per_cycle": round((end_cpu - base_cpu) / cycles * 1000, 2),
            "snapshots_added": snapshots(db) - base_snapshots,
        })  # fmt: skip
    finally:
        daemon.send_signal(signal.SIGTERM)
        result["exit_code"] = daemon.wait(timeout=30)
        log.close()
    result.update(child_overhead(config, db))
    server.stop()
    if drop is not None:
        drop()
    print(json.dumps(result, indent=2))
    good = result["parent_rss_growth_mib"] < LIMIT_MIB and result["snapshots_added"] == 0
    return 0 if good and result["exit_code"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
