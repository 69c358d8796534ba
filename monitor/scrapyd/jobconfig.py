"""What a Scrapyd job is told: spider arguments that hold no secret.

Scrapyd lists a pending job's arguments (`listjobs.json`) and logs every job's command line, so
a job gets: its sources' names; the config without `database`, `notify`, `web` and `executor`,
and with only its own sources; the notify targets by id, with what each is told (routing an
alert needs no URL; the daemon delivers); when its batch began; and the database URL only when
that URL holds no password. Otherwise the node reads `$ROLEWATCH_DB` from its own environment
(the node's environment wins in any case).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.config import Config, NotifyTarget, load_yaml, parse_config
from monitor.errors import ConfigError
from monitor.masking import mask_url
from monitor.routing import target_id
from monitor.timeutil import aware

PRIVATE = ("database", "notify", "web", "executor")  # what a job is never told


@dataclass(frozen=True)
class JobSpec:
    """A job as the node reads it from its arguments."""

    config: Config
    names: list[str]
    since: datetime
    database: str


def job_args(
    data: dict[str, Any], config: Config, names: list[str], *, since: datetime, database: str
) -> dict[str, str]:
    """The spider arguments of a job crawling these sources (`data`: the config in force, as
    `raw_config` read it)."""
    wanted = set(names)
    kept: dict[str, Any] = {k: v for k, v in data.items() if k not in PRIVATE}
    kept["sources"] = [
        s for s in data.get("sources") or [] if isinstance(s, dict) and s.get("name") in wanted
    ]
    routes = [{"id": target_id(t), "on": list(t.on), "tags": list(t.tags)} for t in config.notify]
    args = {
        "sources": json.dumps(names),
        "config": json.dumps(kept, default=str, separators=(",", ":")),
        "routes": json.dumps(routes, separators=(",", ":")),
        "since": since.isoformat(),
    }
    if mask_url(database) == database:  # nothing secret in it
        args["database"] = database
    return args


def raw_config(text: str) -> dict[str, Any]:
    """The config's text as YAML reads it, before any `${VAR}` is replaced."""
    data = load_yaml(text)
    return data if isinstance(data, dict) else {}


def read_job(args: dict[str, Any]) -> JobSpec:
    """The job these spider arguments describe (ConfigError naming what is wrong)."""
    missing = [k for k in ("sources", "config", "since") if not args.get(k)]
    if missing:
        raise ConfigError(
            f"a rolewatch job needs the spider arguments {', '.join(missing)}: it is started by "
            "the daemon (`executor: {kind: scrapyd}`), not by hand"
        )
    try:
        names = json.loads(args["sources"])
        data = json.loads(args["config"])
        routes = json.loads(args.get("routes") or "[]")
        since = aware(datetime.fromisoformat(args["since"]))
    except ValueError as exc:
        raise ConfigError(f"a rolewatch job's arguments cannot be read: {exc}") from None
    config = parse_config(data)
    targets = []
    for route in routes:
        target = NotifyTarget.model_construct(on=tuple(route["on"]), tags=tuple(route["tags"]))
        target._ident = str(route["id"])
        targets.append(target)
    config = config.model_copy(update={"notify": tuple(targets)})
    database = os.environ.get("ROLEWATCH_DB") or args.get("database")
    if not database:
        raise ConfigError(
            "this Scrapyd node does not know the database: set ROLEWATCH_DB in its environment "
            "(the daemon sends the URL only when it holds no password)"
        )
    config.select(names)  # unknown names are an error here, not a silent skip
    return JobSpec(config, list(names), since, database)
