"""One structured record (a JSON object, a CSV row) -> a RawDocument, under the field names
people actually use.

Exports name the same things differently (`pub_date`, `datePublished`, `body`, `headline`,
`publisher`, `guid`, ...). Each role we read has a list of aliases, matched without regard
to case, `_`, `-` or spaces; `FieldMap` lets a user name the field for a role
(`--field published=TIMESTAMP`), which wins over the aliases. A field that matches no
alias but looks meaningful (a date, a body, an outlet, an id) is reported once per file
(`UnusedFields`), so that nothing is ignored silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import UsageError
from storyline.model import Drop, RawDocument
from storyline.sources.decode import scrub

#: The roles a record's fields can fill, each with its aliases (normalised: see `_norm`),
#: the first found winning. Text aliases come before teaser-like ones: a record with a
#: body and a summary is read by its body.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articletext", "articlebody", "fulltext", "maintext",
             "summary", "description", "teaser", "abstract", "lead", "snippet"),
    "html": ("html", "rawhtml", "bodyhtml", "contenthtml"),
    "title": ("title", "headline", "heading"),
    "published": ("published", "publishedat", "datepublished", "pubdate", "publicationdate",
                  "publishdate", "publisheddate", "date", "datetime"),
    "url": ("url", "link", "href", "permalink", "canonicalurl", "articleurl"),
    "source": ("source", "publisher", "outlet", "site", "sitename", "publication",
               "sourcename", "newspaper", "media"),
    "language": ("language", "lang", "inlanguage"),
    "id": ("id", "docid", "documentid", "guid", "uuid", "articleid", "recordid", "uid"),
}
ROLES = tuple(ALIASES)
_ALL_ALIASES = frozenset(alias for aliases in ALIASES.values() for alias in aliases)
#: Words in a field name that make it look meaningful when it fills no role: it is named
#: in a warning ("TIMESTAMP was not used ..."). Matched inside the normalised name.
_MEANINGFUL = {  # in this order: "publisher" is an outlet before "pub" is a date
    "source": ("publisher", "source", "outlet", "site", "host", "domain", "media", "feed"),
    "title": ("title", "headline", "heading"),
    "text": ("text", "body", "content", "article", "summary"),
    "published": ("date", "time", "published", "pub", "created", "updated"),
    "url": ("url", "link", "uri"),
    "id": ("guid", "uuid"),  # and any name ending in "id" (see `_looks_like`)
}
#: An epoch number above this is in milliseconds, not seconds (1e11 s is the year 5138).
_EPOCH_MILLIS = 100_000_000_000


def norm_name(name: str) -> str:
    """A field name without case or punctuation: `datePublished`, `date_published`,
    `@id` and `_id` read as "datepublished" and "id"."""
    return re.sub(r"[\W_]+", "", name).casefold()


@dataclass(frozen=True)
class FieldMap:
    """Fields a user named for roles (`--field published=pub_date`): role -> field name."""

    named: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: tuple[str, ...] | list[str]) -> FieldMap:
        """From `ROLE=FIELD` strings; a UsageError names a bad one and the roles."""
        named: dict[str, str] = {}
        for spec in specs:
            role, sep, name = spec.partition("=")
            role, name = role.strip().casefold(), name.strip()
            if not sep or not name or role not in ALIASES:
                raise UsageError(f"--field {spec!r}: expected ROLE=FIELD with ROLE one of "
                                 f"{', '.join(ROLES)} (e.g. --field published=pub_date)")
            named[role] = name
        return cls(named)


@dataclass
class UnusedFields:
    """Fields seen in a file's records that filled no role but look meaningful, counted;
    and, per field name, its normalised form and the role it suggests (a file's records
    share their names: each is worked out once per file)."""

    counts: dict[str, int] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    norms: dict[str, str] = field(default_factory=dict)
    suggested: dict[str, str | None] = field(default_factory=dict)

    def norm(self, name: str) -> str:
        found = self.norms.get(name)
        if found is None:
            found = self.norms[name] = norm_name(name)
        return found

    def suggests(self, name: str) -> str | None:
        if name not in self.suggested:
            self.suggested[name] = _looks_like(self.norm(name))
        return self.suggested[name]

    def notices(self, origin: str) -> list[str]:
        """One line per field: what it seems to be and the option that would use it."""
        return [f"{origin}: field {name!r} (in {count:,} record{'s' if count > 1 else ''}) was "
                f"not used; if it holds the {self.hints[name]}, add --field "
                f"{_ROLE_OPTION[self.hints[name]]}={name}"
                for name, count in sorted(self.counts.items())]


_ROLE_OPTION = {"publication date": "published", "article text": "text", "title": "title",
                "outlet": "source", "record id": "id", "link": "url"}
_HINT_NAMES = {"published": "publication date", "text": "article text", "title": "title",
               "source": "outlet", "id": "record id", "url": "link"}


def _roles(record: Mapping[str, Any], fields: FieldMap,
           names: UnusedFields) -> tuple[dict[str, str], set[str]]:
    """role -> the record's key that fills it; and the keys that are aliases of some role."""
    by_norm: dict[str, str] = {}
    for key in record:
        if isinstance(key, str):
            by_norm.setdefault(names.norm(key), key)
    chosen: dict[str, str] = {}
    for role, aliases in ALIASES.items():
        named = fields.named.get(role)
        if named is not None:
            key = named if named in record else by_norm.get(norm_name(named))
            if key is not None and _present(record[key]):
                chosen[role] = key
                continue
        for alias in aliases:
            key = by_norm.get(alias)
            if key is not None and _present(record[key]) and key not in chosen.values():
                chosen[role] = key
                break
    aliased = {key for norm, key in by_norm.items() if norm in _ALL_ALIASES}
    return chosen, aliased | set(chosen.values()) | set(fields.named.values())


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, int | float | dict)


def _note_unused(record: Mapping[str, Any], used: set[str], unused: UnusedFields) -> None:
    for key, value in record.items():
        if not isinstance(key, str) or key in used or not _present(value):
            continue
        role = unused.suggests(key)
        if role is not None:
            unused.counts[key] = unused.counts.get(key, 0) + 1
            unused.hints[key] = _HINT_NAMES[role]


def _looks_like(norm: str) -> str | None:
    """The role a field name suggests, if any."""
    for role, words in _MEANINGFUL.items():
        if any(word in norm for word in words):
            return role
    return "id" if norm.endswith("id") else None


def _scalar(value: Any) -> str | None:
    """A string for a metadata value: text, a number, a {"name": ...} object (JSON-LD's
    publisher) or a MongoDB export's {"$oid": ...}."""
    if isinstance(value, dict):
        value = (value.get("name") or value.get("title") or value.get("id")
                 or value.get("@id") or value.get("$oid"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = scrub(str(value).strip())
        return text or None
    return None


def _published(value: Any) -> str | None:
    if isinstance(value, dict):  # a MongoDB export: {"$date": ...} or {"$numberLong": ...}
        inner = value.get("$date", value.get("$numberLong"))
        return _published(inner) if inner is not None else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):  # epoch seconds, or milliseconds when that large
        seconds = value / 1000 if abs(value) >= _EPOCH_MILLIS else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat()
        except (OverflowError, OSError, ValueError):  # out of the calendar
            return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9:
        return _published(int(value.strip()))  # an epoch number written as text (CSV)
    return _scalar(value)


def record_document(record: Mapping[str, Any], *, where: str, label: str, sha256: str,
                    fields: FieldMap, unused: UnusedFields) -> RawDocument | Drop:
    """The RawDocument in one record, or a Drop naming `label` ("line 3", "row 7").

    A record with a title and no body is kept (a headline-only item: `clean` flags it)."""
    chosen, used = _roles(record, fields, unused)
    _note_unused(record, used, unused)
    body, kind = None, "text"
    for role in ("text", "html"):
        value = record.get(chosen[role]) if role in chosen else None
        if isinstance(value, str) and value.strip():
            body, kind = value, role
            break
    title = _scalar(record[chosen["title"]]) if "title" in chosen else None
    if body is None and title is None:
        wanted = {norm_name(name) for role in ("text", "html", "title")
                  for name in (*ALIASES[role], *([fields.named[role]] if role in fields.named
                                                 else []))}
        empty = [key for key in record if isinstance(key, str) and norm_name(key) in wanted]
        if empty:  # the fields are there, with nothing in them
            return Drop(origin=where, stage="parse",
                        reason=f"{label}: empty {' and '.join(repr(f) for f in empty)}: "
                        "no text to keep")
        return Drop(origin=where, stage="parse",
                    reason=f"{label}: no text, html or title field (looked for "
                    f"{', '.join(ALIASES['text'][:3] + ALIASES['html'][:1] + ALIASES['title'][:2])}"
                    "; name another with --field text=FIELD)")
    meta = {role: _scalar(record[chosen[role]]) for role in ("url", "source", "language", "id")
            if role in chosen}
    published = _published(record[chosen["published"]]) if "published" in chosen else None
    return RawDocument(
        origin=where,
        content=scrub(body) if body else "",
        kind=kind,  # type: ignore[arg-type]
        sha256=sha256,
        title=title,
        url=meta.get("url"),
        source=meta.get("source"),
        published=published,
        published_from="metadata" if published else "unknown",
        language=meta.get("language"),
        source_id=meta.get("id"),
    )


def object_sha256(record: Mapping[str, Any]) -> str:
    """A record's hash, independent of key order and layout (for JSON and CSV records)."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
