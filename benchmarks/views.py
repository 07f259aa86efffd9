"""How fast the query layer answers, and how that grows with the archive.

    python benchmarks/views.py            # archives of 2,000 and 20,000 articles
    python benchmarks/views.py --quick    # 1,000 and 5,000

Needs no data: each archive is the synthetic news of `refresh.py` (seeded, 40 outlets,
dated over a year), ingested and clustered into a fresh store. Then, timed in this process
(the median and the fastest of ROUNDS runs of each):

- **first page**: `views.stories(limit=20)`, with each story's outlets;
- **filtered**: the same narrowed by an outlet, by a date range, by words (FTS5);
- **next page**: a page from a cursor in the middle of the ranking;
- **search**: `views.search` of two words, 20 hits with snippets and story ids;
- **baseline, same run**: the first page as `storyline stories` built it before the
  query layer: `store.stories(20)`, then every member article read whole to list the
  outlets.

The figures to watch: the ratio of the first page to the baseline, and how each query
grows from the smaller archive to the larger.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, peak_rss_mb, write_results  # noqa: E402
from refresh import START, Archive  # noqa: E402

from storyline import views  # noqa: E402
from storyline.flow.ingest import ingest, plan, refresh_stories  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import Filters, Store  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "views.json"
#: Runs of each query: many, because each takes milliseconds and a shared machine
#: deschedules some of them; the median and the fastest (the cost without waiting) are kept.
ROUNDS = 21
PAGE = 20


def _timed_ms(run: Callable[[], object]) -> tuple[float, float]:
    """(median, fastest) milliseconds over ROUNDS runs."""
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2), round(min(times) * 1000, 2)


def _baseline(store: Store) -> object:
    """The first page as the CLI built it before `views`: each member read whole."""
    ranked = store.stories(PAGE)
    return [(s, sorted({a.source or "unknown" for a in map(store.article, s.article_ids) if a}))
            for s in ranked]


def measure(size: int, folder: Path, seed: int) -> dict[str, object]:
    archive = Archive(seed)
    path = folder / f"archive-{size}.jsonl"
    archive.write(path, [archive.next() for _ in range(size)], START, 365)
    settings = Settings(db_path=str(folder / f"store-{size}.db"))
    with Store.open(settings.db_path) as store:
        ingest(plan([path]), store, settings)
        refresh_stories(store)
        stories = len(store.stories())
        middle = views.stories(store, limit=stories // 2).next_cursor
        # a word of the top story's first article: words and search find something
        text = store.article(store.stories(1)[0].article_ids[0]).text  # type: ignore[union-attr]
        word = max((w.strip(".,;:\"'") for w in text.split()[:40]), key=len)
        queries = {
            "first_page": lambda: views.stories(store, limit=PAGE),
            "by_outlet": lambda: views.stories(store, Filters(outlet="Outlet 7"), limit=PAGE),
            "by_dates": lambda: views.stories(store, Filters(since=START + dt.timedelta(days=100),
                                                             until=START + dt.timedelta(days=130)),
                                              limit=PAGE),
            "by_words": lambda: views.stories(store, Filters(query=word), limit=PAGE),
            "next_page": lambda: views.stories(store, limit=PAGE, cursor=middle),
            "search": lambda: views.search(store, word, limit=PAGE),
            "baseline_first_page": lambda: _baseline(store),
        }
        row: dict[str, object] = {
            "articles": size, "stories": stories, "word": word,
            "hits": {name: len(getattr(run(), "stories", None) or getattr(run(), "hits", ()))
                     for name, run in queries.items() if not name.startswith("baseline")}}
        for name, run in queries.items():
            row[f"{name}_ms"], row[f"{name}_fastest_ms"] = _timed_ms(run)
    row["peak_rss_mb"] = round(peak_rss_mb(), 1)
    row["first_page_vs_baseline"] = round(row["first_page_ms"] / row["baseline_first_page_ms"], 3)  # type: ignore[operator]
    row["first_page_vs_baseline_fastest"] = round(
        row["first_page_fastest_ms"] / row["baseline_first_page_fastest_ms"], 3)  # type: ignore[operator]
    print(f"{size:>7,} articles {stories:>6,} stories | hits {row['hits']} | " + " | ".join(
        f"{name} {row[f'{name}_ms']} ms (fastest {row[f'{name}_fastest_ms']})" for name in queries),
        flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="archives of 1,000 and 5,000")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=None,
                        help=f"results file (default {RESULTS.relative_to(REPO)}; --quick "
                             "writes none unless given)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 5_000] if args.quick else [2_000, 20_000])
    with tempfile.TemporaryDirectory(prefix="storyline-views-") as tmp:
        rows = [measure(size, Path(tmp), args.seed) for size in sizes]
    small, large = rows[0], rows[-1]
    growth = {key[:-3]: round(large[key] / small[key], 2)  # type: ignore[operator]
              for key in small if key.endswith("_ms") and small[key]}
    print(f"\nlargest / smallest archive: x{large['articles'] / small['articles']:.0f} articles; "  # type: ignore[operator]
          + ", ".join(f"{k} x{v}" for k, v in growth.items()))
    print(f"first page / baseline: {small['first_page_vs_baseline']} and "
          f"{large['first_page_vs_baseline']} (fastest runs: "
          f"{small['first_page_vs_baseline_fastest']} and {large['first_page_vs_baseline_fastest']})")
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_results(output, {"benchmark": "views", "mode": "quick" if args.quick else "full",
                               "rounds": ROUNDS, "page": PAGE, "sizes": rows, "growth": growth,
                               "machine": machine_info(REPO)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
