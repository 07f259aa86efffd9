"""An upgraded article (a teaser given its full text, a record cleaned anew) is taken out
of its story and placed again by its new text: the next refresh reads the stories it
touches, never the archive, and gives the stories a rebuild would (issue 17, item 4)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from conftest import EXAMPLES, write
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import from_env
from storyline.store import Store
from storyline.stories import StoryIndex, assignment_order
from storyline.stories.dedup import BANDS_VERSION

BRIDGE = [
    ("The council of Brell voted on Monday to rebuild the old stone bridge over the river "
     "Tam, closed last winter after engineers found cracks in two of its arches. Work on "
     "the Tam bridge is due to start in the spring, the council said."),
    ("Brell councillors approved the rebuilding of the stone bridge across the Tam on "
     "Monday. The bridge has been shut since engineers reported cracked arches last winter, "
     "and the council expects the work to take two years."),
    ("Rebuilding the cracked Tam bridge in Brell will cost the town four million, its "
     "council said after Monday's vote. Engineers closed the stone bridge last winter when "
     "two arches cracked."),
]
RESCUE = [
    ("Two fishermen were pulled from the sea off Arden on Tuesday after their trawler "
     "capsized in a storm, the harbour master said. Lifeboat crews reached the men within "
     "an hour and took them to hospital in Arden."),
    ("A lifeboat crew rescued two Arden fishermen whose trawler overturned in Tuesday's "
     "storm. The harbour master said both men were cold but unhurt after an hour in the "
     "water off Arden."),
]
TITLE = "From the coast and the council"
#: A teaser that reads as the bridge story; its full text is the rescue told otherwise.
TEASER = "Brell votes to rebuild the cracked stone bridge over the Tam."  # a teaser: < 80
FULL = ("Coastguards in Arden said on Tuesday that the trawler which capsized in the storm had "
        "been towed back to harbour. The two fishermen the lifeboat crew rescued were still in "
        "hospital in Arden, where doctors said they would go home on Wednesday. The harbour "
        "master said the storm had been the worst of the spring.")


def record(guid: str, source: str, text: str, day: int, title: str | None = None, *,
           field: str = "text") -> str:
    """A JSONL record; `field` "description" makes its text a feed's teaser."""
    return json.dumps({"guid": guid, "source": source, "title": title or f"Report {guid}",
                       field: text, "published": f"2018-04-{day:02d}"})


def teaser_line(guid: str = "z-1", source: str = "Zed", text: str = "") -> str:
    return record(guid, source, text or TEASER, 17, TITLE, field="description")


def full_line(text: str = "") -> str:
    return record("z-1", "Zed", text or FULL, 17, TITLE)


def ingest_lines(store: Store, path, *lines: str) -> object:
    return ingest(plan([write(path, "\n".join(lines))]), store, from_env())


def base_lines() -> list[str]:
    return ([record(f"b-{i}", f"Outlet {i}", text, 16) for i, text in enumerate(BRIDGE)]
            + [record(f"r-{i}", f"Outlet {i}", text, 17) for i, text in enumerate(RESCUE)])


def story_of(store: Store, article_id: str):  # type: ignore[no-untyped-def]
    [story] = [s for s in store.stories() if article_id in s.article_ids]
    return story


def counts(store: Store) -> tuple[int, np.ndarray, np.ndarray]:
    meta = store.index_meta()
    assert meta is not None
    index = StoryIndex.from_rows(meta.data, meta.counts, store, meta.count_changes)
    return index._n, index._df.copy(), index._edf.copy()


def the_same_as_a_rebuild(store: Store) -> None:
    """The stories and word counts an incremental refresh left are a rebuild's."""
    stored, counted = store.stories(), counts(store)
    rebuilt = refresh_stories(store, rebuild=True)
    assert rebuilt.stories == stored
    n, df, edf = counts(store)
    assert n == counted[0] and np.array_equal(df, counted[1]) and np.array_equal(edf, counted[2])


def test_an_upgraded_teaser_leaves_the_story_its_teaser_chose_for_its_full_texts(
        tmp_path, store):
    ingest_lines(store, tmp_path / "one.jsonl", *base_lines(),
                 teaser_line())
    refresh_stories(store)
    [teaser] = store.articles_by_source_id("z-1")
    bridge, rescue = story_of(store, teaser.id), story_of(store, store.articles_by_source_id(
        "r-0")[0].id)
    assert bridge.id != rescue.id and len(bridge.article_ids) == 4  # the teaser's choice

    report = ingest_lines(store, tmp_path / "two.jsonl",
                          full_line())
    assert report.upgraded == 1
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.reason == "upgraded articles placed again"
    assert refreshed.placed == 1 and store.upgrades() == {}
    now = {s.id: set(s.article_ids) for s in store.stories()}
    # both stories keep their ids; the article moved to the one its full text tells
    assert now[bridge.id] == set(bridge.article_ids) - {teaser.id}
    assert now[rescue.id] == {*rescue.article_ids, teaser.id}
    assert teaser.id in store.minhash_indexed(BANDS_VERSION)
    the_same_as_a_rebuild(store)


@pytest.mark.parametrize("year", [2025, 2018])
def test_a_refresh_after_an_upgrade_reads_only_the_stories_it_touches(tmp_path, store,
                                                                      monkeypatch, year):
    """Dated after the examples (2025) or years before them (2018: placed late, but older
    than the re-clustering pass's window, so no pass can change anything), the upgrade
    reads the two stories it leaves and joins, and no other text."""
    examples = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and not p.name.startswith("."))
    ingest(plan(examples), store, from_env())

    def dated(*lines: str) -> list[str]:
        return [line.replace('"2018-04-', f'"{year}-04-') for line in lines]

    ingest_lines(store, tmp_path / "one.jsonl", *dated(*base_lines(), teaser_line()))
    refresh_stories(store)
    [teaser] = store.articles_by_source_id("z-1")
    before = {s.id: set(s.article_ids) for s in store.stories()}
    rows = dict(store._db.execute("SELECT id, rowid FROM stories").fetchall())
    assert len(before) >= 6  # our two stories and those of the examples
    ingest_lines(store, tmp_path / "two.jsonl", *dated(full_line()))

    def forbidden(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a refresh after an upgrade read the whole archive or index")

    read: set[str] = set()
    real = Store.articles_by_id

    def reading(self, ids, *, text=True):  # type: ignore[no-untyped-def]
        if text:
            read.update(ids)
        return real(self, ids, text=text)

    monkeypatch.setattr(Store, "articles", forbidden)
    monkeypatch.setattr(Store, "index_everything", forbidden)
    monkeypatch.setattr(Store, "articles_by_id", reading)
    refreshed = refresh_stories(store)
    monkeypatch.undo()
    assert not refreshed.rebuilt
    touched = {sid for sid, members in before.items() if teaser.id in members}
    touched |= {s.id for s in store.stories() if teaser.id in s.article_ids}
    assert len(touched) == 2
    held = {a for sid in touched for a in before[sid]}
    assert read and read <= held
    assert refreshed.window is None and not refreshed.deferred
    assert {s.id for s in refreshed.stories} == touched
    after = dict(store._db.execute("SELECT id, rowid FROM stories").fetchall())
    assert all(after[sid] == rowid for sid, rowid in rows.items() if sid not in touched)
    the_same_as_a_rebuild(store)


def test_the_copies_of_an_upgraded_teaser_are_placed_again_by_their_own_text(tmp_path, store):
    """A second outlet ran the same teaser (a near-copy that follows it); once the first
    has its full text, the copy no longer is one and stays where its own text belongs."""
    ingest_lines(store, tmp_path / "one.jsonl", *base_lines(),
                 teaser_line(), teaser_line("y-1", "Wye"))
    refresh_stories(store)
    [teaser], [copy] = store.articles_by_source_id("z-1"), store.articles_by_source_id("y-1")
    assert copy.duplicate_of == teaser.id
    bridge = story_of(store, copy.id)
    ingest_lines(store, tmp_path / "two.jsonl",
                 full_line())
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.placed == 2  # the article and its copy
    [copy] = store.articles_by_id([copy.id])
    assert copy.duplicate_of is None
    assert story_of(store, copy.id).id == bridge.id
    assert story_of(store, teaser.id).id != bridge.id
    the_same_as_a_rebuild(store)


def test_an_article_upgraded_twice_before_a_refresh_gives_back_the_text_first_counted(
        tmp_path, store):
    ingest_lines(store, tmp_path / "one.jsonl", *base_lines(),
                 teaser_line())
    refresh_stories(store)
    [teaser] = store.articles_by_source_id("z-1")
    middle = "Coastguards in Arden towed the capsized trawler back into its harbour."
    assert len(TEASER) < len(middle) < 80  # a longer teaser, then the full text
    for step, text in enumerate((middle, FULL)):
        report = ingest_lines(store, tmp_path / f"up{step}.jsonl",
                              teaser_line(text=text) if text != FULL else full_line())
        assert report.upgraded == 1
    assert store.upgrades() == {teaser.id: (TITLE, TEASER)}
    assert not refresh_stories(store).rebuilt
    the_same_as_a_rebuild(store)


def test_an_upgrade_before_the_first_refresh_is_simply_placed(tmp_path, store):
    ingest_lines(store, tmp_path / "one.jsonl", *base_lines(),
                 teaser_line())
    ingest_lines(store, tmp_path / "two.jsonl", full_line())
    assert len(store.upgrades()) == 1
    refreshed = refresh_stories(store)
    assert refreshed.reason == "no stories yet" and store.upgrades() == {}
    [article] = store.articles_by_source_id("z-1")
    assert article.text == FULL and len(story_of(store, article.id).article_ids) == 3


def test_an_index_an_older_release_voided_is_still_rebuilt(tmp_path, store):
    """Before migration 0130 an upgrade voided the whole index (reset): such a store is
    rebuilt once, as it was."""
    ingest_lines(store, tmp_path / "one.jsonl", *base_lines())
    refresh_stories(store)
    store._db.execute("UPDATE index_meta SET reset = 1")
    refreshed = refresh_stories(store)
    assert refreshed.rebuilt and "upgraded" in refreshed.reason
    assert not refresh_stories(store).rebuilt


@pytest.mark.parametrize("which", [0, 2])
def test_withdrawing_an_article_takes_it_out_of_the_counts_exactly(which):
    """`StoryIndex.withdraw` leaves the word counts an index that never saw the article
    has, and the other articles where they were."""
    from conftest import text_article

    day = dt.date(2018, 4, 16)
    articles = assignment_order(
        [text_article(f"b{i}", text, day) for i, text in enumerate(BRIDGE)]
        + [text_article(f"r{i}", text, day + dt.timedelta(days=1))
           for i, text in enumerate(RESCUE)])
    gone = articles[which]
    index = StoryIndex()
    index.assign_many(articles)
    without = StoryIndex()
    without.assign_many([a for a in articles if a.id != gone.id])
    stories = index.members()
    assert index.withdraw([gone.id], {a.id: a for a in articles})
    assert gone.id not in index
    assert index._n == without._n
    assert np.array_equal(index._df, without._df) and np.array_equal(index._edf, without._edf)
    left = {frozenset(set(m) - {gone.id}) for m in stories.values()} - {frozenset()}
    assert {frozenset(m) for m in index.members().values()} == left
    assert not index.withdraw([gone.id], {a.id: a for a in articles})  # placed nowhere now
