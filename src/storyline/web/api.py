"""The JSON API under /api/: the views' results as their `record()` shapes (the export's),
ETag'd; writes (articles, feeds) behind `Authorization: Bearer $STORYLINE_TOKEN`."""

from __future__ import annotations

import datetime as dt
import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from storyline import __version__, views
from storyline.feeds.registry import is_url
from storyline.flow.ingest import ingest_records, refresh_stories
from storyline.settings import from_env
from storyline.sources.json_records import read_json
from storyline.sources.jsonl import read_jsonl
from storyline.web.app import Desk
from storyline.web.http import ApiError, cached_json, filters, wanted

router = APIRouter(prefix="/api")

Since = Annotated[dt.date | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Up to this date (YYYY-MM-DD).")]
Outlet = Annotated[str | None, Query(description="An outlet's name (any case).")]
Entity = Annotated[str | None, Query(description="An entity's name or id.")]
Lang = Annotated[str | None, Query(description="A language code (en, de, ...).")]
Limit = Annotated[int, Query(ge=1, le=views.MAX_PAGE_SIZE, description="Items per page.")]
Cursor = Annotated[str | None, Query(description="A page's next_cursor.")]


def _desk(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


def _not_found(kind: str, ref: str) -> ApiError:
    return ApiError(404, "not_found", f"no {kind} {ref!r}")


@router.get("/health", summary="The desk is up and reads its store")
def health(request: Request) -> Response:
    with _desk(request).reading() as store:
        feeds = views.feeds(store)
        data = {"status": "ok", "version": __version__, "articles": store.count(),
                "feeds": len(feeds), "feeds_failing": sum(f.status == "failing" for f in feeds),
                "writable": _desk(request).token is not None}
    return cached_json(request, data)


@router.get("/stories", summary="Ranked stories, filtered, a page at a time")
def stories(request: Request, since: Since = None, until: Until = None, outlet: Outlet = None,
            entity: Entity = None, lang: Lang = None,
            q: Annotated[str | None, Query(description="Words an article holds.")] = None,
            limit: Limit = views.PAGE_SIZE, cursor: Cursor = None) -> Response:
    chosen = filters(since, until, outlet, entity, lang, q)
    with _desk(request).reading() as store:
        page = views.stories(store, chosen, limit=limit, cursor=cursor)
    return cached_json(request, page.record())


#: A retired id's redirect is permanent in kind but an editor's undo may revive the id:
#: clients ask again rather than cache it.
_REVISABLE = {"Cache-Control": "no-cache"}


@router.get("/stories/{story_id}", summary="One story: analysis (if cached) and sources",
            responses={308: {"description": "A merged story's id: its successor"},
                       300: {"description": "A story that split: its successors, as "
                                            '{"id", "successors": [{"id", "url"}]}'}})
def story(request: Request, story_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.story(store, story_id, analyse="cached")
        successors = views.story_successors(store, story_id) if detail is None else ()
    if detail is not None and not detail.analysed:
        wanted(request, detail.story.id)
    if len(successors) > 1:
        return cached_json(request, {"id": story_id, "successors": [
            {"id": sid, "url": f"/api/stories/{quote(sid, safe='')}"} for sid in successors]},
            status=300)
    if detail is None:
        raise _not_found("story", story_id)
    if detail.redirected_from is not None:
        return RedirectResponse(f"/api/stories/{quote(detail.story.id, safe='')}",
                                status_code=308, headers=_REVISABLE)
    return cached_json(request, {**detail.record(), "analysed": detail.analysed},
                       keep=detail.analysed)


@router.get("/articles/{article_id}", summary="One article with the stretches stories cite")
def article(request: Request, article_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.article(store, article_id)
    if detail is None:
        raise _not_found("article", article_id)
    return cached_json(request, detail.record())


@router.get("/entities/{name_or_id}", summary="An entity and the stories it appears in")
def entity(request: Request, name_or_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.entity(store, name_or_id)
    if detail is None:
        raise _not_found("entity", name_or_id)
    return cached_json(request, detail.record())


@router.get("/search", summary="Articles holding the words, best first")
def search(request: Request,
           q: Annotated[str, Query(min_length=1, description="The words to find.")],
           since: Since = None, until: Until = None, outlet: Outlet = None,
           entity: Entity = None, lang: Lang = None, limit: Limit = views.PAGE_SIZE,
           cursor: Cursor = None) -> Response:
    if not q.strip():
        raise ApiError(400, "bad_request", "q: give at least one word")
    chosen = filters(since, until, outlet, entity, lang)
    with _desk(request).reading() as store:
        page = views.search(store, q, chosen, limit=limit, cursor=cursor)
    return cached_json(request, page.record())


@router.get("/feeds", summary="The followed feeds and their health")
def feeds(request: Request) -> Response:
    with _desk(request).reading() as store:
        health = views.feeds(store)
    return cached_json(request, {"feeds": [h.record() for h in health]})


# -- writes ------------------------------------------------------------------------------
def _authorised(request: Request) -> Desk:
    """The desk, when the request carries its token; else 403 (no token: read-only) or 401."""
    desk = _desk(request)
    if desk.token is None:
        raise ApiError(403, "read_only", "this desk is read-only: start it with "
                       "$STORYLINE_TOKEN set to accept writes")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(),
                                                             desk.token.encode()):
        raise ApiError(401, "unauthorised", "writes need `Authorization: Bearer <token>` "
                       "with the desk's $STORYLINE_TOKEN", {"WWW-Authenticate": "Bearer"})
    return desk


@router.post("/articles", summary="Ingest articles (JSON array/object or JSON Lines)",
             status_code=200)
async def post_articles(request: Request) -> Response:
    desk = _authorised(request)
    settings = from_env(db_path=desk.db_path)
    data = await _body(request, settings.max_input_bytes)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    report, deferred = await run_in_threadpool(_ingest, desk, data, kind)
    worker = getattr(request.app.state, "worker", None)
    if deferred and worker is not None:  # a pass too big for this request: run it later
        worker.recluster(deferred)
    if report["rejected"] and not report["stored"]:
        raise ApiError(400, "rejected", "no record could be stored", rejected=report["rejected"])
    return cached_json(request, report)


async def _body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"a body above {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


#: Content types read as JSON Lines; anything else is read as a JSON document.
JSON_LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")


def _ingest(desk: Desk, data: bytes, kind: str) -> tuple[dict[str, Any], str]:
    """Read, clean and store the records (one writer at a time), then refresh the stories;
    the report, and why a re-clustering pass was left undone ('' when none was)."""
    settings = from_env(db_path=desk.db_path)
    reader = read_jsonl if kind in JSON_LINES_TYPES else read_json
    notices: list[str] = []
    deferred = ""
    with desk.writing() as store:
        report = ingest_records(reader("api", data, notice=notices.append), store, settings,
                                group=Path("api"))
        if report.new or report.upgraded:
            deferred = refresh_stories(store, pass_limit=desk.pass_limit).deferred
    return {"records": report.records, "stored": report.stored, "new": report.new,
            "existing": report.existing, "upgraded": report.upgraded,
            "rejected": [{"origin": d.origin, "stage": d.stage, "reason": d.reason}
                         for d in report.drops],
            "notices": notices}, deferred


@router.post("/feeds", summary="Follow a feed (an http(s) URL)", status_code=201)
async def post_feed(request: Request) -> Response:
    desk = _authorised(request)
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(400, "bad_request", "expected a JSON object {\"url\": ...}") from exc
    url = body.get("url") if isinstance(body, dict) else None
    if not isinstance(url, str) or not is_url(url.strip()):
        raise ApiError(400, "bad_request", "url: an http:// or https:// feed URL")
    with desk.writing() as store:
        row, created = store.add_feed(url.strip(), dt.datetime.now(dt.UTC)
                                      .replace(microsecond=0).isoformat())
        health = views.feed_health(row)
    return cached_json(request, health.record(), status=201 if created else 200)


@router.delete("/feeds/{feed_id}", summary="Stop following a feed (its articles stay)",
               status_code=204)
def delete_feed(request: Request, feed_id: int) -> Response:
    desk = _authorised(request)
    with desk.writing() as store:
        found = views.feed(store, str(feed_id))
        if found is None:
            raise _not_found("feed", str(feed_id))
        store.remove_feed(found.id)
    return Response(status_code=204)
