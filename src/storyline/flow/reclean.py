"""Re-clean the stored articles from their raw records, without the input files.

What the cleaner makes of a page changes as it learns (the publisher's typographic quotes
kept, since migration 0050's time; furniture cut). The store keeps every raw record, so a
store made before such a change is brought up to date here: each article is cleaned again
and its stored fields replaced, its id kept. When the text itself changes (more furniture
cut), the article is upgraded in place as a teaser given its full text is (`Store.
write_batch` finds it by its raw record): its cached reads are dropped and the next
refresh places it again by its new text (its story is read, not the archive). An
article that no
longer cleans to anything (a page now dropped as furniture), or that now cleans to
another stored article's text, keeps its stored version and is counted as kept.

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
    """Counts a person can check: articles read, updated (their text changed, or other
    fields), already current, left as they were (they no longer clean to an article, or
    clean to another stored article's text), and those whose raw record is missing."""

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
            if fresh is None:
                report.kept += 1
            elif replace(fresh, id=stored.id) == stored:  # an upgraded text keeps its old id
                report.current += 1
            elif fresh.text != stored.text and fresh.id != stored.id:
                if store.article(fresh.id) is not None:  # another stored article's text
                    report.kept += 1
                else:  # found by its raw record and upgraded in place
                    batch.append((fresh, raw))
                    report.updated += 1
            else:  # the same text, other fields: updated under the stored id
                batch.append((replace(fresh, id=stored.id), raw))
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
