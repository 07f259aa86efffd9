"""What bounding the near-copy shingling (`stories.dedup.SHINGLE_CHARS`) costs and saves.

    python benchmarks/near_copies.py            # T17 + ECB+ dev, and one 15 MB page

In one run, with the bound and without it (SHINGLE_CHARS set past every text):
1. **links**: `find_near_copies` over the T17 dev articles and the ECB+ dev documents,
   each set as one corpus and per collection (T17) or topic (ECB+): the links must be the
   same both ways (news texts are shorter than the bound; the few longer ones agree or
   differ well inside it);
2. **a long page**: `band_hashes` of a synthetic 15 MB page of varied words (our own
   vocabulary; every shingle new, the worst case for MinHash): seconds and peak RSS, each
   in a fresh process.
Data: ../shared/data/t17/t17_dev_articles.jsonl and ../shared/data/ecbplus/ecbplus_dev.jsonl
(outside the repo); a missing file is said and skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import machine_info, write_results

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
SETS = {"t17": ("t17/t17_dev_articles.jsonl", "collection"),
        "ecbplus": ("ecbplus/ecbplus_dev.jsonl", "topic")}
RESULTS = REPO / "benchmarks" / "results" / "near-copies.json"
PAGE_MB = 15
UNBOUNDED = 10**12


def _articles(path: Path, group: str) -> dict[str, list]:
    from storyline.model import Article

    groups: dict[str, list[Article]] = {}
    for row in map(json.loads, path.open(encoding="utf-8")):
        published = dt.date.fromisoformat(row["pub_date"]) if row.get("pub_date") else None
        groups.setdefault(str(row.get(group, "")), []).append(Article(
            id=row["doc_id"], origin=row["doc_id"], raw_sha256="", text=row["text"], title=None,
            source=None, url=None, published=published, published_from="unknown"))
    return groups


def _links(bound: int) -> dict[str, object]:
    import storyline.stories.dedup as dedup

    dedup.SHINGLE_CHARS = bound
    found: dict[str, object] = {}
    for name, (file, group) in SETS.items():
        path = DATA / file
        if not path.exists():
            print(f"missing {path}: {name} skipped")
            continue
        groups = _articles(path, group)
        everything = [a for members in groups.values() for a in members]
        start = time.perf_counter()
        whole = dedup.find_near_copies(everything)
        took = time.perf_counter() - start
        per = {key: dedup.find_near_copies(members) for key, members in groups.items()}
        found[name] = {"texts": len(everything),
                       "longer_than_bound": sum(len(a.text) > dedup.SHINGLE_CHARS
                                                for a in everything),
                       "seconds": round(took, 2), "links": whole, "links_per_group": per}
    return found


def _page(megabytes: float) -> str:
    import random

    rng = random.Random(17)
    vocabulary = ("dam council river engineers residents inquiry Velmora Tuesday regional "
                  "water level report flood bridge closed mayor said night road police").split()
    words = [f"{rng.choice(vocabulary)}{rng.randrange(100_000)}"
             for _ in range(int(megabytes * 1_000_000) // 12)]
    return " ".join(words)


def _page_child(bound: int) -> None:
    """In a fresh process: band hashes of the page, seconds and peak RSS (printed as JSON)."""
    import resource

    import storyline.stories.dedup as dedup

    dedup.SHINGLE_CHARS = bound
    text = _page(PAGE_MB)
    start = time.perf_counter()
    dedup.band_hashes(text)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": len(text), "seconds": round(took, 3), "peak_rss_mb": round(peak)}))


def _page_run(bound: int) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--page-child", str(bound)], check=True,
                         capture_output=True, text=True, env={**os.environ})
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--page-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page_child is not None:
        _page_child(args.page_child)
        return
    from storyline.stories.dedup import BANDS_VERSION, SHINGLE_CHARS

    load = [round(os.getloadavg()[0], 2)]
    bounded, unbounded = _links(SHINGLE_CHARS), _links(UNBOUNDED)
    same = {name: bounded[name]["links"] == unbounded[name]["links"]
            and bounded[name]["links_per_group"] == unbounded[name]["links_per_group"]
            for name in bounded}
    for name in bounded:
        print(f"{name}: {bounded[name]['texts']} texts ({bounded[name]['longer_than_bound']} "
              f"longer than {SHINGLE_CHARS:,} characters), {len(bounded[name]['links'])} links "
              f"bounded, {len(unbounded[name]['links'])} unbounded: "
              f"{'the same' if same[name] else 'DIFFERENT'}")
    page = {"bounded": _page_run(SHINGLE_CHARS), "unbounded": _page_run(UNBOUNDED)}
    for how, figures in page.items():
        print(f"{PAGE_MB} MB page of varied words, {how}: band hashes in {figures['seconds']} s, "
              f"peak {figures['peak_rss_mb']} MB")
    load.append(round(os.getloadavg()[0], 2))
    write_results(args.output, {
        "benchmark": "near_copies", "bands_version": BANDS_VERSION, "shingle_chars": SHINGLE_CHARS,
        "load_average_1min": load, "machine": machine_info(REPO),
        "links_same": same,
        "links": {name: {"texts": f["texts"], "longer_than_bound": f["longer_than_bound"],
                         "links": len(f["links"]),
                         "links_per_group": sum(map(len, f["links_per_group"].values())),
                         "seconds_bounded": f["seconds"],
                         "seconds_unbounded": unbounded[name]["seconds"]}
                  for name, f in bounded.items()},
        "page_15mb": page})


if __name__ == "__main__":
    main()
