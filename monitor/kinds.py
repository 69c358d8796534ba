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


KINDS_TABLE: tuple[Kind, ...] = (
    Kind("greenhouse", "Greenhouse job board API", "the board token"),
    Kind("lever", "Lever postings API (paged)", "the site name"),
    Kind("ashby", "Ashby posting API, with compensation", "the organisation"),
    Kind(
        "workday",
        "Workday CXS API, listing plus a detail call per new or changed posting",
        "`tenant.wdN/site`",
        hint="Workday: tenant.wdN/site",
    ),
    Kind("smartrecruiters", "SmartRecruiters postings API", "the company id"),
    Kind("workable", "Workable widget API", "the account"),
    Kind("recruitee", "Recruitee offers API", "the company subdomain"),
    Kind(
        "icims",
        "iCIMS career portal: search pages read in turn, then each new or changed posting's "
        "JSON-LD",
        "the careers host's first label (`careers-acme`)",
    ),
    Kind(
        "oracle",
        "Oracle Recruiting Cloud requisitions API (paged), plus a detail call per new or "
        "changed requisition",
        "`host/siteNumber` (`eeho.fa.us2.oraclecloud.com/CX_1`)",
        hint="Oracle Recruiting Cloud: host/siteNumber",
    ),
    Kind(
        "bamboohr",
        "BambooHR careers list, plus a detail call per new or changed opening (text, pay, "
        "onsite/remote/hybrid)",
        "the subdomain",
    ),
    Kind(
        "personio",
        "Personio XML feed; where a site has none, `search.json` plus each new or changed "
        "position's page",
        "the subdomain",
    ),
    Kind(
        "teamtailor",
        "Teamtailor RSS feed (`jobs.rss`, 100 a page), with its remote status and locations",
        "the subdomain",
    ),
    Kind(
        "successfactors",
        "SAP SuccessFactors career site's RSS job feed",
        "the careers host; `url:` the feed (required)",
        needs_url=True,
        hint="SuccessFactors: url is the site's job feed (RSS); check it opens",
    ),
    Kind(
        "rippling",
        "Rippling ATS board API, plus a detail call per new or changed job, with its pay ranges",
        "the board slug",
    ),
    Kind(
        "breezy",
        "Breezy HR careers JSON (`/json?verbose=true`), with its salary line",
        "the subdomain",
    ),  # fmt: skip
    Kind("pinpoint", "Pinpoint `postings.json`, with its compensation", "the subdomain"),
    Kind(
        "jsonld",
        "any careers page whose postings carry schema.org `JobPosting` JSON-LD",
        "(`url:`)",
        needs_url=True,
        hint="careers page with JobPosting JSON-LD; add `links:` to pick posting links",
    ),
    Kind("page", "any careers page, with a CSS selector per field", "(`url:`)", needs_url=True),
)

BY_NAME = {kind.name: kind for kind in KINDS_TABLE}
KINDS = tuple(BY_NAME)
