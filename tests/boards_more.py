"""Fixture boards in the real shapes of Workday, SmartRecruiters, Workable, Recruitee and
careers pages with JSON-LD or plain HTML (written by us, not copied from real boards).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tests.boardserver import BoardServer, Route

# -- answers that depend on the request (Workday's listing is a POST with a JSON body) ------


class DynamicRoutes(dict):
    """The server's route table, plus routes computed from each request.

    BoardServer looks a route up right after recording the request, under its lock, so the
    last recorded request is the one being answered.
    """

    def __init__(self, server: BoardServer, routes: dict[str, Route]):
        super().__init__(routes)
        self.server = server
        self.handlers: dict[str, Callable[[dict[str, Any]], Route]] = {}

    def get(self, path: str, default: Any = None) -> Any:  # type: ignore[override]
        handler = self.handlers.get(path) or self.handlers.get(urlsplit(path).path)
        if handler is not None:
            return handler(self.server.requests[-1])
        return super().get(path, default)

    def clear(self) -> None:
        super().clear()
        self.handlers.clear()


def answer(server: BoardServer, path: str, handler: Callable[[dict[str, Any]], Route]) -> str:
    """Serve `path` with `handler(request) -> Route`; returns its full URL."""
    if not isinstance(server.routes, DynamicRoutes):
        server.routes = DynamicRoutes(server, server.routes)
    server.routes.handlers[path] = handler
    return server.base + path


def json_route(data: Any, status: int = 200) -> Route:
    return Route(json.dumps(data).encode("utf-8"), status)


# -- Workday -----------------------------------------------------------------------------------


def wd_job(
    req: str,
    title: str,
    *,
    place: str = "US - New York",
    family: str = "eng",
    body: str = "",
    remote: str | None = "Hybrid",
    start: str = "2026-10-01",
    more: list[str] | None = None,
    posted: str = "Posted 4 Days Ago",
) -> dict[str, Any]:
    """A posting as our Workday board knows it: its listing entry and detail both come from it."""
    slug = "-".join(title.split())
    return {
        "externalPath": f"/job/{place.replace(' ', '-')}/{slug}_{req}",
        "title": title,
        "place": place,
        "more": more or [],
        "family": family,
        "req": req,
        "body": body or f"<p>We are hiring a {html.escape(title)}.</p>",
        "remote": remote,
        "start": start,
        "posted": posted,
    }


def wd_entry(job: dict[str, Any]) -> dict[str, Any]:
    """The entry `POST .../jobs` lists."""
    count = 1 + len(job["more"])
    return {
        "title": job["title"],
        "externalPath": job["externalPath"],
        "locationsText": job["place"] if count == 1 else f"{count} Locations",
        "postedOn": job["posted"],
        "bulletFields": [job["req"]],
    }


def wd_detail(job: dict[str, Any], site_base: str) -> dict[str, Any]:
    """What `GET .../{externalPath}` answers."""
    info: dict[str, Any] = {
        "id": "a1b2c3" + job["req"],
        "title": job["title"],
        "jobDescription": job["body"],
        "location": job["place"],
        "postedOn": job["posted"],
        "startDate": job["start"],
        "timeType": "Full time",
        "jobReqId": job["req"],
        "jobPostingId": job["externalPath"].rsplit("/", 1)[-1],
        "jobPostingSiteId": "External",
        "country": {"descriptor": "United States of America", "id": "bc33aa3152ec42d4995f"},
        "canApply": True,
        "posted": True,
        "includeResumeParsing": True,
        "jobRequisitionLocation": {"descriptor": job["place"]},
        "externalUrl": site_base + job["externalPath"],
        "questionnaireId": "c1d2e3",
    }
    if job["more"]:
        info["additionalLocations"] = job["more"]
    if job["remote"]:
        info["remoteType"] = job["remote"]
    return {
        "jobPostingInfo": info,
        "hiringOrganization": {"name": "Acme Corporation", "url": ""},
        "similarJobs": [],
        "userAuthenticated": False,
    }


class WorkdayBoard:
    """A Workday CXS site on the fixture server: listing (with facets, a cap and repeated
    results past it, as real tenants do) and a detail route per posting.
    """

    def __init__(
        self,
        server: BoardServer,
        tenant: str = "acme",
        site: str = "External",
        *,
        cap: int = 2000,
        facets: bool = True,
    ) -> None:
        self.server = server
        self.path = f"/wday/cxs/{tenant}/{site}"
        self.site_base = f"{server.base}/{site}"
        self.cap = cap
        self.facets = facets
        self.jobs: list[dict[str, Any]] = []
        self.fake_total: int | None = None  # report this total whatever the jobs are
        self.repeat_after: int | None = None  # offsets past this repeat the first page
        answer(server, self.path + "/jobs", self.listing)

    @property
    def url(self) -> str:
        return self.server.base + self.path

    def publish(self, jobs: list[dict[str, Any]]) -> None:
        self.jobs = list(jobs)
        for job in jobs:
            self.server.set(self.path + job["externalPath"], wd_detail(job, self.site_base))

    def listing(self, request: dict[str, Any]) -> Route:
        if request["method"] != "POST":
            return json_route({"errorCode": "S22", "message": "use POST"}, 405)
        body = json.loads(request["body"] or b"{}")
        offset, limit = int(body.get("offset", 0)), min(int(body.get("limit", 20)), 20)
        families = (body.get("appliedFacets") or {}).get("jobFamilyGroup")
        jobs = [j for j in self.jobs if not families or j["family"] in families]
        total = self.fake_total if self.fake_total is not None else min(len(jobs), self.cap)
        if self.repeat_after is not None and offset >= self.repeat_after:
            offset = 0  # what capped tenants do: the same results again
        elif offset >= self.cap:
            offset = 0
        page = jobs[offset : offset + limit]
        data: dict[str, Any] = {
            "total": total if body.get("offset", 0) == 0 else 0,  # later pages say 0
            "jobPostings": [wd_entry(j) for j in page],
            "facets": [],
            "userAuthenticated": False,
        }
        if self.facets and body.get("offset", 0) == 0:
            counts: dict[str, int] = {}
            for job in jobs:
                counts[job["family"]] = counts.get(job["family"], 0) + 1
            data["facets"] = [
                {
                    "facetParameter": "jobFamilyGroup",
                    "descriptor": "Job Category",
                    "values": [
                        {"descriptor": name.title(), "id": name, "count": count}
                        for name, count in sorted(counts.items())
                    ],
                },
                {
                    "facetParameter": "locationMainGroup",
                    "values": [
                        {
                            "facetParameter": "locations",
                            "descriptor": "Locations",
                            "values": [{"descriptor": "Anywhere", "id": "any1", "count": total}],
                        }
                    ],
                },
            ]
        return json_route(data)


# -- SmartRecruiters ---------------------------------------------------------------------------


def sr_posting(
    uid: str,
    name: str,
    *,
    city: str = "Berlin",
    country: str = "de",
    remote: bool = False,
    hybrid: bool = False,
    body: str = "",
    released: str = "2026-10-01T12:00:00.000Z",
) -> dict[str, Any]:
    """A SmartRecruiters posting: the listing entry's fields plus `jobAd` for the detail."""
    return {
        "id": uid,
        "name": name,
        "uuid": f"0b7f-{uid}",
        "refNumber": f"REF{uid[-4:]}",
        "company": {"identifier": "AcmeGmbH", "name": "Acme GmbH"},
        "releasedDate": released,
        "location": {
            "city": city, "region": "BE", "country": country, "remote": remote,
            "hybrid": hybrid, "fullLocation": f"{city}, Berlin, Germany",
        },
        "industry": {"id": "computer_software", "label": "Computer Software"},
        "department": {"id": "9911", "label": "Engineering"},
        "function": {"id": "engineering", "label": "Engineering"},
        "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        "customField": [],
        "ref": f"https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings/{uid}",
        "creator": {"name": "Jane Recruiter"},
        "language": {"code": "en", "label": "English"},
        "body": body or "<p>Join our platform team.</p>",
    }  # fmt: skip


def sr_entry(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if k != "body"}


def sr_detail(job: dict[str, Any]) -> dict[str, Any]:
    data = sr_entry(job)
    data.update(
        postingUrl=f"https://jobs.smartrecruiters.com/AcmeGmbH/{job['id']}-{job['id']}",
        applyUrl=f"https://jobs.smartrecruiters.com/AcmeGmbH/{job['id']}?oga=true",
        active=True,
        visibility="PUBLIC",
        jobAd={
            "sections": {
                "companyDescription": {"title": "Company Description",
                                       "text": "<p>Acme builds rockets.</p>"},
                "jobDescription": {"title": "Job Description", "text": job["body"]},
                "qualifications": {"title": "Qualifications", "text": "<ul><li>Go</li></ul>"},
                "additionalInformation": {"title": "Additional Information",
                                          "text": "<p>30 days of holiday.</p>"},
            }
        },
    )  # fmt: skip
    return data


def serve_smartrecruiters(server: BoardServer, path: str, jobs: list[dict[str, Any]]) -> None:
    """The postings endpoint (paged by limit/offset) and one detail route per posting."""

    def listing(request: dict[str, Any]) -> Route:
        query = dict(p.split("=", 1) for p in urlsplit(request["path"]).query.split("&") if p)
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 10))
        page = [sr_entry(j) for j in jobs[offset : offset + limit]]
        return json_route({"offset": offset, "limit": limit, "totalFound": len(jobs),
                           "content": page})  # fmt: skip

    answer(server, path, listing)
    for job in jobs:
        server.set(f"{path}/{job['id']}", sr_detail(job))


# -- Workable and Recruitee ---------------------------------------------------------------


def workable_job(
    code: str,
    title: str,
    *,
    body: str = "",
    remote: bool = False,
    city: str = "London",
    country: str = "United Kingdom",
) -> dict[str, Any]:
    """A job as `GET /api/v1/widget/accounts/{account}?details=true` lists it."""
    return {
        "title": title,
        "shortcode": code,
        "code": "",
        "employment_type": "Full-time",
        "telecommuting": remote,
        "department": "Engineering",
        "url": f"https://apply.workable.com/j/{code}",
        "shortlink": f"https://apply.workable.com/j/{code}",
        "application_url": f"https://apply.workable.com/j/{code}/apply",
        "published_on": "2026-10-02",
        "created_at": "2026-10-01",
        "country": country,
        "city": city,
        "state": "England",
        "education": "",
        "experience": "Mid-Senior level",
        "function": "Engineering",
        "industry": "Computer Software",
        "locations": [
            {"country": country, "countryCode": "GB", "city": city, "region": "England",
             "hidden": False}
        ],
        "description": body or f"<p>We need a {html.escape(title)}.</p>",
    }  # fmt: skip


def workable_account(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"name": "Acme Ltd", "description": "<p>Acme.</p>", "jobs": list(jobs)}


def recruitee_offer(
    oid: int,
    title: str,
    *,
    body: str = "",
    remote: bool = False,
    hybrid: bool = True,
    salary: tuple[Any, Any, str, str] | None = None,
    city: str = "Amsterdam",
) -> dict[str, Any]:
    """An offer as `GET https://{company}.recruitee.com/api/offers/` lists it."""
    slug = "-".join(title.lower().split())
    offer: dict[str, Any] = {
        "id": oid,
        "slug": slug,
        "title": title,
        "description": body or f"<p>Become our {html.escape(title)}.</p>",
        "requirements": "<ul><li>Python</li></ul>",
        "location": f"{city}, Netherlands",
        "locations": [{"id": 7, "name": city, "city": city, "country": "Netherlands",
                       "country_code": "NL", "state": None}],
        "city": city,
        "country": "Netherlands",
        "remote": remote,
        "hybrid": hybrid,
        "on_site": not (remote or hybrid),
        "careers_url": f"https://acme.recruitee.com/o/{slug}",
        "careers_apply_url": f"https://acme.recruitee.com/o/{slug}/c/new",
        "published_at": "2026-10-03 09:30:00 UTC",
        "created_at": "2026-10-02 09:30:00 UTC",
        "department": "Engineering",
        "company_name": "Acme BV",
        "employment_type_code": "fulltime",
        "status": "published",
        "salary": None,
    }  # fmt: skip
    if salary:
        low, high, currency, period = salary
        offer["salary"] = {"min": low, "max": high, "currency": currency, "period": period}
    return offer


# -- careers pages ------------------------------------------------------------------------


def ld_job(
    title: str,
    *,
    ident: str | None = None,
    body: str = "",
    remote: bool = False,
    salary: tuple[float, float, str, str] | None = None,
    city: str = "Lisbon",
    country: str = "PT",
    posted: str = "2026-10-05",
    valid: str | None = "2099-12-31",
    url: str | None = None,
) -> dict[str, Any]:
    """A schema.org JobPosting as careers pages embed it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": title,
        "description": body or "<p>Work with us on our products.</p>",
        "datePosted": posted,
        "employmentType": "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": "Acme SA",
                               "sameAs": "https://acme.example"},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": city, "addressCountry": country}},
    }  # fmt: skip
    if ident:
        data["identifier"] = {"@type": "PropertyValue", "name": "Acme SA", "value": ident}
    if valid:
        data["validThrough"] = valid
    if remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "Portugal"}
    if salary:
        low, high, currency, unit = salary
        data["baseSalary"] = {
            "@type": "MonetaryAmount", "currency": currency,
            "value": {"@type": "QuantitativeValue", "minValue": low, "maxValue": high,
                      "unitText": unit},
        }  # fmt: skip
    if url:
        data["url"] = url
    return data


def page(
    title: str, body: str = "", *, ld: list[dict[str, Any]] | None = None, script: str = ""
) -> str:
    """An HTML page, with JSON-LD blocks and an optional script."""
    blocks = "".join(
        f'<script type="application/ld+json">{json.dumps(d)}</script>' for d in ld or []
    )
    js = f"<script>{script}</script>" if script else ""
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>{blocks}</head>"
        f"<body><nav><a href='/'>Home</a></nav>{body}{js}</body></html>"
    )


HTML = {"Content-Type": "text/html; charset=utf-8"}
