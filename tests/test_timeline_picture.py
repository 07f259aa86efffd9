"""The timeline picture's layout: readable whatever the dates (no label over a stem or
another label, nothing past the edges, background dates kept apart from the story's)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.render.timeline_picture import CHAR, MIN_GAP, WIDTH, layout

WORDS = "troops left the airport after a ceremony in Almaty on the day the bloc ended".split()


def _entry(date: str, words: int, outlets: int = 1) -> dict:
    return {"date": date, "granularity": "day", "text": " ".join((WORDS * 3)[:words]),
            "citations": [{"article": f"a{k}", "start": 0, "end": 5} for k in range(outlets)]}


def _boxes(picture):
    for e in picture.entries:
        if e.label:
            width = len(e.label) * CHAR
            lo, hi = (e.x, e.x + width) if e.anchor == "start" else (e.x - width, e.x)
            yield e, lo, hi


def _check(picture) -> None:
    xs = [e.x for e in picture.entries]
    assert xs == sorted(xs) and all(b - a >= MIN_GAP - 0.2 for a, b in itertools.pairwise(xs))
    assert all(0 <= x <= WIDTH for x in xs)
    boxes = list(_boxes(picture))
    for e, lo, hi in boxes:
        assert lo >= 0 and hi <= WIDTH, e.label
        for other in picture.entries:
            # a stem rising to or past this label's row never runs through it
            if other is not e and other.label and other.level >= e.level:
                assert not lo < other.x < hi, (e.label, other.date)
        for f, lo2, hi2 in boxes:
            if f is not e and f.level == e.level:
                assert hi <= lo2 or hi2 <= lo, (e.label, f.label)


def test_background_dates_sit_behind_a_break_and_story_days_spread_out():
    timeline = [_entry("1941", 12), _entry("2024-05-02", 10), _entry("2024-05-03", 10, 3),
                _entry("2024-05-06", 10)]
    picture = layout(timeline, story_start=dt.date(2024, 5, 2), href=lambda ev: "#x")
    assert picture is not None and picture.break_x is not None
    old, *own = picture.entries
    assert old.x < picture.break_x < own[0].x
    # the story's own days are to scale: 1 day then 3 days apart
    assert abs((own[2].x - own[1].x) - 3 * (own[1].x - own[0].x)) < 1
    assert own[1].radius > own[0].radius  # three outlets report it
    assert all(e.label for e in picture.entries)
    _check(picture)


def test_no_background_means_no_break():
    picture = layout([_entry("2024-05-02", 5), _entry("2024-05-03", 5)],
                     story_start=dt.date(2024, 5, 2), href=lambda ev: "#")
    assert picture is not None and picture.break_x is None
    assert layout([], story_start=None, href=lambda ev: "#") is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2019, 1, 1), dt.date(2024, 12, 31)),
                          st.integers(1, 30), st.integers(1, 6)), min_size=1, max_size=14))
def test_any_timeline_lays_out_without_overlaps(items):
    timeline = [_entry(day.isoformat(), words, outlets) for day, words, outlets in items]
    start = min(day for day, _, _ in items) + dt.timedelta(days=200)
    picture = layout(timeline, story_start=start, href=lambda ev: "#")
    assert picture is not None and len(picture.entries) == len(items)
    _check(picture)


def test_labels_drop_a_leading_article_and_keep_the_words_in_order():
    picture = layout([_entry("2024-05-02", 3)], story_start=dt.date(2024, 5, 2), href=lambda ev: "#")
    [entry] = picture.entries
    assert entry.text == "troops left the"
    assert entry.label == "troops left the"
    named = layout([{**_entry("2024-05-02", 3), "text": "The harbour closed early"}],
                   story_start=dt.date(2024, 5, 2), href=lambda ev: "#")
    assert named.entries[0].label == "Harbour closed early"
