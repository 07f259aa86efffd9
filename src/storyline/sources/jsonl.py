"""JSON Lines: one object per line with `text` or `html` and optional metadata (CLI.md).

A bad line is reported with its line number and skipped; the other lines go through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode

_META = ("title", "url", "source", "language")


def _published(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):  # epoch seconds
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return str(value)


def read_jsonl(origin: str, data: bytes) -> Iterator[RawDocument | Drop]:
    """Every valid line of a JSON Lines file as a RawDocument; every bad one as a Drop."""
    try:
        text, _ = decode(data)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}#{number}"
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
        meta = {k: str(obj[k]) for k in _META if isinstance(obj.get(k), str | int | float)}
        published = _published(obj.get("published", obj.get("date")))
        yield RawDocument(
            origin=where,
            content=body,
            kind=kind,  # type: ignore[arg-type]
            sha256=hashlib.sha256(line.encode("utf-8")).hexdigest(),
            published=published,
            published_from="metadata" if published else "unknown",
            **meta,
        )
