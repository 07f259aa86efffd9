"""The three switchable placement rules of issue 11's third round (`stories/config.py`):
the lexical floor scaled for headlines, fragments joining at a story's bar, and time as a
penalty when an article is placed (merges keep the decay).

Each rule is shown on articles written for these tests, once switched on and once off:
every test fails with its rule off. The public benchmarks live in benchmarks/clustering.py.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.stories import ClusterSettings, StoryIndex, cluster
from storyline.stories.config import STORED_BEFORE

DAY = dt.date(2024, 3, 1)


def _article(ident: str, text: str, *, on: dt.date = DAY, kind: str = "full") -> Article:
    return Article(id=ident, origin=f"test:{ident}", raw_sha256="", text=text, title=None,
                   source="Wire", url=None, published=on, published_from="header",
                   language="en", text_kind=kind)  # type: ignore[arg-type]


def _groups(found: list) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in found}


# -- the lexical floor, scaled for headlines ---------------------------------------------------

COUNCIL = "Orvane council approves new tram line budget after long debate"
RIDERS = "Transit plan: Kesbury riders cheer as budget vote ends months of waiting"
#: The language layer found the same council and the same city in both headlines.
SAME_NAMES = {"h1": {"E1", "E2"}, "h2": {"E1", "E2"}}


def test_a_headline_sharing_names_and_a_word_clears_the_scaled_floor():
    """Two headlines of one event share their entities and one word: a full-text floor
    (5% lexical cosine) zeroes the pair, the floor scaled as the headline's bars lets the
    names decide."""
    headlines = [_article("h1", COUNCIL, kind="headline"),
                 _article("h2", RIDERS, kind="headline")]
    plain = cluster(headlines, entities=SAME_NAMES, settings=ClusterSettings(floor_scaled=False))
    scaled = cluster(headlines, entities=SAME_NAMES, settings=ClusterSettings(floor_scaled=True))
    assert len(plain) == 2
    assert _groups(scaled) == {frozenset({"h1", "h2"})}


def test_the_scaled_floor_leaves_full_articles_alone():
    """The same two texts as full articles keep the full floor: a short report is still a
    whole report."""
    full = [_article("h1", COUNCIL), _article("h2", RIDERS)]
    assert len(cluster(full, entities=SAME_NAMES, settings=ClusterSettings(floor_scaled=True))) == 2


# -- fragments join at a story's bar -------------------------------------------------------------

COLLAPSE = ("The Velmora harbour crane collapsed on Tuesday, Tarvik dockers said, and the Orlen "
            "berth was closed.")
CAUSE = ("Inspectors blamed corroded bolts and an overloaded boom; repairs will take weeks and "
         "cargo will be diverted to Saldo.")
BOTH = ("The Velmora harbour crane collapsed, Tarvik dockers said; inspectors blamed corroded "
        "bolts and an overloaded boom, and cargo will be diverted to Saldo.")


def _crane(settings: ClusterSettings) -> StoryIndex:
    index = StoryIndex(settings)
    for n, (ident, text) in enumerate((("a1", COLLAPSE), ("f", CAUSE), ("a2", BOTH))):
        index.assign(_article(ident, text, on=DAY + dt.timedelta(days=n)))
    return index


def test_a_fragment_joins_the_story_that_grew_towards_it():
    """The cause, reported alone, shares no words with the first report and starts a
    story; a later report tells both and joins one of them. That story then reaches the
    other, a fragment of one article, at its own bar (0.25) but not at the merge threshold
    (0.5): only with fragments on do they become one, under the older id, with the merge
    recorded."""
    apart = _crane(ClusterSettings(fragment_size=0))
    assert len(apart.members()) == 2
    joined = _crane(ClusterSettings(fragment_size=1))
    assert [set(members) for members in joined.members().values()] == [{"a1", "a2", "f"}]
    assert [(m.survivor, m.absorbed, m.article_id) for m in joined.merges] == [
        (apart.story_of("a1"), apart.story_of("f"), "a2")]


def test_stories_larger_than_a_fragment_still_need_the_merge_threshold():
    """Two stories of two articles each, reached as above: above the fragment size the
    merge threshold holds."""
    index = StoryIndex(ClusterSettings(fragment_size=1))
    for n, (ident, text) in enumerate((("a1", COLLAPSE), ("f1", CAUSE), ("f2", CAUSE + " Again."),
                                       ("a2", BOTH))):
        index.assign(_article(ident, text, on=DAY + dt.timedelta(days=n)))
    assert len(index.members()) == 2 and not index.merges


# -- time as a penalty when placing ---------------------------------------------------------------

CHARGED = ("Prosecutors charged Harlan Vesk, the engineer who signed off the Dunmore footbridge, "
           "with manslaughter over its collapse, which killed four walkers on the Tolley river "
           "path.")
CHARGED_AGAIN = ("Harlan Vesk was charged with manslaughter over the Dunmore footbridge "
                 "collapse; the engineer approved the design before four walkers died on the "
                 "Tolley river path.")
TRIAL = ("The manslaughter trial of Harlan Vesk, the engineer charged over the Dunmore "
         "footbridge collapse that killed four walkers on the Tolley river path, opened at "
         "Carrow crown court.")


def _bridge_case(settings: ClusterSettings, days_to_trial: int) -> list:
    return cluster([_article("c1", CHARGED), _article("c2", CHARGED_AGAIN, on=DAY + dt.timedelta(1)),
                    _article("t", TRIAL, on=DAY + dt.timedelta(days_to_trial))], settings=settings)


def test_a_trial_two_years_on_joins_its_story_with_the_time_penalty():
    """The decay, exp(-gap / 180 days), cuts a trial two years after the charge to 2% of
    its similarity; the penalty, 0.01 x log(1 + gap), takes 0.07 off it."""
    assert len(_bridge_case(ClusterSettings(time_penalty=0.0), 730)) == 2
    assert _groups(_bridge_case(ClusterSettings(time_penalty=0.01), 730)) == {
        frozenset({"c1", "c2", "t"})}


def test_a_larger_penalty_keeps_the_late_report_apart():
    """The penalty grows with the gap: what joins the next day stays apart years on when
    the penalty is large."""
    heavy = ClusterSettings(time_penalty=0.15)
    assert len(_bridge_case(heavy, 2)) == 1
    assert len(_bridge_case(heavy, 730)) == 2


def test_the_penalty_bridges_two_years_at_most():
    """Beyond `penalty_days` the excess decays: the trial that joins two years on stays
    apart five years on, so a years-old story is out of an archive's reach for a report
    that merely shares its words (unbounded, the penalty would let it join)."""
    settings = ClusterSettings(time_penalty=0.01)
    assert len(_bridge_case(settings, 5 * 365)) == 2
    assert len(_bridge_case(replace(settings, penalty_days=1e9), 5 * 365)) == 1


KREMLIN_EN = "The Kremlin said Russia would answer the sanctions the Union imposed on Monday."
KREMLIN_FR = "Le Kremlin a déclaré que la Russie répondrait aux sanctions de l'Union lundi."
#: The language layer found the same three names in both.
KREMLIN_NAMES = {"en": {"E1", "E2", "E3"}, "fr": {"E1", "E2", "E3"}}


def _languages_case(settings: ClusterSettings, days_apart: int) -> list:
    french = replace(_article("fr", KREMLIN_FR, on=DAY + dt.timedelta(days_apart)), language="fr")
    return cluster([_article("en", KREMLIN_EN), french], entities=KREMLIN_NAMES, settings=settings)


def test_across_languages_time_decays_with_the_penalty_on():
    """Articles in two languages are compared by their names alone, nothing of "the
    story's words": days apart they join, three years apart they do not (with the penalty
    instead of the decay they would)."""
    settings = ClusterSettings(time_penalty=0.01)
    assert len(_languages_case(settings, 2)) == 1
    assert len(_languages_case(settings, 3 * 365)) == 2


MOORING = "Velmora harbour crane collapsed, Tarvik dockers said, and Orlen berth closed."
FERRY = "Quisto Lane ferry halted; Brannock pier flooded as Saldo tides rose."


def _merge_case(settings: ClusterSettings, years_apart: int) -> StoryIndex:
    index = StoryIndex(settings)
    then = DAY.replace(year=DAY.year - years_apart)
    for ident, text, on in (("m1", MOORING, then), ("m2", FERRY, DAY),
                            ("m3", f"{MOORING} {FERRY}", DAY + dt.timedelta(1))):
        index.assign(_article(ident, text, on=on))
    return index


def test_merges_keep_the_decay_with_the_penalty_on():
    """A report that tells two stories joins the recent one either way; with the two
    stories days apart they are folded, with them three years apart they are not: the
    penalty places articles, and a merge is still weighed by the decay."""
    settings = ClusterSettings(time_penalty=0.01, merge_threshold=0.3)
    assert len(_merge_case(settings, 0).members()) == 1
    far = _merge_case(settings, 3)
    assert len(far.members()) == 2 and not far.merges


# -- the settings themselves ---------------------------------------------------------------------


def test_the_rules_are_checked():
    with pytest.raises(StorylineError, match="fragment_size"):
        ClusterSettings(fragment_size=-1)
    with pytest.raises(StorylineError, match="time_penalty"):
        ClusterSettings(time_penalty=-0.01)
    with pytest.raises(StorylineError, match="penalty_days"):
        ClusterSettings(penalty_days=-1)


def test_an_index_stored_before_the_rules_reads_them_as_off():
    """Settings stored without the rules' fields were built without them: read back, they
    say so (whatever today's defaults), so a changed default shows as changed settings and
    the stories are rebuilt."""
    index = StoryIndex(ClusterSettings(**STORED_BEFORE))
    index.assign(_article("c1", CHARGED))
    data = json.loads(json.dumps(index.to_dict()))
    for field in STORED_BEFORE:
        del data["settings"][field]
    settings = StoryIndex.from_dict(data).settings
    assert {field: getattr(settings, field) for field in STORED_BEFORE} == STORED_BEFORE
    on = ClusterSettings(floor_scaled=True, fragment_size=1, time_penalty=0.01)
    stored = json.loads(json.dumps(StoryIndex(on).to_dict()))
    assert StoryIndex.from_dict(stored).settings == on
