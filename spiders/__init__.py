"""Scrapy spiders, one module per board kind, all on `spiders.base.BoardSpider`."""

from __future__ import annotations

import importlib

from monitor.kinds import KINDS
from spiders.base import REGISTRY, BoardSpider


def spider_for(kind: str) -> type[BoardSpider]:
    """The spider class registered for a board kind."""
    if kind not in REGISTRY and kind in KINDS:  # one module per kind, named for it
        importlib.import_module(f"spiders.{kind}")
    try:
        return REGISTRY[kind]
    except KeyError:
        raise KeyError(f"no spider for board kind {kind!r}") from None
