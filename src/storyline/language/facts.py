"""What the batch stage needs from one parsed document, taken out of the spaCy `Doc`.

A `Doc` is large (every token's vectors of annotations) and costly to ship between
processes; these records are small, picklable, and all the later stages read. Offsets are
characters into the document's text; `shifted` moves them when a long article was parsed
in chunks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from storyline.language.mentions import Candidate, find_candidates, name_like
from storyline.language.roles import RoleCandidate, capital_runs, find_roles
from storyline.language.sentences import sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, kw_only=True)
class DocumentFacts:
    """Sentences, mention candidates, roles and token boundaries of one text.

    `token_starts`/`token_ends` let the batch add mentions the model missed only on token
    boundaries; `capital_starts` are the starts of tokens written with a capital (the
    tagger's NNP is not enough: it calls "Zelenskyy" NN and "CSTO" NNS).
    """

    sentences: tuple[tuple[int, int], ...]
    candidates: tuple[Candidate, ...] = ()
    roles: tuple[RoleCandidate, ...] = ()
    token_starts: frozenset[int] = frozenset()
    token_ends: frozenset[int] = frozenset()
    capital_starts: frozenset[int] = frozenset()


def read_doc(doc: Doc, *, entities: bool) -> DocumentFacts:
    """The facts of a parsed document; without `entities`, only its sentences."""
    text = doc.text  # built anew on every access: read it once
    sentences = tuple(sentence_spans(doc, text))
    if not entities:
        return DocumentFacts(sentences=sentences)
    from spacy.attrs import IDX, LENGTH

    candidates = find_candidates(doc, text)
    holders = [c.tokens for c in candidates if c.tokens is not None
               and (c.type == "PERSON" or (c.type == "ORG" and name_like(c.text)))]
    taken = {i for c in candidates if c.tokens is not None for i in range(*c.tokens)}
    holders += [run for run in capital_runs(doc) if not taken.intersection(range(*run))]
    array = doc.to_array([IDX, LENGTH])
    starts = array[:, 0].tolist()
    ends = (array[:, 0] + array[:, 1]).tolist()
    return DocumentFacts(
        sentences=sentences,
        candidates=tuple(replace(c, tokens=None) for c in candidates),
        roles=tuple(find_roles(doc, text, holders)),
        token_starts=frozenset(starts),
        token_ends=frozenset(ends),
        capital_starts=frozenset(start for start in starts if text[start].isupper()),
    )


def joined(parts: Sequence[tuple[int, DocumentFacts]]) -> DocumentFacts:
    """One document's facts from its chunks, each given with its offset in the text."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]

    def move(span: tuple[int, int], offset: int) -> tuple[int, int]:
        return span[0] + offset, span[1] + offset

    sentences, candidates, roles = [], [], []
    starts: set[int] = set()
    ends: set[int] = set()
    capitals: set[int] = set()
    for offset, facts in parts:
        sentences += [move(span, offset) for span in facts.sentences]
        candidates += [replace(c, start=c.start + offset, end=c.end + offset,
                               expands=move(c.expands, offset) if c.expands else None)
                       for c in facts.candidates]
        roles += [replace(r, holder=move(r.holder, offset), start=r.start + offset,
                          end=r.end + offset) for r in facts.roles]
        starts.update(s + offset for s in facts.token_starts)
        ends.update(e + offset for e in facts.token_ends)
        capitals.update(p + offset for p in facts.capital_starts)
    return DocumentFacts(sentences=tuple(sentences), candidates=tuple(candidates),
                         roles=tuple(roles), token_starts=frozenset(starts),
                         token_ends=frozenset(ends), capital_starts=frozenset(capitals))


#: Bumped whenever `read_doc` or the records change, so cached facts are read again.
#: 5: a first name the model read as a place joins the person's name ("[Paris] [Daniel ...]").
FACTS_VERSION = 5


def facts_record(facts: DocumentFacts) -> dict[str, Any]:
    """The facts as plain JSON values, to cache them (JSON, not pickle: a store file may
    come from elsewhere, and loading it must not run code)."""
    return {
        "sentences": [list(span) for span in facts.sentences],
        "candidates": [[c.text, c.start, c.end, c.type, c.label, c.country,
                        list(c.expands) if c.expands else None, c.after_title, c.locative]
                       for c in facts.candidates],
        "roles": [[list(r.holder), r.title, r.modifier, r.start, r.end] for r in facts.roles],
        "token_starts": sorted(facts.token_starts),
        "token_ends": sorted(facts.token_ends),
        "capital_starts": sorted(facts.capital_starts),
    }


def facts_from_record(record: dict[str, Any]) -> DocumentFacts:
    """The facts `facts_record` wrote."""
    return DocumentFacts(
        sentences=tuple((int(s), int(e)) for s, e in record["sentences"]),
        candidates=tuple(
            Candidate(text=text, start=start, end=end, type=kind, label=label, country=country,
                      expands=(expands[0], expands[1]) if expands else None,
                      after_title=after_title, locative=locative)
            for text, start, end, kind, label, country, expands, after_title, locative
            in record["candidates"]),
        roles=tuple(RoleCandidate(holder=(holder[0], holder[1]), title=title, modifier=modifier,
                                  start=start, end=end)
                    for holder, title, modifier, start, end in record["roles"]),
        token_starts=frozenset(record["token_starts"]),
        token_ends=frozenset(record["token_ends"]),
        capital_starts=frozenset(record["capital_starts"]),
    )
