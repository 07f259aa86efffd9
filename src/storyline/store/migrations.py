"""Named schema migrations, applied in order, each once, each in its own transaction."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE raw_records (
            sha256      TEXT PRIMARY KEY,
            origin      TEXT NOT NULL,
            kind        TEXT NOT NULL CHECK (kind IN ('text', 'html')),
            meta        TEXT NOT NULL,          -- JSON: what the container said
            content     BLOB NOT NULL           -- zlib-compressed UTF-8 of the record
        );
        CREATE TABLE articles (
            rowid           INTEGER PRIMARY KEY,
            id              TEXT NOT NULL UNIQUE,
            origin          TEXT NOT NULL,
            raw_sha256      TEXT NOT NULL REFERENCES raw_records(sha256),
            url             TEXT,
            source          TEXT,
            title           TEXT,
            text            TEXT NOT NULL,
            published       TEXT,
            published_from  TEXT NOT NULL,
            dateline_place  TEXT,
            dateline_agency TEXT,
            dateline_date   TEXT,
            language        TEXT,
            duplicate_of    TEXT REFERENCES articles(id),
            first_seen      TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_raw ON articles(raw_sha256);
        CREATE TABLE rejections (
            origin      TEXT NOT NULL,
            stage       TEXT NOT NULL,
            reason      TEXT NOT NULL,
            first_seen  TEXT NOT NULL,
            PRIMARY KEY (origin, stage, reason)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
]

MIGRATIONS.append(
    (
        "0002_stories",
        """
        CREATE TABLE stories (
            id              TEXT PRIMARY KEY,
            rank            INTEGER NOT NULL,
            headline        TEXT,
            score           REAL NOT NULL,
            score_parts     TEXT NOT NULL,      -- JSON: StoryScore, so users see why
            first_published TEXT,
            last_published  TEXT,
            merged_from     TEXT NOT NULL       -- JSON list of absorbed story ids
        );
        CREATE TABLE story_articles (
            story_id    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id  TEXT NOT NULL REFERENCES articles(id),
            position    INTEGER NOT NULL,
            near_copy   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (story_id, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_articles_article ON story_articles(article_id);
        CREATE TABLE story_merges (
            absorbed    TEXT PRIMARY KEY,
            survivor    TEXT NOT NULL,
            article_id  TEXT NOT NULL,
            similarity  REAL NOT NULL
        ) WITHOUT ROWID;
        """,
    )
)

MIGRATIONS.append(
    (
        "0003_story_index",
        """
        CREATE TABLE story_index (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            data        BLOB NOT NULL,          -- zlib-compressed JSON of StoryIndex.to_dict()
            articles    INTEGER NOT NULL,       -- articles the index has placed
            updated     TEXT NOT NULL
        );
        """,
    )
)

MIGRATIONS.append(
    (
        "0004_story_analysis",
        """
        CREATE TABLE story_analysis (
            story_id    TEXT PRIMARY KEY,
            key         TEXT NOT NULL,          -- analysis_key(): members + analysis version
            data        BLOB NOT NULL           -- zlib-compressed JSON, the export's shape
        ) WITHOUT ROWID;
        """,
    )
)

MIGRATIONS.append(
    (
        "0005_article_language",
        """
        CREATE TABLE article_language (
            article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version     TEXT NOT NULL,          -- model version + FACTS_VERSION
            data        BLOB NOT NULL           -- zlib-compressed JSON of facts_record()
        ) WITHOUT ROWID;
        """,
    )
)

MIGRATIONS.append(
    (
        "0006_article_claims",
        """
        CREATE TABLE article_claims (
            article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            key         TEXT NOT NULL,          -- claims_key(): analysis version, published
            data        BLOB NOT NULL           -- zlib-compressed JSON list of claim_record()
        ) WITHOUT ROWID;
        """,
    )
)

MIGRATIONS.append(
    (
        "0007_minhash_bands",
        """
        CREATE TABLE minhash_bands (
            band        INTEGER NOT NULL,       -- the band's position in the signature
            hash        INTEGER NOT NULL,       -- its hash (stories.dedup.band_hashes)
            article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, hash, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE minhash_indexed (
            article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version     TEXT NOT NULL           -- stories.dedup.BANDS_VERSION
        ) WITHOUT ROWID;
        """,
    )
)

MIGRATIONS.append(
    (
        "0008_story_headline_key",
        """
        ALTER TABLE stories ADD COLUMN headline_key TEXT;  -- stories.headline.headline_key
        """,
    )
)

MIGRATIONS.append(
    (
        "0020_article_identity",
        """
        ALTER TABLE articles ADD COLUMN source_id TEXT;     -- the record's own id (guid, ...)
        ALTER TABLE articles ADD COLUMN text_kind TEXT NOT NULL DEFAULT 'full'
            CHECK (text_kind IN ('full', 'teaser', 'headline'));
        CREATE INDEX articles_source_id ON articles(source_id);
        CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
        """,
    )
)

MIGRATIONS.append(
    (
        "0030_feeds",
        """
        CREATE TABLE feeds (
            id              INTEGER PRIMARY KEY,
            url             TEXT NOT NULL UNIQUE,   -- http(s) URL, or a local file's absolute path
            title           TEXT,                   -- the feed's own, once polled
            added           TEXT NOT NULL,
            etag            TEXT,                   -- for conditional GET
            last_modified   TEXT,
            last_poll       TEXT,
            last_outcome    TEXT,                   -- ok | not-modified | error | refused
            last_error      TEXT,                   -- why, in words a person can act on
            failures        INTEGER NOT NULL DEFAULT 0,  -- polls failed in a row (backoff)
            next_poll       TEXT,
            items_seen      INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE feed_items (
            feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            key         TEXT NOT NULL,              -- the entry's guid, else its link
            url         TEXT,
            first_seen  TEXT NOT NULL,
            outcome     TEXT NOT NULL,              -- page | feed | teaser | rejected
            detail      TEXT,                       -- why the page could not be had
            PRIMARY KEY (feed_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX feed_items_url ON feed_items(url);
        """,
    )
)

MIGRATIONS.append(
    (
        "0031_story_entities",
        """
        CREATE TABLE story_entities (               -- from each story's cached analysis
            story_id    TEXT NOT NULL,
            entity_id   TEXT NOT NULL,
            name        TEXT NOT NULL,
            type        TEXT NOT NULL,
            aliases     TEXT NOT NULL,              -- JSON list of surface forms
            mentions    INTEGER NOT NULL,
            roles       TEXT NOT NULL,              -- JSON list of role texts
            PRIMARY KEY (story_id, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_entities_entity ON story_entities(entity_id);
        CREATE INDEX story_entities_name ON story_entities(name COLLATE NOCASE);
        CREATE INDEX articles_source ON articles(source COLLATE NOCASE);
        CREATE INDEX articles_language ON articles(language COLLATE NOCASE);
        CREATE INDEX stories_rank ON stories(rank);
        CREATE INDEX IF NOT EXISTS articles_url ON articles(url);  -- a feed item already stored
        """,
    )
)

MIGRATIONS.append(
    (
        "0050_text_change_drops_cached_reads",
        """
        -- A re-clean (flow.reclean) or a re-ingest that changes an article's text moves the
        -- spans its cached reads point at: those reads go, and are made again when needed.
        CREATE TRIGGER articles_text_changed AFTER UPDATE OF text ON articles
        WHEN old.text IS NOT new.text BEGIN
            DELETE FROM article_language WHERE article_id = new.id;
            DELETE FROM article_claims WHERE article_id = new.id;
            DELETE FROM story_analysis WHERE story_id IN
                (SELECT story_id FROM story_articles WHERE article_id = new.id);
        END;
        """,
    )
)

MIGRATIONS.append(
    (
        "0060_story_history",
        """
        -- Story identity (stories/identity.py): every merge, split and move of articles
        -- between stories, every editor's decision, with its time and reason; a retired
        -- id resolves through story_redirects to its successor(s).
        CREATE TABLE story_events (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            at          TEXT NOT NULL,              -- UTC, when it was recorded
            kind        TEXT NOT NULL,              -- merge | split | move | edit-* | hide ...
            story_id    TEXT NOT NULL,
            others      TEXT NOT NULL,              -- JSON list of the other story ids
            articles    TEXT NOT NULL,              -- JSON list of the articles that moved
            reason      TEXT NOT NULL
        );
        CREATE TABLE story_event_stories (          -- every story an event involves
            story_id    TEXT NOT NULL,
            event       INTEGER NOT NULL REFERENCES story_events(seq),
            PRIMARY KEY (story_id, event)
        ) WITHOUT ROWID;
        CREATE TABLE story_redirects (
            retired     TEXT NOT NULL,
            successor   TEXT NOT NULL,
            event       INTEGER NOT NULL REFERENCES story_events(seq),
            PRIMARY KEY (retired, successor)
        ) WITHOUT ROWID;
        CREATE INDEX story_redirects_successor ON story_redirects(successor);
        -- Editors' decisions, applied after every clustering until undone.
        CREATE TABLE story_edits (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            at          TEXT NOT NULL,
            kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'hide')),
            story_id    TEXT NOT NULL,              -- merge: the id kept; split: the story split
            others      TEXT NOT NULL,              -- JSON: merge: the id retired; split: the new id
            articles    TEXT NOT NULL,              -- JSON list of lists: merge: each named
                                                    -- story's articles; split: [taken out]
            undone      TEXT                        -- UTC when undone; NULL while in force
        );
        -- The merges the online index recorded before: now history with redirects.
        INSERT INTO story_events (at, kind, story_id, others, articles, reason)
            SELECT '', 'merge', survivor, json_array(absorbed), json_array(article_id),
                   'the online index merged them when article ' || article_id || ' arrived'
            FROM story_merges ORDER BY absorbed;
        INSERT OR IGNORE INTO story_redirects (retired, successor, event)
            SELECT json_extract(others, '$[0]'), story_id, seq FROM story_events;
        INSERT OR IGNORE INTO story_event_stories (story_id, event)
            SELECT story_id, seq FROM story_events
            UNION SELECT json_extract(others, '$[0]'), seq FROM story_events;
        DROP TABLE story_merges;
        """,
    )
)

MIGRATIONS.append(
    (
        "0090_story_index_rows",
        """
        -- The story index as rows read on demand (StoryIndex.from_rows), not one blob read
        -- and written whole on every refresh: a refresh's cost follows the new articles.
        -- The old blob is dropped; the next refresh rebuilds it once (ids carried over).
        DROP TABLE story_index;
        CREATE TABLE index_meta (
            id           INTEGER PRIMARY KEY CHECK (id = 1),
            data         TEXT NOT NULL,         -- JSON of StoryIndex.meta(counts=False)
            placed_rowid INTEGER NOT NULL,      -- articles up to this rowid are placed
            newest       TEXT,                  -- the newest date the stored scores use
            generation   INTEGER NOT NULL DEFAULT 0,  -- every write and reset adds one
            reset        INTEGER NOT NULL DEFAULT 0,  -- 1: an upgraded article voids it
            updated      TEXT NOT NULL
        );
        CREATE TABLE index_counts (             -- a row of its own: 8 MB no read must cross
            id           INTEGER PRIMARY KEY CHECK (id = 1),
            term_df      BLOB NOT NULL,         -- StoryIndex.counts(): raw int32 arrays
            entity_df    BLOB NOT NULL
        );
        CREATE TABLE index_stories (
            id          TEXT PRIMARY KEY,
            seq         INTEGER NOT NULL,       -- when the story was last touched
            data        TEXT NOT NULL           -- JSON of one story's state
        ) WITHOUT ROWID;
        CREATE INDEX index_stories_seq ON index_stories(id, seq);  -- blocking reads seqs
        CREATE TABLE index_articles (
            article_id  TEXT PRIMARY KEY,
            story_id    TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE index_count_changes (       -- counts changed since term_df/entity_df
            kind        INTEGER NOT NULL,       -- 0 terms, 1 entities
            col         INTEGER NOT NULL,
            n           INTEGER NOT NULL,
            PRIMARY KEY (kind, col)
        ) WITHOUT ROWID;
        CREATE TABLE index_postings (
            key         INTEGER PRIMARY KEY,
            stories     TEXT NOT NULL           -- story ids, most recent last
        );
        -- Ranks are read in the ranking's order, not stored: a stored rank moved for every
        -- story whenever one story's score did. The scores live in a narrow table of their
        -- own: when the newest date moves, the stories within the freshness horizon are
        -- scored again in one statement (score = base + freshness_points of days behind).
        DROP INDEX stories_rank;
        ALTER TABLE stories DROP COLUMN rank;
        ALTER TABLE stories DROP COLUMN score;
        CREATE TABLE story_ranks (
            id          TEXT PRIMARY KEY,
            score       REAL NOT NULL,          -- base + freshness, as of index_meta.newest
            base        REAL NOT NULL,          -- the points that do not move with the date
            last        TEXT,                   -- the story's last publication date
            day         INTEGER                 -- the same as a Julian day number
        ) WITHOUT ROWID;
        CREATE INDEX story_ranks_order ON story_ranks(score DESC, coalesce(last, '') DESC, id);
        CREATE INDEX story_ranks_day ON story_ranks(day);
        CREATE TABLE freshness_points (days INTEGER PRIMARY KEY, points REAL NOT NULL);
        CREATE INDEX articles_duplicate ON articles(duplicate_of);
        -- Articles whose fields a re-ingest changed in place (a corrected title, a date, a
        -- text cleaned anew):
        -- the next refresh describes their stories again; no other story is read.
        CREATE TABLE articles_changed (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER articles_fields_changed AFTER UPDATE OF url, source, title, text,
            published, published_from, dateline_place, dateline_agency, dateline_date,
            language, source_id, text_kind ON articles
        BEGIN
            -- not OR IGNORE: an outer statement's conflict handling overrides a trigger's
            INSERT INTO articles_changed (article_id) SELECT new.id
                WHERE NOT EXISTS (SELECT 1 FROM articles_changed WHERE article_id = new.id);
        END;
        """,
    )
)

MIGRATIONS.append(
    (
        "0120_claims_timerefs",
        """
        -- The time references an article's claims read, kept with them: its story's
        -- timeline reads the same (the same text against the same date) instead of
        -- finding them again. NULL: cached before they were kept; the timeline reads them.
        ALTER TABLE article_claims ADD COLUMN timerefs BLOB;  -- zlib JSON of timeref_record()
        """,
    )
)

MIGRATIONS.append(
    (
        "0121_story_entity_aliases",
        """
        -- Each story's entities by every surface form it merged ("WHO", "World Health
        -- Organisation"): `entity WHO` and `--entity WHO` find the organisation whichever
        -- form a story chose for its name.
        CREATE TABLE story_entity_aliases (
            story_id    TEXT NOT NULL,
            entity_id   TEXT NOT NULL,
            alias       TEXT NOT NULL,
            PRIMARY KEY (story_id, entity_id, alias)
        ) WITHOUT ROWID;
        CREATE INDEX story_entity_aliases_alias ON story_entity_aliases(alias COLLATE NOCASE);
        INSERT OR IGNORE INTO story_entity_aliases (story_id, entity_id, alias)
            SELECT story_id, entity_id, name FROM story_entities
            UNION SELECT e.story_id, e.entity_id, j.value
                FROM story_entities e, json_each(e.aliases) j;
        """,
    )
)

MIGRATIONS.append(
    (
        "0130_articles_upgraded",
        """
        -- An upgraded article's text as the story index counted it (a teaser given its
        -- full text, a record cleaned anew), kept until the next refresh takes it out of
        -- its story and places the new text: that refresh reads the one story, where it
        -- used to void the whole index and rebuild every story. The first old text is
        -- kept when an article is upgraded twice before a refresh: that is what the
        -- index counted.
        CREATE TABLE articles_upgraded (
            article_id  TEXT PRIMARY KEY,
            title       TEXT,
            text        BLOB NOT NULL           -- zlib-compressed UTF-8
        ) WITHOUT ROWID;
        """,
    )
)
