"""The ASGI app: `create_app(db_path, token)` builds it. Each server thread reads through
its own read-only connection (SQLite in WAL mode: readers never block the one writer nor
each other); writes take turns under one lock."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

from anyio import to_thread
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.errors import StoreError, UsageError
from storyline.feeds import AccessPolicy
from storyline.store import Store
from storyline.web.answer_cache import AnswerCache, CacheCounts
from storyline.web.http import ApiError, error_response

log = logging.getLogger("storyline.web")

#: Every answer's security headers: nothing loads from another origin, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

#: Threads that answer requests at once (the routes read the store and render; anyio's
#: default is 40). They share one GIL: more than a few only take turns, and each turn the
#: event loop waits for makes every answer slower, a kept one too. Measured with
#: answer_cache.REMAKE_AFTER (see there): both together halved the p95 latency.
READ_THREADS = 4

#: Codes for the statuses Starlette raises itself (an unknown route, a wrong method).
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}


@dataclass
class Desk:
    """Where the app's routes get the store: a read-only connection per server thread
    (opening one costs ~8 ms, the queries behind a page ~1 ms; SQLite connections belong
    to their thread), and one writer at a time (an ingest, a feed change, the background
    work) under `write_lock`."""

    db_path: str
    token: str | None = None
    #: The most articles a refresh after the desk's own writes re-clusters in the request
    #: or poll that wrote them (None: `stories.config.PASS_LIMIT`); a larger pass is left
    #: to the background writer (`Background.recluster`).
    pass_limit: int | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    #: Writes committed through `writing` (the answer cache empties when it moves).
    writes: int = 0
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """This thread's read-only store (in WAL mode each query sees the latest commit);
        dropped after a database error, so a broken connection is not handed out again."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.db_path, read_only=True, create=False)
        try:
            yield store
        except (sqlite3.Error, StoreError):
            self._local.store = None
            store.close()
            raise

    def data_version(self) -> int | None:
        """`Store.data_version` through this thread's connection (the answer cache asks
        on the event loop's thread, so always through one connection); None when the store
        cannot be read now: then nothing is kept, and the request meets the error itself."""
        try:
            with self.reading() as store:
                return store.data_version()
        except (sqlite3.Error, StoreError) as exc:
            log.debug("the store's data version cannot be read: %s", exc)
            return None

    @contextmanager
    def writing(self) -> Iterator[Store]:
        with self.write_lock:
            try:
                with Store.open(self.db_path) as store:
                    if store.read_only:
                        raise ApiError(403, "read_only", f"the store cannot be written: "
                                       f"{store.read_only_reason}")
                    yield store
            finally:  # counted even when it failed: part of it may be committed
                self.writes += 1


def create_app(db_path: str, token: str | None = None, *, analyse: bool = False,
               every: float | None = None, policy: AccessPolicy | None = None,
               keep_answers: bool = True, pass_limit: int | None = None) -> FastAPI:
    """The desk over the store at `db_path` (created and migrated now if needed). Writes
    need `Authorization: Bearer <token>`; without a token the desk is read-only. With
    `analyse`, a story asked for whose analysis is not cached is analysed in the
    background; with `every` (seconds), the feeds are polled that often (fetching within
    `policy`). Both run while the app's lifespan does (uvicorn, or `with TestClient`).
    With `keep_answers`, a GET's answer is kept until the store changes (`answer_cache`).
    A re-clustering pass over more than `pass_limit` articles (`Desk.pass_limit`) that a
    write made due is run by the background writer, when there is one (`analyse`, `every`;
    `storyline serve` always has it)."""
    Store.open(db_path).close()  # migrate once here: requests then only read the schema
    desk = Desk(db_path=db_path, token=token or None, pass_limit=pass_limit)
    from storyline.web.background import Background

    worker = Background(desk, every=every, policy=policy) if analyse or every else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = READ_THREADS
        desk.data_version()  # opens the event loop's connection before the first request
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None,
                  lifespan=lifespan, description="Stories from many outlets' articles: the "
                  "JSON API of `storyline serve` (docs/API.md).")
    app.state.desk = desk
    app.state.worker = worker  # polls, and analyses when asked (`background`)
    app.state.background = worker if analyse else None

    app.add_middleware(SecurityHeaders)
    # outermost: a kept answer carries the security headers it was made with
    app.state.answer_counts = CacheCounts()
    if keep_answers:
        app.add_middleware(AnswerCache, version=desk.data_version, own_writes=lambda: desk.writes,
                           counts=app.state.answer_counts)

    app.add_middleware(HeadAsGet)  # outermost: HEAD is every GET answer without its body

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _answer(request, exc)

    @app.exception_handler(UsageError)
    async def usage_error(request: Request, exc: UsageError) -> Response:
        return _answer(request, ApiError(400, "bad_request", exc.message))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _answer(request, ApiError(503, "store", exc.message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: "
                             f"{e.get('msg', 'invalid')}" for e in exc.errors())
        return _answer(request, ApiError(400, "bad_request", problems or "invalid request"))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return _answer(request, ApiError(exc.status_code, code, str(exc.detail),
                                         dict(exc.headers) if exc.headers else None))

    from storyline.web import api, pages
    pages.compile_templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")
    return app


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every answer: plain ASGI (Starlette's BaseHTTPMiddleware
    costs a task and a copy of each answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, sending)


class HeadAsGet:
    """Answers HEAD as GET without the body (link checkers and uptime monitors send HEAD;
    FastAPI's routes answer it 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, sending)


def _answer(request: Request, exc: ApiError) -> Response:
    """The error shape for the API (and anything not a page); an HTML page for a page."""
    path = request.url.path
    if path.startswith(("/api/", "/static/", "/openapi")) or path == "/api":
        return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.details)
    from storyline.web.pages import error_page

    response = error_page(request, exc.status, exc.message)
    response.headers.update(exc.headers)
    return response
