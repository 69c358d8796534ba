"""Cycles over N boards crawled on two local Scrapyd nodes into PostgreSQL, as the daemon does.

    python bench/scrapyd.py [--boards 1000,3000,10000] [--postings 50] [--hosts 4]
                            [--nodes 2] [--readme]

For each size: a PostgreSQL database of its own; the boards (bench/boards.py) served by nginx
on `--hosts` loopback addresses (127.0.0.1, 127.0.0.2 ...: distinct hosts, as boards on
different ATSs are); `--nodes` Scrapyd nodes on loopback ports, the project uploaded with
`rolewatch deploy`. Cycles cold (the baseline), steady (nothing changed) and 1% changed, each
one batch of every source as the daemon sends it (`RemoteBatch`: jobs scheduled, followed to
the end, results read back), timed from the first `schedule.json` to the last result read,
with the CPU seconds of the jobs (the nodes' reaped children) and of the sending side.
All on this machine: the nodes share its cores with each other and with nginx and PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.boards import write_boards  # noqa: E402
from bench.run import TABLES, Database, counts, db_size, timed  # noqa: E402
from bench.server import StaticServer  # noqa: E402


def config_text(bases: list[str], boards: int, db: str, nodes: list[str]) -> str:
    lines = [f"database: {db}", "concurrency: 64", "per_host: 64", "executor:",
             "  kind: scrapyd", f"  nodes: {json.dumps(nodes)}", "sources:"]  # fmt: skip
    for i in range(boards):
        lines.append(
            f"  - {{name: b{i}, kind: greenhouse, url: '{bases[i % len(bases)]}/{i}.json'}}"
        )
    return "\n".join(lines) + "\n"


def jobs_cpu(nodes: list[Any]) -> float:
    """CPU seconds of every job the nodes have reaped so far."""
    total = 0.0
    for node in nodes:
        times = psutil.Process(node.proc.pid).cpu_times()
        total += times.children_user + times.children_system
    return total


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one_size(boards: int, args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    from monitor.config import load_yaml, parse_config
    from monitor.cycle import open_store
    from monitor.scrapyd.executor import Nodes, RemoteBatch
    from tests.scrapyd_nodes import ScrapydNode

    folder = work / f"n{boards}"
    folder.mkdir()
    boards_dir = folder / "boards"
    write_boards(boards_dir, boards, args.postings)
    db = Database("postgres", folder)
    nodes: list[ScrapydNode] = []
    rows = []
    try:
        nodes = [ScrapydNode(folder / f"node{i}", {"ROLEWATCH_DB": db.url})
                 for i in range(args.nodes)]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "monitor", "deploy", *(n.url for n in nodes)],
                       env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        with StaticServer(boards_dir, hosts=args.hosts) as server:
            bases = [server.base_of(i) for i in range(len(server.hosts))]
            text = config_text(bases, boards, db.url, [n.url for n in nodes])
            config = parse_config(load_yaml(text))
            engine = open_store(config, db.url)
            pool = Nodes(config.executor.nodes)
            generation = 0
            for name in ("cold", "steady", "1% changed"):
                changed = 0
                if name == "1% changed":
                    generation += 1
                    changed = write_boards(boards_dir, boards, args.postings,
                                           generation=generation, change_rate=0.01)  # fmt: skip
                before = counts(db.url)
                sent = [s.sent for s in pool.states]
                cpu_jobs, cpu_own = jobs_cpu(nodes), own_cpu()
                began = time.perf_counter()
                outcome = RemoteBatch(pool, engine, config, text, list(config.sources),
                                      db.url).run()  # fmt: skip
                seconds = time.perf_counter() - began
                after = counts(db.url)
                statuses: dict[str, int] = {}
                for result in outcome.results:
                    statuses[result["status"]] = statuses.get(result["status"], 0) + 1
                row = {
                    "boards": boards,
                    "cycle": name,
                    "seconds": round(seconds, 2),
                    "seconds_per_1000": round(seconds * 1000 / boards, 2),
                    "jobs_cpu_seconds": round(jobs_cpu(nodes) - cpu_jobs, 1),
                    "sender_cpu_seconds": round(own_cpu() - cpu_own, 2),
                    "jobs": sum(s.sent for s in pool.states) - sum(sent),
                    "jobs_per_node": [s.sent - n for s, n in zip(pool.states, sent, strict=True)],
                    "outcome": outcome.outcome,
                    "statuses": statuses,
                    "added": {t: after[t] - before[t] for t in TABLES},
                    "postings_changed": changed,
                    "db_mb": db_size(db.url, after),
                }
                rows.append(row)
                print(f"  {boards:6d} boards {name:11s} {seconds:7.2f}s "
                      f"({row['seconds_per_1000']:.2f}s per 1,000)  jobs {row['jobs']} "
                      f"cpu {row['jobs_cpu_seconds']}s  {statuses}  "
                      f"+{row['added']['snapshots']} snapshots", flush=True)  # fmt: skip
            engine.dispose()
            if args.local:
                rows += local_cycles(boards, args, folder, boards_dir, bases)
    finally:
        for node in nodes:
            node.kill()
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def local_cycles(
    boards: int, args: argparse.Namespace, folder: Path, boards_dir: Path, bases: list[str]
) -> list[dict[str, Any]]:
    """The same cycles with one local `rolewatch check` process, beside the nodes' figures."""
    write_boards(boards_dir, boards, args.postings)  # back to generation 0
    local = folder / "local"
    local.mkdir()
    db = Database("postgres", local)
    rows = []
    try:
        text = config_text(bases, boards, db.url, ["http://unused:6800"])
        text = text.replace("  kind: scrapyd", "  kind: local").replace(
            '  nodes: ["http://unused:6800"]\n', ""
        )
        config = local / "rolewatch.yaml"
        config.write_text(text)
        cmd = [sys.executable, "-m", "monitor", "--config", str(config), "check", "--json",
               "--no-notify"]  # fmt: skip
        for name in ("cold", "steady", "1% changed"):
            if name == "1% changed":
                write_boards(boards_dir, boards, args.postings, generation=1, change_rate=0.01)
            before = counts(db.url) if name != "cold" else dict.fromkeys(TABLES, 0)
            run = timed(cmd, local)
            after = counts(db.url)
            row = {
                "boards": boards, "cycle": f"{name}, one local check", "seconds": run["seconds"],
                "seconds_per_1000": round(run["seconds"] * 1000 / boards, 2),
                "jobs_cpu_seconds": run["cpu_seconds"], "sender_cpu_seconds": 0, "jobs": 0,
                "jobs_per_node": [], "outcome": f"exit {run['exit']}", "statuses": {},
                "added": {t: after[t] - before[t] for t in TABLES}, "postings_changed": 0,
                "db_mb": db_size(db.url, after),
            }  # fmt: skip
            rows.append(row)
            print(f"  {boards:6d} boards {name:11s} {run['seconds']:7.2f}s one local check "
                  f"(cpu {run['cpu_seconds']}s, exit {run['exit']})", flush=True)  # fmt: skip
    finally:
        db.close()
    return rows


def table(report: dict[str, Any]) -> str:
    lines = [
        f"{report['nodes']} Scrapyd nodes on this machine ({report['cores']} cores, shared with "
        f"nginx and PostgreSQL), boards x {report['postings_per_board']} postings on "
        f"{report['hosts']} hosts, PostgreSQL; one run each.",
        "",
        "| boards | cycle | seconds | per 1,000 boards | jobs (per node) | jobs' CPU s | "
        "snapshots added | DB MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        per_node = "/".join(map(str, row["jobs_per_node"])) or "-"
        lines.append(
            f"| {row['boards']} | {row['cycle']} | {row['seconds']:.2f} | "
            f"{row['seconds_per_1000']:.2f} | {row['jobs']} ({per_node}) | "
            f"{row['jobs_cpu_seconds']} | {row['added']['snapshots']} | {row['db_mb']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", default="1000,3000,10000", help="sizes, comma-separated")
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "scrapyd.json")
    parser.add_argument("--readme", action="store_true", help="update bench/README.md's table")
    also = "also time one local `rolewatch check` over the same boards"
    parser.add_argument("--local", action="store_true", help=also)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rw-bench-scrapyd-"))
    work.chmod(0o755)  # nginx's workers run as another user
    report: dict[str, Any] = {"nodes": args.nodes, "hosts": args.hosts, "cores": os.cpu_count(),
                              "postings_per_board": args.postings, "rows": []}  # fmt: skip
    try:
        for boards in (int(b) for b in args.boards.split(",")):
            report["rows"] += one_size(boards, args, work)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(report))
    if args.readme:
        readme = HERE / "README.md"
        text = readme.read_text()
        start, end = "<!-- scrapyd:start -->", "<!-- scrapyd:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        readme.write_text(f"{head}{start}\n{table(report)}\n{end}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
