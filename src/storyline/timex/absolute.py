"""Calendar dates written out: "Jan. 6, 2022", "6 January", "2022-01-13", "13.01.2022",
"January 2022", "mid-January", "1990", "fiscal 1989", "the 1990s", "the 20th century".

A date with a year resolves without an anchor; a year-less one takes the year that puts it
nearest the anchor (so "December 30" in an article of 2 January is last year's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from storyline.timex.base import (
    Context,
    Piece,
    Reading,
    Rule,
    dated,
    event_direction,
    next_text,
    previous_word,
    rule,
)
from storyline.timex.calendar import Direction, month_day_near, month_near, shift
from storyline.timex.lexicon import (
    DAY_NUMBER,
    MONTH,
    MONTH_ALONE,
    WEEKDAY,
    WEEKDAY_ABBR,
    YEAR4,
    month_number,
)

# Edges of a period; TIMEX3 keeps the value of the period and adds a mod (START/MID/END),
# which TimeRef has no field for, so the edge only widens the extent.
EDGE = r"(?i:early|late|mid|(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of)"
_RANGE = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
_LEAD_WEEKDAY = rf"(?:(?:{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?"
# A year-less date is the one nearest the anchor, unless the tense contradicts it by more
# than this: "the year ended March 31" (past) in November is last March, but "was set for
# January 5" written on January 2 stays three days ahead (tense cues are noisy). Set on the
# TempEval-3 training data (177 year-less dates): values right at 0/30/60/90/120/180 days
# 140/162/169/171/171/167, the nearest date alone 166.
TENSE_SLACK_DAYS = 90
# Plausible years for a bare four-digit number. Below 1900 a number is a year only after
# a word that introduces one ("in 1848"); 1900-2099 covers the news we read.
MIN_BARE_YEAR = 1900
YEAR_CONTEXT = frozenset(
    "in since by of until till before after during from to through between around circa "
    "early late mid fiscal year end beginning spring summer fall autumn winter the and "
    "calendar".split()
)
# Words after which "May" and "March" are months, not a verb and a noun.
MONTH_CONTEXT = (YEAR_CONTEXT - {"the", "year"}) | {"on", "this", "last", "next", "that", "each"}
_DETERMINERS = frozenset("the a an its his her their our this that whose".split())
# Nouns a number counts rather than dates ("2000 troops", "1,500 km"): not years.
COUNTED = re.compile(
    r"\s*(?:%|percent|per\s+cent|people|persons|troops|soldiers|men|women|children|"
    r"workers|jobs|employees|members|cases|deaths|votes|seats|units|shares|tons|tonnes|"
    r"barrels|km|kilometers|kilometres|miles|meters|metres|feet|acres|hectares|points|"
    r"years|months|days|hours|dollars|euros|pounds|yen|rubles|yuan|cars|homes|houses|"
    r"pages|words|calories|degrees|yards|pieces|times)\b", re.IGNORECASE)


def _day(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(ctx: Context, match: re.Match[str], month: int, day: int,
               year: str | None) -> Reading:
    """A day of a month, with its year or the one nearest the anchor."""
    if year is not None:
        found = _valid(int(year), month, day)
        return dated(found, "day") if found else Reading("DATE", None, "day")
    if ctx.anchor is None:
        return Reading("DATE", None, "day")
    rel = (match["rel"] or "").lower() if "rel" in match.groupdict() else ""
    if rel in ("last", "next"):  # "last Oct. 23": strictly before (after) the anchor
        step = -1 if rel == "last" else 1
        start = ctx.anchor + dt.timedelta(days=step)
        return dated(month_day_near(start, month, day, "past" if step < 0 else "future"),
                     "day")
    nearest = month_day_near(ctx.anchor, month, day, "nearest")
    if nearest is None:
        return Reading("DATE", None, "day")
    return dated(_tense_check(ctx, match, nearest,
                              lambda way: month_day_near(ctx.anchor, month, day, way)), "day")


def _tense_check(ctx: Context, match: re.Match[str], nearest: dt.date,
                 towards: Callable[[Direction], dt.date | None]) -> dt.date:
    """`nearest`, unless the tense points the other way by more than TENSE_SLACK_DAYS (or
    an event's preposition points the other way at all)."""
    assert ctx.anchor is not None
    direction = ctx.direction(match, "nearest")
    gap = (nearest - ctx.anchor).days
    if event_direction(ctx.text, *match.span()) in ("past", "future"):
        # "since the January 2 protests", "ahead of the November election": the preposition
        # is a surer cue than a verb's tense, and takes no slack
        if (direction == "past" and gap > 0) or (direction == "future" and gap < 0):
            return towards(direction) or nearest
        return nearest
    if (direction == "past" and gap > TENSE_SLACK_DAYS) or (
            direction == "future" and gap < -TENSE_SLACK_DAYS):
        return towards(direction) or nearest
    return nearest


# -- numeric dates --------------------------------------------------------------------------


def _read_iso(match: re.Match[str], ctx: Context) -> Reading | None:
    day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    if day is None:
        return None
    if match["time"]:
        return Reading("TIME", f"{day.isoformat()}T{match['time'][:5]}", "time")
    return dated(day, "day")


def _read_dotted(match: re.Match[str], ctx: Context) -> Reading | None:
    day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    return dated(day, "day") if day else None


def _read_slashed(match: re.Match[str], ctx: Context) -> Reading | None:
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    # US order (month/day) unless that is impossible.
    day = _valid(year, first, second) or _valid(year, second, first)
    return dated(day, "day") if day else None


# -- written dates --------------------------------------------------------------------------


def _read_month_day(match: re.Match[str], ctx: Context) -> list[Piece]:
    """"Jan. 6", "Thursday, January 6, 2022", and ranges "January 6 to 19, 2022"."""
    month = month_number(match["month"])
    year = match["year"]
    first = _month_day(ctx, match, month, _day(match["day"]), year)
    start = match.start()
    end = match.end("day")
    if match["year"] and not match["day2"]:
        end = match.end("year")
    pieces = [Piece(start, end, first)]
    if match["day2"]:
        second = _month_day(ctx, match, month, _day(match["day2"]), year)
        pieces.append(Piece(match.start("day2"), match.end(), second))
    return pieces


def _read_day_month(match: re.Match[str], ctx: Context) -> list[Piece]:
    """"6 January 2022", "the 6th of January", and ranges "6 to 19 January"."""
    month = month_number(match["month"])
    year = match["year"]
    pieces = []
    if match["day0"]:
        first = _month_day(ctx, match, month, _day(match["day0"]), year)
        pieces.append(Piece(match.start("day0"), match.end("day0"), first))
    reading = _month_day(ctx, match, month, _day(match["day"]), year)
    pieces.append(Piece(match.start("main"), match.end(), reading))
    return pieces


def _read_month_year(match: re.Match[str], ctx: Context) -> Reading:
    return dated(dt.date(int(match["year"]), month_number(match["month"]), 1), "month")


def _month_alone_ok(match: re.Match[str], text: str) -> bool:
    """"May" and "March" are also a verb and a noun: only after a word that introduces a
    date. Any month followed by a capitalised word is likely a first name ("April Ryan")."""
    if re.match(rf"\s+{DAY_NUMBER}", next_text(text, match.end())):
        return False  # "last Oct. 23" is a day, whatever the day rule made of it
    if match["edge"] or match["rel"]:
        return True
    word = match["month"].rstrip(".").lower()
    before = previous_word(text, match.start())
    if word in ("may", "march") and before not in MONTH_CONTEXT:
        return False
    return not re.match(r"\s+[A-Z][a-z]", next_text(text, match.end()))


def _read_month_alone(match: re.Match[str], ctx: Context) -> Reading | None:
    """"January", "last March", "mid-January": the month nearest the anchor, in the tense's
    direction ("in January" of a past-tense sentence is the last January)."""
    month = month_number(match["month"])
    rel = (match["rel"] or "").lower()
    if rel == "that":
        base = ctx.base(anaphoric=True, granularity="year")
        return dated(base and dt.date(base.year, month, 1), "month")
    if ctx.anchor is None:
        return Reading("DATE", None, "month")
    if rel == "this":
        return dated(dt.date(ctx.anchor.year, month, 1), "month")
    if rel in ("last", "next"):
        step = -1 if rel == "last" else 1
        here = dt.date(ctx.anchor.year, ctx.anchor.month, 1)
        day = month_near(shift(here, "month", step), month, "past" if step < 0 else "future")
        return dated(day, "month")
    nearest = month_near(ctx.anchor, month, "nearest")
    anchor = ctx.anchor
    return dated(_tense_check(ctx, match, nearest,
                              lambda way: month_near(anchor, month, way)), "month")


# -- years, decades, centuries --------------------------------------------------------------


#: What follows a four-digit clock time ("until 1100 (1600 GMT)", "at 0630 local time").
CLOCK_AFTER = re.compile(r"\s*(?:\(\s*\d{4}\s*)?(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|hrs\b|"
                         r"hours\b|h\b|local\s+time)")


#: A live blog's entries start with a 24-hour time stamp ("1901 US President ...",
#: "2315: The Red Cross ..."): a four-digit clock time at the start of a line.
_LINE_STAMP = re.compile(r"(?m)^[ \t]*(?:[01]\d|2[0-3])[0-5]\d(?=[ \t]*(?::|[A-Z]))")
#: Stamps a text needs before a line-initial number is read as one ("2010 World Cup
#: begins..." alone opens with a year).
MIN_LINE_STAMPS = 2


#: Verbs ending in -s that follow a year opening a sentence ("2010 was", "2024 marks").
_VERBS_IN_S = frozenset(
    "was is has does says sees saw marks brings gives makes remains seems becomes holds "
    "begins ends means promises looks".split())


def _year_ok(match: re.Match[str], text: str) -> bool:
    """A four-digit number is a year in a date context, not when it counts something, is a
    clock time (also a live blog's entry stamp), or has a unit stuck to it ("2000ft")."""
    after = next_text(text, match.end())
    if COUNTED.match(after) or CLOCK_AFTER.match(after) or after[:1].isalpha():
        return False
    if _entry_stamp(match, text):
        return False
    if match["edge"] or match["fiscal"]:
        return True
    year = int(match["year"])
    before = previous_word(text, match.start())
    if before.startswith(("$", "£", "€", "no", "#", "flight", "route", "room", "model")):
        return False
    if before in YEAR_CONTEXT or before in _DETERMINERS:
        return True
    # "detained 2000 protesters": a bare number before a plural noun counts it ("1999 was
    # a hard year": a verb in -s is no plural)
    plural = re.match(r"\s+([a-z]+s)\b", next_text(text, match.end()))
    return year >= MIN_BARE_YEAR and (plural is None or plural[1] in _VERBS_IN_S)


def entry_stamps(text: str) -> dict[int, int]:
    """See `_stamps`: a fresh dict each call."""
    return dict(_stamps(text))


@lru_cache(maxsize=16)  # asked once per year candidate of the same text
def _stamps(text: str) -> tuple[tuple[int, int], ...]:
    """A live blog's entry stamps: where each starts -> where its entry's words start. Empty
    unless the text's lines open with at least MIN_LINE_STAMPS stamps, one of which no year
    could be (before 1900, or with a colon: "0945 Rescuers...", "2315: ..."), so that a
    list of years ("2003 US-led forces invade Iraq.\n2011 ...") keeps them."""
    if not _LINE_STAMP.search(text):
        return ()
    stamps = list(_LINE_STAMP.finditer(text))
    if len(stamps) < MIN_LINE_STAMPS or not any(
            int(m.group().strip()) < MIN_BARE_YEAR or text[m.end():].lstrip(" \t")[:1] == ":"
            for m in stamps):
        return ()
    found = []
    for stamp in stamps:
        words = re.match(r"[ \t]*:?[ \t]*", text[stamp.end():])
        found.append((stamp.start() + len(stamp.group()) - len(stamp.group().lstrip()),
                      stamp.end() + (words.end() if words else 0)))
    return tuple(found)


def _entry_stamp(match: re.Match[str], text: str) -> bool:
    """Whether the number opens an entry of a live blog (`entry_stamps`)."""
    return any(start == match.start() for start, _ in _stamps(text))


def _read_year(match: re.Match[str], ctx: Context) -> list[Piece]:
    year = int(match["year"])
    pieces = [Piece(match.start(), match.end("year"), dated(dt.date(year, 1, 1), "year"))]
    if match["year2"]:
        tail = match["year2"]
        second = int(tail) if len(tail) == 4 else year // 100 * 100 + int(tail)
        if second > year:
            pieces.append(Piece(match.start("year2"), match.end("year2"),
                                dated(dt.date(second, 1, 1), "year")))
    return pieces


def _read_decade(match: re.Match[str], ctx: Context) -> Reading:
    """"the 1990s" -> 199; "the '90s" -> the latest such decade not after the anchor."""
    if match["full"]:
        return Reading("DATE", match["full"][:3], "decade")
    tens = 10 * int(match["short"])
    year = 1900 + tens
    if ctx.anchor is not None and 2000 + tens <= ctx.anchor.year:
        year = 2000 + tens
    return Reading("DATE", str(year // 10), "decade")


_ORDINAL_CENTURY = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}


def _read_century(match: re.Match[str], ctx: Context) -> Reading:
    number = match["n"]
    value = int(number) if number.isdigit() else _ORDINAL_CENTURY[number.lower()]
    return Reading("DATE", f"{value - 1:02d}", "century")


# Years and decades in words, as broadcast transcripts write them.
_TEENS_AND_TENS = ("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                   "nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
_DIGITS = "one two three four five six seven eight nine".split()
_WORD_VALUE = {word: value for value, word in enumerate(_DIGITS, 1)} | {
    word: value for word, value in zip(_TEENS_AND_TENS, [*range(10, 20), *range(20, 100, 10)],
                                       strict=True)}
_TAIL_WORDS = (rf"(?:{'|'.join(_TEENS_AND_TENS)})(?:[\s-]+(?:{'|'.join(_DIGITS)}))?|"
               rf"oh[\s-]+(?:{'|'.join(_DIGITS)})|hundred")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _words_value(words: str) -> int:
    """The value of "ninety-six", "oh five", "hundred", "two thousand and one"'s tail."""
    total = 0
    for word in re.split(r"[\s-]+", words.lower()):
        total += _WORD_VALUE.get(word, 0)
    return total


def _spelled_year_ok(match: re.Match[str], text: str) -> bool:
    """"two thousand" counts more often than it dates: only after a date word."""
    if COUNTED.match(next_text(text, match.end())):
        return False
    if match["millennium"] and not match["the_year"]:
        return previous_word(text, match.start()) in YEAR_CONTEXT
    return True


def _read_spelled_year(match: re.Match[str], ctx: Context) -> Reading:
    if match["millennium"]:
        year = 2000 + _words_value(match["m_tail"] or "")
    else:
        year = 100 * _WORD_VALUE[match["century"].lower()] + _words_value(match["tail"])
    return dated(dt.date(year, 1, 1), "year")


def _read_decade_word(match: re.Match[str], ctx: Context) -> Reading:
    """"the nineties" -> 199 (the 2020s once the anchor has reached them)."""
    tens = _DECADE_WORDS[match["decade"].lower()]
    year = 1900 + 10 * tens
    if ctx.anchor is not None and 2000 + 10 * tens <= ctx.anchor.year:
        year = 2000 + 10 * tens
    return Reading("DATE", str(year // 10), "decade")


RULES: tuple[Rule, ...] = (
    rule("iso", r"(?<![\w-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
         r"(?:T(?P<time>\d\d:\d\d(?::\d\d)?))?(?![\w-])", _read_iso),
    rule("dotted", r"(?<![\w.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\w]|\.\d)",
         _read_dotted),
    rule("slashed", r"(?<![\w/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\w/])",
         _read_slashed),
    rule("month_day",
         rf"(?:(?P<rel>(?i:last|next|this))\s+)?{_LEAD_WEEKDAY}(?P<month>{MONTH})\s+"
         rf"(?P<day>{DAY_NUMBER})"
         rf"(?:{_RANGE}(?P<day2>{DAY_NUMBER}))?(?:,?\s+(?P<year>{YEAR4}))?", _read_month_day),
    rule("day_month",
         rf"(?:(?P<day0>{DAY_NUMBER}){_RANGE})?(?P<main>{_LEAD_WEEKDAY}(?:the\s+)?"
         rf"(?P<day>{DAY_NUMBER})(?:\s+of)?\s+(?P<month>{MONTH}))(?:,?\s+(?P<year>{YEAR4}))?",
         _read_day_month),
    rule("month_year",
         rf"(?:{EDGE}[\s-]*)?(?P<month>{MONTH})(?:,?\s+|\s+of\s+)(?P<year>{YEAR4})",
         _read_month_year),
    rule("month",
         rf"(?:(?P<edge>{EDGE})[\s-]*|(?P<rel>(?i:this|last|next|that))\s+)?"
         rf"(?P<month>{MONTH_ALONE})", _read_month_alone, _month_alone_ok),
    rule("year",
         rf"(?:(?P<edge>{EDGE})[\s-]*|(?P<fiscal>(?i:fiscal(?:\s+year)?|calendar|the\s+year)"
         rf"\s*|FY\s*))?(?P<year>{YEAR4})(?:{_RANGE}(?P<year2>\d{{4}}|\d\d)(?![\d,]))?",
         _read_year, _year_ok),
    rule("decade",
         r"(?:(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?"
         r"(?:(?P<full>1[0-9]\d0|20\d0)['’]?s|['’](?P<short>\d)0s)(?!\w)", _read_decade),
    rule("spelled_year",
         r"(?i:(?P<the_year>the\s+year\s+)?(?:(?P<century>nineteen|eighteen|twenty)[\s-]+"
         rf"(?P<tail>{_TAIL_WORDS})|(?P<millennium>two\s+thousand)(?:\s+(?:and\s+)?"
         rf"(?P<m_tail>(?:{'|'.join(_TEENS_AND_TENS)})(?:[\s-]+(?:{'|'.join(_DIGITS)}))?|"
         rf"{'|'.join(_DIGITS)}))?))(?![\w-])", _read_spelled_year, _spelled_year_ok),
    rule("decade_word",
         r"(?i:the\s+(?:(?:early|late|mid)[\s-]+)?)"
         rf"(?P<decade>(?i:{'|'.join(_DECADE_WORDS)}))(?![\w])", _read_decade_word),
    rule("century",
         r"(?:(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?"
         r"(?P<n>\d{1,2}(?=st|nd|rd|th)|(?i:nineteenth|twentieth|twenty-first|eighteenth))"
         r"(?:st|nd|rd|th)?[\s-]+(?i:century)", _read_century),
)
