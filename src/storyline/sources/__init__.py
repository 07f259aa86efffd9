"""Readers: turn input files into RawDocuments, or Drops that say why not.

Only this package reads files. `read_inputs` is the one entry point the pipeline uses.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from storyline.model import Drop, RawDocument
from storyline.sources.csv_records import read_csv
from storyline.sources.feed import read_feed
from storyline.sources.fields import FieldMap
from storyline.sources.files import (
    InputFile,
    InputTooLarge,
    discover,
    gzip_problem,
    human_size,
    read_bytes,
)
from storyline.sources.html import read_html
from storyline.sources.json_records import read_json
from storyline.sources.jsonl import read_jsonl
from storyline.sources.text import read_text
from storyline.sources.warc import read_warc

__all__ = ["FieldMap", "InputFile", "discover", "read_file", "read_inputs"]


def read_file(item: InputFile, *, max_input_bytes: int, max_record_bytes: int,
              fields: FieldMap | None = None,
              notice: Callable[[str], None] | None = None) -> Iterator[RawDocument | Drop]:
    """Every record of one input file; never raises for bad content.

    `fields` names the fields of structured records (JSON, CSV) for roles; `notice` hears
    what a person should know that is not a rejection (fields that were not used)."""
    origin = item.origin
    if item.format == "warc":
        yield from read_warc(item.path, max_record_bytes)
        return
    try:
        data = read_bytes(item, max_input_bytes)
    except InputTooLarge as exc:
        yield Drop(origin=origin, stage="read",
                   reason=f"{exc}; raise STORYLINE_MAX_INPUT_BYTES or split the file")
        return
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        yield Drop(origin=origin, stage="read", reason=gzip_problem(exc))
        return
    if not data.strip():
        yield Drop(origin=origin, stage="read", reason="empty file")
        return
    if item.format in ("text", "html") and len(data) > max_record_bytes:
        yield Drop(origin=origin, stage="read",
                   reason=f"article of {human_size(len(data))} is above the "
                   f"{human_size(max_record_bytes)} per-article limit")
        return
    if item.format in ("text", "html"):  # a file's own id is its path
        reader = read_text if item.format == "text" else read_html
        for record in reader(origin, data):
            yield replace(record, source_id=origin) if isinstance(record, RawDocument) else record
    elif item.format == "jsonl":
        yield from read_jsonl(origin, data, max_record_bytes=max_record_bytes, fields=fields,
                              notice=notice)
    elif item.format == "json":
        yield from read_json(origin, data, fields=fields, notice=notice)
    elif item.format == "csv":
        yield from read_csv(origin, data, max_record_bytes=max_record_bytes, fields=fields,
                            notice=notice)
    else:
        yield from read_feed(origin, data)


def read_inputs(paths: list[Path], *, max_input_bytes: int,
                max_record_bytes: int) -> Iterator[InputFile | RawDocument | Drop]:
    """Walk `paths`; yield each InputFile before its records, so callers can show progress."""
    for found in discover(paths):
        yield found
        if isinstance(found, InputFile):
            yield from read_file(found, max_input_bytes=max_input_bytes,
                                 max_record_bytes=max_record_bytes)
