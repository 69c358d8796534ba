"""Fixture boards in the real shapes of iCIMS, Oracle Recruiting Cloud, BambooHR, Personio,
Teamtailor, SuccessFactors, Rippling, Breezy and Pinpoint (written by us, not copied from real
boards; the field layouts follow the captures in shared/realdata/new/).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from tests.boards_more import answer
from tests.boardserver import BoardServer, Route

XML = {"Content-Type": "application/xml; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _ld_page(data: dict[str, Any], title: str = "Job") -> str:
    block = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<!doctype html><html lang="en-US"><head><title>{html.escape(title)}</title>'
        f'<script type="application/ld+json">{block}</script></head>'
        f"<body><div>Please Enable Cookies to Continue</div></body></html>"
    )


# -- iCIMS ---------------------------------------------------------------------------------


def icims_card(
    job_id: int,
    title: str,
    *,
    location: str = "US-MD-Annapolis Junction",
    salary: str | None = None,
    arrangement: str | None = None,
    base: str = "",
) -> str:
    """One row of the card layout (`li.iCIMS_JobCardItem`), as on a search page."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    fields = [("ID", f"2026-{job_id}"), (None, location), ("Category", "Engineering")]
    if salary:
        fields.append(("Combined Salary Range", salary))
    if arrangement:
        fields.append(("Work Arrangement", arrangement))
    tags = []
    for label, value in fields:
        head = (
            html.escape(label)
            if label
            else '<span class="glyphicons glyphicons-map-marker" aria-hidden="true"></span>\n'
            '<span class="sr-only field-label">Job Location</span>'
        )
        tags.append(
            f'<div class="iCIMS_JobHeaderTag">\n<dt class="iCIMS_JobHeaderField">{head}</dt>\n'
            f'<dd class="iCIMS_JobHeaderData"><span >\n{html.escape(value)}</span>\n</dd>\n</div>'
        )
    return (
        '<li class="iCIMS_JobCardItem">\n<div class="row">\n'
        '<div class="col-xs-6 header left">\n</div>\n'
        '<div class="col-xs-6 header right">\n'
        '<span class="sr-only field-label">Posted Date</span>\n'
        '<span title="10/4/2026 5:15 PM">\n51 minutes ago'
        '<span class="sr-only">(10/4/2026 5:15 PM)</span></span>\n</div>\n'
        '<div class="col-xs-12 title">\n'
        f'<a href="{base}/jobs/{job_id}/{slug}/job?in_iframe=1" class="iCIMS_Anchor" '
        f'title="{job_id} - {html.escape(title)}">\n'
        f'<span class="sr-only field-label">Title</span>\n<h3 >\n{html.escape(title)}</h3>\n'
        "</a>\n</div>\n"
        '<div class="col-xs-12 additionalFields">\n<dl class="iCIMS_JobHeaderGroup">\n'
        + "\n".join(tags)
        + "\n</dl>\n</div>\n</div>\n</li>"
    )


def icims_search_page(cards: list[str], page: int, pages: int, first_url: str) -> str:
    """A search page: the cards, "Page X of Y" and the paging links (`pr=N`)."""
    links = "".join(
        f'<a href="{html.escape(first_url)}&amp;pr={n}" class="glyphicons">{n + 1}</a>'
        for n in range(pages)
        if n != page
    )
    return (
        '<!doctype html><html><body class="iCIMS_ListingsPage">'
        '<div class="iCIMS_MainWrapper">'
        f'<ul class="container-fluid iCIMS_JobsTable">{"".join(cards)}</ul>'
        f'<div class="iCIMS_Paging text-center"><span class="sr-only">Page {page + 1} of '
        f"{pages}</span>{links}</div></div></body></html>"
    )


def icims_posting(
    job_id: int,
    title: str,
    *,
    body: str = "",
    places: list[tuple[str, str]] | None = None,
    salary: dict[str, Any] | None = None,
    base: str = "https://careers-acme.icims.com",
) -> str:
    """A posting page with the JSON-LD iCIMS serves to crawlers (placeholders included)."""
    locations = [
        {
            "address": {
                "addressCountry": "US",
                "streetAddress": "UNAVAILABLE",
                "@type": "PostalAddress",
                "postalCode": "UNAVAILABLE",
                "addressLocality": city,
                "addressRegion": region,
                "postOfficeBoxNumber": "UNAVAILABLE",
            },
            "@type": "Place",
        }
        for city, region in places or [("Annapolis Junction", "MD")]
    ]
    data: dict[str, Any] = {
        "hiringOrganization": {"@type": "Organization", "name": "Acme Mission Systems"},
        "validThrough": "2027-10-04T04:00:00.000Z",
        "jobLocation": locations,
        "employmentType": "OTHER",
        "@type": "JobPosting",
        "description": f"<h2>Overview</h2>\n<p>{body or f'We are hiring a {title}.'}</p>",
        "directApply": True,
        "datePosted": "2026-10-04T04:00:00.000Z",
        "title": title,
        "occupationalCategory": "Engineering",
        "@context": "http://schema.org",
        "url": f"{base}/jobs/{job_id}/job",
    }
    if salary:
        data["baseSalary"] = salary
    return _ld_page(data, f"Find a Job - {title}")


# -- Oracle Recruiting Cloud -----------------------------------------------------------------


def ora_req(
    req_id: str,
    title: str,
    *,
    location: str = "Raleigh, NC, United States",
    secondary: list[str] | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """A requisition as `requisitionList` gives it (the listing's fields, most of them null)."""
    return {
        "Id": req_id,
        "Title": title,
        "PostedDate": "2026-10-05",
        "PostingEndDate": None,
        "Language": "US",
        "PrimaryLocationCountry": "US",
        "GeographyId": 100000067181895,
        "HotJobFlag": False,
        "WorkplaceTypeCode": code,
        "JobFamily": None,
        "JobFunction": None,
        "JobSchedule": None,
        "Department": None,
        "ShortDescriptionStr": "",
        "PrimaryLocation": location,
        "Distance": 9,
        "TrendingFlag": True,
        "Relevancy": 9,
        "WorkplaceType": {"ORA_HYBRID": "Hybrid", "ORA_REMOTE": "Work From Home"}.get(code, ""),
        "ExternalQualificationsStr": None,
        "ExternalResponsibilitiesStr": None,
        "secondaryLocations": [
            {"RequisitionLocationId": 1, "Name": name, "CountryCode": "US"}
            for name in secondary or []
        ],
    }


def ora_listing(reqs: list[dict[str, Any]], total: int, offset: int = 0) -> dict[str, Any]:
    return {
        "items": [
            {
                "SearchId": 1,
                "Offset": offset,
                "Limit": 200,
                "SortBy": "POSTING_DATES_DESC",
                "TotalJobsCount": total,
                "SiteNumber": "CX_1",
                "requisitionList": reqs,
                "workplaceTypesFacet": [],
            }
        ],
        "count": 1,
        "hasMore": False,  # Oracle's `hasMore` is not to be trusted; its tests say so too
        "limit": 200,
        "offset": 0,
        "links": [],
    }


def ora_detail(req: dict[str, Any], body: str = "") -> dict[str, Any]:
    item = {
        "Id": req["Id"],
        "Title": req["Title"],
        "Category": "Engineering",
        "ExternalPostedStartDate": "2026-10-05T17:23:26+00:00",
        "JobShift": "Day",
        "ExternalDescriptionStr": f"<p>{body or 'We are hiring.'}</p>",
        "CorporateDescriptionStr": "<p>About Acme, the same on every posting.</p>",
        "ExternalResponsibilitiesStr": "<ul><li>Build things.</li></ul>",
        "ExternalQualificationsStr": "<ul><li>A degree.</li></ul>",
        "PrimaryLocation": req["PrimaryLocation"],
        "WorkplaceTypeCode": req["WorkplaceTypeCode"],
        "WorkplaceType": req["WorkplaceType"],
        "secondaryLocations": req["secondaryLocations"],
        "workLocation": [],
    }
    return {"items": [item], "count": 1, "hasMore": False, "limit": 499, "offset": 0}


class OracleBoard:
    """An Oracle tenant under `/ora`: the listing paged by the `finder`'s offset, the details.

    `page_sizes` sets how many rows each page serves (Oracle serves short pages mid-listing).
    """

    PATH = "/ora/hcmRestApi/resources/latest"

    def __init__(self, server: BoardServer, page_sizes: tuple[int, ...] = (200,)) -> None:
        self.server, self.page_sizes = server, page_sizes
        self.reqs: list[dict[str, Any]] = []
        self.total: int | None = None
        self.details: dict[str, dict[str, Any] | Route] = {}
        answer(server, f"{self.PATH}/recruitingCEJobRequisitions", self.listing)
        answer(server, f"{self.PATH}/recruitingCEJobRequisitionDetails", self.detail)
        self.url = f"{server.base}{self.PATH}/recruitingCEJobRequisitions"

    def publish(self, reqs: list[dict[str, Any]], total: int | None = None) -> None:
        self.reqs, self.total = reqs, total

    def listing(self, request: dict[str, Any]) -> Route:
        finder = parse_qs(urlsplit(request["path"]).query)["finder"][0]
        params = dict(p.split("=", 1) for p in finder.split(";", 1)[1].split(","))
        offset = int(params["offset"])
        size = self.page_sizes[min(self._page_of(offset), len(self.page_sizes) - 1)]
        rows = self.reqs[offset : offset + min(size, int(params["limit"]))]
        total = len(self.reqs) if self.total is None else self.total
        body = ora_listing(rows, total if offset == 0 else 0, offset)
        return Route(json.dumps(body).encode())

    def _page_of(self, offset: int) -> int:
        """Which page an offset starts (pages have the sizes `page_sizes` gives, in turn)."""
        page, start = 0, 0
        while start < offset:
            start += self.page_sizes[min(page, len(self.page_sizes) - 1)]
            page += 1
        return page

    def detail(self, request: dict[str, Any]) -> Route:
        finder = parse_qs(urlsplit(request["path"]).query)["finder"][0]
        req_id = re.search(r'Id="([^"]+)"', finder).group(1)  # type: ignore[union-attr]
        found = self.details.get(req_id)
        if isinstance(found, Route):  # an answer of its own (an error)
            return found
        if found is not None:
            return Route(json.dumps(found).encode())
        req = next((r for r in self.reqs if r["Id"] == req_id), None)
        if req is None:
            return Route(b'{"items": [], "count": 0, "hasMore": false}')
        return Route(json.dumps(ora_detail(req)).encode())


# -- BambooHR -------------------------------------------------------------------------------


def bamboo_opening(
    job_id: str,
    title: str,
    *,
    city: str = "Chicago",
    state: str = "Illinois",
    location_type: str = "0",
) -> dict[str, Any]:
    """A `careers/list` row (`location` and `atsLocation` filled alternately, as on real ones)."""
    return {
        "id": job_id,
        "jobOpeningName": title,
        "departmentId": "18450",
        "departmentLabel": "Client Solutions",
        "employmentStatusLabel": "Full-Time",
        "employmentType": None,
        "location": {"city": city, "state": state},
        "atsLocation": {"country": None, "state": None, "province": None, "city": None},
        "isRemote": None,
        "locationType": location_type,
    }


def bamboo_list(openings: list[dict[str, Any]], total: int | None = None) -> dict[str, Any]:
    return {"meta": {"totalCount": len(openings) if total is None else total}, "result": openings}


def bamboo_detail(
    opening: dict[str, Any], *, body: str = "", compensation: str | None = None
) -> dict[str, Any]:
    detail = {
        "jobOpeningShareUrl": f"https://acme.bamboohr.com/careers/{opening['id']}",
        "jobOpeningName": opening["jobOpeningName"],
        "jobOpeningStatus": "Open",
        "departmentId": opening["departmentId"],
        "departmentLabel": opening["departmentLabel"],
        "employmentStatusLabel": opening["employmentStatusLabel"],
        "location": {
            **opening["location"],
            "postalCode": "60007",
            "addressCountry": "United States",
        },
        "atsLocation": {"country": None, "countryId": None, "state": None, "city": None},
        "description": f"<p>{body or 'We are hiring.'}</p>",
        "compensation": compensation,
        "datePosted": "2026-09-20",
        "minimumExperience": "Mid-level",
        "locationType": opening["locationType"],
    }
    return {"meta": {"jobOpeningStatus": "Open"}, "result": {"jobOpening": detail}}


# -- Personio ---------------------------------------------------------------------------------


def personio_position(
    pos_id: int, name: str, *, office: str = "Berlin", extra_offices: list[str] | None = None,
    body: str = "",
) -> str:  # fmt: skip
    """A `<position>` of the XML feed, its text sections in CDATA."""
    offices = "".join(f"\n        <office>{escape(o)}</office>" for o in extra_offices or [])
    sections = [("Deine Aufgaben", f"<p>{body or 'Du baust Dinge.'}</p>"),
                ("Dein Profil", "<ul><li>Erfahrung</li></ul>")]  # fmt: skip
    descriptions = "".join(
        f"\n        <jobDescription>\n            <name>{escape(n)}</name>\n            <value>"
        f"\n                <![CDATA[{v}]]>\n            </value>\n        </jobDescription>"
        for n, v in sections
    )
    return f"""
<position>
    <id>{pos_id}</id>
    <subcompany>Acme GmbH</subcompany>
    <office>{escape(office)}</office>
    <additionalOffices>{offices}
    </additionalOffices>
    <department>Engineering</department>
    <recruitingCategory>Tech</recruitingCategory>
    <name>{escape(name)}</name>
    <jobDescriptions>{descriptions}
    </jobDescriptions>
    <employmentType>permanent</employmentType>
    <seniority>experienced</seniority>
    <schedule>full-time</schedule>
    <yearsOfExperience>2-5</yearsOfExperience>
    <createdAt>2026-09-04T08:40:52+00:00</createdAt>
</position>
"""


def personio_feed(*positions: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n\n<workzag-jobs>\n'
        + "".join(positions)
        + "\n</workzag-jobs>\n"
    )


def personio_search_entry(pos_id: int, name: str, office: str = "Berlin") -> dict[str, Any]:
    return {
        "id": pos_id,
        "name": name,
        "office": office,
        "department": "Engineering",
        "employment_type": "permanent",
        "seniority": "experienced",
        "schedule": "full-time",
        "description": "",
    }


def personio_job_page(pos_id: int, name: str, body: str = "") -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": name,
        "description": f"<p>{body or 'Du baust Dinge.'}</p>",
        "datePosted": "2026-09-04",
        "hiringOrganization": {"@type": "Organization", "name": "Acme GmbH"},
        "jobLocation": {
            "@type": "Place",
            "address": {"addressLocality": "Berlin", "addressCountry": "DE"},
        },
        "identifier": {"@type": "PropertyValue", "value": pos_id},
    }
    return _ld_page(data, name)


# -- Teamtailor -------------------------------------------------------------------------------


def tt_item(
    job_id: int, title: str, *, remote: str = "hybrid", city: str = "London",
    country: str = "United Kingdom", body: str = "",
) -> str:  # fmt: skip
    """An `<item>` of `jobs.rss`: escaped HTML description, `remoteStatus`, `tt:` locations."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    description = escape(f"<h2>{html.escape(title)}</h2><p>{body or 'Join us.'}</p>")
    return f"""
    <item>
      <title>{escape(title)}</title>
      <description>{description}</description>
      <pubDate>Mon, 06 Jul 2026 08:58:57 +0200</pubDate>
      <link>https://career.example.com/jobs/{job_id}-{slug}</link>
      <remoteStatus>{remote}</remoteStatus>
      <guid>a79a10f6-9f69-49b0-9f6d-{job_id:012d}</guid>
      <tt:locations>
        <tt:location>
          <tt:name>{escape(city)}</tt:name>
          <tt:address>16 Laystall Court</tt:address>
          <tt:zip>EC1R 4</tt:zip>
          <tt:city>{escape(city)}</tt:city>
          <tt:country>{escape(country)}</tt:country>
        </tt:location>
      </tt:locations>
      <tt:department>Sales</tt:department>
      <tt:role>Account Executive</tt:role>
      <tt:division/>
    </item>"""


def tt_feed(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:tt="https://teamtailor.com/locations">\n  <channel>\n'
        "    <title>Acme</title>\n    <description>Current job openings</description>\n"
        "    <link>https://career.example.com/jobs</link>"
        + "".join(items)
        + "\n  </channel>\n</rss>\n"
    )


# -- SuccessFactors ---------------------------------------------------------------------------


def sf_item(
    job_id: int, title: str, place: str = "Richardson, TX, US, 75080", body: str = ""
) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{place.split(',')[0]} {title}").strip("-")
    link = (f"https://jobs.example.com/job/{slug}/{job_id}/?feedId=null&amp;utm_source=J2WRSS"
            "&amp;utm_medium=rss&amp;utm_campaign=J2W_RSS")  # fmt: skip
    return (
        f"<item><title><![CDATA[{title} ({place})]]></title>"
        f"<description><![CDATA[<p>{body or 'We are hiring.'}</p>]]></description>"
        f"<pubDate>Fri, 02 Oct 2026 7:00:00 GMT</pubDate><link>{link}</link>"
        f"<guid>{link}</guid></item>"
    )


def sf_feed(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" ?><rss version=\'2.0\' '
        "xmlns:atom='http://www.w3.org/2005/Atom'><channel>"
        "<title>Acme - Custom Search </title><link>https://jobs.example.com/feeds/</link>"
        "<description>Custom RSS Feed for Acme</description>"
        "<lastBuildDate>Sat, 3 Oct 2026 02:56:30 GMT</lastBuildDate><ttl>720</ttl> "
        + "".join(items)
        + "</channel></rss>"
    )


# -- Rippling -------------------------------------------------------------------------------


def rp_rows(uuid: str, name: str, places: list[str]) -> list[dict[str, Any]]:
    """The listing's rows of one job: one per location, as Rippling gives them."""
    return [
        {
            "uuid": uuid,
            "name": name,
            "department": {"id": "Engineering", "label": "Engineering"},
            "url": f"https://ats.rippling.com/acme/jobs/{uuid}",
            "workLocation": {"label": place, "id": place},
        }
        for place in places
    ]


def rp_band(start: float, end: float, location: str, *, currency: str = "USD",
            frequency: str = "YEAR") -> dict[str, Any]:  # fmt: skip
    remote = location.startswith("Remote")
    return {"location": location, "currency": currency, "frequency": frequency,
            "rangeStart": start, "rangeEnd": end, "isRemote": remote}  # fmt: skip


def rp_detail(
    uuid: str, name: str, places: list[str], *, bands: list[dict[str, Any]] | None = None,
    body: str = "",
) -> dict[str, Any]:  # fmt: skip
    return {
        "uuid": uuid,
        "name": name,
        "description": {
            "company": "<meta><p>About Acme.</p>",
            "role": f"<meta><p>{body or 'You will build things.'}</p>",
        },
        "workLocations": places,
        "department": {
            "name": "Platform",
            "base_department": "Engineering",
            "department_tree": ["Engineering", "Platform"],
        },
        "employmentType": {"label": "SALARIED_FT", "id": "Salaried, full-time"},
        "createdOn": "2026-06-12T12:45:15.898000-07:00",
        "url": f"https://ats.rippling.com/acme/jobs/{uuid}",
        "board": {"boardURL": "https://ats.rippling.com/acme/jobs", "companyName": "Acme, Inc."},
        "payRangeDetails": bands or [],
        "companyName": "Acme, Inc.",
        "unlistedFromSearch": False,
    }


# -- Breezy and Pinpoint ----------------------------------------------------------------------


def breezy_position(
    pos_id: str, name: str, *, salary: str | None = None, remote: bool = False,
    city: str = "New York", state: str = "NY", body: str = "",
) -> dict[str, Any]:  # fmt: skip
    """A position of `/json?verbose=true` (the verbose listing adds `description`)."""
    location = {
        "country": {"name": "United States", "id": "US"},
        "state": {"id": state, "name": state},
        "city": city,
        "primary": True,
        "is_remote": remote,
        "name": f"{city}, {state}",
    }
    position = {
        "id": pos_id,
        "friendly_id": f"{pos_id}-{name.lower().replace(' ', '-')}",
        "name": name,
        "url": f"https://acme.breezy.hr/p/{pos_id}-{name.lower().replace(' ', '-')}",
        "published_date": "2026-09-15T14:37:22.684Z",
        "type": {"id": "fullTime", "name": "Full-Time"},
        "location": location,
        "department": "Engineering",
        "description": f"<p>{body or 'We are hiring.'}</p>",
        "company": {"name": "Acme Inc", "logo_url": None, "friendly_id": "acme"},
        "locations": [{**location, "id": "2007f9c3168b"}],
    }
    if salary is not None:
        position["salary"] = salary
    return position


def pinpoint_posting(
    post_id: str, title: str, *, pay: tuple[float, float, str, str] | None = None,
    visible: bool = True, workplace: str = "remote", body: str = "",
) -> dict[str, Any]:  # fmt: skip
    low, high, currency, frequency = pay or (None, None, None, None)
    return {
        "id": post_id,
        "benefits": "<div><!--block-->Pension, holidays.</div>",
        "benefits_header": "What we offer",
        "compensation": f"£{low:,.0f} - £{high:,.0f} / {frequency}" if pay else None,
        "compensation_minimum": low,
        "compensation_maximum": high,
        "compensation_currency": currency,
        "compensation_frequency": frequency,
        "compensation_visible": visible,
        "deadline_at": None,
        "description": f"<div><!--block-->{body or 'We are hiring.'}</div>",
        "employment_type": "full_time",
        "employment_type_text": "Full Time",
        "key_responsibilities": "<ul><li><!--block-->Ship things</li></ul>",
        "key_responsibilities_header": "What you'll do",
        "skills_knowledge_expertise": "<ul><li><!--block-->Experience</li></ul>",
        "skills_knowledge_expertise_header": "What you'll bring",
        "title": title,
        "url": f"https://acme.pinpointhq.com/en/postings/{post_id}",
        "path": f"/en/postings/{post_id}",
        "workplace_type": workplace,
        "workplace_type_text": "Fully remote" if workplace == "remote" else "Hybrid",
        "job": {
            "id": f"9{post_id}",
            "requisition_id": f"PIN-{post_id}",
            "department": {"id": "1788", "name": "Operations"},
            "division": None,
        },
        "location": {
            "id": "283",
            "city": "London",
            "name": "United Kingdom",
            "postal_code": None,
            "province": "London",
            "street_address": None,
        },
    }
