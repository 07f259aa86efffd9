"""RSS and Atom through feedparser: each entry's content, else its summary.

Bytes are handed to feedparser (never a string, which it could take for a URL to fetch).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import feedparser

from storyline.model import Drop, RawDocument


def _when(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).isoformat()
            except (ValueError, OverflowError, OSError):  # outside the calendar: undated
                return None
    return None


def _body(entry: Any) -> tuple[str, str] | None:
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return best["value"], best.get("type", "text/html")
    summary = entry.get("summary") or entry.get("description")
    if summary and summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary, detail.get("type", "text/html")
    return None


def _outlet(entry: Any) -> str | None:
    """The outlet an aggregator's entry names (RSS `<source>`), else None: the feed's."""
    source = entry.get("source")
    if isinstance(source, dict):
        name = (source.get("title") or "").strip()
        return name or None
    return None


def read_feed(origin: str, data: bytes) -> Iterator[RawDocument | Drop]:
    """Every entry of an RSS or Atom feed with content as a RawDocument."""
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except (ValueError, LookupError, TypeError, RecursionError) as exc:
        # feedparser trusts the XML declaration: a garbled encoding name raises from it
        yield Drop(origin=origin, stage="parse", reason=f"not a readable RSS/Atom feed: {exc}")
        return
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield Drop(origin=origin, stage="parse",
                       reason=f"not a readable RSS/Atom feed: {problem}")
        else:
            yield Drop(origin=origin, stage="parse", reason="no RSS/Atom entries found")
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    language = parsed.feed.get("language")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        body = _body(entry)
        title = (entry.get("title") or "").strip() or None
        if body is None and title is None:
            yield Drop(origin=where, stage="parse",
                       reason=f"entry {number} has no title, content or summary")
            continue
        content, mime = body or ("", "text/plain")  # a headline-only item: `clean` flags it
        published = _when(entry)
        identity = f"{entry.get('id', '')}\n{entry.get('link', '')}\n{content}"
        yield RawDocument(
            origin=where,
            content=content,
            kind="html" if "html" in mime else "text",
            sha256=hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            title=title,
            url=entry.get("link"),
            source=_outlet(entry) or feed_title,
            published=published,
            published_from="metadata" if published else "unknown",
            language=language,
            source_id=(entry.get("id") or "").strip() or None,
        )
