"""The embedded store: SQLite in WAL mode, foreign keys on, named migrations, FTS5.

Only this module writes. Every batch is one transaction: a crash or Ctrl-C leaves every
committed batch intact and the interrupted one absent, and a re-run fills it in (writes
are keyed by stable ids, so nothing is stored twice).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import StaleWrite, StoreError, UsageError
from storyline.model import Article, Drop, RawDocument
from storyline.store.feeds import FeedTables
from storyline.store.history import StoryHistory, record_edit, record_events, utc_now
from storyline.store.identity import copy_of, upgraded
from storyline.store.index_rows import IndexTables, write_bands, write_index
from storyline.store.migrations import MIGRATIONS
from storyline.store.opening import (
    SCHEMA_VERSION,
    check_columns,
    check_ours,
    connect_read_only,
    read_only_reason,
)
from storyline.store.queries import (
    BACKFILLS,
    RANK_ORDER,
    ReadQueries,
    entity_alias_rows,
    entity_index_rows,
)

#: Ids per `IN (...)` query (SQLite allows 32,766 parameters; smaller keeps plans simple).
_IN_CHUNK = 500

if TYPE_CHECKING:  # the stories package pulls in scikit-learn: only load it when used
    from storyline.stories import Clustering, Story

_ARTICLE_FIELDS = (
    "id", "origin", "raw_sha256", "url", "source", "title", "text", "published",
    "published_from", "dateline_place", "dateline_agency", "dateline_date", "language",
    "duplicate_of", "source_id", "text_kind",
)
#: What reads take: the fields, and the row number, the order the articles arrived in
#: (`Article.arrival`, which orders a day's articles).
_READ_FIELDS = ("rowid", *_ARTICLE_FIELDS)
#: What a re-ingest of the same raw record may update: not its identity, and not its
#: near-copy link, which the stories stage owns (the cleaner always says "none").
_UPDATABLE = [f for f in _ARTICLE_FIELDS if f not in ("id", "origin", "raw_sha256", "duplicate_of")]
_STORY_FIELDS = ("id, headline, score_parts, first_published, last_published, merged_from, "
                 "headline_key")
_LAST = 2**63 - 1  # the largest rowid
_STORY_FIELDS_S = ", ".join(f"s.{f.strip()}" for f in _STORY_FIELDS.split(","))
_UPSERT = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_FIELDS)}, first_seen) "
    f"VALUES ({', '.join('?' for _ in _ARTICLE_FIELDS)}, ?) "
    f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{f} = excluded.{f}' for f in _UPDATABLE)} "
    "WHERE articles.raw_sha256 = excluded.raw_sha256 AND ("
    + " OR ".join(f"articles.{f} IS NOT excluded.{f}" for f in _UPDATABLE)
    + ")"
)


@dataclass(frozen=True, kw_only=True)
class BatchResult:
    """What became of each article of a batch: stored as new, already stored (the same
    article, or a copy with no more text than the stored one), or an upgrade of a stored
    copy (more text under the same source id or URL, or the same raw record cleaned
    differently now). new + existing + upgraded is the number of articles written,
    duplicates within the batch included."""

    new: int
    existing: int
    upgraded: int = 0
    upgraded_ids: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Rejection:
    origin: str
    stage: str
    reason: str
    first_seen: str


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Store(FeedTables, StoryHistory, ReadQueries, IndexTables):
    """One SQLite file. Open it with `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, connection: sqlite3.Connection, path: str,
                 read_only: str | None = None) -> None:
        self._db = connection
        self.path = path
        #: Why the store cannot be written (None: it can): reads work, caches are skipped,
        #: a write raises StoreError saying so.
        self.read_only_reason = read_only

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, create: bool = True) -> Store:
        """Open (creating if needed) and migrate the store at `path`. A file that is not a
        store of this storyline is refused untouched; a store that cannot be written (a
        read-only folder or file), or asked `read_only`, is opened for reading only. With
        `create` False (read commands) a missing store is an error, not a new empty one."""
        path = str(path)
        if path != ":memory:" and Path(path).is_dir():
            raise UsageError(f"{path} is a folder; --db needs a file path such as ./storyline.db")
        if not create and path != ":memory:" and not Path(path).exists():
            raise UsageError(f"no store at {path}: check --db (or $STORYLINE_DB), or create "
                             "one with `storyline ingest PATH --db FILE`")
        if path == ":memory:":
            return cls._open_writable(path)
        file = Path(path)
        check_ours(file)
        reason = "it was opened read-only" if read_only else read_only_reason(file)
        if reason is None:
            return cls._open_writable(path)
        if not file.exists() or file.stat().st_size == 0:
            raise StoreError(f"cannot create the store {path}: {reason}; give --db a file in "
                             "a writable folder")
        try:
            db = connect_read_only(file)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read the store {path} ({reason}): {exc}") from exc
        db.row_factory = sqlite3.Row
        store = cls(db, path, read_only=reason)
        try:
            missing = [name for name, _ in MIGRATIONS if name not in store.migrations()]
            if missing:
                raise StoreError(f"the store {path} needs an upgrade ({', '.join(missing)}) "
                                 f"but cannot be written: {reason}; copy it to a writable "
                                 "folder and open it there once")
            check_columns(db, path)
        except (StoreError, sqlite3.DatabaseError) as exc:
            db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot read the store {path} ({reason}): {exc}") from exc
        return store

    @classmethod
    def _open_writable(cls, path: str) -> Store:
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.DatabaseError as exc:
            raise store_error(exc, path, "cannot open the store") from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
            store = cls(db, path)
            store._migrate()
            check_columns(db, path)
        except (StoreError, sqlite3.DatabaseError) as exc:
            db.close()
            if isinstance(exc, StoreError):
                raise
            raise store_error(exc, path, "cannot open the store") from exc
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------
    def _migrate(self) -> None:
        done = set(self.migrations())
        if all(name in done for name, _ in MIGRATIONS):
            return  # the usual open: nothing written
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            try:
                self._db.executescript(f"BEGIN IMMEDIATE;\n{sql}\n")
                if name in BACKFILLS:  # rows a new table derives from stored data
                    BACKFILLS[name](self._db)
                self._db.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (name, utc_now()),
                )
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._db.execute("COMMIT")
            except sqlite3.Error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def migrations(self) -> list[str]:
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'schema_migrations'").fetchone():
            return []
        return [r[0] for r in self._db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. A full disk or a read-only store is a StoreError that
        says so; what earlier transactions committed is kept."""
        if self.read_only_reason is not None:
            raise StoreError(f"cannot write to the store {self.path}: {self.read_only_reason}; "
                             "reading commands work, writing ones need a writable copy")
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back already
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise store_error(exc, self.path, "cannot write to the store") from exc

    # -- writes ------------------------------------------------------------------------
    def write_batch(self, items: Sequence[tuple[Article, RawDocument]],
                    drops: Sequence[Drop] = ()) -> BatchResult:
        """Store articles (with their raw records) and rejections in one transaction.

        Each article is looked up in order (so a later copy in the same batch sees an
        earlier one): by id; else by source id (same outlet) or URL, where a copy with
        more text upgrades the stored article in place (`_upgrade`); else by its raw
        record, which a cleaner that reads it differently now upgrades in place too."""
        now = utc_now()
        outcomes: list[str] = []
        upgrades: list[str] = []
        with self._transaction() as db:
            for article, raw in items:
                db.execute(
                    "INSERT OR IGNORE INTO raw_records (sha256, origin, kind, meta, content) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (raw.sha256, raw.origin, raw.kind, json.dumps(_raw_meta(raw), sort_keys=True),
                     zlib.compress(raw.content.encode("utf-8"), 6)),
                )
                if db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    db.execute(_UPSERT, (*_article_row(article), now))
                    outcomes.append("existing")
                    continue
                copy, relation = self._stored_copy(article)
                if copy is None and (again := self._same_record(article)) is not None:
                    copy, relation = again, "upgrade"  # the same record, cleaned anew
                if copy is None:
                    db.execute(_UPSERT, (*_article_row(article), now))
                    outcomes.append("new")
                elif relation == "upgrade":
                    self._upgrade(db, copy, upgraded(copy, article))
                    outcomes.append("upgraded")
                    upgrades.append(copy.id)
                else:
                    outcomes.append("existing")
            for drop in drops:
                db.execute(
                    "INSERT OR IGNORE INTO rejections (origin, stage, reason, first_seen) "
                    "VALUES (?, ?, ?, ?)",
                    (drop.origin, drop.stage, drop.reason, now),
                )
        return BatchResult(new=outcomes.count("new"), existing=outcomes.count("existing"),
                           upgraded=outcomes.count("upgraded"),
                           upgraded_ids=tuple(dict.fromkeys(upgrades)))

    def _stored_copy(self, article: Article) -> tuple[Article | None, str | None]:
        """The stored article `article` is another copy of (the same source id from the
        same outlet, else the same URL, and `identity.copy_of` says it is a copy), with
        "upgrade" or "same"; (None, None) when there is none."""
        found: list[sqlite3.Row] = []
        fields = ", ".join(_READ_FIELDS)
        if article.source_id:
            found += self._db.execute(
                f"SELECT {fields} FROM articles WHERE source_id = ? AND source IS ? "
                "ORDER BY rowid", (article.source_id, article.source))
        if article.url:
            found += self._db.execute(
                f"SELECT {fields} FROM articles WHERE url = ? ORDER BY rowid", (article.url,))
        for row in found:
            stored = _article(row)
            relation = copy_of(stored, article)
            if relation is not None:
                return stored, relation
        return None, None

    def _same_record(self, article: Article) -> Article | None:
        """The article stored from `article`'s own raw record under another id: the cleaner
        reads that record differently now (a release cut more furniture), so storing the
        new reading beside it would hold one record twice; it is upgraded in place."""
        row = self._db.execute(f"SELECT {', '.join(_READ_FIELDS)} FROM articles "
                               "WHERE raw_sha256 = ? AND id != ? ORDER BY rowid LIMIT 1",
                               (article.raw_sha256, article.id)).fetchone()
        return None if row is None else _article(row)

    def _upgrade(self, db: sqlite3.Connection, stored: Article, article: Article) -> None:
        """Replace a stored article's fields (its id kept) and drop what was derived from
        its old text: language facts, claims, band hashes and the analyses of the stories
        that hold it. The story index counted the old text: it is kept (`articles_upgraded`,
        the first one when upgraded twice) until the next refresh takes the article out of
        its story and places the new text (`Store.upgrades`)."""
        fields = [f for f in _ARTICLE_FIELDS if f != "id"]
        row = dict(zip(_ARTICLE_FIELDS, _article_row(article), strict=True))
        db.execute(f"UPDATE articles SET {', '.join(f'{f} = ?' for f in fields)} WHERE id = ?",
                   (*(row[f] for f in fields), article.id))
        for table in ("article_language", "article_claims", "minhash_bands", "minhash_indexed"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
        db.execute("DELETE FROM story_analysis WHERE story_id IN "
                   "(SELECT story_id FROM story_articles WHERE article_id = ?)", (article.id,))
        db.execute("INSERT OR IGNORE INTO articles_upgraded (article_id, title, text) "
                   "VALUES (?, ?, ?)", (article.id, stored.title,
                                        zlib.compress(stored.text.encode("utf-8"), 6)))
        # a refresh running meanwhile sees the generation move and starts again
        db.execute("UPDATE index_meta SET generation = generation + 1")

    def articles_by_source_id(self, source_id: str) -> list[Article]:
        """The stored articles whose record had this id (several outlets may share one)."""
        rows = self._db.execute(f"SELECT {', '.join(_READ_FIELDS)} FROM articles "
                                "WHERE source_id = ? ORDER BY rowid", (source_id,))
        return [_article(row) for row in rows]

    def write_stories(self, clustering: Clustering) -> None:
        """Store a clustering in one transaction (readers see the old stories or the new
        ones, never a mix): the stories and near-copy links (all of them, or what changed:
        see `Clustering`), the story index's rows, and what happened to earlier stories
        (`clustering.events`). When the newest publication date moved, the stories within
        the freshness horizon of it are scored again; the others' points do not move."""
        from storyline.stories.rank import FRESHNESS_HORIZON_DAYS, base_points, freshness_points

        rows = clustering.index.rows(whole=clustering.whole)
        newest = clustering.newest
        if newest is None:
            dates = [s.last_published for s in clustering.stories if s.last_published]
            newest = max(dates) if dates else None
        with self._transaction() as db:
            before = db.execute("SELECT newest FROM index_meta WHERE id = 1").fetchone()
            stored = db.execute("SELECT generation FROM index_meta WHERE id = 1").fetchone()
            if (stored[0] if stored else None) != clustering.generation:
                raise StaleWrite(f"the stories in {self.path} changed while they were "
                                 "refreshed; the refresh starts again")
            write_index(db, rows, clustering.placed_rowid, newest, clustering.placement,
                        clustering.changed_articles, (clustering.generation or 0) + 1,
                        clustering.upgraded)
            if clustering.bands is not None:  # with the links they gave, or neither
                write_bands(db, clustering.bands.hashes, clustering.bands.version,
                            clustering.bands.replace_all)
            if clustering.whole:
                db.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
                links: list[tuple[str, str | None]] = sorted(clustering.near_copies.items())
                db.execute("DELETE FROM story_articles")
                db.execute("DELETE FROM story_ranks")
                db.execute("DELETE FROM stories")
            else:
                links = sorted(clustering.link_changes.items())
                gone = [(sid,) for sid in (*clustering.removed, *(s.id for s in clustering.stories))]
                db.executemany("DELETE FROM story_articles WHERE story_id = ?", gone)
                db.executemany("DELETE FROM story_ranks WHERE id = ?", gone)
                db.executemany("DELETE FROM stories WHERE id = ?", gone)
            db.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?",
                           [(canonical, copy) for copy, canonical in links])
            db.executemany(
                "INSERT INTO stories (id, headline, score_parts, first_published, "
                "last_published, merged_from, headline_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((story.id, story.headline,
                  json.dumps(vars(story.score), sort_keys=True), _iso(story.first_published),
                  _iso(story.last_published), json.dumps(list(story.merged_from)),
                  story.headline_key)
                 for story in clustering.stories))
            db.executemany(
                "INSERT INTO story_ranks (id, score, base, last, day) "
                "VALUES (?, ?, ?, ?, CAST(julianday(?) AS INTEGER))",
                ((story.id, story.score.total, base_points(story.score),
                  _iso(story.last_published), _iso(story.last_published))
                 for story in clustering.stories))
            db.executemany(
                "INSERT INTO story_articles (story_id, article_id, position, near_copy) "
                "VALUES (?, ?, ?, ?)",
                ((story.id, aid, i, aid in copies)
                 for story in clustering.stories for copies in (set(story.near_copies),)
                 for i, aid in enumerate(story.article_ids)))
            old = dt.date.fromisoformat(before[0]) if before and before[0] else None
            if not clustering.whole and old != newest and newest is not None:
                # the stories within the freshness horizon of either date: the others'
                # freshness is 0 either way (their parts' days behind are read as of now)
                start = min(d for d in (old, newest) if d is not None) - dt.timedelta(
                    days=FRESHNESS_HORIZON_DAYS)
                db.executemany("INSERT OR REPLACE INTO freshness_points (days, points) "
                               "VALUES (?, ?)", [(days, freshness_points(days))
                                                 for days in range(FRESHNESS_HORIZON_DAYS + 1)])
                # beyond the horizon the points are 0: no row, coalesce
                db.execute("UPDATE story_ranks SET score = base + coalesce((SELECT points FROM "
                           "freshness_points WHERE days = CAST(julianday(?) AS INTEGER) - day), 0) "
                           "WHERE day >= CAST(julianday(?) AS INTEGER)",
                           (newest.isoformat(), start.isoformat()))
            record_events(db, clustering.events, utc_now())
            if clustering.edit is not None:
                record_edit(db, clustering.edit, utc_now())
            if clustering.undone is not None:
                db.execute("UPDATE story_edits SET undone = ? WHERE seq = ?",
                           (utc_now(), clustering.undone))
            # an id that is live again (an undone merge revived it) redirects nowhere
            db.execute("DELETE FROM story_redirects WHERE retired IN (SELECT id FROM stories)")

    def analysis(self, story_id: str, key: str) -> dict[str, Any] | None:
        """A story's cached analysis, if it was computed for the same `key` (members and
        analysis version); None means compute it again."""
        row = self._db.execute("SELECT data FROM story_analysis WHERE story_id = ? AND key = ?",
                               (story_id, key)).fetchone()
        return json.loads(zlib.decompress(row[0])) if row else None

    def write_analysis(self, story_id: str, key: str, record: dict[str, Any]) -> None:
        """Cache a story's analysis; analyses of stories that no longer exist are dropped."""
        if self.read_only:  # a cache: a read-only store computes again each time
            return
        # key order kept: an export from the cache is byte for byte the one computed fresh
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode(), 6)
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO story_analysis (story_id, key, data) VALUES (?, ?, ?)",
                       (story_id, key, blob))
            db.execute("DELETE FROM story_analysis WHERE story_id NOT IN (SELECT id FROM stories)")
            # the entities, queryable: `stories --entity`, `views.entity`
            db.execute("DELETE FROM story_entities WHERE story_id = ? "
                       "OR story_id NOT IN (SELECT id FROM stories)", (story_id,))
            db.executemany("INSERT OR REPLACE INTO story_entities (story_id, entity_id, name, type, "
                           "aliases, mentions, roles) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           entity_index_rows(story_id, record))
            db.execute("DELETE FROM story_entity_aliases WHERE story_id = ? "
                       "OR story_id NOT IN (SELECT id FROM stories)", (story_id,))
            db.executemany("INSERT OR IGNORE INTO story_entity_aliases (story_id, entity_id, alias) "
                           "VALUES (?, ?, ?)", entity_alias_rows(story_id, record))

    def language_facts(self, article_ids: Sequence[str], version: str) -> dict[str, dict[str, Any]]:
        """The cached language facts (`facts_record`) of those articles that have them for
        this `version`; the others must be read again."""
        rows = self._rows_for_ids("SELECT article_id, data FROM article_language "
                                  "WHERE version = ? AND article_id IN ({})", article_ids, version)
        return {row[0]: json.loads(zlib.decompress(row[1])) for row in rows}

    def write_language_facts(self, records: dict[str, dict[str, Any]], version: str) -> None:
        """Cache language facts per article (one transaction)."""
        if self.read_only:  # a cache: a read-only store computes again each time
            return
        rows = [(article_id, version, zlib.compress(json.dumps(record).encode(), 6))
                for article_id, record in records.items()]
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO article_language (article_id, version, data) "
                           "VALUES (?, ?, ?)", rows)

    def article_claims_and_timerefs(self, keys: dict[str, str]
                                    ) -> tuple[dict[str, list[dict[str, Any]]],
                                               dict[str, list[list[Any]]]]:
        """The cached claims (`claim_record`s) of the articles whose cache key (article id
        -> `claims_key`) still matches (the others must be read again), and the time
        references those claims read (`timeref_record`s) where they were cached with them
        (not in claims cached before they were kept)."""
        rows = self._rows_for_ids("SELECT article_id, key, data, timerefs FROM article_claims "
                                  "WHERE article_id IN ({})", list(keys))
        fresh = [row for row in rows if keys[row[0]] == row[1]]
        return ({row[0]: json.loads(zlib.decompress(row[2])) for row in fresh},
                {row[0]: json.loads(zlib.decompress(row[3])) for row in fresh
                 if row[3] is not None})

    def _rows_for_ids(self, sql: str, ids: Sequence[str], *before: object) -> list[sqlite3.Row]:
        """`sql` run for `ids` in chunks of _IN_CHUNK; its "{}" becomes the chunk's
        placeholders (never text from the ids: they stay parameters), after the
        parameters `before`."""
        unique = list(dict.fromkeys(ids))
        rows: list[sqlite3.Row] = []
        for i in range(0, len(unique), _IN_CHUNK):
            chunk = unique[i:i + _IN_CHUNK]
            rows += self._db.execute(sql.format(",".join("?" * len(chunk))), (*before, *chunk))
        return rows

    def write_article_claims(self, claims: dict[str, tuple[str, list[dict[str, Any]],
                                                           list[list[Any]] | None]]) -> None:
        """Cache claims per article: article id -> (key, records, the time references they
        read as `timeref_record`s or None), one transaction."""
        if self.read_only:  # a cache: a read-only store computes again each time
            return
        rows = [(article_id, key, zlib.compress(json.dumps(records).encode(), 6),
                 None if refs is None else zlib.compress(json.dumps(refs).encode(), 6))
                for article_id, (key, records, refs) in claims.items()]
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO article_claims (article_id, key, data, "
                           "timerefs) VALUES (?, ?, ?, ?)", rows)

    def minhash_indexed(self, version: str) -> set[str]:
        """The articles whose band hashes are stored under this version."""
        return {row[0] for row in self._db.execute(
            "SELECT article_id FROM minhash_indexed WHERE version = ?", (version,))}

    def minhash_candidates(self, hashes: list[int]) -> set[str]:
        """The articles sharing at least one band hash with `hashes` (band i is hashes[i])."""
        found: set[str] = set()
        for band, value in enumerate(hashes):
            found.update(row[0] for row in self._db.execute(
                "SELECT article_id FROM minhash_bands WHERE band = ? AND hash = ?", (band, value)))
        return found

    def story_index_stored(self) -> bool:
        """Whether a story index is stored (cheap: the index is not read). It is missing
        before the first refresh (and reset in stores an upgrade voided before migration
        0130)."""
        return self._db.execute(
            "SELECT 1 FROM index_meta WHERE id = 1 AND reset = 0").fetchone() is not None

    def stories(self, limit: int | None = None) -> list[Story]:
        """The stories, ranked (rank 1 first)."""
        rows = self._db.execute(
            f"SELECT {_STORY_FIELDS_S} FROM stories s JOIN story_ranks r ON r.id = s.id "
            f"ORDER BY {RANK_ORDER} LIMIT ?",
            (-1 if limit is None else limit,)
        ).fetchall()
        if limit is None:  # every story: its members in one pass, not a query each
            members: dict[str, list[sqlite3.Row]] = {}
            for member in self._db.execute(
                    "SELECT story_id, article_id, near_copy FROM story_articles "
                    "ORDER BY story_id, position"):
                members.setdefault(member[0], []).append(member)
            return self._stories_from(rows, members)
        return self._stories_from(rows)

    def story(self, story_id: str) -> Story | None:
        row = self._db.execute(
            f"SELECT {_STORY_FIELDS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return self._stories_from([row])[0] if row else None

    def _stories_from(self, rows: Sequence[sqlite3.Row],
                      members: dict[str, list[sqlite3.Row]] | None = None) -> list[Story]:
        """Stories from their rows (`members`: each one's member rows, story_id,
        article_id, near_copy, by story id; read here when not given), their scores as of
        the newest date the stored ones use (read once for all)."""
        newest = self.newest_scored()
        return [self._story(row, None if members is None else members.get(row["id"], []),
                            newest) for row in rows]

    def _story(self, row: sqlite3.Row, members: list[sqlite3.Row] | None,
               newest: dt.date | None) -> Story:
        from storyline.stories import Story, StoryScore
        from storyline.stories.rank import with_newest

        if members is None:
            members = self._db.execute(
                "SELECT story_id, article_id, near_copy FROM story_articles WHERE story_id = ? "
                "ORDER BY position", (row["id"],),
            ).fetchall()
        last = dt.date.fromisoformat(row["last_published"]) if row["last_published"] else None
        score = StoryScore(**json.loads(row["score_parts"]))
        if newest is not None and last is not None:
            # the parts as written; freshness moved with the newest date since (`score`
            # holds the total as of now: see `write_stories`)
            score = with_newest(score, last, newest)
        return Story(
            id=row["id"],
            article_ids=tuple(m[1] for m in members),
            near_copies=tuple(m[1] for m in members if m[2]),
            headline=row["headline"],
            score=score,
            first_published=dt.date.fromisoformat(row["first_published"])
            if row["first_published"] else None,
            last_published=dt.date.fromisoformat(row["last_published"])
            if row["last_published"] else None,
            merged_from=tuple(json.loads(row["merged_from"])),
            headline_key=row["headline_key"],
        )

    def newest_scored(self) -> dt.date | None:
        """The newest date the stored scores were computed with (see `write_stories`): the
        newest publication date among the placed articles."""
        row = self._db.execute("SELECT newest FROM index_meta WHERE id = 1").fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    # -- reads -------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(self, *, text: bool = True, upto: int | None = None) -> Iterator[Article]:
        """Every article, oldest first (undated last), ties in the order they arrived (their
        rows; `stories.text.order_key`): a stable order.
        `text=False` leaves each text empty: what orders, dates, ranks and links articles
        (title, outlet, dates, links), without reading the bulk of the store. `upto`:
        only the rows stored up to this rowid (what a refresh set out to place)."""
        rows = self._db.execute(
            f"SELECT {_fields(text)} FROM articles WHERE rowid <= ? "
            "ORDER BY published IS NULL, published, rowid", (_LAST if upto is None else upto,))
        for row in rows:
            yield _article(row)

    def articles_by_id(self, ids: Sequence[str], *, text: bool = True) -> list[Article]:
        """The stored articles among `ids`, in the order of `articles` (`text=False`:
        without their text, as `articles` gives them)."""
        rows = self._rows_for_ids(
            f"SELECT {_fields(text)} FROM articles WHERE id IN ({{}})", ids)
        return sorted((_article(row) for row in rows), key=arrival_order)

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT {', '.join(_READ_FIELDS)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def raw_document(self, sha256: str) -> RawDocument | None:
        """The record an article was cleaned from, to re-analyse it without the input file."""
        row = self._db.execute(
            "SELECT sha256, origin, kind, meta, content FROM raw_records WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        meta = json.loads(row["meta"])
        return RawDocument(origin=row["origin"], kind=row["kind"], sha256=row["sha256"],
                           content=zlib.decompress(row["content"]).decode("utf-8"), **meta)

    def rejections(self) -> list[Rejection]:
        rows = self._db.execute(
            "SELECT origin, stage, reason, first_seen FROM rejections ORDER BY origin, stage"
        )
        return [Rejection(**dict(row)) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[Article, float]]:
        """Full-text search over title and text; the query's words are matched as words,
        never interpreted as FTS5 syntax (user text is untrusted)."""
        words = [w for w in query.split() if w.strip('"')]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self._db.execute(
            f"SELECT {', '.join('a.' + f for f in _READ_FIELDS)}, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank, a.id LIMIT ?",
            (match, limit),
        )
        return [(_article(row), float(row["rank"])) for row in rows]

    def unplaced(self, upto: int | None = None) -> list[str]:
        """The ids of stored articles that no refresh has placed yet (in the store's order):
        what the next refresh must place (new ones, and any that an interrupted run left
        out). Rows only grow, so they are the rows after the last placed one (`upto`: and
        not after this rowid)."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE rowid > (SELECT coalesce(max(placed_rowid), 0) "
            "FROM index_meta) AND rowid <= ? ORDER BY published IS NULL, published, rowid",
            (2**63 - 1 if upto is None else upto,))
        return [row[0] for row in rows]

    def published_dates(self) -> list[dt.date]:
        rows = self._db.execute("SELECT DISTINCT published FROM articles WHERE published IS NOT NULL")
        return [dt.date.fromisoformat(row[0][:10]) for row in rows]

    def data_version(self) -> int:
        """A number that grows whenever the stored data may have changed: SQLite's `PRAGMA
        data_version` (moved by a commit of any other connection, of any process; no table
        is read) plus this connection's own changes (`total_changes`: data_version does not
        count them). Compare values of one Store only (each connection counts its own)."""
        row = self._db.execute("PRAGMA data_version").fetchone()
        return int(row[0]) + self._db.total_changes

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def store_error(exc: sqlite3.DatabaseError, path: str, doing: str) -> StoreError:
    """A StoreError a person can act on, for what SQLite said."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"{doing} {path}: the disk is full (or the store reached its size "
                          "limit); every batch committed before is kept: free some space and "
                          "re-run")
    if code == sqlite3.SQLITE_READONLY:
        return StoreError(f"{doing} {path}: the store is read-only (a read-only folder, file "
                          "or disk); reading commands work, writing ones need a writable copy")
    return StoreError(f"{doing} {path}: {exc}; is it a storyline store?")


def _raw_meta(raw: RawDocument) -> dict[str, str | None]:
    return {"title": raw.title, "url": raw.url, "source": raw.source,
            "published": raw.published, "published_from": raw.published_from,
            "language": raw.language, "source_id": raw.source_id}


def _article_row(article: Article) -> tuple[object, ...]:
    return (
        article.id, article.origin, article.raw_sha256, article.url, article.source,
        article.title, article.text, _iso(article.published), article.published_from,
        article.dateline_place, article.dateline_agency, _iso(article.dateline_date),
        article.language, article.duplicate_of, article.source_id, article.text_kind,
    )


def _fields(text: bool) -> str:
    return ", ".join(f if text or f != "text" else "'' AS text" for f in _READ_FIELDS)


def arrival_order(article: Article) -> tuple[bool, dt.date, int, str]:
    """`stories.text.order_key`, written out (the store does not import the stories stage):
    publication date, undated last, then the order of arrival, then id."""
    return (article.published is None, article.published or dt.date.min,
            article.arrival or 0, article.id)


def _article(row: sqlite3.Row) -> Article:
    data = {field: row[field] for field in _ARTICLE_FIELDS}
    for field in ("published", "dateline_date"):
        data[field] = dt.date.fromisoformat(data[field]) if data[field] else None
    return Article(**data, arrival=row["rowid"])
