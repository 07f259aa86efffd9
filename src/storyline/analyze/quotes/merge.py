"""One statement reported by several outlets becomes one quote with several evidence spans.

Two quotes are the same statement when their word pairs (lower-cased bigrams, "ten" read
as "10") mostly
coincide: the shorter's pairs are at least `CONTAINMENT` inside the longer's (an outlet
that quotes half of a sentence another quotes whole), and their speakers are compatible
(the same entity, or at least one unresolved). A group never holds two resolved
speakers: a quote of Chan does not join Fukuda's words through an unresolved report of
them. Quotes of one article are never merged with each other: an article repeating
itself is not a second source.
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
    return _same(a, pairs(a.text), b, pairs(b.text))


def _same(a: Quote, left: frozenset[tuple[str, str]], b: Quote,
          right: frozenset[tuple[str, str]]) -> bool:
    """`same_statement` given each quote's word pairs."""
    if a.speaker_entity and b.speaker_entity and a.speaker_entity != b.speaker_entity:
        return False
    shorter = min(len(left), len(right))
    if shorter < MIN_PAIRS:
        return left == right and bool(left)
    return len(left & right) / shorter >= CONTAINMENT


class _Group:
    """Quotes found to be one statement, with their word pairs, the articles they come
    from, every word pair any of them holds and the fewest any one holds."""

    __slots__ = ("articles", "members", "smallest", "speaker", "union")

    def __init__(self) -> None:
        self.members: list[tuple[Quote, frozenset[tuple[str, str]]]] = []
        self.articles: set[str] = set()
        self.union: set[tuple[str, str]] = set()
        self.smallest = 0
        self.speaker: str | None = None  # the one resolved speaker of its members, if any

    def add(self, quote: Quote, bigrams: frozenset[tuple[str, str]],
            articles: set[str]) -> set[tuple[str, str]]:
        """Add a quote; the word pairs new to the group (to index)."""
        self.members.append((quote, bigrams))
        self.articles |= articles
        self.speaker = self.speaker or quote.speaker_entity
        self.smallest = min(self.smallest, len(bigrams)) if len(self.members) > 1 else len(bigrams)
        new = bigrams - self.union
        self.union |= new
        return new


def story_quotes(per_article: Sequence[Sequence[Quote]]) -> list[Quote]:
    """The quotes of a story, one per statement, in the order of first report. The first
    quote of a group gives text, kind and cue; the speaker is the first resolved one.

    Each quote joins the first group (in order of creation) holding one of its statement
    from another article. Word pairs are read once per quote, and a group is compared
    only when enough of the quote's pairs occur in it: a member matches only if they
    share at least CONTAINMENT x the fewer pairs of the two (all of them when short), so
    a group sharing fewer with all its members together cannot match. A story of
    thousands of articles no longer compares every quote with every group."""
    groups: list[_Group] = []
    holding: dict[tuple[str, str], list[int]] = {}  # word pair -> groups holding it
    for quotes in per_article:
        for quote in quotes:
            bigrams = pairs(quote.text)
            articles = {span.article_id for span in quote.evidence}
            shared: dict[int, int] = {}
            for pair in bigrams:
                for number in holding.get(pair, ()):
                    shared[number] = shared.get(number, 0) + 1
            joined = None
            for number in sorted(shared):
                group = groups[number]
                if shared[number] < CONTAINMENT * min(len(bigrams), group.smallest):
                    continue
                if not group.articles.isdisjoint(articles) or (
                        quote.speaker_entity and group.speaker not in (None, quote.speaker_entity)):
                    continue
                if any(_same(quote, bigrams, member, theirs) for member, theirs in group.members):
                    joined = number
                    break
            if joined is None:
                joined = len(groups)
                groups.append(_Group())
            for pair in groups[joined].add(quote, bigrams, articles):
                holding.setdefault(pair, []).append(joined)
    return [_merged([quote for quote, _ in group.members]) for group in groups]


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
