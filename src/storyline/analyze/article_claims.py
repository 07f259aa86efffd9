"""The claims of one article, read once and kept.

Claims are stated by one article each (the comparison between articles is
`disagreements`), so they are found per article, against that article's own language
analysis, and can be cached: a story that grows by one report reads the claims of that
report only. The cache key holds the analysis version and the publication date (relative
dates are resolved against it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storyline.model import Article, Claim, Span, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.language import DocumentFacts

__all__ = ["article_claims", "article_timerefs", "claim_from_record", "claim_record", "claims_key",
           "timeref_from_record", "timeref_record", "wants_claims"]


def article_claims(article: Article, facts: DocumentFacts,
                   docs: Sequence[tuple[int, Doc]] | None = None,
                   refs: Sequence[TimeRef] | None = None) -> list[Claim]:
    """The claims of one article; none outside English (the rules and model are English).
    `docs` is the article's parse from the language layer (`parse_texts`), which spares a
    second one; without it the text is parsed here, the same way. `refs` are the article's
    time references (`article_timerefs`), read here when not given."""
    from storyline.analyze.claims import find_claims
    from storyline.analyze.claims_syntax import parsed_pieces
    from storyline.language import analyze

    if not wants_claims(article):
        return []
    language = analyze([(article.id, article.text)], facts=[facts])
    return find_claims(article.text, article_id=article.id, published=article.published,
                       language=language.article(article.id), entities=language.entities,
                       parsed=parsed_pieces(docs) if docs is not None else None, refs=refs)


def article_timerefs(article: Article) -> list[TimeRef]:
    """The article's time references, anchored on its publication date: what its claims
    read, and what its story's timeline reads again unless given these (the same call)."""
    from storyline.timex import find_timerefs

    return find_timerefs(article.text, article.published)


def wants_claims(article: Article) -> bool:
    """Whether the claim rules read this article: English or of unknown language."""
    return article.language in (None, "en")


def claims_key(article: Article, version: int) -> str:
    """What an article's cached claims depend on besides its text (its id hashes that)."""
    return f"v{version}|{article.published.isoformat() if article.published else '-'}"


def claim_record(claim: Claim) -> dict[str, Any]:
    return {"subject": claim.subject, "attribute": claim.attribute, "kind": claim.kind,
            "value": claim.value, "text": claim.text,
            "start": claim.evidence.start, "end": claim.evidence.end}


def claim_from_record(record: dict[str, Any], article_id: str) -> Claim:
    return Claim(subject=record["subject"], attribute=record["attribute"], kind=record["kind"],
                 value=record["value"], text=record["text"],
                 evidence=Span(article_id=article_id, start=record["start"], end=record["end"]))


def timeref_record(ref: TimeRef) -> list[Any]:
    """A time reference as the claims' cache keeps it: [start, end, type, value,
    granularity] (its text and anchor are the article's: `timeref_from_record`)."""
    return [ref.start, ref.end, ref.type, ref.value, ref.granularity]


def timeref_from_record(record: Sequence[Any], article: Article) -> TimeRef:
    """The time reference `timeref_record` kept, read in `article` (the text it was found in)."""
    start, end, kind, value, granularity = record
    return TimeRef(text=article.text[start:end], start=start, end=end, type=kind, value=value,
                   granularity=granularity, anchor=article.published)
