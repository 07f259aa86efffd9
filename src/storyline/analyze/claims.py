"""Claims: facts an article states as (subject, attribute, normalised value), each with the
span of the words that state it, so that articles of one story can be compared
(`storyline.analyze.disagreements`).

    find_claims(text, article_id=..., published=..., language=..., entities=...)

Four kinds, each in its own module:

- count (`claims_counts`): "numbering 2,030 troops" -> (troops, number,
  {"value": 2030, "low": 2030, "high": 2030, "unit": "people", "noun": "troop",
  "approx": False, "kind": "count"}); the bounds are the quantity layer's, so rounding
  ("about 2.5 thousand" is 2,450-2,550) travels with the value, and so does a "scope"
  (names and the actor that narrow the figure: {"place": ["Haiti"], "org": ["UN"]});
- set (`claims_sets`): the countries a force is made of -> (troops, countries,
  ["Armenia", "Belarus", ...]) (sorted entity names);
- date and duration (`claims_times`): (withdrawal, start, "2022-01-13"),
  (withdrawal, duration, "P10D"), resolved against the publication date.

Keys are lemmas and small word classes (`claims_lexicon`), lower case, so "2,030 troops"
and "2.5 thousand servicemen" land on one key. The finder is conservative: a figure or date
whose subject the parse does not give is left out, since a key that joins two different
facts makes a false disagreement. `text[evidence.start:evidence.end]` always holds the
value's words (and, when close, the subject's); `Claim.text` is that slice.

The article is parsed once, by the language layer, with the verified spaCy pipeline (with
lemmas), deterministic on CPU; the rules read that parse, cut into the language layer's
sentences that hold a figure, a time reference or two places (a third to a half of a news
article). Its mentions and merged entities, when given, name the countries.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence

from storyline.analyze.claims_counts import count_claims
from storyline.analyze.claims_rates import rate_claims
from storyline.analyze.claims_sets import set_claims
from storyline.analyze.claims_syntax import Parsed, parse, sentences_of, with_lemmas
from storyline.analyze.claims_times import time_claims
from storyline.language.records import ArticleLanguage, Entity
from storyline.model import Claim, TimeRef
from storyline.quantities import Quantity, find_quantities
from storyline.timex import find_timerefs

__all__ = ["find_claims"]

#: Place mentions a sentence needs to hold a list of participants.
_LIST_PLACES = 2


def _claim_sentences(quantities: Sequence[Quantity], refs: Sequence[TimeRef],
                     language: ArticleLanguage | None) -> list[tuple[int, int]] | None:
    """The sentences worth reading: those with a figure or a time reference, or naming two
    places (a list of participants); most sentences of a news article state none. None
    (read the whole text) without the language layer's sentences."""
    if language is None or not language.sentences:
        return None
    marks = sorted([q.start for q in quantities] + [r.start for r in refs])
    places = sorted(m.start for m in language.mentions if m.type in ("GPE", "NORP"))
    kept = []
    for sentence in language.sentences:
        lo, hi = sentence.start, sentence.end
        has_mark = bisect_left(marks, lo) < bisect_left(marks, hi)
        if has_mark or bisect_left(places, hi) - bisect_left(places, lo) >= _LIST_PLACES:
            kept.append((lo, hi))
    return kept


def find_claims(text: str, *, article_id: str, published: dt.date | None,
                language: ArticleLanguage | None = None,
                entities: Sequence[Entity] = (),
                parsed: Sequence[Parsed] | None = None,
                refs: Sequence[TimeRef] | None = None) -> list[Claim]:
    """The claims of one article, in text order (then kind, subject, attribute).

    `published` anchors relative dates ("on Thursday"); without it they make no claim.
    `language` and `entities` are the language layer's result for this article and its
    batch; without them, spaCy's own entities name the countries of participant lists.
    `parsed` is the whole text parsed (`claims_syntax.parse`, or the language layer's
    Docs); without it the text is parsed here. `refs` are `find_timerefs(text, published)`
    when the caller has them (the story's timeline reads the same). Raises `ModelError` if
    the spaCy pipeline is missing.
    """
    if not text.strip():
        return []
    quantities = find_quantities(text)
    refs = find_timerefs(text, published) if refs is None else refs
    whole = list(parsed) if parsed is not None else parse(text)
    spans = _claim_sentences(quantities, refs, language)
    pieces = with_lemmas(whole) if spans is None else sentences_of(whole, spans)
    claims = [
        *count_claims(text, pieces, article_id, quantities),
        *rate_claims(text, pieces, article_id, quantities),
        *time_claims(text, pieces, article_id, refs),
        *set_claims(text, pieces, article_id, language, entities),
    ]
    unique = {(c.evidence.start, c.evidence.end, c.kind, c.subject, c.attribute, repr(c.value)): c
              for c in claims}
    return [unique[key] for key in sorted(unique)]
