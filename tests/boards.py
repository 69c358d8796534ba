"""Fixture postings in the real shapes of Greenhouse, Lever and Ashby (written by us)."""

from __future__ import annotations

import html
from typing import Any


def gh_job(
    job_id: int,
    title: str,
    *,
    body: str = "",
    location: str = "Remote, US",
    pay: list[dict[str, Any]] | None = None,
    department: str = "Engineering",
    company: str = "Acme",
) -> dict[str, Any]:
    """A Greenhouse job as `GET /v1/boards/{token}/jobs?content=true` gives it."""
    content = f"<div><p>{body or f'We are hiring a {title}.'}</p></div>"
    job: dict[str, Any] = {
        "absolute_url": f"https://job-boards.greenhouse.io/acme/jobs/{job_id}?gh_src=abc123",
        "data_compliance": [{"type": "gdpr", "requires_consent": False}],
        "internal_job_id": job_id + 1000,
        "location": {"name": location},
        "metadata": [],
        "id": job_id,
        "updated_at": "2026-10-01T10:00:00-04:00",
        "requisition_id": f"R{job_id}",
        "title": title,
        "company_name": company,
        "first_published": "2026-09-15T09:00:00-04:00",
        "language": "en",
        "content": html.escape(content),
        "departments": [{"id": 1, "name": department, "child_ids": [], "parent_id": None}],
        "offices": [{"id": 2, "name": location, "location": None, "child_ids": []}],
    }
    if pay is not None:
        job["pay_input_ranges"] = pay
    return job


def gh_pay(
    min_usd: float, max_usd: float, title: str = "US Base Salary Range", currency: str = "USD"
) -> dict[str, Any]:
    return {
        "min_cents": int(min_usd * 100),
        "max_cents": int(max_usd * 100),
        "currency_type": currency,
        "title": title,
        "blurb": "The base salary range for this role is shown below.",
    }


def pay_range(
    low: float | None,
    high: float | None,
    *,
    currency: str = "USD",
    period: str = "year",
    scope: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """A normalised pay range, as `postings --json` shows one."""
    return {
        "min": low,
        "max": high,
        "currency": currency,
        "period": period,
        "scope": scope,
        "kind": kind,
    }


def gh_board(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"jobs": list(jobs), "meta": {"total": len(jobs)}}


def lever_job(
    uid: str,
    title: str,
    *,
    body: str = "",
    location: str = "New York, New York",
    workplace: str = "hybrid",
    salary: dict[str, Any] | None = None,
    created: int = 1779223091267,
) -> dict[str, Any]:
    """A Lever posting as `GET /v0/postings/{site}?mode=json` gives it."""
    return {
        "additional": "<div>401(k) match up to $10,000 per year.</div>",
        "additionalPlain": "401(k) match up to $10,000 per year.",
        "categories": {
            "commitment": "Full-time",
            "department": "Product",
            "location": location,
            "team": "Engineering",
            "allLocations": [location],
        },
        "createdAt": created,
        "descriptionPlain": body or f"Join us as {title}.",
        "description": f"<div>{body or f'Join us as {title}.'}</div>",
        "id": uid,
        "lists": [{"text": "What you'll do", "content": "<li>Build things</li><li>Ship</li>"}],
        "text": title,
        "country": "US",
        "workplaceType": workplace,
        "hostedUrl": f"https://jobs.lever.co/acme/{uid}",
        "applyUrl": f"https://jobs.lever.co/acme/{uid}/apply",
        "salaryRange": salary,
    }


def ashby_job(
    uid: str,
    title: str,
    *,
    body: str = "",
    workplace: str = "Hybrid",
    is_remote: bool = True,
    listed: bool = True,
    salary: tuple[float, float, str] | None = None,
) -> dict[str, Any]:
    """An Ashby job as `GET /posting-api/job-board/{org}?includeCompensation=true` gives it."""
    components = []
    if salary:
        components = [
            {
                "compensationType": "Salary",
                "interval": "1 YEAR",
                "currencyCode": salary[2],
                "minValue": salary[0],
                "maxValue": salary[1],
            },
            {
                "compensationType": "EquityPercentage",
                "interval": "NONE",
                "currencyCode": None,
                "minValue": None,
                "maxValue": None,
            },
        ]
    return {
        "id": uid,
        "title": title,
        "department": "Product",
        "team": "Engineering",
        "employmentType": "FullTime",
        "location": "New York",
        "secondaryLocations": [{"location": "San Francisco", "address": {}}],
        "publishedAt": "2026-08-27T20:13:45.158+00:00",
        "isListed": listed,
        "isRemote": is_remote,
        "workplaceType": workplace,
        "jobUrl": f"https://jobs.ashbyhq.com/acme/{uid}",
        "applyUrl": f"https://jobs.ashbyhq.com/acme/{uid}/application",
        "descriptionHtml": f"<p>{body or f'Join us as {title}.'}</p>",
        "descriptionPlain": body or f"Join us as {title}.",
        "compensation": {
            "compensationTierSummary": None,
            "scrapeableCompensationSalarySummary": None,
            "compensationTiers": [],
            "summaryComponents": components,
        },
    }
