"""`rolewatch export`: postings and changes as CSV, JSON Lines and Parquet, with the filters."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import UsageError
from monitor.export import export
from monitor.store import queries
from monitor.store.db import make_engine
from tests import webdata


def test_postings_and_changes_in_every_format(cli: Any, tmp_path: Path) -> None:
    webdata.seed(cli.db)
    stripe = {"name": "stripe", "kind": "greenhouse", "board": "stripe", "tags": ["eng"]}
    cli.write_config({"sources": [stripe, {"name": "acme", "kind": "lever", "board": "acme"}]})
    engine = make_engine(cli.db)
    postings, changes = queries.postings(engine, all_=True), queries.changes(engine)
    engine.dispose()

    lines = cli("export", "changes", "--format", "jsonl")
    assert lines.code == 0, lines.err
    assert [json.loads(line) for line in lines.out.splitlines()] == changes

    table = cli("export", "postings", "--all", "-o", str(tmp_path / "p.csv"))
    assert table.code == 0 and f"wrote {len(postings)} postings" in table.err
    rows = list(csv.DictReader((tmp_path / "p.csv").open(encoding="utf-8")))
    by_key = {p["key"]: p for p in postings}
    assert {r["key"] for r in rows} == set(by_key)
    one = next(r for r in rows if r["key"] == "stripe:1")
    assert json.loads(one["pay"]) == by_key["stripe:1"]["pay"]
    assert one["title"] == "Backend Engineer" and one["posted_at"] == ""
    evil = next(r for r in rows if r["key"] == "acme:evil")
    assert evil["title"] == webdata.HOSTILE_TITLE  # data, as stored

    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "c.parquet"
    done = cli("export", "changes", "--format", "parquet", "-o", str(out), "--kind",
               "pay_changed", "--tag", "eng")  # fmt: skip
    assert done.code == 0, done.err
    read = pq.read_table(out).to_pylist()
    expected = [c for c in changes if c["kind"] == "pay_changed"]
    assert [r["id"] for r in read] == [c["id"] for c in expected]
    assert [json.loads(r["after"]) for r in read] == [c["after"] for c in expected]

    rich = cli("export", "postings", "--format", "jsonl", "--min-pay", "200k", "--currency",
               "usd", "--workplace", "hybrid")  # fmt: skip
    assert {json.loads(x)["key"] for x in rich.out.splitlines()} == {"stripe:1", "stripe:4"}
    empty = cli("export", "changes", "--since", "2000-01-01", "--until", "2000-01-02")
    assert empty.out.splitlines() == [",".join(["id", "kind", "source", "key", "title", "url",
                                                "detected_at", "before", "after"])]  # fmt: skip

    bad = cli("export", "postings", "--min-pay", "100k")
    assert bad.code == 2 and "min_pay: needs currency" in bad.err and "Traceback" not in bad.err
    bad = cli("export", "changes", "--since", "whenever")
    assert bad.code == 2 and "since: 'whenever'" in bad.err
    nowhere = cli("export", "changes", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert nowhere.code == 2 and "no folder" in nowhere.err


def test_parquet_without_pyarrow_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    with pytest.raises(UsageError, match=r"pip install 'rolewatch\[parquet\]'"):
        export(iter([]), "changes", "parquet", "-")


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> Any:
        yield {"id": 1, "kind": "new"}
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        export(rows(), "changes", "csv", str(tmp_path / "out.csv"))
    assert list(tmp_path.iterdir()) == []
