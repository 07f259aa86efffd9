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

Stories, not piles: the "--about" rows score what `storyline timeline --about WORDS` reads,
the pool built into stories (`flow.focus`) and the stories about the topic's words kept
(TOPIC_WORDS: "swine flu", "Michael Jackson", "Haiti earthquake", "oil spill"); "--all"
rows read the whole pool, as before stories.

Held out: the timeline's tuned numbers (lead sentences, same-day weight, keywords,
background days: 24 settings, `grid`) are chosen leave-one-topic-out. For each of the four
topics (the three H1N1 collections are one topic), the setting with the best mean date F1
on the other topics' timelines scores that topic's; the held-out mean over all six
timelines is printed beside the in-sample figures (shipped defaults, and the best setting).

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


#: The topic of each collection (the three H1N1 collections are one topic), filled by
#: `load_articles`; and the words a reader would give `--about` for each topic.
TOPIC_OF: dict[str, str] = {}
TOPIC_WORDS = {"H1N1": "swine flu", "MJ": "Michael Jackson", "haiti": "Haiti earthquake",
               "bpoil": "oil spill"}


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
        TOPIC_OF[record["collection"]] = record["topic"]
        by_collection[record["collection"]].append(Article(
            id=record["doc_id"], origin=record["doc_id"], raw_sha256="", text=record["text"],
            title=None, source=record["collection"], url=None,
            published=dt.date.fromisoformat(record["pub_date"]), published_from="metadata"))
    return by_collection


def first_days_baseline(pool: list, *, max_dates: int, per_date: int,
                        span: tuple[dt.date, dt.date] | None) -> list:
    """The trivial reference the issue measured held-out timelines against: the first
    publication days of the collection, each with its articles' first sentences."""
    return lead_baseline(pool, max_dates=max_dates, per_date=per_date, span=span, first=True)


def lead_baseline(pool: list, *, max_dates: int, per_date: int, span: tuple[dt.date, dt.date] | None,
                  first: bool = False) -> list:
    """Reference measured in the same run: the days the most articles were published
    (news-tls's PubCount ranking; the earliest days with `first`), each with the first
    sentences of that day's articles."""
    from storyline.analyze.timeline import split_sentences_fast
    from storyline.model import Span, TimelineEntry

    by_day: dict[dt.date, list] = defaultdict(list)
    for article in pool:
        if span is None or span[0] <= article.published <= span[1]:
            by_day[article.published].append(article)
    days = sorted(by_day, key=lambda d: d if first else (-len(by_day[d]), d))[:max_dates]
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


def focused_pool(gold: Gold, pool: list, cache: dict) -> list:
    """What `storyline timeline --about WORDS` reads of the pool: the stories about the
    topic's words (`flow.focus`), built once per timeline and pool."""
    from storyline.errors import UsageError
    from storyline.flow.focus import focus

    key = (gold.collection, gold.name, len(pool))
    if key not in cache:
        try:
            cache[key] = list(focus(pool, about=TOPIC_WORDS[TOPIC_OF[gold.collection]]).articles)
        except UsageError:
            cache[key] = pool
    return cache[key]


def run(golds: list[Gold], articles: dict[str, list], *, protocol: bool,
        show: int = 0, baseline: bool = False, first_days: bool = False,
        datewise_leads: bool = False,
        settings: object = None, about: bool = False, focus_cache: dict | None = None,
        prepared: dict | None = None) -> dict[str, object]:
    """Score one system on every gold timeline. `prepared` (a dict kept by the caller)
    holds each pool's settings-free reading (`analyze.timeline.prepare`), so a grid of
    settings reads each pool once."""
    from functools import partial

    from storyline.analyze.timeline import DATEWISE_PUBLICATION_DAYS, build_timeline
    from storyline.evaluate import evaluate_timeline

    build = lead_baseline if baseline else partial(build_timeline, settings=settings)
    if first_days:
        build, baseline = first_days_baseline, True
    if datewise_leads:  # undated leads stand for the day before their publication too
        build = partial(build_timeline, publication_days=DATEWISE_PUBLICATION_DAYS,
                        settings=settings)
    focus_cache = {} if focus_cache is None else focus_cache

    rows = []
    total_articles = 0
    total_seconds = 0.0
    for gold in golds:
        dates = sorted(gold.entries)
        first, last = dates[0], dates[-1]
        pool = articles.get(gold.collection, [])
        if protocol:
            pool = [a for a in pool if first <= a.published <= last]
        read = len(pool)
        if about:
            pool = focused_pool(gold, pool, focus_cache)
        per_date = round(sum(len(s) for s in gold.entries.values()) / len(gold.entries))
        started = time.perf_counter()
        extra = {}
        if prepared is not None and not baseline:
            from storyline.analyze.timeline import prepare

            key = (gold.collection, gold.name, protocol, about)
            if key not in prepared:
                prepared[key] = prepare(pool)
            extra["prepared"] = prepared[key]
        timeline = build(pool, max_dates=len(dates), per_date=max(1, per_date),
                         span=(first, last) if protocol else None, **extra)
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
            "pile_articles": read,
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


def grid() -> list:
    """The settings chosen among, held out: each tuned number of `analyze.timeline` at its
    shipped value and at one or two others (`TimelineSettings`)."""
    from itertools import product

    from storyline.analyze.timeline import TimelineSettings

    return [TimelineSettings(lead_sentences=lead, same_day_weight=same_day, keywords=keywords,
                             background_days=background)
            for lead, same_day, keywords, background in product(
                (5, 10), (0.25, 1.0), (0, 5), (30, 365, None))]


def _describe(settings: object) -> dict[str, object]:
    return {k: getattr(settings, k) for k in ("lead_sentences", "same_day_weight", "keywords",
                                              "background_days")}


def leave_one_topic_out(golds: list[Gold], articles: dict[str, list], *, protocol: bool,
                        about: bool, cache: dict) -> dict[str, object]:
    """Every grid setting scored on every timeline; for each topic, the setting best on the
    other topics (mean date F1, then ROUGE-1) scores that topic's timelines. Held-out mean
    over all timelines beside the in-sample figures (shipped defaults; best setting)."""
    from storyline.analyze.timeline import TimelineSettings

    settings = grid()
    prepared: dict = {}
    rows = []
    for number, choice in enumerate(settings, start=1):
        print(f"  grid {number}/{len(settings)} ({'protocol' if protocol else 'open'})",
              file=sys.stderr, flush=True)
        rows.append(run(golds, articles, protocol=protocol, settings=choice, about=about,
                        focus_cache=cache, prepared=prepared)["timelines"])
    topics = sorted({TOPIC_OF[g.collection] for g in golds})
    held: dict[int, dict[str, float]] = {}
    chosen: dict[str, object] = {}
    for topic in topics:
        train = [i for i, g in enumerate(golds) if TOPIC_OF[g.collection] != topic]
        test = [i for i, g in enumerate(golds) if TOPIC_OF[g.collection] == topic]

        def fit(k: int, train: list[int] = train) -> tuple[float, float]:
            return (sum(rows[k][i]["date_f1"] for i in train) / len(train),
                    sum(rows[k][i]["rouge_1"] for i in train) / len(train))

        best = max(range(len(settings)), key=fit)
        chosen[topic] = _describe(settings[best])
        for i in test:
            held[i] = {m: rows[best][i][m] for m in ("rouge_1", "rouge_2", "date_f1")}
    default = settings.index(TimelineSettings()) if TimelineSettings() in settings else None

    def mean_of(per: list[dict[str, float]]) -> dict[str, float]:
        return {m: sum(r[m] for r in per) / len(per) for m in ("rouge_1", "rouge_2", "date_f1")}

    best_in_sample = max(range(len(settings)), key=lambda k: mean_of(rows[k])["date_f1"])
    return {
        "held_out": mean_of([held[i] for i in range(len(golds))]),
        "held_out_per_timeline": [{"collection": g.collection, **held[i]} for i, g in enumerate(golds)],
        "in_sample_shipped": mean_of(rows[default]) if default is not None else None,
        "in_sample_best": {**mean_of(rows[best_in_sample]),
                           "settings": _describe(settings[best_in_sample])},
        "chosen_per_held_out_topic": chosen,
        "grid_size": len(settings),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print the first N entries of each timeline")
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    parser.add_argument("--no-held-out", action="store_true",
                        help="skip the leave-one-topic-out runs (24 settings, protocol and open)")
    args = parser.parse_args()
    if not ARTICLES.exists() or not TIMELINES.exists():
        print(f"T17 data not found under {DATA}: nothing to score (see ../shared/data/README.md).")
        return 0
    golds = load_gold(TIMELINES)
    articles = load_articles(ARTICLES)
    cache: dict = {}
    protocol = run(golds, articles, protocol=True, show=args.show, datewise_leads=True)
    reader = run(golds, articles, protocol=True)
    about = run(golds, articles, protocol=True, about=True, focus_cache=cache)
    open_setting = run(golds, articles, protocol=False)
    open_about = run(golds, articles, protocol=False, about=True, focus_cache=cache)
    baseline = run(golds, articles, protocol=True, baseline=True)
    first_days = run(golds, articles, protocol=True, first_days=True)
    first_days_open = run(golds, articles, protocol=False, first_days=True)
    held_out = {}
    if not args.no_held_out:
        held_out = {"protocol_span_about": leave_one_topic_out(golds, articles, protocol=True,
                                                               about=True, cache=cache),
                    "open_about": leave_one_topic_out(golds, articles, protocol=False,
                                                      about=True, cache=cache)}

    print(f"\nT17 development timelines: {len(golds)}, articles: {sum(len(v) for v in articles.values())}")
    print(f"{'system':44} {'ROUGE-1 F':>10} {'ROUGE-2 F':>10} {'date F1':>8}")
    for name, figures in PUBLISHED.items():
        print(f"{name + ' (19 timelines)':44} {figures['rouge_1']:>10.3f} {figures['rouge_2']:>10.3f} "
              f"{figures['date_f1']:>8.3f}")
    for name, result in (("baseline: busiest days' leads, protocol", baseline),
                         ("baseline: first days' leads, protocol", first_days),
                         ("baseline: first days' leads, open", first_days_open),
                         ("storyline --all, protocol (DATEWISE leads)", protocol),
                         ("storyline --all, protocol span", reader),
                         ("storyline --about, protocol span", about),
                         ("storyline --all, open (no span)", open_setting),
                         ("storyline --about, open (no span)", open_about)):
        mean = result["mean"]
        print(f"{name:44} {mean['rouge_1']:>10.3f} {mean['rouge_2']:>10.3f} {mean['date_f1']:>8.3f}")
    for name, result in held_out.items():
        print(f"\nleave-one-topic-out ({name}; {result['grid_size']} settings, H1N1 x3 = one topic):")
        for label, key in (("in-sample, shipped settings", "in_sample_shipped"),
                           ("in-sample, best setting", "in_sample_best"),
                           ("held out (setting chosen on other topics)", "held_out")):
            mean = result[key]
            if mean:
                print(f"  {label:42} {mean['rouge_1']:>10.3f} {mean['rouge_2']:>10.3f} "
                      f"{mean['date_f1']:>8.3f}")
        print(f"  chosen: {result['chosen_per_held_out_topic']}")
    print("\nper timeline (--about, protocol span):")
    for row in about["timelines"]:
        print(f"  {row['collection']:14} dates {row['gold_dates']:>3} x {row['per_date']}  "
              f"R1 {row['rouge_1']:.3f}  R2 {row['rouge_2']:.3f}  dF1 {row['date_f1']:.3f}  "
              f"({row['articles']} of {row['pile_articles']} articles, {row['seconds']} s)")
    print(f"\nspeed: {open_setting['articles_per_second']} articles/s "
          f"({open_setting['articles']} articles in {open_setting['seconds']} s, open setting)")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps({
            "benchmark": "T17 development timelines (6 of 19), news-tls protocol",
            "published": PUBLISHED,
            "topic_words": TOPIC_WORDS,
            "protocol": protocol,
            "as_shipped_protocol_span": reader,
            "about_protocol_span": about,
            "open": open_setting,
            "about_open": open_about,
            "leave_one_topic_out": held_out,
            "baseline_busiest_days_leads": baseline,
            "baseline_first_days_leads": first_days,
            "baseline_first_days_leads_open": first_days_open,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "code_digest": loaded_code_digest(),
            "machine": machine_info(REPO),
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }, indent=2) + "\n", encoding="utf-8")
        print(f"written: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
