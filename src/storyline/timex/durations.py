"""Durations: "within ten days" (P10D), "two and a half years" (P30M), "the past three
years" (P3Y), "a 10-day truce" (P10D), "several weeks" (PXW), "for a short period" (PXX).

The preposition ("within", "for") stays outside the extent, as TIMEX3 wants; an
approximation ("nearly two years") stays inside.
"""

from __future__ import annotations

import re
from fractions import Fraction

from storyline.timex.base import Context, Reading, Rule, next_text, previous_word, rule
from storyline.timex.lexicon import (
    APPROX,
    NUMBER,
    TIME_UNITS,
    UNIT,
    UNIT_FACTOR,
    UNITS,
    VAGUE,
    parse_number,
    unit_word,
)

# A fractional count puts its remainder in the next smaller unit where that is exact
# ("two and a half years" P2Y6M, "5 1/2 hours" PT5H30M, "half a day" PT12H); elsewhere it
# stays a decimal ("1.5 weeks" P1.5W).
_SPLIT: dict[str, tuple[str, int]] = {
    "year": ("month", 12), "day": ("hour", 24), "hour": ("minute", 60),
    "minute": ("second", 60),
}
# Vague multiples of decades and centuries keep their unit, as TimeBank writes them
# ("decades" PXE, "centuries" PXC); counted ones are years ("two decades" P20Y).
_VAGUE_CODE = {"decade": "E", "century": "C"}


def duration_value(count: Fraction | None, word: str) -> str:
    """The TIMEX3 value of `count` `word`s ("day" -> P{n}D, "hour" -> PT{n}H); X if vague."""
    if count is None:
        code = _VAGUE_CODE.get(word, UNITS[word])
        return f"PTX{code}" if word in TIME_UNITS else f"PX{code}"
    count *= UNIT_FACTOR.get(word, 1)
    word = "year" if word in UNIT_FACTOR and word != "fortnight" else word
    word = "week" if word == "fortnight" else word
    whole, rest = int(count), count - int(count)
    pieces = [(str(whole), word)] if whole or not rest else []
    if rest:
        smaller, factor = _SPLIT.get(word, ("", 0))
        if factor and (rest * factor).denominator == 1:
            pieces.append((str(int(rest * factor)), smaller))
        else:
            pieces = [(f"{float(count):g}", word)]
    date = "".join(n + UNITS[w] for n, w in pieces if w not in TIME_UNITS)
    time = "".join(n + UNITS[w] for n, w in pieces if w in TIME_UNITS)
    return "P" + date + ("T" + time if time else "")


_PER_WORDS = frozenset("miles kilometers kilometres km mph per million billion thousand hundred "
                       "percent dollars cents euros pounds barrels tons tonnes".split())


# A count and its noun right before "a week": "four flights a week", "24 hours a day".
_COUNTED_BEFORE = re.compile(r"(?i:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                             r"dozen|hundred|thousand|million|billion))\S*\s+[a-z]+\s+$")


def _duration_ok(match: re.Match[str], text: str) -> bool:
    """Not "a second" (an ordinal), not an age ("three years old"), not a fraction ("a
    quarter of"), not a speed ("60 miles an hour")."""
    number = " ".join(match["num"].lower().split())
    word = unit_word(match["unit"])
    after = next_text(text, match.end())
    if word == "second" and number in ("a", "an"):
        return False
    if re.match(r"[\s-]+old\b", after):
        return False
    if match.group()[:1].isupper() and match["unit"][:1].isupper() and re.match(
            r"[\s'’s]*[A-Z][a-z]", after):  # a name: "the Six-Day War", "Hundred Years' War"
        return False
    if word == "quarter" and (number in ("a", "an") or re.match(r"\s+of\b", after)):
        return False
    if number not in ("a", "an"):
        return True
    # "60 miles an hour", "$500 a year", "four flights a week": rates, not durations
    before = previous_word(text, match.start())
    return not (any(c.isdigit() for c in before) or before in _PER_WORDS
                or _COUNTED_BEFORE.search(text, max(0, match.start() - 40), match.start()))


def _read_duration(match: re.Match[str], ctx: Context) -> Reading:
    """A count of units; a range ("two to three weeks") has no single count: PXW."""
    word = unit_word(match["unit"])
    count = None if match["low"] else parse_number(match["num"])
    if count is not None and match["half"]:
        count += Fraction(1, 2)
    return Reading("DURATION", duration_value(count, word), None)


def _plural_unit_ok(match: re.Match[str], text: str) -> bool:
    """Not the unit of a count a guard refused ("3 years old"), not an age, not part of a
    name ("the Hundred Years' War")."""
    after = next_text(text, match.end())
    if re.match(r"[\s-]+old\b", after):
        return False
    if match.group()[:1].isupper() and re.match(r"['’]?\s+[A-Z][a-z]", after):
        return False
    return not re.search(r"(?:\d|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten))"
                         r"[\s-]*$", text[max(0, match.start() - 12):match.start()])


def _read_plural_unit(match: re.Match[str], ctx: Context) -> Reading:
    return Reading("DURATION", duration_value(None, unit_word(match["unit"])), None)


def _read_vague_period(match: re.Match[str], ctx: Context) -> Reading:
    return Reading("DURATION", "PXX", None)


RULES: tuple[Rule, ...] = (
    rule("duration",
         rf"(?:(?P<approx>{APPROX})\s+)?(?:(?P<det>(?i:the|this|that|these|those|another))\s+)?"
         r"(?:(?P<rel>(?i:past|last|next|first|previous|coming|following|final|latest|"
         r"remaining|initial|same|other|entire|whole|full))\s+)?"
         rf"(?:(?P<low>{NUMBER})\s+(?i:to|or)\s+)?"
         rf"(?P<num>{NUMBER}|{VAGUE})(?:\s+(?i:more|additional|further|full|straight|"
         rf"consecutive|long|successive))?[\s-]+(?P<unit>{UNIT})"
         r"(?P<half>(?i:\s+and\s+a\s+half))?(?:(?i:\s+or\s+so|-plus))?"
         r"(?![\w-])", _read_duration, _duration_ok),
    rule("plural_unit",
         r"(?:(?i:past|last|next|first|early|final)\s+)?"
         r"(?P<unit>(?i:years|months|weeks|days|hours|minutes|decades|centuries))(?![\w-])",
         _read_plural_unit, _plural_unit_ok),
    rule("vague_period",
         r"(?i:(?:a\s+)?(?:short|long|brief|limited|extended|lengthy)\s+(?:period|time|while|"
         r"spell)(?:\s+of\s+time)?)(?![\w-])", _read_vague_period),
)
