"""Editors' decisions as constraints on a grouping: applied, in the order they were made,
after every clustering (online placement, a re-clustering pass, a rebuild), so that no
later pass undoes them. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Constraint", "apply_constraints"]


@dataclass(frozen=True, kw_only=True)
class Constraint:
    """`merge`: the articles of every part belong to one story. `split`: the articles of
    the one part form a story of their own (whatever joined them since stays where the
    clusterer put it)."""

    kind: Literal["merge", "split"]
    parts: tuple[tuple[str, ...], ...]


def apply_constraints(groups: Sequence[Sequence[str]],
                      constraints: Sequence[Constraint]) -> list[list[str]]:
    """The groups with each constraint applied in turn (a later one wins where two
    disagree). Articles a constraint names but the groups do not hold are ignored."""
    result = [list(group) for group in groups]
    for constraint in constraints:
        named = {article for part in constraint.parts for article in part}
        if constraint.kind == "merge":
            touched = [group for group in result if named.intersection(group)]
            if len(touched) > 1:
                merged = [article for group in touched for article in group]
                result = [group for group in result if not named.intersection(group)]
                result.append(merged)
        else:
            taken = [article for group in result for article in group if article in named]
            if not taken:
                continue
            result = [[article for article in group if article not in named] for group in result]
            result = [group for group in result if group]
            result.append(taken)
    return result
