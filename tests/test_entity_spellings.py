"""One entity, spelled differently by different stories ("World Health Organisation" in
one, "World Health Organization" or "WHO" in another), is one entity for `entity` and for
the entity filter, whichever spelling is asked; two people who share a surname stay two.

The stories are our examples' own; their analyses here are records written for the test
(the query layer reads only the entities of an analysis)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES
from storyline import views
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Filters, Store
from storyline.store.migrations import MIGRATIONS


def _entity(ident: str, name: str, aliases: list[str], mentions: int, kind: str = "ORG") -> dict:
    return {"id": ident, "name": name, "type": kind, "aliases": aliases, "mentions": mentions,
            "roles": []}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    path = tmp_path_factory.mktemp("spellings") / "s.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)
        ids = [s.id for s in store.stories()][:5]
        analyses = [
            [_entity("e-who-s", "World Health Organisation", ["WHO", "World Health Organization"], 9),
             _entity("e-chan-m", "Margaret Chan", ["Chan"], 3, "PERSON")],
            [_entity("e-who-z", "World Health Organization", ["WHO"], 5),
             _entity("e-chan-m", "Margaret Chan", ["Chan"], 2, "PERSON")],
            [_entity("e-who", "WHO", [], 1)],
            [_entity("e-chan-j", "Jackie Chan", ["Chan"], 4, "PERSON"),
             _entity("e-who-band", "The Who", ["Who"], 2)],  # a band: not WHO's spelling
            [],
        ]
        for story_id, entities in zip(ids, analyses, strict=True):
            store.write_analysis(story_id, "test", {"entities": entities})
    return str(path), ids


def test_every_spelling_finds_the_one_entity(db):
    path, ids = db
    with Store.open(path, read_only=True) as store:
        found = [views.entity(store, ref) for ref in
                 ("WHO", "world health organization", "World Health Organisation", "e-who")]
    assert all(f is not None for f in found)
    assert {f.id for f in found} == {"e-who-s"}  # the most mentioned spelling's id
    first = found[0]
    assert first.name == "World Health Organisation" and first.mentions == 15
    assert [a.story_id for a in first.appearances] == sorted(
        ids[:3], key=[a.story_id for a in first.appearances].index)
    assert {a.story_id for a in first.appearances} == set(ids[:3])
    assert {"WHO", "World Health Organization"} <= set(first.aliases)


def test_two_people_sharing_a_surname_stay_two(db):
    path, ids = db
    with Store.open(path, read_only=True) as store:
        chan = views.entity(store, "Chan")
        margaret = views.entity(store, "Margaret Chan")
        jackie = views.entity(store, "Jackie Chan")
    assert chan is not None and margaret is not None and jackie is not None
    assert chan.id == margaret.id == "e-chan-m"  # in more stories than Jackie Chan
    assert {a.story_id for a in margaret.appearances} == set(ids[:2])
    assert {a.story_id for a in jackie.appearances} == {ids[3]}


def test_the_entity_filter_reads_every_spelling(db):
    path, ids = db
    with Store.open(path, read_only=True) as store:
        for ref in ("WHO", "World Health Organization", "World Health Organisation"):
            page = views.stories(store, Filters(entity=ref), limit=50)
            assert {line.story.id for line in page.stories} == set(ids[:3]), ref
        hits = views.search(store, "the", Filters(entity="World Health Organization"), limit=50)
        assert hits.hits and {h.story_id for h in hits.hits} <= set(ids[:3])


def test_older_stores_get_their_spellings_indexed(db, tmp_path: Path):
    path, _ = db
    copy = tmp_path / "old.db"
    copy.write_bytes(Path(path).read_bytes())
    (script,) = [sql for name, sql in MIGRATIONS if name == "0121_story_entity_aliases"]
    with sqlite3.connect(copy) as conn:
        before = sorted(conn.execute("SELECT * FROM story_entity_aliases"))
        conn.execute("DROP TABLE story_entity_aliases")  # as a store before the migration
        conn.executescript(script)
        assert sorted(conn.execute("SELECT * FROM story_entity_aliases")) == before
    assert ("e-who-s", "WHO") in {(e, a) for _, e, a in before}
