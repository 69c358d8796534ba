"""What each board kind's `board:` and `url:` are, and whether a source's two agree.

The listing endpoints here are the ones the spiders build from `board:` (a test holds them to
the spiders' own); they are what `url:` must be for kinds whose spider reads `url:` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.detect import detect


@dataclass(frozen=True)
class BoardKind:
    """One kind: what `board:` is, an example, and its listing endpoint."""

    board: str  # what `board:` holds
    example: str  # an example `board:`
    listing: str  # the listing URL made from `board:` ({board}), or "" when url is required
    marker: str = ""  # what every listing endpoint of the kind holds, when url is read as is
    reads_pages: bool = False  # url may also be the board's public page (it is converted)


KINDS: dict[str, BoardKind] = {
    "greenhouse": BoardKind(
        "the board token", "stripe",
        "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true", "/v1/boards/",
    ),
    "lever": BoardKind(
        "the site name", "plaid", "https://api.lever.co/v0/postings/{board}?mode=json",
        "/v0/postings/",
    ),
    "ashby": BoardKind(
        "the organisation", "linear",
        "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true",
        "/posting-api/job-board/",
    ),
    "workday": BoardKind(
        "tenant.wdN/site", "acme.wd5/External",
        "https://{tenant}.{wd}.myworkdayjobs.com/wday/cxs/{tenant}/{site}/jobs",
        reads_pages=True,
    ),
    "smartrecruiters": BoardKind(
        "the company id", "Visa", "https://api.smartrecruiters.com/v1/companies/{board}/postings",
        reads_pages=True,
    ),
    "workable": BoardKind(
        "the account", "acme",
        "https://apply.workable.com/api/v1/widget/accounts/{board}?details=true", "/api/",
    ),
    "recruitee": BoardKind(
        "the company subdomain", "acme", "https://{board}.recruitee.com/api/offers/",
        "/api/offers",
    ),
    "icims": BoardKind(
        "the careers host's first label", "careers-acme",
        "https://{board}.icims.com/jobs/search?ss=1&in_iframe=1", reads_pages=True,
    ),
    "oracle": BoardKind(
        "host/siteNumber", "eeho.fa.us2.oraclecloud.com/CX_1",
        "https://{host}/hcmRestApi/resources/latest/recruitingCEJobRequisitions",
        reads_pages=True,
    ),
    "bamboohr": BoardKind(
        "the subdomain", "acme", "https://{board}.bamboohr.com/careers/list", "/careers/list",
    ),
    "personio": BoardKind(
        "the subdomain", "acme", "https://{board}.jobs.personio.de/xml", "/xml",
    ),
    "teamtailor": BoardKind(
        "the subdomain", "acme", "https://{board}.teamtailor.com/jobs.rss", ".rss",
    ),
    "successfactors": BoardKind("the careers host", "jobs.acme.com", ""),
    "rippling": BoardKind(
        "the board slug", "acme", "https://api.rippling.com/platform/api/ats/v1/board/{board}/jobs",
        "/board/",
    ),
    "breezy": BoardKind("the subdomain", "acme", "https://{board}.breezy.hr/json?verbose=true",
                        "/json"),
    "pinpoint": BoardKind(
        "the subdomain", "acme", "https://{board}.pinpointhq.com/postings.json", "postings.json",
    ),
}  # fmt: skip


def listing_url(kind: str, board: str) -> str:
    """The listing endpoint a kind's spider reads for `board`."""
    template = KINDS[kind].listing
    if kind == "workday":
        host, site = board.split("/", 1)
        tenant, wd = host.split(".", 1)
        return template.format(tenant=tenant, wd=wd, site=site)
    if kind == "oracle":
        return template.format(host=board.split("/", 1)[0])
    return template.format(board=board)


def disagreement(kind: str, board: str | None, url: str | None) -> str | None:
    """Why a source's `board:` and `url:` do not go together, or None when they do.

    The spiders read `url:` when it is given; `board:` is then used only for what the url
    leaves open, so a url that names another board, or a board's web page where the kind
    needs its API endpoint, is a mistake worth a warning.
    """
    if kind not in KINDS or not url:
        return None
    found = detect(url)
    spec = KINDS[kind]
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
