"""Config loading and validation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import load_config, parse_config, parse_duration
from monitor.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("6h", 21600), ("1d", 86400), ("0s", 0), (" 2h ", 7200),
     ("1.5h", 5400), ("0.5s", 0.5)],
)  # fmt: skip
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "why"),
    [("5", "not a duration"), ("5x", "not a duration"), ("h", "not a duration"),
     ("-1m", "not a duration"), (True, "not a duration"), (90, "90 has no unit: write 90s"),
     ("99999999999d", "longer than 3650 days"), ("3651d", "longer than 3650 days")],
)  # fmt: skip
def test_bad_durations(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_duration(text)


def test_every_must_be_more_than_zero_and_is_questioned_under_a_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    base = {"name": "a", "kind": "greenhouse", "board": "a"}
    with pytest.raises(ConfigError, match=r"sources\[0\]\.every: must be more than zero"):
        parse_config({"sources": [{**base, "every": "0s"}]})
    with pytest.raises(ConfigError, match=r"sources\[0\]\.every: 90 has no unit"):
        parse_config({"sources": [{**base, "every": 90}]})
    with caplog.at_level("WARNING"):
        parse_config({"sources": [{**base, "every": "30s"}]})
    assert "every 30s asks the board 120 times an hour" in caplog.text


@pytest.mark.parametrize(
    ("value", "why"),
    [(0, "greater than 0"), (-5, "greater than 0"), ("50", "valid integer"),
     (True, "valid integer"), (1.5, "valid integer")],
)  # fmt: skip
def test_employees_is_a_positive_whole_number(value: object, why: str) -> None:
    base = {"name": "a", "kind": "greenhouse", "board": "a"}
    with pytest.raises(ConfigError, match=rf"sources\[0\]\.employees: .*{why}"):
        parse_config({"sources": [{**base, "employees": value}]})
    assert parse_config({"sources": [{**base, "employees": 120}]}).sources[0].employees == 120
    with_default = parse_config({"defaults": {"employees": 40}, "sources": [base]})
    assert with_default.sources[0].employees == 40


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    lines.append("sources: [*j]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    with pytest.raises(ConfigError, match="aliases expand to more than"):
        load_config(path)


def test_defaults_apply_and_sources_override() -> None:
    config = parse_config(
        {
            "defaults": {"every": "6h", "removal_grace": 3, "tags": ["eng"]},
            "sources": [
                {"name": "a", "kind": "greenhouse", "board": "a"},
                {"name": "b", "kind": "lever", "board": "b", "every": "1h", "tags": []},
            ],
        }
    )
    a, b = config.sources
    assert a.every == timedelta(hours=6) and a.removal_grace == 3 and a.tags == ("eng",)
    assert b.every == timedelta(hours=1) and b.tags == ()


def test_env_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RW_TEST_TOKEN", "s3cret")
    config = parse_config({"notify": [{"url": "json://u:${RW_TEST_TOKEN}@localhost/"}]})
    assert config.notify[0].url == "json://u:s3cret@localhost/"


def test_workday_board_shape() -> None:
    with pytest.raises(ConfigError, match=r"sources\[0\]: workday board 'acme' should look like"):
        parse_config({"sources": [{"name": "w", "kind": "workday", "board": "acme"}]})
    parse_config({"sources": [{"name": "w", "kind": "workday", "board": "acme.wd5/External"}]})


def test_every_and_cron_exclusive() -> None:
    with pytest.raises(ConfigError, match="either `every:` or `cron:`"):
        parse_config(
            {
                "sources": [
                    {
                        "name": "a",
                        "kind": "lever",
                        "board": "a",
                        "every": "1h",
                        "cron": "0 9 * * *",
                    }
                ]
            }
        )


def test_filters(tmp_path: Path) -> None:
    config = parse_config(
        {
            "sources": [
                {
                    "name": "a",
                    "kind": "lever",
                    "board": "a",
                    "include": {"title": "engineer", "location": "remote|new york"},
                    "exclude": {"title": "intern"},
                }
            ]
        }
    )
    source = config.sources[0]
    assert source.matches({"title": "Senior Engineer", "location": "New York, NY"})
    assert not source.matches({"title": "Engineering Intern", "location": "Remote"})
    assert not source.matches({"title": "Engineer", "location": "Berlin"})


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_config(path)


def test_init_example_validates(tmp_path: Path) -> None:
    from monitor.cli import main

    target = tmp_path / "rolewatch.yaml"
    assert main(["init", str(target)]) == 0
    config = load_config(target)
    assert [s.kind for s in config.sources] == ["greenhouse", "lever", "ashby"]
    assert main(["init", str(target)]) == 2  # refuses to overwrite


def test_empty_file_is_a_valid_empty_config(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("")
    assert load_config(path).sources == ()


@pytest.mark.parametrize("cron", ["0 9 * * 1-5", "* * * * 7", "0 0 * * 5-7", "*/15 * * * *"])
def test_crontab_expressions_as_cron_reads_them(cron: str) -> None:
    parse_config({"sources": [{"name": "a", "kind": "lever", "board": "a", "cron": cron}]})


def test_weekdays_mean_what_cron_means() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from monitor.cron import cron_trigger

    trigger = cron_trigger("0 9 * * 1-5", "Europe/Berlin")
    friday_night = datetime(2026, 11, 27, 22, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    nxt = trigger.get_next_fire_time(None, friday_night)
    assert nxt.strftime("%A %H:%M") == "Monday 09:00"
