"""Human-readable renderings of cycles, postings, changes, history and sources."""

from __future__ import annotations

from typing import Any

from monitor.cycle import CycleReport
from monitor.tables import short_time, table


def _pay(ranges: list[dict[str, Any]] | None) -> str:
    from monitor.notify.formatting import format_pay

    return format_pay(ranges or []) if ranges else "-"


def _office(office: dict[str, Any] | None) -> str:
    from monitor.notify.formatting import format_office

    return format_office(office) if office else "-"


def cycle_summary(report: CycleReport, *, verbose: bool = False) -> str:
    """One line per source, then totals and what the alerts did."""
    lines = []
    for r in report.results:
        if r.status == "failed":
            lines.append(f"{r.source}: FAILED: {r.error}")
            continue
        if r.status == "interrupted":
            lines.append(f"{r.source}: interrupted before its listing ended; nothing recorded")
            continue
        if r.baseline:
            line = f"{r.source}: baseline, now watching {r.open} open roles"
        elif r.status == "partial" and not r.seen and not r.open:
            line = f"{r.source}: no postings found, so no baseline yet"
        else:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(r.changes.items())) or "no changes"
            line = f"{r.source}: {r.seen} listed, {kinds}"
        if r.status == "partial":
            line += f" (partial listing: {r.error}; nothing removed)"
        if r.changes.get("source_suspect"):
            line += " (suspect: too many roles vanished at once; none closed until confirmed)"
        if verbose:
            line += f" [{r.pages} pages, {r.seconds:.2f}s]"
        lines.append(line)
    failed = sum(r.status == "failed" for r in report.results)
    interrupted = sum(r.status == "interrupted" for r in report.results)
    total = f"{len(report.results)} sources in {report.seconds:.1f}s"
    total += f", {failed} failed" if failed else ""
    lines.append(total + (f", {interrupted} interrupted" if interrupted else ""))
    if report.delivery:
        d = report.delivery
        lines.append(
            f"alerts: {d.get('sent', 0)} messages sent, {d.get('failed', 0)} failed "
            f"(kept for retry), {d.get('dead', 0)} given up"
        )
    if report.notify_error:
        lines.append(f"alerts: {report.notify_error}; pending alerts are kept for the next cycle")
    return "\n".join(lines)


def postings_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ["KEY", "STATUS", "WORKPLACE", "PAY", "OFFICE", "TITLE"],
        [
            (
                r["key"],
                r["status"],
                r["workplace"] or "-",
                _pay(r["pay"]),
                _office(r["office"]),
                r["title"] + (f" ({'; '.join(r['locations'])})" if r["locations"] else ""),
            )
            for r in rows
        ],
    )


def _value(kind: str, value: Any) -> str:
    if value is None:
        return "-"
    if kind == "pay_changed":
        return _pay(value)
    if kind == "office_changed":
        return _office(value)
    if kind == "location_changed":
        return "; ".join(value) or "-"
    if kind in ("source_failing", "source_recovered"):
        return f"{value.get('failures')} failures: {value.get('error')}"
    if isinstance(value, dict):
        return value.get("title") or "-"
    return str(value)


def change_line(row: dict[str, Any]) -> str:
    kind = row["kind"]
    if kind in ("new", "reopened", "removed"):
        return row.get("title") or row.get("key") or ""
    if kind == "source_failing":
        return _value(kind, row["after"])
    if kind == "source_recovered":
        return "recovered after " + _value(kind, row["before"])
    if kind == "source_suspect":
        info = row["after"] if isinstance(row["after"], dict) else {}
        return (
            f"{info.get('missing')} of {info.get('open')} open roles gone at once: "
            "none closed until later listings agree"
        )
    if kind == "description_changed":
        return f"{row.get('title')}: text edited ({_edit_size(row['before'], row['after'])})"
    return f"{row.get('title')}: {_value(kind, row['before'])} → {_value(kind, row['after'])}"


def _edit_size(before: str | None, after: str | None) -> str:
    """How much of a text changed, in words: `+12 −3 words`."""
    import difflib

    old, new = (before or "").split(), (after or "").split()
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return f"+{added} −{removed} words"


def changes_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ["DETECTED", "SOURCE", "KIND", "KEY", "WHAT"],
        [
            (short_time(r["detected_at"]), r["source"], r["kind"], r["key"] or "-", change_line(r))
            for r in rows
        ],
    )


def history_text(found: dict[str, Any]) -> str:
    posting = found["posting"]
    lines = [
        f"{posting['title']} ({posting['key']}, {posting['status']})",
        f"{posting['url'] or ''}",
        "",
        table(
            ["VERSION", "TAKEN", "WORKPLACE", "OFFICE", "PAY"],
            [
                (
                    f"{v['version']} (re-read)" if v.get("reread") else v["version"],
                    short_time(v["taken_at"]),
                    v["workplace"] or "-",
                    _office(v["office"]),
                    _pay(v["pay"]),
                )
                for v in found["versions"]
            ],
        ),
    ]
    if any(v.get("reread") for v in found["versions"]):
        lines += ["", "(re-read): read again by a newer rolewatch from the same board text; "
                  "never alerted"]  # fmt: skip
    if found["changes"]:
        lines += ["", "changes:", changes_table(found["changes"])]
    return "\n".join(lines)


def sources_table(rows: list[dict[str, Any]], outbox: list[dict[str, Any]]) -> str:
    out = table(
        ["SOURCE", "KIND", "STATUS", "LAST RUN", "OPEN", "FAILS", "ERROR"],
        [
            (
                r["name"] + ("" if r["configured"] else " (not in config)"),
                r["kind"] or "-",
                r["status"],
                short_time(r["last_run"]),
                r["open_postings"],
                r["failures_in_row"],
                r["error"] or "",
            )
            for r in rows
        ],
    )
    if outbox:
        out += "\n\n" + outbox_table(outbox)
    return out


def outbox_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ["TARGET", "PENDING", "DEAD", "SENT", "NEXT TRY", "LAST ERROR"],
        [
            (
                r.get("target"),
                r.get("pending", 0),
                r.get("dead", 0),
                r.get("sent", 0),
                short_time(r.get("next_attempt")),
                r.get("last_error") or "",
            )
            for r in rows
        ],
    )
