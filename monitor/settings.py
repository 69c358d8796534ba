"""Scrapy settings for rolewatch crawls; `crawl.build_settings` adds the per-run values."""

from __future__ import annotations

from scrapy.settings import default_settings

BOT_NAME = "rolewatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy list`/`scrapy crawl KIND` (what Scrapyd runs): a spider per board kind that reads
# a job's arguments; a `check` hands its spiders their sources itself
SPIDER_LOADER_CLASS = "monitor.scrapyd.job.JobSpiderLoader"

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
# 429/503: wait as Retry-After asks (at most RETRY_AFTER_MAX seconds), RETRY_AFTER_TIMES times
RETRY_AFTER_TIMES = 3
RETRY_AFTER_MAX = 60
RETRY_BACKOFF_BASE = 1.0  # a 429 without Retry-After waits 1 s, 2 s, 4 s

# Scrapy's own list without the two replaced or unused here, left out of the base list itself:
# Scrapy imports every middleware named in DOWNLOADER_MIDDLEWARES, even those set to None, and
# the cookies one (off: COOKIES_ENABLED) pulls in tldextract, 35 ms a process.
DOWNLOADER_MIDDLEWARES_BASE = {
    path: order
    for path, order in default_settings.DOWNLOADER_MIDDLEWARES_BASE.items()
    if not path.endswith((".CookiesMiddleware", ".RetryMiddleware"))
}
DOWNLOADER_MIDDLEWARES = {
    "monitor.middleware.RetryAfterMiddleware": 550,
    "monitor.middleware.SourceTimeoutMiddleware": 340,  # before DownloadTimeoutMiddleware
    "monitor.middleware.SameSiteRedirectMiddleware": 650,  # sees a redirect before it is followed
    "monitor.middleware.Utf8HtmlMiddleware": 580,  # after decompression (590)
    "monitor.middleware.RenderedJsonMiddleware": 950,
}

# Politeness: AutoThrottle adapts each host's delay to its latency, aiming at `per_host`
# requests in flight (crawl.build_settings sets the target); it starts low so a fast board
# (or a local test server) is not slowed for long.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = (
    0.0  # a delay serialises a host: 1,000 boards on one API would crawl for minutes
)
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 8.0
DOWNLOAD_DELAY = 0

# Around every callback of a board spider, next to the spider: counting, batching, outcomes
SPIDER_MIDDLEWARES = {"spiders.bookkeeping.ListingBookkeeping": 1100}
# A request dropped by a middleware would leave its source waiting for it for ever: no limit
URLLENGTH_LIMIT = 0
# Scrapy checks each callback for a generator that also returns a value, by reading its source
# and parsing it with `ast`; it remembers the answer per callable, but a bound method is a new
# object on each request, so it parsed our spiders' source again for every response (0.55 s of
# an all-304 cycle over 1,000 boards, py-spy). tests/test_kinds.py checks our callbacks once.
WARN_ON_GENERATOR_RETURN_VALUE = False

ITEM_PIPELINES = {"monitor.pipeline.StorePipeline": 500}
# One item at a time per response: the pipeline only buffers postings, and Scrapy starts
# CONCURRENT_ITEMS tasks for every response's output (1,000 tasks per 304 response cost seconds).
# It also keeps a source's `ListingEnd` after its postings.
CONCURRENT_ITEMS = 1

# Scrapy's own list without the ones unused here, left out of the base list itself (not
# EXTENSIONS with None): Scrapy imports every class listed, even disabled ones, and the
# remote-control extension imports aiohttp (0.12 s a cycle). AutoThrottle is replaced by ours,
# which lets a 304 lower the delay like a 200.
_EXTENSIONS_UNUSED = (
    ".AutoThrottle",  # replaced: monitor.throttle.AutoThrottle
    ".FeedExporter",  # no feeds: items go to the store
    ".MemoryDebugger",  # off by default, and a debugging aid
    ".RemoteControl",  # imports aiohttp
    ".SpiderState",  # no JOBDIR: each crawl starts from the store's state
    ".TelnetConsole",  # a listening port per crawl is not wanted on a server
)
EXTENSIONS_BASE = {
    path: order
    for path, order in default_settings.EXTENSIONS_BASE.items()
    if not path.endswith(_EXTENSIONS_UNUSED)
} | {"monitor.throttle.AutoThrottle": 0}
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "WARNING"
LOGSTATS_INTERVAL = 0

PLAYWRIGHT_BROWSER_TYPE = "chromium"
# one Chromium per process, shared by every crawler, started on the first rendered page
PLAYWRIGHT_BROWSER_PROVIDER = "monitor.render.SharedBrowserProvider"
PLAYWRIGHT_ABORT_REQUEST = "monitor.render.abort_request"
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
