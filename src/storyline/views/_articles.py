"""One article with the sentences its story's analysis cites."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from storyline.errors import UsageError
from storyline.model import Article
from storyline.store import Store
from storyline.views.results import ArticleDetail, Mark

#: Where a story's analysis cites text: its field, the key of the cited spans, and the
#: kind a mark names.
_CITING = (("summary", "citations", "summary"), ("timeline", "citations", "timeline"),
           ("quotes", "all_evidence", "quote"), ("claims", "evidence", "claim"))


def article(store: Store, article_id: str) -> ArticleDetail | None:
    """The article, its stories and the stretches of its text their analyses cite (from
    the analyses cached in the store; none before a story is analysed). None for an
    unknown id. An article is found by its id, else by its record's own id (a feed guid,
    a JSON id, a file path: `source_id`); an id several outlets' records share is a
    `UsageError` listing them."""
    from storyline.analyze.report import analysis_key

    found = store.article(article_id)
    if found is None:
        by_source_id = store.articles_by_source_id(article_id)
        if len(by_source_id) > 1:
            raise UsageError(f"{len(by_source_id)} articles came from records with id "
                             f"{article_id!r}: " + "; ".join(
                                 f"{a.id} ({a.source or 'unknown outlet'})" for a in by_source_id)
                             + "; ask for one by its article id")
        found = by_source_id[0] if by_source_id else None
    if found is None:
        return None
    article_id = found.id
    story_ids = store.article_story_ids(article_id)
    marks: dict[tuple[int, int, str], set[str]] = {}
    for story_id in story_ids:
        story = store.story(story_id)
        record = store.analysis(story_id, analysis_key(story.article_ids)) if story else None
        for kind, start, end in _cited(record or {}, article_id):
            if 0 <= start < end <= len(found.text):
                marks.setdefault((start, end, story_id), set()).add(kind)
    return ArticleDetail(article=found, story_ids=tuple(story_ids), marks=tuple(
        Mark(start=start, end=end, kinds=tuple(sorted(kinds)), story_id=story_id)
        for (start, end, story_id), kinds in sorted(marks.items())))


def _cited(record: Mapping[str, Any], article_id: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of every span of `article_id` the analysis cites."""
    for field, key, kind in _CITING:
        for item in record.get(field, ()):
            spans = item.get(key) or item.get("evidence") or []
            for span in [spans] if isinstance(spans, dict) else spans:
                if span.get("article") == article_id:
                    yield kind, span["start"], span["end"]
    for item in record.get("disagreements", ()):
        for value in item.get("values", ()):
            for span in value.get("evidence", ()):
                if span.get("article") == article_id:
                    yield "disagreement", span["start"], span["end"]


def articles(store: Store, *, text: bool = True) -> Iterator[Article]:
    """Every article, oldest first (undated last), one day's in the order they arrived:
    what an export streams.
    `text=False` leaves the texts empty (dates, outlets and links for a report's figures)."""
    return store.articles(text=text)


def articles_by_id(store: Store, ids: Sequence[str]) -> list[Article]:
    """The stored articles among `ids`, in the order of `articles`."""
    return store.articles_by_id(ids)
