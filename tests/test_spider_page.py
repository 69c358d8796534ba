"""Careers pages without markup: CSS selectors per field, JSON-LD first where present."""

from __future__ import annotations

from typing import Any

from tests.boards_more import HTML, ld_job, page

FIELDS = {"title": "h1.title", "description": ".body", "location": ".loc li", "pay": ".pay",
          "id": "article::attr(data-job-id)"}  # fmt: skip


def job_page(job_id: str, title: str, pay: str = "", where: tuple[str, ...] = ("Berlin",)) -> str:
    places = "".join(f"<li>{p}</li>" for p in where)
    return page(
        title,
        f"<article data-job-id='{job_id}'><h1 class='title'>{title}</h1>"
        f"<ul class='loc'>{places}</ul><p class='pay'>{pay}</p>"
        f"<div class='body'><p>About this role: you will build things.</p></div></article>",
    )


def serve(server: Any, links: list[tuple[str, str]], pages: dict[str, str]) -> None:
    items = "".join(f"<a class='job' href='{href}'>{text}</a>" for href, text in links)
    server.set("/pg/jobs", page("Jobs", f"<h1>Jobs</h1>{items}"), headers=HTML)
    for path, body in pages.items():
        server.set(path, body, headers=HTML)


def test_baseline_then_changes(cli: Any, server: Any) -> None:
    links = [("/pg/job/1", "Backend Engineer"), ("/pg/job/2", "Designer"),
             ("/pg/job/3", "Analyst")]  # fmt: skip
    pages = {
        "/pg/job/1": job_page("J-1", "Backend Engineer", "€80,000 – €95,000 per year",
                              ("Berlin", "Remote, Germany")),
        "/pg/job/2": job_page("J-2", "Designer"),
        "/pg/job/3": page("Analyst", "<h1 class='title'>Ignored</h1>",
                          ld=[ld_job("Analyst", ident="AN-3")]),
    }  # fmt: skip
    serve(server, links, pages)
    cli.write_config({
        "defaults": {"removal_grace": 1, "refresh_details": "0s"},
        "sources": [{"name": "acme", "kind": "page", "url": server.base + "/pg/jobs",
                     "links": "a.job", "fields": FIELDS}],
    })  # fmt: skip
    first = cli("check", "--json")
    assert first.code == 0, first.err
    postings = {p["external_id"]: p for p in cli("postings", "--json").json()}
    assert set(postings) == {"J-1", "J-2", "AN-3"}  # JSON-LD first where a page has it
    backend = postings["J-1"]
    assert backend["title"] == "Backend Engineer"
    assert backend["locations"] == ["Berlin", "Remote, Germany"]
    assert backend["pay"][0]["min"] == 80000 and backend["pay"][0]["currency"] == "EUR"
    assert backend["url"] == server.base + "/pg/job/1"

    pages["/pg/job/1"] = job_page("J-1", "Backend Engineer", "€85,000 – €95,000 per year",
                                  ("Berlin", "Remote, Germany"))  # fmt: skip
    pages["/pg/job/2"] = job_page("J-2", "Senior Designer")
    serve(server, links[:2], pages)
    assert cli("check").code == 0
    changes = sorted((c["kind"], c["key"]) for c in cli("changes", "--json").json())
    assert changes == [
        ("pay_changed", "acme:J-1"),
        ("removed", "acme:AN-3"),
        ("title_changed", "acme:J-2"),
    ]
