"""Set claims: the countries a force is made of. "Units from Russia, Belarus, Armenia,
Tajikistan and Kyrgyzstan took part" -> (troops, countries, [Armenia, Belarus, ...]).

Countries are the language layer's GPE mentions, named as their merged entity (so "Kyrgyz"
and "Kyrgyzstan" are one), and demonyms standing for a country ("Belarusian" -> Belarus).
Mentions joined by coordination ("A, B and C") form a list; the list is a claim when it
hangs on a personnel or force noun ("units from ...", "Belarusian, Armenian ...
servicemen") or is the subject of a verb of taking part ("... sent troops"). In the same
sentence, a country predicated of the troops ("most of the soldiers were Russian, with
smaller units from ...") or modifying a troop noun joins the list.

Skipped: lists the sentence marks as partial ("also", "including", "other", "such as"),
because "B and C are also leaving" is not the whole force; and places after "to"/"in"
(the destination is no participant).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.analyze import claims_lexicon as lex
from storyline.analyze.claims_syntax import Parsed, lemma, span_of
from storyline.language.lexicon import COUNTRIES as COUNTRY_NAMES
from storyline.language.lexicon import DEMONYM_FORMS, DEMONYMS
from storyline.language.records import ArticleLanguage, Entity
from storyline.model import Claim, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Words that make a list one part of the participants.
PARTIAL_LIST = frozenset("also including include other such among like several some".split())
#: A list needs this many countries: a pair is a claim too ("Russia and Belarus sent").
MIN_MEMBERS = 2


def set_claims(text: str, parsed: Sequence[Parsed], article_id: str,
               language: ArticleLanguage | None, entities: Sequence[Entity]) -> list[Claim]:
    """The participant-list claims of one article (see the module docstring)."""
    places = _places(text, parsed, language, entities)
    index = {(id(part.doc), token.i): key for key, (part, token, _, _) in places.items()}
    claims = []
    seen: set[int] = set()
    for key, (part, token, _, _) in sorted(places.items()):
        if key in seen or token.dep_ == "conj":
            continue
        members = _coordinated(part, token, places, index)
        seen |= {k for k, _ in members}
        if len(members) < MIN_MEMBERS or not _about_troops(token) or _partial(token):
            continue
        members += _predicated(part, token, places, {k for k, _ in members})
        names = sorted({name for _, name in members})
        if len(names) < MIN_MEMBERS:
            continue
        keys = [k for k, _ in members]
        start, end = min(keys), max(places[k][2] for k in keys)
        claims.append(Claim(subject=lex.TROOPS, attribute="countries", kind="set", value=names,
                            text=text[start:end],
                            evidence=Span(article_id=article_id, start=start, end=end)))
    return claims


Place = tuple[Parsed, "Token", int, str]  # its piece, its token, its end, its name


def _places(text: str, parsed: Sequence[Parsed], language: ArticleLanguage | None,
            entities: Sequence[Entity]) -> dict[int, Place]:
    """Place references by start character -> (piece, token, end, name)."""
    names = {entity.id: entity.name for entity in entities}
    found: list[tuple[int, int, str]] = []
    if language is not None:
        for mention in language.mentions:
            name = names.get(mention.entity_id or "", mention.text)
            country = _country(name) or _country(mention.text)
            if mention.type in ("GPE", "NORP") and country is not None:
                found.append((mention.start, mention.end, country))
            elif mention.type == "GPE":
                found.append((mention.start, mention.end, name))
    else:
        for part in parsed:
            for ent in part.doc.ents:
                country = _country(ent.text)
                if ent.label_ in ("GPE", "NORP") and country is not None:
                    found.append((part.offset + ent.start_char, part.offset + ent.end_char, country))
                elif ent.label_ == "GPE":
                    found.append((part.offset + ent.start_char, part.offset + ent.end_char,
                                  ent.text))
    places: dict[int, Place] = {}
    for start, end, name in found:
        located = span_of(parsed, start, end)
        if located is not None:
            places[start] = (located[0], located[1].root, end, name)
    return places


def _country(word: str) -> str | None:
    if word in DEMONYM_FORMS:
        return DEMONYMS[DEMONYM_FORMS[word]]
    return word if word in COUNTRY_NAMES else None


def _coordinated(part: Parsed, token: Token, places: dict[int, Place],
                 index: dict[tuple[int, int], int]) -> list[tuple[int, str]]:
    """The place and the places joined to it by "," and "and"."""
    members = []
    stack = [token]
    while stack:
        current = stack.pop()
        key = index.get((id(part.doc), current.i))
        if key is None:
            continue
        members.append((key, places[key][3]))
        stack.extend(child for child in current.children if child.dep_ == "conj")
    return sorted(members)


def _about_troops(first: Token) -> bool:
    """Whether a list hangs on a force: "units from A, B", "A, B servicemen", "A, B sent"."""
    head = first.head
    if first.dep_ in ("amod", "compound", "nmod", "poss"):
        return lemma(head) in lex.SET_HEADS
    if first.dep_ == "pobj" and head.lower_ in ("from", "of"):
        return lemma(head.head) in lex.SET_HEADS
    if first.dep_ == "nsubj" and head.pos_ == "VERB":
        if lemma(head) in lex.PARTICIPATE:
            return True
        return lemma(head) == "take" and any(lemma(c) == "part" for c in head.children)
    return False


def _partial(first: Token) -> bool:
    words = {token.lower_ for token in first.sent} | {lemma(token) for token in first.sent}
    return bool(words & PARTIAL_LIST)


def _predicated(part: Parsed, first: Token, places: dict[int, Place],
                taken: set[int]) -> list[tuple[int, str]]:
    """Countries in the list's sentence said of the troops: "most of the soldiers were
    Russian", "Russian troops"; never a destination ("to Kazakhstan")."""
    extra = []
    sentence = first.sent
    low, high = part.offset + sentence.start_char, part.offset + sentence.end_char
    for key, (other_part, token, _, name) in places.items():
        if key in taken or not low <= key < high or other_part is not part:
            continue
        if _country(name) is None:
            continue
        head = token.head
        troop_modifier = token.dep_ in ("amod", "compound") and lemma(head) in (
            lex.PERSONNEL | lex.FORCE_NOUNS)
        if troop_modifier or (token.dep_ == "acomp" and _troop_subject(head)):
            extra.append((key, name))
    return extra


def _troop_subject(verb: Token) -> bool:
    """"most of the soldiers were ...", "the troops were ..."."""
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        if lemma(child) in lex.PERSONNEL | lex.FORCE_NOUNS:
            return True
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and any(
                    lemma(obj) in lex.PERSONNEL for obj in prep.children):
                return True
    return False
