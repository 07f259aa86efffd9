"""A feed's entries as the poller needs them: a key (guid, else link) to know them again,
the link to fetch, and the record the feed itself gives (`sources.feed.read_feed`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser

from storyline.model import Drop, RawDocument
from storyline.sources.feed import read_feed


@dataclass(frozen=True, kw_only=True)
class Entry:
    number: int                     # position in the feed document, from 1
    key: str                        # guid, else link, else the feed's own record hash
    link: str | None
    title: str | None
    teaser: RawDocument | Drop      # the feed's content or summary (a Drop when it has none)


@dataclass(frozen=True, kw_only=True)
class ParsedFeed:
    title: str | None
    entries: tuple[Entry, ...]


def parse_feed(origin: str, data: bytes) -> ParsedFeed | Drop:
    """The entries of an RSS/Atom document (each once: a repeated guid is one entry), or
    a Drop saying why it is not a readable feed."""
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except (ValueError, LookupError, TypeError, RecursionError) as exc:
        return Drop(origin=origin, stage="parse", reason=f"not a readable RSS/Atom feed: {exc}")
    if parsed.get("bozo") and not any(_usable(e) for e in parsed.entries):
        # the lenient parser may recover empty entries from broken XML: nothing to take
        return Drop(origin=origin, stage="parse",
                    reason=f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
    if not parsed.entries and not parsed.get("version"):
        return Drop(origin=origin, stage="parse", reason="not an RSS/Atom feed (no feed elements)")
    records = _by_number(origin, list(read_feed(origin, data)) if parsed.entries else [])
    entries: dict[str, Entry] = {}
    for number, item in enumerate(parsed.entries, start=1):
        if not _usable(item):
            continue
        link = (item.get("link") or "").strip() or None
        if link and origin.lower().startswith(("http://", "https://")):
            link = urljoin(origin, link)  # a relative link, against the feed's URL
        teaser = records.get(number) or Drop(origin=f"{origin}#{number}", stage="parse",
                                             reason=f"entry {number} has no content")
        fallback = teaser.sha256 if isinstance(teaser, RawDocument) else f"{origin}#{number}"
        key = (item.get("id") or "").strip() or link or fallback
        entries.setdefault(key, Entry(number=number, key=key, link=link,
                                      title=(item.get("title") or "").strip() or None,
                                      teaser=teaser))
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title=title, entries=tuple(entries.values()))


def _usable(item: Any) -> bool:
    """An entry with something to take: a link, a title or some content."""
    return bool(item.get("link") or item.get("title") or item.get("summary") or item.get("content"))


def _by_number(origin: str, records: Sequence[RawDocument | Drop]) -> dict[int, RawDocument | Drop]:
    """read_feed's records by entry number (their origin ends in #N)."""
    found: dict[int, RawDocument | Drop] = {}
    for record in records:
        head, _, number = record.origin.rpartition("#")
        if head == origin and number.isdigit():
            found[int(number)] = record
    return found
