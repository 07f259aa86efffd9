"""A publication date written in an article's URL: `/2018/04/17/`, `/2018-04-17/` (or a
segment opening with it, `/2018-04-17-quake-hits`), `/20180417/` (a whole segment, or a
file name `20180417.html`).

Only forms that are clearly a date are read: eight digits inside a longer token
(`/news/world-20180417`) may be an article number, as BBC's are, and are left alone; a
year and month without a day (`/2018/04/`) is not a day. Used when nothing better dates
the article (`published_from: url`).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

#: Years a URL date may fall in: the web's news archives start in the mid-1990s; a later
#: bound keeps version numbers and ids ("/2999/01/01/") out.
_FIRST_YEAR, _LAST_YEAR = 1990, 2100
_SLASHED = re.compile(r"/((?:19|20|21)\d\d)/(\d\d?)/(\d\d?)(?=/|$)")
_DASHED = re.compile(r"^((?:19|20|21)\d\d)-(\d\d)-(\d\d)(?:$|[-_.])")
_COMPACT = re.compile(r"^((?:19|20|21)\d\d)(\d\d)(\d\d)(?:\.[a-z]{2,5})?$", re.IGNORECASE)


def _valid(year: str, month: str, day: str) -> dt.date | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if _FIRST_YEAR <= date.year <= _LAST_YEAR else None


def url_date(url: str | None) -> dt.date | None:
    """The date in `url`'s path, when the path clearly writes one; else None."""
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:  # a malformed URL ("http://[x") dates nothing
        return None
    found = _SLASHED.search(path)
    if found:
        return _valid(*found.groups())
    for segment in path.split("/"):
        match = _DASHED.match(segment) or _COMPACT.match(segment)
        if match:
            date = _valid(*match.groups())
            if date is not None:
                return date
    return None
