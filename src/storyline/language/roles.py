"""Roles written next to a name, found in one parsed document.

Three shapes cover most of news writing:

- before the name: [modifiers] role words NAME — "CSTO Secretary General Stanislav Zas",
  "Kremlin Spokesman Dmitry Peskov", "Russia's President Vladimir Putin";
- before the name with "of": role words of [the] modifiers NAME — "President of Kazakhstan
  Kassym-Jomart Tokayev";
- an apposition after it: NAME, [the] [modifiers] role words [of modifiers], — "Zas, the
  CSTO secretary general," / "Tokayev, the Kazakh president," / "Tokayev, president of
  Kazakhstan."

Modifiers are proper nouns, demonyms or acronyms ("CSTO", "Kremlin", "Kazakh"); the batch
turns them into entities (`entities`), and `resolve` answers "the Kremlin spokesman".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.language.lexicon import (
    DEMONYM_FORMS,
    PERSON_TITLES,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    TITLE_SYNONYMS,
)
from storyline.language.names import acronym

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: At most this many modifier tokens before the role words ("Central Mat-Su Fire
#: Department": 6, the longest seen in ECB+ news).
MAX_MODIFIERS = 6
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s"})
_PROPER_TAGS = frozenset({"NNP", "NNPS", "JJ"})
#: What may follow an apposition's role: it ends there ("Zas, the CSTO secretary general,").
_APPOSITION_END = frozenset({",", ".", ";", ":", ")", "-", "—", "–", "said", "says", "told"})


@dataclass(frozen=True, kw_only=True)
class RoleCandidate:
    """A role next to the mention at `holder` (its character span); `modifier` is the
    text naming what the role is of ("CSTO"), `start`/`end` span the role phrase."""

    holder: tuple[int, int]
    title: str
    modifier: str | None
    start: int
    end: int


def capital_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of capitalised words in a row, without a leading title or role word:
    where the model may have missed a name that the batch later finds ("[Tokayev],
    president of Kazakhstan"), so that its roles are read too."""
    runs = []
    index, n = 0, len(doc)
    while index < n:
        if not doc[index].text[:1].isupper():
            index += 1
            continue
        end = index + 1
        while end < n and (doc[end].text[:1].isupper() or (
                doc[end].text == "-" and end + 1 < n and not doc[end - 1].whitespace_
                and doc[end + 1].text[:1].isupper())):
            end += 1
        first = index
        while first < end and (doc[first].lower_ in ROLE_WORDS or doc[first].lower_ in _DETERMINERS
                               or doc[first].lower_ in PERSON_TITLES):
            first += 1
        if first < end:
            runs.append((first, end))
        index = end
    return runs


def normal_title(words: list[str]) -> str:
    """"Secretary-General" -> "secretary general"; "Defence" -> "defense"."""
    title = " ".join(" ".join(words).casefold().replace("-", " ").split())
    return title.replace("defence", "defense")


def title_class(title: str) -> str:
    """One name for spellings of one title ("spokesman" / "spokeswoman" -> "spokesperson")."""
    return TITLE_SYNONYMS.get(title, title)


def find_roles(doc: Doc, text: str, holder_tokens: list[tuple[int, int]]) -> list[RoleCandidate]:
    """The roles next to each holder (token spans of person mentions) in `doc`, whose text
    is `text`."""
    found = []
    for first, last in holder_tokens:
        holder = (doc[first].idx, doc[last - 1].idx + len(doc[last - 1]))
        for role in (_before(doc, text, first), _after(doc, text, last)):
            if role is not None:
                title, modifier, start, end = role
                found.append(RoleCandidate(holder=holder, title=title, modifier=modifier,
                                           start=start, end=end))
    return found


def _is_role_word(token: Token) -> bool:
    """A word roles are made of ("secretary", "general", "spokesman", "foreign")."""
    return token.lower_ in ROLE_WORDS


def _is_modifier(token: Token) -> bool:
    """A proper noun, demonym or acronym that can say what a role is of."""
    text = token.text
    if not text[:1].isupper() or token.lower_ in ROLE_WORDS or token.lower_ in _DETERMINERS:
        return False
    return token.tag_ in _PROPER_TAGS or text in DEMONYM_FORMS or acronym(text) is not None


def _valid(words: list[Token]) -> bool:
    """Role words with a head, not only modifiers ("Foreign" alone is no role)."""
    return any(w.lower_ not in ROLE_MODIFIERS and w.text != "-" for w in words)


def _role_words_left(doc: Doc, index: int) -> list[Token]:
    """Role words ending at `index`, read leftwards ("Secretary - General")."""
    words: list[Token] = []
    while index >= 0:
        token = doc[index]
        if _is_role_word(token) or (token.text == "-" and words and index > 0
                                    and _is_role_word(doc[index - 1])):
            words.insert(0, token)
            if token.is_sent_start:
                break
            index -= 1
        else:
            break
    return words


def _hyphen_inside(doc: Doc, index: int) -> bool:
    """A hyphen joining two capitalised words ("Mat-Su")."""
    return (doc[index].text == "-" and 0 < index < len(doc) - 1 and not doc[index - 1].whitespace_
            and not doc[index].whitespace_ and _is_modifier(doc[index - 1])
            and _is_modifier(doc[index + 1]))


def _modifiers_left(doc: Doc, index: int) -> list[Token]:
    """Modifier tokens ending at `index`, leftwards, within the sentence."""
    mods: list[Token] = []
    if index >= 1 and doc[index].text in _POSSESSIVE:
        index -= 1
    while index >= 0 and len(mods) < MAX_MODIFIERS and (
            _is_modifier(doc[index]) or (mods and _hyphen_inside(doc, index))):
        mods.insert(0, doc[index])
        if doc[index].is_sent_start:
            break
        index -= 1
    return mods


def _modifiers_right(doc: Doc, index: int) -> list[Token]:
    """Modifier tokens starting at `index`, rightwards."""
    mods: list[Token] = []
    while index < len(doc) and len(mods) < MAX_MODIFIERS and (
            _is_modifier(doc[index]) or (mods and _hyphen_inside(doc, index))):
        mods.append(doc[index])
        index += 1
    return mods


def _span_text(text: str, tokens: list[Token]) -> str:
    """The text from the first token to the last."""
    return text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]


def _before(doc: Doc, text: str, first: int) -> tuple[str, str | None, int, int] | None:
    """"CSTO Secretary General [Zas]" or "President of Kazakhstan [Tokayev]"."""
    if first == 0 or doc[first].is_sent_start:
        return None
    words = _role_words_left(doc, first - 1)
    if words and _valid(words):
        mods = [] if words[0].is_sent_start else _modifiers_left(doc, words[0].i - 1)
        phrase = mods + words if mods else words
        modifier = _span_text(text, mods) if mods else None
        return (normal_title([w.text for w in words if w.text != "-"]), modifier,
                phrase[0].idx, words[-1].idx + len(words[-1]))
    mods = _modifiers_left(doc, first - 1)
    index = (mods[0].i if mods else first) - 1
    if not mods or index < 1:
        return None
    if doc[index].lower_ == "the":
        index -= 1
    if index < 1 or doc[index].lower_ != "of":
        return None
    words = _role_words_left(doc, index - 1)
    if not words or not _valid(words):
        return None
    return (normal_title([w.text for w in words if w.text != "-"]), _span_text(text, mods),
            words[0].idx, mods[-1].idx + len(mods[-1]))


def _after(doc: Doc, text: str, last: int) -> tuple[str, str | None, int, int] | None:
    """"[Zas], the CSTO secretary general," or "[Tokayev], president of Kazakhstan."."""
    n = len(doc)
    if last + 1 >= n or doc[last].text != "," or doc[last + 1].is_sent_start:
        return None
    index = last + 1
    if doc[index].lower_ in _DETERMINERS:
        index += 1
    start = index
    mods = _modifiers_right(doc, index)
    index += len(mods)
    if mods and index < n and doc[index].text in _POSSESSIVE:
        index += 1
    words: list[Token] = []
    while index < n and (_is_role_word(doc[index]) or (doc[index].text == "-" and words)):
        words.append(doc[index])
        index += 1
    if not words or not _valid(words) or words[-1].text == "-":
        return None
    end = words[-1].idx + len(words[-1])
    if not mods and index + 1 < n and doc[index].lower_ == "of":
        after_of = index + 1 + (doc[index + 1].lower_ == "the")
        of_mods = _modifiers_right(doc, after_of)
        if of_mods:
            mods, index = of_mods, after_of + len(of_mods)
            end = of_mods[-1].idx + len(of_mods[-1])
    if index < n and doc[index].text not in _APPOSITION_END and not doc[index].is_sent_start:
        return None
    modifier = _span_text(text, mods) if mods else None
    return normal_title([w.text for w in words if w.text != "-"]), modifier, doc[start].idx, end
