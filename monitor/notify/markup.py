"""Safe rendering of scraped text into text, markdown and HTML message bodies.

Everything a board gives us is untrusted. In every format: control and bidi characters go,
whitespace collapses, and @mentions, #channels, `<!channel>`-style pings and bare `scheme://`
links are defused with look-alike characters. Markdown escapes its syntax (so `[x](http://e)`
stays text) and HTML is escaped; links are only ever the posting URLs, http(s) only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

FORMATS = ("text", "markdown", "html")

# C0/C1 controls, line/paragraph separators and the bidi overrides of "Trojan Source"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MENTION = re.compile(r"@(?=\w)")
_CHANNEL = re.compile(r"(?<![\w&])#(?=\w)")
_PING = re.compile(r"<(?=[!@#&])")  # Slack <!channel> <@U1> <#C1>, Discord <@&role>
_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
# CommonMark syntax that inline text could use to make links, images, emphasis or headings;
# & < > become entities, which CommonMark, Python-Markdown and Slack all read as text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_URL_SAFE = "/:?#@!$&*+,;=%-._~"


def clean(value: object, limit: int = 300) -> str:
    """One line of untrusted text: no control characters, no pings, at most `limit` chars."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    text = _MENTION.sub("\uff20", text)  # fullwidth @: reads the same, pings no one
    text = _CHANNEL.sub("\uff03", text)
    text = _PING.sub("\u2039", text)
    text = _SCHEME.sub("\uff1a", text)  # "http：//evil" is no link to any autolinker
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def escape_markdown(text: str) -> str:
    """Cleaned text as inert CommonMark."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def safe_url(url: object, limit: int = 1000) -> str | None:
    """An http(s) URL fit to put in a link, percent-encoding what could break out; else None."""
    if not isinstance(url, str):
        return None
    url = _CONTROL.sub("", url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    url = quote(url, safe=_URL_SAFE)
    return url if len(url) <= limit else None


@dataclass(frozen=True, slots=True)
class Text:
    """Untrusted text."""

    value: str


@dataclass(frozen=True, slots=True)
class Link:
    """Untrusted text linking to an untrusted URL (dropped unless it is http/https)."""

    label: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Strong:
    """Our own emphasis around untrusted text."""

    value: str


Part = Text | Link | Strong


def render_parts(parts: list[Part], fmt: str) -> str:
    """One line of parts in `fmt`; in text a link's URL follows on the next, indented line."""
    out: list[str] = []
    urls: list[str] = []
    for part in parts:
        if isinstance(part, Link):
            label, url = clean(part.label) or "(untitled)", safe_url(part.url)
            if fmt == "markdown":
                label = escape_markdown(label)
                out.append(f"[{label}]({url})" if url else label)
            elif fmt == "html":
                label = html.escape(label)
                out.append(f'<a href="{html.escape(url)}">{label}</a>' if url else label)
            else:
                out.append(label)
                if url:
                    urls.append(url)
            continue
        text = clean(part.value, limit=600)
        if text:  # keep the spaces around our own separators (" — ", " → ")
            text = " " * part.value[:1].isspace() + text + " " * part.value[-1:].isspace()
        if fmt == "markdown":
            text = escape_markdown(text)
            out.append(f"**{text}**" if isinstance(part, Strong) and text else text)
        elif fmt == "html":
            text = html.escape(text)
            out.append(f"<b>{text}</b>" if isinstance(part, Strong) and text else text)
        else:
            out.append(text)
    line = "".join(out)
    if urls:
        line += "".join(f"\n  {url}" for url in urls)
    return line


def heading(text: str, fmt: str) -> str:
    """A source's heading (our text: source names are config, but are escaped anyway)."""
    text = clean(text)
    if fmt == "markdown":
        return f"**{escape_markdown(text)}**"
    if fmt == "html":
        return f"<p><b>{html.escape(text)}</b></p>"
    return f"== {text} =="


def subheading(text: str, fmt: str) -> str:
    """A kind's heading within a source."""
    text = clean(text)
    if fmt == "markdown":
        return f"*{escape_markdown(text)}*"
    if fmt == "html":
        return f"<p><i>{html.escape(text)}</i></p>"
    return f"{text}:"


def paragraph(parts: list[Part], fmt: str) -> str:
    """A free-standing line: a baseline, a failing source."""
    line = render_parts(parts, fmt)
    return f"<p>{line}</p>" if fmt == "html" else line


def bullets(lines: list[list[Part]], fmt: str) -> str:
    """A list of items."""
    rendered = [render_parts(parts, fmt) for parts in lines]
    if fmt == "html":
        return "<ul>\n" + "\n".join(f"<li>{r}</li>" for r in rendered) + "\n</ul>"
    mark = "- " if fmt == "markdown" else "• "
    return "\n".join(mark + r for r in rendered)


def join_blocks(blocks: list[str], fmt: str) -> str:
    """Blocks one after another; markdown needs blank lines between blocks."""
    return ("\n\n" if fmt == "markdown" else "\n").join(b for b in blocks if b)
