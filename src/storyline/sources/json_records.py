"""A `.json` file: an array of records, an object holding a list of records (`{"articles":
[...]}`), or one record. Each record is read like a JSON Lines object (`sources.fields`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode
from storyline.sources.fields import ALIASES, FieldMap, UnusedFields, object_sha256, record_document

#: Keys under which exports keep their list of records, tried first (then any list of
#: objects, the longest).
_LIST_KEYS = ("articles", "items", "records", "data", "results", "documents", "docs",
              "entries", "posts", "news", "stories")


def _records(document: Any) -> list[Any] | None:
    """The list of records in a parsed document, or None when there is none."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    lists = {k: v for k, v in document.items()
             if isinstance(v, list) and any(isinstance(x, dict) for x in v)}
    for key in _LIST_KEYS:
        for found, value in lists.items():
            if found.casefold() == key:
                return value
    if lists:
        return max(lists.values(), key=len)
    body_keys = {*ALIASES["text"], *ALIASES["html"], *ALIASES["title"]}
    if any(isinstance(k, str) and k.casefold() in body_keys for k in document):
        return [document]
    return None


def read_json(origin: str, data: bytes, *, fields: FieldMap | None = None,
              notice: Callable[[str], None] | None = None) -> Iterator[RawDocument | Drop]:
    """Every record of a JSON document as a RawDocument (`origin#N`, N from 1)."""
    try:
        text, _ = decode(data)
        document = json.loads(text)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    except json.JSONDecodeError as exc:
        yield Drop(origin=origin, stage="parse", reason=f"not valid JSON ({exc.msg} at line "
                   f"{exc.lineno}, column {exc.colno}); JSON Lines files are named .jsonl")
        return
    except RecursionError:
        yield Drop(origin=origin, stage="parse", reason="JSON nested too deeply")
        return
    records = _records(document)
    if records is None:
        yield Drop(origin=origin, stage="parse", reason="no records found: expected an array of "
                   "objects, an object holding one (e.g. {\"articles\": [...]}), or one article")
        return
    fields = fields or FieldMap()
    unused = UnusedFields()
    for number, record in enumerate(records, start=1):
        where = f"{origin}#{number}"
        if not isinstance(record, dict):
            yield Drop(origin=where, stage="parse", reason=f"record {number}: expected a JSON "
                       f"object, got {type(record).__name__}")
            continue
        yield record_document(record, where=where, label=f"record {number}", fields=fields,
                              unused=unused, sha256=object_sha256(record))
    if not records:
        yield Drop(origin=origin, stage="read", reason="empty list: no records")
    if notice is not None:
        for message in unused.notices(origin):
            notice(message)
