"""Serve a folder of static files on 127.0.0.1: Debian's nginx where present, else Python."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    default_type application/json;
    sendfile on;
    keepalive_requests 100000;
    server {{
        {listen}
        root {root};
        location / {{ etag on; if_modified_since exact; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StaticServer:
    """A static file server with ETag/Last-Modified (nginx does both; Python: Last-Modified)."""

    def __init__(self, root: Path, *, prefer_nginx: bool = True, hosts: int = 1):
        self.root = root
        self.port = free_port()
        # more than one host: the same files on 127.0.0.2, 127.0.0.3 ... (distinct hosts to a
        # crawler, for per-host politeness and the Scrapyd jobs' host leases)
        self.addresses = [f"127.0.0.{i + 1}" for i in range(hosts)]
        # /usr/sbin is not on every user's PATH
        self.nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        self.kind = "nginx" if prefer_nginx and self.nginx else "python"
        self._proc: subprocess.Popen[bytes] | None = None
        self._servers: list[ThreadingHTTPServer] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bases(self) -> list[str]:
        return [f"http://{address}:{self.port}" for address in self.addresses]

    def __enter__(self) -> StaticServer:
        if self.kind == "nginx":
            tmp = Path(tempfile.mkdtemp(prefix="rw-nginx-"))
            conf = tmp / "nginx.conf"
            listen = " ".join(f"listen {a}:{self.port};" for a in self.addresses)
            conf.write_text(NGINX_CONF.format(tmp=tmp, listen=listen, root=self.root))
            assert self.nginx is not None
            self._proc = subprocess.Popen([self.nginx, "-c", str(conf), "-p", str(tmp)])
        else:
            handler = partial(_Quiet, directory=str(self.root))
            for address in self.addresses:
                httpd = ThreadingHTTPServer((address, self.port), handler)
                httpd.daemon_threads = True
                self._servers.append(httpd)
                threading.Thread(target=httpd.serve_forever, daemon=True).start()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not start on port {self.port}")

    def __exit__(self, *exc: object) -> None:
        if self._proc:
            self._proc.terminate()
            self._proc.wait(10)
        for httpd in self._servers:
            httpd.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
