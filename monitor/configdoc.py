"""The config reference (docs/config.md), written from the config model itself.

Every setting, its default and its meaning come from `monitor/config.py`: the fields and
defaults from the pydantic models, each meaning from the docstring under its field. A field
without one is an error here, and `tests/test_docs.py` fails when docs/config.md is not what
this writes: the reference cannot drift from the code.

    python -m monitor.configdoc > docs/config.md     (or: make docs)
"""

from __future__ import annotations

import ast
import inspect
import sys
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from monitor import config
from monitor.config import (
    Config,
    ExecutorSettings,
    NotifyTarget,
    RetentionSettings,
    Source,
    SourceSettings,
    WebSettings,
    format_duration,
)
from monitor.kinds import KINDS_TABLE

HEADER = """\
# Config reference

Written by `python -m monitor.configdoc` from `monitor/config.py` (the settings, their defaults
and the docstring of each): do not edit it by hand, run `make docs`. A test fails when it is
out of date.

The config file is YAML: `--config FILE`, else `$ROLEWATCH_CONFIG`, else `./rolewatch.yaml`
(`rolewatch init` writes a commented one). `${VAR}` anywhere is read from the environment (a
missing one is an error). Every error is reported with the setting's path and the reason, and
nothing runs (exit 2). Booleans are YAML 1.2's `true`/`false` only, so `on:` stays a key.
Durations are a number and a unit: `30s`, `5m`, `6h`, `1d`; a number without a unit is an
error. A section whose entries are all commented out (`notify:` with nothing under it) is
empty.
"""


def docstrings() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring under the field, from config.py's source."""
    tree = ast.parse(inspect.getsource(config))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for first, second in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(first, ast.AnnAssign)
                and isinstance(first.target, ast.Name)
                and isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
                and isinstance(second.value.value, str)
            ):
                fields[first.target.id] = " ".join(second.value.value.split())
    return found


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(below)"
    if isinstance(value, timedelta):
        return f"`{format_duration(value)}`"
    if value is None or value in ((), {}, []):
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple | list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _meaning(model: type[BaseModel], name: str, docs: dict[str, dict[str, str]]) -> str:
    for cls in model.__mro__:
        if text := docs.get(cls.__name__, {}).get(name):
            return text
    raise ValueError(f"{model.__name__}.{name} has no docstring: say what the setting means")


def table(
    model: type[BaseModel], docs: dict[str, dict[str, str]], *, only: Any = None
) -> list[str]:
    """A Markdown table of the model's settings (those in `only`, when given)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for name, field in model.model_fields.items():
        if field.exclude or (only is not None and name not in only):
            continue
        meaning = _meaning(model, name, docs).replace("|", "\\|")
        rows.append(f"| `{name}` | {_default(field)} | {meaning} |")
    return rows


def render() -> str:
    """docs/config.md."""
    docs = docstrings()
    own = [n for n in Source.model_fields if n not in SourceSettings.model_fields]
    kinds = ["| kind | `board:` | example | listing read (from `board:`) |", "|---|---|---|---|"]
    for spec in KINDS_TABLE:
        if spec.listing:
            kinds.append(f"| `{spec.name}` | {spec.board} | `{spec.example}` | `{spec.listing}` |")
        elif spec.example:
            kinds.append(
                f"| `{spec.name}` | {spec.board} | `{spec.example}` | `url:`, the site's job feed "
                "(required) |"
            )
        else:
            kinds.append(f"| `{spec.name}` | (none) | | `url:`, the careers page (required) |")
    parts = [
        HEADER,
        "## Top level",
        "",
        *table(Config, docs),
        "",
        "## Sources (`sources:`)",
        "",
        "Each source is one board. These settings belong to a source alone:",
        "",
        *table(Source, docs, only=own),
        "",
        "These may be given to a source, or under `defaults:` for every source (a source's",
        "own value wins):",
        "",
        *table(SourceSettings, docs),
        "",
        "## Board kinds",
        "",
        "`url:`, when given, is read instead of the listing made from `board:`; for the API",
        "kinds it must be the listing endpoint in this table's form, not the board's web page",
        "(a url that names another board, or the web page, is warned about).",
        "",
        *kinds,
        "",
        "## Notify targets (`notify:`)",
        "",
        *table(NotifyTarget, docs),
        "",
        "## Retention (`retention:`)",
        "",
        *table(RetentionSettings, docs),
        "",
        "## Web app (`web:`)",
        "",
        *table(WebSettings, docs),
        "",
        "## Executor (`executor:`)",
        "",
        "With `kind: scrapyd` the daemon sends each batch to the Scrapyd nodes as jobs (one per",
        "board kind; the project deployed there with `rolewatch deploy`); the database must be",
        "PostgreSQL, shared by the daemon and the nodes; a node finds it in its own",
        "`$ROLEWATCH_DB`, or is sent the daemon's URL when that holds no password (see",
        "deploy/README.md).",
        "",
        *table(ExecutorSettings, docs),
    ]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
