"""Score `storyline.analyze.timeline.build_timeline` on Timeline17 (T17) development
collections with the protocol of Gholipour Ghalandari & Ifrim (ACL 2020, news-tls), and time it.

    python benchmarks/timeline.py            # table + benchmarks/results/timeline.json
    python benchmarks/timeline.py --show 3   # also print the first entries of each timeline

Data: ../shared/data/t17/t17_dev_{articles,timelines}.jsonl (outside the repo). Articles are
tokenised text with one sentence per line and a publication date.

Protocol (news-tls `evaluate`): for each gold timeline, the input is its collection's
articles published within the timeline's first and last date, and only dates in that span
may be chosen (`span=`); the system is asked for as many dates as the timeline has and for
its average number of sentences per date (rounded, Python's `round`). A timeline listing a
date twice keeps the last list, as news-tls's `Timeline` does; a date that is not a date
("2011-04-0") is left out. Scores: tilse's alignment ROUGE-1 and ROUGE-2 F ("align+ m:1")
and date F1, per timeline, averaged over timelines (`storyline.evaluate.timelines`, checked
against tilse + ROUGE-1.5.5). We also score the "open" setting a storyline user is in: all
of the collection's articles and no span given.

Published (over all 19 T17 timelines, Gholipour Ghalandari & Ifrim 2020, Table 3): DATEWISE
with supervised date ranking 0.120 / 0.035 / 0.544 (ROUGE-1 / ROUGE-2 / date F1), CLUST
0.082 / 0.020 / 0.407. Our figures are on 6 of the 19 timelines (the development split), so
they compare in kind, not exactly; the baseline measured in the same run on the same six
(the busiest publication days, each with its articles' first sentences) shows how easy
these six are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import loaded_code_digest, machine_info, peak_rss_mb  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "t17"
ARTICLES = DATA / "t17_dev_articles.jsonl"
TIMELINES = DATA / "t17_dev_timelines.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "timeline.json"
PUBLISHED = {
    "DATEWISE (best published)": {"rouge_1": 0.120, "rouge_2": 0.035, "date_f1": 0.544},
    "CLUST": {"rouge_1": 0.082, "rouge_2": 0.020, "date_f1": 0.407},
}


@dataclass(frozen=True)
class Gold:
    collection: str
    name: str
    entries: dict[dt.date, list[str]]
    skipped: int


def load_gold(path: Path) -> list[Gold]:
    golds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        entries: dict[dt.date, list[str]] = {}
        skipped = 0
        for entry in record["entries"]:
            try:
                day = dt.date.fromisoformat(entry["date"])
            except ValueError:
                skipped += 1
                continue
            entries[day] = list(entry["sentences"])  # a repeated date: the last list wins
        golds.append(Gold(record["collection"], record["timeline"], entries, skipped))
    return golds


def load_articles(path: Path) -> dict[str, list]:
    from storyline.model import Article

    by_collection: dict[str, list[Article]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_collection[record["collection"]].append(Article(
            id=record["doc_id"], origin=record["doc_id"], raw_sha256="", text=record["text"],
            title=None, source=record["collection"], url=None,
            published=dt.date.fromisoformat(record["pub_date"]), published_from="metadata"))
    return by_collection


def lead_baseline(pool: list, *, max_dates: int, per_date: int, span: tuple[dt.date, dt.date] | None) -> list:
    """Reference measured in the same run: the days the most articles were published
    (news-tls's PubCount ranking), each with the first sentences of that day's articles."""
    from storyline.analyze.timeline import split_sentences_fast
    from storyline.model import Span, TimelineEntry

    by_day: dict[dt.date, list] = defaultdict(list)
    for article in pool:
        if span is None or span[0] <= article.published <= span[1]:
            by_day[article.published].append(article)
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:max_dates]
    entries = []
    for day in sorted(days):
        for article in by_day[day][:per_date]:
            spans = split_sentences_fast(article.text)
            if spans:
                start, end = spans[0]
                entries.append(TimelineEntry(date=day.isoformat(), granularity="day",
                                             text=article.text[start:end],
                                             citations=(Span(article_id=article.id, start=start, end=end),)))
    return entries


def run(golds: list[Gold], articles: dict[str, list], *, protocol: bool,
        show: int = 0, baseline: bool = False, datewise_leads: bool = False) -> dict[str, object]:
    from functools import partial

    from storyline.analyze.timeline import DATEWISE_PUBLICATION_DAYS, build_timeline
    from storyline.evaluate import evaluate_timeline

    build = lead_baseline if baseline else build_timeline
    if datewise_leads:  # undated leads stand for the day before their publication too
        build = partial(build_timeline, publication_days=DATEWISE_PUBLICATION_DAYS)

    rows = []
    total_articles = 0
    total_seconds = 0.0
    for gold in golds:
        dates = sorted(gold.entries)
        first, last = dates[0], dates[-1]
        pool = articles.get(gold.collection, [])
        if protocol:
            pool = [a for a in pool if first <= a.published <= last]
        per_date = round(sum(len(s) for s in gold.entries.values()) / len(gold.entries))
        started = time.perf_counter()
        timeline = build(pool, max_dates=len(dates), per_date=max(1, per_date),
                         span=(first, last) if protocol else None)
        seconds = time.perf_counter() - started
        total_articles += len(pool)
        total_seconds += seconds
        predicted: dict[dt.date, list[str]] = defaultdict(list)
        coarse = 0
        for entry in timeline:
            if entry.granularity != "day":
                coarse += 1  # T17 dates days: a month or year entry cannot match one
                continue
            predicted[dt.date.fromisoformat(entry.date)].append(entry.text)
        scores = evaluate_timeline(predicted, gold.entries)
        rows.append({
            "collection": gold.collection, "timeline": gold.name, "articles": len(pool),
            "gold_dates": len(dates), "per_date": per_date, "predicted_dates": len(predicted),
            "coarse_entries": coarse, "skipped_gold_entries": gold.skipped,
            "rouge_1": scores.rouge_1.f1, "rouge_2": scores.rouge_2.f1, "date_f1": scores.dates.f1,
            "seconds": round(seconds, 2),
        })
        if show:
            print(f"\n{gold.collection}/{gold.name}")
            for entry in timeline[:show]:
                print(f"  {entry.date} ({len(entry.citations)} cit.) {entry.text[:110]}")
    mean = {key: sum(r[key] for r in rows) / len(rows) for key in ("rouge_1", "rouge_2", "date_f1")}
    return {"mean": mean, "timelines": rows, "articles": total_articles,
            "seconds": round(total_seconds, 2),
            "articles_per_second": round(total_articles / total_seconds, 1) if total_seconds else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print the first N entries of each timeline")
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    args = parser.parse_args()
    if not ARTICLES.exists() or not TIMELINES.exists():
        print(f"T17 data not found under {DATA}: nothing to score (see ../shared/data/README.md).")
        return 0
    golds = load_gold(TIMELINES)
    articles = load_articles(ARTICLES)
    protocol = run(golds, articles, protocol=True, show=args.show, datewise_leads=True)
    reader = run(golds, articles, protocol=True)
    open_setting = run(golds, articles, protocol=False)
    baseline = run(golds, articles, protocol=True, baseline=True)

    print(f"\nT17 development timelines: {len(golds)}, articles: {sum(len(v) for v in articles.values())}")
    print(f"{'system':38} {'ROUGE-1 F':>10} {'ROUGE-2 F':>10} {'date F1':>8}")
    for name, figures in PUBLISHED.items():
        print(f"{name + ' (19 timelines)':38} {figures['rouge_1']:>10.3f} {figures['rouge_2']:>10.3f} "
              f"{figures['date_f1']:>8.3f}")
    for name, result in (("baseline: busiest days' leads, protocol", baseline),
                         ("storyline, protocol (DATEWISE leads)", protocol),
                         ("storyline as shipped, protocol span", reader),
                         ("storyline, open (no span, all articles)", open_setting)):
        mean = result["mean"]
        print(f"{name:38} {mean['rouge_1']:>10.3f} {mean['rouge_2']:>10.3f} {mean['date_f1']:>8.3f}")
    print("\nper timeline (published protocol):")
    for row in protocol["timelines"]:
        print(f"  {row['collection']:14} dates {row['gold_dates']:>3} x {row['per_date']}  "
              f"R1 {row['rouge_1']:.3f}  R2 {row['rouge_2']:.3f}  dF1 {row['date_f1']:.3f}  "
              f"({row['articles']} articles, {row['seconds']} s)")
    print(f"\nspeed: {open_setting['articles_per_second']} articles/s "
          f"({open_setting['articles']} articles in {open_setting['seconds']} s, open setting)")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps({
            "benchmark": "T17 development timelines (6 of 19), news-tls protocol",
            "published": PUBLISHED,
            "protocol": protocol,
            "as_shipped_protocol_span": reader,
            "open": open_setting,
            "baseline_busiest_days_leads": baseline,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "code_digest": loaded_code_digest(),
            "machine": machine_info(REPO),
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }, indent=2) + "\n", encoding="utf-8")
        print(f"written: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
