"""The feeds table and what each poll leaves in it: per-feed state (conditional-GET
validators, last outcome, backoff) and the items already seen (by guid and by URL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, kw_only=True)
class FeedRow:
    """One followed feed as stored."""

    id: int
    url: str
    title: str | None
    added: str
    etag: str | None
    last_modified: str | None
    last_poll: str | None
    last_outcome: str | None
    last_error: str | None
    failures: int
    next_poll: str | None
    items_seen: int
    pages_failed: int = 0           # items kept as the feed's teaser (page not fetched)
    last_page_problem: str | None = None


@dataclass(frozen=True, kw_only=True)
class SeenItem:
    """An item a poll took: its key (guid, else link), link, and how it was stored."""

    key: str
    url: str | None
    outcome: str                    # page | feed (as the feed gives it) | teaser | rejected
    detail: str | None = None


@dataclass(frozen=True, kw_only=True)
class PollState:
    """What one poll of a feed leaves in the feeds table."""

    outcome: str                    # ok | not-modified | error | refused
    error: str | None
    polled_at: str
    next_poll: str
    failures: int
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    keep_validators: bool = False   # an error keeps the validators of the last good poll


class _HasDb(Protocol):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


_FEED_COLUMNS = ("f.id, f.url, f.title, f.added, f.etag, f.last_modified, f.last_poll, "
                 "f.last_outcome, f.last_error, f.failures, f.next_poll, f.items_seen")
_FEED_SELECT = (
    f"SELECT {_FEED_COLUMNS}, "
    "(SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.outcome = 'teaser') "
    "AS pages_failed, "
    "(SELECT i.detail FROM feed_items i WHERE i.feed_id = f.id AND i.detail IS NOT NULL "
    "ORDER BY i.first_seen DESC, i.key LIMIT 1) AS last_page_problem FROM feeds f")


class FeedTables:
    """Store methods over `feeds` and `feed_items` (mixed into `Store`)."""

    def add_feed(self: _HasDb, url: str, added: str) -> tuple[FeedRow, bool]:
        """Follow `url` (a URL or a local file's absolute path); (the feed, whether new).
        Adding a feed twice is harmless."""
        with self._transaction() as db:
            cursor = db.execute("INSERT OR IGNORE INTO feeds (url, added, next_poll) "
                                "VALUES (?, ?, ?)", (url, added, added))
            created = cursor.rowcount == 1
        row = self._db.execute(f"{_FEED_SELECT} WHERE f.url = ?", (url,)).fetchone()
        return _feed(row), created

    def feeds(self: _HasDb) -> list[FeedRow]:
        """Every followed feed, in the order they were added."""
        return [_feed(r) for r in self._db.execute(f"{_FEED_SELECT} ORDER BY f.id")]

    def feed(self: _HasDb, ref: str) -> FeedRow | None:
        """A feed by its number (as `feeds list` shows it) or its URL/path."""
        row = None
        if ref.isdigit():
            row = self._db.execute(f"{_FEED_SELECT} WHERE f.id = ?", (int(ref),)).fetchone()
        if row is None:
            row = self._db.execute(f"{_FEED_SELECT} WHERE f.url = ?", (ref,)).fetchone()
        return _feed(row) if row else None

    def remove_feed(self: _HasDb, feed_id: int) -> bool:
        """Stop following a feed (its stored articles stay)."""
        with self._transaction() as db:
            db.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
            return db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 1

    def unseen_items(self: _HasDb, feed_id: int, items: Sequence[tuple[str, str | None]]
                     ) -> list[tuple[str, str | None]]:
        """The (key, url) pairs not taken before: neither this feed's key (guid), nor the
        URL from any feed, nor the URL of an article stored from elsewhere (a file, a WARC)."""
        fresh = []
        for key, url in items:
            if self._db.execute("SELECT 1 FROM feed_items WHERE feed_id = ? AND key = ?",
                                (feed_id, key)).fetchone():
                continue
            if url and self._db.execute(
                    "SELECT 1 FROM feed_items WHERE url = ? UNION ALL "
                    "SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url, url)).fetchone():
                continue
            fresh.append((key, url))
        return fresh

    def teaser_items(self: _HasDb, feed_id: int, keys: Sequence[str]) -> set[str]:
        """Those of `keys` this feed took as its own teaser (their page could not be had)."""
        found: set[str] = set()
        for key in keys:
            if self._db.execute("SELECT 1 FROM feed_items WHERE feed_id = ? AND key = ? "
                                "AND outcome = 'teaser'", (feed_id, key)).fetchone():
                found.add(key)
        return found

    def record_items(self: _HasDb, feed_id: int, items: Sequence[SeenItem], seen_at: str) -> None:
        """Items a poll has taken so far (their articles stored), before the poll ends."""
        with self._transaction() as db:
            _insert_items(db, feed_id, items, seen_at)
            db.execute("UPDATE feeds SET items_seen = (SELECT count(*) FROM feed_items "
                       "WHERE feed_id = :id) WHERE id = :id", {"id": feed_id})

    def record_poll(self: _HasDb, feed_id: int, state: PollState,
                    items: Sequence[SeenItem] = ()) -> None:
        """A poll's outcome and the items it took, in one transaction (after the items'
        articles are stored: a crash in between means the next poll takes them again,
        and the ingest, keyed by stable ids, stores nothing twice)."""
        with self._transaction() as db:
            _insert_items(db, feed_id, items, state.polled_at)
            validators = ("" if state.keep_validators else
                          "etag = :etag, last_modified = :last_modified, ")
            db.execute(
                f"UPDATE feeds SET {validators}last_poll = :polled_at, "
                "last_outcome = :outcome, last_error = :error, failures = :failures, "
                "next_poll = :next_poll, title = coalesce(:title, title), "
                "items_seen = (SELECT count(*) FROM feed_items WHERE feed_id = :id) "
                "WHERE id = :id",
                {"etag": state.etag, "last_modified": state.last_modified,
                 "polled_at": state.polled_at, "outcome": state.outcome, "error": state.error,
                 "failures": state.failures, "next_poll": state.next_poll, "title": state.title,
                 "id": feed_id})

    def feed_items(self: _HasDb, feed_id: int) -> Iterator[SeenItem]:
        rows = self._db.execute("SELECT key, url, outcome, detail FROM feed_items "
                                "WHERE feed_id = ? ORDER BY first_seen, key", (feed_id,))
        for row in rows:
            yield SeenItem(key=row[0], url=row[1], outcome=row[2], detail=row[3])


def _insert_items(db: sqlite3.Connection, feed_id: int, items: Sequence[SeenItem],
                  seen_at: str) -> None:
    db.executemany(
        "INSERT INTO feed_items (feed_id, key, url, first_seen, outcome, detail) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, key) DO UPDATE SET "
        "outcome = excluded.outcome, detail = excluded.detail",  # a teaser tried again
        [(feed_id, i.key, i.url, seen_at, i.outcome, i.detail) for i in items])


def _feed(row: sqlite3.Row) -> FeedRow:
    return FeedRow(**dict(row))
