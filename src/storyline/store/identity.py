"""Which stored article a new record is another copy of, and whether it brings more text.

A feed first gives a headline and a teaser, later the full article under the same guid or
URL: the stored article is then upgraded in place and keeps its id (ids hash the outlet and
the text an article was first stored with). The same source id is not enough on its own:
JSON ids ("1", "2", ...) repeat across exports, so the two copies must also read as one
article: the same title, or most of the shorter copy's words found in the longer one.

Two full texts under one URL or guid are two articles unless their texts are the same (a
live blog keeps its URL and title while its text changes every day: each day's copy is
kept, as before); the same full text is the copy that upgraded a teaser, read again.
"""

from __future__ import annotations

import re
from typing import Literal

from storyline.model import Article

#: Share of the shorter copy's distinct words that must appear in the longer one for two
#: records with the same source id or URL to be one article when their titles differ. Set
#: by hand, then measured (benchmarks/records.py, 364 ECB+ documents with a title line):
#: a title is accepted against its own body in 82% of documents and against an unrelated
#: document (another topic: two records colliding on an id) in 1.9%; a first sentence in
#: 100% and 6.3%. 0.6 would refuse more collisions (0.3%, 1.6%) but also 29% of the true
#: title-only copies. Reports of the same event by others cannot be told apart by words
#: (78% accepted at 0.5): the source id and outlet must already agree.
SAME_ARTICLE_OVERLAP = 0.5
_WORD = re.compile(r"\w+")


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


def _title(article: Article) -> str:
    return " ".join(_WORD.findall((article.title or "").casefold()))


def body_chars(article: Article) -> int:
    """How much text a copy carries: a headline-only article's text is its title (none)."""
    return 0 if article.text_kind == "headline" else len(" ".join(article.text.split()))


def same_article(stored: Article, incoming: Article) -> bool:
    """True when two records with the same source id or URL are copies of one article."""
    if _title(stored) and _title(stored) == _title(incoming):
        return True
    shorter, longer = sorted((stored, incoming), key=body_chars)
    words = _words(shorter.text) | _words(shorter.title)
    if not words:
        return False
    found = words & (_words(longer.text) | _words(longer.title))
    return len(found) / len(words) >= SAME_ARTICLE_OVERLAP


def copy_of(stored: Article, incoming: Article) -> Literal["upgrade", "same"] | None:
    """How `incoming`, found under the same source id or URL as `stored`, relates to it:
    "upgrade" (a copy with more text), "same" (a copy with no more text: nothing changes),
    or None (another article)."""
    if stored.text_kind == "full" and incoming.text_kind == "full":
        return "same" if _normalised(stored.text) == _normalised(incoming.text) else None
    if not same_article(stored, incoming):
        return None
    return "upgrade" if body_chars(incoming) > body_chars(stored) else "same"


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def upgraded(stored: Article, incoming: Article) -> Article:
    """The stored article with the fuller copy's text, title, kind and record, keeping its
    id, and what the fuller copy does not say (date, outlet, link) from the stored one."""
    dated = incoming.published is not None
    return Article(
        id=stored.id,
        origin=incoming.origin,
        raw_sha256=incoming.raw_sha256,
        text=incoming.text,
        title=incoming.title or stored.title,
        source=incoming.source or stored.source,
        url=incoming.url or stored.url,
        published=incoming.published if dated else stored.published,
        published_from=incoming.published_from if dated else stored.published_from,
        dateline_place=incoming.dateline_place,
        dateline_agency=incoming.dateline_agency,
        dateline_date=incoming.dateline_date,
        language=incoming.language or stored.language,
        duplicate_of=stored.duplicate_of,
        source_id=incoming.source_id or stored.source_id,
        text_kind=incoming.text_kind,
    )
