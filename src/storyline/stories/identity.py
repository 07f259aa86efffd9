"""Story identity: which public id each new grouping of articles carries, and what moved.

The clusterer (`index.py`, a re-clustering pass, a rebuild) decides which articles belong
together; this module decides what those groups are *called*, so that a reader's link
keeps its meaning. Each earlier story hands its id to the new group holding the largest
part of it (greedily, largest overlap first: the id stays with the larger part); a group
that inherits no id gets a fresh one. What changed is recorded as `StoryEvent`s:

- `merge`: an earlier story's articles all went to another story; its id is retired and
  redirects there;
- `split`: an earlier story's articles went to several groups. When it kept its id the
  parts that left are new stories; when it lost its id to another story it is retired and
  redirects to every group holding its articles;
- `move`: some of a story's articles joined another, existing story.

Growing by new articles is not an event. Pure: no store, no clock (the caller stamps the
time when it stores the events).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Carried", "StoryEvent", "carry_ids", "fresh_story_id"]

EventKind = Literal["merge", "split", "move", "edit-merge", "edit-split", "hide", "unhide",
                    "undo"]


@dataclass(frozen=True, kw_only=True)
class StoryEvent:
    """A recorded change of a story's identity or membership.

    `story_id` is the story the event happened to: the survivor of a merge, the story
    that split, the one articles moved out of, or the one an editor acted on. `others`
    are the other stories involved (absorbed ids, new parts, the story moved to).
    `redirects` are the (retired id, successor id) pairs the event creates: a retired id
    resolves to its successor(s). `articles` are the articles that changed story."""

    kind: EventKind
    story_id: str
    others: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class Carried:
    """The new groups under their public ids (in the groups' order) and the events."""

    stories: dict[str, tuple[str, ...]]
    events: list[StoryEvent]


def fresh_story_id(founder: str, taken: Container[str]) -> str:
    """A new story's id: a hash of its founding article's id, as ids always were, unless
    that id is in use or was ever retired (a founder may found a second story after its
    first was split or merged away): then the hash of `founder#2`, `#3`, ..."""
    n = 1
    while True:
        key = founder if n == 1 else f"{founder}#{n}"
        sid = "s" + hashlib.sha256(key.encode()).hexdigest()[:15]
        if sid not in taken:
            return sid
        n += 1


def carry_ids(previous: Mapping[str, Sequence[str]], groups: Sequence[Sequence[str]], *,
              taken: Container[str] = (), reason: str = "",
              revive: Mapping[str, Collection[str]] | None = None,
              new_id: Callable[[Sequence[str], Container[str]], str] | None = None) -> Carried:
    """Name `groups` (lists of article ids, founder first) after `previous` (public id ->
    its article ids). `taken` are ids that may not be given again (retired ones; the
    previous ids are added). `revive` offers retired ids back (an undone merge): a group
    made mostly of most of that id's articles takes it back.
    `reason` goes into every event.

    An id names only the group holding the largest part of its articles: when a larger
    story took that part, the id is retired and redirects to where its articles went (a
    reader following it lands on its articles, not on a leftover one).

    Deterministic: pairs are taken by largest overlap, then the larger earlier story,
    then the part holding the story's founding article (its first), then the story whose
    founder comes first in that part (the older story: two one-article stories folded
    together keep the first one's id), then the smaller id."""
    name_new = new_id or (lambda members, used: fresh_story_id(members[0], used))
    home = {article: i for i, group in enumerate(groups) for article in group}
    overlaps: dict[str, Counter[int]] = {}
    for sid, members in previous.items():
        counts = Counter(home[a] for a in members if a in home)
        if counts:
            overlaps[sid] = counts
    name: dict[int, str] = {}
    given: set[str] = set()
    # an editor's intent first: a revived id takes back the group that is mostly its own
    for sid, members in sorted((revive or {}).items()):
        counts = Counter(home[a] for a in members if a in home)
        best = min(counts, key=lambda g: (-counts[g], g), default=None)
        if best is not None and best not in name and sid not in given \
                and 2 * counts[best] > len(members) and 2 * counts[best] > len(groups[best]):
            name[best], given = sid, given | {sid}

    def founded(sid: str, g: int) -> bool:  # on a tie, the id stays with its founder
        return bool(previous[sid]) and home.get(previous[sid][0]) == g

    place = {article: i for group in groups for i, article in enumerate(group)}

    def founder_place(sid: str, g: int) -> int:  # groups list their articles in order
        return place[previous[sid][0]] if founded(sid, g) else len(groups[g])

    pairs = sorted(((n, sid, g) for sid, counts in overlaps.items() for g, n in counts.items()),
                   key=lambda p: (-p[0], -len(previous[p[1]]), not founded(p[1], p[2]),
                                  founder_place(p[1], p[2]), p[1], p[2]))
    for n, sid, g in pairs:
        # an id goes with its largest part: when another id took that part, this one is
        # retired (redirecting to where its articles went), not left on a remnant
        if g not in name and sid not in given and n == max(overlaps[sid].values()):
            name[g], given = sid, given | {sid}
    used = _Used(taken, previous)
    for g, group in enumerate(groups):
        if g not in name and group:
            name[g] = name_new(group, used)
            used.add(name[g])
    stories = {name[g]: tuple(group) for g, group in enumerate(groups) if group}
    return Carried(stories=stories, events=_events(previous, groups, name, home, reason))


class _Used:
    """Ids that may not be given: `taken` (asked by membership only, so a store can answer
    for its whole history without listing it) and those named here."""

    def __init__(self, taken: Container[str], named: Iterable[str]) -> None:
        self.taken, self.named = taken, set(named)

    def __contains__(self, sid: object) -> bool:
        return sid in self.named or sid in self.taken

    def add(self, sid: str) -> None:
        self.named.add(sid)


def _events(previous: Mapping[str, Sequence[str]], groups: Sequence[Sequence[str]],
            name: Mapping[int, str], home: Mapping[str, int], reason: str) -> list[StoryEvent]:
    """What happened to each earlier story, from where its articles went."""
    new_ids = set(name.values()) - set(previous)
    events: list[StoryEvent] = []
    for sid in sorted(previous):
        went: dict[str, list[str]] = {}
        for article in previous[sid]:
            if article in home:
                went.setdefault(name[home[article]], []).append(article)
        kept = sid in went
        away = {target: moved for target, moved in went.items() if target != sid}
        if not away:
            continue  # kept whole (or every article gone: nothing to redirect to)
        if not kept and len(away) == 1:
            (target, moved), = away.items()
            events.append(StoryEvent(kind="merge", story_id=target, others=(sid,),
                                     articles=tuple(moved), redirects=((sid, target),),
                                     reason=reason))
            continue
        parts = sorted(t for t in away if t in new_ids)
        joined = sorted(t for t in away if t not in new_ids)
        if parts or not kept:
            targets = sorted(away)
            events.append(StoryEvent(
                kind="split", story_id=sid, others=tuple(targets if not kept else parts),
                articles=tuple(a for t in (targets if not kept else parts) for a in away[t]),
                redirects=() if kept else tuple((sid, t) for t in targets), reason=reason))
        if kept:
            for target in joined:
                events.append(StoryEvent(kind="move", story_id=sid, others=(target,),
                                         articles=tuple(away[target]), reason=reason))
    return events
