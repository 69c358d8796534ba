"""The first hour of a new user (issue 14), through the real CLI where a user would see it.

Tables are read at 80 and 120 columns for the values that matter (pay before → after in
`changes`, whole titles in `postings`); a key shown shortened is one `history` takes; detect
says what it saw; a dry run keeps nothing yet says exactly what a real run then records;
suppressed alerts are never sent; sources that left the config are unwatched.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import update

from monitor.cli import build_parser, main
from monitor.config import (
    KINDS,
    Config,
    ConfigError,
    NotifyTarget,
    Source,
    load_config,
    parse_config,
)
from monitor.configdoc import render
from monitor.notify import check_targets
from monitor.notify.digest import Item, line
from monitor.notify.markup import render_parts
from monitor.store.db import make_engine
from monitor.store.models import AlertRow
from monitor.tables import Column, short_keys, table
from spiders.base import not_found_hint
from tests.boards import gh_board, gh_job, gh_pay, lever_job
from tests.boards_more import HTML, ld_job, page
from tests.conftest import ROOT
from tests.notify_receivers import HttpReceiver, wait_for
from tests.test_cli import _commands

REALDATA = ROOT.parent / "shared" / "realdata"
WIDTHS = (80, 120)
UUID = "5ac21346-8e0c-4494-8e7a-3eb92ff77902"
LONG_TITLE = "Senior Staff Software Engineer, Distributed Storage Infrastructure (Platform)"


@pytest.fixture()
def receiver() -> Any:
    server = HttpReceiver().start()
    yield server
    server.stop()


def at(cli: Any, width: int, *args: str) -> Any:
    """The command's output on a terminal `width` columns wide."""
    return cli(*args, env={"COLUMNS": str(width)})


def fits(text: str, width: int) -> bool:
    return all(len(line) <= width for line in text.splitlines())


def unwrapped(text: str) -> str:
    """Text with its wrapping undone: every run of spaces and line breaks is one space."""
    return " ".join(text.split())


def column(text: str, header: str) -> list[str]:
    """A table's cells under `header`, each with its wrapped lines joined again (a row starts
    where the first column has a value)."""
    lines = text.splitlines()
    heads = list(re.finditer(r"\S+(?: \S+)*", lines[0]))
    spans = [(m.start(), heads[i + 1].start() if i + 1 < len(heads) else None)
             for i, m in enumerate(heads)]  # fmt: skip
    start, end = spans[[m.group() for m in heads].index(header)]
    cells: list[str] = []
    for row in lines[1:]:
        if not row.strip():
            break
        part = row[start:end].strip()
        if row[: spans[0][1]].strip() or not cells:
            cells.append(part)
        elif part:
            cells[-1] += " " + part
    return cells


def two_boards(server: Any, *, raise_pay: bool = False) -> None:
    bump = 10_000 if raise_pay else 0
    server.set("/gh/acme", gh_board(
        gh_job(1, LONG_TITLE, location="New York, NY",
               pay=[gh_pay(150_000 + bump, 190_000 + bump)]),
        gh_job(2, "Designer", location="Bucharest"),
    ))  # fmt: skip
    salary = {"min": 120_000 + bump, "max": 160_000 + bump, "currency": "USD",
              "interval": "per-year-salary"}  # fmt: skip
    server.set("/lever/hinge", [
        lever_job(UUID, "Android Engineer", salary=salary),
        lever_job("5ac21346-0000-4494-8e7a-000000000001", "iOS Engineer"),
    ])  # fmt: skip


def sources(server: Any) -> list[dict[str, Any]]:
    return [
        {"name": "acme", "kind": "greenhouse", "board": "acme", "url": server.base + "/gh/acme"},
        {"name": "hinge", "kind": "lever", "board": "hinge", "url": server.base + "/lever/hinge"},
    ]


# -- 1. tables that fit, keys that history takes -------------------------------------------------


def test_tables_fit_80_and_120_columns_and_show_what_matters(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config({"sources": sources(server)})
    two_boards(server)
    assert sqlite_cli("check").code == 0
    two_boards(server, raise_pay=True)
    assert sqlite_cli("check").code == 0
    for width in WIDTHS:
        changes = at(sqlite_cli, width, "changes", "--kind", "pay_changed")
        assert changes.code == 0 and fits(changes.out, width), changes.out
        text = column(changes.out, "WHAT")
        # the pay, before → after, always: never cut for the key's sake
        assert f"{LONG_TITLE}: $150,000–$190,000 USD/yr → $160,000–$200,000 USD/yr" in text
        assert "Android Engineer: $120,000–$160,000 USD/yr → $130,000–$170,000 USD/yr" in text
        postings = at(sqlite_cli, width, "postings")
        assert postings.code == 0 and fits(postings.out, width), postings.out
        assert f"{LONG_TITLE} (New York, NY)" in column(postings.out, "TITLE")  # whole
        assert "$160,000–$200,000 USD/yr" in column(postings.out, "PAY")
    # at 120 the keys are whole; at 80 the long one is a unique suffix, which history takes
    wide = at(sqlite_cli, 120, "postings").out
    assert f"hinge:{UUID}" in wide
    narrow = at(sqlite_cli, 80, "postings").out
    shown = re.search(r"hinge:…\S+", narrow)
    assert shown and f"hinge:{UUID}" not in narrow
    for key in (shown.group(), f"hinge:{UUID[:13]}", UUID[-12:]):
        found = sqlite_cli("history", key, "--json")
        assert found.code == 0, (key, found.err)
        assert found.json()["posting"]["key"] == f"hinge:{UUID}"
    assert sqlite_cli("history", "1", "--json").json()["posting"]["key"] == "acme:1"  # an id
    ambiguous = sqlite_cli("history", "hinge:5ac21346")
    assert ambiguous.code == 2 and "matches several postings" in ambiguous.err
    assert "hinge:5ac21346-0000" in ambiguous.err and "Traceback" not in ambiguous.err


def test_real_boards_fit_the_terminal(sqlite_cli: Any, server: Any) -> None:
    if not REALDATA.is_dir():
        pytest.skip(f"no real board data at {REALDATA} (../shared/realdata beside the checkout)")
    greenhouse = json.loads((REALDATA / "greenhouse.json").read_text())
    lever = json.loads((REALDATA / "lever.json").read_text())
    server.set("/real/gh", greenhouse)
    server.set("/real/lever", lever)
    sqlite_cli.write_config({"sources": [
        {"name": "gh", "kind": "greenhouse", "board": "gh", "url": server.base + "/real/gh"},
        {"name": "lv", "kind": "lever", "board": "lv", "url": server.base + "/real/lever"},
    ]})  # fmt: skip
    assert sqlite_cli("check").code == 0
    titles = [j["title"] for j in greenhouse["jobs"]] + [j["text"] for j in lever]
    for width in WIDTHS:
        out = at(sqlite_cli, width, "postings").out
        assert fits(out, width), out
        shown = column(out, "TITLE")
        for title in titles:
            assert any(cell.startswith(" ".join(title.split())) for cell in shown), title
    keys = re.findall(r"lv:\S+", at(sqlite_cli, 80, "postings").out)
    assert keys
    for key in keys:  # shortened or whole, every key shown is one history takes
        assert sqlite_cli("history", key, "--json").json()["posting"]["source"] == "lv"


def test_short_keys_are_unique_suffixes() -> None:
    ids = [f"/job/Remote/Engineer_{n}" for n in ("R-100", "R-200", "JR-100")]
    if REALDATA.is_dir():  # real Workday paths, which are what made keys too wide
        real = json.loads((REALDATA / "workday_list.json").read_text())["jobPostings"]
        ids += [job["externalPath"] for job in real]
    keys = [f"acme:{i}" for i in ids]
    short = short_keys(keys)
    for key, shown in short.items():
        suffix = shown.split("…", 1)[1] if "…" in shown else shown.split(":", 1)[1]
        assert key.endswith(suffix) and len(shown) < len(key)
        assert [k for k in keys if k.endswith(suffix)] == [key]  # unique
    assert short["acme:/job/Remote/Engineer_R-100"] != short["acme:/job/Remote/Engineer_JR-100"]


def test_a_table_wraps_text_and_drops_keys_before_cutting_anything() -> None:
    rows = [("2026-01-31 09:15", "acme", "pay_changed", "acme:/job/X/Engineer_R-123456",
             "Engineer: $100,000–$120,000 USD/yr → $110,000–$130,000 USD/yr")]  # fmt: skip
    columns = [Column("DETECTED"), Column("SOURCE", beside_key=True), Column("KIND"),
               Column("KEY", key=True, drop=1), Column("WHAT", wrap=True, least=24)]  # fmt: skip
    for width in (60, 80, 120):
        out = table(columns, rows, width=width)
        assert fits(out, width), out
        assert "$100,000–$120,000 USD/yr → $110,000–$130,000 USD/yr" in unwrapped(out)
    assert "KEY" not in table(columns, rows, width=60)  # dropped, and its source shown instead
    assert "acme" in table(columns, rows, width=60)
    assert "acme:/job/X/Engineer_R-123456" in table(columns, rows, width=None)  # piped: whole


# -- 2. detect says what it fetched and found -----------------------------------------------------


def test_detect_says_what_it_fetched_and_found(
    server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    links = "".join(f"<a href='/jobs/{i}'>Role {i}</a>" for i in range(3))
    server.set("/plain", page("Careers", f"<p>We are hiring.</p>{links}"), headers=HTML)
    server.set("/ld", page("Job", "", ld=[ld_job("Engineer")]), headers=HTML)
    assert main(["detect", server.base + "/plain"]) == 1
    out, err = capsys.readouterr()
    assert f"# fetched {server.base}/plain: HTTP 200, text/html" in out
    assert "found: nothing: no known board and no JobPosting JSON-LD" in out
    assert "3 links look like postings" in out and "no board detected" in err
    [suggested] = yaml.safe_load(out)
    assert suggested["kind"] == "page" and suggested["links"] == "a[href*='/jobs/']"
    parse_config({"sources": [suggested]})  # a starting point that is a valid source
    assert main(["detect", server.base + "/missing"]) == 1
    out, _ = capsys.readouterr()
    assert "HTTP 404" in out and "JobPosting" not in out and yaml.safe_load(out) is None
    assert main(["detect", "http://127.0.0.1:9/careers"]) == 1  # nothing listens there
    assert "could not fetch" in capsys.readouterr().out
    assert main(["detect", server.base + "/ld"]) == 0
    out, _ = capsys.readouterr()
    assert "found: JobPosting JSON-LD on the page (1 found)" in out
    assert yaml.safe_load(out)[0]["kind"] == "jsonld"


# -- 3, 4. Apprise URLs checked; suppressed alerts never sent ------------------------------------


def test_an_apprise_url_typo_is_a_config_error_naming_it(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config({
        "notify": [{"url": "slak://T000/B000/s3cr3tXYZ/#jobs"}, {"url": "slack://only-one"},
                   {"config": "missing-apprise.yml"}],
        "sources": sources(server)[:1],
    })  # fmt: skip
    result = sqlite_cli("check")
    assert result.code == 2 and result.out == ""
    assert "notify[0].url: Apprise has no service called slak:// (did you mean slack://?)" in (
        result.err
    )
    assert "notify[1].url: Apprise cannot read this slack:// URL" in result.err
    assert "notify[2].config: no such file" in result.err
    assert "s3cr3tXYZ" not in result.err and "Traceback" not in result.err
    assert server.hits("/gh/acme") == 0  # nothing ran


def test_no_notify_alerts_are_suppressed_and_never_sent(
    sqlite_cli: Any, server: Any, receiver: HttpReceiver
) -> None:
    sqlite_cli.write_config({"notify": [{"url": receiver.url()}], "sources": sources(server)})
    two_boards(server)
    assert sqlite_cli("check", "--no-notify").code == 0
    two_boards(server, raise_pay=True)
    assert sqlite_cli("check", "--no-notify").code == 0
    [status] = sqlite_cli("notify", "status", "--json").json()
    assert (status["suppressed"], status["pending"], status["sent"]) == (4, 0, 0)
    shown = at(sqlite_cli, 80, "notify", "status").out
    assert "SUPPRESSED" in shown and fits(shown, 80)
    assert sqlite_cli("check").code == 0  # a later cycle with nothing new sends nothing
    assert receiver.messages() == []


# -- 5. dry run --------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_tells_what_a_real_run_records(
    cli: Any, server: Any, tmp_path: Path
) -> None:
    cli.write_config({"defaults": {"removal_grace": 1}, "sources": sources(server)[:1]})
    two_boards(server)
    first = cli("check", "--dry-run")
    assert first.code == 0, first.err
    assert "acme: baseline, would watch 2 open roles" in first.out
    assert "acme: would store 2 new postings" in first.out and LONG_TITLE in first.out
    assert "dry run: nothing was written" in first.out
    if cli.db.startswith("sqlite"):
        assert not (tmp_path / "rolewatch.db").exists()  # not even a schema
    assert cli("check").code == 0
    server.set("/gh/acme", gh_board(
        gh_job(1, LONG_TITLE, location="New York, NY", pay=[gh_pay(160_000, 200_000)]),
        gh_job(3, "Data Engineer"),
    ))  # fmt: skip
    dry = cli("check", "--dry-run", "--json")
    assert dry.code == 0 and dry.json()["dry_run"] is True
    preview = dry.json()["sources"][0]["preview"]
    assert cli("changes", "--json").json() == []  # nothing recorded
    assert {p["key"] for p in cli("postings", "--json").json()} == {"acme:1", "acme:2"}
    if cli.db.startswith("sqlite"):  # what it says is the same on either database
        human = at(cli, 80, "check", "--dry-run")
        assert f"would record {len(preview['changes'])} changes" in human.out
        assert fits(human.out, 80), human.out
        assert "$150,000–$190,000 USD/yr → $160,000–$200,000 USD/yr" in unwrapped(human.out)
    real = cli("check", "--json")
    recorded = cli("changes", "--json").json()

    def essence(changes: list[dict[str, Any]]) -> list[tuple[str, ...]]:
        """Each change without the moments it was seen (a second apart, run to run)."""

        def timeless(value: Any) -> str:
            if isinstance(value, dict):
                value = {k: v for k, v in value.items() if k not in ("first_seen", "last_seen")}
            return json.dumps(value, sort_keys=True)

        return sorted(
            (c["kind"], c["key"], timeless(c["before"]), timeless(c["after"])) for c in changes
        )

    assert essence(preview["changes"]) == essence(recorded)
    # the new Data Engineer, remote in the US without pay, lacks what Colorado's rule requires
    assert {c["kind"] for c in recorded} == {"pay_changed", "new", "removed", "pay_missing"}
    assert real.json()["sources"][0]["changes"] == dry.json()["sources"][0]["changes"]


# -- 6, 12. a loud empty baseline; the 404 hint; plurals ---------------------------------------


def test_a_baseline_of_nothing_is_loud_and_a_missing_board_says_why(
    sqlite_cli: Any, server: Any
) -> None:
    server.set("/gh/acme", gh_board())
    sqlite_cli.write_config({"sources": [
        sources(server)[0],
        {"name": "typo", "kind": "lever", "board": "hnige", "url": server.base + "/lever/hnige"},
    ]})  # fmt: skip
    result = sqlite_cli("check")
    assert result.code == 1
    assert "acme: BASELINE OF 0 POSTINGS: the listing was read but held no posting" in result.out
    assert "check `board:` 'acme'" in result.out and "--dry-run -s acme" in result.out
    assert "typo: FAILED: HTTP 404" in result.out and "is `url:` right?" in result.out
    assert "2 sources in" in result.out
    again = sqlite_cli("check", "-s", "acme", "--json").json()
    assert again["sources"][0]["open"] == 0 and not again["sources"][0]["baseline"]


def test_a_wrong_board_token_asks_about_it() -> None:
    hint = not_found_hint(Source(name="s", kind="greenhouse", board="strpe"))
    assert "is the board token right?" in hint and "strpe" in hint


# -- 8. init and its template -------------------------------------------------------------------

EXAMPLE = ROOT / "monitor" / "example.yaml"
_LINE = re.compile(r"^(\s*)# (.*)$")
_YAML_START = re.compile(r"^(- )?[a-z_]+:( |$)")


def examples(text: str) -> list[tuple[int, int]]:
    """(first, end) line ranges of each commented-out example: a `# key:` or `# - key:` line
    and the commented lines under it that are indented deeper."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        match = _LINE.match(lines[i])
        if match and _YAML_START.match(match.group(2)):
            indent, end = match.group(1), i + 1
            while end < len(lines):
                more = _LINE.match(lines[end])
                if not (more and more.group(1) == indent and more.group(2).startswith(" ")):
                    break
                end += 1
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def uncommented(text: str, first: int, end: int) -> str:
    lines = text.splitlines()
    for n in range(first, end):
        lines[n] = re.sub(r"^(\s*)# ", r"\1", lines[n])
    return "\n".join(lines) + "\n"


def test_init_writes_into_folders_that_do_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "home" / ".config" / "rolewatch" / "rolewatch.yaml"
    assert main(["init", str(target)]) == 0
    assert load_config(target).sources


def test_every_example_in_the_template_uncomments_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "SMTP_USER": "alice", "SMTP_PASS": "pw", "ROLEWATCH_TOKEN": "t" * 32,
        "SLACK_TOKENS": "T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    (tmp_path / "apprise.yml").write_text("urls:\n  - json://127.0.0.1:9/hook\n")
    text = EXAMPLE.read_text()
    base = load(tmp_path, text)
    found = examples(text)
    assert len(found) >= 10, found  # every example below is tried, none skipped unseen
    for first, end in found:
        config = load(tmp_path, uncommented(text, first, end))
        assert config != base, text.splitlines()[first]  # the example took effect
        assert check_targets(config) == [], text.splitlines()[first]
    everything = text
    for first, end in found:
        everything = uncommented(everything, first, end)
    assert len(load(tmp_path, everything).sources) == 6


def load(folder: Path, text: str) -> Any:
    path = folder / "rolewatch.yaml"
    path.write_text(text)
    try:
        return load_config(path)
    except ConfigError as exc:
        raise AssertionError(f"{exc}\n---\n{text}") from None


# -- 9. a README example per kind; board and url that disagree ---------------------------------


def test_the_readme_has_a_working_example_for_every_kind() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
    entries: dict[str, dict[str, Any]] = {}
    for block in blocks:
        data = yaml.safe_load(block)
        for entry in data.get("sources") or [] if isinstance(data, dict) else []:
            entries.setdefault(entry["kind"], entry)
    assert set(entries) == set(KINDS)
    parse_config({"sources": list(entries.values())})


def test_a_board_and_url_that_disagree_are_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    parse_config({"sources": [
        {"name": "a", "kind": "greenhouse", "board": "stripe",
         "url": "https://boards.greenhouse.io/stripe"},
        {"name": "b", "kind": "greenhouse", "board": "stripe",
         "url": "https://boards-api.greenhouse.io/v1/boards/ramp/jobs"},
        {"name": "c", "kind": "greenhouse", "board": "stripe", "url": "https://jobs.lever.co/x"},
        {"name": "d", "kind": "greenhouse", "board": "stripe",
         "url": "https://boards-api.greenhouse.io/v1/boards/stripe/jobs?content=true"},
    ]})  # fmt: skip
    said = {r.getMessage().split(" ")[0]: r.getMessage() for r in caplog.records}
    assert "the board's web page, not its listing endpoint" in said["sources[0]"]
    assert "url names board 'ramp' but board is 'stripe'" in said["sources[1]"]
    assert "the address of a lever board" in said["sources[2]"]
    assert "sources[3]" not in said


# -- 11. sources that left the config -------------------------------------------------------


def test_a_source_removed_from_the_config_is_unwatched_and_alerts_nothing(
    sqlite_cli: Any, server: Any, receiver: HttpReceiver
) -> None:
    notify = [{"url": receiver.url()}]
    sqlite_cli.write_config({"notify": notify, "sources": sources(server)})
    two_boards(server)
    assert sqlite_cli("check").code == 0
    assert wait_for(lambda: len(receiver.messages()) == 1)  # the baseline lines
    receiver.stop()
    two_boards(server, raise_pay=True)
    assert sqlite_cli("check").code == 0  # both pay changes wait for the target to be back
    receiver.start()
    sqlite_cli.write_config({"notify": notify, "sources": sources(server)[:1]})  # hinge goes
    engine = make_engine(sqlite_cli.db)
    with engine.begin() as conn:  # the retry is due now, not in a minute
        conn.execute(update(AlertRow).where(AlertRow.status == "pending").values(
            next_attempt_at=None))  # fmt: skip
    engine.dispose()
    assert sqlite_cli("check").code == 0
    [message] = receiver.messages()[1:]
    assert LONG_TITLE.split(",")[0] in message["message"]
    assert "Android" not in message["message"]
    [status] = sqlite_cli("notify", "status", "--json").json()
    assert (status["suppressed"], status["pending"]) == (1, 0)
    postings = sqlite_cli("postings")
    listed, note = postings.out.split("\n(")
    assert "hinge" not in listed and "acme:1" in listed
    assert note.startswith("2 open postings of sources no longer in the config (hinge)")
    every = {p["key"]: p["status"] for p in sqlite_cli("postings", "--all", "--json").json()}
    assert every[f"hinge:{UUID}"] == "unwatched" and every["acme:1"] == "open"
    listed_sources = {s["name"]: s for s in sqlite_cli("sources", "--json").json()}
    hinge = listed_sources["hinge"]
    assert (hinge["status"], hinge["open_postings"], hinge["unwatched_postings"]) == (
        "unwatched", 0, 2)  # fmt: skip


# -- 12. small things that cost trust -----------------------------------------------------------


def test_small_things(sqlite_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and re.match(r"rolewatch \d+\.\d+", capsys.readouterr().out)
    config = sqlite_cli.write_config({"sources": [
        {"name": "stripe", "kind": "greenhouse", "board": "stripe"}]})  # fmt: skip
    base = ["--config", str(config), "--db", sqlite_cli.db]
    assert main([*base, "postings", "-s", "strpe"]) == 2
    assert "unknown source 'strpe' (known: stripe)" in capsys.readouterr().err
    assert main([*base, "sources"]) == 0
    assert "greenhouse" in capsys.readouterr().out  # its kind before its first run
    with pytest.raises(ConfigError) as bad:
        parse_config({"defaults": {"evry": "1h"}, "sources": [
            {"name": "a", "kind": "lever", "board": "a"}]})  # fmt: skip
    assert str(bad.value).count("evry") == 1
    with pytest.raises(ConfigError) as bad:
        parse_config({"sources": [{"name": "a", "kind": "lever", "board": "a", 2024: "x"}]})
    assert "sources[0]: the key 2024 is a number, not a name" in str(bad.value)
    assert "quotes ('2024':)" in str(bad.value)


def test_a_failing_sources_own_url_stays_a_link_in_its_alert() -> None:
    url = "https://boards-api.greenhouse.io/v1/boards/stripe/jobs?content=true"
    error = f"HTTP 404 on {url}: see http://evil.example/x"
    item = Item(1, "stripe", "source_failing", datetime.now(UTC),
                after={"error": error, "failures": 3})  # fmt: skip
    text = render_parts(line(item), "text")
    assert url in text and "http://evil" not in text


def test_the_build_asks_for_a_licence_string() -> None:
    # setuptools prints a deprecation banner (twice per install) for a licence table
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert isinstance(project["project"]["license"], str)


# -- 13. docs inside the repository -----------------------------------------------------------


def test_the_config_reference_is_written_from_the_model() -> None:
    written = (ROOT / "docs" / "config.md").read_text()
    assert written == render(), "docs/config.md is stale: run `make docs`"
    for model in (Config, Source, NotifyTarget):
        for name, field in model.model_fields.items():
            if not field.exclude:
                assert f"| `{name}` |" in written, name


def test_the_json_shapes_of_every_command_are_documented() -> None:
    doc = (ROOT / "docs" / "json.md").read_text()
    with_json = [
        " ".join(path)
        for path, _, sub in _commands(build_parser())
        if any("--json" in a.option_strings for a in sub._actions)
    ]
    assert len(with_json) >= 8
    for command in with_json:
        assert re.search(rf"### `rolewatch {command}( [A-Z]+)? --json`", doc), command
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme and "DESIGN.md" not in readme
    assert "docs/config.md" in readme and "docs/json.md" in readme
    deploy = (ROOT / "deploy" / "README.md").read_text()
    assert "## Reading the daemon's database" in deploy


# -- 15. completion and progress ---------------------------------------------------------------


def complete_in_bash(words: list[str]) -> list[str]:
    script = subprocess.run(
        [sys.executable, "-m", "monitor", "completion", "bash"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    probe = (
        f"{script}\nCOMP_WORDS=({' '.join(map(repr, words))}); "
        f"COMP_CWORD={len(words) - 1}; _rolewatch; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    return subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()


@pytest.mark.e2e
def test_bash_completes_commands_options_and_choices() -> None:
    assert complete_in_bash(["rolewatch", "ch"]) == ["check", "changes"]
    assert complete_in_bash(["rolewatch", "check", "--d"]) == ["--dry-run"]
    assert complete_in_bash(["rolewatch", "changes", "--kind", "pay"]) == [
        "pay_changed", "pay_missing"]  # fmt: skip
    assert complete_in_bash(["rolewatch", "postings", "--transparency", "m"]) == ["missing"]
    assert complete_in_bash(["rolewatch", "--config", "x.yaml", "db", ""]) == [
        "upgrade", "reextract", "prune"]  # fmt: skip
    assert complete_in_bash(["rolewatch", "export", "postings", "--format", ""]) == [
        "csv", "jsonl", "parquet"]  # fmt: skip


@pytest.mark.e2e
@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_read_their_scripts(shell: str, tmp_path: Path) -> None:
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"rolewatch.{shell}"
    script.write_text(main_output(["completion", shell]))
    if shell == "fish":
        probe = f"source {script}; complete -C 'rolewatch check --d'"
        out = subprocess.run(["fish", "-c", probe], capture_output=True, text=True).stdout
        assert out.startswith("--dry-run")
    else:
        probe = (
            f"autoload -U compinit; compinit -u; source {script}; "
            "compadd() { shift $(( ${@[(i)--]} )); print -r -- $@; }; "
            "words=(rolewatch changes --kind ''); CURRENT=4; _rolewatch"
        )
        out = subprocess.run(["zsh", "-c", probe], capture_output=True, text=True).stdout
        assert "pay_changed" in out.split()


def main_output(args: list[str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], capture_output=True, text=True, check=True
    ).stdout


def test_a_check_on_a_terminal_shows_its_progress(sqlite_cli: Any, server: Any) -> None:
    sqlite_cli.write_config({"sources": sources(server)})
    two_boards(server)
    leader, follower = pty.openpty()
    cmd = [sys.executable, "-m", "monitor", "--config", str(sqlite_cli.config),
           "--db", sqlite_cli.db, "check"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=follower, cwd=sqlite_cli.tmp_path,
                            env={**os.environ, "COLUMNS": "120"})  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    assert proc.returncode == 0
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", shown).decode("utf-8", "replace")
    assert "2/2 sources" in text and "4 postings" in text  # sources done of all, postings
    assert b"2 sources in" in out
