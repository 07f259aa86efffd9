"""What the language layer hands on: frozen, keyword-constructed records.

Defined here until the owner of `storyline.model` moves them there. Every offset is a
character offset into the article text the record was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

#: Mention types: spaCy's labels, after our corrections (a demonym standing for its state,
#: "Kazakh authorities", is a GPE mention of Kazakhstan; other demonyms stay NORP).
MentionType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP"]


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """A sentence as a span: `text[start:end]`, without surrounding whitespace."""

    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Mention:
    """A name in the text and the entity it denotes.

    `label` is what the model said (None when a rule found the mention); `type` is ours.
    `entity_id` is None when the mention cannot be resolved without guessing (a bare
    surname shared by two people).
    """

    text: str
    start: int
    end: int
    type: MentionType
    label: str | None
    entity_id: str | None


@dataclass(frozen=True, kw_only=True)
class Role:
    """A role seen next to a name: "CSTO Secretary General Stanislav Zas".

    `text` is the normalised role ("csto secretary general"), `title` its head
    ("secretary general"), `of` the entity the role belongs to (the CSTO) when the text
    names one; `start`/`end` span the role words in the article.
    """

    text: str
    title: str
    of: str | None
    holder: str
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Entity:
    """One person, organisation, place or group across the articles of a batch.

    `id` is stable: a hash of the type family and the canonical name. `aliases` holds every
    surface form seen (the name included), sorted.
    """

    id: str
    name: str
    type: MentionType
    aliases: tuple[str, ...]
    mentions: int
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ArticleLanguage:
    """What the language layer found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, kw_only=True)
class LanguageResult:
    """A batch: per article its sentences and mentions, and the batch's entities."""

    articles: tuple[ArticleLanguage, ...]
    entities: tuple[Entity, ...]

    def article(self, article_id: str) -> ArticleLanguage:
        """The result for one article (KeyError if it was not in the batch)."""
        return self._articles[article_id]

    def entity(self, entity_id: str) -> Entity:
        """An entity by id (KeyError if unknown)."""
        return self._entities[entity_id]

    @cached_property
    def _articles(self) -> dict[str, ArticleLanguage]:
        """Lookup tables, built on first use (a frozen instance may still cache)."""
        return {article.article_id: article for article in self.articles}

    @cached_property
    def _entities(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}
