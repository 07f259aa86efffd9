"""Readers: turn input files into RawDocuments, or Drops that say why not.

Only this package reads files. `read_inputs` is the one entry point the pipeline uses.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from storyline.model import Drop, RawDocument
from storyline.sources.feed import read_feed
from storyline.sources.files import (
    InputFile,
    InputTooLarge,
    discover,
    gzip_problem,
    human_size,
    read_bytes,
)
from storyline.sources.html import read_html
from storyline.sources.jsonl import read_jsonl
from storyline.sources.text import read_text
from storyline.sources.warc import read_warc

__all__ = ["InputFile", "discover", "read_file", "read_inputs"]



def read_file(item: InputFile, *, max_input_bytes: int,
              max_record_bytes: int) -> Iterator[RawDocument | Drop]:
    """Every record of one input file; never raises for bad content."""
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
    if item.format == "text":
        yield from read_text(origin, data)
    elif item.format == "html":
        yield from read_html(origin, data)
    elif item.format == "jsonl":
        yield from read_jsonl(origin, data, max_record_bytes=max_record_bytes)
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
