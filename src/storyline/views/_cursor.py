"""Opaque cursors for paged lists: a client hands back what it was given, nothing else.

A cursor holds where the last item shown stood (for stories, its place in the ranking's
order: score, last date, id; for search, an offset) and a fingerprint of the filters it
was made under. A story cursor is stable: after a re-rank the next page starts at the
first story whose place is after the one last shown, so stories that kept their order are
neither repeated nor skipped. A cursor used with other filters, or edited, is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import asdict
from typing import Any

from storyline.errors import UsageError
from storyline.store import Filters

#: Bumped when a cursor's contents change: old cursors are refused, not misread.
CURSOR_VERSION = 2


def _fingerprint(kind: str, filters: Filters) -> str:
    data = json.dumps([kind, {k: str(v) for k, v in asdict(filters).items()}], sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def make_cursor(kind: str, filters: Filters, **position: Any) -> str:
    body = {"v": CURSOR_VERSION, "f": _fingerprint(kind, filters), **position}
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(cursor: str, kind: str, filters: Filters) -> dict[str, Any]:
    """The position a cursor holds; a UsageError when it is not one this list gave."""
    refused = UsageError(f"{cursor[:40]!r} is not a cursor from this list (the filters must be "
                         "the same as for the page that gave it); start again without it")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise refused from exc
    if (not isinstance(body, dict) or body.get("v") != CURSOR_VERSION
            or body.get("f") != _fingerprint(kind, filters)):
        raise refused
    return body
