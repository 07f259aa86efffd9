"""Score `storyline.timex.find_timerefs` on the TempEval-3 training data (TBAQ-cleaned:
TimeBank + AQUAINT), the way the TempEval-3 scorer does, and time it.

    python benchmarks/timex.py            # table + benchmarks/results/timex.json
    python benchmarks/timex.py --errors 40  # also the biggest error classes, with samples

Data: ../shared/data/tempeval3/TBAQ-cleaned/{TimeBank,AQUAINT}/*.tml (outside the repo).
Each document is run on the text of its <TEXT> element with tags stripped; the anchor is
the document creation time (the TIMEX3 with functionInDocument="CREATION_TIME" in <DCT>);
gold spans are the TIMEX3 elements inside <TEXT>, with offsets in the stripped text.

Scores follow TempEval-3's evaluate_entities.py (TE3-evaluation.py), micro-averaged over all
documents:
- strict span P/R/F1: a system timex counts when its extent equals a gold extent;
- relaxed span P/R/F1: when it overlaps one (we align one-to-one, largest overlap first:
  the official TimeML-Normalizer aligns by overlapping tokens);
- value F1 = (matching values / relaxed matches) x relaxed F1 ("attribute F1"); type F1 the
  same with the type. Accuracy = matching values / relaxed matches.
"DATE only" keeps gold and system timexes of type DATE and scores them the same way.

Published reference: HeidelTime, the best TempEval-3 system for normalisation, scored on the
TempEval-3 *test* set (platinum): strict F1 81.34, relaxed F1 90.30, value F1 77.61,
type F1 82.09 (UzZaman et al. 2013, Table 3). Ours is measured on the training data, which
our rules were tuned on: it is not a held-out figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "tempeval3"
CORPORA = ("TimeBank", "AQUAINT")
RESULTS = REPO / "benchmarks" / "results" / "timex.json"
HEIDELTIME_TEST = {"strict_f1": 0.8134, "relaxed_f1": 0.9030, "value_f1": 0.7761}


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    text: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    anchor: dt.date
    gold: tuple[Timex, ...]


@dataclass
class Counts:
    """Micro-averaged tallies, as evaluate_entities.py keeps them."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        rp = self.relaxed / self.system if self.system else 0.0
        rr = self.relaxed / self.gold if self.gold else 0.0
        relaxed_f1 = f1(rp, rr)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": relaxed_f1,
            "value_accuracy": value_acc, "value_f1": value_acc * relaxed_f1,
            "type_accuracy": type_acc, "type_f1": type_acc * relaxed_f1,
        }


@dataclass
class Errors:
    """What went wrong, for --errors."""

    missed: list[tuple[str, Timex]] = field(default_factory=list)
    spurious: list[tuple[str, Timex]] = field(default_factory=list)
    wrong_value: list[tuple[str, Timex, Timex]] = field(default_factory=list)
    wrong_extent: list[tuple[str, Timex, Timex]] = field(default_factory=list)


# -- reading the corpus -----------------------------------------------------------------------


def _strip(element: ET.Element, parts: list[str], gold: list[Timex], offset: int) -> int:
    """Append the text of `element` to `parts`, recording TIMEX3 extents; returns the new
    offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _strip(child, parts, gold, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        text = "".join(parts)[start:offset]
        gold.append(Timex(start, offset, element.get("type", ""), element.get("value"), text))
    return offset


def load(path: Path) -> Document:
    root = ET.parse(path).getroot()
    dct = next(t for t in root.iter("TIMEX3")
               if t.get("functionInDocument") == "CREATION_TIME")
    anchor = dt.date.fromisoformat((dct.get("value") or "")[:10])
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[Timex] = []
    _strip(body, parts, gold, 0)
    text = "".join(parts)
    # A few gold extents carry a trailing space or comma; TempEval compares tokens, so trim.
    trimmed = []
    for timex in gold:
        raw = text[timex.start:timex.end]
        start = timex.start + len(raw) - len(raw.lstrip())
        end = timex.end - (len(raw) - len(raw.rstrip(" ,\n")))
        trimmed.append(Timex(start, end, timex.type, timex.value, text[start:end]))
    return Document(path.stem, text, anchor, tuple(sorted(trimmed, key=lambda t: t.start)))


def documents(root: Path) -> list[Document]:
    base = root / "TBAQ-cleaned"
    paths = sorted(p for corpus in CORPORA for p in (base / corpus).glob("*.tml"))
    return [load(path) for path in paths]


# -- scoring ----------------------------------------------------------------------------------


def align(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping timexes, largest overlap first."""
    options = []
    for g in gold:
        for s in system:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                options.append((overlap, g.start, s.start, g, s))
    pairs, used_gold, used_system = [], set(), set()
    for _, _, _, g, s in sorted(options, key=lambda o: (-o[0], o[1], o[2])):
        if id(g) in used_gold or id(s) in used_system:
            continue
        used_gold.add(id(g))
        used_system.add(id(s))
        pairs.append((g, s))
    return pairs


def score(name: str, gold: Sequence[Timex], system: Sequence[Timex],
          errors: Errors | None = None) -> Counts:
    pairs = align(gold, system)
    counts = Counts(gold=len(gold), system=len(system), relaxed=len(pairs))
    for g, s in pairs:
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.value += g.value == s.value
        counts.type += g.type == s.type
    if errors is not None:
        matched_gold = {id(g) for g, _ in pairs}
        matched_system = {id(s) for _, s in pairs}
        errors.missed += [(name, g) for g in gold if id(g) not in matched_gold]
        errors.spurious += [(name, s) for s in system if id(s) not in matched_system]
        errors.wrong_value += [(name, g, s) for g, s in pairs if g.value != s.value]
        errors.wrong_extent += [(name, g, s) for g, s in pairs
                                if (g.start, g.end) != (s.start, s.end)]
    return counts


def run(docs: Sequence[Document], errors: Errors | None
        ) -> tuple[dict[str, Counts], float, int]:
    """Counts for all types, DATE only and each type; seconds spent finding; timexes found."""
    from storyline.timex import find_timerefs

    totals = {"all": Counts(), "DATE": Counts()}
    for kind in ("TIME", "DURATION", "SET"):
        totals[kind] = Counts()
    elapsed, found = 0.0, 0
    for doc in docs:
        started = time.perf_counter()
        refs = find_timerefs(doc.text, doc.anchor)
        elapsed += time.perf_counter() - started
        found += len(refs)
        system = [Timex(r.start, r.end, r.type, r.value, r.text) for r in refs]
        totals["all"].add(score(doc.name, doc.gold, system, errors))
        for kind in ("DATE", "TIME", "DURATION", "SET"):
            totals[kind].add(score(doc.name, [g for g in doc.gold if g.type == kind],
                                   [s for s in system if s.type == kind]))
    return totals, elapsed, found


# -- reporting --------------------------------------------------------------------------------


def table(totals: dict[str, Counts]) -> str:
    head = (f"{'':9} {'gold':>5} {'sys':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | "
            f"{'relaxed P':>9} {'R':>6} {'F1':>6} | {'value F1':>8} {'acc':>6} | "
            f"{'type F1':>7} {'acc':>6}")
    lines = [head, "-" * len(head)]
    for name, counts in totals.items():
        s = counts.scores()
        lines.append(
            f"{name:9} {counts.gold:5d} {counts.system:5d} | {s['strict_p']:8.3f} "
            f"{s['strict_r']:6.3f} {s['strict_f1']:6.3f} | {s['relaxed_p']:9.3f} "
            f"{s['relaxed_r']:6.3f} {s['relaxed_f1']:6.3f} | {s['value_f1']:8.3f} "
            f"{s['value_accuracy']:6.3f} | {s['type_f1']:7.3f} {s['type_accuracy']:6.3f}")
    h = HEIDELTIME_TEST
    lines.append(f"{'HeidelTime (TE3 test set, published)':34} | strict F1 {h['strict_f1']:.3f}"
                 f" | relaxed F1 {h['relaxed_f1']:.3f} | value F1 {h['value_f1']:.3f}")
    return "\n".join(lines)


def _context(docs: dict[str, Document], name: str, timex: Timex, width: int = 50) -> str:
    text = docs[name].text
    left = text[max(0, timex.start - width):timex.start].replace("\n", " ")
    right = text[timex.end:timex.end + width].replace("\n", " ")
    return f"...{left}[[{timex.text}]]{right}..."


def _classes(items: Iterable[str], limit: int) -> str:
    counts = Counter(items)
    return ", ".join(f"{key!r} x{n}" for key, n in counts.most_common(limit))


def report_errors(errors: Errors, docs: Sequence[Document], limit: int) -> None:
    by_name = {d.name: d for d in docs}
    sections: tuple[tuple[str, list[str], list[str]], ...] = (
        ("missed (gold, no overlapping system timex)",
         [g.text.lower() for _, g in errors.missed],
         [f"{n} {by_name[n].anchor} gold={g.type}:{g.value} {_context(by_name, n, g)}"
          for n, g in errors.missed]),
        ("spurious (system, no overlapping gold timex)",
         [s.text.lower() for _, s in errors.spurious],
         [f"{n} {by_name[n].anchor} ours={s.type}:{s.value} {_context(by_name, n, s)}"
          for n, s in errors.spurious]),
        ("wrong value (relaxed match)",
         [f"{g.text.lower()} -> {s.value}" for _, g, s in errors.wrong_value],
         [f"{n} {by_name[n].anchor} gold={g.type}:{g.value} ours={s.type}:{s.value} "
          f"[{s.text}] {_context(by_name, n, g)}" for n, g, s in errors.wrong_value]),
        ("wrong extent (relaxed but not strict)",
         [f"{g.text.lower()} | {s.text.lower()}" for _, g, s in errors.wrong_extent],
         [f"{n} gold=[{g.text}] ours=[{s.text}]" for n, g, s in errors.wrong_extent]),
    )
    for title, keys, samples in sections:
        print(f"\n== {title}: {len(samples)}")
        print("   biggest classes: " + _classes(keys, 25))
        step = max(1, len(samples) // limit) if samples else 1
        for line in samples[::step][:limit]:
            print("   " + line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the tempeval3 folder")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print the biggest error classes and N samples of each")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    if not (args.data / "TBAQ-cleaned").is_dir():
        print(f"TempEval-3 data not found at {args.data / 'TBAQ-cleaned'}; nothing to score. "
              "Put the TBAQ-cleaned folder (TimeBank + AQUAINT .tml files) there to run "
              "this benchmark.")
        return 0
    docs = documents(args.data)
    errors = Errors() if args.errors else None
    totals, elapsed, found = run(docs, errors)
    n_gold = totals["all"].gold
    chars = sum(len(d.text) for d in docs)
    print(f"TempEval-3 training data (TBAQ-cleaned): {len(docs)} documents, {n_gold} gold "
          f"timexes, {chars} characters\n")
    print(table(totals))
    print(f"\ntime: {elapsed:.2f} s finding: {len(docs) / elapsed:.0f} documents/s, "
          f"{found / elapsed:.0f} timexes found/s, {chars / elapsed / 1000:.0f}k chars/s")
    if errors is not None:
        report_errors(errors, docs, args.errors)
    if not args.no_write:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from _common import machine_info, write_results

        result = {
            "benchmark": "timex",
            "data": "TempEval-3 training data (TBAQ-cleaned: TimeBank + AQUAINT)",
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": len(docs),
            "gold_timexes": n_gold,
            "system_timexes": found,
            "scores": {name: {k: round(v, 4) for k, v in counts.scores().items()}
                       for name, counts in totals.items()},
            "counts": {name: vars(counts) for name, counts in totals.items()},
            "seconds": round(elapsed, 3),
            "documents_per_second": round(len(docs) / elapsed, 1),
            "timexes_per_second": round(found / elapsed, 1),
            "heideltime_tempeval3_test_published": HEIDELTIME_TEST,
            "machine": machine_info(REPO),
        }
        write_results(RESULTS, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
