"""A posting page read as the `jsonld` board reads it: its schema.org JobPosting's fields
(pay, locations, workplace), then the text of its description."""

from __future__ import annotations

from collections.abc import Sequence

from scrapy.http import HtmlResponse

from monitor.normalise import normalise
from spiders.html import job_postings, jsonld_posting

_PAGE_URL = "file:///posting.html"


def read_jsonld_page(markup: str, locations: Sequence[str] | None = None) -> dict | None:
    """{"pay", "office", "workplace"} of the page's first JobPosting; None when it has none.

    A JobPosting whose validThrough has passed is read all the same: the board would drop it,
    but whoever asks what a page says wants the answer. locations given replace the page's.
    """
    response = HtmlResponse(url=_PAGE_URL, body=markup.encode("utf-8"), encoding="utf-8")
    for data in job_postings(response):
        current = {key: value for key, value in data.items() if key != "validThrough"}
        posting = jsonld_posting("extract", current, _PAGE_URL)
        if posting is None:
            continue
        if locations:
            posting.locations = list(locations)
        content = normalise(posting)
        return {key: content[key] for key in ("pay", "office", "workplace")}
    return None
