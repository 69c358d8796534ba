"""Text normalisation: HTML to text, whitespace folded, relative dates and tracking removed."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
from lxml import etree

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head")

_WS = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NL = re.compile(r"\s*\n\s*")
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_NUM = r"(?:\d+\+?|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)"
_UNIT = r"(?:second|sec|minute|min|hour|hr|day|week|wk|month|mo|year|yr)s?"
# "Posted: 4 days ago", "Posted 30+ Days Ago", "2 weeks ago", "posted today", "Updated yesterday"
_RELATIVE = re.compile(
    r"(?:\b(?:posted|updated|published|listed|added|reposted)\s*:?\s*(?:on\s*)?)?"
    rf"(?:\b{_NUM}\s*{_UNIT}\s+ago\b|\b(?:today|yesterday|just now)\b(?=[\s.,;:)\]|]|$))"
    r"|\b(?:posted|updated|published|listed|added|reposted)\s*:?\s*(?:today|yesterday|just now)\b"
    r"|\bactive\s+\d+\+?\s+days?\s+ago\b",
    re.IGNORECASE,
)

# Query parameters that identify a visitor or a campaign, never a posting.
TRACKING_PARAMS = frozenset(
    [
        "gh_src",
        "gh_jid_src",
        "lever-source",
        "lever-origin",
        "lever-via",
        "source",
        "src",
        "ref",
        "referrer",
        "refid",
        "ashby_jid_src",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "trk",
        "trackingid",
        "li_fat_id",
    ]
)


def html_to_text(markup: str | None) -> str:
    """Render HTML (escaped or not) to plain text with one line per block, whitespace folded."""
    if not markup:
        return ""
    if "&lt;" in markup and "<" not in markup:
        markup = html.unescape(markup)  # Greenhouse's `content` is HTML-escaped HTML
    if "<" not in markup:
        return fold_whitespace(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return fold_whitespace(re.sub(r"<[^>]+>", " ", markup))
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return fold_whitespace("".join(parts))


def _walk(node: etree._Element, parts: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if tag == "li":
        parts.append("- ")
    if node.text and tag:
        parts.append(node.text)
    for child in node:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")
    elif tag in ("td", "th"):
        parts.append(" ")


def fold_whitespace(text: str) -> str:
    """Collapse runs of spaces within lines and blank lines between them; strip control chars."""
    text = _CTRL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _WS.sub(" ", text)
    text = _NL.sub("\n", text)
    return text.strip()


def strip_relative_dates(text: str) -> str:
    """Remove phrases like "Posted 4 days ago" that change daily while the posting does not."""
    return fold_whitespace(_RELATIVE.sub(" ", text))


def clean_url(url: str | None) -> str | None:
    """Drop tracking query parameters and the fragment so that the same posting has one URL."""
    if not url:
        return url
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def normalise_text(markup: str | None) -> str:
    """The text that a posting's description hash is taken over."""
    return strip_relative_dates(html_to_text(markup))
