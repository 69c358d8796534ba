"""XML listings (RSS feeds, Personio's XML): a safe parser and the small readers they share."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from scrapy.http import Response

# no entities, no network, no DTD: a feed is data, never instructions to the parser
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)
_ROOT_TAG = re.compile(rb"<\s*([A-Za-z_][\w.:-]*)")


def xml_root(response: Response) -> Any:
    """The document element of an XML response; ValueError naming what came instead."""
    body = response.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        return etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        found = _ROOT_TAG.search(body[:512])
        what = f"<{found.group(1).decode('latin-1')}>" if found else "no markup"
        raise ValueError(f"not well-formed XML ({what}): {exc}") from None


def local(element: Any) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(element: Any, name: str) -> Any:
    """The first child whose local name is `name` (any namespace), or None."""
    if element is None:
        return None
    for node in element:
        if local(node) == name:
            return node
    return None


def children(element: Any, name: str) -> list[Any]:
    if element is None:
        return []
    return [node for node in element if local(node) == name]


def text(element: Any, name: str | None = None) -> str:
    """The trimmed text of a child (or of the element itself), CDATA included; "" when absent."""
    node = child(element, name) if name else element
    if node is None:
        return ""
    return "".join(node.itertext()).strip()


def rfc822(value: str) -> str | None:
    """An RSS date ("Mon, 06 Jul 2026 08:58:57 +0200") as ISO 8601; None when unreadable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
