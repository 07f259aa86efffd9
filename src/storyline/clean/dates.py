"""Publication dates: parse what metadata says, and give year-less dates a year.

A year is never taken from the clock: from the article's own date, else from the dates of
its nearest neighbours in the batch (`YearContext`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from dateutil import parser as dateutil_parser

#: Dates outside this window are metadata errors (epoch zero, year 9999), not news.
_EARLIEST = dt.date(1800, 1, 1)
_LATEST = dt.date(2200, 1, 1)


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date in an ISO or free-form date string, or None when there is none."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = dt.date.fromisoformat(text[:10])
    except ValueError:
        try:
            parsed = dateutil_parser.parse(text, fuzzy=False).date()
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed if _EARLIEST <= parsed < _LATEST else None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nearest_date(month: int, day: int, anchors: Iterable[dt.date]) -> dt.date | None:
    """The (month, day) in the year that puts it closest to any anchor date.

    Years around each anchor are tried, so "December 31" read against a January 2 article
    lands in the previous year.
    """
    best: tuple[int, dt.date] | None = None
    for anchor in set(anchors):
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            candidate = _valid(year, month, day)
            if candidate is None:
                continue
            distance = abs((candidate - anchor).days)
            if best is None or (distance, candidate) < best:
                best = (distance, candidate)
    return best[1] if best else None


class YearContext:
    """The publication dates of a batch, by input file and folder. A batch may span years,
    and then "January 12" has a candidate in each: a year-less dateline takes its year from
    its nearest neighbours, the other records of its file (a feed, a WARC) if any is dated,
    else the pages of its folder (archives are kept by site, month or day), else the whole
    batch."""

    def __init__(self) -> None:
        self._files: dict[Path, set[dt.date]] = {}
        self._folders: dict[Path, set[dt.date]] = {}
        self.dates: set[dt.date] = set()

    def add(self, path: Path, day: dt.date) -> None:
        self._files.setdefault(path, set()).add(day)
        self._folders.setdefault(path.parent, set()).add(day)
        self.dates.add(day)

    def anchors(self, path: Path) -> set[dt.date]:
        """The dates a year-less date read from `path` is placed among (empty: none known)."""
        return self._files.get(path) or self._folders.get(path.parent) or self.dates
