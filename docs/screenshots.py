"""Screenshots of the web app's main pages for the README, in Debian's Chromium.

    .venv/bin/python docs/screenshots.py      # writes docs/web-*.png

A demo database is generated for them (bench/web.py's generator, a dozen boards), served on
127.0.0.1 as `rolewatch web` serves it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.web import populate  # noqa: E402
from monitor.config import parse_config  # noqa: E402
from monitor.settings import PLAYWRIGHT_CHROMIUM_ARGS, PLAYWRIGHT_CHROMIUM_EXECUTABLE  # noqa: E402
from monitor.store.db import ensure_schema, make_engine  # noqa: E402
from monitor.web.app import create_app  # noqa: E402
from monitor.web.server import WebServer  # noqa: E402

NAMES = ["stripe", "linear", "plaid", "figma", "notion", "datadog", "vercel", "airtable",
         "gitlab", "ramp", "retool", "duolingo"]  # fmt: skip


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="rw-shots-"))
    engine = make_engine(f"sqlite:///{folder / 'demo.db'}")
    ensure_schema(engine)
    populate(engine, 600, 6000, seed=3, names=NAMES)
    config = parse_config({"sources": [{"name": n, "kind": "greenhouse", "board": n,
                                        "tags": ["eng"] if i % 2 else []}
                                       for i, n in enumerate(NAMES)]})  # fmt: skip
    server = WebServer(create_app(engine, config), "127.0.0.1:0", None).start()
    with engine.connect() as conn:  # a posting with a handful of versions and a stated pay
        key = conn.execute(
            text(
                "SELECT p.key FROM postings p JOIN snapshots s ON s.posting_id = p.id "
                "WHERE p.pay != '[]' AND p.status = 'open' GROUP BY p.key "
                "HAVING count(*) BETWEEN 6 AND 9 ORDER BY p.key LIMIT 1"
            )
        ).scalar_one()
    key = quote(key, safe=":")
    pages = {
        "web-overview.png": "/",
        "web-changes.png": "/changes?kind=pay_changed&kind=office_changed",
        "web-postings.png": "/postings?sort=pay&currency=USD&workplace=hybrid",
        "web-posting.png": f"/postings/{key}",
        "web-source.png": f"/sources/{NAMES[1]}",
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=PLAYWRIGHT_CHROMIUM_EXECUTABLE, args=PLAYWRIGHT_CHROMIUM_ARGS
            )
            tab = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, url in pages.items():
                tab.goto(server.url + url)
                tab.screenshot(path=str(HERE / name))
                print(f"docs/{name}: {url}")
            browser.close()
    finally:
        server.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
