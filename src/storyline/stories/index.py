"""Online story clustering: each article, in publication order, joins a story or starts one.

Single-pass clustering with centroids, as in the TDT "first story detection" systems
(Allan, Papka & Lavrenko 1998, "On-line new event detection and tracking"): a story is the
sum of its articles' vectors, an article is compared with the stories near it, and it
starts a new story when none is close enough. What "close" means here:

    similarity = w * lexical + (1 - w) * entities - penalty * log(1 + gap_days)

when an article is placed (up to `penalty_days`, two years, beyond which the excess
decays as below; articles in another language than the story's, compared by their names
alone, always decay), and (w * lexical + (1 - w) * entities) * exp(-gap_days / scale)
when two stories are compared for a merge (time as a penalty lets a late follow-up in the
story's words join; the decay keeps stories far apart in time from being folded):

- lexical: cosine of TF-IDF vectors over the title and lead, IDF raised to a power (rare
  words name the event; common ones its kind). IDF comes from the document frequencies of
  every article seen so far (hashed columns, see `features.py`): an online process cannot
  refit IDF on every article, and a fixed IDF from a calibration corpus would not know the
  names of tomorrow's news. Centroids keep term frequencies and take the current IDF at
  comparison time, so an old story is weighed with today's IDF;
- entities: cosine of IDF-weighted entity counts (given ids, or pseudo-entities);
- gap_days: days between the article and the story's first..last dates (0 inside); an
  undated side leaves the similarity as it is (unknown is not "far"); the penalty is
  scaled like the bars for headlines and teasers (below); with `time_penalty` 0 the
  decay places articles too;
- optionally (settings `embedding_weight` > 0, packages of requirements-embed.txt), a
  share e of the content part goes to the cosine of sentence embeddings, rescaled above a
  floor: (1 - e) * content + e * semantic. Off by default: see the verdict in `config.py`.

"Close enough" depends on the story: a newcomer needs the global threshold, and also a
share of the similarity with which the story's own articles joined it (capped). A tight
story of one event is then not joined by a report of another event of the same kind that
a loose story would accept (the TDT literature's story-specific thresholds).
Both bars, and the merge threshold, are set for full articles: a headline or a teaser
(`Article.text_kind`) reaches a lower cosine with the same share of its words matching, so
for such an article of n distinct terms they are scaled by sqrt(n / short_terms) when n is
below it (for the merges it prompts, n is the two stories' mean article length). A full
article keeps the bars however short it is: a short report is still a whole report.

Two more rules of issue 11's third round (on by default; `config.py` has what they were
measured to do): the lexical floor is scaled for headlines and teasers as the bars are
(`floor_scaled`), and a story of `fragment_size` articles or fewer (an article that fell
short of a bar when it came) joins another at that story's bar rather than the merge
threshold (with the hand-set mix: the learned one keeps its merge threshold). Switched
off, with `time_penalty` 0, they give the clustering of before.

Optionally (`link_weight` > 0), a share of the similarity is the average link over a
bounded sample of the story's members (`links.py`), for an article and for a merge.

Optionally (`name_penalty` > 0; off, as measured in `config.py`), negative evidence: an
article placed against a story pays a penalty for the share of its distinctive lead names
the story never gives and of the story's distinctive names it never gives (the smaller of
the two; nothing when either side has none): another event of the same kind.

Finding the stories "near" an article is a blocking step, so that the cost of an
assignment does not grow with the archive: an inverted index from the heaviest centroid
terms and entities to the stories most recently updated under each (a capped list), plus
the few stories updated last. Only those candidates are scored exactly.

After each assignment the story is compared, centroid to centroid, with the article's
other candidates; at or above the merge threshold two stories become one under the older
story's id, and the merge is recorded. Story ids are a hash of the founding article's id;
feeding articles in publication order (`assignment_order`) makes the result independent of
batch order, and a later article never moves an earlier one to another story, except by a
recorded merge.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import heapq
import json
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import chain
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from storyline.errors import StoreError, UsageError
from storyline.model import Article
from storyline.stories import embed
from storyline.stories.config import SPLIT_MAX_SIZE, ClusterSettings
from storyline.stories.entities import pseudo_entities
from storyline.stories.features import N_FEATURES, Entities, Features, Featurizer
from storyline.stories.lazy import Lazy
from storyline.stories.learned import pair_signals, probability
from storyline.stories.links import Member, average_links, keep_sample
from storyline.stories.records import Assignment, Merge
from storyline.stories.split import Split, name_contrast, names_only, similarities, top_split
from storyline.stories.text import OrderKey, order_key

__all__ = ["FORMAT", "IndexRows", "IndexSource", "StoryIndex", "assignment_order", "story_id"]

#: Version of `StoryIndex.to_dict`; `from_dict` refuses others (recluster instead).
#: 2: arrays as base64 bytes instead of JSON lists. 3: each story keeps a sample of its
#: members for average link (`links.py`). 4: only headlines and teasers get the short
#: bars (the same index places full articles differently from format 3). 5: the settings
#: hold how signals are combined (`combine`, `learned_weights`). 6: stored as rows (one per
#: story, article and posting) read on demand (`IndexRows`, `from_rows`), no longer one
#: blob; the merges of a session are not stored. 7: a story's founder keeps its order of
#: arrival (`order_key`: one day's articles in the order they came, not by id).
FORMAT = 7
#: Changed count columns kept beside the stored whole counts before they are written
#: whole again (a refresh of k articles changes about 100 k columns; rewriting the 8 MB
#: arrays every few hundred articles keeps both the writes and the reads small).
COUNT_CHANGES_KEPT = 50_000
#: Posting keys for entities sit above the term columns.
_ENTITY_KEY = N_FEATURES


def assignment_order(articles: Iterable[Article]) -> list[Article]:
    """Publication order (`order_key`: date, undated last, then arrival), except that a
    near-copy comes right after its canonical copy when both are present: on the same day
    the copy may sort first (the agency's own copy is canonical even when it came later),
    and the original should found the story, not follow its copy."""
    unique = {a.id: a for a in articles}
    copies: dict[str, list[Article]] = {}
    for article in unique.values():
        if article.duplicate_of is not None and article.duplicate_of in unique:
            copies.setdefault(article.duplicate_of, []).append(article)
    ordered: list[Article] = []
    for article in sorted(unique.values(), key=order_key):
        if article.duplicate_of is not None and article.duplicate_of in unique:
            continue
        ordered.append(article)
        ordered.extend(sorted(copies.get(article.id, ()), key=order_key))
    return ordered


def story_id(founding_article_id: str) -> str:
    """A story's id: a hash of its founding article's id (stable across re-runs)."""
    return "s" + hashlib.sha256(founding_article_id.encode()).hexdigest()[:15]


class _Story:
    """A story's mutable state inside the index."""

    __slots__ = ("articles", "entities", "entity_counts", "first", "founder", "founder_key",
                 "id", "join_count", "join_sum", "languages", "last", "merged_from", "sample",
                 "seq", "size", "sums", "term_count", "terms", "vector")

    def __init__(self, *, id: str, founder: str, founder_key: OrderKey,
                 seq: int) -> None:
        self.id, self.founder, self.founder_key, self.seq = id, founder, founder_key, seq
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.articles: list[str] = []
        self.size = 0  # articles in the centroid (near-copies are not)
        self.term_count = 0  # distinct terms of those articles, summed (their mean length)
        self.join_sum = 0.0  # similarities with which its articles joined (founder excluded)
        self.join_count = 0
        self.terms: NDArray[np.int32] = np.zeros(0, np.int32)
        self.sums: NDArray[np.float32] = np.zeros(0, np.float32)
        self.entities: NDArray[np.int32] = np.zeros(0, np.int32)
        self.entity_counts: NDArray[np.float32] = np.zeros(0, np.float32)
        self.merged_from: list[str] = []
        self.languages: set[str] = set()  # of the articles in the centroid
        #: Sum of its articles' unit sentence embeddings (float16: 768 bytes), when on.
        self.vector: NDArray[np.float16] | None = None
        #: Members compared one by one for average link (`links.keep_sample`).
        self.sample: list[Member] = []

    def bar(self, settings: ClusterSettings, languages: AbstractSet[str] = frozenset()) -> float:
        """The similarity a newcomer (in `languages`) needs: a share of how closely this
        story's own articles matched it (capped), and never less than the global threshold.
        A newcomer in other languages than the story's is compared by names alone, on
        another scale than the joins that set that share: it needs the global threshold,
        as it would to join a story of one article (else whether a German report joins
        English ones depended on how many English ones came first)."""
        if not self.join_count or _across(languages, self.languages):
            return settings.assign_threshold
        cohesion = settings.cohesion_ratio * self.join_sum / self.join_count
        return max(settings.assign_threshold, min(settings.cohesion_cap, cohesion))

    def add_dates(self, first: dt.date | None, last: dt.date | None) -> None:
        if first is not None:
            self.first = first if self.first is None else min(self.first, first)
        if last is not None:
            self.last = last if self.last is None else max(self.last, last)


@dataclass(frozen=True, slots=True)
class _Query:
    """What is compared with candidate stories: an article, or a story when merging."""

    terms: NDArray[np.int32]
    weights: NDArray[np.float32]
    entities: NDArray[np.int32]
    entity_counts: NDArray[np.float32]
    first: dt.date | None
    last: dt.date | None
    languages: frozenset[str]
    vector: NDArray[np.float16] | None = None
    #: The members it is made of, for average link: the article itself, or a story's sample.
    members: tuple[Member, ...] = ()
    #: The names its title and lead give (an article's; none for a story being merged).
    lead_entities: NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))


def _add_sparse(a_idx: NDArray[np.int32], a_val: NDArray[np.float32], b_idx: NDArray[np.int32],
                b_val: NDArray[np.float32]) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
    """The sum of two sparse vectors (sorted indices in, sorted indices out)."""
    if not len(a_idx):
        return b_idx.copy(), b_val.astype(np.float32)
    idx, inverse = np.unique(np.concatenate((a_idx, b_idx)), return_inverse=True)
    val = np.bincount(inverse, weights=np.concatenate((a_val, b_val)), minlength=len(idx))
    return idx.astype(np.int32), val.astype(np.float32)


def _add_dense(a: NDArray[np.float16] | None,
               b: NDArray[np.float16] | None) -> NDArray[np.float16] | None:
    """Sum of two embedding vectors (either may be missing), added in float32."""
    if a is None or b is None:
        return b if a is None else a
    return (a.astype(np.float32) + b.astype(np.float32)).astype(np.float16)


def _top(values: NDArray[np.float32], k: int) -> NDArray[np.intp]:
    """Positions of the k largest values, largest first, ties by position (deterministic)."""
    order = np.arange(len(values)) if len(values) <= k else np.argpartition(-values, k - 1)[:k]
    return order[np.lexsort((order, -values[order]))]


class IndexSource(Protocol):
    """Where a stored index's rows are read from, a few at a time (the store)."""

    def index_stories(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """Stored stories by id (`_story_dict` shapes)."""
        ...

    def index_story_seqs(self, ids: Collection[str]) -> dict[str, int]:
        """When each stored story was last touched (its `seq`), without reading it."""
        ...

    def index_story_of(self, article_ids: Collection[str]) -> dict[str, str]:
        """The stored story of each article."""
        ...

    def index_postings(self, keys: Collection[int]) -> dict[int, str | tuple[str, ...]]:
        """Stored postings by key."""
        ...

    def index_everything(self) -> tuple[dict[str, dict[str, Any]], dict[str, str],
                                        dict[int, str | tuple[str, ...]]]:
        """Every stored story, article and posting (a rebuild or a whole listing)."""
        ...


@dataclass(frozen=True, kw_only=True)
class IndexRows:
    """What to write of an index: its counts and settings (`meta`), and the stories,
    article placements and postings that changed (`whole`: all of them, replacing what
    is stored)."""

    meta: dict[str, Any]
    #: The term and entity document frequencies whole (raw int32 arrays), or None when
    #: only `count_changes` (kind 0 terms, 1 entities; column; count) are to be stored.
    counts: tuple[bytes, bytes] | None
    count_changes: list[tuple[int, int, int]]
    #: Made as they are read, once (write them before the index changes again).
    stories: Iterable[tuple[str, int, str]]      # id, seq, JSON of `_story_dict`
    removed_stories: list[str]
    articles: Iterable[tuple[str, str]]          # article id, story id
    removed_articles: list[str]
    postings: Iterable[tuple[int, str]]          # key, story ids separated by spaces
    whole: bool


class StoryIndex:
    """The stories built so far and what is needed to place the next article.

    `assign` is the online step. A stored index is read on demand (`from_rows`): a
    refresh reads the stories, placements and postings the new articles meet and writes
    back what changed (`rows`), so its cost follows the new articles, not the archive.
    `to_dict`/`from_dict` give the whole index as plain JSON-ready data. Not thread-safe:
    one writer, like the store.
    """

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings()
        if self.embed_words and not embed.available():
            raise UsageError("these story settings use sentence embeddings "
                             f"(embedding_weight {self.settings.embedding_weight}), which need "
                             f"the optional packages: {embed.INSTALL_HINT}")
        self._featurizer = Featurizer(self.settings.lead_words, self.embed_words,
                                      lead_names=self.settings.name_penalty > 0)
        self._stories: Lazy[str, _Story] = Lazy()
        self._article_story: Lazy[str, str] = Lazy()
        self._n = 0
        self._df = np.zeros(N_FEATURES, np.int32)
        self._edf = np.zeros(N_FEATURES, np.int32)
        self._postings: Lazy[int, str | tuple[str, ...]] = Lazy()
        self._source: IndexSource | None = None
        #: Seqs of stories read from the store and not loaded: read once per index.
        self._stored_seqs: dict[str, int] = {}
        #: The counts as read from the store (None: not read, so written whole), and how
        #: many changed columns the store holds beside them.
        self._read_counts: tuple[NDArray[np.int32], NDArray[np.int32]] | None = None
        self._stored_changes = 0
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._seq = 0
        self._scratch = np.zeros(N_FEATURES, np.float32)
        self.merges: list[Merge] = []
        #: Stories scored exactly since this index was created or loaded (not persisted):
        #: divided by the articles assigned, the blocking's work per article.
        self.candidates_scored = 0

    @property
    def embed_words(self) -> int:
        """Body words embedded per article: 0 when this index's settings leave embeddings
        off. Features given to `assign_many` must carry vectors when it is not 0."""
        return self.settings.embed_words if self.settings.embedding_weight > 0 else 0

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        self.load_whole()
        return len(self._stories)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._article_story

    def story_of(self, article_id: str) -> str | None:
        """The story an article is in, or None if the index has not seen it."""
        return self._article_story.get(article_id)

    def members(self) -> dict[str, tuple[str, ...]]:
        """Story id -> its article ids (in the order they joined), stories oldest first.
        Reads a stored index whole: a refresh lists `touched` stories instead."""
        self.load_whole()
        ordered = sorted(self._stories.values(), key=lambda s: s.founder_key)
        return {s.id: tuple(s.articles) for s in ordered}

    def prefetch(self, article_ids: Collection[str]) -> None:
        """Read the placements of these articles in one call (before asking `in`)."""
        self._article_story.fetch(article_ids)

    def members_of(self, stories: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """`members` of these stories only (those that exist), oldest first."""
        wanted = list(dict.fromkeys(stories))
        self._stories.fetch(wanted)
        found = [self._stories[sid] for sid in wanted if sid in self._stories]
        return {s.id: tuple(s.articles) for s in sorted(found, key=lambda s: s.founder_key)}

    def touched(self) -> list[str]:
        """The stories created or changed since this index was made or read (oldest
        first): the only ones whose members can differ from what was stored."""
        live = self._stories.loaded()
        return sorted((sid for sid in self._stories.changed if sid in live),
                      key=lambda sid: live[sid].founder_key)

    def merged_from(self, story: str) -> tuple[str, ...]:
        """The ids of the stories folded into `story` over its life."""
        return tuple(self._stories[story].merged_from)

    # -- assigning -------------------------------------------------------------------------
    def assign(self, article: Article, entities: Collection[str] | None = None) -> Assignment:
        """Place one article: join the most similar story or start one. Assigning an
        article the index has seen changes nothing. `entities` are the article's entity
        ids (None: pseudo-entities from its capitalised names)."""
        given = None if entities is None else {article.id: entities}
        return self._assign(article, lambda: self._featurizer.features([article], given)[0])

    def assign_many(self, articles: Sequence[Article], entities: Entities | None = None,
                    features: Mapping[str, Features] | None = None) -> list[Assignment]:
        """Place articles in publication order (see `assignment_order`), whatever order
        they came in. Features are computed in one batch, unless given (`Featurizer` is
        stateless, so a runner may compute them in other processes; they must come from a
        `Featurizer` with this index's `lead_words`, and with `lead_names` when its
        `name_penalty` is on: without them no article has lead names and the penalty is
        never paid). Returns assignments in that order."""
        ordered = assignment_order(articles)
        self._article_story.fetch({i for a in ordered for i in (a.id, a.duplicate_of) if i})
        if features is None:
            todo = [a for a in ordered if a.id not in self._article_story]
            computed = self._featurizer.features(todo, entities)
            features = dict(zip((a.id for a in todo), computed, strict=True))
        return [self._assign(a, partial(features.__getitem__, a.id)) for a in ordered]

    def _assign(self, article: Article, featurize: Callable[[], Features]) -> Assignment:
        known = self._article_story.get(article.id)
        if known is not None:
            return Assignment(story_id=known, created=False, score=1.0)
        canonical = article.duplicate_of
        if canonical is not None and canonical in self._article_story:
            story = self._stories[self._article_story[canonical]]
            self._join(story, article)
            return Assignment(story_id=story.id, created=False, score=1.0,
                              near_copy_of=canonical)

        features = featurize()
        self._count(features)
        query = self._query(article, features)
        short = article.text_kind != "full"  # a headline or teaser: lower bars
        shortness = self._shortness(len(query.terms)) if short else 1.0
        learned = self.settings.combine == "learned"
        bar_scale = 1.0 if learned else shortness  # the learned model reads shortness itself
        candidates = self._candidates(query, bar_scale)
        self.candidates_scored += len(candidates)
        scores = self._similarities(query, candidates, shortness, placing=True)
        settings = self.settings
        eligible = sorted(
            ((score, story) for score, story in zip(scores.tolist(), candidates, strict=True)
             if score >= story.bar(settings, query.languages) * bar_scale),
            key=lambda pair: (-pair[0], pair[1].founder_key))
        if eligible:
            best_score, story = eligible[0]
            story.join_sum += best_score
            story.join_count += 1
            created = False
        else:
            best_score, story = 0.0, self._found(article)
            created = True
        self._join(story, article)
        self._absorb_vector(story, query)
        merged: list[str] = []
        others = [other for other in candidates if other is not story]
        if others:
            query = _Query(terms=story.terms, weights=story.sums, entities=story.entities,
                           entity_counts=story.entity_counts, first=story.first, last=story.last,
                           languages=frozenset(story.languages), vector=story.vector,
                           members=tuple(story.sample))
            scales = np.array([
                self._shortness((story.term_count + other.term_count)
                                / max(1, story.size + other.size)) if short else 1.0
                for other in others])
            similarities = self._similarities(query, others, scales).tolist()
            for similarity, other, scale in sorted(
                    zip(similarities, others, scales.tolist(), strict=True),
                    key=lambda row: (-row[0], row[1].founder_key)):
                if other.id not in self._stories:
                    continue
                if similarity >= self._merge_bar(story, other) * (1.0 if learned else scale):
                    story, absorbed = self._merge(story, other, article.id, similarity)
                    merged.append(absorbed)
        self._post(story)
        return Assignment(story_id=story.id, created=created, score=round(best_score, 6),
                          merged_from=tuple(merged))

    def _merge_bar(self, a: _Story, b: _Story) -> float:
        """The similarity at which two stories become one: the merge threshold, or, when
        the smaller is a fragment (`fragment_size` articles or fewer), the bar the larger
        sets a newcomer, if lower: a fragment is an article that fell short of a story's
        bar when it came, and the story and the word counts have moved since."""
        settings = self.settings
        large, small = (a, b) if a.size >= b.size else (b, a)
        if small.size <= settings.fragment_size and settings.combine == "linear":
            return min(settings.merge_threshold,
                       large.bar(settings, small.languages))
        return settings.merge_threshold

    def _query(self, article: Article, features: Features) -> _Query:
        return _Query(terms=features.terms, weights=features.weights,
                      entities=features.entities,
                      entity_counts=np.ones(len(features.entities), np.float32),
                      first=article.published, last=article.published,
                      languages=frozenset([article.language] if article.language else ()),
                      vector=features.vector if self.embed_words else None,
                      members=(Member(terms=features.terms, weights=features.weights,
                                      entities=features.entities),),
                      lead_entities=features.lead_entities)

    def _found(self, article: Article) -> _Story:
        sid = story_id(article.id)
        story = _Story(id=sid, founder=article.id, founder_key=order_key(article), seq=self._seq)
        self._stories[sid] = story
        return story

    def _join(self, story: _Story, article: Article) -> None:
        story.articles.append(article.id)
        story.add_dates(article.published, article.published)
        self._article_story[article.id] = story.id
        self._touch(story)

    def _touch(self, story: _Story) -> None:
        self._seq += 1
        story.seq = self._seq
        self._stories.mark(story.id)
        self._recent.pop(story.id, None)
        self._recent[story.id] = None
        while len(self._recent) > self.settings.recent_stories:
            self._recent.popitem(last=False)

    def _count(self, features: Features) -> None:
        self._n += 1
        self._df[features.terms] += 1
        self._edf[features.entities] += 1

    def _idf(self, columns: NDArray[np.int32]) -> NDArray[np.float32]:
        """Smoothed IDF of term columns with the counts of this moment, raised to
        `idf_power` (rare words, which name the event, weigh more than topic words)."""
        idf = math.log1p(self._n) + 1.0 - np.log1p(self._df[columns])
        return np.asarray(idf ** self.settings.idf_power, dtype=np.float32)

    def _entity_idf(self, columns: NDArray[np.int32]) -> NDArray[np.float32]:
        return (math.log1p(self._n) + 1.0 - np.log1p(self._edf[columns])).astype(np.float32)

    def _absorb_vector(self, story: _Story, query: _Query) -> None:
        """Add an article's vectors to the story's centroid (heaviest terms kept)."""
        story.size += 1
        story.term_count += len(query.terms)
        story.languages |= query.languages
        story.terms, story.sums = _add_sparse(story.terms, story.sums, query.terms, query.weights)
        story.entities, story.entity_counts = _add_sparse(
            story.entities, story.entity_counts, query.entities, query.entity_counts)
        story.vector = _add_dense(story.vector, query.vector)
        if self.settings.link_weight > 0:
            story.sample = keep_sample([*story.sample, *query.members],
                                       self.settings.link_sample)
        self._trim(story)

    def _trim(self, story: _Story) -> None:
        limit = self.settings.centroid_terms
        if len(story.terms) > limit:
            keep = np.sort(_top(story.sums * self._idf(story.terms), limit))
            story.terms, story.sums = story.terms[keep], story.sums[keep]

    # -- blocking --------------------------------------------------------------------------
    def _query_keys(self, query: _Query) -> list[int]:
        """The article's heaviest terms and entities among those some earlier article had
        (a word only this article has is in no posting: looking it up finds nothing)."""
        settings = self.settings
        seen = self._df[query.terms] > 1
        terms = query.terms[seen]
        keys = terms[_top(query.weights[seen] * self._idf(terms), settings.query_terms)].tolist()
        seen = self._edf[query.entities] > 1
        if seen.any():
            entities = query.entities[seen]
            weights = query.entity_counts[seen] * self._entity_idf(entities)
            top = entities[_top(weights, settings.query_entities)]
            keys += (top.astype(np.int64) + _ENTITY_KEY).tolist()
        return keys

    def _story_keys(self, story: _Story) -> list[int]:
        settings = self.settings
        keys = story.terms[_top(story.sums * self._idf(story.terms), settings.key_terms)].tolist()
        if len(story.entities):
            weights = story.entity_counts * self._entity_idf(story.entities)
            top = story.entities[_top(weights, settings.key_entities)]
            keys += (top.astype(np.int64) + _ENTITY_KEY).tolist()
        return keys

    def _post(self, story: _Story) -> None:
        """Put the story last (most recent) in the posting of each of its keys; a posting
        keeps the `posting_cap` most recent. A posting of one story is the bare id: most
        keys (rare words, names) belong to one story, and a list each would double the
        index's memory."""
        cap = self.settings.posting_cap
        keys = self._story_keys(story)
        self._postings.fetch(keys)
        for key in keys:
            posting = self._postings.get(key)
            if posting is None or posting == story.id:
                self._postings[key] = story.id
                continue
            ids = (posting,) if isinstance(posting, str) else posting
            self._postings[key] = (*(s for s in ids if s != story.id), story.id)[-cap:]

    def _posted(self, key: int) -> tuple[str, ...]:
        posting = self._postings.get(key, ())
        return (posting,) if isinstance(posting, str) else posting

    def _shortness(self, terms: float) -> float:
        """How much lower the bars are for texts of `terms` distinct terms: a short text
        (a headline) reaches a cosine about sqrt(terms / short_terms) of what a text of
        `short_terms` terms reaches with the same share of matching words, so the bars,
        set on full articles, are scaled by that (never above 1; 1 when off)."""
        reference = self.settings.short_terms
        if reference <= 0 or terms >= reference:
            return 1.0
        return math.sqrt(max(terms, 1.0) / reference)

    def _candidates(self, query: _Query, shortness: float = 1.0) -> list[_Story]:
        """The stories worth scoring exactly: most key hits, then most recent, then the
        last few updated; stories too far in time to reach the threshold are skipped."""
        keys = self._query_keys(query)
        self._postings.fetch(keys)
        hits = Counter(chain.from_iterable(self._posted(key) for key in keys))
        seqs = self._seqs([sid for sid, count in hits.items()
                           if count >= self.settings.min_key_hits])
        best = heapq.nsmallest(self.settings.max_candidates, seqs.items(),
                               key=lambda pair: (-hits[pair[0]], -pair[1]))
        stories = self._stories
        stories.fetch([sid for sid, _ in best] + list(self._recent))
        chosen = {sid: stories[sid] for sid, _ in best}
        for sid in self._recent:
            chosen.setdefault(sid, stories[sid])
        if self.settings.combine == "learned":  # time is one signal among others there
            return sorted(chosen.values(), key=lambda s: s.founder_key)
        reachable = [s for s in chosen.values()
                     if self._reach(query, s, shortness)
                     >= self.settings.assign_threshold * shortness]
        return sorted(reachable, key=lambda s: s.founder_key)

    def _seqs(self, sids: Sequence[str]) -> dict[str, int]:
        """When each of these stories was last touched (stories that no longer exist are
        left out), read from the store without loading the stories themselves."""
        live = self._stories.loaded()
        stored = self._stored_seqs
        found = {sid: live[sid].seq if sid in live else stored[sid] for sid in sids
                 if sid in live or (sid in stored and sid not in self._stories.removed)}
        missing = [sid for sid in sids if sid not in found and sid not in self._stories.removed]
        if missing and not self._stories.complete and self._source is not None:
            read = self._source.index_story_seqs(missing)
            stored.update(read)  # a story's stored seq holds until it is loaded (then `live`)
            found.update(read)
        return found

    # -- scoring ---------------------------------------------------------------------------
    def _reach(self, query: _Query, story: _Story, shortness: float) -> float:
        """The most an article can score with a story this far in time (content at most
        1): what time leaves of it when the article is placed."""
        gap = _gap_days(query.first, query.last, story.first, story.last)
        ones = np.ones(1)
        return float(max(self._timed(ones, [gap], shortness, placing=True)[0],  # same language
                         self._timed(ones, [gap], shortness, placing=False)[0]))

    def _timed(self, content: NDArray[np.float64], gaps: Sequence[int | None],
               shortness: NDArray[np.float64] | float, *, placing: bool,
               worded: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        """Content similarities with time applied (`gaps` in days, None: undated, left as
        it is). Time decays them, exp(-gap / time_scale_days); when an article is placed
        with `time_penalty` on, it is a penalty instead, time_penalty x log(1 + gap) x
        shortness, up to `penalty_days`, the excess decaying: a late follow-up in the
        story's words can still join, while a merge of two stories far apart in time, or
        a story years old, stays out of reach. `worded`: the pairs compared in words (the
        others, across languages, decay)."""
        settings = self.settings
        days = np.array([0 if gap is None else gap for gap in gaps], dtype=np.float64)
        decayed = np.asarray(content * np.exp(-days / settings.time_scale_days), dtype=np.float64)
        if not placing or settings.time_penalty <= 0:
            return decayed
        penalised = ((content - settings.time_penalty * np.asarray(shortness) * np.log1p(days))
                     * np.exp(-np.maximum(0.0, days - settings.penalty_days)
                              / settings.time_scale_days))
        if worded is None:
            return np.asarray(penalised, dtype=np.float64)
        return np.asarray(np.where(worded, penalised, decayed), dtype=np.float64)

    def _cosines(self, q_idx: NDArray[np.int32], q_val: NDArray[np.float32],
                 c_idx: list[NDArray[np.int32]], c_val: list[NDArray[np.float32]],
                 idf: Callable[[NDArray[np.int32]], NDArray[np.float32]]) -> NDArray[np.float64]:
        """Cosine of one IDF-weighted sparse vector with each of several, in one pass."""
        count = len(c_idx)
        if count == 0 or not len(q_idx):
            return np.zeros(count)
        query = q_val * idf(q_idx)
        q_norm = float(np.sqrt(np.dot(query, query)))
        lengths = [len(i) for i in c_idx]
        if q_norm == 0 or not sum(lengths):
            return np.zeros(count)
        idx = np.concatenate(c_idx)
        val = np.concatenate(c_val) * idf(idx)
        segment = np.repeat(np.arange(count), lengths)
        self._scratch[q_idx] = query
        dots = np.bincount(segment, weights=self._scratch[idx] * val, minlength=count)
        self._scratch[q_idx] = 0.0
        norms = np.sqrt(np.bincount(segment, weights=val * val, minlength=count)) * q_norm
        return np.divide(dots, norms, out=np.zeros(count), where=norms > 0)

    def _signals(self, query: _Query, stories: Sequence[_Story],
                 shortness: NDArray[np.float64] | float = 1.0,
                 ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """The learned model's signals for each story (`learned.pair_signals`), and
        whether the pair may score at all (the lexical floor within a language)."""
        lexical = self._cosines(query.terms, query.weights, [s.terms for s in stories],
                                [s.sums for s in stories], self._idf)
        entity = self._cosines(query.entities, query.entity_counts,
                               [s.entities for s in stories],
                               [s.entity_counts for s in stories], self._entity_idf)
        same = np.array([not _across(query.languages, s.languages) for s in stories], dtype=bool)
        gaps = [_gap_days(query.first, query.last, s.first, s.last) for s in stories]
        ceiling = math.log1p(self._n) + 1.0  # the IDF of a name seen once
        rarity = np.array([
            float(self._entity_idf(shared).mean()) / ceiling if len(shared) else 0.0
            for shared in (np.intersect1d(query.entities, s.entities) for s in stories)])
        signals = pair_signals(lexical, entity * rarity, gaps, shortness,
                               [s.size for s in stories])
        return signals, ~same | (lexical >= self.settings.min_lexical)

    def _similarities(self, query: _Query, stories: Sequence[_Story],
                      shortness: NDArray[np.float64] | float = 1.0, *,
                      placing: bool = False) -> NDArray[np.float64]:
        """Combined similarity of the query with each story. Within a language it is 0
        unless some words match too (shared names alone are coincidence in a large
        archive); across languages (none in common, both known) words cannot match, so
        the entities decide alone. `shortness` (per story, or one for all) is a signal of
        the learned mix; the hand-set mix scales its bars by it instead, and with
        `floor_scaled` the lexical floor, and with `time_penalty` the penalty. `placing`:
        an article is placed (time as `_timed` says), not two stories compared."""
        if not stories:
            return np.zeros(0)
        if self.settings.combine == "learned":
            signals, worded = self._signals(query, stories, shortness)
            chance = probability(self.settings.learned_weights, signals)
            return np.asarray(np.where(worded, chance, 0.0), dtype=np.float64)
        lexical = self._cosines(query.terms, query.weights, [s.terms for s in stories],
                                [s.sums for s in stories], self._idf)
        entity = self._cosines(query.entities, query.entity_counts,
                               [s.entities for s in stories],
                               [s.entity_counts for s in stories], self._entity_idf)
        weight = np.array([0.0 if _across(query.languages, s.languages)
                           else self.settings.lexical_weight for s in stories])
        content = weight * lexical + (1 - weight) * entity
        if self.settings.embedding_weight > 0 and query.vector is not None:
            content = self._with_embeddings(query, stories, content, same=weight > 0)
        floor = self.settings.min_lexical * (np.asarray(shortness)
                                             if self.settings.floor_scaled else 1.0)
        worded = (weight == 0) | (lexical >= floor)
        content = np.where(worded, content, 0.0)
        link = self.settings.link_weight
        if link > 0:
            average = average_links(query.members, [s.sample for s in stories], idf=self._idf,
                                    entity_idf=self._entity_idf, lexical_weights=weight,
                                    min_lexical=self.settings.min_lexical)
            content = (1 - link) * content + link * average
        if placing and self.settings.name_penalty > 0:
            content = content - (self.settings.name_penalty * np.asarray(shortness)
                                 * self._mismatch(query, stories))
        gaps = [_gap_days(query.first, query.last, s.first, s.last) for s in stories]
        return self._timed(content, gaps, shortness, placing=placing, worded=weight > 0)

    def _mismatch(self, query: _Query, stories: Sequence[_Story]) -> NDArray[np.float64]:
        """Negative evidence, per story (0..1): the smaller of the share of the article's
        distinctive lead names (IDF-weighted) that the story never names and the share of
        the story's heaviest distinctive names that the article never names; 0 when
        either side has none (nothing to tell). Distinctive: entity IDF at least
        `name_rarity` of a name seen once. With `name_disjoint_only`, 1 only when neither
        side names any of the other's, else 0."""
        settings = self.settings
        result = np.zeros(len(stories))
        ceiling = math.log1p(self._n) + 1.0  # about the IDF of a name seen once
        rarity = self._entity_idf(query.lead_entities) / ceiling
        own = query.lead_entities[rarity >= settings.name_rarity]
        if not len(own):
            return result
        own_weight = rarity[rarity >= settings.name_rarity]
        for i, story in enumerate(stories):
            if not len(story.entities):
                continue
            story_idf = self._entity_idf(story.entities)
            rare = story_idf / ceiling >= settings.name_rarity
            if not rare.any():
                continue
            weights = (story.entity_counts * story_idf)[rare]
            keys = _top(weights, settings.name_keys)
            names, weights = story.entities[rare][keys], weights[keys]
            article_misses = float(own_weight[~np.isin(own, story.entities)].sum()
                                   / own_weight.sum())
            story_misses = float(weights[~np.isin(names, query.entities)].sum() / weights.sum())
            share = min(article_misses, story_misses)
            result[i] = float(share >= 1.0) if settings.name_disjoint_only else share
        return result

    def _with_embeddings(self, query: _Query, stories: Sequence[_Story],
                         content: NDArray[np.float64], same: NDArray[np.bool_]) -> NDArray[np.float64]:
        """Mix in the embedding cosine where both sides have a vector and share a language
        (the model is English: across languages its cosine means little)."""
        assert query.vector is not None
        has = np.array([s.vector is not None for s in stories]) & same
        if not has.any():
            return content
        rows = [i for i, flag in enumerate(has) if flag]
        matrix = np.stack([stories[i].vector for i in rows]).astype(np.float32)  # type: ignore[misc]
        q = query.vector.astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1) * float(np.linalg.norm(q))
        cosine = np.divide(matrix @ q, norms, out=np.zeros(len(rows)), where=norms > 0)
        floor = self.settings.embedding_floor
        semantic = np.clip((cosine - floor) / (1.0 - floor), 0.0, 1.0)
        mixed = content.copy()
        e = self.settings.embedding_weight
        mixed[rows] = (1 - e) * content[rows] + e * semantic
        return mixed

    # -- merging ---------------------------------------------------------------------------
    def _merge(self, a: _Story, b: _Story, article_id: str,
               similarity: float) -> tuple[_Story, str]:
        """Fold the younger story into the older; returns (survivor, absorbed id)."""
        survivor, absorbed = (a, b) if a.founder_key <= b.founder_key else (b, a)
        survivor.articles.extend(absorbed.articles)
        survivor.add_dates(absorbed.first, absorbed.last)
        survivor.size += absorbed.size
        survivor.term_count += absorbed.term_count
        survivor.languages |= absorbed.languages
        survivor.join_sum += absorbed.join_sum
        survivor.join_count += absorbed.join_count
        survivor.terms, survivor.sums = _add_sparse(survivor.terms, survivor.sums,
                                                    absorbed.terms, absorbed.sums)
        survivor.entities, survivor.entity_counts = _add_sparse(
            survivor.entities, survivor.entity_counts, absorbed.entities, absorbed.entity_counts)
        survivor.vector = _add_dense(survivor.vector, absorbed.vector)
        survivor.sample = keep_sample([*survivor.sample, *absorbed.sample],
                                      self.settings.link_sample)
        self._trim(survivor)
        survivor.merged_from.extend([absorbed.id, *absorbed.merged_from])
        for member in absorbed.articles:
            self._article_story[member] = survivor.id
        del self._stories[absorbed.id]
        self._recent.pop(absorbed.id, None)
        self._touch(survivor)
        self.merges.append(Merge(survivor=survivor.id, absorbed=absorbed.id,
                                 article_id=article_id, similarity=round(similarity, 6)))
        return survivor, absorbed.id

    # -- re-clustering passes ---------------------------------------------------------------
    def for_pass(self, articles: Sequence[Article]) -> tuple[StoryIndex, dict[str, Features]]:
        """An empty index with these settings, counting words as this one did before
        `articles` arrived, and their features: assigning `articles` to it in publication
        order replays what the online index would have done had they come in that order
        (the same IDF at each step), which is what a re-clustering pass wants. Articles
        that follow a canonical copy among them were never counted (they are not now)."""
        fresh = self._with_counts()
        features = self._counted_features(articles)
        fresh._uncount(features.values())
        return fresh, features

    def _with_counts(self) -> StoryIndex:
        """An empty index with these settings and a copy of this one's word counts."""
        fresh = StoryIndex(self.settings)
        fresh._n, fresh._df, fresh._edf = self._n, self._df.copy(), self._edf.copy()
        return fresh

    def _counted_features(self, articles: Sequence[Article]) -> dict[str, Features]:
        """Features of the articles that placement counted: all but those that follow a
        canonical copy among them."""
        ids = {a.id for a in articles}
        counted = [a for a in articles if a.duplicate_of not in ids]
        return dict(zip((a.id for a in counted), self._featurizer.features(counted), strict=True))

    def _uncount(self, features: Iterable[Features]) -> None:
        """Take articles out of the word counts (as if they had not come yet)."""
        for feature in features:
            self._n -= 1
            self._df[feature.terms] -= 1
            self._edf[feature.entities] -= 1
        self._n = max(self._n, 0)
        np.maximum(self._df, 0, out=self._df)
        np.maximum(self._edf, 0, out=self._edf)

    def replace_stories(self, removed: Collection[str], source: StoryIndex,
                        taken: Collection[str]) -> None:
        """Put the stories `taken` of `source` (a pass's index, see `for_pass`) in place of
        the stories `removed` (which must hold the same articles): what a re-clustering
        pass decided is kept, so the next placement starts from it."""
        self._stories.fetch(list(removed))
        for sid in removed:
            story = self._stories.pop(sid)
            self._recent.pop(sid, None)
            for member in story.articles:
                self._article_story.pop(member, None)
        for sid in sorted(taken, key=lambda i: source._stories[i].founder_key):
            story = source._stories[sid]
            if sid in self._stories:
                raise StoreError(f"story {sid} is in the index already; a pass cannot add it")
            self._stories[sid] = story
            for member in story.articles:
                self._article_story[member] = sid
            story.merged_from = []
            self._touch(story)
            self._post(story)

    def withdraw(self, withdrawn: Collection[str], articles: Mapping[str, Article]) -> bool:
        """Take articles out of their stories and out of the word counts, as if they had
        never come, so that the caller can place them again as new (an upgraded article:
        its teaser text was counted and placed, its full text is what it is now). Each
        story that held them is made again from its other members, as one story (the
        upgrade is no cause to regroup them), in publication order, its cohesion kept.
        `articles` holds every member of those stories, with the texts and near-copy
        links the index placed (the old text of an upgraded one). The near-copies that
        follow a withdrawn article must be withdrawn with it. False when the index
        placed none of them."""
        gone = set(withdrawn)
        sids = self.stories_holding(gone)
        if not sids:
            return False
        old = [self._stories[sid] for sid in sids]
        # withdrawn articles that followed a canonical copy were never counted (`_assign`)
        counted_gone = [articles[a] for a in sorted(gone) if a in self._article_story
                        and (articles[a].duplicate_of is None
                             or articles[a].duplicate_of not in self._article_story)]
        rests = {s.id: assignment_order(articles[a] for a in s.articles if a not in gone)
                 for s in old}
        features = self._counted_features([a for rest in rests.values() for a in rest])
        features.update(zip((a.id for a in counted_gone),
                            self._featurizer.features(counted_gone), strict=True))
        self._uncount(features[a.id] for a in counted_gone)
        fresh = self._with_counts()
        for story in old:
            rest = rests[story.id]
            if not rest:
                continue
            remade = fresh._made_of(rest, features)
            joins = sum(1 for a in rest if a.id in features) - 1
            remade.join_count = max(0, min(story.join_count, joins))
            remade.join_sum = (story.join_sum / story.join_count * remade.join_count
                               if story.join_count else 0.0)
        self.replace_stories(sids, fresh, list(fresh._stories))
        return True

    def _made_of(self, articles: Sequence[Article], features: Mapping[str, Features]) -> _Story:
        """A new story of `articles` (in publication order), uncompared: each joins it and
        adds its features to the centroid (`withdraw`, `part`)."""
        story = self._found(articles[0])
        for article in articles:
            self._join(story, article)
            if article.id in features:  # a near-copy follows its original uncompared
                self._absorb_vector(story, self._query(article, features[article.id]))
        return story

    # -- editors' decisions ----------------------------------------------------------------
    def stories_holding(self, article_ids: Iterable[str]) -> list[str]:
        """The stories that hold any of these articles, oldest first."""
        wanted = list(article_ids)
        self._article_story.fetch(wanted)
        found = {self._article_story[a] for a in wanted if a in self._article_story}
        self._stories.fetch(found)
        return sorted(found, key=lambda sid: self._stories[sid].founder_key)

    def fold(self, parts: Sequence[Collection[str]]) -> bool:
        """Make the stories holding these articles one (an editor's merge), under the
        oldest's id; False when they are one already."""
        sids = self.stories_holding(a for part in parts for a in part)
        if len(sids) < 2:
            return False
        story = self._stories[sids[0]]
        for other in sids[1:]:
            story, _ = self._merge(story, self._stories[other], story.founder, 1.0)
        self._post(story)
        return True

    def mixed(self, parts: Sequence[Collection[str]]) -> list[str]:
        """The members of every story that holds articles of two or more parts (what
        `part` must read)."""
        owner = {a: i for i, part in enumerate(parts) for a in part}
        return [a for sid in self.stories_holding(owner)
                if len({owner[m] for m in self._stories[sid].articles if m in owner}) > 1
                for a in self._stories[sid].articles]

    def part(self, parts: Sequence[Collection[str]], articles: Mapping[str, Article]) -> bool:
        """Make each part a story of its own (an editor's split): the stories holding
        articles of several parts are rebuilt as one story per part, and their other
        members (articles that joined since) are placed anew among those, as any article
        is. `articles` holds every member of those stories, with texts. False when no
        story holds articles of two parts."""
        owner = {a: i for i, part in enumerate(parts) for a in part}
        sids = [sid for sid in self.stories_holding(owner)
                if len({owner[a] for a in self._stories[sid].articles if a in owner}) > 1]
        if not sids:
            return False
        old = [self._stories[sid] for sid in sids]
        members = [a for story in old for a in story.articles]
        joined = sum(s.join_count for s in old)
        cohesion = sum(s.join_sum for s in old) / joined if joined else 0.0
        # the parts are made with today's word counts; the newcomers are then placed as
        # any article is, counted as before they came (not twice)
        fresh = self._with_counts()
        features = self._counted_features([articles[a] for a in members])
        for i in range(len(parts)):
            present = assignment_order(articles[a] for a in members if owner.get(a) == i)
            if not present:
                continue
            story = fresh._made_of(present, features)
            story.join_count = len(present) - 1 if cohesion else 0
            story.join_sum = cohesion * story.join_count
            fresh._post(story)
        newcomers = [articles[a] for a in members if a not in owner]
        fresh._uncount(features[a.id] for a in newcomers if a.id in features)
        fresh.assign_many(newcomers, features=features)
        self.replace_stories(sids, fresh, list(fresh._stories))
        return True

    # -- the split check ---------------------------------------------------------------------
    def split_check(self, stories: Collection[str], articles: Mapping[str, Article],
                    known: Mapping[str, Features] | None = None
                    ) -> list[tuple[str, str, str]]:
        """The split check (`split.py`; off while `split_min_size` is 0) on these stories:
        each one of at least `split_min_size` articles whose members form two events
        becomes two stories, each named after its first article (near-copies go with
        their original; the refresh carries the public id to the larger part), unless
        the guard finds that the parts share their names (`split.name_contrast` under
        `split_guard`: two angles of one event).
        `articles` holds every member of those stories, with the texts the index placed.
        The similarity is the index's own, with the word counts of now; `known` may hold
        features computed already (a pass's). Stories over `SPLIT_MAX_SIZE` are not
        checked. Returns (old id, larger part's id, smaller part's id) for each split."""
        settings = self.settings
        if not settings.split_min_size:
            return []
        self._stories.fetch(list(stories))
        done = []
        for sid in [sid for sid in dict.fromkeys(stories) if sid in self._stories]:
            members = self._stories[sid].articles
            if not settings.split_min_size <= len(members) <= SPLIT_MAX_SIZE:
                continue
            inside = set(members)
            if known is not None and all(m in known or articles[m].duplicate_of in inside
                                         for m in members):
                features = {m: known[m] for m in members
                            if articles[m].duplicate_of not in inside}
            else:
                features = self._counted_features([articles[m] for m in members])
            counted = [m for m in members if m in features]
            split = top_split(counted, self._member_similarities(
                [features[m] for m in counted]), settings.split_min_part)
            if split is None:
                continue
            short = 2 * sum(articles[m].text_kind != "full" for m in counted) > len(counted)
            scale = (self._shortness(float(np.mean([len(features[m].terms) for m in counted])))
                     if short and settings.split_scaled else 1.0)
            if split.passes(settings.split_ratio * scale) and (
                    not settings.split_guard or name_contrast(
                        split.larger, split.smaller,
                        {m: names_only(pseudo_entities(articles[m])) for m in counted})
                    >= settings.split_guard * scale):
                done.append((sid, *self._split(sid, split, articles, features)))
        return done

    def _member_similarities(self, features: Sequence[Features]) -> NDArray[np.float64]:
        """Pairwise content similarity of articles with the word counts of now."""
        return similarities([f.terms for f in features],
                            [f.weights * self._idf(f.terms) for f in features],
                            [f.entities for f in features],
                            [self._entity_idf(f.entities) for f in features],
                            self.settings.lexical_weight)

    def _split(self, sid: str, split: Split, articles: Mapping[str, Article],
               features: Mapping[str, Features]) -> tuple[str, str]:
        """Make `split`'s two groups two stories; their ids (larger part first). Each part
        is made as an editor's split makes it (`_made_of`), so it is named after its own
        first article, as every story of the index is (`_found` relies on that: a story
        named after an article that is not in it would collide when that article founds
        a story again). Which public id each part carries is the refresh's to decide, by
        member overlap (`identity.carry_ids`: the larger part keeps it)."""
        old = self._stories[sid]
        side = dict.fromkeys(split.smaller, 1) | dict.fromkeys(split.larger, 0)
        parts: tuple[list[Article], list[Article]] = ([], [])
        for member in old.articles:  # a near-copy goes where its original went
            article = articles[member]
            parts[side.get(member, side.get(article.duplicate_of or "", 0))].append(article)
        cohesion = old.join_sum / old.join_count if old.join_count else 0.0
        fresh = self._with_counts()
        made = []
        for part in parts:
            story = fresh._made_of(assignment_order(part), features)
            story.join_count = story.size - 1 if cohesion else 0
            story.join_sum = cohesion * story.join_count
            made.append(story.id)
        self.replace_stories([sid], fresh, made)
        return made[0], made[1]

    # -- persistence -----------------------------------------------------------------------
    def load_whole(self) -> None:
        """Read every stored story, placement and posting (a listing needs them all)."""
        if self._source is None or self._stories.complete:
            return
        stories, placed, postings = self._source.index_everything()
        self._stories.whole({sid: _story_from(item) for sid, item in stories.items()})
        self._article_story.whole(placed)
        self._postings.whole(postings)

    def meta(self, *, counts: bool = True) -> dict[str, Any]:
        """The index's own data besides its stories, placements and postings: format,
        settings, word counts (`counts`: else left to `counts`), the touch counter and
        the stories touched last."""

        def sparse(counts: NDArray[np.int32]) -> dict[str, str]:
            columns = np.flatnonzero(counts)
            return {"columns": _pack(columns, "<i4"), "counts": _pack(counts[columns], "<i4")}

        meta = {
            "format": FORMAT,
            "settings": {**asdict(self.settings),  # JSON has lists, not tuples
                         "learned_weights": list(self.settings.learned_weights)},
            "articles_seen": self._n,
            "seq": self._seq,
            "recent": list(self._recent),
        }
        if counts:
            meta.update(term_df=sparse(self._df), entity_df=sparse(self._edf))
        return meta

    def counts(self) -> tuple[bytes, bytes]:
        """The document frequencies of terms and entities as raw little-endian int32 arrays
        (a fixed 4 MB each, whatever the archive: written as they are, no encoding)."""
        return (np.ascontiguousarray(self._df, "<i4").tobytes(),
                np.ascontiguousarray(self._edf, "<i4").tobytes())

    def _count_changes(self) -> list[tuple[int, int, int]]:
        """The counts that differ from those read (kind 0 terms, 1 entities)."""
        if self._read_counts is None:
            return []
        changes = []
        for kind, (now, then) in enumerate(zip((self._df, self._edf), self._read_counts,
                                               strict=True)):
            columns = np.flatnonzero(now != then)
            changes += [(kind, int(c), int(n)) for c, n in zip(columns, now[columns], strict=True)]
        return changes

    def rows(self, *, whole: bool = False) -> IndexRows:
        """What to store: what changed since this index was read (`whole`: everything,
        to replace what is stored, as after a rebuild)."""
        if whole:
            self.load_whole()
        # the counts are stored whole now and then, and as changed columns in between (a
        # refresh changes a few thousand of the two million): see `from_rows`
        changes = [] if whole else self._count_changes()
        changed = 0 if whole else self._stored_changes + len(changes)
        rewrite = whole or self._read_counts is None or changed > COUNT_CHANGES_KEPT
        if rewrite:
            changed = 0
        stories, placed, postings = (self._stories, self._article_story, self._postings)
        live_stories, live_placed, live_postings = (
            stories.loaded(), placed.loaded(), postings.loaded())
        story_ids = live_stories if whole else [s for s in stories.changed if s in live_stories]
        article_ids = live_placed if whole else [a for a in placed.changed if a in live_placed]
        keys = live_postings if whole else [k for k in postings.changed if k in live_postings]

        def posting(value: str | tuple[str, ...]) -> str:
            return value if isinstance(value, str) else " ".join(value)

        return IndexRows(
            meta={**self.meta(counts=False), "count_changes": changed},
            counts=self.counts() if rewrite else None,
            count_changes=[] if rewrite else changes,
            # made as they are written: a rebuild's rows of every story at once held
            # gigabytes (each story's JSON) beside the index they describe
            stories=((sid, live_stories[sid].seq,
                      json.dumps(_story_dict(live_stories[sid]), separators=(",", ":")))
                     for sid in sorted(story_ids)),
            removed_stories=[] if whole else sorted(stories.removed),
            articles=((a, live_placed[a]) for a in sorted(article_ids)),
            removed_articles=[] if whole else sorted(placed.removed),
            postings=((key, posting(live_postings[key])) for key in sorted(map(int, keys))),
            whole=whole)

    @classmethod
    def from_rows(cls, meta: dict[str, Any], counts: tuple[bytes, bytes],
                  source: IndexSource, count_changes: Iterable[tuple[int, int, int]] = ()
                  ) -> StoryIndex:
        """The stored index whose `meta` and `counts` (and the counts changed since those
        were written, `count_changes`) are given, its stories, placements and postings
        read from `source` as they are needed."""
        index = cls._from_meta(meta)
        arrays = (index._df, index._edf)
        for target, raw in zip(arrays, counts, strict=True):
            target[:] = np.frombuffer(raw, "<i4")
        for kind, column, count in count_changes:
            arrays[kind][column] = count
        index._read_counts = (index._df.copy(), index._edf.copy())
        index._stored_changes = int(meta.get("count_changes", 0))
        index._source = source

        def stories(ids: Collection[str]) -> dict[str, _Story]:
            return {sid: _story_from(item) for sid, item in source.index_stories(ids).items()}

        index._stories = Lazy(stories)
        index._article_story = Lazy(source.index_story_of)
        index._postings = Lazy(source.index_postings)
        return index

    @classmethod
    def _from_meta(cls, data: dict[str, Any]) -> StoryIndex:
        if data.get("format") != FORMAT:
            raise StoreError(f"story index format {data.get('format')!r} is not {FORMAT}; "
                             "rebuild the stories with recluster()")
        index = cls(ClusterSettings.from_stored(data["settings"]))
        index._n, index._seq = int(data["articles_seen"]), int(data["seq"])
        for target, key in ((index._df, "term_df"), (index._edf, "entity_df")):
            if key in data:
                columns = _unpack(data[key]["columns"], "<i4", np.int64)
                target[columns] = _unpack(data[key]["counts"], "<i4", np.int32)
        index._recent = OrderedDict((sid, None) for sid in data["recent"])
        return index

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready) from which `from_dict` rebuilds an identical index."""
        self.load_whole()
        stories = sorted(self._stories.values(), key=lambda s: s.founder_key)
        return {
            **self.meta(),
            "stories": [_story_dict(s) for s in stories],
            "postings": {str(k): v if isinstance(v, str) else list(v)
                         for k, v in sorted(self._postings.items())},
            "merges": [asdict(m) for m in self.merges],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryIndex:
        """The index `to_dict` described (its own settings included)."""
        index = cls._from_meta(data)
        for item in data["stories"]:
            story = _story_from(item)
            index._stories[story.id] = story
            for member in story.articles:
                index._article_story[member] = story.id
        for k, v in data["postings"].items():
            index._postings[int(k)] = v if isinstance(v, str) else tuple(v)
        index.merges = [Merge(**m) for m in data["merges"]]
        return index


def _across(languages: AbstractSet[str], others: AbstractSet[str]) -> bool:
    """Whether two sides are in different languages (both known, none shared): compared by
    their names alone."""
    return bool(languages) and bool(others) and languages.isdisjoint(others)


def _gap_days(first: dt.date | None, last: dt.date | None, other_first: dt.date | None,
              other_last: dt.date | None) -> int | None:
    """Days between two date ranges (0 when they overlap); None when either is undated."""
    if first is None or last is None or other_first is None or other_last is None:
        return None
    return max(0, (other_first - last).days, (first - other_last).days)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _story_dict(story: _Story) -> dict[str, Any]:
    undated, published, arrival, _ = story.founder_key
    return {
        "id": story.id, "founder": story.founder,
        "founder_published": None if undated else published.isoformat(),
        "founder_arrival": arrival,
        "first": story.first.isoformat() if story.first else None,
        "last": story.last.isoformat() if story.last else None,
        "articles": list(story.articles), "size": story.size, "seq": story.seq,
        "term_count": story.term_count,
        "join_sum": story.join_sum, "join_count": story.join_count,
        "languages": sorted(story.languages),
        "terms": _pack(story.terms, "<i4"), "sums": _pack(story.sums, "<f4"),
        "entities": _pack(story.entities, "<i4"),
        "entity_counts": _pack(story.entity_counts, "<f4"),
        "merged_from": list(story.merged_from),
        "vector": None if story.vector is None else _pack(story.vector, "<f2"),
        "sample": [{"terms": _pack(m.terms, "<i4"), "weights": _pack(m.weights, "<f4"),
                    "entities": _pack(m.entities, "<i4")} for m in story.sample],
    }


def _pack(array: NDArray[Any], dtype: str) -> str:
    """An array as base64 of its little-endian bytes: exact, and several times faster to
    write and read than a JSON list of numbers (the index is saved on every refresh)."""
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str, native: type[np.generic]) -> NDArray[Any]:
    return np.frombuffer(base64.b64decode(text), dtype).astype(native)


def _story_from(item: dict[str, Any]) -> _Story:
    published = _date(item["founder_published"])
    key = (published is None, published or dt.date.min, int(item["founder_arrival"]),
           item["founder"])
    story = _Story(id=item["id"], founder=item["founder"], founder_key=key, seq=item["seq"])
    story.first, story.last = _date(item["first"]), _date(item["last"])
    story.articles, story.size = list(item["articles"]), int(item["size"])
    story.term_count = int(item["term_count"])
    story.join_sum, story.join_count = float(item["join_sum"]), int(item["join_count"])
    story.languages = set(item["languages"])
    story.terms = _unpack(item["terms"], "<i4", np.int32)
    story.sums = _unpack(item["sums"], "<f4", np.float32)
    story.entities = _unpack(item["entities"], "<i4", np.int32)
    story.entity_counts = _unpack(item["entity_counts"], "<f4", np.float32)
    story.merged_from = list(item["merged_from"])
    story.sample = [Member(terms=_unpack(m["terms"], "<i4", np.int32),
                           weights=_unpack(m["weights"], "<f4", np.float32),
                           entities=_unpack(m["entities"], "<i4", np.int32))
                    for m in item["sample"]]
    vector = item.get("vector")
    if vector is not None:
        story.vector = _unpack(vector, "<f2", np.float16)
    return story
