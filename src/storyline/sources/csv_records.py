"""CSV with a header row: each row a record, its columns named by the header and read like
JSON fields (`sources.fields`: `title`, `text`/`body`, `published`/`pub_date`, ...).

The delimiter is sniffed among comma, semicolon, tab and bar; quoted fields may hold
newlines. Rows are numbered from 1 after the header (`origin#N`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode
from storyline.sources.fields import (
    ALIASES,
    FieldMap,
    UnusedFields,
    norm_name,
    object_sha256,
    record_document,
)

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 65536


def _delimiter(text: str) -> str:
    """The header line's delimiter. Only the delimiter is sniffed: quoting stays Excel's
    (a doubled quote inside quotes is a quote), which a header without quotes cannot show."""
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_CHARS].split("\n", 1)[0], _DELIMITERS).delimiter
    except csv.Error:
        return ","


def read_csv(origin: str, data: bytes, *, max_record_bytes: int,
             fields: FieldMap | None = None,
             notice: Callable[[str], None] | None = None) -> Iterator[RawDocument | Drop]:
    """Every row of a CSV file with a header as a RawDocument; a bad row as a Drop."""
    try:
        text, _ = decode(data)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    if csv.field_size_limit() < max_record_bytes:  # one long article per cell is normal
        csv.field_size_limit(max_record_bytes)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                            dialect="excel", delimiter=_delimiter(text))
    fields = fields or FieldMap()
    header = [h for h in (reader.fieldnames or []) if h]
    readable = {*ALIASES["text"], *ALIASES["html"], *ALIASES["title"]}
    named = {fields.named.get(r) for r in ("text", "html", "title")}
    if not any(norm_name(h) in readable or h in named for h in header):
        yield Drop(origin=origin, stage="parse",
                   reason=f"the CSV header names no text, html or title column (found: "
                   f"{', '.join(header[:12]) or 'nothing'}); name one with --field text=COLUMN")
        return
    unused = UnusedFields()
    rows = 0
    try:
        for rows, row in enumerate(reader, start=1):
            where = f"{origin}#{rows}"
            record = {k: v for k, v in row.items() if isinstance(k, str) and k}
            if None in row:
                yield Drop(origin=where, stage="parse", reason=f"row {rows}: more values than "
                           "the header has columns (a stray delimiter or quote?)")
                continue
            yield record_document(record, where=where, label=f"row {rows}", fields=fields,
                                  unused=unused, sha256=object_sha256(record))
    except csv.Error as exc:
        yield Drop(origin=f"{origin}#{rows + 1}", stage="parse",
                   reason=f"row {rows + 1}: not valid CSV ({exc}); the rows after it are not read")
    if rows == 0:
        yield Drop(origin=origin, stage="read", reason="no rows after the CSV header")
    if notice is not None:
        for message in unused.notices(origin):
            notice(message)
