"""Delivering the outbox through real transports: HTTP (json://, enigma2://), SMTP, MQTT.

The core outbox tests run on SQLite and on PostgreSQL (a database of this session's own).
Time is simulated with `now=`: nothing here sleeps for backoff.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from monitor.config import Config, NotifyTarget, parse_config
from monitor.notify import deliver, outbox_status, send_test
from monitor.routing import target_id
from monitor.store import outbox as outbox_module
from monitor.store.db import make_engine
from monitor.store.outbox import GONE, MAX_ATTEMPTS, next_due
from tests.notify_receivers import (
    T0,
    HttpReceiver,
    MqttListener,
    Outbox,
    SmtpReceiver,
    new_engine,
    wait_for,
)

SOURCES = [
    {"name": "stripe", "kind": "greenhouse", "board": "stripe", "tags": ["eng"]},
    {"name": "ramp", "kind": "ashby", "board": "ramp", "tags": ["eng", "fin"]},
    {"name": "acme", "kind": "lever", "board": "acme", "tags": ["sales"]},
]


@pytest.fixture()
def store_url(db_url: str) -> str:
    """A fresh, empty store on SQLite and on PostgreSQL (conftest's `db_url`)."""
    return db_url


@pytest.fixture()
def engine(store_url: str) -> Iterator[Engine]:
    engine = new_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def receiver() -> Iterator[HttpReceiver]:
    server = HttpReceiver().start()
    yield server
    server.stop()


def config_for(*targets: dict[str, Any], path: Path | None = None) -> Config:
    return parse_config({"notify": list(targets), "sources": SOURCES}, path)


def titles_in(messages: list[dict[str, Any]], names: list[str]) -> dict[str, int]:
    """How many messages mention each role title."""
    return {n: sum(n in m["message"] for m in messages) for n in names}


def test_one_digest_per_target_per_cycle(engine: Engine, receiver: HttpReceiver) -> None:
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    box.change("stripe", "new", title="Backend Engineer")
    box.change("ramp", "new", title="Data Scientist", when=T0 + timedelta(minutes=1))
    box.change(
        "stripe",
        "pay_changed",
        title="Staff Engineer",
        before=[{"min": 143200, "max": 284000, "currency": "USD", "period": "year"}],
        after=[{"min": 150000, "max": 290000, "currency": "USD", "period": "year"}],
    )
    report = deliver(engine, config, now=T0 + timedelta(minutes=1))
    assert (report.sent, report.delivered_alerts, report.failed) == (1, 3, 0)
    [message] = receiver.messages()
    assert message["title"] == "rolewatch: 2 new roles, 1 pay change (ramp, stripe)"
    body = message["message"]
    assert "Backend Engineer" in body and "Data Scientist" in body
    assert "$143,200–$284,000 → $150,000–$290,000 USD/yr" in body
    assert "https://jobs.example.com/stripe/1" in body
    assert body.index("== ramp ==") < body.index("== stripe ==")  # newest source first
    assert box.statuses() == {"sent": 3}

    assert deliver(engine, config, now=T0 + timedelta(minutes=5)).sent == 0
    box.change(
        "acme",
        "removed",
        title="Account Executive",
        when=T0 + timedelta(minutes=6),
        before={"title": "Account Executive", "locations": ["Remote"]},
    )
    report = deliver(engine, config, now=T0 + timedelta(minutes=6))
    assert (report.sent, report.delivered_alerts) == (1, 1)
    last = receiver.messages()[-1]
    assert last["title"] == "rolewatch: 1 closed role (acme)"
    assert "Backend Engineer" not in last["message"]
    assert next_due(engine) is None


def test_target_down_two_cycles_gets_everything_once_back(
    engine: Engine, receiver: HttpReceiver
) -> None:
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    minute = timedelta(minutes=1)
    names: list[str] = []

    def cycle(at: timedelta, new: str | None) -> Any:
        if new:
            names.append(new)
            box.change("stripe", "new", title=new, when=T0 + at)
        return deliver(engine, config, now=T0 + at)

    receiver.status = 500  # cycle 1: the service answers with an error
    report = cycle(0 * minute, "Role Alpha")
    assert (report.sent, report.failed) == (0, 1)
    assert "500" in (report.targets[0].error or "") or report.targets[0].error
    assert next_due(engine) == T0 + minute
    receiver.stop()  # cycle 2: nothing listens
    report = cycle(10 * minute, "Role Beta")
    assert (report.sent, report.failed) == (0, 1)
    assert box.statuses() == {"pending": 2}

    receiver.start()  # back, on the same port
    receiver.status = 200
    before = len(receiver.messages())
    report = cycle(20 * minute, "Role Gamma")
    assert (report.sent, report.delivered_alerts) == (1, 3)
    for at, new in ((30, None), (40, "Role Delta"), (50, None)):
        cycle(at * minute, new)
    delivered = receiver.messages()[before:]
    assert len(delivered) == 2
    assert titles_in(delivered, names) == dict.fromkeys(names, 1)
    assert box.statuses() == {"sent": 4}


def test_backoff_then_dead_after_the_cap(engine: Engine, receiver: HttpReceiver) -> None:
    receiver.stop()
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    box.change("stripe", "new", title="Never Delivered")
    at = T0
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = deliver(engine, config, now=at)
        assert report.failed == 1
        due = next_due(engine)
        if attempt < MAX_ATTEMPTS:
            assert report.dead == 0 and due is not None
            waits.append(due - at)
            at = due
        else:
            assert report.dead == 1 and due is None
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(waits) == timedelta(hours=6)
    [row] = box.rows()
    assert (row.status, row.attempts) == ("dead", MAX_ATTEMPTS)
    assert "127.0.0.1" in (row.last_error or "")
    [status] = outbox_status(engine, config)
    assert (status["pending"], status["dead"], status["sent"]) == (0, 1, 0)
    assert status["last_error"]
    # a dead row is never sent again, even when the target comes back
    receiver.start()
    assert deliver(engine, config, now=at + timedelta(days=1)).sent == 0


def test_rows_of_removed_targets_go_dead_with_a_reason(
    engine: Engine, receiver: HttpReceiver
) -> None:
    config = config_for({"url": receiver.url()})
    gone = NotifyTarget(url="json://old.example/hook")
    box = Outbox(engine, config)
    box.change("stripe", "new", title="For The Old Target", targets=[gone])
    report = deliver(engine, config, now=T0)
    assert (report.dead, report.sent) == (1, 0)
    [row] = box.rows()
    assert (row.status, row.last_error) == ("dead", GONE)
    statuses = outbox_status(engine, config)
    orphan = [s for s in statuses if not s["in_config"]]
    assert orphan and orphan[0]["id"] == target_id(gone) and orphan[0]["dead"] == 1
    assert "old.example" not in str(statuses)


def test_routing_by_tags_and_kinds(engine: Engine, receiver: HttpReceiver) -> None:
    config = config_for(
        {"url": receiver.url(path="/fin"), "on": ["new"], "tags": ["fin"]},
        {"url": receiver.url(path="/all")},
    )
    box = Outbox(engine, config)
    box.baseline("ramp", 212)
    box.change("stripe", "new", title="Stripe Role")
    box.change("ramp", "new", title="Ramp Role")
    box.change("ramp", "pay_changed", title="Ramp Pay", before=[], after=[])
    box.change("ramp", "description_changed", title="Ramp Text")
    box.change("acme", "removed", title="Acme Gone", before={"title": "Acme Gone"})
    report = deliver(engine, config, now=T0)
    assert report.sent == 2
    [fin] = receiver.messages("/fin")
    [every] = receiver.messages("/all")
    assert "Ramp Role" in fin["message"] and "now watching ramp: 212 open roles" in fin["message"]
    for name in ("Stripe Role", "Ramp Pay", "Ramp Text", "Acme Gone"):
        assert name not in fin["message"]
    for name in ("Stripe Role", "Ramp Role", "Ramp Pay", "Acme Gone"):
        assert name in every["message"]
    assert "Ramp Text" not in every["message"]  # description_changed is off by default


def test_a_crash_after_sending_costs_at_most_one_repeat(
    engine: Engine, receiver: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    box.change("stripe", "new", title="Sent Then Crashed")

    def crash(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("killed between sending and recording")

    with monkeypatch.context() as patch:
        patch.setattr(outbox_module, "mark_delivered", crash)
        with pytest.raises(RuntimeError):
            deliver(engine, config, now=T0)
    assert len(receiver.messages()) == 1
    assert box.statuses() == {"sending": 1}
    # still held: a second deliverer must not take it while the first might be sending
    assert deliver(engine, config, now=T0 + timedelta(minutes=2)).sent == 0
    due = next_due(engine)
    assert due is not None and due > T0 + timedelta(minutes=2)
    report = deliver(engine, config, now=due)
    assert (report.sent, report.delivered_alerts) == (1, 1)
    for minutes in (30, 60, 90):
        deliver(engine, config, now=due + timedelta(minutes=minutes))
    assert len(receiver.messages()) == 2  # the one repeat, and no more
    assert box.statuses() == {"sent": 1}


def test_concurrent_deliverers_never_send_the_same_rows(
    store_url: str, engine: Engine, receiver: HttpReceiver
) -> None:
    targets = [{"url": receiver.url(path=f"/t{i}")} for i in range(6)]
    config = config_for(*targets)
    box = Outbox(engine, config)
    for i in range(5):
        box.change("stripe", "new", title=f"Concurrent Role {i}")
    receiver.delay = 0.15
    engines = [make_engine(store_url) for _ in range(3)]
    barrier = threading.Barrier(len(engines))
    reports: list[Any] = []
    errors: list[BaseException] = []

    def run(own: Engine) -> None:
        try:
            barrier.wait()
            reports.append(deliver(own, config, now=T0))
        except BaseException as exc:  # the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for own in engines:
        own.dispose()
    assert not errors
    assert sum(r.sent for r in reports) == 6
    assert sum(r.delivered_alerts for r in reports) == 30
    for i in range(6):
        assert len(receiver.messages(f"/t{i}")) == 1
    assert box.statuses() == {"sent": 30}


def test_apprise_config_files_are_tracked_per_service(engine: Engine, tmp_path: Path) -> None:
    first, second = HttpReceiver().start(), HttpReceiver().start()
    try:
        (tmp_path / "team.yaml").write_text(
            f"urls:\n  - {first.url(path='/a')}\n  - {second.url(path='/b')}\n"
        )
        (tmp_path / "solo.txt").write_text(f"# one URL a line\n{first.url(path='/c')}\n")
        config = config_for(
            {"config": "team.yaml"},
            {"config": str(tmp_path / "solo.txt")},
            path=tmp_path / "rolewatch.yaml",
        )
        box = Outbox(engine, config)
        box.change("stripe", "new", title="Config File Role")
        second.status = 500
        report = deliver(engine, config, now=T0)
        assert (report.sent, report.failed) == (2, 1)
        assert len(first.messages("/a")) == 1 and len(first.messages("/c")) == 1
        assert box.statuses() == {"pending": 1, "sent": 1}
        second.status = 200
        report = deliver(engine, config, now=T0 + timedelta(minutes=1))
        assert (report.sent, report.delivered_alerts) == (1, 1)
        assert len(second.messages("/b")) == 2  # the one answered with 500, then this one
        assert len(first.messages("/a")) == 1  # no repeat for the service that had it
        assert box.statuses() == {"sent": 2}
    finally:
        first.stop()
        second.stop()


def test_missing_config_file_is_a_failure_not_a_crash(engine: Engine, tmp_path: Path) -> None:
    config = config_for({"config": str(tmp_path / "absent.yaml")})
    Outbox(engine, config).change("stripe", "new", title="X")
    report = deliver(engine, config, now=T0)
    assert report.failed == 1 and report.targets[0].error
    assert "not found" in (report.targets[0].error or "")
    assert Outbox(engine, config).statuses() == {"pending": 1}


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_mailto_through_smtp(engine: Engine, fmt: str) -> None:
    smtp = SmtpReceiver().start()
    try:
        config = config_for({"url": smtp.url(), "format": fmt})
        box = Outbox(engine, config)
        box.change("ramp", "new", title="Payments Engineer")
        box.change(
            "ramp",
            "office_changed",
            title="Ops Lead",
            before={"mode": "hybrid", "min_office_pct": 50},
            after={"mode": "hybrid", "min_office_pct": 60},
        )
        report = deliver(engine, config, now=T0)
        assert report.sent == 1, report.as_dict()
        assert wait_for(lambda: len(smtp.mails) == 1)
        [mail] = smtp.mails
        assert mail.recipients == ["alice@example.com"]
        assert mail.subject == "rolewatch: 1 new role, 1 office-terms change (ramp)"
        assert smtp.logins == [("rolewatch", "pw")]
        body = mail.text()
        assert "Payments Engineer" in body and "office: 50% → 60%" in body
        if fmt == "html":
            html_part = mail.message.get_body(("html",))
            assert html_part is not None
            assert '<a href="https://jobs.example.com/ramp/1">' in html_part.get_content()
        # the plain-text part has the links too, an HTML mail's included
        assert "https://jobs.example.com/ramp/1" in body
    finally:
        smtp.stop()


def test_mqtt_message_arrives(engine: Engine) -> None:
    topic = f"rolewatch/test/{uuid.uuid4().hex[:8]}"
    try:
        listener = MqttListener(topic)
    except (OSError, RuntimeError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no MQTT broker on 127.0.0.1:1883: {exc}")
    try:
        config = config_for({"url": f"mqtt://127.0.0.1:1883/{topic}"})
        Outbox(engine, config).change("stripe", "new", title="MQTT Role")
        report = deliver(engine, config, now=T0)
        assert report.sent == 1, report.as_dict()
        assert wait_for(lambda: len(listener.messages) == 1)
        [message] = listener.messages
        assert "rolewatch: 1 new role (stripe)" in message and "MQTT Role" in message
    finally:
        listener.stop()


def test_long_digest_says_and_n_more_within_the_services_limit(
    engine: Engine, receiver: HttpReceiver
) -> None:
    # enigma2 (a TV box) takes 1000 characters, title included: Apprise's own body_maxlen
    config = config_for({"url": receiver.url("enigma2", path="")})
    box = Outbox(engine, config)
    for i in range(60):
        box.change(
            "stripe",
            "new",
            title=f"Senior Software Engineer, Team {i:02d}",
            when=T0 + timedelta(seconds=i),
        )
    report = deliver(engine, config, now=T0 + timedelta(minutes=1))
    assert (report.sent, report.delivered_alerts) == (1, 60)
    [request] = receiver.posts("/api/message")
    sent = request.query["text"][0]
    assert len(sent) <= 1000
    assert sent.startswith("rolewatch: 60 new roles (stripe)")
    assert "Team 59" in sent and "Team 00" not in sent  # newest first
    shown = sent.count("• ")
    assert f"…and {60 - shown} more" in sent


def test_send_test_reaches_every_target(receiver: HttpReceiver) -> None:
    config = config_for(
        {"url": receiver.url(path="/a")}, {"url": receiver.url(path="/b"), "format": "markdown"}
    )
    report = send_test(config)
    assert (report.sent, report.failed) == (2, 0)
    assert [m["title"] for m in receiver.messages()] == ["rolewatch: test message"] * 2
    receiver.stop()
    report = send_test(config)
    assert (report.sent, report.failed) == (0, 2)
    assert all(t.error for t in report.targets)


def test_status_and_next_due(engine: Engine, receiver: HttpReceiver) -> None:
    config = config_for({"url": receiver.url(), "name": "team chat"})
    assert next_due(engine) is None
    box = Outbox(engine, config)
    box.change("stripe", "new", title="Due Role", when=T0 + timedelta(minutes=3))
    assert next_due(engine) == T0 + timedelta(minutes=3)
    [status] = outbox_status(engine, config)
    assert status["target"] == "team chat" and status["pending"] == 1
    assert status["next_attempt"] == "2026-03-02T09:03:00Z"
    deliver(engine, config, now=T0 + timedelta(minutes=3))
    [status] = outbox_status(engine, config)
    assert (status["pending"], status["sent"], status["dead"]) == (0, 1, 0)
    assert status["last_sent_at"] == "2026-03-02T09:03:00Z"


def test_a_service_dropped_from_a_config_file_is_not_waited_for(
    engine: Engine, receiver: HttpReceiver, tmp_path: Path
) -> None:
    other = HttpReceiver().start()
    try:
        team = tmp_path / "team.txt"
        team.write_text(f"{receiver.url(path='/a')}\n{other.url(path='/b')}\n")
        config = config_for({"config": str(team)})
        box = Outbox(engine, config)
        box.change("stripe", "new", title="Half Delivered")
        other.status = 500
        report = deliver(engine, config, now=T0)
        assert (report.sent, report.failed) == (1, 1)
        assert box.statuses() == {"pending": 1}
        team.write_text(f"{receiver.url(path='/a')}\n")  # the failing service is removed
        report = deliver(engine, config, now=T0 + timedelta(minutes=5))
        assert (report.sent, report.delivered_alerts, report.failed) == (0, 1, 0)
        assert len(receiver.messages("/a")) == 1
        assert box.statuses() == {"sent": 1}
    finally:
        other.stop()


def test_form_post(engine: Engine, receiver: HttpReceiver) -> None:
    config = config_for({"url": receiver.url("form", path="/form")})
    Outbox(engine, config).change("acme", "new", title="Form Role")
    assert deliver(engine, config, now=T0).sent == 1
    [request] = receiver.posts("/form")
    form = request.form()
    assert form["title"] == ["rolewatch: 1 new role (acme)"]
    assert "Form Role" in form["message"][0]


def test_a_failed_alert_waits_for_its_backoff_whatever_else_is_due(
    engine: Engine, receiver: HttpReceiver
) -> None:
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    receiver.status = 500
    box.change("stripe", "new", title="Role Alpha", when=T0)
    assert deliver(engine, config, now=T0).failed == 1  # Alpha backs off for a minute
    receiver.status = 200
    box.change("stripe", "new", title="Role Beta", when=T0 + timedelta(seconds=30))
    report = deliver(engine, config, now=T0 + timedelta(seconds=30))
    assert (report.sent, report.delivered_alerts) == (1, 1)
    assert titles_in(receiver.messages()[-1:], ["Role Alpha", "Role Beta"]) == {
        "Role Alpha": 0,
        "Role Beta": 1,
    }
    assert deliver(engine, config, now=T0 + timedelta(minutes=1)).delivered_alerts == 1
    assert box.statuses() == {"sent": 2}


@pytest.mark.slow
def test_a_slow_service_gets_each_alert_once(tmp_path: Path, receiver: HttpReceiver) -> None:
    """It answers after 5 s: Apprise's own 4 s would give up, then send it all again."""
    engine = new_engine(f"sqlite:///{tmp_path / 'rolewatch.db'}")
    receiver.delay = 5.0
    config = config_for({"url": receiver.url()})
    box = Outbox(engine, config)
    for minute in range(2):
        box.change("stripe", "new", title=f"Role {minute}", when=T0 + timedelta(minutes=minute))
        report = deliver(engine, config, now=T0 + timedelta(minutes=minute))
        assert (report.sent, report.failed) == (1, 0), report.targets[0].error
    assert titles_in(receiver.messages(), ["Role 0", "Role 1"]) == {"Role 0": 1, "Role 1": 1}
    engine.dispose()
