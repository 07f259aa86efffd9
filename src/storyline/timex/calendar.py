"""Calendar arithmetic for TIMEX3 values: a period is a day inside it plus a granularity.

Shifting "last quarter" is then `shift(anchor, "quarter", -1)` formatted at quarter
granularity; the same two functions serve every relative expression.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from dateutil.relativedelta import relativedelta

from storyline.model import Granularity

Direction = Literal["past", "future", "nearest"]

_STEP: dict[str, relativedelta] = {
    "day": relativedelta(days=1), "week": relativedelta(weeks=1),
    "month": relativedelta(months=1), "quarter": relativedelta(months=3),
    "season": relativedelta(months=3), "year": relativedelta(years=1),
    "decade": relativedelta(years=10), "century": relativedelta(years=100),
}
# Meteorological seasons by month; a winter is named by the year of its January, so
# December 2021 belongs to 2022-WI.
_SEASON_OF_MONTH = ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")
SEASON_MONTH: dict[str, int] = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
_RANK = ("time", "day", "week", "month", "quarter", "season", "year", "decade", "century")


def plain_date(day: dt.date) -> dt.date:
    """A date, also when given a datetime (whose comparisons with dates fail)."""
    return dt.date(day.year, day.month, day.day)


def shift(day: dt.date, unit: str, count: int) -> dt.date:
    """`day` moved by `count` units (month ends clamp: Jan 31 + 1 month = Feb 28)."""
    result: dt.date = day + _STEP[unit] * count
    return result


def coarser(first: Granularity, second: Granularity) -> Granularity:
    """The coarser of two granularities ("month" and "year" -> "year")."""
    return first if _RANK.index(first) >= _RANK.index(second) else second


def finer_or_equal(first: Granularity, second: Granularity) -> bool:
    """Whether `first` is as fine as `second` or finer ("day" vs "month": True)."""
    return _RANK.index(first) <= _RANK.index(second)


def fmt(day: dt.date, granularity: Granularity) -> str:
    """The TIMEX3 value of the period of `granularity` that contains `day`."""
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "season":
        year = day.year + (day.month == 12)
        return f"{year:04d}-{_SEASON_OF_MONTH[day.month - 1]}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return day.isoformat()


def granularity_of(value: str | None) -> Granularity | None:
    """The granularity a TIMEX3 date value is written at (None for REFs, halves, sets)."""
    if value is None:
        return None
    patterns: tuple[tuple[str, Granularity], ...] = (
        (r"\d{4}-\d\d-\d\dT.*", "time"), (r"\d{4}-\d\d-\d\d", "day"),
        (r"\d{4}-W\d\d(-WE)?", "week"), (r"\d{4}-\d\d", "month"), (r"\d{4}-Q\d", "quarter"),
        (r"\d{4}-(SP|SU|FA|WI)", "season"), (r"\d{4}", "year"), (r"\d{3}", "decade"),
        (r"\d{2}", "century"),
    )
    for pattern, granularity in patterns:
        if re.fullmatch(pattern, value):
            return granularity
    return None


def pick(candidates: list[dt.date], anchor: dt.date, direction: Direction) -> dt.date:
    """The candidate nearest to `anchor` in `direction` (the anchor itself counts as both
    past and future: wire copy writes "Thursday" for the day it is published)."""
    if direction == "past":
        before = [c for c in candidates if c <= anchor]
        if before:
            return max(before)
    elif direction == "future":
        after = [c for c in candidates if c >= anchor]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c < anchor))


def weekday_near(anchor: dt.date, weekday: int, direction: Direction) -> dt.date:
    """The date of `weekday` (0 = Monday) nearest to `anchor` in `direction`."""
    offset = (weekday - anchor.weekday()) % 7
    return pick([anchor + dt.timedelta(days=offset - 7), anchor + dt.timedelta(days=offset)],
                anchor, direction)


def month_near(anchor: dt.date, month: int, direction: Direction) -> dt.date:
    """The first day of `month` nearest to the anchor's month in `direction`."""
    this_month = dt.date(anchor.year, anchor.month, 1)
    candidates = [dt.date(anchor.year + k, month, 1) for k in (-1, 0, 1)]
    return pick(candidates, this_month, direction)


def month_day_near(anchor: dt.date, month: int, day: int, direction: Direction
                   ) -> dt.date | None:
    """The date `month`-`day` nearest to `anchor` in `direction`; None if it never exists
    in the years around the anchor (February 30)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return pick(candidates, anchor, direction) if candidates else None


def period_start(day: dt.date, unit: str) -> dt.date:
    """The first day of the quarter or season containing `day`."""
    if unit == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    months_in = day.month % 3  # seasons start in March, June, September, December
    return shift(dt.date(day.year, day.month, 1), "month", -months_in)


def period_near(anchor: dt.date, month: int, unit: str, direction: Direction) -> dt.date:
    """The start of the quarter/season containing `month` nearest to the anchor's own."""
    here = period_start(anchor, unit)
    candidates = [period_start(dt.date(anchor.year + k, month, 15), unit) for k in (-1, 0, 1)]
    return pick(candidates, here, direction)
