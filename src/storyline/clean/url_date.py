"""A publication date written in an article's URL: `/2018/04/17/` (or `/2018/apr/17/`, as
The Guardian writes it), or `2018-04-17` or `20180417` as a token of the path, set apart by
`/`, `-`, `_`, `,` or `.` (`/2018-04-17-quake-hits`, `/la-fi-quake-20180417,0,123.story`,
`/BT-CO-20180417-705733.html`).

Not read: digits run into letters or other digits (`/x20180417`, `/123201804170`), dates
that are not dates (`/2018/13/45/`), years outside 1990-2100 (`/19040101_story`: an id), a
year and month without a day (`/2018/04/`), and anything outside the path (a query's
`?date=`). An article number may still happen to read as a date: the URL dates an
article only when nothing better does (`published_from: url`). Measured in
`benchmarks/records.py` (UCI aggregator, ECB+, article-extraction URLs).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

#: Years a URL date may fall in: the web's news archives start in the mid-1990s; a later
#: bound keeps version numbers and ids ("/2999/01/01/") out.
_FIRST_YEAR, _LAST_YEAR = 1990, 2100
_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
#: Month names a URL may write: full, three letters, and "sept".
_MONTH_NAMES = {**{m: i for i, m in enumerate(_FULL_MONTHS, 1)},
                **{m[:3]: i for i, m in enumerate(_FULL_MONTHS, 1)}, "sept": 9}
_SLASHED = re.compile(r"/((?:19|20|21)\d\d)/(\d\d?|[a-z]{3,9})/(\d\d?)(?=/|$)", re.IGNORECASE)
#: A date token inside a path segment: not run into letters or digits on either side.
_TOKEN = re.compile(r"(?<![0-9A-Za-z])((?:19|20|21)\d\d)(-?)(\d\d)\2(\d\d)(?![0-9A-Za-z])")


def _month(name: str) -> int | None:
    """A month number from digits or an English month name ("apr", "april", "sept")."""
    return int(name) if name.isdigit() else _MONTH_NAMES.get(name.casefold())


def _valid(year: str, month: str, day: str) -> dt.date | None:
    number = _month(month)
    if number is None:
        return None
    try:
        date = dt.date(int(year), number, int(day))
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
    for found in _SLASHED.finditer(path):
        date = _valid(*found.groups())
        if date is not None:
            return date
    for found in _TOKEN.finditer(path):
        year, _, month, day = found.groups()
        date = _valid(year, month, day)
        if date is not None:
            return date
    return None
