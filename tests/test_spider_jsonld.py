"""Careers pages: schema.org JobPosting JSON-LD on the listing page and the pages it links to."""

from __future__ import annotations

from typing import Any

from scrapy.http import HtmlResponse, TextResponse

from spiders.html import expired, identifier, job_postings, jsonld_posting, posting_links, salaries
from tests.boards_more import HTML, ld_job, page

LINKS = "a.job"


def listing(jobs: list[tuple[str, str]], inline: list[dict[str, Any]] | None = None) -> str:
    items = "".join(f'<li><a class="job" href="{href}">{text}</a></li>' for href, text in jobs)
    body = f"<h1>Careers</h1><ul>{items}</ul><a href='/about'>About us</a>"
    graph = [{"@context": "https://schema.org", "@type": "ItemList",
              "itemListElement": [{"@type": "ListItem", "position": 1, "item": job}
                                  for job in inline or []]}]  # fmt: skip
    return page("Careers", body, ld=graph if inline else None)


def serve(
    server: Any,
    jobs: list[tuple[str, str]],
    pages: dict[str, str],
    inline: list[dict[str, Any]] | None = None,
) -> None:
    server.set("/site/careers", listing(jobs, inline), headers=HTML)
    for path, body in pages.items():
        server.set(path, body, headers=HTML)


def site(server: Any) -> tuple[list[tuple[str, str]], dict[str, str], list[dict[str, Any]]]:
    jobs = [
        ("/site/jobs/backend", "Backend Engineer"),
        ("/site/jobs/data", "Data Scientist"),
        ("/site/jobs/old", "Old Role"),
        ("/site/jobs/plain", "Plain Page"),
    ]
    pages = {
        "/site/jobs/backend": page("Backend Engineer", "<h1>Backend Engineer</h1>", ld=[
            ld_job("Backend Engineer", ident="BE-1", salary=(120000, 150000, "USD", "YEAR"))]),
        "/site/jobs/data": page("Data Scientist", "<h1>Data Scientist</h1>", ld=[
            ld_job("Data Scientist", remote=True, posted="2026-09-01")]),
        "/site/jobs/old": page("Old Role", "", ld=[ld_job("Old Role", valid="2020-01-31")]),
        "/site/jobs/plain": page("Plain Page", "<h1>Plain</h1><p>No markup here.</p>"),
    }  # fmt: skip
    inline = [ld_job("Inline Role", ident="INL-1", city="Porto")]
    return jobs, pages, inline


def posting_pages(server: Any) -> list[str]:
    return [r["path"] for r in server.requests if r["path"].startswith("/site/jobs/")]


def test_baseline_unchanged_then_changes(cli: Any, server: Any) -> None:
    jobs, pages, inline = site(server)
    serve(server, jobs, pages, inline)
    cli.write_config({
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "jsonld", "url": server.base + "/site/careers",
                     "links": LINKS}],
    })  # fmt: skip
    first = cli("check", "--json")
    assert first.code == 0, first.err
    assert first.json()["sources"][0]["status"] == "complete"
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    data_url = server.base + "/site/jobs/data"
    assert set(postings) == {"BE-1", data_url, "INL-1"}
    backend = postings["BE-1"]
    assert backend["pay"] == [{"min": 120000, "max": 150000, "currency": "USD",
                               "period": "year", "scope": None, "kind": "base"}]  # fmt: skip
    assert backend["company"] == "Acme SA"
    assert backend["locations"] == ["Lisbon, PT"]
    assert backend["posted_at"].startswith("2026-10-05")
    assert backend["url"] == server.base + "/site/jobs/backend"
    assert postings[data_url]["workplace"] == "remote"
    assert postings["INL-1"]["locations"] == ["Porto, PT"]

    # the same links: no posting page is read again (refresh_details: 1d); links that held
    # no posting (expired, no JSON-LD) have nothing stored to skip by, and are read again
    server.requests.clear()
    assert cli("check").code == 0
    assert sorted(posting_pages(server)) == ["/site/jobs/old", "/site/jobs/plain"]
    assert cli("changes", "--json").json() == []

    # a link's text changes (its page is read again), one goes, one comes
    server.requests.clear()
    jobs = [("/site/jobs/backend", "Backend Engineer"), ("/site/jobs/data", "Lead Data Scientist"),
            ("/site/jobs/new", "Recruiter")]  # fmt: skip
    pages["/site/jobs/data"] = page("x", "", ld=[ld_job("Lead Data Scientist", remote=True)])
    pages["/site/jobs/new"] = page("Recruiter", "", ld=[ld_job("Recruiter", ident="RC-1")])
    serve(server, jobs, pages, inline)
    assert cli("check").code == 0
    assert sorted(posting_pages(server)) == ["/site/jobs/data", "/site/jobs/new"]
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [("new", "acme:RC-1"), ("title_changed", f"acme:{data_url}")]


def test_every_same_host_link_by_default(sqlite_cli: Any, server: Any) -> None:
    jobs, pages, inline = site(server)
    serve(server, jobs, pages)
    sqlite_cli.write_config({"sources": [{"name": "acme", "kind": "jsonld",
                                          "url": server.base + "/site/careers"}]})  # fmt: skip
    result = sqlite_cli("check", "--json")
    assert result.code == 0, result.err
    # "/" and "/about" are not postings (one is a 404): skipped, not errors
    assert result.json()["sources"][0]["status"] == "complete"
    keys = {p["external_id"] for p in sqlite_cli("postings", "--json").json()}
    assert keys == {"BE-1", server.base + "/site/jobs/data"}
    assert "/about" in [r["path"] for r in server.requests]


def test_parsing_units() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": ["JobPosting"], "title": "Nurse &amp; Carer",
         "identifier": {"@type": "PropertyValue", "value": 42},
         "description": "&lt;p&gt;Care.&lt;/p&gt;",
         "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
                        "value": {"@type": "QuantitativeValue", "value": "18.50",
                                  "unitText": "HOUR"}},
         "jobLocation": [{"@type": "Place", "address": {
             "addressLocality": "Lyon", "addressCountry": {"@type": "Country", "name": "FR"}}}],
         "hiringOrganization": "Clinique"},
    ]}  # fmt: skip
    body = page("x", "", ld=[graph]) + '<script type="application/ld+json">{broken</script>'
    response = HtmlResponse("https://c.example/jobs/1", body=body.encode(), encoding="utf-8")
    [data] = job_postings(response)
    assert identifier(data) == "42"
    assert salaries(data) == [{"min": 18.5, "max": 18.5, "currency": "EUR", "period": "hour",
                               "scope": None, "kind": "base"}]  # fmt: skip
    posting = jsonld_posting("c", data, response.url)
    assert posting is not None
    assert (posting.title, posting.company, posting.locations) == (
        "Nurse & Carer", "Clinique", ["Lyon, FR"])  # fmt: skip
    assert posting.description == "<p>Care.</p>"
    assert expired({"validThrough": "2020-01-01"}) and not expired({"validThrough": "2999-01-01"})
    assert identifier({"identifier": "R-7"}) == "R-7"
    not_a_page = TextResponse(
        "https://c.example/api", body=b'{"@type": "JobPosting"}',
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert job_postings(not_a_page) == []


def test_posting_links() -> None:
    body = page(
        "x",
        "<a href='/jobs/1#apply'>One</a><a href='/jobs/1'>One again</a>"
        "<a href='https://other.example/jobs/2'>Elsewhere</a>"
        "<a href='/files/brochure.pdf'>PDF</a><a href='mailto:x@y'>Mail</a>"
        "<div class='job'><a href='/jobs/3'><span>Three</span></a></div>",
    )
    response = HtmlResponse("https://c.example/careers", body=body.encode(), encoding="utf-8")
    assert posting_links(response, None) == [
        ("https://c.example/", "Home"), ("https://c.example/jobs/1", "One"),
        ("https://c.example/jobs/3", "Three"),
    ]  # fmt: skip
    assert posting_links(response, "div.job") == [("https://c.example/jobs/3", "Three")]
