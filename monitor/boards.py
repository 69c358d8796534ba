"""A kind's listing endpoint for a board; whether a source's `board:` and `url:` agree
(`monitor.kinds`: what `url:` must be for kinds whose spider reads `url:` as it is); the host a
source is read from."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import urlsplit

from monitor.detect import detect
from monitor.kinds import BY_NAME


class Located(Protocol):
    """What names a source's board (a config `Source`; this module comes before the config)."""

    @property
    def kind(self) -> str: ...
    @property
    def board(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...


def listing_url(kind: str, board: str) -> str:
    """The listing endpoint a kind's spider reads for `board`."""
    template = BY_NAME[kind].listing
    if kind == "workday":
        host, site = board.split("/", 1)
        tenant, wd = host.split(".", 1)
        return template.format(tenant=tenant, wd=wd, site=site)
    if kind == "oracle":
        return template.format(host=board.split("/", 1)[0])
    return template.format(board=board)


def host_of(source: Located) -> str:
    """The host a source's listing is read from (`url:`, else the kind's endpoint); "" when
    that cannot be told, so that such sources count as one host (politeness errs on the safe
    side): shards, Scrapyd jobs and their host leases all group sources by it."""
    try:
        url = source.url or listing_url(source.kind, source.board or "")
    except (KeyError, ValueError, IndexError):
        return ""
    return (urlsplit(url).hostname or "").lower()


def disagreement(kind: str, board: str | None, url: str | None) -> str | None:
    """Why a source's `board:` and `url:` do not go together, or None when they do.

    The spiders read `url:` when it is given; `board:` is then used only for what the url
    leaves open, so a url that names another board, or a board's web page where the kind
    needs its API endpoint, is a mistake worth a warning.
    """
    spec = BY_NAME.get(kind)
    if spec is None or not spec.listing or not url:
        return None
    found = detect(url)
    if found is not None and found["kind"] not in ("jsonld", kind):
        return f"url is the address of a {found['kind']} board, but kind is {kind}"
    named = str(found.get("board") or "") if found is not None else ""
    if found is not None and found["kind"] == kind:
        if board and named and named.lower() != board.lower():
            return (
                f"url names board {named!r} but board is {board!r}: the url is read, "
                "board is not used"
            )
        if spec.marker and spec.marker not in url and not spec.reads_pages:
            example = listing_url(kind, board or named or spec.example)
            return (
                f"url is the board's web page, not its listing endpoint: leave url out "
                f"(`board: {board or named}` is enough) or give the endpoint, {example}"
            )
        return None
    if board and board.split("/")[-1].lower() not in url.lower():
        return f"url does not name board {board!r}: the url is read, board is not used"
    return None
