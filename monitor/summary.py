"""Human-readable renderings of cycles, postings, changes, history and sources."""

from __future__ import annotations

from typing import Any

from monitor.cycle import EMPTY, CycleReport
from monitor.tables import Column, short_time, shorter_time, table

PREVIEW_ROWS = 20  # postings a dry run lists per source (--json has them all)


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 source`, `2 sources`, `0 open roles`."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _pay(ranges: list[dict[str, Any]] | None) -> str:
    from monitor.notify.formatting import format_pay

    return format_pay(ranges or []) if ranges else "-"


def _office(office: dict[str, Any] | None) -> str:
    from monitor.notify.formatting import format_office

    return format_office(office) if office else "-"


def cycle_summary(report: CycleReport, *, verbose: bool = False) -> str:
    """One line per source, then totals and what the alerts did (on a dry run, what it
    would have stored and recorded)."""
    lines = []
    would = report.dry_run
    for r in report.results:
        if r.status == "failed":
            lines.append(f"{r.source}: FAILED: {r.error}")
            continue
        if r.status == "interrupted":
            lines.append(f"{r.source}: interrupted before its listing ended; nothing recorded")
            continue
        if r.baseline and not r.open:
            line = f"{r.source}: BASELINE OF 0 POSTINGS: {empty_hint(r.notes)}"
        elif r.baseline:
            verb = "would watch" if would else "now watching"
            line = f"{r.source}: baseline, {verb} {plural(r.open, 'open role')}"
        elif r.status == "partial" and not r.seen and not r.open:
            line = f"{r.source}: no postings found, so no baseline yet: {empty_hint(r.notes)}"
        else:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(r.changes.items())) or "no changes"
            line = f"{r.source}: {r.seen} listed, {kinds}"
        if r.status == "partial":
            line += f" (partial listing: {r.error}; nothing removed)"
        if r.changes.get("source_suspect"):
            line += " (suspect: too many roles vanished at once; none closed until confirmed)"
        if verbose:
            line += f" [{plural(r.pages, 'page')}, {r.seconds:.2f}s]"
        lines.append(line)
    failed = sum(r.status == "failed" for r in report.results)
    interrupted = sum(r.status == "interrupted" for r in report.results)
    total = f"{plural(len(report.results), 'source')} in {report.seconds:.1f}s"
    total += f", {failed} failed" if failed else ""
    lines.append(total + (f", {interrupted} interrupted" if interrupted else ""))
    if report.delivery:
        d = report.delivery
        lines.append(
            f"alerts: {plural(d.get('sent', 0), 'message')} sent, {d.get('failed', 0)} failed "
            f"(kept for retry), {d.get('dead', 0)} given up"
        )
    if report.notify_error:
        lines.append(f"alerts: {report.notify_error}; pending alerts are kept for the next cycle")
    if would:
        lines += ["", *dry_run_preview(report)]
    return "\n".join(lines)


def empty_hint(notes: list[str]) -> str:
    """The advice `cycle.empty_listing_note` left in a result's notes."""
    for note in notes:
        if EMPTY in note:
            return note[note.index(EMPTY) :]
    return EMPTY


def dry_run_preview(report: CycleReport) -> list[str]:
    """What a dry run would have kept, per source: its postings, then its changes."""
    lines: list[str] = []
    changes: list[dict[str, Any]] = []
    alerts = 0
    for r in report.results:
        preview = r.preview
        if not preview:
            continue
        alerts += preview["alerts"]
        changes += preview["changes"]
        postings = preview["postings"]
        stored = [p for p in postings if p["stored"] != "unchanged"]
        counts = ", ".join(
            plural(sum(p["stored"] == how for p in postings), how + " posting")
            for how in ("new", "updated")
            if any(p["stored"] == how for p in postings)
        )
        lines.append(f"{r.source}: would store {counts or 'nothing new'}")
        if stored:
            lines.append(postings_table(stored[:PREVIEW_ROWS]))
            if len(stored) > PREVIEW_ROWS:
                lines.append(f"and {len(stored) - PREVIEW_ROWS} more (--json lists them all)")
        lines.append("")
    if changes:
        lines += [f"would record {plural(len(changes), 'change')}:", changes_table(changes), ""]
    elif any(r.preview for r in report.results):
        lines += ["would record no changes", ""]
    queued = f"would queue {plural(alerts, 'alert')}" if alerts else "would queue no alerts"
    lines.append(f"dry run: nothing was written ({queued})")
    return lines


def _workplace(row: dict[str, Any]) -> str:
    """A posting's office terms, else the workplace its board states."""
    return _office(row.get("office")) if row.get("office") else row.get("workplace") or "-"


def postings_table(rows: list[dict[str, Any]]) -> str:
    """Postings by key: title and locations, pay, office terms (and status when they vary)."""
    statuses = {r["status"] for r in rows}
    columns = [
        Column("KEY", key=True, drop=2),
        Column("TITLE", wrap=True, least=16),
        Column("PAY", wrap=True, least=18),
        Column("OFFICE", wrap=True, least=12),
    ]
    if statuses != {"open"}:
        columns.insert(1, Column("STATUS", drop=1))
    return table(
        columns,
        [
            (
                r["key"],
                *([r["status"]] if statuses != {"open"} else []),
                r["title"] + (f" ({'; '.join(r['locations'])})" if r["locations"] else ""),
                _pay(r["pay"]),
                _workplace(r),
            )
            for r in rows
        ],
    )


def unwatched_note(hidden: dict[str, int]) -> str:
    """The line under `postings` about the open postings of sources that left the config."""
    count = sum(hidden.values())
    return (
        f"({plural(count, 'open posting')} of sources no longer in the config "
        f"({', '.join(hidden)}) not shown: nothing watches them now; --all lists them as "
        "unwatched)"
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
    if kind in ("reposted", "pay_missing"):
        from monitor.notify.formatting import pay_missing_note, repost_note

        note = repost_note(row["before"]) if kind == "reposted" else pay_missing_note(row["after"])
        return f"{row.get('title')}: {note}"
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
    """Changes, newest first: what changed always in full (wrapped), keys when they fit."""
    return table(
        [
            Column("DETECTED", short=shorter_time),
            Column("SOURCE", beside_key=True),
            Column("KIND"),
            Column("KEY", key=True, drop=1),
            Column("WHAT", wrap=True, least=24),
        ],
        [
            (
                short_time(r["detected_at"]),
                r["source"],
                r["kind"],
                r["key"] or "-",
                change_line(r),
            )
            for r in rows
        ],
    )


def history_text(found: dict[str, Any]) -> str:
    """A posting's versions and changes, then those of the postings its reposts link it to."""
    text = _one_history(found)
    for other in found.get("reposts") or []:
        earlier = other["posting"]["first_seen"] < found["posting"]["first_seen"]
        text += "\n\n" + ("reposted from" if earlier else "reposted as") + ":\n"
        text += _one_history(other)
    return text


def _one_history(found: dict[str, Any]) -> str:
    posting = found["posting"]
    lines = [
        f"{posting['title']} ({posting['key']}, {posting['status']})",
        f"{posting['url'] or ''}",
        "",
        table(
            [
                Column("VERSION"),
                Column("TAKEN", short=shorter_time),
                Column("WORKPLACE", drop=1),
                Column("OFFICE", wrap=True),
                Column("PAY", wrap=True, least=18),
            ],
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
    """Each source: kind, status, last run, open postings, failures in a row, last error."""
    out = table(
        [
            Column("SOURCE", wrap=True, least=12),
            Column("KIND", drop=2),
            Column("STATUS"),
            Column("LAST RUN", short=shorter_time, drop=1),
            Column("OPEN"),
            Column("FAILS"),
            Column("ERROR", wrap=True, least=20),
        ],
        [
            (
                r["name"] + ("" if r["configured"] else " (not in config)"),
                r["kind"] or "-",
                r["status"],
                short_time(r["last_run"]),
                r["open_postings"] if r["configured"] else "-",
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
    """Alerts per notify target: pending, given up, sent, suppressed (never to be sent)."""
    return table(
        [
            Column("TARGET", wrap=True, least=16),
            Column("PENDING"),
            Column("DEAD"),
            Column("SENT"),
            Column("SUPPRESSED", drop=1),
            Column("NEXT TRY", short=shorter_time, drop=2),
            Column("LAST ERROR", wrap=True, least=20),
        ],
        [
            (
                r.get("target"),
                r.get("pending", 0),
                r.get("dead", 0),
                r.get("sent", 0),
                r.get("suppressed", 0),
                short_time(r.get("next_attempt")),
                r.get("last_error") or r.get("problem") or "",
            )
            for r in rows
        ],
    )


def pay_text(found: dict[str, Any]) -> str:
    """`rolewatch pay`: per source and overall, then month by month (paystats.overview)."""
    from monitor.notify.formatting import format_amount

    currency, period = found["currency"], found["period"]

    def money(spread: dict[str, Any] | None, field: str = "median") -> str:
        return format_amount(spread[field], currency) if spread else "-"

    def quartiles(spread: dict[str, Any] | None) -> str:
        return f"{money(spread, 'q1')}–{money(spread, 'q3')}" if spread else "-"

    def row(name: str, stats: dict[str, Any]) -> tuple[Any, ...]:
        low, high = stats["low"], stats["high"]
        return (name, stats["postings"], money(low), quartiles(low), money(high),
                quartiles(high))  # fmt: skip

    columns = [
        Column("SOURCE", wrap=True, least=10),
        Column("POSTINGS"),
        Column("LOW MEDIAN"),
        Column("LOW P25–P75", wrap=True, drop=2),
        Column("HIGH MEDIAN"),
        Column("HIGH P25–P75", wrap=True, drop=1),
    ]
    rows: list[Any] = [row(name, stats) for name, stats in found["by_source"].items()]
    rows.append(row("all", found["overall"]))
    wanted = [f"{k} ~ /{v}/" for k, v in (found.get("filters") or {}).items() if v]
    lines = [
        f"stated base pay of open postings, {currency} a {period}"
        + (f" ({', '.join(wanted)})" if wanted else ""),
        "",
        table(columns, rows),
    ]
    left = [f"{n} in {code}" for code, n in found["other_currencies"].items()]
    if found["other_kinds"]:
        left.append(f"{found['other_kinds']} on-target or total pay")
    if left:
        lines += ["", f"(ranges left out: {', '.join(left)})"]
    if found["monthly"]:
        lines += ["", "month by month (each posting as it stood at the month's end):", table(
            [Column("MONTH"), Column("POSTINGS"), Column("LOW MEDIAN"), Column("HIGH MEDIAN")],
            [(m["month"], m["overall"]["postings"], money(m["overall"]["low"]),
              money(m["overall"]["high"])) for m in found["monthly"]],
        )]  # fmt: skip
    return "\n".join(lines)
