"""Editors' decisions as constraints on a grouping: applied, in the order they were made,
after every clustering (online placement, a re-clustering pass, a rebuild), so that no
later pass undoes them. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Constraint", "apply_constraints"]


@dataclass(frozen=True, kw_only=True)
class Constraint:
    """`merge`: the articles of every part belong to one story. `split`: no story holds
    articles of two parts (articles that joined since stay where the clusterer put them,
    or, in a story that mixes parts, with the largest part there)."""

    kind: Literal["merge", "split"]
    parts: tuple[tuple[str, ...], ...]


def apply_constraints(groups: Sequence[Sequence[str]],
                      constraints: Sequence[Constraint]) -> list[list[str]]:
    """The groups with each constraint applied in turn (a later one wins where two
    disagree). Articles a constraint names but the groups do not hold are ignored."""
    result = [list(group) for group in groups]
    for constraint in constraints:
        owner = {a: i for i, part in enumerate(constraint.parts) for a in part}
        if constraint.kind == "merge":
            touched = [group for group in result if not owner.keys().isdisjoint(group)]
            if len(touched) > 1:
                merged = [article for group in touched for article in group]
                result = [group for group in result if owner.keys().isdisjoint(group)]
                result.append(merged)
            continue
        split: list[list[str]] = []
        for group in result:
            held = Counter(owner[a] for a in group if a in owner)
            if len(held) < 2:
                split.append(group)
                continue
            largest = min(held, key=lambda i: (-held[i], i))
            pieces: dict[int, list[str]] = {i: [] for i in sorted(held)}
            for article in group:
                pieces[owner.get(article, largest)].append(article)
            split.extend(pieces.values())
        result = split
    return result
