"""The desk's pages, rendered on the server (Jinja2, autoescaped) from the views' results:
front page (ranked stories, filters, search), story, article, entity, search, feeds.
Read-only; readable without JavaScript; no asset from another origin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import RedirectResponse, Response

from storyline import views
from storyline.errors import UsageError
from storyline.outlets import NO_OUTLET_LABEL, outlet_label
from storyline.render.timeline_picture import layout
from storyline.stories.headline import lead_title
from storyline.web.app import Desk
from storyline.web.article_text import anchor, paragraphs
from storyline.web.http import ApiError, cached, etag_of, filters, json_body, wanted

router = APIRouter(include_in_schema=False)

#: Stories the front page lists at a time (a page of a phone's scrolling).
FRONT_PAGE_SIZE = 30
#: Seconds between two asks of the front page's script whether the ranking moved.
FRESH_EVERY = 60
#: Seconds before a story page still analysing reloads itself (a story of ten articles
#: takes a few seconds to analyse on one core).
ANALYSING_REFRESH = 10

#: Templates are package data: never reloaded (`auto_reload` would look at each file's
#: time at every render), and compiled once before the first request (`compile_templates`).
_ENV = Environment(loader=PackageLoader("storyline.web", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True, auto_reload=False)
_ENV.filters["path"] = lambda value: quote(str(value), safe="")
_ENV.globals["outlet_label"] = outlet_label


def snippet_runs(hit: views.SearchHit) -> list[tuple[str, bool]]:
    """A hit's snippet as runs of text, the matched words marked."""
    runs, at = [], 0
    for start, end in hit.highlights:
        if start > at:
            runs.append((hit.snippet[at:start], False))
        runs.append((hit.snippet[start:end], True))
        at = end
    if at < len(hit.snippet):
        runs.append((hit.snippet[at:], False))
    return runs


_ENV.filters["snippet_runs"] = snippet_runs


def compile_templates() -> None:
    """Compile every page's template now: the first requests would otherwise each compile
    the ones they need, many at once under load (~10 ms of CPU each)."""
    for name in _ENV.list_templates(extensions=["j2"]):
        _ENV.get_template(name)


def render(request: Request, template: str, status: int = 200, *, keep: bool = True,
           **context: Any) -> Response:
    body = _ENV.get_template(template).render(**context).encode("utf-8")
    return cached(request, body, "text/html; charset=utf-8", status, keep=keep)


def _desk(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


def _day(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _form(request: Request) -> dict[str, str]:
    """The filters as the front page's form was sent (empty fields left out)."""
    keys = ("q", "since", "until", "outlet", "entity", "lang")
    return {k: request.query_params[k].strip() for k in keys
            if request.query_params.get(k, "").strip()}


@router.get("/")
def front(request: Request) -> Response:
    form = _form(request)
    chosen = filters(_day("since", form.get("since")), _day("until", form.get("until")),
                     form.get("outlet"), form.get("entity"), form.get("lang"), form.get("q"))
    cursor = request.query_params.get("cursor") or None
    with _desk(request).reading() as store:
        page = views.stories(store, chosen, limit=FRONT_PAGE_SIZE, cursor=cursor)
        unanalysed = views.unanalysed(store) if chosen.entity else 0
    more = f"/?{urlencode({**form, 'cursor': page.next_cursor})}" if page.next_cursor else None
    # the same list through the API, and its ETag now: static/fresh.js asks whether it moved
    fresh_api = f"/api/stories?{urlencode({**form, 'limit': FRONT_PAGE_SIZE})}"
    fresh_etag = etag_of(json_body(page.record()))
    return render(request, "front.html.j2", page=page, form=form, more=more, unanalysed=unanalysed,
                  fresh_api=None if cursor else fresh_api, fresh_etag=fresh_etag,
                  fresh_every=FRESH_EVERY,
                  title="Stories" if not form else "Stories: filtered")


#: Quotes a story page lists before folding the rest away (a big story has hundreds).
QUOTES_SHOWN = 40


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.story(store, story_id, analyse="cached")
        # untitled sources are listed by their opening, read in the same snapshot
        shown = detail is not None and detail.redirected_from is None
        untitled = [s.article_id for s in detail.sources if not s.title] if shown else []
        leads = {a.id: lead_title(a.text) for a in views.articles_by_id(store, untitled)}
    if detail is not None and not detail.analysed:
        wanted(request, detail.story.id)
    if detail is None:
        with _desk(request).reading() as store:
            successors = views.story_successors(store, story_id)
            parts = [s for s in (store.story(sid) for sid in successors) if s is not None]
        if not parts:
            raise ApiError(404, "not_found", f"no story {story_id!r}")
        return render(request, "split.html.j2", status=300, story_id=story_id, parts=parts,
                      title="This story split")
    if detail.redirected_from is not None:  # the page then says which story was followed
        return RedirectResponse(f"/stories/{quote(detail.story.id, safe='')}"
                                f"?from={quote(story_id, safe='')}", status_code=308,
                                headers={"Cache-Control": "no-cache"})  # an undo may revive it
    record, cite = detail.record(), _Citations(detail)
    followed = request.query_params.get("from")
    if not any(h.kind in ("merge", "edit-merge") and h.story_id == detail.story.id
               and followed in h.others for h in detail.history):
        followed = None  # only a story this one absorbed is named
    # the HTML report's timeline picture, each dot linking where its first citation does
    picture = layout(record["timeline"], story_start=detail.story.first_published,
                     href=_Citations.href)
    return render(request, "story.html.j2", keep=detail.analysed, d=detail, r=record,
                  cite=cite, picture=picture, refresh=ANALYSING_REFRESH, followed=followed,
                  leads=leads, quotes_shown=QUOTES_SHOWN,
                  title=detail.story.headline or detail.story.id)


class _Citations:
    """Citation numbers of one story page, each linking to its stretch on the article page."""

    def __init__(self, detail: views.StoryDetail) -> None:
        self.numbers: dict[tuple[str, int, int], int] = {}
        self.outlet = {s.article_id: outlet_label(s.source, s.url) for s in detail.sources}

    def __call__(self, evidence: Mapping[str, Any]) -> dict[str, Any]:
        key = (str(evidence["article"]), int(evidence["start"]), int(evidence["end"]))
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        return {"number": number, "outlet": self.outlet.get(key[0], NO_OUTLET_LABEL),
                "href": self.href(evidence)}

    @staticmethod
    def href(evidence: Mapping[str, Any]) -> str:
        """Where a citation links: its stretch, marked, on the article's page."""
        article, start, end = str(evidence["article"]), int(evidence["start"]), int(evidence["end"])
        return f"/articles/{quote(article, safe='')}#{anchor(start, end)}"


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.article(store, article_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no article {article_id!r}")
    lead = None if detail.article.title else lead_title(detail.article.text)
    return render(request, "article.html.j2", d=detail, a=detail.article, lead=lead,
                  paragraphs=paragraphs(detail.article.text, detail.marks),
                  title=detail.article.title or lead or detail.article.id)


@router.get("/entities/{name_or_id}")
def entity(request: Request, name_or_id: str) -> Response:
    with _desk(request).reading() as store:
        detail = views.entity(store, name_or_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no entity {name_or_id!r} in an analysed story")
    return render(request, "entity.html.j2", d=detail, title=detail.name)


@router.get("/search")
def search(request: Request) -> Response:
    form = _form(request)
    words = form.get("q", "")
    hits: tuple[views.SearchHit, ...] = ()
    more = None
    if words:
        chosen = filters(_day("since", form.get("since")), _day("until", form.get("until")),
                         form.get("outlet"), form.get("entity"), form.get("lang"))
        with _desk(request).reading() as store:
            page = views.search(store, words, chosen, cursor=request.query_params.get("cursor"))
        hits = page.hits
        more = f"/search?{urlencode({**form, 'cursor': page.next_cursor})}" \
            if page.next_cursor else None
    return render(request, "search.html.j2", hits=hits, form=form, more=more,
                  title=f"Search: {words}" if words else "Search")


@router.get("/feeds")
def feeds(request: Request) -> Response:
    with _desk(request).reading() as store:
        health = views.feeds(store)
    return render(request, "feeds.html.j2", feeds=health, title="Feeds")


def error_page(request: Request, status: int, message: str) -> Response:
    title = {404: "Not found", 400: "This request cannot be read"}.get(status, "Something went wrong")
    return render(request, "error.html.j2", status=status, message=message, title=title)
