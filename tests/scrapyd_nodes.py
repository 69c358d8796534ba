"""Real Scrapyd nodes for the tests: each in a temporary folder of its own, on a loopback port,
started as a subprocess (in a session of its own, so a kill takes its jobs with it)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from tests.boardserver import serving
from tests.notify_receivers import free_port, wait_for

START_WAIT = 30.0  # seconds for a node to answer daemonstatus.json


class ScrapydNode:
    """One Scrapyd process: its URL, its folder, its environment for jobs."""

    def __init__(self, folder: Path, env: dict[str, str], *, max_proc: int = 4) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            "poll_interval = 0.1\n"
            f"max_proc = {max_proc}\n"
            "logs_dir = logs\neggs_dir = eggs\ndbs_dir = dbs\n",
            encoding="utf-8",
        )
        job_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the egg's code
        job_env.update(env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrapyd", "-n", "-l", str(folder / "scrapyd.log"),
             "--pidfile="],
            cwd=folder, env=job_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        assert wait_for(self.answers, START_WAIT), f"Scrapyd on {self.url} did not answer"

    def answers(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"Scrapyd on {self.url} exited: {self.log()[-2000:]}")
        try:
            return requests.get(f"{self.url}/daemonstatus.json", timeout=1).ok
        except requests.RequestException:
            return False

    def jobs(self) -> dict[str, list[dict[str, object]]]:
        return requests.get(f"{self.url}/listjobs.json", timeout=5).json()  # type: ignore[no-any-return]

    def log(self) -> str:
        path = self.folder / "scrapyd.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def job_logs(self) -> str:
        return "\n".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted((self.folder / "logs").rglob("*.log"))
        )

    def kill(self) -> None:
        """SIGKILL the node and every job it runs (a machine gone)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


class FlakyProxy:
    """A proxy in front of a node: passes calls through, or answers 500 to `schedule.json`
    (`refuse`), or stops answering at all (`silent`: connections are closed unanswered)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.refuse = False
        self.silent = False
        self.calls: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                path = self.path.split("?", 1)[0].lstrip("/")
                proxy.calls.append(path)
                if proxy.silent:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if proxy.refuse and path == "schedule.json":
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = requests.request(self.command, proxy.target + self.path, data=body,
                                          headers=headers, timeout=120)  # fmt: skip
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("Content-Type", "text/plain"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = _forward

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = serving(self.httpd)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
