"""The command line: every command has help, errors are messages, the demo runs offline."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from monitor.cli import build_parser, main


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield (*prefix, name), helps.get(name), sub
                yield from _commands(sub, (*prefix, name))


def test_every_command_has_help() -> None:
    found = list(_commands(build_parser()))
    names = {" ".join(path) for path, _, _ in found}
    assert {
        "init",
        "check",
        "run",
        "postings",
        "changes",
        "history",
        "sources",
        "extract",
        "notify-test",
        "notify status",
        "db upgrade",
        "db prune",
        "demo",
    } <= names
    for path, text, sub in found:
        assert text and len(text) > 10, f"{' '.join(path)} has no help text"
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{' '.join(path)} {action.option_strings} has no help"


@pytest.mark.e2e
def test_python_dash_m_and_help_exit_0() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "monitor", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "check" in proc.stdout


def test_extract_command(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    posting = tmp_path / "posting.html"
    posting.write_text(
        "<p>Hybrid: at least 50% of the time in the office.</p>"
        "<p>The salary range is $120,000 - $150,000 per year.</p>"
    )
    assert main(["extract", str(posting)]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"pay", "office", "workplace"}
    assert data["pay"][0]["min"] == 120000 and data["pay"][0]["period"] == "year"
    assert data["office"]["min_office_pct"] == 50
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2


@pytest.mark.timeout(120)
@pytest.mark.e2e
def test_demo_runs_offline() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "monitor", "demo"], capture_output=True, text=True, timeout=110,
        env={**os.environ, "COLUMNS": "200"},  # its tables fit the terminal: a wide one here
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "baseline, now watching 5 open roles" in out
    for kind in ("pay_changed", "office_changed", "new", "removed"):
        assert kind in out
    assert "$155,700–$233,500 USD/yr → $165,000–$245,000 USD/yr" in out
    assert "now watching acme: 5 open roles" in out  # the baseline alert arrived


def test_detect_prints_a_source_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detect", "https://jobs.lever.co/plaid/0a1b2c"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("- name: plaid\n  kind: lever\n  board: plaid\n")
    assert "# read from the URL alone (nothing fetched)" in out
    assert main(["init", "--detect", "https://jobs.ashbyhq.com/linear/123"]) == 0
    assert "kind: ashby" in capsys.readouterr().out
    assert main(["detect", "not a url"]) == 2
