"""Negative evidence on names (issue 11's fourth round, `name_penalty` in
`stories/config.py`, off by default): an article whose distinctive lead names the story
never gives, while the story's distinctive names are absent from the article, pays a
penalty when it is placed: probably another event of the same kind.

The articles are written for these tests. The index here holds four articles, so a name
three of them give is common by its IDF; `name_rarity` 0.5 lets the story's own names (the
ship, the port) count as distinctive, as they would in an archive of thousands.
"""

from __future__ import annotations

import pytest

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.stories import ClusterSettings, StoryIndex
from storyline.stories.features import Featurizer

NAMES_ON = ClusterSettings(name_penalty=0.2, name_rarity=0.5)

SINKING = (
    ("m1", "The Baltic ferry Marlow Queen sank in a storm off Tessport, and the coastguard said "
           "most passengers were rescued from lifeboats while six are missing. Red Cross "
           "volunteers met survivors."),
    ("m2", "Six passengers of the Marlow Queen are still missing off Tessport, the coastguard "
           "said, as divers searched the Baltic wreck. Red Cross volunteers cared for the "
           "rescued."),
    ("m3", "Survivors of the Marlow Queen ferry told how the storm tipped lifeboats off "
           "Tessport; the Baltic coastguard said the search for the missing passengers goes on "
           "with Red Cross help."),
)
#: Another sinking, told in the same words: only the ship and the port differ.
OTHER_SINKING = ("The Baltic ferry Corvina Star sank in a storm off Pellaro, and the coastguard "
                 "said most passengers were rescued from lifeboats while four are missing. Red "
                 "Cross volunteers met survivors.")
#: A later report of the first sinking that brings names of its own (an inquiry's).
FOLLOW_UP = ("Owners of the Marlow Queen, the Baltic ferry that sank in a storm off Tessport, "
             "said Greta Olund of the Saltfern Line will lead an inquiry; the coastguard said six "
             "passengers are missing and Red Cross volunteers met survivors.")


def _article(ident: str, text: str, *, kind: str = "full") -> Article:
    return Article(id=ident, origin=f"test:{ident}", raw_sha256="", text=text, title=None,
                   source="Wire", url=None, published=None, published_from="unknown",
                   language="en", text_kind=kind)  # type: ignore[arg-type]


def _place(settings: ClusterSettings, ident: str, text: str, *, kind: str = "full") -> bool:
    """Whether the article joins the story of the first sinking."""
    index = StoryIndex(settings)
    for article_id, body in SINKING:
        index.assign(_article(article_id, body))
    return not index.assign(_article(ident, text, kind=kind)).created


def test_another_event_of_the_same_kind_with_other_names_stays_apart():
    """Off, the second sinking joins the first's story on the words they share; with the
    penalty its names (Corvina Star, Pellaro), which the story never gives, and the story's
    (Marlow Queen, Tessport), which it never gives, keep it apart."""
    assert _place(ClusterSettings(), "o1", OTHER_SINKING)
    assert not _place(NAMES_ON, "o1", OTHER_SINKING)
    assert not _place(ClusterSettings(name_penalty=0.2, name_rarity=0.5,
                                      name_disjoint_only=True), "o1", OTHER_SINKING)


def test_a_later_report_that_adds_names_stays_with_its_story():
    """New names alone are not another event: the follow-up also gives the story's names,
    so nothing is held against it."""
    assert _place(ClusterSettings(), "m4", FOLLOW_UP)
    assert _place(NAMES_ON, "m4", FOLLOW_UP)


def test_a_headline_without_names_pays_nothing():
    """A headline with no names has nothing to tell: it scores the same either way."""
    headline = "Ferry sank in a storm and passengers were rescued from lifeboats"
    scores = []
    for settings in (ClusterSettings(), NAMES_ON):
        index = StoryIndex(settings)
        for article_id, body in SINKING:
            index.assign(_article(article_id, body))
        scores.append(index.assign(_article("h1", headline, kind="headline")).score)
    assert scores[0] > 0
    assert scores[0] == scores[1]


def test_lead_names_are_the_title_and_lead_names_without_figures():
    """Only names of the lead count as the article's own (a name deep in the text is
    background); figures are facts, not names; entities given by id (the language
    layer's) leave an article without lead names."""
    body = "Captain Idris Halvorsen spoke at 4.5 knots. " + "word " * 120 + "Then Ulla Brenn spoke."
    article = _article("x", body)
    featurizer = Featurizer(lead_words=20, lead_names=True)
    [mine] = featurizer.features([article])
    [given] = featurizer.features([article], {"x": {"E17"}})
    assert 0 < len(mine.lead_entities) < len(mine.entities)
    assert set(mine.lead_entities) <= set(mine.entities)
    [no_figure] = featurizer.features([_article("y", body.replace(" at 4.5 knots", ""))])
    assert len(mine.lead_entities) == len(no_figure.lead_entities)
    assert len(given.lead_entities) == 0
    [unasked] = Featurizer(lead_words=20).features([article])  # the index asks when on
    assert len(unasked.lead_entities) == 0


@pytest.mark.parametrize("bad", [{"name_penalty": -0.1}, {"name_rarity": 1.5},
                                 {"name_keys": 0}])
def test_bad_name_settings_are_refused(bad):
    with pytest.raises(StorylineError):
        ClusterSettings(**bad)
