"""The stamps of a page that holds several dated items ("updated: Sun Jul 29 2012 08:01:00
GMT", "Posted 8:01 AM EDT, July 29, 2012"): each item is dated by its own stamp, not all
by the page's date.

A stamp counts only where an item can start (the text's start, a new line, after a
sentence), and only when the text holds at least MIN_ITEM_STAMPS of them: one "Updated:"
line is the page's own date, which the cleaner already reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.timex.lexicon import month_number

__all__ = ["MIN_ITEM_STAMPS", "ItemStamp", "item_stamps"]

#: Stamps a text needs before its items are dated one by one (two dated items make a list).
MIN_ITEM_STAMPS = 2

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAYNAME = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_CLOCK = (r"\d\d?[:.]\d\d(?::\d\d)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
          r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|ET|PT|PST|PDT)?(?:[+-]\d{4})?")
_STAMP = re.compile(
    rf"(?i:\b(?:last\s+)?(?:updated|posted|published))\s*(?:at|on)?\s*:?\s*"
    rf"(?:{_CLOCK}\s*,?\s*)?(?:{_DAYNAME}\s*,?\s*)?"
    rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH}))"
    rf"\s*,?\s*(?P<year>(?:19|20)\d\d)(?:\s*,?\s*{_CLOCK})?(?:\s*\([^()\n]{{1,40}}\))?[\s:.\-–—|]*")


@dataclass(frozen=True, kw_only=True)
class ItemStamp:
    """One item's stamp: where it starts and ends in the text, and the day it gives."""

    start: int
    end: int
    date: dt.date


def item_stamps(text: str) -> list[ItemStamp]:
    """The item stamps of `text` in order, or [] when it holds fewer than MIN_ITEM_STAMPS."""
    found = []
    for match in _STAMP.finditer(text):
        before = text[max(0, match.start() - 40):match.start()].rstrip(" \t")
        if before and before[-1] not in "\n.!?\"'”’)":
            continue  # "the figures were updated on July 29, 2012": a sentence's words
        month = match["month"] or match["month2"]
        day = int(match["day"] or match["day2"])
        try:
            date = dt.date(int(match["year"]), month_number(month), day)
        except (ValueError, KeyError):
            continue  # "February 30": not a date, so not a stamp
        found.append(ItemStamp(start=match.start(), end=match.end(), date=date))
    return found if len(found) >= MIN_ITEM_STAMPS else []
