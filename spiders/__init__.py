"""Scrapy spiders, one module per board kind, all on `spiders.base.BoardSpider`."""

from __future__ import annotations

import importlib

from spiders.base import REGISTRY, BoardSpider

KIND_MODULES = (
    "greenhouse", "lever", "ashby", "workday", "smartrecruiters",
    "workable", "recruitee", "jsonld", "page",
    "icims", "oracle", "bamboohr", "personio", "teamtailor", "successfactors",
    "rippling", "breezy", "pinpoint",
)  # fmt: skip


def spider_for(kind: str) -> type[BoardSpider]:
    """The spider class registered for a board kind."""
    if kind not in REGISTRY and kind in KIND_MODULES:
        importlib.import_module(f"spiders.{kind}")
    try:
        return REGISTRY[kind]
    except KeyError:
        raise KeyError(f"no spider for board kind {kind!r}") from None
