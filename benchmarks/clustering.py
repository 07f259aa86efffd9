"""Score storyline's story clustering on ECB+ and on the UCI aggregator slice against a
TF-IDF + agglomerative baseline, and time online assignment against the size of the index.

    python benchmarks/clustering.py              # both sets, timing, results/clustering.json
    python benchmarks/clustering.py --no-timing  # quality only (timing carried over)
    python benchmarks/clustering.py --quick      # smaller baseline grid, 10k stories timed
    python benchmarks/clustering.py --no-timing --no-learned --no-embeddings --arms control
                                                 # results/clustering.json as recorded:
                                                 # ours (shipped), the check off, baseline
    python benchmarks/clustering.py --no-timing --no-learned --no-embeddings \
        --arms split split-scaled --output benchmarks/results/clustering-split.json
                                                 # issue 11's fifth round: the split check

Data (outside the repo; a missing set is reported and skipped):
- ../shared/data/ecbplus/ecbplus_dev.jsonl: 772 documents, 33 topics, each holding two
  different real events of the same kind (66 gold stories);
- ../shared/data/uci-news-aggregator/uci-news-aggregator.csv: 6,366 headlines from 1,948
  publishers grouped by a real aggregator into 87 stories (10-12 March 2014). Each row is
  a headline-only article (the title is its whole text; the publisher its outlet; the
  day of its TIMESTAMP its date), fed in TIMESTAMP order; the broken last row is skipped.

"Ours" is the shipped product: `ClusterSettings()` run as `recluster` runs it, placement
in publication order then `StoryIndex.split_check` over every story (issue 11's split
check with its guard, shipped 2026-12-07), tuned over the index's joint grid and the
check's (`shipped_grid`; the guard held at the shipped 0.5); the arm "control" is the same
with the check off (split_min_size 0), in the same run. Near-copies are linked as
`recluster` links them (since 2026-12-07's ninth session; runs before placed every
document as it came); the in-sample rows also give `recluster` itself, which must agree.

Both methods, in one run, on both sets: ours tuned jointly (one setting for both sets,
`tune_joint`) and the baseline tuned per set, in sample; then cross-validated under the
same two folds (each set cut in halves by unit: ECB+ odd/even topics, UCI gold stories
alternately by size; ours tuned jointly on one half of each set, the baseline on the same
half of each set, both scored on the other halves), with a paired bootstrap of the
held-out margin over the set's units (`margin_bootstrap`); the same over five halvings,
the fixed one and four seeded random ones (5 x 2, `repeated_cv`, `--repeats`), the margin
bootstrapped from each document's held-out precision and recall averaged over the repeats
(`--dump-held-out` writes those, to compare two versions paired); and leave one dataset
out (tuned on one set, scored on the other). Figures: "cross-validated" is the mean of the
two folds' F1; a repeat's figure and the 5 x 2 mean are of the pooled held-out partition.
The rest of this docstring describes ECB+.

How ECB+ documents become articles (the data has no publication date field):
- a first line that is a URL becomes `url` (and its host the `source`) and leaves the
  text; left in, its tokens ("http", "www", "com") would mark every ECB+ half document
  and make the two halves of a topic trivially separable;
- the date: the first date with a day and a year in the first four lines, when that line
  is short (a date line: "May 03 , 2013", "12 / 16 / 08 1 : 30 AM EST"), or in a line of
  the first eight that holds nothing but a time stamp and its labels ("PUBLISHED : 02 : 31
  GMT , 12 March 2013 | UPDATED : ...", the byline block under a title and its bullet
  points), else a Y/M/D or Y-M-D date in the URL, as htmldate would read it. That line
  leaves the text. (346 documents dated; the four-line rule alone dated 328; the 18
  added were checked by hand against their lines and URLs.)
  Otherwise the article is undated (`published_from: unknown`): the other half of the
  corpus (the original ECB documents) carries no date line at all, so about half the
  articles are undated, and time proximity can only help where a date exists (an undated
  side leaves the similarity unchanged: no leak from "has a date" to the gold);
- the title: a short first line (at most 20 words) with no final full stop, the rule
  storyline's cleaner applies to plain text; the rest is the body;
- order: publication date, undated last, ties by document id (storyline's order for
  articles outside a store; a store breaks a day's ties by arrival: given each document
  its position in the file as `arrival`, ECB+ and UCI score the same at the shipped
  settings, 0.9137 and 0.7531, checked 2026-12-07).
  The undated ECB documents therefore arrive last and grouped by topic (their ids start
  with the topic number): a candidate set limited to the most recent stories would
  exploit that. Ours looks stories up by content, and the "no blocking" row (every story
  scored) checks that it gives the same partition.

Scores: B-cubed precision, recall and F1 (per-document precision and recall averaged,
F1 of the averages) at the gold `subtopic` level (the 66 events: hard) and the `topic`
level (33 kinds: easy).

Tuning is on the same data it is scored on (this is the development split; the test split
is held back by the project's judges). The cross-validated figure is honest: topics are
split in two halves (odd and even topic numbers); settings tuned on one half are scored on
the other, and the other way round; the two held-out figures are averaged. It is held out
for the tuned numbers only: design choices (IDF squared, the story-specific bar) were made
while looking at all of this data. The baseline is
tuned the same way, over its distance threshold, its linkage (average, complete, single)
and its text (full text, or title + lead of 50 to 250 words). It is a batch method: it
sees every document before clustering and fits IDF on them, which ours cannot. The
cross-validated margin over the baseline comes with a 95% interval from a paired
bootstrap over topics (`margin_bootstrap`).

Timing: the online placement of one article (`assign`), which the split check does not
touch (it runs where stories are made again from their members: a rebuild, `recluster`,
the window pass); `throughput` times `cluster()`, which includes it, with and without it.
Synthetic stories (seeded Zipfian word lists and names, a few words and names of
each event alone, all undated so no time pruning helps: the worst case for blocking) fill
an index to 1,000, 10,000 and 100,000 stories; at each size the same kind of probe
articles (half follow-ups of a random existing story, half new) are assigned one by one
and timed, with the number of stories scored per article. The ratio of the per-article
times is what the blocking is for (near 1: the cost does not grow with the archive); the
share of follow-ups that find their story shows the blocking did not buy speed with
recall, and the number of unrelated build articles that joined a story shows how often
coincidental overlap fools the threshold at that scale.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import gc
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, peak_rss_mb  # noqa: E402
from story_split import (  # noqa: E402
    SPLIT_FIELDS,
    OnlineSplitIndex,
    Split,
    SplitSettings,
    apply_splits,
    base_settings,
    story_splits,
)

from storyline.model import Article  # noqa: E402
from storyline.stories import ClusterSettings, StoryIndex, cluster, pseudo_entities  # noqa: E402
from storyline.stories import config as stories_config  # noqa: E402
from storyline.stories.build import link_near_copies, recluster  # noqa: E402
from storyline.stories.features import Features, Featurizer  # noqa: E402
from storyline.stories.learned import SIGNALS  # noqa: E402
from storyline.stories.text import lead  # noqa: E402
from storyline.timex import find_timerefs  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"
UCI_DATA = REPO.parent / "shared" / "data" / "uci-news-aggregator" / "uci-news-aggregator.csv"
RESULTS = REPO / "benchmarks" / "results" / "clustering.json"
MAX_TITLE_WORDS = 20
DATE_LINES = 4
#: Further down, a line that is nothing but a time stamp is a date line too (a byline block
#: under the title and its bullet points: "PUBLISHED: 02:31 GMT, 12 March 2013").
STAMP_LINES = 8
_STAMP_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue wed thu fri sat sun monday "
    "tuesday wednesday thursday friday saturday sunday am pm a p m gmt utc est edt cst cdt pst "
    "pdt et bst cet cest published updated posted last first on at date st nd rd th".split())


# -- ECB+ as articles -------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One labelled document: `subtopic` is its gold story; `topic` the ECB+ topic (the
    kind of event), or the UCI category (b, t, e, m)."""

    article: Article
    topic: int | str
    subtopic: str


def _detokenise(line: str) -> str:
    line = re.sub(r"\s*([/:])\s*", r"\1", line)
    line = re.sub(r"(\d)\s+([-.])\s+(\d)", r"\1\2\3", line)
    return re.sub(r"\s+([,.;!?%])", r"\1", line)


_NUMERIC_DATES = (
    (re.compile(r"\b(\d{4})[-.](\d{1,2})[-.](\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b"), ("m", "d", "y")),  # US style
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WORD_DATES = (  # what the time expression tagger leaves: "09th June 2013", "May. 3, 2013"
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b", re.I),
     ("d", "m", "y")),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*[,-]?\s*((?:19|20)\d\d)\b", re.I),
     ("m", "d", "y")),
)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2}|[a-z]{3})/(\d{1,2})/", re.I)
#: htmldate's COMPLETE_URL: a Y-M-D date with "/", "_" or "-" between its parts.
_URL_DATE_DASHED = re.compile(r"\D((?:199\d|20[0-3]\d))[/_-]([0-1]?\d)[/_-]([0-3]?\d)(?:\D|$)")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _line_date(line: str) -> dt.date | None:
    text = _detokenise(line)
    for ref in find_timerefs(text, None):  # a date, or a time stamp with its full date
        if ref.type in ("DATE", "TIME") and ref.value and re.match(r"\d{4}-\d\d-\d\d(?!\d)",
                                                                  ref.value):
            return dt.date.fromisoformat(ref.value[:10])
    for pattern, order in (*_NUMERIC_DATES, *_WORD_DATES):
        found = pattern.search(text)
        if found:
            groups = [g if g.isdigit() else str(_MONTHS.index(g[:3].lower()) + 1)
                      for g in found.groups()]
            parts = dict(zip(order, (int(g) for g in groups), strict=True))
            day = _date(parts["y"], parts["m"], parts["d"])
            if day:
                return day
    return None


def _stamp(line: str) -> bool:
    """A line of a date, a time and their labels only ("Posted: Nov 27, 2005 8:20 AM ET")."""
    words = re.findall(r"[a-z]+", line.lower())
    return len(words) <= MAX_TITLE_WORDS and all(w in _STAMP_WORDS for w in words)


def _url_date(url: str) -> dt.date | None:
    found = _URL_DATE.search(url) or _URL_DATE_DASHED.search(url)
    if not found:
        return None
    year, month, day = found.groups()
    number = _MONTHS.index(month.lower()) + 1 if month.isalpha() else int(month)
    return _date(int(year), number, int(day)) if 1 <= number <= 12 else None


def to_article(row: Mapping[str, object]) -> Article:
    """One ECB+ document as storyline would see it (see the module docstring)."""
    lines = [str(s).strip() for s in (row.get("sentences") or str(row["text"]).split("\n"))]
    lines = [s for s in lines if s]
    url = None
    if lines and lines[0].startswith("http"):
        url = re.sub(r"\s+", "", lines.pop(0))
    published, source = None, "unknown"
    for position, line in enumerate(lines[:STAMP_LINES]):
        if (position < DATE_LINES and len(line.split()) <= MAX_TITLE_WORDS) or _stamp(line):
            published = _line_date(line)
            if published:
                lines.pop(position)
                source = "content"
                break
    if published is None and url:
        published = _url_date(url)
        source = "metadata" if published else source
    title = None
    if len(lines) > 1 and len(lines[0].split()) <= MAX_TITLE_WORDS and not lines[0].endswith("."):
        title = lines.pop(0)
    host = urlsplit(url).hostname if url else None
    return Article(id=str(row["doc_id"]), origin=f"ecbplus:{row['doc_id']}", raw_sha256="",
                   text="\n\n".join(lines), title=title,
                   source=host.removeprefix("www.") if host else None, url=url,
                   published=published, published_from=source,  # type: ignore[arg-type]
                   language="en")


def load_docs(path: Path) -> list[Doc]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(Doc(to_article(row), int(row["topic"]), str(row["subtopic"])))
    return docs


def load_uci(path: Path) -> tuple[list[Doc], int]:
    """The UCI aggregator slice as headline-only articles, in TIMESTAMP order (then ID),
    and the number of rows skipped (the slice's last row is cut short). The headline is
    the title and the whole text, as a feed item without a teaser would be; the publisher
    is the outlet; the timestamp gives the day."""
    docs: list[tuple[int, int, Doc]] = []
    skipped = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            stamp, story, title = row.get("TIMESTAMP"), row.get("STORY"), row.get("TITLE")
            if not (stamp and stamp.isdigit() and story and title and title.strip()):
                skipped += 1
                continue
            day = dt.datetime.fromtimestamp(int(stamp) / 1000, dt.UTC).date()
            article = Article(id=f"uci{int(row['ID']):06d}", origin=f"uci:{row['ID']}",
                              raw_sha256="", text=title.strip(), title=title.strip(),
                              source=row.get("PUBLISHER") or None, url=row.get("URL") or None,
                              published=day, published_from="metadata", language="en",
                              text_kind="headline")  # as the CSV reader stores a title alone
            docs.append((int(stamp), int(row["ID"]), Doc(article, row.get("CATEGORY") or "?",
                                                          story)))
    docs.sort(key=lambda item: item[:2])
    return [doc for _, _, doc in docs], skipped


@dataclass(frozen=True)
class Dataset:
    """A labelled set and how it is split: `unit` is what the cross-validation halves and
    the bootstrap resample (ECB+: topics, each holding two events of one kind; UCI: gold
    stories); `levels` are the gold levels scored ("subtopic" is the gold story)."""

    name: str
    docs: list[Doc]
    unit: str
    levels: tuple[str, ...]

    def unit_of(self, doc: Doc) -> Hashable:
        return doc.topic if self.unit == "topic" else doc.subtopic

    def halves(self, seed: int | None = None) -> tuple[list[Doc], list[Doc]]:
        """Two halves by unit, each in stream order. Without `seed` the fixed ones: ECB+ odd
        and even topics; UCI gold stories alternately by size rank (so both halves get big
        and small stories). With a seed, a random halving of the same kind: ECB+ topics
        shuffled and cut in two; UCI gold stories paired by size rank, a coin sending one
        of each pair to each half (the repeats of `repeated_cv`)."""
        if seed is None and self.unit == "topic":
            return halves(self.docs)
        rng = np.random.default_rng(seed)
        if self.unit == "topic":
            topics = sorted({d.topic for d in self.docs}, key=str)
            order = rng.permutation(len(topics))
            first = {topics[i] for i in order[: len(topics) // 2]}
            return ([d for d in self.docs if d.topic in first],
                    [d for d in self.docs if d.topic not in first])
        sizes = Counter(d.subtopic for d in self.docs)
        ranked = sorted(sizes, key=lambda story: (-sizes[story], story))
        pairs = [ranked[i:i + 2] for i in range(0, len(ranked), 2)]
        flips = [0] * len(pairs) if seed is None else rng.integers(0, 2, len(pairs)).tolist()
        first = {pair[flip % len(pair)] for pair, flip in zip(pairs, flips, strict=True)}
        return ([d for d in self.docs if d.subtopic in first],
                [d for d in self.docs if d.subtopic not in first])


# -- scoring -------------------------------------------------------------------------------


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall, F1 over the items of `gold` (Bagga & Baldwin 1998)."""
    items = list(gold)
    pair = Counter((predicted[i], gold[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    precision = sum(pair[predicted[i], gold[i]] / pred_size[predicted[i]] for i in items) / len(items)
    recall = sum(pair[predicted[i], gold[i]] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "predicted_stories": len(pred_size), "gold_stories": len(gold_size)}


def score(predicted: Mapping[str, Hashable], docs: Sequence[Doc]) -> dict[str, dict[str, float]]:
    return {"subtopic": bcubed(predicted, {d.article.id: d.subtopic for d in docs}),
            "topic": bcubed(predicted, {d.article.id: d.topic for d in docs})}


# -- our method ------------------------------------------------------------------------------


class Ours:
    """Runs StoryIndex on ECB+ with entities and features computed once per lead length."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.articles = [d.article for d in docs]
        self.entities = {a.id: pseudo_entities(a) for a in self.articles}
        #: The split check's guard reads names without figures (`story_split.article_names`).
        self.names = {a: frozenset(n for n in names if not n.startswith("#"))
                      for a, names in self.entities.items()}
        self._features: dict[int, dict[str, Features]] = {}
        self._vectors: dict[int, np.ndarray] = {}
        self.embed_seconds: dict[int, float] = {}
        self._scores: dict[tuple[ClusterSettings, int], dict[str, dict[str, float]]] = {}
        #: The split check's final form: per index setting and subset, the partition and
        #: each story's split for every `split_min_part` of SPLIT_GRID.
        self._bases: dict[tuple[ClusterSettings, int],
                          tuple[dict[str, str], dict[int, dict[str, Split]]]] = {}
        #: The product's path: the last few placed indexes per index setting and subset, so
        #: tuning the split check's values re-runs only the check (on a copy).
        self._placed: OrderedDict[tuple[ClusterSettings, int], StoryIndex] = OrderedDict()
        #: Per subset: its articles with near-copies linked, as `recluster` links them.
        self._linked: dict[tuple[str, ...], tuple[list[Article], dict[str, Article]]] = {}
        #: The articles unlinked, by id (split_live.py places every document as it comes).
        self._by_id = {a.id: a for a in self.articles}

    def scored(self, settings: ClusterSettings, docs: Sequence[Doc]) -> dict[str, dict[str, float]]:
        """`score` of the partition of `docs` with `settings`, remembered across tunings
        (the joint, per-set and cross-validated tunings meet the same settings often)."""
        key = (settings, hash(tuple(d.article.id for d in docs)))
        if key not in self._scores:
            self._scores[key] = score(self.partition(settings, [d.article for d in docs]), docs)
        return self._scores[key]

    def vectors(self, embed_words: int) -> np.ndarray:
        """Sentence embeddings of title + `embed_words` body words (float16 rows)."""
        if embed_words not in self._vectors:
            from storyline.stories.embed import embedder

            model = embedder()
            started = time.perf_counter()
            texts = [lead(a, embed_words) for a in self.articles]
            self._vectors[embed_words] = model.embed(texts).astype(np.float16)
            self.embed_seconds[embed_words] = time.perf_counter() - started
        return self._vectors[embed_words]

    def features(self, lead_words: int, embed_words: int = 0) -> dict[str, Features]:
        if lead_words not in self._features:
            computed = Featurizer(lead_words, lead_names=True).features(self.articles,
                                                                         self.entities)
            self._features[lead_words] = {a.id: f for a, f in zip(self.articles, computed,
                                                                    strict=True)}
        plain = self._features[lead_words]
        if not embed_words:
            return plain
        vectors = self.vectors(embed_words)
        return {a.id: replace(plain[a.id], vector=vectors[i]) for i, a in enumerate(self.articles)}

    def partition(self, settings: ClusterSettings,
                  subset: Sequence[Article] | None = None) -> dict[str, str]:
        """The shipped path for a `ClusterSettings`, `recluster`'s: near-copies linked
        (`link_near_copies`, once per subset: a copy follows its original uncompared),
        placement in publication order, then, when `split_min_size` is on,
        `StoryIndex.split_check` over every story. A `SplitSettings` runs the fifth and
        sixth rounds' prototype (`split_partition`, near-copies not linked), which the arms
        of those rounds used."""
        if isinstance(settings, SplitSettings) and settings.split_min_size:
            return self.split_partition(settings, subset)
        articles, by_id = self.linked(subset if subset is not None else self.articles)
        base = base_settings(settings)
        key = (base, hash(tuple(a.id for a in articles)))
        features = self.features(settings.lead_words,
                                 settings.embed_words if settings.embedding_weight > 0 else 0)
        index = self._placed.get(key)
        if index is None:
            index = StoryIndex(base)
            index.assign_many(articles, features=features)
            self._placed[key] = index
            while len(self._placed) > 4:
                self._placed.popitem(last=False)
        self._placed.move_to_end(key)
        if settings.split_min_size:
            index = copy.deepcopy(index)
            # The check reads its values from the index's settings; placement never did,
            # so the placed index is shared by every value of the check.
            index.settings = settings
            index.split_check(list(index.members()), by_id, features)
        return {a: s for s, members in index.members().items() for a in members}

    def linked(self, subset: Sequence[Article]) -> tuple[list[Article], dict[str, Article]]:
        """`subset` with near-copies linked among its articles, and by id (remembered)."""
        key = tuple(a.id for a in subset)
        if key not in self._linked:
            linked = link_near_copies(subset)
            self._linked[key] = (linked, {a.id: a for a in linked})
        return self._linked[key]


    def split_partition(self, settings: SplitSettings,
                        subset: Sequence[Article] | None = None) -> dict[str, str]:
        """The partition with the split check (`story_split`): "final" over the finished
        partition (the index's run and its stories' splits remembered per index setting,
        so tuning the check costs no run), "online" after each assignment. Placed as
        `partition` places (near-copies linked, since the seventh round: runs before placed
        every document as it came); a near-copy is not counted by the check and goes with
        its original, as in the product."""
        articles, by_id = self.linked(subset if subset is not None else self.articles)
        base = base_settings(settings)
        features = self.features(base.lead_words)
        counted = {a.id: features[a.id] for a in articles if a.duplicate_of is None}
        if settings.split_mode == "online":
            index = OnlineSplitIndex(settings, by_id, counted)
            index.assign_many(articles, features=features)
            return {a: s for s, members in index.members().items() for a in members}
        key = (base, hash(tuple(a.id for a in articles)))
        if key not in self._bases:
            index = StoryIndex(base)
            index.assign_many(articles, features=features)
            partition = {a: s for s, members in index.members().items() for a in members}
            self._bases[key] = (partition, {
                int(part): story_splits(index, counted, 2 * int(part), int(part),
                                        {a.id for a in articles if a.text_kind != "full"},
                                        self.names)
                for part in sorted({*SPLIT_GRID["split_min_part"], settings.split_min_part})})
        partition, splits = self._bases[key]
        if settings.split_min_part not in splits:
            raise ValueError(f"split_min_part {settings.split_min_part} is not in SPLIT_GRID")
        done = apply_splits(partition, splits[settings.split_min_part],
                            settings.split_min_size, settings.split_ratio, settings.split_scaled,
                            settings.split_guard)
        return {a: done[by_id[a].duplicate_of or a] for a in done}


NO_MERGE = 9.0  # a merge threshold no similarity reaches
EXHAUSTIVE = {"posting_cap": 10**9, "max_candidates": 10**9, "recent_stories": 10**9}
#: The values tried for each setting. Time scales stop at a year: beyond that a "decay" no
#: longer separates anything in a news stream. The assignment threshold starts at 0.08:
#: below it, synthetic unrelated articles start joining each other once the index holds
#: thousands of stories, which ECB+'s 66 stories cannot show (see `timing`).
GRID: dict[str, tuple[float, ...]] = {
    "assign_threshold": (0.08, 0.09, 0.1, 0.11, 0.12, 0.14, 0.16, 0.18, 0.2, 0.24, 0.28),
    "cohesion_ratio": (0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8),
    "cohesion_cap": (0.2, 0.25, 0.3, 0.35, 0.45, 1.0),
    "lexical_weight": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0),
    "lead_words": (50, 100, 150, 250, 400, 100_000),
    "time_scale_days": (7.0, 14.0, 30.0, 90.0, 180.0, 365.0),
    "merge_threshold": (0.3, 0.4, 0.5, 0.6, NO_MERGE),
}


def tune_joint(parts: Sequence[tuple[Ours, Sequence[Doc]]], quick: bool,
               level: str = "subtopic", grid: Mapping[str, Sequence[float]] = GRID,
               starts: Sequence[ClusterSettings] | None = None, sweeps: int | None = None,
               ) -> tuple[ClusterSettings, list[dict[str, dict[str, float]]]]:
    """Coordinate ascent on the mean F1 over `parts` (one setting for every set: a value
    that helps one set and hurts another loses): each setting in turn takes its best grid
    value with the others fixed; sweeps repeat until nothing changes (at most 3; 1 quick).
    It starts from each of `starts` (default: the shipped settings and a loose point) and
    keeps the better end: one start alone gets stuck at the topic level."""
    def run(settings: ClusterSettings) -> float:
        return statistics.fmean(runner.scored(settings, docs)[level]["f1"] for runner, docs in parts)

    ends = []
    if starts is None:
        starts = (ClusterSettings(), ClusterSettings(cohesion_ratio=0.0, merge_threshold=0.3))
    for start in starts:
        best, best_f1 = start, run(start)
        for _ in range(sweeps or (1 if quick else 3)):
            changed = False
            for name, values in grid.items():
                for value in values:
                    candidate = replace(best, **{name: value})  # type: ignore[arg-type]
                    f1 = run(candidate)
                    if f1 > best_f1 + 1e-9:
                        best, best_f1, changed = candidate, f1, True
            if not changed:
                break
        ends.append((best_f1, best))
    best = max(ends, key=lambda end: end[0])[1]
    return best, [runner.scored(best, docs) for runner, docs in parts]


def tune_ours(runner: Ours, docs: Sequence[Doc], quick: bool, level: str = "subtopic",
              grid: Mapping[str, Sequence[float]] = GRID,
              starts: Sequence[ClusterSettings] | None = None,
              ) -> tuple[ClusterSettings, dict[str, dict[str, float]]]:
    """`tune_joint` on one set."""
    settings, results = tune_joint([(runner, docs)], quick, level, grid, starts)
    return settings, results[0]


#: The embedding settings tried (weight 0, embeddings off, is the main tuning's point).
EMBED_GRID: dict[str, tuple[float, ...]] = {
    "embedding_weight": (0.1, 0.2, 0.3, 0.5),
    "embedding_floor": (0.0, 0.3, 0.5, 0.6, 0.7),
    "embed_words": (30, 60, 100),
}
EMBED_START = ClusterSettings(embedding_weight=0.2, embedding_floor=0.5, embed_words=30)


def separability(runner: Ours, docs: Sequence[Doc]) -> dict[str, dict[str, float]]:
    """Over pairs of documents, how well one cosine tells apart two reports of one event
    from two events of one kind (ROC AUC over the pairs inside a topic), and one kind from
    another (over all pairs): TF-IDF of title + 100 words (fit on the corpus) against the
    sentence embedding of title + N words."""
    from sklearn.metrics import roc_auc_score

    topic = np.array([d.topic for d in docs])
    event = np.array([d.subtopic for d in docs])
    upper = np.triu_indices(len(docs), 1)
    same_topic = (topic[:, None] == topic[None, :])[upper]
    same_event = (event[:, None] == event[None, :])[upper]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [lead(d.article, 100) for d in docs])
    cosines = {"tfidf_lead100": (matrix @ matrix.T).toarray()}
    for words in EMBED_GRID["embed_words"]:
        vectors = runner.vectors(int(words)).astype(np.float32)
        cosines[f"embedding_{int(words)}"] = vectors @ vectors.T
    result = {}
    for name, full in cosines.items():
        pairs = full[upper]
        result[name] = {
            "auc_event_vs_same_kind": round(float(roc_auc_score(same_event[same_topic],
                                                                pairs[same_topic])), 3),
            "auc_kind_vs_other": round(float(roc_auc_score(same_topic, pairs)), 3),
            "mean_cosine_same_event": round(float(pairs[same_event].mean()), 3),
            "mean_cosine_same_kind_other_event": round(float(pairs[same_topic & ~same_event]
                                                             .mean()), 3),
            "mean_cosine_other_kind": round(float(pairs[~same_topic].mean()), 3)}
    return result


def embeddings(runner: Ours, docs: Sequence[Doc], without: Mapping[str, object]) -> dict[str, object]:
    """What sentence embeddings are worth: the same coordinate ascent with the embedding
    settings added to the grid (weight above 0: on), tuned on all and cross-validated,
    one sweep each (the grid is larger and each run slower); and what they cost."""
    from storyline.stories import embed

    if not embed.available():
        return {"skipped": f"optional packages not installed ({embed.INSTALL_HINT})"}
    started = time.perf_counter()
    embed.embedder()
    load_s = time.perf_counter() - started
    cost = {}
    for words in EMBED_GRID["embed_words"]:
        runner.vectors(int(words))
        cost[str(words)] = round(len(runner.articles) / runner.embed_seconds[int(words)], 1)
    pairs = separability(runner, docs)
    print("pair separability (ROC AUC, event vs same kind / kind vs other): " + ", ".join(
        f"{name} {v['auc_event_vs_same_kind']:.3f} / {v['auc_kind_vs_other']:.3f}"
        for name, v in pairs.items()))
    grid = {**GRID, **EMBED_GRID}
    settings, tuned = tune_ours(runner, docs, True, grid=grid, starts=(EMBED_START,))
    folds = []
    first, second = halves(docs)
    for train, test in ((first, second), (second, first)):
        fold_settings, _ = tune_ours(runner, train, True, grid=grid, starts=(EMBED_START,))
        folds.append(score(runner.partition(fold_settings, [d.article for d in test]), test))
    cv = _mean_scores(folds[0], folds[1])
    _, topic = tune_ours(runner, docs, True, level="topic", grid=grid,
                         starts=(EMBED_START, replace(EMBED_START, cohesion_ratio=0.0,
                                                      merge_threshold=0.3)))
    print(f"with embeddings: topic level, tuned for topics, F1 {topic['topic']['f1']:.3f} "
          f"(without {without['topic']:.3f})")
    print(f"with embeddings: tuned subtopic F1 {tuned['subtopic']['f1']:.3f} (without "
          f"{without['tuned']['subtopic']['f1']:.3f}), cross-validated "  # type: ignore[index]
          f"{cv['subtopic']['f1']:.3f} (without {without['cv']['subtopic']['f1']:.3f}); "  # type: ignore[index]
          f"embedding {cost} articles/s by body words (model load {load_s:.1f} s)")
    return {"model": embed.MODEL_ID, "tuned_settings": {k: v for k, v in asdict(settings).items()
                                                        if k in grid},
            "tuned": tuned, "cross_validated": cv, "tuned_for_topic_level": topic["topic"],
            "embed_articles_per_s_by_body_words": cost, "pair_separability": pairs,
            "model_load_seconds": round(load_s, 2),
            "note": "one coordinate-ascent sweep from a start with embeddings on"}


# -- the learned mix of signals (stories.learned) ----------------------------------------------


class _Recorder(StoryIndex):
    """A StoryIndex that notes, for each article it places, the learned model's signals
    against every candidate story it scores (not the merge checks that follow), with
    whether the story's members are mostly of the article's gold story."""

    def __init__(self, settings: ClusterSettings, gold: Mapping[str, Hashable]) -> None:
        super().__init__(settings)
        self.gold = gold
        self.rows: list[np.ndarray] = []
        self.labels: list[bool] = []
        self._placing: Article | None = None

    def _assign(self, article: Article, featurize: Callable[[], Features]) -> Any:
        self._placing = article
        try:
            return super()._assign(article, featurize)
        finally:
            self._placing = None

    def _similarities(self, query: Any, stories: Sequence[Any],
                      shortness: Any = 1.0, *, placing: bool = False) -> np.ndarray:
        if self._placing is not None and stories:
            signals, worded = self._signals(query, stories, shortness)
            gold = self.gold[self._placing.id]
            for row, scored, story in zip(signals, worded, stories, strict=True):
                if scored:  # a pair under the lexical floor scores 0 whatever the model says
                    same = sum(self.gold[m] == gold for m in story.articles)
                    self.rows.append(row)
                    self.labels.append(2 * same > len(story.articles))
        self._placing = None
        return super()._similarities(query, stories, shortness, placing=placing)


def pair_decisions(runner: Ours, docs: Sequence[Doc],
                   settings: ClusterSettings | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The (article, candidate story) decisions the online clusterer meets on `docs` in
    publication order with `settings` (default: the shipped ones): the signal rows and
    whether the story is mostly the article's gold story."""
    index = _Recorder(settings or ClusterSettings(), {d.article.id: d.subtopic for d in docs})
    index.assign_many(runner.linked([d.article for d in docs])[0],  # as `partition` places
                      features=runner.features(index.settings.lead_words))
    return np.array(index.rows).reshape(-1, len(SIGNALS)), np.array(index.labels, dtype=bool)


#: Inverse regularisation strength of the pair model (scikit-learn's C): the signals are
#: few and bounded, so this mostly keeps the weights of a set with no short texts finite.
PAIR_C = 1.0


def fit_pairs(sets: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[float, ...]:
    """A logistic regression over the decisions of every set, each set weighing the same
    in all (UCI meets ten times as many decisions as ECB+): intercept, then one weight per
    signal, rounded to the table's precision."""
    from sklearn.linear_model import LogisticRegression

    rows = np.concatenate([x for x, _ in sets])
    labels = np.concatenate([y for _, y in sets])
    weights = np.concatenate([np.full(len(y), len(labels) / (len(sets) * max(1, len(y))))
                              for _, y in sets])
    model = LogisticRegression(C=PAIR_C, max_iter=1000)
    model.fit(rows, labels, sample_weight=weights)
    return tuple(round(float(v), 3) for v in (model.intercept_[0], *model.coef_[0]))


def learned_start(weights: Sequence[float]) -> ClusterSettings:
    """Where tuning starts for a learned mix: even odds to join, no story bar, merges at
    high confidence."""
    return ClusterSettings(combine="learned", learned_weights=tuple(weights),
                           assign_threshold=0.5, cohesion_ratio=0.0, cohesion_cap=1.0,
                           merge_threshold=0.9)


#: The learned mix's bars are probabilities: its own grid.
#: (Kept small: each point is a UCI run of 20-80 s on the shared machine; cohesion_cap
#: stays at 1, a probability bar needs no cap.)
LEARNED_GRID: dict[str, tuple[float, ...]] = {
    "assign_threshold": (0.3, 0.4, 0.5, 0.6),
    "cohesion_ratio": (0.0, 0.6, 0.8),
    "merge_threshold": (0.8, NO_MERGE),
}


def fit_learned(parts: Sequence[tuple[Ours, Dataset, Sequence[Doc]]],
                quick: bool) -> ClusterSettings:
    """Fit the pair model on the decisions met on `parts` (each set's training docs),
    then tune its bars jointly on the same docs."""
    weights = fit_pairs([pair_decisions(runner, docs) for runner, _, docs in parts])
    settings, _ = tune_joint([(runner, docs) for runner, _, docs in parts], quick,
                             grid=LEARNED_GRID, starts=(learned_start(weights),), sweeps=1)
    return settings


# -- baseline: TF-IDF + agglomerative -----------------------------------------------------------


class Baseline:
    """scikit-learn TfidfVectorizer (fit on the documents clustered) + agglomerative
    clustering on precomputed cosine distances, cut at a distance threshold (scipy's
    `linkage` + `fcluster`: the partitions of sklearn's AgglomerativeClustering with a
    distance threshold, and one tree serves every threshold)."""

    TEXTS = ("full", "lead50", "lead100", "lead150", "lead250")

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.docs = docs
        self._tuned: dict[tuple[int, bool, str], tuple[dict[str, object],
                                                      dict[str, dict[str, float]]]] = {}

    def text(self, article: Article, variant: str) -> str:
        if variant.startswith("lead"):
            return lead(article, int(variant.removeprefix("lead")))
        return f"{article.title or ''}\n{article.text}"

    def distances(self, docs: Sequence[Doc], variant: str) -> np.ndarray:
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                     strip_accents="unicode")
        matrix = vectorizer.fit_transform([self.text(d.article, variant) for d in docs])
        distances = np.asarray(cosine_distances(matrix), dtype=np.float64)
        np.fill_diagonal(distances, 0.0)
        return np.clip((distances + distances.T) / 2, 0.0, None)  # exact symmetry for scipy

    @staticmethod
    def partition(docs: Sequence[Doc], distances: np.ndarray, method: str,
                  threshold: float) -> dict[str, str]:
        labels = fcluster(linkage(squareform(distances, checks=False), method), threshold,
                          "distance")
        return {d.article.id: f"c{label}" for d, label in zip(docs, labels, strict=True)}

    THRESHOLDS = (*(round(0.3 + 0.02 * i, 3) for i in range(35)), 0.97, 0.98, 0.99)

    def tune(self, docs: Sequence[Doc], quick: bool, level: str = "subtopic",
             ) -> tuple[dict[str, object], dict[str, dict[str, float]]]:
        """Grid over text, linkage and distance threshold. The tree is built once per text
        and linkage (scipy, the same merges as AgglomerativeClustering) and cut at every
        threshold; texts identical to an earlier variant's (headlines) are skipped. The
        same docs tuned again (each arm's cross-validation) give the remembered result."""
        key = (hash(tuple(d.article.id for d in docs)), quick, level)
        if key not in self._tuned:
            self._tuned[key] = self._tune(docs, quick, level)
        return self._tuned[key]

    def _tune(self, docs: Sequence[Doc], quick: bool, level: str,
              ) -> tuple[dict[str, object], dict[str, dict[str, float]]]:
        best: tuple[float, dict[str, object], dict[str, dict[str, float]]] | None = None
        seen: set[int] = set()
        for variant in self.TEXTS:
            texts = hash(tuple(self.text(d.article, variant) for d in docs))
            if texts in seen:
                continue
            seen.add(texts)
            condensed = squareform(self.distances(docs, variant), checks=False)
            for method in ("average", "complete", "single"):
                tree = linkage(condensed, method)
                for threshold in self.THRESHOLDS[:: 2 if quick else 1]:
                    labels = fcluster(tree, threshold, "distance")
                    result = score({d.article.id: f"c{label}" for d, label in
                                    zip(docs, labels, strict=True)}, docs)
                    params = {"text": variant, "linkage": method, "threshold": threshold}
                    if best is None or result[level]["f1"] > best[0]:
                        best = (result[level]["f1"], params, result)
        assert best is not None
        return best[1], best[2]

    def predict(self, docs: Sequence[Doc], params: Mapping[str, object]) -> dict[str, str]:
        distances = self.distances(docs, str(params["text"]))
        return self.partition(docs, distances, str(params["linkage"]),
                              float(params["threshold"]))  # type: ignore[arg-type]

    def run(self, docs: Sequence[Doc], params: Mapping[str, object]) -> dict[str, dict[str, float]]:
        return score(self.predict(docs, params), docs)


# -- the quality part ----------------------------------------------------------------------------


#: Measured for issue 11 (figures: story B-cubed F1 on the whole set, in sample).
ISSUE11_EXPERIMENTS: dict[str, object] = {
    ("online average link with average-link merges, batch TF-IDF, no story bar "
     "(a simulation over a dense similarity matrix, not the index)"): {
        "UCI": {
            "assign 0.03, merge 0.04": 0.778,
            "assign 0.03, no merges": 0.69
        },
        "ECB+ (full text)": {
            "assign 0.2, merge 0.2": 0.856,
            "assign 0.15, no merges": 0.862
        },
        "ECB+ (our features: IDF squared, lead 100, entities)": {
            "assign 0.15, no merges": 0.886
        }
    },
    "link_weight in the index (sample of 16; shipped settings otherwise, short_terms 0)": {
        "ECB+": {
            "0": 0.905,
            "0.5": 0.895,
            "1.0": 0.865
        },
        "UCI": {
            "0": 0.535,
            "1.0 with idf 1, lexical only, assign 0.03, merge 0.04, no bar, sample 64": 0.746,
            "note": "that run took 6 minutes (UCI)"
        }
    },
    "short_terms (bars scaled by sqrt(terms / short_terms)), shipped settings otherwise": {
        "ECB+": {
            "0": 0.905,
            "20": 0.896,
            "25": 0.898,
            "40": 0.892
        },
        "UCI": {
            "0": 0.535,
            "20": 0.692,
            "40": 0.747,
            "40 with link_weight 0.5": 0.685
        }
    },
    ("learned mix of signals (stories.learned, combine 'learned'): a logistic model over "
     "lexical, rarity-weighted entities, log time gap and log story size, fitted on the "
     "decisions the online clusterer meets (2026-12-07, one --quick run, "
     "results/clustering-learned.json)"): {
        "in sample (fitted and tuned on both)": {"ECB+": 0.899, "UCI": 0.694,
                                                 "hand-set": {"ECB+": 0.905, "UCI": 0.759}},
        "cross-validated": {"ECB+": 0.894, "UCI": 0.744,
                            "hand-set": {"ECB+": 0.896, "UCI": 0.807},
                            "baseline": {"ECB+": 0.883, "UCI": 0.808},
                            "learned minus hand-set": {"ECB+": [-0.003, [-0.025, 0.017]],
                                                       "UCI": [-0.065, [-0.089, -0.037]]}},
        "leave one dataset out": {"fitted on ECB+, UCI": 0.510, "fitted on UCI, ECB+": 0.779,
                                  "hand-set": {"UCI": 0.747, "ECB+": 0.905}},
        "exploration (in sample, untuned or one sweep)": {
            "with lexical x entities": [0.902, 0.722],
            "with story tightness too": [0.899, 0.720],
            "note": "the product's fitted weight made the probability fall as more words "
                    "matched when the names matched: dropped"},
        "verdict": "left off (setting combine 'linear' stays the default)"},
    ("second round (2026-12-07): rules against the remaining errors, each prototyped as "
     "module switches in a copy of stories/index.py and run through this file's protocol "
     "(--quick: tune_joint one sweep, the same two folds, margin_bootstrap, leave one "
     "dataset out; JOINT_GRID without link_weight 0.5 for time, the same for every row), "
     "one process per rule on a loaded 2-core machine; none shipped"): {
        "what the errors are (shipped settings)": {
            "ECB+": "the 8 merged topics (5, 9, 10, 11, 12, 20, 27, 35): in every one the "
                    "first undated ECB report of the second event joins the dated story of "
                    "the first at 0.22-0.45 against bars of 0.16-0.25, and the rest follow; "
                    "17 smaller stories split off follow-ups: 16, 18, 22, 33 and 6 are "
                    "trials, sentences and sequels 1-2 years on that the time decay "
                    "(exp(-gap / 180)) cuts to 0.01-0.06 although their lexical cosine with "
                    "the story is 0.27-0.55",
            "UCI": "every one of its 87 gold stories lies on one day (10-12 March): the "
                   "aggregator's story is a day's cluster, so the largest merges are one "
                   "subject on two days (Titanfall 10 and 12 March, GM recall, Cosmos, Mt. "
                   "Gox); splitting our stories by day would score 0.796 (0.747 shipped). "
                   "Recall is the gap to the baseline (ours P 0.757 R 0.737, baseline P "
                   "0.706 R 0.753): 265 singletons, 198 of them had their gold story among "
                   "the candidates but under its bar, many at 0 from the lexical floor, "
                   "which was not scaled for headlines as the bars are"},
        "protocol rows (subtopic F1; in sample = jointly tuned on both sets)": {
            "columns": "in sample ECB+ / UCI; cross-validated ECB+ / UCI; minus the "
                       "baseline held out [95% CI]; minus the control held out [95% CI]; "
                       "leave one dataset out (tuned on ECB+ -> UCI / on UCI -> ECB+)",
            "baseline (same run, quick grid)": {"cross-validated": [0.883, 0.808]},
            "control (today's code)": {
                "in sample": [0.905, 0.759], "cross-validated": [0.896, 0.807],
                "minus baseline": {"ECB+": [0.012, [-0.024, 0.047]],
                                   "UCI": [0.002, [-0.019, 0.022]]},
                "leave one out": [0.747, 0.905]},
            "floor: the lexical floor (min_lexical) scaled by a headline's shortness, "
            "like its bars": {
                "in sample": [0.905, 0.761], "cross-validated": [0.886, 0.829],
                "minus baseline": {"ECB+": [0.001, [-0.034, 0.037]],
                                   "UCI": [0.022, [0.002, 0.043]]},
                "minus control": {"ECB+": [-0.010, [-0.028, 0.002]],
                                  "UCI": [0.021, [0.008, 0.035]]},
                "leave one out": [0.752, 0.858],
                "note": "ECB+ has no headline items: at any fixed setting it scores the "
                        "same; its held-out loss is the joint tuner's (the UCI gain moves "
                        "the folds to assign 0.05 / merge 0.3, which joins ECB+ topics 7 "
                        "and 25), and the UCI-only tuning moves to settings that cost ECB+ "
                        "0.047"},
            "fs1: floor + a story of one article joins a story at that story's bar "
            "instead of the merge threshold (checked after each assignment, as merges "
            "are)": {
                "in sample": [0.906, 0.767], "cross-validated": [0.891, 0.815],
                "minus baseline": {"ECB+": [0.007, [-0.029, 0.042]],
                                   "UCI": [0.010, [-0.009, 0.029]]},
                "minus control": {"ECB+": [-0.005, [-0.020, 0.005]],
                                  "UCI": [0.009, [0.002, 0.015]]},
                "leave one out": [0.753, 0.905]},
            "fs3: floor + stories of up to 3 join at 1.5 times the bar": {
                "in sample": [0.905, 0.769], "cross-validated": [0.880, 0.838],
                "minus baseline": {"ECB+": [-0.004, [-0.041, 0.032]],
                                   "UCI": [0.031, [0.012, 0.049]]},
                "minus control": {"ECB+": [-0.016, [-0.035, 0.0]],
                                  "UCI": [0.030, [0.013, 0.047]]},
                "leave one out": [0.769, 0.905],
                "note": "on a half of ECB+ a fragment of two or three reports of one event "
                        "joins the other event's story (topic 7 at 0.38, topic 30 at 0.11 "
                        "with assign 0.05): a fragment is as often another event; a floor "
                        "under the bar (0.25 x shortness) keeps ECB+ and loses the UCI gain"},
            "L1: floor + time as a penalty, 0.01 x log(1 + gap days) (x shortness), "
            "no exponential decay": {
                "in sample": [0.909, 0.765], "cross-validated": [0.894, 0.829],
                "minus baseline": {"ECB+": [0.010, [-0.026, 0.045]],
                                   "UCI": [0.023, [0.002, 0.043]]},
                "minus control": {"ECB+": [-0.002, [-0.023, 0.015]],
                                  "UCI": [0.021, [0.008, 0.036]]},
                "leave one out": [0.755, 0.856],
                "note": "at shipped settings it re-joins ECB+ follow-ups 1-2 years on "
                        "(topics 6, 16, 22, 33: +0.007); with the folds' merge threshold "
                        "0.3 it merges topics 7 and 25, whose events are years apart, "
                        "which the decay kept apart; it would also join the same wording "
                        "three years later (tests: test_time_proximity_matters)"},
            "combo: floor + fs1's rule + L1's penalty": {
                "in sample": [0.913, 0.772], "cross-validated": [0.900, 0.815],
                "minus baseline": {"ECB+": [0.015, [-0.022, 0.051]],
                                   "UCI": [0.010, [-0.009, 0.029]]},
                "minus control": {"ECB+": [0.004, [-0.013, 0.018]],
                                  "UCI": [0.008, [0.002, 0.014]]},
                "leave one out": [0.745, 0.913],
                "note": "the only row ahead of the control on both sets held out, but "
                        "inside the interval on ECB+, behind it tuned on ECB+ alone (UCI "
                        "0.745 against 0.747), and neither interval against the baseline "
                        "clears zero"},
            ("combo-m: combo, but merges (a fragment's too) keep the exponential decay "
             "(scale 180 days); the penalty only places articles"): {
                "in sample": [0.914, 0.768], "cross-validated": [0.900, 0.815],
                "minus baseline": {"ECB+": [0.015, [-0.022, 0.051]],
                                   "UCI": [0.010, [-0.009, 0.029]]},
                "minus control": {"ECB+": [0.004, [-0.013, 0.018]],
                                  "UCI": [0.008, [0.002, 0.014]]},
                "leave one out": [0.747, 0.911],
                "note": "held out the same partitions as combo; leaving a dataset out no "
                        "longer behind the control (0.7469 against 0.7467; 0.911 against "
                        "0.905). The best row, and still short of the aims: ECB+ inside "
                        "its interval against the control and the baseline, UCI inside it "
                        "against the baseline; it also joins the same wording three years "
                        "later (test_time_proximity_matters would have to change)"},
            "horizon: floor + fs1's rule + the decay only beyond a year, exp(-(gap - 365) "
            "/ 180)": {
                "in sample": [0.907, 0.767], "cross-validated": [0.893, 0.815],
                "minus baseline": {"ECB+": [0.008, [-0.028, 0.043]],
                                   "UCI": [0.010, [-0.009, 0.029]]},
                "minus control": {"ECB+": [-0.003, [-0.019, 0.008]],
                                  "UCI": [0.008, [0.002, 0.014]]},
                "leave one out": [0.752, 0.907]},
            "combo3: floor + fs3's rule + L1's penalty": {
                "in sample": [0.912, 0.774], "cross-validated": [0.890, 0.832],
                "minus baseline": {"ECB+": [0.006, [-0.032, 0.042]],
                                   "UCI": [0.025, [0.004, 0.045]]},
                "minus control": {"ECB+": [-0.006, [-0.028, 0.013]],
                                  "UCI": [0.023, [0.009, 0.038]]},
                "leave one out": [0.764, 0.912]}},
        "probes at shipped settings (in sample ECB+ / UCI; control 0.905 / 0.747)": {
            "sharper time decay (scale 1 / 3 / 7 days)": "UCI 0.781 / 0.757 / 0.752, "
                "ECB+ 0.819 / 0.860 / 0.884: it loses its follow-ups (its stories of one "
                "event span 0-731 days)",
            "decay with a floor: f + (1 - f) exp(-gap / s), f 0.3-0.7, s 1-30 days":
                "ECB+ 0.860-0.903, UCI 0.747-0.764",
            "penalty l x (1 - exp(-gap / 1 day)), l 0.03 / 0.06, decay off":
                "ECB+ 0.902 / 0.899, UCI 0.748-0.760",
            "log-gap penalty l 0.005 / 0.01 / 0.015 / 0.02 (with the floor)":
                "ECB+ 0.904 / 0.912 / 0.912 / 0.909, UCI 0.753 / 0.755 / 0.755 / 0.755",
            "no decay / scale 730 days": "ECB+ 0.904 / 0.906 (no decay re-joins topics "
                "6, 16, 18, 22, 33 and merges topic 28, two deaths decades apart)",
            "a headline that is also its text no longer confirms its own capitals as "
            "names (Title Case headlines make 'Files', 'Bankruptcy' entities)":
                "UCI 0.650; with sentence-case titles' capitals kept 0.694: those "
                "entities act as extra title weight, and removing them drops UCI; ECB+ "
                "unchanged",
            "merges by average link only (sample 8), merge threshold 0.3 / 0.2 / 0.15":
                "ECB+ 0.905 / 0.899 / 0.885, UCI 0.707 / 0.711 / 0.730",
            "entity cosine x rarity (mean IDF of shared names / a name seen once), power "
            "1 / 2, on combo3": "ECB+ 0.915 / 0.908, UCI 0.769 / 0.754 (combo3 0.912 / "
                                "0.774)",
            "cohesion cap 0.3 / 0.35 (floor + log-gap)": "ECB+ 0.904 / 0.903, UCI 0.747",
            "lexical weight 0.7": "ECB+ 0.888, UCI 0.763"},
        "verdict": "no rule found that wins on both sets held out with the interval above "
                   "zero; the UCI gains (fragments, the scaled floor) move the joint "
                   "tuning to settings that cost ECB+, and what helps ECB+ (weaker decay "
                   "for follow-ups) lets events years apart merge. Nothing shipped",
    },
    ("third round (2026-12-07): combo-m in src, each part a setting (floor_scaled, "
     "fragment_size 1, time_penalty 0.01), against the control (the three off: the "
     "clustering before) in one full run (--no-timing --no-learned --no-embeddings; "
     "`compare_arms`: each arm tuned jointly from its own settings, up to 3 sweeps in the "
     "folds, JOINT_GRID without link_weight for both, the same two folds and the same "
     "baseline, full grid); rerun with combo-m as the default, the same figures; shipped"): {
        "columns": "as in the second round; 'at shipped settings' is the arm's settings "
                   "untuned (assign 0.08, short_terms 40), in sample",
        "baseline (same run)": {"in sample": [0.898, 0.729], "cross-validated": [0.887, 0.803],
                                "leave one out": [0.420, 0.547]},
        "control (the three rules off)": {
            "in sample": [0.905, 0.759], "at shipped settings": [0.905, 0.747],
            "cross-validated": [0.895, 0.806],
            "minus baseline": {"ECB+": [0.006, [-0.029, 0.045]],
                               "UCI": [0.006, [-0.015, 0.026]]},
            "leave one out": [0.747, 0.905]},
        "combo-m (shipped)": {
            "in sample": [0.914, 0.768], "at shipped settings": [0.914, 0.753],
            "cross-validated": [0.901, 0.812],
            "minus baseline": {"ECB+": [0.012, [-0.024, 0.050]],
                               "UCI": [0.012, [-0.007, 0.030]]},
            "minus control": {"ECB+": [0.006, [-0.012, 0.021]],
                              "UCI": [0.006, [-0.0003, 0.012]]},
            "resamples with combo-m ahead of the control": {"ECB+": 0.772, "UCI": 0.964},
            "leave one out": [0.7469, 0.911],
            "note": "the control leaving a dataset out: 0.7467 and 0.905. Tuned jointly in "
                    "sample, combo-m moves to assign 0.12 (short_terms 60, as the control's "
                    "tuning); it ships with the other settings as they were (assign 0.08, "
                    "short_terms 40). Each arm took about 3 minutes on the shared machine"},
        "story_trial (../shared/tools/story_trial.py: T17 haiti_bbc + MJ_bbc, 438 articles "
        "in two ingests)": {
            "control": "139 stories, 97 of one article, 83/83 first-half ids kept with "
                       "their articles; largest 85 'Conrad Murray trial', 59 Haiti live "
                       "coverage",
            "combo-m": "136 stories, 92 of one article, 81/82 ids kept; the same largest "
                       "stories (85; Haiti live coverage 61). Every story that changed is "
                       "one of the Haiti earthquake's own (12-31 January 2010): three "
                       "singletons of the rescue and relief joined the live coverage, the "
                       "'Douglas Alexander' story of 7 spread over other Haiti stories; the "
                       "id not kept is a singleton ('Millions need food, shelter and medical "
                       "supplies', 19 January) folded by the fragment rule into the UK "
                       "rescuers' story (18-26 January), a recorded merge. The MJ stories "
                       "are identical: no death, estate and trial newly in one story, no "
                       "later Haiti event"},
        "verdict": "shipped: ahead of the control held out on both sets, not behind it "
                   "leaving a dataset out, not worse on T17. Still short of the issue's aims: "
                   "every interval against the baseline holds zero, and ECB+ is 0.901 "
                   "cross-validated, not 0.93; the gain over the control is inside its "
                   "interval on ECB+ and at its edge on UCI. The test that the same wording "
                   "three years later is another event changed: such a report now joins "
                   "(a trial, an anniversary piece); a same-kind event with some shared "
                   "words a year later stays apart (test_time_proximity_matters)"},
    ("the penalty bounded (2026-12-07, after a review): time as a penalty bridges at most "
     "penalty_days (730), the excess decaying, and articles in two languages (compared by "
     "names alone) always decay; one full run as the third round's"): {
        "why": "unbounded, 0.01 x log(1 + gap) is 0.08 at five years: a review joined a "
               "misdated 1900 headline to a 2024 story, a French article to a 4.6-year-old "
               "English one by one shared name, and unrelated reports years apart in a "
               "small archive (probes, tests/test_stories_rules.py)",
        "figures": "every figure as in the third round (in sample 0.914 / 0.753, "
                   "cross-validated 0.901 / 0.812, the same intervals, the control arm the "
                   "same) but leaving UCI out: ECB+ 0.914 (was 0.911); T17 unchanged (136 "
                   "stories, 92 of one article)"},
    ("fourth round (2026-12-07): negative evidence"): {
        "idea": "an article whose distinctive names (rare by entity IDF, in its title and "
                "lead, figures left out) the story never gives, while the story's heaviest "
                "distinctive names are absent from the article, is probably another event of "
                "the same kind: a penalty when it is placed (`name_penalty`, stories/config.py), "
                "none when either side has no distinctive names. Two forms: 'names', the "
                "penalty x the smaller of the two shares that do not meet (IDF-weighted); "
                "'names-disjoint', the form first put, the penalty only when nothing meets on "
                "either side",
        "what the errors are (pairs, shipped settings, ECB+)": {
            "the first wrong join of each merged topic": "in all 8 (5, 9, 10, 11, 12, 20, 27, "
                "35) the second event's first report shares distinctive names with the first "
                "event's story: the kind's names are the events' names (Teixeira and the "
                "Angels, Turkmenistan and Ashgabat, the Gulf of Aden and the Indian navy, "
                "Qeshm, Internet Explorer, the Chargers and the CHP, Maurice Cheeks, Barack "
                "Obama). Negative evidence on names is absent exactly where it is needed; no "
                "probe below changed any of the 8",
            "the strict form as a flag on the 751 pairs that reached their bar": "flags 0-4 "
                "of the 103 wrong pairs and 1-30 of the 648 right ones (distinctive at 0.5-0.8 "
                "of a once-seen name's IDF, the story's 3 or 10 heaviest names)",
            "the graded form": "mean mismatch 0.31 on the 30 pairs joining a story purely of "
                "the other event, 0.16 on right pairs (rarity 0.6, 5 names); a penalty of 0.05 "
                "(rarity 0.7) puts 12 of the 30 and 18 of the 648 right pairs under their bar, "
                "a flat 0.03 off every pair 12 and 21: little more than a lower score",
        },
        "probes at shipped settings (in sample, ECB+ / UCI; control 0.914 / 0.753)": {
            "names 0.03 / 0.05 / 0.1 / 0.2, rarity 0.7": "ECB+ 0.914 / 0.901 / 0.906 / 0.894",
            "names 0.05 / 0.1, rarity 0.6": "ECB+ 0.899 / 0.896",
            "names 0.05 / 0.1, rarity 0.8": "ECB+ 0.915 / 0.907; UCI 0.751 at 0.05",
            "names 0.05, 3 / 10 story names": "ECB+ 0.908 / 0.901",
            "names 0.1, rarity 0.7": "UCI 0.748",
            "disjoint 0.2, rarity 0.7 / 0.6; 0.5, rarity 0.7 / 0.8": "ECB+ 0.910 / 0.914; "
                "0.910 / 0.903; UCI 0.739 at 0.2, rarity 0.7",
            "what moves on ECB+ (names 0.1)": "topic 4 joined (0.904 -> 1), topic 13 "
                "+0.02; topic 34 merged (1 -> 0.671): the penalty on an article's own story "
                "sent it to the other event's, and the rest followed; topic 30 -0.02",
        },
        "protocol rows (one full run, --no-timing --no-learned --no-embeddings; "
        "`compare_arms` as in the third round; the arms' values from the probes, i.e. "
        "chosen in sample)": {
            "baseline (same run)": {"in sample": [0.898, 0.729],
                                    "cross-validated": [0.887, 0.803],
                                    "leave one out": [0.420, 0.547]},
            "control (today's clustering, name_penalty 0)": {
                "in sample": [0.914, 0.768], "at shipped settings": [0.914, 0.753],
                "cross-validated": [0.901, 0.812],
                "minus baseline": {"ECB+": [0.012, [-0.024, 0.050]],
                                   "UCI": [0.012, [-0.007, 0.030]]},
                "leave one out": [0.747, 0.914]},
            "names (0.05, rarity 0.8, 5 story names)": {
                "in sample": [0.915, 0.769], "at shipped settings": [0.915, 0.751],
                "cross-validated": [0.904, 0.815],
                "minus baseline": {"ECB+": [0.015, [-0.021, 0.054]],
                                   "UCI": [0.015, [-0.005, 0.033]]},
                "minus control": {"ECB+": [0.003, [-0.001, 0.008]],
                                  "UCI": [0.003, [-0.001, 0.006]]},
                "resamples ahead of the control": {"ECB+": 0.946, "UCI": 0.927},
                "leave one out": [0.751, 0.905],
                "note": "tuned on UCI (assign 0.05, short_terms 60, as the control's), ECB+ "
                        "loses 0.009: at the lower bar the penalty tips an article of topic "
                        "30 out of its story into the other event's (0.906 -> 0.674), and "
                        "topics 9 and 28 lose an article each"},
            "names-disjoint (0.2 when nothing meets, rarity 0.7)": {
                "in sample": [0.910, 0.761], "at shipped settings": [0.910, 0.739],
                "cross-validated": [0.899, 0.812],
                "minus baseline": {"ECB+": [0.010, [-0.024, 0.047]],
                                   "UCI": [0.011, [-0.011, 0.032]]},
                "minus control": {"ECB+": [-0.002, [-0.017, 0.007]],
                                  "UCI": [-0.001, [-0.014, 0.010]]},
                "leave one out": [0.737, 0.894]}},
        "story_trial (T17 haiti_bbc + MJ_bbc, names as the default)": {
            "control": "136 stories, 92 of one article, 81/82 ids kept; largest 85 'Conrad "
                       "Murray trial', 61 Haiti live coverage",
            "names": "133 stories, 88 of one article, 80/80 ids kept; 86 'Conrad Murray "
                     "trial' (a retrospective of his last days, published on the verdict "
                     "day, joins it: defensible); the Haiti live coverage 66, now headed by "
                     "a quote ('Douglas Alexander: We all need to pull together'); the Haiti "
                     "earthquake's own stories reshuffled (the rescue story of 13 falls to "
                     "11 and 5); and an MJ_bbc blog post (a TV show's recording, March 2010) "
                     "joins 'Haiti's plight has touched many in Africa': an unrelated mix "
                     "the control did not make"},
        "verdict": "not shipped (name_penalty stays 0; the code stays, off, and costs nothing "
                   "off: the lead's names are only read when it is on). 'names' is ahead of "
                   "the control held out on both sets but by +0.003, inside both intervals, "
                   "behind it leaving UCI out (ECB+ 0.905 against 0.914) and mixes an "
                   "unrelated post into a Haiti story on T17; 'names-disjoint' is behind "
                   "everywhere. On ECB+ the two events of a topic share their distinctive "
                   "names, so the evidence this round sought is not in the data where the "
                   "errors are"},
    "fifth round (2026-12-07): the split check": {
        "idea": "what placement cannot see, a story's members can: once several reports of a "
                "second, same-kind event are in a story, they form a group tight inside and "
                "loose towards the rest. benchmarks/story_split.py: a story of N+ articles "
                "(with features) is clustered by average link on the index's own similarity "
                "(IDF-weighted terms and entities mixed by lexical_weight, the counts of that "
                "moment); the first split from the top whose sides both hold M+ articles "
                "(smaller sides are outliers, set aside, then put with the closer group) "
                "splits the story when between < r x within (mean over the pairs between; "
                "each group's mean over its pairs, the two averaged); the larger part keeps "
                "the story. 'split-scaled' multiplies r by the index's shortness (sqrt(terms "
                "/ short_terms)) when most members are headlines or teasers. Forms: over the "
                "finished partition ('final', the arms), or after each assignment with "
                "StoryIndex.part ('online', probed at each arm's tuned values)",
        "what the ratios are (top split, parts of 3+, shipped settings, one probe)": {
            "ECB+": "merged topics 5 / 12 / 11 / 35 / 20 / 27 / 9 at 0.457 / 0.479 / 0.524 / "
                    "0.602 / 0.633 / 0.672 / 0.692 (10 at 0.802; the top split of topic 13's "
                    "story, 22 + 2, cuts the 22); single-event stories at 0.42-0.88 (24_ecb "
                    "0.422, 18_ecb 0.431, 1_ecbplus 0.484): the range found for complete link "
                    "in 2026-11 (EXPERIMENTS), but the merged stories are the larger ones "
                    "(16-30 articles against 4-21), which N can use. Without the outlier "
                    "step the top split cut one or two articles off in 5 of the 8 (9, 10, "
                    "20, 27, 35)",
            "UCI": "merged stories split at 0.002-0.2, single ones at 0.06-0.48: headlines of "
                   "two subjects share almost no words, so the same ratio means another "
                   "thing; hence the scaled form (put after this probe: a design choice made "
                   "looking at both sets)"},
        "protocol rows (one full run, --no-timing --no-learned --no-embeddings --arms split "
        "split-scaled, results/clustering-split.json; `compare_arms`: each arm tuned from its "
        "start over JOINT_GRID + SPLIT_GRID, the same folds and baseline)": {
            "columns": "as in the third round: in sample ECB+ / UCI (tuned jointly); "
                       "cross-validated; minus the baseline / the control held out [95% CI]; "
                       "leave one dataset out (tuned on ECB+ -> UCI, on UCI -> ECB+)",
            "baseline (same run)": {"in sample": [0.898, 0.729],
                                    "cross-validated": [0.887, 0.803]},
            "control (today's clustering, no split)": {
                "in sample": [0.914, 0.768], "at shipped settings": [0.914, 0.753],
                "cross-validated": [0.901, 0.812],
                "minus baseline": {"ECB+": [0.012, [-0.024, 0.050]],
                                   "UCI": [0.012, [-0.007, 0.030]]},
                "leave one out": [0.747, 0.914]},
            "split (final, r unscaled)": {
                "tuned jointly": "N 6, M 2, r 0.1: splits nothing on ECB+, 25 UCI stories",
                "in sample": [0.914, 0.776], "cross-validated": [0.906, 0.836],
                "minus baseline": {"ECB+": [0.018, [-0.010, 0.048]],
                                   "UCI": [0.034, [0.015, 0.052]]},
                "minus control": {"ECB+": [0.005, [-0.017, 0.030]],
                                  "UCI": [0.022, [0.009, 0.036]]},
                "leave one out": [0.737, 0.894],
                "online at the folds' values": {"cross-validated": [0.910, 0.796],
                                                "minus control": {"ECB+": [0.009, [-0.013, 0.034]],
                                                                  "UCI": [-0.018, [-0.040, 0.005]]}},
                "note": "the folds pick r 0.7 (N 20) and 0.2 (N 40): one r cannot serve "
                        "full texts and headlines; tuned on one set it costs the other"},
            "split-scaled (final, r x shortness for headline stories)": {
                "tuned jointly": "N 20, M 3, r 0.7 (assign 0.12, merge 0.5, cohesion 0.55, "
                                 "short_terms 60, as the control's); folds: N 20, M 3, r 0.7 "
                                 "and N 20, M 2, r 0.5, both with merge 0.3 and cohesion 0.3 "
                                 "(looser placement, then the split: part of the held-out "
                                 "gain is that move, which the control's tuning does not make)",
                "in sample": [0.933, 0.768], "at shipped index settings": [0.933, 0.757],
                "cross-validated": [0.924, 0.839],
                "minus baseline": {"ECB+": [0.036, [0.007, 0.068]],
                                   "UCI": [0.038, [0.017, 0.057]]},
                "minus control": {"ECB+": [0.024, [-0.003, 0.052]],
                                  "UCI": [0.026, [0.011, 0.042]]},
                "resamples ahead of the control": {"ECB+": 0.96, "UCI": 1.0},
                "leave one out": [0.754, 0.906],
                "online at the folds' values": {
                    "cross-validated": [0.929, 0.822],
                    "minus control": {"ECB+": [0.029, [0.002, 0.059]],
                                      "UCI": [0.008, [-0.012, 0.029]]},
                    "in sample at the joint values": [0.934, 0.735],
                    "UCI at shipped index settings": "0.705 (final 0.757, control 0.753): "
                        "after each assignment a growing headline story is split again and "
                        "again (275 stories against 228)"},
                "why it is behind tuned on UCI": "UCI's tuning moves the index to assign "
                    "0.12, merge 0.3 (ECB+ 0.893 there without the split) and the split to "
                    "N 10, r 0.5, which adds 0.013 (0.906); at shipped settings N 10, r 0.5 "
                    "would also cut 24_ecb, 18_ecb and 1_ecbplus, single events at "
                    "0.42-0.48. At the control's UCI-tuned index settings the same split "
                    "scores 0.916 (a probe, not the protocol)"}},
        "the split as a stage (`split_staged`: the index held at the control's tuned "
        "settings, only N, M, r tuned from split-scaled's start, 10 / 3 / 0.5 scaled; a second "
        "full run, --arms split-scaled, results/clustering-split-staged.json, every other "
        "figure as above)": {
            "folds chose": "N 10, M 2, r 0.5 and N 20, M 3, r 0.5",
            "cross-validated": [0.894, 0.824],
            "minus control": {"ECB+": [-0.006, [-0.036, 0.025]],
                              "UCI": [0.011, [0.006, 0.018]]},
            "minus baseline": {"ECB+": [0.006, [-0.023, 0.035]],
                               "UCI": [0.023, [0.004, 0.042]]},
            "leave one out": [0.748, 0.914],
            "note": "started instead from 20 / 3 / 0.7 (the joint tuning's values, so "
                    "chosen looking at all the data: a probe, not the protocol) the folds "
                    "keep N 20 and score 0.910 / 0.822 (+0.009 [-0.014, +0.036]; +0.009 "
                    "[+0.002, +0.017]), leaving a dataset out 0.748 / 0.914: what ECB+ gains "
                    "rests on N 20 (its merged stories are larger than its single events), "
                    "which one start finds and another does not. Held out, the split alone "
                    "is worth about +0.01 on UCI and nothing sure on ECB+; the arm's larger "
                    "gains come with the looser placement it lets the tuner choose"},
        "what split-scaled splits at its joint values": {
            "ECB+": "topics 5 (13 | 7), 12 (19 | 11), 35 (11 | 10) cleanly; 27 (11 of 17 "
                    "of the ECB event apart) and 9 (8 of 9) mostly; 1_ecbplus, one event, cut "
                    "12 | 9 (ratio 0.484): a wrong split. Not split: 11 and 20 (16 articles, "
                    "under N), 10 (0.802), 13. The follow-up topics 6, 16, 18, 22, 33 are "
                    "untouched (at shipped settings their stories hold 9-16 articles, "
                    "ratios 0.43-0.77)",
            "UCI": "27 stories split; F1 in sample 0.768 either way (P 0.762 R 0.774 "
                   "against P 0.737 R 0.801: precision bought with recall)",
            "T17 (story_trial's two ingests, split off, then StoryIndex.split_check on every "
            "story at 20 / 3 / 0.7; src prototype, see the verdict)": "139 -> 141 stories, "
                "94 of one article either way; 'Conrad Murray trial' 85 -> 79 + 6 (the "
                "first anniversary, June-November 2010: fans, the family's claims, an "
                "interview: arguably its own story; the 79 still run from the death in 2009 "
                "to the verdict in 2011); the Haiti live coverage 62 -> 42 + 20, both the "
                "earthquake's first week (12-20 January 2010): one event cut in two"},
        "verdict": "not shipped. split-scaled is the first arm with both intervals against "
                   "the baseline above zero held out (ECB+ +0.036 [+0.007, +0.068], UCI "
                   "+0.038 [+0.017, +0.057]) and ahead of the control held out on both sets "
                   "(+0.024, interval holding zero on ECB+; +0.026 above zero on UCI), but "
                   "behind it leaving UCI out (ECB+ 0.906 against 0.914); after each "
                   "assignment, the form the product would run, it loses UCI at today's "
                   "settings (0.705 against 0.753); and on T17 it cuts the Haiti earthquake's "
                   "first week in two. As a stage on the control's settings it is behind the "
                   "control on ECB+ held out (-0.006) and +0.011 on UCI. ECB+ subtopics reach "
                   "0.933 in sample, 0.924 held out (the aim is 0.93). The code stays in the "
                   "harness (story_split.py); a src prototype (stories/split.py, "
                   "StoryIndex.split_check, settings split_*, off) is commit cdc3fe0 on "
                   "branch split, reverted by the next, for the lead"},
    "sixth round (2026-12-07): a guard on the split check": {
        "idea": "the fifth round's split-scaled cut one event in two on T17 (the Haiti "
                "earthquake's first week, 62 -> 42 + 20, both parts on the same days). Two "
                "events of one kind each have names of their own (the other coach, ship, "
                "minister); two angles of one event share theirs. story_split.name_contrast: "
                "per part, the largest (share of its members holding a name - share of the "
                "other part's members holding it), names = pseudo-entities without figures; "
                "the smaller of the two parts' figures. The split passes only when it is at "
                "least split_guard (x shortness for headline stories, as the ratio). Arm "
                "'split-guard': split-scaled's start with guard 0.4, tuned over JOINT_GRID + "
                "SPLIT_GRID + split_guard (0, 0.2, 0.3, 0.4, 0.5, 0.6)",
        "what the numbers are (probes at shipped, joint-tuned and fold settings)": {
            "ECB+ two-event splits": "0.45-1.0, median 0.72 (topics 5 0.92, 7 0.82, 9 0.64, "
                                     "12 0.79, 13 0.91, 14 1.0, 25 0.53, 27 0.45, 29 0.64, "
                                     "30 0.86, 35 0.50) but topic 24 at 0.10 (two heists at "
                                     "one jeweller's in one city: the same names)",
            "ECB+ wrong split": "1_ecbplus (one rehab stay told from two clinics) 0.81: the "
                                "guard does not catch it",
            "T17 angle splits of the Haiti first week": "0.37 (42 + 20, shipped index), 0.32 "
                "(30 + 9, joint-tuned index), 0.28 (51 + 30, fold 1's looser index); median "
                "0.32. With figures counted as names the 30 + 9 scored 0.59 ('7.0', the "
                "magnitude, in 70% of one part): hence names without figures",
            "T17 Jackson first anniversary": "0.32 (78 + 6) and 0.66 (105 + 3, looser index)",
            "UCI (shipped index, splits passing 20 / 3 / 0.7 scaled)": "31 splits; guard 0.4 "
                "x shortness blocks 5 (4 cut a sliver off one gold story, 1 separates two), "
                "0.5 blocks 10 (5 and 5)",
            "other forms looked at and left": "entity-only between / within ratio (Haiti "
                "0.51 among ECB+'s merged topics' 0.39-0.75); IDF-weighted name overlap of "
                "the parts (Haiti 0.12 among 0.13-0.23); the names of the title and lead "
                "only (ECB+ topics 27 and 9 fall to 0.21 and 0.36)"},
        "protocol rows (one full run, --no-timing --no-learned --no-embeddings --arms "
        "split-scaled split-guard, results/clustering-guard.json; the same with hashed entity "
        "columns, figures in: results/clustering-guard-columns.json, every figure the same)": {
            "baseline, control, split-scaled": "as in the fifth round, to the third decimal "
                                               "(the same run reproduces them)",
            "split-guard (final)": {
                "tuned jointly": "N 20, M 3, r 0.7 scaled, guard 0.5 (index as the "
                                 "control's); folds: 20 / 3 / 0.7 / guard 0.4 (index 0.08, "
                                 "merge 0.3, cohesion 0.3) and 20 / 2 / 0.5 / guard 0 (index "
                                 "0.05, merge 0.3, cohesion 0.3, short_terms 40)",
                "in sample": [0.934, 0.769], "at shipped index settings": [0.934, 0.757],
                "cross-validated": [0.917, 0.839],
                "minus baseline": {"ECB+": [0.029, [0.002, 0.057]],
                                   "UCI": [0.038, [0.017, 0.057]]},
                "minus control": {"ECB+": [0.016, [-0.017, 0.048]],
                                  "UCI": [0.026, [0.011, 0.042]]},
                "resamples ahead": {"of the baseline": [0.98, 1.0],
                                    "of the control": [0.82, 1.0]},
                "leave one out": [0.751, 0.906],
                "leave one out, control": [0.747, 0.914],
                "online at the folds' values": {"cross-validated": [0.918, 0.821],
                                                "minus control": {"ECB+": [0.017, [-0.017, 0.050]],
                                                                  "UCI": [0.006, [-0.013, 0.028]]}},
                "what it splits at the joint values": "ECB+ topics 5, 12, 35, 9 and 1_ecbplus "
                    "(27's partial split, 0.45, now guarded); UCI 25 stories (27 without)",
                "what the guard costs held out": "ECB+ 0.924 -> 0.917, all of it fold 1's "
                    "test half, where guard 0.4 keeps topic 24 (0.10) whole: 0.954 -> 0.940; "
                    "UCI unchanged. Fold 2's tuning drops the guard (0): on ECB+ and UCI "
                    "alone the tuner has little reason to want it; its value comes from T17"},
            "split-guard-fixed (the guard held at 0.5, not tuned: what a port ships; a third "
            "run, --arms split-guard-fixed, with the src prototype cherry-picked, "
            "results/clustering-guard-fixed.json; control and baseline the same to the "
            "fourth decimal)": {
                "tuned jointly": "N 20, M 3, r 0.7 scaled; folds as split-guard's",
                "in sample": [0.934, 0.769], "cross-validated": [0.917, 0.837],
                "minus baseline": {"ECB+": [0.029, [0.002, 0.057]],
                                   "UCI": [0.035, [0.014, 0.055]]},
                "minus control": {"ECB+": [0.016, [-0.017, 0.048]],
                                  "UCI": [0.023, [0.009, 0.039]]},
                "leave one out": [0.751, 0.906],
                "online at the folds' values": {"cross-validated": [0.918, 0.822]}}},
        "T17 (haiti_bbc + MJ_bbc, recluster, then the split on every story; "
        "benchmarks/story_split.py at each tuned setting)": {
            "shipped index, 20 / 3 / 0.7 / guard 0.5": "nothing split (137 stories): Haiti "
                "62 kept (0.37), Jackson 84 kept (0.32)",
            "joint-tuned index (assign 0.12, short_terms 60)": "nothing split: Haiti 39 -> 30 "
                "+ 9 guarded (0.32); the first week is already in pieces by placement there "
                "(186 stories, largest Haiti story 39)",
            "fold 1's values (guard 0.4)": "Haiti 81 -> 51 + 30 guarded (0.28); Jackson 108 -> "
                "105 + 3 split (0.66: the first anniversary, June 2010)",
            "fold 2's values (guard 0, r 0.5)": "Haiti 112 kept by the ratio (0.558); 24 -> 18 "
                "+ 6 split (Charlie Simpson's sponsored ride for Haiti, 24-31 January, from the "
                "'five days on' reports; names 0.72)",
            "leave UCI in (tuned on UCI: N 10, r 0.5, merge 0.3)": "Haiti 39 kept; 11 -> 8 + 3 "
                "split (the Hope for Haiti telethon's announcements, 15-19 January, from the "
                "night itself, 22-23 January: one event on different days)"},
        "verdict": "by the lead's criteria it passes: held out ahead of the baseline with "
                   "both intervals above zero (ECB+ +0.029 [+0.002, +0.057], UCI +0.038 "
                   "[+0.017, +0.057]), not behind the control held out (+0.016, +0.026), "
                   "ECB+ 0.934 in sample, and the Haiti first week is never cut at any tuned "
                   "value. Leaving UCI out it is behind the control on ECB+ (0.906 against "
                   "0.914, the UCI-tuned index and N 10 / r 0.5, as in the fifth round); "
                   "leaving ECB+ out ahead on UCI (0.751 against 0.747). Caveats: the guard's "
                   "value rests on T17 (a probe outside the protocol; one fold's tuning drops "
                   "it), its margin there is thin (angles 0.28-0.37, ECB+ two-event splits "
                   "0.45 and up but for topic 24 at 0.10), and it costs ECB+ 0.007 held out "
                   "against split-scaled. Held at 0.5 untuned (split-guard-fixed) every "
                   "criterion holds the same (UCI 0.837, +0.035 [+0.014, +0.055] over the "
                   "baseline). Ported on the src prototype (stories/split.py, "
                   "StoryIndex.split_check, SPLIT_GUARD 0.5; the check still off)"},
    "the split check shipped (2026-12-07, 406aadc): the harness's 'ours' is the product": {
        "what": "ours = ClusterSettings() (20 / 3 / 0.7 scaled, guard 0.5) placed, then "
                "StoryIndex.split_check over every story, tuned over JOINT_GRID + SPLIT_GRID "
                "from the shipped settings (split-guard-fixed's grid, the guard held at 0.5); "
                "arm 'control' the same with split_min_size 0. One full run, --no-timing "
                "--no-learned --no-embeddings --arms control: results/clustering.json",
        "in sample": {"tuned jointly": [0.934, 0.769], "shipped defaults": [0.934, 0.757],
                      "check off": [0.914, 0.753], "baseline": [0.898, 0.729],
                      "recluster() itself (near-copies linked: 18 / 207)": [0.928, 0.747],
                      "recluster(), check off": [0.912, 0.744]},
        "cross-validated": {"ours": [0.923, 0.835], "baseline": [0.887, 0.803],
                            "control": [0.901, 0.812]},
        "minus baseline": {"ECB+": [0.034, [0.004, 0.064]], "UCI": [0.033, [0.014, 0.051]]},
        "minus control": {"ECB+": [0.022, [-0.017, 0.063]], "UCI": [0.021, [0.004, 0.038]]},
        "leave one out (tuned on ECB+ -> UCI, on UCI -> ECB+)": {
            "ours": [0.751, 0.914], "control": [0.747, 0.914], "baseline": [0.420, 0.547]},
        "against split-guard-fixed (0.917 / 0.837; +0.029 / +0.035)": (
            "the same code: at split-guard-fixed's fold settings the product's split_check "
            "scores its four held-out halves exactly (ECB+ 0.9397, 0.8951; UCI 0.7864, "
            "0.8871), and the control reproduces the earlier 'ours' to the fourth decimal. "
            "The difference is the tuning's start (the shipped 20 / 3 / 0.7 here, 10 / 3 / "
            "0.5 there): fold 1 ends at index 0.05 / merge 0.3 / cohesion 0.3 / short_terms "
            "40 with 20 / 3 / 0.7 (ECB+ 0.9397, UCI 0.8007; there 0.9397, 0.7864), fold 2 at "
            "0.12 / 0.3 / 0.55 / 60 with 20 / 5 / 0.6 (0.9063, 0.8691; there 0.8951, "
            "0.8871); tuned on UCI alone, N 6 / r 0.3 keeps ECB+ at 0.914 (there N 10 / r 0.5, "
            "0.906). The start alone moves the held-out figures by 0.006 and 0.002, well "
            "inside the intervals"),
        "recluster() against the harness": (
            "the one step between them is near-copy linking: the harness given the linked "
            "articles scores recluster()'s figures exactly (0.928 / 0.7465; off 0.912 / "
            "0.7442). On UCI 44 of the 207 links join headlines of two gold stories; on ECB+ "
            "none of 18, yet a near-copy followed uncompared changes placement (0.934 -> "
            "0.928). The same with the check off: not the check's"),
        "cost": "cluster() on ECB+ 1.91 s with the check, 1.71 s without (best of 3)"},
    "the split check after each refresh (2026-12-07, benchmarks/split_live.py, "
    "results/split_live.json; shipped values, in sample, no tuning)": {
        "what": "each set fed in batches in publication order (ECB+ by month, undated last; "
                "UCI by day, quarter-day, hour, arrival = stream position), "
                "StoryIndex(ClusterSettings()).split_check after each batch on every story "
                "the batch touched ('per batch') or only on those that reached the next "
                "rung of 20, 40, 80, ... since their last check ('doubling'), against one "
                "check over every story at the end ('final', what recluster does) and none",
        "ECB+ (by month, 43 batches, the undated 426 last; also in batches of 50)": "every "
            "form 0.934, the same partition as final (off 0.914), the same 5 splits: a story "
            "reaches 20 only near the end of its topic's documents (about 23 a topic), so a "
            "live check sees what the final one sees; the set cannot tell the forms apart",
        "UCI, F1 [off 0.753, final 0.757]": {
            "per batch": {"day": 0.747, "quarter-day": 0.741, "hour": 0.739},
            "doubling": {"day": 0.750, "quarter-day": 0.746, "hour": 0.750}},
        "UCI minus final [95% CI]": {
            "per batch": {"day": [-0.011, [-0.020, -0.003]],
                          "quarter-day": [-0.016, [-0.028, -0.007]],
                          "hour": [-0.018, [-0.031, -0.006]]},
            "doubling": {"day": [-0.007, [-0.012, -0.002]],
                         "quarter-day": [-0.011, [-0.019, -0.005]],
                         "hour": [-0.007, [-0.016, 0.002]]}},
        "rerun after 383ed13 (each part of a split named after its own first article in "
        "the index; the public id still goes to the larger part)": "the figures above; the "
            "first run's, with the old naming, were per batch 0.746 / 0.746 / 0.739 and "
            "doubling 0.750 / 0.751 / 0.747: later placements break ties by story id, so the "
            "live forms move by up to 0.006 with the naming alone; final and off unchanged",
        "why": "a live check sees a story before the reports that bridge its groups: final "
               "makes 21 splits on UCI, 3 of them cutting one gold story; doubling 27-32 "
               "(7-9 cutting one), per batch 33-52 (9-19). Precision is the same (0.764-0.770 "
               "against 0.766), recall falls (0.714-0.737 against 0.748). Live forms are "
               "also behind 'off' (-0.002 to -0.014)",
        "along the way (after each batch, F1 of the articles so far, mean over batches; "
        "off / final / per batch / doubling / a rebuild with the check after each batch)": {
            "UCI by day": [0.738, 0.739, 0.731, 0.733, 0.737],
            "UCI by quarter-day": [0.747, 0.748, 0.731, 0.732, 0.740],
            "UCI by hour": [0.748, 0.749, 0.728, 0.734, 0.745],
            "ECB+ by month": [0.952, 0.952, 0.950, 0.950, 0.950],
            "ECB+ in batches of 50": [0.939, 0.940, 0.941, 0.941, 0.940],
            "note": "even a full rebuild with the check after every batch shows less than "
                    "the check off on UCI (the first quarter-day: -0.057, a young story of "
                    "one event cut); hourly it is ahead in 23 of 35 batches, by +0.003 to "
                    "+0.005 at the end: the check pays on a story that has its bridging "
                    "reports, not on a young one"},
        "verdict": "no live form is as good as final on UCI, at the end or along the way; "
                   "the check stays where stories are made again from their members "
                   "(rebuild, recluster, window pass)"},
    "seventh round (2026-12-07): the harness is recluster() itself; the cross-validation "
    "repeated; near-copies counted by the check measured and left off": {
        "what": "Ours.partition links near-copies per subset as recluster does "
                "(link_near_copies, then placement, then the check): the harness and "
                "recluster() now give the same partition on both sets (in the previous run "
                "they differed, 0.934 / 0.757 against 0.928 / 0.747). repeated_cv runs the "
                "two-fold cross-validation over five halvings (the fixed one and four random "
                "ones of the same kind) and bootstraps the margin from each document's "
                "held-out precision and recall averaged over the repeats: one halving's "
                "tuning is a noisy pick, and the single fixed halving moved by 0.014 on "
                "ECB+ with this change alone. One full run, --no-timing --no-learned "
                "--no-embeddings --arms control: results/clustering.json",
        "in sample (shipped; check off; baseline)": {"ECB+": [0.928, 0.912, 0.898],
                                                     "UCI": [0.747, 0.744, 0.729]},
        "short_terms 60 measured and left at 40": (
            "the joint tuning and every probed fold's tuning on half of each set (six of six) "
            "pick 60: UCI at otherwise shipped settings 0.747 -> 0.773 (check off 0.744 -> "
            "0.763), ECB+ unchanged (full reports), ECB+'s titles alone (headline_probe, a "
            "headline set never tuned on) 0.766 -> 0.781 (80: 0.770, 100: 0.764), leaving "
            "ECB+ out UCI 0.751 -> 0.765; split_live.py's verdict holds (live forms minus "
            "final -0.009 to -0.024). But on T17 a desk given every third article first as a "
            "teaser ends further from the desk given full texts (upgrades.py, same code: "
            "0.838 against 0.863 at 40; precision against the full desk 0.840 against "
            "0.885): lower bars let teasers join or prompt merges that outlast their upgrade "
            "(the story a withdrawn article leaves is kept as one). Left at 40 until an "
            "upgrade undoes what its teaser joined"),
        "cross-validated, fixed halving (ours; baseline; control)": {
            "ECB+": [0.915, 0.887, 0.897], "UCI": [0.842, 0.803, 0.812]},
        "minus baseline, fixed halving": {"ECB+": [0.026, [0.004, 0.049]],
                                          "UCI": [0.040, [0.021, 0.058]]},
        "minus control, fixed halving": {"ECB+": [0.018, [-0.003, 0.043]],
                                         "UCI": [0.031, [0.017, 0.047]]},
        "cross-validated, 5 x 2 (ours; baseline; per-repeat range of ours)": {
            "ECB+": [0.908, 0.864, [0.888, 0.923]], "UCI": [0.826, 0.795, [0.802, 0.844]]},
        "minus baseline, 5 x 2": {"ECB+": [0.043, [0.022, 0.064]],
                                  "UCI": [0.031, [0.018, 0.042]]},
        "leave one out (-> UCI; -> ECB+)": {"ours": [0.751, 0.908], "control": [0.748, 0.912],
                                            "baseline": [0.420, 0.547]},
        "near-copies counted by the check": (
            "the check read every member, a near-copy's features too (a syndicated copy as "
            "one more report; the harness had counted them, linking nothing): in sample "
            "ECB+ 0.933 / UCI 0.750 against 0.928 / 0.747 (topic 9's split passes: 0.704 "
            "-> under 0.7 with its copy), but held out, 5 x 2, 0.905 / 0.823 against "
            "0.908 / 0.826, paired -0.003 [-0.009, +0.003] and -0.003 [-0.006, +0.000] "
            "(the same halvings; fixed halving alone 0.909 / 0.836, the ECB+ margin over "
            "the baseline +0.019 [-0.007, +0.047]). An in-sample gain only: left off; a "
            "copy follows its original, uncounted (test_stories_split)"),
        "a join check (the split check's twin), probed in sample at shipped settings": (
            "after the check, a story of at most 1-5 articles joins the story it is "
            "closest to by average link when that is at least r x the target's own mean "
            "similarity: r 0.7 joins nothing on either set; r 0.5 joins 3 on ECB+ (0.933 "
            "-> 0.937) and 3 on UCI (0.7497 -> 0.7498). Placement's fragments are far from "
            "their stories in words: nothing to build"),
        "the 0.93 aim": "in sample 0.928 as the product runs; held out 0.908 (5 x 2) and "
                        "0.915 (fixed halving). Not met"},
    "why the ECB+ cross-validation falls to 0.849": (
        "each fold's joint tuning picked short_terms 60, which lowers the bars for the "
        "quarter of ECB+ documents under 40 terms; one setting for both sets is the rule, "
        "so the loss is reported as it is"),
}


#: Ideas measured on 2026-11-26 and left out (prototypes outside the repo: a StoryIndex
#: subclass or extra pseudo-entities, scored with this file's `tune_ours`, `halves`, `score`).
#: Subtopic B-cubed F1 as [tuned on all, cross-validated]; "quick" = one sweep and half grids
#: (the same code unchanged scores [0.9047, 0.8841] quick and [0.9047, 0.8966] full). The
#: verdict is in `margin_bootstrap`: a 95% interval of about +-0.04 around a margin over the
#: baseline, so none of these is evidence either way.
EXPERIMENTS: dict[str, object] = {
    "baseline_of_these_runs": {"quick": [0.9047, 0.8841], "full": [0.9047, 0.8966]},
    "years as pseudo-entities (find_timerefs on title + 100 / 300 words, anchored)": {
        "quick": {"100 words": [0.9062, 0.8775], "300 words": [0.9062, 0.8739]}},
    "story keeps the years its articles state; agreeing year x1.3": {"quick": [0.9067, 0.8900]},
    "conflicting years (both state some, none shared) x0.6": {"quick": [0.8979, 0.8797]},
    "conflicting decimal figures or money amounts x0.7": {"quick": [0.9041, 0.8752]},
    "years + decimals + money: agreement x1.3, conflict x0.7": {
        "quick": [0.9108, 0.8939], "full": [0.9115, 0.9027],
        "note": "+0.007 / +0.006 over the same code without: inside the bootstrap interval; "
                "it would also cost find_timerefs on every lead (754 articles/s alone, "
                "against 2,958/s for today's features)"},
    "the same, years written as digits only (no relative dates)": {
        "quick": {"conflict x0.7": [0.9023, 0.8932], "no conflict penalty": [0.9004, 0.8692]}},
    "mean link: centroid cosine x (|sum of member vectors| / sum of their norms)^g": {
        "quick": {"g 0.5": [0.8866, 0.8450], "g 1": [0.8641, 0.8512],
                  "g 0.5, grid down to cap 0.1, threshold 0.05": [0.8910, 0.8450]}},
    "entity IDF raised to a power (as terms are)": {
        "quick": {"1.5": [0.9031, 0.8456], "2": [0.9004, 0.8752]}},
    "order-stable 2-means split of stories of 6+ (split if between/within < t, t tuned)": {
        "full": [0.9047, 0.8966], "note": "the tuned t splits nothing"},
    "IDF as if N more documents without the term had been seen (a prior)": {
        "quick": {"N 1,000": [0.9012, 0.8923], "N 10,000": [0.9009, 0.8812]}},
    "IDF from every article before the first is placed (batch counts, then assignment)": {
        "quick": [0.9179, 0.9143], "full": [0.9196, 0.9088],
        "note": "the largest gain seen (+0.015 / +0.012), still inside the interval, and "
                "from the future: the later event's reports make "
                "the kind's words common before the first one is placed; an online index "
                "cannot know that, and one-by-one would no longer equal a rebuild. What an "
                "online index can have, earlier unrelated news, is the next entry"},
    "the other half's documents, unlabelled, as background document frequencies for both "
    "methods, when tuning and when scoring (ours: counted before the first article is placed)": {
        "quick": {"ours": 0.906, "baseline": 0.883},
        "full": {"ours": 0.888, "baseline": 0.882, "margin (pooled)": 0.004,
                 "ci95": [-0.031, 0.039]},
        "note": "cross-validated only (the tuned-on-all run has no other half); the same run "
                "without background: ours 0.897, baseline 0.887. The quick gain was the "
                "tuning's noise"},
    "pair analysis (no clustering)": {
        "what": "1,172 decisions in gold order: an article against its own event's story "
                "so far and against the other event of its topic; ROC AUC of one score",
        "auc": {"centroid": 0.942, "mean link": 0.951, "max link": 0.934, "min link": 0.892,
                "logistic regression over all link scores (grouped 5-fold)": 0.949,
                "centroid x1.5 when a year agrees": 0.954},
        "the same pairs, batch TF-IDF with IDF squared, by the text compared (2026-11-26)": {
            "title + 100 words": 0.925, "title + 250 words": 0.926, "title + 50 words": 0.912,
            "title + 30 words": 0.889, "title + first sentence": 0.855,
            "title + first sentence mixed in (weight 0.3-0.7)": "0.890-0.918"},
        "a story's names held by most of its articles, absent from the article": "flags "
                "54% of the wrong pairs and 39% of the right ones (held by 80%)",
        "article's most repeated name absent from the story": "flags 7 of the 78 wrong "
                "pairs scoring above 0.25, and 38 of the 629 right ones"},
    "IDF prior from general English (wordfreq 3.1.1 word frequencies f: every term counts "
    "as if N0 more documents had been seen, N0 * (1 - exp(-L f)) of them holding it)": {
        "quick": {"N0 10,000, L 100, re-tuned": [0.9035, 0.8916],
                  "same run without the prior": [0.9047, 0.8842],
                  "untuned, N0 1,000-1,000,000, L 100/300": "0.883-0.895"},
        "note": "inside the noise; common surnames (Jackson, Williams) become weak words "
                "while the kind's words (DUI, Chargers) stay rare, the opposite of what "
                "the merged topics need"},
    "spaCy entities (the language layer's, aliases merged over the corpus) instead of "
    "pseudo-entities": {
        "quick": {"spaCy ids": [0.8924, 0.8604], "spaCy ids + decimal figures": [0.8919, 0.8604],
                  "spaCy ids and pseudo-entities together": [0.9067, 0.8951]},
        "note": "typed entities do not help: the merged topics share their names, and the "
                "model misses or mistypes names the capitalisation rule keeps"},
    "split a finished story in two by complete link over its articles (parts of 2+), "
    "if between / within similarity < t": {
        "analysis": "the split finds the two events in 5 of the 8 merged stories, but "
                    "their ratios (0.40-0.83) sit among those of single-event stories "
                    "(0.43-0.87): any t splits as many right stories as wrong ones"},
    "time as a penalty, not a factor: content - l x (1 - exp(-gap / scale))": {
        "quick": {"l 0.1": [0.9129, 0.8895], "l 0.15": [0.9126, 0.8895]},
        "note": "re-joins late follow-ups (a trial two years on, a sequel's casting) that "
                "the factor splits off: +0.008 / +0.005, inside the noise, and time would "
                "then prune no candidate"},
    "issue 11 (2026-12-06): average link and headline-only items, ECB+ and UCI together":
        ISSUE11_EXPERIMENTS,
    "error anatomy (shipped settings)": (
        "8 of 33 topics (5, 9, 10, 11, 12, 20, 27, 35) end as one story holding both events "
        "(subtopic F1 0.67-0.73 each), which is most of the gap to 1. The wrong joins score "
        "0.22-0.59 against bars of 0.17-0.25, the range of right joins: the other event's "
        "reports share the kind's names (Chargers, Teixeira, Qeshm island, Indian navy) and "
        "the ECB half of each topic carries no date and seldom a year, so neither time "
        "decay nor stated years can tell them apart."),
}

ABLATIONS: dict[str, dict[str, object]] = {
    "idf_power 1 (plain IDF)": {"idf_power": 1.0},
    "no story-specific bar (cohesion_ratio 0)": {"cohesion_ratio": 0.0},
    "no lexical floor (min_lexical 0)": {"min_lexical": 0.0},
    "no time decay (scale 10^6 days)": {"time_scale_days": 1e6},
    "no entities (lexical_weight 1)": {"lexical_weight": 1.0},
    "no merges": {"merge_threshold": NO_MERGE},
    "no blocking (every story scored)": EXHAUSTIVE,
    "no split check (split_min_size 0)": {"split_min_size": 0},
}


def ablate(runner: Ours, docs: Sequence[Doc],
           settings: ClusterSettings) -> dict[str, dict[str, dict[str, float]]]:
    """What each part is worth: the tuned settings with one part switched off."""
    return {name: score(runner.partition(replace(settings, **change)), docs)  # type: ignore[arg-type]
            for name, change in ABLATIONS.items()}


def margin_bootstrap(ours: Mapping[str, Hashable], baseline: Mapping[str, Hashable],
                     dataset: Dataset, resamples: int = 2000,
                     seed: int = 0) -> dict[str, object]:
    """How sure the margin is: held-out gold-story B-cubed F1 of ours minus the
    baseline's, both from the cross-validation's held-out partitions pooled, with a paired
    bootstrap over the dataset's units (ECB+ topics, UCI gold stories). Each resample
    draws units with replacement and scores both methods on the same draw, from each
    document's precision and recall in the whole held-out partition (on ECB+ exact, as no
    predicted story spans two topics; on UCI a predicted story may span gold stories, and
    a document keeps the precision it has in the full partition)."""
    return bootstrap_documents(per_document(ours, dataset), per_document(baseline, dataset),
                               dataset, resamples, seed)


def per_document(predicted: Mapping[str, Hashable],
                 dataset: Dataset) -> dict[str, tuple[float, float]]:
    """Each document's B-cubed precision and recall in `predicted` (gold: subtopic)."""
    gold = {d.article.id: d.subtopic for d in dataset.docs}
    pair = Counter((predicted[i], gold[i]) for i in gold)
    pred_size = Counter(predicted[i] for i in gold)
    gold_size = Counter(gold.values())
    return {i: (pair[predicted[i], gold[i]] / pred_size[predicted[i]],
                pair[predicted[i], gold[i]] / gold_size[gold[i]]) for i in gold}


def bootstrap_documents(ours_pd: Mapping[str, tuple[float, float]],
                        base_pd: Mapping[str, tuple[float, float]], dataset: Dataset,
                        resamples: int = 2000, seed: int = 0) -> dict[str, object]:
    """`margin_bootstrap` from each document's precision and recall (one partition's, or
    their means over the repeats of `repeated_cv`)."""
    docs = dataset.docs

    def f1(values: np.ndarray) -> float:
        precision, recall = values.mean(axis=0)
        return float(2 * precision * recall / (precision + recall))

    units = sorted({dataset.unit_of(d) for d in docs}, key=str)
    rows: dict[Hashable, list[str]] = {u: [] for u in units}
    for d in docs:
        rows[dataset.unit_of(d)].append(d.article.id)
    ours_rows = {u: np.array([ours_pd[i] for i in ids]) for u, ids in rows.items()}
    base_rows = {u: np.array([base_pd[i] for i in ids]) for u, ids in rows.items()}
    point = (f1(np.concatenate([ours_rows[u] for u in units])),
             f1(np.concatenate([base_rows[u] for u in units])))
    rng = np.random.default_rng(seed)
    diffs = np.empty(resamples)
    for n in range(resamples):
        draw = [units[i] for i in rng.integers(0, len(units), len(units))]
        diffs[n] = (f1(np.concatenate([ours_rows[u] for u in draw]))
                    - f1(np.concatenate([base_rows[u] for u in draw])))
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {"ours_f1_pooled": round(point[0], 4), "baseline_f1_pooled": round(point[1], 4),
            "margin": round(point[0] - point[1], 4),
            "ci95": [round(float(low), 4), round(float(high), 4)],
            "share_ours_ahead": round(float((diffs > 0).mean()), 3),
            "resamples": resamples, "unit": f"{dataset.unit} (paired)"}


Fit = Callable[[Sequence[tuple[Ours, Dataset, Sequence[Doc]]], bool], ClusterSettings]


def _fit_linear(parts: Sequence[tuple[Ours, Dataset, Sequence[Doc]]],
                quick: bool) -> ClusterSettings:
    """The shipped method's joint tuning on `parts` (each set's training docs): the hand-set
    mix and, since it shipped, the split check's values (`shipped_grid`)."""
    settings, _ = tune_joint([(runner, docs) for runner, _, docs in parts], quick,
                             grid=shipped_grid(), starts=JOINT_STARTS)
    return settings


def cross_validate(runners: Mapping[str, Ours], baselines: Mapping[str, Baseline],
                   datasets: Sequence[Dataset], quick: bool, fit: Fit = _fit_linear,
                   held_out: dict[str, dict[str, Hashable]] | None = None,
                   label: str = "", seed: int | None = None,
                   partitions: dict[str, dict[str, dict[str, Hashable]]] | None = None,
                   ) -> dict[str, object]:
    """Two folds, the same for both methods: each set is cut in two halves by unit; ours is
    tuned jointly on the first halves of every set and scored on the second halves, then
    the other way round; the baseline is tuned on the same half of each set (per set: it
    gets its own threshold for each corpus, an advantage ours does not take). Per set:
    the mean of the two held-out scores per method, and the bootstrap of the pooled
    held-out margin. `fit` makes our settings from the training halves (default: the
    hand-set mix's joint tuning); `held_out`, when given, receives our held-out partition
    per set (keys: fold and story id); `partitions` both methods' ("ours", "baseline").
    `seed` picks a random halving (`Dataset.halves`) instead of the fixed one."""
    split = {ds.name: ds.halves(seed) for ds in datasets}
    held: dict[str, dict[str, dict[str, Hashable]]] = {
        ds.name: {"ours": {}, "baseline": {}} for ds in datasets}
    scores: dict[str, list[tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]]] = {
        ds.name: [] for ds in datasets}
    folds: list[dict[str, object]] = []
    for fold, (train_at, test_at) in enumerate(((0, 1), (1, 0))):
        settings = fit([(runners[ds.name], ds, split[ds.name][train_at]) for ds in datasets],
                       quick)
        record: dict[str, object] = {"ours_settings": _settings_dict(settings)}
        for ds in datasets:
            train, test = split[ds.name][train_at], split[ds.name][test_at]
            params, _ = baselines[ds.name].tune(train, quick)
            ours_pred = runners[ds.name].partition(settings, [d.article for d in test])
            base_pred = baselines[ds.name].predict(test, params)
            held[ds.name]["ours"].update({a: (fold, c) for a, c in ours_pred.items()})
            held[ds.name]["baseline"].update({a: (fold, c) for a, c in base_pred.items()})
            scores[ds.name].append((score(ours_pred, test), score(base_pred, test)))
            record[ds.name] = {"baseline_params": params,
                               "ours_held_out": scores[ds.name][-1][0],
                               "baseline_held_out": scores[ds.name][-1][1]}
        folds.append(record)
    result: dict[str, object] = {"folds": folds}
    for ds in datasets:
        (o1, b1), (o2, b2) = scores[ds.name]
        margin = margin_bootstrap(held[ds.name]["ours"], held[ds.name]["baseline"], ds)
        result[ds.name] = {"ours": _mean_scores(o1, o2), "baseline": _mean_scores(b1, b2),
                           "margin_bootstrap": margin}
        if held_out is not None:
            held_out[ds.name] = held[ds.name]["ours"]
        if partitions is not None:
            partitions[ds.name] = held[ds.name]
        print(f"{ds.name} cross-validated{label}: ours {result[ds.name]['ours']['subtopic']['f1']:.3f}, "  # type: ignore[index]
              f"baseline {result[ds.name]['baseline']['subtopic']['f1']:.3f}; margin (pooled) "  # type: ignore[index]
              f"{margin['margin']:+.3f}, 95% CI {margin['ci95'][0]:+.3f} .. "  # type: ignore[index]
              f"{margin['ci95'][1]:+.3f} (bootstrap over "
              f"{'topics' if ds.unit == 'topic' else 'gold stories'}); ours ahead in "  # type: ignore[index]
              f"{margin['share_ours_ahead']:.0%} of resamples")
    return result


#: Repeats of the two-fold cross-validation (`repeated_cv`): the fixed halving and
#: REPEATS - 1 random ones (5 x 2: Dietterich 1998).
REPEATS = 5


def repeated_cv(runners: Mapping[str, Ours], baselines: Mapping[str, Baseline],
                datasets: Sequence[Dataset], quick: bool, repeats: int = REPEATS,
                fit: Fit | None = None, first: Mapping[str, dict[str, dict[str, Hashable]]]
                | None = None) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """Two-fold cross-validation repeated over `repeats` halvings (the fixed one, which
    `first` may hand over from `cross_validate`, then random ones, seeds 1, 2, ...): a
    tuning on half a set is a noisy pick (one fold's settings can move the held-out F1 by
    0.03 on ECB+), so one halving's figure moves with any change that nudges the tuning.
    Per set: each repeat's held-out F1 of both methods (of the pooled held-out partition,
    both folds': `margin_bootstrap`'s figure), their mean, and the paired
    bootstrap of the margin over units from each document's precision and recall averaged
    over the repeats (every document is held out once per repeat). The interval is over
    units: the spread between halvings (each repeat's figure, reported) is averaged in,
    not added to it. Also returns, per set, those averaged values by document ("ours",
    "baseline"), to compare two code versions paired."""
    per_repeat: dict[str, list[tuple[float, float]]] = {ds.name: [] for ds in datasets}
    sums: dict[str, dict[str, dict[str, np.ndarray]]] = {ds.name: {} for ds in datasets}
    for repeat in range(repeats):
        if repeat == 0 and first is not None:
            parts: Mapping[str, dict[str, dict[str, Hashable]]] = first
        else:
            got: dict[str, dict[str, dict[str, Hashable]]] = {}
            cross_validate(runners, baselines, datasets, quick,
                           **({"fit": fit} if fit is not None else {}),  # type: ignore[arg-type]
                           label=f" (repeat {repeat})", seed=repeat or None, partitions=got)
            parts = got
        for ds in datasets:
            scores = []
            for method in ("ours", "baseline"):
                values = per_document(parts[ds.name][method], ds)
                scores.append(score(parts[ds.name][method], ds.docs)["subtopic"]["f1"])
                acc = sums[ds.name].setdefault(method, {})
                for doc_id, pr in values.items():
                    acc[doc_id] = acc.get(doc_id, np.zeros(2)) + np.array(pr)
            per_repeat[ds.name].append((scores[0], scores[1]))
    result: dict[str, object] = {"repeats": repeats,
                                 "halvings": "the fixed one" + (
                                     f", then seeds 1..{repeats - 1}" if repeats > 1 else "")}
    means: dict[str, dict[str, object]] = {}
    for ds in datasets:
        averaged = {method: {i: tuple(v / repeats) for i, v in acc.items()}
                    for method, acc in sums[ds.name].items()}
        means[ds.name] = averaged  # type: ignore[assignment]
        margin = bootstrap_documents(averaged["ours"], averaged["baseline"], ds)  # type: ignore[arg-type]
        ours_f1 = [round(o, 4) for o, _ in per_repeat[ds.name]]
        base_f1 = [round(b, 4) for _, b in per_repeat[ds.name]]
        result[ds.name] = {"ours_f1_pooled_per_repeat": ours_f1,
                           "baseline_f1_pooled_per_repeat": base_f1,
                           "ours_f1_mean": round(statistics.fmean(ours_f1), 4),
                           "baseline_f1_mean": round(statistics.fmean(base_f1), 4),
                           "margin_bootstrap": margin}
        print(f"{ds.name} cross-validated, {repeats} x 2 folds: ours "
              f"{statistics.fmean(ours_f1):.3f} ({min(ours_f1):.3f}-{max(ours_f1):.3f}), "
              f"baseline {statistics.fmean(base_f1):.3f}; margin (document means) "
              f"{margin['margin']:+.3f}, 95% CI {margin['ci95'][0]:+.3f} .. "  # type: ignore[index]
              f"{margin['ci95'][1]:+.3f}")  # type: ignore[index]
    return result, means


def halves(docs: Sequence[Doc]) -> tuple[list[Doc], list[Doc]]:
    return ([d for d in docs if int(d.topic) % 2 == 1],
            [d for d in docs if int(d.topic) % 2 == 0])


def _mean_scores(a: dict[str, dict[str, float]], b: dict[str, dict[str, float]],
                 ) -> dict[str, dict[str, float]]:
    return {level: {k: round((a[level][k] + b[level][k]) / 2, 4)
                    for k in ("precision", "recall", "f1")} for level in a}


def _settings_dict(settings: ClusterSettings) -> dict[str, object]:
    return {k: v for k, v in asdict(settings).items()
            if k in GRID or k in JOINT_GRID or k in LEARNED_GRID
    or k in ("idf_power", "min_lexical", "link_weight", "link_sample", "combine",
             "learned_weights", *THIRD_ROUND, *SPLIT_FIELDS,
             *(k for arm in ARMS.values() for k in arm))}


#: The joint tuning's grid (ECB+ and UCI together, one sweep from the start below: a UCI
#: run takes 30-100 s on a shared 2-core machine). The wider ECB+-only `GRID` of earlier
#: runs set the values not listed here (lead words, time scale, cohesion cap, lexical
#: weight, IDF power), which stay as shipped. It starts from the shipped settings.
#: link_weight left the grid on 2026-12-07 (third round): no tuning ever chose 0.5 (ECB+
#: 0.895 against 0.905, UCI 0.685 against 0.747), each of its points costs 2-3 times a UCI
#: run, and the second round's rows were all tuned without it.
JOINT_GRID: dict[str, tuple[float, ...]] = {
    "short_terms": (0, 20, 40, 60),
    "assign_threshold": (0.05, 0.08, 0.12),
    "merge_threshold": (0.3, 0.5, NO_MERGE),
    "cohesion_ratio": (0.3, 0.55),
}
JOINT_STARTS = (ClusterSettings(),)


def _table(name: str, rows: Sequence[tuple[str, Mapping[str, Mapping[str, float]]]],
           levels: Sequence[str]) -> None:
    head = f"\n{name + ' B-cubed':36} {'story P':>8} {'R':>6} {'F1':>6}"
    if "topic" in levels:
        head += f"   {'topic P':>8} {'R':>6} {'F1':>6}"
    print(head)
    for label, result in rows:
        line = f"{label:36} " + " ".join(f"{result['subtopic'][k]:{w}.3f}" for k, w in
                                         (("precision", 8), ("recall", 6), ("f1", 6)))
        if "topic" in levels:
            line += "   " + " ".join(f"{result['topic'][k]:{w}.3f}" for k, w in
                                     (("precision", 8), ("recall", 6), ("f1", 6)))
        print(line)


def quality(datasets: Sequence[Dataset], quick: bool, with_embeddings: bool = True,
            with_learned: bool = True, arms: Collection[str] | None = None,
            repeats: int = REPEATS, dump: Path | None = None) -> dict[str, object]:
    """Ours (the shipped method: `Ours.partition` of `ClusterSettings()`, placement then
    the split check, tuned over `shipped_grid`) and the baseline on every set, in one run:
    tuned on all (in sample), the shipped defaults (also through `recluster` itself),
    cross-validated under the same folds with the bootstrap of the margin (the fixed
    halving, then `repeats` halvings: `repeated_cv`; `dump` receives its per-document
    means), and leave one
    dataset out (tuned on one set, scored on the other); then the other arms of `ARMS`
    (the control: the check off) and (`with_learned`) the learned mix against ours."""
    if arms is not None and "split-scaled" in arms:
        arms = {*arms, "control"}  # the split as a stage is measured on the control's settings
    runners = {ds.name: Ours(ds.docs) for ds in datasets}
    baselines = {ds.name: Baseline(ds.docs) for ds in datasets}
    grid = shipped_grid()
    started = time.perf_counter()
    settings, tuned = tune_joint([(runners[ds.name], ds.docs) for ds in datasets], quick,
                                 grid=grid, starts=JOINT_STARTS, sweeps=1)
    tuning_s = time.perf_counter() - started
    defaults = ClusterSettings()
    result: dict[str, object] = {
        "ours_method": "recluster()'s steps: near-copies linked (link_near_copies), then "
                       "StoryIndex (online, publication order): centroid and average-link "
                       "similarity mixed by link_weight, story-specific bar, merges; then "
                       "StoryIndex.split_check over every story when split_min_size is on",
        "ours_arm": shipped_arm(),
        "ours_grid": {k: list(v) for k, v in grid.items()},
        "ours_tuned_jointly": _settings_dict(settings),
        "ours_shipped_defaults": _settings_dict(defaults),
        "joint_tuning_seconds": round(tuning_s, 1),
        "baseline_method": "TfidfVectorizer(sublinear_tf, english stop words) + agglomerative "
                           "clustering on cosine distances (scipy linkage), tuned per set",
    }
    in_sample: dict[str, dict[str, object]] = {}
    for ds, ours_tuned in zip(datasets, tuned, strict=True):
        params, base_tuned = baselines[ds.name].tune(ds.docs, quick)
        in_sample[ds.name] = {
            "ours_tuned": ours_tuned,
            "ours_defaults": runners[ds.name].scored(defaults, ds.docs),
            "ours_defaults_check_off": runners[ds.name].scored(
                replace(defaults, split_min_size=0), ds.docs),
            "recluster": recluster_rows(ds.docs),
            "baseline_params": params, "baseline_tuned": base_tuned}
        here = in_sample[ds.name]
        here["recluster_agrees"] = all(
            here[mine] == here["recluster"][theirs]  # type: ignore[index]
            for mine, theirs in (("ours_defaults", "shipped"),
                                 ("ours_defaults_check_off", "check_off")))
        if not here["recluster_agrees"]:
            print(f"WARNING: on {ds.name} the harness and recluster() differ at the shipped "
                  "settings: 'ours' is no longer the product", file=sys.stderr)
    linear_held: dict[str, dict[str, Hashable]] = {}
    fixed: dict[str, dict[str, dict[str, Hashable]]] = {}
    cv = cross_validate(runners, baselines, datasets, quick, held_out=linear_held,
                        partitions=fixed)
    repeated, document_means = repeated_cv(runners, baselines, datasets, quick,
                                           repeats, first=fixed)
    if dump is not None:
        dump.write_text(json.dumps(document_means) + "\n", encoding="utf-8")
    lodo: dict[str, object] = {}
    if len(datasets) == 2:
        for train, test in (datasets, datasets[::-1]):
            own, _ = tune_joint([(runners[train.name], train.docs)], quick, grid=grid,
                                starts=JOINT_STARTS, sweeps=1)
            params, _ = baselines[train.name].tune(train.docs, quick)
            lodo[f"tuned on {train.name}, scored on {test.name}"] = {
                "ours_settings": _settings_dict(own),
                "ours": runners[test.name].scored(own, test.docs),
                "baseline_params": params,
                "baseline": baselines[test.name].run(test.docs, params)}
    for ds in datasets:
        here = in_sample[ds.name]
        held = cv[ds.name]  # type: ignore[index]
        rows = [("ours, tuned jointly on all (dev)", here["ours_tuned"]),
                ("ours, shipped defaults", here["ours_defaults"]),
                ("ours, shipped, split check off", here["ours_defaults_check_off"]),
                ("recluster(), shipped", here["recluster"]["shipped"]),  # type: ignore[index]
                ("recluster(), split check off", here["recluster"]["check_off"]),  # type: ignore[index]
                (f"baseline, tuned on {ds.name} (dev)", here["baseline_tuned"]),
                ("ours, cross-validated", held["ours"]),
                ("baseline, cross-validated", held["baseline"])]
        for name, entry in lodo.items():
            if name.endswith(ds.name):
                rows += [(f"ours, {name.split(',')[0]}", entry["ours"]),  # type: ignore[index]
                         (f"baseline, {name.split(',')[0]}", entry["baseline"])]  # type: ignore[index]
        _table(ds.name, rows, ds.levels)  # type: ignore[arg-type]
    print(f"ours tuned jointly: {_settings_dict(settings)}")
    result.update({"in_sample": in_sample, "cross_validated": cv,
                   "cross_validated_repeated": repeated, "leave_one_dataset_out": lodo})
    held_by_arm: dict[str, dict[str, dict[str, Hashable]]] = {}
    if len(datasets) == 2:
        result["arms"] = compare_arms(runners, baselines, datasets, quick, linear_held,
                                      in_sample, lodo, arms, held_by_arm)
    if len(datasets) == 2 and (arms is None or "split-scaled" in arms) and "control" in held_by_arm:
        control = result["arms"]["control"]  # type: ignore[index]
        result["split_staged"] = split_staged(runners, baselines, datasets, quick,
                                              control["cross_validated"],
                                              control["leave_one_dataset_out"],
                                              held_by_arm["control"])
    if len(datasets) == 2 and with_learned:
        result["learned_mix"] = learned_mix(runners, baselines, datasets, quick, linear_held,
                                            in_sample, lodo)
    ecb = next((ds for ds in datasets if ds.name == "ECB+"), None)
    if ecb is not None:
        ablations = ablate(runners[ecb.name], ecb.docs, defaults)
        print("ECB+ ablations (shipped settings, one thing changed), story F1: " + ", ".join(
            f"{name} {r['subtopic']['f1']:.3f}" for name, r in ablations.items()))
        result["ecbplus_ablations_of_defaults"] = ablations
        result["ecbplus_headlines"] = headline_probe(ecb.docs)
        result["ecbplus_experiments"] = EXPERIMENTS
        from storyline.stories import embed

        result["embeddings"] = (
            embeddings(runners[ecb.name], ecb.docs, {
                "tuned": in_sample[ecb.name]["ours_tuned"],
                "cv": cv[ecb.name]["ours"],  # type: ignore[index]
                "topic": in_sample[ecb.name]["ours_tuned"]["topic"]["f1"]})  # type: ignore[index]
            if with_embeddings and embed.available()
            else {"skipped": "--no-embeddings" if not with_embeddings
                  else f"optional packages not installed ({embed.INSTALL_HINT})"})
    return result


#: Issue 11's third round's three rules (the scaled floor, fragments joining at a story's
#: bar, time as a penalty when placing), shipped on 2026-12-07; all off was its control.
THIRD_ROUND: dict[str, object] = {"floor_scaled": True, "fragment_size": 1, "time_penalty": 0.01}
#: Issue 11's fourth round: today's behaviour ("control": no negative evidence) and two
#: forms of negative evidence on names (`stories/config.py`, NAME_PENALTY): "names", the
#: penalty growing with the share of distinctive names that do not meet (0.05, names at
#: least 0.8 rare), and "names-disjoint", the form first put, a penalty (0.2) only when
#: neither side names any of the other's distinctive names. Their values were picked by
#: one in-sample probe at shipped settings (ECB+ / UCI: control 0.914 / 0.753; "names"
#: 0.915 / 0.751; "names-disjoint" 0.910 / 0.739; 0.1 at rarity 0.7: 0.906 / 0.748).
#: `quality` scores the shipped defaults as "ours" and every other arm against them, in
#: the same run. Since the split check shipped (2026-12-07), "control" is the clustering
#: without it (`split_min_size` 0; no name penalty, as shipped): what "ours" was until then,
#: kept in every run so the check's own margin stays visible.
CONTROL: dict[str, object] = {"name_penalty": 0.0, "split_min_size": 0}
NAMES: dict[str, object] = {"name_penalty": 0.05, "name_rarity": 0.8}
NAMES_DISJOINT: dict[str, object] = {"name_penalty": 0.2, "name_rarity": 0.7,
                                     "name_disjoint_only": True}
#: Issue 11's fifth round: the split check (`story_split`), a post-processing step here
#: (`split_mode` "final": over the finished partition; "online" is probed at the tuned
#: values), its three numbers tuned with the index's under the same protocol (its own
#: grid, `SPLIT_GRID`, after JOINT_GRID). It starts from stories of 10+, parts of 3+,
#: between < 0.3 x within (the UCI headlines' merged stories split at 0.00-0.2, ECB+'s
#: at 0.46-0.69, among single events' 0.42-0.88: one probe at shipped settings).
SPLIT: dict[str, object] = {"split_min_size": 10, "split_min_part": 3, "split_ratio": 0.3}
SPLIT_GRID: dict[str, tuple[float, ...]] = {
    "split_min_size": (6, 10, 20, 40),
    "split_min_part": (2, 3, 5),
    "split_ratio": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
}
#: The same, the ratio scaled by the story's shortness when its members are headlines
#: (`split_scaled`; the index's sqrt(terms / short_terms)): put after that probe, since a
#: ratio that suits full texts would then suit headlines.
SPLIT_SCALED: dict[str, object] = {**SPLIT, "split_ratio": 0.5, "split_scaled": True}
#: Issue 11's sixth round: split-scaled with the guard (`story_split.name_contrast`: each
#: part must have a name of its own, held by at least `split_guard` (x shortness) more of
#: its members than of the other's; names without figures). It starts at 0.4: on probes
#: at shipped, joint-tuned and fold settings ECB+'s two-event splits score 0.45-1.0 but
#: one (topic 24, two heists at one jeweller's in one city: 0.10), T17's angle splits of
#: the Haiti earthquake's first week 0.28-0.37 and the Jackson anniversary 0.32 (a choice
#: made looking at T17, which the tuning does not see; the grid then moves it on ECB+ and
#: UCI alone).
SPLIT_GUARD: dict[str, object] = {**SPLIT_SCALED, "split_guard": 0.4}
GUARD_GRID: dict[str, tuple[float, ...]] = {"split_guard": (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)}
#: The same with the guard held at the joint tuning's 0.5 (not tuned): the value a port
#: would ship, set by T17 rather than by the folds (one of which drops the guard).
SPLIT_GUARD_FIXED: dict[str, object] = {**SPLIT_SCALED, "split_guard": 0.5}
#: The shipped product since 2026-12-07 (commit 406aadc): split-guard-fixed's values as
#: tuned, run by the product's own `StoryIndex.split_check` after placement (as `recluster`
#: does), tuned over split-guard-fixed's grid (the guard held at the shipped 0.5) from the
#: shipped settings. It is "ours" in every run (`shipped_arm`).
SPLIT_CHECK: dict[str, object] = {"split_min_size": stories_config.SPLIT_MIN_SIZE,
                                  "split_min_part": stories_config.SPLIT_MIN_PART,
                                  "split_ratio": stories_config.SPLIT_RATIO,
                                  "split_scaled": stories_config.SPLIT_SCALED,
                                  "split_guard": stories_config.SPLIT_GUARD}
ARMS: dict[str, dict[str, object]] = {"split-check": SPLIT_CHECK, "control": CONTROL,
                                      "names": NAMES, "names-disjoint": NAMES_DISJOINT,
                                      "split": SPLIT, "split-scaled": SPLIT_SCALED,
                                      "split-guard": SPLIT_GUARD,
                                      "split-guard-fixed": SPLIT_GUARD_FIXED}
#: The fifth and sixth rounds' arms, run by `story_split`'s prototype (`SplitSettings`,
#: whose check is off, unscaled and unguarded unless the arm says otherwise).
PROTOTYPE_ARMS = frozenset({"split", "split-scaled", "split-guard", "split-guard-fixed"})
#: The grid each arm is tuned over (JOINT_GRID unless listed).
ARM_GRIDS: dict[str, dict[str, tuple[float, ...]]] = {
    "split-check": {**JOINT_GRID, **SPLIT_GRID},
    "split": {**JOINT_GRID, **SPLIT_GRID}, "split-scaled": {**JOINT_GRID, **SPLIT_GRID},
    "split-guard": {**JOINT_GRID, **SPLIT_GRID, **GUARD_GRID},
    "split-guard-fixed": {**JOINT_GRID, **SPLIT_GRID}}


def arm_start(name: str) -> ClusterSettings:
    """An arm's settings: the shipped ones with its parts (a prototype arm's in a
    `SplitSettings`)."""
    parts = ARMS[name]
    if name in PROTOTYPE_ARMS:
        return SplitSettings(**parts)  # type: ignore[arg-type]
    return replace(ClusterSettings(), **parts)  # type: ignore[arg-type]


def shipped_arm() -> str:
    """The arm the shipped defaults are ("shipped" when none): the first of `ARMS` run as
    the product (not a prototype) whose parts all hold in `ClusterSettings()`."""
    defaults = ClusterSettings()
    return next((name for name, parts in ARMS.items() if name not in PROTOTYPE_ARMS
                 and all(getattr(defaults, key, None) == value for key, value in parts.items())),
                "shipped")


def shipped_grid() -> dict[str, tuple[float, ...]]:
    """The grid "ours" (the shipped arm) is tuned over, from the shipped settings."""
    return ARM_GRIDS.get(shipped_arm(), JOINT_GRID)


def _fit_from(start: ClusterSettings,
              grid: Mapping[str, Sequence[float]] = JOINT_GRID) -> Fit:
    """`_fit_linear`'s joint tuning, started from `start` (an arm) instead."""
    def fit(parts: Sequence[tuple[Ours, Dataset, Sequence[Doc]]], quick: bool) -> ClusterSettings:
        settings, _ = tune_joint([(runner, docs) for runner, _, docs in parts], quick,
                                 grid=grid, starts=(start,))
        return settings
    return fit


def compare_arms(runners: Mapping[str, Ours], baselines: Mapping[str, Baseline],
                 datasets: Sequence[Dataset], quick: bool,
                 shipped_held: Mapping[str, Mapping[str, Hashable]],
                 shipped_in_sample: Mapping[str, Mapping[str, object]],
                 shipped_lodo: Mapping[str, Mapping[str, object]],
                 arms: Collection[str] | None = None,
                 held_by_arm: dict[str, dict[str, dict[str, Hashable]]] | None = None,
                 ) -> dict[str, object]:
    """Every arm of `ARMS` (or of `arms`) other than the shipped defaults, through the same protocol as
    "ours" (the same grid and tuning from the arm's settings, the same folds, the same
    baseline): in sample, cross-validated with the bootstrap of its held-out margin over
    the baseline and over the shipped arm, leave one dataset out. An arm would replace
    the shipped one only if ahead of it held out on both sets and not behind it leaving
    a dataset out (and not worse on real news: ../shared/tools/story_trial.py).
    `held_by_arm`, when given, receives each arm's held-out partitions."""
    shipped = shipped_arm()
    result: dict[str, object] = {"shipped_arm": shipped}
    f1 = lambda r: r["subtopic"]["f1"]  # noqa: E731
    for name, parts in ARMS.items():
        if name == shipped or (arms is not None and name not in arms):
            continue
        started = time.perf_counter()
        start = arm_start(name)
        grid = ARM_GRIDS.get(name, JOINT_GRID)
        settings, tuned = tune_joint([(runners[ds.name], ds.docs) for ds in datasets], quick,
                                     grid=grid, starts=(start,), sweeps=1)
        in_sample = {ds.name: {"tuned": t, "start": runners[ds.name].scored(start, ds.docs)}
                     for ds, t in zip(datasets, tuned, strict=True)}
        held: dict[str, dict[str, Hashable]] = {}
        cv = cross_validate(runners, baselines, datasets, quick, fit=_fit_from(start, grid),
                            held_out=held, label=f" ({name})")
        versus = {ds.name: margin_bootstrap(held[ds.name], shipped_held[ds.name], ds)
                  for ds in datasets}
        if held_by_arm is not None:
            held_by_arm[name] = held
        lodo: dict[str, object] = {}
        for train, test in (datasets, datasets[::-1]):
            own, _ = tune_joint([(runners[train.name], train.docs)], quick, grid=grid,
                                starts=(start,), sweeps=1)
            lodo[f"tuned on {train.name}, scored on {test.name}"] = {
                "ours_settings": _settings_dict(own),
                "ours": runners[test.name].scored(own, test.docs)}
        probes = (split_probes(runners, datasets, settings, cv, shipped_held)
                  if name.startswith("split") else None)
        short = _against(name, name, shipped, shipped, datasets, versus,
                         {ds.name: (f1(in_sample[ds.name]["tuned"]),
                                    f1(shipped_in_sample[ds.name]["ours_tuned"]))  # type: ignore[index]
                          for ds in datasets}, lodo, shipped_lodo)
        verdict = (f"{name} not ahead: " + "; ".join(short) if short else
                   f"{name} ahead of {shipped} held out on both sets and not behind leaving a "
                   "dataset out")
        print(f"arm verdict: {verdict}")
        result[name] = {"parts": parts, "tuned_jointly": _settings_dict(settings),
                        "in_sample": in_sample, "cross_validated": cv,
                        f"minus_{shipped}_cross_validated": versus,
                        "leave_one_dataset_out": lodo, "verdict": verdict,
                        **({"probes": probes} if probes else {}),
                        "seconds": round(time.perf_counter() - started, 1)}
    return result


def _split_parts(runner: Ours, dataset: Dataset, settings: SplitSettings,
                 docs: Sequence[Doc]) -> list[dict[str, object]]:
    """What the final split check split at `settings` on `docs`: per story, the gold
    stories of each part (ECB+: "topic_subtopic" ids), largest first, and the ratio."""
    gold = {d.article.id: d.subtopic for d in docs}
    key = (base_settings(settings), hash(tuple(d.article.id for d in docs)))
    runner.split_partition(settings, [d.article for d in docs])
    splits = runner._bases[key][1][settings.split_min_part]
    found = []
    for split in splits.values():
        if (len(split.larger) + len(split.smaller) >= settings.split_min_size
                and split.passes(settings.split_ratio, settings.split_scaled,
                                 settings.split_guard)):
            found.append({
                "ratio": round(split.between / split.within, 3),
                "names": round(split.names, 3),
                "larger": dict(Counter(str(gold[a]) for a in split.larger).most_common(3)),
                "smaller": dict(Counter(str(gold[a]) for a in split.smaller).most_common(3))})
    return sorted(found, key=lambda row: row["ratio"])  # type: ignore[arg-type, return-value]


def split_probes(runners: Mapping[str, Ours], datasets: Sequence[Dataset],
                 settings: ClusterSettings, cv: Mapping[str, Any],
                 control_held: Mapping[str, Mapping[str, Hashable]]) -> dict[str, object]:
    """The split check's probes: what it splits at the jointly tuned settings (per set),
    and its online form (after each assignment, `StoryIndex.part`) at the same values,
    in sample and held out (each fold's tuned values, the same folds), with the paired
    bootstrap of the held-out margin over the control."""
    assert isinstance(settings, SplitSettings)
    result: dict[str, object] = {"what_it_splits": {}, "online": {}}
    for ds in datasets:
        result["what_it_splits"][ds.name] = (  # type: ignore[index]
            _split_parts(runners[ds.name], ds, settings, ds.docs) if settings.split_min_size
            else "the tuned settings split nothing (split_min_size 0)")
    online = replace(settings, split_mode="online")
    fold_settings = [SplitSettings(**{**fold["ours_settings"], "split_mode": "online"})
                     for fold in cv["folds"]]
    for ds in datasets:
        started = time.perf_counter()
        in_sample = (score(runners[ds.name].partition(online), ds.docs)
                     if online.split_min_size else None)
        seconds = time.perf_counter() - started
        held: dict[str, Hashable] = {}
        scores = []
        for fold, (fold_online, test) in enumerate(zip(fold_settings, ds.halves()[::-1],
                                                       strict=True)):
            predicted = runners[ds.name].partition(fold_online, [d.article for d in test])
            held.update({a: (fold, c) for a, c in predicted.items()})
            scores.append(score(predicted, test))
        versus = margin_bootstrap(held, control_held[ds.name], ds)
        result["online"][ds.name] = {  # type: ignore[index]
            "in_sample": in_sample, "in_sample_seconds": round(seconds, 1),
            "cross_validated": _mean_scores(scores[0], scores[1]),
            "minus_control_cross_validated": versus}
        print(f"{ds.name} split check online: in sample "
              f"{in_sample['subtopic']['f1'] if in_sample else float('nan'):.3f} "
              f"({seconds:.0f} s); cross-validated "
              f"{result['online'][ds.name]['cross_validated']['subtopic']['f1']:.3f}, "  # type: ignore[index]
              f"minus control {versus['margin']:+.3f}, 95% CI {versus['ci95'][0]:+.3f} .. "  # type: ignore[index]
              f"{versus['ci95'][1]:+.3f}")  # type: ignore[index]
    return result


def _index_part(settings: ClusterSettings) -> dict[str, object]:
    """The index's own fields of `settings` (the split check's left out: a `SplitSettings`
    made from them starts with the prototype's check, off, unscaled and unguarded)."""
    return {k: v for k, v in asdict(settings).items() if k not in SPLIT_FIELDS}


def _settings_from(recorded: Mapping[str, Any]) -> ClusterSettings:
    """The settings `_settings_dict` recorded (the fields it leaves out were never tuned)."""
    return ClusterSettings(**{k: tuple(v) if isinstance(v, list) else v
                              for k, v in recorded.items() if k not in SPLIT_FIELDS})


def split_staged(runners: Mapping[str, Ours], baselines: Mapping[str, Baseline],
                 datasets: Sequence[Dataset], quick: bool, cv: Mapping[str, Any],
                 lodo: Mapping[str, Any],
                 control_held: Mapping[str, Mapping[str, Hashable]]) -> dict[str, object]:
    """The split check's own worth, as a stage after placement: the index's settings held
    at the control's (each fold's and each leave-one-out tuning of this run), only N, M
    and r tuned (SPLIT_GRID, from split-scaled's start) on the same training halves; the
    held-out margins over the control and the baseline (paired bootstrap), and leave one
    dataset out. (The arms tune both together, so an arm may also move the index.)"""
    started = time.perf_counter()
    split = {ds.name: ds.halves() for ds in datasets}
    held: dict[str, dict[str, dict[str, Hashable]]] = {
        ds.name: {"ours": {}, "baseline": {}} for ds in datasets}
    scores: dict[str, list[dict[str, dict[str, float]]]] = {ds.name: [] for ds in datasets}
    chosen: list[dict[str, object]] = []
    for fold, (train_at, test_at) in enumerate(((0, 1), (1, 0))):
        control = _settings_from(cv["folds"][fold]["ours_settings"])
        start = SplitSettings(**{**_index_part(control), **SPLIT_SCALED})  # type: ignore[arg-type]
        tuned, _ = tune_joint([(runners[ds.name], split[ds.name][train_at]) for ds in datasets],
                              quick, grid=SPLIT_GRID, starts=(start,))
        chosen.append({k: getattr(tuned, k) for k in SPLIT_FIELDS})
        for ds in datasets:
            test = split[ds.name][test_at]
            ours = runners[ds.name].partition(tuned, [d.article for d in test])
            base = baselines[ds.name].predict(test, cv["folds"][fold][ds.name]["baseline_params"])
            held[ds.name]["ours"].update({a: (fold, c) for a, c in ours.items()})
            held[ds.name]["baseline"].update({a: (fold, c) for a, c in base.items()})
            scores[ds.name].append(score(ours, test))
    result: dict[str, object] = {"folds_split_settings": chosen}
    for ds in datasets:
        versus_control = margin_bootstrap(held[ds.name]["ours"], control_held[ds.name], ds)
        versus_baseline = margin_bootstrap(held[ds.name]["ours"], held[ds.name]["baseline"], ds)
        mean = _mean_scores(scores[ds.name][0], scores[ds.name][1])
        result[ds.name] = {"cross_validated": mean, "minus_control": versus_control,
                           "minus_baseline": versus_baseline}
        print(f"{ds.name} split check as a stage (index at the control's settings): "
              f"cross-validated {mean['subtopic']['f1']:.3f}; minus control "
              f"{versus_control['margin']:+.3f} ({versus_control['ci95'][0]:+.3f} .. "  # type: ignore[index]
              f"{versus_control['ci95'][1]:+.3f}); minus baseline {versus_baseline['margin']:+.3f} "  # type: ignore[index]
              f"({versus_baseline['ci95'][0]:+.3f} .. {versus_baseline['ci95'][1]:+.3f})")  # type: ignore[index]
    out: dict[str, object] = {}
    for train, test in (datasets, datasets[::-1]):
        key = f"tuned on {train.name}, scored on {test.name}"
        control = _settings_from(lodo[key]["ours_settings"])
        start = SplitSettings(**{**_index_part(control), **SPLIT_SCALED})  # type: ignore[arg-type]
        tuned, _ = tune_joint([(runners[train.name], train.docs)], quick, grid=SPLIT_GRID,
                              starts=(start,))
        ours = runners[test.name].scored(tuned, test.docs)
        out[key] = {"split_settings": {k: getattr(tuned, k) for k in SPLIT_FIELDS},
                    "ours": ours, "control": lodo[key]["ours"]}
        print(f"split check as a stage, {key}: {ours['subtopic']['f1']:.3f} (control "
              f"{lodo[key]['ours']['subtopic']['f1']:.3f})")
    result["leave_one_dataset_out"] = out
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _against(name: str, short: str, other: str, other_long: str, datasets: Sequence[Dataset],
             versus: Mapping[str, Mapping[str, Any]],
             in_sample: Mapping[str, tuple[float, float]],
             lodo: Mapping[str, Any], other_lodo: Mapping[str, Any]) -> list[str]:
    """Print a candidate against the method it would replace (in sample, the held-out
    margin with its interval, leaving a dataset out) and return what keeps it from
    replacing it: empty when it is ahead held out on both sets and not behind leaving a
    dataset out."""
    f1 = lambda r: r["subtopic"]["f1"]  # noqa: E731
    for ds in datasets:
        m = versus[ds.name]
        ours, theirs = in_sample[ds.name]
        print(f"{ds.name} {name}: in sample {ours:.3f} ({other} {theirs:.3f}); cross-validated, "
              f"{short} minus {other} {m['margin']:+.3f}, 95% CI {m['ci95'][0]:+.3f} .. "
              f"{m['ci95'][1]:+.3f}")
    for key, entry in lodo.items():
        print(f"{name} {key}: {f1(entry['ours']):.3f} ({other} {f1(other_lodo[key]['ours']):.3f})")
    ahead = all(versus[ds.name]["margin"] > 0 for ds in datasets)
    not_behind = all(f1(lodo[key]["ours"]) >= f1(other_lodo[key]["ours"]) for key in lodo)
    return [part for part, bad in ((f"not ahead of {other_long} held out on both sets", not ahead),
                                   ("behind it leaving a dataset out", not not_behind)) if bad]


def learned_mix(runners: Mapping[str, Ours], baselines: Mapping[str, Baseline],
                datasets: Sequence[Dataset], quick: bool,
                linear_held: Mapping[str, Mapping[str, Hashable]],
                linear_in_sample: Mapping[str, Mapping[str, object]],
                linear_lodo: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    """The learned mix of signals (`stories.learned`) against the hand-set one, in the
    same run: the pair model fitted on the decisions met on both sets and its bars tuned
    jointly (in sample); cross-validated under the same folds as the hand-set mix and the
    baseline (the pair model refitted on each fold's training halves), with the paired
    bootstrap of its held-out margin over the baseline and over the hand-set mix; leave
    one dataset out (fitted and tuned on one set, scored on the other). The verdict: it
    would ship only if ahead of the hand-set mix held out on both sets and not behind it
    leaving a dataset out."""
    started = time.perf_counter()
    parts = [(runners[ds.name], ds, ds.docs) for ds in datasets]
    decisions = {ds.name: pair_decisions(runners[ds.name], ds.docs) for ds in datasets}
    settings = fit_learned(parts, quick)
    in_sample = {ds.name: runners[ds.name].scored(settings, ds.docs) for ds in datasets}
    held: dict[str, dict[str, Hashable]] = {}
    cv = cross_validate(runners, baselines, datasets, quick, fit=fit_learned, held_out=held,
                        label=" (learned mix)")
    versus_linear = {ds.name: margin_bootstrap(held[ds.name], linear_held[ds.name], ds)
                     for ds in datasets}
    lodo: dict[str, object] = {}
    for train, test in (datasets, datasets[::-1]):
        own = fit_learned([(runners[train.name], train, train.docs)], quick)
        lodo[f"tuned on {train.name}, scored on {test.name}"] = {
            "ours_settings": _settings_dict(own), "ours": runners[test.name].scored(own, test.docs)}
    f1 = lambda r: r["subtopic"]["f1"]  # noqa: E731
    short = _against("learned mix", "learned", "hand-set", "the hand-set mix", datasets,
                     versus_linear,
                     {ds.name: (f1(in_sample[ds.name]),
                                f1(linear_in_sample[ds.name]["ours_tuned"]))  # type: ignore[index]
                      for ds in datasets}, lodo, linear_lodo)
    verdict = ("experiment: " + "; ".join(short) if short else
               "ship: ahead held out on both sets and not behind leaving a dataset out")
    print(f"learned mix verdict: {verdict}")
    return {"signals": list(SIGNALS),
            "decisions": {name: {"pairs": len(y), "share_same_story": round(float(y.mean()), 3)}
                          for name, (_, y) in decisions.items()},
            "fitted_on_both": _settings_dict(settings), "in_sample": in_sample,
            "cross_validated": cv, "versus_hand_set_cross_validated": versus_linear,
            "leave_one_dataset_out": lodo, "verdict": verdict,
            "seconds": round(time.perf_counter() - started, 1)}


#: The values of `short_terms` the headline probe scores.
HEADLINE_TERMS = (0, 20, 40, 60, 80, 100)


def headline_probe(docs: Sequence[Doc]) -> dict[str, object]:
    """ECB+ as headline-only items (each document's title alone, `text_kind` "headline",
    as the readers store a title without text; documents without a title left out): a
    second labelled set of headlines, never tuned on, for the headline bars
    (`short_terms`). Ours at the shipped settings and at each of HEADLINE_TERMS, through
    `Ours.partition`; the baseline tuned on it in sample (its best case)."""
    heads = [Doc(replace(d.article, text=d.article.title, text_kind="headline"), d.topic,
                 d.subtopic) for d in docs if d.article.title]
    runner = Ours(heads)
    params, tuned = Baseline(heads).tune(heads, False)
    rows = {str(terms): runner.scored(ClusterSettings(short_terms=terms), heads)["subtopic"]
            for terms in HEADLINE_TERMS}
    shipped = runner.scored(ClusterSettings(), heads)["subtopic"]
    print(f"ECB+ titles alone ({len(heads)} headlines, {len({d.subtopic for d in heads})} "
          f"gold stories): shipped {shipped['f1']:.3f}; by short_terms "
          + ", ".join(f"{k} {v['f1']:.3f}" for k, v in rows.items())
          + f"; baseline tuned on them {tuned['subtopic']['f1']:.3f}")
    return {"headlines": len(heads), "shipped": shipped, "by_short_terms": rows,
            "baseline_params": params, "baseline_tuned_in_sample": tuned["subtopic"]}


def recluster_rows(docs: Sequence[Doc]) -> dict[str, object]:
    """`recluster` itself at the shipped settings, with the split check and without: the
    product end to end, which `Ours.partition` follows step by step (near-copies linked,
    placement, the check); `quality` checks that the rows agree with the harness's
    (`recluster_agrees`) and warns when they do not."""
    articles = [d.article for d in docs]
    rows: dict[str, object] = {}
    for name, settings in (("shipped", ClusterSettings()),
                           ("check_off", ClusterSettings(split_min_size=0))):
        done = recluster(articles, settings=settings)
        rows[name] = score({a: s.id for s in done.stories for a in s.article_ids}, docs)
        rows["near_copies_linked"] = len(done.near_copies)
    return rows


def throughput(docs: Sequence[Doc]) -> dict[str, object]:
    """End to end `cluster()` on ECB+ (near-copies, pseudo-entities, features, assignment,
    the split check, headlines, scores): one process, as the library runs it; best of 3,
    with the split check (shipped) and without it (its own cost)."""
    articles = [d.article for d in docs]
    result: dict[str, object] = {"articles": len(articles)}
    for name, settings in (("", ClusterSettings()), ("check_off_", ClusterSettings(split_min_size=0))):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            stories = cluster(articles, settings=settings)
            best = min(best, time.perf_counter() - started)
        result.update({f"{name}stories": len(stories), f"{name}seconds": round(best, 3),
                       f"{name}articles_per_s": round(len(articles) / best, 1)})
    result["note"] = ("cluster() as shipped, the split check included (StoryIndex.split_check "
                      "after placement, as recluster runs it); check_off_*: the same with "
                      "split_min_size 0. Best of 3")
    return result


# -- the timing part -----------------------------------------------------------------------------


class Synthetic:
    """Seeded synthetic news: Zipfian everyday words and names, plus a few words and names
    of each event alone.

    Ranks 1-300 of a real news vocabulary are mostly stop words, which the features drop;
    the generator starts its Zipf law below them. Names follow a Zipf law of their own (the
    same capitals and leaders recur across unrelated stories), and each story adds three
    names and six rare words that only it uses, as real events do. Follow-ups reuse 60% of
    their story's words and all its names."""

    def __init__(self, seed: int = 7, vocabulary: int = 60_000, names: int = 20_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = self._unique(vocabulary, lambda: self._word(4, 10))
        self.names = self._unique(names, self._name)
        self.c_words = np.cumsum(self._zipf(len(self.words), 300))
        self.c_names = np.cumsum(self._zipf(len(self.names), 1))
        self.count = 0

    def _unique(self, size: int, make: Callable[[], str]) -> list[str]:
        found: dict[str, None] = {}
        while len(found) < size:
            found[make()] = None
        return list(found)

    @staticmethod
    def _zipf(size: int, offset: int) -> np.ndarray:
        weights = 1 / np.arange(offset, offset + size, dtype=np.float64) ** 1.05
        return weights / weights.sum()

    def _word(self, shortest: int, longest: int) -> str:
        return "".join(self.rng.choice(list("abcdefghijklmnoprstuvwyz"),
                                       size=int(self.rng.integers(shortest, longest))))

    def _name(self) -> str:
        syllables = [self.rng.choice(list("bcdfghklmnprstvz")) + self.rng.choice(list("aeiou"))
                     for _ in range(int(self.rng.integers(2, 5)))]
        return "".join(syllables).capitalize()

    def _pick(self, pool: list[str], cumulative: np.ndarray, n: int) -> list[str]:
        picks = np.searchsorted(cumulative, self.rng.random(n) * cumulative[-1])
        return [pool[min(int(i), len(pool) - 1)] for i in picks]

    def article(self, base: Article | None = None, prefix: str = "a") -> Article:
        self.count += 1
        if base is None:
            event = [self._word(9, 10) for _ in range(6)]
            names = [f"{self._name()}{self._name().lower()}" for _ in range(3)]
            names += self._pick(self.names, self.c_names, 6)
            body = self._pick(self.words, self.c_words, 130) + event * 2
            self.rng.shuffle(body)
            title = [event[0], *self._pick(self.words, self.c_words, 5), event[1]]
        else:
            names = sorted(set(re.findall(r"(?<=, )[A-Z][a-z]+", base.text)))
            old = [w for w in base.text.replace(",", "").replace(".", "").split() if w.islower()]
            keep = sorted(self.rng.choice(len(old), size=int(len(old) * 0.6), replace=False))
            body = [old[i] for i in keep] + self._pick(self.words, self.c_words, 50)
            title = (base.title or "").lower().split()[:4] + self._pick(self.words, self.c_words, 3)
        sentences = [" ".join(body[i:i + 14]) for i in range(0, len(body), 14)]
        text = " ".join(f"{s}, {names[i % len(names)]} said." for i, s in enumerate(sentences))
        return Article(id=f"{prefix}{self.count:09d}", origin="synthetic", raw_sha256="",
                       text=text, title=" ".join(title).capitalize(), source="Synthetic",
                       url=None, published=None, published_from="unknown", language="en")


def _features_chunk(args: tuple[int, list[Article]]) -> list[Features]:
    lead_words, articles = args
    return Featurizer(lead_words).features(articles)


@dataclass
class _Build:
    """Running totals while synthetic stories fill the index."""

    articles: int = 0
    joined: int = 0  # build articles are all unrelated: any join is a wrong one
    assign_seconds: float = 0.0
    featurize_seconds: float = 0.0
    featurize_2_seconds: float = 0.0
    featurized_2: int = 0


def _fill(index: StoryIndex, generator: Synthetic, size: int, founders: list[Article],
          build: _Build, pool: ProcessPoolExecutor) -> None:
    """Add synthetic stories (each founded by an unrelated article) until `size`."""
    lead_words = index.settings.lead_words
    while len(index) < size:
        batch = [generator.article(prefix="a") for _ in range(min(5_000, size - len(index)))]
        started = time.perf_counter()
        computed = Featurizer(lead_words).features(batch)
        build.featurize_seconds += time.perf_counter() - started
        if build.featurized_2 < 20_000:  # two processes, timed on a sample
            started = time.perf_counter()
            half = len(batch) // 2
            list(pool.map(_features_chunk, [(lead_words, batch[:half]), (lead_words, batch[half:])]))
            build.featurize_2_seconds += time.perf_counter() - started
            build.featurized_2 += len(batch)
        started = time.perf_counter()
        done = index.assign_many(batch, features={a.id: f for a, f in zip(batch, computed,
                                                                          strict=True)})
        build.assign_seconds += time.perf_counter() - started
        build.articles += len(batch)
        build.joined += sum(not d.created for d in done)
        founders.extend(batch)


def _probe(index: StoryIndex, founders: Sequence[Article], size: int,
           probes: int) -> dict[str, float]:
    """Assign the same mix of follow-ups and new articles one by one, timed."""
    chooser = random.Random(size)
    generator = Synthetic(seed=1000 + size)
    wanted: dict[str, str] = {}
    articles = []
    for n in range(probes):
        base = chooser.choice(founders) if n % 2 == 0 else None
        probe = generator.article(base=base, prefix=f"p{size}-")
        if base is not None:
            wanted[probe.id] = index.story_of(base.id) or ""
        articles.append(probe)
    gc.collect()
    gc.freeze()  # the index is long-lived: keep the collector from rescanning it
    scored_before = index.candidates_scored
    times, found = [], 0
    for probe in articles:
        started = time.perf_counter()
        assignment = index.assign(probe)
        times.append(time.perf_counter() - started)
        found += probe.id in wanted and assignment.story_id == wanted[probe.id]
    gc.unfreeze()
    return {"stories": len(index),
            "candidates_scored_per_article": round(
                (index.candidates_scored - scored_before) / len(articles), 1),
            "ms_per_article_median": round(1000 * statistics.median(times), 3),
            "ms_per_article_mean": round(1000 * statistics.fmean(times), 3),
            "ms_per_article_p95": round(1000 * sorted(times)[int(0.95 * len(times))], 3),
            "follow_ups_found": round(found / max(1, len(wanted)), 3),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def timing(sizes: Sequence[int], probes: int) -> dict[str, object]:
    """Per-article assignment time at each index size, and what building it cost.

    `assign()` is timed whole, as the pipeline would call it: pseudo-entities, features,
    blocking, scoring, update. Before timing, the index is moved out of reach of Python's
    cyclic garbage collector (`gc.freeze()`), as a long-lived process holding a large
    index should do: otherwise each full collection rescans every story."""
    index = StoryIndex()
    generator = Synthetic()
    founders: list[Article] = []
    build = _Build()
    by_size: dict[str, dict[str, float]] = {}
    with ProcessPoolExecutor(2) as pool:
        for size in sorted(sizes):
            _fill(index, generator, size, founders, build, pool)
            by_size[str(size)] = _probe(index, founders, size, probes)
            row = by_size[str(size)]
            print(f"index of {size:>7,} stories: {row['ms_per_article_median']:.3f} ms/article "
                  f"median, {row['ms_per_article_mean']:.3f} mean; "
                  f"{row['candidates_scored_per_article']:.0f} stories scored; follow-ups found "
                  f"{row['follow_ups_found']:.0%}; peak RSS {row['peak_rss_mb']:.0f} MB")
    small, large = by_size[str(min(sizes))], by_size[str(max(sizes))]
    per_assign = build.assign_seconds / build.articles
    per_feature = build.featurize_seconds / build.articles
    per_feature_2 = build.featurize_2_seconds / max(1, build.featurized_2)
    result = {
        "sizes": by_size,
        "ratio_median": round(large["ms_per_article_median"] / small["ms_per_article_median"], 3),
        "ratio_mean": round(large["ms_per_article_mean"] / small["ms_per_article_mean"], 3),
        "build": {
            "articles": build.articles,
            "unrelated_articles_that_joined_a_story": build.joined,
            "assign_articles_per_s": round(1 / per_assign, 1),
            "featurize_articles_per_s_1_process": round(1 / per_feature, 1),
            "featurize_articles_per_s_2_processes": round(1 / per_feature_2, 1),
            "end_to_end_articles_per_s_2_cores": round(1 / (per_assign + per_feature_2), 1),
            "note": "assignment is sequential by design (publication order); only features "
                    "(pseudo-entities, hashing) spread over processes"},
        "peak_rss_mb": round(peak_rss_mb(), 1)}
    print(f"time ratio {max(sizes):,} / {min(sizes):,} stories: median "
          f"{result['ratio_median']:.2f}, mean {result['ratio_mean']:.2f}; unrelated build "
          f"articles that joined a story: {build.joined}/{build.articles}; "
          f"{1 / per_assign:.0f} assignments/s, features {1 / per_feature:.0f}/s on 1 process, "
          f"{1 / per_feature_2:.0f}/s on 2")
    return result


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids, 10k stories")
    parser.add_argument("--data", type=Path, default=DATA, help="ECB+ dev JSONL")
    parser.add_argument("--uci", type=Path, default=UCI_DATA, help="UCI aggregator slice CSV")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--probes", type=int, default=400)
    parser.add_argument("--no-timing", action="store_true",
                        help="skip the timing part (the previous results' timing is kept, "
                             "marked as carried over)")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality part")
    parser.add_argument("--no-embeddings", action="store_true",
                        help="skip measuring the optional sentence embeddings")
    parser.add_argument("--arms", nargs="+", choices=sorted(ARMS), default=None,
                        help="compare only these arms with the shipped one (default: all)")
    parser.add_argument("--no-learned", action="store_true",
                        help="skip the learned mix of signals (an experiment left off; about "
                             "11 minutes quick)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help="halvings of the repeated two-fold cross-validation (1: the "
                             "fixed one only)")
    parser.add_argument("--dump-held-out", type=Path, default=None,
                        help="write each document's held-out precision and recall (means "
                             "over the repeats) here, to compare two versions paired")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    if args.dump_held_out is not None and not args.dump_held_out.parent.is_dir():
        parser.error(f"--dump-held-out: no folder {args.dump_held_out.parent} to write "
                     f"{args.dump_held_out.name} in")
    result: dict[str, object] = {
        "benchmark": "clustering",
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "mode": "quick" if args.quick else "full",
        "machine": machine_info(REPO)}
    datasets: list[Dataset] = []
    if not args.no_quality:
        if args.data.exists():
            docs = load_docs(args.data)
            dated = sum(d.article.published is not None for d in docs)
            print(f"ECB+: {len(docs)} documents, {len({d.topic for d in docs})} topics, "
                  f"{len({d.subtopic for d in docs})} gold stories; {dated} dated, "
                  f"{len(docs) - dated} undated")
            datasets.append(Dataset("ECB+", docs, "topic", ("subtopic", "topic")))
        else:
            print(f"ECB+ data not found at {args.data}: its scores are SKIPPED. Put "
                  "ecbplus_dev.jsonl there to score.", file=sys.stderr)
        if args.uci.exists():
            uci, skipped = load_uci(args.uci)
            print(f"UCI: {len(uci)} headlines in timestamp order, "
                  f"{len({d.subtopic for d in uci})} gold stories, "
                  f"{len({d.article.source for d in uci})} publishers; {skipped} broken "
                  "row(s) skipped")
            datasets.append(Dataset("UCI", uci, "subtopic", ("subtopic",)))
        else:
            print(f"UCI data not found at {args.uci}: its scores are SKIPPED.", file=sys.stderr)
    if args.no_quality:
        result["quality"] = {"skipped": "--no-quality"}
    elif datasets:
        result["data"] = {ds.name: len(ds.docs) for ds in datasets}
        result["quality"] = quality(datasets, args.quick, not args.no_embeddings,
                                    not args.no_learned, args.arms, args.repeats,
                                    args.dump_held_out)
        ecb = next((ds for ds in datasets if ds.name == "ECB+"), None)
        if ecb is not None:
            result["throughput_ecbplus"] = throughput(ecb.docs)
            print(f"cluster() end to end on ECB+: "
                  f"{result['throughput_ecbplus']['articles_per_s']} articles/s (one process)")  # type: ignore[index]
    else:
        result["quality"] = {"skipped": "no data found"}
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    if args.no_timing:
        previous = (json.loads(args.output.read_text(encoding="utf-8"))
                    if args.output.exists() else {})
        timed = previous.get("timing", {})
        result["timing"] = ({**timed, "carried_over_from": previous.get("generated_at")}
                            if "sizes" in timed else {"skipped": "--no-timing"})
    else:
        result["timing"] = timing(sizes, args.probes)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
