"""The per-story half of the analysis, as a function that runs anywhere: one story's
analysis (entities, quotes merged, disagreements, timeline, summary) from its articles and
what the per-article work read in them. Workers (a process pool, Dask) get `StoryTask`s
and return `StoryWork`: the record the one writer stores. Nothing here touches the store.

It is a pure function of the articles and their facts and claims records, so the record
is the same byte for byte wherever it was made; and it was the larger serial part of the
job while the writer made it (README, "Scale: ten million articles").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import StorylineError
from storyline.model import Article

__all__ = ["StoryTask", "StoryWork", "analyse_stories_batch"]


@dataclass(frozen=True, kw_only=True)
class StoryTask:
    """One story to analyse: its (bounded) articles that could be read, and per article
    the language facts (`facts_record`) and claims (`claim_record`s) read in it, and the
    time references its claims read (`timeref_record`s), where known."""

    story_id: str
    articles: tuple[Article, ...]
    facts: dict[str, dict[str, Any]]
    claims: dict[str, list[dict[str, Any]]]
    timerefs: dict[str, list[list[Any]]] = field(default_factory=dict)

    @property
    def chars(self) -> int:
        return sum(len(a.text) for a in self.articles)


@dataclass(frozen=True, kw_only=True)
class StoryWork:
    """A story's analysis record (`report_record`), or None and why it failed."""

    story_id: str
    record: dict[str, Any] | None
    error: str | None = None


def analyse_stories_batch(tasks: Sequence[StoryTask]) -> list[StoryWork]:
    """Analyse a batch of stories in this process. A rule failing on one story's text
    leaves that story without analysis (and says why); a missing model raises."""
    return [_analyse(task) for task in tasks]


def _analyse(task: StoryTask) -> StoryWork:
    from storyline.analyze.article_claims import claim_from_record, timeref_from_record
    from storyline.analyze.report import analyze_story, report_record
    from storyline.language import facts_from_record

    try:
        facts = {i: facts_from_record(r) for i, r in task.facts.items()}
        claims = {i: [claim_from_record(r, i) for r in records]
                  for i, records in task.claims.items()}
        refs = {a.id: [timeref_from_record(r, a) for r in task.timerefs[a.id]]
                for a in task.articles if a.id in task.timerefs}
        record = report_record(analyze_story(task.story_id, task.articles, facts=facts,
                                             claims=claims, timerefs=refs))
    except StorylineError:
        raise  # the model is missing or refused: no story can be analysed
    except Exception as exc:  # a bug on one story's text must not sink the report
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return StoryWork(story_id=task.story_id, record=None, error=reason)
    return StoryWork(story_id=task.story_id, record=record)
