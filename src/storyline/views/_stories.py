"""Stories: a ranked, filtered, paged list; one story with its analysis and sources."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Literal

from storyline.errors import UsageError
from storyline.store import Filters, Store, StoryKey
from storyline.views._cursor import make_cursor, read_cursor
from storyline.views._entities import entity_ids
from storyline.views.results import HistoryEntry, Redirect, Source, StoryDetail, StoryPage, StorySummary

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
    found = store.story_page(filters, after, limit + 1, entity_ids=entity_ids(store, filters.entity))
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
    """Every story, ranked (what the export and reports hold), but those an editor hid."""
    hidden = store.hidden_stories()
    return [s for s in store.stories() if s.id not in hidden]


def story_successors(store: Store, story_id: str) -> tuple[str, ...]:
    """The live stories a retired story id resolves to (one after a merge, several after a
    split); () for a live or unknown id."""
    return store.story_successors(story_id)


def redirects(store: Store, story_ids: Collection[str] | None = None) -> list[Redirect]:
    """Every retired story id and the live stories it resolves to (only those leading to
    `story_ids` when given): the export's redirects table."""
    table = [Redirect(id=retired, successors=successors, kind=kind)
             for retired, successors, kind in store.redirect_table()]
    if story_ids is None:
        return table
    wanted = set(story_ids)
    return [r for r in table if wanted.intersection(r.successors)]


def story_history(store: Store, story_id: str) -> tuple[HistoryEntry, ...]:
    """What happened to a story, oldest first: the recorded merges, splits and moves it
    took part in and the editors' decisions about it (by time)."""
    entries = [HistoryEntry(at=e.at, kind=e.kind, story_id=e.story_id, others=e.others,
                            articles=e.articles, reason=e.reason)
               for e in store.story_events(story_id)]
    for edit in store.story_edits(in_force=False):
        if story_id == edit.story_id or story_id in edit.others:
            entries.append(HistoryEntry(
                at=edit.at, kind=f"edit-{edit.kind}", story_id=edit.story_id,
                others=edit.others, articles=edit.parts[0] if edit.kind == "split" else
                tuple(a for part in edit.parts for a in part),
                reason=f"editor's decision (edit {edit.seq})", edit=edit.seq,
                undone=edit.undone))
    return tuple(sorted(entries, key=lambda e: e.at))


def story(store: Store, story_id: str, *, analyse: bool | Literal["cached"] = True,
          on_error: OnError | None = None) -> StoryDetail | None:
    """One story, its analysis (from the store's cache, else computed and cached when
    `analyse`; with "cached", the cache's or none, so a web request never waits on the
    language model; `analysed` says whether there is one) and its sources; None for an
    unknown id. A retired id with one successor (a merge) gives that one
    (`redirected_from` says so); one that split into several gives None: `successors`
    lists them."""
    found = store.story(story_id)
    redirected_from = None
    if found is None:
        successors = store.story_successors(story_id)
        found = store.story(successors[0]) if len(successors) == 1 else None
        if found is None:
            return None  # unknown, or split into several (`successors` lists them)
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
                       analysed=analysed, history=story_history(store, found.id),
                       hidden=found.id in store.hidden_stories())


def analyses(store: Store, ranked: list[Story], *, on_story: Callable[[Story], None] | None = None,
             on_error: OnError | None = None, workers: int | None = None,
             dask: str | None = None) -> dict[str, dict[str, object]]:
    """Each story's analysis in the export's shape (cached in the store, else computed;
    the per-article work on `workers` processes or the Dask cluster at `dask`)."""
    from storyline.flow.analysis import analyze_stories

    return analyze_stories(store, ranked, on_story=on_story, on_error=on_error,
                           workers=workers, dask=dask)
