"""Politeness: robots.txt, the user agent, Retry-After on 429/503, bounded retries, timeouts."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from monitor.middleware import retry_after
from tests.boards_more import HTML, ld_job, page, recruitee_offer

OFFERS = "/rc/api/offers/"


def source(server: Any, name: str = "acme", path: str = OFFERS, **extra: Any) -> dict:
    return {"name": name, "kind": "recruitee", "board": name, "url": server.base + path, **extra}


def run(cli: Any, *sources: dict[str, Any], **config: Any) -> tuple[int, dict[str, Any]]:
    cli.write_config({"sources": list(sources), **config})
    result = cli("check", "--json")
    return result.code, {s["source"]: s for s in result.json()["sources"]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1.0), (" 120 ", 120.0), ("-5", 0.0), ("soon", None), (None, None),
     ("Wed, 25 Nov 2026 10:00:30 GMT", 30.0), ("Wed, 25 Nov 2026 09:00:00 GMT", 0.0)],
)  # fmt: skip
def test_retry_after_values(value: str | None, expected: float | None) -> None:
    now = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC)
    assert retry_after(value, now) == expected


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(sqlite_cli: Any, server: Any, status: int) -> None:
    server.set(OFFERS, {"offers": [recruitee_offer(1, "Engineer")]},
               before=[(status, {"Retry-After": "1"})])  # fmt: skip
    began = time.perf_counter()
    code, result = run(sqlite_cli, source(server))
    assert code == 0 and result["acme"]["status"] == "complete"
    assert result["acme"]["open"] == 1
    hits = [r for r in server.requests if r["path"] == OFFERS]
    assert len(hits) == 2
    assert time.perf_counter() - began >= 1.0


def test_retries_are_bounded_and_say_why(sqlite_cli: Any, server: Any) -> None:
    server.set(OFFERS, {"offers": []}, before=[(429, {"Retry-After": "0"})] * 10)
    code, result = run(sqlite_cli, source(server))
    assert code == 1
    assert result["acme"]["status"] == "failed"
    error = result["acme"]["error"]
    assert "429" in error and "retries" in error and OFFERS in error
    assert sum(1 for r in server.requests if r["path"] == OFFERS) == 4  # 1 + 3 retries


def test_robots_txt_forbidding_the_listing_fails_the_source(sqlite_cli: Any, server: Any) -> None:
    server.set("/robots.txt", "User-agent: *\nDisallow: /rc/\n",
               headers={"Content-Type": "text/plain"})  # fmt: skip
    server.set(OFFERS, {"offers": [recruitee_offer(1, "Engineer")]})
    code, result = run(sqlite_cli, source(server))
    assert code == 1
    assert result["acme"]["status"] == "failed"
    assert "robots.txt" in result["acme"]["error"]
    assert not any(r["path"] == OFFERS for r in server.requests)


def test_robots_txt_forbidding_a_posting_page_is_partial(sqlite_cli: Any, server: Any) -> None:
    server.set("/robots.txt", "User-agent: *\nDisallow: /co/jobs/secret\n",
               headers={"Content-Type": "text/plain"})  # fmt: skip
    links = (
        "<a class='job' href='/co/jobs/open'>Open</a><a class='job' href='/co/jobs/secret'>S</a>"
    )
    server.set("/co/careers", page("Careers", links), headers=HTML)
    server.set("/co/jobs/open", page("Open", "", ld=[ld_job("Open Role", ident="OP-1")]),
               headers=HTML)  # fmt: skip
    code, result = run(sqlite_cli, {"name": "co", "kind": "jsonld", "links": "a.job",
                                    "url": server.base + "/co/careers"})  # fmt: skip
    assert code == 0
    assert result["co"]["status"] == "partial"
    assert "robots.txt" in result["co"]["error"]
    assert result["co"]["open"] == 1


def test_user_agent_is_configurable(sqlite_cli: Any, server: Any) -> None:
    server.set(OFFERS, {"offers": []})
    code, _ = run(sqlite_cli, source(server), user_agent="AcmeWatch/2.0 (+mailto:x@y.test)")
    assert code == 0
    agents = {r["path"]: r["headers"].get("User-Agent") for r in server.requests}
    assert agents["/robots.txt"] == agents[OFFERS] == "AcmeWatch/2.0 (+mailto:x@y.test)"


def test_page_timeout_is_per_source(sqlite_cli: Any, server: Any) -> None:
    server.set("/slow/a/", {"offers": []}, delay=1.5)
    server.set("/slow/b/", {"offers": []}, delay=1.5)
    code, result = run(
        sqlite_cli,
        source(server, "hasty", "/slow/a/", page_timeout="1s"),
        source(server, "patient", "/slow/b/", page_timeout="10s"),
        defaults={"removal_grace": 1},
    )
    assert code == 1
    assert result["hasty"]["status"] == "failed"
    assert "timeout" in result["hasty"]["error"].lower()
    assert result["patient"]["status"] == "complete"


@pytest.mark.parametrize(
    ("status", "lowered"), [(200, True), (304, True), (404, False), (500, False)]
)
def test_a_304_lowers_a_hosts_delay_as_a_200_does(status: int, lowered: bool) -> None:
    """A steady cycle's answers are all 304: if only a 200 could lower the delay, one slow
    moment would slow every later request to that host for the rest of the crawl."""
    from types import SimpleNamespace

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import Settings

    from monitor.throttle import AutoThrottle

    # a bare Crawler: scrapy.utils.test.get_crawler wants an installed reactor on Scrapy 2.14
    settings = Settings({"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0})
    crawler = Crawler(Spider, settings)
    throttle = AutoThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    slot = SimpleNamespace(delay=0.05)  # after a slow moment
    throttle._adjust_delay(slot, 0.008, Response("https://x.test/", status=status))
    assert (slot.delay < 0.05) is lowered
    slot = SimpleNamespace(delay=0.001)
    throttle._adjust_delay(slot, 0.8, Response("https://x.test/", status=status))
    assert slot.delay == pytest.approx(0.1)  # a slow answer still raises it, whatever it is


def test_scrapys_base_lists_are_its_own_minus_named_exclusions() -> None:
    """A component Scrapy adds in a new release reaches us unless we name it as unused."""
    from scrapy.settings import default_settings

    from monitor import settings

    for ours, theirs, unused in (
        (
            settings.DOWNLOADER_MIDDLEWARES_BASE,
            default_settings.DOWNLOADER_MIDDLEWARES_BASE,
            (".CookiesMiddleware", ".RetryMiddleware"),
        ),
        (settings.EXTENSIONS_BASE, default_settings.EXTENSIONS_BASE, settings._EXTENSIONS_UNUSED),
    ):
        kept = {path: order for path, order in theirs.items() if not path.endswith(unused)}
        assert {path: ours[path] for path in kept} == kept
        assert not [path for path in ours if path.endswith(unused) and path.startswith("scrapy.")]
        assert len(kept) < len(theirs)
    assert settings.EXTENSIONS_BASE["monitor.throttle.AutoThrottle"] == 0
