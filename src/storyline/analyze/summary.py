"""A cited extractive summary of a story: 3 to 7 of its own sentences, each with every
article that states it.

    summarize(articles, max_words=100) -> [CitedText, ...]

Extractive, so nothing is invented: every summary sentence is a sentence of an article and
`article.text[c.start:c.end]` of its first citation is exactly its text. The steps:

1. sentences: the spans given (`storyline.language.split_sentences`), else a cheap regex
   splitter (`summary_sentences.split`); a dateline left at a sentence's start is cut off;
   candidates drop questions, quotes, quote fragments, boilerplate, bylines, captions and
   very short or long sentences;
2. TF-IDF vectors of every sentence (scikit-learn); a sentence's relevance is its cosine
   with the story's centroid (the mean of its articles' vectors, copies left out, so a
   syndicated wire does not outvote the outlets that wrote their own text), raised for
   lead sentences (journalists put the news first), lowered for sentences opening with a
   word that needs the one before ("He", "But"), and raised for sentences that more
   independent outlets state (near-duplicates across articles, a copy and its original
   counting once: a fact several newsrooms kept is central);
3. selection by maximal marginal relevance, with a hard similarity cap (no two summary
   sentences say the same thing) and a bonus for a part of the story's time span (first,
   middle, last third of its publication dates) not covered yet, so the arc is there:
   what happened first, what was decided, where things stand now;
4. the chosen sentences in chronological order: publication date of the earliest article
   that states them, then position in it. Each cites every article stating it (or a
   near-duplicate), one span per article: the chosen sentence first, then the others in
   publication order.

Deterministic: articles are taken in publication order whatever the input order, and every
tie is broken by that order and by position.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from storyline.analyze.summary_sentences import dangling, dateline_end, rejection, split
from storyline.clean.boilerplate import furniture_end
from storyline.model import Article, CitedText, Span
from storyline.stories.text import order_key
from storyline.timex import entry_stamps

__all__ = ["summarize"]

#: Cosine (TF-IDF) at or above which two sentences count as the same sentence: syndicated
#: copies, a wire sentence an outlet edited lightly. Set on our fixtures: light edits (a
#: name added, one word changed) stay above 0.9; in the CSTO example two outlets' own
#: wording of one statement by Tokayev reaches 0.68 (the same fact, not the same sentence),
#: other pairs on one topic stay below 0.6.
NEAR_DUPLICATE = 0.75
#: Cosine above which a candidate repeats a chosen sentence and is not taken. Two outlets'
#: own leads on one futsal match in examples/ reach 0.38; ROUGE on Timeline17 is flat
#: between 0.3 and 0.45 (benchmarks/summary.py), so the cap is set by the examples.
REDUNDANT = 0.35
#: MMR trade-off between relevance and novelty (0.5 and 0.7 within noise on Timeline17).
MMR_LAMBDA = 0.7
#: Bonus (on the 0-1 relevance scale) for a sentence from a third of the story's time span
#: that no chosen sentence covers yet. 0.15 and 0.3 within noise of each other on
#: Timeline17, both a little above 0.
PHASE_BONUS = 0.15
#: Relevance boost of the first sentences: 1 + LEAD_BONUS / (1 + position). 0.25-0.5 best
#: on Timeline17 (ROUGE-1 F at 100 and 250 words); 1.0 and more lose.
LEAD_BONUS = 0.5
#: Relevance factor of a sentence opening with a word that needs its predecessor ("He").
DANGLING = 0.6
#: Relevance boost per doubling of the outlets stating a sentence (4 outlets: x1.5). Not
#: calibrated: Timeline17 cannot set it (each collection is one outlet's), and in our
#: fixtures the sentence three outlets repeat ranks first even at 0 (its words already pull
#: the centroid). A judgement call until a multi-outlet set with reference summaries exists.
SUPPORT_BONUS = 0.25
#: Without a word budget, stop after `min_sentences` once relevance falls below this share
#: of the best sentence's: the rest would be filler. With a budget the reader asked for that
#: many words, and the best remaining sentences fill it.
STOP_SHARE = 0.45
#: Candidates rescored with their outlet support (the most central ones only: support costs
#: a similarity row against every sentence of the story).
POOL = 300
#: Terms of the centroid kept (MEAD-style topic words; the tail is noise).
CENTROID_TERMS = 200


_TOKEN = re.compile(r"\w+")
#: English stop words plus the words of news reporting itself ("said", "told", weekdays):
#: every article has them, so they would pull the centroid towards attributions and make
#: "X said on Tuesday" sentences look alike.
_STOP_WORDS = sorted(ENGLISH_STOP_WORDS | set(
    "said says say saying told tell according added reported reports reporting mr mrs ms dr "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday week".split()))


@dataclass(frozen=True, kw_only=True)
class _Sentence:
    row: int
    article: int  # index into the ordered articles
    position: int  # sentence index within its article
    start: int
    end: int
    text: str


def _word_count(text: str) -> int:
    return len(text.split())


def _sentences(articles: Sequence[Article],
               given: Mapping[str, Sequence[tuple[int, int]]] | None) -> list[_Sentence]:
    """Every sentence of every article, trimmed, without a leading dateline; spans given
    for an article are used as they are, the others are split here."""
    found: list[_Sentence] = []
    for index, article in enumerate(articles):
        spans = given.get(article.id) if given is not None else None
        if spans is None:
            spans = split(article.text)
        stamps = entry_stamps(article.text)  # a live blog's "1537 ..." opens no sentence
        position = 0
        for start, end in spans:
            if not 0 <= start < end <= len(article.text):
                continue  # a span from another version of the text: nothing to cite
            text = article.text[start:end]
            stripped = text.strip()
            if not stripped:
                continue
            start += len(text) - len(text.lstrip())
            end = start + len(stripped)
            if start in stamps:
                start = stamps[start]
                stripped = article.text[start:end]
                if not stripped:
                    continue
            cut = furniture_end(stripped)  # "Last updated at 14:59 GMT Help ..." before it
            cut += dateline_end(stripped[cut:])
            start, stripped = start + cut, stripped[cut:]
            found.append(_Sentence(row=len(found), article=index, position=position,
                                   start=start, end=end, text=stripped))
            position += 1
    return found


def _vectors(texts: list[str], english: bool) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows, or None when no text has a word to weigh."""
    vectorizer = TfidfVectorizer(lowercase=True, strip_accents="unicode", sublinear_tf=True,
                                 stop_words=_STOP_WORDS if english else None, dtype=np.float32)
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # empty vocabulary
        return None


def _centroid(vectors: sparse.csr_matrix, sentences: list[_Sentence], roots: list[int]) -> np.ndarray:
    """The mean of the articles' normalised vectors (copies left out), cut to its heaviest
    terms."""
    keep = [i for i, root in enumerate(roots) if root == i]
    slot = {a: k for k, a in enumerate(keep)}
    rows = [s.row for s in sentences if s.article in slot]
    cols = [slot[s.article] for s in sentences if s.article in slot]
    membership = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (cols, rows)),
                                   shape=(len(keep), vectors.shape[0]))
    per_article = membership @ vectors
    norms = np.sqrt(np.asarray(per_article.multiply(per_article).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    centroid = np.asarray((sparse.diags(1.0 / norms) @ per_article).mean(axis=0)).ravel()
    if np.count_nonzero(centroid) > CENTROID_TERMS:
        cut = np.partition(centroid, -CENTROID_TERMS)[-CENTROID_TERMS]
        centroid[centroid < cut] = 0.0
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm else centroid


def _copy_roots(articles: Sequence[Article], sentences: list[_Sentence]) -> list[int]:
    """For each article, the earlier article it copies (itself when it copies none).

    An article whose sentences mostly repeat one earlier article word for word is that
    article syndicated: it is cited, but it is not another outlet confirming the facts and it
    must not count twice in the centroid. `duplicate_of` (set by the stories stage) is
    honoured; without it half the sentences (two at least) repeated is a copy."""
    index = {a.id: i for i, a in enumerate(articles)}
    roots = list(range(len(articles)))
    seen: dict[tuple[str, ...], list[int]] = {}
    by_article: dict[int, list[tuple[str, ...]]] = {}
    for s in sentences:
        by_article.setdefault(s.article, []).append(tuple(_TOKEN.findall(s.text.lower())))
    for i, article in enumerate(articles):
        keys = [k for k in by_article.get(i, []) if k]
        original = index.get(article.duplicate_of or "")
        if original is not None and original < i:
            roots[i] = roots[original]
        else:
            shared: dict[int, int] = {}
            for key in set(keys):
                for j in set(seen.get(key, ())):
                    shared[j] = shared.get(j, 0) + 1
            if shared:
                best = min(shared, key=lambda j: (-shared[j], j))
                if shared[best] >= max(2, len(set(keys)) / 2):
                    roots[i] = roots[best]
        for key in keys:
            seen.setdefault(key, []).append(i)
    return roots


def _phases(articles: Sequence[Article]) -> list[int | None]:
    """Third of the story's time span (0, 1, 2) each article was published in; None for an
    undated article or a story published on one day."""
    dates = [a.published for a in articles if a.published is not None]
    if not dates or min(dates) == max(dates):
        return [None] * len(articles)
    first, span = min(dates), (max(dates) - min(dates)).days
    return [None if a.published is None else min(2, 3 * (a.published - first).days // span)
            for a in articles]


def _group(similar: np.ndarray, chosen: _Sentence, sentences: list[_Sentence]) -> list[_Sentence]:
    """The chosen sentence and, in every other article, its most similar near-duplicate."""
    best: dict[int, tuple[float, int]] = {}
    for row in np.flatnonzero(similar >= NEAR_DUPLICATE):
        other = sentences[row]
        if other.article == chosen.article:
            continue
        score = (float(similar[row]), -other.position)
        if other.article not in best or score > best[other.article]:
            best[other.article] = (score[0], int(row))
    others = sorted((sentences[row] for _, row in best.values()),
                    key=lambda s: (s.article, s.position))
    return [chosen, *others]


def _select(relevance: np.ndarray, similar: np.ndarray, phase: Sequence[int | None],
            lengths: Sequence[int], *, max_words: int | None, min_sentences: int,
            max_sentences: int) -> list[int]:
    """Indices of the pool sentences to show: maximal marginal relevance (relevance on a
    0-1 scale, `similar` the pool's cosines), no sentence within REDUNDANT of a chosen one,
    a bonus for an uncovered third of the time span, within the word budget."""
    chosen: list[int] = []
    budget = max_words
    covered: set[int] = set()
    available = np.ones(len(relevance), dtype=bool)
    size = np.array(lengths)
    while len(chosen) < max_sentences:
        redundancy = similar[:, chosen].max(axis=1) if chosen else np.zeros(len(relevance))
        bonus = np.array([PHASE_BONUS if p is not None and p not in covered else 0.0 for p in phase])
        score = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy + bonus
        fits = available & (redundancy <= REDUNDANT)
        if budget is not None:
            fits &= size <= budget
        if not fits.any():
            break
        score[~fits] = -np.inf
        pick = int(np.argmax(score))  # first of equal scores: the more central, earlier one
        if len(chosen) >= min_sentences and budget is None and relevance[pick] < STOP_SHARE:
            break
        chosen.append(pick)
        available[pick] = False
        if phase[pick] is not None:
            covered.add(phase[pick])
        if budget is not None:
            budget -= lengths[pick]
    return chosen


def summarize(articles: Sequence[Article], *, max_words: int | None = None, max_sentences: int = 7,
              min_sentences: int = 3,
              sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None) -> list[CitedText]:
    """3 to 7 sentences of the story (fewer when a word budget or the text allows no more),
    in chronological order, each citing every article that states it.

    `max_words` is never exceeded (whitespace-separated words); at least one sentence is
    returned when any candidate fits it. `sentences` gives precomputed sentence spans per
    article id (characters of `Article.text`); articles missing from it are split here."""
    if max_sentences < 1 or (max_words is not None and max_words < 1):
        return []
    min_sentences = min(min_sentences, max_sentences)
    ordered = sorted(articles, key=order_key)
    every = _sentences(ordered, sentences)
    if not every:
        return []
    english = sum(a.language in (None, "en") for a in ordered) * 2 >= len(ordered)
    vectors = _vectors([s.text for s in every], english)
    if vectors is None:
        return []
    candidates = [s for s in every if rejection(s.text) is None
                  and (max_words is None or _word_count(s.text) <= max_words)]
    if not candidates:
        return []

    roots = _copy_roots(ordered, every)
    centroid = _centroid(vectors, every, roots)
    rows = np.array([s.row for s in candidates])
    lead = np.array([(1.0 + LEAD_BONUS / (1 + s.position)) * (DANGLING if dangling(s.text) else 1.0)
                     for s in candidates])
    base = np.asarray(vectors[rows] @ centroid).ravel() * lead
    pool_order = np.lexsort((np.arange(len(candidates)), -base))[:POOL]
    pool = [candidates[i] for i in pool_order]
    pool_rows = np.array([s.row for s in pool])
    similar = np.asarray((vectors[pool_rows] @ vectors.T).todense(), dtype=np.float32)

    outlet = [ordered[root].source or ordered[root].id for root in roots]
    phase_of = _phases(ordered)
    relevance = np.empty(len(pool))
    phase: list[int | None] = []
    for k, s in enumerate(pool):
        stating = {s.article} | {every[r].article for r in np.flatnonzero(similar[k] >= NEAR_DUPLICATE)}
        outlets = len({outlet[a] for a in stating})
        relevance[k] = base[pool_order[k]] * (1.0 + SUPPORT_BONUS * math.log2(outlets))
        phase.append(phase_of[min(stating)])  # articles are in publication order
    top = float(relevance.max())
    if top <= 0:
        relevance[:] = 1.0  # nothing shares the story's words: keep lead order
        top = 1.0
    relevance /= top

    lengths = [_word_count(s.text) for s in pool]
    chosen = _select(relevance, similar[:, pool_rows], phase, lengths, max_words=max_words,
                     min_sentences=min_sentences, max_sentences=max_sentences)
    summary: list[tuple[tuple[bool, dt.date, int, int], CitedText]] = []
    for pick in chosen:
        group = _group(similar[pick], pool[pick], every)
        first = min(group, key=lambda s: (order_key(ordered[s.article]), s.position))
        published = ordered[first.article].published
        key = (published is None, published or dt.date.min, first.position, first.article)
        citations = tuple(Span(article_id=ordered[s.article].id, start=s.start, end=s.end)
                          for s in group)
        summary.append((key, CitedText(text=pool[pick].text, citations=citations)))
    summary.sort(key=lambda item: item[0])
    return [cited for _, cited in summary]
