"""The split check: a story whose members form two events becomes two stories.

Placement cannot tell the first report of a second event of the same kind from the first
event's (it shares the kind's names and words), and the second event's later reports
follow it into the story. Once several of them are in, the story's members can tell: they
form two groups, tight inside and loose between. The check clusters a story's members by
average link (Sokal & Michener's UPGMA, scipy's `linkage`) on the index's own similarity
(`similarities`), takes the first split from the top whose two sides both hold at least
`split_min_part` articles (a smaller side is an outlier, set aside, then put with the
group it is closer to), and splits when the mean similarity between the groups is below
`split_ratio` times the mean within them (each group's mean over its pairs, the two
averaged): a relative test, as the similarity scale differs between full reports and
headlines (`split_scaled` also scales it by the index's shortness for headline stories).
Measured in benchmarks/clustering.py (ISSUE11_EXPERIMENTS, "fifth round").

The guard (`split_guard`, the sixth round): two events of one kind each have names of their
own (the other coach, the other ship), where two angles of one event share theirs (the
Haiti earthquake's first week told from the UN's side and from the charities' cut by the
ratio alone on T17). `name_contrast` is, per part, the largest share of its members
holding a name less the share of the other part's members holding it, the smaller of the
two parts' figures; the split needs it at least `split_guard` (scaled as the ratio is).
Names are pseudo-entities without figures (a magnitude or a toll is a detail of the
event, not whose it is). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.hierarchy import linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

from storyline.stories.features import N_FEATURES

__all__ = ["Split", "name_contrast", "names_only", "similarities", "top_split"]


@dataclass(frozen=True, slots=True)
class Split:
    """The top average-link split of a story's members: the two groups (larger first,
    members in the story's order) and the mean similarities between and within them."""

    larger: tuple[str, ...]
    smaller: tuple[str, ...]
    between: float
    within: float

    def passes(self, ratio: float) -> bool:
        """Two events: the groups are further apart than `ratio` of their own tightness."""
        return self.between < ratio * self.within


def names_only(entities: Iterable[str]) -> frozenset[str]:
    """The names among pseudo-entities: figures ('#7.0') left out."""
    return frozenset(e for e in entities if not e.startswith("#"))


def name_contrast(larger: Sequence[str], smaller: Sequence[str],
                  names: Mapping[str, AbstractSet[str]]) -> float:
    """How far each part has a name of its own: per part, the largest (share of its members
    holding a name - share of the other part's members holding it); the smaller of the two
    parts' figures, in [0, 1] (0: a part has no name the other holds less)."""
    def shares(group: Sequence[str]) -> dict[str, float]:
        counts: dict[str, int] = {}
        for member in group:
            for name in names.get(member, ()):
                counts[name] = counts.get(name, 0) + 1
        return {name: count / len(group) for name, count in counts.items()}

    big, small = shares(larger), shares(smaller)
    own_big = max((share - small.get(n, 0.0) for n, share in big.items()), default=0.0)
    own_small = max((share - big.get(n, 0.0) for n, share in small.items()), default=0.0)
    return max(0.0, min(own_big, own_small))


def _unit_rows(columns: Sequence[NDArray[np.int32]],
               values: Sequence[NDArray[np.float32]]) -> csr_matrix:
    """Sparse rows (one per member) scaled to unit length (empty rows stay empty)."""
    indptr = np.concatenate([[0], np.cumsum([len(c) for c in columns])])
    matrix = csr_matrix((np.concatenate(values).astype(np.float64),
                         np.concatenate(columns), indptr), shape=(len(columns), N_FEATURES))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(matrix.multiply(1.0 / norms[:, None]))


def similarities(terms: Sequence[NDArray[np.int32]], term_weights: Sequence[NDArray[np.float32]],
                 entities: Sequence[NDArray[np.int32]],
                 entity_weights: Sequence[NDArray[np.float32]],
                 lexical_weight: float) -> NDArray[np.float64]:
    """Pairwise content similarity of members as placement mixes it: `lexical_weight` x
    the cosine of their (IDF-weighted) terms + the rest x the cosine of their entities."""
    words = _unit_rows(terms, term_weights)
    names = _unit_rows(entities, entity_weights)
    mixed = lexical_weight * (words @ words.T) + (1 - lexical_weight) * (names @ names.T)
    return np.asarray(mixed.toarray(), dtype=np.float64)


def top_split(members: Sequence[str], similarity: NDArray[np.float64],
              min_part: int) -> Split | None:
    """The first split from the top of the average-link dendrogram of `members` whose
    sides both hold at least `min_part` (>= 1) articles; None when there is none."""
    n, least = len(members), max(1, min_part)
    if n < 2 * least:
        return None
    distance = np.clip(1.0 - (similarity + similarity.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), "average")
    children = {n + i: (int(a), int(b)) for i, (a, b, _, _) in enumerate(tree)}
    sizes = {n + i: int(row[3]) for i, row in enumerate(tree)}

    def size(node: int) -> int:
        return 1 if node < n else sizes[node]

    def leaves(node: int) -> list[int]:
        stack, found = [node], []
        while stack:
            item = stack.pop()
            if item < n:
                found.append(item)
            else:
                stack.extend(children[item])
        return found

    node, outliers = 2 * n - 2, []
    while True:
        big_node, small_node = sorted(children[node], key=size, reverse=True)
        if size(small_node) >= least:
            break
        outliers.extend(leaves(small_node))
        if size(big_node) < 2 * least:
            return None
        node = big_node
    big, small = leaves(big_node), leaves(small_node)
    between = float(similarity[np.ix_(big, small)].mean())
    within = (_mean_within(similarity, big) + _mean_within(similarity, small)) / 2
    for item in outliers:
        closer = big if similarity[item, big].mean() >= similarity[item, small].mean() else small
        closer.append(item)
    if len(small) > len(big):
        big, small = small, big
    return Split(larger=tuple(members[i] for i in sorted(big)),
                 smaller=tuple(members[i] for i in sorted(small)),
                 between=between, within=within)


def _mean_within(similarity: NDArray[np.float64], group: list[int]) -> float:
    """Mean similarity over a group's pairs (a group of one: 1, it is as tight as can be)."""
    if len(group) < 2:
        return 1.0
    block = similarity[np.ix_(group, group)]
    return float((block.sum() - np.trace(block)) / (len(group) * (len(group) - 1)))
