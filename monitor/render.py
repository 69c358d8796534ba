"""Browser rendering for `render: true` sources (scrapy-playwright, the system Chromium).

One Playwright driver and one Chromium serve the whole process: every crawler (one per board
kind) gets a handle on the same browser, and each its own context, reused for all its pages.
Neither starts until a source actually renders a page.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

BLOCKED_RESOURCES = frozenset({"image", "font", "media", "texttrack", "manifest"})
# analytics and ads a careers page pulls in: never needed to see the postings
BLOCKED_HOSTS = (
    "google-analytics.com", "googletagmanager.com", "doubleclick.net", "facebook.net",
    "hotjar.com", "segment.io", "segment.com", "clarity.ms", "linkedin.com/px", "bat.bing.com",
)  # fmt: skip


def abort_request(request: Any) -> bool:
    """Skip images, fonts, media and trackers: a rendered source costs little more than its
    pages."""
    if request.resource_type in BLOCKED_RESOURCES:
        return True
    url = request.url
    return any(host in url for host in BLOCKED_HOSTS)


class BrowserMissing(RuntimeError):
    """`render: true` but no Chromium to render with."""


@dataclass
class _Shared:
    playwright: Any = None
    manager: Any = None
    browser: Any = None
    users: int = 0
    lock: asyncio.Lock | None = None


class _BrowserHandle:
    """The shared browser as one handler sees it: closing it only lets go of it."""

    def __init__(self, browser: Any):
        self._browser = browser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    async def close(self, **_: Any) -> None:
        """The browser is closed by the provider once its last user has closed."""


class SharedBrowserProvider:
    """scrapy-playwright browser provider (`PLAYWRIGHT_BROWSER_PROVIDER`) sharing one browser."""

    _shared: _Shared | None = None

    def __init__(self, config: Any) -> None:
        self.config = config
        self.started = False

    @classmethod
    def shared(cls) -> _Shared:
        if cls._shared is None:
            cls._shared = _Shared(lock=asyncio.Lock())
        return cls._shared

    async def start(self) -> None:
        self.shared().users += 1
        self.started = True

    async def launch_browser(self) -> Any:
        shared = self.shared()
        assert shared.lock is not None
        async with shared.lock:
            if shared.browser is None or not shared.browser.is_connected():
                options = dict(self.config.launch_options)
                path = options.get("executable_path")
                if not path or not os.path.exists(path):
                    raise BrowserMissing(
                        "render: true needs Chromium; install Debian's `chromium` package "
                        f"(no browser at {path or 'any known path'})"
                    )
                if shared.playwright is None:
                    from playwright.async_api import PlaywrightContextManager

                    shared.manager = PlaywrightContextManager()
                    shared.playwright = await shared.manager.start()
                browser_type = getattr(shared.playwright, self.config.browser_type_name)
                logger.info("launching %s", path)
                shared.browser = await browser_type.launch(**options)
        return _BrowserHandle(shared.browser)

    async def launch_persistent_context(self, context_kwargs: dict) -> Any:
        from scrapy.exceptions import NotSupported

        raise NotSupported("persistent browser contexts are not used by rolewatch")

    async def close(self) -> None:
        if not self.started:
            return
        self.started = False
        shared = self.shared()
        shared.users -= 1
        if shared.users > 0:
            return
        type(self)._shared = None
        if shared.browser is not None:
            try:
                await shared.browser.close()
            except Exception as exc:  # already gone: nothing left to release
                logger.debug("closing the browser: %s", exc)
        if shared.manager is not None:
            await shared.manager.__aexit__(None, None, None)
