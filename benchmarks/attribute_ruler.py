"""The attribute ruler by look-ups (`storyline.language.attributes`) and the lemmatizer
by its table (`storyline.language.lemmas`) against spaCy's own components, on T17 dev
articles: whether every token gets the same POS, morphology, tag, dependency and lemma,
and the CPU each takes.

    PYTHONPATH=src python benchmarks/attribute_ruler.py [--articles 200]

Data: ../shared/data/t17/t17_dev_articles.jsonl (outside the repo), the first articles in
publication order (as `benchmarks/scale.py` takes them). Whole articles are compared,
though the claims run the ruler only on their sentences: every token meets every pattern.
Writes benchmarks/results/attribute_ruler.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _common import machine_info, t17_rows_by_date, write_results

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "t17" / "t17_dev_articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "attribute_ruler.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"missing data: {DATA} (the T17 dev articles); nothing measured", file=sys.stderr)
        return 1
    from spacy.tokens import Doc

    from storyline.language import load_pipeline
    from storyline.language.attributes import FastAttributeRuler
    from storyline.language.lemmas import TableLemmatizer
    from storyline.language.runner import parse_texts

    rows = t17_rows_by_date(DATA)
    texts = [r["text"] for r in rows[:args.articles]]
    nlp = load_pipeline()
    docs = [doc for parts in parse_texts(texts) for _, doc in parts]
    spacy_docs = [Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs]
    our_docs = [Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs]
    fast = FastAttributeRuler(nlp)
    started = time.process_time()
    spacy_docs = list(nlp.get_pipe("attribute_ruler").pipe(spacy_docs))
    spacy_cpu = time.process_time() - started
    started = time.process_time()
    our_docs = fast.pipe(our_docs)
    our_cpu = time.process_time() - started
    started = time.process_time()
    spacy_docs = list(nlp.get_pipe("lemmatizer").pipe(spacy_docs))
    spacy_lemmas_cpu = time.process_time() - started
    started = time.process_time()
    our_docs = TableLemmatizer(nlp).pipe(our_docs)
    our_lemmas_cpu = time.process_time() - started
    tokens = differing = 0
    examples: list[dict[str, object]] = []
    for theirs, ours in zip(spacy_docs, our_docs, strict=True):
        for a, b in zip(theirs, ours, strict=True):
            tokens += 1
            seen = [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in (a, b)]
            if seen[0] != seen[1]:
                differing += 1
                if len(examples) < 10:
                    examples.append({"token": a.text, "spacy": seen[0], "ours": seen[1]})
    print(f"{len(texts)} articles, {tokens:,} tokens: {differing} differ "
          "(POS, morphology, tag, dependency or lemma)")
    print(f"CPU: spaCy's attribute ruler {spacy_cpu:.2f} s, by look-ups {our_cpu:.2f} s "
          f"({spacy_cpu / max(our_cpu, 1e-9):.1f}x); spaCy's lemmatizer {spacy_lemmas_cpu:.2f} s, "
          f"by its table {our_lemmas_cpu:.2f} s "
          f"({spacy_lemmas_cpu / max(our_lemmas_cpu, 1e-9):.1f}x)")
    write_results(RESULTS, {
        "articles": len(texts), "tokens": tokens, "differing": differing, "examples": examples,
        "cpu_seconds": {"spacy_attribute_ruler": round(spacy_cpu, 3),
                        "lookups": round(our_cpu, 3),
                        "spacy_lemmatizer": round(spacy_lemmas_cpu, 3),
                        "table_lemmatizer": round(our_lemmas_cpu, 3)},
        "machine": machine_info(REPO)})
    return 0 if differing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
