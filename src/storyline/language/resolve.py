"""From a role phrase to the person holding the role: "the Kremlin spokesman" -> Peskov.

The phrase is read as [determiner] [modifiers] role words [of modifiers]: the role words
give a title ("spokesman" is "spokesperson", "premier" is "prime minister"); a generic head
("chief", "head", "leader") stands for the top title of whatever the modifier names, tried
in `TOP_TITLES` order; "head of state" for a country's president (or monarch). The
modifiers must name an entity of the batch (an alias, an acronym, or a demonym for its
country). The answer is the one person recorded with that title of that entity; with two
such people, or none, the answer is None: a guess is worse than no answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.language.entities import alias_index, modifier_entity
from storyline.language.lexicon import GENERIC_HEADS, HEAD_OF_STATE_TITLES, ROLE_WORDS, TOP_TITLES
from storyline.language.records import Entity, Role
from storyline.language.roles import normal_title, title_class

_WORD = re.compile(r"[\w.&'’-]+")
_DETERMINERS = frozenset("the a an its their his her our".split())


@dataclass(frozen=True, kw_only=True)
class RoleIndex:
    """A batch's entities as role phrases are resolved against them, built once per batch
    (a story): its thousands of quotes each resolving a role against every entity again
    made a story's analysis grow with the square of its size."""

    by_id: Mapping[str, Entity]
    by_alias: dict[str, str]
    places: dict[str, str]
    place_ids: frozenset[str]
    #: Title class -> (holder, role) for every recorded role, in entity then role order.
    holders: Mapping[str, tuple[tuple[Entity, Role], ...]]

    @classmethod
    def of(cls, entities: Sequence[Entity]) -> RoleIndex:
        by_alias, places = alias_index(entities)
        holders: dict[str, list[tuple[Entity, Role]]] = {}
        for entity in entities:
            for role in entity.roles:
                holders.setdefault(title_class(role.title), []).append((entity, role))
        return cls(by_id={e.id: e for e in entities}, by_alias=by_alias, places=places,
                   place_ids=frozenset(places.values()),
                   holders={k: tuple(v) for k, v in holders.items()})


def _index(entities: Sequence[Entity] | RoleIndex) -> RoleIndex:
    return entities if isinstance(entities, RoleIndex) else RoleIndex.of(entities)


def resolve_role(phrase: str, entities: Sequence[Entity] | RoleIndex, *,
                 context: str | None = None) -> Entity | None:
    """The person holding the role `phrase` names, or None when none or several fit.

    `entities`: the batch's, or their `RoleIndex` (built once for many phrases).
    `context` is the id of the place a story is about: it stands in for a missing
    modifier ("the head of state" -> that country's president).
    """
    words = [re.sub(r"(?:'s|’s)$", "", w) for w in _WORD.findall(phrase)]
    words = [w for w in words if w.casefold() not in _DETERMINERS]
    title, rest = _title(words)
    if title is None:
        return None
    index = _index(entities)
    of: str | None = context
    if rest:
        of = modifier_entity(" ".join(rest), index.by_alias, index.places)
        if of is None:
            return None  # the phrase names something this batch does not know
    if title == "head of state":
        titles: tuple[str, ...] = HEAD_OF_STATE_TITLES
    elif title in GENERIC_HEADS:
        titles = TOP_TITLES
    else:
        titles = (title,)
    for wanted in titles:
        holders = {e.id: e for e, r in index.holders.get(wanted, ())
                   if (of is None or r.of == of)
                   and (title != "head of state" or r.of in index.place_ids)}
        if len(holders) == 1:
            return next(iter(holders.values()))
        if holders:
            return None
    return None


def resolve_described_role(phrase: str, entities: Sequence[Entity] | RoleIndex, *,
                           article_id: str | None = None) -> Entity | None:
    """The person holding a role whose organisation is described, not named: "the
    alliance's secretary general", "the post-Soviet security bloc's chief". The holder is
    the one person the article names with that title of some body ("CSTO Secretary
    General Stanislav Zas": a title with a modifier; a generic "chief" or
    "head" tried through `TOP_TITLES`), else the one the story names (`entities` are the
    story's); two holders, or none, and the answer is None."""
    words = [re.sub(r"(?:'s|’s)$", "", w) for w in _WORD.findall(phrase)]
    words = [w for w in words if w.casefold() not in _DETERMINERS]
    title, rest = _title(words)
    if title is None or not rest or any(not w[:1].islower() for w in rest):
        return None
    titles = TOP_TITLES if title in GENERIC_HEADS else (title,)
    index = _index(entities)
    for scope in ((article_id,), None) if article_id is not None else (None,):
        for wanted in titles:
            holders = {e.id: e for e, r in index.holders.get(wanted, ())
                       if (r.of is not None or r.text != r.title)
                       and (scope is None or r.article_id in scope)}
            if len(holders) == 1:
                return next(iter(holders.values()))
            if holders:
                return None
    return None


def _title(words: list[str]) -> tuple[str | None, list[str]]:
    """(title, modifier words) of a role phrase; "head of state" and "head of government"
    are titles made of common words."""
    lowered = [w.casefold() for w in words]
    for index in range(len(lowered) - 2):
        if lowered[index] == "head" and lowered[index + 1] == "of" and lowered[index + 2] in (
                "state", "government"):
            title = "head of state" if lowered[index + 2] == "state" else "prime minister"
            return title, words[:index] + words[index + 3:]
    role = [w for w in words if w.casefold() in ROLE_WORDS]
    if not role:
        return None, []
    rest = [w for w in words if w.casefold() not in ROLE_WORDS and w.casefold() != "of"]
    return title_class(normal_title(role)), rest
