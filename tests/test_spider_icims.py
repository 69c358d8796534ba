"""iCIMS: search pages read one at a time ("Page X of Y"), then each new or changed posting's
JSON-LD (asked for as iCIMS serves it to crawlers); listing fields for pay and workplace."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from spiders.icims import crawler_agent, endpoints, search_page
from tests.boards_ats import icims_card, icims_posting, icims_search_page
from tests.boards_more import HTML, answer
from tests.boardserver import Route

SEARCH = "/icims/jobs/search"
NONSTANDARD = {"@type": "MonetaryAmount", "currency": "USD", "minValue": 125042.0,
               "maxValue": 135299.0}  # fmt: skip


class IcimsBoard:
    """A portal under `/icims`: search pages by `pr`, posting pages by path."""

    def __init__(self, server: Any, per_page: int = 2) -> None:
        self.server, self.per_page = server, per_page
        self.base = server.base + "/icims"
        self.first = f"{server.base}{SEARCH}?ss=1&in_iframe=1"
        self.cards: list[str] = []
        self.pages: dict[int, str] = {}  # pages served in place of the computed ones
        answer(server, SEARCH, self.search)

    def publish(self, jobs: list[tuple[int, str, dict[str, Any]]]) -> None:
        """Cards for (id, title, card fields); each posting's page with its JSON-LD."""
        self.cards = []
        for job_id, title, fields in jobs:
            card = icims_card(job_id, title, base=self.base, **fields)
            self.cards.append(card)
            path = re.search(r'href="[^"]*?(/icims/jobs/[^"?]+)', card).group(1)  # type: ignore[union-attr]
            if path not in self.server.routes:
                self.server.set(path, icims_posting(job_id, title, base=self.base), headers=HTML)

    def search(self, request: dict[str, Any]) -> Route:
        page = int(parse_qs(urlsplit(request["path"]).query).get("pr", ["0"])[0])
        if page in self.pages:
            return Route(self.pages[page].encode(), headers=HTML)
        pages = max(1, -(-len(self.cards) // self.per_page))
        cards = self.cards[page * self.per_page : (page + 1) * self.per_page]
        return Route(icims_search_page(cards, page, pages, self.first).encode(), headers=HTML)

    def posting_path(self, job_id: int) -> str:
        card = next(c for c in self.cards if f"/jobs/{job_id}/" in c)
        return re.search(r'href="[^"]*?(/icims/jobs/[^"?]+)', card).group(1)  # type: ignore[union-attr]


def config(board: IcimsBoard, **source: Any) -> dict[str, Any]:
    return {
        "defaults": {"removal_grace": 1},
        "sources": [{"name": "acme", "kind": "icims", "board": "careers-acme",
                     "url": board.first, **source}],
    }  # fmt: skip


def status(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    (source,) = result.json()["sources"]
    return source


def postings_read(server: Any) -> list[dict[str, Any]]:
    return [
        r for r in server.requests if "/icims/jobs/" in r["path"] and "/search" not in r["path"]
    ]


def test_endpoints_pages_and_agent() -> None:
    first, base = endpoints("careers-acme", None)
    assert (first, base) == ("https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1",
                             "https://careers-acme.icims.com")  # fmt: skip
    assert search_page(first, 2).endswith("/jobs/search?ss=1&in_iframe=1&pr=2")
    assert endpoints(None, "https://jobs.acme.com/portal/jobs/search?ss=1")[1] == (
        "https://jobs.acme.com/portal"
    )
    assert (
        crawler_agent("rolewatch/0.1 (+https://x)")
        == "rolewatch/0.1 (+https://x) (compatible; bot)"
    )
    assert crawler_agent("acme-jobbot/2") == "acme-jobbot/2"


def test_pages_postings_pay_and_changes(sqlite_cli: Any, server: Any) -> None:
    board = IcimsBoard(server)
    jobs = [
        (75243, "Field Support Specialist",
         {"salary": "USD $125,042.00 - USD $135,299.00 /Yr."}),
        (75242, "Field Support Representative", {"salary": "USD $55.08 - USD $59.08 /Hr."}),
        (38896, "National Security Manager", {"arrangement": "Remote", "location": "US"}),
        (38897, "Repair Technician", {"arrangement": "On Site", "location": "US-NJ-Wayne"}),
        (75305, "ASIC Engineer", {"location": "US-ID-Boise"}),
    ]  # fmt: skip
    board.publish(jobs)
    # iCIMS's own baseSalary shape: amounts on the MonetaryAmount, no unitText
    path = board.posting_path(75243)
    server.set(path, icims_posting(75243, "Field Support Specialist", base=board.base,
                                   salary=NONSTANDARD), headers=HTML)  # fmt: skip
    server.set(board.posting_path(38896), icims_posting(
        38896, "National Security Manager", base=board.base, places=[("Remote", "UNAVAILABLE")]),
        headers=HTML)  # fmt: skip
    sqlite_cli.write_config(config(board))

    first = status(sqlite_cli("check", "--json"))
    assert (first["status"], first["open"], first["pages"]) == ("complete", 5, 3)
    searches = [r for r in server.requests if r["path"].startswith(SEARCH)]
    assert [parse_qs(urlsplit(r["path"]).query).get("pr") for r in searches] == [
        None,
        ["1"],
        ["2"],
    ]
    reads = postings_read(server)
    assert len(reads) == 5
    assert all("mobile=true&needsRedirect=false" in r["path"] for r in reads)
    assert all("bot" in r["headers"]["User-Agent"] for r in reads)
    stored = {p["external_id"]: p for p in sqlite_cli("postings", "--json").json()}
    specialist = stored["75243"]
    assert specialist["pay"] == [{"min": 125042, "max": 135299, "currency": "USD",
                                  "period": "year", "scope": None, "kind": "base"}]  # fmt: skip
    assert specialist["locations"] == ["Annapolis Junction, MD, US"]  # no UNAVAILABLE
    assert specialist["company"] == "Acme Mission Systems"
    assert specialist["url"] == board.base + "/jobs/75243/job"
    assert stored["75242"]["pay"][0]["period"] == "hour"
    assert stored["75242"]["pay"][0]["min"] == 55.08
    assert stored["38896"]["workplace"] == "remote"
    assert stored["38897"]["workplace"] == "onsite"

    # the same pages: no posting page read again; then a pay change in the listing and a
    # posting that answers 410 (closed, though still listed)
    server.requests.clear()
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    assert postings_read(server) == []
    jobs[1] = (75242, "Field Support Representative", {"salary": "USD $57.00 - USD $61.00 /Hr."})
    jobs[4] = (75305, "ASIC Engineer", {"location": "US-ID-Boise", "salary": "USD $1 /Yr."})
    board.publish(jobs)
    server.set(board.posting_path(75305), "<html>Gone</html>", status=410, headers=HTML)
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"
    changes = sorted((c["kind"], c["key"]) for c in sqlite_cli("changes", "--json").json())
    assert changes == [("pay_changed", "acme:75242"), ("removed", "acme:75305")]


def test_pages_that_cannot_be_trusted_are_partial(sqlite_cli: Any, server: Any) -> None:
    board = IcimsBoard(server)
    jobs = [(n, f"Role {n}", {}) for n in range(1001, 1005)]
    board.publish(jobs)
    sqlite_cli.write_config(config(board, refresh_details="0s"))
    assert status(sqlite_cli("check", "--json"))["status"] == "complete"

    troubles = {
        # page 2 answers with page 1's postings
        "only repeated": lambda: board.pages.update(
            {1: icims_search_page(board.cards[:2], 1, 2, board.first)}
        ),
        # page 2 says it is page 1 (a neighbouring page, as concurrent asking can get)
        "answered page 1": lambda: board.pages.update(
            {1: icims_search_page(board.cards[2:], 0, 2, board.first)}
        ),
        # a posting page fails
        "HTTP 500": lambda: server.set(board.posting_path(1003), "error", status=500,
                                       headers=HTML),
    }  # fmt: skip
    for reason, make in troubles.items():
        board.pages.clear()
        make()
        result = status(sqlite_cli("check", "--json"))
        assert result["status"] == "partial" and reason in result["error"], result
        assert result["open"] == 4 and result["removed"] == 0


def test_a_page_that_is_not_a_search_page_fails(sqlite_cli: Any, server: Any) -> None:
    board = IcimsBoard(server)
    board.pages[0] = "<html><body><h1>Log In</h1><form>password</form></body></html>"
    sqlite_cli.write_config(config(board))
    result = sqlite_cli("check", "--json")
    assert result.code == 1
    assert "not an iCIMS search page" in html.unescape(result.json()["sources"][0]["error"])
