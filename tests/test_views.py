"""The query layer (storyline.views) against a store built from our examples: every
query, its filters, its pages, empty results and unknown ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES
from storyline import views
from storyline.errors import UsageError
from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Filters, Store
from storyline.store.history import record_events
from storyline.stories.identity import StoryEvent
from storyline.views.records import story_summary


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Every example ingested, its stories built and analysed."""
    db = tmp_path_factory.mktemp("views") / "store.db"
    with Store.open(db) as opened:
        ingest(plan([EXAMPLES]), opened, Settings(db_path=str(db)))
        refresh_stories(opened)
        analyze_stories(opened, opened.stories())
        yield opened


def _all(store: Store, filters: Filters | None = None, limit: int = 2) -> list[views.StorySummary]:
    """Every story passing `filters`, page by page."""
    found: list[views.StorySummary] = []
    cursor = None
    for _ in range(100):
        page = views.stories(store, filters, limit=limit, cursor=cursor)
        assert len(page.stories) <= limit
        found += page.stories
        cursor = page.next_cursor
        if cursor is None:
            return found
    raise AssertionError("paging did not end")


def _outlets(store: Store, story_id: str) -> set[str]:
    story = store.story(story_id)
    assert story is not None
    return {a.source or "unknown" for a in store.articles_by_id(story.article_ids)}


def test_stories_are_ranked_and_paged_without_gaps_or_repeats(store):
    ranked = store.stories()
    assert len(ranked) >= 4
    first = views.stories(store, limit=len(ranked) + 5)
    assert [s.story.id for s in first.stories] == [s.id for s in ranked]
    assert first.next_cursor is None
    assert [s.rank for s in first.stories] == list(range(1, len(ranked) + 1))
    paged = _all(store, limit=2)
    assert [s.story.id for s in paged] == [s.id for s in ranked]
    for line in first.stories:
        assert set(line.outlets) == _outlets(store, line.story.id)
        record = line.record()
        assert {k: record[k] for k in story_summary(line.story)} == story_summary(line.story)
        assert record["rank"] == line.rank and record["outlets"] == list(line.outlets)


def test_a_cursor_continues_after_the_story_last_seen_and_refuses_other_filters(store):
    page = views.stories(store, limit=1)
    assert page.next_cursor is not None
    again = views.stories(store, limit=1, cursor=page.next_cursor)
    assert again.stories[0].rank == 2
    # the same cursor gives the same page (stable), and is opaque text
    assert views.stories(store, limit=1, cursor=page.next_cursor) == again
    assert page.stories[0].story.id not in page.next_cursor
    with pytest.raises(UsageError, match="not a cursor"):
        views.stories(store, Filters(language="de"), limit=1, cursor=page.next_cursor)
    for bad in ("garbage", "eyJ2IjoxfQ", page.next_cursor[:-3] + "AAA", ""):
        with pytest.raises(UsageError):
            views.stories(store, limit=1, cursor=bad)


def test_story_filters_by_date_outlet_language_entity_and_words(store):
    ranked = store.stories()
    since, until = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    expected = [s.id for s in ranked if s.first_published and s.last_published
                and s.last_published >= since and s.first_published <= until]
    got = [s.story.id for s in _all(store, Filters(since=since, until=until))]
    assert got == expected and got  # the ECB story, only
    assert [s.story.id for s in _all(store, Filters(since=dt.date(2024, 5, 5)))] == [
        s.id for s in ranked if s.last_published and s.last_published >= dt.date(2024, 5, 5)]

    by_outlet = [s.story.id for s in _all(store, Filters(outlet="steppe daily"))]
    assert by_outlet == [s.id for s in ranked if "Steppe Daily" in _outlets(store, s.id)]
    assert len(by_outlet) >= 2

    german = _all(store, Filters(language="de"))
    assert len(german) == 1
    assert "Rheinischer Wirtschaftsbote" in german[0].outlets

    ecb = german[0].story.id
    entity = views.story(store, ecb, analyse=False)
    assert entity is not None
    named = [e["name"] for e in entity.analysis.get("entities", [])] or [
        e["name"] for e in (views.story(store, ecb).analysis["entities"])]
    with_entity = [s.story.id for s in _all(store, Filters(entity=named[0].upper()))]
    assert ecb in with_entity
    holders = {s.id for s in ranked
               if named[0] in {e["name"] for e in analyze_stories(store, [s])[s.id]["entities"]}}
    assert set(with_entity) == holders

    worded = [s.story.id for s in _all(store, Filters(query="Grindavík eruption"))]
    assert len(worded) == 1
    assert "Continental Post" in " ".join(_outlets(store, worded[0]))
    combined = _all(store, Filters(query="eruption", language="de"))
    assert combined == []


def test_filters_that_match_nothing_give_an_empty_last_page(store):
    for filters in (Filters(outlet="No Such Outlet"), Filters(since=dt.date(2030, 1, 1)),
                    Filters(until=dt.date(1990, 1, 1)), Filters(entity="Nobody Atall"),
                    Filters(language="xx"), Filters(query="zzzqqq"), Filters(query='"" "')):
        page = views.stories(store, filters)
        assert page.stories == () and page.next_cursor is None, filters


def test_one_story_with_its_analysis_and_sources(store):
    top = store.stories()[0]
    detail = views.story(store, top.id)
    assert detail is not None and detail.story == top and detail.summary.rank == 1
    assert [s.article_id for s in detail.sources] == list(top.article_ids)
    assert {s.near_copy for s in detail.sources if s.article_id in top.near_copies} <= {True}
    assert detail.analysis["summary"] and detail.analysis["entities"]
    record = detail.record()
    for field in views.ANALYSIS_FIELDS:
        assert record[field] == list(detail.analysis[field])
    assert record["sources"][0]["article_id"] == top.article_ids[0]
    assert views.story(store, "no-such-story") is None
    assert views.story(store, top.article_ids[0]) is None  # an article id is not a story id


def test_one_article_with_the_stretches_its_story_cites(store):
    top = store.stories()[0]
    analysis = analyze_stories(store, [top])[top.id]
    cited = {(c["article"], c["start"], c["end"]) for s in analysis["summary"] for c in s["citations"]}
    article_id, start, end = sorted(cited)[0]
    detail = views.article(store, article_id)
    assert detail is not None and detail.story_ids == (top.id,)
    assert any(m.start == start and m.end == end and "summary" in m.kinds for m in detail.marks)
    for mark in detail.marks:
        assert 0 <= mark.start < mark.end <= len(detail.article.text)
        assert mark.story_id == top.id
    record = detail.record()
    assert record["id"] == article_id and record["text"] == detail.article.text
    assert record["marks"][0]["kinds"]
    assert views.article(store, "no-such-article") is None


def test_an_entity_across_its_stories_oldest_first(store):
    ranked = store.stories()
    analyses = analyze_stories(store, ranked)
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for record in analyses.values():
        for e in record["entities"]:
            counts[e["id"]] = counts.get(e["id"], 0) + 1
            names[e["id"]] = e["name"]
    entity_id = max(counts, key=lambda i: (counts[i], i))
    detail = views.entity(store, entity_id)
    assert detail is not None and detail.id == entity_id and detail.name == names[entity_id]
    assert len(detail.appearances) == counts[entity_id]
    firsts = [a.first_published or "9999" for a in detail.appearances]
    assert firsts == sorted(firsts)
    assert views.entity(store, names[entity_id].lower()) == detail  # by name, any case
    assert detail.record()["stories"][0]["story_id"] == detail.appearances[0].story_id
    assert views.entity(store, "Nobody Atall") is None


def test_search_gives_snippets_with_the_words_marked_and_story_ids(store):
    page = views.search(store, "peacekeepers")
    assert page.hits
    story_of = {a: s.id for s in store.stories() for a in s.article_ids}
    for hit in page.hits:
        assert hit.snippet and hit.highlights
        for start, end in hit.highlights:
            assert hit.snippet[start:end].lower().startswith("peacekeeper")
        assert hit.story_id == story_of[hit.article_id]
        assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    record = page.hits[0].record()
    assert record["id"] == page.hits[0].article_id and record["story"] == page.hits[0].story_id


def test_search_filters_pages_and_empty_results(store):
    every = views.search(store, "the", limit=500).hits
    assert len(every) >= 15
    paged: list[views.SearchHit] = []
    cursor = None
    while True:
        page = views.search(store, "the", limit=4, cursor=cursor)
        paged += page.hits
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [h.article_id for h in paged] == [h.article_id for h in every]
    with pytest.raises(UsageError):
        views.search(store, "other words", limit=4, cursor=views.search(store, "the", limit=4).next_cursor)

    german = views.search(store, "die", Filters(language="de")).hits
    assert german and {h.language for h in german} == {"de"}
    dated = views.search(store, "the", Filters(since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31)),
                         limit=500).hits
    assert dated and all("2024-01-01" <= (h.published or "")[:10] <= "2024-01-31" for h in dated)
    outlet = views.search(store, "the", Filters(outlet="EURASIA WIRE"), limit=500).hits
    assert outlet and {h.source for h in outlet} == {"Eurasia Wire"}
    assert views.search(store, "zzzqqq").hits == ()
    assert views.search(store, "   ").hits == ()
    assert views.search(store, 'NEAR("a" "b") OR * -x:"').hits == ()  # words, never syntax


def test_feed_health_lists_feeds_in_the_order_added(tmp_path: Path):
    with Store.open(tmp_path / "s.db") as store:
        assert views.feeds(store) == []
        store.add_feed("https://example.org/a.rss", "2026-01-01T00:00:00+00:00")
        store.add_feed(str(tmp_path / "b.rss"), "2026-01-01T00:00:00+00:00")
        health = views.feeds(store)
    assert [h.url for h in health] == ["https://example.org/a.rss", str(tmp_path / "b.rss")]
    assert {h.status for h in health} == {"new"} and health[0].record()["items_seen"] == 0


def test_the_public_surface_is_exact():
    """What `storyline.views` offers is what `__all__` says (the API and pages build on it)."""
    public = {name for name in vars(views) if not name.startswith("_")}
    assert public - {"records", "results"} == set(views.__all__)
    assert len(views.__all__) == len(set(views.__all__))


def test_a_store_analysed_before_the_entity_index_gets_it_on_opening(tmp_path: Path):
    """Migration 0031 indexes the entities of analyses cached before it existed."""
    import json
    import sqlite3
    import zlib

    db = tmp_path / "old.db"
    record = {"entities": [{"id": "e1", "name": "Mira Okafor", "type": "PERSON",
                            "aliases": ["Mira Okafor", "Okafor"], "mentions": 3,
                            "roles": ["port director"]}]}
    with Store.open(db):
        pass
    with sqlite3.connect(db) as conn:  # as a store from before 0031 would be
        conn.execute("DROP TABLE story_entities")
        for index in ("articles_source", "articles_language", "articles_url"):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("ALTER TABLE stories ADD COLUMN rank INTEGER")  # dropped since (0090)
        conn.execute("DELETE FROM schema_migrations WHERE name = '0031_story_entities'")
        conn.execute("INSERT INTO story_analysis (story_id, key, data) VALUES ('s1', 'k', ?)",
                     (zlib.compress(json.dumps(record).encode()),))
    with Store.open(db) as store:
        [row] = store._db.execute("SELECT story_id, name, roles FROM story_entities").fetchall()
    assert tuple(row) == ("s1", "Mira Okafor", '["port director"]')


def test_a_story_cursor_is_stable_across_a_rerank(store, tmp_path: Path):
    """Between two pages a story jumps to the top and another drops to the bottom: the
    next page starts where the first ended, without repeating or skipping the others."""
    import sqlite3

    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as target:
        store._db.backup(target)
    with Store.open(copy) as other:
        before = [s.id for s in other.stories()]
        first = views.stories(other, limit=2)
        assert [s.story.id for s in first.stories] == before[:2]
        riser, faller = before[4], before[2]
        with other._transaction() as db:  # as a refresh would rank them
            db.execute("UPDATE story_ranks SET score = 1000 WHERE id = ?", (riser,))
            db.execute("UPDATE story_ranks SET score = -1 WHERE id = ?", (faller,))
        rest = []
        cursor = first.next_cursor
        while cursor:
            page = views.stories(other, limit=2, cursor=cursor)
            rest += [s.story.id for s in page.stories]
            cursor = page.next_cursor
    assert rest == [i for i in before[2:] if i not in (riser, faller)] + [faller]



def test_the_id_of_a_merged_story_leads_to_the_story_that_absorbed_it(store, tmp_path: Path):
    import sqlite3

    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as target:
        store._db.backup(target)
    with Store.open(copy) as other:
        survivor, second = other.stories()[1], other.stories()[2]
        with other._transaction() as db:  # as a refresh records a merge, then a split
            record_events(db, [
                StoryEvent(kind="merge", story_id="s-absorbed-1", others=("s-absorbed-0",),
                           redirects=(("s-absorbed-0", "s-absorbed-1"),)),
                StoryEvent(kind="merge", story_id=survivor.id, others=("s-absorbed-1",),
                           redirects=(("s-absorbed-1", survivor.id),)),
                StoryEvent(kind="split", story_id="s-split", others=(survivor.id, second.id),
                           redirects=(("s-split", survivor.id), ("s-split", second.id)))],
                "2026-12-07T00:00:00Z")
        detail = views.story(other, "s-absorbed-0", analyse=False)
        assert views.story(other, "s-never-was") is None
        assert views.story_successors(other, "s-never-was") == ()
        assert views.story_successors(other, survivor.id) == ()  # live
        assert views.story(other, "s-split") is None  # several successors: a choice
        assert views.story_successors(other, "s-split") == tuple(sorted((survivor.id, second.id)))
    assert detail is not None and detail.story.id == survivor.id
    assert detail.redirected_from == "s-absorbed-0"
    assert detail.record()["redirected_from"] == "s-absorbed-0"
