"""An HTML page: decoded here; main text and metadata are extracted by `clean`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode


def read_html(origin: str, data: bytes, *, url: str | None = None,
              charset: str | None = None,
              source_id: str | None = None) -> Iterator[RawDocument | Drop]:
    """One HTML page: one article (or a Drop when it is not text)."""
    try:
        text, _ = decode(data, hint=charset)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    if "<" not in text:
        yield Drop(origin=origin, stage="parse", reason="no HTML markup found")
        return
    yield RawDocument(
        origin=origin,
        content=text,
        kind="html",
        sha256=hashlib.sha256(data).hexdigest(),
        url=url,
        source_id=source_id,
    )
