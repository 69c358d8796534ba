"""A whole `check` stores the same with and without a store process; a crawl's garbage
collector policy is put back after it. (Each placement and fallback: tests/test_sink.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.boards import gh_board, gh_job, gh_pay


@pytest.mark.e2e
def test_check_with_and_without_a_store_process_agree(server: Any, tmp_path: Path) -> None:
    """The whole cycle through the CLI, twice: the summaries and the stored rows match."""
    from tests.conftest import Cli

    # 10 postings a board: enough for a worker process to take each baseline
    jobs = [gh_job(i, f"Engineer {i}", pay=[gh_pay(100000 + i, 150000)]) for i in range(1, 11)]
    sources = []
    for n in range(6):
        server.set(f"/gh/b{n}", gh_board(*jobs))
        sources.append(
            {
                "name": f"b{n}",
                "kind": "greenhouse",
                "board": f"b{n}",
                "url": f"{server.base}/gh/b{n}",
            }
        )
    out = {}
    for mode in ("yes", "no"):
        folder = tmp_path / mode
        folder.mkdir()
        cli = Cli(folder, f"sqlite:///{folder / 'x.db'}")
        cli.write_config({"sources": sources})
        env = {"ROLEWATCH_STORE_PROCESS": mode}
        first = cli("-v", "check", "--json", "--no-notify", env=env)
        assert first.code == 0, first.err
        assert ("storing in a process of its own" in first.err) == (mode == "yes")
        changed = [gh_job(1, "Engineer 1", pay=[gh_pay(120000, 150000)]), *jobs[1:]]
        server.set("/gh/b3", gh_board(*changed))
        second = cli("check", "--json", "--no-notify", env=env)
        server.set("/gh/b3", gh_board(*jobs))
        assert second.code == 0, second.err
        out[mode] = [
            [{k: v for k, v in s.items() if k != "seconds"} for s in run.json()["sources"]]
            for run in (first, second)
        ]
    assert out["yes"] == out["no"]
    assert all(s["baseline"] and s["new"] == 10 for s in out["yes"][0])
    changed_source = [s for s in out["yes"][1] if s["changes"]]
    assert [(s["source"], s["changes"]) for s in changed_source] == [("b3", {"pay_changed": 1})]


def test_a_crawl_collects_garbage_less_often_and_puts_things_back() -> None:
    import gc

    from monitor.crawl import GC_YOUNG, fewer_collections

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] >= GC_YOUNG
        assert gc.get_freeze_count() > frozen  # what existed before is out of the way
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_scrapys_http_handler_is_imported_with_its_aliases_named_as_scrapy_names_them() -> None:
    """import_http_handler spares inspect.stack(); the deprecated aliases it defines still
    say which module they are in, and scrapy.utils.deprecate gets its real inspect back."""
    import subprocess
    import sys

    code = (
        "import inspect, sys\n"
        "from monitor.crawl import import_http_handler\n"
        "import_http_handler()\n"
        "from scrapy.core.downloader import contextfactory, tls\n"
        "import scrapy.utils.deprecate as d\n"
        "print(contextfactory.ScrapyClientContextFactory.__module__,\n"
        "      contextfactory.AcceptableProtocolsContextFactory.__module__,\n"
        "      tls.ScrapyClientTLSOptions.__module__, d.inspect is inspect)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "scrapy.core.downloader.contextfactory",
        "scrapy.core.downloader.contextfactory",
        "scrapy.core.downloader.tls",
        "True",
    ]
