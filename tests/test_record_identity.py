"""Records keep their identity: teasers and headlines are kept and flagged, a fuller copy
under the same guid or URL upgrades them in place, the record's own id is kept and found,
and the ingest summary adds up (issues 11 and 18)."""

from __future__ import annotations

import json
import re

import hypothesis
import jsonschema
from click.testing import CliRunner
from hypothesis import strategies as st

from conftest import EXPORT_SCHEMA, write
from storyline.cli import main
from storyline.flow.ingest import IngestProgress, ingest, plan, refresh_stories
from storyline.settings import from_env
from storyline.store import Store
from storyline.stories.dedup import BANDS_VERSION

TEASER = "Two fishermen were pulled from the water off Arden on Tuesday."
FULL = ("Two fishermen were pulled from the water off Arden on Tuesday after their trawler "
        "capsized in a storm, the harbour master said. Rescue teams reached them within an "
        "hour, and both were taken to the hospital in Arden, where doctors said they were "
        "cold but unhurt. The harbour was closed to small boats until the wind eased.")
OTHER = ("The council of Brell voted on Monday to rebuild the old stone bridge over the river "
         "Tam, which was closed last winter after engineers found cracks in two of its arches. "
         "Work is due to start in the spring and to last two years.")


def feed(items: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Arden Post</title><link>https://post.example/</link>{items}"
            "</channel></rss>")


def item(guid: str, title: str, *, description: str | None = None, content: str | None = None,
         link: str | None = None) -> str:
    parts = [f"<guid isPermaLink=\"false\">{guid}</guid>", f"<title>{title}</title>",
             "<pubDate>Tue, 17 Apr 2018 09:00:00 GMT</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if description:
        parts.append(f"<description>{description}</description>")
    if content:
        parts.append("<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                     f"<![CDATA[<p>{content}</p>]]></content:encoded>")
    return f"<item>{''.join(parts)}</item>"


TEASER_FEED = feed(item("arden-1", "Fishermen rescued off Arden", description=TEASER)
                   + item("arden-2", "Storm closes the harbour at Arden"))
FULL_FEED = feed(item("arden-1", "Fishermen rescued off Arden", content=FULL)
                 + item("arden-2", "Storm closes the harbour at Arden"))


def run_ingest(path, store, **kwargs):
    return ingest(plan([path]), store, from_env(), **kwargs)


def test_teaser_and_headline_items_are_kept_and_flagged(tmp_path, store):
    report = run_ingest(write(tmp_path / "feed.xml", TEASER_FEED), store)
    assert (report.new, report.rejected) == (2, 0)
    by_id = {a.source_id: a for a in store.articles()}
    teaser, headline = by_id["arden-1"], by_id["arden-2"]
    assert (teaser.text_kind, teaser.text, teaser.source) == ("teaser", TEASER, "Arden Post")
    assert headline.text_kind == "headline"
    assert headline.text == headline.title == "Storm closes the harbour at Arden"
    # a record with neither body nor title is still rejected, with the reason
    bare = run_ingest(write(tmp_path / "bare.jsonl", '{"text": "Too short."}\n'), store)
    assert bare.rejected == 1 and "no headline to keep it by" in bare.drops[0].reason


def test_a_jsonl_record_with_only_a_title_is_a_headline(tmp_path, store):
    report = run_ingest(write(tmp_path / "a.jsonl", json.dumps(
        {"id": "h1", "title": "Fishermen rescued off Arden", "source": "Arden Post"})), store)
    assert report.new == 1
    [article] = store.articles()
    assert (article.text_kind, article.source_id) == ("headline", "h1")


def test_a_fuller_copy_with_the_same_guid_upgrades_the_article_in_place(tmp_path, store):
    run_ingest(write(tmp_path / "one" / "feed.xml", TEASER_FEED), store)
    refresh_stories(store)
    [teaser] = store.articles_by_source_id("arden-1")
    [story] = [s for s in store.stories() if teaser.id in s.article_ids]
    store.write_analysis(story.id, "key", {"summary": ["from the teaser"]})
    store.write_language_facts({teaser.id: {"from": "teaser"}}, "v1")
    assert teaser.id in store.minhash_indexed(BANDS_VERSION)

    report = run_ingest(write(tmp_path / "two" / "feed.xml", FULL_FEED), store)
    assert (report.new, report.existing, report.upgraded, report.rejected) == (0, 1, 1, 0)
    assert report.upgraded_ids == [teaser.id]
    [full] = store.articles_by_source_id("arden-1")
    assert full.id == teaser.id and store.count() == 2  # the same id, nothing added
    assert (full.text_kind, full.text) == ("full", FULL)
    assert full.origin.endswith("two/feed.xml#1")
    # what was derived from the old text is gone: caches and band hashes; the story
    # index keeps the old text's counts until the next refresh takes them out
    assert store.analysis(story.id, "key") is None
    assert store.language_facts([full.id], "v1") == {}
    assert full.id not in store.minhash_indexed(BANDS_VERSION)
    assert store.story_index_stored()
    assert store.upgrades() == {full.id: (teaser.title, TEASER)}
    assert [a.id for a, _ in store.search("trawler capsized")] == [full.id]
    # the next refresh places the new text in place of the old, without a rebuild
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.reason == "upgraded articles placed again"
    assert refreshed.placed == 1 and store.upgrades() == {}
    assert any(full.id in s.article_ids for s in store.stories())
    assert full.id in store.minhash_indexed(BANDS_VERSION)
    raw = store.raw_document(full.raw_sha256)
    assert raw is not None and "trawler" in raw.content

    # the teaser again, or the full copy again: nothing changes
    for folder in ("one", "two"):
        again = run_ingest(tmp_path / folder / "feed.xml", store)
        assert (again.new, again.existing, again.upgraded) == (0, 2, 0)
    assert store.article(full.id).text == FULL and store.count() == 2


def test_a_fuller_copy_at_the_same_url_upgrades_a_headline(tmp_path, store):
    url = "https://post.example/2018/04/17/fishermen-rescued"
    write(tmp_path / "a.jsonl", json.dumps({"title": "Fishermen rescued off Arden", "url": url}))
    write(tmp_path / "b.jsonl", json.dumps({"title": "Fishermen rescued off Arden", "url": url,
                                            "text": FULL}))
    first = run_ingest(tmp_path / "a.jsonl", store)
    [headline] = store.articles()
    assert (headline.source, headline.published_from, headline.text_kind) == (
        "post.example", "url", "headline")
    second = run_ingest(tmp_path / "b.jsonl", store)
    assert (first.new, second.upgraded) == (1, 1)
    [article] = store.articles()
    assert (article.id, article.text, article.text_kind) == (headline.id, FULL, "full")


def test_records_sharing_an_id_but_not_an_article_stay_apart(tmp_path, store):
    """JSON ids repeat across exports ("1", "2", ...): only a copy of the same article
    upgrades, so an unrelated longer record with the same id is a new article."""
    write(tmp_path / "a.jsonl", json.dumps({"id": 1, "title": "Fishermen rescued off Arden",
                                            "text": TEASER}))
    write(tmp_path / "b.jsonl", json.dumps({"id": 1, "title": "Brell will rebuild its bridge",
                                            "text": OTHER}))
    run_ingest(tmp_path / "a.jsonl", store)
    report = run_ingest(tmp_path / "b.jsonl", store)
    assert (report.new, report.upgraded) == (1, 0)
    assert sorted(a.text_kind for a in store.articles_by_source_id("1")) == ["full", "teaser"]


def mixed_batch(folder):
    """Every category at once: new, duplicates, an upgrade within the run, rejections."""
    lines = [
        json.dumps({"id": "x1", "title": "Fishermen rescued off Arden", "text": TEASER}),
        json.dumps({"id": "x2", "title": "Brell will rebuild its bridge", "text": OTHER}),
        '{"id": "x3", "title": ',  # not JSON
        json.dumps({"id": "x2", "title": "Brell will rebuild its bridge", "text": OTHER}),
        json.dumps({"id": "x1", "title": "Fishermen rescued off Arden", "text": FULL}),
        json.dumps({"text": "Short."}),  # no title, too short
    ]
    write(folder / "a.jsonl", "\n".join(lines) + "\n")
    body = "Title: Harbour reopens\n\nThe harbour of Arden reopened on Thursday. " + OTHER
    write(folder / "b.txt", body)
    write(folder / "c.txt", body)  # the same article, another file
    write(folder / "notes.pdf", b"%PDF-1.4")


def test_the_ingest_summary_adds_up_over_a_mixed_batch(tmp_path, store):
    mixed_batch(tmp_path / "in")
    first = run_ingest(tmp_path / "in", store)
    assert (first.records, first.new, first.existing, first.upgraded, first.rejected) == (
        9, 3, 2, 1, 3)
    assert first.balanced and first.files == 3
    again = run_ingest(tmp_path / "in", store)
    assert (again.records, again.new, again.existing, again.upgraded, again.rejected) == (
        9, 0, 6, 0, 3)
    assert again.balanced


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_summary_show_by_source_id_and_export(tmp_path):
    db = str(tmp_path / "s.db")
    mixed_batch(tmp_path / "in")
    code, _, err = invoke("ingest", str(tmp_path / "in"), "--db", db)
    assert code == 1
    assert ("3 files, 9 records: 3 new articles, 2 already stored, 1 upgraded, 3 rejected"
            in err)
    counts = re.search(r"(\d+) records: (\d+) new articles?, (\d+) already stored, "
                       r"(?:(\d+) upgraded, )?(\d+) rejected", err)
    records, *parts = (int(n or 0) for n in counts.groups())
    assert records == sum(parts)
    code, out, _ = invoke("show", "x1", "--db", db)
    assert code == 0 and "trawler capsized" in out and "record x1" in out
    code, out, _ = invoke("search", "trawler", "--db", db, "--json")
    [hit] = json.loads(out)
    assert (hit["source_id"], hit["text_kind"]) == ("x1", "full")
    export = tmp_path / "export.json"
    assert invoke("export", "--format", "json", "-o", str(export), "--db", db)[0] == 0
    document = json.loads(export.read_text())
    jsonschema.validate(document, json.loads(EXPORT_SCHEMA.read_text()))
    assert document["format_version"] == 4
    assert {a["source_id"] for a in document["articles"]} >= {"x1", "x2"}


def test_show_by_a_source_id_several_outlets_share_lists_them(tmp_path):
    db = str(tmp_path / "s.db")
    write(tmp_path / "a.jsonl", "\n".join(
        json.dumps({"guid": "7", "title": title, "text": text, "source": source})
        for title, text, source in (("Fishermen rescued", FULL, "Arden Post"),
                                    ("Bridge to be rebuilt", OTHER, "Brell Courier"))))
    invoke("ingest", str(tmp_path / "a.jsonl"), "--db", db)
    code, _, err = invoke("show", "7", "--db", db)
    assert code == 2 and "2 articles came from records with id '7'" in err
    assert "Arden Post" in err and "Brell Courier" in err


def test_field_option_and_unused_field_warnings_on_the_cli(tmp_path):
    db = str(tmp_path / "s.db")
    path = write(tmp_path / "a.jsonl", json.dumps(
        {"title": "Fishermen rescued off Arden", "text": FULL, "when_published": "2018-04-17"}))
    code, _, err = invoke("ingest", str(path), "--db", db)
    assert code == 0 and "warning:" in err and "--field published=when_published" in err
    code, _, err = invoke("ingest", str(path), "--db", str(tmp_path / "t.db"),
                          "--field", "published=when_published")
    assert code == 0 and "warning" not in err
    code, out, _ = invoke("search", "trawler", "--db", str(tmp_path / "t.db"), "--json")
    assert [(h["published"], h["published_from"]) for h in json.loads(out)] == [
        ("2018-04-17", "metadata")]
    code, _, err = invoke("ingest", str(path), "--db", db, "--field", "when=x")
    assert code == 2 and "ROLE one of" in err


def test_progress_counts_records_and_bytes_within_one_big_file(tmp_path, store):
    path = write(tmp_path / "big.jsonl", "\n".join(
        json.dumps({"id": n, "title": f"Storm report number {n}", "text": f"{FULL} Report {n}."})
        for n in range(40)) + "\n")
    seen: list[IngestProgress] = []
    run_ingest(path, store, on_progress=seen.append)
    records = [p.records for p in seen]
    assert records[:3] == [1, 2, 3] and records[-1] == 40
    done = [p.done_bytes for p in seen]
    assert done == sorted(done) and 0 < done[0] < done[-1]
    assert done[-1] == seen[-1].total_bytes == path.stat().st_size


def test_a_store_from_before_source_ids_is_migrated_and_filled_on_re_ingest(tmp_path):
    """0020_article_identity: old articles read as full texts without a source id; a
    re-ingest of the same records fills the id in (same raw record: fields refreshed)."""
    import sqlite3

    from storyline.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    path = write(tmp_path / "a.jsonl", json.dumps({"id": "x9", "title": "Harbour reopens",
                                                   "text": FULL}))
    old = [m for m in MIGRATIONS if m[0] < "0020"]
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        for name, sql in old:
            conn.executescript(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
        conn.execute("INSERT INTO raw_records VALUES ('h', 'a', 'text', '{}', x'00')")
        conn.execute("INSERT INTO articles (id, origin, raw_sha256, text, published_from, "
                     "first_seen) VALUES ('old1', 'a', 'h', 'An old text.', 'unknown', 'then')")
    with Store.open(db) as store:
        assert "0020_article_identity" in store.migrations()
        [article] = store.articles()
        assert (article.text_kind, article.source_id) == ("full", None)
        run_ingest(path, store)
        store._db.execute("UPDATE articles SET source_id = NULL")  # as stored before 0020
        again = run_ingest(path, store)
        assert (again.new, again.existing) == (0, 1)
        assert store.articles_by_source_id("x9")[0].title == "Harbour reopens"


POOL = {  # records a run may hold, in any order and number (all written here)
    "teaser": {"id": "p1", "title": "Fishermen rescued off Arden", "text": TEASER},
    "full": {"id": "p1", "title": "Fishermen rescued off Arden", "text": FULL},
    "headline": {"id": "p2", "title": "Brell will rebuild its bridge"},
    "other": {"id": "p2", "title": "Brell will rebuild its bridge", "text": OTHER},
    "untitled": {"text": "Too short to keep."},
}


@hypothesis.settings(max_examples=20, deadline=None,
                     suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
@hypothesis.given(runs=st.lists(st.lists(st.sampled_from([*POOL, "bad"]), min_size=1,
                                         max_size=6), min_size=1, max_size=3))
def test_every_run_adds_up_and_upgrades_never_add_articles(tmp_path_factory, runs):
    """Whatever the order of teasers, full copies, duplicates and bad lines over several
    runs: records = new + already stored + upgraded + rejected, the store holds one
    article per story told (p1, p2), each with the most text seen for it."""
    folder = tmp_path_factory.mktemp("runs")
    longest: dict[str, int] = {}
    with Store.open(folder / "s.db") as store:
        for number, names in enumerate(runs):
            lines = ['{"id": ' if name == "bad" else json.dumps(POOL[name]) for name in names]
            path = write(folder / f"run{number}.jsonl", "\n".join(lines) + "\n")
            report = run_ingest(path, store)
            assert report.balanced, report
            assert report.rejected == sum(n in ("bad", "untitled") for n in names)
            for name in names:
                if name not in ("bad", "untitled"):
                    record = POOL[name]
                    size = len(record.get("text", ""))
                    longest[record["id"]] = max(longest.get(record["id"], 0), size)
        assert store.count() == len(longest)
        for source_id, size in longest.items():
            [article] = store.articles_by_source_id(source_id)
            assert (len(article.text) if article.text_kind != "headline" else 0) == size


def test_full_texts_under_one_url_stay_apart_and_a_later_teaser_changes_nothing(tmp_path, store):
    """A live blog keeps its URL and title while its text changes: each full copy is kept
    (two articles); a teaser arriving after its full article adds nothing."""
    url = "https://post.example/live/arden-storm"
    days = [json.dumps({"url": url, "title": "Arden storm: live", "text": text})
            for text in (FULL, FULL + " " + OTHER)]
    write(tmp_path / "live.jsonl", "\n".join(days))
    assert run_ingest(tmp_path / "live.jsonl", store).new == 2
    write(tmp_path / "full.jsonl", json.dumps({"guid": "g9", "title": "Harbour reopens",
                                               "text": OTHER}))
    write(tmp_path / "teaser.jsonl", json.dumps({"guid": "g9", "title": "Harbour reopens",
                                                 "text": "Brell will rebuild its bridge."}))
    run_ingest(tmp_path / "full.jsonl", store)
    late = run_ingest(tmp_path / "teaser.jsonl", store)
    assert (late.new, late.existing, late.upgraded) == (0, 1, 0)
    [article] = store.articles_by_source_id("g9")
    assert (article.text, article.text_kind) == (OTHER, "full")


def test_an_upgrade_whose_refresh_was_interrupted_is_placed_by_the_next_run(tmp_path):
    """The upgrade and its old text (what the index counted) commit together; if the run
    dies before its refresh, the next ingest (with nothing new) places it."""
    db = tmp_path / "s.db"
    write(tmp_path / "one" / "feed.xml", TEASER_FEED)
    write(tmp_path / "two" / "feed.xml", FULL_FEED)
    assert invoke("ingest", str(tmp_path / "one"), "--db", str(db))[0] == 0
    with Store.open(db) as store:  # the upgrade, as a run killed before its refresh left it
        assert run_ingest(tmp_path / "two" / "feed.xml", store).upgraded == 1
        assert len(store.upgrades()) == 1
    code, _, err = invoke("ingest", str(tmp_path / "two"), "--db", str(db))
    assert code == 0 and "0 new articles, 2 already stored" in err
    assert "rebuilt" not in err
    with Store.open(db) as store:
        assert store.story_index_stored() and store.upgrades() == {}
        [full] = store.articles_by_source_id("arden-1")
        assert any(full.id in s.article_ids for s in store.stories())
        stored = store.stories()
        assert refresh_stories(store, rebuild=True).stories == stored


def test_an_upgrade_rebuilds_nothing_and_keeps_the_story_ids(tmp_path):
    """The teaser's fuller copy is placed again in place of the teaser: no rebuild, and
    every story keeps its id and members."""
    from click.testing import CliRunner

    from storyline.cli import main

    db = str(tmp_path / "s.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(write(tmp_path / "one" / "f.xml", TEASER_FEED)),
                                 "--db", db])
    assert first.exit_code == 0 and "rebuilt" not in first.stderr  # a first build is no news
    with Store.open(db) as store:
        before = {s.id: set(s.article_ids) for s in store.stories()}
    second = runner.invoke(main, ["ingest", str(write(tmp_path / "two" / "f.xml", FULL_FEED)),
                                  "--db", db])
    assert second.exit_code == 0
    assert "rebuilt" not in second.stderr
    with Store.open(db) as store:
        assert {s.id: set(s.article_ids) for s in store.stories()} == before
