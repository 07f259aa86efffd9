"""WARC archives (plain or gzipped), streamed with warcio: HTML responses only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.model import Drop, RawDocument
from storyline.sources.html import read_html


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(path: Path, max_record_bytes: int) -> Iterator[RawDocument | Drop]:
    """Each HTML response record as a RawDocument; other records are skipped silently."""
    origin = str(path)
    number = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                number += 1
                where = f"{origin}#{number}"
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    yield Drop(origin=where, stage="read", reason=f"HTTP status {status}")
                    continue
                payload = record.content_stream().read(max_record_bytes + 1)
                if len(payload) > max_record_bytes:
                    yield Drop(origin=where, stage="read",
                               reason=f"record above the {max_record_bytes / 1e6:.0f} MB limit")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield from read_html(where, payload, url=url, charset=_charset(content_type))
    except ArchiveLoadFailed as exc:
        yield Drop(origin=origin, stage="parse", reason=f"not a readable WARC file: {exc}")
    except (EOFError, OSError, ValueError) as exc:
        yield Drop(origin=origin, stage="read",
                   reason=f"WARC archive ends early or is corrupt after record {number}: {exc}")
