"""Mentions in one parsed document: the model's entities, cleaned and corrected by rules.

1. entities of the types we keep (PERSON, ORG, GPE, LOC, NORP; an organisation the model
   calls WORK_OF_ART or FAC when its name says so) are trimmed to the name: a leading
   "the", a trailing possessive "'s" or "and", edge punctuation, anything after a line
   break, and a title inside the span ("Kazakh President [Kassym-Jomart Tokayev]") go (a
   title alone, "Councillor", is no name; a first name doubled where a caption ran into
   the text, "LaToya LaToya Jackson", is written once);
   debris is dropped (no capital letter, "&mdash", and a capitalised common noun opening
   a sentence: "Lava from ..." when the article writes "lava" elsewhere);
2. known errors of the model are corrected where the document alone is evidence enough:
   a demonym is NORP whatever the model said, a country name is GPE, an all-caps name
   opening a paragraph before a comma or dash is a dateline place (GPE, not ORG), and a
   name-like ORG right after a person's title ("President Kassym-Jomart Tokayev") is a
   PERSON;
3. a demonym followed by a state noun ("Kazakh authorities", "Russian troops") is a GPE
   mention of its country, found even when the model missed it;
4. "Expansion (ACRONYM)" gives the acronym a mention of the expansion's type and records
   the pair for the batch.

What needs the whole batch (a hyphenated name tagged ORG whose surname is a person
elsewhere, merging) happens in `corrections` and `grouping`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.language.lexicon import (
    COUNTRIES,
    DEMONYM_FORMS,
    DEMONYMS,
    ENTITY_DEBRIS,
    LEADING_DEBRIS,
    LOCATIVES,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_ALIASES,
    PLACE_NOUNS,
    ROLE_WORDS,
    SEATS_OF_POWER,
    STATE_NOUNS,
    TRAILING_DEBRIS,
)
from storyline.language.names import acronym, initials
from storyline.language.records import MentionType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KEPT_LABELS: dict[str, MentionType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
}
#: Labels the model gives organisations by mistake ("The Collective Security Treaty
#: Organization" as WORK_OF_ART, "the Kremlin" as FAC): kept when the name says ORG.
MISLABELLED = frozenset({"WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_EDGE_PUNCT = frozenset("\"'“”‘’,.;:!?-—–()[]{}/|*•·")
_DEMONYM_STATE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
    + r")(?=\s+([\w-]+))"
)
_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.]{1,9})\s*\)")
_WORD = re.compile(r"[\w'’&-]+")
#: An expansion is at most this long (characters) and has at most this many function
#: words ("Organisation for Economic Co-operation and Development": 2).
_EXPANSION_CHARS = 120
_MAX_FUNCTION_WORDS = 3
#: After an all-caps paragraph opener, what makes it a dateline place.
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|[-—–]\s)")
_LOCATIVE_BEFORE = re.compile(
    rf"(?i:\b(?:{'|'.join(sorted(LOCATIVES))})|\b(?:{'|'.join(sorted(PLACE_NOUNS))}) of)\s+$")
_NAME_PARTICLES = frozenset("al el bin ibn abu van von der de da di du le la dos".split())
_PLACE_NAMES = COUNTRIES | frozenset(PLACE_ALIASES) | frozenset(PLACE_ALIASES.values())
#: A ship: a vessel prefix (motor vessel, steamship, a navy's ship) and a capitalised name.
_VESSEL = re.compile(
    r"(?<![\w-])(?P<name>(?:MV|MS|HMS|USS|RMS|HMAS|HMCS|USNS)\s+[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)*)")  # not SS or INS: also a force and an agency


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A mention before the batch resolves it. `tokens` are token indices in the doc
    (start, end); `country` is set on a demonym standing for its state; `expands` is the
    (start, end) of the expansion an acronym in parentheses defines."""

    text: str
    start: int
    end: int
    type: MentionType
    label: str | None
    tokens: tuple[int, int] | None = None
    country: str | None = None
    expands: tuple[int, int] | None = None
    after_title: bool = False
    locative: bool = False


def find_candidates(doc: Doc, text: str) -> list[Candidate]:
    """The mentions of one document (`text` is `doc.text`, which spaCy rebuilds on every
    access), cleaned and corrected (steps 1-4 above), in order."""
    found: list[Candidate] = []
    for ent in doc.ents:
        kind = KEPT_LABELS.get(ent.label_)
        if kind is None and ent.label_ in MISLABELLED and _org_name(ent.text):
            kind = "ORG"
        if kind is None:
            continue
        found += [_retyped(text, candidate) for candidate in _trimmed(ent, text, kind)]
    found = _glued_given_names(text, sorted(found, key=lambda c: (c.start, c.end)))
    found = _demonym_states(text, found)
    found = _acronyms_in_parens(text, found)
    ships = vessels(text)
    found = [c for c in found if not any(c.start < end and start < c.end for start, end in ships)]
    return sorted(found, key=lambda c: (c.start, c.end))


def vessels(text: str) -> list[tuple[int, int]]:
    """Where ships' names stand ("MV Gibe", "HMS Ocean", "MS Estonia"): the model calls them
    people, organisations or places, and a ship is none of the types we keep. A name with a
    title or role word in it is not a ship's ("USS spokesman John Kirby" would not be)."""
    spans = []
    for match in _VESSEL.finditer(text):
        words = {w.casefold() for w in match["name"].split()[1:]}
        if not words & (PERSON_TITLES | ROLE_WORDS):
            spans.append(match.span("name"))
    return spans


def _trimmed(ent: Span, text: str, kind: MentionType) -> list[Candidate]:
    """The name inside an entity span (none for debris; two for a country glued to a
    person's name: "[Kazakhstan] [Kassym-Jomart Tokayev]")."""
    doc = ent.doc
    first, last = ent.start, ent.end
    while first < last and (doc[first].lower_ in LEADING_DEBRIS or doc[first].text in _EDGE_PUNCT
                            or (kind == "PERSON" and last - first > 1
                                and doc[first].lower_ in PERSON_TITLES)):
        first += 1
    for index in range(first, last):  # a name never runs over a line break ("N. J.\nHe")
        if "\n" in doc[index].text_with_ws:
            last = index + 1 if doc[index].text.strip() else index
            break
    while last > first and (doc[last - 1].text in _POSSESSIVE or doc[last - 1].text in _EDGE_PUNCT
                            or doc[last - 1].lower_ in TRAILING_DEBRIS):
        last -= 1
    if first >= last or (kind == "PERSON" and all(
            doc[i].lower_ in PERSON_TITLES for i in range(first, last))):
        return []  # a title alone ("Councillor") names nobody
    found = []
    if kind in ("PERSON", "ORG"):
        rest = text[doc[first + 1].idx:doc[last - 1].idx + len(doc[last - 1])] if (
            last - first > 1) else ""
        if doc[first].text in _PLACE_NAMES and last - first > 2 and name_like(rest) and not (
                kind == "ORG" and _org_name(rest)):  # "[US Geological Survey]" is one name
            place = doc[first]
            found.append(Candidate(text=place.text, start=place.idx, end=place.idx + len(place),
                                   type="GPE", label=ent.label_, tokens=(first, first + 1)))
            first += 1
        first = _after_inner_title(doc, text, first, last, kind)
    if kind == "PERSON" and last - first > 2 and doc[first].text == doc[first + 1].text:
        first += 1  # "sister LaToya LaToya Jackson": a caption run into the text
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    name = text[start:end]
    if _is_debris(name) or _common_word(doc, text, first, last):
        return found
    return [*found, Candidate(text=name, start=start, end=end, type=kind, label=ent.label_,
                              tokens=(first, last), after_title=_after_title(doc, first),
                              locative=is_locative(text, start, end))]


def _after_inner_title(doc: Doc, text: str, first: int, last: int, kind: MentionType) -> int:
    """Where the name starts in a span that includes its title: "Kazakh President
    [Kassym-Jomart Tokayev]" (the model's ORG), "Kremlin Spokesman [Dmitry Peskov]". An ORG
    keeps a one-word rest ("General [Motors]" is no person)."""
    for index in range(last - 2, first - 1, -1):
        if doc[index].lower_ in PERSON_TITLES:
            rest = text[doc[index + 1].idx:doc[last - 1].idx + len(doc[last - 1])]
            if name_like(rest) and (kind == "PERSON" or len(rest.split()) >= 2):
                return index + 1
            break
    return first


def _org_name(text: str) -> bool:
    """A name that says it is an organisation: an organisation word, or a seat of power
    standing for its government ("the Kremlin")."""
    words = text.casefold().removeprefix("the ").split()
    return " ".join(words) in SEATS_OF_POWER or any(word in ORG_WORDS for word in words)


def _is_debris(text: str) -> bool:
    """Not a name: no capital letter, too short, or HTML entity debris ("&mdash")."""
    if len(text) < 2 or not any(ch.isupper() for ch in text) or ("&" in text and re.search(
            r"&\s?[a-z]", text)):
        return True
    return any(word.strip("&;").casefold() in ENTITY_DEBRIS for word in text.split())


def _common_word(doc: Doc, text: str, first: int, last: int) -> bool:
    """A capitalised common noun opening a sentence ("Lava from a new fissure..."): one
    word, at a sentence start, written in lower case elsewhere in the same text."""
    if last - first != 1 or not (first == 0 or doc[first].is_sent_start
                                 or doc[first - 1].is_space or doc[first - 1].text in "\"'"):
        return False
    word = doc[first].text
    lowered = word.lower()
    return lowered != word and re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])",
                                         text) is not None


def is_locative(text: str, start: int, end: int) -> bool:
    """Written the way places are: after "in", "around", "near"... or "the town of", and
    not a possessive ("in Porto Alegre", "the town of Grindavik"; not "trust in Putin's
    plan"). The batch turns a "person" mostly written so into a place."""
    if text.startswith(("'s", "’s"), end):
        return False
    return _LOCATIVE_BEFORE.search(text, max(0, start - 40), start) is not None


def _after_title(doc: Doc, first: int) -> bool:
    """Whether a person's title stands right before `first`: "President [Tokayev]",
    "Gen. [Serdyukov]", or "President of Kazakhstan [Tokayev]"."""
    if first == 0:
        return False
    before: Token = doc[first - 1]
    if before.lower_ in PERSON_TITLES and before.text[:1].isupper():
        return True
    index = first - 1
    if before.text not in _PLACE_NAMES or index < 2 or doc[index - 1].lower_ != "of":
        return False
    return doc[index - 2].lower_ in PERSON_TITLES


def name_like(text: str) -> bool:
    """A person's name could look like this: 1-4 capitalised words, no organisation word,
    no acronym ("Kassym-Jomart Tokayev", "Zelenskiy", "Bashar al-Assad"; not "Interior
    Ministry", "CSTO")."""
    words = text.split()
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        if word.casefold() in ORG_WORDS or acronym(word) is not None:
            return False
        for part in word.split("-"):
            if part in _NAME_PARTICLES:
                continue
            if not (part[:1].isupper() and any(ch.islower() for ch in part)):
                return False
    return True


def _retyped(text: str, candidate: Candidate) -> Candidate:
    """Corrections the document alone supports (step 2)."""
    name = candidate.text
    if name in DEMONYM_FORMS:
        return replace(candidate, type="NORP")
    if name in _PLACE_NAMES and candidate.type not in ("GPE", "LOC"):
        return replace(candidate, type="GPE")
    if name.casefold() in SEATS_OF_POWER:
        return replace(candidate, type="ORG")
    if candidate.type == "ORG":
        if _dateline_place(text, candidate):
            return replace(candidate, type="GPE")
        if candidate.after_title and name_like(name):
            return replace(candidate, type="PERSON")
    return candidate


def _glued_given_names(text: str, found: list[Candidate]) -> list[Candidate]:
    """A first name the model read as a place, cut off the rest of its name: "[Paris]
    [Michael Katherine Jackson]", "[Paris]-[Michael Katherine]" are one person (whom the
    batch would otherwise take for "Michael Jackson"). A one-word place in title case,
    not a country, not after "in" or "near", joined by one space or a hyphen to a
    person's name of two words or more, is that person's first name."""
    out: list[Candidate] = []
    for c in found:
        place = out[-1] if out else None
        if (place is not None and c.type == "PERSON" and len(c.text.split()) >= 2
                and text[place.end:c.start] in (" ", "-") and place.type == "GPE"
                and place.country is None and " " not in place.text
                and place.text[:1].isupper() and not place.text.isupper()
                and place.text not in _PLACE_NAMES and not place.locative):
            tokens = (place.tokens[0], c.tokens[1]) if place.tokens and c.tokens else None
            out[-1] = replace(c, text=text[place.start:c.end], start=place.start,
                              tokens=tokens, after_title=place.after_title)
            continue
        out.append(c)
    return out


def _dateline_place(text: str, candidate: Candidate) -> bool:
    """An all-caps name opening a paragraph, before a comma or dash: "ALMATY, Jan. 13 -"."""
    letters = candidate.text.replace(" ", "").replace("-", "")
    if not (letters.isalpha() and letters.isupper() and len(letters) >= 3):
        return False
    paragraph = text.rfind("\n", 0, candidate.start) + 1
    return (not text[paragraph:candidate.start].strip()
            and _DATELINE_AFTER.match(text, candidate.end) is not None)


def _demonym_states(text: str, found: list[Candidate]) -> list[Candidate]:
    """A demonym before a state noun is a GPE mention of its country (step 3)."""
    by_span = {(c.start, c.end): i for i, c in enumerate(found)}
    result = list(found)
    for match in _DEMONYM_STATE.finditer(text):
        if match.group(2).casefold() not in STATE_NOUNS:
            continue
        start, end = match.span(1)
        country = DEMONYMS[match.group(1)]
        index = by_span.get((start, end))
        if index is not None:
            result[index] = replace(result[index], type="GPE", country=country)
        elif not any(c.start < end and start < c.end for c in found):
            result.append(Candidate(text=match.group(1), start=start, end=end, type="GPE",
                                    label=None, country=country))
    return result


def _acronyms_in_parens(text: str, found: list[Candidate]) -> list[Candidate]:
    """"Collective Security Treaty Organization (CSTO)": the acronym's mention, tied to
    its expansion (step 4). The expansion is the mention just before the parentheses, or
    else the capitalised words there whose initials spell the acronym (the model
    sometimes misses it, or calls it a WORK_OF_ART)."""
    result = list(found)
    for match in _PARENS.finditer(text):
        short = acronym(match.group(1))
        if short is None:
            continue
        before = text[:match.start()].rstrip()
        expansion = next((c for c in result if c.end == len(before) and " " in c.text
                          and c.type in ("ORG", "GPE", "LOC")), None)
        if expansion is None:
            span = _initials_span(text, len(before), short)
            if span is None:
                continue
            result = [c for c in result if not (c.start < span[1] and span[0] < c.end)]
            expansion = Candidate(text=text[span[0]:span[1]], start=span[0], end=span[1],
                                  type="ORG", label=None)
            result.append(expansion)
        start, end = match.span(1)
        expands = (expansion.start, expansion.end)
        same = [i for i, c in enumerate(result) if c.start == start and c.end == end]
        if same:
            result[same[0]] = replace(result[same[0]], type=expansion.type, expands=expands)
        elif not any(c.start < end and start < c.end for c in result):
            result.append(Candidate(text=match.group(1), start=start, end=end,
                                    type=expansion.type, label=None, expands=expands))
    return result


def _initials_span(text: str, end: int, short: str) -> tuple[int, int] | None:
    """The span of the capitalised words ending at `end` whose initials are `short`."""
    words = list(_WORD.finditer(text, max(0, end - _EXPANSION_CHARS), end))
    for count in range(len(short), min(len(words), len(short) + _MAX_FUNCTION_WORDS) + 1):
        chosen = words[len(words) - count:]
        if chosen[-1].end() != end or not chosen[0].group()[0].isupper():
            continue
        name = text[chosen[0].start():end]
        if "\n" not in name and short in initials(name):
            return chosen[0].start(), end
    return None
