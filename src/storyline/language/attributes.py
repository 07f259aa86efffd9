"""The pipeline's attribute ruler (fine tag -> coarse POS and morphology, plus a few
exceptions) applied by dictionary look-ups instead of its Matcher.

The claim rules need coarse POS and lemmas on a third to a half of an article's tokens;
spaCy's `AttributeRuler` finds its 179 patterns with a Matcher that tries every pattern
at every token, then sets each match through a Span: 4.7% of the analysis' CPU on T17,
more than the lemmatizer after it. Nearly all of its patterns are one token that must
equal given values (`{"TAG": "NNS"}`, `{"LOWER": "i", "DEP": "nsubj"}`, `{"TAG": {"IN":
[...]}}`): those are looked up by tag, lower-case form, dependency or whitespace, and
only the rest (two-token patterns, regular expressions) go through a Matcher of their
own. Matches are applied as the ruler applies them: all found on the unchanged Doc, then
set token by token in the order the patterns were added (a later one wins), with spaCy's
own `set_token_attrs`; `tests/test_language.py` checks POS, morphology and lemmas against
spaCy's component token for token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

__all__ = ["FastAttributeRuler"]

#: Token attributes a look-up pattern may test (read as `tag_`, `lower_`, `dep_`,
#: `is_space`).
_ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Which required attribute a pattern is filed by when it has several: the fewest values,
#: then this order (a word is rarer than a tag, a tag than a dependency).
_FILE_ORDER = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
#: A test on one attribute: the values it may take (IN) or may not (NOT_IN).
_Test = tuple[str, frozenset[Any], bool]


@dataclass(frozen=True)
class _Lookup:
    """One one-token pattern of ruler entry `entry`, tested by `tests` (attribute, values,
    whether the value must be among them)."""

    entry: int
    tests: tuple[_Test, ...]


class FastAttributeRuler:
    """The attribute ruler `name` of `nlp`, applied by look-ups (see the module)."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        from spacy.matcher import Matcher
        from spacy.tokens._retokenize import normalize_token_attrs

        ruler = nlp.get_pipe(name)
        self._attrs: list[dict[int, Any]] = []
        self._indices: list[int] = []
        self._index: dict[tuple[str, Any], list[_Lookup]] = defaultdict(list)
        self._matcher: Matcher | None = None
        rest = Matcher(nlp.vocab)
        for entry, spec in enumerate(ruler.patterns):
            self._attrs.append(normalize_token_attrs(nlp.vocab, spec["attrs"]))
            self._indices.append(spec.get("index", 0))
            lookups = [_lookup(entry, pattern) for pattern in spec["patterns"]]
            if all(found is not None for found in lookups):
                for found in lookups:
                    for key in _keys(found):  # type: ignore[arg-type]
                        self._index[key].append(found)  # type: ignore[arg-type]
            else:
                rest.add(str(entry), spec["patterns"])
        if len(rest):
            self._matcher = rest
        #: The words some look-up tests: other words are all alike to the look-ups.
        self._words = frozenset(value for found in self._index.values() for lookup in found
                                for attribute, allowed, _ in lookup.tests
                                if attribute == "LOWER" for value in allowed)
        #: The entries matching each (tag, word or None, dependency, whitespace) met so far:
        #: bounded by the tags, the few words above and the dependency labels.
        self._seen: dict[tuple[Any, ...], tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        by_token: dict[int, set[int]] = defaultdict(set)
        if self._matcher is not None:  # on the Doc as it is, before anything is set
            strings = doc.vocab.strings
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                entry = int(strings[match_id])
                by_token[doc[start:end][self._indices[entry]].i].add(entry)
        attrs, words, seen = self._attrs, self._words, self._seen
        for token in doc:
            lower = token.lower_
            values = (token.tag_, lower if lower in words else None, token.dep_, token.is_space)
            entries = seen.get(values)
            if entries is None:
                entries = seen[values] = self._entries(values)
            if token.i in by_token:
                entries = tuple(sorted(by_token[token.i].union(entries)))
            for entry in entries:  # later patterns win, as in the ruler
                set_token_attrs(token, attrs[entry])
        return doc

    def _entries(self, values: tuple[Any, ...]) -> tuple[int, ...]:
        """The look-up entries a token with these attribute values matches, in order."""
        entries: set[int] = set()
        for attribute, value in zip(_ATTRIBUTES, values, strict=True):
            for found in self._index.get((attribute, value), ()):
                if _passes(found.tests, values):
                    entries.add(found.entry)
        return tuple(sorted(entries))

    def pipe(self, docs: Sequence[Doc]) -> list[Doc]:
        return [self(doc) for doc in docs]


_POSITION = {attribute: number for number, attribute in enumerate(_ATTRIBUTES)}


def _passes(tests: tuple[_Test, ...], values: tuple[Any, ...]) -> bool:
    return all((values[_POSITION[attribute]] in allowed) == inside
               for attribute, allowed, inside in tests)


def _lookup(entry: int, pattern: Sequence[dict[str, Any]]) -> _Lookup | None:
    """The pattern as look-up tests, or None when it needs the Matcher (more than one
    token, an operator, a regular expression, another attribute, or no value it requires
    to file it by)."""
    if len(pattern) != 1:
        return None
    tests: list[_Test] = []
    for attribute, wanted in pattern[0].items():
        if attribute not in _POSITION:
            return None
        if isinstance(wanted, dict):
            if len(wanted) != 1 or next(iter(wanted)) not in ("IN", "NOT_IN"):
                return None
            (operator, values), = wanted.items()
            if not all(isinstance(v, type(values[0])) for v in values) or not values:
                return None
            tests.append((attribute, frozenset(values), operator == "IN"))
        elif isinstance(wanted, str | bool):
            if isinstance(wanted, bool) != (attribute == "IS_SPACE"):
                return None  # a bool for a string attribute (or the reverse): the Matcher's
            tests.append((attribute, frozenset([wanted]), True))
        else:
            return None
    if not any(inside for _, _, inside in tests):
        return None
    return _Lookup(entry, tuple(sorted(tests, key=lambda t: _POSITION[t[0]])))


def _keys(found: _Lookup) -> list[tuple[str, Any]]:
    """Where a look-up pattern is filed: under each value one required attribute may take
    (a token has one value of it, so it finds the pattern once)."""
    attribute, allowed, _ = min((t for t in found.tests if t[2]),
                                key=lambda t: (len(t[1]), _FILE_ORDER[t[0]]))
    return [(attribute, value) for value in sorted(allowed, key=str)]
