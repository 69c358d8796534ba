"""The real corpus: sentences from job postings and pay/office test suites of other public
projects, each with its provenance (repository, path, commit) and our labels.

pay.jsonl holds pay cases (`pay`: the ranges a reader should return, [] for none) and
office.jsonl office-terms cases (`office`: the terms, null for none). A case the readers are
known to miss keeps its true label and says why in `gap`; it runs as a strict xfail and counts
in bench/extract_accuracy.py. LABELLING.md says how cases are labelled, SOURCES.md where they
come from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent


class RealCase(NamedTuple):
    id: str
    repo: str
    path: str
    commit: str
    text: str
    expected: Any  # pay: a list of ranges; office: the terms or None
    locations: tuple[str, ...] = ()
    gap: str | None = None


def _load(name: str, key: str) -> list[RealCase]:
    cases = []
    with (HERE / name).open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            cases.append(
                RealCase(
                    row["id"],
                    row["repo"],
                    row["path"],
                    row["commit"],
                    row["text"],
                    row[key],
                    tuple(row.get("locations") or ()),
                    row.get("gap"),
                )
            )
    return cases


REAL_PAY = _load("pay.jsonl", "pay")
REAL_OFFICE = _load("office.jsonl", "office")
