"""Dependency helpers for the claim finder: the article's parse cut into the sentences the
rules read, map character spans to tokens, climb to the word that governs a value, and read
country modifiers.

The parse is the one the language layer made (`storyline.language.runner.parse_texts`;
long texts in paragraph chunks), so an article goes through the model once; `parse` makes
it when the caller has none. The sentences the rules read get coarse POS and lemmas
(`lemmatize`; keys are lemmas), the rest of the article never needs them. Offsets stay
characters of the article text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.language.lexicon import COUNTRIES, DEMONYM_FORMS, DEMONYMS
from storyline.language.runner import lemmatize, parse_texts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: How far up the tree (head steps) a value may sit below the word that governs it:
#: "forces [numbering] [2,030] troops" is two steps; further up, the link is too loose.
MAX_CLIMB = 4


@dataclass(frozen=True)
class Parsed:
    """One parsed piece of an article: where it starts, its length (characters) and its Doc."""

    offset: int
    length: int
    doc: Doc


def parse(text: str) -> list[Parsed]:
    """The whole article parsed as the language layer parses it, in its chunks."""
    (parts,) = parse_texts([text])
    return parsed_pieces(parts)


def parsed_pieces(parts: Sequence[tuple[int, Doc]]) -> list[Parsed]:
    """`Parsed` pieces of (offset, Doc) chunks, as `parse_texts` gives them."""
    return [Parsed(offset, len(doc.text), doc) for offset, doc in parts]


def with_lemmas(parsed: Sequence[Parsed]) -> list[Parsed]:
    """The pieces with coarse POS and lemmas added."""
    docs = lemmatize([part.doc for part in parsed])
    return [Parsed(part.offset, part.length, doc) for part, doc in zip(parsed, docs, strict=True)]


def sentences_of(parsed: Sequence[Parsed], spans: Sequence[tuple[int, int]]) -> list[Parsed]:
    """The given spans of a parsed article (the sentences that may state a claim), each a
    Doc of its own copied out of the parse (`sentence_doc`), so a rule that reads a token's
    sentence or document never strays into the next one, then given coarse POS and lemmas.
    A span no chunk holds is left out."""
    pieces = []
    arrays: dict[int, tuple[list[int], Any]] = {}
    for start, end in spans:
        for number, part in enumerate(parsed):
            local_start, local_end = start - part.offset, end - part.offset
            if local_start < 0 or local_end > part.length:
                continue
            span = part.doc.char_span(local_start, local_end, alignment_mode="expand")
            if span is not None and len(span):
                if number not in arrays:  # the attributes `as_doc` copies (spaCy is pinned)
                    attrs = part.doc._get_array_attrs()
                    arrays[number] = (attrs, part.doc.to_array(attrs))
                pieces.append(Parsed(part.offset + span.start_char,
                                     span.end_char - span.start_char,
                                     sentence_doc(span, *arrays[number])))
            break
    return with_lemmas(pieces)


def sentence_doc(span: Span, attrs: list[int], array: Any) -> Doc:
    """`span.as_doc()` for a parse without lemmas, given its whole Doc's array once:
    `as_doc` rebuilds the array and lists the Doc's entities on every call, which made
    cutting an article into its sentences quadratic (a third of the claims' time in a
    profile of 100 T17 articles). Heads outside the span are rewired as `as_doc` does, and
    an entity cut by the span's edge is left unannotated, as there (tests compare the two)."""
    from spacy.attrs import ENT_IOB
    from spacy.tokens import Doc

    doc = Doc(span.doc.vocab, words=[t.text for t in span],
              spaces=[bool(t.whitespace_) for t in span])
    rows = span._fix_dep_copy(attrs, array[span.start:span.end].copy())
    iob = attrs.index(ENT_IOB)
    inside = 1  # ENT_IOB: 1 "I", 2 "O", 3 "B"
    cut_at_start = rows[0][iob] == inside
    cut_at_end = span.end < len(array) and array[span.end][iob] == inside
    if cut_at_start:
        rows[0][iob] = 3
    doc.from_array(attrs, rows)
    ents = doc.ents
    cut = [ents[0]] if cut_at_start and ents else []
    if cut_at_end and ents:
        cut.append(ents[-1])
    if cut:
        doc.set_ents([], missing=cut, default="unmodified")
    return doc


def span_of(parsed: Sequence[Parsed], start: int, end: int) -> tuple[Parsed, Span] | None:
    """The tokens covering characters `start:end` of the article, None if none do."""
    for part in parsed:
        local_start, local_end = start - part.offset, end - part.offset
        if local_start >= 0 and local_end <= part.length:
            span = part.doc.char_span(local_start, local_end, alignment_mode="expand")
            if span is not None and len(span):
                return part, span
    return None


def head_of(span: Span) -> Token:
    """The span's syntactic head (its root; the last token when the parse splits it)."""
    return span.root


def climb(token: Token) -> Iterator[Token]:
    """The heads above `token`, nearest first, at most MAX_CLIMB of them."""
    for _ in range(MAX_CLIMB):
        if token.head is token:
            return
        token = token.head
        yield token


def governing_verb(token: Token) -> Token | None:
    """The nearest verb (or auxiliary used as a main verb) above `token`."""
    for head in climb(token):
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def lemma(token: Token) -> str:
    return token.lemma_.lower()


#: Abbreviations that name a country as a modifier ("U.S. troops", "UK forces").
_COUNTRY_ABBREVIATIONS = {"U.S.": "United States", "US": "United States", "U.S": "United States",
                          "UK": "United Kingdom", "U.K.": "United Kingdom",
                          "UAE": "United Arab Emirates"}


def country_of(token: Token) -> str | None:
    """The country a token names as a modifier: "Russian" -> Russia, "Russia's" -> Russia."""
    text = token.text
    if text in DEMONYM_FORMS:
        return DEMONYMS[DEMONYM_FORMS[text]]
    if text in _COUNTRY_ABBREVIATIONS:  # "18 U.S. soldiers" are no other country's
        return _COUNTRY_ABBREVIATIONS[text]
    if token.ent_type_ == "GPE" and text in COUNTRIES:
        return text
    return None


def countries_modifying(token: Token) -> list[str]:
    """Countries among the modifiers of a noun: "Russian troops", "Russia's contingent"."""
    found = []
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
            country = country_of(child)
            if country is not None:
                found.append(country)
    return sorted(set(found))


def is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def sentence_words(token: Token) -> set[str]:
    """The lower-case lemmas and words of the token's sentence."""
    return {w.lower_ for w in token.sent} | {lemma(w) for w in token.sent}


#: Entity labels that narrow what a figure is about, by the slot they fill: the place,
#: the organisation or group, the person. A figure of one slot value never meets a
#: figure of another ("3,000 peacekeepers in Port-au-Prince", "a force of 9,000 in Haiti").
_SCOPE_SLOTS = {"GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org", "NORP": "org",
                "PERSON": "person"}
#: Relative pronouns: the actor of "an accident that killed 15" is the noun they stand for.
_RELATIVE = frozenset("that which who whom whose".split())


def name_of(token: Token) -> tuple[str, str] | None:
    """(slot, name) when the token is part of a name: its entity's text and slot, or a
    proper noun with its compounds ("name"); None for anything else."""
    if token.ent_type_:
        slot = _SCOPE_SLOTS.get(token.ent_type_)
        if slot is None:
            return None
        entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        text = entity.text if entity is not None else token.text
        return slot, " ".join(text.removeprefix("the ").removeprefix("The ").split())
    if token.pos_ == "PROPN":
        words = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        return "name", " ".join(w.text for w in sorted([*words, token], key=lambda w: w.i))
    return None


def names_in_prepositions(token: Token) -> set[tuple[str, str]]:
    """Names in the prepositional phrases on a word: "based in and around Port-au-Prince",
    "has been in Haiti", "the bombing of Pan Am flight 103" (conjuncts included)."""
    found = set()
    for prep in (c for c in token.children if c.dep_ == "prep"):
        for obj in (c for c in prep.subtree if c.dep_ == "pobj" and c.head.pos_ == "ADP"):
            if prep not in (obj.head, obj.head.head):
                continue  # deeper phrases ("the power plants in Almaty") are another noun's
            for word in [obj, *(c for c in obj.children if c.dep_ in ("compound", "conj"))]:
                name = name_of(word)
                if name is not None:
                    found.add(name)
    return found


def names_modifying(token: Token) -> set[tuple[str, str]]:
    """Names among a noun's modifiers ("UN peacekeepers", "Pan Am's flight"); countries are
    left out (they go into a subject of their own, `countries_modifying`)."""
    found = set()
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss") and country_of(child) is None:
            name = name_of(child)
            if name is not None:
                found.add(name)
    return found


def actor_of(verb: Token) -> Token | None:
    """Who or what did it: the active subject or passive agent of a verb, a relative
    pronoun replaced by the noun it stands for ("an accident that killed 15")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
