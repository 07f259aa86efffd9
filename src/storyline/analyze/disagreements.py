"""Disagreements: where the articles of one story state different values for one subject
and attribute.

    find_disagreements(claims) -> [Disagreement, ...]

Claims are grouped by a normalised key (subject, attribute and kind, lower case, spaces
collapsed). Within a group, claims with the same value are one `ClaimValue` carrying all
their articles and spans; then:

- counts differ when `storyline.quantities.same_value` says no rounding or bound explains
  both. Rounding is read generously, because a false disagreement is worse than a missed
  one: a hedged or scaled figure spans its rounding ("about 2,500" and "2.5 thousand" are
  2,450-2,550), and so does an unhedged round figure (ending in two or more zeros: "2,500"
  is taken as written to the hundred, 2,450-2,550, so "2,480" agrees with it, "2,030" does
  not; "2,000" is 1,500-2,500). Bounds are open where the text says so ("more than 2,000"
  agrees with 2,030 and 2,500 and is not shown against them). Figures in units that cannot
  be converted (percent against percentage points, euros against dollars) are never
  compared;
- counts are compared only under keys that name one fact of a story: a force's strength
  (subject "troops", under which `claims_counts` files every personnel and force noun),
  a rate's level or change, and a count of people something happened to ("number
  killed", "number missing": the events of `claims_lexicon.COUNT_EVENTS`). Any other key
  joins figures of different facts: "13 homers" and "33 homers" (one month and a season),
  "two people in this campaign" and "429 people" (a poll sample), "arrested three times"
  and "four times" (two men);
- two counts are compared only when what narrows them beyond the key agrees (`same_scope`):
  the names on the counted noun and in the phrases of its verb, by slot (place,
  organisation, person, other name), and for a count of people something happened to, the
  actor's noun. A slot both fill with different names makes two facts: "3,000 UN
  peacekeepers in Port-au-Prince" and "a UN force of 9,000 in Haiti" (place), UN and
  African Union peacekeepers (organisation), "an accident in Texas killed 15" and "the
  bombing of flight 103 killed 270" (actor). A slot one leaves empty never separates them
  ("2,030 troops" and "2,500 troops guarded airports in Almaty" still disagree);
- running tallies ("number killed", "number missing": any count attribute but the size of
  a force, a plan or a rate) rise as a story develops, so they are compared only between
  articles published on the same day (given `published`), never without dates;
- so are plans: a date after its article's publication ("schools will reopen on Monday")
  moves as a story develops, and the same words name other schools on other days; it is
  compared only with claims of articles of the same day;
- dates differ when their calendar extents do not overlap ("2022-01" holds "2022-01-13";
  "2022-W02" holds 10-16 January); a date half a year or more before its article was
  published is an earlier event of the same kind ("left Russia in 2008" in a report of
  2010, "the Europeans first arrived 500 years ago"), not compared;
- durations differ when their lengths differ ("within ten days" and "10 days" are both
  P10D); day-based and month-based lengths ("a month", "30 days") are not compared;
- sets: when every list is part of the next, the disagreement is a "subset" (one side
  names fewer participants), else a "differ".

A "differ" names the values in conflict with another value (smallest first). A group in
which one article contradicts itself is skipped: two facts share the key (a figure on the
first day and one a week later), and comparing them across outlets would be noise.
A disagreement carries the subject and attribute as the claims write them. Output is
sorted by the normalised subject, attribute and kind, so the same claims give the same result
in any order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import combinations
from typing import cast, get_args

from storyline.analyze import claims_lexicon as lex
from storyline.model import Claim, ClaimValue, Disagreement, Span
from storyline.quantities import ROUNDING_SHARE, Quantity, QuantityKind, same_value

__all__ = ["comparable_count", "find_disagreements", "same_scope", "values_agree"]

#: An unhedged figure whose last non-zero digit is at this place or above is taken as
#: possibly rounded there ("2,500" 2,450-2,550): news figures that round are written so.
ROUNDED_FROM = Decimal(100)
_DURATION = re.compile(r"P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?"
                       r"(?:(?P<D>[\d.]+)D)?(?:T(?:(?P<h>[\d.]+)H)?(?:(?P<m>[\d.]+)M)?"
                       r"(?:(?P<s>[\d.]+)S)?)?")
_SECONDS = {"W": 604800.0, "D": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}

#: Count attributes that do not run on as a story develops: a force's size, a rate. Every
#: other count ("number killed", "number missing", "number evacuated") is a running tally:
#: "74 missing" on Saturday and "103 missing" on Sunday are both right; so is a plan ("up
#: to 3,500 soldiers" to be sent on the 14th, "10,000 troops" on the 20th), compared only
#: within a day like the dates of plans.
STABLE_ATTRIBUTES = frozenset({"number", "total number", "level", "change"})

#: A date claim this many days or more before its article's publication is background,
#: never compared (given publication dates).
BACKGROUND_DAYS = 180
#: Attributes of a rate claim (`claims_rates`): its level, or a change by so much.
RATE_ATTRIBUTES = frozenset({"level", "change"})
#: Attributes of a count of people something happened to ("number killed").
EVENT_ATTRIBUTES = frozenset(f"number {event}" for event in lex.COUNT_EVENTS.values())

Key = tuple[str, str, str]


def find_disagreements(claims: Sequence[Claim], *,
                       published: Mapping[str, dt.date | None] | None = None) -> list[Disagreement]:
    """The disagreements among the claims of one story's articles (see the module docs).

    `published` (article id -> publication date) lets running tallies ("number killed")
    be compared between articles of the same day; without it they are never compared."""
    dates = dict(published or {})
    groups: dict[Key, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim_key(claim), []).append(claim)
    found = []
    for key in sorted(groups):
        group = sorted(groups[key], key=_claim_order)
        disagreement = _compare(key, group, dates)
        if disagreement is not None:
            found.append(disagreement)
    return found


def claim_key(claim: Claim) -> Key:
    """(subject, attribute, kind), lower case with spaces collapsed."""
    return (_normal(claim.subject), _normal(claim.attribute), claim.kind)


def values_agree(a: Claim, b: Claim) -> bool:
    """Whether two claims of one key can both be right (rounding, bounds, units allowed)."""
    if a.kind != b.kind:
        return True
    if a.kind == "count":
        return _counts_agree(a.value, b.value)
    if a.kind == "date":
        return _dates_agree(a.value, b.value)
    if a.kind == "duration":
        return _durations_agree(a.value, b.value)
    return _set_of(a.value) == _set_of(b.value)


def _normal(words: str) -> str:
    return " ".join(words.lower().split())


def _claim_order(claim: Claim) -> tuple[str, int, int]:
    return (claim.evidence.article_id, claim.evidence.start, claim.evidence.end)


def _compare(key: Key, group: list[Claim],
             dates: dict[str, dt.date | None]) -> Disagreement | None:
    if len({c.evidence.article_id for c in group}) < 2 or _self_contradicting(group):
        return None
    _, _, kind = key
    subject, attribute = group[0].subject, group[0].attribute  # as written, not lower-cased
    values = _values(group)
    if len(values) < 2:
        return None
    if kind == "set":
        sets = [_set_of(members[0].value) for members in values]
        chain = all(a <= b or b <= a for a, b in combinations(sets, 2))
        order = sorted(range(len(values)), key=lambda i: (len(sets[i]), sorted(sets[i])))
        return Disagreement(subject=subject, attribute=attribute,
                            kind="subset" if chain else "differ",
                            values=tuple(_claim_value(values[i]) for i in order))
    if kind == "count" and not comparable_count(group[0]):
        return None
    if kind == "date":
        group = [c for c in group if not _background(c, dates)]
        if len({c.evidence.article_id for c in group}) < 2:
            return None
    tally = kind == "count" and key[1] not in STABLE_ATTRIBUTES
    conflicting = sorted({x for i, j in combinations(range(len(values)), 2)
                          for x in (i, j) if _conflict(values[i], values[j], tally, dates)},
                         key=lambda i: _value_order(values[i][0]))
    if not conflicting:
        return None
    return Disagreement(subject=subject, attribute=attribute, kind="differ",
                        values=tuple(_claim_value(values[i]) for i in conflicting))


def _background(claim: Claim, dates: dict[str, dt.date | None]) -> bool:
    """A date claim ending BACKGROUND_DAYS or more before its article was published: an
    earlier event of the same kind ("forced to leave Russia in 2008" in a report of 2010),
    not the story's."""
    extent, published = _extent(claim.value), dates.get(claim.evidence.article_id)
    return (extent is not None and published is not None
            and (published - extent[1]).days >= BACKGROUND_DAYS)


def comparable_count(claim: Claim) -> bool:
    """Whether a count claim's key names one fact, so that two values of it can conflict
    (see the module docstring): troops, a rate, or people something happened to."""
    subject, attribute, _ = claim_key(claim)
    if subject == lex.TROOPS or subject.startswith(f"{lex.TROOPS} ("):
        return True
    if attribute in RATE_ATTRIBUTES:
        return True
    base = attribute.removeprefix("planned ").removeprefix("total ")
    unit = claim.value.get("unit") if isinstance(claim.value, dict) else None
    return base in EVENT_ATTRIBUTES and unit == "people"


def _self_contradicting(group: list[Claim]) -> bool:
    by_article: dict[str, list[Claim]] = {}
    for claim in group:
        by_article.setdefault(claim.evidence.article_id, []).append(claim)
    return any(not values_agree(a, b) for claims in by_article.values()
               for a, b in combinations(claims, 2))


def _conflict(a: list[Claim], b: list[Claim], tally: bool,
              dates: dict[str, dt.date | None]) -> bool:
    """Whether a claim of `a` and one of `b` cannot both be right: of one scope, a tally's
    or a plan's claims only when their articles are of one known day."""
    return any(not values_agree(x, y) for x in a for y in b
               if same_scope(x, y)
               and (not (tally or _planned(x, dates) or _planned(y, dates))
                    or _same_day(x, y, dates)))


def same_scope(a: Claim, b: Claim) -> bool:
    """Whether two counts can be of one fact given what narrows them (`claims_counts`):
    no slot (place, organisation, person, name, actor) that both fill with different names.
    "3,000 UN peacekeepers based in Port-au-Prince" and "a UN force of 9,000 in Haiti"
    differ in place; a count that names no place meets one that does."""
    first, second = _scope(a), _scope(b)
    return all(set(first[slot]).intersection(second[slot]) for slot in first.keys() & second.keys())


def _scope(claim: Claim) -> dict[str, list[str]]:
    value = claim.value
    scope = value.get("scope") if isinstance(value, dict) else None
    return scope if isinstance(scope, dict) else {}


def _planned(claim: Claim, dates: dict[str, dt.date | None]) -> bool:
    """A date after its article's publication: a plan ("schools will reopen on Monday"),
    which moves as a story develops, and which the same words name for other schools on
    other days; so it is compared only with claims of the same day (like a tally)."""
    if claim.kind != "date":
        return False
    extent, published = _extent(claim.value), dates.get(claim.evidence.article_id)
    return extent is not None and published is not None and extent[0] > published


def _same_day(a: Claim, b: Claim, dates: dict[str, dt.date | None]) -> bool:
    day = dates.get(a.evidence.article_id)
    return day is not None and day == dates.get(b.evidence.article_id)


def _values(group: list[Claim]) -> list[list[Claim]]:
    """Claims with the same value together, in order of first appearance."""
    merged: dict[object, list[Claim]] = {}
    for claim in group:
        merged.setdefault(_same_key(claim), []).append(claim)
    return list(merged.values())


def _same_key(claim: Claim) -> object:
    """What makes two claims state the same value: "2,500" and "about 2.5 thousand" (one
    figure, closed), "within ten days" and "10 days" (P10D); sets as frozensets."""
    value = claim.value
    if claim.kind == "count" and isinstance(value, dict):
        figure = value.get("value")
        shape = (value.get("low") is None, value.get("high") is None)
        family = value.get("unit") if value.get("unit") != "people" else None
        return (figure if figure is not None else (value.get("low"), value.get("high")),
                shape, family)
    if claim.kind == "duration":
        return _duration_length(str(value)) or str(value)
    if claim.kind == "set":
        return frozenset(_set_of(value))
    return str(value)


def _claim_value(claims: list[Claim]) -> ClaimValue:
    articles = tuple(sorted({c.evidence.article_id for c in claims}))
    evidence: tuple[Span, ...] = tuple(c.evidence for c in claims)
    return ClaimValue(value=claims[0].value, text=claims[0].text, articles=articles,
                      evidence=evidence)


def _value_order(claim: Claim) -> tuple[float, str]:
    value = claim.value
    if claim.kind == "count" and isinstance(value, dict):
        for name in ("value", "low", "high"):
            if isinstance(value.get(name), int | float):
                return (float(value[name]), "")
        return (math.inf, "")
    if claim.kind == "duration":
        length = _duration_length(str(value))
        return (length[1], "") if length is not None else (math.inf, str(value))
    return (0.0, str(value))


# -- counts -----------------------------------------------------------------------------------

def _counts_agree(a: object, b: object) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return True
    if not same_value(_open(a), _open(b)):
        return True  # kinds or units that do not convert: not comparable, never a disagreement
    if _a_part_of(b, a) or _a_part_of(a, b):
        return True  # "14 killed, among them 11 soldiers" and "11 soldiers killed"
    return same_value(_quantity(a), _quantity(b))


def _a_part_of(part: dict[str, object], whole: dict[str, object]) -> bool:
    """Whether `whole`'s sentence gives `part`'s figure as a part of it (`claims_counts`)."""
    parts = whole.get("parts")
    figure = part.get("value") if part.get("value") is not None else part.get("low")
    return isinstance(parts, list) and figure is not None and figure in parts


def _open(value: dict[str, object]) -> Quantity:
    """The value's kind and unit with the figure anywhere from 0 up: `same_value` on two of
    these says whether the units can be compared at all (a low of 0, not None: `same_value`
    needs one finite bound)."""
    unit = value.get("unit")
    return Quantity(text="", start=0, end=0, value=None, low=0.0, high=None,
                    unit=str(unit) if unit is not None else None, counted=None,
                    approximate=True, kind=_kind(value))


def _kind(value: dict[str, object]) -> QuantityKind:
    kind = value.get("kind", "count")
    return cast(QuantityKind, kind if kind in get_args(QuantityKind) else "count")


def _quantity(value: dict[str, object]) -> Quantity:
    """The claim's value as a Quantity for `same_value`, an unhedged round figure widened
    to its rounding (see the module docstring)."""
    figure, low, high = (_float(value.get(name)) for name in ("value", "low", "high"))
    if figure is not None and not value.get("approx") and low == high == figure:
        step = _last_step(Decimal(str(figure)))
        if step >= ROUNDED_FROM:
            spread = float(step * ROUNDING_SHARE)
            low, high = figure - spread, figure + spread
    unit = value.get("unit")
    return Quantity(text="", start=0, end=0, value=figure, low=low, high=high,
                    unit=str(unit) if unit is not None else None,
                    counted=str(value["noun"]) if value.get("noun") else None,
                    approximate=bool(value.get("approx")), kind=_kind(value))


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _last_step(value: Decimal) -> Decimal:
    """2000 -> 1000, 2500 -> 100, 2030 -> 10 (the place of the last non-zero digit)."""
    if value == 0:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    return Decimal(10) ** exponent if isinstance(exponent, int) else Decimal(1)


# -- dates and durations ----------------------------------------------------------------------

def _extent(value: object) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date value covers: "2022-01-13", "2022-01", "2022-W02", "2022"."""
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            day = dt.date.fromisoformat(text)
            return day, day
        if re.fullmatch(r"\d{4}-\d\d", text):
            first = dt.date(int(text[:4]), int(text[5:]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        if re.fullmatch(r"\d{4}-W\d\d", text):
            monday = dt.date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
            return monday, monday + dt.timedelta(days=6)
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    except ValueError:
        return None
    return None


def _dates_agree(a: object, b: object) -> bool:
    first, second = _extent(a), _extent(b)
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


def _duration_length(value: str) -> tuple[str, float] | None:
    """("days", seconds) for lengths in weeks, days and hours; ("months", months) for years
    and months; None for a mix or anything unreadable (never compared)."""
    match = _DURATION.fullmatch(value)
    if match is None or value == "P":
        return None
    parts = {name: float(number) for name, number in match.groupdict().items() if number}
    if not parts:
        return None
    if set(parts) <= {"Y", "M"}:
        return ("months", parts.get("Y", 0.0) * 12 + parts.get("M", 0.0))
    if set(parts) <= set(_SECONDS):
        return ("days", sum(_SECONDS[name] * number for name, number in parts.items()))
    return None


def _durations_agree(a: object, b: object) -> bool:
    first, second = _duration_length(str(a)), _duration_length(str(b))
    if first is None or second is None or first[0] != second[0]:
        return True
    return math.isclose(first[1], second[1], rel_tol=1e-9)


def _set_of(value: object) -> frozenset[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(item) for item in value)
    return frozenset({str(value)})

