"""Alerts are safe: scraped text arrives inert in every format, and secrets are never shown."""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown_it import MarkdownIt
from sqlalchemy import Engine

from monitor.config import Config, parse_config
from monitor.notify import deliver, outbox_status, send_test
from monitor.notify.services import redact, resolve
from tests.notify_receivers import T0, HttpReceiver, Outbox, SmtpReceiver, free_port, new_engine

SOURCES = [{"name": "stripe", "kind": "greenhouse", "board": "stripe", "tags": ["eng"]}]
EVIL = (
    "<script>alert(1)</script> [x](http://evil.example/a) ![i](http://evil.example/i.png) "
    "@everyone <!channel> <@U024BE7LH> #general \x07\x1b[2J\u202eesrever **bold**"
)


@pytest.fixture()
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = new_engine(f"sqlite:///{tmp_path / 'rolewatch.db'}")
    yield engine
    engine.dispose()


@pytest.fixture()
def receiver() -> Iterator[HttpReceiver]:
    server = HttpReceiver().start()
    yield server
    server.stop()


def config_for(*targets: dict[str, Any]) -> Config:
    return parse_config({"notify": list(targets), "sources": SOURCES})


class Tags(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_inert_html(html: str) -> None:
    tags = tags_of(html)
    names = {name for name, _ in tags}
    assert not names & {"script", "img", "iframe", "object", "style"}, names
    for name, attrs in tags:
        assert not any(k.startswith("on") for k in attrs), (name, attrs)
        if name == "a":
            assert (attrs.get("href") or "").startswith("https://jobs.example.com/"), attrs


def assert_no_controls(text: str) -> None:
    bad = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n"]
    assert not bad, bad
    assert "\u202e" not in text


def add_evil(box: Outbox) -> None:
    box.change("stripe", "new", title=EVIL)
    box.change(
        "stripe",
        "title_changed",
        title=EVIL,
        before=EVIL,
        after=EVIL,
        url="javascript:alert(document.cookie)",
    )
    box.change(
        "stripe",
        "pay_changed",
        title="Pay",
        before=[
            {
                "min": 1,
                "max": 2,
                "currency": "<b>USD</b>",
                "period": "year",
                "scope": "[z](http://evil.example)",
                "kind": None,
            }
        ],
        after=[
            {
                "min": 3,
                "max": 4,
                "currency": "<b>USD</b>",
                "period": "year",
                "scope": "[z](http://evil.example)",
                "kind": None,
            }
        ],
    )
    box.change("stripe", "source_failing", after={"error": EVIL, "failures": 3})


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_scraped_text_arrives_inert(engine: Engine, receiver: HttpReceiver, fmt: str) -> None:
    # json:// passes each format through untouched, so this is exactly what a service gets
    config = config_for({"url": receiver.url(query=f"format={fmt}"), "format": fmt})
    add_evil(Outbox(engine, config))
    assert deliver(engine, config, now=T0).sent == 1
    [message] = receiver.messages()
    body, title = message["message"], message["title"]
    for text in (body, title):
        assert_no_controls(text)
        for ping in ("@everyone", "<!channel>", "<@U024BE7LH>", "#general"):
            assert ping not in text
        assert "http://evil" not in text  # not even a bare URL for an autolinker
    if fmt == "html":
        assert_inert_html(body)
        assert "&lt;script&gt;" in body
    elif fmt == "markdown":
        for rendered in (
            markdown.markdown(body),
            MarkdownIt("commonmark").render(body),
            MarkdownIt("gfm-like", {"linkify": False}).render(body),
        ):
            assert_inert_html(rendered)
            assert "evil.example" not in "".join(
                str(a.get("href")) + str(a.get("src")) for _, a in tags_of(rendered)
            )
        # the text is still there to read, just inert
        assert "script" in MarkdownIt("commonmark").render(body)
    else:
        assert "<script>alert(1)</script>" in body  # plain text is plain text
    assert "javascript:" not in body.replace("javascript：", "")


def test_inert_in_email_html(engine: Engine) -> None:
    smtp = SmtpReceiver().start()
    try:
        config = config_for({"url": smtp.url(), "format": "html"})
        add_evil(Outbox(engine, config))
        assert deliver(engine, config, now=T0).sent == 1
        [mail] = smtp.mails
        html_part = mail.message.get_body(("html",))
        assert html_part is not None
        assert_inert_html(html_part.get_content())
        assert_no_controls(mail.subject)
    finally:
        smtp.stop()


SECRETS = (
    "Sup3rS3cretPw",
    "MailPassw0rd!x",
    "ApiT0kenSecretXyz",
    "An0therSecretOk",
    "B0gusSchemePw",
)


def secret_config(receiver: HttpReceiver, closed: int) -> Config:
    return config_for(
        {"url": f"json://alice:{SECRETS[0]}@127.0.0.1:{closed}/hook"},
        {
            "url": f"mailto://bob:{SECRETS[1].replace('!', '%21')}@127.0.0.1:{closed}"
            "?to=alice@example.com&from=rolewatch@example.com&mode=insecure"
        },
        {"url": f"apprise://127.0.0.1:{closed}/{SECRETS[2]}"},
        {"url": f"json://carol:{SECRETS[3]}@127.0.0.1:{receiver.port}/ok"},
        {"url": f"jsn://dave:{SECRETS[4]}@127.0.0.1:{closed}/typo-in-the-scheme"},
    )


def assert_hidden(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
            assert secret.replace("!", "%21") not in text


def test_secrets_never_shown(
    engine: Engine, receiver: HttpReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    config = secret_config(receiver, free_port())
    box = Outbox(engine, config)
    box.change("stripe", "new", title="A Role")
    reports = [deliver(engine, config, now=T0 + timedelta(minutes=m)) for m in (0, 1, 3)]
    reports.append(send_test(config))
    assert reports[0].failed == 4 and reports[0].sent == 1
    assert all(t.error for t in reports[0].targets if t.failed)
    status = outbox_status(engine, config)
    assert sum(s["pending"] for s in status) == 4 and all(s["target"] for s in status)
    assert any(s["last_error"] for s in status)
    rows = [f"{r.last_error} {r.target} {r.payload}" for r in box.rows()]
    assert "alice:****@127.0.0.1" in json.dumps(status)  # named by Apprise's privacy URL
    assert_hidden(
        caplog.text,
        *(json.dumps(r.as_dict()) for r in reports),
        json.dumps(status),
        *rows,
    )
    assert caplog.text  # there were logs to look at


def test_log_records_are_scrubbed_even_when_a_plugin_leaks(
    receiver: HttpReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = secret_config(receiver, free_port())
    for target in config.notify:
        resolve(target, config)
    leak = logging.getLogger("apprise")
    leak.debug("POST https://api.example/bot%s/send with %s", SECRETS[2], SECRETS[0])
    logging.getLogger("urllib3.connectionpool").debug('"GET /x?pw=%s HTTP/1.1"', SECRETS[3])
    assert_hidden(caplog.text)
    assert caplog.text.count("****") >= 3
    assert redact(f"error talking to {SECRETS[1]}") == "error talking to ****"


# -- what each service finally receives: Apprise's own conversion applied to our body ------

SERVICE_URLS = {
    "slack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
    "discord": "discord://1234567890/abcdefgh",
    "telegram": "tgram://123456789:abcdefg_hijklmnop/12345",
}
ROUGH = "R&D Lead *urgent* <b> ||spoiler|| <t:0:R> www.evil.example/login evil.example/x_y @here"


def final_body(service_kind: str, fmt: str) -> tuple[str, str]:
    """(the format sent, the body the service gets) for a digest about a rough title."""
    from monitor.notify.digest import Item, render

    config = config_for({"url": SERVICE_URLS[service_kind], "format": fmt})
    [service] = resolve(config.notify[0], config).services
    form = service.dialect(service.resolve_format(fmt))
    item = Item(id=1, source="stripe", kind="new", when=T0, key="stripe:1", title=ROUGH,
                url="https://jobs.example/1", after={"locations": ["R&D <HQ>"]})  # fmt: skip
    body = render([item], form).body
    from apprise.common import NotifyFormat

    return form.format, service.plugin.dialect_convert(body, NotifyFormat(form.format))


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_slack_gets_text_it_shows_as_written(fmt: str) -> None:
    sent, body = final_body("slack", fmt)
    assert sent == fmt
    assert "R&amp;D Lead" in body and "&amp;amp;" not in body  # one escape: Slack's own
    assert "\\*" not in body and "\\|" not in body  # Slack shows backslashes as they are
    assert "*urgent*" not in body and "_urgent_" not in body  # no emphasis from a board
    assert "<b>" not in body and "<t:" not in body and "<!" not in body
    assert "www.evil.example" not in body and "evil.example/x" not in body
    assert "@here" not in body


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_discord_gets_no_entities_spoilers_or_timestamps(fmt: str) -> None:
    _, body = final_body("discord", fmt)
    assert "&amp;" not in body and "&lt;" not in body  # Discord shows entities as they are
    assert "R&D Lead" in body
    assert "\\|\\|spoiler\\|\\|" in body  # Discord reads escaped pipes as pipes
    assert "||" not in body.replace("\\|", "")  # and no unescaped pair makes a spoiler
    assert "<t:0:R>" not in body and "<@" not in body
    assert "www.evil.example" not in body


def test_telegram_gets_html_it_renders() -> None:
    sent, body = final_body("telegram", "markdown")
    assert sent == "html"
    assert "R&amp;D Lead" in body and "&amp;amp;" not in body  # an HTML entity, read as &
    assert "&lt;b&gt;" in body and "<b>urgent" not in body
    assert "www.evil.example" not in body
