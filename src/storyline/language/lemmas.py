"""The pipeline's rule lemmatizer applied through a table of the lemmas it has given.

spaCy's English lemmatizer gives a token's lemma from its form, coarse POS and morphology
alone (its own cache is keyed by exactly those), but it walks the Doc token by token in
Python, building a `Token` and reading three properties for each: after the attribute
ruler went to look-ups (`attributes.py`), that walk was the largest cost of the claims'
sentences beside the model. Here the three keys are read for the whole Doc as one array,
each new key is lemmatized once by spaCy's own method (on a real token) and remembered,
and the lemmas are written back as one array. As in the component, a token that already
has a lemma (the attribute ruler's exceptions set some) keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["TableLemmatizer"]


class TableLemmatizer:
    """The rule lemmatizer `name` of `nlp`, by a table of (form, POS, morphology) keys."""

    def __init__(self, nlp: Language, name: str = "lemmatizer") -> None:
        component = nlp.get_pipe(name)
        if getattr(component, "mode", None) != "rule" or getattr(component, "overwrite", True):
            raise ModelError(f"the pipeline's {name} is not a rule lemmatizer that keeps "
                             "existing lemmas")
        self._component = component
        self._table: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = keys[:, 3].copy()
        table, strings = self._table, doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = table[key] = strings.add(self._component.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs: Iterable[Doc]) -> list[Doc]:
        return [self(doc) for doc in docs]
