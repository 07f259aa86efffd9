"""The story index as rows, and the reads a refresh makes to touch only what it needs.

`StoryIndex.from_rows` reads stories, placements and postings through these methods a
few at a time (`stories.index.IndexSource`); `write_index` stores what a refresh changed.
Which articles are new is a rowid mark (`placed_rowid`): rows only grow, so the articles
after the mark are the ones no refresh has placed (an interrupted run's included).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from storyline.store.history import utc_now

if TYPE_CHECKING:
    from storyline.model import Article
    from storyline.stories import Story
    from storyline.stories.index import IndexRows

__all__ = ["IndexMeta", "IndexTables", "write_bands", "write_index"]


class _Reads(Protocol):
    _db: sqlite3.Connection

    def _rows_for_ids(self, sql: str, ids: Sequence[str], *before: object) -> list[sqlite3.Row]: ...

    def _stories_from(self, rows: Sequence[sqlite3.Row],
                      members: dict[str, list[sqlite3.Row]] | None = None) -> list[Story]: ...

    def articles_by_id(self, ids: Sequence[str], *, text: bool = True) -> list[Article]: ...


class IndexMeta:
    """The stored index's own data and counts, its generation, and whether an upgrade
    voided it."""

    __slots__ = ("count_changes", "counts", "data", "generation", "reset")

    def __init__(self, data: dict[str, Any], counts: tuple[bytes, bytes],
                 count_changes: list[tuple[int, int, int]], generation: int,
                 reset: bool) -> None:
        self.data, self.counts, self.count_changes = data, counts, count_changes
        #: Every write and reset adds one: a refresh writes only over what it read.
        self.generation, self.reset = generation, reset


class IndexTables:
    """Store methods over the story index's rows (mixed into `Store`)."""

    # -- the index, read on demand (stories.index.IndexSource) ----------------------------
    def index_meta(self: _Reads) -> IndexMeta | None:
        row = self._db.execute(
            "SELECT m.data, c.term_df, c.entity_df, m.generation, m.reset FROM index_meta m "
            "JOIN index_counts c ON c.id = 1 WHERE m.id = 1").fetchone()
        if row is None:
            return None
        changes = [(int(r[0]), int(r[1]), int(r[2])) for r in self._db.execute(
            "SELECT kind, col, n FROM index_count_changes")]
        return IndexMeta(json.loads(row[0]), (bytes(row[1]), bytes(row[2])), changes,
                         int(row[3]), bool(row[4]))

    def index_generation(self: _Reads) -> int | None:
        """The stored index's generation (None before the first refresh)."""
        row = self._db.execute("SELECT generation FROM index_meta WHERE id = 1").fetchone()
        return int(row[0]) if row else None

    def index_stories(self: _Reads, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        return {row[0]: json.loads(row[1]) for row in self._rows_for_ids(
            "SELECT id, data FROM index_stories WHERE id IN ({})", list(ids))}

    def index_story_seqs(self: _Reads, ids: Collection[str]) -> dict[str, int]:
        return {row[0]: int(row[1]) for row in self._rows_for_ids(
            "SELECT id, seq FROM index_stories WHERE id IN ({})", list(ids))}

    def index_story_of(self: _Reads, article_ids: Collection[str]) -> dict[str, str]:
        return {row[0]: row[1] for row in self._rows_for_ids(
            "SELECT article_id, story_id FROM index_articles WHERE article_id IN ({})",
            list(article_ids))}

    def index_postings(self: _Reads, keys: Collection[int]) -> dict[int, str | tuple[str, ...]]:
        rows = self._rows_for_ids("SELECT key, stories FROM index_postings WHERE key IN ({})",
                                  list(keys))  # type: ignore[arg-type]
        return {int(row[0]): _posting(row[1]) for row in rows}

    def index_everything(self: _Reads) -> tuple[dict[str, dict[str, Any]], dict[str, str],
                                                dict[int, str | tuple[str, ...]]]:
        stories = {row[0]: json.loads(row[1])
                   for row in self._db.execute("SELECT id, data FROM index_stories")}
        placed = {row[0]: row[1] for row in self._db.execute(
            "SELECT article_id, story_id FROM index_articles")}
        postings = {int(row[0]): _posting(row[1])
                    for row in self._db.execute("SELECT key, stories FROM index_postings")}
        return stories, placed, postings

    # -- what a refresh reads instead of the archive ---------------------------------------
    def last_rowid(self: _Reads) -> int:
        """The rowid of the latest stored article (0 when none): a refresh places up to it."""
        return int(self._db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])

    def newest_published(self: _Reads, upto: int | None = None) -> dt.date | None:
        """The newest publication date among the articles (stored up to rowid `upto`):
        what freshness is measured against."""
        row = self._db.execute("SELECT max(published) FROM articles WHERE rowid <= ?",
                               (2**63 - 1 if upto is None else upto,)).fetchone()
        return dt.date.fromisoformat(row[0][:10]) if row and row[0] else None

    def heads_since(self: _Reads, start: dt.date, upto: int) -> list[Article]:
        """The articles published on or after `start` (stored up to rowid `upto`), without
        their text."""
        from storyline.store.sqlite import _article, _fields

        rows = self._db.execute(
            f"SELECT {_fields(False)} FROM articles WHERE published >= ? AND rowid <= ? "
            "ORDER BY published, rowid", (start.isoformat(), upto))
        return [_article(row) for row in rows]

    def copy_sets(self: _Reads, ids: Sequence[str]) -> list[Article]:
        """The articles of the near-copy sets these articles are in (the articles, their
        canonical copies and every copy of those), without their text."""
        from storyline.store.sqlite import _article, _fields, arrival_order

        heads = {a.id: a for a in self.articles_by_id(ids, text=False)}
        roots = sorted({a.duplicate_of or a.id for a in heads.values()})
        for column in ("id", "duplicate_of"):
            rows = self._rows_for_ids(
                f"SELECT {_fields(False)} FROM articles WHERE {column} IN ({{}})", roots)
            heads.update((a.id, a) for a in map(_article, rows))
        return sorted(heads.values(), key=arrival_order)

    def pass_owed(self: _Reads) -> str:
        """Why a re-clustering pass is owed: a refresh skipped it for its size and none has
        run since ('' when none is owed; `storyline recluster --window` or the desk's
        background pass runs it)."""
        row = self._db.execute("SELECT json_extract(data, '$.pass_owed') FROM index_meta "
                               "WHERE id = 1").fetchone()
        return str(row[0] or "") if row else ""

    def changed_articles(self: _Reads) -> list[str]:
        """Placed articles whose fields changed in place since the last refresh."""
        return [row[0] for row in self._db.execute(
            "SELECT article_id FROM articles_changed ORDER BY article_id")]

    def upgrades(self: _Reads) -> dict[str, tuple[str | None, str]]:
        """Article id -> (title, text) as the story index counted them, for the articles
        upgraded in place since the last refresh (`Store._upgrade`)."""
        return {row[0]: (row[1], zlib.decompress(row[2]).decode("utf-8")) for row in
                self._db.execute("SELECT article_id, title, text FROM articles_upgraded "
                                 "ORDER BY article_id")}

    def copies_of(self: _Reads, ids: Sequence[str]) -> list[str]:
        """The ids of the stored near-copies that follow these articles."""
        return sorted({row[0] for row in self._rows_for_ids(
            "SELECT id FROM articles WHERE duplicate_of IN ({})", ids)})

    def story_id_used(self: _Reads, story_id: str) -> bool:
        """Whether a story has this id now or had it once (a retired id redirects)."""
        return self._db.execute(
            "SELECT 1 FROM stories WHERE id = ? UNION ALL "
            "SELECT 1 FROM story_redirects WHERE retired = ? LIMIT 1",
            (story_id, story_id)).fetchone() is not None

    def stories_holding(self: _Reads, article_ids: Sequence[str]) -> list[Story]:
        """The stored stories that hold any of these articles, with all their members."""
        story_ids = sorted({row[0] for row in self._rows_for_ids(
            "SELECT story_id FROM story_articles WHERE article_id IN ({})", article_ids)})
        from storyline.store.sqlite import _STORY_FIELDS

        rows = self._rows_for_ids(f"SELECT {_STORY_FIELDS} FROM stories WHERE id IN ({{}})",
                                  story_ids)
        members: dict[str, list[sqlite3.Row]] = {}
        for member in self._rows_for_ids(
                "SELECT story_id, article_id, near_copy FROM story_articles "
                "WHERE story_id IN ({}) ORDER BY story_id, position", story_ids):
            members.setdefault(member[0], []).append(member)
        return self._stories_from(rows, members)


def write_index(db: sqlite3.Connection, rows: IndexRows, placed_rowid: int,
                newest: dt.date | None, extra: dict[str, Any], described: Sequence[str],
                generation: int, upgraded: Sequence[str] = ()) -> None:
    """Store an index's rows (inside the caller's transaction); `extra` is kept beside the
    index's own meta (what a refresh needs to know of the last one); `described` are the
    changed articles whose stories were described again (changes since stay queued);
    `upgraded` the upgraded articles whose old text the index no longer counts."""
    db.executemany("DELETE FROM articles_changed WHERE article_id = ?",
                   [(i,) for i in described])
    db.executemany("DELETE FROM articles_upgraded WHERE article_id = ?",
                   [(i,) for i in upgraded])
    if rows.whole:
        for table in ("index_stories", "index_articles", "index_postings"):
            db.execute(f"DELETE FROM {table}")
    meta = json.dumps({**rows.meta, **extra}, separators=(",", ":"))
    dated = (placed_rowid, newest.isoformat() if newest else None, utc_now())
    if rows.counts is not None:
        db.execute("DELETE FROM index_count_changes")
        db.execute("INSERT OR REPLACE INTO index_counts (id, term_df, entity_df) "
                   "VALUES (1, ?, ?)", rows.counts)
    db.execute("INSERT OR REPLACE INTO index_meta (id, data, placed_rowid, newest, updated, "
               "generation, reset) VALUES (1, ?, ?, ?, ?, ?, 0)", (meta, *dated, generation))
    if rows.counts is None:  # the whole counts stay; the columns changed since go beside them
        db.executemany("INSERT OR REPLACE INTO index_count_changes (kind, col, n) "
                       "VALUES (?, ?, ?)", rows.count_changes)
    db.executemany("DELETE FROM index_stories WHERE id = ?", [(i,) for i in rows.removed_stories])
    db.executemany("INSERT OR REPLACE INTO index_stories (id, seq, data) VALUES (?, ?, ?)",
                   rows.stories)
    db.executemany("DELETE FROM index_articles WHERE article_id = ?",
                   [(i,) for i in rows.removed_articles])
    db.executemany("INSERT OR REPLACE INTO index_articles (article_id, story_id) VALUES (?, ?)",
                   rows.articles)
    db.executemany("INSERT OR REPLACE INTO index_postings (key, stories) VALUES (?, ?)",
                   rows.postings)


def write_bands(db: sqlite3.Connection, bands: Mapping[str, Sequence[int]], version: str,
                replace_all: bool) -> None:
    """Store band hashes per article (inside the caller's transaction); `replace_all`
    drops every stored one first (a new version, or a full rebuild)."""
    if replace_all:
        db.execute("DELETE FROM minhash_bands")
        db.execute("DELETE FROM minhash_indexed")
    db.executemany("INSERT OR IGNORE INTO minhash_bands (band, hash, article_id) "
                   "VALUES (?, ?, ?)",
                   [(band, value, article_id) for article_id, hashes in bands.items()
                    for band, value in enumerate(hashes)])
    db.executemany("INSERT OR REPLACE INTO minhash_indexed (article_id, version) "
                   "VALUES (?, ?)", [(article_id, version) for article_id in bands])


def _posting(text: str) -> str | tuple[str, ...]:
    ids = text.split(" ")
    return ids[0] if len(ids) == 1 else tuple(ids)
