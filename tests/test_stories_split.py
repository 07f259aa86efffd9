"""The split check (`stories/split.py`, `StoryIndex.split_check`): a story that holds two
events of one kind is made two, the larger part keeping its id; one event whose later
reports bring new words stays whole, and so does one event told from two angles that
share its names (the guard). Fixture articles are our own."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.stories import ClusterSettings, StoryIndex, story_id
from storyline.stories.split import name_contrast, names_only, top_split

DAY = dt.date(2026, 3, 2)
#: Everything joins one story (no bar, no floor, no time): the merged story the check is for.
MERGING = ClusterSettings(assign_threshold=0.01, cohesion_ratio=0.0, min_lexical=0.0,
                          merge_threshold=9.0)
CHECK = {"split_min_size": 6, "split_min_part": 3, "split_ratio": 0.7}

MARISOL = [  # one ferry fire: the Marisol off Lindhaven
    "Ferry Marisol catches fire off Lindhaven\nThe ferry Marisol caught fire off Lindhaven "
    "on Monday and the coast guard evacuated its 212 passengers, captain Orrin Vasko said. "
    "The blaze started in the engine room of the vessel.",
    "Marisol passengers rescued near Lindhaven\nAll 212 passengers of the Marisol were taken "
    "off the burning ferry by lifeboats from Lindhaven harbour. Captain Orrin Vasko stayed "
    "aboard with the crew until the fire was contained.",
    "Engine room blaze on the Marisol\nInvestigators in Lindhaven said the fire on the "
    "Marisol began in the engine room. Orrin Vasko, the ferry's captain, praised the crew "
    "and the Lindhaven coast guard.",
    "Lindhaven ferry fire: Marisol towed to port\nTugs towed the scorched Marisol into "
    "Lindhaven port after the fire. Its 212 passengers were unhurt, Orrin Vasko told "
    "reporters on the quay.",
    "Marisol captain describes fire\nCaptain Orrin Vasko described how smoke filled the "
    "Marisol's engine room off Lindhaven and how the crew led 212 passengers to the "
    "lifeboats.",
]
NORDLYS = [  # another ferry fire a week later: the Nordlys Star in Kestrel Bay
    "Fire on ferry Nordlys Star in Kestrel Bay\nThe ferry Nordlys Star caught fire in "
    "Kestrel Bay and 48 passengers were injured, captain Henna Ruud said. The coast guard "
    "evacuated the vessel.",
    "Kestrel Bay ferry blaze injures 48\nForty-eight passengers of the Nordlys Star were "
    "hurt when fire swept its car deck in Kestrel Bay. Henna Ruud, its captain, ordered "
    "the crew to abandon the ferry.",
    "Nordlys Star car deck fire\nThe fire on the Nordlys Star began among lorries on the "
    "car deck, Kestrel Bay officials said; captain Henna Ruud and the crew fought it for "
    "an hour.",
]
LATER = [  # the same Marisol fire, later reports in new words
    "Inquiry opens into Marisol fire\nAn inquiry into the Marisol fire off Lindhaven opened "
    "on Friday; maritime inspectors will question captain Orrin Vasko about the engine "
    "room's extinguishers.",
    "Marisol owners offer compensation\nThe owners of the Marisol offered compensation to "
    "the 212 passengers evacuated off Lindhaven, and said the ferry's inquiry would "
    "examine the engine room.",
    "Marisol returns to Lindhaven shipyard\nThe fire-damaged Marisol left Lindhaven port "
    "for a shipyard, where inspectors from the inquiry will check its engine room; Orrin "
    "Vasko was not aboard.",
]

#: One flood in Brenmoor told from two angles, each by four reports: the rescues and the
#: repair bills. Different words, the same names (the town, the river, the mayor).
RESCUE = [
    "Rescue boats reach flooded Brenmoor\nRescue boats pulled families from rooftops in "
    "Brenmoor after the Alder burst its banks overnight, mayor Ilsa Tarn said, as water "
    "reached the first floors of the lower town.",
    "Brenmoor families lifted from roofs\nHelicopters and boats lifted stranded families from "
    "roofs across Brenmoor while the Alder kept rising; Ilsa Tarn, the mayor, said crews "
    "worked through the night.",
    "Night of rescues as Alder floods Brenmoor\nVolunteer crews in dinghies searched flooded "
    "streets of Brenmoor for people trapped by the Alder, mayor Ilsa Tarn told reporters at "
    "the emergency shelter.",
    "Stranded Brenmoor residents rescued\nFirefighters waded through chest-deep water to "
    "reach elderly residents stranded in Brenmoor by the Alder; mayor Ilsa Tarn thanked the "
    "boat crews.",
]
REPAIRS = [
    "Brenmoor counts cost of Alder flood\nInsurers estimate repair bills in Brenmoor will run "
    "into millions after the Alder flood, and mayor Ilsa Tarn asked for emergency funds to "
    "rebuild damaged homes.",
    "Insurance claims pour in after Brenmoor flood\nHomeowners in Brenmoor filed hundreds of "
    "insurance claims for ruined kitchens and cars after the Alder flood, mayor Ilsa Tarn "
    "said, urging loss adjusters to hurry.",
    "Rebuilding Brenmoor will take months\nBuilders say drying out and repairing homes "
    "damaged by the Alder will take months in Brenmoor; Ilsa Tarn, the mayor, promised "
    "grants for families without insurance.",
    "Brenmoor shops face repair bills\nShopkeepers in Brenmoor priced new floors, stock and "
    "wiring after the Alder flood; mayor Ilsa Tarn said the town would waive rents during "
    "repairs.",
]
#: Words only in the similarity: as in long reports, where the shared names weigh little
#: against their many words, the ratio alone then cuts the flood's two angles apart.
WORDS = {**CHECK, "lexical_weight": 1.0}


def _article(ident: str, text: str, day: dt.date) -> Article:
    title, body = text.split("\n", 1)
    return Article(id=ident, origin="test", raw_sha256="", text=body, title=title,
                   source="Example", url=None, published=day, published_from="record",
                   language="en")


def _merged(texts: dict[str, list[str]], **check: object) -> tuple[StoryIndex, dict[str, Article]]:
    articles = {}
    for prefix, group in texts.items():
        offset = 7 if prefix == "n" else 0
        for i, text in enumerate(group):
            ident = f"{prefix}{i}"
            articles[ident] = _article(ident, text, DAY + dt.timedelta(days=offset + i))
    settings = ClusterSettings(**{**MERGING.__dict__, **check})  # type: ignore[arg-type]
    index = StoryIndex(settings)
    index.assign_many(list(articles.values()))
    return index, articles


def test_two_same_kind_events_that_merged_are_split_each_part_named_by_its_founder():
    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **CHECK)
    assert len(index) == 1  # the merging settings made one story of both fires
    (sid,) = index.members()
    done = index.split_check([sid], articles)
    assert len(done) == 1 and done[0][0] == sid
    _, larger, smaller = done[0]
    members = index.members()
    assert set(members[larger]) == {"m0", "m1", "m2", "m3", "m4"}
    assert set(members[smaller]) == {"n0", "n1", "n2"}
    assert (larger, smaller) == (story_id("m0"), story_id("n0"))  # as every index story
    assert index.story_of("n1") == smaller


def test_a_split_whose_founder_is_in_the_smaller_part_leaves_the_index_whole():
    """The earlier event the smaller part: its story is still named after its first
    article, so an upgrade (withdraw) or an editor's split of it later finds no story
    already holding the name it makes (this crashed the refresh when the larger part
    kept the old id)."""
    index, articles = _merged({"n": NORDLYS, "m": MARISOL}, **CHECK)
    (sid,) = index.members()
    assert sid == story_id("m0")  # _merged dates "n" a week after "m": m0 founds it
    index, articles = _merged({"m": NORDLYS, "n": MARISOL}, **CHECK)  # 3 early, 5 late
    (sid,) = index.members()
    (_, larger, smaller), = index.split_check([sid], articles)
    assert set(index.members()[smaller]) == {"m0", "m1", "m2"}  # the earlier event
    assert smaller == sid == story_id("m0") and larger == story_id("n0")
    assert index.withdraw(["m1"], articles)
    assert index.part([["m0"], ["m2"]], articles)
    assert {index.story_of("m0"), index.story_of("m2")} == {story_id("m0"), story_id("m2")}
    assert set(index.members()[larger]) == {"n0", "n1", "n2", "n3", "n4"}


def test_later_articles_choose_between_the_two_parts():
    index, articles = _merged({"m": MARISOL, "n": NORDLYS},
                              **{**CHECK, "assign_threshold": 0.1})
    (sid,), = [index.stories_holding(["m0"])]
    if len(index) == 1:
        index.split_check([sid], articles)
    new = _article("n9", "Nordlys Star captain Henna Ruud speaks\nHenna Ruud said the Nordlys "
                   "Star crew in Kestrel Bay saved every injured passenger.",
                   DAY + dt.timedelta(days=12))
    assert index.assign(new).story_id == index.story_of("n0") != index.story_of("m0")


def test_one_event_whose_later_reports_bring_new_words_stays_whole():
    index, articles = _merged({"m": MARISOL + LATER}, **CHECK)
    (sid,) = index.members()
    assert index.split_check([sid], articles) == []
    assert len(index.members()[sid]) == 8


def test_the_check_can_be_turned_off_and_spares_small_stories():
    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **{**CHECK, "split_min_size": 0})
    assert index.split_check(list(index.members()), articles) == []
    small, articles = _merged({"m": MARISOL, "n": NORDLYS}, **{**CHECK, "split_min_size": 9})
    assert small.split_check(list(small.members()), articles) == []


def test_top_split_sets_an_outlier_aside_and_puts_it_with_the_closer_group():
    # two tight blocks (a, b, c) and (d, e, f), and g, near nothing (the dendrogram's top
    # split takes it off alone) but a little closer to the first
    sim = np.full((7, 7), 0.05)
    sim[:3, :3] = sim[3:6, 3:6] = 0.8
    sim[6, :] = sim[:, 6] = 0.0
    sim[6, :3] = sim[:3, 6] = 0.02
    np.fill_diagonal(sim, 1.0)
    split = top_split(list("abcdefg"), sim, 3)
    assert split is not None
    assert (split.larger, split.smaller) == (("a", "b", "c", "g"), ("d", "e", "f"))
    assert split.between == pytest.approx(0.05) and split.within == pytest.approx(0.8)
    assert split.passes(0.7) and not split.passes(0.05)
    assert top_split(list("abcde"), sim[:5, :5], 3) is None  # no two parts of three


def test_the_split_settings_are_checked():
    with pytest.raises(StorylineError, match="split_min_size"):
        ClusterSettings(split_min_size=-1)
    with pytest.raises(StorylineError, match="split_ratio"):
        ClusterSettings(split_ratio=0.0)


def test_one_event_told_from_two_angles_is_kept_whole_by_the_guard():
    unguarded, articles = _merged({"r": RESCUE, "p": REPAIRS}, **{**WORDS, "split_guard": 0.0})
    (sid,) = unguarded.members()
    assert len(unguarded.split_check([sid], articles)) == 1  # the ratio alone cuts it
    assert {frozenset(m) for m in unguarded.members().values()} == {
        frozenset({"r0", "r1", "r2", "r3"}), frozenset({"p0", "p1", "p2", "p3"})}
    index, articles = _merged({"r": RESCUE, "p": REPAIRS}, **WORDS)
    assert index.settings.split_guard == 0.5
    (sid,) = index.members()
    assert index.split_check([sid], articles) == []
    assert len(index.members()[sid]) == 8


def test_two_same_kind_events_pass_the_guard():
    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **{**WORDS, "split_guard": 1.0})
    (sid,) = index.members()
    done = index.split_check([sid], articles)
    assert len(done) == 1
    assert set(index.members()[done[0][2]]) == {"n0", "n1", "n2"}


def test_name_contrast_is_the_weaker_part_s_own_name():
    names = {"a": {"alder", "brenmoor"}, "b": {"alder", "brenmoor"}, "c": {"brenmoor"},
             "d": {"kestrel", "brenmoor"}, "e": {"kestrel", "brenmoor"}, "f": {"brenmoor"}}
    # "alder": 2/3 of the first part, none of the second; "kestrel" the other way round
    assert name_contrast("abc", "def", names) == pytest.approx(2 / 3)
    # the second part's only names are held by the first as much: no name of its own
    assert name_contrast("abd", "cf", names) == 0.0
    assert names_only({"alder", "#7.0", "#212"}) == {"alder"}


def test_the_guard_setting_is_checked():
    with pytest.raises(StorylineError, match="split_guard"):
        ClusterSettings(split_guard=1.5)


def test_a_rebuild_splits_two_events_and_online_placement_does_not():
    from storyline.stories.build import recluster

    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **CHECK)
    assert len(index) == 1  # placed one by one: the check does not run after each
    settings = ClusterSettings(**{**MERGING.__dict__, **CHECK})  # type: ignore[arg-type]
    rebuilt = recluster(list(articles.values()), settings=settings)
    groups = sorted(sorted(s.article_ids) for s in rebuilt.stories)
    assert groups == [["m0", "m1", "m2", "m3", "m4"], ["n0", "n1", "n2"]]
    off = recluster(list(articles.values()), settings=MERGING)
    assert len(off.stories) == 1


def test_near_copies_follow_their_original_and_do_not_count_in_the_check():
    """A wire report carried by a second outlet follows its original through a split, and
    the check counts reports, not copies: counting them was measured and lost held out
    (benchmarks/clustering.py, 5 x 2 folds: ECB+ -0.003, UCI -0.003; ISSUE11_EXPERIMENTS,
    seventh round). Two reports of the second fire and a copy are two, set aside as
    outliers: the fires stay one story; with a third report they are a part."""
    from storyline.stories.build import recluster
    from storyline.stories.window import recluster_window

    settings = ClusterSettings(**{**MERGING.__dict__, **CHECK})  # type: ignore[arg-type]
    for reports, parts in ((2, 1), (3, 2)):
        _, articles = _merged({"m": MARISOL, "n": NORDLYS[:reports]}, **CHECK)
        wire = replace(articles["n0"], id="n0-wire", source="Another Outlet")
        rebuilt = recluster([*articles.values(), wire], settings=settings)
        assert rebuilt.near_copies == {"n0-wire": "n0"}  # found as a copy, not told
        assert len(rebuilt.stories) == parts
        holding = [s for s in rebuilt.stories if "n0" in s.article_ids]
        assert "n0-wire" in holding[0].article_ids
    assert sorted(holding[0].article_ids) == ["n0", "n0-wire", "n1", "n2"]
    # placed online the copy joins its original uncompared; the window pass splits as
    # the rebuild does, the copy with its original
    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **CHECK)
    copy = replace(articles["n0"], id="n0-wire", source="Another Outlet", duplicate_of="n0")
    (placed,) = index.assign_many([copy])
    assert placed.near_copy_of == "n0" and len(index) == 1
    ordered = sorted([*articles.values(), copy], key=lambda a: (a.published, a.id))
    assert recluster_window(index, ordered, None).changed == 1
    assert sorted(index.members()[index.story_of("n0")]) == ["n0", "n0-wire", "n1", "n2"]


def test_the_window_pass_splits_where_a_new_article_gives_cause_or_when_asked():
    from storyline.stories.window import recluster_window

    ordered = None
    for caused, changed in ((set(), 0), ({"n2"}, 1)):
        index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **CHECK)
        ordered = sorted(articles.values(), key=lambda a: (a.published, a.id))
        outcome = recluster_window(index, ordered, caused)
        assert outcome.changed == changed
        assert len(index) == 1 + changed
    index, articles = _merged({"m": MARISOL, "n": NORDLYS}, **CHECK)
    (sid,) = index.members()
    assert recluster_window(index, ordered, None).changed == 1  # asked: wherever it differs
    assert set(index.members()[sid]) == {"m0", "m1", "m2", "m3", "m4"}  # the larger keeps it


def test_a_store_rebuild_splits_two_events_and_recluster_keeps_the_ids(store, monkeypatch):
    """Through the store: the first refresh (a rebuild) makes the two ferry fires two
    stories; `recluster` finds the same stories under the same ids; a later report of the
    second fire joins the second story."""
    import hashlib

    import storyline.stories as stories_package
    from storyline.flow.ingest import refresh_stories
    from storyline.model import RawDocument
    from storyline.stories import index as index_module

    # the store builds its index with the default settings: make them the merging ones
    class Merging(ClusterSettings):
        def __init__(self, **given: object) -> None:
            super().__init__(**{**MERGING.__dict__, **CHECK, **given})  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "ClusterSettings", Merging)
    monkeypatch.setattr(stories_package, "ClusterSettings", Merging)

    def put(articles: list[Article]) -> None:
        store.write_batch([(replace_sha(a), RawDocument(
            origin=a.origin, content=a.text, kind="text",
            sha256=hashlib.sha256(a.text.encode()).hexdigest())) for a in articles])

    def replace_sha(article: Article) -> Article:
        from dataclasses import replace
        return replace(article, raw_sha256=hashlib.sha256(article.text.encode()).hexdigest(),
                       origin=f"test:{article.id}")

    _, articles = _merged({"m": MARISOL, "n": NORDLYS})
    put(list(articles.values()))
    assert refresh_stories(store).rebuilt
    stories = {frozenset(s.article_ids): s.id for s in store.stories()}
    assert set(stories) == {frozenset({"m0", "m1", "m2", "m3", "m4"}),
                            frozenset({"n0", "n1", "n2"})}
    again = refresh_stories(store, rebuild=True)
    assert again.rebuilt
    assert {frozenset(s.article_ids): s.id for s in store.stories()} == stories
    later = _article("n9", "Nordlys Star captain Henna Ruud speaks\nHenna Ruud said the Nordlys "
                     "Star crew in Kestrel Bay saved every injured passenger.",
                     DAY + dt.timedelta(days=12))
    # an editor's merge outlives the check: the rebuild splits, the editor's decision wins
    from storyline.flow.edits import merge_stories, undo_edit

    merge_stories(store, sorted(stories.values()))
    assert len(store.stories()) == 1
    refresh_stories(store, rebuild=True)
    assert len(store.stories()) == 1
    undo_edit(store)
    assert {frozenset(s.article_ids): s.id for s in store.stories()} == stories
    put([later])
    assert not refresh_stories(store).rebuilt
    holding = [s for s in store.stories() if "n9" in s.article_ids]
    assert len(holding) == 1 and set(holding[0].article_ids) >= {"n0", "n1", "n2"}
