"""Safe rendering of scraped text into text, markdown and HTML message bodies, per service.

Everything a board gives us is untrusted. In every format: control and bidi characters go,
whitespace collapses, and @mentions, #channels, `<!channel>`-style pings and links a service
would make of bare `scheme://`, `www.` or `domain/path` text are defused with look-alike
characters. Markdown escapes its syntax (so `[x](http://e)` stays text) and HTML is escaped;
links are only ever the posting URLs, http(s) only.

Services read markdown differently (a `Dialect` each): a generic CommonMark renderer passes
HTML through, so `& < >` become entities there; Slack (whose CommonMark Apprise turns into
mrkdwn, escaping `& < >` itself) has no backslash escapes, so its emphasis characters become
look-alikes; Discord reads entities as text and renders markdown even in plain text, spoilers
(`||x||`) and `<t:0:R>` included; Telegram gets HTML, which Apprise turns into its own.
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
# what autolinkers make links of without a scheme: www.evil.example, evil.example/login
_WWW = re.compile(r"(?i)\b(www)\.(?=\w)")
_DOMAIN_PATH = re.compile(r"(?i)\b([a-z0-9-]+)\.([a-z]{2,24})(?=/\w)")
# CommonMark syntax that inline text could use to make links, images, emphasis or headings;
# & < > become entities, which CommonMark, Python-Markdown and Slack all read as text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_URL_SAFE = "/:?#@!$&*+,;=%-._~"


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one service reads a message: the format Apprise is told, and its own quirks."""

    format: str  # text | markdown | html
    service: str = "generic"  # generic | slack | discord | email

    @property
    def markup(self) -> bool:
        """Whether the service reads markup in this format (Slack and Discord always do)."""
        return self.format == "markdown" or self.service in ("slack", "discord")


def dialect(fmt: str | Dialect) -> Dialect:
    """A format name as the generic dialect of that format."""
    return fmt if isinstance(fmt, Dialect) else Dialect(fmt)


# Slack's mrkdwn has no escapes: emphasis characters become look-alikes
_SLACK_LOOKALIKE = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
_SLACK_SPECIAL = re.compile(r"([\[\]()#!<>])")
_DISCORD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~>-])")
_DISCORD_ANGLE = re.compile(r"<(?=\S)")  # <t:0:R>, <@id>, <:emoji:1>, </cmd:1>


def clean(value: object, limit: int = 300, *, links: bool = False) -> str:
    """One line of untrusted text: no control characters, no pings, at most `limit` chars.

    `links=True` leaves URLs as they are written, for text that is the user's own (a URL
    from the config); scraped text always has them defused.
    """
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    text = _MENTION.sub("\uff20", text)  # fullwidth @: reads the same, pings no one
    text = _CHANNEL.sub("\uff03", text)
    text = _PING.sub("\u2039", text)
    if not links:
        text = _SCHEME.sub("\uff1a", text)  # "http：//evil" is no link to any autolinker
        text = _WWW.sub("\\1\u2024", text)  # one-dot leader: "www․evil.example" is no link
        text = _DOMAIN_PATH.sub("\\1\u2024\\2", text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def escape_markdown(text: str, fmt: str | Dialect = "markdown") -> str:
    """Cleaned text as inert markdown for the service that reads it."""
    service = dialect(fmt).service
    if service == "slack":
        text = text.translate(_SLACK_LOOKALIKE)
        # Apprise turns these CommonMark escapes into plain characters (and < > into
        # entities); in plain text it escapes < > itself, and a backslash would show
        return _SLACK_SPECIAL.sub(r"\\\1", text) if dialect(fmt).format == "markdown" else text
    if service == "discord":
        return _DISCORD_SPECIAL.sub(r"\\\1", _DISCORD_ANGLE.sub("\u2039", text))
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


@dataclass(frozen=True, slots=True)
class Own:
    """The user's own text (a URL of their config): escaped, but its links left working."""

    value: str


Part = Text | Link | Strong | Own


def render_parts(parts: list[Part], fmt: str | Dialect) -> str:
    """One line of parts in `fmt`; in text a link's URL follows on the next, indented line."""
    form = dialect(fmt)
    out: list[str] = []
    urls: list[str] = []
    for part in parts:
        if isinstance(part, Link):
            label, url = clean(part.label) or "(untitled)", safe_url(part.url)
            if form.format == "markdown":
                label = escape_markdown(label, form)
                out.append(f"[{label}]({url})" if url else label)
            elif form.format == "html":
                label = html.escape(label)
                out.append(f'<a href="{html.escape(url)}">{label}</a>' if url else label)
                if url and form.service == "email":
                    # an HTML mail's plain-text part is made from its HTML without the links
                    # (Apprise's converter drops href): the URL in hidden text survives there
                    out.append(
                        f'<span style="display:none;mso-hide:all"> {html.escape(url)}</span>'
                    )
            else:
                out.append(escape_markdown(label, form) if form.markup else label)
                if url:
                    urls.append(url)
            continue
        text = clean(part.value, limit=600, links=isinstance(part, Own))
        if text:  # keep the spaces around our own separators (" — ", " → ")
            text = " " * part.value[:1].isspace() + text + " " * part.value[-1:].isspace()
        if form.format == "markdown":
            text = escape_markdown(text, form)
            out.append(f"**{text}**" if isinstance(part, Strong) and text else text)
        elif form.format == "html":
            text = html.escape(text)
            out.append(f"<b>{text}</b>" if isinstance(part, Strong) and text else text)
        else:
            out.append(escape_markdown(text, form) if form.markup else text)
    line = "".join(out)
    if urls:
        line += "".join(f"\n  {url}" for url in urls)
    return line


def heading(text: str, fmt: str | Dialect) -> str:
    """A source's heading (our text: source names are config, but are escaped anyway)."""
    form = dialect(fmt)
    text = clean(text)
    if form.format == "markdown":
        return f"**{escape_markdown(text, form)}**"
    if form.format == "html":
        return f"<p><b>{html.escape(text)}</b></p>"
    return f"== {escape_markdown(text, form) if form.markup else text} =="


def subheading(text: str, fmt: str | Dialect) -> str:
    """A kind's heading within a source."""
    form = dialect(fmt)
    text = clean(text)
    if form.format == "markdown":
        return f"*{escape_markdown(text, form)}*"
    if form.format == "html":
        return f"<p><i>{html.escape(text)}</i></p>"
    return f"{escape_markdown(text, form) if form.markup else text}:"


def paragraph(parts: list[Part], fmt: str | Dialect) -> str:
    """A free-standing line: a baseline, a failing source."""
    line = render_parts(parts, fmt)
    return f"<p>{line}</p>" if dialect(fmt).format == "html" else line


def bullets(lines: list[list[Part]], fmt: str | Dialect) -> str:
    """A list of items."""
    form = dialect(fmt)
    rendered = [render_parts(parts, form) for parts in lines]
    if form.format == "html":
        return "<ul>\n" + "\n".join(f"<li>{r}</li>" for r in rendered) + "\n</ul>"
    mark = "- " if form.format == "markdown" else "• "
    return "\n".join(mark + r for r in rendered)


def join_blocks(blocks: list[str], fmt: str | Dialect) -> str:
    """Blocks one after another; markdown needs blank lines between blocks."""
    return ("\n\n" if dialect(fmt).format == "markdown" else "\n").join(b for b in blocks if b)
