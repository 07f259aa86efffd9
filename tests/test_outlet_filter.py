"""An outlet filter takes the outlet's name or whole words of it, any case ("Guardian" for
"The Guardian", a trial found nothing for it); part of a word, or LIKE's wildcards, match
nothing."""

from __future__ import annotations

from conftest import EXAMPLES
from storyline import views
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Filters, Store


def test_an_outlet_is_found_by_its_name_or_its_words(tmp_path):
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)

        def found(outlet: str) -> set[str]:
            stories = views.stories(store, Filters(outlet=outlet), limit=50).stories
            return {line.story.id for line in stories}

        whole = found("Rheinischer Wirtschaftsbote")
        assert whole and found("wirtschaftsbote") == whole == found("RHEINISCHER")
        post = found("The Continental Post")
        assert post and found("continental post") == post and found("Post") >= post
        for nothing in ("tinental", "%", "_he Continental Post", "Continental%"):
            assert found(nothing) == set(), nothing
        hits = views.search(store, "EZB", Filters(outlet="wirtschaftsbote"), limit=20).hits
        assert hits and {h.source for h in hits} == {"Rheinischer Wirtschaftsbote"}
