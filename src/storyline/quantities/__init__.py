"""Quantities in news text: numbers with their unit, what they count, and how exactly the
text states them ("about 2.5 thousand", "more than 2,000 peacekeepers", "€1.2 trillion",
"by 0.25 percentage points", "thousands of people", "a twofold increase").

Pure and fast (no model): the text is cut into tokens, with dates, clock times and phone
numbers marked so that their digits are never read; then, left to right, each token that
can start a quantity is read as the longest phrase there (hedge, figure or range or vague
plural, unit, counted noun); what it covers is skipped. Years, labels ("Article 4"),
list markers, scores and the pronoun "one" are read only to be set aside. Ordinals ("the
second day", "21st") are not quantities and are never returned.

`same_value` says whether two quantities can state the same number; claims use it to tell
rounding from disagreement.
"""

from __future__ import annotations

from storyline.quantities.base import ROUNDING_SHARE, VAGUE_CEILING, Quantity, QuantityKind
from storyline.quantities.compare import same_value
from storyline.quantities.phrases import may_start, read_phrase
from storyline.quantities.tokens import tokenize

__all__ = ["ROUNDING_SHARE", "VAGUE_CEILING", "Quantity", "QuantityKind", "find_quantities",
           "same_value"]


def find_quantities(text: str) -> list[Quantity]:
    """The quantities in `text`, sorted by start and non-overlapping;
    `text[q.start:q.end] == q.text`."""
    tokens = tokenize(text)
    found: list[Quantity] = []
    i, n = 0, len(tokens)
    while i < n:
        read = read_phrase(text, tokens, i) if may_start(tokens[i]) else None
        if read is None:
            i += 1
            continue
        if read.quantity is not None:
            found.append(read.quantity)
        i = read.last + 1
    return found
