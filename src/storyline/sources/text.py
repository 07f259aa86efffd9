"""Plain text with optional metadata: a `date YYYY-MM-DD` token, `Title:`-style header
lines, or YAML front matter (CLI.md). The title-from-first-line rule is a cleaning rule
(it must run after boilerplate such as "All news" is gone), so it lives in `clean`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import yaml

from storyline.model import Drop, RawDocument
from storyline.sources.decode import NotText, decode, scrub

_DATE_TOKEN = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)
_HEADER = re.compile(
    r"^(title|headline|source|outlet|url|link|date|published|language|lang)[ \t]*:[ \t]*(.*?)\s*$",
    re.IGNORECASE,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "url": "url",
    "link": "url",
    "date": "published",
    "published": "published",
    "language": "language",
    "lang": "language",
}


class MetadataError(ValueError):
    """The metadata block at the top of a text file cannot be read."""


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata with our field names, body) for a plain-text article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            data = yaml.safe_load(front.group(1))
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            # ValueError/TypeError: an impossible date ("2024-02-30"); RecursionError: nesting
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            raise MetadataError(f"YAML front matter is not valid{where}") from exc
        if not isinstance(data, dict):
            raise MetadataError("YAML front matter is not a mapping of fields")
        meta = {
            _KEYS[k.lower()]: scrub(str(v).strip())
            for k, v in data.items()
            if isinstance(k, str) and k.lower() in _KEYS and v is not None
        }
        return meta, text[front.end() :]
    token = _DATE_TOKEN.match(text)
    if token:
        return {"published": token.group(1)}, text[token.end() :]
    meta: dict[str, str] = {}
    lines = text.split("\n")
    consumed = 0
    for line in lines:
        match = _HEADER.match(line)
        if not match:
            break
        meta.setdefault(_KEYS[match.group(1).lower()], match.group(2))
        consumed += 1
    if consumed and (consumed == len(lines) or not lines[consumed].strip() or len(meta) >= 2):
        return {k: v for k, v in meta.items() if v}, "\n".join(lines[consumed:])
    return {}, text


def read_text(origin: str, data: bytes) -> Iterator[RawDocument | Drop]:
    """One plain-text file: one article."""
    try:
        text, _ = decode(data)
    except NotText as exc:
        yield Drop(origin=origin, stage="decode", reason=str(exc))
        return
    try:
        meta, body = split_metadata(text)
    except MetadataError as exc:
        yield Drop(origin=origin, stage="parse", reason=str(exc))
        return
    yield RawDocument(
        origin=origin,
        content=body,
        kind="text",
        sha256=hashlib.sha256(data).hexdigest(),
        title=meta.get("title"),
        url=meta.get("url"),
        source=meta.get("source"),
        published=meta.get("published"),
        published_from="header" if meta.get("published") else "unknown",
        language=meta.get("language"),
    )
