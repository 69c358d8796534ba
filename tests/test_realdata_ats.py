"""The nine boards of issue 17 read from real captured responses (shared/realdata/new/).

Each spider's parsing methods are fed the captured bytes directly (no server, no CLI): these
tests check what is read from the real shapes (ids, titles, locations, pay, workplace) and how
the listing ends. Files whose names end in _HANDWRITTEN are shape hints, used only where no
real capture has the field, and said so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.settings import Settings

from monitor.config import Source
from monitor.items import Posting
from spiders import spider_for
from spiders.base import BoardSpider, SourceState
from spiders.oracle import places

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "new"

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"the real captures are not here ({REAL} is missing)"
)


def spider(kind: str, **source: Any) -> tuple[BoardSpider, SourceState]:
    """A spider of `kind` serving one source, started (its first requests made)."""
    instance = spider_for(kind)(sources=[Source(name="acme", kind=kind, **source)])
    instance.settings = Settings({"USER_AGENT": "rolewatch/0.1 (+https://example.org)"})
    state = instance.states["acme"]
    list(instance.start_source(state))
    return instance, state


def capture(url: str, name: str, kind: type[TextResponse] = TextResponse) -> TextResponse:
    body = (REAL / name).read_bytes()
    return kind(url=url, body=body, encoding="utf-8", request=Request(url))


def postings(outputs: Any) -> dict[str, Posting]:
    return {p.external_id: p for p in outputs if isinstance(p, Posting)}


def requests(outputs: Any) -> list[Request]:
    return [r for r in outputs if isinstance(r, Request)]


def details_of(outputs: Any) -> dict[str, dict[str, Any]]:
    """The detail requests of a listing, by the id they are for: their callback arguments."""
    return {r.meta["rw_detail"]: {k: v for k, v in r.cb_kwargs.items() if k != "state"}
            for r in requests(outputs)
            if r.meta.get("rw_detail")}  # fmt: skip


def ranges(posting: Posting) -> list[tuple[Any, ...]]:
    return [(r["min"], r["max"], r["currency"], r["period"]) for r in posting.pay]


# -- iCIMS -----------------------------------------------------------------------------------


def test_icims_cards_with_salary_and_the_jsonld_excerpt() -> None:
    icims, state = spider("icims", board="careers-gdms")
    page = capture(state.data["first"], "icims/career-finder__icims-cards_gdms.html", HtmlResponse)
    out = list(icims.parse_search(page, state, page=0))
    rows = details_of(out)
    assert list(rows) == ["75243", "75242", "75305"]
    assert rows["75243"]["row"]["title"] == (
        "Sr. Advanced Field Support Specialist (TS/SCI Clearance Required)"
    )
    assert rows["75305"]["row"]["fields"]["job location"] == "US-ID-Boise"
    assert rows["75242"]["row"]["posted"] == "2026-10-04"
    # "Page 1 of 35": the next page is asked for, and only it
    (following,) = [r for r in requests(out) if not r.meta.get("rw_detail")]
    assert following.url.endswith("/jobs/search?ss=1&in_iframe=1&pr=1")
    assert state.partial is None

    frame = capture(
        "https://careers-gdms.icims.com/jobs/75243/job",
        "icims/job-scripts__gdms_job_frame_jsonld_excerpt.html",
        HtmlResponse,
    )
    (posting,) = icims.parse_posting(frame, state, **rows["75243"])
    assert posting.locations == ["Annapolis Junction, MD, US", "VA, US"]  # UNAVAILABLE dropped
    assert posting.company == "General Dynamics Mission Systems, Inc"
    # the JSON-LD has no baseSalary; the listing's "Combined Salary Range" is the pay
    assert ranges(posting) == [(125042, 135299, "USD", "year")]
    assert posting.posted_at == "2026-10-04T04:00:00.000Z"
    assert "<h2>Basic Qualifications </h2>" in posting.description


def test_icims_rows_with_work_arrangement_and_the_detail() -> None:
    icims, state = spider("icims", board="uscareers-fujifilm")
    board = capture(
        state.data["first"], "icims/jobs-aaron__icims_board_fujifilm.html", HtmlResponse
    )
    out = list(icims.parse_search(board, state, page=0))
    rows = details_of(out)
    assert list(rows) == ["38897", "38896", "38895"]
    assert [r["row"]["fields"]["work arrangement"] for r in rows.values()] == [
        "On Site", "Remote", "On Site"]  # fmt: skip
    assert not [r for r in requests(out) if not r.meta.get("rw_detail")]  # one page only
    detail = capture(
        rows["38896"]["row"]["url"], "icims/jobs-aaron__icims_detail_fujifilm.html", HtmlResponse
    )
    (posting,) = icims.parse_posting(detail, state, **rows["38896"])
    assert (posting.title, posting.workplace) == ("National Security Manager", "Remote")
    assert posting.locations == ["Remote, US"]
    assert posting.extra == {"employment": "Full-time", "ref": "2026-38896"}


def test_icims_header_locations_and_a_full_jsonld() -> None:
    icims, state = spider("icims", board="careers-wipfli")
    page = capture(state.data["first"], "icims/careerkit__icims.html", HtmlResponse)
    rows = details_of(icims.parse_search(page, state, page=0))
    assert {k: v["row"]["fields"]["job location"] for k, v in rows.items()} == {
        "8214": "US", "8212": "US"}  # fmt: skip

    icims, state = spider("icims", board="careers-sig")
    page = capture(
        "https://careers-sig.icims.com/jobs/11169/job",
        "icims/intern-radar__jd_icims_job.html",
        HtmlResponse,
    )
    row = {"id": "11169", "title": "", "url": page.url, "fields": {}, "posted": None}
    (posting,) = icims.parse_posting(page, state, row=row, digest="d")
    assert posting.title == "Trading System Engineering Internship: Summer 2027"
    assert posting.locations == ["Hong Kong, HK"]
    assert posting.department == "Interns + Co-ops"
    assert posting.pay == []


# -- Oracle ------------------------------------------------------------------------------------


def test_oracle_listing_and_detail_ul_solutions() -> None:
    oracle, state = spider("oracle", board="fa-eups-saasfaprod1.fa.ocs.oraclecloud.com/UL")
    url = "https://fa-eups-saasfaprod1.fa.ocs.oraclecloud.com/x"
    out = list(
        oracle.parse_page(
            capture(url, "oracle/jobs-aaron__oracle_board_ulsolutions.json"), state, offset=0
        )
    )
    rows = details_of(out)
    assert list(rows) == ["10139", "10947", "11068", "11129"]
    assert state.data["total"] == 4 and state.partial is None
    assert len(requests(out)) == 4  # details only: the total is read
    detail = capture(url, "oracle/jobs-aaron__oracle_job_detail_ulsolutions.json")
    (posting,) = oracle.parse_detail(detail, state, **rows["10139"])
    assert posting.title == "Engineer - Electrical Distribution"
    assert posting.locations == ["Raleigh, NC, United States"]
    assert posting.department == "Engineering"
    assert posting.workplace is None  # WorkplaceTypeCode null, WorkplaceType ""
    assert "Determines project scope" in posting.description
    assert "A global leader" not in posting.description  # corporate boilerplate left out
    assert posting.posted_at == "2026-10-05"
    assert posting.url.endswith("/hcmUI/CandidateExperience/en/sites/UL/job/10139")
    (spain,) = oracle.parse_detail(detail, state, **{**rows["10947"], "req_id": "10947"})
    assert spain.locations[:1] == ["Spain"]


@pytest.mark.parametrize(
    ("name", "ids", "next_offset"),
    [
        ("career-finder__oraclehcm-ucsf_list.json", ["CONV_87695BR", "8431", "6408"], 3),
        ("reqtrace__westpac_ebuu_CX_1_list.json",
         ["69482", "69626", "69658", "70009", "70173", "70252"], None),
        ("careerkit__oracle_orc.json", ["25587", "26876"], None),
    ],
)  # fmt: skip
def test_oracle_envelopes(name: str, ids: list[str], next_offset: int | None) -> None:
    oracle, state = spider("oracle", board="ebuu.fa.ap1.oraclecloud.com/CX_1")
    out = list(oracle.parse_page(capture("https://x/", f"oracle/{name}"), state, offset=0))
    assert list(details_of(out)) == ids
    pages = [r for r in requests(out) if not r.meta.get("rw_detail")]
    if next_offset is None:
        assert pages == [] and state.partial is None
    else:  # UCSF: 3 rows of 800 (Limit 3): the next page starts after the rows read
        assert [f"offset={next_offset}," in r.url for r in pages] == [True]
    if name.startswith("careerkit"):
        row = details_of(out)["26876"]["row"]
        assert places(row) == ["SAN FRANCISCO, CA, United States", "HOUSTON, TX, United States",
                               "ATLANTA, GA, United States", "MIAMI, FL, United States",
                               "IRVINE, CA, United States"]  # fmt: skip


def test_oracle_detail_amex_full_bodies() -> None:
    oracle, state = spider("oracle", board="x.fa.us2.oraclecloud.com/CX_1")
    detail = capture("https://x/", "oracle/intern-radar__jd_oracle_job.json")
    row = {"Id": "26011990", "Title": ""}
    (posting,) = oracle.parse_detail(detail, state, row=row, req_id="26011990", digest="d")
    assert posting.title.startswith("Campus Undergraduate Summer Internship Program - 2027")
    assert posting.locations == ["Phoenix, AZ, United States"]
    for part in ("Business Unit/Role Specific Info", "Minimum Qualifications",
                 "How will you make an impact"):  # fmt: skip
        assert part in posting.description


# -- BambooHR ----------------------------------------------------------------------------------


def test_bamboohr_list_and_detail_imec() -> None:
    bamboo, state = spider("bamboohr", board="imec")
    board = capture(
        "https://imec.bamboohr.com/careers/list", "bamboohr/jobs-aaron__bamboohr_board_imec.json"
    )
    rows = details_of(bamboo.parse_list(board, state))
    assert list(rows) == ["97", "98", "101"]
    # the capture keeps 3 rows of the `totalCount` 4 it was served with: cut short
    assert state.partial == "BambooHR listed 3 openings of the 4 it reported"
    detail = capture(
        "https://imec.bamboohr.com/careers/97/detail",
        "bamboohr/jobs-aaron__bamboohr_detail_imec.json",
    )
    (posting,) = bamboo.parse_detail(detail, state, **rows["97"])
    assert posting.title == "Supply Chain Technical Specialist"
    assert posting.workplace == "hybrid"  # locationType "2"
    assert posting.locations == ["Chicago, Illinois, United States"]
    assert posting.url == "https://imec.bamboohr.com/careers/97"
    assert "MUST RESIDE IN ILLINOIS" in posting.description
    peoria = bamboo.posting(state, "101", rows["101"]["opening"], "d")
    assert (peoria.locations, peoria.workplace) == (["Peoria, Illinois, United States"], "remote")


def test_bamboohr_onsite_and_the_handwritten_compensation_hint() -> None:
    bamboo, state = spider("bamboohr", board="careerkit")
    rows = details_of(
        bamboo.parse_list(
            capture("https://x/careers/list", "bamboohr/careerkit__bamboohr.json"), state
        )
    )
    assert list(rows) == ["86", "87"]
    nurse = bamboo.posting(state, "86", rows["86"]["opening"], "d")
    assert (nurse.workplace, nurse.locations) == ("onsite", ["Fort Lauderdale, Florida"])
    # no real detail carries `compensation`; the handwritten one shows it as a string
    bamboo, state = spider("bamboohr", board="example")
    rows = details_of(
        bamboo.parse_list(
            capture(
                "https://x/careers/list",
                "bamboohr/job-market-analytics__bamboohr_list_HANDWRITTEN.json",
            ),
            state,
        )
    )
    detail = capture(
        "https://x/careers/82/detail",
        "bamboohr/job-market-analytics__bamboohr_detail_HANDWRITTEN.json",
    )
    (posting,) = bamboo.parse_detail(detail, state, **rows["82"])
    assert posting.pay == [] and posting.pay_text == "$110,000 - $150,000"  # no period stated
    assert posting.workplace == "remote" and posting.posted_at == "2026-05-11"


# -- Personio, Teamtailor, SuccessFactors --------------------------------------------------------


def test_personio_feed_clark() -> None:
    personio, state = spider("personio", board="clark")
    feed = capture(
        "https://clark.jobs.personio.de/xml",
        "personio/jobs-aaron__personio_feed_clark_with_descriptions.xml",
        XmlResponse,
    )
    found = postings(personio.parse_feed(feed, state))
    assert list(found) == ["2415353", "2377588", "342554", "2335782"]
    crm = found["2415353"]
    assert crm.title == "(Senior) CRM Manager (m/w/d)"
    assert crm.locations == ["Berlin", "Frankfurt am Main"]
    assert crm.company == "CLARK Holding SE" and crm.department == "Group - Marketing"
    assert crm.url == "https://clark.jobs.personio.de/job/2415353"
    assert crm.description.startswith("<h3>Wer wir sind</h3>\n<span")
    assert found["2377588"].workplace == "remote"  # <office>Remote</office>
    assert found["2335782"].locations == ["Zürich"]


def test_personio_repeated_position() -> None:
    personio, state = spider("personio", board="acme")
    feed = capture(
        "https://acme.jobs.personio.de/xml", "personio/careerkit__personio.xml", XmlResponse
    )
    out = [p for p in personio.parse_feed(feed, state) if isinstance(p, Posting)]
    assert [p.external_id for p in out] == ["1834171", "1834171"]  # the base keeps one
    assert out[0].company == "Acme SE & Co. KG"


def test_teamtailor_rss() -> None:
    teamtailor, state = spider("teamtailor", board="career")
    feed = capture(
        "https://career.teamtailor.com/jobs.rss?offset=0&per_page=100",
        "teamtailor/jobleft__teamtailor-career.rss",
        XmlResponse,
    )
    out = list(teamtailor.parse_page(feed, state, offset=0))
    found = postings(out)
    assert list(found) == ["8021334", "7623275", "8429402"]
    assert not requests(out)  # 3 items: the last page
    executive = found["8021334"]
    assert executive.title == "Account Executive - UK Enterprise"
    assert executive.workplace == "hybrid"
    assert executive.locations == ["London, United Kingdom"]
    assert executive.department == "Sales"
    assert executive.posted_at == "2026-07-06T08:58:57+02:00"
    assert executive.description.startswith("<figure><lite-youtube")
    assert found["8429402"].locations == ["Sydney, Australia"]


def test_successfactors_rss_qorvo() -> None:
    sf, state = spider(
        "successfactors",
        board="careers.qorvo.com",
        url="https://careers.qorvo.com/feeds/?locale=en_US",
    )
    feed = capture(
        state.source.url,
        "successfactors/job-poller__successfactors_feeds_rss_qorvo.xml",
        XmlResponse,
    )
    found = postings(sf.parse_feed(feed, state))
    assert list(found) == ["1397790900", "1397710500"]
    assert found["1397710500"].title == "Principal Research Scientist -  RF MMIC Design"
    assert found["1397790900"].locations == ["Richardson, TX, US, 75080"]
    assert found["1397790900"].posted_at == "2026-10-02T07:00:00+00:00"


# -- Rippling, Breezy, Pinpoint ------------------------------------------------------------------


def test_rippling_list_detail_and_rows_per_location() -> None:
    rippling, state = spider("rippling", board="blackrockneurotech")
    rows = details_of(
        rippling.parse_jobs(
            capture(
                state.data["api"], "rippling/jobs-aaron__rippling_board_blackrockneurotech.json"
            ),
            state,
        )
    )
    assert list(rows) == ["25f3fc2a-b77e-430b-9144-8cc3bb1531c9",
                          "c3ca660d-7890-4dea-b7ba-e6d1b387ac73",
                          "955c62ae-f68c-4644-9060-3fe0f8c24ae5"]  # fmt: skip
    uuid = "25f3fc2a-b77e-430b-9144-8cc3bb1531c9"
    detail = capture(
        state.data["api"] + "/" + uuid,
        "rippling/jobs-aaron__rippling_detail_blackrockneurotech.json",
    )
    (posting,) = rippling.parse_detail(detail, state, **rows[uuid])
    assert posting.title == "AI/ML Training Performance Engineer"
    assert posting.company == "Blackrock Neurotech" and posting.department == "BCI Data Science"
    assert posting.locations == ["Salt Lake City, UT"] and posting.workplace is None

    rippling, state = spider("rippling", board="acme")
    rows = details_of(
        rippling.parse_jobs(capture(state.data["api"], "rippling/careerkit__rippling.json"), state)
    )
    (job,) = rows.values()
    assert job["job"]["places"] == ["Remote (New Jersey, US)", "New York, NY"]


def test_rippling_detail_with_empty_pay_ranges() -> None:
    rippling, state = spider("rippling", board="portside")
    uuid = "f7008ce4-5157-4ba9-b75b-ed2a6448b579"
    detail = capture(
        state.data["api"] + "/" + uuid,
        "rippling/vertical-job-digest__rippling_detail_portside.json",
    )
    job = {"uuid": uuid, "name": "", "places": []}
    (posting,) = rippling.parse_detail(detail, state, job=job, uuid=uuid, digest="d")
    assert posting.pay == []  # `payRangeDetails: []`: the employer set none
    assert (posting.locations, posting.workplace) == (["Remote (United States)"], "remote")
    assert posting.company == "Portside, Inc."
    assert posting.extra == {"employment": "Salaried, full-time"}
    assert posting.posted_at == "2026-06-12T12:45:15.898000-07:00"


def test_breezy_positions_and_salary_lines() -> None:
    breezy, state = spider("breezy", board="breezy")
    listing = capture(
        "https://breezy.breezy.hr/json", "breezy/job-poller__breezy_json_breezy.json"
    )
    found = postings(breezy.parse_positions(listing, state))
    assert list(found) == ["98323abf2296", "088ac6d52139"]
    trial = found["98323abf2296"]
    assert (trial.title, trial.locations) == ("Employee #12", ["Chaos, FL"])
    # the trial board's "$0.05 – $0.06 / hour" and "$1 - $5 / year" are no pay for any
    # period: held to what text pay is held to, they are left out (the line stays as text)
    assert ranges(trial) == [] and trial.pay_text == "$0.05 – $0.06 / hour"
    assert ranges(found["088ac6d52139"]) == []
    assert found["088ac6d52139"].locations == ["New York, NY"]  # `locations: []`
    assert trial.workplace is None  # `is_remote: false` says nothing


def test_pinpoint_postings_with_and_without_visible_pay() -> None:
    pinpoint, state = spider("pinpoint", board="workwithus")
    rows = json.loads(
        (REAL / "pinpoint/job-poller__pinpoint_postings_workwithus.json").read_text()
    )
    url = "https://workwithus.pinpointhq.com/postings.json"
    # the capture saved the inner list; the live answer wraps it in {"data": [...]}
    listing = TextResponse(url=url, body=json.dumps({"data": rows}).encode(), encoding="utf-8")
    found = postings(pinpoint.parse_postings(listing, state))
    assert list(found) == ["559663", "567495"]
    assert found["559663"].pay == []  # compensation_visible: false
    assert ranges(found["567495"]) == [(70000, 90000, "GBP", "year")]
    assert found["567495"].workplace == "remote" and found["567495"].department == "Implementation"
    assert found["559663"].extra["ref"] == "PIN-0407"
    assert found["559663"].description.count("<h3>") == 3  # the three titled sections

    pinpoint, state = spider("pinpoint", board="acme")
    found = postings(
        pinpoint.parse_postings(capture(url, "pinpoint/careerkit__pinpoint.json"), state)
    )
    assert ranges(found["post-002"]) == [(70, 90, "USD", "hour")]
