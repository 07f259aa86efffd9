"""One figure: an optional sign and currency, a number, its scale word and its unit
("-5°C", "$1.2bn", "USD 300", "2.5 thousand", "4.5 per cent", "a 10-day", "twofold").

A figure knows nothing of hedges, ranges or counted nouns (phrases adds those); it does
turn away what only looks like a number: ordinals ("21st"), decades ("1990s"), codes
("5G", "737MAX") and "3-member"-style compounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from storyline.quantities.base import QuantityKind
from storyline.quantities.lexicon import (
    ATTACHED_SCALES,
    ATTACHED_UNITS,
    COMPARATIVES,
    COMPOUND_UNITS,
    CURRENCY_AFTER_SCALE,
    CURRENCY_CODES,
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    FOLD_SUFFIX,
    MEASURE_UNITS,
    NOT_COMPARATIVES,
    PERCENT_UNITS,
    SCALES,
    WORD_SCALES,
)
from storyline.quantities.nouns import head_noun
from storyline.quantities.numbers import Number, read_digits, read_words, word_value
from storyline.quantities.tokens import Token

V = TypeVar("V")
_ONE = Decimal(1)
_SIGNS = {"-": -1, "−": -1, "+": 1}
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# What may follow "N-" in one compound besides a unit: "a 45-year-old", "a day-long".
_COMPOUND_TAILS = frozenset({"old", "long"})


class PhraseTable(Generic[V]):
    """Lowercase token sequences mapped to values, matched longest first."""

    def __init__(self, entries: dict[tuple[str, ...], V]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for key, value in sorted(entries.items(), key=lambda item: -len(item[0])):
            self._by_first.setdefault(key[0], []).append((key, value))
        self.first_words = frozenset(self._by_first)

    def match(self, tokens: Sequence[Token], k: int) -> tuple[V, int] | None:
        """(value, index of the last token) of the longest entry starting at token `k`."""
        if k >= len(tokens):
            return None
        for key, value in self._by_first.get(tokens[k].lower, ()):
            end = k + len(key)
            if end <= len(tokens) and all(
                    tokens[k + m].lower == key[m] and "\n\n" not in tokens[k + m].gap
                    for m in range(1, len(key))):
                return value, end - 1
        return None


_PREFIXES = PhraseTable(CURRENCY_PREFIXES)
_CURRENCY_WORDS = PhraseTable(CURRENCY_WORDS)
_AFTER_SCALE = PhraseTable(CURRENCY_AFTER_SCALE)
_PERCENT = PhraseTable(PERCENT_UNITS)
_MEASURES = PhraseTable(MEASURE_UNITS)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its sign, scale and unit, read from tokens `first` to `last`.

    `value` and `step` are in the unit as written; `factor` converts them to the
    normalised unit (cents to dollars, basis points to percentage points). `raw` is the
    number before its scale word, which a range compares to decide whether its first end
    shares the second's scale ("2-3 million"). `plain` marks bare digits (a candidate
    year, label or list marker); `strong` a "2,030-strong" compound (its noun is singular).
    """

    first: int
    last: int
    value: Decimal
    step: Decimal
    raw: Decimal
    scale: Decimal | None
    scaled: bool
    kind: QuantityKind
    unit: str | None
    factor: Decimal = _ONE
    plain: bool = False
    words: bool = False
    strong: bool = False

    @property
    def normalised(self) -> Decimal:
        return self.value * self.factor


@dataclass(frozen=True, slots=True)
class NotQuantity:
    """Tokens up to `last` that look like a number but are not a quantity."""

    last: int


def read_figure(tokens: Sequence[Token], i: int) -> Figure | NotQuantity | None:
    """The figure starting at token `i`, NotQuantity for a look-alike, None for neither."""
    n = len(tokens)
    j, sign, currency = i, 1, None
    token = tokens[j]
    if (token.text in _SIGNS and j + 1 < n and tokens[j + 1].kind == "num"
            and tokens[j + 1].attached and (j == 0 or not token.attached
                                             or tokens[j - 1].text in "([")):
        sign, j = _SIGNS[token.text], j + 1
    elif token.lower == "minus" and j + 1 < n:
        sign, j = -1, j + 1
    prefix = _PREFIXES.match(tokens, j)
    if prefix is not None and all(t.attached for t in tokens[j + 1:prefix[1] + 1]):
        currency, j = prefix[0], prefix[1] + 1
    elif tokens[j].text in CURRENCY_CODES and j + 1 < n and tokens[j + 1].kind == "num":
        currency, j = tokens[j].text, j + 1
    if j >= n:
        return None
    if tokens[j].kind == "word" and ("-" in tokens[j].lower or
                                     tokens[j].lower.endswith(FOLD_SUFFIX)):
        compound = _word_compound(tokens, i, j)
        if compound is not None:
            return compound
    number = read_digits(tokens, j) or read_words(tokens, j)
    if number is None:
        return None
    return _after_number(tokens, i, number, sign, currency)


def _after_number(tokens: Sequence[Token], i: int, number: Number, sign: int,
                  currency: str | None) -> Figure | NotQuantity | None:
    """Scale, unit and compound after the number itself."""
    n = len(tokens)
    last, scale, unit, factor = number.last, None, currency, _ONE
    kind: QuantityKind = "count" if currency is None else "money"
    following = tokens[last + 1] if last + 1 < n else None
    if following is not None and following.kind == "word" and following.attached:
        if number.words:
            return None
        suffix = following.lower
        if suffix in ATTACHED_SCALES:
            scale, last = ATTACHED_SCALES[suffix], last + 1
        elif suffix == "m":
            if _million(tokens, last + 1, currency):
                scale, last = SCALES["mn"], last + 1
            else:
                kind, unit, last = "measure", "m", last + 1
        elif suffix == "b" and currency is not None:
            scale, last = SCALES["bn"], last + 1
        elif suffix in _ORDINAL_SUFFIXES or suffix == "s":
            return NotQuantity(last + 1)
        elif suffix == "x" or suffix == FOLD_SUFFIX:
            kind, last = "ratio", last + 1
        elif suffix not in ATTACHED_UNITS:
            return NotQuantity(last + 1)
    elif (following is not None and following.kind == "word" and not number.scaled
          and following.lower in SCALES and "\n\n" not in following.gap):
        scale, last = SCALES[following.lower], last + 1
    if number.decimal_comma and scale is None:
        return None
    value, step = number.value * (scale or _ONE), number.step * (scale or _ONE)
    strong = False
    if kind == "count" and currency is None:
        found = read_unit(tokens, last + 1, scaled=scale is not None or number.scaled)
        if found is not None:
            kind, unit, factor, last = found
        else:
            compound = _compound(tokens, last)
            if isinstance(compound, NotQuantity):
                return compound
            if compound is not None:
                kind, unit, last, strong = compound
            elif _times_ratio(tokens, last + 1):
                kind, last = "ratio", last + 1
    return Figure(first=i, last=last, value=sign * value, step=step, raw=number.value,
                  scale=scale, scaled=scale is not None or number.scaled, kind=kind,
                  unit=unit, factor=factor, words=number.words, strong=strong,
                  plain=number.plain and scale is None and unit is None and sign == 1
                  and kind == "count" and i == number.last)


def _million(tokens: Sequence[Token], k: int, currency: str | None) -> bool:
    """Whether an attached "m" is million ("$5m", "5m euros", "5m people"), not metres."""
    if currency is not None:
        return True
    return (_CURRENCY_WORDS.match(tokens, k + 1) is not None
            or head_noun(tokens, k + 1, single=False) is not None)


def read_unit(tokens: Sequence[Token], k: int,
          scaled: bool) -> tuple[QuantityKind, str, Decimal, int] | None:
    """(kind, unit, factor, last token) of a unit or currency at token `k`."""
    if k >= len(tokens) or "\n\n" in tokens[k].gap:
        return None
    if scaled and (found := _AFTER_SCALE.match(tokens, k)) is not None:
        return "money", found[0], _ONE, found[1]
    if (money := _CURRENCY_WORDS.match(tokens, k)) is not None:
        return "money", money[0][0], money[0][1], money[1]
    if tokens[k].text in CURRENCY_CODES and "\n" not in tokens[k].gap:
        return "money", tokens[k].text, _ONE, k
    if (percent := _PERCENT.match(tokens, k)) is not None:
        return "percent", percent[0][0], percent[0][1], percent[1]
    if (measure := _MEASURES.match(tokens, k)) is not None:
        return "measure", measure[0][0], measure[0][1], measure[1]
    return None


def _compound(tokens: Sequence[Token],
              last: int) -> tuple[QuantityKind, str | None, int, bool] | NotQuantity | None:
    """"10-day", "45-year-old", "2-fold", "2,030-strong" after the number at `last`."""
    if last + 2 >= len(tokens):
        return None
    hyphen, word = tokens[last + 1], tokens[last + 2]
    if hyphen.text != "-" or not hyphen.attached or not word.attached or word.kind != "word":
        return None
    parts = word.lower.split("-")
    if word.lower == FOLD_SUFFIX:
        return "ratio", None, last + 2, False
    if parts[0] in COMPOUND_UNITS and all(p in _COMPOUND_TAILS for p in parts[1:]):
        return "measure", COMPOUND_UNITS[parts[0]], last + 2, False
    if word.lower == "strong":
        return "count", None, last + 2, True
    if word.lower in ("odd", "plus"):
        return None  # a hedge after the number: phrases reads it
    return NotQuantity(last + 2)


def _word_compound(tokens: Sequence[Token], i: int, j: int) -> Figure | None:
    """One hyphenated or -fold word: "twofold", "two-fold", "two-day", "three-year-old"."""
    word = tokens[j].lower
    if word.endswith(FOLD_SUFFIX):
        head = word[: -len(FOLD_SUFFIX)].rstrip("-")
        single = word_value(head)
        value = Decimal(single[0]) if single else WORD_SCALES.get(head)
        if value is None:
            return None
        return Figure(first=i, last=j, value=value, step=_ONE, raw=value, scale=None,
                      scaled=False, kind="ratio", unit=None, words=True)
    parts = word.split("-")
    for split in (2, 1):
        single = word_value("-".join(parts[:split]))
        rest = parts[split:]
        if single is None or not rest:
            continue
        if rest[0] in COMPOUND_UNITS and all(p in _COMPOUND_TAILS for p in rest[1:]):
            value = Decimal(single[0])
            return Figure(first=i, last=j, value=value, step=_ONE, raw=value, scale=None,
                          scaled=False, kind="measure", unit=COMPOUND_UNITS[rest[0]],
                          words=True)
    return None


def _times_ratio(tokens: Sequence[Token], k: int) -> bool:
    """"three times more", "2.5 times higher", "four times the size": a ratio."""
    return k < len(tokens) and tokens[k].lower == "times" and comparative_at(tokens, k + 1)


def comparative_at(tokens: Sequence[Token], k: int) -> bool:
    """Whether token `k` makes the multiplier before it a ratio ("more", "as", "higher")."""
    if k >= len(tokens):
        return False
    after = tokens[k].lower
    return after in COMPARATIVES or (after.endswith("er") and len(after) > 4
                                     and after not in NOT_COMPARATIVES)
