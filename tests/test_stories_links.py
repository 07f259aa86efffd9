"""Which articles belong together: average link over members, and the cases the issue
names (same-kind events a week apart, one event in many words, headline-only items).

Every article here is written for these tests. The public benchmarks (ECB+, the UCI
aggregator slice) live in benchmarks/clustering.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from storyline.model import Article
from storyline.stories import ClusterSettings, StoryIndex, cluster
from storyline.stories.features import Featurizer
from storyline.stories.links import Member, average_links, keep_sample


def _article(ident: str, text: str, *, title: str | None = None, day: int | None = 1,
             source: str | None = "Wire", kind: str = "full") -> Article:
    return Article(id=ident, origin=f"test:{ident}", raw_sha256="", text=text, title=title,
                   source=source, url=None,
                   published=dt.date(2025, 5, day) if day is not None else None,
                   published_from="header" if day is not None else "unknown", language="en",
                   text_kind=kind)  # type: ignore[arg-type]


def _groups(found: list) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in found}


# -- the sample and the average ---------------------------------------------------------------


def test_a_sample_keeps_the_first_and_the_latest_members():
    members = [Member(terms=np.array([i], np.int32), weights=np.ones(1, np.float32),
                      entities=np.zeros(0, np.int32)) for i in range(10)]
    kept = keep_sample(members, 4)
    assert [int(m.terms[0]) for m in kept] == [0, 1, 8, 9]
    assert keep_sample(members[:3], 4) == members[:3]


def test_average_link_is_the_mean_of_the_pair_similarities():
    """Checked against the pairs computed one by one with plain cosines (IDF 1)."""
    texts = ["harbour crane collapsed at Velmora docks", "Velmora docks closed after crane fell",
             "ferry halted at Brannock pier", "Brannock pier flooded by tides",
             "crane inspectors visit Velmora"]
    features = Featurizer(100).features([_article(str(i), t) for i, t in enumerate(texts)])
    members = [Member(terms=f.terms, weights=f.weights, entities=f.entities) for f in features]

    def ones(columns: np.ndarray) -> np.ndarray:
        return np.ones(len(columns), np.float32)

    def cosine(a: Member, b: Member, entities: bool) -> float:
        ca, cb = (a.entities, b.entities) if entities else (a.terms, b.terms)
        va = dict(zip(ca.tolist(), ones(ca) if entities else a.weights.tolist(), strict=True))
        vb = dict(zip(cb.tolist(), ones(cb) if entities else b.weights.tolist(), strict=True))
        dot = sum(v * vb.get(k, 0.0) for k, v in va.items())
        norm = np.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
        return float(dot / norm) if norm else 0.0

    samples = [members[:2], members[2:4]]
    got = average_links([members[4]], samples, idf=ones, entity_idf=ones,
                        lexical_weights=np.array([0.7, 0.7]), min_lexical=0.0)
    want = [np.mean([0.7 * cosine(members[4], m, False) + 0.3 * cosine(members[4], m, True)
                     for m in sample]) for sample in samples]
    assert np.allclose(got, want)
    assert got[0] > got[1] > 0 or got[1] == 0  # the crane story is the closer one
    floor = average_links([members[4]], samples, idf=ones, entity_idf=ones,
                          lexical_weights=np.array([0.7, 0.7]), min_lexical=0.99)
    assert np.allclose(floor, 0.0)  # shared names alone do not link


# -- the cases of the issue ---------------------------------------------------------------------

#: A famous name in the news every day (background reports on other matters), then two
#: announcements of the same kind a week apart, each reported by three outlets.
BACKGROUND = [
    "President Aldana Ferreyra opened the national book fair and praised local publishers.",
    "President Aldana Ferreyra visited flood shelters in the north and promised new pumps.",
    "President Aldana Ferreyra named a new central bank governor on Tuesday.",
    "President Aldana Ferreyra met striking teachers and offered a pay review.",
]
ACCORD_FISH = [
    ("Ferreyra signs fishing accord with Norway",
     "President Aldana Ferreyra signed a fisheries accord with Norway in Bergen, opening "
     "the Skagerrak cod quota to the southern fleet for ten years. Norwegian trade minister "
     "Eirik Solvang said the quota would rise by a fifth."),
    ("Norway cod quota deal signed in Bergen",
     "The Skagerrak cod quota deal was signed in Bergen by President Aldana Ferreyra and "
     "Eirik Solvang; the southern fleet gains access for a decade."),
    ("Southern fleet wins Skagerrak access",
     "Fishermen of the southern fleet welcomed the Bergen accord on Skagerrak cod, signed by "
     "President Ferreyra, which Eirik Solvang said raises the quota by a fifth."),
]
ACCORD_STEEL = [
    ("Ferreyra signs steel tariff deal with Canada",
     "President Aldana Ferreyra signed a steel tariff agreement with Canada in Ottawa, "
     "cutting duties on rolled coil from the Hamilton mills. Canadian minister Claire "
     "Dubreuil said the deal covers rail and pipe steel."),
    ("Ottawa deal cuts duties on rolled coil",
     "Duties on rolled coil from the Hamilton mills fall under the Ottawa agreement signed "
     "by President Aldana Ferreyra and Claire Dubreuil, covering rail and pipe steel."),
    ("Hamilton mills welcome tariff cut",
     "Hamilton steelworkers welcomed the Ottawa tariff deal signed by President Ferreyra; "
     "Claire Dubreuil said rolled coil duties end in June."),
]


def _accords() -> tuple[list[Article], list[Article], list[Article]]:
    background = [_article(f"bg{i}", text, day=1 + i, source=f"Paper {i}")
                  for i, text in enumerate(BACKGROUND)]
    fish = [_article(f"fish{i}", text, title=title, day=6, source=f"Outlet {i}")
            for i, (title, text) in enumerate(ACCORD_FISH)]
    steel = [_article(f"steel{i}", text, title=title, day=13, source=f"Outlet {i}")
             for i, (title, text) in enumerate(ACCORD_STEEL)]
    return background, fish, steel


def test_two_deals_a_week_apart_sharing_a_famous_name_stay_apart():
    background, fish, steel = _accords()
    groups = _groups(cluster([*background, *fish, *steel]))
    assert frozenset(a.id for a in fish) in groups
    assert frozenset(a.id for a in steel) in groups


def test_two_deals_sharing_a_famous_name_stay_apart_when_undated():
    """No date to tell them apart: the words of each deal must."""
    background, fish, steel = _accords()
    undated = [Article(**{**a.__dict__, "published": None, "published_from": "unknown"})
               for a in [*fish, *steel]]
    groups = _groups(cluster([*background, *undated]))
    assert frozenset(a.id for a in fish) in groups
    assert frozenset(a.id for a in steel) in groups


#: One dam failure, told by four outlets in different words; and an unrelated story.
DAM = [
    ("Dam bursts above Kelvara",
     "The Kelvara dam burst before dawn, flooding the valley villages below it."),
    ("Torrent sweeps through Kelvara district",
     "A wall of water tore through homes in the Kelvara district after the reservoir gave way."),
    ("Hundreds evacuated after Kelvara barrier collapse",
     "Rescue crews evacuated hundreds of residents as the collapsed Kelvara barrier emptied "
     "the reservoir into the valley."),
    ("Kelvara reservoir failure: what we know",
     "Engineers had warned that the Kelvara reservoir wall was cracking; the collapse "
     "flooded three villages."),
]
CONCERT = ("Orchestra opens Lindqvist hall season",
           "The Lindqvist hall orchestra opened its season with a new symphony by Maren Osk.")


def test_one_event_in_different_words_from_several_outlets_stays_together():
    reports = [_article(f"dam{i}", text, title=title, day=20, source=f"Outlet {i}")
               for i, (title, text) in enumerate(DAM)]
    concert = _article("concert", CONCERT[1], title=CONCERT[0], day=20, source="Arts Daily")
    groups = _groups(cluster([*reports, concert]))
    assert frozenset(a.id for a in reports) in groups
    assert frozenset({"concert"}) in groups


#: The day before in the same feed: other news, which tells the clusterer which words are
#: everyday ones (in five headlines alone every shared word looks common).
YESTERDAY = ["Central bank holds rates steady", "Striking teachers march on parliament",
             "Storm closes northern ports", "Cup final goes to penalties",
             "New phone maker lists shares", "Wildfires start early in the south"]


def test_headline_only_items_cluster_by_their_titles():
    """Feed items with a headline and nothing else (the title is the whole text)."""
    heads = ["Kelvara dam bursts, villages flooded", "Hundreds flee as Kelvara dam collapses",
             "Kelvara dam failure floods valley", "Lindqvist orchestra opens season",
             "Maren Osk symphony opens Lindqvist season"]
    before = [_article(f"y{i}", text, title=text, day=19, source=f"Site {i}", kind="headline")
              for i, text in enumerate(YESTERDAY)]
    items = [_article(f"h{i}", text, title=text, day=20, source=f"Site {i}", kind="headline")
             for i, text in enumerate(heads)]
    groups = _groups(cluster([*before, *items]))
    assert frozenset({"h0", "h1", "h2"}) in groups
    assert frozenset({"h3", "h4"}) in groups
    assert all(frozenset({a.id}) in groups for a in before)


def test_short_texts_get_lower_bars_and_full_articles_do_not():
    """With the short-text scaling on, two headlines of one event that share a name and a
    word join; with it off the same pair stays apart. The same words stored as full
    articles (a short report is a whole report) keep the bars set for full articles."""
    before = [_article(f"y{i}", text, title=text, day=19, source=f"Site {i}", kind="headline")
              for i, text in enumerate(YESTERDAY)]

    def pair(kind: str) -> list[Article]:
        return [_article("k1", "Kelvara dam bursts overnight",
                         title="Kelvara dam bursts overnight", day=20, kind=kind),
                _article("k2", "Valley evacuated below Kelvara dam",
                         title="Valley evacuated below Kelvara dam", day=20, kind=kind)]

    off, on = ClusterSettings(short_terms=0), ClusterSettings(short_terms=40)
    apart = _groups(cluster([*before, *pair("headline")],
                            settings=replace(off, assign_threshold=0.3)))
    joined = _groups(cluster([*before, *pair("headline")],
                             settings=replace(on, assign_threshold=0.3)))
    assert frozenset({"k1", "k2"}) not in apart and frozenset({"k1", "k2"}) in joined
    full = _groups(cluster([*before, *pair("full")], settings=replace(on, assign_threshold=0.3)))
    assert frozenset({"k1", "k2"}) not in full
    scaled = StoryIndex(on)
    assert scaled._shortness(40) == scaled._shortness(65) == 1.0  # long texts: as set
    assert scaled._shortness(10) == 0.5 and StoryIndex(off)._shortness(10) == 1.0


def test_average_link_places_like_the_centroid_on_a_single_member_story():
    """A story of one article: its centroid and its sample are that article, so mixing in
    average link changes no score."""
    first, second = (_article("a", DAM[0][1], title=DAM[0][0]),
                     _article("b", DAM[1][1], title=DAM[1][0]))
    scores = []
    for weight in (0.0, 1.0):
        index = StoryIndex(ClusterSettings(link_weight=weight, assign_threshold=0.01,
                                           cohesion_ratio=0.0))
        index.assign(first)
        scores.append(index.assign(second).score)
    assert scores[0] > 0 and abs(scores[0] - scores[1]) < 1e-6
