"""Serve a folder of static files on 127.0.0.1 (and 127.0.0.2, ... when asked for several
hosts, all loopback): Debian's nginx where present, else Python."""

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
        self.hosts = [f"127.0.0.{n}" for n in range(1, hosts + 1)]
        # /usr/sbin is not on every user's PATH
        self.nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        self.kind = "nginx" if prefer_nginx and self.nginx else "python"
        self._proc: subprocess.Popen[bytes] | None = None
        self._httpds: list[ThreadingHTTPServer] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_of(self, board: int) -> str:
        """The address board number `board` is served from: the hosts take turns."""
        return f"http://{self.hosts[board % len(self.hosts)]}:{self.port}"

    def __enter__(self) -> StaticServer:
        if self.kind == "nginx":
            tmp = Path(tempfile.mkdtemp(prefix="rw-nginx-"))
            conf = tmp / "nginx.conf"
            listen = "".join(f"        listen {host}:{self.port};\n" for host in self.hosts)
            conf.write_text(NGINX_CONF.format(tmp=tmp, listen=listen, root=self.root))
            assert self.nginx is not None
            self._proc = subprocess.Popen([self.nginx, "-c", str(conf), "-p", str(tmp)])
        else:
            handler = partial(_Quiet, directory=str(self.root))
            for host in self.hosts:
                httpd = ThreadingHTTPServer((host, self.port), handler)
                httpd.daemon_threads = True
                threading.Thread(target=httpd.serve_forever, daemon=True).start()
                self._httpds.append(httpd)
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
        for httpd in self._httpds:
            httpd.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
