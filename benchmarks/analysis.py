"""Time the story analysis (quotes, claims, disagreements, timeline, summary) on ECB+ stories,
cold and as stories grow, against the bare spaCy pipeline on the same texts.

    python benchmarks/analysis.py            # all 66 ECB+ stories: table + results/analysis.json
    python benchmarks/analysis.py --quick    # 12 stories, no write unless --output

Data: ../shared/data/ecbplus/ecbplus_dev.jsonl (outside the repo), read as articles the way
`clustering.py` reads them; each gold subtopic (one real event, 5 to 30 reports) is a story.

What is timed, each in this one process after a warm-up (the model loaded and verified):
- **bare**: `nlp.pipe` of the pinned pipeline over every text, all components on, one
  process: the price of the model alone, the reference the ratios are taken against;
- **per story, no cache**: `analyze_story` on each story with nothing cached, the way a
  story was analysed before language facts were cached (the model reads each story's
  articles as its own small batch);
- **cold, batched**: what `pipeline.analyze_stories` does on a fresh store: the language
  facts of all articles read in one batch (`read_facts`, two worker processes when the
  batch is large enough) and each article's claims read once, then each story analysed
  from them;
- **grown by one**: each story analysed again after one more report arrives (its last
  article held back, then added), with the facts and claims of the others cached: what
  an update of a live story costs.

Reported: articles/s for each, seconds per story (median) for the grown story, ratios
against bare, the share of the rest (quotes, claims with their own parse, timeline,
summary) in the cold run, what was found (quotes, claims, disagreements, timeline entries,
summary sentences), and peak RSS.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from _common import machine_info, peak_rss_mb, write_results
from clustering import load_docs

from storyline.analyze.article_claims import article_claims
from storyline.analyze.report import analyze_story, report_record
from storyline.language import load_pipeline, read_facts
from storyline.model import Article

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "analysis.json"


def _stories(limit: int | None) -> list[list[Article]]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for doc in load_docs(DATA):
        groups[doc.subtopic].append(doc.article)
    stories = [sorted(groups[key], key=lambda a: a.id) for key in sorted(groups)]
    stories = [s for s in stories if len(s) >= 2]
    return stories[:limit] if limit else stories


def _found(records: Iterable[dict]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for record in records:
        for field in ("quotes", "claims", "disagreements", "timeline", "summary"):
            totals[field] += len(record[field])
    return dict(totals)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="12 stories, no results file")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"results file (default {RESULTS.relative_to(REPO)}; none with --quick)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not DATA.exists():
        print(f"ECB+ data not found at {DATA}: nothing to time (see ../shared/data/README.md).")
        return 2
    stories = _stories(12 if args.quick else None)
    articles = [a for story in stories for a in story]
    texts = [a.text for a in articles]
    chars = sum(map(len, texts))
    print(f"{len(stories)} ECB+ stories, {len(articles)} articles, {chars / 1e6:.2f}M characters")

    nlp = load_pipeline()
    analyze_story("warm-up", stories[0][:2])

    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - started

    started = time.perf_counter()
    for number, story in enumerate(stories):
        analyze_story(f"s{number}", story)
    per_story = time.perf_counter() - started

    started = time.perf_counter()
    facts = dict(zip([a.id for a in articles], read_facts(texts), strict=True))
    reading = time.perf_counter() - started
    records = []
    started = time.perf_counter()
    claims = {a.id: article_claims(a, facts[a.id]) for a in articles}
    for number, story in enumerate(stories):
        records.append(report_record(analyze_story(f"s{number}", story, facts=facts,
                                                   claims=claims)))
    rest = time.perf_counter() - started
    cold = reading + rest

    grown = []
    for number, story in enumerate(stories):
        known = {a.id: facts[a.id] for a in story[:-1]}
        stated = {a.id: claims[a.id] for a in story[:-1]}
        started = time.perf_counter()
        analyze_story(f"s{number}", story, facts=known, claims=stated)
        grown.append(time.perf_counter() - started)

    n = len(articles)
    result = {
        "benchmark": "analysis",
        "data": "ECB+ dev (../shared/data/ecbplus), one story per gold subtopic",
        "stories": len(stories),
        "articles": n,
        "characters": chars,
        "seconds": {"bare_nlp_pipe": round(bare, 2), "per_story_no_cache": round(per_story, 2),
                    "cold_read_facts": round(reading, 2), "cold_rest": round(rest, 2),
                    "cold_total": round(cold, 2), "grown_by_one_total": round(sum(grown), 2)},
        "articles_per_second": {"bare_nlp_pipe": round(n / bare, 1),
                                "per_story_no_cache": round(n / per_story, 1),
                                "cold_batched": round(n / cold, 1)},
        "ratio_to_bare": {"per_story_no_cache": round(per_story / bare, 2),
                          "cold_batched": round(cold / bare, 2)},
        "cold_share_after_language": round(rest / cold, 3),
        "grown_by_one_seconds_per_story": {"median": round(statistics.median(grown), 3),
                                           "max": round(max(grown), 3)},
        "cold_seconds_per_story_median": round(statistics.median(
            [cold * len(s) / n for s in stories]), 3),
        "found": _found(records),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "machine": machine_info(REPO),
    }
    print(f"bare nlp.pipe            {n / bare:7.1f} articles/s")
    print(f"per story, no cache      {n / per_story:7.1f} articles/s  ({per_story / bare:.2f} x bare)")
    print(f"cold, batched facts      {n / cold:7.1f} articles/s  ({cold / bare:.2f} x bare; "
          f"{rest / cold:.0%} after the language layer)")
    print(f"grown by one report      {statistics.median(grown):7.3f} s per story (median), "
          f"{max(grown):.3f} s at most")
    print(f"found: {result['found']}; peak RSS {result['peak_rss_mb']} MB")
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_results(output, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
