"""`rolewatch export`: postings or changes as CSV, JSON Lines or Parquet, streamed a page at a
time from the store (never the whole table in memory).

Every format holds the `--json` shapes: JSON Lines as they are, CSV and Parquet a column per
field, with lists and objects (pay, office, before, after) as JSON text in their cell.
Parquet needs pyarrow, the `parquet` extra; the rest needs nothing beyond the standard library.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

import orjson

from monitor.errors import UsageError

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 1000
# the columns of an export with no rows (with rows, the first row's fields, in their order)
POSTING_COLUMNS = (
    "key", "source", "external_id", "title", "url", "company", "department", "locations",
    "workplace", "pay", "office", "posted_at", "first_seen", "last_seen", "status",
    "reposted_from", "transparency",
)  # fmt: skip
CHANGE_COLUMNS = ("id", "kind", "source", "key", "title", "url", "detected_at", "before", "after")


def _json(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return _json(value)
    return value


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _columns(first: dict[str, Any] | None, default: tuple[str, ...]) -> list[str]:
    return list(first) if first is not None else list(default)


def _write_csv(rows: Iterator[dict[str, Any]], out: IO[bytes], default: tuple[str, ...]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    first = next(rows, None)
    columns = _columns(first, default)
    writer = csv.DictWriter(text, columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for item in chain([first] if first is not None else [], rows):
        writer.writerow({k: _cell(item.get(k)) for k in columns})
        count += 1
    text.detach()
    return count


def _write_jsonl(rows: Iterator[dict[str, Any]], out: IO[bytes]) -> int:
    count = 0
    for item in rows:
        out.write(_json(item).encode() + b"\n")
        count += 1
    return count


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401 - the extra's presence is what is checked
        import pyarrow.parquet
    except ImportError:
        raise UsageError(
            "--format parquet needs pyarrow: pip install 'rolewatch[parquet]' "
            "(csv and jsonl need nothing more)"
        ) from None
    return pyarrow


def _write_parquet(
    rows: Iterator[dict[str, Any]], out: IO[bytes], default: tuple[str, ...]
) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    batches = _batches(rows)
    first = next(batches, [])
    columns = _columns(first[0] if first else None, default)
    schema = pa.schema([(c, pa.int64() if c == "id" else pa.string()) for c in columns])

    def table(batch: list[dict[str, Any]]) -> Any:
        data = {
            c: [
                v if c == "id" or v is None else (str(v) if not isinstance(v, dict | list)
                                                  else _json(v))
                for v in (item.get(c) for item in batch)
            ]
            for c in columns
        }  # fmt: skip
        return pa.Table.from_pydict(data, schema=schema)

    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for part in chain([first] if first else [], batches):
            writer.write_table(table(part))
            count += len(part)
        if not count:
            writer.write_table(table([]))
    return count


def export(rows: Iterator[dict[str, Any]], what: str, fmt: str, output: str | None) -> int:
    """Write rows (postings or changes) in `fmt` to `output` (stdout when None or `-`); the
    number of rows. A file appears only once it is complete."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        _pyarrow()  # before anything is read or written
    default = POSTING_COLUMNS if what == "postings" else CHANGE_COLUMNS

    def write(out: IO[bytes]) -> int:
        if fmt == "csv":
            return _write_csv(rows, out, default)
        if fmt == "jsonl":
            return _write_jsonl(rows, out)
        return _write_parquet(rows, out, default)

    if output in (None, "-"):
        if fmt == "parquet" and sys.stdout.isatty():
            raise UsageError("--format parquet is binary: give -o FILE, or redirect stdout")
        count = write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return count
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"-o {output}: no folder {folder}")
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            count = write(out)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count
