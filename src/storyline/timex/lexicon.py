"""Words of English time expressions, as tables and regex fragments, plus number words.

Names (months, weekdays) are matched only capitalised or in capitals: "may rise", "we" and
"a march on" can then never become dates. Everything else is matched case-insensitively
through scoped `(?i:...)` groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
# Abbreviations (AP style and common ones); "May", "June", "July" have none.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}
# TIMEX3 parts of the day.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}
# Unit words -> TIMEX3 duration unit, and whether it is a time (PT..) unit.
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})
# How many TIMEX3 units one word stands for ("two decades" -> P20Y, as TimeBank writes it).
UNIT_FACTOR: dict[str, int] = {"fortnight": 2, "decade": 10, "century": 100}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Quantities without a number: "several years" is PXY.
VAGUE_QUANTIFIERS = ("several", "a few", "few", "many", "some", "a number of")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so that a prefix never wins."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def trie_alternation(words: Iterable[str]) -> str:
    """An alternation of `words` factored by shared prefixes ("jan|jul|jun" becomes
    "j(?:an|u(?:l|n))"): the regex engine then tries one branch per letter, not every word."""
    branches: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        branches.setdefault(word[:1], []).append(word[1:])
    ends = "" in branches
    parts = [re.escape(first) + trie_alternation(rests)
             for first, rests in branches.items() if first]
    if not parts:
        return ""
    body = "|".join(parts)
    if ends:
        return f"(?:{body})?"
    return body if len(parts) == 1 else f"(?:{body})"


def name_alternation(words: Iterable[str]) -> str:
    """Capitalised or all-capital forms only: proper names, never common words."""
    forms = [form(w) for w in words for form in (str.capitalize, str.upper)]
    return alternation(forms)


# -- regex fragments ---------------------------------------------------------------------------
MONTH_FULL = name_alternation(MONTHS)
MONTH_ABBR = rf"(?:{name_alternation(MONTH_ABBREVIATIONS)})\.?"
# Any month, in a date where a day or a year follows.
MONTH = rf"(?:{MONTH_FULL}|{MONTH_ABBR})(?![\w])"
# A month standing alone: full name, or abbreviation with its period.
MONTH_ALONE = rf"(?:{MONTH_FULL}|(?:{name_alternation(MONTH_ABBREVIATIONS)})\.)(?![\w])"
WEEKDAY = rf"(?:{name_alternation(WEEKDAYS)})(?![\w])"
WEEKDAY_ABBR = rf"(?:{name_alternation(WEEKDAY_ABBREVIATIONS)})\."
DAY_NUMBER = r"(?<![\w.,:/])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d]|[:.,]\d)"
YEAR4 = r"(?<![\d$£€,.])(?:1[0-9]\d\d|20\d\d)(?!\d|[.,]\d)"
DAY_PART = rf"(?i:{alternation(DAY_PARTS)})"
SEASON = rf"(?i:{alternation(SEASONS)})"
_DIGIT_WORDS = [word for word, value in _SMALL.items() if 0 < value < 10]
_NUMBER_WORD = (rf"(?:(?:{alternation(_TENS)})(?:[\s-]+(?:{alternation(_DIGIT_WORDS)}))?"
                rf"|{alternation(_SMALL)})")
NUMBER = (r"(?i:(?:\d{1,3}(?:,\d{3})+|\d+\s+[1-9]/[1-9]\d?|\d+(?:\.\d+)?|"
          rf"{_NUMBER_WORD}(?:\s+hundred)?|a\s+hundred|a\s+dozen|dozen|a\s+couple\s+of|"
          r"a\s+couple|half\s+an?|an?)(?:\s+and\s+a\s+half)?)")
VAGUE = rf"(?i:{alternation(VAGUE_QUANTIFIERS)})"
UNIT = (r"(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
        r"decades?|centur(?:y|ies))")
# Words that make a number approximate or bounded; TIMEX3 keeps them inside the extent
# ("nearly two years"), but only right before a number: "over the past year" is a preposition.
# "about" and "almost" are left outside, as the TempEval-3 training annotators mostly did
# (about: 2 inside, 9 outside; almost: 3 and 5).
_NUMBER_START = alternation([*_SMALL, *_TENS, "a", "an", "half"])
APPROX = (r"(?i:(?:around|approximately|nearly|roughly|some|more\s+than|"
          r"less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|"
          rf"well\s+over|just\s+over|just\s+under|over)(?=\s+(?:\d|(?:{_NUMBER_START})\b)))")


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation (with or without its period)."""
    key = word.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def weekday_number(word: str) -> int:
    """0 (Monday) to 6 for a weekday name or abbreviation."""
    key = word.rstrip(".").lower()
    key = key[:-1] if key.endswith("s") and key[:-1] in WEEKDAYS else key
    return WEEKDAYS.get(key, WEEKDAY_ABBREVIATIONS.get(key, -1))


def unit_word(word: str) -> str:
    """The singular unit word of "days", "Centuries", "fortnight"."""
    key = word.lower()
    if key == "centuries":
        return "century"
    return key[:-1] if key.endswith("s") and key[:-1] in UNITS else key


def parse_number(text: str) -> Fraction | None:
    """The value of a number phrase ("ten", "two and a half", "1,000", "a"); None if vague."""
    words = re.sub(r"[\s-]+", " ", text.strip().lower())
    half = Fraction(0)
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], Fraction(1, 2)
    if words in ("half a", "half an"):
        return Fraction(1, 2)
    if words in ("a", "an"):
        return Fraction(1) + half
    if words in ("a couple of", "a couple"):
        return Fraction(2) + half
    if words in ("a dozen", "dozen"):
        return Fraction(12) + half
    if words == "a hundred":
        return Fraction(100) + half
    mixed = re.fullmatch(r"(\d+) (\d+)/(\d+)", words)  # "5 1/2"
    if mixed:
        whole, numerator, denominator = (int(part) for part in mixed.groups())
        return whole + Fraction(numerator, denominator) + half
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", words):
        return Fraction(words.replace(",", "")) + half
    total = 0
    for word in words.split():
        if word in _SMALL:
            total += _SMALL[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return Fraction(total) + half
