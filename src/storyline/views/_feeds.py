"""Feed health: each followed feed, how its polls go and why one fails."""

from __future__ import annotations

from storyline.store import FeedRow, Store
from storyline.views.results import FeedHealth


def feeds(store: Store) -> list[FeedHealth]:
    """Every followed feed, in the order added."""
    return [feed_health(row) for row in store.feeds()]


def feed_health(row: FeedRow) -> FeedHealth:
    status = "new" if row.last_poll is None else "failing" if row.failures else "ok"
    return FeedHealth(id=row.id, url=row.url, title=row.title, status=status,
                      last_poll=row.last_poll, last_outcome=row.last_outcome,
                      last_error=row.last_error, failures=row.failures, next_poll=row.next_poll,
                      items_seen=row.items_seen, pages_failed=row.pages_failed,
                      last_page_problem=row.last_page_problem)


def feed(store: Store, ref: str) -> FeedHealth | None:
    """A feed by its number (as `feeds list` shows it) or its URL/path; None if unknown."""
    row = store.feed(ref)
    return feed_health(row) if row else None
