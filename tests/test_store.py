"""The store: migrations, idempotent ingest, crash safety, full-text search."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import write
from storyline.flow.ingest import ingest, plan
from storyline.settings import from_env
from storyline.store import Store

BODY = ("Peacekeepers of the Collective Security Treaty Organization began leaving Kazakhstan "
        "on Thursday, officials in Almaty said, as the airport reopened.")


def make_corpus(folder: Path, n: int) -> Path:
    for i in range(n):
        write(folder / f"{i // 100:03d}" / f"a{i:05d}.txt",
              f"Title: Report {i}\nSource: Outlet {i % 7}\nDate: 2022-01-{1 + i % 28:02d}\n\n"
              f"Report number {i}. {BODY} Figure {i * 37 % 1000} was given.")
    return folder


def snapshot(db: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        articles = conn.execute(
            "SELECT id, origin, title, text, published, first_seen FROM articles ORDER BY id"
        ).fetchall()
        raws = conn.execute("SELECT sha256, origin FROM raw_records ORDER BY sha256").fetchall()
        drops = conn.execute("SELECT origin, reason, first_seen FROM rejections ORDER BY 1").fetchall()
    return [articles, raws, drops]


MIGRATION_NAMES = ["0001_articles", "0002_stories", "0003_story_index", "0004_story_analysis",
                   "0005_article_language", "0006_article_claims", "0007_minhash_bands",
                   "0008_story_headline_key", "0050_text_change_drops_cached_reads"]


def test_migrations_are_named_and_applied_once(settings):
    with Store.open(settings.db_path) as store:
        assert store.migrations() == MIGRATION_NAMES
    with Store.open(settings.db_path) as store:  # re-open: nothing re-applied
        assert store.migrations() == MIGRATION_NAMES
    with sqlite3.connect(settings.db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(store):
    try:
        store._db.execute(
            "INSERT INTO articles (id, origin, raw_sha256, text, published_from, first_seen) "
            "VALUES ('a', 'o', 'missing', 't', 'unknown', 'now')")
    except sqlite3.IntegrityError as exc:
        assert "FOREIGN KEY" in str(exc)
    else:
        raise AssertionError("an article without its raw record was accepted")


def test_ingest_twice_gives_the_same_store(tmp_path, settings):
    corpus = make_corpus(tmp_path / "in", 30)
    write(corpus / "bad.jsonl", "{not json\n")
    with Store.open(settings.db_path) as store:
        first = ingest(plan([corpus]), store, settings)
    before = snapshot(settings.db_path)
    with Store.open(settings.db_path) as store:
        second = ingest(plan([corpus]), store, settings)
    assert (first.new, first.existing) == (30, 0)
    assert (second.new, second.existing) == (0, 30)
    assert snapshot(settings.db_path) == before
    assert len(before[2]) == 1


def test_raw_record_is_kept_for_re_analysis(tmp_path, settings):
    corpus = make_corpus(tmp_path / "in", 1)
    with Store.open(settings.db_path) as store:
        ingest(plan([corpus]), store, settings)
        [article] = list(store.articles())
        raw = store.raw_document(article.raw_sha256)
    assert raw is not None and raw.title == "Report 0" and BODY in raw.content
    assert raw.published == "2022-01-01" and raw.published_from == "header"


def test_full_text_search_treats_query_as_words(tmp_path, settings):
    corpus = make_corpus(tmp_path / "in", 5)
    write(corpus / "other.txt", "Title: Floods\n\nHeavy rain flooded Porto Alegre on Friday, "
          "the civil defence agency said, and rivers kept rising overnight.")
    with Store.open(settings.db_path) as store:
        ingest(plan([corpus]), store, settings)
        hits = store.search("Porto Alegre")
        assert [a.title for a, _ in hits] == ["Floods"]
        assert len(store.search("peacekeepers kazakhstan")) == 5
        # FTS syntax and SQL in user text are just words: no error, no injection
        assert store.search('" OR 1=1; DROP TABLE articles; --') == []
        assert store.search("NEAR(") == []
        assert store.count() == 6


CHILD = """
import sys
from pathlib import Path
from storyline.flow.ingest import ingest, plan
from storyline.settings import from_env
from storyline.store import Store
settings = from_env(db_path=sys.argv[2], batch_size=5)
with Store.open(settings.db_path) as store:
    ingest(plan([Path(sys.argv[1])]), store, settings)
"""


def test_killed_ingest_keeps_committed_batches_and_rerun_completes(tmp_path):
    corpus = make_corpus(tmp_path / "in", 600)
    db = str(tmp_path / "crash.db")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus), db])
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        if os.path.exists(db):
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0  # schema not created yet
            if stored >= 20:
                break
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert stored > 0, "the ingest never committed a batch"

    with Store.open(db) as store:
        assert store.integrity_ok()
        partial = store.count()
        assert 0 < partial < 600, "the kill came too late to test anything"
        assert partial % 5 == 0  # whole batches only
    settings = from_env(db_path=db, batch_size=5)
    with Store.open(db) as store:
        report = ingest(plan([corpus]), store, settings)
        assert store.count() == 600
        assert report.new == 600 - partial and report.existing == partial
        ids = [a.id for a in store.articles()]
        assert len(ids) == len(set(ids)) == 600


def test_interrupt_rolls_back_the_open_batch(tmp_path, settings):
    """Ctrl-C inside a batch: that batch is absent, the earlier ones are intact."""
    corpus = make_corpus(tmp_path / "in", 12)
    small = from_env(db_path=settings.db_path, batch_size=5)
    calls = 0

    def interrupt_on_third_file(_item):
        nonlocal calls
        calls += 1
        if calls == 8:
            raise KeyboardInterrupt

    with Store.open(small.db_path) as store:
        with contextlib.suppress(KeyboardInterrupt):
            ingest(plan([corpus]), store, small, on_file=interrupt_on_third_file)
        assert store.count() == 5
        assert store.integrity_ok()
        report = ingest(plan([corpus]), store, small)
        assert store.count() == 12 and report.new == 7


def test_language_facts_are_cached_per_article_and_version(tmp_path, settings):
    from storyline.language import facts_from_record, facts_record, read_facts

    write(tmp_path / "in" / "a.txt", "Title: Talks\nDate: 2022-01-13\n\nKremlin spokesman "
          "Dmitry Peskov said on Thursday that the talks in Geneva would go on next week.")
    with Store.open(settings.db_path) as store:
        ingest(plan([tmp_path / "in"]), store, settings)
        [article] = list(store.articles())
        [facts] = read_facts([article.text])
        store.write_language_facts({article.id: facts_record(facts)}, "v1")
        cached = store.language_facts([article.id, "unknown"], "v1")
        assert list(cached) == [article.id]
        assert facts_from_record(cached[article.id]) == facts
        assert store.language_facts([article.id], "v2") == {}  # another model: read again
        with pytest.raises(sqlite3.IntegrityError):  # only stored articles have facts
            store.write_language_facts({"unknown": facts_record(facts)}, "v1")


def test_articles_without_text_and_by_id(tmp_path, settings, monkeypatch):
    """Heads (every field but the text) come in the store's order; `articles_by_id` reads
    whole articles for the ids that exist, in that order too, whatever order they are asked
    in (and however many: the IN-query is chunked)."""
    corpus = make_corpus(tmp_path / "in", 30)
    with Store.open(settings.db_path) as store:
        ingest(plan([corpus]), store, settings)
        whole = list(store.articles())
        heads = list(store.articles(text=False))
        assert [a.id for a in heads] == [a.id for a in whole]
        assert all(h.text == "" for h in heads) and all(a.text for a in whole)
        assert [replace(a, text="") for a in whole] == heads
        wanted = [a.id for a in whole[::3]][::-1] * 2 + ["no such id"]
        assert store.articles_by_id(wanted) == whole[::3]
        monkeypatch.setattr("storyline.store.sqlite._IN_CHUNK", 4)  # 10 ids in 3 queries
        assert store.articles_by_id(wanted) == whole[::3]
        assert store.articles_by_id([]) == []


def test_a_year_less_dateline_takes_its_year_from_its_own_folder(tmp_path, settings):
    """An archive kept by month over two years: "MOSCOW, May 19. /TASS/." in the 2024
    folder is 2024-05-19, in the 2023 folder 2023-05-19 (the batch alone has both)."""
    body = ("The Kremlin said on Friday that talks on the grain corridor would continue next "
            "week in Istanbul, with delegations from {n} countries expected to attend.")
    for year, day in ((2023, 20), (2024, 18)):
        folder = tmp_path / "in" / f"{year}-05"
        write(folder / "dated.txt", f"Title: Talks resume\nDate: {year}-05-{day}\n\n"
              + body.format(n=year - 2010))
        write(folder / "tass.txt", f"MOSCOW, May 19. /TASS/. {body.format(n=year - 2000)}")
    with Store.open(settings.db_path) as store:
        ingest(plan([tmp_path / "in"]), store, settings)
        dated = {Path(a.origin).parent.name: a for a in store.articles()
                 if a.published_from == "corpus"}
    assert {folder: a.published.isoformat() for folder, a in dated.items()} == {  # type: ignore[union-attr]
        "2023-05": "2023-05-19", "2024-05": "2024-05-19"}
