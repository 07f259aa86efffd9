"""Texts through the pipeline: chunking, batching, and when to use the second core.

Each call disables what it does not need (the lemmatizer and the attribute ruler always;
NER and the tagger when only sentences are wanted). `parse_texts` hands back the Docs, for
a caller that reads more than facts from one parse (the claims of an article,
`storyline.flow.article_work`), and `lemmatize` adds the two to the parts it reads: the
attribute ruler is a Matcher over every token, and on the whole text it cost about a
fifth of the model's time (cProfile, 100 T17 articles); on those parts it runs as
look-ups (`storyline.language.attributes`), the same attributes for a third of the CPU.
A long text is parsed in chunks cut at paragraph breaks (a break ends a sentence anyway),
which bounds the parser's memory.
Large batches are spread over worker processes forked from this one (they share the
loaded model); each returns small `DocumentFacts`, not Docs, which made two workers 6-18%
faster than spaCy's own `n_process=2` with batch sizes 8-32 (that ships every Doc back
serialised and leaves the rules to the parent) on 200 ECB+ articles.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from storyline.language.attributes import FastAttributeRuler
from storyline.language.facts import DocumentFacts, joined, read_doc
from storyline.language.lemmas import TableLemmatizer
from storyline.language.model import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Not used by the facts: lemmas, and the coarse POS the attribute ruler maps from tags.
#: Both come after the parser and feed nothing NER reads, so `lemmatize` can add them later
#: to the sentences that need them (the claims').
ALWAYS_DISABLED = ("lemmatizer", "attribute_ruler")
#: Also off when only sentences are wanted (the parser sets them; it needs only tok2vec).
SENTENCES_DISABLED = ("tagger", "ner")
#: Chunks of at most this many characters go through the model (spaCy refuses texts over
#: `nlp.max_length`, 1,000,000, and the parser's memory grows with the text).
CHUNK_CHARS = 100_000
#: Batches with fewer characters than this stay in one process. Forking two workers and
#: collecting their results costs some 20-50 ms; one process reads ~25k characters of
#: ECB+ news a second. With the second core free, two workers halved the time of 10 ECB+
#: articles (10.6k characters: 0.54 s -> 0.27 s); twice that is the threshold, for margin.
#: With the second core busy (another process running), workers only paid from ~100k
#: characters: see benchmarks/language.py, `parallel`, and its recorded load average.
PARALLEL_MIN_CHARS = 20_000
WORKERS = 2
#: Texts per `nlp.pipe` batch inside one process: one, so each text's annotations never
#: depend on which texts shared its batch. numpy's BLAS (`model.py`) picks its kernels by
#: matrix size, and the layers multiply a whole batch at once: with 32 a token in 179,134
#: was tagged differently when the same texts were grouped otherwise. One at a time costs
#: no measurable CPU (37.2 against 36.9 s on 200 T17 articles) and holds one text's
#: activations, not 32's (two pages of 100,000 characters: 498 MB against 768).
PIPE_BATCH = 1
#: Characters per `nlp.pipe` call: bounds a process's memory whatever the texts (500 pages
#: of 0.2-0.7 MB in one call reached 9.5 GB). 32 news articles of ~5k characters fit; a
#: chunk (CHUNK_CHARS) of a long page goes with a few others at most.
PIPE_CHARS = 200_000
#: Texts per task sent to a worker: small enough to balance two workers on a few dozen
#: articles, large enough that the per-task cost stays negligible.
TASK_TEXTS = 8
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pieces of `text`, each at most `limit` characters, cut at paragraph
    breaks where possible, else at a line break or space."""
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max((m.end() for m in _PARAGRAPH_BREAK.finditer(window)), default=0)
        if cut == 0:
            cut = max(window.rfind("\n"), window.rfind(" ")) + 1 or limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def read_texts(texts: Sequence[str], *, entities: bool, parallel: bool = True) -> list[DocumentFacts]:
    """The facts of each text, in order, from the verified pipeline; `parallel=False` keeps
    it in this process (a worker that the flow's runner started must not start more).
    No text loads nothing: a story whose articles' facts are all cached is analysed
    without the model (4 s of a worker's start-up)."""
    if not texts:
        return []
    load_pipeline()  # load (and verify) before any worker forks: they inherit it
    pieces = [(index, offset, piece) for index, text in enumerate(texts)
              for offset, piece in chunks(text, CHUNK_CHARS)]
    parts: list[list[tuple[int, DocumentFacts]]] = [[] for _ in texts]
    read = zip(pieces, _read_pieces([p for _, _, p in pieces], entities, parallel), strict=True)
    for (index, offset, _), facts in read:
        parts[index].append((offset, facts))
    return [joined(part) for part in parts]


def parse_texts(texts: Sequence[str]) -> Iterator[list[tuple[int, Doc]]]:
    """Each text parsed as `read_texts` parses it (no lemmas), in this process, as its
    (offset, Doc) chunks (`chunks`), one text at a time: only one `nlp.pipe` group of Docs
    (PIPE_CHARS) is held."""
    pieces = [(index, offset, piece) for index, text in enumerate(texts)
              for offset, piece in chunks(text, CHUNK_CHARS)]
    parts: list[tuple[int, Doc]] = []
    current = 0
    docs = _docs([p for _, _, p in pieces], ALWAYS_DISABLED)
    for (index, offset, _), doc in zip(pieces, docs, strict=True):
        if index != current:
            yield parts
            parts, current = [], index
        parts.append((offset, doc))
    if pieces:
        yield parts


def lemmatize(docs: Sequence[Doc]) -> list[Doc]:
    """The docs (parsed by `parse_texts`, or cut out of such a parse) with the components it
    left out run on them: coarse POS and lemmas (the attribute ruler by look-ups,
    `fast_attribute_ruler`; the lemmatizer by its table, `table_lemmatizer`)."""
    nlp = load_pipeline()
    done = list(docs)
    for name in (n for n in nlp.pipe_names if n in ALWAYS_DISABLED):
        component = (fast_attribute_ruler() if name == "attribute_ruler"
                     else table_lemmatizer() if name == "lemmatizer" else nlp.get_pipe(name))
        done = list(component.pipe(done))
    return done


@functools.cache
def fast_attribute_ruler() -> FastAttributeRuler:
    """The pipeline's attribute ruler as look-ups, built once per process like the pipeline
    (`load_pipeline`) it reads."""
    return FastAttributeRuler(load_pipeline())


@functools.cache
def table_lemmatizer() -> TableLemmatizer:
    """The pipeline's lemmatizer through its table of lemmas given (`lemmas.py`), one per
    process like the pipeline."""
    return TableLemmatizer(load_pipeline())


def facts_of(parts: Sequence[tuple[int, Doc]]) -> DocumentFacts:
    """The facts (with entities) of one text from its parsed chunks."""
    return joined([(offset, read_doc(doc, entities=True)) for offset, doc in parts])


def workers_for(total_chars: int) -> int:
    """How many processes a batch of `total_chars` characters is worth."""
    if total_chars < PARALLEL_MIN_CHARS or not can_fork_workers():
        return 1
    return max(1, min(WORKERS, usable_cores()))


def can_fork_workers() -> bool:
    """Whether this process may fork workers that share its loaded model: not a daemon (a
    pool worker may not start children), a platform with fork, and no other thread running
    (forking a process that runs threads, a web server, can copy a lock some thread holds)."""
    return (not multiprocessing.current_process().daemon
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def usable_cores() -> int:
    """The cores this process may run on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, usable or 1)


def _read_pieces(pieces: list[str], entities: bool, parallel: bool) -> Iterator[DocumentFacts]:
    workers = workers_for(sum(map(len, pieces))) if parallel else 1
    if workers == 1:
        yield from _read_batch(pieces, entities)
        return
    size = max(1, min(TASK_TEXTS, -(-len(pieces) // (2 * workers))))  # >= 2 tasks a worker
    tasks = [pieces[i:i + size] for i in range(0, len(pieces), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for result in pool.map(_read_batch, tasks, [entities] * len(tasks)):
            yield from result


def _read_batch(texts: list[str], entities: bool) -> list[DocumentFacts]:
    disable = ALWAYS_DISABLED if entities else ALWAYS_DISABLED + SENTENCES_DISABLED
    return [read_doc(doc, entities=entities) for doc in _docs(texts, disable)]


def _docs(texts: list[str], disable: Sequence[str]) -> Iterator[Doc]:
    """The texts through the pipeline, in groups of at most PIPE_CHARS characters."""
    nlp = load_pipeline()
    for group in _by_characters(texts, PIPE_CHARS):
        yield from nlp.pipe(group, batch_size=PIPE_BATCH, disable=list(disable))


def _by_characters(texts: list[str], budget: int) -> Iterator[list[str]]:
    """Consecutive groups of texts of at most `budget` characters (a longer text alone):
    the parser holds a whole `nlp.pipe` batch of Docs at once, so memory follows characters,
    not texts."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > budget:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group
