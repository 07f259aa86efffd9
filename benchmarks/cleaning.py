"""HTML cleaning quality, two protocols, storyline's cleaner beside plain trafilatura in
the same run:

1. snippets (ours): the pages under tests/fixtures/snippets/ (16 pages we wrote, German,
   French, Spanish and English, each in the chrome real sites carry: cookie banners,
   subscription banners inside the article, related-link boxes and "read also" lines,
   comment sections, newsletter boxes). For each page, sentences that must appear in the
   extracted text exactly as written (typographic quotes „“ « » ‘’ included) and chrome
   that must not (`make_pages.py` says which). Scores: must-recall (share of required
   sentences found), chrome rejection (share of chrome texts absent), their F1, and the
   pages passing both entirely. The cleaner's German, French and Spanish prompt rules were
   written with the first 12 pages in view; the 4 marked `held_out` were written after
   them, with other wording, and are scored apart as well.
2. article extraction (public): ../shared/data/article-extraction, scored as
   benchmarks/ingest.py does (its `_extraction`: the benchmark's own 4-token-shingle F1).
   Skipped with a message when the data folder is missing.

    .venv/bin/python benchmarks/cleaning.py      # table + benchmarks/results/cleaning.json
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import loaded_code_digest, machine_info  # noqa: E402
from ingest import EXTRACTION_DATA, TRAFILATURA_OPTIONS, _extraction, _quiet_loggers  # noqa: E402

PAGES = REPO / "tests" / "fixtures" / "snippets"
RESULTS = REPO / "benchmarks" / "results" / "cleaning.json"

Json = dict[str, Any]


def _flat(text: str) -> str:
    return " ".join(text.split())


def snippet_scores(pages: list[Json], texts: dict[str, str]) -> Json:
    """Must-recall, chrome rejection, their F1 and the pages passing entirely."""
    sys.path.insert(0, str(PAGES))
    from make_pages import must_not

    found = required = absent = chrome = passed = 0
    misses: list[Json] = []
    for page in pages:
        text = _flat(texts[page["id"]])
        hits = [s for s in page["must"] if _flat(s) in text]
        leaks = [s for s in must_not(page) if _flat(s) in text]
        found, required = found + len(hits), required + len(page["must"])
        absent, chrome = absent + len(must_not(page)) - len(leaks), chrome + len(must_not(page))
        passed += len(hits) == len(page["must"]) and not leaks
        if len(hits) < len(page["must"]) or leaks:
            misses.append({"page": page["id"], "missing": [s for s in page["must"] if s not in hits],
                           "leaked": leaks})
    recall, rejection = found / required, absent / chrome
    f1 = 2 * recall * rejection / (recall + rejection) if recall + rejection else 0.0
    return {"must_recall": round(recall, 4), "chrome_rejection": round(rejection, 4),
            "f1": round(f1, 4), "pages_passed": passed, "pages": len(pages), "misses": misses}


def snippets() -> Json:
    import trafilatura

    from storyline.clean import clean_document
    from storyline.model import Article, PendingYear, RawDocument

    _quiet_loggers()
    pages = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))
    html = {p["id"]: (PAGES / f"{p['id']}.html").read_text(encoding="utf-8") for p in pages}
    plain = {i: trafilatura.extract(h, **TRAFILATURA_OPTIONS) or "" for i, h in html.items()}
    ours = {}
    for i, h in html.items():
        result = clean_document(RawDocument(origin=i, content=h, kind="html", sha256="x"))
        if isinstance(result, PendingYear):
            result = result.article
        ours[i] = result.text if isinstance(result, Article) else ""
    later = [p for p in pages if p.get("held_out")]
    return {"storyline": snippet_scores(pages, ours), "trafilatura": snippet_scores(pages, plain),
            "held_out": {"pages": [p["id"] for p in later],
                         "storyline": snippet_scores(later, ours),
                         "trafilatura": snippet_scores(later, plain)}}


def main() -> int:
    result: Json = {"snippets": snippets()}
    if EXTRACTION_DATA.exists():
        result["article_extraction"] = _extraction(EXTRACTION_DATA)
    else:
        print(f"article-extraction data not found under {EXTRACTION_DATA}: that part is skipped.")
    print(f"{'snippet protocol (16 own pages)':34} {'must recall':>11} {'chrome out':>10} "
          f"{'F1':>7} {'pages ok':>9}")
    for system in ("storyline", "trafilatura"):
        row = result["snippets"][system]
        print(f"  {system:32} {row['must_recall']:>11.3f} {row['chrome_rejection']:>10.3f} "
              f"{row['f1']:>7.3f} {row['pages_passed']:>5}/{row['pages']}")
    held = result["snippets"]["held_out"]
    print(f"  held out: the {len(held['pages'])} pages written after the rules")
    for system in ("storyline", "trafilatura"):
        row = held[system]
        print(f"    {system:30} {row['must_recall']:>11.3f} {row['chrome_rejection']:>10.3f} "
              f"{row['f1']:>7.3f} {row['pages_passed']:>5}/{row['pages']}")
    for system in ("storyline", "trafilatura"):
        for miss in result["snippets"][system]["misses"]:
            print(f"    {system} {miss['page']}: missing {len(miss['missing'])}, leaked {miss['leaked']}")
    if "article_extraction" in result:
        extraction = result["article_extraction"]
        print(f"\narticle extraction ({extraction['pages']} pages), shingle F1: storyline "
              f"{extraction['storyline']['f1']:.3f}, trafilatura {extraction['trafilatura']['f1']:.3f}")
    result.update(code_digest=loaded_code_digest(), machine=machine_info(REPO),
                  generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
