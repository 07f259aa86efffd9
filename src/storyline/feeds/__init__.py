"""Followed feeds: the registry (`feeds add`), safe fetching, and the poller that takes
what is new into the store through the ingest runner."""

from storyline.feeds.fetch import AccessPolicy, Failure, Fetched, Fetcher, FetchLimits
from storyline.feeds.poll import FeedPoll, PollReport, poll_feeds
from storyline.feeds.registry import feed_targets

__all__ = ["AccessPolicy", "Failure", "FeedPoll", "FetchLimits", "Fetched", "Fetcher",
           "PollReport", "feed_targets", "poll_feeds"]
