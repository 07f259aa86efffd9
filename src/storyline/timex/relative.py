"""Dates that count from the publication date or from a date the text just mentioned:
"yesterday evening", "on Thursday", "last week", "earlier this month", "two days ago",
"a week earlier", "the third quarter", "last fall", "the next day".

Deictic expressions count from the anchor (unknown anchor -> value None); anaphoric ones
("that year", "a week earlier", "the following day") from the last date in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from storyline.model import Granularity
from storyline.timex.base import (
    Context,
    Reading,
    Rule,
    dated,
    next_text,
    previous_word,
    rule,
    timed,
)
from storyline.timex.calendar import (
    SEASON_MONTH,
    Direction,
    coarser,
    fmt,
    period_near,
    period_start,
    plain_date,
    shift,
    weekday_near,
)
from storyline.timex.lexicon import (
    APPROX,
    DAY_PARTS,
    NUMBER,
    ORDINALS,
    SEASON,
    SEASONS,
    UNIT,
    UNIT_FACTOR,
    VAGUE,
    WEEKDAY,
    YEAR4,
    parse_number,
    unit_word,
    weekday_number,
)

# Weekdays without a tense cue: in the training half of TempEval-3 (TimeBank + AQUAINT)
# 158 such weekdays lie before the publication date and 15 after, so news defaults to past.
WEEKDAY_DEFAULT: Direction = "past"
_PARTS = "morning|afternoon|evening|night"
_PART = rf"(?i:{_PARTS})"
_STEP_BACK = ("last", "past", "previous", "prior", "preceding", "latest", "this past")
_STEP_FORWARD = ("next", "coming", "following", "this coming")
# Relatives that count from the text's last date rather than from the anchor ("next week"
# is deictic, "the next week" anaphoric).
_ANAPHORIC = frozenset({"that", "same", "following", "previous", "preceding"})


def _step(rel: str) -> int:
    """-1, 0 or +1 for a relative word ("last", "this", "next", "the following")."""
    words = rel.lower().split()
    last = words[-1] if words else ""
    if " ".join(words[-2:]) in _STEP_BACK or last in _STEP_BACK:
        return -1
    if " ".join(words[-2:]) in _STEP_FORWARD or last in _STEP_FORWARD:
        return 1
    return 0


def _anaphoric(rel: str) -> bool:
    """Whether a relative word points back into the text ("that", "the following")."""
    words = rel.lower().split()
    return bool(_ANAPHORIC.intersection(words)) or words == ["the", "next"]


# -- days -----------------------------------------------------------------------------------

_DAY_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
                "the day before yesterday": -2, "the day after tomorrow": 2}


def _day_word_ok(match: re.Match[str], text: str) -> bool:
    """Not the newspaper "USA Today"."""
    return previous_word(text, match.start()) != "usa"


def _read_day_word(match: re.Match[str], ctx: Context) -> Reading:
    """"today", "yesterday evening" (anchor - 1, TEV), "last night", "this morning"."""
    word = " ".join((match["word"] or "").lower().split())
    part = (match["part"] or match["part2"] or "").lower()
    offset = _DAY_OFFSETS.get(word, 0)
    if match["this"] and match["this"].lower() == "last":
        offset = -1
    if word == "tonight":
        part = "night"
    day = ctx.anchor and ctx.anchor + dt.timedelta(days=offset)
    if part:
        return timed(day, "T" + DAY_PARTS[part])
    return dated(day, "day")


def _read_weekday(match: re.Match[str], ctx: Context) -> Reading:
    """"on Thursday": the nearest Thursday in the tense's direction, today included."""
    weekday = weekday_number(match["wd"])
    rel = " ".join((match["rel"] or "").lower().split())
    base = ctx.base(anaphoric=_anaphoric(rel), granularity="week") if rel else ctx.anchor
    day: dt.date | None = None
    if base is not None:
        step = _step(rel)
        if step < 0:
            day = weekday_near(base - dt.timedelta(days=1), weekday, "past")
        elif step > 0:
            day = weekday_near(base + dt.timedelta(days=1), weekday, "future")
        elif rel == "this":
            day = weekday_near(base, weekday, ctx.direction(match, "future"))
        else:
            day = weekday_near(base, weekday, ctx.direction(match, WEEKDAY_DEFAULT))
    part = (match["part"] or "").lower()
    if part:
        return timed(day, "T" + DAY_PARTS[part])
    return dated(day, "day")


def _read_anaphoric_day(match: re.Match[str], ctx: Context) -> Reading:
    """"the next day", "that same day", "the following morning": from the last day the
    text mentioned (the anchor if none)."""
    base = ctx.base(anaphoric=True, granularity="day")
    day = base and base + dt.timedelta(days=_step(match["rel"]))
    part = match["unit"].lower()
    if part != "day":
        return replace(timed(day, "T" + DAY_PARTS[part]), derived=True)
    return replace(dated(day, "day"), derived=True)


# -- this week, last month, earlier this year ------------------------------------------------


def _relative_unit_ok(match: re.Match[str], text: str) -> bool:
    """Bare "the year" is too vague; "the end of the year" and "the weekend" are not."""
    return (bool(match["edge"]) or match["rel"].lower() != "the"
            or match["unit"].lower() == "weekend")


def _read_relative_unit(match: re.Match[str], ctx: Context) -> Reading:
    rel = " ".join(match["rel"].lower().split())
    unit = match["unit"].lower()
    granularity: Granularity = "week" if unit == "weekend" else unit  # type: ignore[assignment]
    anaphoric = _anaphoric(rel)
    base = ctx.base(anaphoric, granularity)
    step = _step(rel)
    if unit == "weekend":
        return replace(_weekend(base, step, ctx.direction(match, "nearest")), derived=anaphoric)
    return replace(dated(base and shift(base, unit, step), granularity), derived=anaphoric)


def _weekend(base: dt.date | None, step: int, direction: Direction) -> Reading:
    """The weekend (YYYY-Www-WE) nearest `base`, or the one before/after it."""
    if base is None:
        return Reading("DATE", None, "week")
    if step < 0:
        saturday = weekday_near(base - dt.timedelta(days=max(1, base.weekday() - 4)), 5,
                                "past")
    elif step > 0:
        saturday = weekday_near(base + dt.timedelta(days=1), 5, "future")
    else:
        saturday = weekday_near(base, 5, direction)
        if base.weekday() == 6:  # on a Sunday "this weekend" is the one ending today
            saturday = base - dt.timedelta(days=1)
    return Reading("DATE", fmt(saturday, "week") + "-WE", "week")


# -- two days ago, a week earlier -----------------------------------------------------------


def _ago_ok(match: re.Match[str], text: str) -> bool:
    """"before"/"after" end an expression only when nothing follows ("a week before,");
    "two days before the vote" is a duration and a signal."""
    if match["dir"].lower() in ("before", "after"):
        return not re.match(r"\s*\w", next_text(text, match.end()))
    return True


def _read_ago(match: re.Match[str], ctx: Context) -> Reading:
    """"two days ago" counts back from the anchor; "a week earlier" from the last date the
    text mentioned; the result has the unit's granularity ("six weeks ago" -> a week)."""
    direction = " ".join(match["dir"].lower().split())
    backwards = direction in ("ago", "earlier", "back", "before")
    anaphoric = direction in ("earlier", "later", "before", "after")
    count = parse_number(match["num"])
    if count is None:
        return Reading("DATE", "PAST_REF" if backwards else "FUTURE_REF", None)
    word = unit_word(match["unit"])
    count *= UNIT_FACTOR.get(word, 1)
    unit = {"fortnight": "week", "decade": "year", "century": "year"}.get(word, word)
    if unit in ("second", "minute", "hour"):  # the clock time is unknown, the day is not
        base = ctx.base(anaphoric)
        return Reading("TIME", base and plain_date(base).isoformat(), "day")
    if count.denominator != 1 and unit in ("year", "quarter", "month"):
        count, unit = count * {"year": 12, "quarter": 3, "month": 1}[unit], "month"
    reference, granularity = _counted_from(ctx, unit, anaphoric)
    base = reference[0] if reference is not None else ctx.anchor
    if base is None:
        return Reading("DATE", None, granularity)
    sign = -1 if backwards else 1
    if unit == "week":
        day = base + dt.timedelta(days=sign * int(count * 7))
    else:
        day = shift(base, unit, sign * int(count))
    return replace(dated(day, granularity), derived=reference is not None)


def _counted_from(ctx: Context, unit: str, anaphoric: bool
                  ) -> tuple[tuple[dt.date, Granularity] | None, Granularity]:
    """The reference point an "ago/earlier" expression counts from (None: the anchor), and
    the granularity of its result."""
    granularity: Granularity = unit  # type: ignore[assignment]
    reference = ctx.reference if anaphoric else None
    if unit == "year" and ctx.reference is not None and ctx.reference[1] == "quarter":
        reference = ctx.reference  # a quarterly report compares with the same quarter
    if reference is None or coarser(reference[1], granularity) != granularity:
        return None, granularity  # "a week earlier" than a year: count from the anchor
    if unit == "year" and reference[1] in ("quarter", "month", "season"):
        return reference, reference[1]  # "a year earlier" than a quarter is that quarter
    if unit == "week" and reference[1] == "day":
        return reference, "day"  # "a week earlier" than January 5 is December 29
    return reference, granularity


def _read_year_earlier(match: re.Match[str], ctx: Context) -> Reading:
    """"year-earlier" results, "the year-ago period": the period the text just reported
    (a quarter, a month), a year back; else the year before the anchor."""
    reference = ctx.reference
    if reference is not None and reference[1] in ("quarter", "month", "season"):
        return replace(dated(shift(reference[0], "year", -1), reference[1]), derived=True)
    return dated(ctx.anchor and shift(ctx.anchor, "year", -1), "year")


# -- quarters and halves ----------------------------------------------------------------------

_QUARTER_MODS = (r"fiscal|calendar|latest|current|year-ago|year-earlier|year\s+ago|"
                 r"year\s+earlier|comparable|same|previous|prior|past|recent|just-ended|"
                 r"just\s+ended|second-half|first-half")


def _quarter_ok(match: re.Match[str], text: str) -> bool:
    """A quarter needs an ordinal or a determiner, and is not "of" something but a year."""
    year = match["year"] or match["year_b"]
    if not year and re.match(r"\s+of\s+(?!(?:the|this|last|next)\s+year|\d{4})",
                             next_text(text, match.end())):
        return False  # "the second half of the match", "a quarter of the votes"
    if match["unit"].lower() == "period":  # "the latest period": a reporting period
        return bool(re.search(r"latest|current|comparable|same", match["mods"] or "", re.I))
    if match["unit"].lower().startswith("half"):
        return bool(match["ord"]) and bool(match["det"] or year)
    return bool(match["ord"] or match["det"] or match["mods"] or match["yr"])


def _read_quarter(match: re.Match[str], ctx: Context) -> Reading:
    """"the third quarter" (of the anchor's year, unless the tense says otherwise),
    "the latest quarter" (the last one complete), "the year-ago quarter"."""
    half = match["unit"].lower().startswith("half")
    months = 6 if half else 3
    ordinal = (match["ord"] or "").lower()
    mods = " ".join((match["mods"] or "").lower().replace("-", " ").split())
    det = (match["det"] or "").lower()
    year_word = (match["yr"] or "").lower()
    number = ORDINALS.get(ordinal)
    if number and half and number > 2:
        number = None
    base = ctx.anchor
    granularity: Granularity | None = None if half else "quarter"
    explicit = match["year"] or match["year_b"]
    if explicit or re.match(r"\d{4}", year_word):
        year = int(explicit or year_word[:4])
        if number is None:  # "the 1988 quarter": the quarter being reported, in 1988
            if base is None:
                return Reading("DATE", None, granularity)
            number = (shift(base, "month", -months).month - 1) // months + 1
        return Reading("DATE", f"{year:04d}-{'H' if half else 'Q'}{number}", granularity)
    if base is None:
        return Reading("DATE", None, granularity)
    if number is None:
        if det in ("this",) or "current" in mods:
            day = base
        elif det == "next":
            day = shift(base, "month", months)
        elif det == "that" or "same" in mods:
            day = ctx.base(anaphoric=True, granularity="quarter") or base
        else:  # "the quarter", "last quarter", "the latest quarter": the last one complete
            day = shift(base, "month", -months)
    elif year_word:
        day = dt.date(base.year, (number - 1) * months + 1, 1)
    else:
        day = _nearest_period(ctx, match, base, number, months)
    if year_word.startswith("last"):
        day = shift(day, "year", -1)
    elif year_word.startswith("next"):
        day = shift(day, "year", 1)
    if "year ago" in mods or "year earlier" in mods:
        day = shift(day, "year", -1)
    if half:
        return Reading("DATE", f"{day.year:04d}-H{(day.month - 1) // 6 + 1}", None)
    return dated(day, "quarter")


def _nearest_period(ctx: Context, match: re.Match[str], base: dt.date, number: int,
                    months: int) -> dt.date:
    """The quarter (or half) `number` nearest the anchor's own: "third-quarter" in November
    is this year's, "fourth-quarter" in February last year's. In a past-tense sentence it
    has begun; a tie goes the tense's way (the past by default: results are reported after
    the period, so a future tense does not make the quarter a future one)."""
    here = dt.date(base.year, (base.month - 1) // months * months + 1, 1)
    candidates = [dt.date(base.year + k, (number - 1) * months + 1, 1) for k in (-1, 0, 1)]
    direction = ctx.direction(match, "past")
    if direction == "past":  # a period reported in the past tense has begun
        candidates = [day for day in candidates if day <= here]
    lean = 1 if direction == "future" else -1

    def distance(day: dt.date) -> tuple[int, int]:
        gap = (day.year - here.year) * 12 + day.month - here.month
        return abs(gap), -lean * gap

    return min(candidates, key=distance)


# -- seasons ----------------------------------------------------------------------------------


def _season_ok(match: re.Match[str], text: str) -> bool:
    """"spring" and "fall" are also verbs: a season needs a year or a determiner."""
    rel = " ".join((match["rel"] or "").lower().split())
    if match["year"] or (rel and rel != "the"):
        return True
    if rel == "the":
        return previous_word(text, match.start()) in ("in", "during", "by", "until", "over",
                                                      "through", "since", "this", "that")
    return False


def _read_season(match: re.Match[str], ctx: Context) -> Reading:
    code = SEASONS[match["season"].lower()]
    if match["year"]:
        return Reading("DATE", f"{match['year']}-{code}", "season")
    rel = " ".join((match["rel"] or "").lower().split())
    base = ctx.base(anaphoric=_anaphoric(rel), granularity="year")
    if base is None:
        return Reading("DATE", None, "season")
    step = _step(rel)
    direction: Direction = ("past" if step < 0 else "future" if step > 0
                            else ctx.direction(match, "nearest"))
    if step:
        # The same season last/next time round, never the current one.
        here = period_start(base, "season")
        base = shift(here, "month", 3 * step)
    elif rel.startswith("this"):
        direction = "nearest"  # "this summer" in January is the coming one
    day = period_near(base, SEASON_MONTH[code], "season", direction)
    return dated(day, "season")


RULES: tuple[Rule, ...] = (
    rule("day_word",
         r"(?i:(?:(?P<edge>early|late|earlier|later)\s+)?(?:(?P<word>today|tonight|tomorrow|"
         r"yesterday|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
         rf"(?:\s+(?P<part>{_PART}))?|(?P<this>this|last)\s+(?P<part2>{_PART})))(?![\w])",
         _read_day_word, _day_word_ok),
    rule("weekday",
         r"(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|early|late|"
         r"the\s+following|the\s+previous|the\s+next))\s+)?"
         rf"(?P<wd>{WEEKDAY})(?:\s+(?P<part>{_PART}))?(?![\w])", _read_weekday),
    rule("anaphoric_day",
         r"(?i:(?P<rel>that\s+same|that|the\s+same|the\s+next|the\s+following|the\s+previous|"
         rf"the\s+preceding)\s+(?P<unit>day|{_PARTS}))(?![\w-])", _read_anaphoric_day),
    rule("relative_unit",
         r"(?i:(?:(?P<edge>early|late|earlier|later|mid|(?:the\s+)?(?:end|beginning|start|"
         r"middle|rest|close|turn)\s+of)[\s-]+(?:in\s+)?)?"
         r"(?P<rel>this\s+past|this\s+coming|this|last|next|past|previous|coming|current|"
         r"that|the\s+(?:past|previous|last|coming|next|following|current|same|latest|prior|"
         r"preceding)|the)\s+(?P<unit>week|weekend|month|year|decade|century))(?![\w-])",
         _read_relative_unit, _relative_unit_ok),
    rule("ago",
         rf"(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUMBER}|{VAGUE})[\s-]+(?P<unit>{UNIT})"
         r"(?:\s+or\s+so)?\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|back|before|after))(?![\w])",
         _read_ago, _ago_ok),
    rule("year_earlier",
         r"(?i:(?:the\s+)?(?:comparable\s+)?year[\s-](?:earlier|ago)\s+period|"
         r"year-earlier|year-ago)(?![\w-])", _read_year_earlier),
    rule("quarter",
         r"(?i:(?:(?P<det>the|its|their|this|last|next|that)\s+)?"
         r"(?:(?P<yr>this\s+year's|last\s+year's|next\s+year's|(?-i:\d{4})(?:'s)?)\s+)?"
         rf"(?P<mods>(?:(?:{_QUARTER_MODS})[\s-]+)*)"
         r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)?[\s-]*"
         r"(?P<unit>quarter|half|period)(?![\w-])"
         rf"(?:\s+of\s+(?:(?-i:(?P<year>{YEAR4}))|(?:the|this)\s+year)|,?\s+(?P<year_b>(?-i:{YEAR4})))?)",
         _read_quarter, _quarter_ok),
    rule("season",
         r"(?:(?P<rel>(?i:this\s+past|this\s+coming|this|last|next|that|the\s+coming|"
         r"the\s+past|the|early|late|mid))[\s-]+)*"
         rf"(?P<season>{SEASON})(?![\w-])(?:\s+(?:of\s+)?(?P<year>{YEAR4}))?",
         _read_season, _season_ok),
)
