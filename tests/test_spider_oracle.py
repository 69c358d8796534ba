"""Oracle Recruiting Cloud: the requisitions resource paged inside `finder`, the total from the
first page, then each new or changed requisition's details."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from spiders.oracle import detail_url, endpoints, page_url
from tests.boards_ats import OracleBoard, ora_detail, ora_req
from tests.boardserver import Route

PAY = "The base pay range for this position is $95,000 - $120,000 per year."


def config(board: OracleBoard, **source: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "oracle", "board": "acme.fa.us2.oraclecloud.com/CX_1",
                     "url": board.url, **source}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def hits(server: Any, resource: str) -> list[dict[str, str]]:
    out = []
    for request in server.requests:
        parts = urlsplit(request["path"])
        if parts.path.endswith(resource):
            out.append(parse_qs(parts.query))
    return out


@pytest.mark.parametrize(
    ("board", "url", "expected"),
    [
        ("eeho.fa.us2.oraclecloud.com/CX_1", None,
         ("https://eeho.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/"
          "recruitingCEJobRequisitions", "CX_1",
          "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/")),
        (None, "https://ebuu.fa.ap1.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_2/jobs",
         ("https://ebuu.fa.ap1.oraclecloud.com/hcmRestApi/resources/latest/"
          "recruitingCEJobRequisitions", "CX_2",
          "https://ebuu.fa.ap1.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_2/job/")),
        (None, "https://x.fa.ocs.oraclecloud.com/hcmRestApi/resources/11.13.18.05/"
               "recruitingCEJobRequisitions?onlyData=true&finder=findReqs;siteNumber=UL,limit=5",
         ("https://x.fa.ocs.oraclecloud.com/hcmRestApi/resources/11.13.18.05/"
          "recruitingCEJobRequisitions", "UL",
          "https://x.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/UL/job/")),
    ],
)  # fmt: skip
def test_endpoints(board: str | None, url: str | None, expected: tuple[str, str, str]) -> None:
    assert endpoints(board, url) == expected


def test_paging_and_detail_live_inside_finder() -> None:
    api, site, _ = endpoints("h.fa.us2.oraclecloud.com/CX_1", None)
    finder = parse_qs(urlsplit(page_url(api, site, 400)).query)["finder"][0]
    assert finder == "findReqs;siteNumber=CX_1,limit=200,offset=400,sortBy=POSTING_DATES_DESC"
    assert "ById;Id=%22CONV_87695BR%22,siteNumber=CX_1" in detail_url(api, site, "CONV_87695BR")
    with pytest.raises(ValueError, match="site number"):
        endpoints(None, "https://h.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/x")


def test_short_pages_total_and_changes(sqlite_cli: Any, server: Any) -> None:
    board = OracleBoard(server, page_sizes=(199, 200))  # Oracle's own short pages
    reqs = [ora_req(str(20000 + n), f"Engineer {n}") for n in range(250)]
    reqs[0] = ora_req("10139", "Electrical Engineer", code="ORA_HYBRID",
                      secondary=["Chicago, IL, United States"])  # fmt: skip
    reqs[1] = ora_req("CONV_87695BR", "Research Coordinator", code="ORA_REMOTE")
    board.publish(reqs)
    board.details["10139"] = ora_detail(reqs[0], body=PAY)
    sqlite_cli.write_config(config(board))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"], first["pages"]) == ("complete", 250, 2)
    listing = hits(server, "recruitingCEJobRequisitions")
    assert [q["finder"][0].split(",")[2] for q in listing] == ["offset=0", "offset=199"]
    assert len(hits(server, "recruitingCEJobRequisitionDetails")) == 250
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    engineer = stored["10139"]
    assert engineer["workplace"] == "hybrid"
    assert engineer["locations"] == ["Raleigh, NC, United States", "Chicago, IL, United States"]
    assert engineer["pay"][0]["min"] == 95000 and engineer["pay"][0]["period"] == "year"
    assert engineer["department"] == "Engineering"
    assert engineer["url"].endswith("/hcmUI/CandidateExperience/en/sites/CX_1/job/10139")
    assert stored["CONV_87695BR"]["workplace"] == "remote"  # relabelled "Work From Home"

    # unchanged: no detail read again; then a title change and a removal
    server.requests.clear()
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    assert hits(server, "recruitingCEJobRequisitionDetails") == []
    reqs[2] = {**reqs[2], "Title": "Senior Engineer 2"}
    board.publish([r for r in reqs if r["Id"] != "20003"])
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    changes = sorted((c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json())
    assert changes == [("removed", "acme:20003"), ("title_changed", "acme:20002")]


def test_a_listing_short_of_its_total_is_partial(sqlite_cli: Any, server: Any) -> None:
    board = OracleBoard(server)
    reqs = [ora_req(str(n), f"Role {n}") for n in range(1, 6)]
    board.publish(reqs)
    sqlite_cli.write_config(config(board, refresh_details="0s"))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"

    board.publish(reqs[:3], total=5)  # the board says 5 and lists 3
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and "3 of the 5" in result["error"]
    board.publish([], total=5)  # 200 with no rows while the board says there are some
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and result["open"] == 5

    # a detail that fails, and one that no longer has the requisition: partial, both kept
    board.publish(reqs)
    board.details["2"] = {"items": [], "count": 0, "hasMore": False}
    board.details["3"] = Route(b'{"title": "Internal Server Error"}', 500)
    result = status(sqlite_cli("check", "--json"))
    assert result["status"] == "partial" and result["open"] == 5
    assert "HTTP 500" in result["error"] or "no requisition details" in result["error"]
    assert sqlite_cli("changes", "--json").json() == []
