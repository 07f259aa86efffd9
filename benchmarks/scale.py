"""The whole analysis job in one process, in worker processes and on a Dask cluster, against
bare spaCy on the same texts.

    python benchmarks/scale.py                 # 1,000 T17 articles + pages of 0.5, 2, 15 MB
    python benchmarks/scale.py --articles 200 --no-large --output /tmp/s.json   # a quick look

Data: ../shared/data/t17/t17_dev_articles.jsonl (outside the repo); the large pages are
synthetic (our own sentences). Steps, each timed:
1. **ingest** (once, one process): read, clean, store, build the stories: the serial part;
2. **analyse** (`storyline export --format json`, which analyses every story) on a copy of
   that store, three ways: one process (`--workers 1`), `--workers 2`, and `--dask` on a
   2-worker `LocalCluster` started here; the three exports must be identical apart from
   `generated_at` (the parity check);
3. **stories**: the one-process store again with its story analyses dropped (every
   article's facts and claims still cached): what is left is the stories' analysis, with
   start-up, reads and writes; exported in one process (`--workers 1`);
4. **bare**: `nlp.pipe` of the pinned pipeline, all components, one process, over the
   texts analysis reads (each article's first MAX_ANALYSIS_CHARS characters), as
   `spacy.load` builds it (thinc's BLIS): the floor the ratios are taken against; then the
   same as storyline loads it (numpy's BLAS, one thread), to show how much of the
   difference is the model's arithmetic (`benchmarks/model_ops.py` compares the two).
The serial part is measured in CPU seconds, which the load barely moves: in the
`--workers 2` run, the writer process's own CPU (start-up, reads, writes, handing out the
work and storing what comes back) against the CPU of every process of the run; each
process's CPU is sampled with its memory.
Peak memory is sampled per process (psutil, every 0.2 s) over each run's process tree; the
load average (1 min) is recorded before and after each step, since the machine is shared.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from _common import machine_info, t17_rows_by_date, write_results

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "t17" / "t17_dev_articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "scale.json"
CLI = [sys.executable, "-m", "storyline"]
LARGE_MB = (0.5, 2, 15)


class PeakMemory:
    """The largest RSS each process of a tree reached, and the CPU seconds (user + system)
    each used while sampled, sampled in a thread (`extra` processes, such as Dask workers
    started before, count from the first sample)."""

    def __init__(self, root: int, extra: list[int] | None = None) -> None:
        self.roots = [root, *(extra or [])]
        self.extra = set(extra or [])
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self._cpu_first: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for root in self.roots:
                try:
                    tree = [psutil.Process(root), *psutil.Process(root).children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for proc in tree:
                    try:
                        rss = proc.memory_info().rss / 2**20
                        times = proc.cpu_times()
                    except psutil.NoSuchProcess:
                        continue
                    self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0.0), rss)
                    used = times.user + times.system
                    self._cpu_first.setdefault(proc.pid, used if proc.pid in self.extra else 0.0)
                    self.cpu[proc.pid] = used - self._cpu_first[proc.pid]
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _large_page(megabytes: float, number: int) -> dict[str, str]:
    sentence = (f"The Velmora inquiry number {number} heard from engineers, residents and the "
                "regional council about the dam on Tuesday. ")
    paragraph = (sentence * 10).strip()
    count = int(megabytes * 1_000_000) // (len(paragraph) + 2)
    return {"id": f"large-{megabytes}", "title": f"Velmora inquiry day {number}",
            "published": "2010-06-01", "source": "Velmora Courier",
            "text": "\n\n".join([paragraph] * max(1, count))}


def _inputs(folder: Path, articles: int, large: bool) -> list[str]:
    rows = t17_rows_by_date(DATA)
    records = [{"id": r["doc_id"], "text": r["text"], "published": r["pub_date"],
                "source": r["collection"].split("_")[-1].upper()} for r in rows[:articles]]
    if large:
        records += [_large_page(mb, n) for n, mb in enumerate(LARGE_MB)]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return [r["text"] for r in records]


LOADS: dict[str, list[float]] = {}


def _load(step: str) -> None:
    LOADS.setdefault(step, []).append(round(os.getloadavg()[0], 2))


def _step(args: list[str]) -> str:
    """A run's name in the load record: its command and where its work ran."""
    where = [f"{a} {b}" for a, b in itertools.pairwise(args) if a == "--workers"]
    stories = ["(stories)"] if "stories.json" in " ".join(args) else []
    return " ".join([args[0], *where, *(["--dask"] if "--dask" in args else []), *stories])


@dataclass(frozen=True)
class Run:
    """One CLI run: wall seconds, peak RSS per process, CPU seconds of its writer (the
    process started) and of the others (pool or Dask workers)."""

    seconds: float
    peaks: dict[int, float]
    writer_cpu: float
    workers_cpu: float

    def figures(self, articles: int) -> dict[str, object]:
        total = self.writer_cpu + self.workers_cpu
        return {"seconds": round(self.seconds, 2),
                "articles_per_s": round(articles / self.seconds, 2),
                "peak_mb_per_process": round(max(self.peaks.values()), 1),
                "processes": len(self.peaks),
                "cpu_seconds_writer": round(self.writer_cpu, 1),
                "cpu_seconds_workers": round(self.workers_cpu, 1),
                "writer_share_of_cpu": round(self.writer_cpu / total, 3) if total else None}


def _run(args: list[str], extra_pids: list[int] | None = None) -> Run:
    _load(_step(args))
    start = time.perf_counter()
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    with PeakMemory(proc.pid, extra_pids) as memory:
        _, stderr = proc.communicate()
    took = time.perf_counter() - start
    _load(_step(args))
    if proc.returncode not in (0, 1):
        sys.exit(f"storyline {args[0]} failed ({proc.returncode}): {stderr[-500:]}")
    writer = memory.cpu.get(proc.pid, 0.0)
    return Run(took, memory.peaks, writer, sum(memory.cpu.values()) - writer)


def _export(path: Path) -> str:
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("generated_at", None)
    return json.dumps(document, sort_keys=True)


def _bare(texts: list[str], default: bool = True) -> tuple[float, float]:
    """Bare `nlp.pipe` over what analysis reads: wall and CPU seconds. `default`: the
    pipeline as `spacy.load` builds it (thinc's BLIS), the floor the aims are taken against;
    else as storyline loads it (numpy's BLAS, one thread: `language.model`)."""
    import spacy

    from storyline.flow.article_work import bounded
    from storyline.language import load_pipeline
    from storyline.language.model import MODEL_PACKAGE
    from storyline.model import Article
    from storyline.settings import MAX_ANALYSIS_CHARS

    nlp = spacy.load(MODEL_PACKAGE) if default else load_pipeline()
    read = [bounded(Article(id=str(i), origin="", raw_sha256="", text=t, title=None,
                            source=None, url=None, published=None, published_from="unknown"),
                    MAX_ANALYSIS_CHARS)[0].text for i, t in enumerate(texts)]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(read, batch_size=32):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def _result(texts: list[str], large: bool, ingest: Run, runs: dict[str, Run],
            exports: dict[str, str], stories: Run | None, bare: tuple[float, float] | None,
            complete: bool, bare_ours: tuple[float, float] | None = None) -> dict[str, object]:
    """The figures so far (written after every step: a long run stopped early keeps them)."""
    one = runs["one process"].seconds if "one process" in runs else None
    pooled = runs.get("--workers 2")
    result: dict[str, object] = {
        "complete": complete,
        "articles": len(texts), "large_pages_mb": list(LARGE_MB) if large else [],
        "ingest_seconds": round(ingest.seconds, 2),
        "ingest_peak_mb": round(max(ingest.peaks.values()), 1),
        "runs": {name: run.figures(len(texts)) for name, run in runs.items()},
        "speedup": {name: round(one / run.seconds, 2) for name, run in runs.items()} if one else {},
        "parity": all(e == exports["one process"] for e in exports.values()) if one else None,
        "per_article_ms_one_process": round(1000 * one / len(texts), 1) if one else None,
        "load_1min_before_after": LOADS,
        "load_average": os.getloadavg(),
        "machine": machine_info(REPO),
    }
    if pooled is not None:  # the writer's own CPU against all the run's CPU
        result["serial_fraction_cpu"] = pooled.figures(len(texts))["writer_share_of_cpu"]
        result["serial_cpu_ms_per_article"] = round(1000 * pooled.writer_cpu / len(texts), 1)
        result["parallel_cpu_ms_per_article"] = round(1000 * pooled.workers_cpu / len(texts), 1)
    if stories is not None:
        result["stories_step"] = stories.figures(len(texts))
    if bare is not None:  # wall ratios measure the load as much as the code: CPU beside
        bare_s, bare_cpu = bare
        result["bare_nlp_pipe_seconds"] = round(bare_s, 2)
        result["bare_nlp_pipe_cpu_seconds"] = round(bare_cpu, 1)
        result["ratio_to_bare"] = {name: round(run.seconds / bare_s, 2)
                                   for name, run in runs.items()}
        result["cpu_ratio_to_bare"] = {name: round((run.writer_cpu + run.workers_cpu) / bare_cpu, 2)
                                       for name, run in runs.items()}
    if bare is not None and bare_ours is not None:  # how much of the gap is the model's ops
        result["bare_storyline_ops_seconds"] = round(bare_ours[0], 2)
        result["bare_storyline_ops_cpu_seconds"] = round(bare_ours[1], 1)
        result["ratio_to_bare_storyline_ops"] = {name: round(run.seconds / bare_ours[0], 2)
                                                 for name, run in runs.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-large", action="store_true", help="leave out the large pages")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the T17 development data lives in ../shared/data")
    large = not args.no_large
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        texts = _inputs(tmp / "in", args.articles, large)
        base = tmp / "base.db"
        print(f"{len(texts)} articles, {sum(map(len, texts)) / 1e6:.1f} M characters", flush=True)
        ingest = _run(["ingest", str(tmp / "in"), "--db", str(base), "-q"])
        print(f"ingest (one process): {ingest.seconds:.1f} s", flush=True)
        runs: dict[str, Run] = {}
        exports: dict[str, str] = {}
        stories: Run | None = None

        def save(bare: tuple[float, float] | None = None, complete: bool = False,
                 bare_ours: tuple[float, float] | None = None) -> dict[str, object]:
            result = _result(texts, large, ingest, runs, exports, stories, bare, complete,
                             bare_ours)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            return result

        modes = [("one process", ["--workers", "1"]), ("--workers 2", ["--workers", "2"])]
        for name, options in modes:
            db = tmp / f"{len(runs)}.db"
            shutil.copy(base, db)
            out = tmp / f"{len(runs)}.json"
            run = _run(["export", "--format", "json", "-o", str(out), "--db", str(db), "-q",
                        *options])
            runs[name], exports[name] = run, _export(out)
            print(f"{name}: {run.seconds:.1f} s, peak {max(run.peaks.values()):.0f} MB, CPU "
                  f"{run.writer_cpu:.1f} s writer + {run.workers_cpu:.1f} s workers", flush=True)
            if name == "one process":
                with sqlite3.connect(db) as con:
                    con.execute("DELETE FROM story_analysis")
                stories = _run(["export", "--format", "json", "-o", str(tmp / "stories.json"),
                                "--db", str(db), "-q", "--workers", "1"])
                print(f"stories only (facts and claims cached), one process: "
                      f"{stories.seconds:.1f} s", flush=True)
            save()
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            workers = [w.pid for w in cluster.workers.values() if getattr(w, "pid", None)]
            db = tmp / "dask.db"
            shutil.copy(base, db)
            out = tmp / "dask.json"
            run = _run(["export", "--format", "json", "-o", str(out), "--db", str(db), "-q",
                        "--dask", cluster.scheduler_address], extra_pids=workers)
            runs["dask 2 workers"], exports["dask 2 workers"] = run, _export(out)
            print(f"dask 2 workers: {run.seconds:.1f} s, peak {max(run.peaks.values()):.0f} MB",
                  flush=True)
        save()
        _load("bare")
        bare = _bare(texts)
        _load("bare")
        print(f"bare nlp.pipe (one process, spaCy's default build): {bare[0]:.1f} s, CPU "
              f"{bare[1]:.1f} s", flush=True)
        result = save(bare, complete=True)  # complete: the rest is context
        bare_ours = _bare(texts, default=False)
        _load("bare")
        print(f"bare nlp.pipe (one process, storyline's ops): {bare_ours[0]:.1f} s, CPU "
              f"{bare_ours[1]:.1f} s", flush=True)
        result = save(bare, complete=True, bare_ours=bare_ours)
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))
    one = runs["one process"].seconds
    speedups = ", ".join(f"{name} {one / run.seconds:.2f}x" for name, run in runs.items())
    peak = statistics.median(max(run.peaks.values()) for run in runs.values())
    print(f"parity: {'identical exports' if result['parity'] else 'EXPORTS DIFFER'}; speedups "
          f"{speedups}; median peak per process {peak:.0f} MB; the writer's share of the "
          f"CPU with 2 workers {result.get('serial_fraction_cpu')}")
    write_results(args.output, result)


if __name__ == "__main__":
    main()
