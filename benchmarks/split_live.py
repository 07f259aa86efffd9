"""Issue 11: the split check in the form a live desk would run it (after each refresh).

    python benchmarks/split_live.py        # results/split_live.json

The shipped check runs only where stories are made again from their members (a rebuild,
`recluster`, the window pass); a desk that ingests in batches places later articles
online, so a story that merges two events in a later batch waits for the next
`recluster`. After every assignment it was measured worse (fifth round: UCI 0.705 against
0.753). This probe feeds each dev set in publication order in batches (ECB+: dated
articles by month, the undated as the last batch; UCI: by calendar day of TIMESTAMP, by
quarter-day, and by hour) into a `StoryIndex(ClusterSettings())` and runs the product's
`StoryIndex.split_check` after each batch on:

- "per batch": every story holding an article of the batch;
- "doubling": only those of them whose size reached the next rung of 20, 40, 80, ...
  (SPLIT_MIN_SIZE x 2^k) since their last check (both parts of a split are recorded as
  checked at their size then, so a split-off part is not checked again at once);
- "final": no check until the end, then one over every story (what `recluster` does,
  and what `clustering.py` scores as "ours");
- "off": no check;
- "rebuild": a reference, not a live form: after each batch every article so far placed
  again and every story checked (a `recluster` after each refresh; its end equals
  "final").

Besides the end state, each form's "shown" F1: after each batch, the B-cubed F1 of the
articles placed so far, averaged over the batches (what the desk showed along the way;
"final" shows "off" until its check at the end).

Scores: in-sample B-cubed F1 at the gold story level (`clustering.score`), shipped values,
no tuning; splits made; stories checked; and the paired bootstrap of each live form minus
"final" (`clustering.margin_bootstrap`, over ECB+ topics / UCI gold stories). Story ids:
after each batch every article placed so far has an id; a "move" is an article whose id
differs from the one it had after the previous batch (merges move articles in every
form; a split moves the smaller part to a new id).

UCI is run with `arrival` set to the stream position (TIMESTAMP, then ID), as a store
would, so every batching places the same order and "off" and "final" end in the same
partitions whatever the batching (the harness's own order, one day's headlines by id, scored every form by
day the same to the fourth decimal: 2026-12-07). ECB+ is also fed in batches of 50 in the
same order (a probe outside the brief: by month the undated half is one batch).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, peak_rss_mb  # noqa: E402
from clustering import (  # noqa: E402
    DATA,
    UCI_DATA,
    Dataset,
    Doc,
    Ours,
    bcubed,
    load_docs,
    load_uci,
    margin_bootstrap,
    score,
)

from storyline.model import Article  # noqa: E402
from storyline.stories import ClusterSettings, StoryIndex  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "split_live.json"
FORMS = ("off", "final", "per batch", "doubling", "rebuild")


@dataclass
class Run:
    """One form over one batching: the partition and what the check did."""

    partition: dict[str, str]
    splits: int = 0
    checked: int = 0
    check_seconds: float = 0.0
    moves_by_split: int = 0
    moves: int = 0
    moved_articles: set[str] = field(default_factory=set)
    #: Per split: the batch, the two parts' sizes, and whether their majority gold stories
    #: differ (two events parted) or agree (one event cut).
    split_log: list[dict[str, object]] = field(default_factory=list)
    #: After each batch, the F1 of the articles placed so far: what the desk showed.
    shown: list[float] = field(default_factory=list)


def rung(size: int, first: int) -> int:
    """The highest rung of first x 2^k at or below `size` (0 under `first`)."""
    if size < first:
        return 0
    step = first
    while step * 2 <= size:
        step *= 2
    return step


def run_form(form: str, batches: Sequence[Sequence[Article]], runner: Ours,
             gold: Mapping[str, Hashable]) -> Run:
    """Place `batches` in order with the shipped settings, checking as `form` says."""
    settings = ClusterSettings()
    index = StoryIndex(settings)
    features = runner.features(settings.lead_words)
    articles = runner._by_id  # every member, with the texts placed (the harness's own map)
    run = Run({})
    checked_rung: dict[str, int] = {}
    placed: dict[str, str] = {}
    #: index id -> the id a reader sees (the larger part of a split keeps the old one)
    public: dict[str, str] = {}

    def check(stories: list[str], batch: int) -> None:
        started = time.perf_counter()
        run.checked += sum(1 for n in index.members_of(stories).values()
                           if len(n) >= settings.split_min_size)
        before = {a: public.get(s, s) for s, members in index.members_of(stories).items()
                  for a in members}
        done = index.split_check(stories, articles, features)
        run.check_seconds += time.perf_counter() - started
        run.splits += len(done)
        for old, larger, smaller in done:
            # the public id stays with the larger part (the refresh's `carry_ids`); inside
            # the index each part is named after its own first article
            carried = public.pop(old, old)
            public[larger] = carried
            public[smaller] = smaller if smaller != carried else f"{smaller}/split{batch}"
            parts = index.members_of([larger, smaller])
            majority = [Counter(gold[a] for a in parts[p]).most_common(1)[0][0]
                        for p in (larger, smaller)]
            run.split_log.append({"batch": batch,
                                  "sizes": [len(parts[larger]), len(parts[smaller])],
                                  "two_events": majority[0] != majority[1]})
            for part in (larger, smaller):
                checked_rung[part] = rung(len(parts[part]), settings.split_min_size)
        now = {a: index.story_of(a) for a in before}
        run.moves_by_split += sum(1 for a, s in before.items()
                                  if a in placed and public.get(now[a] or "", now[a]) != s)

    last = len(batches) - 1
    so_far: list[Article] = []
    for number, batch in enumerate(batches):
        so_far.extend(batch)
        if form == "rebuild":
            index = StoryIndex(settings)
            public.clear()  # a rebuild names its stories afresh (the refresh carries ids)
            index.assign_many(so_far, features=features)
            check(list(index.members()), number)
        else:
            index.assign_many(batch, features=features)
        touched = index.stories_holding(a.id for a in batch)
        if form == "per batch":
            check(touched, number)
        elif form == "doubling":
            sizes = {sid: len(m) for sid, m in index.members_of(touched).items()}
            due = [sid for sid in touched
                   if rung(sizes[sid], settings.split_min_size) > checked_rung.get(sid, 0)]
            for sid in due:
                checked_rung[sid] = rung(sizes[sid], settings.split_min_size)
            check(due, number)
        if form == "final" and number == last:
            check(list(index.members()), number)
        now = {a: public.get(s, s) for s, members in index.members().items() for a in members}
        for a, s in placed.items():
            if now[a] != s:
                run.moves += 1
                run.moved_articles.add(a)
        placed = now
        run.shown.append(bcubed(now, {a: gold[a] for a in now})["f1"])
    run.partition = placed
    return run


def batched(docs: Sequence[Doc], key: Callable[[Doc], Hashable]) -> list[list[Article]]:
    """Consecutive runs of `docs` (stream order) with one key, each a batch."""
    batches: list[list[Article]] = []
    previous: object = object()
    for doc in docs:
        k = key(doc)
        if not batches or k != previous:
            batches.append([])
            previous = k
        batches[-1].append(doc.article)
    return batches


def uci_stamps(path: Path) -> dict[str, int]:
    """Article id -> TIMESTAMP (ms) of the UCI slice, as `load_uci` names them."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {f"uci{int(row['ID']):06d}": int(row["TIMESTAMP"])
                for row in csv.DictReader(handle)
                if (row.get("TIMESTAMP") or "").isdigit() and (row.get("ID") or "").isdigit()}


def measure(dataset: Dataset, batchings: Mapping[str, list[list[Article]]]) -> dict[str, object]:
    """Every form over every batching of one set; live forms against "final"."""
    runner = Ours(dataset.docs)
    gold = {d.article.id: d.subtopic for d in dataset.docs}
    out: dict[str, object] = {}
    for name, batches in batchings.items():
        rows: dict[str, object] = {"batches": len(batches),
                                   "largest_batch": max(len(b) for b in batches)}
        runs: dict[str, Run] = {}
        for form in FORMS:
            started = time.perf_counter()
            runs[form] = run_form(form, batches, runner, gold)
            r = runs[form]
            f1 = score(r.partition, dataset.docs)["subtopic"]
            print(f"{dataset.name} {name} {form}: F1 {f1['f1']:.4f}, {r.splits} splits, "
                  f"{r.checked} checked, {r.moves} moves ({r.moves_by_split} by splits), "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        for form, r in runs.items():
            sub = score(r.partition, dataset.docs)["subtopic"]
            row: dict[str, object] = {
                "f1": sub["f1"], "precision": sub["precision"], "recall": sub["recall"],
                "stories": sub["predicted_stories"], "splits": r.splits,
                "stories_checked": r.checked, "check_seconds": round(r.check_seconds, 2),
                "id_moves": r.moves,
                # a rebuild's splits are counted against the rebuilt index, not what was shown
                "id_moves_by_splits": r.moves_by_split if form != "rebuild" else None,
                "articles_ever_moved": len(r.moved_articles),
                "shown_f1_mean_over_batches": round(sum(r.shown) / len(r.shown), 4),
                "shown_f1_median_over_batches": round(statistics.median(r.shown), 4),
                "shown_f1_by_batch": r.shown,
                "splits_parting_two_events": sum(bool(x["two_events"]) for x in r.split_log),
                "splits_cutting_one_event": sum(not x["two_events"] for x in r.split_log),
                "split_log": r.split_log}
            if form in ("per batch", "doubling", "rebuild"):
                row["minus_final"] = margin_bootstrap(r.partition, runs["final"].partition,
                                                      dataset)
                row["minus_off"] = margin_bootstrap(r.partition, runs["off"].partition,
                                                    dataset)
            rows[form] = row
        out[name] = rows
    return out


def main() -> int:
    result: dict[str, object] = {
        "benchmark": "split_live",
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "settings": "ClusterSettings() (shipped: split 20 / 3 / 0.7 scaled, guard 0.5)",
        "machine": machine_info(REPO)}
    ecb_docs = load_docs(DATA)
    # the harness's order: dated by date, undated last (ties by id); batches by month
    ecb_sorted = sorted(ecb_docs, key=lambda d: (d.article.published is None,
                                                 d.article.published or dt.date.min,
                                                 d.article.id))
    ecb = Dataset("ECB+", ecb_docs, "topic", ("subtopic", "topic"))
    month = lambda d: (d.article.published.year, d.article.published.month  # noqa: E731
                       ) if d.article.published else "undated"
    in_fifties = [ecb_sorted[i:i + 50] for i in range(0, len(ecb_sorted), 50)]
    result["ECB+"] = measure(ecb, {
        "by month": batched(ecb_sorted, month),
        "in batches of 50 (a probe: the undated half spread over 9 batches)":
            [[d.article for d in chunk] for chunk in in_fifties]})

    uci_docs, _ = load_uci(UCI_DATA)
    stamps = uci_stamps(UCI_DATA)
    day = lambda d: dt.datetime.fromtimestamp(stamps[d.article.id] / 1000, dt.UTC).date()  # noqa: E731

    def part_of_day(hours: int) -> Callable[[Doc], Hashable]:
        return lambda d: (day(d), dt.datetime.fromtimestamp(stamps[d.article.id] / 1000,
                                                            dt.UTC).hour // hours)

    arrived = [replace(d, article=replace(d.article, arrival=i)) for i, d in enumerate(uci_docs)]
    uci_arrived = Dataset("UCI", arrived, "subtopic", ("subtopic",))
    result["UCI"] = measure(
        uci_arrived, {"by day": batched(arrived, day),
                      "by quarter-day": batched(arrived, part_of_day(6)),
                      "by hour": batched(arrived, part_of_day(1))})
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    RESULTS.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
