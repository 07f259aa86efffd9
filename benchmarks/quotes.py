"""Score `storyline.analyze.quotes` on PolNeAR (Newell et al. 2018) the way BBC Citron
scores quote extraction, and time it.

    python benchmarks/quotes.py                  # dev and train: tables + benchmarks/results/quotes.json
    python benchmarks/quotes.py --split dev --errors 20 --direct-errors 20  # development

Data: ../shared/data/polnear/{dev,train}/ (outside the repo): `text/NAME.txt` and one
brat standoff file per annotator, `attributions/NAME_ANNOTATOR.ann`, whose `E` lines tie a
Cue, a Content and (unless "Attribution-no-source") a Source, each one or more character
spans. A text annotated twice is scored against each annotation (as two documents).

Which split is held out: the first rules were written reading train and scored on dev;
the rules of issue 16 (mixed quotes, the wider cue lexicon, unattributed direct quotes,
speaker repairs) were written reading dev only, so train is their held-out check. Both
splits are scored in every full run and both are reported.

Direct quotes (issue 16). PolNeAR has no direct/indirect label, so a gold attribution is
"direct" when its content span holds a quotation mark (" “ ” „ « »; single marks are
apostrophes far more often), mixed quotes included; ours is direct when its content (widened
as below) holds one, i.e. kind `direct` or `mixed`. A predicted direct quote and a gold
one match when their contents share a word token. Recall = gold direct quotes matched by
some predicted direct quote; precision = predicted direct quotes matching some gold direct
quote; speaker accuracy = of the matched predicted quotes that name a speaker, the share
whose speaker words overlap a matched gold quote's source, or whose resolved entity is the
entity of a name inside that source ("he" resolved to Trump, where the gold source is
"Donald Trump" two sentences up); attributed = the share of matched predicted quotes that
name a speaker at all. A plain quotation-mark baseline (every quoted stretch with at least
one word, no speaker) is scored the same way in the same run.

Metrics follow Citron's `citron/metrics.py` (github.com/bbc/citron), on tokens (`\\w+` or
one punctuation character):
- exact content: a predicted quote is a true positive when some gold quote's cue overlaps
  its cue and their content span lists are identical (same spans, same order); a gold
  quote is missed when no predicted quote does that for it. P = tp/(tp+fp), R = tp/(tp+fn).
- exact source (speaker): the same with the source span lists (an unattributed quote has
  an empty list, which equals another empty list).
- overlap content / source: tokens shared by every (predicted, gold) pair, summed over the
  document; P = shared / predicted tokens, R = shared / gold tokens (Citron sums over all
  pairs, so a token inside nested gold attributions counts once per attribution).
- cue exact: the cue spans alone.

Our side: a quote's content parts; its source is the words naming the speaker in that
article (`speaker_spans`), not the canonical name; its cue span. PolNeAR writes content
with its quotation marks and with a leading "that" ("said that ..." -> "that ..."); ours
is without both (and without the comma handing over to "he said"), so each direct part is
widened over its adjacent comma and marks, and an indirect or mixed content over a "that "
right before it, before comparing (the spans are compared
as PolNeAR writes them; nothing is tuned on dataset text).

Published reference (another corpus): Citron on the PARC 3.0 test set, content F1 59.3
exact / 83.3 overlap, source F1 82.0 exact / 85.3 overlap, cue 82.3 exact.
PolNeAR annotates far more than speech (cues such as "show", "wants", "believes",
"found", "called"; about two thirds of its attributions), so recall here is bounded well
below PARC's; the script also prints recall on the gold attributions cued by speech.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "polnear"
RESULTS = REPO / "benchmarks" / "results" / "quotes.json"
CITRON_PARC = {"content_exact_f1": 0.593, "content_overlap_f1": 0.833,
               "source_exact_f1": 0.820, "source_overlap_f1": 0.853, "cue_exact_f1": 0.823}
_TOKEN = re.compile(r"\w+|[^\w\s]")
_MARKS = "\"“”«»"
#: Quotation marks that make a content "direct" (the benchmark's definition, see above).
DIRECT_MARKS = frozenset("\"“”„«»")
#: The plain quotation-mark baseline: text between a pair of marks within one paragraph.
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»\n]*?\w[^\"“”„«»\n]*?)[\"”»]")

TokSpan = tuple[int, int]


@dataclass(frozen=True)
class Item:
    """One attribution on tokens: cue span, content spans, source spans."""

    cue: TokSpan | None
    contents: tuple[TokSpan, ...]
    sources: tuple[TokSpan, ...]
    entity: str | None = None  # ours: the speaker entity the quote resolves to


@dataclass(frozen=True)
class Document:
    name: str
    text_name: str
    gold: tuple[Item, ...]


def _spans(field: str) -> list[tuple[int, int]]:
    """"12 20;25 30" -> [(12, 20), (25, 30)]."""
    return [(int(a), int(b)) for a, b in (piece.split() for piece in field.split(";"))]


def tokenizer(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each token."""
    found = list(_TOKEN.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


def to_tokens(starts: list[int], ends: list[int], span: tuple[int, int]) -> TokSpan | None:
    """The tokens a character span covers (any token it touches), None if none."""
    from bisect import bisect_left, bisect_right

    first = bisect_right(ends, span[0])
    last = bisect_left(starts, span[1])
    return (first, last) if first < last else None


def _tok_all(starts: list[int], ends: list[int], spans: Sequence[tuple[int, int]]
             ) -> tuple[TokSpan, ...]:
    return tuple(t for t in (to_tokens(starts, ends, s) for s in spans) if t is not None)


def read_gold(path: Path, text: str) -> tuple[Item, ...]:
    """The attributions of one .ann file, on tokens."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, where = fields[1].partition(" ")
            spans[fields[0]] = _spans(where) if label in ("Source", "Cue", "Content") else []
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    starts, ends = tokenizer(text)
    items = []
    for args in events:
        cue = _tok_all(starts, ends, spans.get(args.get("Cue", ""), []))
        content = _tok_all(starts, ends, spans.get(args.get("Content", ""), []))
        source = _tok_all(starts, ends, spans.get(args.get("Source", ""), []))
        if not content:
            continue
        items.append(Item(cue=(cue[0][0], cue[-1][1]) if cue else None, contents=content,
                          sources=source))
    return tuple(items)


def documents(folder: Path, limit: int | None) -> tuple[list[Document], dict[str, str]]:
    texts: dict[str, str] = {}
    docs = []
    for ann in sorted((folder / "attributions").glob("*.ann")):
        text_name = re.sub(r"_[^_]+$", "", ann.stem)
        path = folder / "text" / f"{text_name}.txt"
        if not path.is_file():
            continue
        if text_name not in texts:
            if limit is not None and len(texts) >= limit:
                continue
            texts[text_name] = path.read_text(encoding="utf-8")
        docs.append(Document(name=ann.stem, text_name=text_name,
                             gold=read_gold(ann, texts[text_name])))
    return docs, texts


def widen(text: str, part: tuple[int, int], direct: bool) -> tuple[int, int]:
    """A content part in PolNeAR's convention: with its quotation marks, after "that"."""
    start, end = part
    if direct:
        if start > 0 and text[start - 1] in _MARKS:
            start -= 1
        if text[end:end + 1] == "," and text[end + 1:end + 2] in _MARKS:
            end += 1  # ours leaves out the comma before the attribution
        if end < len(text) and text[end] in _MARKS:
            end += 1
    elif text[max(0, start - 5):start] == "that ":
        start -= 5
    return start, end


Mentions = dict[str, tuple[tuple[TokSpan, str], ...]]


def read_facts_cached(texts: Sequence[str], folder: Path | None) -> list[Any]:
    """What the model reads in each text; with `folder`, kept there between runs (for
    development: the key is the texts, the model's version and the digest of the code that
    reads a parse, so a change there reads again)."""
    from storyline.language import facts_from_record, facts_record, load_pipeline, read_facts

    if folder is None:
        return read_facts(texts)
    import hashlib
    import json

    import storyline.language as language

    digest = hashlib.sha256(load_pipeline().meta["version"].encode())
    for path in sorted(Path(language.__file__).parent.glob("*.py")):
        if path.stem in ("facts", "mentions", "roles", "sentences", "runner", "lexicon"):
            digest.update(path.read_bytes())
    for text in texts:
        digest.update(text.encode())
    path = folder / f"polnear-facts-{digest.hexdigest()[:16]}.json"
    if path.is_file():
        return [facts_from_record(r) for r in json.loads(path.read_text(encoding="utf-8"))]
    found = read_facts(texts)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([facts_record(f) for f in found]), encoding="utf-8")
    return found


def predict(texts: dict[str, str], facts_cache: Path | None = None
            ) -> tuple[dict[str, tuple[Item, ...]], Mentions, float, float]:
    """Our attributions for each text, each text's mentions resolved to an entity (token
    span, entity id), and the seconds spent in the language layer and in the quote
    rules."""
    from storyline.analyze.quotes import find_attributions
    from storyline.language import analyze, load_pipeline

    load_pipeline()
    names = list(texts)
    began = time.perf_counter()
    facts = read_facts_cached([texts[name] for name in names], facts_cache)
    result = analyze([(name, texts[name]) for name in names], facts=facts)
    language_seconds = time.perf_counter() - began
    began = time.perf_counter()
    found = {name: find_attributions(texts[name], result.article(name), result.entities,
                                     article_id=name) for name in names}
    quote_seconds = time.perf_counter() - began
    out = {}
    mentions: Mentions = {}
    for name, items in found.items():
        text = texts[name]
        starts, ends = tokenizer(text)
        mentions[name] = tuple(
            (span, m.entity_id) for m in result.article(name).mentions if m.entity_id
            for span in [to_tokens(starts, ends, (m.start, m.end))] if span is not None)
        converted = []
        for item in items:
            direct = item.quote.kind == "direct"
            parts = [widen(text, p, direct) for p in item.parts]
            speaker = item.quote.speaker_spans[0] if item.quote.speaker_spans else None
            cue = to_tokens(starts, ends, item.cue_span) if item.cue_span else None
            converted.append(Item(
                cue=cue, contents=_tok_all(starts, ends, parts),
                sources=_tok_all(starts, ends, [(speaker.start, speaker.end)] if speaker else []),
                entity=item.quote.speaker_entity))
        out[name] = tuple(converted)
    return out, mentions, language_seconds, quote_seconds


def _overlaps(a: TokSpan | None, b: TokSpan | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _shared(a: Sequence[TokSpan], b: Sequence[TokSpan]) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def _length(spans: Sequence[TokSpan]) -> int:
    return sum(e - s for s, e in spans)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    shared: int = 0
    predicted: int = 0
    actual: int = 0

    def exact(self) -> dict[str, float]:
        return _prf(self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0,
                    self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0)

    def overlap(self) -> dict[str, float]:
        return _prf(self.shared / self.predicted if self.predicted else 0.0,
                    self.shared / self.actual if self.actual else 0.0)


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(pred: Sequence[Item], gold: Sequence[Item], tallies: dict[str, Tally]) -> None:
    """Add one document to the content, source and cue tallies (Citron's definitions)."""
    def exact(tally: Tally, field: str) -> None:
        def same(p: Item, g: Item) -> bool:
            if field == "cue":
                return p.cue is not None and p.cue == g.cue
            return _overlaps(p.cue, g.cue) and getattr(p, field) == getattr(g, field)
        tally.tp += sum(any(same(p, g) for g in gold) for p in pred)
        tally.fp += sum(not any(same(p, g) for g in gold) for p in pred)
        tally.fn += sum(not any(same(p, g) for p in pred) for g in gold)

    for field in ("contents", "sources", "cue"):
        tally = tallies[field]
        exact(tally, field)
        if field == "cue":
            continue
        tally.shared += sum(_shared(getattr(p, field), getattr(g, field))
                            for p in pred for g in gold)
        tally.predicted += sum(_length(getattr(p, field)) for p in pred)
        tally.actual += sum(_length(getattr(g, field)) for g in gold)


def speech_recall(docs: Sequence[Document], texts: dict[str, str],
                  predicted: dict[str, tuple[Item, ...]]) -> dict[str, float | int]:
    """Recall on the gold attributions whose cue is speech ("said", "told", "according to";
    our verb list), a subset PolNeAR shares with what this module looks for: the share whose
    cue we found, and whose content we found exactly."""
    from storyline.analyze.quotes.lexicon import PHRASAL_CUES, SPEECH_VERBS

    gold = cue_found = content_found = 0
    for doc in docs:
        text = texts[doc.text_name]
        starts, ends = tokenizer(text)
        pred = predicted[doc.text_name]
        for g in doc.gold:
            if g.cue is None:
                continue
            cue = " ".join(text[starts[g.cue[0]]:ends[g.cue[1] - 1]].casefold().split())
            if not (cue.split()[-1] in SPEECH_VERBS or cue in PHRASAL_CUES or cue == "according to"):
                continue
            gold += 1
            near = [p for p in pred if _overlaps(p.cue, g.cue)]
            cue_found += bool(near)
            content_found += any(p.contents == g.contents for p in near)
    return {"gold": gold, "cue_recall": cue_found / gold if gold else 0.0,
            "content_exact_recall": content_found / gold if gold else 0.0}


def _holds_mark(text: str, starts: list[int], ends: list[int],
                spans: Sequence[TokSpan]) -> bool:
    """Whether the tokens of `spans` hold a quotation mark (the benchmark's "direct")."""
    return any(text[starts[i]:ends[i]] in DIRECT_MARKS for a, b in spans for i in range(a, b))


def _word_overlap(text: str, starts: list[int], ends: list[int], a: Sequence[TokSpan],
                  b: Sequence[TokSpan]) -> bool:
    """Whether two span lists share a word token (not only a mark or a comma)."""
    for x in a:
        for y in b:
            for i in range(max(x[0], y[0]), min(x[1], y[1])):
                if text[starts[i]:ends[i]][:1].isalnum() or text[starts[i]] == "_":
                    return True
    return False


@dataclass
class DirectTally:
    """Direct quotes: gold found, predictions right, speakers right (see the docstring)."""

    gold: int = 0
    gold_found: int = 0
    predicted: int = 0
    predicted_right: int = 0
    attributed: int = 0
    speaker_right: int = 0

    def figures(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0
        return {"recall": ratio(self.gold_found, self.gold),
                "precision": ratio(self.predicted_right, self.predicted),
                "speaker_accuracy": ratio(self.speaker_right, self.attributed),
                "attributed_share": ratio(self.attributed, self.predicted_right),
                "counts": dict(vars(self))}


def regex_baseline(text: str) -> tuple[Item, ...]:
    """Every quoted stretch of a paragraph, marks included, with no cue and no speaker."""
    starts, ends = tokenizer(text)
    return tuple(Item(cue=None, contents=_tok_all(starts, ends, [m.span()]), sources=())
                 for m in _QUOTED.finditer(text))


def score_direct(text: str, pred: Sequence[Item], gold: Sequence[Item],
                 mentions: Sequence[tuple[TokSpan, str]], tally: DirectTally,
                 wrong: list[str] | None = None) -> None:
    """Add one document's direct quotes to `tally`; `wrong` collects what went wrong (for
    development)."""
    starts, ends = tokenizer(text)
    gold_direct = [g for g in gold if _holds_mark(text, starts, ends, g.contents)]
    ours = [p for p in pred if _holds_mark(text, starts, ends, p.contents)]
    tally.gold += len(gold_direct)
    tally.predicted += len(ours)

    def show(spans: Sequence[TokSpan]) -> str:
        return " | ".join(text[starts[a]:ends[b - 1]] for a, b in spans)[:150]

    for g in gold_direct:
        if any(_word_overlap(text, starts, ends, p.contents, g.contents) for p in ours):
            tally.gold_found += 1
        elif wrong is not None:
            wrong.append(f"MISSED [{show(g.sources)}] {show(g.contents)}")
    for p in ours:
        matched = [g for g in gold_direct
                   if _word_overlap(text, starts, ends, p.contents, g.contents)]
        if not matched:
            if wrong is not None:
                wrong.append(f"SPURIOUS [{show(p.sources)}] {show(p.contents)}")
            continue
        tally.predicted_right += 1
        if not p.sources:
            continue
        tally.attributed += 1
        named = {entity for g in matched for span, entity in mentions
                 if any(s[0] <= span[0] and span[1] <= s[1] for s in g.sources)}
        if any(_overlaps(s, t) for g in matched for s in g.sources for t in p.sources) or (
                p.entity is not None and p.entity in named):
            tally.speaker_right += 1
        elif wrong is not None:
            wrong.append(f"SPEAKER ours [{show(p.sources)}] gold "
                         f"[{' / '.join(show(g.sources) for g in matched)}] {show(p.contents)}")


def table(tallies: dict[str, Tally]) -> str:
    rows = ["| span | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for label, field in (("content", "contents"), ("speaker (source)", "sources"), ("cue", "cue")):
        e, o = tallies[field].exact(), tallies[field].overlap()
        over = ([f"{o[k] * 100:.1f}" for k in ("precision", "recall", "f1")] if field != "cue"
                else ["", "", ""])
        rows.append(f"| {label} | " + " | ".join([f"{e[k] * 100:.1f}" for k in
                                                  ("precision", "recall", "f1")] + over) + " |")
    return "\n".join(rows)


def show_errors(docs: Sequence[Document], texts: dict[str, str],
                predicted: dict[str, tuple[Item, ...]], count: int) -> None:
    """Print up to `count` missed gold contents and wrong predicted ones (for development:
    this prints dataset text to the terminal, never to a file)."""
    missed, wrong = [], []
    for doc in docs:
        text = texts[doc.text_name]
        starts, ends = tokenizer(text)
        def show(item: Item, text: str = text, starts: list[int] = starts,
                 ends: list[int] = ends) -> str:
            content = " | ".join(text[starts[a]:ends[b - 1]] for a, b in item.contents)
            source = " | ".join(text[starts[a]:ends[b - 1]] for a, b in item.sources)
            cue = text[starts[item.cue[0]]:ends[item.cue[1] - 1]] if item.cue else None
            return f"[{source}] <{cue}> {content[:160]}"
        pred = predicted[doc.text_name]
        for g in doc.gold:
            if not any(_overlaps(p.cue, g.cue) and p.contents == g.contents for p in pred):
                near = [p for p in pred if _overlaps(p.cue, g.cue)]
                missed.append(show(g) + ("\n      ours: " + show(near[0]) if near else ""))
        for p in pred:
            if not any(_overlaps(p.cue, g.cue) for g in doc.gold):
                wrong.append(show(p))
    print(f"\nmissed gold contents ({len(missed)}), first {count}:")
    for line in missed[:count]:
        print("  ", line)
    print(f"\npredictions with no gold cue ({len(wrong)}), first {count}:")
    for line in wrong[:count]:
        print("  ", line)


def run_split(folder: Path, split: str, limit: int | None, errors: int,
              direct_errors: int, facts_cache: Path | None) -> dict[str, Any]:
    """Score one split: print its tables and return its figures."""
    docs, texts = documents(folder, limit)
    predicted, mentions, language_seconds, quote_seconds = predict(texts, facts_cache)
    tallies = {field: Tally() for field in ("contents", "sources", "cue")}
    direct, plain = DirectTally(), DirectTally()
    wrong: list[str] = []
    for doc in docs:
        text = texts[doc.text_name]
        score(predicted[doc.text_name], doc.gold, tallies)
        score_direct(text, predicted[doc.text_name], doc.gold, mentions[doc.text_name], direct,
                     wrong if direct_errors else None)
        score_direct(text, regex_baseline(text), doc.gold, (), plain)
    n_gold = sum(len(d.gold) for d in docs)
    n_pred = sum(len(predicted[d.text_name]) for d in docs)
    print(f"PolNeAR {split}: {len(texts)} texts, {len(docs)} annotated documents, "
          f"{n_gold} gold attributions, {n_pred} predicted\n")
    print(table(tallies))
    speech = speech_recall(docs, texts, predicted)
    print(f"\nspeech cues only ({speech['gold']} gold attributions cued by a speech verb or "
          f"\"according to\"): cue recall {speech['cue_recall'] * 100:.1f}, exact content "
          f"recall {speech['content_exact_recall'] * 100:.1f}")
    ours, base = direct.figures(), plain.figures()
    print(f"\ndirect quotes ({direct.gold} gold contents holding a quotation mark):\n"
          "| | recall | precision | speaker accuracy | attributed |\n| --- | --- | --- | --- | --- |")
    for label, fig in (("storyline", ours), ("quotation-mark baseline", base)):
        print(f"| {label} | {fig['recall'] * 100:.1f} | {fig['precision'] * 100:.1f} | "
              f"{fig['speaker_accuracy'] * 100:.1f} | {fig['attributed_share'] * 100:.1f} |")
    total = language_seconds + quote_seconds
    print(f"\ntime: language layer {language_seconds:.2f} s, quote rules {quote_seconds:.2f} s; "
          f"{len(texts) / total:.1f} articles/s end to end, "
          f"{len(texts) / quote_seconds:.0f} articles/s for the quote rules alone\n")
    if errors:
        show_errors(docs, texts, predicted, errors)
    if direct_errors:
        print(f"direct-quote errors ({len(wrong)}), first {direct_errors}:")
        for line in wrong[:direct_errors]:
            print("  ", line)
    return {
        "texts": len(texts), "documents": len(docs),
        "gold_attributions": n_gold, "predicted_attributions": n_pred,
        "scores": {
            name: {"exact": {k: round(v, 4) for k, v in tallies[field].exact().items()},
                   **({"overlap": {k: round(v, 4) for k, v in tallies[field].overlap().items()}}
                      if field != "cue" else {})}
            for name, field in (("content", "contents"), ("speaker", "sources"),
                                ("cue", "cue"))},
        "counts": {field: vars(tally) for field, tally in tallies.items()},
        "speech_cued_gold": {k: round(v, 4) for k, v in speech.items()},
        "direct": ours, "direct_quotation_mark_baseline": base,
        "seconds": {"language": round(language_seconds, 3), "quotes": round(quote_seconds, 3)},
        "articles_per_second": round(len(texts) / total, 2),
        "quote_rules_articles_per_second": round(len(texts) / quote_seconds, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the polnear folder")
    parser.add_argument("--split", default="both", choices=("dev", "train", "both"))
    parser.add_argument("--limit", type=int, default=None, help="at most this many texts")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N missed and N spurious quotes (development)")
    parser.add_argument("--direct-errors", type=int, default=0, metavar="N",
                        help="print N direct-quote misses, strays and wrong speakers")
    parser.add_argument("--facts-cache", type=Path, default=None, metavar="DIR",
                        help="keep what the model read between runs (development; the "
                             "timings then leave the model out)")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    splits = ("dev", "train") if args.split == "both" else (args.split,)
    figures = {}
    for split in splits:
        folder = args.data / split
        if not (folder / "attributions").is_dir():
            print(f"PolNeAR data not found at {folder}; nothing to score. Put the {split} "
                  "split there (text/*.txt and attributions/*.ann) to run this benchmark.")
            return 0
        figures[split] = run_split(folder, split, args.limit, args.errors, args.direct_errors,
                                   args.facts_cache)
    if not args.no_write and args.split == "both" and args.limit is None and not args.facts_cache:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from _common import machine_info, write_results

        result = {
            "benchmark": "quotes",
            "data": "PolNeAR dev and train splits (brat standoff), scored like BBC Citron; "
                    "direct quotes = gold contents holding a quotation mark",
            "held_out": "the issue-16 rules were written reading dev; train is their "
                        "held-out check (the earlier rules were written reading train)",
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **figures["dev"],
            "train": figures["train"],
            "citron_parc3_test_published": CITRON_PARC,
            "machine": machine_info(REPO),
        }
        write_results(RESULTS, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
