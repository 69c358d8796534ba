"""Browser rendering helpers for `render: true` sources (scrapy-playwright)."""

from __future__ import annotations

from typing import Any

BLOCKED_RESOURCES = frozenset({"image", "font", "media"})


def abort_request(request: Any) -> bool:
    """Skip images, fonts and media: a rendered source should cost little more than its pages."""
    return request.resource_type in BLOCKED_RESOURCES
