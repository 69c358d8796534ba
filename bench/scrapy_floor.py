"""Scrapy's floor: one plain spider fetching and JSON-parsing every board, as a whole process.

With --etags FILE the validators of a first run are saved, and a second run sends them, so
every board can answer 304: the floor of a steady cycle with conditional requests.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess


class Floor(scrapy.Spider):
    name = "floor"
    custom_settings = {
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    }

    def __init__(self, urls: list[str], etags: dict[str, str], **kw: object):
        super().__init__(**kw)
        self.urls, self.etags, self.seen, self.postings, self.not_modified = urls, etags, {}, 0, 0

    async def start(self):  # type: ignore[no-untyped-def]
        for url in self.urls:
            headers = {"If-None-Match": self.etags[url]} if url in self.etags else {}
            yield scrapy.Request(url, headers=headers, meta={"handle_httpstatus_list": [304]})

    def parse(self, response):  # type: ignore[no-untyped-def]
        if response.status == 304:
            self.not_modified += 1
            return
        self.postings += len(json.loads(response.body)["jobs"])
        if etag := response.headers.get("ETag"):
            self.seen[response.url] = etag.decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("boards", type=int)
    parser.add_argument("--etags", type=Path)
    args = parser.parse_args()
    began = time.perf_counter()
    urls = [f"{args.base}/{i}.json" for i in range(args.boards)]
    etags = json.loads(args.etags.read_text()) if args.etags and args.etags.exists() else {}
    process = CrawlerProcess(install_root_handler=False)
    crawler = process.create_crawler(Floor)
    process.crawl(crawler, urls=urls, etags=etags)
    process.start()
    spider = crawler.spider
    if args.etags and not etags:
        args.etags.write_text(json.dumps(spider.seen))
    print(
        json.dumps(
            {
                "postings": spider.postings,
                "not_modified": spider.not_modified,
                "in_process_seconds": round(time.perf_counter() - began, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
