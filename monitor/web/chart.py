"""A posting's pay range and office terms over time, as SVG drawn on the server.

Pure: versions in, SVG text out, readable without JavaScript (every value is also a text label)
and free of inline styles (the page's CSS colours it through classes, under a strict CSP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from monitor.notify.formatting import format_amount, format_office
from monitor.timeutil import parse_when
from monitor.web.words import inert

WIDTH, PAD_LEFT, PAD_RIGHT = 720, 96, 16
PAY_HEIGHT, OFFICE_HEIGHT, PAD_Y = 200, 120, 24


@dataclass(frozen=True, slots=True)
class Step:
    """One version's value, from when it was taken until the next version."""

    start: datetime
    end: datetime
    low: float | None
    high: float | None
    label: str


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _unit(versions: list[dict[str, Any]]) -> tuple[str | None, str | None] | None:
    """The (currency, period) of the newest version that states a pay."""
    for version in reversed(versions):
        for item in version.get("pay") or ():
            if isinstance(item, dict):
                return item.get("currency"), item.get("period")
    return None


def _times(versions: list[dict[str, Any]], end: datetime) -> list[tuple[datetime, datetime]]:
    starts = [parse_when(v.get("taken_at")) or end for v in versions]
    ends = [*starts[1:], max(end, starts[-1] + timedelta(hours=1))]
    return list(zip(starts, ends, strict=True))


def pay_steps(versions: list[dict[str, Any]], end: datetime) -> tuple[list[Step], str]:
    """The pay range of each version in one unit (the newest's), and that unit's name."""
    unit = _unit(versions)
    if unit is None or not versions:
        return [], ""
    currency, period = unit
    steps = []
    for (start, stop), version in zip(_times(versions, end), versions, strict=True):
        same = [
            i
            for i in version.get("pay") or ()
            if isinstance(i, dict) and (i.get("currency"), i.get("period")) == unit
        ]
        lows = [n for n in (_number(i.get("min")) for i in same) if n is not None]
        highs = [n for n in (_number(i.get("max")) for i in same) if n is not None]
        low, high = (min(lows) if lows else None), (max(highs) if highs else None)
        low, high = low if low is not None else high, high if high is not None else low
        if low is None or high is None:
            label = "not stated"
        elif low == high:
            label = format_amount(low, currency)
        else:
            label = f"{format_amount(low, currency)}–{format_amount(high, currency)}"
        steps.append(Step(start, stop, low, high, label))
    name = " / ".join(p for p in (currency, period) if p)
    return steps, name


def office_share(office: Any) -> float | None:
    """The share of time in the office, 0 to 100, where the terms say or imply it."""
    if not isinstance(office, dict):
        return None
    pct, days = _number(office.get("min_office_pct")), _number(office.get("days_per_week"))
    if pct is not None:
        return max(0.0, min(100.0, pct))
    if days is not None:
        return max(0.0, min(100.0, days / 5 * 100))
    return {"remote": 0.0, "onsite": 100.0}.get(str(office.get("mode")))


def office_steps(versions: list[dict[str, Any]], end: datetime) -> list[Step]:
    """Each version's share of office time, labelled with its terms."""
    steps = []
    for (start, stop), version in zip(_times(versions, end), versions, strict=True):
        share = office_share(version.get("office"))
        label = format_office(version.get("office")) or version.get("workplace") or "not stated"
        steps.append(Step(start, stop, share, share, str(label)))
    return steps


class _Axes:
    def __init__(self, start: datetime, end: datetime, low: float, high: float, height: int):
        self.start, self.span = start, max((end - start).total_seconds(), 1.0)
        self.low, self.range = low, (high - low) or 1.0
        self.height = height

    def x(self, moment: datetime) -> float:
        inner = WIDTH - PAD_LEFT - PAD_RIGHT
        return round(PAD_LEFT + inner * (moment - self.start).total_seconds() / self.span, 1)

    def y(self, value: float) -> float:
        inner = self.height - 2 * PAD_Y
        return round(self.height - PAD_Y - inner * (value - self.low) / self.range, 1)


def _frame(title: str, height: int, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<rect class="frame" x="{PAD_LEFT}" y="{PAD_Y}" width="{WIDTH - PAD_LEFT - PAD_RIGHT}"'
        f' height="{height - 2 * PAD_Y}"/>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, cls: str = "label", anchor: str = "start") -> str:
    return (
        f'<text class="{cls}" x="{x}" y="{y}" text-anchor="{anchor}">{escape(inert(text))}</text>'
    )


class _Labels:
    """Text labels at value changes, skipping those that would overlap the one before (every
    value stays readable in its band's tooltip and in the versions table)."""

    def __init__(self) -> None:
        self.previous, self.right = "", -1e9

    def add(self, body: list[str], x: float, y: float, text: str, cls: str = "label") -> None:
        if text == self.previous:
            return
        self.previous = text
        width = 6.5 * len(text)  # about the width of the 11px text
        left = min(x + 4, WIDTH - PAD_RIGHT - width)  # the last ones end at the right edge
        if left < self.right:
            return
        body.append(_text(round(left, 1), y, text, cls))
        self.right = left + width + 8


def _dates(axes: _Axes, steps: list[Step], height: int) -> list[str]:
    out, last = [], -1e9
    for step in steps:
        x = axes.x(step.start)
        if x - last >= 70:  # labels closer than this would overlap
            out.append(_text(x, height - 6, step.start.strftime("%Y-%m-%d"), "axis", "middle"))
            last = x
    return out


def pay_chart(versions: list[dict[str, Any]], end: datetime) -> str:
    """SVG of the pay range over time ("" when no version states a pay)."""
    steps, unit = pay_steps(versions, end)
    known = [s for s in steps if s.low is not None and s.high is not None]
    if not known:
        return ""
    low = min(s.low for s in known if s.low is not None)
    high = max(s.high for s in known if s.high is not None)
    margin = (high - low) * 0.15 or high * 0.1 or 1.0
    axes = _Axes(steps[0].start, steps[-1].end, max(0.0, low - margin), high + margin, PAY_HEIGHT)
    body = [
        _text(PAD_LEFT - 6, axes.y(high) + 4, f"{high:,.0f}", "axis", "end"),
        _text(PAD_LEFT - 6, axes.y(low) + 4, f"{low:,.0f}", "axis", "end"),
        _text(PAD_LEFT - 6, PAD_Y - 8, unit, "axis", "end"),
    ]
    labels = _Labels()
    for step in steps:
        x0, x1 = axes.x(step.start), axes.x(step.end)
        if step.low is None or step.high is None:
            labels.add(body, x0, PAY_HEIGHT / 2, step.label, "label muted")
            continue
        top, bottom = axes.y(step.high), axes.y(step.low)
        body.append(
            f'<rect class="band" x="{x0}" y="{top}" width="{max(x1 - x0, 1.0)}" '
            f'height="{max(bottom - top, 2.0)}"><title>{escape(inert(step.label))}</title></rect>'
        )
        labels.add(body, x0, top - 6, step.label)
    return _frame(f"Pay ({unit}) over time", PAY_HEIGHT, body + _dates(axes, steps, PAY_HEIGHT))


def office_chart(versions: list[dict[str, Any]], end: datetime) -> str:
    """SVG of the share of office time over time ("" when no version states office terms)."""
    steps = office_steps(versions, end)
    if not any(s.low is not None for s in steps):
        return ""
    axes = _Axes(steps[0].start, steps[-1].end, 0.0, 100.0, OFFICE_HEIGHT)
    body = [
        _text(PAD_LEFT - 6, axes.y(100) + 4, "100% office", "axis", "end"),
        _text(PAD_LEFT - 6, axes.y(0) + 4, "0%", "axis", "end"),
    ]
    labels = _Labels()
    for step in steps:
        x0, x1 = axes.x(step.start), axes.x(step.end)
        if step.low is None:
            labels.add(body, x0, OFFICE_HEIGHT / 2, step.label, "label muted")
            continue
        y = axes.y(step.low)
        body.append(
            f'<line class="step" x1="{x0}" y1="{y}" x2="{x1}" y2="{y}">'
            f"<title>{escape(inert(step.label))}</title></line>"
        )
        labels.add(body, x0, max(y - 6, PAD_Y + 10), step.label)
    dates = _dates(axes, steps, OFFICE_HEIGHT)
    return _frame("Office terms over time", OFFICE_HEIGHT, body + dates)
