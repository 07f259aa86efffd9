"""The embedded store (SQLite). Only this package writes."""

from storyline.store.feeds import FeedRow, PollState, SeenItem
from storyline.store.queries import ArticleHead, EntityRow, Filters, SearchRow, StoryKey
from storyline.store.sqlite import BatchResult, Rejection, Store

__all__ = ["ArticleHead", "BatchResult", "EntityRow", "FeedRow", "Filters", "PollState",
           "Rejection", "SearchRow", "SeenItem", "Store", "StoryKey"]
