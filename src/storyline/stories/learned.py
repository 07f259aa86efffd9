"""A learned mix of the similarity signals: the probability that an article (or a story)
and a candidate story tell the same event, from a logistic model over a few signals.

The hand-set mix (`index.py`: `w * lexical + (1 - w) * entities`, times a time decay)
weighs each signal the same whatever the others say. A logistic model fitted on labelled
decisions (an article against each candidate story the online clusterer scored, labelled
"same gold story" or not: `benchmarks/clustering.py`, `pair_decisions`) learns how much
each is worth. The weights are plain numbers in `config.py`
(`LEARNED_WEIGHTS`), not a pickled model: they load with the code and are reviewed with it.

The signals (`SIGNALS`), per candidate:
- lexical: TF-IDF cosine with the story's centroid, divided by the shortness factor of a
  headline or teaser (what the same share of matching words would give a full article;
  the hand-set mix scales its bars by the same factor instead), capped at 1;
- entities: the IDF-weighted entity cosine, scaled the same way, times the mean IDF of the
  names both sides share over the IDF of a name seen once: a cosine alone is 1 for two
  articles whose only name is the same, however common that name is (a president in
  every report); times its rarity, a name in every article counts 1 / (1 + log n) of a
  name only these two share;
- time: log(1 + days between the article and the story's first..last dates), 0 when
  either side is undated (unknown is not "far");
- story size: log(1 + articles in the story).

(Also tried: the product of lexical and entities, which the fit gave a negative weight
larger than lexical's own, so that with the names matching, more words in common lowered
the probability: a model we would not ship, whatever it scores; and the story's tightness,
the length of its summed unit term vectors over its size, alone and times lexical: in
sample 0.899 / 0.720 on ECB+ / UCI against 0.902 / 0.722 without; both left out.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from storyline.errors import UsageError

__all__ = ["SIGNALS", "pair_signals", "probability"]

#: The signals, in the order of a weight table after its intercept.
SIGNALS = ("lexical", "entities", "log_gap_days", "log_story_size")


def pair_signals(lexical: NDArray[np.float64], entity: NDArray[np.float64],
                 gap_days: Sequence[float | None], shortness: NDArray[np.float64] | float,
                 story_sizes: Sequence[int]) -> NDArray[np.float64]:
    """The signal matrix (one row per candidate, columns as `SIGNALS`)."""
    scale = np.broadcast_to(np.asarray(shortness, dtype=np.float64), lexical.shape)
    lex = np.minimum(1.0, lexical / np.maximum(scale, 1e-6))
    ent = np.minimum(1.0, entity / np.maximum(scale, 1e-6))
    gap = np.array([0.0 if g is None else math.log1p(max(0.0, g)) for g in gap_days])
    size = np.log1p(np.asarray(story_sizes, dtype=np.float64))
    return np.column_stack([lex, ent, gap, size]).reshape(len(lexical), len(SIGNALS))


def probability(weights: Sequence[float], signals: NDArray[np.float64]) -> NDArray[np.float64]:
    """The logistic model's probability per row: `weights` is the intercept, then one
    weight per signal."""
    if len(weights) != len(SIGNALS) + 1:
        raise UsageError(f"learned_weights needs {len(SIGNALS) + 1} numbers (intercept, then "
                         f"{', '.join(SIGNALS)}), got {len(weights)}")
    if not len(signals):
        return np.zeros(0)
    logit = weights[0] + signals @ np.asarray(weights[1:], dtype=np.float64)
    return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)
