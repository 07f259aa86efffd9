"""The stories stage's records: frozen, keyword-constructed, like those in `model.py`
(where they belong once the owner moves them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Assignment", "Merge", "Story", "StoryScore"]


@dataclass(frozen=True, kw_only=True)
class Merge:
    """Two stories found to be one: `absorbed` now lives on as `survivor` (the older).

    `article_id` is the article whose arrival showed it; `similarity` is the story-to-story
    score that passed the merge threshold."""

    survivor: str
    absorbed: str
    article_id: str
    similarity: float


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Where one article went. `score` is its similarity to the story it joined (0 when it
    started the story); `merged_from` the stories folded into that one on its arrival;
    `near_copy_of` the canonical copy it followed, without being compared."""

    story_id: str
    created: bool
    score: float = 0.0
    merged_from: tuple[str, ...] = ()
    near_copy_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class StoryScore:
    """Why a story ranks where it does: each part's inputs, its points, and the total
    (the sum of the points).

    `outlets` counts distinct outlets among the independent articles (a near-copy is not
    independent reporting; articles whose outlet is unknown count as one together);
    `days_behind` is how far the story's last article is from the
    newest article of the collection (not the clock); `recent_articles` counts independent
    articles in the last days of the story's own life (is it still growing?)."""

    outlets: int
    articles: int
    independent_articles: int
    recent_articles: int
    days_behind: int | None
    outlet_points: float
    article_points: float
    freshness_points: float
    growth_points: float
    total: float


@dataclass(frozen=True, kw_only=True)
class Story:
    """A story: its articles in publication order, and what the ranker and headline chooser
    made of them. `id` is a hash of the founding article's id, so it survives re-runs and
    later ingests as long as that article stays."""

    id: str
    article_ids: tuple[str, ...]
    near_copies: tuple[str, ...]
    headline: str | None
    score: StoryScore
    first_published: dt.date | None
    last_published: dt.date | None
    merged_from: tuple[str, ...] = ()
    #: What the headline was chosen from (`headline.headline_key`): while it holds, a
    #: refresh keeps the headline without reading the members' texts.
    headline_key: str | None = None
