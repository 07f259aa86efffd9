"""The per-article half of a story's analysis, as a function that runs anywhere: what the
language model reads in each article and the claims each states. Workers (a process pool,
Dask) get `ArticleTask`s and return `ArticleWork`: plain records that the one writer
stores. Nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ArticleTask", "ArticleWork", "bounded", "work_batch"]


@dataclass(frozen=True, kw_only=True)
class ArticleTask:
    """One article to read: its (bounded) text, the facts already cached for it if any,
    and whether its claims are wanted."""

    article: Article
    facts: dict[str, Any] | None = None
    claims: bool = True


@dataclass(frozen=True, kw_only=True)
class ArticleWork:
    """What a worker read in one article: facts as the store keeps them, claims as records
    (None when they could not be read, with the reason in `claims_error`), and the time
    references the claims read (`timeref_record`s; None when not read), which the story's
    timeline reads too."""

    article_id: str
    facts: dict[str, Any]
    claims: list[dict[str, Any]] | None
    claims_error: str | None = None
    timerefs: list[list[Any]] | None = None


def bounded(article: Article, limit: int) -> tuple[Article, bool]:
    """The article as analysis reads it: at most `limit` characters of its text, cut at the
    last paragraph, line or sentence break before the limit (a prefix, so every span into
    it is a span into the whole text), and whether anything was left out."""
    text = article.text
    if len(text) <= limit:
        return article, False
    window = text[:limit]
    cut = max(window.rfind("\n\n"), window.rfind("\n"))
    if cut < limit // 2:
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 1 if cut >= limit // 2 else limit
    return replace(article, text=text[:cut].rstrip()), True


def work_batch(tasks: Sequence[ArticleTask]) -> list[ArticleWork]:
    """Read a batch of articles in this process. An article whose claims are wanted is
    parsed once, and both its facts (unless cached) and its claims are read from that
    parse; the others only need facts. A
    rule failing on one article's claims leaves that article without claims (and says why);
    a missing model raises `ModelError`."""
    from storyline.analyze.article_claims import wants_claims
    from storyline.language import facts_record
    from storyline.language.runner import facts_of, parse_texts, read_texts

    parsing = [task for task in tasks if task.claims and wants_claims(task.article)]
    done: dict[str, ArticleWork] = {}
    for task, docs in zip(parsing, parse_texts([t.article.text for t in parsing]), strict=True):
        record = task.facts if task.facts is not None else facts_record(facts_of(docs))
        done[task.article.id] = _with_claims(task.article, record, docs)
    unread = [task for task in tasks if task.article.id not in done and task.facts is None]
    fresh = read_texts([task.article.text for task in unread], entities=True, parallel=False)
    for task, facts in zip(unread, fresh, strict=True):
        done[task.article.id] = ArticleWork(article_id=task.article.id, facts=facts_record(facts),
                                            claims=[] if task.claims else None)
    for task in tasks:  # facts cached, and no claims to read
        if task.article.id not in done and task.facts is not None:
            done[task.article.id] = ArticleWork(article_id=task.article.id, facts=task.facts,
                                                claims=[] if task.claims else None)
    return [done[task.article.id] for task in tasks]


def _with_claims(article: Article, record: dict[str, Any],
                 docs: Sequence[tuple[int, Doc]]) -> ArticleWork:
    """An article's work with its claims read from its parse (`docs`)."""
    from storyline.analyze.article_claims import (
        article_claims,
        article_timerefs,
        claim_record,
        timeref_record,
    )
    from storyline.language import facts_from_record

    try:
        refs = article_timerefs(article)
        claims = [claim_record(c)
                  for c in article_claims(article, facts_from_record(record), docs, refs=refs)]
    except StorylineError:
        raise
    except Exception as exc:  # a rule meeting text it was not written for
        return ArticleWork(article_id=article.id, facts=record, claims=None,
                           claims_error=f"{type(exc).__name__}: {exc}")
    return ArticleWork(article_id=article.id, facts=record, claims=claims,
                       timerefs=[timeref_record(r) for r in refs])
