"""Whether a dated clause tells an event, a plan, or only what may happen
(`storyline.timex.mood`), on sentences we wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.timex import find_timerefs
from storyline.timex.mood import mood_around

THURSDAY = dt.date(2022, 6, 30)


def moods(text: str, anchor: dt.date = THURSDAY) -> list[tuple[str, str]]:
    return [(r.text, mood_around(text, r.start, r.end))
            for r in find_timerefs(text, anchor) if r.type in ("DATE", "TIME")]


@pytest.mark.parametrize(("sentence", "expression", "mood"), [
    # events: past, present, the past told as its future
    ("The ministers met on Tuesday in Norden.", "Tuesday", "actual"),
    ("The fever wards closed in May, officials said.", "May", "actual"),
    ("The officer would later say on Monday that the wards closed too late.", "Monday",
     "actual"),
    ("A new fever could spread across the region, the agency warned on Tuesday.", "Tuesday",
     "actual"),
    ("The threat level will be raised after today's meeting.", "today", "actual"),
    # plans: a schedule or a firm plan
    ("The ministers will meet again on Friday.", "Friday", "planned"),
    ("The vote is due on Tuesday.", "Tuesday", "planned"),
    ("The assembly is due to vote on the plan on July 5.", "July 5", "planned"),
    ("The ministers are meeting on Friday.", "Friday", "planned"),
    ("The funeral will be held on Friday in Norden.", "Friday", "planned"),
    ("The minister is expected to announce the decision on Friday.", "Friday", "planned"),
    ("The ministry said the memorial would take place on July 7.", "July 7", "planned"),
    # forecasts, hopes, deadlines
    ("The drug maker said a vaccine could be ready as early as July.", "July", "expected"),
    ("Cases are expected to peak in July.", "July", "expected"),
    ("The vaccine may be available in July, officials said.", "July", "expected"),
    ("The agency hopes to finish the review by Friday.", "Friday", "expected"),
    ("Officials said the last units would be home by July 19.", "July 19", "expected"),
    ("Models suggest a million people will die from the fever in 2023.", "2023", "expected"),
    ("The committee will not be meeting today.", "today", "expected"),
    # conditions and counterfactuals
    ("If the trials succeed, the vaccine would be given to nurses in June.", "June",
     "hypothetical"),
    ("The strike would start on Monday unless the talks go well.", "Monday", "hypothetical"),
    # habits
    ("The fever season is usually almost over by May.", "May", "habitual"),
])
def test_mood_of_a_dated_clause(sentence: str, expression: str, mood: str) -> None:
    assert (expression, mood) in moods(sentence)


def test_each_date_of_a_sentence_has_its_own_mood() -> None:
    found = moods("Officials said on Tuesday the vaccine may be available in July.")
    assert found == [("Tuesday", "actual"), ("July", "expected")]


def test_progressive_about_the_report_day_is_what_is_happening() -> None:
    text = "We are dropping the alert level to green today, the health secretary said."
    [ref] = [r for r in find_timerefs(text, THURSDAY) if r.text == "today"]
    assert mood_around(text, ref.start, ref.end, ahead=False) == "actual"
    assert mood_around(text, ref.start, ref.end, ahead=None) == "expected"


def test_may_the_month_is_no_modal() -> None:
    assert moods("Cases rose sharply in May, the ministry said.") == [("May", "actual")]


def test_would_later_dates_the_past_not_the_next_week() -> None:
    """The past told as its future ("would later say") looks back: Monday before a Thursday
    paper, not the Monday after (which today's code read, as for "would")."""
    text = "The officer would later say on Monday that the wards closed too late."
    [ref] = find_timerefs(text, THURSDAY)
    assert ref.value == "2022-06-27"
