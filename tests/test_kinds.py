"""The one list of board kinds agrees with the spiders, the config and the README."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from monitor.config import ConfigError, parse_config
from monitor.kinds import KINDS, KINDS_TABLE
from spiders import spider_for

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_spider_under_its_name(kind: str) -> None:
    spider = spider_for(kind)
    assert spider.kind == kind
    assert spider.__module__ == f"spiders.{kind}"


def test_the_readme_table_is_the_registry() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", README.read_text(), re.MULTILINE)
    table = [(name, reads, board) for name, reads, board in rows if name in KINDS]
    assert table == [(k.name, k.reads, k.board) for k in KINDS_TABLE]


def test_config_takes_exactly_the_registered_kinds() -> None:
    for kind in KINDS_TABLE:
        source = {"name": "s", "kind": kind.name, "url": "https://jobs.example/x"}
        assert parse_config({"sources": [source]}).sources[0].kind == kind.name
    with pytest.raises(ConfigError, match="'greenhous' is not one of greenhouse, lever"):
        parse_config({"sources": [{"name": "s", "kind": "greenhous", "board": "x"}]})


@pytest.mark.parametrize("kind", [k for k in KINDS_TABLE if k.listing], ids=lambda k: k.name)
def test_each_kinds_listing_endpoint_is_what_its_spider_requests(kind: Any) -> None:
    """`board:`/`url:` checks (monitor.boards) judge a url by this endpoint: it must be the
    one the spider really reads (paging parameters aside)."""
    from scrapy.settings import Settings

    from monitor.boards import listing_url
    from monitor.config import Source
    from monitor.store.result import CrawlContext

    source = Source(name="s", kind=kind.name, board=kind.example)
    spider = spider_for(kind.name)(sources=[source], context=CrawlContext(), sink=None)
    spider.settings = Settings()  # as a crawler would give it
    first = next(iter(spider.start_source(spider.states["s"])))
    expected = listing_url(kind.name, kind.example)
    assert first.url == expected or first.url.startswith(
        expected + ("&" if "?" in expected else "?")
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_callback_is_a_generator_that_also_returns_a_value(kind: str) -> None:
    """What Scrapy's WARN_ON_GENERATOR_RETURN_VALUE would say at each response, said once here
    (monitor/settings.py turns that check off: it re-read the source for every response)."""
    from scrapy.utils.misc import is_generator_with_return_value

    from spiders.base import BoardSpider

    cls = spider_for(kind)
    for klass in (cls, BoardSpider):
        for name, member in inspect.getmembers(klass, inspect.isgeneratorfunction):
            assert not is_generator_with_return_value(member), f"{klass.__name__}.{name}"
