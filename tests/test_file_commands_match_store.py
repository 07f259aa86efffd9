"""`timeline`, `summarize` and `inspect` over files build the stories an ingest of the same
files stores: the same groups under the same ids, so a story id printed by `stories` names
the same story for `summarize PATHS --story ID`."""

from __future__ import annotations

from conftest import EXAMPLES
from storyline.cli.collection import _collect
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store
from storyline.stories import cluster, order_key


def test_the_stories_of_files_are_the_stores(tmp_path):
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)
        stored = {s.id: frozenset(s.article_ids) for s in store.stories()}
        arrived = [a.id for a in store.articles(text=False)]
    articles, _ = _collect((str(EXAMPLES),), True)
    assert [a.id for a in sorted(articles, key=order_key)] == arrived  # as an ingest stores them
    assert {s.id: frozenset(s.article_ids) for s in cluster(articles)} == stored
