"""A whole quantity phrase at one token: hedge, figure or range or vague plural, counted
noun ("more than 2,000 Russian-led peacekeepers", "between 2,000 and 2,500 troops",
"thousands of people", "more than doubled"), plus the guards that turn away years
("in 2022", "2021-22"), labels ("Article 4", "Boeing 737"), list markers, sports scores
("a 3-1 win") and the pronoun "one" ("one of the", "no one").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from storyline.quantities.base import Quantity, QuantityKind, figure_bounds, vague_bounds
from storyline.quantities.figures import (
    Figure,
    NotQuantity,
    PhraseTable,
    comparative_at,
    read_figure,
    read_unit,
)
from storyline.quantities.lexicon import (
    CAPITALISED_OK,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CURRENCY_CODES,
    CURRENCY_PREFIXES,
    LABEL_WORDS,
    MAX_YEAR,
    MIN_YEAR,
    MODALS,
    MODIFIERS,
    RATIO_ADVERBS,
    RATIO_BASE_VERBS,
    RATIO_VERBS,
    SMALL,
    SUFFIX_MODIFIERS,
    TENS,
    TIME_UNITS,
    VAGUE_FEW,
    VAGUE_FEW_SCALES,
    VAGUE_NEED_OF,
    VAGUE_PLURALS,
    YEAR_CONTEXT,
    Hedge,
)
from storyline.quantities.nouns import head_noun, names_people, of_noun, singular
from storyline.quantities.tokens import Token
from storyline.timex.lexicon import MONTH_ABBREVIATIONS, MONTHS

_MODIFIERS = PhraseTable(MODIFIERS)
_SUFFIXES = PhraseTable(SUFFIX_MODIFIERS)
_FEW = PhraseTable(dict.fromkeys(VAGUE_FEW, True))
_FACTOR = PhraseTable({("a", "factor", "of"): True, ("factor", "of"): True})
_RANGE_SIGNS = frozenset({"-", "–", "—"})
_MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
# "one" is a pronoun after these ("no one", "the one", "each one").
_ONE_PRONOUN_BEFORE = frozenset(
    "no any every each the this that which another someone anyone everyone a only".split())
# How far back (tokens) a change verb makes "from X to Y" a change, not a range:
# "raised its deposit rate from 3.75% to 4%".
CHANGE_WINDOW = 5
_STARTER_SYMBOLS = frozenset("$€£¥₽₹₴₸₺₩~-−+")
_STARTER_WORDS = (_MODIFIERS.first_words | frozenset(SMALL) | frozenset(TENS)
                  | frozenset(VAGUE_PLURALS) | _FEW.first_words | frozenset(RATIO_VERBS)
                  | frozenset(RATIO_BASE_VERBS) | frozenset(RATIO_ADVERBS)
                  | {key[0] for key in CURRENCY_PREFIXES}
                  | {"a", "an", "half", "between", "from", "minus", "factor"})


@dataclass(frozen=True, slots=True)
class Found:
    """What a phrase read: a quantity, or None for tokens that are not one, up to `last`."""

    quantity: Quantity | None
    last: int


def may_start(token: Token) -> bool:
    """A cheap test: can a quantity phrase start at this token?"""
    if token.kind == "num":
        return not token.blocked
    if token.kind == "sym":
        return token.text in _STARTER_SYMBOLS
    lower = token.lower
    return (lower in _STARTER_WORDS or token.text in CURRENCY_CODES
            or lower.split("-")[0] in SMALL or lower.split("-")[0] in TENS
            or lower.endswith("fold"))


def read_phrase(text: str, tokens: Sequence[Token], i: int) -> Found | None:
    """The quantity phrase starting at token `i`, or None."""
    hedge, j = None, i
    if (found := _MODIFIERS.match(tokens, i)) is not None:
        hedge, j = found[0], found[1] + 1
    if j >= len(tokens):
        return None
    intro = tokens[j].lower if tokens[j].lower in ("between", "from") else None
    if intro is not None:
        j += 1
        if j >= len(tokens):
            return None
    if intro is None and (ratio := _ratio_verb(tokens, j)) is not None:
        low, high = figure_bounds(ratio, hedge, False, Decimal(1))
        return _build(text, tokens, i, j, value=ratio, low=low, high=high, kind="ratio",
                      unit=None, counted=None, approximate=hedge not in (None, "exact"))
    if intro is None and (vague := _vague(text, tokens, i, j)) is not None:
        return vague
    if intro is None and (factor := _FACTOR.match(tokens, j)) is not None:
        return _factor(text, tokens, i, factor[1] + 1, hedge)
    figure = read_figure(tokens, j)
    if figure is None:
        return None
    if isinstance(figure, NotQuantity):
        return Found(None, figure.last)
    if hedge == "min" and tokens[i].lower == "over" and figure.unit in TIME_UNITS:
        return None  # "over 10 days" is a stretch of time, not "more than"
    rejected = _look_alike(tokens, figure, hedge is not None)
    if rejected is not None:
        return rejected
    ranged = _range(text, tokens, i, figure, intro)
    if ranged is not None or intro is not None:
        return ranged
    return _single(text, tokens, i, figure, hedge)


def _single(text: str, tokens: Sequence[Token], i: int, figure: Figure,
            hedge: Hedge | None) -> Found | None:
    last = figure.last
    suffix = _SUFFIXES.match(tokens, last + 1)
    if suffix is not None and "\n\n" not in tokens[last + 1].gap:
        last = suffix[1]
        if hedge not in ("min", "max"):
            hedge = suffix[0]
    counted, last = _counted(tokens, figure, last)
    value = figure.normalised
    if figure.words and value == 1 and figure.kind == "count" and (
            counted is None or _word_before(tokens, figure.first) in _ONE_PRONOUN_BEFORE):
        return None  # "one of the", "no one", "one said"
    if (_bare(tokens, figure) and hedge is None and counted is None
            and _capitalised_name_before(tokens, figure.first)):
        return Found(None, figure.last)  # "Boeing 737", "Apollo 11"
    low, high = figure_bounds(value, hedge, figure.scaled, figure.step * figure.factor)
    return _build(text, tokens, i, last, value=value, low=low, high=high, kind=figure.kind,
                  unit=_count_unit(figure, counted, tokens[last]), counted=counted,
                  approximate=hedge not in (None, "exact"))


def _factor(text: str, tokens: Sequence[Token], i: int, k: int,
            hedge: Hedge | None) -> Found | None:
    """"by a factor of three": a ratio of 3."""
    figure = read_figure(tokens, k) if k < len(tokens) else None
    if not isinstance(figure, Figure) or figure.kind != "count":
        return None
    low, high = figure_bounds(figure.value, hedge, figure.scaled, figure.step)
    return _build(text, tokens, i, figure.last, value=figure.value, low=low, high=high,
                  kind="ratio", unit=None, counted=None, approximate=hedge not in (None, "exact"))


def _range(text: str, tokens: Sequence[Token], i: int, first: Figure,
           intro: str | None) -> Found | None:
    """"2,000-2,500", "between 2,000 and 2,500", "from 2,000 to 2,500", "two or three";
    None when the figure stands alone ("from 3.75% to 4%" after "raised" is a change)."""
    k = first.last + 1
    if k + 1 >= len(tokens):
        return None
    separator = tokens[k].lower
    expected = {"between": ("and",), "from": ("to", *_RANGE_SIGNS)}.get(
        intro or "", ("to", "or", *_RANGE_SIGNS))
    if separator not in expected or (intro == "from" and _after_change(tokens, i)):
        return None
    if intro is None and separator == "to" and _word_before(tokens, first.first) in (
            "by", "from"):
        return None  # "rose by 2% to 4%"; "raised from 3.75% to 4%" (a change: see above)
    second = read_figure(tokens, k + 1)
    if not isinstance(second, Figure) or (second.kind != first.kind and "count" not in (
            first.kind, second.kind)):
        return None
    first, second = _share(first, second)
    if first.kind != second.kind or first.unit != second.unit:
        return None
    low, high = first.normalised, second.normalised
    if low >= high:
        if separator in _RANGE_SIGNS and first.plain and second.plain:
            return Found(None, second.last)  # a score or a tally: "3-1", "52-48"
        return None
    counted, last = _counted(tokens, second, second.last)
    return _build(text, tokens, i, last, value=None, low=low, high=high, kind=first.kind,
                  unit=_count_unit(first, counted, tokens[last]), counted=counted,
                  approximate=True)


def _share(first: Figure, second: Figure) -> tuple[Figure, Figure]:
    """Units and scales written once for both ends: "2-3 million", "4-5%", "$1-2 billion"
    ("500 to 2 million" keeps 500: a first end above the second's number has no scale)."""
    if first.scale is None and second.scale is not None and first.raw < second.raw:
        first = replace(first, value=first.value * second.scale, step=first.step * second.scale,
                        scale=second.scale, scaled=True, plain=False)
    if first.unit is None and second.unit is not None:
        first = replace(first, kind=second.kind, unit=second.unit, factor=second.factor,
                        plain=False)
    elif second.unit is None and first.unit is not None:
        second = replace(second, kind=first.kind, unit=first.unit, factor=first.factor)
    return first, second


def _vague(text: str, tokens: Sequence[Token], i: int, j: int) -> Found | None:
    """"thousands of people", "tens of thousands", "dozens", "several hundred", "a couple of
    hundred" (about 200: a figure, not a vague plural)."""
    word, n = tokens[j].lower, len(tokens)
    few = _FEW.match(tokens, j)
    if word in VAGUE_PLURALS:
        base, last = VAGUE_PLURALS[word], j
        while (last + 2 < n and tokens[last + 1].lower == "of"
               and tokens[last + 2].lower in ("thousands", "millions", "billions")):
            base, last = base * VAGUE_PLURALS[tokens[last + 2].lower], last + 2
        if last == j and word in VAGUE_NEED_OF and (
                last + 1 >= n or tokens[last + 1].lower != "of"):
            return None
    elif few is not None and few[1] + 1 < n and tokens[few[1] + 1].lower in VAGUE_FEW_SCALES:
        last = few[1] + 1
        base = VAGUE_FEW_SCALES[tokens[last].lower]
        while last + 1 < n and tokens[last + 1].lower in ("thousand", "million", "billion"):
            base, last = base * VAGUE_FEW_SCALES[tokens[last + 1].lower], last + 1
    else:
        return None
    kind: QuantityKind = "count"
    unit: str | None = None
    counted: str | None = None
    unit_found = _unit_after(tokens, last + 1)
    if unit_found is not None:
        kind, unit, last = unit_found
    elif (noun := of_noun(tokens, last + 1) or (
            head_noun(tokens, last + 1, single=False) if few else None)) is not None:
        counted, last = noun
        unit = "people" if names_people(tokens[last]) else None
    if kind != "count" and (noun := of_noun(tokens, last + 1, mass=True)) is not None:
        counted, last = noun
    if few is not None and tokens[j + 1].lower == "couple":
        value = base * 2
        low, high = figure_bounds(value, "approx", False, Decimal(1))
        return _build(text, tokens, i, last, value=value, low=low, high=high, kind=kind,
                      unit=unit, counted=counted, approximate=True)
    low, high = vague_bounds(base, few=few is not None)
    return _build(text, tokens, i, last, value=None, low=low, high=high, kind=kind, unit=unit,
                  counted=counted, approximate=True)


def _unit_after(tokens: Sequence[Token], k: int) -> tuple[QuantityKind, str, int] | None:
    """Money or a measure after a vague plural: "billions of dollars", "a few hundred
    metres", "thousands of tonnes"."""
    start = k + 1 if k < len(tokens) and tokens[k].lower == "of" else k
    found = read_unit(tokens, start, scaled=True)
    if found is None or found[0] not in ("money", "measure"):
        return None
    return found[0], found[1], found[3]


def _ratio_verb(tokens: Sequence[Token], j: int) -> Decimal | None:
    """"doubled" 2, "halved" 0.5; "double" only after a modal ("is expected to double"),
    "twice" only before a comparative ("twice as many")."""
    word = tokens[j].lower
    if word in RATIO_VERBS:
        return RATIO_VERBS[word]
    if word in RATIO_ADVERBS and comparative_at(tokens, j + 1):
        return RATIO_ADVERBS[word]
    if word in RATIO_BASE_VERBS and _word_before(tokens, j) in MODALS:
        return RATIO_BASE_VERBS[word]
    return None


def _counted(tokens: Sequence[Token], figure: Figure, last: int) -> tuple[str | None, int]:
    """The counted noun after `last` and the new last token: the head of a count, the
    change noun of a ratio ("twofold increase"), the "of X" of a measure or percent."""
    if figure.kind == "count":
        single = figure.strong or figure.normalised == 1
        found = head_noun(tokens, last + 1, single=single)
    elif figure.kind == "ratio":
        k = last + 1
        found = ((singular(tokens[k].text), k) if k < len(tokens)
                 and tokens[k].lower in CHANGE_NOUNS else None)
    elif figure.kind == "percent" or (figure.kind == "measure"
                                      and figure.unit not in TIME_UNITS):
        found = of_noun(tokens, last + 1, mass=True)
    else:
        found = None
    return (found[0], found[1]) if found else (None, last)


def _count_unit(figure: Figure, counted: str | None, noun: Token) -> str | None:
    """"people" for a count of people (`noun` is the counted noun's token), else the unit."""
    if figure.kind == "count" and counted is not None and names_people(noun):
        return "people"
    return figure.unit


def _look_alike(tokens: Sequence[Token], figure: Figure, hedged: bool) -> Found | None:
    """Years, labels, list markers and codes: Found(None) over their tokens, else None."""
    first, n = figure.first, len(tokens)
    before = tokens[first - 1] if first > 0 else None
    if before is not None and tokens[first].attached and (
            before.kind == "word" or (before.text in "-#№" and first > 1
                                      and tokens[first - 2].kind == "word"
                                      and before.attached) or before.text in "#№"):
        return Found(None, figure.last)  # "MH17", "COVID-19", "#5"
    if before is not None and before.text in "-/" and before.attached and first > 1 and (
            tokens[first - 2].kind == "num" and tokens[first].attached):
        return Found(None, figure.last)  # the rest of a code or date: "2024-05-04-0193"
    if not figure.plain:
        return None
    token = tokens[first]
    if token.text.startswith("0") and len(token.text) > 1:
        return Found(None, figure.last)  # "05", "0193": codes and dates, not counts
    after = tokens[first + 1] if first + 1 < n else None
    if after is not None and after.text in ".)" and after.attached and (
            token.line_start or (before is not None and before.text == "(")):
        return Found(None, first + 1)  # "1." or "2)" starting a line, "(3)"
    if hedged:
        return None
    label = _word_before(tokens, first)
    if label in LABEL_WORDS:
        return Found(None, figure.last)
    value = figure.value
    if len(token.text) == 4 and MIN_YEAR <= value <= MAX_YEAR and (
            label in YEAR_CONTEXT or label in _MONTH_WORDS
            or head_noun(tokens, figure.last + 1, single=False) is None):
        return Found(None, _year_tail(tokens, figure.last))
    return None


def _year_tail(tokens: Sequence[Token], last: int) -> int:
    """The end of a year range: "2021-2022", "2021-22", "2022/23"."""
    n = len(tokens)
    while (last + 2 < n and tokens[last + 1].text in ("-", "–", "—", "/")
           and tokens[last + 2].kind == "num" and len(tokens[last + 2].text) in (2, 4)
           and "\n" not in tokens[last + 1].gap):
        last += 2
    return last


def _word_before(tokens: Sequence[Token], k: int) -> str:
    """The word before token `k`, lowercase, past an abbreviation's period ("No. 5")."""
    p = k - 1
    if p > 0 and tokens[p].text == "." and tokens[p].attached:
        p -= 1
    return tokens[p].lower if p >= 0 and tokens[p].kind == "word" else ""


def _bare(tokens: Sequence[Token], figure: Figure) -> bool:
    """Digits alone, decimals allowed ("737", "2.0"): what a model or version number is."""
    return figure.plain or (figure.first == figure.last and figure.kind == "count"
                            and "," not in tokens[figure.first].text and figure.scale is None)


def _capitalised_name_before(tokens: Sequence[Token], k: int) -> bool:
    """A bare number after a name is a model or a label: "Boeing 737", "Windows 10"."""
    if k == 0:
        return False
    before = tokens[k - 1]
    return (before.kind == "word" and before.text[:1].isupper()
            and before.lower not in CAPITALISED_OK and before.lower not in _MONTH_WORDS)


def _after_change(tokens: Sequence[Token], k: int) -> bool:
    """Whether a change verb comes shortly before token `k` (in the same clause)."""
    for p in range(k - 1, max(-1, k - 1 - CHANGE_WINDOW), -1):
        if tokens[p].kind == "sym" and tokens[p].text in ".;:!?":
            return False
        if tokens[p].lower in CHANGE_VERBS:
            return True
    return False


def _build(text: str, tokens: Sequence[Token], i: int, last: int, *, value: Decimal | None,
           low: Decimal | None, high: Decimal | None, kind: QuantityKind, unit: str | None,
           counted: str | None, approximate: bool) -> Found:
    start, end = tokens[i].start, tokens[last].end
    quantity = Quantity(
        text=text[start:end], start=start, end=end, kind=kind,
        value=_float(value), low=_float(low), high=_float(high), unit=unit, counted=counted,
        approximate=approximate)
    return Found(quantity, last)


def _float(number: Decimal | None) -> float | None:
    return None if number is None else float(number)
