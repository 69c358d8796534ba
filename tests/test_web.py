"""The web app in-process (Starlette's test client) on SQLite and PostgreSQL: pages, the API
in its documented shapes, paging, filters, the feed, errors, and safety."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import feedparser
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from fastapi.testclient import TestClient

from monitor.store import queries
from monitor.store.db import make_engine
from monitor.web.app import create_app
from tests import webdata
from tests.webdata import HOSTILE_URL, SECRET_PASSWORD, TOKEN


@pytest.fixture()
def site(db_url: str) -> Iterator[tuple[TestClient, Any]]:
    cfg = webdata.seed(db_url)
    engine = make_engine(db_url)
    with TestClient(create_app(engine, cfg), base_url="http://127.0.0.1") as client:
        yield client, engine
    engine.dispose()


def _all_changes(client: TestClient, url: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        out += answer.json()
        link = answer.headers.get("link")
        url = re.match(r'<([^>]+)>; rel="next"', link).group(1) if link else ""
    return out


def test_pages_show_sources_changes_postings_and_a_diff(site: Any) -> None:
    client, engine = site
    home = client.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert 'href="/sources/stripe"' in home.text and "failed 1 time in a row" in home.text
    assert "$155,700–$233,500 → $160,000–$240,000" in home.text

    changes = client.get("/changes?kind=pay_changed").text
    assert "Backend Engineer" in changes and "Recruiter" not in changes

    postings = client.get("/postings?source=stripe").text
    assert "Site Reliability Engineer" in postings and "Designer" not in postings
    assert "Recruiter" not in postings  # closed: only with status=removed
    assert "Recruiter" in client.get("/postings?status=removed").text

    page = client.get("/postings/stripe:1")
    assert page.status_code == 200
    text = page.text
    assert '<svg class="chart"' in text and "$160,000–$240,000" in text  # the pay chart
    assert "Office terms over time" in text
    diff = text[text.index('id="diff"') :]
    pay_row = re.search(r'<tr class="changed key-field" data-field="pay">.*?</tr>', diff, re.S)
    assert pay_row and "<del><bdi>$155,700–$233,500 USD/yr" in pay_row.group(0)
    assert "<ins>" in diff and "Dublin" in diff  # the description's word diff
    same = client.get("/postings/stripe:1?a=2&b=2").text
    assert 'class="changed' not in same[same.index('id="diff"') :]

    source = client.get("/sources/acme").text
    assert "HTTP 503 &lt;b&gt;x&lt;/b&gt;" in source and "Designer" in source


def test_api_answers_in_the_json_shapes_of_the_cli(site: Any) -> None:
    client, engine = site
    cli_changes = queries.changes(engine)
    assert _all_changes(client, "/api/v1/changes?limit=2") == cli_changes
    open_postings = client.get("/api/v1/postings?limit=500").json()
    assert {p["key"] for p in open_postings} == {p["key"] for p in queries.postings(engine)}
    by_key = {p["key"]: p for p in queries.postings(engine, all_=True)}
    for item in open_postings:
        assert item == by_key[item["key"]]
    assert client.get("/api/v1/postings/stripe:1").json() == queries.history(engine, "stripe:1")
    assert client.get("/api/v1/sources").json() == queries.sources(engine, ["stripe", "acme"])


def test_filters_and_paging(site: Any) -> None:
    client, engine = site
    kinds = {c["kind"] for c in client.get("/api/v1/changes?kind=title_changed").json()}
    assert kinds == {"title_changed"}
    eng = client.get("/api/v1/changes?tag=eng").json()
    assert eng and {c["source"] for c in eng} == {"stripe"}
    assert client.get("/api/v1/changes?source=nosuch").json() == []
    assert client.get("/api/v1/changes?until=2000-01-01").json() == []
    assert len(client.get("/api/v1/changes?since=1h").json()) == len(queries.changes(engine))
    found = client.get("/api/v1/changes?q=reliability").json()
    assert [c["key"] for c in found] == ["stripe:4"]

    by_pay = client.get("/api/v1/postings?sort=pay&currency=usd").json()
    per_year = {"year": 1, "hour": 2080}
    tops = [
        max(r["max"] * per_year[r["period"]] for r in p["pay"] if r["currency"] == "USD")
        for p in by_pay
    ]
    assert tops == sorted(tops, reverse=True)
    assert [p["key"] for p in by_pay] == ["acme:a3", "stripe:1", "stripe:4", "acme:a4",
                                          "acme:a1"]  # fmt: skip
    rich = client.get("/api/v1/postings?min_pay=200k&currency=USD").json()
    assert {p["key"] for p in rich} == {"stripe:1", "stripe:4", "acme:a3"}
    hourly = client.get("/api/v1/postings?min_pay=187000&currency=USD&q=contract").json()
    assert [p["key"] for p in hourly] == ["acme:a4"]  # 90/hour, a year's worth
    canadian = client.get("/api/v1/postings?min_pay=100000&currency=CAD").json()
    assert [p["key"] for p in canadian] == ["stripe:2"]  # a bare $ in Toronto
    paged = _all_changes(client, "/api/v1/postings?sort=pay&currency=USD&limit=1")
    assert [p["key"] for p in paged] == [p["key"] for p in by_pay]
    remote = client.get("/api/v1/postings?workplace=remote").json()
    assert [p["key"] for p in remote] == ["acme:a1"]
    toronto = client.get("/api/v1/postings?location=toRONto").json()
    assert [p["key"] for p in toronto] == ["stripe:2"]
    newest = _all_changes(client, "/api/v1/postings?limit=1&status=all")
    assert len(newest) == len({p["key"] for p in newest}) == 9
    titles = [p["title"] for p in _all_changes(client, "/api/v1/postings?sort=title&limit=2")]
    assert titles == sorted(titles)


BAD = [
    ("/api/v1/changes?kind=bogus", "kind: 'bogus' is not one of"),
    ("/api/v1/changes?since=yesterday", "since: 'yesterday' is neither"),
    ("/api/v1/changes?since=2026-13-45", "since:"),
    ("/api/v1/changes?since=99999999999d", "since:"),
    ("/api/v1/changes?since=2d&until=3d", "until: must be later"),
    ("/api/v1/changes?cursor=bm9wZQ", "cursor: not a cursor"),
    ("/api/v1/changes?cursor=%00%ff", "cursor: not a cursor"),
    ("/api/v1/changes?limit=0", "limit: give a number"),
    ("/api/v1/changes?limit=ten", "limit: 'ten' is not a whole number"),
    ("/api/v1/postings?min_pay=100k", "min_pay: needs currency"),
    ("/api/v1/postings?min_pay=lots&currency=USD", "min_pay: 'lots' is not a number"),
    ("/api/v1/postings?min_pay=-5&currency=USD", "out of range"),
    ("/api/v1/postings?sort=pay", "sort=pay: needs currency"),
    ("/api/v1/postings?sort=salary", "sort: 'salary' is not one of"),
    ("/api/v1/postings?currency=dollars&min_pay=1", "currency: 'dollars' is not an ISO"),
    ("/api/v1/postings?workplace=moon", "workplace: 'moon' is not one of"),
    ("/api/v1/postings?status=gone", "status: 'gone'"),
    ("/api/v1/postings?sort=pay&currency=USD&cursor=WyJ4IiwxXQ", "cursor: not a cursor"),
    ("/api/v1/postings?q=" + "x" * 201, "q: at most 200"),
    ("/postings/stripe:1?a=9", "a: &#39;9&#39; is not a version of this posting (1, 2)"),
    ("/changes?kind=nope", "kind: &#39;nope&#39; is not one of"),
    ("/feeds/changes.atom?since=soon", "since: 'soon'"),
]


@pytest.mark.parametrize(("url", "message"), BAD)
def test_a_bad_filter_is_a_400_with_a_message(site: Any, url: str, message: str) -> None:
    client, _ = site
    answer = client.get(url)
    assert answer.status_code == 400
    assert message in answer.text
    if url.startswith("/api/"):
        assert answer.json()["status"] == 400


def test_unknown_keys_are_404_pages_and_nothing_is_a_500(site: Any) -> None:
    client, _ = site
    for url in ("/postings/stripe:999", "/sources/nosuch", "/no/such/page"):
        answer = client.get(url)
        assert answer.status_code == 404 and "<h1>404</h1>" in answer.text
    missing = client.get("/api/v1/postings/stripe:999")
    assert missing.status_code == 404 and missing.json()["error"].startswith("no posting")
    hostile = ["'", '"', "%", "_", "\\", "\u202e", "%00", "a" * 199, "<x>", "1e309", "NaN",
               "-1", "9" * 40, "2026-02-30", "☃"]  # fmt: skip
    urls = ["/changes", "/postings", "/api/v1/changes", "/api/v1/postings", "/feeds/changes.atom"]
    params = ["q", "kind", "source", "tag", "since", "until", "location", "workplace",
              "currency", "min_pay", "sort", "status", "cursor", "limit"]  # fmt: skip
    for url in urls:
        for name in params:
            for value in hostile:
                status = client.get(url, params={name: value, "currency": "USD"}).status_code
                assert status in (200, 400), (url, name, value, status)
    for path in ("/postings/%2e%2e/%2e%2e", "/postings/\u202e", "/sources/%00", "/api/v1/x"):
        assert client.get(path).status_code == 404


def test_scraped_text_is_escaped_and_hostile_links_are_not_links(site: Any) -> None:
    client, _ = site
    pages = [client.get(u).text for u in ("/", "/changes", "/postings", "/postings/acme:evil",
                                          "/sources/acme")]  # fmt: skip
    for text in pages:
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "<b>Evil</b>" not in text and "<i>Nowhere</i>" not in text
        assert "\u202e" not in text and "\u202c" not in text  # shown as [U+202E], not obeyed
        assert 'href="javascript:' not in text.lower()
    evil = pages[3]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;[U+202E]REVO[U+202C]" in evil
    assert HOSTILE_URL.replace("(", "(") in evil  # shown as text
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp" in evil
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    for text in pages:  # no inline script or style for the CSP to refuse
        assert not re.search(r"<script(?![^>]*\bsrc=)", text) and " style=" not in text
    api = client.get("/api/v1/postings/acme:evil").json()["posting"]
    assert api["title"] == webdata.HOSTILE_TITLE and api["url"] == HOSTILE_URL  # data is data


def test_atom_feed_parses_with_stable_ids_and_human_titles(site: Any) -> None:
    client, _ = site
    answer = client.get("/feeds/changes.atom")
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert "Stripe · Backend Engineer: pay $155,700–$233,500 → $160,000–$240,000 USD/yr" in titles
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("urn:uuid:") for i in ids)
    again = feedparser.parse(client.get("/feeds/changes.atom?kind=pay_changed").content)
    assert again.entries and {e.id for e in again.entries} <= set(ids)
    assert all("pay" in e.title for e in again.entries)
    evil = next(e for e in feed.entries if "REVO" in e.title)
    assert "<script>" in evil.title  # as text: feedparser unescaped what was escaped
    assert all(link.href != HOSTILE_URL for link in evil.get("links", []))
    tagged = feedparser.parse(client.get("/feeds/changes.atom?tag=eng&since=7d").content)
    assert tagged.entries and all(e.author == "stripe" for e in tagged.entries)


def test_openapi_document_validates_and_every_endpoint_answers_in_its_shape(site: Any) -> None:
    from openapi_schema_validator import OAS31Validator
    from openapi_spec_validator import validate

    client, _ = site
    doc = client.get("/openapi.json").json()
    validate(doc)
    paths = doc["paths"]
    assert set(paths) == {"/api/v1/sources", "/api/v1/postings", "/api/v1/postings/{key}",
                          "/api/v1/changes", "/api/v1/pay"}  # fmt: skip
    concrete = {
        "/api/v1/sources": ["/api/v1/sources"],
        "/api/v1/postings": ["/api/v1/postings?status=all", "/api/v1/postings?sort=pay&currency=US"
                             "D", "/api/v1/postings?transparency=likely_required"],
        "/api/v1/postings/{key}": ["/api/v1/postings/stripe:1", "/api/v1/postings/acme:evil"],
        "/api/v1/changes": ["/api/v1/changes?limit=500"],
        "/api/v1/pay": ["/api/v1/pay", "/api/v1/pay?title=engineer&period=hour&location=york"],
    }  # fmt: skip
    for path, spec in paths.items():
        documented = spec["get"]["responses"]
        schema = documented["200"]["content"]["application/json"]["schema"]
        validator = OAS31Validator({**schema, "components": doc["components"]})
        for url in concrete[path]:
            answer = client.get(url)
            assert answer.status_code == 200
            errors = [e.message for e in validator.iter_errors(answer.json())]
            assert not errors, (url, errors[:3])
        bad = client.get(path.replace("{key}", "nosuch:1") + "?limit=-1")
        if str(bad.status_code) in documented:
            error_schema = documented[str(bad.status_code)]["content"]["application/json"]
            OAS31Validator({**error_schema["schema"], "components": doc["components"]}).validate(
                bad.json()
            )


def test_no_secret_from_the_config_is_ever_shown(db_url: str) -> None:
    cfg = webdata.seed(db_url, webdata.config(TOKEN))
    engine = make_engine(db_url)
    with TestClient(create_app(engine, cfg), base_url="http://127.0.0.1") as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        urls = ["/", "/changes", "/postings", "/postings/stripe:1", "/sources/stripe", "/pay",
                "/api/v1/sources", "/api/v1/changes", "/feeds/changes.atom", "/openapi.json",
                "/healthz", "/metrics", "/no/such"]  # fmt: skip
        for url in urls:
            body = client.get(url, headers=auth).text
            assert SECRET_PASSWORD not in body and TOKEN not in body, url
    engine.dispose()


def test_token_as_bearer_query_or_cookie(tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    cfg = webdata.seed(db, webdata.config(TOKEN))
    engine = make_engine(db)
    app = create_app(engine, cfg, local_only=False)
    with TestClient(app, base_url="https://rolewatch.example.org") as client:
        denied = client.get("/api/v1/changes")
        assert denied.status_code == 401 and denied.headers["www-authenticate"].startswith(
            "Bearer"
        )
        assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        for odd in ("é", "\u202e", "%00", "x" * 5000):
            assert client.get("/api/v1/changes", params={"token": odd}).status_code == 401
        for odd in ("x", "%00", "x" * 5000):
            client.cookies.set("rolewatch_session", odd)
            assert client.get("/").status_code == 401
        client.cookies.clear()
        latin = {"Authorization": b"Bearer caf\xe9"}  # a latin-1 byte, as some clients send
        assert client.get("/api/v1/changes", headers=latin).status_code == 401
        assert client.get("/healthz").status_code == 200  # a probe needs no token
        assert client.get("/static/rolewatch.css").status_code == 200
        ok = client.get("/api/v1/changes", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()
        feed = client.get(f"/feeds/changes.atom?token={TOKEN}&kind=new")
        assert feed.status_code == 200 and feedparser.parse(feed.content).entries
        assert TOKEN not in feed.text  # not echoed into its self link
        opened = client.get(f"/changes?token={TOKEN}&kind=new", follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/changes?kind=new"
        cookie = opened.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
        assert client.get("/changes?kind=new").status_code == 200  # the cookie, kept
        assert client.get("/api/v1/changes").status_code == 200
    engine.dispose()


def test_read_only_and_local_host_names_only(site: Any) -> None:
    client, _ = site
    for method in ("post", "put", "delete", "patch"):
        answer = getattr(client, method)("/api/v1/changes")
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(client.get("/").content)
    rebound = client.get("/api/v1/changes", headers={"Host": "attacker.example"})
    assert rebound.status_code == 403 and "without a token" in rebound.json()["error"]
    assert client.get("/", headers={"Host": "localhost:8787"}).status_code == 200


def test_healthz_and_metrics_in_the_app(site: Any) -> None:
    client, _ = site
    assert client.get("/healthz").json() == {"status": "ok"}
    client.get("/changes")
    text = client.get("/metrics").text
    assert "process_cpu_seconds_total" in text
    assert 'rolewatch_http_request_duration_seconds_count{method="GET",route="/changes"' in text
    open_metrics = client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert open_metrics.headers["content-type"].startswith("application/openmetrics-text")
    assert open_metrics.text.rstrip().endswith("# EOF")


def test_reposts_and_pay_transparency_on_the_pages_and_the_api(db_url: str) -> None:
    from monitor.items import ListingEnd
    from monitor.store.writer import Store
    from monitor.timeutil import utcnow
    from monitor.transparency import DISCLAIMER

    cfg = webdata.seed(db_url)
    engine = make_engine(db_url)
    stripe = cfg.sources[0]
    third = [
        *webdata.second("stripe"),
        webdata._job("stripe", "5", "Recruiter", "<p>London office.</p>", locations=["London"]),
        webdata._job("stripe", "6", "Field Engineer", "<p>No pay here.</p>",
                     locations=["Denver, CO"]),
    ]  # fmt: skip
    Store(engine, cfg).store_listing(stripe, third, ListingEnd("stripe", "complete"), utcnow())
    with TestClient(create_app(engine, cfg), base_url="http://127.0.0.1") as client:
        missing = client.get("/api/v1/postings?transparency=missing&limit=500").json()
        assert [p["key"] for p in missing] == ["stripe:6"]
        assert missing == queries.postings(engine, transparency="missing")
        assert missing[0]["transparency"]["jurisdictions"] == ["US-CO"]
        every = client.get("/api/v1/postings?limit=500").json()
        assert all(p["transparency"]["status"] for p in every)  # baselines too
        bad = client.get("/api/v1/postings?transparency=bogus")
        assert bad.status_code == 400 and "transparency" in bad.json()["error"]

        listing = client.get("/postings?transparency=missing").text
        assert "Field Engineer" in listing and "Backend Engineer" not in listing
        assert DISCLAIMER in listing.replace("&#39;", "'")
        page = client.get("/postings/stripe:6").text
        assert "Pay transparency" in page and "US-CO" in page
        assert DISCLAIMER in page.replace("&#39;", "'")

        repost = client.get("/postings/stripe:5").text
        assert "Reposted from" in repost and 'href="/postings/stripe:3"' in repost
        assert 'reposted as <a href="/postings/stripe:5"' in client.get("/postings/stripe:3").text
        found = client.get("/api/v1/postings/stripe:3").json()
        assert [r["posting"]["key"] for r in found["reposts"]] == ["stripe:5"]
        changes = client.get("/api/v1/changes?kind=reposted").json()
        assert [(c["key"], c["before"]["key"]) for c in changes] == [("stripe:5", "stripe:3")]
        assert "reposted (first posted" in client.get("/changes?kind=reposted").text
    engine.dispose()
