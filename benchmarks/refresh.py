"""How the cost of keeping stories up to date grows with the archive.

    python benchmarks/refresh.py            # archives of 2,000, 20,000 and 50,000 articles
    python benchmarks/refresh.py --quick    # 1,000 and 5,000

Needs no data: each archive is synthetic news from `clustering.Synthetic` (seeded Zipfian
words and names; 60% of the articles follow up one of the 200 latest stories, the rest
start one), dated over a year, from 40 outlets, written as JSON Lines and ingested with
`pipeline.ingest` into a fresh SQLite store. Then, timed in this process:

- **rebuild**: `refresh_stories(store, rebuild=True)` (what `storyline recluster` does):
  every article read, near-copies checked, every article placed, every story described;
- **nothing new**: a refresh with no new article;
- **k new** (k = 20, the median of 3 rounds, each adding 20 follow-ups of recent stories
  dated after the archive, as a day's ingest would): the refresh that follows each ingest;
- **k upgraded** (the median of 3 rounds): the refresh after k stored articles are
  upgraded in place (a longer text read from the same record), of the newest day or
  anywhere in the archive: each is taken out of its story and placed again;
- **describe all**: `build_stories` over the same index with every story's headline chosen
  again, the way every refresh described stories before headlines were kept for stories
  whose members did not change: the baseline for the description step in the same run.

The figure to watch is how the "k new" time grows from the smallest archive to the
largest (ratio near 1: the cost of an ingest does not grow with the archive).

    python benchmarks/refresh.py --grow 10000 100000 1000000

grows one archive the way a desk does, day by day (`--per-day`, default 2,740: a million
articles a year), storing each day as clean articles and refreshing after it, and at each
size measures the refresh after 20 follow-ups dated the next day (3 rounds): placement,
near-copies, description of the stories they touch, and the re-scoring of the stories of
the last 47 days that a new day causes. Results go to `results/refresh_grow.json` after
each size, so a long run keeps what it reached. With `--bulk` the days are stored without
a refresh and one rebuild places them at each size (a million articles in about an hour,
some 10 GB; growing takes three hours on a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, peak_rss_mb, write_results  # noqa: E402
from clustering import Synthetic  # noqa: E402

from storyline.flow.ingest import ingest, plan, refresh_stories  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.stories import StoryIndex, build_stories  # noqa: E402
from storyline.stories.rank import FRESHNESS_HORIZON_DAYS  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "refresh.json"
NEW = 20
ROUNDS = 3
OUTLETS = 40
FOLLOW_UP = 0.6
RECENT = 200
START = dt.date(2024, 1, 1)


class Archive:
    """Seeded synthetic articles, written as JSON Lines files with dates and outlets."""

    def __init__(self, seed: int) -> None:
        self.generator = Synthetic(seed=seed)
        self.rng = random.Random(seed)
        self.founders: list[Article] = []

    def trim(self) -> None:
        """Keep only the founders follow-ups are drawn from (memory stays flat)."""
        del self.founders[:-RECENT]

    def next(self) -> Article:
        if self.founders and self.rng.random() < FOLLOW_UP:
            return self.generator.article(self.rng.choice(self.founders[-RECENT:]))
        article = self.generator.article()
        self.founders.append(article)
        return article

    def write(self, path: Path, articles: list[Article], first: dt.date, days: int) -> None:
        with path.open("w", encoding="utf-8") as out:
            for i, a in enumerate(articles):
                day = first + dt.timedelta(days=i * days // max(1, len(articles)))
                outlet = self.rng.randrange(OUTLETS)
                out.write(json.dumps({
                    "id": a.id, "title": a.title, "text": a.text, "published": day.isoformat(),
                    "source": f"Outlet {outlet}", "url": f"https://outlet{outlet}.example/{a.id}",
                }) + "\n")


def _timed(run: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = run()  # type: ignore[operator]
    return time.perf_counter() - started, result


def measure(size: int, folder: Path, seed: int) -> dict[str, object]:
    archive = Archive(seed)
    base = folder / f"archive-{size}.jsonl"
    archive.write(base, [archive.next() for _ in range(size)], START, 365)
    settings = Settings(db_path=str(folder / f"store-{size}.db"))
    with Store.open(settings.db_path) as store:
        ingest_seconds, _ = _timed(lambda: ingest(plan([base]), store, settings))
        rebuild_seconds, rebuilt = _timed(lambda: refresh_stories(store, rebuild=True))
        idle_seconds, idle = _timed(lambda: refresh_stories(store))
        rounds = []
        for day in range(ROUNDS):
            batch = folder / f"new-{size}-{day}.jsonl"
            follow_ups = [archive.generator.article(archive.rng.choice(archive.founders[-50:]))
                          for _ in range(NEW)]
            archive.write(batch, follow_ups, START + dt.timedelta(days=366 + day), 1)
            ingest(plan([batch]), store, settings)
            seconds, refreshed = _timed(lambda: refresh_stories(store))
            assert not refreshed.rebuilt, refreshed.reason  # type: ignore[attr-defined]
            rounds.append(seconds)
        upgrades = {where: _upgrade_rounds(store, archive, where) for where in UPGRADED}
        meta = store.index_meta()
        assert meta is not None
        index = StoryIndex.from_rows(meta.data, meta.counts, store, meta.count_changes)
        articles = list(store.articles())
        describe_seconds, _ = _timed(lambda: build_stories(index, articles))
    result = {
        "articles": size, "stories": len(rebuilt.stories),  # type: ignore[attr-defined]
        "ingest_seconds": round(ingest_seconds, 2),
        "rebuild_seconds": round(rebuild_seconds, 2),
        "nothing_new_seconds": round(idle_seconds, 3),
        "nothing_new_placed": idle.placed,  # type: ignore[attr-defined]
        f"{NEW}_new_seconds_median": round(statistics.median(rounds), 3),
        f"{NEW}_new_seconds_rounds": [round(s, 3) for s in rounds],
        **{f"{NEW}_upgraded_{where}_seconds_median": round(statistics.median(rounds), 3)
           for where, rounds in upgrades.items()},
        **{f"{NEW}_upgraded_{where}_seconds_rounds": [round(s, 3) for s in rounds]
           for where, rounds in upgrades.items()},
        "describe_all_seconds": round(describe_seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"{size:>7,} articles {result['stories']:>6,} stories | ingest {ingest_seconds:6.1f} s"
          f" | rebuild {rebuild_seconds:6.2f} s | nothing new {idle_seconds:5.2f} s"
          f" | {NEW} new {statistics.median(rounds):5.2f} s (median of {ROUNDS})"
          f" | {NEW} upgraded {statistics.median(upgrades['newest_day']):5.2f} s"
          f" (across the archive {statistics.median(upgrades['across_archive']):5.2f} s)"
          f" | describe all {describe_seconds:5.2f} s", flush=True)
    return result


#: Where the upgraded articles of a round are: the newest day's (a feed's teasers given
#: their full text hours later, the usual case) or anywhere in the archive (a re-clean,
#: a late full text: placed late, so the re-clustering pass may run over the window).
UPGRADED = ("newest_day", "across_archive")


def _upgrade_rounds(store: Store, archive: Archive, where: str) -> list[float]:
    """ROUNDS refreshes, each after NEW stored articles were upgraded in place: their raw
    records read anew to a longer text (a follow-up's words added), as a re-clean or a
    teaser's full copy does (`Store._upgrade`); the refresh takes each out of its story
    and places the new text."""
    from storyline.model import RawDocument

    rounds = []
    last = store.last_rowid()
    for r in range(ROUNDS):
        if where == "newest_day":
            rows = range(last - NEW + 1, last + 1)
        else:
            rows = archive.rng.sample(range(1, last - NEW), NEW)
        ids = [row[0] for row in store._db.execute(
            f"SELECT id FROM articles WHERE rowid IN ({', '.join('?' * len(rows))})", list(rows))]
        batch = [(replace(a, id=f"u{r}{a.id}"[:16], text=f"{a.text} {archive.generator.article(a).text}"),
                  RawDocument(origin=a.origin, content=a.text, kind="text", sha256=a.raw_sha256))
                 for a in store.articles_by_id(ids)]
        assert store.write_batch(batch).upgraded == NEW
        seconds, refreshed = _timed(lambda: refresh_stories(store))
        assert not refreshed.rebuilt and not store.upgrades(), refreshed.reason  # type: ignore[attr-defined]
        rounds.append(seconds)
    return rounds


def grow(checkpoints: list[int], folder: Path, seed: int, per_day: int,
         output: Path | None, bulk: bool = False) -> list[dict[str, object]]:
    """A desk's archive grown day by day (`per_day` synthetic articles a day, stored as
    clean articles and refreshed after each day, as a daily ingest would), measuring at
    each checkpoint the refresh after ROUNDS ingests of NEW follow-ups, each on the next
    day (so freshness moves and the stories within its horizon are scored again).

    `bulk`: the days are stored without a refresh and one rebuild places them all at each
    checkpoint (what `storyline recluster` does; the same stories, since a rebuild places
    in publication order as the daily refreshes do, about twice as fast, in more memory):
    a million articles in about an hour instead of three on a shared 2-core machine."""
    archive = Archive(seed)
    rows: list[dict[str, object]] = []
    day, total, build_seconds, built = 0, 0, 0.0, 0
    rebuild_seconds: float | None = None
    with Store.open(folder / "grown.db") as store:
        for target in sorted(checkpoints):
            while total < target:
                count = min(per_day, target - total)
                _store_day(store, [archive.next() for _ in range(count)], day)
                if not bulk:
                    seconds, refreshed = _timed(lambda: refresh_stories(store))
                    assert not refreshed.rebuilt or total == 0, refreshed.reason  # type: ignore[attr-defined]
                    build_seconds, built = build_seconds + seconds, built + count
                total, day = total + count, day + 1
                archive.trim()
                if day % 30 == 0:
                    print(f"  {total:>9,} articles, day {day}" + (
                        "" if bulk else f": placing {built / build_seconds:,.0f} articles/s"),
                        flush=True)
            if bulk:
                print(f"  rebuilding the stories of {total:,} articles", flush=True)
                rebuild_seconds, _ = _timed(lambda: refresh_stories(store, rebuild=True))
                build_seconds, built = rebuild_seconds, total
            rounds = []
            for _ in range(ROUNDS):
                _store_day(store, [archive.generator.article(
                    archive.rng.choice(archive.founders[-50:])) for _ in range(NEW)], day)
                seconds, refreshed = _timed(lambda: refresh_stories(store))
                assert not refreshed.rebuilt, refreshed.reason  # type: ignore[attr-defined]
                rounds.append(seconds)
                total, day = total + NEW, day + 1
            same_day = []  # later the same day: the newest date stays, nothing to re-score
            for _ in range(ROUNDS):
                _store_day(store, [archive.generator.article(
                    archive.rng.choice(archive.founders[-50:])) for _ in range(NEW)], day - 1)
                seconds, refreshed = _timed(lambda: refresh_stories(store))
                assert not refreshed.rebuilt, refreshed.reason  # type: ignore[attr-defined]
                same_day.append(seconds)
                total += NEW
            upgrades = {where: _upgrade_rounds(store, archive, where) for where in UPGRADED}
            stories = store._db.execute("SELECT count(*) FROM stories").fetchone()[0]
            horizon = store._db.execute(
                "SELECT count(*) FROM story_ranks WHERE day >= (SELECT max(day) FROM "
                "story_ranks) - ?", (FRESHNESS_HORIZON_DAYS,)).fetchone()[0]
            row: dict[str, object] = {
                "articles": total, "stories": stories, "days": day,
                "stories_within_freshness_horizon": horizon,
                f"{NEW}_new_seconds_median": round(statistics.median(rounds), 3),
                f"{NEW}_new_seconds_rounds": [round(s, 3) for s in rounds],
                f"{NEW}_new_same_day_seconds_median": round(statistics.median(same_day), 3),
                f"{NEW}_new_same_day_seconds_rounds": [round(s, 3) for s in same_day],
                **{f"{NEW}_upgraded_{where}_seconds_median": round(statistics.median(rounds), 3)
                   for where, rounds in upgrades.items()},
                **{f"{NEW}_upgraded_{where}_seconds_rounds": [round(s, 3) for s in rounds]
                   for where, rounds in upgrades.items()},
                "placing_articles_per_second": round(built / build_seconds, 1),
                "built_by": "one rebuild" if bulk else "a refresh a day",
                "rebuild_seconds": None if rebuild_seconds is None else round(rebuild_seconds, 1),
                "store_mb": round((folder / "grown.db").stat().st_size / 1e6, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
            rows.append(row)
            print(f"{total:>9,} articles {stories:>8,} stories | {NEW} new next day "
                  f"{statistics.median(rounds):5.2f} s, same day {statistics.median(same_day):5.2f}"
                  f" s (medians of {ROUNDS}; {horizon:,} stories re-scored) | {NEW} upgraded "
                  f"{statistics.median(upgrades['newest_day']):5.2f} s, across the archive "
                  f"{statistics.median(upgrades['across_archive']):5.2f} s | placing "
                  f"{built / build_seconds:,.0f} articles/s {'in a rebuild' if bulk else 'while growing'}"
                  f" | peak "
                  f"{peak_rss_mb():,.0f} MB", flush=True)
            if output is not None:  # after each checkpoint: a long run keeps what it reached
                write_results(output, {"benchmark": "refresh", "mode": "grow",
                                       "per_day": per_day, "new_per_round": NEW, "bulk": bulk,
                                       "rounds": ROUNDS, "sizes": rows, "load": _load(),
                                       "machine": machine_info(REPO)})
    return rows


def _store_day(store: Store, articles: list[Article], day: int) -> None:
    """Store articles as clean ones of one day (what an ingest's cleaning would give)."""
    import hashlib

    from storyline.model import RawDocument

    date = START + dt.timedelta(days=day)
    batch = []
    for i, a in enumerate(articles):
        outlet = (day * 7919 + i) % OUTLETS
        sha = hashlib.sha256(a.id.encode()).hexdigest()
        # ids are hashes, as a store's are: one day's ingests come in no id order
        batch.append((replace(a, id=f"h{sha[:15]}", raw_sha256=sha, published=date, source=f"Outlet {outlet}",
                              url=f"https://outlet{outlet}.example/{a.id}"),
                      RawDocument(origin="synthetic", content=a.text, kind="text", sha256=sha)))
    store.write_batch(batch)


def _load() -> list[float]:
    import os

    return [round(x, 2) for x in os.getloadavg()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="archives of 1,000 and 5,000")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=None,
                        help=f"results file (default {RESULTS.relative_to(REPO)}; --quick "
                             "writes none unless given)")
    parser.add_argument("--grow", type=int, nargs="+", default=None, metavar="N",
                        help="grow one archive day by day and measure at these sizes "
                             "(e.g. 10000 100000 1000000)")
    parser.add_argument("--per-day", type=int, default=2_740,
                        help="articles a day while growing (default: a million a year)")
    parser.add_argument("--bulk", action="store_true",
                        help="with --grow: store the days without refreshing and place them "
                             "with one rebuild at each size (faster, more memory)")
    args = parser.parse_args(argv)
    if args.grow:
        output = args.output or REPO / "benchmarks" / "results" / "refresh_grow.json"
        with tempfile.TemporaryDirectory(prefix="storyline-refresh-") as tmp:
            grown = grow(args.grow, Path(tmp), args.seed, args.per_day, output, args.bulk)
        key = f"{NEW}_new_seconds_median"
        print(f"\nlargest / smallest archive: x{grown[-1]['articles'] / grown[0]['articles']:.0f}"  # type: ignore[operator]
              f" articles; a refresh of {NEW} new x{grown[-1][key] / grown[0][key]:.2f}")  # type: ignore[operator]
        return 0
    sizes = args.sizes or ([1_000, 5_000] if args.quick else [2_000, 20_000, 50_000])
    with tempfile.TemporaryDirectory(prefix="storyline-refresh-") as tmp:
        rows = [measure(size, Path(tmp), args.seed) for size in sizes]
    small, large = rows[0], rows[-1]
    key = f"{NEW}_new_seconds_median"
    ratios = {
        "archive": round(large["articles"] / small["articles"], 1),  # type: ignore[operator]
        f"{NEW}_new": round(large[key] / small[key], 2),  # type: ignore[operator]
        "rebuild": round(large["rebuild_seconds"] / small["rebuild_seconds"], 2),  # type: ignore[operator]
        f"{NEW}_new_vs_rebuild_at_largest": round(large[key] / large["rebuild_seconds"], 3),  # type: ignore[operator]
        f"{NEW}_new_vs_describe_all_at_largest": round(
            large[key] / large["describe_all_seconds"], 2),  # type: ignore[operator]
    }
    print(f"\nlargest / smallest archive: x{ratios['archive']} articles; a refresh of {NEW} new "
          f"x{ratios[f'{NEW}_new']}, a rebuild x{ratios['rebuild']}; at the largest, a refresh "
          f"of {NEW} new takes {ratios[f'{NEW}_new_vs_rebuild_at_largest']:.1%} of a rebuild")
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_results(output, {"benchmark": "refresh", "mode": "quick" if args.quick else "full",
                               "new_per_round": NEW, "rounds": ROUNDS, "sizes": rows,
                               "ratios": ratios, "machine": machine_info(REPO)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
