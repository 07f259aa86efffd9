"""How one story's analysis grows with the story: a desk's big stories (a war, an
election) gather thousands of articles, and each is analysed again as it grows.

    python benchmarks/story_size.py                   # stories of 50 / 100 / 200 / 400 articles
    python benchmarks/story_size.py --sizes 25 50     # a quick look

Data: ../shared/data/t17/t17_dev_articles.jsonl (outside the repo; reported and skipped
when missing): the first articles by date, taken as one story whatever their event (the
cost does not depend on it, and quotes from several events merge less, not more). What
the per-article work reads (language facts, claims) is computed once first, as the job's
workers hand it to the story's analysis; then `analyze_story` runs on the first N of them,
in this process, 3 times per size (median of CPU seconds: the load barely moves them;
the first run of the smallest size pays the imports). The figure to watch is the CPU per
article from the smallest story to the largest (a ratio near 1: linear). Before the quotes
of a story were grouped through their word pairs (issue 17), every quote was compared with
every group, the pairs read again each time: 166.8 s for a synthetic story of 1,000
articles with 5 quotes each, 0.28 s after (`tests/test_quotes.py` checks the grouping is
the same); with role phrases resolved against an index of the story's entities built once
(`RoleIndex`, was once per quote), 50 to 400 articles went from 31.1 -> 35.7 ms an article
(x1.15) to 29.3 -> 25.5 (x0.87).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _common import machine_info, peak_rss_mb, t17_rows_by_date, write_results

from storyline.model import Article

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "t17" / "t17_dev_articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "story_size.json"
SIZES = (50, 100, 200, 400)
ROUNDS = 3


def _articles(count: int) -> list[Article]:
    import datetime as dt

    rows = [r for r in t17_rows_by_date(DATA) if r.get("text")]
    return [Article(id=r["doc_id"], origin=f"t17:{r['doc_id']}", raw_sha256="", text=r["text"],
                    title=None, source=r["collection"].split("_")[-1].upper(), url=None,
                    published=dt.date.fromisoformat(r["pub_date"][:10]),
                    published_from="record", language="en") for r in rows[:count]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"T17 data missing ({DATA}): nothing measured", file=sys.stderr)
        return 1
    from storyline.analyze.article_claims import article_claims
    from storyline.analyze.report import analyze_story
    from storyline.language import read_facts

    articles = _articles(max(args.sizes))
    started = time.process_time()
    facts = dict(zip([a.id for a in articles], read_facts([a.text for a in articles]),
                     strict=True))
    claims = {a.id: article_claims(a, facts[a.id]) for a in articles}
    print(f"{len(articles)} articles read (facts and claims) in "
          f"{time.process_time() - started:.1f} s CPU", flush=True)
    rows = []
    for size in sorted(args.sizes):
        story = articles[:size]
        seconds = []
        for _ in range(ROUNDS):
            started = time.process_time()
            report = analyze_story("story", story, facts=facts, claims=claims)
            seconds.append(time.process_time() - started)
        median = statistics.median(seconds)
        rows.append({"articles": size, "cpu_seconds_median": round(median, 3),
                     "cpu_seconds_rounds": [round(s, 3) for s in seconds],
                     "cpu_ms_per_article": round(1000 * median / size, 1),
                     "quotes": len(report.quotes), "claims": len(report.claims),
                     "entities": len(report.entities)})
        print(f"{size:>5} articles: {median:6.2f} s CPU (median of {ROUNDS}), "
              f"{1000 * median / size:5.1f} ms an article; {len(report.quotes)} quotes, "
              f"{len(report.entities)} entities", flush=True)
    growth = rows[-1]["cpu_ms_per_article"] / rows[0]["cpu_ms_per_article"]  # type: ignore[operator]
    print(f"\nCPU per article, largest story / smallest: x{growth:.2f} "
          f"({rows[-1]['articles']} / {rows[0]['articles']} articles)")
    write_results(args.output, {"benchmark": "story_size", "sizes": rows,
                                "per_article_growth": round(growth, 2),
                                "peak_rss_mb": round(peak_rss_mb(), 1),
                                "machine": machine_info(REPO)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
