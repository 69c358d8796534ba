"""`render: true`: pages whose postings exist only after their scripts ran, in real Chromium."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from monitor.render import abort_request
from tests.boards_more import HTML, ld_job, page, workable_account, workable_job

pytestmark = pytest.mark.browser

READY = "document.body.setAttribute('data-ready', '1');"


def later(js: str) -> str:
    """A script that changes the page only after load, as single-page apps do."""
    return f"setTimeout(function () {{ {js} {READY} }}, 60);"


def js_listing(links: list[tuple[str, str]]) -> str:
    html = "".join(f"<a class='job' href='{href}'>{text}</a>" for href, text in links)
    body = "<h1>Jobs</h1><img src='/spa/logo.png'><video src='/spa/intro.mp4'></video>"
    return page("Jobs", body, script=later(f"document.body.innerHTML += {json.dumps(html)};"))


def js_posting(title: str, place: str) -> str:
    html = (
        f"<h1 class='title'>{title}</h1><ul class='loc'><li>{place}</li></ul>"
        "<div class='body'><p>Hybrid: at least 2 days per week in the office.</p></div>"
    )
    script = later(f"document.body.innerHTML = {json.dumps(html)};")
    return page("Loading…", "<p>Loading…</p>", script=script)


def js_jsonld(data: dict[str, Any]) -> str:
    js = (
        "var s = document.createElement('script'); s.type = 'application/ld+json';"
        f"s.text = {json.dumps(json.dumps(data))}; document.head.appendChild(s);"
    )
    return page("Loading…", "", script=later(js))


@pytest.fixture()
def chromium() -> None:
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed")


def serve(server: Any) -> None:
    server.set("/spa/jobs", js_listing([("/spa/job/1", "Backend"), ("/spa/job/2", "Ops")]),
               headers=HTML)  # fmt: skip
    server.set("/spa/job/1", js_posting("Backend Engineer", "Berlin"), headers=HTML)
    server.set("/spa/job/2", js_posting("Ops Engineer", "Paris"), headers=HTML)
    server.set("/ld/jobs", js_listing([("/ld/job/9", "Analyst")]), headers=HTML)
    server.set("/ld/job/9", js_jsonld(ld_job("Analyst", ident="AN-9")), headers=HTML)
    server.set("/api/acct", workable_account(workable_job("W1", "Writer")))


def test_js_only_pages_render(chromium: None, sqlite_cli: Any, server: Any) -> None:
    serve(server)
    wait = "[data-ready]"
    sqlite_cli.write_config({"sources": [
        {"name": "spa", "kind": "page", "url": server.base + "/spa/jobs", "links": "a.job",
         "render": True, "wait_for": wait,
         "fields": {"title": "h1.title", "description": ".body", "location": ".loc li"}},
        {"name": "ld", "kind": "jsonld", "url": server.base + "/ld/jobs", "links": "a.job",
         "render": True, "wait_for": wait,
         "posting_wait_for": 'script[type="application/ld+json"]'},
        # a JSON API read through the browser too
        {"name": "api", "kind": "workable", "url": server.base + "/api/acct", "render": True},
    ]})  # fmt: skip
    result = sqlite_cli("check", "--json", "-v")
    assert result.code == 0, result.err
    status = {s["source"]: (s["status"], s["open"]) for s in result.json()["sources"]}
    assert status == {"spa": ("complete", 2), "ld": ("complete", 1), "api": ("complete", 1)}
    postings = {p["key"]: p for p in sqlite_cli("postings", "--json").json()}
    spa = postings[f"spa:{server.base}/spa/job/1"]
    assert spa["title"] == "Backend Engineer" and spa["locations"] == ["Berlin"]
    assert spa["office"]["days_per_week"] == 2
    assert postings["ld:AN-9"]["title"] == "Analyst"
    assert postings["api:W1"]["title"] == "Writer"
    # it costs the pages it loads: no images or media, each page once, one browser
    paths = [r["path"] for r in server.requests]
    assert "/spa/logo.png" not in paths and "/spa/intro.mp4" not in paths
    for path in ("/spa/jobs", "/spa/job/1", "/spa/job/2", "/ld/jobs", "/ld/job/9"):
        assert paths.count(path) == 1, path
    assert result.err.count("launching /") == 1


def test_wait_for_times_out_per_page(chromium: None, sqlite_cli: Any, server: Any) -> None:
    server.set("/spa/never", page("Never", "<p>Never ready.</p>"), headers=HTML)
    sqlite_cli.write_config({"sources": [
        {"name": "never", "kind": "page", "url": server.base + "/spa/never", "render": True,
         "wait_for": "[data-ready]", "page_timeout": "2s"},
    ]})  # fmt: skip
    result = sqlite_cli("check", "--json")
    assert result.code == 1
    [source] = result.json()["sources"]
    assert source["status"] == "failed"
    assert "timeout" in source["error"].lower()


def test_wait_for_is_the_listings_and_posting_pages_wait_for_their_own(
    chromium: None, sqlite_cli: Any, server: Any
) -> None:
    serve(server)
    sqlite_cli.write_config({"sources": [
        # `a.job` exists only on the listing: posting pages wait for their title instead
        {"name": "spa", "kind": "page", "url": server.base + "/spa/jobs", "links": "a.job",
         "render": True, "wait_for": "a.job", "page_timeout": "3s",
         "fields": {"title": "h1.title", "location": ".loc li"}},
        {"name": "ld", "kind": "jsonld", "url": server.base + "/ld/jobs", "links": "a.job",
         "render": True, "wait_for": "a.job", "page_timeout": "3s",
         "posting_wait_for": 'script[type="application/ld+json"]'},
    ]})  # fmt: skip
    result = sqlite_cli("check", "--json")
    assert result.code == 0, result.err
    status = {s["source"]: (s["status"], s["open"]) for s in result.json()["sources"]}
    assert status == {"spa": ("complete", 2), "ld": ("complete", 1)}
    titles = {p["title"] for p in sqlite_cli("postings", "--json").json()}
    assert titles == {"Backend Engineer", "Ops Engineer", "Analyst"}


class FakeRequest:
    def __init__(self, resource_type: str, url: str = "https://c.example/x") -> None:
        self.resource_type, self.url = resource_type, url


def test_abort_request() -> None:
    assert abort_request(FakeRequest("image"))
    assert abort_request(FakeRequest("font"))
    assert abort_request(FakeRequest("media"))
    assert abort_request(FakeRequest("script", "https://www.googletagmanager.com/gtm.js"))
    assert not abort_request(FakeRequest("document"))
    assert not abort_request(FakeRequest("script", "https://c.example/app.js"))
    assert not abort_request(FakeRequest("xhr", "https://c.example/api/jobs"))
