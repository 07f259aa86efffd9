"""Page furniture news collections carry, and what removing it does: a wire's story codes
and pointers, what a flattened page glues after its closing credit (`clean.wire`), pages
that are nothing but link titles or a promo (`clean.boilerplate.is_link_run`), and
readers' comments under an article (`clean.comments`).

    python benchmarks/furniture.py            # table + benchmarks/results/furniture.json
    python benchmarks/furniture.py --no-write

Data (outside the repo; a part whose data is missing says so and is skipped):
- ../shared/data/t17: Timeline17 dev, 6 collections of BBC, Guardian and Reuters pages;
- ../shared/data/ecbplus: ECB+ dev documents (text);
- ../shared/data/article-extraction: 181 HTML pages (the cleaner's main text first).

1. Pages each rule changes, per collection or corpus. Both arms go through the cleaner's
   text steps (`repair`, `paragraphs`, `strip_boilerplate`); the second adds
   `strip_wire_furniture`, then drops a text of MIN_LINK_RUN_WORDS words or more without a
   sentence end (the cleaner does so only when the record has no title; T17, ECB+ and these
   pages give none to the text). The pages a link-run threshold of 10 to 40 words would
   drop are counted beside the shipped one, and the pages whose readers' comments are
   cut after all that.
2. `summarize` ROUGE-1/2 F (the scorer of benchmarks/summary.py) at 100 and 250 words on the
   T17 collections cleaned three ways (without the rules, with the wire's, with the
   wire's and the comments'), each collection one story, in the same run, with the change
   per collection of each step. The rules have no number tuned on these scores (the link-run
   length was set by reading the pages it drops), so nothing is chosen held out here.

No text of the data is written to the results file (it is third-party text): counts and
scores only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results" / "furniture.json"
BUDGETS = (100, 250)
#: Link-run lengths (words) whose drops are counted beside the shipped MIN_LINK_RUN_WORDS.
LINK_RUN_WORDS = (10, 15, 20, 30, 40)


def _text_paragraphs(text: str) -> list[str]:
    from storyline.clean import paragraphs
    from storyline.clean.artefacts import repair
    from storyline.clean.boilerplate import strip_boilerplate

    return strip_boilerplate(paragraphs(repair(text)))


def _rule_counts(docs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Per group: pages, pages whose codes or pointers went, pages cut after their credit,
    pages changed by either, pages that are a link run at each length."""
    from storyline.clean.boilerplate import is_link_run
    from storyline.clean.comments import cut_reader_comments
    from storyline.clean.wire import cut_after_credit, strip_wire_codes
    from storyline.settings import MIN_LINK_RUN_WORDS

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for group, text in docs:
        paras = _text_paragraphs(text)
        coded = [piece for p in paras for piece in strip_wire_codes(p)]
        cut = cut_after_credit(coded)
        joined = "\n\n".join(cut)
        counts[group]["pages"] += 1
        counts[group]["codes_or_pointers"] += coded != paras
        counts[group]["cut_after_credit"] += cut != coded
        counts[group]["changed"] += cut != paras
        counts[group]["link_run"] += is_link_run(joined, MIN_LINK_RUN_WORDS)
        counts[group]["reader_comments"] += cut_reader_comments(cut) != cut
        for words in LINK_RUN_WORDS:
            counts[group][f"link_run_{words}"] += is_link_run(joined, words)
    return {g: dict(c) for g, c in sorted(counts.items())}


def _t17(data: Path) -> list[dict]:
    path = data / "t17" / "t17_dev_articles.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.is_file() else []


def _ecb(data: Path) -> list[tuple[str, str]]:
    path = data / "ecbplus" / "ecbplus_dev.jsonl"
    if not path.is_file():
        print(f"ECB+ not found in {path.parent}: skipped")
        return []
    return [("ECB+", json.loads(line)["text"]) for line in path.open(encoding="utf-8")]


def _extraction(data: Path) -> list[tuple[str, str]]:
    from storyline.clean.html_text import extract_page

    folder = data / "article-extraction" / "html"
    if not folder.is_dir():
        print(f"article-extraction not found in {folder}: skipped")
        return []
    docs = []
    for path in sorted(folder.glob("*.html.gz")):
        page = extract_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), None)
        if page is not None:
            docs.append(("article-extraction", page.text))
    return docs


def _articles(rows: list[dict], rules: bool, comments: bool = False) -> dict[str, list]:
    """T17 collections as storyline Articles, cleaned with or without the wire's rules
    (and the comments')."""
    from storyline.clean.boilerplate import is_link_run
    from storyline.clean.comments import cut_reader_comments
    from storyline.clean.wire import strip_wire_furniture
    from storyline.model import Article
    from storyline.settings import MIN_LINK_RUN_WORDS

    out: dict[str, list[Article]] = defaultdict(list)
    for row in rows:
        paras = _text_paragraphs(row["text"])
        if rules:
            paras = strip_wire_furniture(paras)
        if comments:
            paras = cut_reader_comments(paras)
        text = "\n\n".join(paras)
        if rules and is_link_run(text, MIN_LINK_RUN_WORDS):
            continue
        out[row["collection"]].append(Article(
            id=row["doc_id"], origin=row["doc_id"], raw_sha256="", text=text,
            title=None, source=row["collection"].rsplit("_", 1)[-1], url=None,
            published=dt.date.fromisoformat(row["pub_date"]), published_from="metadata",
            language="en"))
    return out


def _scores(stories: dict[str, list], references: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """ROUGE-1/2 F per collection and budget (mean over its reference timelines)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from summary import rouge_n

    from storyline.analyze.summary import summarize

    out: dict[str, dict[str, float]] = {}
    for name in sorted(stories):
        for budget in BUDGETS:
            text = " ".join(c.text for c in summarize(stories[name], max_words=budget))
            refs = references[name]
            out[f"{name}@{budget}"] = {
                "rouge1_f": round(statistics.mean(rouge_n(r, text, 1)["f"] for r in refs), 4),
                "rouge2_f": round(statistics.mean(rouge_n(r, text, 2)["f"] for r in refs), 4)}
    return out


def _mean(scores: dict[str, dict[str, float]], names: list[str], metric: str) -> float:
    return statistics.mean(scores[f"{n}@{b}"][metric] for n in names for b in BUDGETS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = _t17(args.data)
    if not rows:
        print(f"Timeline17 not found in {args.data / 't17'}: its parts are skipped.")
    docs = [(r["collection"], r["text"]) for r in rows] + _ecb(args.data) + _extraction(args.data)
    if not docs:
        print("no data found: nothing to measure")
        return 0
    pages = _rule_counts(docs)
    print("1. pages each rule changes (link run: pages dropped at 10/15/20/30/40 words; 20 shipped)")
    print(f"{'collection':<20} {'pages':>6} {'codes/pointers':>15} {'cut after credit':>17} "
          f"{'wire, any':>9} {'link run':>16} {'comments':>8}")
    for group, c in pages.items():
        runs = "/".join(str(c[f"link_run_{w}"]) for w in LINK_RUN_WORDS)
        print(f"{group:<20} {c['pages']:>6} {c['codes_or_pointers']:>15} {c['cut_after_credit']:>17} "
              f"{c['changed']:>9} {runs:>16} {c['reader_comments']:>8}")
    result: dict[str, object] = {
        "benchmark": "furniture",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pages_changed": pages}
    if rows:
        references: dict[str, list[str]] = defaultdict(list)
        for line in (args.data / "t17" / "t17_dev_timelines.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            references[row["collection"]].append(
                " ".join(s for entry in row["entries"] for s in entry["sentences"]))
        before = _scores(_articles(rows, rules=False), references)
        wire = _scores(_articles(rows, rules=True), references)
        after = _scores(_articles(rows, rules=True, comments=True), references)
        names = sorted({key.split("@")[0] for key in before})
        print("\n2. summarize on T17 cleaned without and with the rules (mean over collections, "
              "100 and 250 words)")
        print(f"{'arm':<16} {'ROUGE-1 F':>9} {'ROUGE-2 F':>9}")
        table = {}
        for arm, scores in (("without", before), ("wire only", wire), ("with", after)):
            table[arm] = {m: round(_mean(scores, names, m), 4) for m in ("rouge1_f", "rouge2_f")}
            print(f"{arm:<16} {table[arm]['rouge1_f']:9.4f} {table[arm]['rouge2_f']:9.4f}")
        change = {n: {m: round(_mean(wire, [n], m) - _mean(before, [n], m), 4)
                      for m in ("rouge1_f", "rouge2_f")} for n in names}
        comments = {n: {m: round(_mean(after, [n], m) - _mean(wire, [n], m), 4)
                        for m in ("rouge1_f", "rouge2_f")} for n in names}
        for step, deltas in (("the wire's rules", change), ("then the comments'", comments)):
            print(f" {step}:")
            for name, delta in deltas.items():
                print(f"  {name:<15} ROUGE-1 F {delta['rouge1_f']:+.4f}  "
                      f"ROUGE-2 F {delta['rouge2_f']:+.4f}")
        result.update({"summary": table, "summary_change_per_collection": change,
                       "summary_change_per_collection_comments": comments,
                       "per_collection": {"without": before, "wire only": wire,
                                          "with": after}})
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(f"\n{result['seconds']} s")
    if not args.no_write:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from _common import machine_info, write_results

        result["machine"] = machine_info(REPO)
        write_results(RESULTS, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
