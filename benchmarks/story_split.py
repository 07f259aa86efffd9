"""Issue 11's fifth round: the split check, prototyped for `clustering.py`.

Placement cannot tell the first report of a second, same-kind event from the first
event's (it shares the kind's names and words); once several reports of the second event
are in the story, its members may: two groups tight inside and loose between. The check
clusters a story's members by average link (cosine on the index's own vectors: hashed
term weights x IDF of that moment, mixed with the entity cosine as placement mixes them)
and takes the first split from the top whose sides both hold at least `split_min_part`
articles (a smaller side is an outlier, set aside, then put with the closer group); it
splits the story when the mean similarity between the groups is below `split_ratio`
times the mean similarity within them (each group's mean over its pairs, the two
averaged): a relative test, meant to transfer between corpora whose texts live on
different similarity scales; with `split_scaled` the ratio is also scaled by the index's
shortness when a story's members are mostly headlines or teasers. The larger part keeps
the story (the project's ruling). Figures: ISSUE11_EXPERIMENTS, "fifth round".

The sixth round's guard (`split_guard`): two events of one kind each have names of their
own (the other coach, the other ship, the other minister), where two angles of one event
share theirs (Haiti, Port-au-Prince, the UN in both halves of the earthquake's first
week). `name_contrast` is, for each part, the largest share of its members holding a name
(a pseudo-entity; figures left out: a magnitude or a toll is a detail, not whose event it
is) less the share of the other part's members holding it; the smaller of the two parts'
figures. The split passes only when it is at least `split_guard` (scaled
by shortness as the ratio is: a headline names fewer of its event's names). Figures:
ISSUE11_EXPERIMENTS, "sixth round".

Two forms: `final`, once over the finished partition; `online`, after each assignment on
the story it touched (what the product would do), the parts made by `StoryIndex.part`
(an editor's split), so later articles choose between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace

import numpy as np
from numpy.typing import NDArray

from storyline.model import Article
from storyline.stories import ClusterSettings, StoryIndex, pseudo_entities
from storyline.stories.features import Features
from storyline.stories.split import name_contrast, names_only
from storyline.stories.split import top_split as product_top_split

#: `split_min_size` 0: the check is off (the control).
OFF = 0


@dataclass(frozen=True, kw_only=True)
class SplitSettings(ClusterSettings):
    """The index's settings and the split check's (a subclass, so the harness's tuner can
    move both with `dataclasses.replace`)."""

    #: Stories of at least this many articles are checked (0: off).
    split_min_size: int = OFF
    #: Each part must hold at least this many articles.
    split_min_part: int = 3
    #: Split when between < split_ratio x within.
    split_ratio: float = 0.5
    #: "final": over the finished partition; "online": after each assignment.
    split_mode: str = "final"
    #: Scale the ratio by the story's shortness when its members are headlines or
    #: teasers (the index's own `_shortness`, which scales its bars: sqrt(terms /
    #: short_terms)): short texts of two events share fewer words than full reports do.
    split_scaled: bool = False
    #: The guard: the parts' `name_contrast` must be at least this (0: no guard).
    split_guard: float = 0.0


SPLIT_FIELDS = tuple(f.name for f in fields(SplitSettings) if f.name.startswith("split_"))


def base_settings(settings: ClusterSettings) -> ClusterSettings:
    """The index's own settings (the split check's left out, also when ClusterSettings has
    them, as with the src prototype: the index's run is then shared by every split value)."""
    return ClusterSettings(**{f.name: getattr(settings, f.name) for f in fields(ClusterSettings)
                              if f.name not in SPLIT_FIELDS})


@dataclass(frozen=True)
class Split:
    """The top average-link split of a story: its two groups (larger first) and the mean
    similarities between and within them."""

    larger: tuple[str, ...]
    smaller: tuple[str, ...]
    between: float
    within: float
    #: The index's shortness of the story's members (1: full texts).
    shortness: float = 1.0
    #: `name_contrast` of the two groups (1 when not computed).
    names: float = 1.0

    def passes(self, ratio: float, scaled: bool = False, guard: float = 0.0) -> bool:
        scale = self.shortness if scaled else 1.0
        return self.between < ratio * scale * self.within and self.names >= guard * scale


def article_names(articles: Mapping[str, Article]) -> dict[str, frozenset[str]]:
    """Each article's names for `name_contrast`: its pseudo-entities without figures."""
    return {a: names_only(pseudo_entities(article)) for a, article in articles.items()}


def similarity_matrix(index: StoryIndex, features: Sequence[Features]) -> NDArray[np.float64]:
    """Pairwise content similarity of articles as the index would compare them now (the
    product's split check's own: `StoryIndex._member_similarities`)."""
    return index._member_similarities(features)


def top_split(members: Sequence[str], similarity: NDArray[np.float64],
              min_part: int = 1) -> Split | None:
    """The product's `split.top_split`, as this harness's `Split` (which also records the
    shortness and name contrast the fifth and sixth rounds' arms test)."""
    found = product_top_split(members, similarity, min_part)
    return None if found is None else Split(larger=found.larger, smaller=found.smaller,
                                            between=found.between, within=found.within)


def shortness(index: StoryIndex, members: Sequence[str], features: Mapping[str, Features],
              short: AbstractSet[str]) -> float:
    """The index's shortness of a story whose members are mostly headlines or teasers
    (`short`): of their mean number of terms; 1 otherwise."""
    if 2 * sum(m in short for m in members) <= len(members):
        return 1.0
    return index._shortness(float(np.mean([len(features[m].terms) for m in members])))


def story_splits(index: StoryIndex, features: Mapping[str, Features],
                 min_size: int, min_part: int,
                 short: AbstractSet[str] = frozenset(),
                 names: Mapping[str, AbstractSet[str]] | None = None) -> dict[str, Split]:
    """`top_split` of every story of at least `min_size` articles with features (near-
    copies, which follow their original uncompared, have none and stay with it), with
    its parts' `name_contrast` when `names` (`article_names`) are given."""
    found = {}
    for sid, members in index.members().items():
        counted = [m for m in members if m in features]
        if len(counted) >= min_size:
            split = top_split(counted, similarity_matrix(index, [features[m] for m in counted]),
                              min_part)
            if split is not None:
                found[sid] = replace(split, shortness=shortness(index, counted, features,
                                                                short),
                                     names=(name_contrast(split.larger, split.smaller, names)
                                            if names is not None else 1.0))
    return found


def apply_splits(partition: Mapping[str, str], splits: Mapping[str, Split], min_size: int,
                 ratio: float, scaled: bool = False, guard: float = 0.0) -> dict[str, str]:
    """`partition` with every story whose split passes made two (the smaller part a new
    story, named after the old with '/split')."""
    moved = {}
    for sid, split in splits.items():
        if len(split.larger) + len(split.smaller) >= min_size and split.passes(ratio, scaled, guard):
            moved.update(dict.fromkeys(split.smaller, f"{sid}/split"))
    return {a: moved.get(a, s) for a, s in partition.items()}


class OnlineSplitIndex(StoryIndex):
    """A StoryIndex that runs the split check on the story each assignment touched; a
    split is `StoryIndex.part` (the editor's split). Records what it split."""

    def __init__(self, settings: SplitSettings, articles: Mapping[str, Article],
                 features: Mapping[str, Features]) -> None:
        super().__init__(base_settings(settings))
        self.split = settings
        self.articles = articles
        self.given = features
        self.splits: list[Split] = []
        self.short = frozenset(a for a, article in articles.items()
                               if article.text_kind != "full")
        self.names = article_names(articles)

    def _assign(self, article, featurize):  # type: ignore[no-untyped-def]
        done = super()._assign(article, featurize)
        members = [m for m in self.members_of([done.story_id]).get(done.story_id, ())
                   if m in self.given]
        if len(members) >= self.split.split_min_size:
            split = top_split(members, similarity_matrix(self, [self.given[m]
                                                                for m in members]),
                              self.split.split_min_part)
            if split is not None:
                split = replace(split, shortness=shortness(self, members, self.given,
                                                           self.short),
                                names=name_contrast(split.larger, split.smaller, self.names))
            if split is not None and split.passes(self.split.split_ratio,
                                                  self.split.split_scaled,
                                                  self.split.split_guard):
                owner = {m: i for i, part in enumerate((split.larger, split.smaller))
                         for m in part}
                rest = [m for m in self.members_of([done.story_id])[done.story_id]
                        if m not in owner]  # near-copies: with the part of their original
                parts = [list(split.larger), list(split.smaller)]
                for m in rest:
                    original = self.articles[m].duplicate_of
                    parts[owner.get(original or "", 0)].append(m)
                self.part(parts, self.articles)
                self.splits.append(split)
        return done
