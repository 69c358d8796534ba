#!/usr/bin/env python3
"""Print pip constraints that pin every runtime dependency to the floor pyproject.toml declares.

`make test-floors` installs with them and runs the fast tests: a floor that the code does not
really run on fails there, not on a user's machine.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*([^;]*)")


def floors(pyproject: Path) -> list[str]:
    """`name==floor` for each runtime dependency with a `>=` floor."""
    project = tomllib.loads(pyproject.read_text())["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = SPEC.match(requirement)
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name, _extras, spec = match.groups()
        floor = re.search(r">=\s*([0-9][^,\s]*)", spec)
        if floor is None:
            raise SystemExit(f"{requirement!r} declares no floor (>=): every dependency needs one")
        pins.append(f"{name}=={floor.group(1)}")
    return pins


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    print("\n".join(floors(root / "pyproject.toml")))
