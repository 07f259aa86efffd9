"""Ingest benchmark: how fast storyline ingests HTML news pages, how that compares with bare
trafilatura, and how well storyline's HTML cleaning does on a public extraction benchmark.

What it measures
----------------
1. Speed on a synthetic corpus. N HTML news pages (default 10,000) are generated from
   seeded word lists and templates into a temporary folder (about 50 pages a folder), with
   the chrome real pages carry: navigation and mega menus, "All news" labels, share buttons,
   "Subscribe to ... Receive news faster than anyone!" prompts, "Leave a Reply" comment
   forms, "© 2024 ... All rights reserved" footers, og:site_name and
   article:published_time metadata (absent on some pages), and datelines such as
   "MOSCOW, January 12. /TASS/." or "PARIS (AFP) -". Two systems then process the folder:

   - storyline: `pipeline.plan` + `pipeline.ingest` into a fresh SQLite file
     (`settings.from_env(db_path=...)`, `Store.open`): read, decode, clean, store.
   - trafilatura: every file read and decoded the same way (`sources.decode.decode`),
     then `trafilatura.extract(html, include_comments=False)`; nothing stored.

   Each timing runs in its own subprocess (this script with `--worker`), so peak memory is
   per system, and every process imports storyline from a copy of src/ taken at the start
   (others edit src/ meanwhile). The runs alternate between systems, each repeated
   `--repeats` times (default 3); the median is reported as pages/s and MB/s (input
   bytes, 10^6, over wall seconds, imports excluded). Peak memory is ru_maxrss (and /proc VmHWM) of the timed
   runs, and the tracemalloc peak of one extra, untimed run (tracing slows allocation).
   The figure to track is the throughput ratio storyline / trafilatura.

   A synthetic quality check follows: on up to 1,000 of the generated pages, the stored
   storyline text and the trafilatura text are scored against the body the generator
   wrote (dateline included), which shows whether the chrome above was removed; and on
   every page, storyline's stored publication date and outlet are checked against the
   generator's.

2. Quality on ../shared/data/article-extraction (scrapinghub's article-extraction-benchmark:
   181 pages, html/<id>.html.gz, ground-truth.json). Plain `trafilatura.extract` and
   storyline's `clean.clean_document` are scored with the benchmark's own metric
   (evaluate.py: 4-token shingles of `\\w+` tokens, per-page tp/fp/fn normalised, precision
   and recall averaged over pages, F1 of the two averages; the published figure for
   trafilatura 2.0.0 is 0.958), and with a per-page F1 over the bag of single tokens. The
   pages where storyline's cleaning loses most against trafilatura are listed with the text
   lost and added. Skipped, with a message, when the data folder is missing.

Run it
------
    make bench                                  # .venv/bin/python benchmarks/ingest.py
    .venv/bin/python benchmarks/ingest.py --quick   # 1,000 pages, 1 repeat: a quick check
    .venv/bin/python benchmarks/ingest.py --articles 20000 --repeats 5 --profile

Results go to benchmarks/results/ingest.json (`--output` to change) and a table on stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import difflib
import gzip
import io
import json
import logging
import os
import pstats
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from _common import (
    SHINGLE,
    OverlapScore,
    bag_f1,
    generate_corpus,
    loaded_code_digest,
    machine_info,
    peak_rss_mb,
    shingle_counts,
    shingle_match,
    src_digest,
    summarise,
    tokens,
)

REPO = Path(__file__).resolve().parents[1]
EXTRACTION_DATA = REPO.parent / "shared" / "data" / "article-extraction"
DEFAULT_OUTPUT = REPO / "benchmarks" / "results" / "ingest.json"
SYSTEMS = ("storyline", "trafilatura")
#: trafilatura 2.0.0 on article-extraction-benchmark (its README, evaluate.py metric).
PUBLISHED_TRAFILATURA_F1 = 0.958
#: As the benchmark's extractors/run_trafilatura.py, and as storyline calls it.
TRAFILATURA_OPTIONS: dict[str, Any] = {"include_comments": False}
QUICK_ARTICLES = 1000
SYNTHETIC_SAMPLE = 1000
WORST_CASES = 5

Json = dict[str, Any]


# -- workers (each runs in its own process) -------------------------------------------------


def _vm_hwm_mb() -> float | None:
    """Peak RSS of this process's own address space (Linux). Unlike ru_maxrss it does not
    inherit the parent's peak through fork+exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _quiet_loggers() -> None:
    # storyline silences these (clean/html_text.py); bare trafilatura gets the same, so
    # neither pays for printing warnings.
    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _measure(work: Callable[[], Json], trace: bool, profile: bool) -> Json:
    """Run `work` once: wall seconds, memory peaks, and what `work` reports."""
    rss_before = peak_rss_mb()
    if trace:
        tracemalloc.start()
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    found = work()
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - start
    result: Json = {"seconds": seconds, "rss_after_imports_mb": rss_before,
                    "peak_rss_mb": peak_rss_mb(), "peak_hwm_mb": _vm_hwm_mb(), **found}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        result["profile"] = out.getvalue()
    return result


def _storyline_worker(corpus: Path, db: Path, trace: bool, profile: bool) -> Json:
    from storyline.flow.ingest import ingest, plan
    from storyline.settings import from_env
    from storyline.store import Store

    settings = from_env(db_path=str(db))

    def work() -> Json:
        with Store.open(settings.db_path) as store:
            report = ingest(plan([corpus]), store, settings)
        reasons = Counter(f"{d.stage}: {re.sub(r'[0-9.]+', 'N', d.reason)}" for d in report.drops)
        return {"files": report.files, "records": report.records, "stored": report.stored,
                "new": report.new, "drops": len(report.drops),
                "drop_reasons": dict(reasons.most_common(10))}

    result = _measure(work, trace, profile)
    result["code_digest"] = loaded_code_digest()
    result["code_path"] = str(Path(sys.modules["storyline"].__file__ or "").parent.parent)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        result["published_from"] = dict(conn.execute(
            "SELECT published_from, count(*) FROM articles GROUP BY 1").fetchall())
        result["with_dateline"] = conn.execute(
            "SELECT count(*) FROM articles WHERE dateline_place IS NOT NULL").fetchone()[0]
        result["with_source"] = conn.execute(
            "SELECT count(*) FROM articles WHERE source IS NOT NULL").fetchone()[0]
    conn.close()
    result["settings"] = {"batch_size": settings.batch_size,
                          "max_input_bytes": settings.max_input_bytes,
                          "max_record_bytes": settings.max_record_bytes}
    return result


def _trafilatura_worker(corpus: Path, trace: bool, profile: bool) -> Json:
    import trafilatura

    from storyline.sources.decode import NotText, decode

    _quiet_loggers()

    def work() -> Json:
        files = extracted = undecodable = 0
        for path in sorted(corpus.rglob("*.html")):
            files += 1
            try:
                text, _ = decode(path.read_bytes())
            except NotText:
                undecodable += 1
                continue
            if trafilatura.extract(text, **TRAFILATURA_OPTIONS):
                extracted += 1
        return {"files": files, "extracted": extracted, "undecodable": undecodable}

    return {**_measure(work, trace, profile), "code_digest": loaded_code_digest()}


def _generate_worker(corpus: Path, articles: int, seed: int) -> Json:
    start = time.perf_counter()
    info = generate_corpus(corpus, articles, seed)
    return {"files": info.files, "folders": info.folders, "bytes": info.bytes,
            "expected": str(info.expected), "seconds": time.perf_counter() - start}


def _worker_main(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    if args.worker == "generate":
        result = _generate_worker(corpus, args.articles, args.seed)
    elif args.worker == "storyline":
        result = _storyline_worker(corpus, Path(args.db), args.trace, args.profile)
    else:
        result = _trafilatura_worker(corpus, args.trace, args.profile)
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


# -- the parent: runs workers, aggregates, scores, reports ----------------------------------


def _spawn(worker: str, work_dir: Path, *extra: str) -> Json:
    """Run this script as a worker in a fresh interpreter and return what it reports."""
    result = work_dir / f"result-{worker}.json"
    result.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", worker,
                    "--result", str(result), *extra], check=True)
    return dict(json.loads(result.read_text(encoding="utf-8")))


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _move_db(source: Path, target: Path) -> None:
    _remove_db(target)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            Path(f"{source}{suffix}").rename(f"{target}{suffix}")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _speed(corpus: Path, work_dir: Path, corpus_bytes: int, repeats: int,
           profile: bool) -> tuple[Json, Path]:
    """Timed runs, alternating systems, then one traced run each. Returns the summary and
    the store of the last storyline run (kept for the quality check)."""
    runs: dict[str, list[Json]] = {system: [] for system in SYSTEMS}
    kept_db = work_dir / "ingest-final.db"
    for repeat in range(repeats):
        order = SYSTEMS if repeat % 2 == 0 else SYSTEMS[::-1]
        for system in order:
            extra = ["--corpus", str(corpus)]
            db = work_dir / f"ingest-{repeat}.db"
            if system == "storyline":
                _remove_db(db)
                extra += ["--db", str(db)]
            run = _spawn(system, work_dir, *extra)
            runs[system].append(run)
            if system == "storyline":
                _move_db(db, kept_db)
            _log(f"  {system:<11} run {repeat + 1}/{repeats}: {run['files']} pages in "
                 f"{run['seconds']:.1f} s ({run['files'] / run['seconds']:.1f} pages/s, "
                 f"peak RSS {run['peak_rss_mb']:.0f} MB)")
    traced: dict[str, Json] = {}
    for system in SYSTEMS:
        extra = ["--corpus", str(corpus), "--trace"]
        db = work_dir / "ingest-traced.db"
        if system == "storyline":
            _remove_db(db)
            extra += ["--db", str(db)]
        traced[system] = _spawn(system, work_dir, *extra)
        _remove_db(db)
        _log(f"  {system:<11} traced run: tracemalloc peak "
             f"{traced[system]['tracemalloc_peak_mb']:.0f} MB "
             f"({traced[system]['seconds']:.1f} s with tracing)")
    summary: Json = {}
    for system in SYSTEMS:
        seconds = [run["seconds"] for run in runs[system]]
        median = statistics.median(seconds)
        files = runs[system][0]["files"]
        last = dict(runs[system][-1])
        for key in ("seconds", "rss_after_imports_mb", "peak_rss_mb", "peak_hwm_mb",
                    "code_digest", "code_path"):
            last.pop(key, None)
        summary[system] = {
            "runs_seconds": [round(s, 3) for s in seconds],
            "median_seconds": round(median, 3),
            "articles_per_s": round(files / median, 2),
            "mb_per_s": round(corpus_bytes / 1e6 / median, 3),
            "ms_per_article": round(1000 * median / files, 3),
            "peak_rss_mb": round(max(run["peak_rss_mb"] for run in runs[system]), 1),
            "peak_hwm_mb": _max_or_none(run.get("peak_hwm_mb") for run in runs[system]),
            "rss_after_imports_mb": round(runs[system][-1]["rss_after_imports_mb"], 1),
            "tracemalloc_peak_mb": round(traced[system]["tracemalloc_peak_mb"], 1),
            "traced_run_seconds": round(traced[system]["seconds"], 3),
            **last,
        }
    for system in SYSTEMS:  # more than one digest: src/ was edited between runs
        summary[system]["code_digests"] = sorted(
            {run["code_digest"] for run in [*runs[system], traced[system]]})
    summary["mixed_code_versions"] = any(
        len(summary[system]["code_digests"]) > 1 for system in SYSTEMS)
    summary["throughput_ratio"] = round(
        summary["storyline"]["articles_per_s"] / summary["trafilatura"]["articles_per_s"], 4)
    if profile:
        _remove_db(work_dir / "ingest-profile.db")
        run = _spawn("storyline", work_dir, "--corpus", str(corpus), "--db",
                     str(work_dir / "ingest-profile.db"), "--profile")
        _remove_db(work_dir / "ingest-profile.db")
        print(run["profile"])
    return summary, kept_db


def _max_or_none(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(max(present), 1) if present else None


def _text_of(result: object) -> str:
    """The body storyline keeps: an Article's text, a PendingYear's article, a Drop nothing."""
    from storyline.model import Article, PendingYear

    if isinstance(result, Article):
        return result.text
    if isinstance(result, PendingYear):
        return result.article.text
    return ""


def _scores(truths: list[str], outputs: list[str]) -> Json:
    overlap = [shingle_match(t, o) for t, o in zip(truths, outputs, strict=True)]
    bags = [bag_f1(t, o) for t, o in zip(truths, outputs, strict=True)]
    return {
        **{k: round(v, 4) for k, v in summarise(overlap).items()},
        "token_bag": {
            "f1": round(statistics.fmean(b[2] for b in bags), 4),
            "precision": round(statistics.fmean(b[0] for b in bags), 4),
            "recall": round(statistics.fmean(b[1] for b in bags), 4),
        },
        "empty_outputs": sum(1 for o in outputs if not o.strip()),
    }


def _synthetic_quality(corpus: Path, expected_path: Path, kept_db: Path) -> Json:
    """Stored storyline text and trafilatura's text against the generator's body text (a
    sample), and storyline's stored dates and outlets against the generator's (all pages)."""
    import trafilatura

    from storyline.sources.decode import decode

    _quiet_loggers()
    expected: dict[str, dict[str, str]] = json.loads(expected_path.read_text(encoding="utf-8"))
    with sqlite3.connect(f"file:{kept_db}?mode=ro", uri=True) as conn:
        stored = {row[0]: row[1:] for row in conn.execute(
            "SELECT origin, text, published, published_from, source FROM articles")}
    conn.close()
    names = sorted(expected)
    step = max(1, len(names) // SYNTHETIC_SAMPLE)
    sample = names[::step][:SYNTHETIC_SAMPLE]
    truths = [expected[name]["text"] for name in sample]
    story = [stored.get(str(corpus / name), ("",))[0] for name in sample]
    plain = [trafilatura.extract(decode((corpus / name).read_bytes())[0],
                                 **TRAFILATURA_OPTIONS) or "" for name in sample]
    dates: dict[str, Counter[str]] = {}
    sources = Counter[str]()
    for name, want in expected.items():
        row = stored.get(str(corpus / name))
        if row is None:
            continue
        _, published, published_from, source = row
        dates.setdefault(published_from, Counter())[
            "right" if published == want["published"] else "wrong"] += 1
        sources["right" if source == want["source"] else "wrong"] += 1
    return {"pages": len(sample), "storyline": _scores(truths, story),
            "trafilatura": _scores(truths, plain),
            "storyline_published_date": {k: dict(v) for k, v in sorted(dates.items())},
            "storyline_source": dict(sources)}


def _spans(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    """Token runs in `source` missing from `target` (lost) and in `target` only (added)."""
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    lost, added = [], []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            lost.append(" ".join(source[a0:a1]))
        if op in ("insert", "replace"):
            added.append(" ".join(target[b0:b1]))
    return lost, added


def _describe(spans: list[str], truth: str, limit: int = 3, chars: int = 220) -> list[Json]:
    """The longest spans, each with the share of its 4-token shingles in the ground truth
    (a span shorter than a shingle counts as in it when its tokens occur there in order)."""
    truth_shingles = shingle_counts(truth)
    truth_joined = f" {' '.join(tokens(truth))} "
    described = []
    for span in sorted(spans, key=lambda s: -len(s.split()))[:limit]:
        own = shingle_counts(span)
        if len(span.split()) < SHINGLE:
            share = float(f" {span} " in truth_joined)
        else:
            share = (sum(min(c, truth_shingles[k]) for k, c in own.items())
                     / max(1, sum(own.values())))
        described.append({"tokens": len(span.split()), "in_ground_truth": round(share, 2),
                          "text": span if len(span) <= chars else span[: chars - 1] + "…"})
    return described


def _extraction(data: Path) -> Json:
    """Both systems on article-extraction-benchmark, and the pages storyline loses most on."""
    import trafilatura

    from storyline.clean import clean_document
    from storyline.model import RawDocument
    from storyline.sources.decode import decode

    _quiet_loggers()
    truth: dict[str, dict[str, str]] = json.loads(
        (data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = {i: decode(gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()))[0]
             for i in ids}
    start = time.perf_counter()
    plain = {i: trafilatura.extract(pages[i], **TRAFILATURA_OPTIONS) or "" for i in ids}
    plain_seconds = time.perf_counter() - start
    start = time.perf_counter()
    story = {i: _text_of(clean_document(RawDocument(
        origin=i, content=pages[i], kind="html", sha256="x", url=truth[i].get("url"))))
        for i in ids}
    story_seconds = time.perf_counter() - start
    bodies = [truth[i].get("articleBody", "") for i in ids]
    result: Json = {
        "pages": len(ids),
        "metric": "scrapinghub/article-extraction-benchmark evaluate.py (4-token shingles); "
                  "token_bag = per-page F1 over single tokens, averaged",
        "published_trafilatura_2_0_0_f1": PUBLISHED_TRAFILATURA_F1,
        "trafilatura": {**_scores(bodies, [plain[i] for i in ids]),
                        "seconds": round(plain_seconds, 2)},
        "storyline": {**_scores(bodies, [story[i] for i in ids]),
                      "seconds": round(story_seconds, 2)},
    }
    result["f1_difference"] = round(result["storyline"]["f1"] - result["trafilatura"]["f1"], 4)
    result["code_digest"] = loaded_code_digest()
    per_page: list[tuple[float, str, OverlapScore, OverlapScore]] = []
    for i in ids:
        body = truth[i].get("articleBody", "")
        ours, theirs = shingle_match(body, story[i]), shingle_match(body, plain[i])
        per_page.append((ours.f1 - theirs.f1, i, ours, theirs))
    per_page.sort()
    result["pages_worse"] = sum(1 for d, *_ in per_page if d < -1e-9)
    result["pages_better"] = sum(1 for d, *_ in per_page if d > 1e-9)
    worst = []
    for delta, i, ours, theirs in per_page[:WORST_CASES]:
        if delta >= 0:
            break
        lost, added = _spans(tokens(plain[i]), tokens(story[i]))
        body = truth[i].get("articleBody", "")
        worst.append({
            "id": i, "url": truth[i].get("url"), "f1_difference": round(delta, 4),
            "storyline": {"f1": round(ours.f1, 4), "precision": round(ours.precision, 4),
                          "recall": round(ours.recall, 4), "chars": len(story[i])},
            "trafilatura": {"f1": round(theirs.f1, 4), "precision": round(theirs.precision, 4),
                            "recall": round(theirs.recall, 4), "chars": len(plain[i])},
            "lost": _describe(lost, body), "added": _describe(added, body),
        })
    result["worst_pages"] = worst
    return result


# -- report -------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[c])) for r in [headers, *rows]) for c in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                         for c, (cell, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(headers), "  ".join("-" * w for w in widths),
                      *(line(r) for r in rows)])


def _print_report(results: Json) -> None:
    corpus, speed = results["corpus"], results["speed"]
    print(f"\nIngest benchmark ({results['mode']}): {corpus['articles']} synthetic HTML pages, "
          f"{corpus['bytes'] / 1e6:.1f} MB (mean {corpus['mean_page_kb']:.1f} KB) in "
          f"{corpus['folders']} folders; median of {results['repeats']} run(s)\n")
    rows = [[system, f"{s['articles_per_s']:.1f}", f"{s['mb_per_s']:.2f}",
             f"{s['median_seconds']:.1f}", f"{s['peak_rss_mb']:.0f}",
             f"{s['tracemalloc_peak_mb']:.0f}", f"{s['rss_after_imports_mb']:.0f}"]
            for system, s in ((name, speed[name]) for name in SYSTEMS)]
    print(_table(["system", "articles/s", "MB/s", "median s", "peak RSS MB",
                  "tracemalloc MB", "RSS at start MB"], rows))
    s = speed["storyline"]
    print(f"\nthroughput ratio storyline/trafilatura: {speed['throughput_ratio']:.3f}"
          f"   (storyline stored {s['stored']} of {s['files']} pages, {s['drops']} dropped)")
    quality = results.get("synthetic_quality")
    if quality:
        print(f"\nSynthetic pages vs the generated body ({quality['pages']} pages, "
              "dateline counted as body):")
        print(_quality_table(quality))
        dates = quality["storyline_published_date"]
        print("storyline published dates right/wrong by origin: " + ", ".join(
            f"{k} {v.get('right', 0)}/{v.get('wrong', 0)}" for k, v in dates.items())
            + f"; outlet right/wrong {quality['storyline_source'].get('right', 0)}/"
            f"{quality['storyline_source'].get('wrong', 0)}")
    extraction = results["extraction"]
    if "skipped" in extraction:
        print(f"\nNote: {extraction['skipped']}")
        return
    print(f"\nArticle extraction benchmark ({extraction['pages']} pages, evaluate.py metric; "
          f"published trafilatura 2.0.0 F1 = {PUBLISHED_TRAFILATURA_F1}):")
    print(_quality_table(extraction))
    print(f"F1 difference storyline - trafilatura: {extraction['f1_difference']:+.4f}   "
          f"(storyline worse on {extraction['pages_worse']} pages, better on "
          f"{extraction['pages_better']})")
    for case in extraction["worst_pages"]:
        print(f"\n  {case['id'][:16]}…  {case['url']}\n    F1 storyline "
              f"{case['storyline']['f1']:.3f} vs trafilatura {case['trafilatura']['f1']:.3f} "
              f"({case['f1_difference']:+.3f}); chars {case['storyline']['chars']} vs "
              f"{case['trafilatura']['chars']}")
        for label in ("lost", "added"):
            for span in case[label][:2]:
                print(f"    {label} {span['tokens']} tokens ({span['in_ground_truth']:.0%} "
                      f"in ground truth): {span['text'][:160]}")


def _quality_table(block: Json) -> str:
    rows = []
    for system in SYSTEMS:
        s = block[system]
        rows.append([system, f"{s['f1']:.4f}", f"{s['precision']:.4f}", f"{s['recall']:.4f}",
                     f"{s['token_bag']['f1']:.4f}", str(s["empty_outputs"])])
    return _table(["system", "F1", "precision", "recall", "token-bag F1", "empty"], rows)


# -- main ---------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark storyline's HTML ingest against bare trafilatura.")
    parser.add_argument("--articles", type=int, default=None,
                        help="synthetic pages to generate (default 10000; 1000 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ARTICLES} pages and 1 repeat unless given explicitly")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs per system; the median is reported (default 3)")
    parser.add_argument("--seed", type=int, default=20240112, help="corpus seed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="results JSON (default benchmarks/results/ingest.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus folder")
    parser.add_argument("--profile", action="store_true",
                        help="one extra storyline run under cProfile; prints where time goes")
    # internal: this script re-runs itself as a worker process
    parser.add_argument("--worker", choices=("generate", *SYSTEMS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.articles = args.articles or (QUICK_ARTICLES if args.quick else 10_000)
    args.repeats = args.repeats or (1 if args.quick else 3)
    if args.articles < 1 or args.repeats < 1:
        parser.error("--articles and --repeats must be at least 1")
    return args


def _use_snapshot(target: Path) -> None:
    """Import storyline from a copy of src/ taken now, in this process and every worker.

    Others edit src/ while a full run takes twenty minutes, and the install is editable:
    without the copy, each worker would import whatever src/ held when it started. The
    copy comes first on PYTHONPATH, before the editable install's path entry.
    """
    shutil.copytree(REPO / "src" / "storyline", target / "storyline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(target), *filter(None, [os.environ.get("PYTHONPATH")])])
    sys.path.insert(0, str(target))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def main() -> None:
    args = _arguments()
    if args.worker:
        _worker_main(args)
        return
    started = _now()
    machine = machine_info(REPO)  # before the run: src/ may change while it runs
    machine["load_average_at_start"] = machine.pop("load_average")
    work_dir = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    corpus = work_dir / "corpus"
    try:
        _use_snapshot(work_dir / "code")
        _log(f"generating {args.articles} pages in {corpus} ...")
        generated = _spawn("generate", work_dir, "--corpus", str(corpus),
                           "--articles", str(args.articles), "--seed", str(args.seed))
        _log(f"  {generated['bytes'] / 1e6:.1f} MB in {generated['folders']} folders "
             f"({generated['seconds']:.1f} s)")
        parent_rss = peak_rss_mb()
        _log(f"timing {', '.join(SYSTEMS)} ({args.repeats} run(s) each, one process a run) ...")
        speed, kept_db = _speed(corpus, work_dir, generated["bytes"], args.repeats, args.profile)
        speed["parent_rss_mb_at_launch"] = round(parent_rss, 1)
        _log("scoring the synthetic pages ...")
        synthetic = _synthetic_quality(corpus, Path(generated["expected"]), kept_db)
        if (EXTRACTION_DATA / "ground-truth.json").is_file():
            _log(f"scoring HTML cleaning on {EXTRACTION_DATA} ...")
            extraction = _extraction(EXTRACTION_DATA)
        else:
            extraction = {"skipped": f"the extraction score is skipped because "
                                     f"../shared/data/article-extraction is missing "
                                     f"(looked for {EXTRACTION_DATA})"}
            _log(f"NOTE: {extraction['skipped']}")
    finally:
        if args.keep:
            _log(f"kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    src_changed = src_digest(REPO) != machine["src_digest"]
    results: Json = {
        "benchmark": "ingest",
        "started": started,
        "finished": _now(),
        "mode": "quick" if args.quick else "full",
        "seed": args.seed,
        "repeats": args.repeats,
        "machine": {**machine, "load_average_at_end": list(os.getloadavg())},
        "src_changed_during_run": src_changed,
        "storyline_imported_from": "a copy of src/ taken at the start of the run",
        "corpus": {"articles": args.articles, "files": generated["files"],
                   "folders": generated["folders"], "bytes": generated["bytes"],
                   "mean_page_kb": round(generated["bytes"] / generated["files"] / 1024, 2),
                   "generate_seconds": round(generated["seconds"], 2)},
        "trafilatura_options": TRAFILATURA_OPTIONS,
        "speed": speed,
        "synthetic_quality": synthetic,
        "extraction": extraction,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    _print_report(results)
    if speed["mixed_code_versions"]:
        print("\nWARNING: the storyline code the runs imported changed between runs (src/ "
              "was edited meanwhile): the figures mix versions. Run it again.")
    elif src_changed:
        print("\nnote: src/ changed during the run; the figures are for src/ as it was at "
              "the start (every run imported a copy taken then).")
    print(f"\nresults written to {_shown(args.output)}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    main()
