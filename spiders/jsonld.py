"""Careers pages with schema.org JobPosting JSON-LD: the listing page and the pages it links to.

`url` is the careers page; `links` the CSS selector of its posting links (default: every link
to the same host). Postings inline in the careers page count too. A linked page without a
JobPosting is not a posting and is skipped; one whose `validThrough` has passed is gone.
"""

from __future__ import annotations

from spiders.base import register
from spiders.html import HtmlBoardSpider


@register
class JsonLdSpider(HtmlBoardSpider):
    kind = "jsonld"
