"""A local HTTP server for fixture boards, as rude as real ones: routes are set and changed by
the tests, and may answer with ETags and 304s, gzip, delays, statuses before the real answer
(429 with Retry-After), redirects or bad bytes; `tests.boards_more.answer` makes a route a
function of the request (a board that ignores paging). Connections are kept alive (HTTP/1.1)."""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


def serving(httpd: ThreadingHTTPServer) -> threading.Thread:
    """A thread serving `httpd` until its `shutdown()`, which then returns within 50 ms (at the
    default poll interval it waits up to 0.5 s: 27 of those a fast-lane run, 13 s of tests)."""
    poll = {"poll_interval": 0.05}
    return threading.Thread(target=httpd.serve_forever, kwargs=poll, daemon=True)


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # a list of (status, headers) answered first, one per request, before the normal answer
    before: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    gzip: bool = False  # compressed, as most real boards answer


class BoardServer:
    """Serves fixture routes on 127.0.0.1 (or another loopback address: another host to the
    crawl), port 0; every request is recorded."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[dict[str, Any]] = []
        self.in_flight = self.most_in_flight = 0  # requests being answered, and the most ever
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                with server.lock:
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    self._answer()
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path
                with server.lock:
                    server.requests.append(
                        {
                            "method": self.command,
                            "path": path,
                            "headers": dict(self.headers),
                            "body": body,
                        }
                    )
                    route = server.routes.get(path) or server.routes.get(urlsplit(path).path)
                    early = route.before.pop(0) if route and route.before else None
                if route is None:
                    self._send(404, b'{"error": "not found"}', {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if early:
                    self._send(early[0], b"{}", early[1])
                    return
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", route.headers)
                    return
                headers, payload = route.headers, route.body
                if route.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                    headers = {**headers, "Content-Encoding": "gzip"}
                    payload = gzip.compress(payload)
                self._send(route.status, payload, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for name, value in headers.items():
                    if value is not None:  # None: leave the header out (no Content-Type)
                        self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304 and self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _serve

        # Scrapy opens many connections at once; the default backlog of 5 drops some
        ThreadingHTTPServer.request_queue_size = 128
        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = serving(self.httpd)

    def start(self) -> BoardServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def set(self, path: str, data: Any, status: int = 200, **kwargs: Any) -> str:
        """Serve `data` (JSON-encoded unless bytes/str) at `path`; returns its full URL."""
        if isinstance(data, bytes):
            body = data
        elif isinstance(data, str):
            body = data.encode("utf-8")
        else:
            body = json.dumps(data).encode("utf-8")
        with self.lock:
            self.routes[path] = Route(body, status, **kwargs)
        return self.base + path

    def clear(self) -> None:
        with self.lock:
            self.routes.clear()
            self.requests.clear()

    def hits(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for r in self.requests if r["path"].startswith(prefix))
