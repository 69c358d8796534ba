"""The pages in real headless Chromium (Debian's, through Playwright): click from the overview
to a source, to a posting, compare two versions, filter the timeline; under the strict CSP,
with htmx working and no hostile title able to run a script."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from monitor.settings import PLAYWRIGHT_CHROMIUM_ARGS, PLAYWRIGHT_CHROMIUM_EXECUTABLE
from monitor.store.db import make_engine
from monitor.web.app import create_app
from monitor.web.server import WebServer
from tests import webdata

pytestmark = pytest.mark.browser


@pytest.fixture()
def served(db_url: str) -> Iterator[str]:
    cfg = webdata.seed(db_url)
    engine = make_engine(db_url)
    server = WebServer(create_app(engine, cfg), "127.0.0.1:0", None).start()
    yield server.url
    server.stop()
    engine.dispose()


@pytest.fixture()
def page() -> Iterator[Any]:
    if not shutil.which(PLAYWRIGHT_CHROMIUM_EXECUTABLE):
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=PLAYWRIGHT_CHROMIUM_EXECUTABLE, args=PLAYWRIGHT_CHROMIUM_ARGS
        )
        tab = browser.new_page()
        tab.problems = []  # type: ignore[attr-defined]
        tab.on("console", lambda m: m.type == "error" and tab.problems.append(m.text))
        tab.on("pageerror", lambda e: tab.problems.append(str(e)))
        tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
        yield tab
        browser.close()


def test_overview_to_source_to_posting_to_a_diff(served: str, page: Any) -> None:
    page.goto(served + "/")
    assert page.evaluate("typeof htmx") == "object"  # the vendored script ran under the CSP
    page.click("table.sources >> text=stripe")
    page.wait_for_url("**/sources/stripe")
    assert page.inner_text("h1") == "stripe"
    page.click("table.postings >> text=Backend Engineer")
    page.wait_for_url("**/postings/stripe:1")
    assert page.locator("svg.chart").count() == 2  # pay and office terms over time
    assert "$160,000–$240,000" in page.locator("svg.chart").first.text_content()

    page.select_option("select[name=a]", "2")
    page.click("form.compare button")  # htmx swaps the diff in and pushes the URL
    page.wait_for_url("**/postings/stripe:1?a=2&b=2")
    assert page.locator("#diff tr.changed").count() == 0
    page.select_option("select[name=a]", "1")
    page.click("form.compare button")
    page.wait_for_url("**/postings/stripe:1?a=1&b=2")
    pay = page.locator("#diff tr[data-field=pay]")
    assert "changed" in (pay.get_attribute("class") or "")
    assert pay.locator("del").inner_text().startswith("$155,700–$233,500")
    assert pay.locator("ins").inner_text().startswith("$160,000–$240,000")
    assert "Dublin" in page.locator("#diff .words ins").all_inner_texts()[-1]
    assert page.problems == []  # type: ignore[attr-defined]


def test_filter_the_timeline(served: str, page: Any) -> None:
    page.goto(served + "/changes")
    every = page.locator("#results tbody tr").count()
    page.check("input[name=kind][value=pay_changed]")  # htmx asks on change
    page.wait_for_url("**/changes?kind=pay_changed")
    rows = page.locator("#results tbody tr")
    assert 0 < rows.count() < every
    assert set(page.locator("#results .badge").all_inner_texts()) == {"pay"}
    page.uncheck("input[name=kind][value=pay_changed]")
    page.wait_for_url("**/changes")
    page.fill("input[name=q]", "reliability")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/changes?q=reliability")
    assert page.locator("#results tbody tr").count() == 1
    page.fill("input[name=since]", "someday")
    page.press("input[name=since]", "Enter")  # a 400: htmx swaps nothing, the page stays
    page.goto(served + "/changes?since=someday")
    assert "since: 'someday'" in page.inner_text("main")
    assert [p for p in page.problems if "400" not in p] == []  # type: ignore[attr-defined]


def test_a_hostile_posting_runs_nothing(served: str, page: Any) -> None:
    page.goto(served + "/postings/acme:evil")
    assert "<script>alert('x')</script>[U+202E]REVO[U+202C]" in page.inner_text("h1")
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("img").count() == 0
    page.goto(served + "/changes?source=acme")
    page.goto(served + "/postings?source=acme")
    assert page.problems == []  # type: ignore[attr-defined]


def test_pay_and_the_transparency_filter(served: str, page: Any) -> None:
    page.goto(served + "/")
    page.click("header.top >> text=Pay")
    page.wait_for_url("**/pay")
    assert page.locator("svg.chart").count() == 1  # the monthly medians
    every = page.inner_text("table.pay-stats tr.total")
    page.select_option("select[name=period]", "hour")  # htmx asks on change
    page.wait_for_url("**/pay?*period=hour*")
    assert page.inner_text("table.pay-stats tr.total") != every
    page.goto(served + "/postings")
    page.select_option("select[name=transparency]", "likely_required")
    page.wait_for_url("**/postings?*transparency=likely_required*")
    assert "information, not legal advice" in page.inner_text("#results")
    assert page.problems == []  # type: ignore[attr-defined]
