"""An article's text as paragraphs of runs, the stretches stories cite marked, for the
article page: overlapping marks split into pieces, each mark's start carrying the anchor
a citation links to (`m-START-END`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from storyline.views import Mark


@dataclass(frozen=True)
class Run:
    """A piece of text; `kinds` what cites it (empty: not cited); `anchors` the ids of the
    marks that start here."""

    text: str
    kinds: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


def anchor(start: int, end: int) -> str:
    return f"m-{start}-{end}"


def paragraphs(text: str, marks: Sequence[Mark]) -> list[list[Run]]:
    """The text's paragraphs (split at blank lines) as runs, cited pieces marked."""
    spans = [(m.start, m.end, m.kinds) for m in marks if 0 <= m.start < m.end <= len(text)]
    result: list[list[Run]] = []
    position = gap = 0  # gap: where the text after the last paragraph shown begins
    for block in text.split("\n\n"):
        start, end = position, position + len(block)
        position = end + 2
        if not block.strip():
            continue
        cuts = {start, end}
        for s, e, _ in spans:
            cuts.update(p for p in (s, e) if start < p < end)
        edges = sorted(cuts)
        runs = []
        for a, b in pairwise(edges):
            kinds = sorted({k for s, e, ks in spans if s < b and e > a for k in ks})
            # a mark starting between paragraphs is anchored where the next one begins
            anchors = tuple(anchor(s, e) for s, e, _ in spans
                            if s == a or (a == start and gap <= s < start))
            runs.append(Run(text[a:b], tuple(kinds), tuple(dict.fromkeys(anchors))))
        result.append(runs)
        gap = end
    return result
