"""Pinpoint careers site: `GET https://{company}.pinpointhq.com/postings.json`, one response.

Pay comes from `compensation_minimum/maximum/currency/frequency`, and only while
`compensation_visible` is true (a hidden band is not the board's statement).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from monitor.items import Posting
from spiders.base import BoardSpider, SourceState, ident, json_of, register
from spiders.paystring import read_pay_line
from spiders.structured import pay_range, period_of

API = "https://{board}.pinpointhq.com/postings.json"
# the body sections of a posting, each with its own heading field
SECTIONS = (
    ("description", None),
    ("key_responsibilities", "key_responsibilities_header"),
    ("skills_knowledge_expertise", "skills_knowledge_expertise_header"),
    ("benefits", "benefits_header"),
)


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def description(posting: dict[str, Any]) -> str:
    parts = []
    for field, header in SECTIONS:
        body = posting.get(field)
        if not isinstance(body, str) or not body.strip():
            continue
        title = posting.get(header) if header else None
        if isinstance(title, str) and title.strip():
            parts.append(f"<h3>{html.escape(title.strip())}</h3>")
        parts.append(body)
    return "\n".join(parts)


def place(location: Any) -> list[str]:
    if not isinstance(location, dict):
        return []
    name = _label(location)
    if name:
        return [name]
    parts = [location.get(k) for k in ("city", "province")]
    text = ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return [text] if text else []


def pay(posting: dict[str, Any], locations: list[str]) -> tuple[list[dict[str, Any]], str | None]:
    """The posting's structured range, or its compensation line for the text reader."""
    if posting.get("compensation_visible") is not True:
        return [], None
    item = pay_range(
        posting.get("compensation_minimum"),
        posting.get("compensation_maximum"),
        posting.get("compensation_currency"),
        period_of(posting.get("compensation_frequency")),
    )
    if item and item["period"]:
        return [item], None
    line = posting.get("compensation")
    line = line if isinstance(line, str) and line.strip() else None
    item = read_pay_line(line, locations)
    return ([item], None) if item else ([], line)


@register
class PinpointSpider(BoardSpider):
    kind = "pinpoint"
    conditional = True  # the whole board is one response

    def start_source(self, state: SourceState) -> Iterable[Request]:
        source = state.source
        url = source.url or API.format(board=source.board)
        yield self.request(
            state, url, self.parse_postings, headers={"Accept": "application/json"},
            conditional=True,
        )  # fmt: skip

    def parse_postings(self, response: Response, state: SourceState) -> Iterable[Posting]:
        data = json_of(response)
        postings = data.get("data") if isinstance(data, dict) else None
        if not isinstance(postings, list):
            raise ValueError("`data` is not a list")
        yield from self.read_each(state, postings, lambda row: self.posting(state, row, response))

    def posting(self, state: SourceState, posting: dict[str, Any], response: Response) -> Posting:
        found = posting.get("job")
        job: dict[str, Any] = found if isinstance(found, dict) else {}
        locations = place(posting.get("location"))
        ranges, line = pay(posting, locations)
        url = posting.get("url") or (
            response.urljoin(posting["path"]) if posting.get("path") else None
        )
        extra = {
            key: value
            for key, value in (
                (
                    "employment",
                    posting.get("employment_type_text") or posting.get("employment_type"),
                ),
                ("ref", job.get("requisition_id")),
                ("deadline", posting.get("deadline_at")),
            )
            if value
        }
        return Posting(
            source=state.source.name,
            external_id=ident(posting.get("id")),
            title=(posting.get("title") or "").strip(),
            url=url,
            department=_label(job.get("department")) or _label(posting.get("department")),
            locations=locations,
            description=description(posting),
            workplace=posting.get("workplace_type") or None,
            pay=ranges,
            pay_text=line,
            extra=extra,
        )
