"""`detect` for the boards of issue 17: careers hosts, API URLs and posting links give a source
entry that validates and whose spider asks for the board's real listing URL."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import yaml
from scrapy.settings import Settings

from monitor.config import Config
from monitor.detect import detect, detect_by_fetch, detect_in_html, format_entry
from spiders import spider_for
from tests.boards_more import HTML, page

ICIMS = {"name": "careers-acme", "kind": "icims", "board": "careers-acme"}
ORACLE = {"name": "eeho", "kind": "oracle", "board": "eeho.fa.us2.oraclecloud.com/CX_1"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1", ICIMS),
        ("https://careers-acme.icims.com/jobs/12345/engineer/job?in_iframe=1", ICIMS),
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/77",
         ORACLE),
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/requisitions",
         ORACLE),
        ("https://eeho.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/"
         "recruitingCEJobRequisitions?onlyData=true&finder=findReqs;siteNumber=CX_1,limit=25",
         ORACLE),
        ("https://acme.bamboohr.com/careers/42", {"name": "acme", "kind": "bamboohr",
                                                  "board": "acme"}),
        ("https://acme.bamboohr.com/careers/list", {"name": "acme", "kind": "bamboohr",
                                                    "board": "acme"}),
        ("https://acme.jobs.personio.de/job/1834171?language=en",
         {"name": "acme", "kind": "personio", "board": "acme"}),
        ("https://acme.jobs.personio.com/",
         {"name": "acme", "kind": "personio", "url": "https://acme.jobs.personio.com/xml"}),
        ("https://acme.teamtailor.com/jobs/8021334-account-executive",
         {"name": "acme", "kind": "teamtailor", "board": "acme"}),
        ("https://acme.na.teamtailor.com/jobs",
         {"name": "acme", "kind": "teamtailor", "url": "https://acme.na.teamtailor.com/jobs.rss"}),
        ("https://acme.jobs.hr.cloud.sap/job/Berlin-Engineer/1234567/",
         {"name": "acme", "kind": "successfactors", "board": "acme.jobs.hr.cloud.sap",
          "url": "https://acme.jobs.hr.cloud.sap/googlefeed.xml"}),
        ("https://ats.rippling.com/acme/jobs/2f0674e6-f01f-4ecd-b459-e947241c211f",
         {"name": "acme", "kind": "rippling", "board": "acme"}),
        ("https://ats.rippling.com/en-GB/acme/jobs",
         {"name": "acme", "kind": "rippling", "board": "acme"}),
        ("https://api.rippling.com/platform/api/ats/v1/board/acme/jobs",
         {"name": "acme", "kind": "rippling", "board": "acme"}),
        ("https://acme.breezy.hr/p/98323abf2296-employee", {"name": "acme", "kind": "breezy",
                                                            "board": "acme"}),
        ("https://acme.pinpointhq.com/en/postings/ce6c9e5c", {"name": "acme", "kind": "pinpoint",
                                                              "board": "acme"}),
        # the vendors' own sites are no boards
        ("https://www.icims.com/products", {"name": "icims", "kind": "jsonld",
                                            "url": "https://www.icims.com/products"}),
        ("https://app.pinpointhq.com/login", {"name": "app", "kind": "jsonld",
                                              "url": "https://app.pinpointhq.com/login"}),
    ],
)  # fmt: skip
def test_detect(url: str, expected: dict[str, Any]) -> None:
    assert detect(url) == expected


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://careers-acme.icims.com/jobs/1/x/job",
         "https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1"),
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1",
         "https://eeho.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/"
         "recruitingCEJobRequisitions?onlyData=true&expand=requisitionList.secondaryLocations"
         "&finder=findReqs;siteNumber=CX_1,limit=200,offset=0,sortBy=POSTING_DATES_DESC"),
        ("https://acme.bamboohr.com/careers", "https://acme.bamboohr.com/careers/list"),
        ("https://acme.jobs.personio.de/", "https://acme.jobs.personio.de/xml"),
        ("https://acme.teamtailor.com/jobs",
         "https://acme.teamtailor.com/jobs.rss?offset=0&per_page=100"),
        ("https://acme.jobs2web.com/search/", "https://acme.jobs2web.com/googlefeed.xml"),
        ("https://ats.rippling.com/acme/jobs",
         "https://api.rippling.com/platform/api/ats/v1/board/acme/jobs"),
        ("https://acme.breezy.hr/", "https://acme.breezy.hr/json?verbose=true"),
        ("https://acme.pinpointhq.com/", "https://acme.pinpointhq.com/postings.json"),
    ],
)  # fmt: skip
def test_entries_are_valid_and_ask_for_the_listing(url: str, listing: str) -> None:
    entry = detect(url)
    assert entry is not None
    [parsed] = yaml.safe_load(format_entry(entry))
    config = Config.model_validate({"sources": [parsed]})
    (source,) = config.sources
    spider = spider_for(source.kind)(sources=[source])
    spider.settings = Settings({"USER_AGENT": "rolewatch/0.1"})
    (first,) = spider.start_source(spider.states[source.name])
    assert first.url == listing


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="https://acme.bamboohr.com/js/embed.js" type="text/javascript"></script>',
         {"name": "acme", "kind": "bamboohr", "board": "acme"}),
        ('<iframe src="https://careers-acme.icims.com/jobs/intro?in_iframe=1"></iframe>', ICIMS),
        ("<a href='https://acme.jobs.personio.de/'>Jobs</a>",
         {"name": "acme", "kind": "personio", "board": "acme"}),
        ("<a href='https://app.teamtailor.com/'>x</a><a href='https://acme.teamtailor.com/jobs'>",
         {"name": "acme", "kind": "teamtailor", "board": "acme"}),
        ('<a href="https://ats.rippling.com/acme/jobs">Open roles</a>',
         {"name": "acme", "kind": "rippling", "board": "acme"}),
        ('<script src="https://acme.breezy.hr/embed/js?inline=true"></script>',
         {"name": "acme", "kind": "breezy", "board": "acme"}),
        ('<a href="https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/'
         'requisitions">Search jobs</a>', ORACLE),
        ('<link rel="stylesheet" href="https://rmkcdn.successfactors.com/84a1b2/main.css">',
         {"name": "acme", "kind": "successfactors", "board": "jobs.acme.example",
          "url": "https://jobs.acme.example/googlefeed.xml"}),
    ],
)  # fmt: skip
def test_detect_in_html(html: str, expected: dict[str, Any]) -> None:
    assert detect_in_html(html, "https://jobs.acme.example/careers") == expected


@pytest.mark.e2e
def test_detect_by_fetch_and_init_write_a_working_entry(server: Any, tmp_path: Any) -> None:
    server.set("/careers", page("Careers", '<a href="https://acme.pinpointhq.com/">Jobs</a>'),
               headers=HTML)  # fmt: skip
    assert detect_by_fetch(server.base + "/careers", timeout=5) == {
        "name": "acme", "kind": "pinpoint", "board": "acme"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "init", "--detect",
         "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/7"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entries = yaml.safe_load(result.stdout)
    assert entries == [ORACLE]
    assert "host/siteNumber" in result.stdout
    Config.model_validate({"sources": entries})


def test_an_oracle_board_without_its_site_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="host/siteNumber"):
        Config.model_validate({"sources": [{"name": "a", "kind": "oracle", "board": "eeho"}]})
