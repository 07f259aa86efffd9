"""What every route shares: one error shape, ETag'd JSON answers, filters from a query."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from storyline.errors import UsageError
from storyline.languages import language_code
from storyline.store import Filters


class ApiError(Exception):
    """An answer other than success: `status`, a stable `code` and a message for a person."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None, **details: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.details = details


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   **details: Any) -> JSONResponse:
    """The one error shape: {"error": {"code": ..., "message": ...}} (plus any details)."""
    return JSONResponse({"error": {"code": code, "message": message, **details}},
                        status_code=status, headers=headers)


def json_body(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    """A strong validator: the hash of the body (the same answer, the same tag)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    """Whether the client already holds this answer (If-None-Match, `*` or a list)."""
    given = request.headers.get("if-none-match")
    if not given:
        return False
    tags = {t.strip().removeprefix("W/") for t in given.split(",")}
    return "*" in tags or etag in tags


def cached_json(request: Request, data: Any, status: int = 200, *, keep: bool = True
                ) -> Response:
    """`data` as JSON with its ETag; 304 without a body when the client holds it already."""
    return cached(request, json_body(data), "application/json", status, keep=keep)


def cached(request: Request, body: bytes, media_type: str, status: int = 200, *,
           keep: bool = True) -> Response:
    """`body` with its ETag, or 304 without it when the client holds it already. Clients
    revalidate each time (no-cache): a store changes under a running server. An answer
    that changes without a commit to the store (a story still analysing) is not `keep`:
    no-store, so neither a client nor the desk's answer cache keeps it."""
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": "no-cache" if keep else "no-store"}
    if status == 200 and matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def filters(since: dt.date | None, until: dt.date | None, outlet: str | None,
            entity: str | None, lang: str | None, query: str | None = None) -> Filters:
    """The views' filters from a query string; empty values mean "any"."""
    if since and until and since > until:
        raise UsageError("since is after until: no date can be in both")
    return Filters(since=since, until=until, outlet=outlet or None, entity=entity or None,
                   language=language_code(lang) if lang else None,
                   query=" ".join(query.split()) if query else None)


def wanted(request: Request, story_id: str) -> None:
    """Ask the background writer (when the desk has one) to analyse a story."""
    background = getattr(request.app.state, "background", None)
    if background is not None:
        background.analyse(story_id)
