"""The data at the centre: frozen, keyword-constructed dataclasses every stage passes on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

PublishedFrom = Literal["metadata", "header", "dateline", "content", "corpus", "unknown"]
ContentKind = Literal["text", "html"]
Stage = Literal["read", "decode", "parse", "clean", "store"]


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
    """A clean article. `id` is stable: a hash of the outlet and the normalised text."""

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
