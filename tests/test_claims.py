"""Claims and disagreements (issue 5): counts, participant sets, dates and durations found
in our own hand-written articles, each with a span over the words that state it; then the
disagreements across the articles of a story: "differ" and "subset", and the cases that
must not disagree (rounding, thousand-words, units, the same value from several outlets).

spaCy is loaded once per module (the language result is a module fixture)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from storyline.analyze.claims import find_claims
from storyline.analyze.disagreements import find_disagreements, values_agree
from storyline.language import LanguageResult, analyze
from storyline.model import Claim, Span

ROOT = Path(__file__).resolve().parents[1]

# -- our own fixture articles: two outlets (and two more) on the CSTO mission in Kazakhstan ----

# Steppe Herald, Wednesday 12 January 2022: relative dates ("on Thursday"), "within ten days".
STEPPE = (
    "ALMATY — The Collective Security Treaty Organization will begin pulling out its "
    "peacekeepers from Kazakhstan on Thursday, the alliance's secretary general told "
    "reporters on Wednesday.\n\n"
    "The peacekeeping force, numbering 2,030 troops, was deployed last week after President "
    "Kassym-Jomart Tokayev appealed for help. Units from Russia, Belarus, Armenia, Tajikistan "
    "and Kyrgyzstan took part in the operation.\n\n"
    "The withdrawal will be completed within ten days, officials said. Flights from Almaty "
    "airport resumed on Tuesday.\n\n"
    "Subscribe to our newsletter for the latest updates."
)
# Caspian Daily, Friday 14 January 2022: an explicit date, "2.5 thousand", a list without
# Kyrgyzstan, "10 days", and a part of the force that must not make claims.
CASPIAN = (
    "Russia-led troops began withdrawing from Kazakhstan on January 13, barely a week after "
    "they arrived.\n\n"
    "The contingent, about 2.5 thousand servicemen in total, guarded airports and power "
    "plants in Almaty. Units from Russia, Belarus, Armenia and Tajikistan took part in the "
    "mission, according to the defence ministry.\n\n"
    "The withdrawal will take 10 days, the ministry said. The first 200 troops left on "
    "Friday, including 150 Russian paratroopers.\n\n"
    "Advertisement"
)
# Northern Courier, 12 January: "2,500" and the whole force "3,600".
NORTHERN = (
    "The alliance's peacekeeping force, numbering 2,500 troops, will start leaving the "
    "country on Thursday. The whole force numbered 3,600 servicemen, a spokesman said. "
    "Tokayev said the phased withdrawal would start in two days."
)
# Bay Ledger, 13 January: thousand-words, and a national contingent beside the force.
LEDGER = (
    "The CSTO deployed a force of 2.5 thousand troops to Kazakhstan. The whole force "
    "numbered 3.6 thousand servicemen. The Russian contingent numbered 1,500 troops."
)

ARTICLES = {
    "steppe": (STEPPE, dt.date(2022, 1, 12)),
    "caspian": (CASPIAN, dt.date(2022, 1, 14)),
    "northern": (NORTHERN, dt.date(2022, 1, 12)),
    "ledger": (LEDGER, dt.date(2022, 1, 13)),
}


@pytest.fixture(scope="module")
def language() -> LanguageResult:
    return analyze([(article_id, text) for article_id, (text, _) in ARTICLES.items()])


@pytest.fixture(scope="module")
def claims(language: LanguageResult) -> dict[str, list[Claim]]:
    return {article_id: find_claims(text, article_id=article_id, published=published,
                                    language=language.article(article_id),
                                    entities=language.entities)
            for article_id, (text, published) in ARTICLES.items()}


def evidence_text(claim: Claim) -> str:
    text = ARTICLES[claim.evidence.article_id][0]
    return text[claim.evidence.start:claim.evidence.end]


def only(found: list[Claim], kind: str, subject: str, attribute: str) -> Claim:
    matching = [c for c in found if (c.kind, c.subject, c.attribute) == (kind, subject, attribute)]
    assert len(matching) == 1, found
    return matching[0]


def story(claims: dict[str, list[Claim]], *article_ids: str) -> list[Claim]:
    return [claim for article_id in article_ids for claim in claims[article_id]]


# -- claims in one article ---------------------------------------------------------------------

def test_count_claim(claims: dict[str, list[Claim]]) -> None:
    claim = only(claims["steppe"], "count", "troops", "number")
    assert claim.value == {"value": 2030, "low": 2030, "high": 2030, "unit": "people",
                           "noun": "troop", "approx": False, "kind": "count"}
    assert "2,030 troops" in evidence_text(claim)
    hedged = only(claims["caspian"], "count", "troops", "number")
    assert hedged.value == {"value": 2500, "low": 2450, "high": 2550, "unit": "people",
                            "noun": "serviceman", "approx": True, "kind": "count"}
    assert "about 2.5 thousand servicemen" in evidence_text(hedged)


def test_count_whole_force_and_national_contingent_are_their_own_keys(
        claims: dict[str, list[Claim]]) -> None:
    whole = only(claims["northern"], "count", "troops", "total number")
    assert whole.value["value"] == 3600  # type: ignore[index]
    assert "3,600 servicemen" in evidence_text(whole)
    russian = only(claims["ledger"], "count", "troops (Russia)", "number")
    assert russian.value["value"] == 1500  # type: ignore[index]
    assert evidence_text(russian) == "Russian contingent numbered 1,500 troops"


def test_set_claim(claims: dict[str, list[Claim]]) -> None:
    claim = only(claims["steppe"], "set", "troops", "countries")
    assert claim.value == ["Armenia", "Belarus", "Kyrgyzstan", "Russia", "Tajikistan"]
    for name in claim.value:  # type: ignore[attr-defined]
        assert name in evidence_text(claim)


def test_set_claim_without_the_language_layer() -> None:
    text, published = ARTICLES["steppe"]
    found = find_claims(text, article_id="steppe", published=published)
    claim = only(found, "set", "troops", "countries")
    assert claim.value == ["Armenia", "Belarus", "Kyrgyzstan", "Russia", "Tajikistan"]


def test_set_claim_adds_countries_said_of_the_troops() -> None:
    text = ("Most of the soldiers were Russian, with smaller units from Belarus, Armenia, "
            "Tajikistan and Kyrgyzstan.")
    claim = only(find_claims(text, article_id="x", published=None), "set", "troops", "countries")
    assert claim.value == ["Armenia", "Belarus", "Kyrgyzstan", "Russia", "Tajikistan"]
    assert text[claim.evidence.start:claim.evidence.end].startswith("Russian")


def test_date_claim_relative_to_publication(claims: dict[str, list[Claim]]) -> None:
    claim = only(claims["steppe"], "date", "withdrawal", "start")
    assert claim.value == "2022-01-13"  # Thursday after Wednesday 12 January 2022
    assert "pulling out" in evidence_text(claim) and "Thursday" in evidence_text(claim)
    explicit = only(claims["caspian"], "date", "withdrawal", "start")
    assert explicit.value == "2022-01-13"
    assert "January 13" in evidence_text(explicit)


def test_date_claim_needs_a_publication_date_for_relative_words() -> None:
    text, _ = ARTICLES["steppe"]
    found = find_claims(text, article_id="steppe", published=None)
    assert not [c for c in found if c.kind == "date"]


def test_duration_claim(claims: dict[str, list[Claim]]) -> None:
    within = only(claims["steppe"], "duration", "withdrawal", "duration")
    assert within.value == "P10D"
    assert "within ten days" in evidence_text(within)
    plain = only(claims["caspian"], "duration", "withdrawal", "duration")
    assert plain.value == "P10D"
    assert "10 days" in evidence_text(plain)


def test_what_is_not_a_claim(claims: dict[str, list[Claim]]) -> None:
    """A part of the force, a date of speaking, an offset ("start in two days")."""
    caspian = claims["caspian"]
    assert not [c for c in caspian if c.kind == "count" and c.value["value"] in (150, 200)]  # type: ignore[index]
    assert not [c for c in caspian if c.kind == "date" and c.value == "2022-01-14"]
    assert not [c for c in claims["steppe"] if c.kind == "date" and c.value == "2022-01-12"]
    assert not [c for c in claims["northern"] if c.kind == "duration"]


def test_every_evidence_span_holds_the_claim_text(claims: dict[str, list[Claim]]) -> None:
    for article_id, found in claims.items():
        assert found
        for claim in found:
            assert claim.evidence.article_id == article_id
            assert 0 <= claim.evidence.start < claim.evidence.end <= len(ARTICLES[article_id][0])
            assert evidence_text(claim) == claim.text


def test_find_claims_is_deterministic_and_ordered(language: LanguageResult,
                                                  claims: dict[str, list[Claim]]) -> None:
    text, published = ARTICLES["caspian"]
    again = find_claims(text, article_id="caspian", published=published,
                        language=language.article("caspian"), entities=language.entities)
    assert again == claims["caspian"]
    starts = [c.evidence.start for c in again]
    assert starts == sorted(starts)


def test_split_possessive_makes_no_claim_and_no_crash() -> None:
    text = "The envoy never failed to bring such talks under one s favor, whatever the cost."
    assert find_claims(text, article_id="x", published=None) == []


def test_empty_text() -> None:
    assert find_claims("  \n", article_id="x", published=None) == []


# -- disagreements across a story --------------------------------------------------------------

def test_counts_that_differ(claims: dict[str, list[Claim]]) -> None:
    found = find_disagreements(story(claims, "steppe", "caspian"))
    troops = [d for d in found if (d.subject, d.attribute) == ("troops", "number")]
    assert len(troops) == 1
    disagreement = troops[0]
    assert disagreement.kind == "differ"
    assert [v.articles for v in disagreement.values] == [("steppe",), ("caspian",)]
    assert [v.value["value"] for v in disagreement.values] == [2030, 2500]  # type: ignore[index]
    assert "2,030" in disagreement.values[0].text
    assert "2.5 thousand" in disagreement.values[1].text


def test_participant_list_subset(claims: dict[str, list[Claim]]) -> None:
    found = find_disagreements(story(claims, "steppe", "caspian"))
    sets = [d for d in found if d.attribute == "countries"]
    assert len(sets) == 1
    subset = sets[0]
    assert subset.kind == "subset"
    assert [v.articles for v in subset.values] == [("caspian",), ("steppe",)]
    assert subset.values[0].value == ["Armenia", "Belarus", "Russia", "Tajikistan"]
    assert "Kyrgyzstan" in subset.values[1].value  # type: ignore[operator]


def test_same_dates_and_durations_do_not_disagree(claims: dict[str, list[Claim]]) -> None:
    """"on Thursday" (resolved) and "on January 13"; "within ten days" and "10 days"."""
    found = find_disagreements(story(claims, "steppe", "caspian"))
    assert {d.attribute for d in found} == {"number", "countries"}


def test_thousand_words_and_figures_do_not_disagree(claims: dict[str, list[Claim]]) -> None:
    """"2.5 thousand" and "2,500"; "3.6 thousand" and "3,600"; a national contingent is not
    the whole force."""
    assert find_disagreements(story(claims, "northern", "ledger")) == []


def test_one_value_from_several_articles_is_one_claim_value(
        claims: dict[str, list[Claim]]) -> None:
    found = find_disagreements(story(claims, "steppe", "northern", "ledger", "caspian"))
    troops = next(d for d in found if (d.subject, d.attribute) == ("troops", "number"))
    assert [v.articles for v in troops.values] == [("steppe",), ("caspian", "ledger", "northern")]
    assert len(troops.values[1].evidence) == 3


def test_disagreements_do_not_depend_on_claim_order(claims: dict[str, list[Claim]]) -> None:
    everything = story(claims, *ARTICLES)
    expected = find_disagreements(everything)
    shuffled = list(everything)
    random.Random(5).shuffle(shuffled)
    assert find_disagreements(shuffled) == expected
    keys = [(d.subject, d.attribute) for d in expected]
    assert keys == sorted(keys)


# -- the comparison rules, on claims built by hand ---------------------------------------------

def count(article: str, value: float | None, low: float | None, high: float | None, *,
          approx: bool = False, unit: str | None = "people", kind: str = "count",
          subject: str = "troops") -> Claim:
    return Claim(subject=subject, attribute="number", kind="count",
                 value={"value": value, "low": low, "high": high, "unit": unit,
                        "noun": "troop", "approx": approx, "kind": kind},
                 text=str(value), evidence=Span(article_id=article, start=0, end=5))


def claim(article: str, kind: str, value: object, *, start: int = 0) -> Claim:
    return Claim(subject="withdrawal", attribute="start", kind=kind, value=value,  # type: ignore[arg-type]
                 text=str(value), evidence=Span(article_id=article, start=start, end=start + 5))


@pytest.mark.parametrize(("a", "b"), [
    (count("a", 2500, 2450, 2550, approx=True), count("b", 2480, 2480, 2480)),  # about 2,500
    (count("a", 2500, 2500, 2500), count("b", 2480, 2480, 2480)),  # an unhedged round figure
    (count("a", 2000, 2000, 2000), count("b", 2030, 2030, 2030)),  # "2,000" is 1,500-2,500
    (count("a", 2000, 2000, None, approx=True), count("b", 2500, 2450, 2550)),  # more than
    (count("a", 3600, 3550, 3650), count("b", 3600, 3600, 3600)),  # 3.6 thousand / 3,600
    (count("a", 2500, 2500, 2500, unit=None), count("b", 2500, 2500, 2500)),  # bare figure
    (count("a", 4.0, 4.0, 4.0, unit="percent", kind="percent"),
     count("b", 0.25, 0.25, 0.25, unit="percentage point", kind="percent")),  # units
    (count("a", 5.0, 5.0, 5.0, unit="EUR", kind="money"),
     count("b", 7.0, 7.0, 7.0, unit="USD", kind="money")),  # currencies are not converted
    (count("a", 5.0, 5.0, 5.0, unit="km", kind="measure"),
     count("b", 5000.0, 5000.0, 5000.0, unit="m", kind="measure")),  # converted units
])
def test_must_not_disagree(a: Claim, b: Claim) -> None:
    assert values_agree(a, b)
    assert find_disagreements([a, b]) == []


@pytest.mark.parametrize(("a", "b"), [
    (count("a", 2030, 2030, 2030), count("b", 2500, 2450, 2550, approx=True)),
    (count("a", 2030, 2030, 2030), count("b", 2500, 2500, 2500)),
    (count("a", 5.0, 5.0, 5.0, unit="km", kind="measure"),
     count("b", 7000.0, 7000.0, 7000.0, unit="m", kind="measure")),
])
def test_must_disagree(a: Claim, b: Claim) -> None:
    assert not values_agree(a, b)
    [disagreement] = find_disagreements([a, b])
    assert disagreement.kind == "differ"
    assert [v.articles for v in disagreement.values] == [("a",), ("b",)]


def _tally(article: str, value: int, subject: str, attribute: str, unit: str | None) -> Claim:
    return Claim(subject=subject, attribute=attribute, kind="count",
                 value={"value": value, "low": value, "high": value, "unit": unit,
                        "noun": subject, "approx": False, "kind": "count"},
                 text=str(value), evidence=Span(article_id=article, start=0, end=5))


@pytest.mark.parametrize(("subject", "attribute", "unit"), [
    ("goal", "number", None),  # "scored 13 goals" this month, "33 goals" in a career
    ("people", "number", "people"),  # "two people in this race", "a sample of 429 people"
    ("yard", "number throw", None),  # one game's passing yards and another's
    ("time", "number detained", None),  # "arrested three times", "four times": two men
])
def test_counts_under_a_key_that_names_no_one_fact_are_not_compared(
        subject: str, attribute: str, unit: str | None) -> None:
    claims = [_tally("a", 13, subject, attribute, unit), _tally("b", 33, subject, attribute, unit)]
    assert find_disagreements(claims, published={"a": dt.date(2024, 5, 4),
                                                 "b": dt.date(2024, 5, 4)}) == []


def test_people_something_happened_to_are_compared() -> None:
    claims = [_tally("a", 12, "people", "number injured", "people"),
              _tally("b", 18, "people", "number injured", "people")]
    [injured] = find_disagreements(claims, published={"a": dt.date(2024, 5, 4),
                                                      "b": dt.date(2024, 5, 4)})
    assert [v.articles for v in injured.values] == [("a",), ("b",)]


def test_background_dates_are_not_compared() -> None:
    """"left Russia in 2008" in a report of 2010 is an earlier departure, not the story's."""
    old = claim("a", "date", "2008")
    recent = claim("b", "date", "2010-07-20")
    published = {"a": dt.date(2010, 7, 26), "b": dt.date(2010, 7, 24)}
    assert find_disagreements([old, recent], published=published) == []
    assert len(find_disagreements([claim("a", "date", "2010-07-12"), recent],
                                  published=published)) == 1


@pytest.mark.parametrize(("text", "expected"), [
    # a country's abbreviation narrows the subject like its name
    ("Officials said on Monday that 18 U.S. soldiers had fallen ill at the base.",
     {("troops (United States)", 18)}),
    # "more" makes the figure a part: the force grows by it
    ("The alliance is sending 4,000 more troops to the region.", set()),
])
def test_troop_figures_of_one_country_or_of_a_part(text: str, expected: set) -> None:
    found = find_claims(text, article_id="x", published=None)
    assert {(c.subject, c.value["value"]) for c in found  # type: ignore[index]
            if c.kind == "count"} == expected


def test_dates_differ_unless_one_holds_the_other() -> None:
    assert find_disagreements([claim("a", "date", "2022-01-13"),
                               claim("b", "date", "2022-01")]) == []
    assert find_disagreements([claim("a", "date", "2022-01-13"),
                               claim("b", "date", "2022-W02")]) == []
    [differ] = find_disagreements([claim("b", "date", "2022-01-15"),
                                   claim("a", "date", "2022-01-13")])
    assert [v.value for v in differ.values] == ["2022-01-13", "2022-01-15"]


def test_durations() -> None:
    assert find_disagreements([claim("a", "duration", "P10D"),
                               claim("b", "duration", "PT240H")]) == []
    assert find_disagreements([claim("a", "duration", "P1M"),
                               claim("b", "duration", "P30D")]) == []  # not comparable
    [differ] = find_disagreements([claim("a", "duration", "P2W"),
                                   claim("b", "duration", "P10D")])
    assert [v.value for v in differ.values] == ["P10D", "P2W"]


def test_sets_that_overlap_differ() -> None:
    [differ] = find_disagreements([claim("a", "set", ["Armenia", "Russia"]),
                                   claim("b", "set", ["Belarus", "Russia"])])
    assert differ.kind == "differ"


def test_an_article_contradicting_itself_is_not_compared() -> None:
    """Two figures under one key in one article: the key joins two facts."""
    claims = [count("a", 200, 200, 200), count("a", 2030, 2030, 2030),
              count("b", 2500, 2500, 2500)]
    assert find_disagreements(claims) == []


def test_one_article_alone_never_disagrees() -> None:
    assert find_disagreements([claim("a", "date", "2022-01-13"),
                               claim("a", "date", "2022-01-13", start=40)]) == []


# -- our example articles ----------------------------------------------------------------------

def test_example_csto_articles() -> None:
    """The CSTO articles in examples/: TASS says 2,030 troops, the Almaty piece "about 2.5
    thousand"; "more than 2,000" agrees with both and is not shown."""
    files = {"tass": ("tass_csto_withdrawal_2022-01-12.txt", dt.date(2022, 1, 12)),
             "almaty": ("csto_almaty_handover.txt", dt.date(2022, 1, 13)),
             "meridian": ("meridian_times_csto_pullout.txt", dt.date(2022, 1, 14))}
    texts = {key: (ROOT / "examples" / "text" / name).read_text(encoding="utf-8")
             for key, (name, _) in files.items()}
    result = analyze(list(texts.items()))
    found = [claim for key, (_, published) in files.items()
             for claim in find_claims(texts[key], article_id=key, published=published,
                                      language=result.article(key), entities=result.entities)]
    for claim in found:
        assert texts[claim.evidence.article_id][claim.evidence.start:claim.evidence.end] == claim.text
    starts = {(c.evidence.article_id, c.kind, c.subject, c.attribute, repr(c.value)) for c in found}
    assert ("tass", "date", "withdrawal", "start", "'2022-01-13'") in starts
    assert ("meridian", "date", "withdrawal", "start", "'2022-01-13'") in starts
    assert ("almaty", "duration", "withdrawal", "duration", "'P10D'") in starts
    [troops] = [d for d in find_disagreements(found) if d.attribute == "number"]
    assert [v.articles for v in troops.values] == [("tass",), ("almaty",)]
    assert all(d.attribute != "start" for d in find_disagreements(found))


# -- rates -------------------------------------------------------------------------------------

def test_rate_claims_and_their_disagreement() -> None:
    """A rate's level, by name; percent and percentage points are never compared; a
    forecast makes no claim."""
    first = ("FRANKFURT — The central bank lifted its benchmark deposit rate to a record high "
             "of 4.00% on Thursday. Staff expect inflation to average 5.6% this year.")
    second = ("The bank raised the deposit rate by 25 basis points to 4.25%, while the main "
              "refinancing rate rises to 4.50% and the marginal lending rate to 4.75%.")
    a = find_claims(first, article_id="a", published=dt.date(2023, 9, 14))
    b = find_claims(second, article_id="b", published=dt.date(2023, 9, 14))
    level = only(a, "count", "deposit rate", "level")
    assert level.value["value"] == 4 and level.value["unit"] == "percent"  # type: ignore[index]
    assert level.text == "deposit rate to a record high of 4.00%"
    assert not [c for c in a if c.value["value"] == 5.6]  # type: ignore[index]
    names = {(c.subject, c.value["value"]) for c in b}  # type: ignore[index]
    assert {("deposit rate", 4.25), ("refinancing rate", 4.5),
            ("marginal lending rate", 4.75)} <= names
    [disagreement] = find_disagreements([*a, *b])
    assert (disagreement.subject, disagreement.attribute) == ("deposit rate", "level")
    assert [v.value["value"] for v in disagreement.values] == [4, 4.25]  # type: ignore[index]


def test_long_texts_are_parsed_in_chunks_with_true_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks cut at paragraph breaks (here every ~300 characters) keep offsets exact."""
    from storyline.analyze import claims_syntax
    from storyline.language import runner

    monkeypatch.setattr(runner, "CHUNK_CHARS", 300)
    text = "\n\n".join([STEPPE, CASPIAN])
    found = find_claims(text, article_id="long", published=dt.date(2022, 1, 12))
    assert len(claims_syntax.parse(text)) > 3
    assert {(c.kind, c.subject, c.attribute) for c in found} >= {
        ("count", "troops", "number"), ("set", "troops", "countries"),
        ("duration", "withdrawal", "duration")}
    for claim in found:
        assert text[claim.evidence.start:claim.evidence.end] == claim.text


# -- running tallies ---------------------------------------------------------------------------

def test_running_tallies_are_compared_only_within_a_day() -> None:
    """"74 missing" on Saturday and "103 missing" on Sunday are both right."""
    saturday = find_claims("Officials said 74 people were missing and at least 56 people were "
                           "killed.", article_id="sat", published=dt.date(2024, 5, 4))
    sunday = find_claims("The agency said 103 people were missing.", article_id="sun",
                         published=dt.date(2024, 5, 5))
    killed = only(saturday, "count", "people", "number killed")
    assert killed.value["low"] == 56 and killed.value["high"] is None  # type: ignore[index]
    assert "56 people" in killed.text
    assert only(sunday, "count", "people", "number missing").value["value"] == 103  # type: ignore[index]
    both = [*saturday, *sunday]
    assert find_disagreements(both) == []
    dates = {"sat": dt.date(2024, 5, 4), "sun": dt.date(2024, 5, 5)}
    assert find_disagreements(both, published=dates) == []
    same_day = {"sat": dt.date(2024, 5, 5), "sun": dt.date(2024, 5, 5)}
    [missing] = find_disagreements(both, published=same_day)
    assert (missing.attribute, [v.articles for v in missing.values]) == (
        "number missing", [("sat",), ("sun",)])


def test_a_country_narrows_the_subject_only_for_its_own_troops() -> None:
    """"Russia sent 1,500 troops" is Russia's contingent; "the bulk of the 2,030-strong
    force" is a share of a whole, no claim on the force's size."""
    text = ("Russia contributed the bulk of the 2,030-strong force, some 1,500 troops. "
            "The CSTO sent more than 2,000 troops.")
    found = find_claims(text, article_id="x", published=None)
    assert {(c.subject, c.attribute, c.value["value"]) for c in found} == {  # type: ignore[index]
        ("troops (Russia)", "number", 1500), ("troops", "number", 2000)}


# -- what narrows a figure: places, organisations, actors; plans; other events ------------------

def _counts(*texts: str, day: dt.date = dt.date(2016, 6, 18)) -> list[Claim]:
    return [c for i, text in enumerate(texts)
            for c in find_claims(text, article_id=f"a{i}", published=day) if c.kind == "count"]


def _found(claims: list[Claim], day: dt.date = dt.date(2016, 6, 18)) -> list[tuple]:
    published = {c.evidence.article_id: day for c in claims}
    return [(d.subject, d.attribute, [v.value["value"] for v in d.values])  # type: ignore[index]
            for d in find_disagreements(claims, published=published)]


def test_forces_in_different_places_or_of_different_organisations_are_not_compared() -> None:
    """"3,000 UN peacekeepers in Port Arden" and "a UN force of 9,000 in Velmora" are two
    forces; so are UN and Ardent Union peacekeepers. The same place still disagrees."""
    city = "The UN has 3,000 peacekeepers in Port Arden."
    country = "A UN peacekeeping force of 9,000 has been in Velmora since 2004."
    [claim] = _counts(city)
    assert claim.value["scope"] == {"org": ["UN"], "place": ["Port Arden"]}  # type: ignore[index]
    assert _found(_counts(city, country)) == []
    assert _found(_counts(city, "The Ardent Union has 9,000 peacekeepers in Port Arden.")) == []
    same = "A UN peacekeeping force of 9,000 has been in Port Arden since 2004."
    assert _found(_counts(city, same)) == [("troops", "number", [3000, 9000])]
    unplaced = "The UN has 9,000 peacekeepers."  # names no place: may be the same force
    assert _found(_counts(city, unplaced)) == [("troops", "number", [3000, 9000])]
    [based] = _counts("Mr Tallis says the 3,000 UN peacekeepers based in and around Port "
                      "Velden are securing the airport.")
    assert based.value["scope"] == {"org": ["UN"], "place": ["Port Velden"]}  # type: ignore[index]


def test_a_sending_country_is_the_subject_s_not_a_place() -> None:
    """"The US has sent 3,500" is narrowed by its subject, troops (United States); the US
    is no place that keeps it from "4,200 US soldiers in Velmora"."""
    found = _counts("The US has sent 3,500 soldiers.", "There are 4,200 US soldiers in Velmora.")
    assert _found(found) == [("troops (United States)", "number", [3500, 4200])]


def test_deaths_of_different_events_are_not_compared() -> None:
    """What killed them is part of the fact: an explosion's dead and a bombing's."""
    explosion = "A gas explosion in Dunmore killed 15 people on Monday."
    bombing = "The bombing of Skyline flight 61 killed 27 people on Monday."
    assert _found(_counts(explosion, bombing)) == []
    same = "The explosion killed 27 people on Monday."
    assert _found(_counts(explosion, same)) == [("people", "number killed", [15, 27])]


def test_one_team_s_rescues_are_a_share_of_the_count() -> None:
    """"her team rescued two people" counts one team's rescues, no claim on the total."""
    assert _counts("Ms Vance said her team rescued two people on Saturday.") == []
    [claim] = _counts("Two people were rescued on Saturday.")
    assert (claim.subject, claim.attribute) == ("people", "number rescued")


def test_plans_are_compared_only_within_a_day() -> None:
    """"The school had been due to reopen on May 31" (28 May) is not another outlet's
    "reopening today" (7 May): plans move, and other schools reopen on other days."""
    reopened = claim("a", "date", "2009-05-07")
    planned = claim("b", "date", "2009-05-31")
    published = {"a": dt.date(2009, 5, 7), "b": dt.date(2009, 5, 28)}
    assert find_disagreements([reopened, planned], published=published) == []
    same_day = {"a": dt.date(2009, 5, 7), "b": dt.date(2009, 5, 7)}
    [differ] = find_disagreements([reopened, planned], published=same_day)
    assert [v.value for v in differ.values] == ["2009-05-07", "2009-05-31"]
    past = {"a": dt.date(2009, 6, 7), "b": dt.date(2009, 6, 2)}  # both reported after the fact
    assert len(find_disagreements([reopened, planned], published=past)) == 1


def test_an_indefinite_event_is_not_the_story_s() -> None:
    """"an April summit" is some summit; "the April summit" is the story's."""
    day = dt.date(2016, 6, 18)
    assert find_claims("The letter cited an April summit where the minister spoke.",
                       article_id="x", published=day) == []
    [summit] = find_claims("The leaders met at the April summit in Velmora.",
                           article_id="x", published=day)
    assert (summit.subject, summit.value) == ("summit", "2016-04")


def test_a_force_on_its_way_is_a_plan() -> None:
    """"is sending up to 3,500 soldiers" counts what is on the way, not the force there;
    "sent 3,500 soldiers" is the force, and disagrees with "4,200"."""
    there = "There are 4,200 US soldiers in Velmora."
    on_the_way = _counts("The US army is sending up to 3,500 soldiers to Velmora.")
    assert [c.attribute for c in on_the_way] == ["planned number"]
    assert _found([*on_the_way, *_counts(there)]) == []
    sent = _counts("The US army sent 3,500 soldiers to Velmora.", there)
    assert _found(sent) == [("troops (United States)", "number", [3500, 4200])]


def test_a_part_of_the_whole_is_not_a_conflict() -> None:
    """"At least 14 UN personnel ..., among them three Jordanian and 11 Brazilian soldiers"
    gives 11 as a part of 14: an outlet reporting 11 soldiers killed tells a part of it.
    Another figure in the sentence that is no part ("and injured 30") hides nothing, and
    two outlets that each give one figure of their own still disagree."""
    whole = ("At least 14 UN personnel were killed in the quake, among them three Jordanian "
             "and 11 Brazilian soldiers, the mission said on Wednesday.")
    part = "Eleven soldiers were killed when the headquarters collapsed, officials said."
    [claim] = _counts(whole)
    assert claim.value["parts"] == [11]  # type: ignore[index]
    assert _found(_counts(whole, part)) == []
    other = "Nine soldiers were killed when the headquarters collapsed, officials said."
    assert _found(_counts(whole, other)) == [("troops", "number killed", [9, 14])]
    assert _found(_counts(part, other)) == [("troops", "number killed", [9, 11])]
    both = "The earthquake killed 14 people and injured 30 people in Port Arden on Monday."
    assert all("parts" not in c.value for c in _counts(both))  # type: ignore[operator]
    later = "The earthquake killed 30 people in Port Arden on Monday."
    assert _found(_counts(both, later)) == [("people", "number killed", [14, 30])]


def test_what_did_it_is_compared_in_other_words() -> None:
    """"The blast" and "the explosion" are one event's cause: their counts meet (and here
    disagree); "the quake" and "the earthquake" too ("at least 200" holds 230)."""
    blast = "The blast killed 15 people in Dunmore on Monday, police said."
    explosion = "The explosion killed 12 people in Dunmore on Monday, police said."
    assert _found(_counts(blast, explosion)) == [("people", "number killed", [12, 15])]
    quake = _counts("The quake killed at least 200 people in Port Arden on Tuesday.",
                    "The earthquake killed 230 people in Port Arden on Tuesday.")
    assert [c.value["scope"]["actor"] for c in quake] == [["earthquake"]] * 2  # type: ignore[index]
    assert _found(quake) == []
    bombing = "The bombing killed 15 people in Dunmore on Monday, police said."
    attack = "The attack killed 12 people in Dunmore on Monday, police said."
    assert _found(_counts(bombing, attack)) == []  # may be two events


def test_planned_counts_are_compared_only_within_a_day() -> None:
    """A plan grows as a story develops ("will send up to 3,500 soldiers" on the 14th,
    "will deploy 10,000 troops" on the 20th): two days, no conflict; one day, a conflict."""
    first = find_claims("The United States will send up to 3,500 soldiers to Port Arden.",
                        article_id="a0", published=dt.date(2010, 1, 14))
    later = find_claims("The United States will send 10,000 soldiers to Port Arden.",
                        article_id="a1", published=dt.date(2010, 1, 20))
    assert {(c.attribute, c.value["value"] or c.value["high"]) for c in first + later} == {  # type: ignore[index]
        ("planned number", 3500), ("planned number", 10000)}
    days = {"a0": dt.date(2010, 1, 14), "a1": dt.date(2010, 1, 20)}
    assert find_disagreements(first + later, published=days) == []
    same = {"a0": dt.date(2010, 1, 14), "a1": dt.date(2010, 1, 14)}
    assert len(find_disagreements(first + later, published=same)) == 1


def test_claims_read_the_given_parse_and_each_sentence_keeps_its_offsets() -> None:
    """The claim rules read the language layer's parse cut into sentences: the same claims
    as parsing here, and every piece is the article's own characters at its offset."""
    from storyline.analyze.claims_syntax import parse, parsed_pieces, sentences_of
    from storyline.language.runner import parse_texts

    text = "\n\n".join([STEPPE, CASPIAN])
    language = analyze([("long", text)])
    article = language.article("long")
    spans = [(s.start, s.end) for s in article.sentences]
    pieces = sentences_of(parse(text), spans)
    assert len(pieces) == len(spans)
    for piece in pieces:
        assert piece.doc.text.rstrip() == text[piece.offset:piece.offset + piece.length].rstrip()
    given = [p for parts in parse_texts([text]) for p in parts]
    published = dt.date(2022, 1, 12)
    here = find_claims(text, article_id="long", published=published, language=article,
                       entities=language.entities)
    reused = find_claims(text, article_id="long", published=published, language=article,
                         entities=language.entities, parsed=parsed_pieces(given))
    assert here == reused
    assert {(c.kind, c.subject, c.attribute) for c in reused} >= {
        ("count", "troops", "number"), ("set", "troops", "countries")}


def test_a_sentence_copied_out_of_the_parse_is_what_spacy_as_doc_gives() -> None:
    """`sentence_doc` is `Span.as_doc` without its per-call cost: the same tokens, tags,
    heads, dependencies and entities, an entity cut by the sentence's edge unannotated."""
    from storyline.analyze.claims_syntax import sentence_doc
    from storyline.language.runner import parse_texts

    text = "\n\n".join([STEPPE, CASPIAN, LEDGER])
    [(_, doc)] = next(parse_texts([text]))

    def described(d):
        return ([(t.text, t.whitespace_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
                  t.is_sent_start) for t in d], [(e.start, e.end, e.label_) for e in d.ents])

    attrs = doc._get_array_attrs()
    array = doc.to_array(attrs)
    spans = [*doc.sents, doc[3:9], doc[1:len(doc) - 1]]
    spans += [doc[e.start + 1:e.end + 3] for e in doc.ents if len(e) > 1]  # cut at the start
    spans += [doc[max(0, e.start - 2):e.start + 1] for e in doc.ents if len(e) > 1]  # the end
    assert any(len(e) > 1 for e in doc.ents)
    for span in spans:
        assert described(sentence_doc(span, attrs, array)) == described(span.as_doc())
