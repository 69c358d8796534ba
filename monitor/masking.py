"""Secrets out of what rolewatch prints: passwords and tokens in URLs (database, notify, source).

`mask_url` hides a URL's password, whatever it holds (a raw `@` included: the user part ends
at the last `@` before the host), and the values of query parameters that carry secrets
(`token`, `key`, `secret`, `password`, `auth`, `sig`, ... and Apprise's `+Header=` parameters).
`url_secrets` lists those values, for scrubbing them from text that quotes them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

MASK = "****"
# query keys whose values are secrets; Apprise's `+Name=value` sets an HTTP header
_SECRET_KEY = re.compile(
    r"(?i)^\+|token|secret|passw|pwd|key|auth|sig|credential|session|cookie|bearer|api"
)
_NETLOC = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<rest>[^/?#]*)(?P<tail>.*)$", re.S
)
_AUTH_SCHEMES = {"bearer", "basic", "token", "digest"}


def _split(url: str) -> tuple[str, str | None, str | None, str, str] | None:
    """(scheme://, user, password, host, rest) of a URL, its user part ending at the last `@`."""
    found = _NETLOC.match(url.strip())
    if not found:
        return None
    scheme, rest, tail = found.group("scheme"), found.group("rest"), found.group("tail")
    if "@" not in rest:
        return scheme, None, None, rest, tail
    # the host cannot hold an @: anything before the last one is user and password
    userinfo, host = rest.rsplit("@", 1)
    user, sep, password = userinfo.partition(":")
    return scheme, user, password if sep else None, host, tail


def url_secrets(url: str) -> set[str]:
    """The secret values a URL holds (its password, secret-looking query values), as written
    and as they may appear encoded or decoded elsewhere."""
    found: set[str] = set()
    parts = _split(url)
    if parts is not None and parts[2]:
        found.add(parts[2])
    try:
        query = urlsplit(url.strip()).query
    except ValueError:
        query = ""
    for key, value in parse_qsl(query, keep_blank_values=False):
        if _SECRET_KEY.search(key) and len(value) >= 3:
            found.add(value)
            words = value.split()
            if len(words) > 1 and words[0].lower() in _AUTH_SCHEMES:
                found.update(w for w in words[1:] if len(w) >= 3)
    variants = set()
    for secret in found:
        variants |= {secret, unquote(secret), quote(secret, safe=""), quote_plus(secret)}
    return {v for v in variants if len(v) >= 3}


def mask_url(url: str) -> str:
    """The URL with its password and secret query values replaced by `****`."""
    parts = _split(url)
    if parts is None:
        return url
    scheme, user, password, host, tail = parts
    shown = scheme
    if user is not None:
        shown += user + (f":{MASK}" if password else "") + "@"
    shown += host + tail
    for secret in sorted(url_secrets(url) - {password or ""}, key=len, reverse=True):
        shown = shown.replace(secret, MASK)
    return shown
