"""How records come in: dates read from URLs, and headline-only CSV records read whole.

    python benchmarks/records.py          # table + benchmarks/results/records.json

1. URL dates (`storyline.clean.url_date`), on three sets with a reference date:
   - UCI News Aggregator slice (`../shared/data/uci-news-aggregator`): the row's TIMESTAMP
     (when the aggregator saw the headline; a URL date should be that day or a little
     before);
   - ECB+ dev (`../shared/data/ecbplus`): documents whose first line is their URL
     (tokenised: spaces removed) and whose first lines hold a date line ("May 03 , 2013");
   - the article-extraction benchmark (`../shared/data/article-extraction`): the page's
     metadata date found by htmldate without the URL (so the URL cannot vouch for itself).
   For each: coverage (share of URLs the rule dates) and agreement with the reference
   (same day; within a day; within three days), against two rules not adopted: the one
   first written, which read `20180417` only as a whole path segment (`/20180417/`), and a
   looser one that reads eight digits even when run into letters (`/x20180417`).
   The first rule was written by hand before looking at any of these sets; month names
   (`/2013/may/03/`) were added after seeing ECB+'s URLs, and date tokens inside a segment
   (`-20140310,0,1312750.story`) after seeing UCI's: ECB+ and UCI are in-sample for those
   forms, article-extraction is held out.
3. The same-article check behind upgrades (`storyline.store.identity.same_article`'s word
   overlap, SAME_ARTICLE_OVERLAP): on ECB+ documents with a title line, the share of
   "copies" it accepts, a document's title or first sentence against its own body
   (should be accepted) and against a random document of another topic (what two
   unrelated records colliding on an id look like: should be refused), at several
   thresholds. Reports of the same event by other outlets are not separable by words
   (shown too): the source id and outlet must agree for them to be compared at all.
4. What the identity lookups cost the store: the UCI headlines, cleaned once, written in
   batches of 200 into a fresh store, with the lookups by source id and URL and without
   them (the baseline, same run; medians of 3).
2. The UCI CSV through `storyline ingest`'s reader and cleaner: records kept as headlines,
   outlets taken from PUBLISHER, the warning about TIMESTAMP, dates with
   `--field published=TIMESTAMP`; records per second.

Data missing: the part that needs it says so and is skipped.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results" / "records.json"
sys.path.insert(0, str(REPO / "src"))

from storyline.clean.dates import parse_date  # noqa: E402
from storyline.clean.url_date import url_date  # noqa: E402

_LOOSE = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
_DATE_LINE = re.compile(r"^[A-Z][a-z]+\.? \d{1,2} , \d{4}$|^\d{1,2} [A-Z][a-z]+ \d{4}$")
_SEGMENT = re.compile(r"^((?:19|20|21)\d\d)(-?)(\d\d)\2(\d\d)(?:$|\.[a-z]{2,5}$|-(?=\D))",
                      re.IGNORECASE)
_SLASHED = re.compile(r"/((?:19|20|21)\d\d)/(\d\d?)/(\d\d?)(?=/|$)")


def _path(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).path
    except ValueError:
        return None


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1990 <= date.year <= 2100 else None


def segment_date(url: str) -> dt.date | None:
    """The rule first written: numeric /Y/M/D/, or a whole segment that is the date."""
    path = _path(url)
    if path is None:
        return None
    for match in _SLASHED.finditer(path):
        if (date := _date(*match.groups())) is not None:
            return date
    for segment in path.split("/"):
        match = _SEGMENT.match(segment)
        if match and (date := _date(match[1], match[3], match[4])) is not None:
            return date
    return None


def loose_date(url: str) -> dt.date | None:
    """The rule not adopted: the adopted one, plus eight digits run into letters."""
    found = url_date(url)
    path = _path(url)
    if found is not None or path is None:
        return found
    for match in _LOOSE.finditer(path):
        if (date := _date(*match.groups())) is not None:
            return date
    return None


def score(pairs: Iterable[tuple[str, dt.date]], rule) -> dict[str, float | int]:
    """Coverage and agreement of `rule` over (url, reference date) pairs."""
    pairs = list(pairs)
    dated = [(rule(u), ref) for u, ref in pairs]
    found = [(d, ref) for d, ref in dated if d is not None]
    gaps = [abs((d - ref).days) for d, ref in found]
    share = (lambda n: round(n / len(found), 4)) if found else (lambda n: None)
    return {"urls": len(pairs), "dated": len(found),
            "coverage": round(len(found) / len(pairs), 4) if pairs else None,
            "same_day": share(sum(g == 0 for g in gaps)),
            "within_1_day": share(sum(g <= 1 for g in gaps)),
            "within_3_days": share(sum(g <= 3 for g in gaps))}


def uci_pairs() -> list[tuple[str, dt.date]] | None:
    import csv

    path = DATA / "uci-news-aggregator" / "uci-news-aggregator.csv"
    if not path.exists():
        return None
    pairs = []
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            try:
                seen = dt.datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, dt.UTC).date()
            except (TypeError, ValueError):
                continue  # the slice's last row is broken
            pairs.append((row["URL"], seen))
    return pairs


def ecb_pairs() -> list[tuple[str, dt.date]] | None:
    path = DATA / "ecbplus" / "ecbplus_dev.jsonl"
    if not path.exists():
        return None
    pairs = []
    for line in path.open(encoding="utf-8"):
        doc = json.loads(line)
        sentences = doc.get("sentences") or doc["text"].split("\n")
        if not sentences or not sentences[0].startswith("http"):
            continue
        url = sentences[0].replace(" ", "")
        for sentence in sentences[1:5]:
            if _DATE_LINE.match(sentence.strip()):
                date = parse_date(sentence.replace(" ,", ","))
                if date is not None:
                    pairs.append((url, date))
                    break
    return pairs


def extraction_pairs() -> list[tuple[str, dt.date]] | None:
    import htmldate

    truth = DATA / "article-extraction" / "ground-truth.json"
    if not truth.exists():
        return None
    pairs = []
    for key, item in json.loads(truth.read_text()).items():
        page = DATA / "article-extraction" / "html" / f"{key}.html.gz"
        if not page.exists() or not item.get("url"):
            continue
        markup = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        found = htmldate.find_date(markup, extensive_search=False, original_date=True)
        date = parse_date(found)
        if date is not None:
            pairs.append((item["url"], date))
    return pairs


def uci_ingest() -> dict[str, object] | None:
    """The UCI CSV through the real reader, cleaner and store, with and without --field."""
    from storyline.flow.ingest import ingest, plan
    from storyline.settings import from_env
    from storyline.sources import FieldMap
    from storyline.store import Store

    path = DATA / "uci-news-aggregator" / "uci-news-aggregator.csv"
    if not path.exists():
        return None
    runs = {}
    for label, fields in (("plain", FieldMap()),
                          ("field published=TIMESTAMP", FieldMap.parse(["published=TIMESTAMP"]))):
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.db") as store:
            start = time.perf_counter()
            report = ingest(plan([path]), store, from_env(), fields=fields)
            seconds = time.perf_counter() - start
            articles = list(store.articles(text=False))
        kinds = Counter(a.text_kind for a in articles)
        runs[label] = {
            "records": report.records, "new": report.new, "existing": report.existing,
            "upgraded": report.upgraded, "rejected": report.rejected,
            "balanced": report.balanced, "text_kinds": dict(kinds),
            "with_outlet": sum(a.source is not None for a in articles),
            "outlets": len({a.source for a in articles if a.source}),
            "published_from": dict(Counter(a.published_from for a in articles)),
            "notices": report.notices,
            "rejections": dict(Counter(re.sub(r"^row \d+: ", "", d.reason).split(" (")[0]
                                       for d in report.drops)),
            "records_per_second": round(report.records / seconds, 1),
        }
    return runs


def overlap_check() -> dict[str, object] | None:
    """Acceptance of the same-article word overlap on ECB+ (see the module docstring)."""
    import random

    from storyline.store.identity import SAME_ARTICLE_OVERLAP, _words

    path = DATA / "ecbplus" / "ecbplus_dev.jsonl"
    if not path.exists():
        return None
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    titled = [d for d in docs if d["sentences"] and d["sentences"][0].startswith("http")
              and len(d["sentences"]) > 4]
    rng = random.Random(1)
    thresholds = sorted({0.3, 0.4, SAME_ARTICLE_OVERLAP, 0.6, 0.7})
    result: dict[str, object] = {"documents": len(titled), "threshold": SAME_ARTICLE_OVERLAP}
    for kind in ("title", "lead"):
        scores: dict[str, list[float]] = {"own": [], "other_topic": [], "same_event": []}
        for doc in titled:
            sentences = doc["sentences"]
            body = " ".join(sentences[3:])  # url, title, date line, then the body
            short = _words(sentences[1] if kind == "title" else sentences[3])
            if not short:
                continue
            other = rng.choice([d for d in titled if d["topic"] != doc["topic"]])
            same = [d for d in titled if d["subtopic"] == doc["subtopic"] and d is not doc]
            for name, text in (("own", body),
                               ("other_topic", " ".join(other["sentences"][1:]))):
                scores[name].append(len(short & _words(text)) / len(short))
            if same:
                text = " ".join(rng.choice(same)["sentences"][1:])
                scores["same_event"].append(len(short & _words(text)) / len(short))
        result[kind] = {name: {str(t): round(sum(v >= t for v in values) / len(values), 3)
                               for t in thresholds} for name, values in scores.items()}
    return result


def write_cost(repeats: int = 3) -> dict[str, object] | None:
    """Seconds to store the cleaned UCI headlines with and without identity lookups."""
    import statistics

    from storyline.clean import clean_document
    from storyline.model import Article
    from storyline.sources import InputFile, read_file
    from storyline.store import Store

    path = DATA / "uci-news-aggregator" / "uci-news-aggregator.csv"
    if not path.exists():
        return None
    items = []
    for raw in read_file(InputFile(path=path, format="csv", gzipped=False),
                         max_input_bytes=1 << 30, max_record_bytes=1 << 24):
        if not hasattr(raw, "content"):
            continue
        article = clean_document(raw)
        if isinstance(article, Article):
            items.append((article, raw))
    timings: dict[str, list[float]] = {"with_lookups": [], "without_lookups": []}
    for _ in range(repeats):
        for label in timings:
            with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.db") as store:
                if label == "without_lookups":
                    store._stored_copy = lambda article: (None, None)  # type: ignore[method-assign]
                start = time.perf_counter()
                for i in range(0, len(items), 200):
                    store.write_batch(items[i:i + 200])
                timings[label].append(time.perf_counter() - start)
    medians = {k: round(statistics.median(v), 3) for k, v in timings.items()}
    return {"articles": len(items), "seconds_median": medians,
            "ratio": round(medians["with_lookups"] / medians["without_lookups"], 3)}


def main() -> None:
    results: dict[str, object] = {"generated_at": dt.datetime.now(dt.UTC).isoformat()}
    url_dates: dict[str, object] = {}
    for name, load in (("uci", uci_pairs), ("ecbplus", ecb_pairs),
                       ("article_extraction", extraction_pairs)):
        pairs = load()
        if pairs is None:
            print(f"{name}: data missing under {DATA}; skipped")
            continue
        url_dates[name] = {"adopted": score(pairs, url_date),
                           "whole_segments": score(pairs, segment_date),
                           "digits_in_words": score(pairs, loose_date)}
    results["url_dates"] = url_dates
    print(f"{'set':<20} {'rule':<16} {'urls':>6} {'dated':>6} {'cover':>7} {'same day':>9} "
          f"{'<=1 day':>8} {'<=3 days':>9}")
    for name, rules in url_dates.items():
        for rule, s in rules.items():
            print(f"{name:<20} {rule:<16} {s['urls']:>6} {s['dated']:>6} {s['coverage']!s:>7} "
                  f"{s['same_day']!s:>9} {s['within_1_day']!s:>8} {s['within_3_days']!s:>9}")
    check = overlap_check()
    if check is None:
        print("same-article check: ECB+ missing; skipped")
    else:
        results["same_article_overlap"] = check
        print(f"\nsame-article word overlap on {check['documents']} ECB+ documents "
              f"(share accepted at each threshold; ours {check['threshold']}):")
        for kind in ("title", "lead"):
            for name, shares in check[kind].items():
                print(f"  {kind:<5} vs {name:<12} " + "  ".join(f"{t}: {v}" for t, v in shares.items()))
    cost = write_cost()
    if cost is not None:
        results["identity_lookup_cost"] = cost
        print(f"\nstoring {cost['articles']} UCI headlines: {cost['seconds_median']} s "
              f"(with / without identity lookups, medians of 3): ratio {cost['ratio']}")
    ingest_runs = uci_ingest()
    if ingest_runs is None:
        print("uci ingest: data missing; skipped")
    else:
        results["uci_ingest"] = ingest_runs
        for label, run in ingest_runs.items():
            print(f"\nUCI CSV ingest ({label}): {run['records']} records = {run['new']} new + "
                  f"{run['existing']} already stored + {run['upgraded']} upgraded + "
                  f"{run['rejected']} rejected (balanced: {run['balanced']}); kinds "
                  f"{run['text_kinds']}; {run['with_outlet']} with an outlet "
                  f"({run['outlets']} outlets); dates {run['published_from']}; "
                  f"{run['records_per_second']} records/s")
            for notice in run["notices"]:
                print(f"  warning: {notice}")
            for reason, count in run["rejections"].items():
                print(f"  rejected {count}: {reason}")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
