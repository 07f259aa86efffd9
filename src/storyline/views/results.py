"""What the query layer answers: typed, frozen results. Each has `record()`, its JSON
shape, which is the export's where the export has one (`views.records`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from storyline.model import Article
from storyline.views.records import ANALYSIS_FIELDS, article_record, story_summary

if TYPE_CHECKING:
    from storyline.stories import Story


@dataclass(frozen=True, kw_only=True)
class StorySummary:
    """A story in a ranked list: the story, its rank and its outlets."""

    rank: int
    story: Story
    outlets: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        return {**story_summary(self.story), "rank": self.rank, "outlets": list(self.outlets)}


@dataclass(frozen=True, kw_only=True)
class StoryPage:
    """One page of ranked stories; `next_cursor` fetches the next (None: no more)."""

    stories: tuple[StorySummary, ...]
    next_cursor: str | None

    def record(self) -> dict[str, Any]:
        return {"stories": [s.record() for s in self.stories], "next_cursor": self.next_cursor}


@dataclass(frozen=True, kw_only=True)
class Source:
    """An article of a story, as its list of sources shows it (no text)."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    near_copy: bool

    def record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class StoryDetail:
    """One story with its analysis (the export's shape: summary, timeline, quotes,
    entities, claims, disagreements; empty when it could not be analysed) and sources."""

    summary: StorySummary
    analysis: Mapping[str, Any]
    sources: tuple[Source, ...]
    redirected_from: str | None = None  # the merged story's id that was asked for
    #: False when the analysis was not asked for, or not cached when only the cache was.
    analysed: bool = True
    #: What happened to the story: merges, splits, moves, editors' decisions, oldest first.
    history: tuple[HistoryEntry, ...] = ()
    hidden: bool = False  # hidden by an editor: out of lists and exports, still readable

    @property
    def story(self) -> Story:
        return self.summary.story

    def record(self) -> dict[str, Any]:
        """The export's story record, plus rank, outlets and sources."""
        return {**self.summary.record(),
                **{f: list(self.analysis.get(f, ())) for f in ANALYSIS_FIELDS},
                "truncated": list(self.analysis.get("truncated", ())),
                "sources": [s.record() for s in self.sources],
                "redirected_from": self.redirected_from,
                "hidden": self.hidden,
                "history": [h.record() for h in self.history]}


@dataclass(frozen=True, kw_only=True)
class Redirect:
    """A retired story id and the live stories it resolves to: one after a merge, several
    after a split (none when its articles are gone)."""

    id: str
    successors: tuple[str, ...]
    kind: str  # the last event that retired it: merge or split

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "successors": list(self.successors), "kind": self.kind}


@dataclass(frozen=True, kw_only=True)
class HistoryEntry:
    """One thing that happened to a story: `kind` is merge, split or move (the clusterer,
    with its reason) or edit-merge, edit-split, hide (an editor, with the edit's number:
    `storyline stories undo N`); `others` are the other stories involved."""

    at: str
    kind: str
    story_id: str
    others: tuple[str, ...]
    articles: tuple[str, ...]
    reason: str
    edit: int | None = None
    undone: str | None = None

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "others": list(self.others), "articles": list(self.articles)}


@dataclass(frozen=True, kw_only=True)
class Mark:
    """A stretch of an article's text that a story's analysis cites, and what cites it
    (summary, timeline, quote, claim, disagreement)."""

    start: int
    end: int
    kinds: tuple[str, ...]
    story_id: str

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "kinds": list(self.kinds)}


@dataclass(frozen=True, kw_only=True)
class ArticleDetail:
    """One article, the stories it is in, and the sentences their analyses cite."""

    article: Article
    story_ids: tuple[str, ...]
    marks: tuple[Mark, ...]

    def record(self) -> dict[str, Any]:
        return {**article_record(self.article), "stories": list(self.story_ids),
                "marks": [m.record() for m in self.marks]}


@dataclass(frozen=True, kw_only=True)
class EntityAppearance:
    """An entity in one story: when the story ran and the roles it was given there."""

    story_id: str
    headline: str | None
    first_published: str | None
    last_published: str | None
    mentions: int
    roles: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "roles": list(self.roles)}


@dataclass(frozen=True, kw_only=True)
class EntityDetail:
    """An entity (the export's `entities` item) with its stories, oldest first: its roles
    over time."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    appearances: tuple[EntityAppearance, ...]
    #: Stories not analysed yet, which the list cannot show (0: it is complete).
    unanalysed_stories: int = 0

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "aliases": list(self.aliases), "mentions": self.mentions,
                "stories": [a.record() for a in self.appearances],
                "unanalysed_stories": self.unanalysed_stories}


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    """An article matching a search: its heading, a snippet of the text around the
    matched words (`highlights`: their [start, end) offsets in `snippet`) and its story."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    published_from: str
    source_id: str | None
    text_kind: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    story_id: str | None
    rank: float

    def record(self) -> dict[str, Any]:
        """The article's id and heading fields as in the export, then the hit's own."""
        return {"id": self.article_id, "title": self.title, "source": self.source,
                "published": self.published, "published_from": self.published_from,
                "language": self.language, "url": self.url, "source_id": self.source_id,
                "text_kind": self.text_kind, "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights],
                "story": self.story_id, "rank": self.rank}


@dataclass(frozen=True, kw_only=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    next_cursor: str | None

    def record(self) -> dict[str, Any]:
        return {"hits": [h.record() for h in self.hits], "next_cursor": self.next_cursor}


@dataclass(frozen=True, kw_only=True)
class FeedHealth:
    """A followed feed and how its polls go: the last outcome and why, the backoff, the
    items taken and the pages that could not be had (kept as the feed's teaser)."""

    id: int
    url: str
    title: str | None
    status: str                     # new | ok | failing
    last_poll: str | None
    last_outcome: str | None
    last_error: str | None
    failures: int
    next_poll: str | None
    items_seen: int
    pages_failed: int
    last_page_problem: str | None

    def record(self) -> dict[str, Any]:
        return asdict(self)
