"""Named days: "Christmas", "New Year's Eve", "Thanksgiving Day", "Easter Sunday".

Only holidays whose date follows from the calendar alone; a year-less one is the occurrence
nearest the anchor in the tense's direction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.easter import easter

from storyline.timex.base import Context, Reading, Rule, dated, rule
from storyline.timex.calendar import pick
from storyline.timex.lexicon import YEAR4


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _thanksgiving(year: int) -> dt.date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas eve": _fixed(12, 24), "christmas day": _fixed(12, 25),
    "christmas": _fixed(12, 25), "new year's eve": _fixed(12, 31),
    "new year's day": _fixed(1, 1), "valentine's day": _fixed(2, 14),
    "halloween": _fixed(10, 31), "thanksgiving day": _thanksgiving,
    "thanksgiving": _thanksgiving, "easter sunday": easter, "easter": easter,
}
_NAMES = "|".join(re.escape(name.title().replace("'S", "'s")).replace(r"\ ", r"\s+")
                  .replace("'", "['’]") for name in sorted(HOLIDAYS, key=len, reverse=True))


def _read_holiday(match: re.Match[str], ctx: Context) -> Reading:
    name = " ".join(match["name"].lower().replace("’", "'").split())
    date_of = HOLIDAYS[name]
    if match["year"]:
        return dated(date_of(int(match["year"])), "day")
    if ctx.anchor is None:
        return Reading("DATE", None, "day")
    candidates = [date_of(ctx.anchor.year + k) for k in (-1, 0, 1)]
    return dated(pick(candidates, ctx.anchor, ctx.direction(match, "nearest")), "day")


RULES: tuple[Rule, ...] = (
    rule("holiday", rf"(?P<name>{_NAMES})(?![\w])(?:,?\s+(?P<year>{YEAR4}))?", _read_holiday),
)
