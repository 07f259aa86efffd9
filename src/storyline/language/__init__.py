"""The language layer: sentences, mentions and entities of news articles (spaCy + rules).

    analyze([(article_id, text), ...]) -> LanguageResult

1. the pinned English pipeline is loaded once per process and verified (`model`);
2. texts go through `nlp.pipe` in batches, with only the components the call needs, on two
   processes when the batch is large enough to pay for them (`runner`);
3. per document: sentence spans repaired for news text (`sentences`), mentions cleaned
   and corrected (`mentions`), roles next to names (`roles`), all taken out of the `Doc`
   into small records (`facts`);
4. per batch: types corrected with the batch as evidence and missed names added
   (`corrections`), surface forms merged (`grouping`, comparing names with `names`),
   entities named with stable ids and given their roles (`entities`);
5. `resolve_role` answers "the Kremlin spokesman" from the recorded roles, and
   `resolve_described_role` "the alliance's secretary general" from the article's (or the
   story's) one holder of that title (`resolve`).

Offsets are characters into the text given, which is the clean article text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.language.entities import resolve_batch
from storyline.language.facts import (
    FACTS_VERSION,
    DocumentFacts,
    facts_from_record,
    facts_record,
)
from storyline.language.model import load_pipeline, verify_pipeline
from storyline.language.records import (
    ArticleLanguage,
    Entity,
    LanguageResult,
    Mention,
    MentionType,
    Role,
    Sentence,
)
from storyline.language.resolve import RoleIndex, resolve_described_role, resolve_role
from storyline.language.runner import read_texts

__all__ = [
    "FACTS_VERSION",
    "ArticleLanguage",
    "DocumentFacts",
    "Entity",
    "LanguageResult",
    "Mention",
    "MentionType",
    "Role",
    "RoleIndex",
    "Sentence",
    "analyze",
    "facts_from_record",
    "facts_record",
    "load_pipeline",
    "mentions_for_inspect",
    "read_facts",
    "resolve_described_role",
    "resolve_role",
    "split_sentences",
    "verify_pipeline",
]


def analyze(texts: Sequence[tuple[str, str]], *,
            facts: Sequence[DocumentFacts] | None = None) -> LanguageResult:
    """Sentences and mentions of each (article_id, text), and the entities of the batch.

    Entities are merged across the whole batch, so give it the articles that belong
    together (a story, or a day's ingest). `facts`, one per text from `read_facts` (say,
    cached), spares the model; without them the texts are parsed. Raises `ModelError` if
    the pipeline is missing.
    """
    ids = [article_id for article_id, _ in texts]
    bodies = [text for _, text in texts]
    if facts is None:
        facts = read_facts(bodies)
    elif len(facts) != len(bodies):
        raise ValueError(f"{len(facts)} facts for {len(bodies)} texts")
    mentions, entities = resolve_batch(ids, bodies, facts)
    articles = tuple(
        ArticleLanguage(article_id=article_id,
                        sentences=tuple(Sentence(start=s, end=e) for s, e in fact.sentences),
                        mentions=tuple(found))
        for article_id, fact, found in zip(ids, facts, mentions, strict=True)
    )
    return LanguageResult(articles=articles, entities=tuple(entities))


def read_facts(texts: Sequence[str]) -> list[DocumentFacts]:
    """What the model reads in each text (the costly, per-text half of `analyze`)."""
    return read_texts(texts, entities=True)


def split_sentences(texts: Sequence[str]) -> list[tuple[Sentence, ...]]:
    """The sentences of each text, without named-entity recognition (about a third cheaper)."""
    return [tuple(Sentence(start=s, end=e) for s, e in fact.sentences)
            for fact in read_texts(texts, entities=False)]


def mentions_for_inspect(text: str, result: LanguageResult | None = None) -> dict[str, Any]:
    """What `storyline inspect --json` shows of one article: its sentences, its mentions
    with the entity each resolves to, and those entities with their roles. `result` is
    `analyze([("inspect", text)])` when the caller has it already."""
    result = result or analyze([("inspect", text)])
    article = result.articles[0]
    names = {entity.id: entity.name for entity in result.entities}
    return {
        "sentences": [{"text": text[s.start:s.end], "start": s.start, "end": s.end}
                      for s in article.sentences],
        "mentions": [{"text": m.text, "start": m.start, "end": m.end, "type": m.type,
                      "entity": names.get(m.entity_id) if m.entity_id else None,
                      "entity_id": m.entity_id, "label": m.label}
                     for m in article.mentions],
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                      "mentions": e.mentions,
                      "roles": [{"text": r.text, "title": r.title, "of": r.of,
                                 "start": r.start, "end": r.end} for r in e.roles]}
                     for e in result.entities],
    }
