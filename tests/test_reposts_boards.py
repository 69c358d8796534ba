"""Reposts end to end: fixture boards on the local server, the real `rolewatch` command, on
SQLite and PostgreSQL; the digest, `changes`, `history` and `postings` as a user reads them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.boards import gh_board, gh_job, gh_pay
from tests.notify_receivers import HttpReceiver, wait_for


@pytest.fixture()
def receiver() -> Iterator[HttpReceiver]:
    server = HttpReceiver().start()
    yield server
    server.stop()


def setup(cli: Any, server: Any, receiver: HttpReceiver) -> None:
    cli.write_config(
        {
            "notify": [{"url": receiver.url()}],
            "defaults": {"removal_grace": 1},
            "sources": [
                {"name": "acme", "kind": "greenhouse", "board": "acme",
                 "url": server.base + "/gh/reposts"},
            ],
        }
    )  # fmt: skip


def test_a_role_closed_and_posted_again_is_one_role_reposted(
    cli: Any, server: Any, receiver: HttpReceiver
) -> None:
    setup(cli, server, receiver)
    role = gh_job(11, "Senior Data Engineer (R1234)", location="Austin, TX",
                  pay=[gh_pay(150000, 190000)])  # fmt: skip
    other = gh_job(12, "Designer", location="Austin, TX")
    server.set("/gh/reposts", gh_board(role, other))
    assert cli("check").code == 0  # the baseline
    server.set("/gh/reposts", gh_board(other))
    assert cli("check").code == 0  # the role closes
    again = gh_job(31, "Sr. Data Engineer", location="Austin, Texas",
                   pay=[gh_pay(155000, 195000)])  # fmt: skip
    server.set("/gh/reposts", gh_board(other, again))
    assert cli("check").code == 0

    found = cli("changes", "--json").json()
    assert sorted(c["kind"] for c in found) == ["pay_changed", "removed", "reposted"]
    repost = next(c for c in found if c["kind"] == "reposted")
    assert (repost["key"], repost["before"]["key"]) == ("acme:31", "acme:11")
    posted = {p["key"]: p for p in cli("postings", "--json").json()}
    assert posted["acme:31"]["reposted_from"] == "acme:11"
    for key in ("acme:11", "acme:31"):
        text = cli("history", key).out
        assert "acme:11" in text and "acme:31" in text  # either key shows both
    assert wait_for(lambda: len(receiver.messages()) == 3)
    digest = receiver.messages()[-1]["message"]
    assert "reposted (first posted 15 Sep" in digest  # the removed posting's board date


def test_the_same_title_elsewhere_is_a_new_role(
    cli: Any, server: Any, receiver: HttpReceiver
) -> None:
    setup(cli, server, receiver)
    role = gh_job(11, "Senior Data Engineer", location="Austin, TX")
    other = gh_job(12, "Designer", location="Austin, TX")
    server.set("/gh/reposts", gh_board(role, other))
    assert cli("check").code == 0
    server.set("/gh/reposts", gh_board(other))
    assert cli("check").code == 0
    elsewhere = gh_job(31, "Senior Data Engineer", location="Dublin, Ireland")
    server.set("/gh/reposts", gh_board(other, elsewhere))
    assert cli("check").code == 0
    kinds = [c["kind"] for c in cli("changes", "--json").json()]
    assert sorted(kinds) == ["new", "removed"]
    posted = {p["key"]: p for p in cli("postings", "--json").json()}
    assert posted["acme:31"]["reposted_from"] is None
