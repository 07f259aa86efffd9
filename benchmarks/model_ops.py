"""The pinned pipeline as storyline loads it (numpy's BLAS, one thread: `language.model`)
against spaCy's default build of the same pipeline (thinc's BLIS), on T17 dev articles:
the CPU each takes for `nlp.pipe` over the same texts, alternating, and whether every token
gets the same tag, POS, dependency, head, lemma and sentence start, and every entity the
same span and label.

    PYTHONPATH=src python benchmarks/model_ops.py [--articles 100] [--rounds 2]

Data: ../shared/data/t17/t17_dev_articles.jsonl (outside the repo), the first articles in
publication order (as `benchmarks/scale.py` takes them), each cut at MAX_ANALYSIS_CHARS.
Writes benchmarks/results/model_ops.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _common import machine_info, t17_rows_by_date, write_results

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "t17" / "t17_dev_articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "model_ops.json"


def _read(nlp: object, texts: list[str]) -> tuple[float, list[object]]:
    started = time.process_time()
    docs = list(nlp.pipe(texts))  # type: ignore[attr-defined]
    seconds = time.process_time() - started
    return seconds, [([(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in d],
                      [(e.start, e.end, e.label_) for e in d.ents]) for d in docs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"missing data: {DATA} (the T17 dev articles); nothing measured", file=sys.stderr)
        return 1
    import spacy

    from storyline.language.model import MODEL_PACKAGE, load_pipeline
    from storyline.settings import MAX_ANALYSIS_CHARS

    rows = t17_rows_by_date(DATA)
    texts = [r["text"][:MAX_ANALYSIS_CHARS] for r in rows if r["text"]][:args.articles]
    pipelines = {"storyline (numpy BLAS, 1 thread)": load_pipeline(),
                 "spaCy default (BLIS)": spacy.load(MODEL_PACKAGE)}
    names = list(pipelines)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    read: dict[str, list[object]] = {}
    for round_ in range(args.rounds):
        for name in names if round_ % 2 == 0 else reversed(names):
            seconds, read[name] = _read(pipelines[name], texts)
            cpu[name].append(seconds)
            print(f"round {round_ + 1}: {name}: {seconds:.1f} s CPU", flush=True)
    ours, default = (read[name] for name in names)
    tokens = sum(len(doc[0]) for doc in default)  # type: ignore[index]
    same_tokens = sum(x == y for a, b in zip(ours, default, strict=True)  # type: ignore[index]
                      for x, y in zip(a[0], b[0], strict=False))
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    result = {
        "articles": len(texts), "characters": sum(map(len, texts)), "rounds": args.rounds,
        "cpu_seconds": {name: [round(v, 2) for v in values] for name, values in cpu.items()},
        "median_cpu_seconds": {name: round(v, 2) for name, v in medians.items()},
        "ratio_storyline_to_default": round(medians[names[0]] / medians[names[1]], 3),
        "tokens": tokens, "tokens_identical": same_tokens,
        "docs_identical": sum(a == b for a, b in zip(ours, default, strict=True)),
        "machine": machine_info(REPO),
    }
    print(f"CPU median: storyline {medians[names[0]]:.1f} s, spaCy default "
          f"{medians[names[1]]:.1f} s (ratio {result['ratio_storyline_to_default']}); "
          f"identical: {same_tokens:,} of {tokens:,} tokens, {result['docs_identical']} of "
          f"{len(texts)} documents")
    write_results(RESULTS, result)
    return 0 if result["docs_identical"] == len(texts) else 1


if __name__ == "__main__":
    sys.exit(main())
