"""Scrapy settings for rolewatch crawls; `crawl.build_settings` adds the per-run values."""

from __future__ import annotations

BOT_NAME = "rolewatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

USER_AGENT = "rolewatch/0.1 (+https://github.com/rolewatch/rolewatch)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 64
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DNS_TIMEOUT = 15

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

ITEM_PIPELINES = {"monitor.pipeline.StorePipeline": 500}
# Items from one response are stored in order, so a source's `ListingEnd` follows its postings.
CONCURRENT_ITEMS = 1000

LOG_LEVEL = "WARNING"
LOGSTATS_INTERVAL = 0

PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
PLAYWRIGHT_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-first-run",
]
PLAYWRIGHT_MAX_CONTEXTS = 4
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 8
