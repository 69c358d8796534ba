"""Write a benchmark run's results into bench/README.md, between its markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

README = Path(__file__).with_name("README.md")
START, END = "<!-- results:start -->", "<!-- results:end -->"
TARGETS = {"cold": 10.0, "steady": 3.0, "1% changed": 3.5, "steady again": 3.0}


def table(report: dict[str, Any]) -> str:
    """The results as Markdown: floors, then each cycle on each database."""
    floor = report["floor_scrapy"]
    lines = [
        f"{report['boards']} boards x {report['postings_per_board']} postings, "
        f"{report['cores']} cores, Python {report['python']}, served by {report['server']}; "
        f"each figure is the median of {report.get('repeat', 1)} runs (range beside it)"
        + (
            f"; boards spread over {report['hosts']} loopback hosts; load average "
            f"{report['load_before'][0]:.1f} before, {report['load_after'][0]:.1f} after."
            if "hosts" in report
            else "."
        ),
        "",
        "| floor | seconds |",
        "|---|---|",
        "| bare aiohttp client, fetch + JSON parse (in-process) | "
        f"{report['floor_aiohttp']['seconds']:.2f} |",
        f"| one plain Scrapy spider, whole process | {floor['seconds']:.2f} "
        f"({floor['in_process_seconds']:.2f} in-process) |",
        f"| the same, every board answering 304 | {report['floor_scrapy_304']['seconds']:.2f} |",
        "",
        "| database | cycle | seconds | range | target (SQLite) | x Scrapy floor beside (range) "
        "| CPU s "
        "| peak RSS MB | DB MB | snapshots added | changes |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    runs = [name for name in report if name.startswith(("sqlite", "postgres"))]
    for db in runs:
        for row in report.get(db, []):
            if "x_floor" in row:  # the median of each run against a floor run beside it
                times = f"{row['x_floor']:.2f} ({row['x_floor_min']:.2f}-{row['x_floor_max']:.2f})"
            else:  # results of a run.py before floors were run beside the cycles
                base = report["floor_scrapy_304" if "steady" in row["cycle"] else "floor_scrapy"]
                times = f"{row['seconds'] / base['seconds']:.2f}"
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(row["change_kinds"].items())) or "-"
            spread = f"{row.get('min_seconds', row['seconds']):.2f}-"
            spread += f"{row.get('max_seconds', row['seconds']):.2f}"
            lines.append(
                f"| {db} | {row['cycle']} | {row['seconds']:.2f} | {spread} | "
                f"{TARGETS.get(row['cycle'], 0):.1f} | {times} | "
                f"{row.get('cpu_seconds', 0):.1f} | {row['peak_rss_mb']:.0f} | "
                f"{row['db_mb']:.0f} | {row['snapshots_added']} | "
                f"{kinds} |"
            )
    if report.get("sqlite") and report.get("postgres"):
        ratios = [
            p["seconds"] / s["seconds"]
            for s, p in zip(report["sqlite"], report["postgres"], strict=False)
        ]
        lines += [
            "",
            f"PostgreSQL / SQLite: {', '.join(f'{r:.2f}' for r in ratios)} "
            "(cold, steady, 1% changed, steady again).",
        ]
    return "\n".join(lines)


def update_readme(report: dict[str, Any]) -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table(report)}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import json
    import sys

    update_readme(json.loads(Path(sys.argv[1]).read_text()))
