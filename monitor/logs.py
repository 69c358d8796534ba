"""Logging set-up: plain lines or JSON lines, with Scrapy kept quiet unless asked."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from monitor.tables import printable
from monitor.timeutil import isoformat, utcnow

QUIET = (
    "scrapy",
    "twisted",
    "py.warnings",
    "asyncio",
    "apscheduler",
    "alembic",
    "scrapy-playwright",
    "playwright",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    BASE = frozenset(vars(logging.makeLogRecord({})))

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": isoformat(utcnow()),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in self.BASE and not key.startswith("_") and key != "message":
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class TextFormatter(logging.Formatter):
    """Plain log lines, with the control characters of board text made visible."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


_VERBOSITY = 0


class _LibraryFilter(logging.Filter):
    """Hold back the libraries' own records (Scrapy, Twisted, ...) unless -vv asked for them.

    rolewatch reports each failed request once, in a line of its own ("acme: HTTP 500 on
    ..."); Scrapy's retry and robots.txt middlewares would log it again, with tracebacks.
    A filter on our handler, because Scrapy resets its loggers' levels when a crawl starts.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.CRITICAL or _VERBOSITY >= 2:
            return True
        return not record.name.startswith(QUIET)


def quiet_libraries() -> None:
    """Keep Scrapy and friends at warnings unless -vvv asked for them (Scrapy resets levels)."""
    level = logging.DEBUG if _VERBOSITY >= 3 else logging.WARNING
    for name in QUIET:
        logging.getLogger(name).setLevel(level)


def setup(verbosity: int = 0, fmt: str = "text", stream: Any = None) -> None:
    """Configure the root logger: warnings by default, info with -v, debug with -vv."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_LibraryFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = (
        logging.DEBUG if verbosity >= 2 else logging.INFO if verbosity == 1 else logging.WARNING
    )
    root.setLevel(level)
    global _VERBOSITY
    _VERBOSITY = verbosity
    quiet_libraries()
