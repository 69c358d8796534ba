"""The web app: one FastAPI application for the pages, the JSON API, the feed, /healthz and
/metrics, read-only over the store.

Safety lives here, in one middleware every request passes: only GET and HEAD; without a token
only this machine's host names (no DNS rebinding); with a token, `Authorization: Bearer` or
`?token=` (a browser that opens a page with it keeps a cookie derived from it); and on every
answer a strict Content-Security-Policy (scripts and styles from /static only).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from monitor.config import Config
from monitor.filters import FilterError
from monitor.schedule.metrics import Metrics
from monitor.store.queries import ping
from monitor.web import api, feeds, pages
from monitor.web.context import Health, NotFound, Web
from monitor.web.templating import Templates

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
COOKIE = "rolewatch_session"


def _database_health(engine: Engine) -> Health:
    def check() -> tuple[bool, dict[str, Any]]:
        try:
            ping(engine)
        except Exception as exc:  # the probe's answer is the report, not a traceback
            logger.warning("healthz: database unreachable: %s", exc)
            return False, {"status": "database unreachable"}
        return True, {"status": "ok"}

    return check


def create_app(
    engine: Engine,
    config: Config | Callable[[], Config],
    *,
    health: Health | None = None,
    metrics: Metrics | None = None,
    on_scrape: Callable[[], None] | None = None,
    local_only: bool = True,
) -> FastAPI:
    """The app over `engine`. `config` may be a callable (the daemon's reloadable config);
    `health` answers /healthz (default: the database answers); `on_scrape` runs before each
    /metrics; `local_only` (the address is this machine's) turns on the Host check when no
    token is set."""
    app = FastAPI(
        title="rolewatch",
        summary="Job postings, their versions and their changes, as rolewatch stored them.",
        version=_version(),
        docs_url=None,  # Swagger UI and ReDoc load scripts from CDNs: no
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    current = config if callable(config) else (lambda: config)
    state = Web(
        engine=engine,
        config=current,
        templates=Templates(),
        metrics=metrics or Metrics(),
        health=health or _database_health(engine),
        on_scrape=on_scrape,
    )
    app.state.web = state
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(feeds.router)
    _ops(app, state)
    _errors(app)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        began = time.perf_counter()
        response = _refuse(request, state, local_only)
        head = request.method == "HEAD"
        if response is None:
            if head:  # answered as GET, without the body (FastAPI routes take no HEAD)
                request.scope["method"] = "GET"
            try:
                response = await call_next(request)
            except Exception:  # a broken page must answer, and must not take the app down
                logger.exception("web: %s failed", request.url.path)
                response = error_response(request, 500, "internal error (see the log)")
            body = getattr(response, "body_iterator", None)  # a streamed answer: drain it
            if head and body is not None:
                async for _chunk in body:
                    pass
                response = Response(b"", response.status_code, headers=dict(response.headers))
        _secure(request, response)
        route = getattr(request.scope.get("route"), "path", None) or "unmatched"
        labels = {"method": request.method, "route": route, "status": str(response.status_code)}
        state.metrics.observe(
            "rolewatch_http_request_duration_seconds", time.perf_counter() - began, labels
        )
        return response

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rolewatch")
    except PackageNotFoundError:
        return "0"


def _session_value(token: str) -> str:
    """The cookie's value: derived from the token, so the cookie alone cannot call the API."""
    return hmac.new(token.encode(), b"rolewatch web session", hashlib.sha256).hexdigest()


def _refuse(request: Request, state: Web, local_only: bool) -> Response | None:
    """The answer to a request that may not go on (None: it may)."""
    if request.method not in ("GET", "HEAD"):
        return error_response(request, 405, "read-only: only GET and HEAD", {"Allow": "GET, HEAD"})
    token = state.token()
    if token is None and not local_only:
        # listening beyond this machine was allowed for a token that a reload took away
        return error_response(request, 401, "the config has no `web: {token}` any more")
    if token is None:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if local_only and host not in LOCAL_HOSTS:
            return error_response(
                request, 403, f"host {host!r} refused: without a token the app answers only "
                "to 127.0.0.1 and localhost",
            )  # fmt: skip
        return None
    path = request.url.path
    if path == "/healthz" or path.startswith("/static/"):  # a probe; files that hold no data
        return None
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() == "bearer" and _same(value.strip(), token):
        return None
    cookie = request.cookies.get(COOKIE)
    if cookie and _same(cookie, _session_value(token)):
        return None
    query = request.query_params.get("token")
    if query is not None and _same(query, token):
        if _is_page(path) and request.method == "GET":
            # a browser opened a page with the token: keep it in a cookie and take it out
            # of the address bar (and of the history)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = path + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(
                COOKIE, _session_value(token), httponly=True, samesite="strict",
                secure=request.url.scheme == "https", path="/",
            )  # fmt: skip
            return redirect
        return None
    headers = {"WWW-Authenticate": 'Bearer realm="rolewatch"'}
    return error_response(
        request, 401, "a token is needed: `Authorization: Bearer TOKEN`, or ?token=TOKEN",
        headers,
    )  # fmt: skip


def _same(given: str, expected: str) -> bool:
    """A constant-time comparison of any two strings (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def _is_page(path: str) -> bool:
    return not path.startswith(("/api/", "/feeds/", "/metrics", "/openapi.json"))


def _secure(request: Request, response: Response) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "public, max-age=86400")
    else:
        response.headers.setdefault("Cache-Control", "no-store")


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error as the client reads it: JSON under /api/, text for feeds and ops, else a page."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return JSONResponse({"error": message, "status": status}, status, headers=headers)
    if not _is_page(path) or path == "/healthz":
        return Response(message + "\n", status, headers=headers, media_type="text/plain")
    state: Web = request.app.state.web
    body = state.templates.render(
        "error.html", request=request, status=status, message=message, title=str(status)
    )
    return HTMLResponse(body, status, headers=headers)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        return error_response(request, 400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))


def _ops(app: FastAPI, state: Web) -> None:
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        ok, doc = state.health()
        return JSONResponse(doc, 200 if ok else 503)

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        if state.on_scrape is not None:
            state.on_scrape()
        body, content_type = state.metrics.exposition(request.headers.get("accept"))
        return Response(body, headers={"Content-Type": content_type})
