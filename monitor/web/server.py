"""Serving the web app with uvicorn: where it may listen, in the foreground or from a thread.

The socket is bound here, before uvicorn starts, so a port in use is a clear error at once and
`--http 127.0.0.1:0` knows its port before the first request.
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import threading
from typing import Any

import uvicorn

from monitor.errors import UsageError

logger = logging.getLogger(__name__)


def parse_address(address: str) -> tuple[str, int]:
    """`HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces) to (host, port)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--http {address!r}: give HOST:PORT, e.g. 127.0.0.1:8787")
    host = host.strip("[]") or "0.0.0.0"
    return host, int(port)


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach an address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(address: str, token: str | None) -> tuple[str, int]:
    """The (host, port) to listen on; an address beyond this machine needs a token."""
    host, port = parse_address(address)
    if not is_loopback(host) and not token:
        raise UsageError(
            f"--http {address}: the web app listens beyond this machine only with a token; "
            "add `web: {token: ${ROLEWATCH_TOKEN}}` to the config (and set ROLEWATCH_TOKEN), "
            "or listen on 127.0.0.1"
        )
    return host, port


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind(address: str, token: str | None) -> tuple[socket.socket, str]:
    """A listening socket for `address` and the URL it answers on."""
    host, port = check_exposure(address, token)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
    # proto says TCP, and `socket.create_server` leaves it 0; with Nagle on, every answer
    # written in two parts waited 40 ms for the client's delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise UsageError(f"--http {address}: cannot listen there: {reason}") from None
    bound = sock.getsockname()
    return sock, f"http://{_host(str(bound[0]))}:{bound[1]}"


def _server(app: Any) -> uvicorn.Server:
    # uvicorn's start and stop lines say less than ours ("serving ... on URL")
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,  # our logging setup, not uvicorn's
        access_log=False,
        server_header=False,
        proxy_headers=True,  # X-Forwarded-* from a reverse proxy on this machine only
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config)


def serve(app: Any, address: str, token: str | None) -> None:
    """Serve `app` until SIGINT or SIGTERM, then stop cleanly (the caller exits 0)."""
    server = WebServer(app, address, token)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        server.start(what="the web app")
        while not stop.wait(0.5) and server.running():
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class WebServer:
    """The app served from a thread of its own (the daemon's `--http`)."""

    def __init__(self, app: Any, address: str, token: str | None) -> None:
        self.sock, self.url = bind(address, token)
        self.server = _server(app)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, name="web", daemon=True
        )

    def start(self, what: str = "/healthz, /metrics and the web app") -> WebServer:
        self._thread.start()
        logger.info("serving %s on %s", what, self.url, extra={"url": self.url})
        return self

    def running(self) -> bool:
        """Whether the server's thread is still serving."""
        return self._thread.is_alive()

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.sock.close()
