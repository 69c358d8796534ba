"""Boards that behave like real ones, or worse, through the CLI: what users are told stays true.

Each test is a case of issue 12 that once made rolewatch say something false (a closed role
never reported, every role closed after a redesign, a title "changing" every cycle) or made
a board impossible to store. The board server answers with ETags and 304s, gzip, redirects,
bad bytes, empty bodies and requests it chooses to ignore.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import select

from monitor.store.db import make_engine
from monitor.store.models import ChangeRow, PostingRow, SnapshotRow
from tests.boards import ashby_job, gh_board, gh_job, lever_job
from tests.boards_more import HTML, answer, json_route, ld_job, page
from tests.boardserver import Route


def gh_source(server: Any, name: str = "acme", **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "greenhouse", "board": name, "url": f"{server.base}/gh/{name}",
            **extra}  # fmt: skip


def rows(db: str, *columns: Any, where: Any = None) -> list[Any]:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            query = select(*columns)
            if where is not None:
                query = query.where(where)
            return list(conn.execute(query).all())
    finally:
        engine.dispose()


def summary(result: Any) -> dict[str, Any]:
    return {s["source"]: s for s in result.json()["sources"]}


# -- 304s, emptied listings, redesigns ----------------------------------------------------------


def test_a_closed_role_is_reported_on_a_board_that_answers_304(cli: Any, server: Any) -> None:
    cli.write_config({"sources": [gh_source(server, removal_grace=2)]})
    jobs = [gh_job(i, f"Role {i}") for i in (1, 2, 3)]
    server.set("/gh/acme", gh_board(*jobs), headers={"ETag": '"v1"'}, gzip=True)
    assert cli("check", "--json").code == 0
    server.set("/gh/acme", gh_board(jobs[0], jobs[2]), headers={"ETag": '"v2"'}, gzip=True)
    first = summary(cli("check", "--json"))["acme"]
    assert (first["seen"], first["removed"]) == (2, 0)  # one miss of two
    again = summary(cli("check", "--json"))["acme"]  # 304: the same listing, role 2 missing
    assert server.requests[-1]["headers"].get("If-None-Match") == '"v2"'
    assert (again["seen"], again["removed"], again["changes"]) == (2, 1, {"removed": 1})
    assert [c["key"] for c in cli("changes", "--json").json()] == ["acme:2"]


def test_a_304_to_a_request_that_named_no_version_is_no_empty_baseline(
    sqlite_cli: Any, server: Any
) -> None:
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    server.set("/gh/acme", b"", status=304)
    result = sqlite_cli("check", "--json")
    assert result.code == 1
    acme = summary(result)["acme"]
    assert acme["status"] == "failed" and not acme["baseline"]
    assert "304 Not Modified to a request that named no earlier version" in acme["error"]


def test_an_emptied_board_closes_nothing_until_later_listings_agree(cli: Any, server: Any) -> None:
    cli.write_config({"sources": [gh_source(server, removal_grace=1)]})
    jobs = [gh_job(i, f"Role {i}") for i in range(1, 11)]
    server.set("/gh/acme", gh_board(*jobs))
    cli("check")
    server.set("/gh/acme", {"jobs": [], "meta": {"total": 0}})
    empty = cli("check", "--json")
    acme = summary(empty)["acme"]
    assert acme["changes"] == {"source_suspect": 1} and acme["removed"] == 0
    assert acme["open"] == 10
    server.set("/gh/acme", gh_board(*jobs))  # the board is back: nothing to close or reopen
    back = summary(cli("check", "--json"))["acme"]
    assert back["changes"] == {} and back["open"] == 10
    kinds = [c["kind"] for c in cli("changes", "--json").json()]
    assert kinds == ["source_suspect"]
    text = cli("check").out
    assert "acme: 10 listed, no changes" in text


def test_a_redesigned_careers_page_is_partial_not_every_role_closed(
    sqlite_cli: Any, server: Any
) -> None:
    jobs = "".join(f"<a class='job' href='/jobs/{i}'>Role {i}</a>" for i in range(6))
    server.set("/careers", page("Careers", jobs), headers=HTML)
    for i in range(6):
        server.set(f"/jobs/{i}", page(f"Role {i}", ld=[ld_job(f"Role {i}", ident=f"R{i}")]),
                   headers=HTML)  # fmt: skip
    source = {"name": "acme", "kind": "jsonld", "url": server.base + "/careers",
              "links": "a.job", "removal_grace": 1}  # fmt: skip
    sqlite_cli.write_config({"sources": [source]})
    assert summary(sqlite_cli("check", "--json"))["acme"]["open"] == 6
    redesigned = "".join(f"<div class='posting'><a href='/jobs/{i}'>R</a></div>" for i in range(6))
    server.set("/careers", page("Careers", redesigned), headers=HTML)
    after = summary(sqlite_cli("check", "--json"))["acme"]
    assert after["status"] == "partial" and after["removed"] == 0 and after["open"] == 6
    assert after["error"].startswith("links matched nothing: `links: a.job`")


def test_a_links_typo_takes_no_empty_baseline_and_alerts_nothing_once_fixed(
    sqlite_cli: Any, server: Any
) -> None:
    jobs = "".join(f"<a class='job' href='/jobs/{i}'>Role {i}</a>" for i in range(3))
    server.set("/careers", page("Careers", jobs), headers=HTML)
    for i in range(3):
        server.set(f"/jobs/{i}", page(f"Role {i}", ld=[ld_job(f"Role {i}", ident=f"R{i}")]),
                   headers=HTML)  # fmt: skip
    source = {"name": "acme", "kind": "jsonld", "url": server.base + "/careers", "links": "a.jbo"}
    sqlite_cli.write_config({"sources": [source]})
    typo = sqlite_cli("check")
    assert "acme: no postings found, so no baseline yet" in typo.out
    sqlite_cli.write_config({"sources": [{**source, "links": "a.job"}]})
    fixed = summary(sqlite_cli("check", "--json"))["acme"]
    assert fixed["baseline"] and fixed["open"] == 3
    assert sqlite_cli("changes", "--json").json() == []  # no storm of "new"


def test_interrupting_check_is_not_a_failure(sqlite_cli: Any, server: Any) -> None:
    source = gh_source(server, page_timeout="3s")
    sqlite_cli.write_config({"notify": [{"url": "json://127.0.0.1:9/x"}], "sources": [source]})
    server.set("/gh/acme", gh_board(gh_job(1, "Role")), delay=30)
    cmd = [sys.executable, "-m", "monitor", "--config", str(sqlite_cli.config), "--db",
           sqlite_cli.db, "check", "--json", "--no-notify"]  # fmt: skip
    for _ in range(3):
        hits = server.hits("/gh/acme")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while server.hits("/gh/acme") == hits and time.monotonic() < deadline:
            time.sleep(0.05)  # the request is in: the crawl is under way
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert json.loads(out)["sources"][0]["status"] == "interrupted"
    sources = sqlite_cli("sources", "--json").json()
    assert sources[0]["failures_in_row"] == 0 and sources[0]["status"] == "never run"
    assert sqlite_cli("changes", "--json").json() == []  # no source_failing


# -- junk in postings ---------------------------------------------------------------------------


def test_hostile_fields_are_stored_fitted_and_the_board_is_not_blocked(
    cli: Any, server: Any
) -> None:
    long_id = "x" * 5000
    nul = gh_job(1, "Bad\x00Title\x1b[31m")
    huge = gh_job(2, "Huge", body="word " * 200_000)
    longid = {**gh_job(3, "Long id"), "id": long_id}
    cli.write_config(
        {
            "sources": [
                gh_source(server),
                {"name": "ash", "kind": "ashby", "board": "ash", "url": server.base + "/ashby"},
                {"name": "lev", "kind": "lever", "board": "lev", "url": server.base + "/lever"},
            ]
        }
    )
    server.set("/gh/acme", gh_board(nul, huge, longid))
    junk_places = {**ashby_job("a1", "Ashby"), "secondaryLocations": [None, 5, {"location": 7}]}
    server.set("/ashby", {"jobs": [junk_places]})
    server.set("/lever", [{**lever_job("l1", "Lever"), "createdAt": 1e20}])
    result = cli("check", "--json")
    assert result.code == 0, result.out + result.err
    states = {name: (s["status"], s["open"]) for name, s in summary(result).items()}
    assert states == {"acme": ("complete", 3), "ash": ("complete", 1), "lev": ("complete", 1)}
    stored = {key: (title, status) for key, title, status in rows(
        cli.db, PostingRow.key, PostingRow.title, PostingRow.status)}  # fmt: skip
    assert stored["acme:1"] == ("BadTitle[31m", "open")
    assert any(key.startswith("acme:sha1:") for key in stored)
    acme = summary(result)["acme"]
    assert any("description cut to 500,000 characters" in note for note in acme["notes"])
    postings = {p["key"]: p for p in cli("postings", "--json").json()}
    assert postings["ash:a1"]["locations"] == ["New York"]
    assert postings["lev:l1"]["posted_at"] is None


def test_ids_are_read_exactly_and_a_posting_without_one_is_no_key(
    sqlite_cli: Any, server: Any
) -> None:
    big = 123456789012345678901234567890
    body = (
        '{"jobs": ['
        + ",".join(
            json.dumps(gh_job(0, title))[:-1] + f', "id": {ident}}}'
            for title, ident in (
                ("Big one", str(big)),
                ("Big two", str(big + 1)),
                ("Null", "null"),
                ("Other null", "null"),
                ("Float", "12.5"),
                ("Bool", "true"),
                ("List", "[1]"),
            )
        )
        + "]}"
    )
    server.set("/gh/acme", body.encode())
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    acme = summary(sqlite_cli("check", "--json"))["acme"]
    assert acme["status"] == "partial" and "without a usable id" in acme["error"]
    keys = sorted(p["key"] for p in sqlite_cli("postings", "--json").json())
    assert keys == [f"acme:{big}", f"acme:{big + 1}"]


def test_a_bad_byte_garbles_neither_the_board_nor_its_alerts(sqlite_cli: Any, server: Any) -> None:
    jobs = [gh_job(1, "Ingénieure", location="Zürich"), gh_job(2, "Développeur", location="Liège")]
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    server.set("/gh/acme", json.dumps(gh_board(*jobs), ensure_ascii=False).encode(),
               headers={"Content-Type": "application/json"})  # fmt: skip
    sqlite_cli("check")
    raw = json.dumps(gh_board(*jobs), ensure_ascii=False).encode()
    broken = raw.replace("Développeur".encode(), b"D\xe9veloppeur")  # one latin-1 byte
    server.set("/gh/acme", broken, headers={"Content-Type": "application/json"})
    acme = summary(sqlite_cli("check", "--json"))["acme"]
    assert acme["status"] == "partial" and "not UTF-8" in acme["error"]
    assert acme["changes"] == {}  # no title or location "changes" to flip back next cycle
    titles = {
        p["key"]: (p["title"], p["locations"]) for p in sqlite_cli("postings", "--json").json()
    }
    assert titles == {"acme:1": ("Ingénieure", ["Zürich"]), "acme:2": ("Développeur", ["Liège"])}


def test_a_page_with_one_bad_byte_is_read_as_utf8(sqlite_cli: Any, server: Any) -> None:
    body = page("Careers", "<p>Équipe</p>", ld=[ld_job("Ingénieure à Zürich", ident="A")])
    server.set("/careers", body.encode() + b"<!-- \xff -->", headers={"Content-Type": "text/html"})
    sqlite_cli.write_config(
        {"sources": [{"name": "acme", "kind": "jsonld", "url": server.base + "/careers"}]}
    )
    sqlite_cli("check")
    assert [p["title"] for p in sqlite_cli("postings", "--json").json()] == ["Ingénieure à Zürich"]


def test_duplicate_ids_with_other_content_do_not_flap(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    one, two = gh_job(7, "Engineer"), gh_job(7, "Engineer (copy)")
    server.set("/gh/acme", gh_board(one, two))
    first = summary(sqlite_cli("check", "--json"))["acme"]
    assert any("listed again under an id already listed" in n for n in first["notes"])
    for order in ((two, one), (one, two), (two, one)):
        server.set("/gh/acme", gh_board(*order))
        assert summary(sqlite_cli("check", "--json"))["acme"]["changes"] == {}


def test_structured_pay_junk_is_not_stored(sqlite_cli: Any, server: Any) -> None:
    def pay(lo: Any, hi: Any, currency: str) -> dict[str, Any]:
        return {"min_cents": lo, "max_cents": hi, "currency_type": currency,
                "title": "Pay", "blurb": ""}  # fmt: skip

    jobs = [
        {**gh_job(1, "Huge", body="x"), "pay_input_ranges": [pay(1e308, 1e308, "USD")]},
        {**gh_job(2, "Negative", body="x"), "pay_input_ranges": [pay(-500000, -100, "USD")]},
        {
            **gh_job(3, "Currency", body="x"),
            "pay_input_ranges": [pay(10000000, 15000000, "US$$$")],
        },
        {**gh_job(4, "Fine", body="x"), "pay_input_ranges": [pay(10000000, 15000000, "USD")]},
    ]
    body = json.dumps(gh_board(*jobs)).replace("1e+308", "NaN", 1)
    server.set("/gh/acme", body.encode())
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    sqlite_cli("check")
    pay_by_key = {p["key"]: p["pay"] for p in sqlite_cli("postings", "--json").json()}
    assert pay_by_key["acme:1"] == pay_by_key["acme:2"] == pay_by_key["acme:3"] == []
    assert pay_by_key["acme:4"][0]["min"] == 100000


def test_description_text_is_stored_once_not_again_in_each_change(
    sqlite_cli: Any, server: Any
) -> None:
    sqlite_cli.write_config({"sources": [gh_source(server)]})
    for n in range(3):
        server.set("/gh/acme", gh_board(gh_job(1, "Role", body=f"Edition {n}. " + "text " * 2000)))
        sqlite_cli("check")
    stored = rows(sqlite_cli.db, ChangeRow.before, ChangeRow.after)
    assert stored == [({"version": 1}, {"version": 2}), ({"version": 2}, {"version": 3})]
    shown = sqlite_cli("changes", "--json").json()
    assert shown[0]["before"].startswith("Edition 1.") and shown[0]["after"].startswith(
        "Edition 2."
    )
    assert len(rows(sqlite_cli.db, SnapshotRow.id)) == 3


# -- hosts, time, regexes -----------------------------------------------------------------------


def test_a_redirect_to_another_site_is_not_followed(sqlite_cli: Any, server: Any) -> None:
    elsewhere = f"http://localhost:{server.port}/gh/other"
    server.set("/gh/other", gh_board(gh_job(9, "Not ours")))
    server.set("/gh/acme", b"", status=301, headers={"Location": elsewhere})
    server.set("/gh/moved", b"", status=302, headers={"Location": "/gh/other"})
    sqlite_cli.write_config({"sources": [gh_source(server), gh_source(server, "moved")]})
    result = summary(sqlite_cli("check", "--json"))
    assert result["acme"]["status"] == "failed"
    assert result["acme"]["error"].startswith(
        f"redirected to localhost:{server.port}, another site"
    )
    assert result["moved"]["status"] == "complete" and result["moved"]["open"] == 1  # same site


def test_timeout_stops_a_board_that_pages_for_ever_and_others_are_stored(
    sqlite_cli: Any, server: Any
) -> None:
    def endless(request: dict[str, Any]) -> Route:
        skip = int(request["path"].split("skip=")[1].split("&")[0])
        return json_route([lever_job(f"id-{skip + i}", f"Role {skip + i}") for i in range(100)])

    answer(server, "/lever/endless", endless)
    server.set("/lever/same", [lever_job(f"s{i}", f"Same {i}") for i in range(100)])
    server.set("/gh/acme", gh_board(gh_job(1, "Fine")))
    sqlite_cli.write_config(
        {
            "sources": [
                {"name": "endless", "kind": "lever", "board": "e", "timeout": "3s",
                 "url": server.base + "/lever/endless"},
                {"name": "same", "kind": "lever", "board": "s",
                 "url": server.base + "/lever/same"},
                gh_source(server),
            ]
        }
    )  # fmt: skip
    result = summary(sqlite_cli("check", "--json", timeout=60))
    assert result["endless"]["status"] == "failed"
    assert result["endless"]["error"].startswith("timed out after 3s")
    assert result["same"]["status"] == "partial"  # a board that ignores `skip` is caught
    assert "Lever repeated earlier postings at skip=100" in result["same"]["error"]
    assert result["acme"]["status"] == "complete"


def test_a_catastrophic_regex_cannot_hang_a_crawl(sqlite_cli: Any, server: Any) -> None:
    server.set("/gh/acme", gh_board(gh_job(1, "a" * 41 + "!"), gh_job(2, "aaa")))
    server.set("/gh/other", gh_board(gh_job(3, "Fine")))
    sqlite_cli.write_config(
        {"sources": [gh_source(server, include={"title": "(a+)+$"}), gh_source(server, "other")]}
    )
    result = summary(sqlite_cli("check", "--json", timeout=60))
    assert result["acme"]["open"] == 1 and result["other"]["open"] == 1


def test_a_regex_that_cannot_be_bounded_is_a_config_error(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config({"sources": [gh_source(server, exclude={"title": r"(a)\1"})]})
    result = sqlite_cli("check")
    assert result.code == 2
    assert "sources[0].exclude.title: '(a)\\\\1' cannot be matched in bounded time" in result.err
    assert "Traceback" not in result.err


def test_killing_check_leaves_no_worker_or_store_process_behind(
    sqlite_cli: Any, server: Any
) -> None:
    for n in range(60):  # enough sources, and a first cycle: worker processes start
        server.set(f"/gh/s{n}", gh_board(gh_job(n, f"Role {n}")), delay=20 if n == 0 else 0)
    sqlite_cli.write_config({"sources": [gh_source(server, f"s{n}") for n in range(60)]})
    cmd = [sys.executable, "-m", "monitor", "--config", str(sqlite_cli.config), "--db",
           sqlite_cli.db, "check", "--json"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children: list[psutil.Process] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (server.hits("/gh/s0") and children):
            children = psutil.Process(proc.pid).children(recursive=True)
            time.sleep(0.05)
        assert children, "no worker process started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
    finally:
        if proc.poll() is None:
            proc.kill()


def test_gzip_429_with_retry_after_and_empty_bodies(sqlite_cli: Any, server: Any) -> None:
    server.set("/gh/acme", gh_board(gh_job(1, "Role")), gzip=True,
               before=[(429, {"Retry-After": "1"})])  # fmt: skip
    server.set("/gh/empty", b"", headers={"Content-Type": "application/json"})
    sqlite_cli.write_config({"sources": [gh_source(server), gh_source(server, "empty")]})
    result = summary(sqlite_cli("check", "--json"))
    assert result["acme"]["status"] == "complete" and result["acme"]["open"] == 1
    assert result["empty"]["status"] == "failed" and not result["empty"]["baseline"]
    assert "expected JSON" in result["empty"]["error"]


def test_the_field_limits_table_matches_the_code() -> None:
    """The limits are documented in monitor/limits.py's docstring; README points there."""
    from monitor import limits

    doc = limits.__doc__ or ""
    assert f"| external id | {limits.ID_MAX} characters" in doc
    assert f"| description | {limits.DESCRIPTION_MAX:,} characters" in doc
    assert Path(limits.__file__).name in (Path(__file__).parents[1] / "README.md").read_text()
