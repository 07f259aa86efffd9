"""Whether story ids last: the share of stories a reader can still follow by their id after
later ingests, and what a re-clustering pass costs as the archive grows.

    python benchmarks/stability.py            # everything, results/stability.json
    python benchmarks/stability.py --quick    # 2 seeds, one pair, 10k timed once
    python benchmarks/stability.py --no-stability --sizes 100000 --no-first-refresh

CPU time (2 cores shared with other work, load ~10; wall time was about 3x these): the
survival parts about 5 minutes, the 10k archive about 5 (generation and ingest 1.5, each
rebuild ~1); the 100k archive needs ten times that and was not measured on that machine.

It drives the real product: a temporary SQLite store, `flow.ingest` of JSON Lines files and
`flow.refresh_stories` after each ingest, as `storyline ingest` does (the story analysis is
left out: it does not move ids).

**Survival.** A story of an earlier state with at least two articles survives into a later
state when its id, or an id it resolves to through recorded redirects (`resolve`), names a
story of the later state that holds its *core members*: its articles that are not
near-copies (all of them if every one is). "Holds" means at least `HOLD_SHARE` (90%) of them;
the strict share (all of them) is reported beside it, and so is the share kept under the
very same id with no redirect. Stories of one article are counted separately (survived:
their article is in the story their id resolves to). `resolve` follows the store's
recorded redirects (`Store.story_successors`: merges and splits, through later ones).

1. **Halves by date**: each Timeline17 collection (`../shared/data/t17`) ingested in two
   halves by publication date (then doc id), a refresh after each; first state -> second.
2. **Shuffled batches**: the same collections in `BATCHES` random batches (seeds 1..S); every
   state is compared with the next one (a reader coming back after each ingest) and the
   first with the last; per collection the median over seeds, overall the median over
   seeds of the share pooled over collections.
3. **Then an unrelated collection**: a first collection, then one about other events
   (T17 haiti + MJ, then the flu and oil-spill collections: the trial of issue 12; T17 MJ,
   then bpoil; ECB+ dev (`../shared/data/ecbplus`), then the UCI aggregator headlines
   (`../shared/data/uci-news-aggregator`)). Aim: every story survives; reported too: the
   stories of the first collection whose id went, whose members changed (under the same
   id) or whose headline changed, and the refresh's rebuild reason.
4. **Re-clustering pass**: `recluster_pass(store)` (the windowed pass with a window that
   holds every article: `storyline recluster --window`, its whole cost) on synthetic
   archives of 10,000 and 100,000 articles. Synthetic, not real: `clustering.Synthetic`
   events (seeded Zipfian words and names, a few words and names of each event alone) as
   `refresh.Archive` strings them (60% follow-ups of one of the 200 latest stories, over a
   year, 40 outlets), each article padded with everyday words to a length drawn from a
   log-normal law with median `MEDIAN_WORDS` (T17's median is about 590 tokens with
   punctuation, ~500 words). Each archive is generated and ingested once, in a child
   process ("setup"); then the first refresh (no stories yet) and each pass run in their
   own fresh child process (spawned Python, so no peak is shared): wall seconds of the
   call and the child's peak RSS (`VmHWM`) beside its RSS before the call (storyline's
   story modules already imported). Median of `REPEATS` passes at 10k, one at 100k.

A missing data folder is reported and its part skipped; the pass timing needs no data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, write_results  # noqa: E402

from storyline.store import Store  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "stability.json"
DATA = REPO.parent / "shared" / "data"
T17 = DATA / "t17" / "t17_dev_articles.jsonl"
ECB = DATA / "ecbplus" / "ecbplus_dev.jsonl"
UCI = DATA / "uci-news-aggregator" / "uci-news-aggregator.csv"

#: A story holds another's core when it has at least this share of its core members (the
#: issue's definition of "survives with its core members"); 1.0 is reported beside it.
HOLD_SHARE = 0.9
#: Random batches of the shuffled runs, and seeds (full run; --quick uses fewer).
BATCHES = 4
SEEDS = 5
QUICK_SEEDS = 2
#: Pairs of (first, then unrelated) collections; "ecb+" and "uci" are the other sets.
PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("haiti_bbc", "MJ_bbc"), ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters", "bpoil_bbc")),
    (("MJ_bbc",), ("bpoil_bbc",)),
    (("ecb+",), ("uci",)),
)
#: Archive sizes of the pass timing, and repeats per size (each in a fresh process).
PASS_SIZES = (10_000, 100_000)
QUICK_PASS_SIZES = (10_000,)
REPEATS = {10_000: 3, 100_000: 1}
#: Median and spread (log-normal sigma) of the synthetic articles' length in words; a news
#: article is some 400-700 words (T17 dev: median 590 tokens with punctuation).
MEDIAN_WORDS = 450
SIGMA_WORDS = 0.5
SHORTEST, LONGEST = 80, 2_500
SENTENCE_WORDS = 16
#: Articles per synthetic JSON Lines file (an input file is refused past 256 MB).
FILE_ARTICLES = 10_000


# -- what a state is, and whether a story survived (pure) -------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One story of a state: its members, its core (members that are not near-copies) and
    its headline."""

    members: frozenset[str]
    core: frozenset[str]
    headline: str | None


def core_members(article_ids: Sequence[str], near_copies: Collection[str]) -> frozenset[str]:
    """A story's members that are not near-copies; all of them if every one is."""
    core = frozenset(a for a in article_ids if a not in set(near_copies))
    return core or frozenset(article_ids)


def holds(later: frozenset[str], core: frozenset[str], share: float) -> bool:
    """True when `later` holds at least `share` of `core`."""
    return bool(core) and len(core & later) >= share * len(core) - 1e-9


@dataclass
class Tally:
    """Survival counts of one comparison (or of several, added up)."""

    stories: int = 0  # of the earlier state, with at least two articles
    survived: int = 0  # core held at HOLD_SHARE by the story the id resolves to
    survived_strict: int = 0  # every core member held
    same_id: int = 0  # survived under its own id (no redirect needed)
    by_redirect: int = 0  # survived only through a recorded redirect
    id_gone: int = 0  # the id resolves to no live story
    # of those that did not survive: their core went whole into a story that the id does
    # not lead to (a merge with no redirect), or no story holds it (split up)
    lost_whole: int = 0
    lost_split: int = 0
    members_changed: int = 0  # the id is live, its members differ
    headline_changed: int = 0  # the id is live, its headline differs
    unchanged: int = 0  # same id, same members, same headline
    singletons: int = 0
    singletons_survived: int = 0

    def add(self, other: Tally) -> Tally:
        return Tally(**{k: getattr(self, k) + getattr(other, k) for k in vars(self)})

    def share(self, strict: bool = False) -> float | None:
        kept = self.survived_strict if strict else self.survived
        return kept / self.stories if self.stories else None

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "share": _round(self.share()),
                "share_strict": _round(self.share(strict=True)),
                "singletons_share": _round(self.singletons_survived / self.singletons
                                           if self.singletons else None)}


def compare(before: Mapping[str, Snapshot], after: Mapping[str, Snapshot],
            resolver: Callable[[str], tuple[str, ...]]) -> Tally:
    """How the stories of `before` fare in `after` (see the module docstring)."""
    tally = Tally()
    home = {article: later for later, story in after.items() for article in story.members}
    for sid, story in before.items():
        targets = resolver(sid)
        if len(story.members) < 2:
            tally.singletons += 1
            tally.singletons_survived += any(story.members <= after[t].members for t in targets)
            continue
        tally.stories += 1
        loose = [t for t in targets if holds(after[t].members, story.core, HOLD_SHARE)]
        strict = [t for t in targets if holds(after[t].members, story.core, 1.0)]
        tally.survived += bool(loose)
        tally.survived_strict += bool(strict)
        tally.same_id += sid in loose
        tally.by_redirect += bool(loose) and sid not in loose
        if not loose:
            whole = any(holds(after[h].members, story.core, HOLD_SHARE)
                        for h in {home[a] for a in story.core if a in home})
            tally.lost_whole += whole
            tally.lost_split += not whole
        if sid not in after:
            tally.id_gone += not targets
            continue
        now = after[sid]
        tally.members_changed += now.members != story.members
        tally.headline_changed += now.headline != story.headline
        tally.unchanged += now.members == story.members and now.headline == story.headline
    return tally


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


# -- redirects: the one function to swap for the store's own resolver -------------------------


def resolve(store: Store, story_id: str) -> tuple[str, ...]:
    """The live story ids a (possibly retired) story id leads to: itself when live, else
    the store's recorded redirects (merges and splits), followed through later ones."""
    if store.story_rank(story_id) is not None:  # live
        return (story_id,)
    return store.story_successors(story_id)


# -- the product driven: ingest a batch, refresh, read the state --------------------------------


def snapshot(store: Store) -> dict[str, Snapshot]:
    return {s.id: Snapshot(frozenset(s.article_ids), core_members(s.article_ids, s.near_copies),
                           s.headline) for s in store.stories()}


@dataclass
class Run:
    """A store fed batch by batch: the state after each refresh and what the refresh said."""

    folder: Path
    name: str
    states: list[dict[str, Snapshot]] = field(default_factory=list)
    refreshes: list[dict[str, Any]] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)

    def feed(self, batches: Iterable[Sequence[dict[str, Any]]]) -> Run:
        from storyline.flow.ingest import ingest, plan, refresh_stories
        from storyline.settings import Settings

        settings = Settings(db_path=str(self.folder / f"{self.name}.db"))
        with Store.open(settings.db_path) as store:
            for number, batch in enumerate(batches):
                path = self.folder / f"{self.name}-{number}.jsonl"
                with path.open("w", encoding="utf-8") as out:
                    out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)
                started = time.perf_counter()
                report = ingest(plan([path]), store, settings)
                done = refresh_stories(store)
                self.refreshes.append({"articles": report.new, "rebuilt": done.rebuilt,
                                       "reason": "; ".join(filter(None, (done.reason,
                                                                      done.deferred))),
                                       "seconds": round(time.perf_counter() - started, 2)})
                state = snapshot(store)
                if self.states:
                    self.tallies.append(compare(self.states[-1], state,
                                                lambda sid: resolve(store, sid)))
                self.states.append(state)
        return self

    def first_to_last(self) -> Tally:
        """The first state against the last; redirects as recorded at the end."""
        with Store.open(self.folder / f"{self.name}.db") as store:
            return compare(self.states[0], self.states[-1], lambda sid: resolve(store, sid))

    def pooled(self) -> Tally:
        total = Tally()
        for tally in self.tallies:
            total = total.add(tally)
        return total


# -- data ----------------------------------------------------------------------------------------


def t17_records(collections: Collection[str]) -> list[dict[str, Any]]:
    """T17 articles as JSON records (text, date, outlet), in publication order."""
    rows = [r for r in map(json.loads, T17.open(encoding="utf-8"))
            if r["collection"] in collections]
    rows.sort(key=lambda r: (r["pub_date"], r["doc_id"]))
    return [{"id": r["doc_id"], "text": r["text"], "published": r["pub_date"],
             "source": r["collection"].split("_")[-1].upper()} for r in rows]


def other_records(name: str) -> list[dict[str, Any]]:
    """ECB+ dev documents or UCI headlines as JSON records, read the way
    `benchmarks/clustering.py` reads them (title line, date line, URL)."""
    from clustering import load_docs, load_uci

    docs = load_docs(ECB) if name == "ecb+" else load_uci(UCI)[0]
    records = []
    for doc in docs:
        a = doc.article
        record: dict[str, Any] = {"id": a.id, "title": a.title, "url": a.url, "source": a.source,
                                  "published": a.published.isoformat() if a.published else None}
        if a.text_kind != "headline":
            record["text"] = a.text
        records.append({k: v for k, v in record.items() if v is not None})
    return records


def records_of(names: Sequence[str]) -> list[dict[str, Any]] | None:
    """The records of T17 collections, or of "ecb+" / "uci"; None when the data is missing."""
    if names in (("ecb+",), ("uci",)):
        return other_records(names[0]) if (ECB if names[0] == "ecb+" else UCI).exists() else None
    return t17_records(names) if T17.exists() else None


def halves(records: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    middle = len(records) // 2
    return [list(records[:middle]), list(records[middle:])]


def shuffled(records: Sequence[dict[str, Any]], seed: int, batches: int) -> list[list[dict[str, Any]]]:
    order = list(records)
    random.Random(seed).shuffle(order)
    return [order[i::batches] for i in range(batches)]


# -- the experiments ---------------------------------------------------------------------------


def by_halves(folder: Path, collections: Sequence[str]) -> dict[str, Any]:
    per: dict[str, Any] = {}
    total = Tally()
    for name in collections:
        run = Run(folder, f"halves-{name}").feed(halves(t17_records({name})))
        tally = run.tallies[0]
        total = total.add(tally)
        per[name] = {**tally.record(), "refreshes": run.refreshes}
        _line(f"halves  {name}", tally, run.refreshes[-1]["reason"])
    _line("halves  all", total, "")
    return {"collections": per, "all": total.record()}


def by_shuffles(folder: Path, collections: Sequence[str], seeds: int) -> dict[str, Any]:
    per: dict[str, Any] = {}
    pooled_by_seed: dict[int, Tally] = {s: Tally() for s in range(1, seeds + 1)}
    ends_by_seed: dict[int, Tally] = {s: Tally() for s in range(1, seeds + 1)}
    for name in collections:
        records = t17_records({name})
        runs = {}
        for seed in pooled_by_seed:
            run = Run(folder, f"shuffle-{name}-{seed}").feed(shuffled(records, seed, BATCHES))
            runs[seed] = (run.pooled(), run.first_to_last(), run.refreshes)
            pooled_by_seed[seed] = pooled_by_seed[seed].add(runs[seed][0])
            ends_by_seed[seed] = ends_by_seed[seed].add(runs[seed][1])
        steps = [runs[s][0] for s in runs]
        ends = [runs[s][1] for s in runs]
        per[name] = {
            "step_share_median": _median([t.share() for t in steps]),
            "step_share_strict_median": _median([t.share(strict=True) for t in steps]),
            "first_to_last_share_median": _median([t.share() for t in ends]),
            "seeds": {str(s): {"steps": runs[s][0].record(), "first_to_last": runs[s][1].record(),
                               "rebuilds": sum(r["rebuilt"] for r in runs[s][2][1:]),
                               "reasons": sorted({r["reason"] for r in runs[s][2][1:]})}
                      for s in runs},
        }
        print(f"  shuffled {name:<16} each step {_pct(per[name]['step_share_median'])}"
              f" (strict {_pct(per[name]['step_share_strict_median'])}), first -> last "
              f"{_pct(per[name]['first_to_last_share_median'])}  median of {seeds} seeds",
              flush=True)
    overall = {
        "step_share_median": _median([t.share() for t in pooled_by_seed.values()]),
        "step_share_strict_median": _median([t.share(strict=True) for t in pooled_by_seed.values()]),
        "first_to_last_share_median": _median([t.share() for t in ends_by_seed.values()]),
        "by_seed": {str(s): t.record() for s, t in pooled_by_seed.items()},
    }
    print(f"  shuffled {'all':<16} each step {_pct(overall['step_share_median'])} (strict "
          f"{_pct(overall['step_share_strict_median'])}), first -> last "
          f"{_pct(overall['first_to_last_share_median'])}", flush=True)
    return {"batches": BATCHES, "seeds": seeds, "collections": per, "all": overall}


def then_unrelated(folder: Path, pairs: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]
                   ) -> list[dict[str, Any]]:
    rows = []
    for first, then in pairs:
        label = f"{'+'.join(first)} then {'+'.join(then)}"
        one, two = records_of(first), records_of(then)
        if one is None or two is None:
            print(f"  {label}: skipped, data missing under {DATA}", flush=True)
            rows.append({"first": first, "then": then, "skipped": "data missing"})
            continue
        run = Run(folder, f"pair-{len(rows)}").feed([one, two])
        tally = run.tallies[0]
        _line(f"then    {label}", tally, run.refreshes[-1]["reason"])
        rows.append({"first": first, "then": then, "articles": [len(one), len(two)],
                     **tally.record(), "top_story": top_story(run), "refreshes": run.refreshes})
    return rows


def top_story(run: Run) -> dict[str, Any]:
    """The first state's top-ranked story: its size, and whether its id still names the
    top story with the same core (the issue's trial saw it move to a 5-article story)."""
    before, after = run.states[0], run.states[-1]
    sid = next(iter(before))
    now = after.get(sid)
    return {"id": sid, "articles": len(before[sid].members),
            "id_still_top": next(iter(after), None) == sid,
            "core_held": now is not None and holds(now.members, before[sid].core, 1.0)}


def _line(label: str, tally: Tally, reason: str) -> None:
    print(f"  {label:<62} {tally.survived:>4}/{tally.stories:<4} {_pct(tally.share()):>7}"
          f" strict {_pct(tally.share(strict=True)):>7} | same id {tally.same_id:>4}"
          f" redirect {tally.by_redirect:>3} gone {tally.id_gone:>4} (lost whole "
          f"{tally.lost_whole:>3} split {tally.lost_split:>3}) members~ "
          f"{tally.members_changed:>3} headline~ {tally.headline_changed:>3} | singletons "
          f"{tally.singletons_survived}/{tally.singletons}" + (f" | {reason}" if reason else ""),
          flush=True)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return _round(statistics.median(present)) if present else None


# -- the re-clustering pass, timed in child processes -------------------------------------------


PASS_WHAT = "refresh_stories(store, window_days=100_000, asked=True, pass_limit=0)"


def recluster_pass(store: Store) -> Any:
    """The pass under measure: the windowed re-clustering pass over every article of the
    store (`storyline recluster --window` with a window holding them all): the pass's
    whole cost, its features and its index, at this size."""
    from storyline.flow.refresh import refresh_stories

    return refresh_stories(store, window_days=100_000, asked=True, pass_limit=0)


def _vm_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def synthetic_archive(folder: Path, size: int, seed: int) -> list[Path]:
    """`size` synthetic articles as JSON Lines files of `FILE_ARTICLES` each, dated in
    order over a year (see the module docstring)."""
    import numpy as np
    from refresh import START, Archive

    archive = Archive(seed)
    rng = np.random.default_rng(seed)
    words, cumulative = archive.generator.words, archive.generator.c_words
    articles = []
    for _ in range(size):
        article = archive.next()
        target = int(np.clip(rng.lognormal(math.log(MEDIAN_WORDS), SIGMA_WORDS), SHORTEST, LONGEST))
        missing = target - len(article.text.split())
        if missing > 0:  # everyday words (the generator's Zipf law), in sentences
            picks = np.searchsorted(cumulative, rng.random(missing) * cumulative[-1])
            filler = [words[min(int(i), len(words) - 1)] for i in picks]
            sentences = [" ".join(filler[i:i + SENTENCE_WORDS]).capitalize() + "."
                         for i in range(0, len(filler), SENTENCE_WORDS)]
            article = replace(article, text=article.text + "\n\n" + " ".join(sentences))
        articles.append(article)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, first in enumerate(range(0, size, FILE_ARTICLES)):
        chunk = articles[first:first + FILE_ARTICLES]
        paths.append(folder / f"archive-{number:03d}.jsonl")
        day = START + dt.timedelta(days=365 * first // size)
        archive.write(paths[-1], chunk, day, max(1, 365 * len(chunk) // size))
    return paths


def child_setup(db: Path, size: int, seed: int) -> dict[str, Any]:
    """In a child: write the archive and ingest it (no stories yet)."""
    from storyline.flow.ingest import ingest, plan
    from storyline.settings import Settings

    source = db.with_suffix(".archive")
    started = time.perf_counter()
    paths = synthetic_archive(source, size, seed)
    generated = time.perf_counter()
    settings = Settings(db_path=str(db))
    with Store.open(db) as store:
        report = ingest(plan(paths), store, settings)
    if report.new != size:
        reasons = sorted({drop.reason for drop in report.drops})[:3]
        raise SystemExit(f"{report.new:,} of {size:,} synthetic articles stored: {reasons}")
    words = [len(json.loads(line)["text"].split())
             for path in paths for line in path.open(encoding="utf-8")]
    shutil.rmtree(source)
    return {"articles": report.new, "words_median": statistics.median(words),
            "generate_seconds": round(generated - started, 1),
            "ingest_seconds": round(time.perf_counter() - generated, 1),
            "cpu_seconds": round(time.process_time(), 1),
            "peak_rss_mb": round(_vm_kb("VmHWM") / 1024, 1)}


def child_pass(db: Path, first: bool) -> dict[str, Any]:
    """In a fresh child: time one `recluster_pass` (or, `first`, the first refresh of a
    store without stories) and read this process's peak RSS. The story modules are
    imported before the RSS baseline is read: the pass's own memory is peak - before."""
    import storyline.flow.refresh
    import storyline.stories

    with Store.open(db) as store:
        before = _vm_kb("VmRSS")
        cpu = time.process_time()
        started = time.perf_counter()
        done = storyline.flow.refresh.refresh_stories(store) if first else recluster_pass(store)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    stories = list(getattr(done, "stories", ()) or ())
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "rss_before_mb": round(before / 1024, 1),
            "peak_rss_mb": round(_vm_kb("VmHWM") / 1024, 1), "stories": len(stories),
            "stories_multi": sum(len(s.article_ids) > 1 for s in stories),
            "largest_story": max((len(s.article_ids) for s in stories), default=0)}


def _spawn(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pass_timing(folder: Path, sizes: Sequence[int], seed: int, quick: bool,
                first_refresh: bool = True) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        db = folder / f"archive-{size}.db"
        print(f"  {size:,} synthetic articles: generating and ingesting ...", flush=True)
        setup = _spawn("--child-setup", str(db), str(size), str(seed))
        print(f"    {setup['articles']:,} stored (median {setup['words_median']:.0f} words) in "
              f"{setup['generate_seconds'] + setup['ingest_seconds']:.0f} s; first refresh ...",
              flush=True)
        first = _spawn("--child-pass", str(db), "--first") if first_refresh else None
        if first is not None:
            print(f"    first refresh {first['seconds']:.1f} s ({first['cpu_seconds']:.1f} s CPU), "
                  f"peak {first['peak_rss_mb']:.0f} MB: {first['stories']:,} stories "
                  f"({first['stories_multi']:,} of 2+, largest {first['largest_story']})",
                  flush=True)
        repeats = 1 if quick else REPEATS.get(size, 1)
        runs = []
        for number in range(repeats):
            runs.append(_spawn("--child-pass", str(db)))
            print(f"    pass {number + 1}/{repeats}: {runs[-1]['seconds']:.1f} s "
                  f"({runs[-1]['cpu_seconds']:.1f} s CPU), peak "
                  f"{runs[-1]['peak_rss_mb']:.0f} MB", flush=True)
        row = {"articles": size, "setup": setup, "first_refresh": first, "runs": runs,
               "seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
               "cpu_seconds_median": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
               "peak_rss_mb_max": max(r["peak_rss_mb"] for r in runs),
               "rss_before_mb": runs[0]["rss_before_mb"]}
        rows.append(row)
        db.unlink(missing_ok=True)
    print(f"\n  {'articles':>9} {'stories':>8} {'of 2+':>7} {'pass s':>8} {'CPU s':>8}"
          f" {'peak MB':>8} {'before MB':>9} {'repeats':>7}")
    for row in rows:
        runs = row["runs"]
        print(f"  {row['articles']:>9,} {runs[0]['stories']:>8,} {runs[0]['stories_multi']:>7,}"
              f" {row['seconds_median']:>8.1f} {row['cpu_seconds_median']:>8.1f}"
              f" {row['peak_rss_mb_max']:>8.0f} {row['rss_before_mb']:>9.0f} {len(runs):>7}")
    return rows


def carried_over(result: dict[str, Any], path: Path) -> list[str]:
    """Parts of a previous results file that this run did not measure, copied into
    `result` (pass rows by archive size): a long part can be run alone. Returns their
    names."""
    if not path.exists():
        return []
    old = json.loads(path.read_text(encoding="utf-8"))
    names = []
    for part in ("halves", "shuffled", "then_unrelated"):
        if part not in result and part in old:
            result[part] = old[part]
            names.append(part)
    before = (old.get("recluster_pass") or {}).get("sizes", [])
    if before:
        now = result.setdefault("recluster_pass", {"what": old["recluster_pass"].get("what"),
                                                   "median_words": MEDIAN_WORDS, "sizes": []})
        measured = {row["articles"] for row in now["sizes"]}
        kept = [row for row in before if row["articles"] not in measured]
        now["sizes"] = sorted(now["sizes"] + kept, key=lambda row: row["articles"])
        names += [f"recluster_pass {row['articles']}" for row in kept]
    return names


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_SEEDS} seeds, the first pair, 10k articles timed once")
    parser.add_argument("--seeds", type=int, default=None, help=f"shuffle seeds (default {SEEDS})")
    parser.add_argument("--sizes", type=int, nargs="*", default=None,
                        help="archive sizes of the pass timing (none: skip it)")
    parser.add_argument("--no-stability", action="store_true", help="only the pass timing")
    parser.add_argument("--seed", type=int, default=11, help="seed of the synthetic archives")
    parser.add_argument("--no-first-refresh", action="store_true",
                        help="time the pass on the freshly ingested store (no stories yet: "
                             "then the first build is what runs)")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"results file (default {RESULTS.relative_to(REPO)}; --quick "
                             "writes none unless given)")
    parser.add_argument("--child-setup", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-pass", help=argparse.SUPPRESS)
    parser.add_argument("--first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_setup:
        db, size, seed = args.child_setup
        print(json.dumps(child_setup(Path(db), int(size), int(seed))))
        return 0
    if args.child_pass:
        print(json.dumps(child_pass(Path(args.child_pass), args.first)))
        return 0

    seeds = args.seeds or (QUICK_SEEDS if args.quick else SEEDS)
    sizes = args.sizes if args.sizes is not None else (
        QUICK_PASS_SIZES if args.quick else PASS_SIZES)
    result: dict[str, Any] = {"benchmark": "stability", "mode": "quick" if args.quick else "full",
                              "hold_share": HOLD_SHARE}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="storyline-stability-") as tmp:
        folder = Path(tmp)
        if args.no_stability:
            pass
        elif not T17.exists():
            print(f"Timeline17 data missing ({T17}): the survival parts are skipped.")
            result["survival"] = "skipped: data missing"
        else:
            collections = sorted({json.loads(line)["collection"]
                                  for line in T17.open(encoding="utf-8")})
            print(f"Survival: a story of 2+ articles survives when its id (or a redirect) names "
                  f"a story holding >= {HOLD_SHARE:.0%} of its core members\n")
            print("1. each T17 collection in two halves by date")
            result["halves"] = by_halves(folder, collections)
            print(f"\n2. each T17 collection in {BATCHES} shuffled batches")
            result["shuffled"] = by_shuffles(folder, collections, seeds)
            print("\n3. a collection, then an unrelated one")
            result["then_unrelated"] = then_unrelated(folder, PAIRS[:1] if args.quick else PAIRS)
        if sizes:
            print("\n4. the re-clustering pass over every article, on synthetic archives")
            result["recluster_pass"] = {
                "what": PASS_WHAT, "median_words": MEDIAN_WORDS,
                "first_refresh": not args.no_first_refresh,
                "sizes": pass_timing(folder, sizes, args.seed, args.quick,
                                     not args.no_first_refresh)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["machine"] = machine_info(REPO)
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        result["carried_over"] = carried_over(result, output)
        if result["carried_over"]:
            print(f"\ncarried over from the previous {output.name}: "
                  f"{', '.join(result['carried_over'])}")
        write_results(output, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
