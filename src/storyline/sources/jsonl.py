"""JSON Lines: one object per line with `text` or `html` and optional metadata (CLI.md).

A bad line is reported with its line number and skipped; the other lines go through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode, scrub
from storyline.sources.files import human_size

_META = ("title", "url", "source", "language")


def _published(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):  # epoch seconds
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).isoformat()
        except (OverflowError, OSError, ValueError):  # out of the calendar
            return None
    return str(value)


def read_jsonl(origin: str, data: bytes, *,
               max_record_bytes: int = 16 * 1024 * 1024) -> Iterator[RawDocument | Drop]:
    """Every valid line of a JSON Lines file as a RawDocument; every bad one as a Drop.

    Lines are split on "\\n" only: JSON allows U+2028 and friends raw inside strings.
    """
    try:
        text, _ = decode(data)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        seen = True
        where = f"{origin}#{number}"
        size = len(line.encode("utf-8", "surrogatepass"))
        if size > max_record_bytes:
            yield Drop(origin=where, stage="read",
                       reason=f"line {number}: record of {human_size(size)} is above the "
                       f"{human_size(max_record_bytes)} per-record limit")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Drop(origin=where, stage="parse",
                       reason=f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Drop(origin=where, stage="parse",
                       reason=f"line {number}: expected a JSON object, got {type(obj).__name__}")
            continue
        body, kind = obj.get("text"), "text"
        if not isinstance(body, str) or not body.strip():
            body, kind = obj.get("html"), "html"
        if not isinstance(body, str) or not body.strip():
            yield Drop(origin=where, stage="parse",
                       reason=f"line {number}: no non-empty 'text' or 'html' string field")
            continue
        body = scrub(body)
        meta = {k: scrub(str(obj[k])) for k in _META
                if isinstance(obj.get(k), str | int | float) and not isinstance(obj.get(k), bool)}
        published = _published(obj.get("published", obj.get("date")))
        published = scrub(published) if published else None
        yield RawDocument(
            origin=where,
            content=body,
            kind=kind,  # type: ignore[arg-type]
            sha256=hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest(),
            published=published,
            published_from="metadata" if published else "unknown",
            **meta,
        )
    if not seen:
        yield Drop(origin=origin, stage="read", reason="empty file: no JSON lines")
