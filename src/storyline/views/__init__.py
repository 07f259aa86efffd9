"""The query layer: every read a surface makes (CLI, export, the coming API and pages)
goes through these functions, which return typed results (`views.results`) whose
`record()` is their JSON shape. SQL stays in `storyline.store`.

    stories(store, filters, limit=, cursor=)  -> StoryPage     ranked, filtered, paged
    story(store, id)                          -> StoryDetail   with analysis and sources
    article(store, id)                        -> ArticleDetail with cited stretches marked
    entity(store, id_or_name)                 -> EntityDetail  stories and roles over time
    search(store, query, filters, limit=, cursor=) -> SearchPage  snippets and story ids
    feeds(store)                              -> [FeedHealth]
    rejections(store)                         -> [Rejection]
"""

from storyline.store import Filters
from storyline.views.articles import article
from storyline.views.entities import entity
from storyline.views.feeds import feed_health, feeds
from storyline.views.records import ANALYSIS_FIELDS, article_record, story_summary
from storyline.views.rejections import rejections
from storyline.views.results import (
    ArticleDetail,
    EntityAppearance,
    EntityDetail,
    FeedHealth,
    Mark,
    SearchHit,
    SearchPage,
    Source,
    StoryDetail,
    StoryPage,
    StorySummary,
)
from storyline.views.search import search
from storyline.views.stories import MAX_PAGE_SIZE, PAGE_SIZE, all_stories, analyses, stories, story

__all__ = [
    "ANALYSIS_FIELDS", "MAX_PAGE_SIZE", "PAGE_SIZE", "ArticleDetail", "EntityAppearance",
    "EntityDetail", "FeedHealth", "Filters", "Mark", "SearchHit", "SearchPage", "Source",
    "StoryDetail", "StoryPage", "StorySummary", "all_stories", "analyses", "article",
    "article_record", "entity", "feed_health", "feeds", "rejections", "search", "stories", "story",
    "story_summary",
]
