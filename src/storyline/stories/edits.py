"""Editors' decisions as constraints on a grouping: applied, in the order they were made,
after every clustering (online placement, a re-clustering pass, a rebuild), so that no
later pass undoes them. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Constraint", "apply_constraints", "in_force"]


@dataclass(frozen=True, kw_only=True)
class Constraint:
    """`merge`: the articles of every part belong to one story. `split`: no story holds
    articles of two parts (articles that joined since stay where the clusterer put them,
    or, in a story that mixes parts, with the largest part there)."""

    kind: Literal["merge", "split"]
    parts: tuple[tuple[str, ...], ...]


def in_force(constraints: Sequence[Constraint]) -> list[Constraint]:
    """What each decision still governs, given the later ones (in order made): a later
    decision about an article overrides an earlier one, so an earlier decision keeps only
    the articles no later one names, and is dropped when fewer than two parts are left (a
    split after a merge of the same stories leaves the merge nothing to say)."""
    named: set[str] = set()
    kept: list[Constraint] = []
    for constraint in reversed(constraints):
        parts = tuple(p for p in (tuple(a for a in part if a not in named)
                                  for part in constraint.parts) if p)
        if len(parts) >= 2:
            kept.append(Constraint(kind=constraint.kind, parts=parts))
        named.update(a for part in constraint.parts for a in part)
    return kept[::-1]


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
