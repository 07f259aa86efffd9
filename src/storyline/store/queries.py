"""The read queries behind `storyline.views`: stories filtered and paged, search with
snippets, entities across stories. SQL is fixed text; every value from a user is a
parameter (a filter adds a fixed clause, never text it was given)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from storyline.stories import Story

#: snippet(): the markers around each matched word (control characters, which the cleaner
#: removes from article text, so they cannot occur in it) and the words shown around them.
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"
#: Tokens a snippet shows: about a line and a half in a terminal, two lines on a page.
SNIPPET_TOKENS = 24


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What a list of stories or search hits may be narrowed to; None means any."""

    since: dt.date | None = None        # stories still running on or after; articles from
    until: dt.date | None = None        # stories begun on or before; articles up to
    outlet: str | None = None           # an outlet's name, any case
    entity: str | None = None           # an entity's id or name (any case)
    language: str | None = None         # ISO 639-1 code ("en")
    query: str | None = None            # words that an article of the story holds


#: The (story, entity) pairs an entity reference names: the entity with that id, or with
#: that among the forms its story gave it, its name included (any case; "WHO" for the
#: World Health Organization: `story_entity_aliases`). Two parameters, the reference each
#: time.
_NAMED = ("SELECT story_id, entity_id FROM story_entities WHERE entity_id = ? "
          "UNION SELECT story_id, entity_id FROM story_entity_aliases WHERE alias = ? COLLATE NOCASE")

#: An outlet filter: the outlet's name, or whole words of it ("Guardian" for "The
#: Guardian"), any case; the words are matched as text (LIKE's wildcards escaped).
_OUTLET = ("(a.source = ? COLLATE NOCASE OR (' ' || lower(a.source) || ' ') "
           "LIKE ('% ' || ? || ' %') ESCAPE '\\')")


def _outlet_params(outlet: str) -> list[str]:
    words = " ".join(outlet.split()).lower()
    return [outlet, re.sub(r"([\\%_])", r"\\\1", words)]


#: The ranking's order (score, then the later last date, then id), as `build_stories` sorts:
#: ranks are positions in it, read, not stored (an index serves it: `stories_order`).
RANK_ORDER = "r.score DESC, coalesce(r.last, '') DESC, r.id"  # stories s JOIN story_ranks r


@dataclass(frozen=True, kw_only=True)
class StoryKey:
    """Where a story stands in the ranking's order: score (higher first), last date
    (later first; "" for none), id. A page continues after a key, so a re-rank between
    two pages neither repeats nor skips the stories that kept their place."""

    score: float
    last_published: str
    id: str


@dataclass(frozen=True, kw_only=True)
class SearchRow:
    """One search hit as stored: the article's heading, the snippet, its story."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    published_from: str
    source_id: str | None
    text_kind: str
    snippet: str
    rank: float
    story_id: str | None


@dataclass(frozen=True, kw_only=True)
class EntityRow:
    """An entity as one story's analysis found it."""

    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    roles: tuple[str, ...]
    story_id: str
    headline: str | None
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True, kw_only=True)
class ArticleHead:
    """An article without its text: what a list of sources shows."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    language: str | None


class _Reads(Protocol):
    _db: sqlite3.Connection

    def _rows_for_ids(self, sql: str, ids: Sequence[str], *before: object) -> list[sqlite3.Row]: ...

    def _stories_from(self, rows: Sequence[sqlite3.Row],
                      members: dict[str, list[sqlite3.Row]] | None = None) -> list[Story]: ...


#: Characters no word holds (C0 controls and DEL).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def fts_match(query: str) -> str | None:
    """The FTS5 expression for `query`'s words, each matched as a word (never read as FTS5
    syntax: user text is untrusted); None when it holds no word. Control characters
    separate words: FTS5 reads a NUL as the end of the query ("unterminated string")."""
    words = [w for w in _CONTROLS.sub(" ", query).split() if w.strip('"')]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _entity_clause(ref: str, entity_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    """A subquery of the stories an entity filter keeps: those holding one of
    `entity_ids` (the query layer's reading of the reference, every spelling of one
    entity), else those `_NAMED` by the reference itself."""
    if entity_ids:
        marks = ", ".join("?" for _ in entity_ids)
        return f"SELECT story_id FROM story_entities WHERE entity_id IN ({marks})", list(entity_ids)
    return f"SELECT story_id FROM ({_NAMED})", [ref] * 2


def _story_clauses(filters: Filters, entity_ids: Sequence[str] | None = None
                   ) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    # the stories of the articles that pass: one indexed lookup, not a probe per story
    members = ("s.id IN (SELECT sa.story_id FROM articles a JOIN story_articles sa "
               "ON sa.article_id = a.id WHERE {})")
    if filters.since is not None:
        clauses.append("coalesce(s.last_published, s.first_published) >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("s.first_published <= ?")
        params.append(filters.until.isoformat())
    if filters.outlet is not None:
        clauses.append(members.format(_OUTLET))
        params += _outlet_params(filters.outlet)
    if filters.language is not None:
        clauses.append(members.format("a.language = ? COLLATE NOCASE"))
        params.append(filters.language)
    if filters.entity is not None:
        subquery, values = _entity_clause(filters.entity, entity_ids)
        clauses.append(f"s.id IN ({subquery})")
        params += values
    if filters.query is not None:
        clauses.append("s.id IN (SELECT sa.story_id FROM articles_fts "
                       "JOIN articles a ON a.rowid = articles_fts.rowid "
                       "JOIN story_articles sa ON sa.article_id = a.id WHERE articles_fts MATCH ?)")
        params.append(fts_match(filters.query) or '""')
    return clauses, params


def _article_clauses(filters: Filters, entity_ids: Sequence[str] | None = None
                     ) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.since is not None:
        clauses.append("a.published >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("substr(a.published, 1, 10) <= ?")
        params.append(filters.until.isoformat())
    if filters.outlet is not None:
        clauses.append(_OUTLET)
        params += _outlet_params(filters.outlet)
    if filters.language is not None:
        clauses.append("a.language = ? COLLATE NOCASE")
        params.append(filters.language)
    if filters.entity is not None:
        subquery, values = _entity_clause(filters.entity, entity_ids)
        clauses.append("EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id "
                       f"AND sa.story_id IN ({subquery}))")
        params += values
    return clauses, params


class ReadQueries:
    """Store methods the query layer reads through (mixed into `Store`)."""

    def story_page(self: _Reads, filters: Filters, after: StoryKey | None, limit: int,
                   entity_ids: Sequence[str] | None = None) -> list[tuple[int, Story]]:
        """Up to `limit` (rank, story) pairs that pass `filters`, in rank order, from the
        first story ranked after `after` (a story's `StoryKey`; the ranking's own order)."""
        clauses, params = _story_clauses(filters, entity_ids)
        clauses.append("s.id NOT IN (SELECT story_id FROM story_edits WHERE kind = 'hide' "
                       "AND undone IS NULL)")
        if after is not None:
            # (score DESC, last_published DESC, id ASC) is the order ranks are given in
            clauses.insert(0, "(r.score < ? OR (r.score = ? AND (coalesce(r.last, '') < ? "
                              "OR (coalesce(r.last, '') = ? AND r.id > ?))))")
            params[:0] = [after.score, after.score, after.last_published, after.last_published,
                          after.id]
        where = " AND ".join(clauses) or "1"
        rows = self._db.execute(
            "SELECT s.id, s.headline, r.score, s.score_parts, s.first_published, "
            "s.last_published, s.merged_from, s.headline_key FROM stories s "
            f"JOIN story_ranks r ON r.id = s.id WHERE {where} "
            f"ORDER BY {RANK_ORDER} LIMIT ?", (*params, limit)).fetchall()
        # a rank counts every story ahead, shown on this page or not
        return [(_ahead(self._db, row) + 1, story)
                for row, story in zip(rows, self._stories_from(rows), strict=True)]

    def story_rank(self: _Reads, story_id: str) -> int | None:
        row = self._db.execute("SELECT id, score, last AS last_published FROM story_ranks "
                               "WHERE id = ?", (story_id,)).fetchone()
        return _ahead(self._db, row) + 1 if row else None

    def story_outlets(self: _Reads, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """Each story's outlets, sorted ("unknown" for articles without one)."""
        found: dict[str, set[str]] = {i: set() for i in story_ids}
        for row in self._rows_for_ids(
                "SELECT sa.story_id, a.source FROM story_articles sa "
                "JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({})", story_ids):
            found[row[0]].add(row[1] or "unknown")
        return {i: sorted(names) for i, names in found.items()}

    def article_heads(self: _Reads, ids: Sequence[str]) -> dict[str, ArticleHead]:
        """Articles without their text, by id."""
        rows = self._rows_for_ids("SELECT id, title, source, published, url, language "
                                  "FROM articles WHERE id IN ({})", ids)
        return {row["id"]: ArticleHead(**dict(row)) for row in rows}

    def article_story_ids(self: _Reads, article_id: str) -> list[str]:
        """The stories an article belongs to (one, or none before stories are built)."""
        rows = self._db.execute(
            "SELECT sa.story_id FROM story_articles sa JOIN story_ranks r ON r.id = sa.story_id "
            f"WHERE sa.article_id = ? ORDER BY {RANK_ORDER}", (article_id,))
        return [row[0] for row in rows]

    def search_rows(self: _Reads, query: str, filters: Filters, limit: int, offset: int = 0,
                    entity_ids: Sequence[str] | None = None) -> list[SearchRow]:
        """Articles matching `query`'s words (best first), with a snippet whose matched
        words sit between SNIPPET_OPEN and SNIPPET_CLOSE, and the story each is in."""
        match = fts_match(query)
        if match is None:
            return []
        clauses, params = _article_clauses(filters, entity_ids)
        where = " AND ".join(["articles_fts MATCH ?", *clauses])
        rows = self._db.execute(
            "SELECT a.id AS article_id, a.title, a.source, a.published, a.language, a.url, "
            "a.published_from, a.source_id, a.text_kind, "
            f"snippet(articles_fts, -1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', "
            f"{SNIPPET_TOKENS}) AS snippet, bm25(articles_fts) AS rank, "
            "(SELECT sa.story_id FROM story_articles sa WHERE sa.article_id = a.id LIMIT 1) "
            "AS story_id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {where} ORDER BY rank, a.id LIMIT ? OFFSET ?",
            (match, *params, limit, offset))
        return [SearchRow(**dict(row)) for row in rows]

    def unanalysed_stories(self: _Reads) -> int:
        """Stories with no analysis stored yet: the entities (`entity_rows`, the entity
        filter) do not see them until one is made."""
        return int(self._db.execute(
            "SELECT count(*) FROM stories s WHERE NOT EXISTS "
            "(SELECT 1 FROM story_analysis a WHERE a.story_id = s.id)").fetchone()[0])

    def entity_rows(self: _Reads, ref: str) -> list[EntityRow]:
        """Every story's view of the entities with id `ref`, or named `ref` (any case), or
        with `ref` among the surface forms its story merged, oldest story first."""
        rows = self._db.execute(
            "SELECT e.entity_id, e.name, e.type, e.aliases, e.mentions, e.roles, e.story_id, "
            f"s.headline, s.first_published, s.last_published FROM ({_NAMED}) m "
            "JOIN story_entities e ON e.story_id = m.story_id AND e.entity_id = m.entity_id "
            "JOIN story_ranks r ON r.id = e.story_id JOIN stories s ON s.id = e.story_id "
            f"ORDER BY s.first_published IS NULL, s.first_published, {RANK_ORDER}", (ref, ref))
        return [EntityRow(**{**dict(row), "aliases": tuple(json.loads(row["aliases"])),
                             "roles": tuple(json.loads(row["roles"]))}) for row in rows]


def _ahead(db: sqlite3.Connection, row: sqlite3.Row) -> int:
    """How many stories rank ahead of the story of `row` (its id, score, last date): a
    count over the score index up to it, then the ties."""
    last = row["last_published"] or ""
    higher = db.execute("SELECT count(*) FROM story_ranks WHERE score > ?", (row["score"],))
    tied = db.execute("SELECT count(*) FROM story_ranks WHERE score = ? AND (coalesce("
                      "last, '') > ? OR (coalesce(last, '') = ? AND id < ?))",
                      (row["score"], last, last, row["id"]))
    return int(higher.fetchone()[0]) + int(tied.fetchone()[0])


def entity_index_rows(story_id: str, record: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The `story_entities` rows of one story's analysis record (export shape)."""
    return [(story_id, e["id"], e["name"], e["type"],
             json.dumps(list(e.get("aliases", ())), ensure_ascii=False), int(e.get("mentions", 0)),
             json.dumps(list(e.get("roles", ())), ensure_ascii=False))
            for e in record.get("entities", ())]


def entity_alias_rows(story_id: str, record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The `story_entity_aliases` rows of one story's analysis record: each entity's name
    and every surface form merged into it."""
    return [(story_id, e["id"], form) for e in record.get("entities", ())
            for form in dict.fromkeys([e["name"], *e.get("aliases", ())])]


def _backfill_story_entities(db: sqlite3.Connection) -> None:
    """Index the entities of the analyses a store cached before `story_entities` existed."""
    for story_id, blob in db.execute("SELECT story_id, data FROM story_analysis").fetchall():
        record = json.loads(zlib.decompress(blob))
        db.executemany("INSERT OR REPLACE INTO story_entities (story_id, entity_id, name, type, "
                       "aliases, mentions, roles) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       entity_index_rows(story_id, record))


#: Python steps run right after a migration, in its transaction.
BACKFILLS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0031_story_entities": _backfill_story_entities,
}
