"""Score `storyline.analyze.summary.summarize` on Timeline17 (6 collections), against a lead
and a random baseline run on the same sentences, and time it.

    python benchmarks/summary.py                     # table + benchmarks/results/summary.json
    python benchmarks/summary.py --max-words 100 250 --no-write
    python benchmarks/summary.py --ablations         # also each part of the summary switched off

Data: ../shared/data/t17/t17_dev_{articles,timelines}.jsonl (outside the repo). Each
collection's articles are one story; the summary of each (at most `--max-words` words) is
scored against the concatenation of the sentences of the collection's gold timeline(s)
(averaged when a collection has several), with ROUGE-1 and ROUGE-2 F: lower-cased
alphanumeric tokens, no stemming, no stop-word removal, clipped n-gram counts (what the
`rouge-score` package computes with `use_stemmer=False`; that package is not installed, so
the few lines are here).

The three H1N1 collections are also summarised as one story told by three outlets (405
articles), against their three timelines ("H1N1 merged", reported apart from the mean):
the only place here where the boost for sentences several outlets state could act.

"storyline --about" summarises what `storyline summarize --about WORDS` reads: the
collection built into stories (`flow.focus`) and the stories about the topic's words kept
(ABOUT_WORDS), so off-topic articles of a keyword-gathered collection stay out.

Baselines, with the same sentence splitter, candidate filter and word budget:
- lead: the first acceptable sentence of each article in publication order, until the budget
  is full (the classic news baseline, and what a reader skimming the first reports gets);
- random: acceptable sentences drawn with a fixed seed until the budget is full.

Each collection comes from one outlet (BBC, Guardian or Reuters: the collection name says
which), so the summary's boost for sentences several outlets state is idle here: this
benchmark scores centrality, lead position, time coverage and redundancy only.

This is not the Timeline17 task (a dated timeline, scored date by date with `tilse`): a
100-word summary against a gold timeline of 350-2,400 words is judged mostly on precision,
so absolute figures are small; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "t17"
RESULTS = REPO / "benchmarks" / "results" / "summary.json"
MERGED = "H1N1 merged"
SEED = 17
_TOKEN = re.compile(r"[a-z0-9]+")


def rouge_n(reference: str, candidate: str, n: int) -> dict[str, float]:
    """ROUGE-N precision, recall and F of `candidate` against `reference` (clipped counts)."""
    def grams(text: str) -> Counter[tuple[str, ...]]:
        toks = _TOKEN.findall(text.lower())
        return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))

    ref, cand = grams(reference), grams(candidate)
    overlap = sum((ref & cand).values())
    p = overlap / sum(cand.values()) if cand else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def load(data: Path) -> tuple[dict[str, list], dict[str, list[str]]]:
    """Articles (as storyline `Article`s) and gold references, per collection."""
    from storyline.model import Article

    articles: dict[str, list[Article]] = {}
    with (data / "t17_dev_articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            articles.setdefault(row["collection"], []).append(Article(
                id=row["doc_id"], origin=row["doc_id"], raw_sha256="", text=row["text"],
                title=None, source=row["collection"].rsplit("_", 1)[-1], url=None,
                published=dt.date.fromisoformat(row["pub_date"]) if row.get("pub_date") else None,
                published_from="metadata", language="en"))
    references: dict[str, list[str]] = {}
    with (data / "t17_dev_timelines.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = " ".join(s for entry in row["entries"] for s in entry["sentences"])
            references.setdefault(row["collection"], []).append(text)
    return articles, references


def _fill(sentences: Sequence[str], max_words: int) -> str:
    """Sentences in the order given, skipping any that would overflow the budget."""
    chosen, left = [], max_words
    for sentence in sentences:
        words = len(sentence.split())
        if words <= left:
            chosen.append(sentence)
            left -= words
    return " ".join(chosen)


def lead_baseline(articles: Sequence, max_words: int) -> str:
    from storyline.analyze.summary_sentences import rejection, split
    from storyline.stories.text import order_key

    firsts = []
    for article in sorted(articles, key=order_key):
        for start, end in split(article.text):
            if rejection(article.text[start:end]) is None:
                firsts.append(article.text[start:end])
                break
    return _fill(firsts, max_words)


def random_baseline(articles: Sequence, max_words: int, seed: int) -> str:
    from storyline.analyze.summary_sentences import rejection, split

    pool = [a.text[s:e] for a in articles for s, e in split(a.text) if rejection(a.text[s:e]) is None]
    random.Random(seed).shuffle(pool)
    return _fill(pool, max_words)


#: Variants of the summary with one part switched off (module settings overridden for the
#: call): what each part adds on this data.
ABLATIONS: dict[str, dict[str, float]] = {
    "no lead bonus": {"LEAD_BONUS": 0.0},
    "no time-span bonus": {"PHASE_BONUS": 0.0},
    "no redundancy control": {"MMR_LAMBDA": 1.0, "REDUNDANT": 1.01},
    "no dangling penalty": {"DANGLING": 1.0},
}


def ablated(name: str, story: Sequence, budget: int) -> str:
    """The summary with the settings of ABLATIONS[name], restored afterwards."""
    import storyline.analyze.summary as module

    saved = {key: getattr(module, key) for key in ABLATIONS[name]}
    try:
        for key, value in ABLATIONS[name].items():
            setattr(module, key, value)
        return " ".join(c.text for c in module.summarize(story, max_words=budget))
    finally:
        for key, value in saved.items():
            setattr(module, key, value)


#: The words `--about` is given for each topic (the collection name's first part).
ABOUT_WORDS = {"H1N1": "swine flu", "MJ": "Michael Jackson", "haiti": "Haiti earthquake",
               "bpoil": "oil spill"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the t17 folder")
    parser.add_argument("--max-words", type=int, nargs="+", default=[100, 250])
    parser.add_argument("--show", action="store_true", help="print each summary")
    parser.add_argument("--ablations", action="store_true",
                        help="also score the summary with each of its parts switched off")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    if not (args.data / "t17_dev_articles.jsonl").is_file() or not (
            args.data / "t17_dev_timelines.jsonl").is_file():
        print(f"Timeline17 data not found in {args.data} (t17_dev_articles.jsonl and "
              "t17_dev_timelines.jsonl); nothing to score.")
        return 0
    from storyline.analyze.summary import summarize

    articles, references = load(args.data)
    collections = sorted(c for c in articles if c in references)
    # One story told by three outlets: the three H1N1 collections together (BBC, Guardian,
    # Reuters), scored against their three timelines. Reported apart from the mean.
    h1n1 = [c for c in collections if c.startswith("H1N1_")]
    if len(h1n1) > 1:
        articles[MERGED] = [a for c in h1n1 for a in articles[c]]
        references[MERGED] = [r for c in h1n1 for r in references[c]]
    stories = [*collections, *([MERGED] if MERGED in articles else [])]
    systems = ("storyline", "storyline --about", "lead", "random",
               *(ABLATIONS if args.ablations else ()))
    from storyline.errors import UsageError
    from storyline.flow.focus import focus

    focused: dict[str, list] = {}
    for collection in stories:  # what `summarize --about WORDS` reads: the topic's stories
        words = ABOUT_WORDS[collection.split("_", 1)[0].split()[0]]
        try:
            focused[collection] = list(focus(articles[collection], about=words).articles)
        except UsageError:
            focused[collection] = articles[collection]
    scores: dict[int, dict[str, dict[str, dict[str, float]]]] = {}
    seconds: dict[int, float] = {}
    per_collection_seconds: dict[str, float] = {}
    for budget in args.max_words:
        scores[budget] = {s: {} for s in systems}
        seconds[budget] = 0.0
        for collection in stories:
            story = articles[collection]
            started = time.perf_counter()
            summary = summarize(story, max_words=budget)
            elapsed = time.perf_counter() - started
            seconds[budget] += elapsed
            per_collection_seconds[f"{collection}@{budget}"] = round(elapsed, 3)
            outputs = {"storyline": " ".join(c.text for c in summary),
                       "storyline --about": " ".join(
                           c.text for c in summarize(focused[collection], max_words=budget)),
                       "lead": lead_baseline(story, budget),
                       "random": random_baseline(story, budget, SEED)}
            outputs.update((name, ablated(name, story, budget)) for name in systems[4:])
            for system, text in outputs.items():
                assert len(text.split()) <= budget, (system, collection)
                r1 = [rouge_n(ref, text, 1)["f"] for ref in references[collection]]
                r2 = [rouge_n(ref, text, 2)["f"] for ref in references[collection]]
                scores[budget][system][collection] = {"rouge1_f": statistics.mean(r1),
                                                      "rouge2_f": statistics.mean(r2)}
            if args.show:
                print(f"\n## {collection} ({len(story)} articles, {budget} words)")
                for cited in summary:
                    print(f"- {cited.text}  [{len(cited.citations)} cited]")

    n_articles = sum(len(articles[c]) for c in collections)
    print(f"Timeline17 dev: {len(collections)} collections, {n_articles} articles; ROUGE F "
          "against the concatenated gold timeline, mean over collections\n")
    print(f"{'budget':>6}  {'system':<22} {'ROUGE-1 F':>9} {'ROUGE-2 F':>9}")
    summary_table: dict[str, dict[str, dict[str, float]]] = {}
    for budget in args.max_words:
        summary_table[str(budget)] = {}
        for system in systems:
            r1 = statistics.mean(scores[budget][system][c]["rouge1_f"] for c in collections)
            r2 = statistics.mean(scores[budget][system][c]["rouge2_f"] for c in collections)
            summary_table[str(budget)][system] = {"rouge1_f": round(r1, 4), "rouge2_f": round(r2, 4)}
            print(f"{budget:>6}  {system:<22} {r1:9.4f} {r2:9.4f}")
    if MERGED in articles:
        print(f"\n{MERGED} ({len(articles[MERGED])} articles, 3 outlets)")
        for budget in args.max_words:
            for system in systems:
                got = scores[budget][system][MERGED]
                print(f"{budget:>6}  {system:<22} {got['rouge1_f']:9.4f} {got['rouge2_f']:9.4f}")
    summarised = sum(len(articles[c]) for c in stories)
    total = sum(seconds.values())
    rate = summarised * len(args.max_words) / total if total else 0.0
    print(f"\nsummarize: {total:.2f} s for {len(stories) * len(args.max_words)} summaries, "
          f"{rate:.0f} articles/s; slowest story "
          f"{max(per_collection_seconds.values()):.2f} s "
          f"({max(len(a) for a in articles.values())} articles at most)")
    if not args.no_write:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from _common import machine_info, write_results

        result = {
            "benchmark": "summary",
            "data": "Timeline17 dev collections (../shared/data/t17)",
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "collections": {c: len(articles[c]) for c in stories},
            "mean_over": collections,
            "rouge": "ROUGE-N F, lower-cased [a-z0-9]+ tokens, no stemming, against the "
                     "concatenated gold timeline sentences; mean over collections",
            "random_seed": SEED,
            "scores": summary_table,
            "per_collection": {str(b): scores[b] for b in args.max_words},
            "seconds": round(total, 3),
            "per_collection_seconds": per_collection_seconds,
            "articles_per_second": round(rate, 1),
            "machine": machine_info(REPO),
        }
        write_results(RESULTS, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
