"""The learned mix of similarity signals (`stories.learned`, setting `combine="learned"`).

Every article here is written for these tests (some borrowed from test_stories_links.py).
The model's fit and its figures on ECB+ and UCI live in benchmarks/clustering.py.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict

import numpy as np
import pytest

from storyline.errors import UsageError
from storyline.stories import ClusterSettings, StoryIndex, cluster
from storyline.stories import config as story_config
from storyline.stories.learned import SIGNALS, pair_signals, probability
from test_stories_links import DAM, _accords, _article, _groups

LEARNED = ClusterSettings(combine="learned", assign_threshold=0.5, cohesion_ratio=0.0,
                          merge_threshold=0.9)


def test_the_shipped_weights_are_a_constant_table_of_the_right_size():
    settings = ClusterSettings()
    assert settings.combine == "linear"  # the learned mix is an experiment, not the default
    assert settings.learned_weights == story_config.LEARNED_WEIGHTS
    assert len(settings.learned_weights) == len(SIGNALS) + 1
    assert all(isinstance(w, float) for w in settings.learned_weights)


def test_learned_settings_survive_the_stored_index_and_stay_hashable():
    index = StoryIndex(LEARNED)
    index.assign_many([_article("a", "Kelvara dam burst before dawn.", title="Dam bursts")])
    stored = json.loads(json.dumps(index.to_dict()))
    assert isinstance(stored["settings"]["learned_weights"], list)  # JSON has no tuples
    again = StoryIndex.from_dict(stored)
    assert again.settings == LEARNED
    assert hash(again.settings) == hash(LEARNED)


def test_bad_learned_settings_are_refused():
    with pytest.raises(UsageError, match="combine"):
        ClusterSettings(combine="neural")
    with pytest.raises(UsageError, match="learned_weights needs"):
        ClusterSettings(learned_weights=(1.0, 2.0))
    with pytest.raises(UsageError, match="learned_weights needs"):
        probability((1.0,), np.zeros((1, len(SIGNALS))))


def test_the_probability_is_the_logistic_of_the_weighted_signals():
    weights = (-1.0, 2.0, 1.0, -0.25, 0.1)
    signals = pair_signals(np.array([0.3, 0.0]), np.array([0.6, 0.0]), [3, None], 1.0, [4, 1])
    assert signals.shape == (2, len(SIGNALS))
    assert signals[1].tolist() == [0.0, 0.0, 0.0, pytest.approx(np.log(2))]
    logit = -1.0 + 2 * 0.3 + 0.6 - 0.25 * np.log(4) + 0.1 * np.log(5)
    assert probability(weights, signals)[0] == pytest.approx(1 / (1 + np.exp(-logit)))


def test_a_headline_s_cosines_are_read_as_a_full_article_s_would_be():
    """A short text reaches lower cosines with the same share of its words matching: its
    signals are divided by its shortness factor (capped at 1)."""
    short = pair_signals(np.array([0.2, 0.8]), np.array([0.1, 0.9]), [None, None], 0.5, [1, 1])
    assert short[:, 0].tolist() == pytest.approx([0.4, 1.0])
    assert short[:, 1].tolist() == pytest.approx([0.2, 1.0])


def test_more_words_in_common_never_lower_the_shipped_model_s_probability():
    lexical = np.linspace(0.0, 1.0, 11)
    for entity in (0.0, 0.5, 1.0):
        signals = pair_signals(lexical, np.full(11, entity), [None] * 11, 1.0, [3] * 11)
        chances = probability(story_config.LEARNED_WEIGHTS, signals)
        assert np.all(np.diff(chances) >= 0)


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


@pytest.mark.parametrize("settings", [ClusterSettings(), LEARNED], ids=["linear", "learned"])
def test_a_very_frequent_shared_name_alone_does_not_join(settings):
    """In an archive where the president is in most reports, two reports on different
    matters that share only that name (and no other word) start stories of their own."""
    rng = random.Random(11)
    archive = [_article(f"bg{i}", f"President Aldana Ferreyra {rng.choice(VERBS)} the "
                        f"{_coined(rng)} {_coined(rng)} of {_coined(rng).title()} with "
                        f"{_coined(rng).title()} {_coined(rng).title()}.", day=1 + i % 5,
                        source=f"Paper {i % 4}") for i in range(30)]
    gala = _article("gala", "President Aldana Ferreyra attended a charity gala for "
                    "children's hospitals at the opera house.", day=6, source="Society")
    quarry = _article("quarry", "Quarry workers in Lostra greeted President Aldana "
                      "Ferreyra during an inspection of blasting safety rules.", day=6,
                      source="Mining Weekly")
    index = StoryIndex(settings)
    index.assign_many(archive)
    placed = index.assign_many([gala, quarry])
    assert all(p.created for p in placed)


VERBS = ("opened", "visited", "praised", "inspected", "launched", "closed", "named", "toured")


def test_learned_mix_keeps_two_deals_sharing_a_famous_name_apart():
    background, fish, steel = _accords()
    groups = _groups(cluster([*background, *fish, *steel], settings=LEARNED))
    assert frozenset(a.id for a in fish) in groups
    assert frozenset(a.id for a in steel) in groups


def test_learned_mix_keeps_one_event_in_different_words_together():
    reports = [_article(f"dam{i}", text, title=title, day=20, source=f"Outlet {i}")
               for i, (title, text) in enumerate(DAM)]
    groups = _groups(cluster(reports, settings=LEARNED))
    assert frozenset(a.id for a in reports) in groups


def test_the_linear_mix_is_unchanged_by_the_learned_settings():
    """The learned weights are read only when `combine` is "learned"."""
    background, fish, steel = _accords()
    articles = [*background, *fish, *steel]
    other = ClusterSettings(learned_weights=(9.0, -9.0, 9.0, -9.0, 9.0))
    assert _groups(cluster(articles)) == _groups(cluster(articles, settings=other))
    assert asdict(other)["combine"] == "linear"
