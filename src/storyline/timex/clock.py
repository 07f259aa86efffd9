"""Clock times (TIMEX3 TIME): "at 10:00", "10:35 a.m.", "noon Thursday",
"5 p.m. EST Nov. 9". A time takes the day written with it, else the day the text just
named (when it is close by: "on Thursday at 10:00"), else the publication date."""

from __future__ import annotations

import datetime as dt
import re

from storyline.timex.base import Context, Reading, Rule, previous_word, rule, timed
from storyline.timex.calendar import month_day_near, weekday_near
from storyline.timex.lexicon import DAY_NUMBER, MONTH, WEEKDAY, YEAR4, month_number, weekday_number

# How close (characters) a day named before a time must be to give the time its day:
# "Thursday at 10:00" and "on Jan. 6 at about 10 p.m." are within it.
NEAR_DAY = 24
# Words that make a bare "10:00" a clock time rather than a score or a ratio.
_CLOCK_CONTEXT = frozenset(
    "at by from until till before after since around about to between and approximately "
    "shortly".split()
)
_AMPM = r"(?i:a\.m\.?|p\.m\.?|am|pm)(?![\w])"
_ZONE = r"(?:\s+(?P<zone>(?:[ECMPA][SD]T|GMT|UTC|BST|CET|CEST|EET|MSK|IST|JST)\b|(?i:local\s+time)))"
_TAIL = (rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<tw>{WEEKDAY})|(?P<tdw>(?i:today|tonight|tomorrow|"
         rf"yesterday))|(?P<tm>{MONTH})\s+(?P<td>{DAY_NUMBER})(?:,?\s+(?P<ty>{YEAR4}))?))")
_WORD_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}


def _clock_ok(match: re.Match[str], text: str) -> bool:
    """A bare "h:mm" needs a clock word before it or a time zone after it."""
    if match["h2"] is not None:
        if int(match["h2"]) > 24:
            return False
        return bool(match["zone"]) or previous_word(text, match.start()) in _CLOCK_CONTEXT
    if match["h"] is not None:
        return 0 < int(match["h"]) <= 12
    return True


def _clock(match: re.Match[str]) -> str:
    """"T22:00" for "10 p.m.", "T24:00" for "midnight"."""
    if match["word"]:
        return "T" + _WORD_TIMES[match["word"].lower()]
    if match["h2"] is not None:
        return f"T{int(match['h2']):02d}:{match['mi2']}"
    hour = int(match["h"])
    evening = match["ampm"].lower().startswith("p")
    hour = hour % 12 + (12 if evening else 0)
    return f"T{hour:02d}:{match['mi'] or '00'}"


def _day_of(match: re.Match[str], ctx: Context) -> dt.date | None:
    """The day a clock time belongs to (see the module docstring)."""
    anchor = ctx.anchor
    if match["tw"]:
        return anchor and weekday_near(anchor, weekday_number(match["tw"]),
                                       ctx.direction(match, "past"))
    if match["tdw"]:
        return anchor and anchor + dt.timedelta(days=_DAY_WORDS[match["tdw"].lower()])
    if match["tm"]:
        month, day = month_number(match["tm"]), int(re.sub(r"\D", "", match["td"]))
        if match["ty"]:
            try:
                return dt.date(int(match["ty"]), month, day)
            except ValueError:
                return None
        return anchor and month_day_near(anchor, month, day, "nearest")
    near = ctx.reference is not None and 0 <= match.start() - ctx.reference_end <= NEAR_DAY
    if near and ctx.reference is not None and ctx.reference[1] in ("day", "time"):
        return ctx.reference[0]
    return anchor


def _read_clock(match: re.Match[str], ctx: Context) -> Reading:
    return timed(_day_of(match, ctx), _clock(match))


RULES: tuple[Rule, ...] = (
    rule("clock",
         r"(?:(?P<approx>(?i:around|approximately|shortly\s+after|shortly\s+before|"
         r"just\s+after|just\s+before))\s+)?"
         rf"(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>{_AMPM})"
         r"|(?<![\d:.])(?P<h2>\d{1,2}):(?P<mi2>[0-5]\d)(?![\d:])"
         r"|(?P<word>(?i:noon|midday|midnight))(?![\w]))"
         rf"{_ZONE}?{_TAIL}?", _read_clock, _clock_ok),
)
