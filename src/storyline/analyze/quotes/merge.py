"""One statement reported by several outlets becomes one quote with several evidence spans.

Two quotes are the same statement when their word pairs (lower-cased bigrams, "ten" read
as "10") mostly
coincide: the shorter's pairs are at least `CONTAINMENT` inside the longer's (an outlet
that quotes half of a sentence another quotes whole), and their speakers are compatible
(the same entity, or at least one unresolved). Quotes of one article are never merged
with each other: an article repeating itself is not a second source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from storyline.model import Quote, Span

#: Share of the shorter quote's word pairs found in the longer one (0.8: one word changed in
#: every ten-word quote, a typo fix or "Jan." for "January", still matches).
CONTAINMENT = 0.8
#: Quotes with fewer word pairs are too short to tell one statement from another.
MIN_PAIRS = 3
_WORD = re.compile(r"\w+")
#: Number words outlets write either way ("ten days", "10 days").
_NUMBERS = {word: str(value) for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def pairs(text: str) -> frozenset[tuple[str, str]]:
    """Lower-cased word bigrams of `text`, number words as digits."""
    found = [_NUMBERS.get(w, w) for w in (w.casefold() for w in _WORD.findall(text))]
    return frozenset(pairwise(found))


def same_statement(a: Quote, b: Quote) -> bool:
    """True when `a` and `b` report one statement (see the module docstring)."""
    if a.speaker_entity and b.speaker_entity and a.speaker_entity != b.speaker_entity:
        return False
    left, right = pairs(a.text), pairs(b.text)
    shorter = min(len(left), len(right))
    if shorter < MIN_PAIRS:
        return left == right and bool(left)
    return len(left & right) / shorter >= CONTAINMENT


def story_quotes(per_article: Sequence[Sequence[Quote]]) -> list[Quote]:
    """The quotes of a story, one per statement, in the order of first report. The first
    quote of a group gives text, kind and cue; the speaker is the first resolved one."""
    groups: list[list[Quote]] = []
    for quotes in per_article:
        for quote in quotes:
            articles = {span.article_id for span in quote.evidence}
            for group in groups:
                if any(e.article_id in articles for q in group for e in q.evidence):
                    continue
                if any(same_statement(quote, member) for member in group):
                    group.append(quote)
                    break
            else:
                groups.append([quote])
    return [_merged(group) for group in groups]


def _merged(group: list[Quote]) -> Quote:
    first = group[0]
    if len(group) == 1:
        return first
    evidence: list[Span] = []
    speakers: list[Span | None] = []
    for quote in group:
        evidence += quote.evidence
        spans = quote.speaker_spans or (None,) * len(quote.evidence)
        speakers += spans
    resolved = next((q for q in group if q.speaker_entity), None)
    return replace(first, evidence=tuple(evidence), speaker_spans=tuple(speakers),
                   speaker=resolved.speaker if resolved else first.speaker,
                   speaker_entity=resolved.speaker_entity if resolved else None)
