"""The windowed re-clustering pass: the stories active in the last N days are clustered
again in publication order, and what it finds replaces the online placement where a new article gives cause.

Online placement is order-dependent: an article that arrives late (a backfill, a feed
that lags) was compared with the stories of its arrival, not of its date. The pass
repairs that inside the window: the pass replays the window in publication order with the
word counts the online index had before those articles came (so, on articles that did come
in order, it finds exactly what the online index found), then runs the split check on the
stories it made (`StoryIndex.split_check`: a story of two events of one kind is two).
It changes a group of stories only where its grouping
differs *and* the group holds an article placed since the last refresh (or when asked):
a story no new article touched keeps its id, members and headline, whatever the pass
thinks of it ("nothing moves without cause"), and so does a story with members before the
window (the pass does not see them). Memory is the pass's own index over the
window's stories: blocking through inverted postings (sparse nearest neighbours), no
pairwise matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from storyline.model import Article
from storyline.stories.index import StoryIndex

__all__ = ["PassOutcome", "recluster_window", "window_members"]


@dataclass(frozen=True, kw_only=True)
class PassOutcome:
    """What a pass did: articles it re-clustered, groups of stories it changed, and how
    many groups it would have changed but left alone (no new article among them)."""

    articles: int
    changed: int
    left_alone: int


def window_members(heads: Iterable[Article], days: int,
                   extra: Collection[str] = ()) -> set[str]:
    """The articles a pass over the last `days` days re-clusters: those published in them
    (the window ends at the newest publication date, never the clock) and `extra`
    (undated new articles). A story with members outside is left as it is: the pass
    cannot see them, so its regrouping there could only be worse informed."""
    heads = list(heads)
    dates = [a.published for a in heads if a.published is not None]
    start = max(dates) - dt.timedelta(days=days) if dates else None
    return {a.id for a in heads if (a.published is not None and start is not None
                                    and a.published >= start) or a.id in extra}


def recluster_window(index: StoryIndex, articles: Sequence[Article],
                     caused: Collection[str] | None) -> PassOutcome:
    """Re-cluster `articles` (`window_members`, with texts and near-copy links) and put
    the result into `index` where it differs and `caused` holds one of the group's
    articles (None: wherever it differs)."""
    fresh, features = index.for_pass(articles)
    fresh.assign_many(articles, features=features)
    # the window's stories re-made from their members: a story of two events is two
    fresh.split_check(list(fresh.members()), {a.id: a for a in articles}, features)
    proposal = fresh.members()
    current = {index.story_of(a.id) for a in articles} - {None}
    now = index.members_of(sorted(current))  # type: ignore[arg-type]
    inside = {a.id for a in articles}
    # union-find over stories of both sides linked by a shared article
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(node: tuple[int, str]) -> tuple[int, str]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for side, groups in ((0, now), (1, proposal)):
        for sid, members in groups.items():
            for article in members:
                a, b = find((side, sid)), find((2, article))
                parent[a] = b
    components: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for node in list(parent):
        if node[0] != 2:
            components.setdefault(find(node), []).append(node)
    changed = left_alone = 0
    for nodes in sorted(components.values()):
        old = [sid for side, sid in nodes if side == 0]
        new = [sid for side, sid in nodes if side == 1]
        if {frozenset(now[s]) for s in old} == {frozenset(proposal[s]) for s in new}:
            continue
        if any(not set(now[s]) <= inside for s in old):
            left_alone += 1  # a story with members outside the pass: not ours to regroup
            continue
        touched = [m for s in new for m in proposal[s]]
        if caused is not None and not any(m in caused for m in touched):
            left_alone += 1
            continue
        index.replace_stories(old, fresh, new)
        changed += 1
    return PassOutcome(articles=len(articles), changed=changed, left_alone=left_alone)
