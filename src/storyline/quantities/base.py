"""The Quantity record and the reading of its bounds from a figure and its hedge."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from storyline.quantities.lexicon import Hedge
from storyline.quantities.numbers import last_nonzero_step

# count: people, things, events ("2,030 troops", "thousands of people", "56");
# money: a currency amount ("$1.2 billion", "5 billion rubles"), unit an ISO 4217 code;
# percent: unit "percent" or "percentage point" (basis points are read as the latter);
# ratio: a multiplier ("twofold", "three times more", "doubled" 2, "halved" 0.5);
# measure: a physical or time unit ("5 km", "10 tonnes", "-5°C", "three years").
# Ordinals ("the second day", "21st") are not quantities and are never returned.
QuantityKind = Literal["count", "money", "percent", "ratio", "measure"]

# A figure rounded at a digit is within half a step of that digit from the true figure:
# "about 2,000" (rounded at the thousand) is 1,500-2,500; "2.5 thousand" 2,450-2,550.
ROUNDING_SHARE = Decimal("0.5")
# A vague plural ("thousands of", "dozens") reaches up to this many times its base: the
# next vague word takes over there ("thousands" -> "tens of thousands" -> "hundreds of
# thousands"), so a writer with 25,000 in mind would not say "thousands".
VAGUE_CEILING = Decimal(10)
# "several thousand", "a few hundred": at least two of the scale word.
FEW_FLOOR = Decimal(2)


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """A number in text with its unit and what it counts; `text[start:end] == text`.

    `value` is the figure as written, normalised ("2.5 thousand" 2500.0, "25 basis
    points" 0.25 percentage point); None when the text gives no single figure (a range,
    "thousands of"). `low` and `high` bound the true figure as the phrase states it, None
    where open: an exact figure is its own bounds; one written with a scale word or hedged
    ("about 2,500") spans its rounding (see ROUNDING_SHARE); "more than 2,000" is
    (2000, None), "nearly 2,000" (1500, 2000), "between 2,000 and 2,500" (2000, 2500),
    "thousands of" (1000, 10000) (see VAGUE_CEILING). Bounds are inclusive: "more than"
    and "at least" are not told apart.

    `approximate` is True when the text does not commit to one exact figure: a hedge
    ("about", "some", "nearly", "more than", "up to", "2,000 or so"), a range or a vague
    plural. `unit` is an ISO 4217 code for money, "percent" or "percentage point", a
    measure unit ("km", "t", "°C", "day"), "people" for counts of people (troops,
    residents, peacekeepers), else None. `counted` is the counted noun, singular and
    lowercase ("troops" -> "troop"), or None.
    """

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    counted: str | None
    approximate: bool
    kind: QuantityKind


def figure_bounds(value: Decimal, hedge: Hedge | None, scaled: bool,
                  step: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The (low, high) a figure and its hedge state; see Quantity for the readings."""
    near = last_nonzero_step(value) * ROUNDING_SHARE
    if hedge == "approx":
        return value - near, value + near
    if hedge == "below":
        return value - near, value
    if hedge == "above":
        return value, value + near
    if hedge == "min":
        return value, None
    if hedge == "max":
        return None, value
    if scaled and hedge != "exact":
        return value - step * ROUNDING_SHARE, value + step * ROUNDING_SHARE
    return value, value


def vague_bounds(base: Decimal, few: bool) -> tuple[Decimal, Decimal]:
    """"thousands of" (1000, 10000); "several thousand" (2000, 10000)."""
    return (base * FEW_FLOOR if few else base), base * VAGUE_CEILING
