"""The digest: one message for one target, grouped by source and kind, newest first.

Pure: outbox items in, title and body out. A body that does not fit the service ends with
"…and N more" instead of being cut off; `fits` (from the service's own limits) decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.notify.formatting import (
    ARROW,
    format_locations,
    format_office,
    format_office_change,
    format_pay,
    format_pay_change,
    pay_missing_note,
    repost_note,
)
from monitor.notify.markup import (
    Dialect,
    Link,
    Own,
    Part,
    Text,
    bullets,
    clean,
    dialect,
    heading,
    join_blocks,
    paragraph,
    subheading,
)
from monitor.routing import BASELINE
from monitor.store.outbox import Item

# Notes about the source itself come first, then the role changes, each kind under a heading.
NOTES = (BASELINE, "source_failing", "source_suspect", "source_recovered")
KIND_ORDER = (
    *NOTES, "new", "reposted", "reopened", "pay_missing", "pay_changed", "office_changed",
    "title_changed", "location_changed", "removed", "description_changed",
)  # fmt: skip
# kind -> (singular, plural) for the title and the headings
NAMES = {
    BASELINE: ("source now watched", "sources now watched"),
    "source_failing": ("source failing", "sources failing"),
    "source_suspect": ("suspect listing", "suspect listings"),
    "source_recovered": ("source recovered", "sources recovered"),
    "new": ("new role", "new roles"),
    "reposted": ("reposted role", "reposted roles"),
    "reopened": ("reopened role", "reopened roles"),
    "pay_missing": ("pay-transparency gap", "pay-transparency gaps"),
    "pay_changed": ("pay change", "pay changes"),
    "office_changed": ("office-terms change", "office-terms changes"),
    "title_changed": ("title change", "title changes"),
    "location_changed": ("location change", "location changes"),
    "removed": ("closed role", "closed roles"),
    "description_changed": ("description change", "description changes"),
}
SEP = " · "


@dataclass(frozen=True, slots=True)
class Digest:
    """A rendered message: how many of its items are shown, how many summed up as "more"."""

    title: str
    body: str
    shown: int
    more: int


def _count(kind: str, n: int) -> str:
    singular, plural = NAMES.get(kind, (kind, kind))
    return f"{n} {singular if n == 1 else plural}"


def _rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def order(items: Sequence[Item]) -> list[Item]:
    """Display order: sources by their newest item, then kind, then newest first."""
    newest: dict[str, tuple[datetime, int]] = {}
    for item in items:
        mark = (item.when, item.id)
        if item.source not in newest or mark > newest[item.source]:
            newest[item.source] = mark
    by_source = sorted(newest, key=lambda s: (newest[s], s), reverse=True)
    position = {source: i for i, source in enumerate(by_source)}
    return sorted(
        items,
        key=lambda i: (position[i.source], _rank(i.kind), -i.when.timestamp(), -i.id),
    )


def make_title(items: Sequence[Item], maxlen: int = 0) -> str:
    """`rolewatch: 2 new roles, 1 pay change (stripe, ramp)`, shortened to `maxlen` if > 0."""
    counts: dict[str, int] = {}
    sources: list[str] = []
    for item in order(items):
        counts[item.kind] = counts.get(item.kind, 0) + 1
        if item.source not in sources:
            sources.append(item.source)
    what = ", ".join(_count(k, counts[k]) for k in sorted(counts, key=_rank))
    candidates = [f"rolewatch: {what} ({', '.join(clean(s) for s in sources)})"]
    for keep in range(min(len(sources), 3) - 1, 0, -1):
        shown = ", ".join(clean(s) for s in sources[:keep])
        candidates.append(f"rolewatch: {what} ({shown}, +{len(sources) - keep})")
    candidates.append(f"rolewatch: {what}")
    candidates.append(f"rolewatch: {len(items)} alerts")
    for title in candidates:
        if maxlen <= 0 or len(title) <= maxlen:
            return title
    return candidates[-1][:maxlen]


def _role(item: Item) -> Link:
    posting = item.after if isinstance(item.after, dict) else item.before
    posting = posting if isinstance(posting, dict) else {}
    title = item.title or posting.get("title")
    url = item.url or posting.get("url")
    return Link(str(title or item.key or "(untitled)"), url)


# How a failing source's error begins (spiders.base.describe_failure): the URL there is the
# one its request was for, made from the config's `url:` or `board:`, so it is left a working
# link. Anything after it may quote the board and is defused like all scraped text.
_OWN_URL = re.compile(
    r"^(?:HTTP \d{3} on |timeout on |connection lost while reading |parse error on |"
    r"[A-Za-z]+ on )?(https?://[^\s;,()<>]+)"
)


def _error(error: str) -> list[Part]:
    """A failing source's error, its own request's URL kept a link (see _OWN_URL)."""
    error = clean(error, 200, links=True)
    match = _OWN_URL.match(error)
    if match is None:
        return [Text(error)]
    head, url, tail = error[: match.start(1)], match.group(1), error[match.end(1) :]
    return [part for part in (Text(head), Own(url), Text(tail)) if part.value]


def line(item: Item) -> list[Part]:
    """The parts of one item's line."""
    kind, before, after = item.kind, item.before, item.after
    if kind == BASELINE:
        count = (item.payload or {}).get("count")
        return [Text(f"now watching {item.source}: {count} open role{'' if count == 1 else 's'}")]
    if kind == "source_failing":
        info = after if isinstance(after, dict) else {}
        n = info.get("failures")
        error = info.get("error") or "unknown error"
        return [Text(f"{item.source} failed {n} cycles in a row: "), *_error(str(error))]
    if kind == "source_suspect":
        info = after if isinstance(after, dict) else {}
        return [
            Text(
                f"{item.source} suddenly lists {info.get('missing')} of its "
                f"{info.get('open')} open roles no more: nothing is closed until later "
                "listings agree (a redesigned or emptied careers page?)"
            )
        ]
    if kind == "source_recovered":
        n = (before if isinstance(before, dict) else {}).get("failures")
        return [Text(f"{item.source} is back after {n} failed cycles")]
    role = _role(item)
    if kind in ("new", "reopened", "removed"):
        posting = (after if kind != "removed" else before) or {}
        posting = posting if isinstance(posting, dict) else {}
        details = [format_locations(posting.get("locations"))]
        if kind != "removed":
            details += [format_pay(posting.get("pay")), format_office(posting.get("office"))]
        details = [d for d in details if d]
        return [role, Text(" — " + SEP.join(details))] if details else [role]
    if kind == "reposted":
        posting = after if isinstance(after, dict) else {}
        details = [format_locations(posting.get("locations")), format_pay(posting.get("pay"))]
        details = [repost_note(before), *(d for d in details if d)]
        return [role, Text(" — " + SEP.join(details))]
    if kind == "pay_missing":
        return [role, Text(": " + pay_missing_note(after))]
    if kind == "pay_changed":
        return [role, Text(": " + format_pay_change(before, after))]
    if kind == "office_changed":
        return [role, Text(": office: " + format_office_change(before, after))]
    if kind == "title_changed":
        return [Text(f"{before or '(untitled)'}{ARROW}"), role]
    if kind == "location_changed":
        old = format_locations(before) or "none"
        return [role, Text(f": {old}{ARROW}{format_locations(after) or 'none'}")]
    if kind == "description_changed":
        return [role, Text(": description changed")]
    return [role, Text(f": {kind.replace('_', ' ')}")]


def body(items: Sequence[Item], fmt: str | Dialect, total: dict[tuple[str, str], int],
         more: int) -> str:  # fmt: skip
    """The body for these (ordered) items; `total` counts every item of a source and kind."""
    blocks: list[str] = []
    index = 0
    while index < len(items):
        source = items[index].source
        blocks.append(heading(source, fmt))
        while index < len(items) and items[index].source == source:
            kind = items[index].kind
            group: list[Item] = []
            while (index < len(items) and items[index].source == source
                   and items[index].kind == kind):  # fmt: skip
                group.append(items[index])
                index += 1
            if kind in NOTES:
                blocks.extend(paragraph(line(i), fmt) for i in group)
                continue
            plural = NAMES.get(kind, (kind, kind))[1]
            label = f"{plural[0].upper()}{plural[1:]} ({total[(source, kind)]})"
            blocks.append(subheading(label, fmt))
            blocks.append(bullets([line(i) for i in group], fmt))
    if more:
        form = dialect(fmt)
        if form.format == "html":
            blocks.append(f"<p>…and {more} more (<code>rolewatch changes</code> lists them)</p>")
        elif form.service == "slack":  # no code spans in what reaches Slack from here
            blocks.append(f"…and {more} more (rolewatch changes lists them)")
        else:
            blocks.append(f"…and {more} more (`rolewatch changes` lists them)")
    return join_blocks(blocks, fmt)


def render(items: Sequence[Item], fmt: str | Dialect, fits: Callable[[str], bool] = lambda _: True,
           title_maxlen: int = 0) -> Digest:  # fmt: skip
    """As many items as fit (by `fits`), in display order, the rest summed up as "and N more"."""
    ordered = order(items)
    title = make_title(ordered, title_maxlen)
    total: dict[tuple[str, str], int] = {}
    for item in ordered:
        total[(item.source, item.kind)] = total.get((item.source, item.kind), 0) + 1
    n = len(ordered)
    full = body(ordered, fmt, total, 0)
    if fits(full):
        return Digest(title, full, n, 0)
    low, high = 0, n - 1  # the most items that fit, by bisection (fitting is monotonic)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(body(ordered[:mid], fmt, total, n - mid)):
            low = mid
        else:
            high = mid - 1
    text = body(ordered[:low], fmt, total, n - low)
    if low == 0 and not fits(text):
        text = f"…and {n} more"
    return Digest(title, text, low, n - low)
