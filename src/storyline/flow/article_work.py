"""The per-article half of a story's analysis, as a function that runs anywhere: what the
language model reads in each article and the claims each states. Workers (a process pool,
Dask) get `ArticleTask`s and return `ArticleWork`: plain records that the one writer
stores. Nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from storyline.errors import StorylineError
from storyline.model import Article

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
    (None when they could not be read, with the reason in `claims_error`)."""

    article_id: str
    facts: dict[str, Any]
    claims: list[dict[str, Any]] | None
    claims_error: str | None = None


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
    """Read a batch of articles in this process: the model's facts for those without, then
    the claims of those that want them. A rule failing on one article's claims leaves that
    article without claims (and says why); a missing model raises `ModelError`."""
    from storyline.analyze.article_claims import article_claims, claim_record
    from storyline.language import facts_from_record, facts_record
    from storyline.language.runner import read_texts

    unread = [task for task in tasks if task.facts is None]
    fresh = read_texts([task.article.text for task in unread], entities=True, parallel=False)
    records = {task.article.id: facts_record(facts) for task, facts in zip(unread, fresh, strict=True)}
    done = []
    for task in tasks:
        record = task.facts if task.facts is not None else records[task.article.id]
        claims: list[dict[str, Any]] | None = None
        error = None
        if task.claims:
            try:
                claims = [claim_record(c) for c in
                          article_claims(task.article, facts_from_record(record))]
            except StorylineError:
                raise
            except Exception as exc:  # a rule meeting text it was not written for
                error = f"{type(exc).__name__}: {exc}"
        done.append(ArticleWork(article_id=task.article.id, facts=record, claims=claims,
                                claims_error=error))
    return done
