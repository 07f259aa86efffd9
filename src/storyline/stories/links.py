"""Average link: how close an article (or a story) is to a story, member by member.

A centroid answers "does the article look like the story as a whole?"; the average of
its similarities with the story's members answers "how close is it to a typical report?"
(the linkage of the TF-IDF + agglomerative baseline). The second keeps working when a
story's reports use different words (headlines of one event written by forty outlets):
their centroid spreads over many words and a short newcomer matches little of it, while
it may match several members well. Two stories are compared the same way, over pairs of
members, which is what lets a story split by the order of arrival be mended.

A story keeps a bounded sample of its members (`Member`: the sparse vectors the index
compares), its first and its most recent ones, so the cost per comparison and the memory
per story do not grow with the story. IDF is applied at comparison time, as for centroids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Member", "average_links", "keep_sample"]

Idf = Callable[[NDArray[np.int32]], NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class Member:
    """One sampled member: its term columns and weights (sublinear, L2-normalised before
    IDF) and its entity columns."""

    terms: NDArray[np.int32]
    weights: NDArray[np.float32]
    entities: NDArray[np.int32]


def keep_sample(members: Sequence[Member], size: int) -> list[Member]:
    """At most `size` members: the first half of the budget to the earliest, the rest to
    the most recent (a story's founding reports and where it is now)."""
    if len(members) <= size:
        return list(members)
    early = size // 2
    return [*members[:early], *members[len(members) - (size - early):]]


@dataclass(frozen=True, slots=True)
class _Rows:
    """Unit-length IDF-weighted rows, flattened: row of each entry, its column, its value."""

    count: int
    row: NDArray[np.intp]
    columns: NDArray[np.int32]
    values: NDArray[np.float64]


def _unit_rows(rows: Sequence[tuple[NDArray[np.int32], NDArray[np.float32]]], idf: Idf) -> _Rows:
    lengths = [len(columns) for columns, _ in rows]
    if not sum(lengths):
        return _Rows(len(rows), np.zeros(0, np.intp), np.zeros(0, np.int32), np.zeros(0))
    columns = np.concatenate([c for c, _ in rows]).astype(np.int32)
    values = np.concatenate([v for _, v in rows]).astype(np.float64) * idf(columns)
    row = np.repeat(np.arange(len(rows)), lengths)
    norms = np.sqrt(np.bincount(row, weights=values * values, minlength=len(rows)))
    return _Rows(len(rows), row, columns, values / np.where(norms > 0, norms, 1.0)[row])


def _cosines(query: _Rows, other: _Rows) -> NDArray[np.float64]:
    """Every query row against every other row: only the query's columns can contribute
    to a dot product, so both sides become dense over those columns alone."""
    used = np.unique(query.columns)
    result = np.zeros((query.count, other.count))
    if not len(used) or not len(other.columns):
        return result
    dense_query = np.zeros((query.count, len(used)))
    dense_query[query.row, np.searchsorted(used, query.columns)] = query.values
    at = np.minimum(np.searchsorted(used, other.columns), len(used) - 1)
    hit = used[at] == other.columns
    dense_other = np.zeros((other.count, len(used)))
    dense_other[other.row[hit], at[hit]] = other.values[hit]
    return np.asarray(dense_query @ dense_other.T, dtype=np.float64)


def average_links(query: Sequence[Member], samples: Sequence[Sequence[Member]], *,
                  idf: Idf, entity_idf: Idf, lexical_weights: NDArray[np.float64],
                  min_lexical: float) -> NDArray[np.float64]:
    """For each sample, the mean over (query member, sample member) pairs of the pair's
    content similarity: `w * lexical + (1 - w) * entities` (w per sample: 0 across
    languages), 0 where w > 0 and the lexical cosine is under `min_lexical` (shared names
    alone are coincidence), as for centroids."""
    count = len(samples)
    if count == 0 or not query:
        return np.zeros(count)
    flat = [m for sample in samples for m in sample]
    if not flat:
        return np.zeros(count)
    q_lex = _unit_rows([(m.terms, m.weights) for m in query], idf)
    s_lex = _unit_rows([(m.terms, m.weights) for m in flat], idf)
    q_ent = _unit_rows([(m.entities, np.ones(len(m.entities), np.float32)) for m in query],
                       entity_idf)
    s_ent = _unit_rows([(m.entities, np.ones(len(m.entities), np.float32)) for m in flat],
                       entity_idf)
    lexical = _cosines(q_lex, s_lex)
    entity = _cosines(q_ent, s_ent)
    lengths = [len(sample) for sample in samples]
    owner = np.repeat(np.arange(count), lengths)
    weight = lexical_weights[owner][None, :]
    pair = weight * lexical + (1 - weight) * entity
    pair = np.where((weight == 0) | (lexical >= min_lexical), pair, 0.0)
    sums = np.bincount(owner, weights=pair.sum(axis=0), minlength=count)
    pairs = np.array(lengths, dtype=np.float64) * len(query)
    return np.divide(sums, pairs, out=np.zeros(count), where=pairs > 0)
