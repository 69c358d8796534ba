"""The one door to Apprise: targets to services, their limits, sending, and secret redaction.

A target is an inline Apprise URL or an Apprise config file (YAML or TEXT) of one or more
services. Anything shown to a user names a service by Apprise's privacy rendering
(`url(privacy=True)`), and every secret in a target's URLs is scrubbed from Apprise's and
urllib3's log records and from the errors we keep.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import apprise
from apprise.utils.parse import parse_url

from monitor.config import Config, NotifyTarget
from monitor.masking import url_secrets
from monitor.notify.markup import Dialect
from monitor.routing import target_id

logger = logging.getLogger(__name__)

SEND_MARGIN = 15.0  # seconds Apprise may take beyond a service's own timeout to report
CONNECT_MAX = 15.0  # seconds to wait for a connection, at most (the answer may take longer)
HARD_MAX_BODY = 60_000  # our own cap where a service allows more (MQTT allows 256 MB)
SPLIT_PARTS = 4  # with `?overflow=split` a digest may span this many messages
_TOKENS = re.compile(r"[/:@?&=#,;+\s]+")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]{0,31})://")
# loggers that may print a request's URL (with its tokens) while Apprise sends
_NOISY_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.connection", "requests")

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def redact(text: str) -> str:
    """`text` with every secret seen in a target's URL replaced by `****`."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "****")
    return text


class _RedactFilter(logging.Filter):
    """Rewrites a log record's message with the secrets taken out."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed record is logging's own problem to report
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactFilter()
for _name in _NOISY_LOGGERS:
    logging.getLogger(_name).addFilter(_FILTER)


def _remember_secrets(full: str, private: str) -> None:
    """The parts of a URL that its privacy rendering hides are its secrets."""
    shown = set(_TOKENS.split(unquote(private)))
    found = {t for t in _TOKENS.split(unquote(full)) if len(t) >= 3 and t not in shown}
    found |= {quote(t, safe="") for t in found}
    with _secrets_lock:
        _secrets.update(found)


def _remember_user_url(url: str) -> None:
    # the user's own spelling of the password can differ from Apprise's re-rendering, and
    # Apprise's privacy rendering shows header parameters (`?+X-Token=...`) as they are
    parsed = parse_url(url, verify_host=False) or {}
    password = parsed.get("password")
    found = url_secrets(url)
    if password and len(password) >= 3:
        found |= {password, unquote(password), quote(unquote(password), safe="")}
    with _secrets_lock:
        _secrets.update(found)


@dataclass
class Service:
    """One Apprise service of a target."""

    plugin: Any  # apprise.plugins.NotifyBase
    key: str  # stable id of this service within its target, for delivery bookkeeping
    name: str  # privacy rendering, without the query string

    def resolve_format(self, fmt: str) -> str:
        """The format this service actually takes when asked for `fmt`."""
        resolve = getattr(self.plugin, "resolve_format", None)
        if resolve is not None:
            return str(resolve(fmt).value)
        native = self.plugin.notify_format
        return fmt if native == fmt else str(getattr(native, "value", native))

    def dialect(self, fmt: str) -> Dialect:
        """How to write a message in `fmt` (as `resolve_format` gave it) for this service."""
        kind = type(self.plugin).__name__
        if kind == "NotifyTelegram" and fmt == "markdown":
            return Dialect("html")  # its markdown misreads escapes; its HTML is reliable
        if kind == "NotifySlack":
            return Dialect(fmt, "slack")
        if kind == "NotifyDiscord":
            return Dialect(fmt, "discord")
        if kind == "NotifyEmail":
            return Dialect(fmt, "email")
        return Dialect(fmt)

    def title_maxlen(self) -> int:
        return int(self.plugin.title_maxlen)

    def fits(self, fmt: str, title: str) -> Callable[[str], bool]:
        """Whether a body in `fmt` goes out whole, by the service's limits and overflow mode."""
        plugin = self.plugin
        maxlen = int(plugin.body_maxlen) if plugin.body_maxlen > 0 else HARD_MAX_BODY
        if str(getattr(plugin.overflow_mode, "value", plugin.overflow_mode)) == "split":
            maxlen *= SPLIT_PARTS
        maxlen = min(maxlen, HARD_MAX_BODY)
        lines = int(getattr(plugin, "body_max_line_count", 0) or 0)
        if plugin.title_maxlen <= 0 and title:
            maxlen -= len(title) + 40  # Apprise puts the title on top (as a tag in HTML)
            lines = lines - 1 if lines > 1 else lines
        elif getattr(plugin, "overflow_amalgamate_title", False):
            maxlen -= min(len(title), plugin.title_maxlen) + int(plugin.overflow_buffer)
        convert = getattr(plugin, "dialect_convert", None)

        def fits(body: str) -> bool:
            final = convert(body, fmt) if convert is not None else body
            if lines > 0 and len(re.split(r"\r*\n", final)) > lines:
                return False
            return len(final) <= maxlen

        return fits


@dataclass
class Resolved:
    """A configured target and the services it stands for."""

    target: NotifyTarget
    id: str
    name: str
    services: list[Service] = field(default_factory=list)
    error: str | None = None  # why there is nothing to send to

    @property
    def format(self) -> str:
        return self.target.format


def _base(private: str) -> str:
    return private.split("?", 1)[0]


def _patience(plugin: Any, seconds: float) -> None:
    """Give a service `seconds` to answer, unless its URL set its own (`?rto=`, `?cto=`)."""
    kind = type(plugin)
    if getattr(plugin, "socket_read_timeout", None) == getattr(kind, "socket_read_timeout", 0):
        plugin.socket_read_timeout = seconds
    if getattr(plugin, "socket_connect_timeout", None) == getattr(
        kind, "socket_connect_timeout", 0
    ):
        plugin.socket_connect_timeout = min(seconds, CONNECT_MAX)


def _service(plugin: Any) -> Service:
    full, private = plugin.url(privacy=False), plugin.url(privacy=True)
    _remember_secrets(full, private)
    key = hashlib.sha256(full.encode("utf-8")).hexdigest()[:12]
    return Service(plugin, key, _base(private))


def _config_location(target: NotifyTarget, config: Config) -> str:
    location = str(target.config)
    if _SCHEME.match(location):
        return location
    path = Path(location).expanduser()
    if not path.is_absolute() and config.path is not None:
        path = config.path.parent / path
    return str(path)


def resolve(target: NotifyTarget, config: Config) -> Resolved:
    """The services of one target; an unusable URL or file is reported, never raised."""
    ident = target_id(target)
    if target.url:
        _remember_user_url(target.url)  # first: Apprise may log the URL while parsing it
        plugin = apprise.Apprise.instantiate(target.url)
        if plugin is None:
            match = _SCHEME.match(target.url)
            scheme = match.group(1) if match else "?"
            name = target.name or f"{scheme}://… (not a valid Apprise URL)"
            return Resolved(target, ident, name, error=f"not a valid Apprise URL ({scheme}://)")
        _patience(plugin, target.timeout.total_seconds())
        service = _service(plugin)
        return Resolved(target, ident, target.name or service.name, [service])
    location = _config_location(target, config)
    name = target.name or f"config {location}"
    if not _SCHEME.match(location) and not Path(location).is_file():
        return Resolved(target, ident, name, error=f"Apprise config file {location} not found")
    source = apprise.AppriseConfig()
    source.add(location)
    plugins = list(source.services())
    for plugin in plugins:
        _patience(plugin, target.timeout.total_seconds())
    services = [_service(plugin) for plugin in plugins]
    if not services:
        return Resolved(target, ident, name, error=f"no usable services in {location}")
    return Resolved(target, ident, name, services)


WIKI = "https://github.com/caronc/apprise/wiki"


class _Records(logging.Handler):
    """Keeps what Apprise logs while it reads a URL: its reasons for refusing one."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@functools.cache
def _schemes() -> tuple[str, ...]:
    """Every URL scheme Apprise has a service for."""
    found: set[str] = set()
    for schema in apprise.Apprise().details().get("schemas", []):
        for key in ("protocols", "secure_protocols"):
            found.update(str(p).lower() for p in schema.get(key) or ())
    return tuple(sorted(found))


def url_problem(url: str) -> str | None:
    """Why Apprise cannot send to `url` (in words that never repeat its secrets), or None."""
    _remember_user_url(url)
    log = logging.getLogger("apprise")
    handler, propagate = _Records(), log.propagate
    log.addHandler(handler)
    log.propagate = False  # its reasons go into our message, not onto the terminal
    try:
        plugin = apprise.Apprise.instantiate(url)
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    if plugin is not None:
        return None
    match = _SCHEME.match(url)
    if match is None:
        return f"not an Apprise URL (service://...; the services are listed at {WIKI})"
    scheme = match.group(1).lower()
    if scheme not in _schemes():
        close = difflib.get_close_matches(scheme, _schemes(), n=1)
        hint = f" (did you mean {close[0]}://?)" if close else f" (see {WIKI})"
        return f"Apprise has no service called {scheme}://{hint}"
    reasons = [redact(r.getMessage()) for r in handler.records if r.levelno == logging.WARNING]
    why = f": {'; '.join(dict.fromkeys(reasons))}" if reasons else ""
    return f"Apprise cannot read this {scheme}:// URL{why} (see {WIKI})"


def check_targets(config: Config) -> list[str]:
    """What is wrong with each notify target, as `notify[i].url: reason` lines."""
    problems = []
    for index, target in enumerate(config.notify):
        if target.url and (problem := url_problem(target.url)):
            problems.append(f"notify[{index}].url: {problem}")
        if target.config:
            location = _config_location(target, config)
            if not _SCHEME.match(location) and not Path(location).is_file():
                problems.append(f"notify[{index}].config: no such file {location}")
    return problems


def resolve_all(config: Config) -> list[Resolved]:
    """Every configured target, resolved."""
    return [resolve(target, config) for target in config.notify]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What Apprise said about one message to one service."""

    ok: bool
    error: str | None = None


def _failure(result: Any) -> str:
    messages: list[str] = []
    for service in result:
        if service:
            continue
        for entry in service.logs():
            if entry.level in ("ERROR", "WARNING") and entry.message not in messages:
                messages.append(entry.message)
        if not messages:
            messages.append(f"{service.name}: {service.status.name.lower()}")
    return "; ".join(messages[-3:]) or f"delivery {result.status.name.lower()}"


def send_timeout(service: Service) -> float:
    """Seconds one message to this service may take in all."""
    plugin = service.plugin
    waits = float(getattr(plugin, "socket_connect_timeout", 0) or 0) + float(
        getattr(plugin, "socket_read_timeout", 0) or 0
    )
    return waits + SEND_MARGIN


def send(service: Service, title: str, body: str, fmt: str) -> Outcome:
    """Send one message to one service; success only when Apprise reports it."""
    sender = apprise.Apprise()
    sender.add(service.plugin)
    try:
        result = sender.notify(
            body=body, title=title, body_format=fmt, timeout=send_timeout(service)
        )
    except Exception as exc:  # a plugin can raise anything; it is recorded as this failure
        return Outcome(False, redact(f"{type(exc).__name__}: {exc}")[:500])
    try:
        if result:
            return Outcome(True)
        return Outcome(False, redact(_failure(result))[:500])
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
