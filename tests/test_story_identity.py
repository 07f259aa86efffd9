"""Story identity (issue 12): ids that last, recorded merges and splits with redirects,
nothing moved without cause, and editors' decisions that later clustering keeps.

The articles are our own: two events of one week (a harbour strike, an orchard frost),
then, in a later ingest, two unrelated events of the same week (a marathon, a museum)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import EXPORT_SCHEMA, text_article
from storyline import views
from storyline.cli import main
from storyline.errors import UsageError
from storyline.flow.edits import hide_story, merge_stories, split_story, undo_edit
from storyline.flow.ingest import refresh_stories
from storyline.model import Article, RawDocument
from storyline.store import Store
from storyline.stories.edits import Constraint, apply_constraints, in_force
from storyline.stories.identity import carry_ids, fresh_story_id

DAY = dt.date(2025, 3, 10)

STRIKE = [
    ("strike-1", 0, "Vella Post",
     "Dock workers at Port Vella walked out on Monday, halting the ferry to Skerra Island. "
     "The dockers' union said the strike over night-shift pay would last until the harbour "
     "board reopened talks. Ferry passengers were turned back at the Port Vella terminal."),
    ("strike-2", 0, "Coast Courier",
     "Ferries between Port Vella and Skerra Island stopped on Monday as dockers struck over "
     "night-shift pay. The harbour board called the walkout unlawful; the union said its "
     "members would picket the Port Vella terminal all week."),
    ("strike-3", 1, "Island Radio",
     "Skerra Island shops ran short of bread on Tuesday, the second day of the Port Vella "
     "dockers' strike that has stopped the island ferry. The union and the harbour board "
     "have not met since the walkout over night-shift pay began."),
    ("strike-4", 2, "Vella Post",
     "The Port Vella harbour board agreed on Wednesday to reopen talks on night-shift pay, "
     "and dockers said the Skerra Island ferry could sail again on Thursday if the strike "
     "is suspended at the union's meeting tonight."),
]
FROST = [
    ("frost-1", 0, "Valley Farmer",
     "A late frost on Sunday night destroyed most of the apple blossom in the Kestrel "
     "Valley, growers said. Orchard owners lit braziers between the rows but temperatures "
     "fell to minus six before dawn."),
    ("frost-2", 1, "Coast Courier",
     "Kestrel Valley apple growers fear they have lost this year's crop after Sunday's "
     "frost killed the blossom in their orchards. The growers' cooperative asked for "
     "emergency aid from the regional council."),
    ("frost-3", 3, "Valley Farmer",
     "The regional council promised emergency aid on Thursday to Kestrel Valley orchard "
     "owners whose apple blossom was killed by the frost. Growers said the money would not "
     "cover the lost crop."),
]
UNRELATED = [
    ("marathon-1", 1, "Sports Desk",
     "Amina Rolle won the Lakeside Marathon on Tuesday in two hours and nine minutes, a "
     "course record, pulling away from the pack at the thirty-kilometre water station."),
    ("marathon-2", 2, "City Paper",
     "Lakeside Marathon winner Amina Rolle said on Wednesday she would run the world "
     "championships after her course record; organisers counted eleven thousand finishers."),
    ("museum-1", 0, "City Paper",
     "The Old Mint Museum reopened on Monday after a three-year renovation, with its coin "
     "gallery moved into the restored vaults and a new glass roof over the courtyard."),
    ("museum-2", 3, "Arts Weekly",
     "Visitors queued round the block on Thursday to see the restored vaults of the Old "
     "Mint Museum, whose renovation took three years and doubled its gallery space."),
]


def _articles(rows: list[tuple[str, int, str, str]]) -> list[Article]:
    return [replace(text_article(i, text, DAY + dt.timedelta(days=d), source), raw_sha256=i)
            for i, d, source, text in rows]


def _store(store: Store, articles: list[Article]) -> None:
    store.write_batch([(a, RawDocument(origin=a.origin, content=a.text, kind="text",
                                       sha256=a.id)) for a in articles])


def _state(store: Store) -> dict[str, tuple[frozenset[str], str | None]]:
    return {s.id: (frozenset(s.article_ids), s.headline) for s in store.stories()}


def _story_of(store: Store, article_id: str) -> str:
    [story] = [s.id for s in store.stories() if article_id in s.article_ids]
    return story


@pytest.fixture
def two_events(store: Store) -> Store:
    _store(store, _articles(STRIKE + FROST))
    refresh_stories(store)
    groups = sorted(sorted(members) for members, _ in _state(store).values())
    assert groups == [sorted(i for i, *_ in FROST), sorted(i for i, *_ in STRIKE)]
    return store


# -- the rules, pure ---------------------------------------------------------------------
def test_a_split_keeps_the_id_with_the_larger_part_and_records_where_the_rest_went():
    carried = carry_ids({"sA": ["a1", "a2", "a3", "a4", "a5"]},
                        [["a1", "a2", "a3"], ["a4", "a5"]], reason="pass")
    assert carried.stories["sA"] == ("a1", "a2", "a3")
    [new] = [sid for sid in carried.stories if sid != "sA"]
    assert new == fresh_story_id("a4", {"sA"})
    [event] = carried.events
    assert (event.kind, event.story_id, event.others, event.articles, event.redirects) == (
        "split", "sA", (new,), ("a4", "a5"), ())


def test_a_merge_retires_the_smaller_id_with_a_redirect():
    carried = carry_ids({"sA": ["a1", "a2"], "sB": ["b1", "b2", "b3"]},
                        [["a1", "a2", "b1", "b2", "b3", "c1"]], reason="new article")
    assert list(carried.stories) == ["sB"]
    [event] = carried.events
    assert (event.kind, event.story_id, event.others, event.redirects) == (
        "merge", "sB", ("sA",), (("sA", "sB"),))


def test_two_stories_of_one_article_folded_together_keep_the_older_ones_id():
    # "sZ" sorts after "sA", but its article came first: the older story keeps its id
    carried = carry_ids({"sZ": ["z1"], "sA": ["a1"]}, [["z1", "a1", "n1"]])
    assert list(carried.stories) == ["sZ"]
    assert [(e.kind, e.story_id, e.others) for e in carried.events] == [("merge", "sZ", ("sA",))]
    carried = carry_ids({"sZ": ["z1"], "sA": ["a1"]}, [["a1", "z1", "n1"]])
    assert list(carried.stories) == ["sA"]


def test_an_id_whose_larger_part_joined_a_larger_story_is_retired_not_left_on_the_rest():
    # 18 of sA's 19 articles went into sB's story; the one left is not what sA was about
    sa = [f"a{i}" for i in range(19)]
    sb = [f"b{i}" for i in range(30)]
    carried = carry_ids({"sB": sb, "sA": sa}, [[*sb, *sa[:18]], [sa[18]]])
    assert "sB" in carried.stories and "sA" not in carried.stories
    assert carried.stories["sB"] == (*sb, *sa[:18])
    (event,) = [e for e in carried.events if "sA" in (e.story_id, *e.others)]
    assert ("sA", "sB") in event.redirects


def test_a_story_that_lost_its_id_redirects_to_every_part():
    # sB's articles went two ways, and both groups belong to larger stories
    carried = carry_ids({"sA": ["a1", "a2", "a3"], "sC": ["c1", "c2", "c3"],
                         "sB": ["b1", "b2"]},
                        [["a1", "a2", "a3", "b1"], ["c1", "c2", "c3", "b2"]])
    assert set(carried.stories) == {"sA", "sC"}
    [split] = [e for e in carried.events if e.story_id == "sB"]
    assert split.kind == "split" and split.redirects == (("sB", "sA"), ("sB", "sC"))


def test_articles_moving_between_existing_stories_are_recorded_and_growth_is_not():
    carried = carry_ids({"sA": ["a1", "a2", "a3"], "sB": ["b1", "b2"]},
                        [["a1", "a2"], ["b1", "b2", "a3", "new"]])
    assert set(carried.stories) == {"sA", "sB"}
    [event] = carried.events
    assert (event.kind, event.story_id, event.others, event.articles) == (
        "move", "sA", ("sB",), ("a3",))
    assert carry_ids({"sA": ["a1"]}, [["a1", "a2", "a3"]]).events == []


def test_a_fresh_id_is_never_one_in_use_or_retired():
    first = fresh_story_id("a1", set())
    assert first == carry_ids({}, [["a1"]]).stories.popitem()[0]
    assert fresh_story_id("a1", {first}) != first
    carried = carry_ids({}, [["a1", "a2"]], taken={first})
    assert first not in carried.stories


def test_a_revived_id_goes_back_to_the_group_holding_its_articles():
    carried = carry_ids({"sA": ["a1", "a2", "b1", "b2"]}, [["a1", "a2", "a9"], ["b1", "b2"]],
                        taken={"sB"}, revive={"sB": ["b1", "b2"]})
    assert carried.stories == {"sA": ("a1", "a2", "a9"), "sB": ("b1", "b2")}


def test_constraints_merge_and_keep_parts_apart():
    groups = [["a1", "a2"], ["b1", "b2"], ["c1"]]
    merged = apply_constraints(groups, [Constraint(kind="merge", parts=(("a1",), ("b2",)))])
    assert sorted(map(sorted, merged)) == [["a1", "a2", "b1", "b2"], ["c1"]]
    # a story mixing two parts is cut: the unnamed newcomer stays with the larger part
    parted = apply_constraints([["a1", "a2", "b1", "x"]],
                               [Constraint(kind="split", parts=(("b1",), ("a1", "a2")))])
    assert sorted(map(sorted, parted)) == [["a1", "a2", "x"], ["b1"]]
    # a part that the clusterer keeps whole, newcomers included, is left alone
    assert apply_constraints([["b1", "y"], ["a1"]],
                             [Constraint(kind="split", parts=(("b1",), ("a1",)))]) == [
        ["b1", "y"], ["a1"]]


def test_a_later_decision_overrides_an_earlier_one_about_the_same_articles():
    merge = Constraint(kind="merge", parts=(("a1", "a2"), ("b1", "b2")))
    split = Constraint(kind="split", parts=(("b1", "b2"), ("a1", "a2")))
    assert in_force([merge, split]) == [split]  # the split says all the merge said
    assert in_force([split, merge]) == [merge]
    # a later merge of other stories leaves the earlier one whole
    other = Constraint(kind="merge", parts=(("c1",), ("d1",)))
    assert in_force([merge, other]) == [merge, other]
    # what a later decision does not name stays governed by the earlier one
    wider = Constraint(kind="merge", parts=(("a1", "a2"), ("b1", "b2"), ("e1",)))
    assert in_force([wider, split]) == [split]  # one part left: nothing to merge
    three = Constraint(kind="merge", parts=(("a1",), ("c1",), ("e1",)))
    assert in_force([three, split]) == [Constraint(kind="merge", parts=(("c1",), ("e1",))),
                                        split]


# -- through the store -------------------------------------------------------------------
def test_an_unrelated_later_ingest_changes_no_story(two_events: Store):
    store = two_events
    before = _state(store)
    _store(store, _articles(UNRELATED))  # same week, some older than the newest placed
    refreshed = refresh_stories(store)
    assert not refreshed.rebuilt and refreshed.window is not None
    after = _state(store)
    for story_id, (members, headline) in before.items():
        assert after[story_id] == (members, headline)
    assert refreshed.events == ()
    assert len(after) == len(before) + 2


def test_a_related_later_article_joins_its_story_under_the_same_id(two_events: Store):
    store = two_events
    strike = _story_of(store, "strike-1")
    _store(store, _articles([("strike-5", 3, "Island Radio",
                              "Port Vella dockers voted on Thursday to suspend their strike, "
                              "and the first ferry in four days left for Skerra Island after "
                              "the harbour board reopened talks on night-shift pay.")]))
    refresh_stories(store)
    assert _story_of(store, "strike-5") == strike


def test_an_editors_merge_redirects_and_its_undo_gives_the_ids_back(two_events: Store):
    store = two_events
    strike, frost = _story_of(store, "strike-1"), _story_of(store, "frost-1")
    outcome = merge_stories(store, [frost, strike])
    assert outcome.stories == (strike,)  # the larger keeps its id
    assert store.story(frost) is None
    assert views.story_successors(store, frost) == (strike,)
    detail = views.story(store, frost, analyse=False)
    assert detail is not None and detail.story.id == strike and detail.redirected_from == frost
    assert [(h.kind, h.others) for h in detail.history if h.edit is None] == [
        ("merge", (frost,))]
    assert [r.record() for r in views.redirects(store)] == [
        {"id": frost, "successors": [strike], "kind": "merge"}]
    # a later article about the frost joins the merged story: the decision holds
    _store(store, _articles([("frost-4", 4, "Valley Farmer",
                              "Kestrel Valley growers began clearing frost-killed apple "
                              "blossom on Friday as the council's emergency aid arrived.")]))
    refresh_stories(store)
    refresh_stories(store, rebuild=True)
    assert _story_of(store, "frost-4") == strike == _story_of(store, "frost-1")
    undo_edit(store, outcome.edit)
    assert _story_of(store, "frost-1") == frost and _story_of(store, "strike-1") == strike
    assert views.story_successors(store, frost) == ()


def test_an_editors_split_survives_later_ingests_passes_and_rebuilds(two_events: Store):
    store = two_events
    strike = _story_of(store, "strike-1")
    outcome = split_story(store, strike, ["strike-3", "strike-4"])
    part = _story_of(store, "strike-3")
    assert part != strike and _story_of(store, "strike-4") == part
    assert _story_of(store, "strike-1") == strike  # 2 and 2: the earlier-founded keeps it
    history = views.story_history(store, strike)
    assert [(h.kind, h.others, h.articles) for h in history if h.edit is None] == [
        ("split", (part,), ("strike-3", "strike-4"))]
    _store(store, _articles(UNRELATED))
    refresh_stories(store)
    refresh_stories(store, window_days=30, asked=True, pass_limit=0)
    refresh_stories(store, rebuild=True)
    assert _story_of(store, "strike-3") == part and _story_of(store, "strike-1") == strike
    assert _story_of(store, "strike-2") == strike
    undo_edit(store, outcome.edit)
    assert _story_of(store, "strike-3") == _story_of(store, "strike-1")


def test_an_undo_that_a_later_decision_depends_on_is_refused(two_events: Store):
    store = two_events
    strike, frost = _story_of(store, "strike-1"), _story_of(store, "frost-1")
    first = merge_stories(store, [strike, frost])
    merged = _story_of(store, "frost-1")
    second = split_story(store, merged, ["strike-4"])
    with pytest.raises(UsageError, match=f"undo {second.edit} first"):
        undo_edit(store, first.edit)
    undo_edit(store, second.edit)
    undo_edit(store, first.edit)
    assert _story_of(store, "frost-1") == frost and _story_of(store, "strike-1") == strike
    assert _story_of(store, "strike-4") == strike
    # the revived id redirects nowhere and is nobody's merged-away id; the split's part
    # was folded back, so its id redirects to the story it came from
    assert views.story_successors(store, frost) == ()
    assert [(r.successors, r.kind) for r in views.redirects(store)] == [((strike,), "merge")]
    assert all(frost not in s.merged_from for s in store.stories())


def test_hide_leaves_a_story_out_of_lists_until_undone(two_events: Store):
    store = two_events
    frost = _story_of(store, "frost-1")
    outcome = hide_story(store, frost)
    assert frost not in {s.id for s in views.all_stories(store)}
    assert frost not in {s.story.id for s in views.stories(store).stories}
    detail = views.story(store, frost, analyse=False)
    assert detail is not None and detail.hidden
    with pytest.raises(UsageError, match="hidden already"):
        hide_story(store, frost)
    undo_edit(store, outcome.edit)
    assert frost in {s.id for s in views.all_stories(store)}


def test_bad_edits_are_refused_with_a_reason(two_events: Store):
    store = two_events
    strike = _story_of(store, "strike-1")
    with pytest.raises(UsageError, match="two different stories"):
        merge_stories(store, [strike, strike])
    with pytest.raises(UsageError, match="no story with id"):
        merge_stories(store, [strike, "s-not-a-story"])
    with pytest.raises(UsageError, match="not in story"):
        split_story(store, strike, ["frost-1"])
    with pytest.raises(UsageError, match="not none or all"):
        split_story(store, strike, [i for i, *_ in STRIKE])
    with pytest.raises(UsageError, match="no edit 99"):
        undo_edit(store, 99)
    frost = _story_of(store, "frost-1")
    hidden = hide_story(store, frost)
    with pytest.raises(UsageError, match="is hidden: undo its hide first"):
        merge_stories(store, [strike, frost])
    undo_edit(store, hidden.edit)
    merge_stories(store, [strike, frost])
    with pytest.raises(UsageError, match=f"{frost} was merged into {strike}: they are one"):
        merge_stories(store, [frost, strike])


def test_the_cli_edits_shows_history_and_exports_redirects(two_events: Store, tmp_path):
    store = two_events
    db = store.path
    strike, frost = _story_of(store, "strike-1"), _story_of(store, "frost-1")
    runner = CliRunner()
    merged = runner.invoke(main, ["stories", "merge", strike, frost, "--db", db])
    assert merged.exit_code == 0, merged.output
    assert "edit 1: merged 2 stories" in merged.stderr
    shown = runner.invoke(main, ["show", frost, "--db", db])
    assert f"(story {frost} was merged into {strike})" in shown.stdout
    assert f"absorbed {frost} (3 articles): editor's merge (edit 1)" in shown.stdout
    listed = runner.invoke(main, ["stories", "edits", "--db", db])
    assert f"merge  {strike} + {frost}" in listed.stdout
    export = tmp_path / "export.json"
    assert runner.invoke(main, ["export", "-o", str(export), "--db", db]).exit_code == 0
    document = json.loads(export.read_text())
    jsonschema.validate(document, json.loads(EXPORT_SCHEMA.read_text()))
    assert document["redirects"] == [{"id": frost, "successors": [strike], "kind": "merge"}]
    assert frost in next(s for s in document["stories"] if s["id"] == strike)["merged_from"]
    undone = runner.invoke(main, ["stories", "undo", "--db", db])
    assert undone.exit_code == 0 and "edit 1: undone" in undone.stderr
    assert "(undone " in runner.invoke(main, ["stories", "edits", "--db", db]).stdout


def test_merges_recorded_before_the_history_become_redirects(tmp_path):
    """0060_story_history: a store whose online index recorded merges (story_merges) keeps
    them as history: the absorbed id still leads to its survivor."""
    import sqlite3

    from storyline.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        for name, sql in (m for m in MIGRATIONS if m[0] < "0060"):
            conn.executescript(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
        conn.execute("INSERT INTO stories (id, rank, headline, score, score_parts, "
                     "merged_from) VALUES ('s-kept', 1, 'Kept', 1.0, '{}', '[\"s-gone\"]')")
        conn.execute("INSERT INTO story_merges VALUES ('s-gone', 's-kept', 'a1', 0.7)")
    with Store.open(db) as store:
        assert "0060_story_history" in store.migrations()
        assert store.story_successors("s-gone") == ("s-kept",)
        [event] = store.story_events("s-gone")
        assert (event.kind, event.story_id, event.others) == ("merge", "s-kept", ("s-gone",))
        assert "a1" in event.reason
        assert store.story_events("s-kept") == [event]


def test_after_a_split_a_new_article_joins_the_part_it_is_about(two_events: Store):
    """The split is made in the index: a later report about the part that left joins that
    part, not the story it left (nor a story of its own)."""
    store = two_events
    strike, frost = _story_of(store, "strike-1"), _story_of(store, "frost-1")
    merge_stories(store, [strike, frost])
    merged = _story_of(store, "frost-1")
    split_story(store, merged, [i for i, *_ in FROST])
    part = _story_of(store, "frost-1")
    assert part != merged and _story_of(store, "strike-1") == merged
    _store(store, _articles([("frost-4", 4, "Valley Farmer",
                              "Kestrel Valley orchard owners began clearing frost-killed apple "
                              "blossom on Friday as the regional council's emergency aid for "
                              "the growers arrived.")]))
    refresh_stories(store)
    assert _story_of(store, "frost-4") == part


def test_an_edit_is_recorded_with_the_stories_it_gives_or_not_at_all(two_events: Store,
                                                                      monkeypatch):
    """A crash while the split's stories are written (here: the write fails) records no
    edit: `stories edits` never lists a decision the stories do not show."""
    store = two_events
    strike = _story_of(store, "strike-1")
    before = _state(store)
    write = Store.write_stories
    calls = []

    def failing(self, clustering):
        calls.append(clustering.edit)
        if clustering.edit is not None:
            raise OSError("the disk went away")
        return write(self, clustering)

    monkeypatch.setattr(Store, "write_stories", failing)
    with pytest.raises(OSError):
        split_story(store, strike, ["strike-4"])
    assert calls[-1] is not None and calls[-1].kind == "split"
    monkeypatch.setattr(Store, "write_stories", write)
    assert store.story_edits(in_force=False) == [] and _state(store) == before
    outcome = split_story(store, strike, ["strike-4"])  # and the same command then works
    assert [e.seq for e in store.story_edits()] == [outcome.edit]
