"""Recurring times (TIMEX3 SET): "every Monday", "weekly", "twice a year", "on Mondays"."""

from __future__ import annotations

import re

from storyline.timex.base import Context, Reading, Rule, rule
from storyline.timex.lexicon import (
    DAY_PARTS,
    MONTH_FULL,
    NUMBER,
    SEASONS,
    WEEKDAYS,
    month_number,
    name_alternation,
    parse_number,
    weekday_number,
)

# Before a capitalised word an adverb is a newspaper ("the party daily Granma"), not a SET.
# "quarterly" is left out: in news it is mostly the adjective of a payment ("quarterly
# dividend") that TimeML does not tag (1 of 11 tagged in the TempEval-3 training data).
_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI", "biweekly": "P2W",
    "bimonthly": "P2M", "semiannually": "P6M", "semi-annually": "P6M",
}
_EVERY_UNITS = {"second": "PT{n}S", "minute": "PT{n}M", "hour": "PT{n}H", "day": "P{n}D",
                "week": "P{n}W", "month": "P{n}M", "quarter": "P{n}Q", "year": "P{n}Y",
                "decade": "P{n}0Y", "weekend": "XXXX-WXX-WE"}
_PLURAL_WEEKDAY = name_alternation(f"{day}s" for day in WEEKDAYS)
_WEEKDAY_NAME = name_alternation(WEEKDAYS)
_PARTS = "morning|afternoon|evening|night"
# A frequency right before "a year" makes it a SET ("twice a year", "three times a day");
# money rates ("$5 a day") are left out: the TempEval-3 training annotators tagged 4 of 13.
_RATE = re.compile(r"\b(?:twice|once|thrice|times)\s+$", re.IGNORECASE)


def _rate_ok(match: re.Match[str], text: str) -> bool:
    """"per year" always; "a year" only after a frequency ("twice a year")."""
    if match["per"].lower() == "per":
        return True
    return bool(_RATE.search(text[max(0, match.start() - 12):match.start()]))


def _weekday_set(weekday: int, part: str | None) -> str:
    value = f"XXXX-WXX-{weekday + 1}"
    return value + "T" + DAY_PARTS[part.lower().rstrip("s")] if part else value


def _read_every(match: re.Match[str], ctx: Context) -> Reading:
    unit = match["unit"].lower().rstrip("s")
    if unit in DAY_PARTS:
        return Reading("SET", "XXXX-XX-XXT" + DAY_PARTS[unit], None)
    if unit in SEASONS:
        return Reading("SET", "XXXX-" + SEASONS[unit], None)
    count = parse_number(match["num"]) if match["num"] else None
    number = int(count) if count is not None and count.denominator == 1 else 1
    if match["other"]:
        number *= 2
    return Reading("SET", _EVERY_UNITS[unit].format(n=number), None)


def _read_every_name(match: re.Match[str], ctx: Context) -> Reading:
    if match["wd"]:
        return Reading("SET", _weekday_set(weekday_number(match["wd"]), match["part"]), None)
    return Reading("SET", f"XXXX-{month_number(match['month']):02d}", None)


def _read_adverb(match: re.Match[str], ctx: Context) -> Reading:
    return Reading("SET", _ADVERBS[match.group(0).lower()], None)


def _read_rate(match: re.Match[str], ctx: Context) -> Reading:
    unit = match["unit"].lower()
    if unit == "night":
        return Reading("SET", "P1D", None)
    return Reading("SET", _EVERY_UNITS[unit].format(n=1), None)


def _read_plural_weekday(match: re.Match[str], ctx: Context) -> Reading:
    weekday = weekday_number(match["wd"] or match["wd1"])
    return Reading("SET", _weekday_set(weekday, match["part"] or match["part1"]), None)


RULES: tuple[Rule, ...] = (
    rule("every",
         r"(?i:(?:every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>" + NUMBER + r")\s+)?"
         r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|mornings?|afternoons?|evenings?|"
         r"weeks?|weekends?|months?|quarters?|years?|decades?|summers?|winters?|springs?|"
         r"falls?|autumns?))(?![\w-])", _read_every),
    rule("every_name",
         rf"(?i:every|each)\s+(?:(?P<wd>{_WEEKDAY_NAME})(?:\s+(?P<part>(?i:{_PARTS})))?"
         rf"|(?P<month>{MONTH_FULL}))(?![\w])", _read_every_name),
    rule("adverb", r"\b(?:" + "|".join(_ADVERBS) + r")\b(?!\s+[A-Z])", _read_adverb),
    rule("rate", r"(?i:(?P<per>per|a|an)\s+(?P<unit>day|night|week|month|year|hour|quarter))"
         r"(?![\w-])", _read_rate, _rate_ok),
    rule("plural_weekday",
         rf"(?P<wd>{_PLURAL_WEEKDAY})(?![\w])(?:\s+(?P<part>(?i:{_PARTS})s?))?"
         rf"|(?P<wd1>{_WEEKDAY_NAME})\s+(?P<part1>(?i:nights|mornings|evenings|afternoons))"
         r"(?![\w])", _read_plural_weekday),
)
