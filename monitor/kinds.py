"""The board kinds rolewatch reads: the one list that config validation, the spider registry,
`detect` and the docs all read. Each kind's spider is `spiders/<kind>.py` (a test checks that
every kind has one, registered under its name, and that the README's table says the same)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of board."""

    name: str
    reads: str  # what rolewatch reads of it, for the README's table
    board: str  # what `board:` holds
    needs_url: bool = False  # no `board:` form: `url:` is required
    hint: str | None = None  # what `detect` adds under an entry of this kind
    example: str = ""  # an example `board:`
    # the listing URL the spider makes of `board:` ({board}; a test holds it to the spider's),
    # or "" when `url:` is required
    listing: str = ""
    marker: str = ""  # what every listing endpoint of the kind holds, when url is read as is
    reads_pages: bool = False  # url may also be the board's public page (it is converted)


KINDS_TABLE: tuple[Kind, ...] = (
    Kind(
        "greenhouse",
        "Greenhouse job board API",
        "the board token",
        example="stripe",
        listing="https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true",
        marker="/v1/boards/",
    ),
    Kind(
        "lever",
        "Lever postings API (paged)",
        "the site name",
        example="plaid",
        listing="https://api.lever.co/v0/postings/{board}?mode=json",
        marker="/v0/postings/",
    ),
    Kind(
        "ashby",
        "Ashby posting API, with compensation",
        "the organisation",
        example="linear",
        listing="https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true",
        marker="/posting-api/job-board/",
    ),
    Kind(
        "workday",
        "Workday CXS API, listing plus a detail call per new or changed posting",
        "`tenant.wdN/site`",
        hint="Workday: tenant.wdN/site",
        example="acme.wd5/External",
        listing="https://{tenant}.{wd}.myworkdayjobs.com/wday/cxs/{tenant}/{site}/jobs",
        reads_pages=True,
    ),
    Kind(
        "smartrecruiters",
        "SmartRecruiters postings API",
        "the company id",
        example="Visa",
        listing="https://api.smartrecruiters.com/v1/companies/{board}/postings",
        reads_pages=True,
    ),
    Kind(
        "workable",
        "Workable widget API",
        "the account",
        example="acme",
        listing="https://apply.workable.com/api/v1/widget/accounts/{board}?details=true",
        marker="/api/",
    ),
    Kind(
        "recruitee",
        "Recruitee offers API",
        "the company subdomain",
        example="acme",
        listing="https://{board}.recruitee.com/api/offers/",
        marker="/api/offers",
    ),
    Kind(
        "icims",
        "iCIMS career portal: search pages read in turn, then each new or changed "
        "posting's JSON-LD",
        "the careers host's first label (`careers-acme`)",
        example="careers-acme",
        listing="https://{board}.icims.com/jobs/search?ss=1&in_iframe=1",
        reads_pages=True,
    ),
    Kind(
        "oracle",
        "Oracle Recruiting Cloud requisitions API (paged), plus a detail call per new or "
        "changed requisition",
        "`host/siteNumber` (`eeho.fa.us2.oraclecloud.com/CX_1`)",
        hint="Oracle Recruiting Cloud: host/siteNumber",
        example="eeho.fa.us2.oraclecloud.com/CX_1",
        listing="https://{host}/hcmRestApi/resources/latest/recruitingCEJobRequisitions",
        reads_pages=True,
    ),
    Kind(
        "bamboohr",
        "BambooHR careers list, plus a detail call per new or changed opening (text, pay,"
        " onsite/remote/hybrid)",
        "the subdomain",
        example="acme",
        listing="https://{board}.bamboohr.com/careers/list",
        marker="/careers/list",
    ),
    Kind(
        "personio",
        "Personio XML feed; where a site has none, `search.json` plus each new or changed"
        " position's page",
        "the subdomain",
        example="acme",
        listing="https://{board}.jobs.personio.de/xml",
        marker="/xml",
    ),
    Kind(
        "teamtailor",
        "Teamtailor RSS feed (`jobs.rss`, 100 a page), with its remote status and locations",
        "the subdomain",
        example="acme",
        listing="https://{board}.teamtailor.com/jobs.rss",
        marker=".rss",
    ),
    Kind(
        "successfactors",
        "SAP SuccessFactors career site's RSS job feed",
        "the careers host; `url:` the feed (required)",
        needs_url=True,
        hint="SuccessFactors: url is the site's job feed (RSS); check it opens",
        example="jobs.acme.com",
    ),
    Kind(
        "rippling",
        "Rippling ATS board API, plus a detail call per new or changed job, with its pay ranges",
        "the board slug",
        example="acme",
        listing="https://api.rippling.com/platform/api/ats/v1/board/{board}/jobs",
        marker="/board/",
    ),
    Kind(
        "breezy",
        "Breezy HR careers JSON (`/json?verbose=true`), with its salary line",
        "the subdomain",
        example="acme",
        listing="https://{board}.breezy.hr/json?verbose=true",
        marker="/json",
    ),
    Kind(
        "pinpoint",
        "Pinpoint `postings.json`, with its compensation",
        "the subdomain",
        example="acme",
        listing="https://{board}.pinpointhq.com/postings.json",
        marker="postings.json",
    ),
    Kind(
        "jsonld",
        "any careers page whose postings carry schema.org `JobPosting` JSON-LD",
        "(`url:`)",
        needs_url=True,
        hint="its postings carry JobPosting JSON-LD; add `links:` to pick posting links",
    ),
    Kind(
        "page",
        "any careers page, with a CSS selector per field",
        "(`url:`)",
        needs_url=True,
        hint="check `links:` picks the postings; `fields:` maps CSS to title, description",
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS_TABLE}
KINDS = tuple(BY_NAME)
