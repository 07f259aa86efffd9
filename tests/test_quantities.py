"""Quantities: exact spans, normalised values and bounds, units, counted nouns, the
exact/approximate flag, the look-alikes that must not be read (years, dates, times,
ordinals, phone numbers, the pronoun "one", labels, list markers) and `same_value`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.quantities import Quantity, find_quantities, same_value

# (surface, value, low, high, unit, counted, approximate, kind)
Row = tuple[str, float | None, float | None, float | None, str | None, str | None, bool, str]


def rows(text: str) -> list[Row]:
    return [(q.text, q.value, q.low, q.high, q.unit, q.counted, q.approximate, q.kind)
            for q in find_quantities(text)]


def only(text: str) -> Quantity:
    """The single quantity in `text`."""
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def surfaces(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


# -- news paragraphs, end to end --------------------------------------------------------------

CSTO = ("ALMATY, January 13. The Collective Security Treaty Organization (CSTO) sent 2,030 "
        "Russian-led peacekeepers to Kazakhstan on January 6, Secretary General Stanislav Zas "
        "said. Kazakh outlets put the contingent at about 2.5 thousand, while a Russian "
        "commentator counted 3.6 thousand servicemen. Reuters reported that more than 2,000 "
        "peacekeepers arrived in the first week of January 2022. The withdrawal began on "
        "Thursday at 10:00 and will take no more than ten days, the second day of talks showed.")

BRAZIL = ("PORTO ALEGRE, May 5 (Reuters) - Floods in southern Brazil have killed at least 56 "
          "people, with dozens missing and 24,000 residents forced from their homes, officials "
          "said on 05.05.2024. Rainfall reached 300 mm in some areas, nearly twice the monthly "
          "average, and damage was put at 1.5 billion reais.")

ECB = ("FRANKFURT, Sept 14 - The European Central Bank raised its deposit rate by 0.25 "
       "percentage points to 4%, the tenth increase in a row, taking borrowing costs to their "
       "highest since 1999. It had raised the rate from 3.75% to 4% in two steps. The bank's "
       "balance sheet still holds €1.2 trillion in bonds, and inflation has more than doubled "
       "since 2021.")


def test_csto_paragraph() -> None:
    assert rows(CSTO) == [
        ("2,030 Russian-led peacekeepers", 2030.0, 2030.0, 2030.0, "people", "peacekeeper",
         False, "count"),
        ("about 2.5 thousand", 2500.0, 2450.0, 2550.0, None, None, True, "count"),
        ("3.6 thousand servicemen", 3600.0, 3550.0, 3650.0, "people", "serviceman", False,
         "count"),
        ("more than 2,000 peacekeepers", 2000.0, 2000.0, None, "people", "peacekeeper", True,
         "count"),
        ("no more than ten days", 10.0, None, 10.0, "day", None, True, "measure"),
    ]


def test_spans_point_at_the_text() -> None:
    for text in (CSTO, BRAZIL, ECB):
        for q in find_quantities(text):
            assert text[q.start:q.end] == q.text
    first = find_quantities(CSTO)[0]
    assert first.start == CSTO.index("2,030") and first.end == CSTO.index(" to Kazakhstan")


def test_brazil_paragraph() -> None:
    assert rows(BRAZIL) == [
        ("at least 56 people", 56.0, 56.0, None, "people", "person", True, "count"),
        ("dozens", None, 12.0, 120.0, None, None, True, "count"),
        ("24,000 residents", 24000.0, 24000.0, 24000.0, "people", "resident", False, "count"),
        ("300 mm", 300.0, 300.0, 300.0, "mm", None, False, "measure"),
        ("nearly twice", 2.0, 1.5, 2.0, None, None, True, "ratio"),
        ("1.5 billion reais", 1.5e9, 1.45e9, 1.55e9, "BRL", None, False, "money"),
    ]


def test_ecb_paragraph() -> None:
    assert rows(ECB) == [
        ("0.25 percentage points", 0.25, 0.25, 0.25, "percentage point", None, False,
         "percent"),
        ("4%", 4.0, 4.0, 4.0, "percent", None, False, "percent"),
        # "raised ... from 3.75% to 4%" is a change: two figures, not a range
        ("3.75%", 3.75, 3.75, 3.75, "percent", None, False, "percent"),
        ("4%", 4.0, 4.0, 4.0, "percent", None, False, "percent"),
        ("two steps", 2.0, 2.0, 2.0, None, "step", False, "count"),
        ("€1.2 trillion", 1.2e12, 1.15e12, 1.25e12, "EUR", None, False, "money"),
        ("more than doubled", 2.0, 2.0, None, None, None, True, "ratio"),
    ]


# -- how numbers are written ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "surface", "value"), [
    ("They counted 2,500 troops.", "2,500 troops", 2500.0),
    ("They counted 2 500 troops.", "2 500 troops", 2500.0),
    ("They counted 2\u00a0500 troops.", "2\u00a0500 troops", 2500.0),
    ("A fund of 1 000 000 dollars.", "1 000 000 dollars", 1e6),
    ("It weighed 2.5 kg.", "2.5 kg", 2.5),
    ("They counted 1,234.5 km.", "1,234.5 km", 1234.5),
    ("Two soldiers were hurt.", "Two soldiers", 2.0),
    ("twenty-five soldiers", "twenty-five soldiers", 25.0),
    ("twenty five soldiers", "twenty five soldiers", 25.0),
    ("a hundred people", "a hundred people", 100.0),
    ("two hundred and fifty people", "two hundred and fifty people", 250.0),
    ("one hundred twenty people", "one hundred twenty people", 120.0),
    ("two and a half days", "two and a half days", 2.5),
    ("a dozen eggs", "a dozen eggs", 12.0),
    ("half a dozen eggs", "half a dozen eggs", 6.0),
    ("two dozen eggs", "two dozen eggs", 24.0),
    ("two thousand five hundred people", "two thousand five hundred people", 2500.0),
])
def test_number_forms(text: str, surface: str, value: float) -> None:
    q = only(text)
    assert (q.text, q.value) == (surface, value)
    assert q.start == text.index(surface)


@pytest.mark.parametrize(("text", "value", "low", "high"), [
    # a scale word rounds at the last written digit; the figure is still exact (no hedge)
    ("2.5 thousand", 2500.0, 2450.0, 2550.0),
    ("3.6 thousand", 3600.0, 3550.0, 3650.0),
    ("2,5 thousand", 2500.0, 2450.0, 2550.0),
    ("1.2 million", 1.2e6, 1.15e6, 1.25e6),
    ("two million", 2e6, 1.5e6, 2.5e6),
    ("two and a half million", 2.5e6, 2.25e6, 2.75e6),
    ("half a million", 5e5, 2.5e5, 7.5e5),
    ("5 mln", 5e6, 4.5e6, 5.5e6),
    ("7 bln", 7e9, 6.5e9, 7.5e9),
    ("300k", 3e5, 2.995e5, 3.005e5),
    ("1,200 billion", 1.2e12, 1.1995e12, 1.2005e12),
])
def test_scale_words(text: str, value: float, low: float, high: float) -> None:
    q = only(text)
    assert (q.text, q.value, q.low, q.high, q.approximate) == (text, value, low, high, False)


def test_attached_m_is_million_before_a_noun_and_metres_alone() -> None:
    assert rows("5m people") == [("5m people", 5e6, 4.5e6, 5.5e6, "people", "person", False,
                                  "count")]
    assert rows("a 100m sprint") == [("100m", 100.0, 100.0, 100.0, "m", None, False,
                                      "measure")]


# -- money, percent, ratios, measures ---------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit"), [
    ("$1.2 billion", 1.2e9, "USD"),
    ("€5 million", 5e6, "EUR"),
    ("5 billion rubles", 5e9, "RUB"),
    ("5 billion roubles", 5e9, "RUB"),
    ("USD 300", 300.0, "USD"),
    ("300 USD", 300.0, "USD"),
    ("£5m", 5e6, "GBP"),
    ("$5bn", 5e9, "USD"),
    ("$300k", 3e5, "USD"),
    ("5bn euros", 5e9, "EUR"),
    ("US$40 million", 4e7, "USD"),
    ("R$ 1.5 billion", 1.5e9, "BRL"),
    ("1.5 billion reais", 1.5e9, "BRL"),
    ("50 cents", 0.5, "USD"),
    ("2 million pounds", 2e6, "GBP"),
    ("5 billion won", 5e9, "KRW"),
    ("10 billion tenge", 1e10, "KZT"),
])
def test_money(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.text, q.value, q.unit, q.kind, q.counted) == (text, value, unit, "money", None)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("4%", 4.0, "percent"),
    ("4 %", 4.0, "percent"),
    ("4 percent", 4.0, "percent"),
    ("4.5 per cent", 4.5, "percent"),
    ("4 pct", 4.0, "percent"),
    ("0.25 percentage points", 0.25, "percentage point"),
    ("0.5 percentage point", 0.5, "percentage point"),
    ("0.25 pp", 0.25, "percentage point"),
    ("25 basis points", 0.25, "percentage point"),
    ("25bp", 0.25, "percentage point"),
    ("-0.3%", -0.3, "percent"),
    ("+3.2%", 3.2, "percent"),
])
def test_percent(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.text, q.value, q.unit, q.kind) == (text, value, unit, "percent")


def test_percent_of_a_noun() -> None:
    q = only("Polls gave him 40% of voters.")
    assert (q.text, q.counted) == ("40% of voters", "voter")


@pytest.mark.parametrize(("text", "surface", "value", "counted"), [
    ("a twofold increase in cases", "twofold increase", 2.0, "increase"),
    ("a two-fold rise", "two-fold rise", 2.0, "rise"),
    ("a 2.5-fold jump", "2.5-fold jump", 2.5, "jump"),
    ("a tenfold", "tenfold", 10.0, None),
    ("three times more", "three times", 3.0, None),
    ("2.5 times higher", "2.5 times", 2.5, None),
    ("four times the size", "four times", 4.0, None),
    ("twice as many people", "twice", 2.0, None),
    ("prices doubled", "doubled", 2.0, None),
    ("the deficit halved", "halved", 0.5, None),
    ("output tripled", "tripled", 3.0, None),
    ("rates are expected to double", "double", 2.0, None),
    ("up by a factor of three", "a factor of three", 3.0, None),
    ("3x faster", "3x", 3.0, None),
])
def test_ratios(text: str, surface: str, value: float, counted: str | None) -> None:
    q = only(text)
    assert (q.text, q.value, q.kind, q.counted, q.unit) == (surface, value, "ratio", counted,
                                                             None)


def test_times_without_a_comparative_count_occurrences() -> None:
    q = only("He visited Almaty three times.")
    assert (q.text, q.kind, q.counted) == ("three times", "count", "time")
    assert surfaces("He visited twice.") == []
    assert surfaces("a double murder") == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("10 km", 10.0, "km"),
    ("5km", 5.0, "km"),
    ("100m", 100.0, "m"),
    ("20 kilometres", 20.0, "km"),
    ("5 tonnes", 5.0, "t"),
    ("15 hectares", 15.0, "ha"),
    ("200 sq km", 200.0, "km2"),
    ("200 km²", 200.0, "km2"),
    ("-5°C", -5.0, "°C"),
    ("minus 5 degrees", -5.0, "degree"),
    ("30 degrees Celsius", 30.0, "°C"),
    ("5.5 million barrels per day", 5.5e6, "barrel/day"),
    ("20 pounds", 20.0, "lb"),
    ("three years", 3.0, "year"),
    ("a 10-day", 10.0, "day"),
    ("a 45-year-old", 45.0, "year"),
    ("a two-day", 2.0, "day"),
    ("a three-year-old", 3.0, "year"),
])
def test_measures(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.text, q.value, q.unit, q.kind) == (text.removeprefix("a "), value, unit, "measure")


@pytest.mark.parametrize(("text", "surface", "counted"), [
    ("Police seized 5 tonnes of cocaine.", "5 tonnes of cocaine", "cocaine"),
    ("They sent 3 tonnes of humanitarian aid.", "3 tonnes of humanitarian aid", "aid"),
    ("Police seized 5 tonnes.", "5 tonnes", None),
    ("It lasted 10 years of war.", "10 years", None),  # time units count no noun
])
def test_measure_of_a_noun(text: str, surface: str, counted: str | None) -> None:
    q = only(text)
    assert (q.text, q.counted) == (surface, counted)


# -- ranges, comparatives, hedges -------------------------------------------------------------

@pytest.mark.parametrize(("text", "low", "high", "unit", "counted", "kind"), [
    ("2,000-2,500 soldiers", 2000.0, 2500.0, "people", "soldier", "count"),
    ("2,000–2,500 soldiers", 2000.0, 2500.0, "people", "soldier", "count"),
    ("between 2,000 and 2,500 troops", 2000.0, 2500.0, "people", "troop", "count"),
    ("from 2,000 to 2,500 people", 2000.0, 2500.0, "people", "person", "count"),
    ("2,000 to 2,500 people", 2000.0, 2500.0, "people", "person", "count"),
    ("two or three days", 2.0, 3.0, "day", None, "measure"),
    ("2-3 million people", 2e6, 3e6, "people", "person", "count"),
    ("$1-2 billion", 1e9, 2e9, "USD", None, "money"),
    ("4-5%", 4.0, 5.0, "percent", None, "percent"),
    ("between 4% and 5%", 4.0, 5.0, "percent", None, "percent"),
    ("500 to 2 million", 500.0, 2e6, None, None, "count"),
    ("25-50 basis points", 0.25, 0.5, "percentage point", None, "percent"),
])
def test_ranges(text: str, low: float, high: float, unit: str | None, counted: str | None,
                kind: str) -> None:
    assert rows(text) == [(text, None, low, high, unit, counted, True, kind)]


@pytest.mark.parametrize(("text", "value", "low", "high"), [
    ("more than 2,000", 2000.0, 2000.0, None),
    ("over 2,000", 2000.0, 2000.0, None),
    ("at least 2,000", 2000.0, 2000.0, None),
    ("in excess of 2,000", 2000.0, 2000.0, None),
    ("2,000 or more", 2000.0, 2000.0, None),
    ("2,000-plus", 2000.0, 2000.0, None),
    ("2,000+", 2000.0, 2000.0, None),
    ("up to 2,000", 2000.0, None, 2000.0),
    ("fewer than 2,000", 2000.0, None, 2000.0),
    ("less than 2,000", 2000.0, None, 2000.0),
    ("no more than 2,000", 2000.0, None, 2000.0),
    ("as many as 2,000", 2000.0, None, 2000.0),
    # "nearly" and "almost": below, within the rounding of the last non-zero digit
    ("nearly 2,000", 2000.0, 1500.0, 2000.0),
    ("almost 2,000", 2000.0, 1500.0, 2000.0),
    ("just over 2,000", 2000.0, 2000.0, 2500.0),
    # "about" and friends: the rounding of the last non-zero digit, both ways
    ("about 2,000", 2000.0, 1500.0, 2500.0),
    ("around 2,000", 2000.0, 1500.0, 2500.0),
    ("some 2,000", 2000.0, 1500.0, 2500.0),
    ("roughly 2,000", 2000.0, 1500.0, 2500.0),
    ("approximately 2,000", 2000.0, 1500.0, 2500.0),
    ("an estimated 2,000", 2000.0, 1500.0, 2500.0),
    ("~2,000", 2000.0, 1500.0, 2500.0),
    ("2,000 or so", 2000.0, 1500.0, 2500.0),
    ("2,000-odd", 2000.0, 1500.0, 2500.0),
    ("about 2,500", 2500.0, 2450.0, 2550.0),
    ("about 2,030", 2030.0, 2025.0, 2035.0),
    ("almost 60%", 60.0, 55.0, 60.0),
])
def test_hedges_give_bounds(text: str, value: float, low: float | None,
                            high: float | None) -> None:
    q = only(text)
    assert (q.text, q.value, q.low, q.high, q.approximate) == (text, value, low, high, True)


def test_exactly_is_exact() -> None:
    q = only("exactly 2.5 thousand")
    assert (q.value, q.low, q.high, q.approximate) == (2500.0, 2500.0, 2500.0, False)


def test_over_a_stretch_of_time_is_not_a_bound() -> None:
    q = only("Talks went on over 10 days.")
    assert (q.text, q.low, q.high, q.approximate) == ("10 days", 10.0, 10.0, False)


def test_hedge_at_sentence_start_after_a_paragraph_break() -> None:
    q = only("The match ended.\n\nAround 3,000 spectators attended.")
    assert (q.text, q.approximate, q.counted) == ("Around 3,000 spectators", True, "spectator")


# -- vague quantities -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "low", "high", "unit", "counted", "kind"), [
    ("dozens of homes", 12.0, 120.0, None, "home", "count"),
    ("hundreds of people", 100.0, 1000.0, "people", "person", "count"),
    ("thousands of people", 1000.0, 10000.0, "people", "person", "count"),
    ("tens of thousands of protesters", 1e4, 1e5, "people", "protester", "count"),
    ("hundreds of thousands of Ukrainians", 1e5, 1e6, "people", "ukrainian", "count"),
    ("scores of people", 20.0, 200.0, "people", "person", "count"),
    ("several thousand troops", 2000.0, 10000.0, "people", "troop", "count"),
    ("a few hundred metres", 200.0, 1000.0, "m", None, "measure"),
    ("billions of dollars", 1e9, 1e10, "USD", None, "money"),
    ("thousands of tonnes of grain", 1000.0, 10000.0, "t", "grain", "measure"),
])
def test_vague(text: str, low: float, high: float, unit: str | None, counted: str | None,
               kind: str) -> None:
    assert rows(text) == [(text, None, low, high, unit, counted, True, kind)]


def test_a_couple_of_hundred_is_about_two_hundred() -> None:
    assert rows("a couple of hundred people") == [
        ("a couple of hundred people", 200.0, 150.0, 250.0, "people", "person", True, "count")]


def test_vague_alone_and_need_of() -> None:
    assert surfaces("Thousands were detained.") == ["Thousands"]
    assert surfaces("He scores often.") == []


# -- the counted noun -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "counted", "unit"), [
    ("2,030 Russian-led peacekeepers", "peacekeeper", "people"),
    ("3.6 thousand servicemen", "serviceman", "people"),
    ("2,500 troops", "troop", "people"),
    ("56 people", "person", "people"),
    ("24,000 residents", "resident", "people"),
    ("about 2,000 US troops", "troop", "people"),
    ("2,000 UN peacekeepers", "peacekeeper", "people"),
    ("2,000 police officers", "officer", "people"),
    ("10 heavily armed men", "man", "people"),
    ("12 children", "child", "people"),
    ("5 new cases", "case", None),
    ("1,200 homes", "home", None),
    ("30 casualties", "casualty", "people"),
    ("4 businesses", "business", None),
    ("3 churches", "church", None),
    ("500 staff", "staff", "people"),
    ("one police officer", "officer", "people"),
    ("one Russian soldier", "soldier", "people"),
    ("a 2,030-strong contingent", "contingent", None),
    ("12 Chinese nationals", "national", "people"),
    ("300 Americans", "american", "people"),
])
def test_counted_noun(text: str, counted: str, unit: str | None) -> None:
    q = only(text)
    assert (q.text, q.counted, q.unit, q.kind) == (text.removeprefix("a "), counted, unit,
                                                   "count")


@pytest.mark.parametrize(("text", "surface"), [
    ("56 died in the floods.", "56"),
    ("dozens missing", "dozens"),
    ("The toll rose to 56.", "56"),
    ("Two were killed.", "Two"),
    ("2,000 of them", "2,000"),
    ("2,000 were detained", "2,000"),
])
def test_no_counted_noun_where_none_follows(text: str, surface: str) -> None:
    q = only(text)
    assert (q.text, q.counted, q.unit) == (surface, None, None)


def test_a_lone_letter_is_no_counted_noun() -> None:
    """A tokenised "one 's" split into "one s": "s" is no plural of an empty noun."""
    from storyline.quantities.nouns import singular

    assert singular("s") == "s"
    found = find_quantities("Nobody could bring the dispute under one s favor that year.")
    assert all(q.counted is None or q.counted.strip() for q in found)


# -- look-alikes that are not quantities -------------------------------------------------------

@pytest.mark.parametrize("text", [
    # years
    "It happened in 2022.", "The 2021-2022 season ended.", "in the 2021-22 season",
    "fiscal 2022/23", "By 2030 the plan ends.", "The 2022 elections were close.",
    "2022 was a hard year.", "from 2021 to 2022", "between 2021 and 2022",
    "the 1990s", "mid-2022",
    # dates
    "on January 13", "13 January 2022", "Jan. 13", "January 13-15, 2022",
    "On January 13, 2022 troops left.", "on the 6th of May", "from 6 to 19 January",
    "13.01.2022", "2022-01-13", "01/13/2022", "published 2022-01-13T10:15:00+06:00",
    # times
    "at 10:00", "at 10:00 local time", "at 5 p.m.", "at 10.30 am", "at 1400 GMT",
    # ordinals
    "the second day", "on the 2nd day", "the 21st century", "the tenth increase",
    # phone numbers and codes
    "Call +7 727 258 30 16.", "Call 8-800-555-35-35.", "Call (727) 258-30-16.",
    "COVID-19 cases", "flight MH17", "F-16 jets", "Su-25 jets", "the G20 summit",
    "5G networks", "id tcp-2024-05-04-0193", "RSS 2.0 feed",
    # the pronoun "one"
    "one of the soldiers", "no one was hurt", "a one-off payment", "One said it was fine.",
    "each one counts", "they helped one another", "one carries text",
    # labels and list markers
    "Article 4 of the treaty", "Section 3 applies.", "under Chapter 11", "No. 5 said",
    "Resolution 2231", "Flight 752 crashed.", "A Boeing 737 crashed.", "Windows 10",
    "page 5", "1. First item", "\n2) Second item", "(3) third",
    # scores, tallies, fractions
    "a 3-1 win", "a 52-48 vote", "24/7 coverage", "a 10-member panel",
    # words that are not numbers here
    "some people", "over the years", "a second time", "many people", "several weeks",
])
def test_look_alikes_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_look_alikes_leave_real_quantities_alone() -> None:
    text = ("In 2022, 2,030 troops arrived on January 6 at 10:00; 2000 troops more came on "
            "13.01.2022, Article 4 says, and one of the 56 people hurt died.")
    assert surfaces(text) == ["2,030 troops", "2000 troops", "56 people"]


def test_number_after_a_date_is_still_read() -> None:
    assert surfaces("On May 5 300 mm of rain fell.") == ["300 mm of rain"]


# -- same_value --------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "same"), [
    ("2.5 thousand", "2,500", True),
    ("2,500", "about 2,500", True),
    ("2.5 thousand", "about 2,500", True),
    ("about 2.5 thousand", "2,030", False),
    ("2,030", "about 2,000", True),
    ("2,000", "2,030", False),
    ("2.5 thousand", "2,480", True),
    ("3.6 thousand servicemen", "2,030 troops", False),
    ("about 2.5 thousand", "2,030 troops", False),
    ("2.5 thousand", "2,500 troops", True),
    ("more than 2,000", "2,030", True),
    ("more than 2,000", "1,500", False),
    ("more than 2,000 peacekeepers", "about 2,500 troops", True),
    ("up to 2,000", "500", True),
    ("up to 2,000", "2,030", False),
    ("nearly 2,000", "1,600", True),
    ("nearly 2,000", "2,100", False),
    ("between 2,000 and 2,500", "2,030", True),
    ("between 2,000 and 2,500", "3.6 thousand", False),
    ("thousands of people", "2,030 troops", True),
    ("thousands of people", "800 people", False),
    ("dozens", "56 people", True),
    ("at least 56 people", "56", True),
    ("4%", "4 percent", True),
    ("4%", "4.25%", False),
    ("0.25 percentage points", "25 basis points", True),
    ("0.25 percentage points", "0.25%", False),
    ("€1.2 trillion", "1,200 billion euros", True),
    ("$1.2 billion", "€1.2 billion", False),
    ("$1.2 billion", "1.2 billion", False),
    ("twofold", "doubled", True),
    ("doubled", "2", False),
    ("5 km", "5,000 metres", True),
    ("two weeks", "14 days", True),
    ("10 days", "10 km", False),
])
def test_same_value(a: str, b: str, same: bool) -> None:
    qa, qb = only(a), only(b)
    assert same_value(qa, qb) is same
    assert same_value(qb, qa) is same


# -- invariants --------------------------------------------------------------------------------

_PIECES = ("2,000", "2 500", "2.5", "thousand", "million", "bn", "$", "€", "%", "-", "to", "and",
           "or", "between", "from", "about", "more than", "nearly", "one", "twenty-five",
           "a dozen", "dozens of", "thousands", "people", "troops", "2021", "2022", "January",
           "13", ".", ",", "(", ")", "\n", "10:00", "-5", "°C", "per cent", "twofold", "times",
           "more", "doubled", "the", "Article", "4", "USD", "300k", "minus", "or so", "+",
           "-strong", "year-old", "of", "tens")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from([" ", "", "  "]))
def test_found_quantities_are_sorted_disjoint_and_consistent(pieces: list[str],
                                                             glue: str) -> None:
    text = glue.join(pieces)
    previous_end = 0
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text and q.start < q.end
        assert q.start >= previous_end
        previous_end = q.end
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.value is None:
            assert q.low is not None
        assert same_value(q, q)


def test_same_value_with_every_bound_open() -> None:
    """Two figures with no bound at all (built by hand: no phrase states none) still compare:
    the slack falls back to its floor instead of failing on an empty maximum."""
    open_ended = Quantity(text="some", start=0, end=4, value=None, low=None, high=None,
                          unit=None, counted=None, approximate=True, kind="count")
    assert same_value(open_ended, open_ended)
