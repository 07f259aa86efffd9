"""Near-copies: syndicated and re-published copies of one text, found with MinHash LSH.

A wire story re-published by another outlet keeps its sentences but changes the chrome
around them: headline, boilerplate lines, a trimmed or added paragraph. Word 5-shingles
survive that (one changed word spoils at most five shingles) while two independent reports
of one event share almost none: reporters do not write the same five words in a row often.

1. each body becomes its set of word 5-shingles (lower case, accents folded), read from
   its first `SHINGLE_CHARS` characters only (a 15 MB page costs what a long read does);
2. a MinHash signature per set, and an LSH index (Broder 1997, "On the resemblance and
   containment of documents"; banding as in Leskovec, Rajaraman & Ullman, "Mining of
   Massive Datasets", ch. 3) proposes the pairs likely to be similar: texts whose
   signatures agree on a band (`band_hashes`, which the store keeps, so that a later
   article is compared with the archive without reading it: `link_new_copies`);
3. each proposed pair is verified with the exact Jaccard of the two sets, so a hash
   collision never links two articles;
4. linked articles form groups (union-find): every member points at the group's earliest
   copy (publication date, undated last; on the same day the copy the dateline's agency
   published itself, since "MOSCOW, January 12. /TASS/." in TASS is the original and in
   another outlet a re-print; then the one stored first). Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from functools import cache

from datasketch import MinHash, MinHashLSH  # MinHashLSH: only its banding is used

from storyline.model import Article
from storyline.stories.text import order_key, words

__all__ = ["BANDS_VERSION", "NEAR_COPY_JACCARD", "SHINGLE_CHARS", "SHINGLE_WORDS", "band_hashes",
           "candidates_among", "copy_order", "find_near_copies", "jaccard", "link_new_copies", "shingles"]

#: Words per shingle. Five is the usual choice for news-sized texts (Broder): short enough
#: that an edited sentence spoils few shingles, long enough that shared phrases ("the
#: Collective Security Treaty Organization") do not make two reports look alike.
SHINGLE_WORDS = 5
#: Characters of a body that are shingled (cut at the last space before the limit). News
#: articles run 2-10k characters and long reads 30-60k, so they are shingled whole (on the
#: T17 and ECB+ dev sets, 4 of 1,908 texts are longer, and the 14 near-copy links found
#: are the same with and without the bound: benchmarks/near_copies.py). Two texts that agree
#: on their first 100,000 characters (some 16,000 words) are one text re-published, for
#: news; unbounded, a live blog or a scraped page of 0.5-15 MB cost a MinHash over millions
#: of shingles (a 15 MB page of varied words: 8.7 s and 1.6 GB for its band hashes, 0.05 s
#: and 235 MB bounded). The same bound as story analysis (`settings.MAX_ANALYSIS_CHARS`),
#: so one page's work stays bounded in every stage.
SHINGLE_CHARS = 100_000
#: Exact Jaccard of two bodies' shingle sets at or above which they are one text.
#: Calibrated on examples/ (tests/test_stories.py pins it): the Eurasia Wire re-print of the
#: TASS report (new headline, front matter, share buttons, mojibake, last paragraph
#: dropped) scores 0.87 with it; independent reports of one event score at most 0.04; the
#: TASS text cut to its first half scores 0.42 with the whole (a shortened version is
#: still a copy in spirit, but one that lost half its facts should count on its own).
#: 0.7 sits in the gap with room on both sides.
NEAR_COPY_JACCARD = 0.7
#: LSH proposes pairs above this estimated Jaccard; lower than the verification threshold so
#: that the estimate's noise (about ±0.04 at 128 permutations) loses no true pair.
_LSH_THRESHOLD = 0.5
_PERMUTATIONS = 128
_SEED = 1


def shingles(text: str) -> set[bytes]:
    """The word 5-shingles of `text`'s first `SHINGLE_CHARS` characters (a shorter text is
    one shingle, an empty one none)."""
    tokens = words(_shingled_part(text))
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def _shingled_part(text: str) -> str:
    """At most SHINGLE_CHARS characters of `text`, cut at a space so no word is halved."""
    if len(text) <= SHINGLE_CHARS:
        return text
    window = text[:SHINGLE_CHARS + 1]  # a space just after the limit keeps the last word
    cut = max(window.rfind(" "), window.rfind("\n"))
    return window[:cut] if cut > 0 else window[:SHINGLE_CHARS]


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets: nothing to compare is not a copy)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def copy_order(article: Article) -> tuple[bool, dt.date, bool, int, str]:
    """Which copy of a text came first: the earlier date, then the agency's own copy, then
    the one that arrived first."""
    undated, published, arrival, article_id = order_key(article)
    agency, source = article.dateline_agency, article.source
    reprint = not (agency and source and agency.casefold() == source.casefold())
    return (undated, published, reprint, arrival, article_id)


#: Names the shingling, the permutations and the banding: band hashes stored under another
#: version are computed again.
BANDS_VERSION = f"w{SHINGLE_WORDS}-c{SHINGLE_CHARS}-p{_PERMUTATIONS}-s{_SEED}-t{_LSH_THRESHOLD}"


def _signature(text_shingles: set[bytes]) -> MinHash:
    permutations, scheme = _permutations()
    signature = MinHash(num_perm=_PERMUTATIONS, seed=_SEED, permutations=permutations,
                        scheme=scheme)
    signature.update_batch(list(text_shingles))
    return signature


def band_hashes(text: str) -> list[int]:
    """The LSH band hashes of a text's MinHash signature, one per band, as signed 64-bit
    integers (an SQLite INTEGER): two texts are candidate copies when any band agrees,
    exactly the pairs `MinHashLSH` with the same threshold proposes. No band for an empty text
    (a 64-bit hash may meet by chance: candidates are verified by exact Jaccard)."""
    found = shingles(text)
    if not found:
        return []
    values = _signature(found).hashvalues
    lsh = _banding()
    return [int.from_bytes(hashlib.blake2b(values[start:end].tobytes(), digest_size=8).digest(),
                           "little", signed=True)
            for start, end in lsh.hashranges]


@cache
def _permutations() -> tuple[object, str]:
    """The seeded permutations (and the scheme they are for), made once: datasketch draws
    them again for every MinHash it is not given them (5% of a refresh placing a day's
    articles)."""
    made = MinHash(num_perm=_PERMUTATIONS, seed=_SEED)
    return made.permutations, made.scheme


@cache
def _banding() -> MinHashLSH:
    return MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=_PERMUTATIONS)


def link_new_copies(new: Sequence[Article], candidates: Mapping[str, Sequence[Article]],
                    links: Mapping[str, str], old: Mapping[str, Article]) -> dict[str, str]:
    """`find_near_copies` over old and new articles, given the old articles' links and,
    per new article, the articles its band hashes met (old or new): old-old pairs were
    settled when the old articles came, so only pairs with a new article are verified.
    Same result as the full pass over everything."""
    everyone: dict[str, Article] = {**old, **{a.id: a for a in new}}
    rank = {key: i for i, key in enumerate(sorted(everyone, key=lambda k: copy_order(everyone[k])))}
    parent = {key: key for key in everyone}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:  # the earlier article stays the root, so roots are canonical copies
            parent[max(a, b, key=rank.__getitem__)] = min(a, b, key=rank.__getitem__)

    for copy, canonical in links.items():
        if copy in everyone and canonical in everyone:
            union(copy, canonical)
    sets: dict[str, set[bytes]] = {}

    def shingled(article: Article) -> set[bytes]:
        if article.id not in sets:
            sets[article.id] = shingles(article.text)
        return sets[article.id]

    for article in new:
        for other in candidates.get(article.id, ()):
            if other.id != article.id and jaccard(shingled(article), shingled(other)) >= NEAR_COPY_JACCARD:
                union(article.id, other.id)
    return {key: root(key) for key in parent if root(key) != key}


def find_near_copies(articles: Sequence[Article],
                     hashes: Mapping[str, Sequence[int]] | None = None) -> dict[str, str]:
    """Article id -> the id of the earliest copy of its text, for every article that is a
    near-copy of an earlier one (canonical articles are not keys). Pure: same input, same
    output, in any order. `hashes` (article id -> `band_hashes`) spares computing them
    when the caller has them already."""
    unique = {a.id: a for a in articles}
    hashes = hashes if hashes is not None else {key: band_hashes(a.text) for key, a in unique.items()}
    met = candidates_among(hashes)
    candidates = {key: [unique[other] for other in met.get(key, ())] for key in unique}
    return link_new_copies(list(unique.values()), candidates, {}, {})


def candidates_among(hashes: Mapping[str, Sequence[int]]) -> dict[str, set[str]]:
    """For each article, the others sharing a band hash with it (the LSH candidates).
    One band at a time: a rebuild holds one band's buckets (an entry per article), not
    every band's at once (25 per article: 4.4 GB at a million articles)."""
    met: dict[str, set[str]] = {}
    for band in range(max((len(values) for values in hashes.values()), default=0)):
        buckets: dict[int, list[str]] = {}
        for article_id, values in hashes.items():
            if band < len(values):
                buckets.setdefault(values[band], []).append(article_id)
        for members in buckets.values():
            if len(members) > 1:
                for article_id in members:
                    met.setdefault(article_id, set()).update(
                        m for m in members if m != article_id)
    return met
