"""WARC archives (plain or gzipped), streamed with warcio: HTML responses only.

warcio stops quietly at a cut-off archive, so completeness is checked here: digests of the
records we read (when the crawler wrote them), the gzip stream's end, and bytes left over
after the last record. Records read before the damage are kept; the damage is a Drop.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.model import Drop, RawDocument
from storyline.sources.files import human_size, path_text
from storyline.sources.html import read_html

_CHUNK = 1 << 20
_DIGESTS = ("WARC-Block-Digest", "WARC-Payload-Digest")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _gzip_damage(path: Path) -> str | None:
    """Why a gzipped archive cannot be read to its end, or None when it can."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
    except EOFError:
        return "the gzip stream ends early (archive truncated)"
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        return f"the gzip stream is corrupt ({exc})"
    return None


def _complete(record: Any, payload: bytes) -> bool:
    """False when a digest the crawler wrote, or the HTTP length, shows bytes missing."""
    if any(record.rec_headers.get_header(h) for h in _DIGESTS):
        checker = getattr(record, "digest_checker", None)
        if checker is not None and checker.passed is not True:
            return False
    http = record.http_headers
    declared = http.get_header("Content-Length")
    plain = not http.get_header("Content-Encoding") and not http.get_header("Transfer-Encoding")
    return not (plain and declared and declared.isdigit() and int(declared) > len(payload))


def read_warc(path: Path, max_record_bytes: int) -> Iterator[RawDocument | Drop]:
    """Each HTML response record as a RawDocument; other records are skipped silently."""
    origin = path_text(path)
    with path.open("rb") as head:
        gzipped = head.read(2) == b"\x1f\x8b"
    records = pages = 0
    end = 0
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream, check_digests=True)
            for record in iterator:
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                pages += 1
                where = f"{origin}#{pages}"
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    yield Drop(origin=where, stage="read", reason=f"HTTP status {status}")
                    continue
                payload = record.content_stream().read(max_record_bytes + 1)
                if len(payload) > max_record_bytes:
                    yield Drop(origin=where, stage="read", reason=f"record above the "
                               f"{human_size(max_record_bytes)} per-record limit")
                    continue
                if not _complete(record, payload):
                    yield Drop(origin=where, stage="read", reason="incomplete record (digest or "
                               "length mismatch): the archive is probably truncated")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield from read_html(where, payload, url=url, charset=_charset(content_type),
                                     source_id=record.rec_headers.get_header("WARC-Record-ID"))
            if records:
                end = iterator.get_record_offset() + iterator.get_record_length()
    except ArchiveLoadFailed as exc:
        yield Drop(origin=origin, stage="parse", reason=f"not a readable WARC file: {exc}")
        return
    except (EOFError, OSError, ValueError, zlib.error, AttributeError) as exc:
        # AttributeError: warcio on a record cut inside its headers (no target URI)
        yield Drop(origin=origin, stage="read",
                   reason=f"WARC archive ends early or is corrupt after record {records}: {exc}")
        return
    yield from _damage(path, origin, gzipped, end, records, pages)


def _damage(path: Path, origin: str, gzipped: bool, end: int, records: int,
            pages: int) -> Iterator[Drop]:
    """Drops for what the record loop could not see: truncation, nothing to read."""
    if records == 0:
        yield Drop(origin=origin, stage="parse", reason="no WARC records found "
                   "(empty, or not a WARC file)")
        return
    damage = _gzip_damage(path) if gzipped else None
    if damage is None and not gzipped:
        with path.open("rb") as stream:
            stream.seek(end)
            rest = stream.read(_CHUNK)
        if rest.strip(b"\r\n\t \x00"):
            damage = f"{human_size(len(rest))} after the last complete record cannot be read"
    if damage:
        yield Drop(origin=origin, stage="read",
                   reason=f"WARC archive truncated or corrupt after record {records}: {damage}")
    elif pages == 0:
        yield Drop(origin=origin, stage="parse", reason="no HTML responses in this WARC archive")
