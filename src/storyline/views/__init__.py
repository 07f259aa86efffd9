"""The query layer: every read a surface makes (CLI, export, the coming API and pages)
goes through these functions, which return typed results (`views.results`) whose
`record()` is their JSON shape. SQL stays in `storyline.store`.

    stories(store, filters, limit=, cursor=)  -> StoryPage     ranked, filtered, paged
    story(store, id)                          -> StoryDetail   with analysis, sources, history
    story_successors(store, id), story_history(store, id)   where a retired id went; events
    redirects(store, story_ids=None)          -> [Redirect]    retired ids, for the export
    article(store, id)                        -> ArticleDetail with cited stretches marked
    articles(store, text=), articles_by_id(store, ids) -> Articles    what exports stream
    all_stories(store), analyses(store, stories)    every story ranked; their analyses
    entity(store, id_or_name)                 -> EntityDetail  stories and roles over time
    unanalysed(store)                         -> int           stories entities cannot see yet
    search(store, query, filters, limit=, cursor=) -> SearchPage  snippets and story ids
    feeds(store), feed(store, number_or_url)  -> [FeedHealth], FeedHealth
    rejections(store)                         -> [Rejection]
"""

from storyline.store import Filters
from storyline.views._articles import article, articles, articles_by_id
from storyline.views._entities import entity, unanalysed
from storyline.views._feeds import feed, feed_health, feeds
from storyline.views._rejections import rejections
from storyline.views._search import search
from storyline.views._stories import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    all_stories,
    analyses,
    redirects,
    stories,
    story,
    story_history,
    story_successors,
)
from storyline.views.records import ANALYSIS_FIELDS, article_record, story_summary
from storyline.views.results import (
    ArticleDetail,
    EntityAppearance,
    EntityDetail,
    FeedHealth,
    HistoryEntry,
    Mark,
    Redirect,
    SearchHit,
    SearchPage,
    Source,
    StoryDetail,
    StoryPage,
    StorySummary,
)

__all__ = [
    "ANALYSIS_FIELDS",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "ArticleDetail",
    "EntityAppearance",
    "EntityDetail",
    "FeedHealth",
    "Filters",
    "HistoryEntry",
    "Mark",
    "Redirect",
    "SearchHit",
    "SearchPage",
    "Source",
    "StoryDetail",
    "StoryPage",
    "StorySummary",
    "all_stories",
    "analyses",
    "article",
    "article_record",
    "articles",
    "articles_by_id",
    "entity",
    "feed",
    "feed_health",
    "feeds",
    "redirects",
    "rejections",
    "search",
    "stories",
    "story",
    "story_history",
    "story_successors",
    "story_summary",
    "unanalysed",
]
