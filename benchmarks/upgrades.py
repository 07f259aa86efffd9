"""Teasers first, full texts a day later: do the stories end where full texts put them?

    python benchmarks/upgrades.py                  # T17 haiti_bbc + MJ_bbc (438 articles)
    python benchmarks/upgrades.py --collections H1N1_reuters H1N1_guardian

A desk reading feeds often gets an item's headline and a one-line teaser first and its full
text later under the same guid: the store upgrades the article in place (its id kept) and
the next refresh takes it out of its story and places the full text (`StoryIndex.withdraw`,
`flow/refresh.py`). This replays real T17 collections (../shared/data/t17) day by day in
publication order, every third article of a day arriving as a teaser (its title and the
start of its first sentence, under 80 characters) and its full text with the next day's
ingest, and compares three desks:

- **full**: every article's full text from the start (the yardstick);
- **late**: no teaser, the same articles' full texts a day late (what online placement
  makes of arriving out of order, the re-clustering pass repairing it within its window);
- **upgraded**: teasers upgraded in place, each refresh placing the full texts again
  (today's refresh);
- **rebuilt**: the same, but every refresh after an upgrade rebuilds every story (what a
  refresh did before migration 0130: an upgrade voided the story index).

For each: the time spent refreshing (median and total), how many refreshes rebuilt, the
stories, and how far its final stories are from the full desk's (B-cubed precision, recall
and F1 of its partition against the full desk's, over the same articles). Writes
`results/upgrades.json`. Needs ../shared/data/t17 (says so when missing).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, t17_rows_by_date, write_results  # noqa: E402

from storyline.flow.ingest import ingest, plan, refresh_stories  # noqa: E402
from storyline.settings import from_env  # noqa: E402
from storyline.store import Store  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "t17" / "t17_dev_articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "upgrades.json"
#: Every this many articles of a day (in publication order) arrives as a teaser first.
TEASER_EVERY = 3
#: A teaser's text is kept under the cleaner's 80 characters (a record with less is a
#: teaser when it has a title).
TEASER_CHARS = 75
ARMS = ("full", "late", "upgraded", "rebuilt")
#: Records with less text are left out (see `main`).
MIN_TEXT = 200


def records(rows: list[dict]) -> list[tuple[str, dict, dict | None]]:
    """(day, full record, teaser record or None) per article, in publication order."""
    out = []
    count: Counter[str] = Counter()
    for row in rows:
        day = row["pub_date"][:10]
        lines = [line.strip() for line in row["text"].splitlines() if line.strip()]
        title = " ".join(lines[0].split()[:20]) if lines else row["doc_id"]
        full = {"guid": row["doc_id"], "title": title, "text": row["text"],
                "published": day, "source": row["collection"].split("_")[-1].upper()}
        count[day] += 1
        teaser = None
        first = re.split(r"(?<=[.!?])\s", " ".join(lines[1:2] or lines[:1]))[0]
        if count[day] % TEASER_EVERY == 0 and first:
            cut = first[:TEASER_CHARS].rsplit(" ", 1)[0] if len(first) > TEASER_CHARS else first
            teaser = {key: value for key, value in full.items() if key != "text"}
            teaser["description"] = cut
        out.append((day, full, teaser))
    return out


def replay(arm: str, items: list[tuple[str, dict, dict | None]], folder: Path
           ) -> dict[str, object]:
    """One desk: a day's ingest (the day's records, and yesterday's teasers' full texts),
    then a refresh, timed."""
    by_day: dict[str, list[tuple[dict, dict | None]]] = defaultdict(list)
    for day, full, teaser in items:
        by_day[day].append((full, teaser))
    settings = from_env(db_path=str(folder / f"{arm}.db"))
    seconds: list[float] = []
    rebuilds = upgraded = 0
    owed: list[dict] = []
    with Store.open(settings.db_path) as store:
        for n, day in enumerate(sorted(by_day)):
            lines = [json.dumps(r) for r in owed]
            owed = []
            for full, teaser in by_day[day]:
                if arm == "full" or teaser is None:
                    lines.append(json.dumps(full))
                elif arm == "late":
                    owed.append(full)
                else:
                    lines.append(json.dumps(teaser))
                    owed.append(full)
            path = folder / f"{arm}-{n:04d}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            report = ingest(plan([path]), store, settings)
            upgraded += report.upgraded
            started = time.perf_counter()
            done = refresh_stories(store, rebuild=arm == "rebuilt" and report.upgraded > 0)
            seconds.append(time.perf_counter() - started)
            rebuilds += done.rebuilt
        if owed:  # the last day's teasers get their full texts too
            path = folder / f"{arm}-last.jsonl"
            path.write_text("\n".join(json.dumps(r) for r in owed) + "\n", encoding="utf-8")
            upgraded += ingest(plan([path]), store, settings).upgraded
            started = time.perf_counter()
            rebuilds += refresh_stories(store, rebuild=arm == "rebuilt").rebuilt
            seconds.append(time.perf_counter() - started)
        stored = list(store.articles(text=False))
        guid = {a.id: a.source_id or a.id for a in stored}
        partition = {guid[a]: s.id for s in store.stories() for a in s.article_ids}
    assert all(a.text_kind == "full" for a in stored), "a teaser was never upgraded"
    return {"partition": partition, "refresh_seconds": seconds, "rebuilds": rebuilds,
            "upgraded": upgraded}


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    pair = Counter((predicted[i], gold[i]) for i in gold)
    size_p, size_g = Counter(predicted[i] for i in gold), Counter(gold.values())
    p = statistics.fmean(pair[predicted[i], gold[i]] / size_p[predicted[i]] for i in gold)
    r = statistics.fmean(pair[predicted[i], gold[i]] / size_g[gold[i]] for i in gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--collections", nargs="+", default=["haiti_bbc", "MJ_bbc"])
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--arms", nargs="+", choices=ARMS, default=list(ARMS),
                        help="desks to replay (full always: it is the yardstick)")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing {DATA}: this benchmark needs the T17 development data")
        return 1
    # records without text (a few T17 pages came out empty) would be kept as headlines
    rows = [r for r in t17_rows_by_date(DATA)
            if r["collection"] in args.collections and len(r["text"].strip()) >= MIN_TEXT]
    items = records(rows)
    teasers = sum(t is not None for _, _, t in items)
    print(f"{len(items)} articles of {', '.join(args.collections)}, {teasers} first as teasers, "
          f"over {len({d for d, _, _ in items})} days", flush=True)
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="storyline-upgrades-") as tmp:
        arms = ["full", *(arm for arm in ARMS if arm in args.arms and arm != "full")]
        for arm in arms:
            results[arm] = replay(arm, items, Path(tmp))
    yardstick = results["full"]["partition"]
    rows_out = {}
    for arm in arms:
        result = results[arm]
        partition = result["partition"]
        assert isinstance(partition, dict) and set(partition) == set(yardstick)  # type: ignore[arg-type]
        seconds = result["refresh_seconds"]
        sizes = Counter(partition.values())
        rows_out[arm] = {
            "stories": len(sizes), "of_one_article": sum(1 for n in sizes.values() if n == 1),
            "upgraded": result["upgraded"], "rebuilds": result["rebuilds"],
            "refreshes": len(seconds),  # type: ignore[arg-type]
            "refresh_seconds_median": round(statistics.median(seconds), 4),  # type: ignore[arg-type]
            "refresh_seconds_total": round(sum(seconds), 2),  # type: ignore[arg-type]
            "against_full": bcubed(partition, yardstick),  # type: ignore[arg-type]
        }
        row = rows_out[arm]
        print(f"{arm:>9}: {row['stories']} stories ({row['of_one_article']} of one article), "
              f"{row['upgraded']} upgraded, {row['rebuilds']} rebuilds; refresh median "
              f"{row['refresh_seconds_median']:.3f} s, total {row['refresh_seconds_total']:.1f} s; "
              f"against the full desk B-cubed F1 {row['against_full']['f1']:.4f} "  # type: ignore[index]
              f"(P {row['against_full']['precision']:.4f}, R {row['against_full']['recall']:.4f})",  # type: ignore[index]
              flush=True)
    write_results(args.output, {"benchmark": "upgrades", "collections": args.collections,
                                "articles": len(items), "teasers": teasers,
                                "teaser_every": TEASER_EVERY, "arms": rows_out,
                                "machine": machine_info(REPO)})
    print(f"wrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
