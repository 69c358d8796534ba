"""deploy/: the files are parsed and checked here (no Docker engine or systemd is needed)."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.cli import build_parser
from monitor.cron import cron_trigger

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"


def rolewatch_args(command: str) -> list[str]:
    """The arguments after `rolewatch` (or `.../bin/rolewatch`) in a shell command line."""
    words = shlex.split(command.split(">>", 1)[0].split("2>&1", 1)[0])
    at = next(i for i, word in enumerate(words) if Path(word).name == "rolewatch")
    return words[at + 1 :]


def assert_cli_accepts(args: list[str]) -> None:
    parsed = build_parser().parse_args(args)  # exits (SystemExit) on an unknown command
    assert callable(parsed.func)


# -- Dockerfile -----------------------------------------------------------------------------


def dockerfile(name: str = "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined, current = [], ""
    for raw in (DEPLOY / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        current += " " + line.removesuffix("\\").strip()
        if not line.endswith("\\"):
            joined.append(current.strip())
            current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined]


def test_dockerfile_debian_chromium_non_root_health_and_command() -> None:
    steps = dockerfile()
    kinds = [kind for kind, _ in steps]
    assert steps[0][0] == "FROM" and re.match(
        r"python:3\.1[1-9]-slim-(bookworm|trixie)", steps[0][1]
    )
    runs = " ".join(args for kind, args in steps if kind == "RUN")
    assert re.search(r"apt-get install .*\bchromium\b", runs)
    assert not any("playwright install" in args for _, args in steps)  # Debian's browser only
    assert "pip install ." in runs

    users = [args for kind, args in steps if kind == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    assert re.search(r"useradd .*rolewatch", runs)

    env = " ".join(args for kind, args in steps if kind == "ENV")
    assert "ROLEWATCH_CONFIG=/config/rolewatch.yaml" in env
    assert any(kind == "VOLUME" and "/data" in args for kind, args in steps)

    cmd = json.loads(next(args for kind, args in steps if kind == "CMD"))
    assert cmd == ["rolewatch", "run", "--http", "0.0.0.0:8787"]
    assert_cli_accepts(cmd[1:])
    assert ("EXPOSE", "8787") in steps
    health = next(args for kind, args in steps if kind == "HEALTHCHECK")
    assert "127.0.0.1:8787/healthz" in health and "CMD" in health
    probe = json.loads(health.split("CMD", 1)[1])
    assert probe[0] == "python"
    compile(probe[-1], "healthcheck", "exec")

    for kind, args in steps:
        if kind == "COPY":
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source


def test_dockerignore_keeps_what_the_image_copies() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for needed in ("pyproject.toml", "README.md", "monitor/**", "spiders/**"):
        assert f"!{needed}" in ignore


# -- compose --------------------------------------------------------------------------------


def test_compose_waits_for_a_healthy_postgresql() -> None:
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    db, app = services["db"], services["rolewatch"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert {"interval", "retries"} <= set(db["healthcheck"])
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}

    build = app["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert (DEPLOY / build["context"] / "pyproject.toml").exists()

    env = app["environment"]
    assert env["ROLEWATCH_CONFIG"] == "/config/rolewatch.yaml"
    assert (
        env["ROLEWATCH_DB"].startswith("postgresql+psycopg://")
        and "@db:5432/" in env["ROLEWATCH_DB"]
    )
    mounts = app["volumes"]
    assert any(m.endswith(":/config/rolewatch.yaml:ro") for m in mounts)
    assert any(m.split(":")[1] == "/data" for m in mounts)
    named = {m.split(":")[0] for m in [*mounts, *db["volumes"]] if not m.startswith(".")}
    assert named <= set(compose["volumes"])
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])
    grace = int(str(app["stop_grace_period"]).removesuffix("s"))
    assert grace > 10  # the daemon takes up to 10 s to stop its crawls


# -- Scrapyd nodes: compose.scrapyd.yaml, Dockerfile.scrapyd, kubernetes.yaml ------------------


def test_the_scrapyd_image_has_the_dependencies_but_not_rolewatch() -> None:
    steps = dockerfile("Dockerfile.scrapyd")
    run = " ".join(args for kind, args in steps if kind == "RUN")
    assert "pip install . " in run and "pip uninstall -y rolewatch" in run and "scrapyd" in run
    copies = [args.split() for kind, args in steps if kind == "COPY"]
    ignore = (DEPLOY / "Dockerfile.scrapyd.dockerignore").read_text().split()
    for *sources, _target in copies:
        for source in sources:
            assert (ROOT / source).exists(), source
            assert f"!{source}" in ignore or f"!{source}/**" in ignore, source
    assert ("CMD", '["scrapyd"]') in steps and ("USER", "scrapyd") in steps
    conf = configparser.ConfigParser()
    conf.read(DEPLOY / "scrapyd.conf")
    assert conf["scrapyd"]["bind_address"] == "0.0.0.0" and conf["scrapyd"]["http_port"] == "6800"
    assert all(
        conf["scrapyd"][d].startswith("/data/") for d in ("eggs_dir", "logs_dir", "dbs_dir")
    )


def test_compose_with_scrapyd_deploys_to_both_nodes_before_two_daemons_start() -> None:
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.scrapyd.yaml").read_text())
    services = compose["services"]
    assert {"db", "scrapyd1", "scrapyd2", "deploy", "rolewatch1", "rolewatch2"} <= set(services)
    for name in ("scrapyd1", "scrapyd2"):
        node = services[name]
        assert node["build"]["dockerfile"] == "deploy/Dockerfile.scrapyd"
        assert node["environment"]["ROLEWATCH_DB"].startswith("postgresql+psycopg://")
        assert node["depends_on"] == {"db": {"condition": "service_healthy"}}
    deploy = services["deploy"]
    command = deploy["command"]
    assert command[:2] == ["rolewatch", "deploy"]
    assert_cli_accepts(command[1:])
    assert command[2:] == ["http://scrapyd1:6800", "http://scrapyd2:6800"]
    assert set(deploy["depends_on"]) == {"scrapyd1", "scrapyd2"}
    for name in ("rolewatch1", "rolewatch2"):
        daemon = services[name]
        assert daemon["depends_on"] == {"deploy": {"condition": "service_completed_successfully"}}
        assert (
            daemon["environment"]["ROLEWATCH_DB"]
            == services["scrapyd1"]["environment"]["ROLEWATCH_DB"]
        )
        assert all(port.startswith("127.0.0.1:") for port in daemon["ports"])
    named = {m.split(":")[0] for s in services.values() for m in s.get("volumes", [])
             if not m.startswith(".")}  # fmt: skip
    assert named <= set(compose["volumes"])


def test_the_kubernetes_example_names_the_nodes_its_statefulset_makes() -> None:
    docs = [d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text()) if d]
    by_kind = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    assert set(by_kind) == {("ConfigMap", "rolewatch"), ("Service", "scrapyd"),
                            ("StatefulSet", "scrapyd"), ("Deployment", "rolewatch")}  # fmt: skip
    nodes = by_kind["StatefulSet", "scrapyd"]
    assert nodes["spec"]["serviceName"] == "scrapyd" and nodes["spec"]["replicas"] == 2
    assert by_kind["Service", "scrapyd"]["spec"]["clusterIP"] == "None"
    config = yaml.safe_load(by_kind["ConfigMap", "rolewatch"]["data"]["rolewatch.yaml"])
    assert config["executor"]["nodes"] == [
        f"http://scrapyd-{i}.scrapyd:6800" for i in range(nodes["spec"]["replicas"])
    ]
    daemon = by_kind["Deployment", "rolewatch"]["spec"]["template"]["spec"]["containers"][0]
    assert_cli_accepts(daemon["command"][1:])
    for doc in (by_kind["StatefulSet", "scrapyd"], by_kind["Deployment", "rolewatch"]):
        container = doc["spec"]["template"]["spec"]["containers"][0]
        assert container["envFrom"] == [{"secretRef": {"name": "rolewatch"}}]  # ROLEWATCH_DB


# -- systemd --------------------------------------------------------------------------------


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / name).read_text())
    return parser


def test_systemd_daemon_unit() -> None:
    service = unit("rolewatch.service")
    assert service["Unit"]["After"].split()[0] == "network-online.target"
    svc = service["Service"]
    assert svc["User"] == "rolewatch"
    assert_cli_accepts(rolewatch_args(svc["ExecStart"]))
    assert rolewatch_args(svc["ExecStart"])[0] == "run"
    assert "-HUP" in svc["ExecReload"]
    assert svc["KillMode"] == "mixed" and int(svc["TimeoutStopSec"]) > 10
    assert svc["RestartPreventExitStatus"] == "2"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes",
                       "StateDirectory": "rolewatch"}.items():  # fmt: skip
        assert svc[key] == value, key
    assert "MemoryDenyWriteExecute" not in svc  # Chromium's and Node's JIT need it off
    assert service["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_timer_route() -> None:
    service, timer = unit("rolewatch-check.service"), unit("rolewatch-check.timer")
    svc = service["Service"]
    assert svc["Type"] == "oneshot"
    assert rolewatch_args(svc["ExecStart"]) == ["check"]
    assert_cli_accepts(rolewatch_args(svc["ExecStart"]))
    assert svc["NoNewPrivileges"] == "yes" and svc["ProtectSystem"] == "strict"
    assert svc["StateDirectory"] == "rolewatch"
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert (UNITS / timer["Timer"]["Unit"]).exists()
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_systemd_analyze_verify_finds_nothing(tmp_path: Path) -> None:
    rolewatch = Path(sys.executable).with_name("rolewatch")
    if not rolewatch.exists():
        pytest.skip("rolewatch is not installed in this interpreter's bin/")
    for path in UNITS.iterdir():
        text = path.read_text().replace("/opt/rolewatch/bin/rolewatch", str(rolewatch))
        (tmp_path / path.name).write_text(text)
    names = sorted(str(p) for p in tmp_path.iterdir())
    done = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


# -- cron and the README --------------------------------------------------------------------


def test_crontab_lines_are_valid_and_name_real_commands() -> None:
    entries = []
    for line in (DEPLOY / "crontab.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        fields = line.split(None, 5)
        cron_trigger(" ".join(fields[:5]), "UTC")  # raises on a bad expression
        entries.append(rolewatch_args(fields[5]))
    assert ["check"] in entries
    for args in entries:
        assert_cli_accepts(args)


def test_readme_covers_each_route() -> None:
    text = (DEPLOY / "README.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    for route in ("Docker Compose", "systemd: the daemon", "systemd timer", "cron", "Retention"):
        assert any(route in heading for heading in headings), route
    for needed in (
        "/healthz",
        "/metrics",
        "SIGHUP",
        "db prune",
        "one leader per database",
        "Scrapyd",
    ):
        assert needed.lower() in text.lower(), needed
