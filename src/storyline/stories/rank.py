"""How much a story matters now: independent outlets, articles, freshness and growth.

Every part is exposed (`StoryScore`), so a user can see why a story ranks where it does.
Freshness is measured against the newest article of the collection, never the clock: an
archive from 2022 ranks the same whenever it is read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import replace

from storyline.model import Article
from storyline.outlets import url_host
from storyline.stories.records import StoryScore

__all__ = ["FRESHNESS_HORIZON_DAYS", "UNKNOWN_OUTLET", "base_points", "freshness_points", "outlet_of",
           "score_story", "url_host", "with_newest"]

# Set by hand (no annotated ranking exists yet) so that, in order of weight, reporting by
# more independent outlets, then recency, then volume, raise a story; tests/test_stories.py
# pins the orderings this gives. Counts enter as log2(1 + n): the tenth outlet adds less
# than the second.
OUTLET_WEIGHT = 2.0
ARTICLE_WEIGHT = 1.0
#: A story whose last article is this many days older than the collection's newest keeps
#: e^-1 of its freshness points; a week behind keeps about a tenth.
FRESHNESS_DAYS = 3.0
FRESHNESS_WEIGHT = 3.0
#: Growth counts independent articles in the last GROWTH_DAYS days of the story's own life
#: (its last date and the day before): a story still drawing reports is still unfolding.
GROWTH_DAYS = 2
GROWTH_WEIGHT = 1.0
#: Days behind the newest article after which freshness gives no points (they round to 0
#: at the six decimals stored): a story's score stops moving with the newest date there,
#: so a refresh re-scores only the stories within this horizon (`with_newest`).
FRESHNESS_HORIZON_DAYS = math.ceil(FRESHNESS_DAYS * math.log(FRESHNESS_WEIGHT / 5e-7))


#: What `outlet_of` returns when neither the record nor its URL names an outlet. All such
#: articles of a story count as one outlet together: forty undated, outlet-less files are
#: not forty independent sources.
UNKNOWN_OUTLET = "unknown"


def outlet_of(article: Article) -> str:
    """The outlet an article speaks for: its source, else its URL's host, else
    `UNKNOWN_OUTLET` (the same for every article that names none)."""
    if article.source and article.source.strip():
        return article.source.strip().casefold()
    return url_host(article.url) or UNKNOWN_OUTLET


def score_story(members: Sequence[Article], near_copies: Collection[str] = (),
                newest: dt.date | None = None) -> StoryScore:
    """The score of a story made of `members`; `near_copies` are the member ids that copy
    another text; `newest` is the newest publication date of the whole collection."""
    independent = [a for a in members if a.id not in near_copies]
    outlets = len({outlet_of(a) for a in independent})
    dates = [a.published for a in members if a.published is not None]
    last = max(dates) if dates else None
    days_behind = (newest - last).days if newest is not None and last is not None else None
    recent = 0
    if last is not None:
        since = last - dt.timedelta(days=GROWTH_DAYS - 1)
        recent = sum(1 for a in independent if a.published is not None and a.published >= since)
    outlet_points = OUTLET_WEIGHT * math.log2(1 + outlets)
    article_points = ARTICLE_WEIGHT * math.log2(1 + len(independent))
    growth_points = GROWTH_WEIGHT * math.log2(1 + recent)
    return _scored(StoryScore(
        outlets=outlets, articles=len(members), independent_articles=len(independent),
        recent_articles=recent, days_behind=days_behind,
        outlet_points=round(outlet_points, 6), article_points=round(article_points, 6),
        freshness_points=0.0, growth_points=round(growth_points, 6), total=0.0))


def with_newest(score: StoryScore, last: dt.date | None, newest: dt.date | None) -> StoryScore:
    """The same story's score when the collection's newest date is `newest` (only
    freshness and the days behind depend on it): what `score_story` would give."""
    days_behind = (newest - last).days if newest is not None and last is not None else None
    return _scored(replace(score, days_behind=days_behind))


def freshness_points(days_behind: float | None) -> float:
    """The freshness points of a story this many days behind the newest article (0 when
    undated). A store computes stored totals with it in SQL (`base_points` + this)."""
    if days_behind is None:
        return 0.0
    return round(FRESHNESS_WEIGHT * math.exp(-max(0.0, days_behind) / FRESHNESS_DAYS), 6)


def base_points(score: StoryScore) -> float:
    """The points that do not depend on the newest date: the total is these plus the
    freshness points (in that order, so a store's sum is the same float)."""
    return score.outlet_points + score.article_points + score.growth_points


def _scored(score: StoryScore) -> StoryScore:
    """`score` with its freshness points (from its days behind) and total."""
    points = freshness_points(score.days_behind)
    return replace(score, freshness_points=points, total=base_points(score) + points)
