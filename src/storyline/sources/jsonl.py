"""JSON Lines: one object per line with a body (`text`, `html` or an alias such as `body`)
or at least a title, and optional metadata under common names (`sources.fields`).

A bad line is reported with its line number and skipped; the other lines go through.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode
from storyline.sources.fields import FieldMap, UnusedFields, record_document
from storyline.sources.files import human_size


def read_jsonl(origin: str, data: bytes, *, max_record_bytes: int = 16 * 1024 * 1024,
               fields: FieldMap | None = None,
               notice: Callable[[str], None] | None = None) -> Iterator[RawDocument | Drop]:
    """Every valid line of a JSON Lines file as a RawDocument; every bad one as a Drop.

    Lines are split on "\\n" only: JSON allows U+2028 and friends raw inside strings.
    Fields that look meaningful but were not read are passed to `notice`, once per file.
    """
    try:
        text, _ = decode(data)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    fields = fields or FieldMap()
    unused = UnusedFields()
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
        except RecursionError:
            yield Drop(origin=where, stage="parse", reason=f"line {number}: JSON nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Drop(origin=where, stage="parse",
                       reason=f"line {number}: expected a JSON object, got {type(obj).__name__}")
            continue
        yield record_document(
            obj, where=where, label=f"line {number}", fields=fields, unused=unused,
            sha256=hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest())
    if not seen:
        yield Drop(origin=origin, stage="read", reason="empty file: no JSON lines")
    if notice is not None:
        for message in unused.notices(origin):
            notice(message)
