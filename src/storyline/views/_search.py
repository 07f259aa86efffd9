"""Full-text search: hits with a snippet around the matched words and their story."""

from __future__ import annotations

from dataclasses import asdict, replace

from storyline.store import Filters, SearchRow, Store
from storyline.store.queries import SNIPPET_CLOSE, SNIPPET_OPEN
from storyline.views._cursor import make_cursor, read_cursor
from storyline.views._entities import entity_ids
from storyline.views._stories import MAX_PAGE_SIZE, PAGE_SIZE
from storyline.views.results import SearchHit, SearchPage


def search(store: Store, query: str, filters: Filters | None = None, *, limit: int = PAGE_SIZE,
           cursor: str | None = None) -> SearchPage:
    """Articles holding `query`'s words (matched as words, never as query syntax), best
    first, narrowed by `filters` (its `query` is not used), `limit` at a time."""
    filters = filters or Filters()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = 0
    if cursor is not None:
        offset = int(read_cursor(cursor, "search", _keyed(filters, query)).get("offset", 0))
    rows = store.search_rows(query, filters, limit + 1, max(0, offset),
                             entity_ids=entity_ids(store, filters.entity))
    hits = tuple(_hit(row) for row in rows[:limit])
    more = len(rows) > limit
    return SearchPage(hits=hits, next_cursor=make_cursor(
        "search", _keyed(filters, query), offset=offset + limit) if more else None)


def _keyed(filters: Filters, query: str) -> Filters:
    """The filters a search cursor is bound to: the query's words included."""
    return replace(filters, query=" ".join(query.split()))


def _hit(row: SearchRow) -> SearchHit:
    snippet, highlights = _unmark(row.snippet or "")
    return SearchHit(**{**asdict(row), "snippet": snippet, "highlights": highlights})


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet's text, and where its matched words are (the markers taken out)."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for char in marked:
        if char == SNIPPET_OPEN:
            start = length
        elif char == SNIPPET_CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            text.append(char)
            length += 1
    return " ".join("".join(text).split("\n")), tuple(spans)
