"""What every route reads (the store, the config in force, the templates, the metrics), and the
errors routes raise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine

from monitor.config import Config
from monitor.errors import RolewatchError
from monitor.schedule.metrics import Metrics
from monitor.web.templating import Templates

Health = Callable[[], tuple[bool, dict[str, Any]]]


class NotFound(RolewatchError):
    """A key, source or page that does not exist."""


@dataclass
class Web:
    """The app's state."""

    engine: Engine
    config: Callable[[], Config]
    templates: Templates
    metrics: Metrics
    health: Health
    on_scrape: Callable[[], None] | None = None

    def token(self) -> str | None:
        """The configured token, if any."""
        return self.config().web.secret()


def web(request: Request) -> Web:
    """The app's `Web` (a FastAPI dependency)."""
    return request.app.state.web


WebDep = Annotated[Web, Depends(web)]
