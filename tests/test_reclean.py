"""A store made before the cleaner kept typographic quotes is brought up to date from its
raw records (`storyline reclean`), ids unchanged, idempotent; a changed text drops the
reads cached from the old one (migration 0050)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from conftest import write
from storyline.clean.artefacts import fold_quotes
from storyline.cli import main
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.flow.reclean import reclean
from storyline.settings import Settings
from storyline.store import Store

TEXT = ("Title: Ferry timetable doubled\nSource: Harbourside Gazette\nDate: 2025-03-30\n\n"
        "“We have waited a generation for this,” said harbour master Owen Prynne, who has "
        "worked at the port since 1989. Residents’ groups welcomed the change.")


def _old_store(tmp_path: Path, settings: Settings) -> str:
    """A store as an older version left it: the same article with straight quotes."""
    write(tmp_path / "in" / "ferry.txt", TEXT)
    with Store.open(settings.db_path) as store:
        ingest(plan([tmp_path / "in"]), store, settings)
        [article] = list(store.articles())
    with sqlite3.connect(settings.db_path) as db:
        db.execute("UPDATE articles SET text = ? WHERE id = ?", (fold_quotes(article.text), article.id))
        db.execute("INSERT INTO article_language (article_id, version, data) VALUES (?, 'v', x'00')",
                   (article.id,))
    return article.id


def test_reclean_brings_back_the_publishers_quotes(tmp_path: Path, settings: Settings) -> None:
    article_id = _old_store(tmp_path, settings)
    with Store.open(settings.db_path) as store:
        [old] = list(store.articles())
        assert "“" not in old.text
        report = reclean(store)
        assert (report.articles, report.updated, report.kept, report.missing_raw) == (1, 1, 0, 0)
        [new] = list(store.articles())
        assert new.id == article_id and store.count() == 1
        assert "“We have waited a generation for this,” said" in new.text
        assert "Residents’ groups" in new.text
        again = reclean(store)  # idempotent
        assert (again.updated, again.current) == (0, 1)


def test_a_changed_text_drops_its_cached_reads(tmp_path: Path, settings: Settings) -> None:
    article_id = _old_store(tmp_path, settings)
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM article_language").fetchone()[0] == 1
        db.execute("UPDATE articles SET title = 'x' WHERE id = ?", (article_id,))
        assert db.execute("SELECT count(*) FROM article_language").fetchone()[0] == 1
    with Store.open(settings.db_path) as store:
        reclean(store)
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM article_language").fetchone()[0] == 0


def test_reclean_command(tmp_path: Path, settings: Settings) -> None:
    _old_store(tmp_path, settings)
    result = CliRunner().invoke(main, ["reclean", "--db", settings.db_path],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "1 article: 1 updated" in result.stdout
    with Store.open(settings.db_path) as store:
        assert "“" in next(iter(store.articles())).text


PROMO = "Sign up for the Gazette's morning tide table and never miss a sailing"


def _store_older_reading(tmp_path: Path, settings: Settings) -> tuple[str, str]:
    """A store as an older release left it: the page read with a promo line it now cuts,
    stored under the id that reading gave (ids hash the text first stored). Returns the
    stored id and the text the cleaner gives today."""
    from dataclasses import replace

    from storyline.clean import article_id, clean_document
    from storyline.flow.refresh import refresh_stories
    from storyline.model import Article, RawDocument
    from storyline.sources import read_inputs

    write(tmp_path / "in" / "ferry.txt", TEXT)
    [raw] = [r for r in read_inputs([tmp_path / "in"], max_input_bytes=10**7,
                                    max_record_bytes=10**7) if isinstance(r, RawDocument)]
    today = clean_document(raw)
    assert isinstance(today, Article)
    older_text = f"{today.text}\n\n{PROMO}"
    older = replace(today, text=older_text, id=article_id(today.source, older_text))
    with Store.open(settings.db_path) as store:
        store.write_batch([(older, raw)])
        refresh_stories(store)
    return older.id, today.text


def test_a_reingest_after_the_cleaner_changed_updates_the_stored_article(
        tmp_path: Path, settings: Settings) -> None:
    """The same file read again by a release that cleans it differently is the same record:
    the stored article takes the new reading under its id, nothing is stored twice."""
    stored_id, text = _store_older_reading(tmp_path, settings)
    with Store.open(settings.db_path) as store:
        report = ingest(plan([tmp_path / "in"]), store, settings)
        assert (report.new, report.existing, report.upgraded) == (0, 0, 1)
        [article] = list(store.articles())
        assert article.id == stored_id and article.text == text and PROMO not in article.text
        again = ingest(plan([tmp_path / "in"]), store, settings)  # idempotent from here
        assert (again.new, again.existing, again.upgraded) == (0, 1, 0)
        assert store.count() == 1


def test_reclean_gives_a_changed_text_to_the_stored_article_and_places_it_again(
        tmp_path: Path, settings: Settings) -> None:
    """The refresh after it takes the article out of its story and places the new text
    (`Store.upgrades`), no rebuild; the stories are what a rebuild gives."""
    stored_id, text = _store_older_reading(tmp_path, settings)
    result = CliRunner().invoke(main, ["reclean", "--db", settings.db_path],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "1 article: 1 updated" in result.stdout and "0 kept" in result.stdout
    assert "rebuilt" not in result.stderr
    with Store.open(settings.db_path) as store:
        assert store.upgrades() == {}
        stored = store.stories()
        assert refresh_stories(store, rebuild=True).stories == stored
        [article] = list(store.articles())
        assert article.id == stored_id and article.text == text
        [story] = store.stories()
        assert story.article_ids == (stored_id,) or list(story.article_ids) == [stored_id]
        assert store.story_index_stored() and not store.unplaced()
        assert reclean(store).current == 1  # idempotent
