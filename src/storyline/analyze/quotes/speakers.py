"""From the words naming a speaker to the story's entity, without guessing.

- a name: the PERSON mention inside the phrase ("Kremlin spokesman [Dmitry Peskov]"), via its
  entity id (None when the language layer left a shared surname unresolved);
- a role noun: `resolve_role` ("the Kremlin spokesman", "the head of state"), with the
  article's dominant country as context; a role of a body described, not named ("the
  alliance's secretary general", "the post-Soviet security bloc's chief"): the one holder
  of that title the article names, else the story's (`resolve_described_role`);
- an organisation named as the phrase's head ("the Kremlin", "Russia's Defense Ministry"),
  or by its head noun alone when the article named one such before ("the ministry");
- a pronoun (he, she, his, her): the one PERSON named in the nearest earlier sentence that
  names any, outside quoted content (what a speaker reports is not who speaks). Two people
  there, or an unresolved name, and the answer is None: a wrong guess is worse than none;
- "it" or "they" opening the sentence after one opened by an organisation that spoke: that
  organisation (`same_body`); "scientists at [the Office]" speak for the office;
- several speakers joined by "and" ("Mr. Grassley and Mr. Leahy", "He and Fukuda"): None,
  and `together` gives each of them when all resolve (`several`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.analyze.quotes.lexicon import PERSON_PRONOUNS
from storyline.analyze.quotes.phrases import Span2
from storyline.analyze.quotes.several import AFFILIATION, PERSON_OBJECT, affiliated, joined
from storyline.language import Entity, Mention, RoleIndex, resolve_described_role, resolve_role
from storyline.language.lexicon import COUNTRIES

#: How many sentences back a pronoun looks for the person it stands for.
PRONOUN_SENTENCES = 3
#: The article's top country stands in for a missing modifier ("the president") only when
#: it has at least this many mentions and twice as many as the next country.
CONTEXT_MIN_MENTIONS = 2
#: A name followed by a possessive and more words names whose the speaker is, not the
#: speaker: "Reid's rep", "Rubio's campaign manager", "Gray ’ s cousin".
_POSSESSOR = re.compile(r"\s?['’]\s?s?\s+\S")
#: "and" right after a name in a speaker phrase: the phrase names several speakers
#: (unless the name is an affiliation's, `several.AFFILIATION`).
_AND = re.compile(r"\s+and\s+\S")
#: A person named as the one whom someone speaks for or belongs to ("Murray's lawyer"):
#: a pronoun after it may stand for that someone, who is not named.
_AGENT_OF = re.compile(r"\s?['’]\s?s?\s+(?:[a-z]+\s+)?(?:lawyer|lawyers|attorney|attorneys|"
                       r"spokesman|spokeswoman|spokesperson|aide|aides|adviser|advisor|agent|"
                       r"manager|publicist|representative|rep|wife|husband|son|daughter|"
                       r"brother|sister|mother|father|friend|partner|doctor|assistant)\b")
_MASCULINE = frozenset("he him his himself".split())
_FEMININE = frozenset("she her hers herself".split())
_SUBJECTS = frozenset({"he", "she"})
#: What lies between a possessive and the name it is in apposition with: "his wife, Jane",
#: "her publicist, Jack Ketsoyan", "a co-worker of hers, Kenneth Dorsey" (the pronoun is
#: someone else's).
_APPOSED = re.compile(r"(?:\s+[\w'’-]+){0,3},\s*")
_PRONOUN_WORD = re.compile(r"(?<![\w'’-])(?:he|him|his|himself|she|her|hers|herself)(?![\w'’-])",
                           re.IGNORECASE)
#: A place or body named after one of these is where or to whom the speaker is, not who
#: speaks: "Chad's ambassador to France", "officials in Moscow" ("a spokesman for the
#: ministry" does speak for it).
_PLACE_OBJECT = re.compile(r"(?<![\w'’-])(?:to|in|at|from|near|with)\s+(?:the\s+)?$",
                           re.IGNORECASE)
#: A person described as part of a body: "the drummer of the Voss Brothers", "a member of
#: the board", "a member of the government's commission", "the lawyer of the family" speak
#: as themselves, not for the body (a "spokesman for the ministry" does speak for it).
_MEMBER_OF = re.compile(r"(?<![\w'’-])(?:member|members|drummer|singer|guitarist|bassist|"
                        r"vocalist|frontman|frontwoman|keyboardist|founder|co-founder|player|"
                        r"star|captain|coach|fan|fans|lawyer|attorney|doctor|client|son|"
                        r"daughter|brother|sister|wife|husband|mother|father|friend)\s+"
                        r"(?:of|from|in|with)\s+(?:the\s+)?(?:[\w-]+['’]s\s+)?$",
                        re.IGNORECASE)


#: People who speak for the organisation they work at: "scientists at the Meteorological
#: Office", "analysts at Nordbank" (not "protesters at the embassy").
STAFF = frozenset("scientist researcher expert analyst economist official spokesman "
                  "spokeswoman spokesperson engineer meteorologist forecaster seismologist "
                  "volcanologist geologist".split())
_AT = re.compile(r"([\w'’-]+)\s+at\s+(?:the\s+)?$")
#: What may open a sentence before "It" or "they" continues its subject ("But they ...").
_CONNECTIVE = re.compile(r"\s*(?:(?:But|And|Yet|Still|However|Also)\s*,?\s*)?$")


def _staff_at(text: str, start: int, mention: Mention) -> bool:
    """"scientists at [the Office]": an ORG the speaker works at speaks through them."""
    match = _AT.search(text, start, mention.start)
    if mention.type != "ORG" or match is None:
        return False
    word = match.group(1).casefold()
    return word in STAFF or word[:-1] in STAFF


@dataclass(frozen=True, kw_only=True)
class Resolver:
    """What resolving a speaker needs from one article and its batch."""

    text: str
    mentions: tuple[Mention, ...]
    entities: dict[str, Entity]
    sentences: tuple[Span2, ...]
    contents: tuple[Span2, ...]  # quoted or reported content: no antecedents in there
    context: str | None
    article_id: str | None = None
    #: The batch's entities indexed for role phrases (built from `entities` when not given).
    roles: RoleIndex | None = None

    def resolve(self, span: Span2 | None) -> Entity | None:
        """The entity the words at `span` name, or None."""
        if span is None:
            return None
        start, end = span
        phrase = self.text[start:end]
        if phrase.casefold() in PERSON_PRONOUNS:
            return self._pronoun(start)
        inside = [m for m in self.mentions if start <= m.start and m.end <= end
                  and not _POSSESSOR.match(self.text, m.end, end)]
        if any(_AND.match(self.text, m.end, end)
               and not AFFILIATION.search(self.text, start, m.start) for m in inside
               ) or joined(self.text, start, end, inside):
            return None  # "Mr. Grassley and Mr. Leahy": several speakers, no one entity
        people = [m for m in inside if m.type == "PERSON"
                  and not PERSON_OBJECT.search(self.text, start, m.start)
                  and not affiliated(self.text, start, m)]
        if people:
            return self._entity(people[-1].entity_id)
        roles = self.roles or RoleIndex.of(list(self.entities.values()))
        role = resolve_role(phrase, roles, context=self.context)
        if role is None and self.context is not None:
            role = resolve_role(phrase, roles)  # "the secretary general" of no country
        if role is None and all(m.type == "NORP" for m in inside):
            # "the alliance's secretary general": the body described, not named
            role = resolve_described_role(phrase, roles, article_id=self.article_id)
        if role is not None:
            return role
        named = [m.end for m in inside if m.type == "PERSON"]  # "aides to Gov. X of Ohio"
        heads = [m for m in inside if m.end == end and m.type in ("ORG", "GPE")
                 and not (_PLACE_OBJECT.search(self.text, start, m.start)
                          and not _staff_at(self.text, start, m))
                 and not _MEMBER_OF.search(self.text, start, m.start)
                 and not any(at <= m.start for at in named)]
        if heads:
            return self._entity(heads[-1].entity_id)
        return self._definite(phrase, start)

    def together(self, span: Span2 | None) -> tuple[Entity, ...]:
        """The people a phrase joins by "and" ("He and Fukuda", "Dr. Weinstock of the X
        Institute and Dr. Zuccotti of Y Hospital"), each resolved, in phrase order; () when
        the phrase names one speaker, or when any of them stays unresolved (a pronoun
        resolves as a speaker's would; the same person twice is no pair)."""
        if span is None:
            return ()
        start, end = span
        inside = [m for m in self.mentions if start <= m.start and m.end <= end
                  and not _POSSESSOR.match(self.text, m.end, end)]  # not "[Michael]'s brothers"
        found = []
        for a, b in joined(self.text, start, end, inside):
            if self.text[a:b].casefold() in PERSON_PRONOUNS:
                entity = self._pronoun(a)
            else:
                entity = next((self._entity(m.entity_id) for m in inside
                               if (m.start, m.end) == (a, b)), None)
            if entity is None or entity in found:
                return ()
            found.append(entity)
        return tuple(found)

    def same_body(self, span: Span2, previous: Span2 | None, entity: Entity | None
                  ) -> Entity | None:
        """"It" or "they" opening the sentence after one whose subject was an organisation
        that spoke (`previous`, resolved to `entity`): that organisation ("The Office said
        ... . It warned that ..."). Anything else stays unresolved."""
        start, end = span
        if (self.text[start:end].casefold() not in ("it", "they") or previous is None
                or entity is None or entity.type == "PERSON"):
            return None
        here, before = self._sentence(start), self._sentence(previous[0])
        if here is None or before is None or here - before not in (0, 1):
            return None
        if not (_CONNECTIVE.fullmatch(self.text, self.sentences[here][0], start)
                and _CONNECTIVE.fullmatch(self.text, self.sentences[before][0], previous[0])):
            return None
        return entity

    def _sentence(self, at: int) -> int | None:
        return next((i for i, (s, e) in enumerate(self.sentences) if s <= at < e), None)

    def _definite(self, phrase: str, at: int) -> Entity | None:
        """"the ministry" for the one organisation named earlier in the article whose name
        ends with that noun ("the Russian Defense Ministry")."""
        words = phrase.casefold().split()
        if len(words) != 2 or words[0] != "the":
            return None
        found = {m.entity_id for m in self.mentions
                 if m.type == "ORG" and m.start < at and m.entity_id
                 and m.text.casefold().split()[-1:] == words[1:]}
        return self._entity(found.pop()) if len(found) == 1 else None

    def _entity(self, entity_id: str | None) -> Entity | None:
        return self.entities.get(entity_id) if entity_id else None

    def _pronoun(self, at: int) -> Entity | None:
        pronoun = self.text[at:at + 4].casefold().split()[0].strip(",.")
        gender = _MASCULINE if pronoun in _MASCULINE else _FEMININE
        index = max((i for i, (s, _) in enumerate(self.sentences) if s <= at), default=0)
        for back in range(index, max(-1, index - PRONOUN_SENTENCES), -1):
            s_start, s_end = self.sentences[back]
            stop = min(s_end, at)
            people = [m for m in self.mentions
                      if m.type == "PERSON" and s_start <= m.start and m.end <= stop
                      and not any(a <= m.start < b for a, b in self.contents)]
            if not people:
                continue
            ids = {m.entity_id for m in people}
            if len(ids) != 1 or None in ids:
                return None
            if any(_AGENT_OF.match(self.text, m.end) for m in people):
                return None  # "Dr Murray's lawyer said ... . He said": the lawyer, unnamed
            if not self._agrees(s_start, stop, people[0].start, gender):
                return None
            return self._entity(next(iter(ids)))
        return None

    def _agrees(self, start: int, stop: int, name_at: int, gender: frozenset[str]) -> bool:
        """Whether the person named in `start:stop` can be what the pronoun of `gender`
        stands for: the sentence does not speak of that person with the other gender's
        pronouns ("Ben attended school in his early years" is no "she"; "his wife, Jane"
        is another's), nor open with the same pronoun before the name ("He nodded to his
        finish behind Cruz": "he" is someone named earlier)."""
        words = [(m.start(), m.group().casefold())
                 for m in _PRONOUN_WORD.finditer(self.text, start, stop)
                 if not any(a <= m.start() < b for a, b in self.contents)
                 and not _APPOSED.fullmatch(self.text, m.end(), name_at)]
        other = _FEMININE if gender is _MASCULINE else _MASCULINE
        if any(w in other for _, w in words) and not any(w in gender for _, w in words):
            return False
        return not any(w in _SUBJECTS & gender and where < name_at for where, w in words)


def article_context(mentions: Sequence[Mention], entities: dict[str, Entity]) -> str | None:
    """The country an article is about, when one clearly dominates its mentions of
    countries (cities do not compete: "Almaty" is in Kazakhstan)."""
    counts = Counter(m.entity_id for m in mentions if m.type == "GPE" and m.entity_id
                     and m.entity_id in entities and entities[m.entity_id].name in COUNTRIES)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < CONTEXT_MIN_MENTIONS:
        return None
    if len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]
