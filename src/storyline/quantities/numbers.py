"""Numbers written in digits ("2,500", "2 500", "2.5") or words ("twenty-five", "a hundred",
"two and a half million"), read exactly as decimals, with the step of their last digit.

The step is what rounding works with: "2.5 thousand" is written to the hundred (step 100),
so it stands for anything from 2,450 to 2,550; "2,030" is written to the unit (step 1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from storyline.quantities.lexicon import SMALL, TENS, WORD_SCALES
from storyline.quantities.tokens import Token

_COMMA_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
# "2,5 thousand": a decimal comma, read only before a scale word (phrases checks that).
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_GROUP = re.compile(r"\d{3}")
_LAST_GROUP = re.compile(r"\d{3}(?:\.\d+)?")
_LEAD_GROUP = re.compile(r"\d{1,3}")
# Spaces that separate thousands groups ("2 500", "2\u202f500"), never a newline.
_GROUP_SPACES = frozenset({" ", "\u00a0", "\u202f", "\u2009"})
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written: its value, the step of its last digit, and where it ends.

    `scaled` says the number ends in a scale word ("two million"); `plain` that it is
    bare digits without separators or decimals (a candidate year, label or list marker);
    `decimal_comma` that it was read from "2,5" (valid only before a scale word).
    """

    value: Decimal
    step: Decimal
    last: int
    scaled: bool = False
    plain: bool = False
    decimal_comma: bool = False
    words: bool = False


def read_digits(tokens: Sequence[Token], i: int) -> Number | None:
    """The number in digits starting at token `i`, joining space-separated thousands."""
    token = tokens[i]
    if token.kind != "num" or token.blocked:
        return None
    text = token.text
    if _DECIMAL_COMMA.fullmatch(text) and not _COMMA_THOUSANDS.fullmatch(text):
        whole, fraction = text.split(",")
        return Number(Decimal(f"{whole}.{fraction}"), Decimal(10) ** -len(fraction), i,
                      decimal_comma=True)
    if _LEAD_GROUP.fullmatch(text):
        joined = _spaced_groups(tokens, i)
        if joined is not None:
            last, digits = joined
            return Number(Decimal(digits), _step(digits), last)
    if not (_COMMA_THOUSANDS.fullmatch(text) or _PLAIN.fullmatch(text)):
        return None
    digits = text.replace(",", "")
    return Number(Decimal(digits), _step(digits), i, plain=digits.isdigit() and "," not in text)


def _spaced_groups(tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
    """"2 500 000": a 1-3 digit group followed by 3-digit groups one space apart."""
    digits, j = tokens[i].text, i
    while j + 1 < len(tokens):
        following = tokens[j + 1]
        if (following.kind != "num" or following.blocked
                or following.gap not in _GROUP_SPACES
                or not _LAST_GROUP.fullmatch(following.text)):
            break
        digits += following.text
        j += 1
        if not _GROUP.fullmatch(following.text):  # a decimal part ends the number
            break
    return (j, digits) if j > i else None


def _step(digits: str) -> Decimal:
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(10) ** -decimals


def last_nonzero_step(value: Decimal) -> Decimal:
    """The place of the last non-zero digit: 2000 -> 1000, 2500 -> 100, 0.25 -> 0.01."""
    if value == 0:
        return _ONE
    exponent = abs(value).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(10) ** exponent


def word_value(word: str) -> tuple[int, int] | None:
    """(value, step) of one number word: "five" (5, 1), "twenty" (20, 10), "twenty-five"."""
    if word in SMALL:
        return SMALL[word], 1
    if word in TENS:
        return TENS[word], 10
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in SMALL and 0 < SMALL[unit] < 10:
        return TENS[tens] + SMALL[unit], 1
    return None


def read_words(tokens: Sequence[Token], i: int) -> Number | None:
    """The longest number in words starting at token `i` ("two and a half million")."""
    total, current, step = Decimal(0), None, _ONE
    best: Number | None = None
    j, n = i, len(tokens)
    scaled = False

    def word(k: int) -> str:
        return tokens[k].lower if k < n and tokens[k].kind == "word" else ""

    while j < n and (j == i or "\n\n" not in tokens[j].gap):
        w = word(j)
        single = word_value(w) if w else None
        if single is not None:
            tens_then_unit = (current is not None and current % 100 in TENS.values()
                              and step == 10 and single[0] < 10)
            after_hundred = word(j - 1) in ("hundred", "and") and single[0] < 100
            if current is not None and not (tens_then_unit or after_hundred):
                break
            current = (current or Decimal(0)) + single[0]
            step, scaled = Decimal(single[1]), False
        elif w in ("a", "an") and current is None and total == 0 and j == i and (
                word(j + 1) in WORD_SCALES or word(j + 1) == "dozen"):
            current, step = _ONE, _ONE
            j += 1
            continue
        elif w == "half" and current is None and total == 0 and j == i and word(j + 1) in (
                "a", "an") and (word(j + 2) in WORD_SCALES or word(j + 2) == "dozen"):
            current, step = Decimal("0.5"), Decimal("0.5")
            j += 2
            continue
        elif w == "and" and current is not None and word(j + 1) == "a" and word(j + 2) == "half":
            current += Decimal("0.5")
            step, scaled = Decimal("0.5"), False
            j += 2
        elif w == "and" and best is not None and word_value(word(j + 1)) is not None and (
                word(j - 1) in WORD_SCALES):
            j += 1
            continue
        elif w == "hundred" and current is not None and current < 100:
            current *= 100
            step = Decimal(100)
        elif w == "dozen" and current is not None and current < 100:
            current *= 12
            step = Decimal(12)
        elif w in WORD_SCALES and w != "hundred" and current is not None:
            scale = WORD_SCALES[w]
            total += current * scale
            step, scaled, current = step * scale, True, None
        else:
            break
        best = Number(total + (current or 0), step, j, scaled=scaled, words=True)
        j += 1
    return best
