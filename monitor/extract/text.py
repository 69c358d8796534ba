"""Text normalisation: HTML to text, whitespace folded, relative dates and tracking removed."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.extract._regex import prefix_tree
from monitor.extract._scan import without_controls

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

_SPACES = "\t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000"
# Only runs of two or more, or odd spaces: replacing every single " " with " " is slow. Written
# as one class then a branch on what it matched (rather than `[ S]{2,}|[S]`, the same matches)
# because a pattern that starts with a class lets the engine skip ahead to those characters.
_WS = re.compile(rf"[ {_SPACES}](?:(?<= )[ {_SPACES}]+|(?<! )[ {_SPACES}]*)")
_NL = re.compile(r"\n\s+")

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


# Tag names as prefix trees: the engine then tries a branch or two at each "<", not every
# name; a word boundary follows each name, so only one name can match and the text matched is
# the same as with a plain alternation.
_DROPPED = ("script", "style", "noscript", "template", "svg", "head")
_DROP = re.compile(
    rf"<({prefix_tree(list(_DROPPED))})\b[^>]*>"
    r".*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK = re.compile(rf"</?(?:{prefix_tree(_BLOCK_TAGS - {'li'})})\b[^>]*>", re.IGNORECASE)
_LI = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_CELL = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>")
# Which of the passes below a text needs at all: where one of these starts, its tags may be.
_DROP_HINTS = frozenset(["<!--", *(f"<{tag}" for tag in _DROPPED)])
_HINTS = re.compile("|".join(re.escape(hint) for hint in sorted(_DROP_HINTS | {"<li", "</t"})))


def html_to_text(markup: str | None) -> str:
    """Render HTML (escaped or not) to plain text with one line per block, whitespace folded."""
    if not markup:
        return ""
    if "&lt;" in markup and "<" not in markup:
        markup = _unescape(markup)  # Greenhouse's `content` is HTML-escaped HTML
    if "<" not in markup:
        return fold_whitespace(_unescape(markup))
    # Regexes rather than a parse tree: this runs for every new or changed posting, and
    # descriptions are small, flat fragments where a block boundary is all that matters.
    # each pass only where its tags can be at all, as one regex over the lower-cased text
    # finds (a pass costs a scan; a substring test for each kind of tag cost more than this)
    hints = set(_HINTS.findall(markup.lower()))
    if hints & _DROP_HINTS:
        markup = _DROP.sub(" ", markup)
    if "<li" in hints:
        markup = _LI.sub("\n- ", markup)
    markup = _BLOCK.sub("\n", markup)
    if "</t" in hints:
        markup = _CELL.sub(" ", markup)
    return fold_whitespace(_unescape(_TAG.sub("", markup)))


# What html.escape writes. html.unescape calls back into Python for every entity, which for
# escaped HTML (two entities a tag) costs more than all the tag regexes together.
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&#39;", "'"))


def _unescape(text: str) -> str:
    """html.unescape(text), by plain replacement when text holds no other entity than those
    html.escape writes (the replacements cannot make or break one another: none of them
    yields "&", and "&amp;" goes last, so "&amp;lt;" stays "&lt;" as html.unescape leaves it)."""
    if "&" not in text:
        return text
    plain = text
    for entity, char in _ESCAPES:
        plain = plain.replace(entity, char)
    if plain.count("&") != plain.count("&amp;"):
        return html.unescape(text)  # another entity ("&nbsp;", "&#8217;", a bare "&")
    return plain.replace("&amp;", "&")


def fold_whitespace(text: str) -> str:
    """Collapse runs of spaces within lines and blank lines between them; strip control chars."""
    text = without_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii() or "  " in text or "\t" in text or "\f" in text or "\v" in text:
        text = _WS.sub(" ", text)  # plain ASCII text without those has nothing to fold
    text = text.replace(" \n", "\n")
    text = _NL.sub("\n", text)
    return text.strip()


_RELATIVE_HINT = ("ago", "today", "yesterday", "just now")


# Markdown emphasis and escapes, as text copied from a Markdown rendering of a page has them
# ("**Salary:** $120,000 \\- $150,000", "_in Denver, CO._"); "_" inside a word stays.
_MARKDOWN = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|\\(?=[-+*_.#()\[\]!])")


def unmark(text: str) -> str:
    """text without Markdown emphasis marks and backslash escapes."""
    if "*" not in text and "_" not in text and "\\" not in text:
        return text
    return _MARKDOWN.sub("", text)


def strip_relative_dates(text: str) -> str:
    """Remove phrases like "Posted 4 days ago" that change daily while the posting does not."""
    lower = text.lower()
    if not any(hint in lower for hint in _RELATIVE_HINT):
        return text  # most texts have none, and the regex is costly to run for nothing
    return fold_whitespace(_RELATIVE.sub(" ", text))


# A URL that splitting and joining again gives back unchanged: no query, no fragment, a plain
# host, nothing that urlsplit removes or lowercases
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.:-]+(?:/[!-~]*)?")


def clean_url(url: str | None) -> str | None:
    """Drop tracking query parameters and the fragment so that the same posting has one URL."""
    if not url:
        return url
    url = url.strip()
    if "?" not in url and "#" not in url and _PLAIN_URL.fullmatch(url):
        return url  # most posting URLs: no need to split and join them again
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def normalise_text(markup: str | None) -> str:
    """The text that a posting's description hash is taken over."""
    return strip_relative_dates(html_to_text(markup))
