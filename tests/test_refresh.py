"""Stories kept up to date across ingests: the persisted index takes new articles in
publication order; a backfill, a settings change or `recluster` rebuilds; either way the
same inputs give the same stories."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES
from storyline import views
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.model import Article, RawDocument
from storyline.settings import Settings
from storyline.store import Store
from storyline.stories import ClusterSettings, StoryIndex, order_key
from storyline.stories.build import Clustering


def _files() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and not p.name.startswith("."))


def _partition(store: Store) -> dict[str, frozenset[str]]:
    return {s.id: frozenset(s.article_ids) for s in store.stories()}


def _store(store: Store, articles: list[Article]) -> None:
    """Store clean articles as an ingest batch would (feeds hold records of many dates, so
    the split is by article, not by file)."""
    store.write_batch([(a, RawDocument(origin=a.origin, content=a.text, kind="text",
                                       sha256=a.raw_sha256)) for a in articles])


@pytest.fixture(scope="module")
def by_date(tmp_path_factory) -> tuple[list[Article], list[Article], dict[str, frozenset[str]]]:
    """Our examples split at a date: (earlier articles, later ones, stories of all at once)."""
    root = tmp_path_factory.mktemp("all")
    with Store.open(root / "all.db") as store:
        ingest(plan(_files()), store, Settings(db_path=str(root / "all.db")))
        refresh_stories(store)
        whole = _partition(store)
        articles = sorted(store.articles(), key=order_key)
    articles = [replace(a, duplicate_of=None) for a in articles]
    cut = len(articles) // 2
    return articles[:cut], articles[cut:], whole


def test_a_later_ingest_places_only_the_new_articles(by_date, store):
    early, late, whole = by_date
    _store(store, early)
    first = refresh_stories(store)
    assert first.rebuilt and first.reason == "no stories yet"
    before = _partition(store)
    _store(store, late)
    second = refresh_stories(store)
    assert not second.rebuilt, second.reason
    assert second.placed == store.count() - sum(len(m) for m in before.values())
    after = _partition(store)
    for story_id, members in before.items():  # the past is not re-shuffled
        assert story_id in after and members <= after[story_id]
    assert after == whole  # and it is what a rebuild of everything gives


def test_a_later_ingest_chooses_headlines_again_only_for_stories_that_changed(
        by_date, store, monkeypatch):
    """A headline depends only on a story's members: the stories a later ingest leaves as
    they were keep theirs, the others choose again, the archive's texts are not all read
    (only those of the new articles, their copy candidates and the changed stories), and
    every headline and score is the one a rebuild gives."""
    from storyline.stories import build

    early, late, _ = by_date
    _store(store, early)
    first = {s.id: s for s in refresh_stories(store).stories}
    chosen: list[str] = []
    choose = build.choose_headline

    def counted(members, copies=()):
        chosen.append(members[0].id)
        assert all(m.text for m in members)  # a story described anew has its texts
        return choose(members, copies)

    monkeypatch.setattr(build, "choose_headline", counted)
    whole_reads: list[bool] = []
    read_all = Store.articles

    def articles(self, *, text=True):
        whole_reads.append(text)
        return read_all(self, text=text)

    monkeypatch.setattr(Store, "articles", articles)
    _store(store, late)
    refreshed = refresh_stories(store)
    assert whole_reads == []  # the archive is not read, neither texts nor fields
    assert not refreshed.rebuilt
    stored = store.stories()
    grown = [s for s in stored
             if s.id not in first or set(s.article_ids) != set(first[s.id].article_ids)]
    assert grown and len(grown) < len(stored)
    assert sorted(s.id for s in refreshed.stories) == sorted(s.id for s in grown)  # written
    assert sorted(chosen) == sorted(s.article_ids[0] for s in grown)
    monkeypatch.setattr(build, "choose_headline", choose)
    monkeypatch.setattr(Store, "articles", read_all)
    rebuilt = refresh_stories(store, rebuild=True)
    assert rebuilt.stories == stored


def test_a_member_changed_in_place_gets_its_story_a_new_headline(by_date, store, monkeypatch):
    """Re-ingesting an article that now reads differently (a corrected title) changes no
    membership, but the headline it gave is chosen again from the corrected title."""
    early, late, _ = by_date
    _store(store, early + late)
    stories = refresh_stories(store).stories
    story = next(s for s in stories if s.headline and len(s.article_ids) > 1)
    [source] = [a for a in store.articles_by_id(list(story.article_ids))
                if a.title and " ".join(a.title.split()) == story.headline][:1]
    corrected = "CORRECTED: " + story.headline
    _store(store, [replace(source, title=corrected, duplicate_of=None)])
    again = {s.id: s for s in refresh_stories(store).stories}
    assert list(again) == [story.id]  # the one story described again, no other
    assert again[story.id].headline == corrected
    assert again[story.id].headline_key != story.headline_key
    stored = store.stories()
    assert stored == refresh_stories(store, rebuild=True).stories


def test_a_backfill_is_placed_and_the_window_pass_gives_the_same_stories(by_date, store):
    """Older articles arriving after newer ones are placed without a rebuild; the
    re-clustering pass (every story active in the window: here all of them) then groups
    them as a rebuild would, and the stories of the first ingest keep their ids."""
    early, late, whole = by_date
    _store(store, late)
    first = {s.id: frozenset(s.article_ids) for s in refresh_stories(store).stories}
    _store(store, early)
    refreshed = refresh_stories(store, window_days=10_000)
    assert not refreshed.rebuilt, refreshed.reason
    assert refreshed.window is not None and refreshed.window.articles == store.count()
    after = _partition(store)
    assert sorted(after.values(), key=sorted) == sorted(whole.values(), key=sorted)
    kept = [sid for sid, members in first.items() if sid in after and members <= after[sid]]
    assert len(kept) == len(first)


def test_nothing_new_places_nothing_and_changes_nothing(by_date, store):
    early, late, _ = by_date
    _store(store, early + late)
    refresh_stories(store)
    before = _partition(store)
    again = refresh_stories(store)
    assert (again.rebuilt, again.placed) == (False, 0)
    assert _partition(store) == before


def test_the_index_is_persisted_and_restores_exactly(by_date, store):
    early, late, _ = by_date
    _store(store, early + late)
    refresh_stories(store)
    meta = store.index_meta()
    assert meta is not None
    index = StoryIndex.from_rows(meta.data, meta.counts, store, meta.count_changes)  # rows read on demand
    data = index.to_dict()
    assert StoryIndex.from_dict(data).to_dict() == data
    assert {frozenset(m) for m in index.members().values()} == {
        frozenset(s.article_ids) for s in store.stories()}


def test_changed_settings_and_recluster_rebuild(by_date, store):
    early, late, whole = by_date
    _store(store, early + late)
    refresh_stories(store)
    # an index written under other settings (an older release's calibration) is not reused
    other = StoryIndex(ClusterSettings(assign_threshold=0.5))
    store.write_stories(Clustering(index=other, near_copies={}, stories=[],
                                   generation=store.index_generation()))
    refreshed = refresh_stories(store)
    assert (refreshed.rebuilt, refreshed.reason) == (True, "settings changed (assign_threshold)")
    assert _partition(store) == whole
    forced = refresh_stories(store, rebuild=True)
    assert (forced.rebuilt, forced.reason, forced.placed) == (True, "asked", store.count())
    assert _partition(store) == whole


def test_a_late_syndicated_copy_joins_its_original_without_a_rebuild(store, settings):
    """The usual flow: the wire report first, the re-print a day later in another batch."""
    original = EXAMPLES / "text" / "tass_csto_withdrawal_2022-01-12.txt"
    copy = EXAMPLES / "text" / "eurasia_wire_csto_syndicated.txt"
    ingest(plan([original]), store, settings)
    refresh_stories(store)
    ingest(plan([copy]), store, settings)
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt, refreshed.reason
    (story,) = store.stories()
    assert len(story.article_ids) == 2 and len(story.near_copies) == 1


def test_an_earlier_copy_arriving_late_heads_its_copies_without_a_rebuild(store, settings):
    """The re-print first, the wire report it copies (dated the day before) in a later
    batch: the original becomes the canonical copy and joins the re-print's story; no
    rebuild, so no other story can move."""
    original = EXAMPLES / "text" / "tass_csto_withdrawal_2022-01-12.txt"
    copy = EXAMPLES / "text" / "eurasia_wire_csto_syndicated.txt"
    other = EXAMPLES / "text" / "almaty_futsal_cup_opener.txt"
    ingest(plan([copy, other]), store, settings)
    first = {s.id: s.article_ids for s in refresh_stories(store).stories}
    ingest(plan([original]), store, settings)
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt, refreshed.reason
    links = _links(store)
    [(copied, canonical)] = links.items()
    [story] = [s for s in store.stories() if canonical in s.article_ids]
    assert copied in story.article_ids and story.near_copies == (copied,)
    assert story.id in first and first[story.id] == (copied,)  # the re-print's story, grown
    assert {s.id: s.article_ids for s in store.stories() if s.id != story.id} == {
        sid: members for sid, members in first.items() if sid != story.id}


def _links(store: Store) -> dict[str, str]:
    return {a.id: a.duplicate_of for a in store.articles() if a.duplicate_of}


def test_new_articles_are_checked_for_copies_against_the_stored_index_only(
        by_date, store, monkeypatch):
    import storyline.stories.dedup as dedup
    from storyline.stories.dedup import find_near_copies

    early, late, _ = by_date
    # the TASS report and its Eurasia Wire re-print arrive in different batches
    everything = early + late
    expected = find_near_copies(everything)
    assert expected, "our examples hold near-copies"
    copies = set(expected)
    first = [a for a in everything if a.id not in copies]
    second = [a for a in everything if a.id in copies]
    _store(store, first)
    refresh_stories(store)
    hashed: list[str] = []
    real = dedup.band_hashes
    monkeypatch.setattr(dedup, "band_hashes", lambda text: hashed.append(text) or real(text))
    _store(store, second)
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt, refreshed.reason
    assert len(hashed) == len(second)  # the archive is not shingled again
    assert _links(store) == expected  # the same links a pass over everything finds
    hashed.clear()
    refresh_stories(store)
    assert hashed == []  # nothing new, nothing hashed


def test_links_and_band_hashes_are_stored_together(by_date, store, monkeypatch):
    """A kill while the stories are written stores neither the links nor the band hashes
    they came from (one transaction): the next refresh finds them again."""
    from storyline.store import sqlite
    from storyline.stories.dedup import find_near_copies

    early, late, _ = by_date
    everything = early + late
    expected = find_near_copies(everything)
    _store(store, [a for a in everything if a.id not in expected])
    refresh_stories(store)
    _store(store, [a for a in everything if a.id in expected])

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite, "write_bands", crash)
    with pytest.raises(KeyboardInterrupt):
        refresh_stories(store)
    monkeypatch.undo()
    refresh_stories(store)  # the new articles are not indexed yet: checked again
    assert _links(store) == expected


def test_band_hashes_of_another_version_are_computed_again_once(by_date, store, monkeypatch):
    """Band hashes stored under another BANDS_VERSION (another shingling bound) are
    recomputed by the next refresh, once, and give the same links."""
    import storyline.stories.dedup as dedup
    from storyline.stories.dedup import BANDS_VERSION, find_near_copies

    early, late, _ = by_date
    everything = early + late
    expected = find_near_copies(everything)
    _store(store, everything)
    monkeypatch.setattr(dedup, "BANDS_VERSION", "an-older-shingling")
    refresh_stories(store)
    monkeypatch.undo()
    assert store.minhash_indexed(BANDS_VERSION) == set()
    refresh_stories(store)
    assert store.minhash_indexed(BANDS_VERSION) == {a.id for a in everything}
    assert _links(store) == expected
    hashed: list[str] = []
    real = dedup.band_hashes
    monkeypatch.setattr(dedup, "band_hashes", lambda text: hashed.append(text) or real(text))
    refresh_stories(store)
    assert hashed == []  # recomputed once, not on every refresh


def test_an_index_saved_in_an_older_format_is_rebuilt(by_date, store):
    """A store written by an earlier version (its index in another format) is not an
    error: the next refresh rebuilds the stories, and they are the same."""
    import json

    early, late, whole = by_date
    _store(store, early + late)
    refresh_stories(store)
    saved = store.index_meta().data
    old = json.dumps({**saved, "format": 1})
    with store._transaction() as db:
        db.execute("UPDATE index_meta SET data = ?", (old,))
    refreshed = refresh_stories(store)
    assert refreshed.rebuilt and refreshed.reason == "the stored index has another format"
    assert _partition(store) == whole
    assert store.index_meta().data == saved


def test_ingesting_the_same_inputs_again_keeps_the_near_copy_links(store, settings):
    """The stories stage owns `duplicate_of`: a second ingest of the same files (which the
    cleaner reads as "no link") leaves every link, and so the stories, as they were."""
    ingest(plan(_files()), store, settings)
    refresh_stories(store)
    links = {a.id: a.duplicate_of for a in store.articles()}
    stories = store.stories()
    assert any(links.values())  # the examples hold a syndicated copy
    again = ingest(plan(_files()), store, settings)
    assert again.new == 0
    assert {a.id: a.duplicate_of for a in store.articles()} == links
    assert store.stories() == stories
    assert not refresh_stories(store).rebuilt  # the links still agree with the index


def test_a_pass_over_articles_that_came_in_order_changes_nothing(by_date, store):
    """The re-clustering pass replays its window with the word counts the index had
    before those articles: where they came in publication order it finds what the online
    index found, so asking for it over everything moves no article."""
    early, late, _ = by_date
    _store(store, early + late)
    refresh_stories(store)
    before = _partition(store)
    asked = refresh_stories(store, window_days=100_000, asked=True, pass_limit=0)
    assert asked.window is not None and asked.window.articles == store.count()
    assert (asked.window.changed, asked.events) == (0, ())
    assert _partition(store) == before


def test_a_pass_over_too_large_a_window_is_left_to_recluster_and_says_so(by_date, store):
    early, late, _ = by_date
    _store(store, late)
    refresh_stories(store)
    _store(store, early)  # late articles: a pass is due
    refreshed = refresh_stories(store, window_days=100_000, pass_limit=1)
    assert refreshed.window is None and refreshed.reason == "new articles placed"
    assert "re-clustering pass was not run" in refreshed.deferred
    assert "run storyline recluster" in refreshed.deferred


def _dated(article_id: str, published: dt.date | None, words: str) -> Article:
    sha = hashlib.sha256(article_id.encode()).hexdigest()
    return Article(id=article_id, origin=f"test:{article_id}", raw_sha256=sha,
                   text=f"{words} The harbour authority in Velmora said so on Monday. " * 3,
                   title=words, source="Velmora Courier", url=None, published=published,
                   published_from="record" if published else "unknown")


def test_only_an_article_dated_before_the_newest_day_runs_the_pass(store):
    """Ids are hashes, so a desk's ingests of one day arrive in no id order: an article
    of the newest placed day with a smaller id, or an undated one, is not late (no pass
    over the window, nothing owed: a refresh keeps the cost of its own articles, where a
    pass over 4,000 articles took 6 s); one dated a day before the newest is."""
    day = dt.date(2026, 3, 10)
    _store(store, [_dated("m1", day, "Ferry strike closes the harbour"),
                   _dated("z1", day, "Council votes on the new bridge budget")])
    refresh_stories(store)
    steps = [("a1", day, "Ferry strike enters a second day at the harbour"),
             ("b1", None, "Bridge budget vote delayed by the council"),
             ("c1", day, "Harbour reopens as the ferry strike ends")]
    for article_id, published, words in steps:
        _store(store, [_dated(article_id, published, words)])
        refreshed = refresh_stories(store, window_days=10_000, pass_limit=0)
        assert (refreshed.placed, refreshed.window, refreshed.deferred) == (1, None, "")
        assert store.pass_owed() == ""
    _store(store, [_dated("d1", day - dt.timedelta(days=1), "Ferry workers announce a strike")])
    late = refresh_stories(store, window_days=10_000)
    assert late.window is not None and late.window.articles == 5  # the dated ones
    assert {a for s in store.stories() for a in s.article_ids} == {
        "m1", "z1", "a1", "b1", "c1", "d1"}
    # an article older than the window is late, but the pass changes only groups holding
    # a new article: over a window without one it could change nothing, so it does not run
    _store(store, [_dated("e1", day - dt.timedelta(days=40), "Ferry fares rise in spring")])
    old = refresh_stories(store, window_days=14, pass_limit=0)
    assert (old.placed, old.window, old.deferred) == (1, None, "") and store.pass_owed() == ""
    _store(store, [_dated("f1", day - dt.timedelta(days=2), "Ferry talks fail at the harbour")])
    owed = refresh_stories(store, window_days=14, pass_limit=0)
    assert owed.window is None and "not run" in owed.deferred  # within it: due, too large


def test_a_refresh_reads_and_writes_only_what_the_new_articles_touch(by_date, store, monkeypatch):
    """After an ingest the refresh reads neither the archive nor the whole story index,
    and rewrites only the stories that changed (the others keep their very rows); ranks
    and scores still come out as a rebuild gives them (freshness moved with the newest
    date, read at read time)."""
    early, late, _ = by_date
    _store(store, early)
    refresh_stories(store)
    rows = dict(store._db.execute("SELECT id, rowid FROM stories").fetchall())
    index_rows = dict(store._db.execute("SELECT id, data FROM index_stories").fetchall())

    def forbidden(*args, **kwargs):
        raise AssertionError("a refresh after an ingest read the whole archive or index")

    monkeypatch.setattr(Store, "articles", forbidden)
    monkeypatch.setattr(Store, "index_everything", forbidden)
    _store(store, late[:3])
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.placed == 3
    written = {s.id for s in refreshed.stories}
    assert written and len(written) < len(rows)
    after = dict(store._db.execute("SELECT id, rowid FROM stories").fetchall())
    kept = {sid for sid in rows if sid not in written and sid in after}
    assert kept and all(after[sid] == rows[sid] for sid in kept)  # rows not rewritten
    now = dict(store._db.execute("SELECT id, data FROM index_stories").fetchall())
    # each written story is one index story changed, and each of the 3 articles may have
    # folded one more into it (a merge deletes that row)
    assert sum(now.get(sid) != data for sid, data in index_rows.items()) <= len(written) + 3
    monkeypatch.undo()
    stored = store.stories()
    assert stored == refresh_stories(store, rebuild=True).stories
    ranks = [line.rank for line in views.stories(store, limit=len(stored)).stories]
    assert ranks == list(range(1, len(stored) + 1))


@pytest.mark.parametrize("kept", [None, 1])
def test_word_counts_are_stored_as_changes_and_now_and_then_whole(by_date, store, monkeypatch,
                                                                  kept):
    """A refresh stores only the count columns it changed beside the whole counts (or, past
    `COUNT_CHANGES_KEPT`, the whole counts again); read back, they are the counts a
    rebuild of the same articles gives."""
    from storyline.stories import index as index_module

    if kept is not None:
        monkeypatch.setattr(index_module, "COUNT_CHANGES_KEPT", kept)
    early, late, _ = by_date
    _store(store, early)
    refresh_stories(store)
    _store(store, late)
    assert not refresh_stories(store).rebuilt
    stored = store._db.execute("SELECT count(*) FROM index_count_changes").fetchone()[0]
    assert (stored == 0) == (kept is not None)

    def counts() -> dict[str, object]:
        meta = store.index_meta()
        index = StoryIndex.from_rows(meta.data, meta.counts, store, meta.count_changes)
        data = index.meta()
        return {key: data[key] for key in ("articles_seen", "term_df", "entity_df")}

    placed = counts()
    refresh_stories(store, rebuild=True)
    assert counts() == placed


# -- another writer meanwhile (the desk's poller and an ingest in another process) ----------


def _meanwhile(monkeypatch, store: Store, act) -> None:  # type: ignore[no-untyped-def]
    """Run `act(other)` on a second connection to the same store once, while the next
    refresh of `store` is under way (after its first reads)."""
    real = Store.changed_articles

    def racing(self):  # type: ignore[no-untyped-def]
        found = real(self)
        monkeypatch.setattr(Store, "changed_articles", real)
        with Store.open(store.path) as other:
            act(other)
        return found

    monkeypatch.setattr(Store, "changed_articles", racing)


def _consistent(store: Store) -> None:
    """Every article placed once, and the stories a rebuild of everything gives."""
    placed = [a for s in store.stories() for a in s.article_ids]
    assert sorted(placed) == sorted(a.id for a in store.articles()) and not store.unplaced()
    stored = store.stories()
    assert refresh_stories(store, rebuild=True).stories == stored


def test_a_refresh_that_another_one_overtook_starts_again(by_date, store, monkeypatch):
    early, late, _ = by_date

    def other_refresh(other: Store) -> None:
        _store(other, late[-1:])
        assert refresh_stories(other).placed == 3  # its own article and the two waiting

    _store(store, early + late[:-3])
    refresh_stories(store)
    _store(store, late[-3:-1])
    _meanwhile(monkeypatch, store, other_refresh)
    again = refresh_stories(store)  # its write finds the stories changed: it reads again
    assert not again.rebuilt and again.placed == 0
    assert refresh_stories(store).reason == "nothing new"
    _consistent(store)


def test_an_upgrade_stored_during_a_refresh_is_not_undone(by_date, store, monkeypatch):
    """Another process upgrades a teaser to its full text while a refresh runs: the
    refresh starts again and places the full text in place of the teaser's (no rebuild)."""
    from storyline.stories.dedup import BANDS_VERSION

    early, late, _ = by_date
    full = next(a for a in early if a.text_kind == "full" and a.title)
    teaser = replace(full, id="teaser0000000000", text=" ".join(full.text.split()[:25]),
                     text_kind="teaser", raw_sha256="0" * 64)
    _store(store, [a for a in early if a.id != full.id] + [teaser])
    refresh_stories(store)
    _store(store, late[:1])
    _meanwhile(monkeypatch, store, lambda other: other.write_batch([(full, RawDocument(
        origin=full.origin, content=full.text, kind="text", sha256=full.raw_sha256))]))
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.placed == 2  # the new article and the upgrade
    assert teaser.id in store.minhash_indexed(BANDS_VERSION)  # hashed from the full text
    assert store.articles_by_id([teaser.id])[0].text == full.text
    assert store.upgrades() == {}
    _consistent(store)


def test_a_correction_stored_during_a_refresh_is_described_by_the_next(by_date, store,
                                                                      monkeypatch):
    early, late, _ = by_date
    _store(store, early)
    refresh_stories(store)
    story = next(s for s in store.stories() if s.headline and len(s.article_ids) > 1)
    [source] = [a for a in store.articles_by_id(list(story.article_ids))
                if a.title and " ".join(a.title.split()) == story.headline][:1]
    corrected = "CORRECTED: " + story.headline
    _store(store, late[-1:])  # another story's (here the story's own would compete for its headline)
    _meanwhile(monkeypatch, store, lambda other: _store(
        other, [replace(source, title=corrected, duplicate_of=None)]))
    refresh_stories(store)
    assert store.changed_articles() == [source.id]  # read before it came: still queued
    refresh_stories(store)
    assert store.story(story.id).headline == corrected and store.changed_articles() == []


def test_an_article_stored_during_a_rebuild_is_placed_by_the_next_refresh(by_date, store,
                                                                        monkeypatch):
    early, late, _ = by_date
    _store(store, early)
    _meanwhile(monkeypatch, store, lambda other: _store(other, late[:1]))
    assert refresh_stories(store, rebuild=True).placed == len(early)  # up to its mark
    after = refresh_stories(store)
    assert not after.rebuilt and after.placed == 1
    _consistent(store)


def test_a_rebuild_places_each_day_in_the_order_it_arrived(by_date, store):
    """Articles of one day that came one refresh at a time, in an order unlike their ids'
    (ids are hashes): a rebuild, or a pass over everything, orders each day by arrival, as
    the refreshes placed it, so it finds the same stories and moves no id."""
    early, late, _ = by_date
    came = sorted(early + late, key=lambda a: (a.published is None, a.published or dt.date.min,
                                               [-ord(c) for c in a.id]))
    for article in came:
        _store(store, [article])
        refresh_stories(store)
    stored = list(store.articles(text=False))
    assert [a.id for a in stored] == [a.id for a in came]  # a day's articles as they came
    assert [a.arrival for a in stored] == sorted(a.arrival for a in stored)
    online = _partition(store)
    rebuilt = refresh_stories(store, rebuild=True)
    assert rebuilt.rebuilt and rebuilt.events == ()
    assert _partition(store) == online
    asked = refresh_stories(store, window_days=100_000, asked=True, pass_limit=0)
    assert (asked.window.changed, asked.events) == (0, ())
    assert _partition(store) == online
