"""The data at the centre: frozen, keyword-constructed dataclasses every stage passes on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

PublishedFrom = Literal["metadata", "header", "dateline", "url", "content", "corpus", "unknown"]
#: How much of an article a record carried: a full text, a teaser (a line or two under the
#: title, as feeds and aggregators give) or only a headline (then `text` repeats the title).
TextKind = Literal["full", "teaser", "headline"]
ContentKind = Literal["text", "html"]
Stage = Literal["read", "decode", "parse", "clean", "store", "analyse"]


@dataclass(frozen=True, kw_only=True)
class RawDocument:
    """One record as a reader found it: content plus what its container said about it.

    `origin` names where it came from (a path, `path#N` for the N-th record of a container,
    `path:LINE` for a JSON Lines line); `sha256` is the hash of the record's raw bytes.
    """

    origin: str
    content: str
    kind: ContentKind
    sha256: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: PublishedFrom = "unknown"
    language: str | None = None
    #: The record's own id where its container gives one: a JSON record's id, a feed
    #: entry's guid, a WARC-Record-ID, a file's path.
    source_id: str | None = None
    #: The container says this record only sums up an article published elsewhere (a feed
    #: item's own text, kept because its page could not be had): stored as a teaser, so a
    #: later copy with the page's text upgrades it in place.
    teaser: bool = False


@dataclass(frozen=True, kw_only=True)
class Dateline:
    """The "MOSCOW, January 12. /TASS/." at the start of a body, taken apart."""

    text: str
    place: str | None
    agency: str | None
    month: int | None = None
    day: int | None = None
    year: int | None = None


@dataclass(frozen=True, kw_only=True)
class Article:
    """A clean article. `id` is stable: a hash of the outlet and the normalised text it
    was first stored with (an upgraded teaser keeps the id of its first copy).

    `source_id` is the record's own id (guid, JSON id, WARC-Record-ID, path); `text_kind`
    says whether `text` is a full article, a teaser, or the headline repeated. `arrival`
    is the store's row number (the order articles arrived in; None for an article not
    read from a store): it orders articles of one day, so a rebuild places them as the
    refreshes did. It is where the article sits, not what it is: equality ignores it."""

    id: str
    origin: str
    raw_sha256: str
    text: str
    title: str | None
    source: str | None
    url: str | None
    published: dt.date | None
    published_from: PublishedFrom
    dateline_place: str | None = None
    dateline_agency: str | None = None
    dateline_date: dt.date | None = None
    language: str | None = None
    duplicate_of: str | None = None
    source_id: str | None = None
    text_kind: TextKind = "full"
    arrival: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class PendingYear:
    """An article whose only date is a year-less dateline: the batch supplies the year."""

    article: Article
    month: int
    day: int


@dataclass(frozen=True, kw_only=True)
class Drop:
    """Input that was rejected, with the stage and a reason a person can act on."""

    origin: str
    stage: Stage
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason} ({self.stage})"


TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["time", "day", "week", "month", "quarter", "season", "year", "decade",
                      "century"]


@dataclass(frozen=True, kw_only=True)
class TimeRef:
    """A time expression found in text, resolved per TimeML TIMEX3 against an anchor.

    `value` follows TIMEX3 ("2022-01-13", "2022-01", "2022-W02", "P10D", "PRESENT_REF",
    "2022-01-06TNI"); it is None when the expression is relative and no anchor is known
    (unknown stays unknown). `granularity` is None for durations and sets.
    """

    text: str
    start: int
    end: int
    type: TimexType
    value: str | None
    granularity: Granularity | None
    anchor: dt.date | None = None


# -- the language layer: sentences, mentions, entities (offsets into the clean text) ------

#: Mention types: spaCy's labels, after our corrections (a demonym standing for its state,
#: "Kazakh authorities", is a GPE mention of Kazakhstan; other demonyms stay NORP).
MentionType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP"]


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """A sentence as a span: `text[start:end]`, without surrounding whitespace."""

    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Mention:
    """A name in the text and the entity it denotes.

    `label` is what the model said (None when a rule found the mention); `type` is ours.
    `entity_id` is None when the mention cannot be resolved without guessing (a bare
    surname shared by two people).
    """

    text: str
    start: int
    end: int
    type: MentionType
    label: str | None
    entity_id: str | None


@dataclass(frozen=True, kw_only=True)
class Role:
    """A role seen next to a name: "CSTO Secretary General Stanislav Zas".

    `text` is the normalised role ("csto secretary general"), a key for matching; `label`
    the same role as a reader is shown it, its names and acronyms as written and its title
    in lower case ("CSTO secretary general", "WHO chief"); `title` its head ("secretary
    general"), `of` the entity the role belongs to (the CSTO) when the text names one;
    `start`/`end` span the role words in the article.
    """

    text: str
    label: str
    title: str
    of: str | None
    holder: str
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Entity:
    """One person, organisation, place or group across the articles of a batch.

    `id` is stable: a hash of the type family and the canonical name. `aliases` holds every
    surface form seen (the name included), sorted.
    """

    id: str
    name: str
    type: MentionType
    aliases: tuple[str, ...]
    mentions: int
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ArticleLanguage:
    """What the language layer found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, kw_only=True)
class LanguageResult:
    """A batch: per article its sentences and mentions, and the batch's entities."""

    articles: tuple[ArticleLanguage, ...]
    entities: tuple[Entity, ...]

    def article(self, article_id: str) -> ArticleLanguage:
        """The result for one article (KeyError if it was not in the batch)."""
        return self._articles[article_id]

    def entity(self, entity_id: str) -> Entity:
        """An entity by id (KeyError if unknown)."""
        return self._entities[entity_id]

    @cached_property
    def _articles(self) -> dict[str, ArticleLanguage]:
        """Lookup tables, built on first use (a frozen instance may still cache)."""
        return {article.article_id: article for article in self.articles}

    @cached_property
    def _entities(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}


# -- story analysis: every fact points at text ------------------------------------------------

QuoteKind = Literal["direct", "indirect", "mixed"]
ClaimKind = Literal["count", "set", "date", "duration"]
EntryGranularity = Literal["day", "month", "year"]
#: What a timeline entry tells: an event that happened, or one planned for its date ("the
#: vote is due on Tuesday"), shown as upcoming; forecasts and conditions are no entries.
EntryStatus = Literal["event", "planned"]


@dataclass(frozen=True, kw_only=True)
class Span:
    """Characters `start:end` of one article's clean text (`Article.text`)."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A statement and who made it.

    `text` is the content as the first evidence writes it (without quotation marks);
    `evidence` holds the content span in every article that reports the statement (the
    first is the earliest); `speaker_spans` the words each names the speaker with (a name,
    a pronoun or a role noun), in the same order, None where the text names nobody.
    `speaker`/`speaker_entity` are the resolved person or body, None when unresolved: a
    wrong guess is worse than none. A mixed quote (quoted words inside reported speech:
    `called it "a disgrace"`) keeps the quoted words' spans in `fragments` (first evidence
    only); its evidence spans the whole statement."""

    text: str
    kind: QuoteKind
    cue: str | None
    speaker: str | None
    speaker_entity: str | None
    evidence: tuple[Span, ...]
    speaker_spans: tuple[Span | None, ...] = ()
    fragments: tuple[Span, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A fact stated by one article: `subject` ("CSTO peacekeeping force"), `attribute`
    ("troops"), a normalised `value` (JSON-ready: a number or {"value", "unit", ...} for a
    count, a sorted list of names for a set, an ISO date for a date, an ISO 8601 duration),
    the words that state it (`text`) and where (`evidence`)."""

    subject: str
    attribute: str
    kind: ClaimKind
    value: object
    text: str
    evidence: Span


@dataclass(frozen=True, kw_only=True)
class ClaimValue:
    """One side of a disagreement: a value and the articles (and spans) that state it."""

    value: object
    text: str
    articles: tuple[str, ...]
    evidence: tuple[Span, ...]


@dataclass(frozen=True, kw_only=True)
class Disagreement:
    """Articles that state different values for one subject and attribute. `kind` is
    "differ" (values that no rounding or unit explains) or "subset" (one list of
    participants is part of another: one side names more)."""

    subject: str
    attribute: str
    kind: Literal["differ", "subset"]
    values: tuple[ClaimValue, ...]


@dataclass(frozen=True, kw_only=True)
class CitedText:
    """A sentence we show (summary or timeline) and the source spans that support it."""

    text: str
    citations: tuple[Span, ...]


@dataclass(frozen=True, kw_only=True)
class TimelineEntry:
    """What happened on `date` (ISO, as coarse as `granularity`), with its citations; or,
    with `status` "planned", what is scheduled for that date."""

    date: str
    granularity: EntryGranularity
    text: str
    citations: tuple[Span, ...]
    status: EntryStatus = "event"
