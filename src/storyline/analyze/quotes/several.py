"""Speaker phrases that name several people, and affiliations that do not speak.

"He and Fukuda said", "Dr. A of the X Institute and Dr. B of Y Hospital, both in Boston,
said", "Iain and Dawn Askham said": one quote, several speakers. Giving it the last name,
or the hospital, gives one person's name to words two people said; `joined` finds the
people so that the quote gets all of them or none.

An "and" inside an affiliation's name ("Dr. Lunde of Ramsvik and Sellevoll Hospital") joins
no people, and the organisation after "of" is where the speaker works, not the speaker.
Plain string rules over the phrase and the language layer's mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyze.quotes.phrases import Span2
from storyline.language import Mention

__all__ = ["AFFILIATION", "PERSON_OBJECT", "affiliated", "joined"]

#: A person named after one of these is whom the speaker works for or is near, not the
#: speaker: "aides to Gov. Chris Christie", "a spokesman for Mr. Vik", "the prosecutor in
#: the Costello case", "residents of Gavarzin" (a place the parse took for a name).
#: After a capitalised title the preposition is the title's: "Secretary of State John
#: Kerry" is Kerry ("Aides to ..." opening a sentence is a plural, no title).
PERSON_OBJECT = re.compile(r"(?<![\w'’.-])(?:[a-z][\w'’-]*|[A-Z][a-z]+s)\s+"
                           r"(?:to|in|at|from|for|of|with|near|by|against)\s+"
                           r"(?:the\s+)?(?:[A-Z][\w.]*\s+){0,2}$")
#: A name after one of these is where the speaker works, and an "and" after it joins
#: that name's words ("Dr. Lunde of Ramsvik and Sellevoll Hospital"), not speakers.
AFFILIATION = re.compile(r"(?<![\w'’-])(?:of|at|from|with)\s+(?:the\s+)?$")
#: "of [the] Capitalised Words " right before an "and" (see `_inside_affiliation`).
_AFFILIATION_NAME = re.compile(r"(?<![\w'’-])(?:of|at|from)\s+(?:the\s+)?"
                               r"(?:[A-Z][\w.&'’-]*\s+)+$")
_AFFILIATION_AND = re.compile(r"(?<![\w'’-])(?:of|at|from)\s+(?:the\s+)?"
                              r"(?:[A-Z][\w.&'’-]*\s+)+and\s+$")
#: "[Iain] and Dawn Askham": a first name, "and", then a person's full name.
_FIRST_NAME_AND = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+)\s+and\s+$")
_AND_BEFORE = re.compile(r"(?<![\w'’-])and\s+$")
_TITLE_NEXT = re.compile(r"\s*(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame)\b")
_PREPOSITION_NEXT = re.compile(r"\s+(?:of|at|from)\s")
_AND_WORD = re.compile(r"(?<![\w'’-])and(?![\w'’-])")
#: A person standing as a subject in a speaker phrase ("He and Fukuda").
_SUBJECT_WORD = re.compile(r"(?<![\w'’-])(?:[Hh]e|[Ss]he)(?![\w'’-])")


def joined(text: str, start: int, end: int, inside: Sequence[Mention]) -> tuple[Span2, ...]:
    """The people the phrase at `start:end` joins by "and" (`inside`: its mentions), as
    spans of their names or pronouns in phrase order, when a person stands on either side
    of one "and" ("He and Fukuda", "Dr. A of the X Institute and Dr. B of Y Hospital");
    () otherwise: an "and" inside a name ("the Food and Drug Administration", "of Ramsvik
    and Sellevoll Hospital") has no person on one side."""
    named = [(m.start, m.end) for m in inside if (
        m.type == "PERSON" and not affiliated(text, start, m)
        and not AFFILIATION.search(text, start, m.start)
        and not PERSON_OBJECT.search(text, start, m.start)) or _described(text, start, end, m)]
    people = named + [m.span() for m in _SUBJECT_WORD.finditer(text, start, end)]
    people += [found.span(1) for m in inside if m.type == "PERSON"
               and not affiliated(text, start, m)
               and (found := _FIRST_NAME_AND.search(text, start, m.start)) is not None]
    several = any(any(b <= match.start() for _, b in people)
                  and any(match.end() <= a for a, _ in people)
                  and not _inside_affiliation(text, (start, end), match, named)
                  for match in _AND_WORD.finditer(text, start, end))
    return tuple(sorted(set(people))) if several else ()


def affiliated(text: str, start: int, mention: Mention) -> bool:
    """Whether `mention` ends an affiliation's name after "and" ("of Ramsvik and
    [Sellevoll Hospital]", a hospital the model may take for a person); `start` is where
    the speaker phrase begins."""
    return _AFFILIATION_AND.search(text, start, mention.start) is not None


def _described(text: str, start: int, end: int, mention: Mention) -> bool:
    """"and [Kari Lunde] of Ramsvik University": a name after "and" with an affiliation of
    its own is a second person, whatever type the model gave it."""
    return (_AND_BEFORE.search(text, start, mention.start) is not None
            and _PREPOSITION_NEXT.match(text, mention.end, end) is not None)


def _inside_affiliation(text: str, phrase: Span2, match: re.Match[str],
                        named: Sequence[Span2]) -> bool:
    """Whether the "and" at `match` joins the words of an affiliation's name ("of Ramsvik
    and Sellevoll Hospital") rather than two people: it follows "of" and capitalised
    words, and no title ("Dr.") or person with an affiliation of their own ("Eli Moe of
    Yale", among `named`) follows it."""
    start, end = phrase
    if not _AFFILIATION_NAME.search(text, start, match.start()):
        return False
    if _TITLE_NEXT.match(text, match.end(), end):
        return False
    return not any(a >= match.end() and _PREPOSITION_NEXT.match(text, b, end)
                   for a, b in named)
