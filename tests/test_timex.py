"""Time references: finding (exact extents), TIMEX3 types and values, resolution against the
publication date, and the false positives that general tools fall for."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import TimeRef
from storyline.timex import find_timerefs

MONDAY = dt.date(2022, 1, 17)
WEDNESDAY = dt.date(2022, 1, 12)
THURSDAY = dt.date(2022, 1, 13)

Row = tuple[str, int, int, str, str | None]


def found(text: str, anchor: dt.date | None) -> list[Row]:
    """(surface, start, end, type, value) of every reference found."""
    return [(r.text, r.start, r.end, r.type, r.value) for r in find_timerefs(text, anchor)]


def row(text: str, surface: str, kind: str, value: str | None, nth: int = 0) -> Row:
    """The expected row for the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return (surface, start, start + len(surface), kind, value)


def only(text: str, anchor: dt.date | None) -> tuple[str, str, str | None]:
    """(surface, type, value) of the single reference in `text`."""
    refs = find_timerefs(text, anchor)
    assert len(refs) == 1, refs
    return refs[0].text, refs[0].type, refs[0].value


# -- a news paragraph, end to end -------------------------------------------------------------

CSTO = ("ALMATY, January 13. CSTO peacekeepers began leaving Kazakhstan on Thursday, a week "
        "after the first troops arrived on January 6. President Kassym-Jomart Tokayev said on "
        "Tuesday that the mission had been a success and that the withdrawal would be "
        "completed within ten days. The last units will leave by January 19, the defence "
        "ministry said yesterday evening. Shooting in Almaty stopped on the night of January 7.")


def test_news_paragraph_every_reference_with_extent_type_and_value() -> None:
    assert found(CSTO, THURSDAY) == [
        row(CSTO, "January 13", "DATE", "2022-01-13"),
        # published on a Thursday, past tense: wire copy's "Thursday" is that very day
        row(CSTO, "Thursday", "DATE", "2022-01-13"),
        # "a week after <event>": a duration and a signal, not a date
        row(CSTO, "a week", "DURATION", "P1W"),
        row(CSTO, "January 6", "DATE", "2022-01-06"),
        row(CSTO, "Tuesday", "DATE", "2022-01-11"),
        row(CSTO, "ten days", "DURATION", "P10D"),
        row(CSTO, "January 19", "DATE", "2022-01-19"),
        row(CSTO, "yesterday evening", "TIME", "2022-01-12TEV"),
        row(CSTO, "the night of January 7", "TIME", "2022-01-07TNI"),
    ]


def test_each_reference_carries_its_anchor_and_granularity() -> None:
    refs = find_timerefs(CSTO, THURSDAY)
    assert {r.anchor for r in refs} == {THURSDAY}
    by_text = {r.text: r.granularity for r in refs}
    assert by_text["January 6"] == "day"
    assert by_text["ten days"] is None  # durations have no calendar granularity
    assert by_text["yesterday evening"] == "time"


# -- weekdays follow the tense ----------------------------------------------------------------


def test_past_tense_weekday_is_in_the_previous_week() -> None:
    text = "Foreign ministers of the CSTO met on Thursday in Moscow."
    assert found(text, MONDAY) == [row(text, "Thursday", "DATE", "2022-01-13")]


def test_future_tense_weekday_is_ahead() -> None:
    text = "Defence ministers will meet on Thursday to review the withdrawal."
    assert found(text, dt.date(2022, 1, 10)) == [row(text, "Thursday", "DATE", "2022-01-13")]


@pytest.mark.parametrize(("sentence", "value"), [
    ("The ministry said on Thursday that all units had left.", "2022-01-13"),
    ("The handover ceremony is on Thursday.", "2022-01-13"),
    ("Troops will leave Almaty on Thursday.", "2022-01-13"),
])
def test_weekday_of_the_publication_day_is_that_day(sentence: str, value: str) -> None:
    assert only(sentence, THURSDAY) == ("Thursday", "DATE", value)


def test_said_weekday_after_the_verb_and_before_it() -> None:
    first = "Tokayev said Tuesday that order had been restored."
    second = "On Tuesday, the first planes left the Almaty airport."
    assert only(first, MONDAY) == ("Tuesday", "DATE", "2022-01-11")
    assert only(second, MONDAY) == ("Tuesday", "DATE", "2022-01-11")


@pytest.mark.parametrize(("sentence", "value"), [
    ("The relief team should be in the country by Sunday.", "2022-01-16"),
    ("The airline had a plane standing by to fly supplies out on Sunday.", "2022-01-16"),
    ("The relief team should have landed on Sunday.", "2022-01-09"),
    ("The relief team landed on Sunday.", "2022-01-09"),
])
def test_should_and_standing_by_look_ahead(sentence: str, value: str) -> None:
    assert only(sentence, THURSDAY) == ("Sunday", "DATE", value)


def test_weekday_without_a_tense_cue_defaults_to_the_past() -> None:
    assert only("Protests in Zhanaozen, Sunday.", MONDAY) == ("Sunday", "DATE", "2022-01-16")


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("The convoy left last Friday.", "last Friday", "2022-01-14"),
    ("The convoy leaves next Friday.", "next Friday", "2022-01-21"),
    ("Talks resume next Monday.", "next Monday", "2022-01-24"),  # never the same day
])
def test_last_and_next_weekday(text: str, surface: str, value: str) -> None:
    assert found(text, MONDAY) == [row(text, surface, "DATE", value)]


def test_weekday_with_part_of_day_is_a_time() -> None:
    text = "The curfew was lifted on Monday morning."
    assert found(text, WEDNESDAY) == [row(text, "Monday morning", "TIME", "2022-01-10TMO")]


# -- dates without a year take the anchor's ---------------------------------------------------


def test_dateline_without_year_resolves_against_the_anchor() -> None:
    text = "NUR-SULTAN, January 12. The government resigned."
    assert found(text, WEDNESDAY) == [row(text, "January 12", "DATE", "2022-01-12")]


def test_yearless_date_across_the_year_boundary() -> None:
    text = "The fuel price rise came into force on December 30."
    assert found(text, dt.date(2022, 1, 2)) == [row(text, "December 30", "DATE", "2021-12-30")]


@pytest.mark.parametrize(("surface", "value"), [
    ("Jan. 6, 2022", "2022-01-06"),
    ("January 6th", "2022-01-06"),
    ("6 January", "2022-01-06"),
    ("6 January 2021", "2021-01-06"),
    ("the 6th of January", "2022-01-06"),
    ("Thursday, Jan. 6", "2022-01-06"),
    ("Sept. 30, 1989", "1989-09-30"),
    ("2022-01-13", "2022-01-13"),
    ("13.01.2022", "2022-01-13"),
    ("January 2022", "2022-01"),
])
def test_written_dates(surface: str, value: str) -> None:
    text = f"The order was signed on {surface} in the capital."
    assert found(text, WEDNESDAY) == [row(text, surface, "DATE", value)]


def test_impossible_date_is_not_resolved() -> None:
    assert found("It was signed on 31.02.2022.", WEDNESDAY) == []


# -- no anchor: unknown stays unknown ---------------------------------------------------------


def test_without_anchor_relative_references_have_no_value() -> None:
    text = ("Troops arrived on January 6, 2022 and left yesterday, two days ago, on Thursday "
            "and last week, within ten days.")
    assert found(text, None) == [
        row(text, "January 6, 2022", "DATE", "2022-01-06"),
        row(text, "yesterday", "DATE", None),
        row(text, "two days ago", "DATE", None),
        row(text, "Thursday", "DATE", None),
        row(text, "last week", "DATE", None),
        row(text, "ten days", "DURATION", "P10D"),
    ]
    assert all(r.anchor is None for r in find_timerefs(text, None))


def test_without_anchor_yearless_date_keeps_its_granularity() -> None:
    ref = find_timerefs("The vote is on March 20.", None)[0]
    assert (ref.text, ref.value, ref.granularity) == ("March 20", None, "day")


# -- false positives --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Fuel prices may rise again, analysts warned.",
    "May we ask the ministry for a comment?",
    "Thousands joined a march on the capital.",
    "The March on Washington was larger.",
    "We will not negotiate, the protesters said.",
    "Police detained 2000 protesters and seized 1,500 rifles.",
    "They were held in room 2020 and paid $1990.",
    "He won a second term after a second round of voting.",
    "The three-year-old was unhurt; his sister is 3 years old.",
    "Flight 1001 landed at gate 14.",
    "They don't know what happened.",
    "The second half of the match was goalless; a quarter of the votes were void.",
])
def test_words_and_numbers_that_are_not_times(text: str) -> None:
    assert find_timerefs(text, WEDNESDAY) == []


def test_may_after_a_date_word_is_the_month() -> None:
    text = "Elections are due in May, and prices may rise before then."
    assert found(text, WEDNESDAY) == [row(text, "May", "DATE", "2022-05")]


def test_a_year_needs_a_date_context_below_1900() -> None:
    text = "The fortress was built in 1848, and 1848 soldiers defended it."
    assert found(text, WEDNESDAY) == [row(text, "1848", "DATE", "1848")]


def test_bare_plausible_year_is_a_year() -> None:
    text = "Inflation reached 8 percent in 2021 and 2022 was worse."
    assert found(text, WEDNESDAY) == [row(text, "2021", "DATE", "2021"),
                                      row(text, "2022", "DATE", "2022")]


# -- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("The withdrawal will be completed within ten days.", "ten days", "P10D"),
    ("Troops stayed for a short period.", "a short period", "PXX"),
    ("The mission lasted two and a half years.", "two and a half years", "P2Y6M"),
    ("Prices rose over the past three years.", "the past three years", "P3Y"),
    ("The sides agreed a 10-day truce.", "10-day", "P10D"),
    ("The talks took several weeks.", "several weeks", "PXW"),
    ("The curfew lasted 24 hours.", "24 hours", "PT24H"),
    ("Polls close in half an hour.", "half an hour", "PT30M"),
    ("The mission took nearly two years.", "nearly two years", "P2Y"),
    ("Repairs will take two to three weeks.", "two to three weeks", "PXW"),
    ("The region was ruled from Moscow for centuries.", "centuries", "PXC"),
    ("The war lasted two decades.", "two decades", "P20Y"),
    ("The flight took 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
])
def test_durations(text: str, surface: str, value: str) -> None:
    assert found(text, WEDNESDAY) == [row(text, surface, "DURATION", value)]


def test_duration_inside_within_is_not_a_date() -> None:
    refs = find_timerefs("Units will leave within ten days.", WEDNESDAY)
    assert [(r.text, r.type, r.value, r.granularity) for r in refs] == [
        ("ten days", "DURATION", "P10D", None)]


# -- relative periods -------------------------------------------------------------------------


@pytest.mark.parametrize(("surface", "kind", "value"), [
    ("this week", "DATE", "2022-W02"),
    ("last week", "DATE", "2022-W01"),
    ("next week", "DATE", "2022-W03"),
    ("earlier this month", "DATE", "2022-01"),
    ("the end of the month", "DATE", "2022-01"),
    ("next month", "DATE", "2022-02"),
    ("last year", "DATE", "2021"),
    ("later this year", "DATE", "2022"),
    ("mid-January", "DATE", "2022-01"),
    ("early 2022", "DATE", "2022"),
    ("today", "DATE", "2022-01-12"),
    ("yesterday", "DATE", "2022-01-11"),
    ("tomorrow", "DATE", "2022-01-13"),
    ("yesterday evening", "TIME", "2022-01-11TEV"),
    ("last night", "TIME", "2022-01-11TNI"),
    ("this morning", "TIME", "2022-01-12TMO"),
    ("two days ago", "DATE", "2022-01-10"),
    ("six weeks ago", "DATE", "2021-W48"),
    ("three months ago", "DATE", "2021-10"),
    ("a year ago", "DATE", "2021"),
    ("this summer", "DATE", "2022-SU"),
    ("last fall", "DATE", "2021-FA"),
    ("the weekend", "DATE", "2022-W01-WE"),
])
def test_relative_periods(surface: str, kind: str, value: str) -> None:
    text = f"Officials said {surface} that the situation was calm."
    assert found(text, WEDNESDAY) == [row(text, surface, kind, value)]


def test_anaphoric_expressions_count_from_the_last_date_mentioned() -> None:
    text = ("The state of emergency was declared on January 5, 2022. A week earlier, prices "
            "had doubled; two days later the government resigned. The next day, troops came.")
    assert found(text, dt.date(2022, 2, 1)) == [
        row(text, "January 5, 2022", "DATE", "2022-01-05"),
        row(text, "A week earlier", "DATE", "2021-12-29"),
        row(text, "two days later", "DATE", "2022-01-07"),
        row(text, "The next day", "DATE", "2022-01-06"),
    ]


def test_month_without_year_is_the_nearest_unless_the_tense_says_otherwise() -> None:
    august = dt.date(2022, 8, 1)
    assert only("The protests began in January.", august) == ("January", "DATE", "2022-01")
    # the nearest March is five months back, but the vote is ahead
    assert only("Parliament will vote in March.", august) == ("March", "DATE", "2023-03")
    # a past tense does not push a month one month ahead back by a year
    assert only("The deadline was extended until mid-September.", august) == (
        "mid-September", "DATE", "2022-09")


def test_yearless_date_follows_a_clear_tense() -> None:
    text = "The company had revenue of $76 million for the year ended March 31."
    assert only(text, dt.date(1989, 11, 1)) == ("March 31", "DATE", "1989-03-31")
    assert only("The trial will open on Aug. 6.", dt.date(2022, 1, 20)) == (
        "Aug. 6", "DATE", "2022-08-06")
    assert only("He was last seen last Oct. 23.", dt.date(2022, 1, 20)) == (
        "last Oct. 23", "DATE", "2021-10-23")


# -- quarters, halves, decades, holidays ------------------------------------------------------


@pytest.mark.parametrize(("text", "anchor", "surface", "value"), [
    ("Profit rose in the third quarter.", dt.date(1989, 10, 26), "the third quarter", "1989-Q3"),
    ("It reported fourth-quarter profit of $3 million.", dt.date(1998, 2, 6),
     "fourth-quarter", "1997-Q4"),
    ("Sales fell in the first half of 2021.", WEDNESDAY, "the first half of 2021", "2021-H1"),
    ("Profit doubled in the latest quarter.", dt.date(1989, 10, 26),
     "the latest quarter", "1989-Q3"),
])
def test_quarters_and_halves(text: str, anchor: dt.date, surface: str, value: str) -> None:
    assert found(text, anchor) == [row(text, surface, "DATE", value)]


def test_a_year_earlier_than_a_reported_quarter_is_that_quarter() -> None:
    text = "Net income rose in the third quarter, up from $2 million a year earlier."
    assert found(text, dt.date(1989, 10, 26)) == [
        row(text, "the third quarter", "DATE", "1989-Q3"),
        row(text, "a year earlier", "DATE", "1988-Q3"),
    ]


@pytest.mark.parametrize(("surface", "value", "granularity"), [
    ("the 1990s", "199", "decade"),
    ("the '90s", "199", "decade"),
    ("the nineties", "199", "decade"),
    ("the 20th century", "19", "century"),
    ("nineteen ninety-one", "1991", "year"),
])
def test_decades_centuries_and_spoken_years(surface: str, value: str, granularity: str) -> None:
    refs = find_timerefs(f"It was built in {surface}.", WEDNESDAY)
    assert [(r.text, r.type, r.value, r.granularity) for r in refs] == [
        (surface, "DATE", value, granularity)]


def test_holidays() -> None:
    text = "Markets were closed on Christmas Eve and reopened after New Year's Day."
    assert found(text, dt.date(2022, 1, 10)) == [
        row(text, "Christmas Eve", "DATE", "2021-12-24"),
        row(text, "New Year's Day", "DATE", "2022-01-01"),
    ]


# -- ranges -----------------------------------------------------------------------------------


def test_range_gives_two_references_the_second_inheriting_month_and_year() -> None:
    """A range is two DATE references; the end ("19") borrows the month (and the year)."""
    text = "The mission ran from January 6 to 19, 2022."
    assert found(text, None) == [
        row(text, "January 6", "DATE", "2022-01-06"),
        row(text, "19, 2022", "DATE", "2022-01-19"),
    ]


def test_range_with_dash_and_years() -> None:
    text = "Curfews applied on January 6-8 and between 2020 and 2022."
    assert found(text, WEDNESDAY) == [
        row(text, "January 6", "DATE", "2022-01-06"),
        row(text, "8", "DATE", "2022-01-08"),
        row(text, "2020", "DATE", "2020"),
        row(text, "2022", "DATE", "2022"),
    ]


# -- clock times, sets, REFs ------------------------------------------------------------------


def test_clock_times_take_the_nearby_day_or_the_anchor() -> None:
    text = "The meeting began at 10:00. On Monday at 9:30 a.m. troops moved; 10 p.m. Wednesday."
    assert found(text, THURSDAY) == [
        row(text, "10:00", "TIME", "2022-01-13T10:00"),
        row(text, "Monday", "DATE", "2022-01-10"),
        row(text, "9:30 a.m.", "TIME", "2022-01-10T09:30"),
        row(text, "10 p.m. Wednesday", "TIME", "2022-01-12T22:00"),
    ]


def test_a_score_is_not_a_time() -> None:
    assert found("Kairat won 3:1 in the final.", THURSDAY) == []


@pytest.mark.parametrize(("surface", "value"), [
    ("every Monday", "XXXX-WXX-1"),
    ("weekly", "P1W"),
    ("daily", "P1D"),
    ("every other week", "P2W"),
    ("on Mondays", "XXXX-WXX-1"),
])
def test_sets(surface: str, value: str) -> None:
    text = f"The council meets {surface} in the capital."
    expected = surface.removeprefix("on ")
    assert found(text, THURSDAY) == [row(text, expected, "SET", value)]


def test_twice_a_year_is_a_set_but_a_salary_rate_is_not() -> None:
    text = "Inspectors come twice a year; he earns $500 a year."
    assert found(text, THURSDAY) == [row(text, "a year", "SET", "P1Y")]


@pytest.mark.parametrize(("word", "value"), [
    ("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("recently", "PAST_REF"),
    ("formerly", "PAST_REF"), ("in the near future", "FUTURE_REF"),
])
def test_refs_need_no_anchor(word: str, value: str) -> None:
    text = f"The base was {word} used by the army."
    surface = word.removeprefix("in ")
    assert found(text, None) == [row(text, surface, "DATE", value)]


def test_current_account_is_not_now() -> None:
    assert found("The current account deficit widened.", THURSDAY) == []


# -- invariants -------------------------------------------------------------------------------

_WORDS = ["on", "Thursday", "January", "6", "2022", "May", "may", "within", "ten", "days",
          "the", "night", "of", "last", "week", "ago", "two", "at", "10:00", "and", "-", "to",
          "19", "a", "year", "earlier", "every", "Monday", ",", ".", "\n", "mid", "early",
          "quarter", "third", "now", "yesterday", "evening", "1990s", "'s", "half", "p.m."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30), st.sampled_from([None, WEDNESDAY]))
def test_extents_are_exact_sorted_and_disjoint(words: list[str],
                                               anchor: dt.date | None) -> None:
    text = " ".join(words)
    refs = find_timerefs(text, anchor)
    previous_end = 0
    for ref in refs:
        assert isinstance(ref, TimeRef)
        assert text[ref.start:ref.end] == ref.text
        assert ref.start >= previous_end
        assert ref.text == ref.text.strip()
        assert ref.anchor == anchor
        previous_end = ref.end


def test_scanning_only_around_trigger_words_changes_nothing(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """The finder scans only stretches around trigger words; the whole text gives the same."""
    import storyline.timex as timex

    text = "\n\n".join([
        CSTO, "Inspectors come twice a year; he earns $500 a year.",
        "The region was ruled from Moscow for centuries, through the nineties and in "
        "nineteen ninety-one; markets closed on Christmas Eve and at noon on Thursday.",
        "Net income rose in the third quarter, up from $2 million a year earlier, and "
        "the state of emergency lasted two and a half years until mid-January 2022.",
    ])
    scanned = find_timerefs(text, THURSDAY)
    monkeypatch.setattr(timex, "_regions", lambda whole: [(0, len(whole))])
    assert find_timerefs(text, THURSDAY) == scanned
    assert len(scanned) > 15


def test_arithmetic_off_the_calendar_reads_as_nothing():
    # found by the extents property in CI: "2022 year ago" moved to year 0 and raised
    assert find_timerefs("2022 year ago", dt.date(2022, 1, 12)) == []
    assert find_timerefs("It happened 2022 years ago.", dt.date(2022, 1, 12)) == []
    [ok] = find_timerefs("It happened 20 years ago.", dt.date(2022, 1, 12))
    assert (ok.text, ok.value) == ("20 years ago", "2002")


@pytest.mark.parametrize(("text", "anchor", "value"), [
    # the date names the event its noun stands for: the clause's tense says nothing of it
    ("Clinton campaigned in Ohio ahead of the Nov. 8 election.", dt.date(2016, 7, 20),
     "2016-11-08"),
    ("Polls show a tight race before the November election.", dt.date(2016, 1, 10), "2016-11"),
    ("Protests have continued since the January 2 price rise.", dt.date(2022, 12, 20),
     "2022-01-02"),
    ("He said it was signed under a June agreement with the creditors.", dt.date(1989, 10, 27),
     "1989-06"),
    # "by" is often no time at all: the nearest date stays
    ("Monitors were sent as laid down by the Feb. 23 accord.", dt.date(1998, 3, 6), "1998-02-23"),
    # without an event noun the tense still decides
    ("The year ended March 31.", dt.date(2010, 11, 2), "2010-03-31"),
])
def test_a_date_naming_an_event_looks_the_way_its_preposition_says(
        text: str, anchor: dt.date, value: str) -> None:
    [ref] = find_timerefs(text, anchor)
    assert ref.value == value


@pytest.mark.parametrize("text", [
    "The talks ran until 1100 (1600 GMT) on the second day.",
    "Fighting resumed at 1930 local time.",
    "The aircraft flew at 2000ft over the town.",
])
def test_clock_times_and_measures_are_no_years(text: str) -> None:
    assert [r.value for r in find_timerefs(text, dt.date(2010, 1, 20)) if r.granularity == "year"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("1967 The Six-Day War began.", [("1967", "1967")]),  # a war's name, no duration
    ("The Hundred Years' War ended in 1453.", [("1453", "1453")]),
    ("1999 was a hard year for the region.", [("1999", "1999")]),  # a verb, no plural
    ("Police detained 2000 protesters.", []),  # a plural noun: a count
    ("The truce will last six days.", [("last six days", "P6D")]),
])
def test_names_verbs_and_counts_around_numbers(text: str, expected: list) -> None:
    refs = find_timerefs(text, dt.date(2010, 1, 14))
    assert [(r.text, r.value) for r in refs] == expected


@pytest.mark.parametrize(("text", "anchor", "value"), [
    ("It will then be repeated at 0900 GMT on Saturday.", dt.date(2010, 1, 19), "2010-01-23"),
    ("Officials hoped to get supplies into the city by Thursday.", dt.date(2010, 1, 13),
     "2010-01-14"),  # a plan seen from the past still looks ahead
    ("He returned on Friday, as he had promised.", dt.date(2010, 1, 13), "2010-01-08"),
    # past events stay past: an agreement made, a search going on
    ("The two sides agreed to a ceasefire on Monday.", dt.date(2010, 3, 10), "2010-03-08"),
    ("Crews are still searching the rubble since Monday.", dt.date(2010, 3, 10), "2010-03-08"),
])
def test_adverbs_inside_a_verb_group_and_plans_from_the_past(text: str, anchor: dt.date,
                                                            value: str) -> None:
    [ref] = find_timerefs(text, anchor)
    assert ref.value == value


def test_live_blog_entry_stamps_are_no_years() -> None:
    """A live blog opens its entries with 24-hour stamps; a year in an entry stays a year,
    and a single line opening with a year ("2010 World Cup ...") is not a blog."""
    blog = ("1901 The president of Arden says his country will send rescue teams.\n"
            "2315: The Red Cross says three million people may need aid.\n"
            "0102 Rescuers pull a girl from a church built in 1901.")
    refs = find_timerefs(blog, dt.date(2010, 1, 14))
    assert [(r.text, r.value, blog.count("\n", 0, r.start)) for r in refs] == [("1901", "1901", 2)]
    single = "2010 World Cup tickets go on sale.\nFans queued overnight."
    assert [r.value for r in find_timerefs(single, dt.date(2009, 3, 2))] == ["2010"]
    years = ("Timeline:\n2003 US-led forces invade Iraq.\n2011 The last US troops leave.\n"
             "2014 Militants seize Mosul.")  # lines opening with years, none a clock
    assert [r.value for r in find_timerefs(years, dt.date(2015, 1, 2))] == ["2003", "2011", "2014"]


@pytest.mark.parametrize(("text", "value"), [
    ("The programme runs until December 31.", "2010-12-31"),
    ("The ministry says the bridge must reopen by Christmas.", "2010-12-25"),
    ("The minister wants the law passed by Christmas.", "2010-12-25"),  # a wish, not the past
    ("The council needs the road repaired by January 15.", "2011-01-15"),
])
def test_a_deadline_lies_ahead_unless_the_sentence_is_past(text: str, value: str) -> None:
    [ref] = find_timerefs(text, dt.date(2010, 6, 2))
    assert ref.value == value
    [past] = find_timerefs("The bridge reopened by Christmas.", dt.date(2011, 6, 2))
    assert past.value == "2010-12-25"
    [fled] = find_timerefs("Police want the man who fled on March 1.", dt.date(2010, 6, 2))
    assert fled.value == "2010-03-01"  # a relative clause's past stays past
