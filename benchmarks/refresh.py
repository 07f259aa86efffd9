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
- **describe all**: `build_stories` over the same index with every story's headline chosen
  again, the way every refresh described stories before headlines were kept for stories
  whose members did not change: the baseline for the description step in the same run.

The figure to watch is how the "k new" time grows from the smallest archive to the
largest (ratio near 1: the cost of an ingest does not grow with the archive). Placing the
new articles and finding their near-copies cost the new articles only; what still grows
is reading every article's fields (not texts), loading and saving the story index (one
compressed blob) and rewriting the stories' rows, whose ranks all move when freshness does.
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
        index = StoryIndex.from_dict(store.story_index())  # type: ignore[arg-type]
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
        "describe_all_seconds": round(describe_seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"{size:>7,} articles {result['stories']:>6,} stories | ingest {ingest_seconds:6.1f} s"
          f" | rebuild {rebuild_seconds:6.2f} s | nothing new {idle_seconds:5.2f} s"
          f" | {NEW} new {statistics.median(rounds):5.2f} s (median of {ROUNDS})"
          f" | describe all {describe_seconds:5.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="archives of 1,000 and 5,000")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=None,
                        help=f"results file (default {RESULTS.relative_to(REPO)}; --quick "
                             "writes none unless given)")
    args = parser.parse_args(argv)
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
