"""Test helpers for alerts: real local receivers (HTTP, SMTP, MQTT) and outbox rows.

- `HttpReceiver`: a stdlib HTTP server on 127.0.0.1, port 0, in a thread, for Apprise's
  `json://`, `form://` and other HTTP services; it can answer errors or stop listening.
- `SmtpReceiver`: aiosmtpd on 127.0.0.1 for `mailto://`, accepting any login.
- `MqttListener`: a paho-mqtt subscriber on the Mosquitto broker at 127.0.0.1:1883.
- `Outbox`: writes source, change and alert rows the way `Store.store_listings` does.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from monitor.config import Config, NotifyTarget
from monitor.routing import BASELINE, target_id, targets_for
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import AlertRow, ChangeRow, SourceRow
from tests.boardserver import serving


def wait_for(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll until `check()` is true (or time runs out); returns the last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()


@dataclass
class Request:
    """One request an HTTP receiver got."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8"))


class HttpReceiver:
    """Records every request; answers `status` with `reply` (JSON); can go down and come back."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.status = 200
        self.reply: Any = {"result": True}  # what enigma2:// wants; json:// ignores it
        self.delay = 0.0
        self.lock = threading.Lock()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.requests.append(
                        Request(
                            self.command,
                            parts.path,
                            parse_qs(parts.query),
                            dict(self.headers),
                            body,
                        )
                    )
                    status, reply = receiver.status, json.dumps(receiver.reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = do_PUT = _serve

        return Handler

    def start(self) -> HttpReceiver:
        """Listen (again, on the same port after a `stop`)."""
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = serving(self._server)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until `start`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, scheme: str = "json", path: str = "/hook", query: str = "") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}{'?' + query if query else ''}"

    def posts(self, path: str | None = None) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if path is None or r.path == path]

    def messages(self, path: str | None = None) -> list[dict[str, Any]]:
        """The JSON bodies that `json://` posted (`title`, `message`, `type`, ...)."""
        return [r.json() for r in self.posts(path) if r.method == "POST"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mail:
    """One message the SMTP receiver accepted."""

    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""


@dataclass
class SmtpReceiver:
    """aiosmtpd on 127.0.0.1 that accepts any login (without TLS) and keeps every mail."""

    mails: list[Mail] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0
    _controller: Any = None

    def start(self) -> SmtpReceiver:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        receiver = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                receiver.mails.append(
                    Mail(envelope.mail_from, list(envelope.rcpt_tos), message)  # type: ignore[arg-type]
                )
                return "250 OK"

        def authenticate(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            if isinstance(data, LoginPassword):
                receiver.logins.append((data.login.decode(), data.password.decode()))
            return AuthResult(success=True)

        self.port = free_port()
        self._controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticate,
            auth_require_tls=False,
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def url(
        self,
        user: str = "rolewatch",
        password: str = "pw",
        to: str = "alice@example.com",
        query: str = "",
    ) -> str:
        extra = f"&{query}" if query else ""
        return (
            f"mailto://{user}:{password}@127.0.0.1:{self.port}"
            f"?to={to}&from=rolewatch@example.com&mode=insecure{extra}"
        )


class MqttListener:
    """Subscribes to a topic on the local Mosquitto broker and keeps what arrives."""

    def __init__(self, topic: str, host: str = "127.0.0.1", port: int = 1883) -> None:
        import paho.mqtt.client as mqtt

        self.topic, self.messages = topic, []  # type: list[str]
        self._subscribed = threading.Event()
        self._client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        self._client.on_connect = lambda c, *_: c.subscribe(topic, qos=1)
        self._client.on_subscribe = lambda *_: self._subscribed.set()
        self._client.on_message = lambda _c, _u, msg: self.messages.append(
            msg.payload.decode("utf-8")
        )
        self._client.connect(host, port)
        self._client.loop_start()
        if not self._subscribed.wait(5):
            raise RuntimeError(f"could not subscribe to {topic} on {host}:{port}")

    def stop(self) -> None:
        self._client.loop_stop()
        self._client.disconnect()


def new_engine(url: str) -> Engine:
    """A fresh store at `url`, schema created."""
    engine = make_engine(url)
    ensure_schema(engine)
    return engine


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def posting(title: str, key: str, **fields: Any) -> dict[str, Any]:
    """A posting dict as `postings --json` has it."""
    return {
        "key": key,
        "source": key.split(":", 1)[0],
        "external_id": key.split(":", 1)[1],
        "title": title,
        "url": f"https://jobs.example.com/{key.replace(':', '/')}",
        "company": None,
        "department": None,
        "locations": ["New York"],
        "workplace": "hybrid",
        "pay": [
            {
                "min": 150000,
                "max": 190000,
                "currency": "USD",
                "period": "year",
                "scope": None,
                "kind": None,
            }
        ],
        "office": {"mode": "hybrid", "min_office_pct": 40, "days_per_week": 2, "exceptions": []},
        "posted_at": None,
        "first_seen": None,
        "last_seen": None,
        "status": "open",
        **fields,
    }


class Outbox:
    """Writes changes and their alert rows straight into a store, as the store itself would."""

    def __init__(self, engine: Engine, config: Config) -> None:
        self.engine, self.config = engine, config
        self.sources = {s.name: s for s in config.sources}
        self._counter = 0

    def _source_id(self, session: Session, name: str) -> int:
        row = session.scalar(select(SourceRow).where(SourceRow.name == name))
        if row is None:
            row = SourceRow(name=name, kind="greenhouse", failures_in_row=0, failing_alerted=False)
            session.add(row)
            session.flush()
        return row.id

    def _targets(self, source: str, kind: str, targets: list[NotifyTarget] | None) -> list[str]:
        if targets is not None:
            return [target_id(t) for t in targets]
        return targets_for(self.config, self.sources[source], kind)

    def change(
        self,
        source: str,
        kind: str,
        *,
        title: str | None = None,
        before: Any = None,
        after: Any = None,
        when: datetime = T0,
        url: str | None = None,
        targets: list[NotifyTarget] | None = None,
    ) -> list[int]:
        """One change and an alert row per interested target; returns the alert ids."""
        self._counter += 1
        key = f"{source}:{self._counter}"
        if kind == "new" and after is None:
            after = posting(title or f"Role {self._counter}", key)
        if title is None and isinstance(after or before, dict):
            title = (after or before).get("title")
        if url is None and title is not None:
            url = f"https://jobs.example.com/{source}/{self._counter}"
        with Session(self.engine) as session, session.begin():
            row = ChangeRow(
                source_id=self._source_id(session, source),
                kind=kind,
                key=key if title else None,
                title=title,
                url=url,
                detected_at=when,
                before=before,
                after=after,
            )
            session.add(row)
            session.flush()
            alerts = [
                AlertRow(
                    target=t,
                    change_id=row.id,
                    source=source,
                    kind=kind,
                    payload=None,
                    created_at=when,
                    status="pending",
                    attempts=0,
                    next_attempt_at=when,
                )
                for t in self._targets(source, kind, targets)
            ]
            session.add_all(alerts)
            session.flush()
            return [a.id for a in alerts]

    def baseline(self, source: str, count: int, when: datetime = T0) -> list[int]:
        """The one "now watching" row per target of a source's first crawl."""
        with Session(self.engine) as session, session.begin():
            self._source_id(session, source)
            alerts = [
                AlertRow(
                    target=t,
                    change_id=None,
                    source=source,
                    kind=BASELINE,
                    payload={"source": source, "count": count},
                    created_at=when,
                    status="pending",
                    attempts=0,
                    next_attempt_at=when,
                )
                for t in targets_for(self.config, self.sources[source], BASELINE)
            ]
            session.add_all(alerts)
            session.flush()
            return [a.id for a in alerts]

    def rows(self) -> list[AlertRow]:
        with Session(self.engine) as session:
            return list(session.scalars(select(AlertRow).order_by(AlertRow.id)))

    def statuses(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self.rows():
            found[row.status] = found.get(row.status, 0) + 1
        return found
