"""`rolewatch demo`: an offline tour on a bundled board served from localhost."""

from __future__ import annotations

import copy
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BOARD = Path(__file__).with_name("demo_board") / "acme.json"


class _Board:
    """Serves the board's current JSON, and records the alerts posted to /alerts."""

    def __init__(self, board: dict[str, Any]):
        self.board = board
        self.alerts: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                body = json.dumps(outer.board).encode() if self.path.startswith("/board") else b""
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length)
                try:
                    outer.alerts.append(json.loads(payload))
                except ValueError:
                    outer.alerts.append({"body": payload.decode("utf-8", "replace")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def _edit(board: dict[str, Any]) -> dict[str, Any]:
    """The second version of the board: a raise, new office terms, a new role, one closed."""
    board = copy.deepcopy(board)
    jobs = {job["id"]: job for job in board["jobs"]}
    senior = jobs[101]
    senior["pay_input_ranges"][0].update(min_cents=16500000, max_cents=24500000)
    senior["content"] = (
        senior["content"]
        .replace("at least 50%", "at least 60%")
        .replace("$155,700 - $233,500", "$165,000 - $245,000")
    )
    firmware = jobs[102]
    firmware["content"] = html.escape(
        "<p>Write firmware for our motor controllers.</p><p>We work from the office three days "
        "a week; in Bucharest 80% of the time during onboarding.</p>"
        "<p>Salary: 18.000 - 24.000 RON per month (gross).</p>"
    )
    jobs[105]["content"] = jobs[105]["content"].replace("4 days ago", "5 days ago")
    del jobs[104]
    new = copy.deepcopy(senior)
    new.update(
        id=106,
        title="Machine Learning Engineer, Perception",
        absolute_url="https://job-boards.greenhouse.io/acmerobotics/jobs/106",
        content=html.escape(
            "<p>Teach robots to see. Hybrid: two days a week in our San Francisco office.</p>"
            "<p>Base pay: $180,000 - $260,000 USD per year.</p>"
        ),
    )
    new["pay_input_ranges"] = [
        {
            "min_cents": 18000000,
            "max_cents": 26000000,
            "currency_type": "USD",
            "title": "US Base Salary Range",
            "blurb": "Annual base salary",
        }
    ]
    board["jobs"] = [*jobs.values(), new]
    board["meta"]["total"] = len(board["jobs"])
    return board


def _rolewatch(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "monitor", "--config", str(folder / "rolewatch.yaml"), *args]
    env = dict(os.environ)
    if sys.stdout.isatty():  # the tables are fitted to the terminal the demo is shown on
        env.setdefault("COLUMNS", str(shutil.get_terminal_size().columns))
    return subprocess.run(cmd, capture_output=True, text=True, cwd=folder, timeout=300, env=env)


def _step(title: str) -> None:
    print(f"\n\033[1m== {title}\033[0m" if sys.stdout.isatty() else f"\n== {title}")


def run_demo(*, keep: bool = False) -> int:
    """Serve the board, run a baseline and a second cycle after edits, and show what was found."""
    board = json.loads(BOARD.read_text(encoding="utf-8"))
    server = _Board(board)
    folder = Path(tempfile.mkdtemp(prefix="rolewatch-demo-"))
    db = f"sqlite:///{folder / 'demo.db'}"
    (folder / "rolewatch.yaml").write_text(
        f"# the demo's config: one Greenhouse board on localhost, one alert target\n"
        f"database: {db}\n"
        f"defaults:\n  removal_grace: 1\n"
        f"notify:\n  - url: json://127.0.0.1:{server.url.rsplit(':', 1)[1]}/alerts\n"
        f"    format: text\n"
        f"sources:\n  - name: acme\n    kind: greenhouse\n    board: acmerobotics\n"
        f"    url: {server.url}/boards/acmerobotics\n",
        encoding="utf-8",
    )
    os.environ.pop("ROLEWATCH_DB", None)
    try:
        _step(f"rolewatch check  (baseline of a local board with {len(board['jobs'])} roles)")
        first = _rolewatch(folder, "check")
        print(first.stdout.rstrip() or first.stderr.rstrip())
        if first.returncode != 0:
            print(first.stderr, file=sys.stderr)
            return first.returncode
        _step("rolewatch postings")
        print(_rolewatch(folder, "postings").stdout.rstrip())

        server.board = _edit(board)
        _step("the board changes: a raise, new office terms, one role closed, one opened")
        second = _rolewatch(folder, "check")
        print(second.stdout.rstrip() or second.stderr.rstrip())
        _step("rolewatch changes")
        print(_rolewatch(folder, "changes").stdout.rstrip())
        _step("rolewatch history acme:101")
        print(_rolewatch(folder, "history", "acme:101").stdout.rstrip())
        for alert in server.alerts:
            _step("an alert as it arrived at the notify target")
            print(alert.get("title", ""))
            print(alert.get("message") or alert.get("body", ""))
        _step("next")
        print(
            "Write your own config with `rolewatch init`, add the boards you care about, and\n"
            "run `rolewatch check` (or `rolewatch run` to keep watching)."
        )
        if keep:
            print(f"The demo's files are in {folder}")
        return second.returncode
    finally:
        server.httpd.shutdown()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
