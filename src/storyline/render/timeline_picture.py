"""The timeline of a story laid out as a picture (the HTML report draws it as SVG).

A story's own days are spread on a linear time axis; background dates (a flood of 1941,
"last year") would squeeze those days into one blur, so they sit in a short band at the
left, behind a break in the axis. Dots keep a minimum gap (time is bent a little rather
than letting dots overlap); a dot's size grows with the outlets that report the entry.
Labels stand on stems above the axis, one row per dot, the rows laid out so that no stem
crosses a label; a label with little room is cut short or left off (the full text is the
dot's tooltip and the list under the picture).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PictureEntry", "TimelinePicture", "layout"]

#: Picture width in SVG user units (the picture scales with the page).
WIDTH = 760
#: Space at each end, and the band that holds background dates.
MARGIN, BACKGROUND_BAND = 24, 110
#: Dates more than this before the story's first report are background.
BACKGROUND_AFTER = dt.timedelta(days=30)
#: Smallest gap between dots, the label rows and their height, a character's width, and
#: the widest label (so one long label does not shut out its neighbours).
MIN_GAP, ROW, CHAR, MAX_LABEL = 26.0, 17, 6.3, 230.0
#: Room at the right for the last date, which slants down to the right.
RIGHT_MARGIN = 64
#: Space under the axis for slanted date labels.
TICK_DEPTH = 62


@dataclass(frozen=True)
class PictureEntry:
    x: float
    level: int
    radius: float
    label: str
    anchor: str  # SVG text-anchor: "start" or "end"
    date: str
    text: str
    href: str
    #: a plan for the date, not an event (drawn hollow)
    planned: bool = False


@dataclass(frozen=True)
class TimelinePicture:
    width: int
    height: int
    axis_y: float
    #: where the axis breaks between background and story dates (None: no background)
    break_x: float | None
    entries: tuple[PictureEntry, ...]

    def label_y(self, entry: PictureEntry) -> float:
        return self.axis_y - (entry.level + 1) * ROW - 4


def _date(value: str) -> dt.date | None:
    for width, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(value) >= width:
            try:
                return dt.date.fromisoformat(value[:width] + suffix)
            except ValueError:
                continue
    return None


def _spread(xs: list[float], low: float, high: float) -> list[float]:
    """Positions at least MIN_GAP apart, kept within [low, high] (sorted input)."""
    out = list(xs)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + MIN_GAP)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - MIN_GAP)
    return [max(low, x) for x in out]


def _positions(days: list[dt.date], story_start: dt.date | None) -> tuple[list[float], float | None]:
    """x for each (sorted) day, and the break between background and story (if any)."""
    cut = (story_start - BACKGROUND_AFTER) if story_start else None
    background = [d for d in days if cut is not None and d < cut]
    own = [d for d in days if not (cut is not None and d < cut)]
    left = MARGIN + (BACKGROUND_BAND if background and own else 0)
    right = WIDTH - RIGHT_MARGIN
    xs: list[float] = []
    if background:
        band_right = left - 20 if own else right
        step = (band_right - MARGIN) / max(len(background), 1)
        xs += [MARGIN + step * (i + 0.5) for i in range(len(background))]
    if own:
        first, last = own[0], own[-1]
        span = (last - first).days
        xs += [left + (right - left) * ((d - first).days / span if span else 0.5) for d in own]
    return _spread(xs, MARGIN, right), (left - 10 if background and own else None)


def _label(text: str, room: float) -> str:
    """The first words of an entry that fit in `room` units, with an ellipsis if cut; a
    leading article is dropped (room is short: "CSTO collective ..." says more than "The
    CSTO ...")."""
    words, out = text.split(), ""
    if len(words) > 1 and words[0] in ("The", "A", "An"):
        words = [words[1][:1].upper() + words[1][1:], *words[2:]]
    for word in words:
        candidate = f"{out} {word}".strip()
        if len(candidate) * CHAR > room - 2 * CHAR:
            return f"{out} …" if out else ""
        out = candidate
        if len(out.split()) >= 8 and len(out.split()) < len(words):
            return f"{out} …"
    return out


def _rows(xs: list[float]) -> tuple[list[int], list[str]]:
    """Each dot's label row and side. Rows form a V: the dots nearest the middle label on
    the rows next to the axis, the outermost on the highest; labels in the left half run
    right, those in the right half run left, so every label passes only over stems that
    end below it."""
    left = [i for i, x in enumerate(xs) if x < WIDTH / 2]
    right = [i for i, x in enumerate(xs) if x >= WIDTH / 2]
    rows, sides = [0] * len(xs), ["start"] * len(xs)
    for rank, i in enumerate(reversed(left)):
        rows[i] = rank + (1 if right else 0)  # the two middle labels must not share a row
    for rank, i in enumerate(right):
        rows[i], sides[i] = rank, "end"
    return rows, sides


def _room(i: int, xs: list[float], rows: list[int], sides: list[str]) -> float:
    """How far dot i's label may run before a stem that rises past its row, the facing
    label on its row (they share the gap) or the picture's edge."""
    x, row = xs[i], rows[i]
    if sides[i] == "start":
        limit = WIDTH - 4.0
        for j in range(i + 1, len(xs)):
            if rows[j] > row or (rows[j] == row and sides[j] == "start"):
                limit = min(limit, xs[j] - 6)
            elif rows[j] == row:
                limit = min(limit, (x + xs[j]) / 2 - 4)
        return limit - x
    limit = 4.0
    for j in range(i):
        if rows[j] > row or (rows[j] == row and sides[j] == "end"):
            limit = max(limit, xs[j] + 6)
        elif rows[j] == row:
            limit = max(limit, (x + xs[j]) / 2 + 4)
    return x - limit


def layout(timeline: Sequence[Mapping[str, Any]], *, story_start: dt.date | None,
           href: Callable[[Mapping[str, Any]], str]) -> TimelinePicture | None:
    """Place each timeline entry (export-shaped: date, text, citations) on the picture."""
    dated = sorted(((d, e) for e in timeline if e.get("citations")
                    if (d := _date(e["date"])) is not None), key=lambda de: (de[0], de[1]["date"]))
    if not dated:
        return None
    xs, break_x = _positions([d for d, _ in dated], story_start)
    rows, sides = _rows(xs)
    entries = []
    for i, (_, entry) in enumerate(dated):
        label = _label(entry["text"], min(_room(i, xs, rows, sides), MAX_LABEL))
        outlets = len({c["article"] for c in entry["citations"]})
        entries.append(PictureEntry(
            x=round(xs[i], 1), level=rows[i], radius=round(4 + 1.5 * min(outlets - 1, 4), 1),
            label=label if len(label) >= 12 else "", anchor=sides[i], date=entry["date"],
            text=entry["text"], href=href(entry["citations"][0]),
            planned=entry.get("status") == "planned"))
    axis_y = (max(rows) + 1) * ROW + 18
    return TimelinePicture(width=WIDTH, height=int(axis_y + TICK_DEPTH), axis_y=axis_y,
                           break_x=break_x, entries=tuple(entries))
