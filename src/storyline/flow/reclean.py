"""Re-clean the stored articles from their raw records, without the input files.

What the cleaner makes of a page changes as it learns (the publisher's typographic quotes
kept, since migration 0050's time; furniture cut). The store keeps every raw record, so a
store made before such a change is brought up to date here: each article is cleaned again
and its stored fields replaced when the result is still the same article (the same id:
the same outlet and text, quotes folded). An article whose text now cleans to something
else keeps its stored version (replacing it would change its id under its stories): it is
counted, and a re-ingest of its file stores the new version beside it.

Reads cached from the old text (sentences, claims, story analyses) are dropped by the
store when a text changes (migration 0050) and made again when next needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from storyline.clean import clean_document, resolve_pending
from storyline.model import Article, Drop, PendingYear, RawDocument
from storyline.store import Store

__all__ = ["RecleanReport", "reclean"]


@dataclass(kw_only=True)
class RecleanReport:
    """Counts a person can check: articles read, updated, already current, left as they
    were (their text now cleans to another article, or no longer cleans), and those whose
    raw record is missing."""

    articles: int = 0
    updated: int = 0
    current: int = 0
    kept: int = 0
    missing_raw: int = 0


def reclean(store: Store, batch_size: int = 200,
            on_article: Callable[[], None] | None = None) -> RecleanReport:
    """Clean every stored article again from its raw record (see the module); idempotent:
    a second run updates nothing. Each batch is one transaction."""
    report = RecleanReport()
    batch: list[tuple[Article, RawDocument]] = []
    for stored in list(store.articles()):
        report.articles += 1
        raw = store.raw_document(stored.raw_sha256)
        if raw is None:
            report.missing_raw += 1
        else:
            fresh = _cleaned(raw, stored)
            if fresh is None or fresh.id != stored.id:
                report.kept += 1
            elif fresh == stored:
                report.current += 1
            else:
                batch.append((fresh, raw))
                report.updated += 1
        if len(batch) >= batch_size:
            store.write_batch(batch)
            batch = []
        if on_article is not None:
            on_article()
    if batch:
        store.write_batch(batch)
    return report


def _cleaned(raw: RawDocument, stored: Article) -> Article | None:
    """The article `raw` cleans to now, its batch-level decisions (a dateline's year taken
    from the collection, a near-copy link) kept from the stored version."""
    result = clean_document(raw)
    if isinstance(result, Drop):
        return None
    if isinstance(result, PendingYear):
        result = resolve_pending(result, [stored.published] if stored.published else [])
        if stored.published_from == "corpus":
            result = replace(result, published=stored.published,
                             dateline_date=stored.dateline_date)
    return replace(result, duplicate_of=stored.duplicate_of)
