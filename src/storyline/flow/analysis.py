"""Stories analysed for the reports, with caches that make an update cost the new articles:
what the model read per article, the claims per article, the analysis per story."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.model import Article, Claim
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.language import DocumentFacts
    from storyline.stories import Story

__all__ = ["FACTS_BATCH", "analyze_stories"]

#: Articles whose language facts are read in one go when stories are analysed: large enough
#: for the model's two worker processes to pay, small enough for the progress bar to move.
FACTS_BATCH = 400


def analyze_stories(store: Store, stories: Sequence[Story],
                    on_story: Callable[[Story], None] | None = None,
                    on_error: Callable[[Story, Exception], None] | None = None,
                    ) -> dict[str, dict[str, Any]]:
    """Each story's analysis in the export's shape (entities, quotes, claims, disagreements,
    timeline, summary), from the store's cache when its members have not changed, else
    computed and cached.

    What the language model reads in each article is cached per article too, so a story
    that grows by one article costs one parse, and articles are parsed in large batches
    across stories (the model's worker processes pay only on large batches).

    An error in one story's analysis (a rule meeting text it was not written for) leaves
    that story without analysis, or an article without claims, and goes on; `on_error`
    hears of each. A missing or refused model (`ModelError`) stops everything."""
    from storyline.analyze.report import analysis_key, analyze_story, report_record

    results: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Story, str]] = []
    for story in stories:
        key = analysis_key(story.article_ids)
        record = store.analysis(story.id, key)
        if record is None:
            todo.append((story, key))
            continue
        results[story.id] = record
        if on_story is not None:
            on_story(story)
    for group in _batches(todo):
        members = {story.id: [a for a in map(store.article, story.article_ids) if a is not None]
                   for story, _ in group}
        articles = list({a.id: a for found in members.values() for a in found}.values())
        facts = _facts(store, articles)
        claims, unread = _claims(store, articles, facts)
        for story, key in group:
            failed = [unread[a.id] for a in members[story.id] if a.id in unread]
            try:
                record = report_record(analyze_story(story.id, members[story.id], facts=facts,
                                                     claims=claims))
            except StorylineError:
                raise  # the model is missing or refused: no story can be analysed
            except Exception as exc:  # a bug on one story's text must not sink the report
                failed.append(exc)
                record = {}
            else:
                if not failed:  # a partial analysis is shown, not cached: it is tried again
                    store.write_analysis(story.id, key, record)
            for exc in failed:
                if on_error is not None:
                    on_error(story, exc)
            results[story.id] = record
            if on_story is not None:
                on_story(story)
    return {s.id: results[s.id] for s in stories}


def _batches(todo: Sequence[tuple[Story, str]]) -> Iterator[list[tuple[Story, str]]]:
    """Stories in groups of about FACTS_BATCH articles (a larger story goes alone)."""
    group: list[tuple[Story, str]] = []
    size = 0
    for item in todo:
        if group and size + len(item[0].article_ids) > FACTS_BATCH:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[0].article_ids)
    if group:
        yield group


def _facts(store: Store, articles: Sequence[Article]) -> dict[str, DocumentFacts]:
    """What the model read in each article, from the store's cache (for this model and
    reader version), else read in one batch and cached."""
    from storyline.language import (
        FACTS_VERSION,
        facts_from_record,
        facts_record,
        load_pipeline,
        read_facts,
    )

    version = f"{load_pipeline().meta['version']}/{FACTS_VERSION}"
    cached = store.language_facts([a.id for a in articles], version)
    missing = [a for a in articles if a.id not in cached]
    if missing:
        new = {a.id: facts_record(f)
               for a, f in zip(missing, read_facts([a.text for a in missing]), strict=True)}
        store.write_language_facts(new, version)
        cached.update(new)
    return {article_id: facts_from_record(record) for article_id, record in cached.items()}


def _claims(store: Store, articles: Sequence[Article], facts: Mapping[str, DocumentFacts]
            ) -> tuple[dict[str, list[Claim]], dict[str, Exception]]:
    """Each article's claims, from the store's cache where its key still holds, else read
    and cached; and the articles whose claims could not be read (they count as none)."""
    from storyline.analyze.article_claims import (
        article_claims,
        claim_from_record,
        claim_record,
        claims_key,
    )
    from storyline.analyze.report import ANALYSIS_VERSION

    keys = {a.id: claims_key(a, ANALYSIS_VERSION) for a in articles}
    cached = store.article_claims(keys)
    found = {article_id: [claim_from_record(r, article_id) for r in records]
             for article_id, records in cached.items()}
    new: dict[str, list[Claim]] = {}
    unread: dict[str, Exception] = {}
    for article in articles:
        if article.id in cached:
            continue
        try:
            new[article.id] = article_claims(article, facts[article.id])
        except StorylineError:
            raise
        except Exception as exc:  # see analyze_stories
            unread[article.id] = exc
    if new:
        store.write_article_claims({article_id: (keys[article_id], [claim_record(c) for c in claims])
                                    for article_id, claims in new.items()})
    return {**found, **new, **{article_id: [] for article_id in unread}}, unread
