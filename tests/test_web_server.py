"""Serving the app: where it may listen, `rolewatch web` as a process, the daemon's server."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config
from monitor.errors import UsageError
from monitor.store.db import ensure_schema, make_engine
from monitor.web.app import create_app
from monitor.web.server import WebServer, check_exposure, is_loopback, parse_address
from tests import webdata
from tests.webdata import TOKEN


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_addresses_and_who_may_listen_where() -> None:
    assert parse_address(":8787") == ("0.0.0.0", 8787)
    assert parse_address("[::1]:9") == ("::1", 9)
    for bad in ("localhost", "1.2.3.4:port", "h:70000"):
        with pytest.raises(UsageError, match="give HOST:PORT"):
            parse_address(bad)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert not is_loopback("example.org")
    assert check_exposure("127.0.0.1:0", None) == ("127.0.0.1", 0)
    assert check_exposure("0.0.0.0:0", TOKEN) == ("0.0.0.0", 0)
    for address in ("0.0.0.0:8787", ":8787", "[::]:8787", "10.0.0.5:80", "example.org:80"):
        with pytest.raises(UsageError, match=r"only with a token.*web: \{token"):
            check_exposure(address, None)


def test_the_server_answers_then_refuses_a_port_in_use(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    ensure_schema(engine)
    state = {"ok": True}
    app = create_app(engine, Config(), health=lambda: (state["ok"], {"status": "x"}))
    server = WebServer(app, "127.0.0.1:0", None).start()
    try:
        status, headers, body = _get(server.url + "/healthz")
        assert status == 200 and json.loads(body) == {"status": "x"}
        state["ok"] = False
        assert _get(server.url + "/healthz")[0] == 503
        status, headers, body = _get(server.url + "/metrics")
        assert status == 200 and headers["Content-Type"].startswith("text/plain; version=0.0.4")
        assert _get(server.url + "/nope")[0] == 404
        port = server.url.rsplit(":", 1)[1]
        with pytest.raises(UsageError, match="cannot listen"):
            WebServer(app, f"127.0.0.1:{port}", None)
    finally:
        server.stop()
    engine.dispose()


def _start(cli: Any, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = cli.tmp_path / "web.log"
    cmd = [sys.executable, "-m", "monitor", "--config", str(cli.config), "--db", cli.db, "web",
           *args]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=out, cwd=cli.tmp_path)
    return proc, log


def _url(proc: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"on (http://[^\s]+)", log.read_text())
        if found:
            return found.group(1)
        if proc.poll() is not None:
            raise AssertionError(log.read_text())
        time.sleep(0.05)
    raise AssertionError(f"no address in the log: {log.read_text()}")


def test_rolewatch_web_serves_and_stops_on_sigterm(sqlite_cli: Any) -> None:
    webdata.seed(sqlite_cli.db)
    sqlite_cli.write_config({"sources": [{"name": "stripe", "kind": "greenhouse",
                                          "board": "stripe"}]})  # fmt: skip
    refused = sqlite_cli("web", "--http", "0.0.0.0:0")
    assert (
        refused.code == 2 and "only with a token" in refused.err and "Traceback" not in refused.err
    )
    proc, log = _start(sqlite_cli, "--http", "127.0.0.1:0")
    try:
        url = _url(proc, log)
        status, headers, body = _get(url + "/")
        assert status == 200 and b"stripe" in body
        assert "script-src 'self'" in headers["content-security-policy"]
        status, _, body = _get(url + "/api/v1/postings?source=stripe")
        assert status == 200 and {p["key"] for p in json.loads(body)} >= {"stripe:1"}
        status, _, body = _get(url + "/static/htmx-2.0.11.min.js")
        assert status == 200 and b"htmx" in body
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0, log.read_text()


def test_rolewatch_web_beyond_this_machine_with_a_token(sqlite_cli: Any) -> None:
    webdata.seed(sqlite_cli.db)
    sqlite_cli.write_config({"web": {"token": TOKEN}, "sources": []})
    proc, log = _start(sqlite_cli, "--http", "0.0.0.0:0")
    try:
        url = _url(proc, log).replace("0.0.0.0", "127.0.0.1")
        assert _get(url + "/api/v1/changes")[0] == 401
        status, _, body = _get(url + "/api/v1/changes", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and json.loads(body)
        assert _get(url + f"/feeds/changes.atom?token={TOKEN}")[0] == 200
        assert TOKEN not in log.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0, log.read_text()


def test_the_daemon_refuses_to_listen_beyond_this_machine_without_a_token(
    sqlite_cli: Any,
) -> None:
    sqlite_cli.write_config({"sources": [{"name": "a", "kind": "greenhouse", "board": "a"}]})
    result = sqlite_cli("run", "--http", "0.0.0.0:0")
    assert result.code == 2 and "only with a token" in result.err
