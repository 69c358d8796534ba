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
