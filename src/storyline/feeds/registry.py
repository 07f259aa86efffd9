"""What `feeds add` follows: an http(s) URL, a local feed file, or every feed an OPML
subscription list names."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from storyline.errors import UsageError

#: Largest OPML list read (a list of ten thousand feeds is about 2 MB).
MAX_OPML_BYTES = 16 * 1024 * 1024


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def feed_targets(given: str) -> list[str]:
    """The feeds `given` names: itself when a URL; a local feed file by absolute path; an
    OPML list's feeds (URLs, or files relative to the list)."""
    if is_url(given):
        return [given.strip()]
    path = Path(given)
    if not path.is_file():
        raise UsageError(f"{given}: no such file, and not an http:// or https:// URL")
    with path.open("rb") as stream:
        head = stream.read(MAX_OPML_BYTES + 1)
    if b"<opml" not in head[:4096].lower():
        return [str(path.resolve())]
    if len(head) > MAX_OPML_BYTES:
        raise UsageError(f"{given}: OPML list above {MAX_OPML_BYTES:,} bytes")
    try:
        root = ElementTree.fromstring(head)
    except ElementTree.ParseError as exc:
        raise UsageError(f"{given}: not a readable OPML list ({exc})") from exc
    targets = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        targets.append(url if is_url(url) else str((path.parent / url).resolve()))
    if not targets:
        raise UsageError(f"{given}: an OPML list without any feed (outline xmlUrl)")
    return list(dict.fromkeys(targets))
