"""The batch's entities: mentions resolved, named, given stable ids and roles.

1. types are corrected and missed names added with the batch as evidence
   (`corrections`), and surface forms grouped (`grouping`);
2. each group becomes an `Entity` named by its longest full form: most words, then most
   mentions, then most characters (for organisations and places a non-acronym first, for
   places the usual name of a demonym or alias); its id is a hash of the type family and
   that name, so the same group gets the same id in every run;
3. roles found next to a holder's mentions are attached, their "of" resolved through the
   batch's aliases ("CSTO" -> the organisation, "Kazakh" -> Kazakhstan).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from storyline.language.corrections import corrected
from storyline.language.facts import DocumentFacts
from storyline.language.grouping import Family, Grouping, Node, Ref, place_name
from storyline.language.lexicon import DEMONYM_FORMS, DEMONYMS, PORTFOLIOS
from storyline.language.mentions import Candidate
from storyline.language.names import acronym, fold
from storyline.language.records import Entity, Mention, MentionType, Role
from storyline.language.roles import RoleCandidate

_POSSESSIVE_END = re.compile(r"\s?['’]s?$")
_LABEL_WORD = re.compile(r"\S+")
#: Which entity an alias names when several share it: organisations first ("Kremlin").
_ALIAS_PRIORITY = ("ORG", "GPE", "LOC", "PERSON", "NORP")


def entity_id(family: Family, name: str) -> str:
    """Stable id: the same family and canonical name give the same id in every run."""
    return hashlib.sha256(f"{family}:{name}".encode()).hexdigest()[:16]


def resolve_batch(article_ids: Sequence[str], texts: Sequence[str],
                  facts: Sequence[DocumentFacts]) -> tuple[list[list[Mention]], list[Entity]]:
    """Per article its mentions (sorted), and the batch's entities (by type, then name)."""
    candidates = corrected(texts, facts)
    assigned = Grouping(candidates).assign()
    entities = _entities(candidates, assigned)
    ids = {root: entity.id for root, entity in entities.items()}
    mentions = []
    for a, article in enumerate(candidates):
        found = []
        for i, c in enumerate(article):
            root = assigned[a, i]
            found.append(Mention(text=c.text, start=c.start, end=c.end, type=c.type,
                                 label=c.label, entity_id=ids[root] if root else None))
        mentions.append(found)
    roles = _roles(article_ids, texts, facts, mentions, list(entities.values()))
    final = [replace(e, roles=tuple(roles.get(e.id, ()))) for e in entities.values()]
    return mentions, sorted(final, key=lambda e: (e.type, e.name, e.id))


def _entities(articles: list[list[Candidate]],
              assigned: dict[Ref, Node | None]) -> dict[Node, Entity]:
    names: dict[Node, Counter[str]] = defaultdict(Counter)
    aliases: dict[Node, set[str]] = defaultdict(set)
    labels: dict[Node, Counter[MentionType]] = defaultdict(Counter)
    for a, article in enumerate(articles):
        for i, c in enumerate(article):
            root = assigned[(a, i)]
            if root is None:
                continue
            aliases[root].add(c.text)
            labels[root][c.type] += 1
            names[root][_name_form(root[0], c)] += 1
    entities = {}
    for root, counts in names.items():
        family = root[0]
        name = min(counts.items(), key=lambda item: _rank(family, *item))[0]
        if family == "PLACE":
            kinds = labels[root]
            kind: MentionType = "LOC" if kinds["LOC"] > kinds["GPE"] else "GPE"
        else:
            kind = family
        entities[root] = Entity(id=entity_id(family, name), name=name, type=kind,
                                aliases=tuple(sorted(aliases[root] | {name})),
                                mentions=sum(labels[root].values()))
    return entities


def _name_form(family: Family, c: Candidate) -> str:
    """The name a mention offers its entity: a place's usual name, a demonym's singular."""
    if family == "PLACE":
        return place_name(c)
    if family == "NORP":
        return DEMONYM_FORMS.get(c.text, c.text)
    return c.text


def _rank(family: Family, name: str, count: int) -> tuple[bool, int, int, int, str]:
    """Sort key of a candidate canonical name: smallest wins."""
    demonym = family == "PLACE" and name in DEMONYM_FORMS
    short = family != "PERSON" and (acronym(name) is not None or name.isupper())
    return demonym or short, -len(name.split()), -count, -len(name), name


def _roles(article_ids: Sequence[str], texts: Sequence[str], facts: Sequence[DocumentFacts],
           mentions: list[list[Mention]], entities: Sequence[Entity]) -> dict[str, list[Role]]:
    by_alias, places = alias_index(entities)
    roles: dict[str, list[Role]] = defaultdict(list)
    for article_id, article_text, fact, article in zip(article_ids, texts, facts, mentions,
                                                       strict=True):
        holders = {(m.start, m.end): m for m in article}
        for candidate in fact.roles:
            holder = holders.get(candidate.holder)
            if holder is None or holder.type != "PERSON" or holder.entity_id is None:
                continue
            of = modifier_entity(candidate.modifier, by_alias, places)
            text = fold(f"{candidate.modifier} {candidate.title}" if candidate.modifier
                        else candidate.title).replace("'s ", " ")
            role = Role(
                text=text, label=role_label(article_text, candidate, article),
                title=candidate.title, of=of, holder=holder.entity_id,
                article_id=article_id, start=candidate.start, end=candidate.end)
            if role not in roles[holder.entity_id]:  # a holder found twice on one span
                roles[holder.entity_id].append(role)
    return roles


def role_label(text: str, candidate: RoleCandidate, mentions: Sequence[Mention]) -> str:
    """A role as a reader is shown it: what it is of, its names and acronyms as written
    and its other words in lower case ("WHO", "World Health Organization", "Mexican
    health"), then its title in lower case ("chief"). Folding the whole role made "who
    chief" of the WHO's chief."""
    modifier = candidate.modifier
    if not modifier:
        return candidate.title
    at = text.find(modifier, candidate.start, candidate.end)
    words = []
    for match in _LABEL_WORD.finditer(modifier):
        word, start, end = match.group(), at + match.start(), at + match.end()
        named = at >= 0 and any(m.start <= start and end <= m.end and (
            " " in m.text or word.casefold() not in PORTFOLIOS) for m in mentions)
        keep = named or acronym(word.rstrip("'’s")) is not None or word in DEMONYM_FORMS
        words.append(word if keep else word.casefold())
    written = _POSSESSIVE_END.sub("", " ".join(words))
    return f"{written} {candidate.title}"


def alias_index(entities: Sequence[Entity]) -> tuple[dict[str, str], dict[str, str]]:
    """(folded alias -> entity id, place name -> entity id) for `modifier_entity`."""
    by_alias: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: (_ALIAS_PRIORITY.index(e.type), e.name)):
        for alias in entity.aliases:
            by_alias.setdefault(fold(alias), entity.id)
            if (short := acronym(alias)) is not None:  # "U.N." is found as "UN" too
                by_alias.setdefault(fold(short), entity.id)
    places = {e.name: e.id for e in entities if e.type in ("GPE", "LOC")}
    return by_alias, places


def modifier_entity(modifier: str | None, by_alias: dict[str, str],
                    places: dict[str, str]) -> str | None:
    """The entity a role's modifier names: "CSTO", "the Kremlin", "Kazakh" (its country)."""
    if not modifier:
        return None
    modifier = re.sub(r"(?:'s|’s)$", "", modifier.strip())
    if modifier in DEMONYM_FORMS:
        return places.get(DEMONYMS[DEMONYM_FORMS[modifier]])
    found = by_alias.get(fold(modifier))
    if found is None and (short := acronym(modifier)) is not None:
        found = by_alias.get(fold(short))
    return found
