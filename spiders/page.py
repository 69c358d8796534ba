"""Careers pages without markup: CSS selectors per field, JSON-LD first where a page has it.

`fields: {title, description, location, pay?, id?}` (also `company`, `department`,
`posted_at`) are CSS selectors (`::text` and `::attr(name)` allowed) applied to each posting
page. A page where the title selector (and the description one, when given) matches nothing
is not a posting and is skipped. Without `id`, the page's URL is the posting's id.
"""

from __future__ import annotations

from scrapy.http import Response

from monitor.items import Posting
from spiders.base import SourceState, register
from spiders.html import HtmlBoardSpider, css_text, css_texts, is_html


def css_html(response: Response, selector: str | None) -> str:
    """The HTML of every element a selector matches, in order."""
    if not selector:
        return ""
    return "\n".join(response.css(selector).getall())


@register
class PageSpider(HtmlBoardSpider):
    kind = "page"

    def page_postings(
        self, response: Response, state: SourceState, page_url: str
    ) -> list[Posting]:
        found = super().page_postings(response, state, page_url)
        if found or not is_html(response):
            return found
        posting = self.css_posting(response, state, page_url)
        return [posting] if posting else []

    def css_posting(self, response: Response, state: SourceState, page_url: str) -> Posting | None:
        fields = state.source.fields
        title = css_text(response, fields.get("title") or "h1")
        description = css_html(response, fields.get("description"))
        if not title or (fields.get("description") and not description):
            return None
        return Posting(
            source=state.source.name,
            external_id=css_text(response, fields.get("id")) or page_url,
            title=title,
            url=page_url,
            company=css_text(response, fields.get("company")) or None,
            department=css_text(response, fields.get("department")) or None,
            locations=css_texts(response, fields.get("location")),
            description=description,
            pay_text=css_text(response, fields.get("pay")) or None,
            posted_at=css_text(response, fields.get("posted_at")) or None,
        )
