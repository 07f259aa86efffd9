"""Mention types and missed mentions, corrected with the whole batch as evidence.

1. a name-like ORG whose last word is a person's surname elsewhere in the batch becomes
   PERSON ("Kassym-Jomart Tokayev" tagged ORG, the model's known error with hyphenated
   names), as does a full name whose surname is the feminine form of one ("Lyudmila
   Putina" beside "Vladimir Putin": a person, and not merged with him);
2. each surface form takes the type most of its mentions have; an all-caps form votes only
   when no other form exists ("ALMATY" tagged ORG follows "Almaty", GPE); a "person" or
   "group" written after "in", "around", "the town of" votes for a place, and a person's
   name written so at least a third of the time is a place ("in Porto Alegre");
3. names the model missed are added where a surface form of the batch stands on token
   boundaries and is capitalised ("thanked the CSTO"), and where a capitalised word
   standing alone has the skeleton of a full name's surname ("Zelenskyy" after "Volodymyr
   Zelensky"); never a one-word name opening a sentence when the article writes that word
   in lower case elsewhere ("He said", "Police said").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from storyline.language.facts import DocumentFacts
from storyline.language.grouping import Family, family_of
from storyline.language.lexicon import DEMONYM_FORMS, PERSON_TITLES, ROLE_WORDS
from storyline.language.mentions import Candidate, is_locative, name_like, vessels
from storyline.language.names import MIN_FUZZY_CHARS, acronym, fold, gendered_forms, skeleton
from storyline.language.records import MentionType

#: A surface form the model called PERSON becomes a place when at least this many of its
#: mentions follow a locative preposition and they are at least 1/LOCATIVE_SHARE of all
#: its mentions. Set on examples/: "Porto Alegre" (3 of 6 after in/along) and "Grindavik"
#: (4 of 11) turn; "confidence in Tokayev" once in a story does not.
MIN_LOCATIVE = 2
LOCATIVE_SHARE = 3
#: A one-word name shorter than this is not looked for where the model missed it ("No",
#: "He" tagged PERSON once would otherwise be found everywhere).
MIN_PROPAGATED_CHARS = 3
_FIRST_WORD = re.compile(r"[\w.'’&]+")
_NAME_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_NOT_PROPAGATED = ROLE_WORDS | PERSON_TITLES


def corrected(texts: Sequence[str], facts: Sequence[DocumentFacts]) -> list[list[Candidate]]:
    """Each article's candidates, retyped (steps 1-2) and completed (step 3), sorted."""
    return _propagated(texts, facts, _retyped([list(f.candidates) for f in facts]))


def _votes(c: Candidate) -> bool:
    """Whether a mention's type votes for its surface form (demonyms are settled)."""
    return c.country is None and not (c.type == "NORP" and c.text in DEMONYM_FORMS)


def _retyped(articles: list[list[Candidate]]) -> list[list[Candidate]]:
    """Steps 1 and 2."""
    surnames = {skeleton(c.text.split()[-1]) for article in articles for c in article
                if c.type == "PERSON" and " " in c.text}

    def person(c: Candidate) -> Candidate:
        if c.type != "ORG" or c.expands is not None or not name_like(c.text):
            return c
        last = skeleton(c.text.split()[-1])
        if last in surnames or (" " in c.text and gendered_forms(last) & surnames):
            return replace(c, type="PERSON")
        return c

    articles = [[person(c) for c in article] for article in articles]
    votes: dict[str, Counter[Family]] = defaultdict(Counter)
    located: Counter[str] = Counter()
    mixed_case = {fold(c.text) for article in articles for c in article if not c.text.isupper()}
    for article in articles:
        for c in article:
            if _votes(c) and (not c.text.isupper() or fold(c.text) not in mixed_case):
                placed = c.locative and c.type in ("PERSON", "NORP")
                votes[fold(c.text)]["PLACE" if placed else family_of(c.type)] += 1
                located[fold(c.text)] += placed

    def voted(c: Candidate) -> Candidate:
        if not _votes(c) or c.expands is not None:
            return c
        key = fold(c.text)
        if c.type == "PERSON" and located[key] >= MIN_LOCATIVE and (
                located[key] * LOCATIVE_SHARE >= sum(votes[key].values())):
            return replace(c, type="GPE")
        ranked = votes[key].most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return c
        winner = ranked[0][0]
        if winner == family_of(c.type):
            return c
        return replace(c, type="GPE" if winner == "PLACE" else winner)

    return [[voted(c) for c in article] for article in articles]



def _propagated(texts: Sequence[str], facts: Sequence[DocumentFacts],
                articles: list[list[Candidate]]) -> list[list[Candidate]]:
    """Step 3."""
    types: dict[str, Counter[MentionType]] = defaultdict(Counter)
    for article in articles:
        for c in article:
            if c.type != "NORP" and c.country is None and _propagates(c.text):
                types[c.text][c.type] += 1
    by_first: dict[str, list[str]] = defaultdict(list)
    for surface in sorted(types, key=lambda s: (-len(s), s)):
        first = _FIRST_WORD.match(surface)
        if first is not None:
            by_first[first.group()].append(surface)
    surnames = {skeleton(c.text.split()[-1]) for article in articles for c in article
                if c.type == "PERSON" and " " in c.text and len(c.text.split()[-1]) >= 4}
    result = []
    for text, fact, article in zip(texts, facts, articles, strict=True):
        spans = sorted([(c.start, c.end) for c in article] + vessels(text))  # never inside
        starts = _sentence_starts(text, fact)
        lowered: set[str] | None = None
        added = []
        for position in sorted(fact.capital_starts):
            word = _FIRST_WORD.match(text, position)
            if word is None or _inside(spans, position):
                continue
            found = _known_name(text, position, word.group(), by_first, fact.token_ends, spans)
            if found is not None:
                surface, kind = found, types[found].most_common(1)[0][0]
            elif (surname := _surname_at(text, position, fact.token_ends, surnames)) is not None:
                surface, kind = surname, "PERSON"  # "Zelenskyy" after "Zelensky"
            else:
                continue
            if " " not in surface and position in starts:
                # "He said", "Police said": a sentence's first word written in lower case
                # elsewhere in the article is a common word, not the name
                if lowered is None:
                    lowered = set(_LOWER_WORD.findall(text))
                if surface.lower() in lowered:
                    continue
            end = position + len(surface)
            added.append(Candidate(text=surface, start=position, end=end, type=kind, label=None,
                                   locative=is_locative(text, position, end)))
            bisect.insort(spans, (position, end))
        result.append(sorted(article + added, key=lambda c: (c.start, c.end)) if added else article)
    return result


def _propagates(surface: str) -> bool:
    """Whether a surface form may be looked for where the model missed it: a capitalised
    name, not a title, of at least three letters unless an acronym ("UN")."""
    if not surface[:1].isupper() or surface.casefold() in _NOT_PROPAGATED:
        return False
    return " " in surface or len(surface) >= MIN_PROPAGATED_CHARS or acronym(surface) is not None


def _sentence_starts(text: str, fact: DocumentFacts) -> set[int]:
    """Where sentences start, and the word after an opening quote at one."""
    starts = {start for start, _ in fact.sentences}
    return starts | {start + 1 for start in starts if text[start:start + 1] in "\"'"}


def _surname_at(text: str, position: int, token_ends: frozenset[int],
                surnames: set[str]) -> str | None:
    """A word standing alone (no capitalised word right before or after it) whose skeleton
    is the surname of a full name in the batch."""
    word = _NAME_WORD.match(text, position)
    if (word is None or len(word.group()) < MIN_FUZZY_CHARS or word.end() not in token_ends
            or skeleton(word.group()) not in surnames):
        return None
    before = text[max(0, position - 30):position].split()
    after = text[word.end():word.end() + 30].split()
    if (before and before[-1][:1].isupper() and not before[-1].endswith((".", ":", '"'))) or (
            after and after[0][:1].isupper()):
        return None
    return word.group() if name_like(word.group()) else None


def _known_name(text: str, position: int, word: str, by_first: dict[str, list[str]],
                token_ends: frozenset[int], spans: list[tuple[int, int]]) -> str | None:
    """The longest surface form of the batch written at `position`, on token boundaries."""
    for surface in by_first.get(word, ()):
        end = position + len(surface)
        if text.startswith(surface, position) and end in token_ends and not _overlaps(
                spans, position, end):
            return surface
    return None


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` falls inside one of the sorted, disjoint `spans`."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint `spans`."""
    index = bisect.bisect_left(spans, (start, start))
    before = index > 0 and spans[index - 1][1] > start
    return before or (index < len(spans) and spans[index][0] < end)
