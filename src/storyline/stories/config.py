"""The clusterer's settings: every tuned number, with how it was set.

Calibrated on ECB+ (../shared/data/ecbplus, 772 documents, 66 gold stories) with
benchmarks/clustering.py; the figures quoted are subtopic-level B-cubed F1 there.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.errors import UsageError

__all__ = ["ClusterSettings"]

#: Body words after the title that feed the lexical vector. CALIBRATION PENDING.
LEAD_WORDS = 100
#: An article joins the best-scoring story at or above this combined similarity, else it
#: starts a story. CALIBRATION PENDING.
ASSIGN_THRESHOLD = 0.08
#: A story that its articles joined with similarity x on average asks a newcomer for at
#: least this share of x (and never less than ASSIGN_THRESHOLD). A tight story (the same
#: wire facts retold) is not joined by a loosely related report of another event of the
#: same kind, which a loose story (features, follow-ups) would accept. CALIBRATION PENDING.
COHESION_RATIO = 0.55
#: The most a story asks of a newcomer, however tight it is: two outlets running the same
#: wire text lightly edited (not near-copies) join at 0.8 or more, and without a cap the
#: story would then turn away ordinary follow-ups. CALIBRATION PENDING.
COHESION_CAP = 0.25
#: Two stories whose centroids score at least this (same formula, story against story) are
#: one story; checked when an article matches both. CALIBRATION PENDING.
MERGE_THRESHOLD = 0.5
#: Share of the content similarity that is lexical (TF-IDF cosine); the rest is the
#: entity cosine. CALIBRATION PENDING.
LEXICAL_WEIGHT = 0.5
#: Within one language, a story whose lexical cosine with the article is below this scores
#: 0, whatever the entities say. In a synthetic stream of 20,000 unrelated stories (Zipfian
#: names: the same capitals and leaders recur), shared names alone made 22% of articles
#: join a wrong story at the 0.08 threshold; this floor leaves 0.03%, and changes ECB+
#: subtopic F1 by less than 0.001 (benchmarks/clustering.py).
MIN_LEXICAL = 0.05
#: Term IDF is raised to this power before the cosine. Two reports of one event share its
#: rare words (names, places, figures); two events of one kind share common ones
#: ("earthquake", "rehab"), which plain IDF still weighs heavily inside a topic. On ECB+,
#: power 2 raised cross-validated subtopic F1 from 0.891 to 0.906 (1.5: 0.89, 3: 0.87).
IDF_POWER = 2.0
#: Days over which time proximity decays by a factor e: similarity x exp(-gap / scale),
#: where gap is the days between the article and the story's first..last dates (0 inside).
#: CALIBRATION PENDING.
TIME_SCALE_DAYS = 180.0
#: Terms kept per story centroid (the heaviest by TF-IDF). Bounds memory per story; on
#: ECB+ 100 and 400 gave the same partition. CALIBRATION PENDING.
CENTROID_TERMS = 100

# -- blocking (the approximate nearest-neighbour step) -------------------------------------
#: An article looks up the stories posted under its heaviest terms and its entities.
QUERY_TERMS = 10
QUERY_ENTITIES = 8
#: A story is posted under its heaviest centroid terms and entities.
KEY_TERMS = 8
KEY_ENTITIES = 6
#: Stories remembered per key, most recently updated first: a common word's list would
#: otherwise grow with the archive and so would the cost of each assignment.
POSTING_CAP = 48
#: Stories scored exactly per article: those with the most key hits, then the most recent.
MAX_CANDIDATES = 48
#: The most recently updated stories are always scored too (small collections, and
#: articles whose terms are all new).
RECENT_STORIES = 16


@dataclass(frozen=True, kw_only=True)
class ClusterSettings:
    """Everything that changes which story an article joins. Stored with the index, so a
    persisted index keeps the settings it was built with until a recluster."""

    lead_words: int = LEAD_WORDS
    assign_threshold: float = ASSIGN_THRESHOLD
    merge_threshold: float = MERGE_THRESHOLD
    cohesion_ratio: float = COHESION_RATIO
    cohesion_cap: float = COHESION_CAP
    lexical_weight: float = LEXICAL_WEIGHT
    min_lexical: float = MIN_LEXICAL
    idf_power: float = IDF_POWER
    time_scale_days: float = TIME_SCALE_DAYS
    centroid_terms: int = CENTROID_TERMS
    query_terms: int = QUERY_TERMS
    query_entities: int = QUERY_ENTITIES
    key_terms: int = KEY_TERMS
    key_entities: int = KEY_ENTITIES
    posting_cap: int = POSTING_CAP
    max_candidates: int = MAX_CANDIDATES
    recent_stories: int = RECENT_STORIES

    def __post_init__(self) -> None:
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise UsageError(f"lexical_weight must be in [0, 1], got {self.lexical_weight}")
        if self.time_scale_days <= 0:
            raise UsageError(f"time_scale_days must be positive (days), got {self.time_scale_days}")
        for name in ("lead_words", "centroid_terms", "posting_cap", "max_candidates"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name} must be at least 1, got {getattr(self, name)}")
