"""Stories: a ranked, filtered, paged list; one story with its analysis and sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from storyline.errors import UsageError
from storyline.store import Filters, Store, StoryKey
from storyline.views._cursor import make_cursor, read_cursor
from storyline.views.results import Source, StoryDetail, StoryPage, StorySummary

if TYPE_CHECKING:
    from storyline.stories import Story

#: Stories a page holds unless asked otherwise, and the most it may hold (an API client
#: asking for a million gets this many and a cursor).
PAGE_SIZE = 20
MAX_PAGE_SIZE = 500

#: Called when a story's analysis fails: the story is shown without it.
OnError = Callable[["Story", Exception], None]


def stories(store: Store, filters: Filters | None = None, *, limit: int = PAGE_SIZE,
            cursor: str | None = None) -> StoryPage:
    """The ranked stories passing `filters`, `limit` at a time from `cursor` (a page's
    `next_cursor`; None for the first page)."""
    filters = filters or Filters()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    after = None
    if cursor is not None:
        position = read_cursor(cursor, "stories", filters)
        try:
            after = StoryKey(score=float(position["score"]), last_published=str(position["last"]),
                             id=str(position["id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError("a cursor without a place in the ranking; start again without it"
                             ) from exc
    found = store.story_page(filters, after, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    outlets = store.story_outlets([s.id for _, s in found])
    page = tuple(StorySummary(rank=rank, story=story, outlets=tuple(outlets[story.id]))
                 for rank, story in found)
    last = page[-1].story if page else None
    return StoryPage(stories=page, next_cursor=make_cursor(
        "stories", filters, score=last.score.total, id=last.id,
        last=last.last_published.isoformat() if last.last_published else "")
        if more and last else None)


def all_stories(store: Store) -> list[Story]:
    """Every story, ranked (what the export and reports hold)."""
    return store.stories()


def story(store: Store, story_id: str, *, analyse: bool | Literal["cached"] = True,
          on_error: OnError | None = None) -> StoryDetail | None:
    """One story, its analysis (from the store's cache, else computed and cached when
    `analyse`; with "cached", the cache's or none, so a web request never waits on the
    language model; `analysed` says whether there is one) and its sources; None for an
    unknown id. The id of a story merged into another gives that one (`redirected_from`
    says so)."""
    found = store.story(story_id)
    redirected_from = None
    if found is None:
        survivor = store.story_absorbing(story_id)
        found = store.story(survivor) if survivor else None
        if found is None:
            return None
        redirected_from, story_id = story_id, found.id
    rank = store.story_rank(story_id) or 0
    heads = store.article_heads(found.article_ids)
    if analyse == "cached":
        from storyline.analyze.report import analysis_key

        cached = store.analysis(found.id, analysis_key(found.article_ids))
        analysis, analysed = cached or {}, cached is not None
    elif analyse:
        analysis, analysed = analyses(store, [found], on_error=on_error).get(found.id, {}), True
    else:
        analysis, analysed = {}, False
    copies = set(found.near_copies)
    sources = tuple(Source(article_id=h.id, title=h.title, source=h.source,
                           published=h.published, url=h.url, near_copy=h.id in copies)
                    for h in (heads[i] for i in found.article_ids if i in heads))
    outlets = sorted({s.source or "unknown" for s in sources})
    return StoryDetail(summary=StorySummary(rank=rank, story=found, outlets=tuple(outlets)),
                       analysis=analysis, sources=sources, redirected_from=redirected_from,
                       analysed=analysed)


def analyses(store: Store, ranked: list[Story], *, on_story: Callable[[Story], None] | None = None,
             on_error: OnError | None = None, workers: int | None = None,
             dask: str | None = None) -> dict[str, dict[str, object]]:
    """Each story's analysis in the export's shape (cached in the store, else computed;
    the per-article work on `workers` processes or the Dask cluster at `dask`)."""
    from storyline.flow.analysis import analyze_stories

    return analyze_stories(store, ranked, on_story=on_story, on_error=on_error,
                           workers=workers, dask=dask)
