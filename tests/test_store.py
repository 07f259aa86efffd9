"""The store: migrations, idempotent ingest, crash safety, full-text search."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import write
from storyline.errors import StoreError
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
                   "0008_story_headline_key", "0020_article_identity", "0030_feeds",
                   "0031_story_entities", "0050_text_change_drops_cached_reads",
                   "0060_story_history", "0090_story_index_rows", "0120_claims_timerefs",
                   "0121_story_entity_aliases", "0130_articles_upgraded"]


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
from storyline.errors import StoreError
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


STALLED_REFRESH = """
import sys, time
from pathlib import Path
import storyline.stories
from storyline.cli import main
built = storyline.stories.build_stories
def stalled(*args, **kwargs):
    stories = built(*args, **kwargs)
    Path(sys.argv[1]).write_text("building stories")  # the parent kills us now
    time.sleep(120)
    return stories
storyline.stories.build_stories = stalled
main(sys.argv[2:])
"""


def test_rerun_after_a_kill_while_stories_are_built_places_every_article(tmp_path):
    """Issue 18.1: `ingest half/`, then `ingest in/` SIGKILLed once every article is stored
    and its stories are being built; `ingest in/` again (what the Ctrl-C message says)
    found nothing new and used to build nothing, leaving half the articles in no story."""
    from click.testing import CliRunner

    from storyline.cli import main

    half, whole = make_corpus(tmp_path / "half", 10), make_corpus(tmp_path / "in", 20)
    db = str(tmp_path / "s.db")
    first = CliRunner().invoke(main, ["ingest", str(half), "--db", db, "--quiet"])
    assert first.exit_code == 0, first.output
    marker = tmp_path / "building"
    child = subprocess.Popen([sys.executable, "-c", STALLED_REFRESH, str(marker),
                              "ingest", str(whole), "--db", db, "--quiet"])
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert marker.exists(), "the child never reached the story building"
    with Store.open(db) as store:
        assert store.count() == 20 and store.integrity_ok()
        assert len(store.unplaced()) == 10  # the kill left these in no story

    again = CliRunner().invoke(main, ["ingest", str(whole), "--db", db, "--quiet"])
    assert again.exit_code == 0, again.output
    with Store.open(db) as store:
        placed = [a for story in store.stories() for a in story.article_ids]
        assert store.unplaced() == []
        assert sorted(placed) == sorted(a.id for a in store.articles())


def test_refresh_places_every_unplaced_article(tmp_path, settings):
    """The refresh asks the store which articles no refresh placed (the rows after the
    last placed one): when the stored index claims one of them, index and store are out
    of step, and every article is placed again (a full rebuild)."""
    from storyline.flow.refresh import refresh_stories

    corpus = make_corpus(tmp_path / "in", 12)
    with Store.open(settings.db_path) as store:
        ingest(plan([corpus]), store, settings)
        assert len(store.unplaced()) == 12
        refresh_stories(store)
        assert store.unplaced() == []
        last = store._db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
        victim = store._db.execute("SELECT id FROM articles WHERE rowid = ?", (last,)).fetchone()[0]
        store._db.execute("UPDATE index_meta SET placed_rowid = ?", (last - 1,))
        assert store.unplaced() == [victim]
        refreshed = refresh_stories(store)
        assert store.unplaced() == []
        assert refreshed.rebuilt and "holds articles no story holds" in refreshed.reason
        placed = [a for story in store.stories() for a in story.article_ids]
        assert sorted(placed) == sorted(a.id for a in store.articles())


# -- hostile and unusual stores (issue 18.6, 18.9, 18.10) -------------------------------

def _cli(*args: str):
    from click.testing import CliRunner

    from storyline.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"the CLI crashed: {result.exception!r}")
    return result


def _file_state(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and the files beside it (a -wal or -shm would be a write)."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def _stored_corpus(tmp_path: Path, n: int = 6, *, analysed: bool = False) -> Path:
    """A store holding `n` articles and their stories (and their analyses, cached)."""
    from storyline.flow.analysis import analyze_stories
    from storyline.flow.refresh import refresh_stories

    db = tmp_path / "store" / "s.db"
    db.parent.mkdir()
    settings = from_env(db_path=str(db))
    with Store.open(db) as store:
        ingest(plan([make_corpus(tmp_path / "in", n)]), store, settings)
        refresh_stories(store)
        if analysed:
            analyze_stories(store, store.stories())
    return db


def test_disk_full_during_an_ingest_is_a_clear_error_and_keeps_committed_batches(tmp_path):
    """SQLite's max_page_count stands in for a full disk (SQLITE_FULL, as on ENOSPC)."""
    db = tmp_path / "s.db"
    small = from_env(db_path=str(db), batch_size=5)
    with Store.open(db) as store:
        ingest(plan([make_corpus(tmp_path / "a", 10)]), store, small)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 8}")
        with pytest.raises(StoreError, match=r"disk is full.*committed.*kept") as caught:
            ingest(plan([make_corpus(tmp_path / "b", 400)]), store, small)
        assert str(db) in caught.value.message
    with Store.open(db) as store:
        assert store.integrity_ok()
        kept = store.count()
        assert 10 < kept < 410 and kept % 5 == 0


def test_disk_full_in_the_cli_is_one_clear_line(tmp_path, monkeypatch):
    connect = sqlite3.connect

    def small_disk(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.execute("PRAGMA max_page_count = 40")
        return db

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    result = _cli("ingest", str(make_corpus(tmp_path / "in", 300)), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr


def test_a_store_from_a_newer_storyline_is_refused_untouched(tmp_path):
    db = _stored_corpus(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('0999_from_the_future', 'now')")
    conn.close()
    before = _file_state(db)
    with pytest.raises(StoreError, match=r"newer storyline.*0999_from_the_future"):
        Store.open(db)
    result = _cli("stories", "--db", str(db))
    assert result.exit_code == 2 and "newer storyline" in result.stderr
    assert _file_state(db) == before


def test_a_store_with_a_higher_schema_version_is_refused(tmp_path):
    db = _stored_corpus(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 9999")
    conn.close()
    before = _file_state(db)
    result = _cli("ingest", str(tmp_path / "in"), "--db", str(db))
    assert result.exit_code == 2 and "newer storyline" in result.stderr, result.stderr
    assert _file_state(db) == before


def test_a_renamed_column_is_a_clear_error(tmp_path):
    db = _stored_corpus(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE rejections RENAME COLUMN reason TO why")
    conn.close()
    for command in (["rejected"], ["stories"], ["ingest", str(tmp_path / "in")]):
        result = _cli(*command, "--db", str(db))
        assert result.exit_code == 2, (command, result.stderr)
        assert "rejections" in result.stderr and "reason" in result.stderr


def test_another_programs_database_is_refused_untouched(tmp_path):
    db = tmp_path / "notes" / "notes.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.close()
    before = _file_state(db)
    for command in (["stories"], ["search", "keep"], ["ingest", str(make_corpus(tmp_path / "in", 2))]):
        result = _cli(*command, "--db", str(db))
        assert result.exit_code == 2, (command, result.stderr)
        assert "not a storyline store" in result.stderr and "notes" in result.stderr
    assert _file_state(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    conn.close()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    db = write(tmp_path / "notes.db", "these are my notes, not a database\n" * 50)
    before = _file_state(db)
    result = _cli("stories", "--db", str(db))
    assert result.exit_code == 2 and "not a SQLite database" in result.stderr
    assert _file_state(db) == before


def test_an_empty_file_becomes_a_store(tmp_path):
    db = tmp_path / "empty.db"
    db.touch()
    result = _cli("ingest", str(make_corpus(tmp_path / "in", 3)), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        assert store.count() == 3


def test_a_store_opened_read_only_reads_and_refuses_writes(tmp_path):
    """The `mode=ro` path (what a read-only folder or file falls back to), in process:
    CI runs as root, where no chmod stops a write."""
    from storyline.flow.analysis import analyze_stories

    db = _stored_corpus(tmp_path)
    before = db.read_bytes()
    with Store.open(db, read_only=True) as store:
        assert store.read_only
        ranked = store.stories()
        assert ranked and store.count() == 6 and store.search("Kazakhstan")
        analyses = analyze_stories(store, ranked)  # the analysis cache is skipped, not written
        assert set(analyses) == {s.id for s in ranked}
        with pytest.raises(StoreError, match="read-only"):
            ingest(plan([make_corpus(tmp_path / "more", 2)]), store, from_env(db_path=str(db)))
    assert db.read_bytes() == before  # (SQLite's -wal and -shm may appear beside it)


READ_ONLY_CHILD = """
import json, sys
from click.testing import CliRunner
from storyline.cli import main
story, article, more, out, *stores = sys.argv[1:]
results = {}
for n, db in enumerate(stores):
    runs = {
        "stories": ["stories", "--db", db],
        "search": ["search", "Kazakhstan", "--db", db],
        "show": ["show", story, "--db", db],
        "show-article": ["show", article, "--db", db],
        "export": ["export", "--format", "json", "-o", f"{out}/{n}.json", "--db", db],
        "export-beside": ["export", "--format", "md", "-o", db + ".md", "--db", db],
        "ingest": ["ingest", more, "--db", db],
    }
    for name, args in runs.items():
        result = CliRunner().invoke(main, args)
        results.setdefault(db, {})[name] = [result.exit_code, result.stdout, result.stderr,
                                            repr(result.exception)]
print(json.dumps(results))
"""


def _run_read_only(targets: list[Path], args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run READ_ONLY_CHILD with `targets` (folders or files) read-only: read-only bind
    mounts in a private mount namespace (root: chmod stops no write), or chmod a-w."""
    command = [sys.executable, "-c", READ_ONLY_CHILD, *args]
    if os.geteuid() != 0:
        modes = [target.stat().st_mode for target in targets]
        for target, mode in zip(targets, modes, strict=True):
            target.chmod(mode & ~0o222)
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=300)
        finally:
            for target, mode in zip(targets, modes, strict=True):
                target.chmod(mode)
    mounts = " && ".join(f'mount --bind "${n}" "${n}" && mount -o remount,bind,ro "${n}"'
                         for n in range(1, len(targets) + 1))
    script = f'{mounts} && shift {len(targets)} && exec "$@"'
    where = [str(target) for target in targets]
    probe = (subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *where, "true"],
                            capture_output=True, timeout=30) if shutil.which("unshare") else None)
    if probe is None or probe.returncode != 0:
        pytest.skip("no read-only bind mount here (unshare -m refused); "
                    "test_a_store_opened_read_only_reads_and_refuses_writes covers the path")
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *where, *command],
                          capture_output=True, text=True, timeout=300)


def test_a_read_only_store_serves_read_commands(tmp_path):
    """A store in a read-only folder, and a read-only store file in a writable folder:
    `stories`, `search`, `show` and `export` work; `ingest` says what is read-only."""
    import json

    in_folder = _stored_corpus(tmp_path, analysed=True)  # the child reads cached analyses
    as_file = tmp_path / "file" / "s.db"
    as_file.parent.mkdir()
    shutil.copy(in_folder, as_file)
    with Store.open(in_folder) as store:
        story = store.stories()[0].id
        article = next(store.articles()).id
    before = {db: _file_state(db) for db in (in_folder, as_file)}
    done = _run_read_only([in_folder.parent, as_file],
                          [story, article, str(make_corpus(tmp_path / "more", 2)),
                           str(tmp_path), str(in_folder), str(as_file)])
    assert done.returncode == 0, done.stderr
    for db, results in json.loads(done.stdout).items():
        for name in ("stories", "search", "show", "show-article", "export"):
            code, _, stderr, exception = results[name]
            assert code == 0, (db, name, stderr, exception)
        assert story in results["stories"][1] and article in results["search"][1]
        code, _, stderr, _ = results["ingest"]
        assert code == 2 and "read-only" in stderr and "storyline database" not in stderr
        assert ("folder" in stderr) == (db == str(in_folder)), stderr
        code, _, stderr, _ = results["export-beside"]  # an output beside a read-only store
        assert (code, "cannot write" in stderr) == ((2, True) if db == str(in_folder)
                                                    else (0, False)), stderr
    for n in range(2):
        assert len(json.loads((tmp_path / f"{n}.json").read_text())["articles"]) == 6
    for db, (data, _) in before.items():
        assert db.read_bytes() == data
    assert _file_state(in_folder) == before[in_folder]  # nothing could be made beside it
