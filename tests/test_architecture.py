"""The house rules of ARCHITECTURE.md, checked on the source: no import cycle (imports inside
functions included), SQL only in `monitor.store`, the store never calls on notify, spiders never
reach the database."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# what a module outside the store may take from SQLAlchemy: a type to pass on, errors to catch
SQLALCHEMY_OUTSIDE_STORE = {"sqlalchemy.Engine", "sqlalchemy.exc"}
# the one part of the store a spider may import: the read-only crawl context it is handed
SPIDERS_MAY_READ = {"monitor.store.result"}


def modules() -> dict[str, Path]:
    found = {}
    for package in ("monitor", "spiders"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every name this module imports (module.attribute for `from` imports), with its line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return out


def graph() -> dict[str, dict[str, int]]:
    """module -> {module it imports: line}, among rolewatch's own modules."""
    known = modules()

    def owner(target: str) -> str | None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        return target or None

    edges: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        edges[name] = {}
        for target, line in imports(name, path):
            found = owner(target)
            if found and found != name and not name.startswith(found + "."):
                edges[name].setdefault(found, line)
    return edges


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules() -> None:
    edges = graph()
    assert len(edges) > 100
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [
        ["a", "b", "c"]
    ]


def test_only_the_store_runs_sql() -> None:
    outside = []
    for name, path in modules().items():
        if name.startswith("monitor.store"):
            continue
        for target, line in imports(name, path):
            allowed = any(target == ok or target.startswith(ok + ".")
                          for ok in SQLALCHEMY_OUTSIDE_STORE)  # fmt: skip
            if target.split(".")[0] == "sqlalchemy" and not allowed:
                outside.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert outside == []


def test_the_store_never_calls_on_notify_and_spiders_never_on_the_store() -> None:
    wrong = []
    for name, targets in graph().items():
        for target, line in targets.items():
            if name.startswith("monitor.store") and target.startswith("monitor.notify"):
                wrong.append(f"{name}:{line} -> {target}")
            if (
                name.startswith("spiders")
                and target.startswith("monitor.store")
                and target not in SPIDERS_MAY_READ
            ):
                wrong.append(f"{name}:{line} -> {target}")
    assert wrong == []
