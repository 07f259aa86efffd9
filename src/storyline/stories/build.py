"""From articles to ranked stories: near-copies linked, articles placed, stories described."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.model import Article
from storyline.stories.config import ClusterSettings
from storyline.stories.dedup import find_near_copies
from storyline.stories.features import Entities
from storyline.stories.headline import choose_headline, headline_key
from storyline.stories.identity import StoryEvent
from storyline.stories.index import StoryIndex
from storyline.stories.rank import score_story
from storyline.stories.records import Story
from storyline.stories.text import order_key

__all__ = ["Clustering", "build_stories", "cluster", "kept_headlines", "link_near_copies",
           "recluster"]


@dataclass(frozen=True, kw_only=True)
class Clustering:
    """What a refresh or rebuild stores: the index to persist, the near-copy links, the
    ranked stories (under their public ids) and what happened to earlier stories.

    `whole`: the stories and links are all of them, replacing what is stored (a rebuild).
    Otherwise they are what changed: `stories` replace the stored stories of the same ids
    and `removed` ones, `link_changes` set or clear (None) articles' near-copy links, and
    the index writes back only what it touched."""

    index: StoryIndex
    near_copies: dict[str, str]
    stories: list[Story]
    events: list[StoryEvent] = field(default_factory=list)
    #: An editor's decision to record with these stories (`store.history.NewEdit`), and the
    #: number of one undone by them: stored in the same transaction.
    edit: Any = None
    undone: int | None = None
    whole: bool = True
    removed: tuple[str, ...] = ()
    link_changes: dict[str, str | None] = field(default_factory=dict)
    #: The newest publication date the scores were computed with (None: the newest of the
    #: stories' last dates), and the last article rowid placed.
    newest: dt.date | None = None
    placed_rowid: int = 0
    #: What the next refresh needs to know of this one (stored beside the index), and the
    #: band hashes to store with the links they gave (`flow.refresh`'s `Bands`).
    placement: dict[str, Any] = field(default_factory=dict)
    bands: Any = None
    #: The stored index's generation the refresh read (None: none stored), checked when
    #: writing; the articles changed in place whose stories were described again, and
    #: the upgraded ones whose old text the index no longer counts.
    generation: int | None = None
    changed_articles: tuple[str, ...] = ()
    upgraded: tuple[str, ...] = ()


def link_near_copies(articles: Sequence[Article]) -> list[Article]:
    """The articles with `duplicate_of` set from `find_near_copies` (others unchanged)."""
    copies = find_near_copies(articles)
    return [replace(a, duplicate_of=copies[a.id]) if a.id in copies else a for a in articles]


Groups = StoryIndex | Mapping[str, Sequence[str]]


def _groups(groups: Groups) -> Mapping[str, Sequence[str]]:
    return groups.members() if isinstance(groups, StoryIndex) else groups


def kept_headlines(groups: Groups, articles: Mapping[str, Article],
                   previous: Mapping[str, Story]) -> dict[str, Story]:
    """The stories of `previous` whose headline still holds: the `headline_key` of their
    members now (`groups`: story id -> member ids, or an index's stories; `articles`: by
    id, texts not needed) is the one they were described with. `build_stories` keeps
    those headlines, so their members' texts need not be read."""
    kept = {}
    for sid, member_ids in _groups(groups).items():
        before = previous.get(sid)
        if before is None:
            continue
        members = [articles[m] for m in member_ids if m in articles]
        copies = [a.id for a in members if a.duplicate_of is not None]
        if before.headline_key == headline_key(members, copies):
            kept[sid] = before
    return kept


def build_stories(groups: Groups, articles: Iterable[Article], newest: dt.date | None = None,
                  kept: Mapping[str, Story] | None = None,
                  merged_from: Mapping[str, Sequence[str]] | None = None) -> list[Story]:
    """Describe the stories (`groups`: public id -> member ids, or an index's own stories
    and merges) (headline, score) from their member articles, ranked
    by score (then the later last date, then id). `articles` should hold every member;
    members missing from it are left out of the description. `newest` defaults to the
    newest publication date among `articles`; a near-copy is an article whose
    `duplicate_of` is set. A story in `kept` (`kept_headlines` over the same articles)
    keeps its headline, so its members may come without their text (the score needs none
    either). `merged_from` gives each story the ids that now redirect to it."""
    kept = kept or {}
    if isinstance(groups, StoryIndex) and merged_from is None:
        merged_from = {sid: groups.merged_from(sid) for sid in groups.members()}
    merged_from = merged_from or {}
    by_id = {a.id: a for a in articles}
    if newest is None:
        dates = [a.published for a in by_id.values() if a.published is not None]
        newest = max(dates) if dates else None
    stories = []
    for sid, member_ids in _groups(groups).items():
        members = sorted((by_id[m] for m in member_ids if m in by_id), key=order_key)
        if not members:
            continue
        copies = tuple(a.id for a in members if a.duplicate_of is not None)
        dates = [a.published for a in members if a.published is not None]
        before = kept.get(sid)
        stories.append(Story(
            id=sid, article_ids=tuple(a.id for a in members), near_copies=copies,
            headline=before.headline if before is not None else choose_headline(members, copies),
            headline_key=(before.headline_key if before is not None
                          else headline_key(members, copies)),
            score=score_story(members, copies, newest),
            first_published=min(dates) if dates else None,
            last_published=max(dates) if dates else None,
            merged_from=tuple(merged_from.get(sid, ()))))
    return sorted(stories, key=lambda s: (-s.score.total, -(s.last_published or dt.date.min)
                                          .toordinal(), s.id))


def recluster(articles: Sequence[Article], entities: Entities | None = None,
              settings: ClusterSettings | None = None) -> Clustering:
    """Rebuild every story from `articles` with `settings`: near-copies linked, articles
    placed in publication order, stories described. Pure: the same articles in any order
    give the same result, and the same as feeding them one by one in publication order.

    An online index can differ from a rebuild where articles arrived out of publication
    order (an older article ingested later joins a story founded by a younger one, whose
    id it keeps; a rebuild founds that story with the older article), or where settings
    changed since. Run it after changing settings, not after every ingest."""
    linked = link_near_copies(articles)
    index = StoryIndex(settings)
    index.assign_many(linked, entities)
    index.split_check(list(index.members()), {a.id: a for a in linked})
    copies = {a.id: a.duplicate_of for a in linked if a.duplicate_of is not None}
    return Clustering(index=index, near_copies=copies, stories=build_stories(index, linked))


def cluster(articles: Sequence[Article], entities: Entities | None = None,
            settings: ClusterSettings | None = None) -> list[Story]:
    """The ranked stories of `articles` (batch; see `recluster`)."""
    return recluster(articles, entities, settings).stories
