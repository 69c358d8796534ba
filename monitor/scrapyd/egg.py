"""The project egg Scrapyd runs, built as `scrapyd-deploy` builds it, and `rolewatch deploy`.

An egg is a zip of the packages (`monitor`, `spiders`, with their data files) and an
`EGG-INFO` folder whose `entry_points.txt` names the Scrapy settings module, as `scrapy.cfg`'s
`[settings] default` does. It is built from the rolewatch that is running, so the nodes run
the daemon's own code; the nodes need rolewatch's dependencies installed (the deploy image).
"""

from __future__ import annotations

import importlib.util
import io
import marshal
import time
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import CodeType

from monitor.scrapyd.client import PROJECT, Node, NodeError

SETTINGS = "monitor.settings"  # scrapy.cfg's [settings] default says the same
PACKAGES = ("monitor", "spiders")
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


def rolewatch_version() -> str:
    try:
        return version("rolewatch")
    except PackageNotFoundError:
        return "0+unknown"


def build_egg(project: str = PROJECT) -> bytes:
    """The egg's bytes: every file of the packages, and the metadata Scrapyd reads."""
    buffer = io.BytesIO()
    folders: set[Path] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        for name in PACKAGES:
            spec = importlib.util.find_spec(name)
            root = Path(spec.origin if spec and spec.origin else name).parent
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root.parent)
                if path.is_dir() or _SKIP_DIRS & set(relative.parts):
                    continue
                if path.suffix in _SKIP_SUFFIXES:
                    continue
                egg.write(path, relative.as_posix())
                if path.suffix == ".py":
                    # compiled beside it, as bdist_egg does: a job imports from the zip, where
                    # nothing is cached: compiling the modules cost each job a tenth of a second
                    code = compile(
                        path.read_bytes(), relative.as_posix(), "exec", dont_inherit=True
                    )
                    egg.writestr(relative.with_suffix(".pyc").as_posix(), _pyc(code))
                    if not (path.parent / "__init__.py").exists():
                        folders.add(relative.parent)
        for folder in sorted(folders):
            # Python reads a namespace package from a zip only when no other path entry has
            # one of the same name (the installed rolewatch would win): a regular one here
            egg.writestr((folder / "__init__.py").as_posix(), "")
        egg.writestr(
            "EGG-INFO/PKG-INFO",
            f"Metadata-Version: 2.1\nName: {project}\nVersion: {rolewatch_version()}\n",
        )
        egg.writestr("EGG-INFO/entry_points.txt", f"[scrapy]\nsettings = {SETTINGS}\n")
        egg.writestr("EGG-INFO/top_level.txt", "".join(f"{p}\n" for p in PACKAGES))
        egg.writestr("EGG-INFO/not-zip-safe", "\n")
    return buffer.getvalue()


def _pyc(code: CodeType) -> bytes:
    """A .pyc that is not checked against its source (the zip holds both, built together);
    a node on another Python version ignores it for its different magic number."""
    flags = (0b01).to_bytes(4, "little")  # hash-based, unchecked
    return importlib.util.MAGIC_NUMBER + flags + bytes(8) + marshal.dumps(code)


@dataclass
class Deployed:
    """What one node made of an upload: the spiders it found, or why it failed."""

    node: str
    version: str
    spiders: int | None = None
    error: str | None = None


def deploy(
    urls: list[str], *, project: str = PROJECT, version_name: str | None = None
) -> list[Deployed]:
    """Upload this rolewatch to each node's `addversion.json`; a result per node."""
    egg = build_egg(project)
    name = version_name or str(int(time.time()))
    done = []
    for url in urls:
        node = Node(url)
        try:
            answer = node.add_version(project, name, egg)
        except NodeError as exc:
            done.append(Deployed(node.shown, name, error=exc.reason))
            continue
        done.append(Deployed(node.shown, name, spiders=int(answer.get("spiders") or 0)))
    return done
