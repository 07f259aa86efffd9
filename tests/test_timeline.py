"""The story timeline (`storyline.analyze.timeline`) on articles we wrote for it: wire copy
with datelines, relative dates ("yesterday evening", "on Monday", "on the night of
January 6"), a sentence syndicated by two outlets, an undated commentary and a plan for a
later day. All names and events are invented."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from conftest import LIVE_BLOG, text_article
from storyline.analyze.timeline import build_timeline, split_sentences_fast
from storyline.clean import clean_document
from storyline.model import Article, RawDocument, TimelineEntry

# 2022-01-06 is a Thursday, 2022-01-13 a Thursday, 2022-01-17 a Monday.
TEXTS = {
    "wire": ("Eastern Wire", "2022-01-13",
             "MOSCOW, January 13. /TASS/. The first column of the joint peacekeeping force left "
             "Almaty yesterday evening after a farewell ceremony at the airport. Defence officials "
             "said the last units would be home by January 19. Street protests over fuel prices "
             "turned violent on the night of January 6, when crowds set fire to the city "
             "administration building. The force was sent to the country on January 6 at the "
             "request of the president. About 2,000 soldiers from five countries took part in "
             "the mission."),
    "paper": ("Meridian Times", "2022-01-13",
              "ALMATY (Reuters) - The first column of the joint peacekeeping force left Almaty "
              "yesterday evening after a short farewell ceremony at the airport. The pullout "
              "follows a week of unrest that began on the night of January 6 with street protests "
              "over fuel prices. Shops in the city centre reopened on Monday, the mayor's office "
              "said."),
    "weekly": ("Valley Courier", "2022-01-17",
               "The president thanked the departing soldiers in a televised address on Friday. "
               "Traffic returned to normal across Almaty yesterday, city officials said. Mr. Orlov, "
               "the mayor, told reporters that repairs to the administration building would cost "
               "about $40 million."),
    "comment": ("Harbor City Times", "2022-01-18",
                "Analysts say the brief mission has strengthened the alliance's standing in the "
                "region. Several governments have praised the speed of the deployment and the "
                "orderly withdrawal that followed it."),
    "energy": ("Capital Dispatch", "2022-01-20",
               "The energy ministry said the fuel price cap introduced in December 2021 would stay "
               "in place for six more months."),
}


def _article(name: str) -> Article:
    source, published, text = TEXTS[name]
    raw = RawDocument(origin=f"{name}.txt", content=text, kind="text",
                      sha256=hashlib.sha256(text.encode()).hexdigest(), title=f"{name} story",
                      source=source, published=published, published_from="metadata")
    article = clean_document(raw)
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [_article(name) for name in TEXTS]


@pytest.fixture(scope="module")
def timeline(articles: list[Article]) -> list[TimelineEntry]:
    return build_timeline(articles)


def _by_date(entries: list[TimelineEntry]) -> dict[str, list[TimelineEntry]]:
    found: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        found.setdefault(entry.date, []).append(entry)
    return found


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_datelines_are_cut_by_cleaning(articles: list[Article]) -> None:
    assert articles[0].text.startswith("The first column")
    assert articles[0].dateline_date == dt.date(2022, 1, 13)


def test_event_dates_not_report_dates(timeline: list[TimelineEntry]) -> None:
    dates = _by_date(timeline)
    # "on the night of January 6" / "on January 6", reported on the 13th: dated the 6th
    assert any("January 6" in e.text for e in dates["2022-01-06"])
    # "yesterday evening" in articles of the 13th: the 12th
    assert any("yesterday evening" in e.text for e in dates["2022-01-12"])
    for entry in dates.get("2022-01-13", []):
        assert "January 6" not in entry.text and "yesterday" not in entry.text


def test_relative_dates_resolved_against_each_article(timeline: list[TimelineEntry]) -> None:
    dates = _by_date(timeline)
    assert any("reopened on Monday" in e.text for e in dates["2022-01-10"])  # Monday before the 13th
    assert any("address on Friday" in e.text for e in dates["2022-01-14"])  # Friday before the 17th
    assert any("yesterday, city officials" in e.text for e in dates["2022-01-16"])  # day before the 17th


def test_syndicated_sentence_is_one_entry_citing_both(articles: list[Article],
                                                      timeline: list[TimelineEntry]) -> None:
    (entry,) = [e for e in timeline if "first column" in e.text]
    assert entry.date == "2022-01-12"
    cited = {c.article_id for c in entry.citations}
    assert cited == {articles[0].id, articles[1].id}


def test_every_citation_points_at_supporting_text(articles: list[Article],
                                                  timeline: list[TimelineEntry]) -> None:
    texts = {a.id: a.text for a in articles}
    for entry in timeline:
        assert entry.citations
        assert any(texts[c.article_id][c.start:c.end] == entry.text for c in entry.citations)
        for citation in entry.citations:
            cited = texts[citation.article_id][citation.start:citation.end]
            words, mine = _words(cited), _words(entry.text)
            assert len(words & mine) / len(words | mine) >= 0.75, (cited, entry.text)


def test_sorted_with_granularity(timeline: list[TimelineEntry]) -> None:
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    for entry in timeline:
        width = {"day": 10, "month": 7, "year": 4}[entry.granularity]
        assert len(entry.date) == width
        dt.date.fromisoformat(entry.date if width == 10 else f"{entry.date}-01"[:7] + "-01")
    months = [e for e in timeline if e.granularity == "month"]
    assert [(e.date, "December 2021" in e.text) for e in months] == [("2021-12", True)]


def test_plans_are_not_events(timeline: list[TimelineEntry]) -> None:
    assert all(e.date != "2022-01-19" for e in timeline)  # "would be home by January 19"


def test_undated_articles_fall_back_to_publication_day(articles: list[Article]) -> None:
    comment = [a for a in articles if a.source == "Harbor City Times"]
    entries = build_timeline(comment)
    assert entries and {e.date for e in entries} <= {"2022-01-18", "2022-01-17"}
    assert all(e.granularity == "day" for e in entries)


def test_named_dates_rank_before_publication_days(articles: list[Article]) -> None:
    # most sentences and outlets name the 6th and the 12th
    entries = build_timeline(articles, max_dates=2, per_date=1)
    assert [e.date for e in entries] == ["2022-01-06", "2022-01-12"]


def test_max_dates_and_per_date(articles: list[Article]) -> None:
    entries = build_timeline(articles, max_dates=3, per_date=2)
    dates = _by_date(entries)
    assert len(dates) == 3
    assert all(1 <= len(v) <= 2 for v in dates.values())
    assert len(dates["2022-01-06"]) == 2  # three sentences name it, none copies of another
    texts = [e.text for e in entries]
    assert len(texts) == len(set(texts))
    assert build_timeline(articles, max_dates=0) == []
    assert build_timeline([], max_dates=5) == []


def test_given_sentences_are_used(articles: list[Article]) -> None:
    wire = articles[0]
    spans = split_sentences_fast(wire.text)
    # drop the two sentences naming January 6: the 6th has to come from the other outlet
    kept = [(s, e) for s, e in spans if "January 6" not in wire.text[s:e]]
    entries = build_timeline(articles, sentences={wire.id: kept})
    for entry in entries:
        for citation in entry.citations:
            if citation.article_id == wire.id:
                assert (citation.start, citation.end) in kept
    (sixth,) = [e for e in entries if e.date == "2022-01-06"]
    assert {c.article_id for c in sixth.citations} == {articles[1].id}


def test_span_keeps_dates_inside(articles: list[Article]) -> None:
    entries = build_timeline(articles, span=(dt.date(2022, 1, 10), dt.date(2022, 1, 14)))
    assert entries and all("2022-01-10" <= e.date <= "2022-01-14" for e in entries)


def test_deterministic(articles: list[Article]) -> None:
    assert build_timeline(articles) == build_timeline(articles)


def test_splitter_keeps_titles_and_lines() -> None:
    text = "Mr. Orlov spoke on Jan. 12 in the U.S. capital. He left.\nA new line starts here"
    assert [text[s:e] for s, e in split_sentences_fast(text)] == [
        "Mr. Orlov spoke on Jan. 12 in the U.S. capital.", "He left.", "A new line starts here"]


def test_a_dateline_left_in_the_text_dates_nothing() -> None:
    text = ("MOSCOW, January 13. /TASS/. The first column of the force left Almaty after a farewell "
            "ceremony at the airport.")
    article = Article(id="raw", origin="raw.jsonl:1", raw_sha256="", text=text, title=None,
                      source=None, url=None, published=dt.date(2022, 1, 14), published_from="metadata")
    entries = build_timeline([article], max_dates=1)
    assert [e.text for e in entries] == [text[text.index("The first"):]]
    assert entries[0].date == "2022-01-14"  # the publication day: the text names no date


def test_captions_headlines_and_chrome_are_no_entries() -> None:
    """Dated lines without a full stop (a photo caption, a headline) and page chrome name a
    date but tell no event; the dated sentence of the same day is the entry."""
    text = ("Firefighters outside the Brenner mill on 14 March 2023\n"
            "Mill fire: what we know so far about 14 March\n"
            "Photo: Ida Sund for the Valley Courier, 14 March 2023.\n"
            "A fire destroyed the old Brenner mill in Oskarvik on 14 March, the fire service "
            "said.")
    article = text_article("mill", text, dt.date(2023, 3, 15))
    entries = build_timeline([article], per_date=4)
    assert [(e.date, e.text) for e in entries if e.date == "2023-03-14"] == [
        ("2023-03-14", text[text.index("A fire destroyed"):])]


def test_a_live_blog_entry_stamp_opens_no_timeline_entry() -> None:
    text = LIVE_BLOG
    entries = build_timeline([text_article("blog", text, dt.date(2010, 1, 14))], per_date=3)
    assert {e.text.split()[0] for e in entries} == {"The", "Rescuers"}
    assert all(text[c.start:c.end] == e.text for e in entries for c in e.citations)
    assert [e.date for e in entries if e.text.startswith("Rescuers")] == ["2010-01-13"]


def test_a_timeline_from_the_claims_time_references_is_the_one_read_afresh(
        articles: list[Article]) -> None:
    """The story's timeline takes each article's time references from its claims (read once
    per article, kept in the claims' cache) instead of finding them again: the same call,
    the same text against the same date, so the same timeline. A page of dated items reads
    each item against its own date, not those references."""
    from storyline.analyze.article_claims import (
        article_timerefs,
        timeref_from_record,
        timeref_record,
    )
    from storyline.timex import find_timerefs

    page = ("updated: Sun Jul 29 2012 08:01:00 GMT Shelling resumed in the old town on "
            "Saturday, residents said.\n"
            "Posted 8:01 AM EDT, Wed July 25, 2012 Rebels took the airport on Tuesday after "
            "a day of fighting.")
    everything = [*articles, text_article("blog", LIVE_BLOG, dt.date(2010, 1, 14)),
                  text_article("items", page, dt.date(2012, 7, 30))]
    refs = {a.id: article_timerefs(a) for a in everything}
    assert refs["items"] and sum(map(len, refs.values())) > 10
    kept = {a.id: [timeref_from_record(timeref_record(r), a) for r in refs[a.id]]
            for a in everything}
    assert kept == refs == {a.id: find_timerefs(a.text, a.published) for a in everything}
    for per_date in (1, 3):
        afresh = build_timeline(everything, per_date=per_date)
        assert afresh and build_timeline(everything, per_date=per_date, timerefs=kept) == afresh
    # the references given are the ones read (an article's dates go with them) ...
    wire = next(a for a in articles if "TASS" in a.origin or a.origin == "wire.txt")
    without = build_timeline(articles, per_date=3, timerefs={wire.id: []})
    assert without != build_timeline(articles, per_date=3)
    # ... except on a page of dated items, whose items are read against their own dates
    assert build_timeline(everything, per_date=3, timerefs={"items": []}) == \
        build_timeline(everything, per_date=3)


# -- events, plans, forecasts and conditions -----------------------------------------------------

# 2022-06-30 is a Thursday: Tuesday is the 28th, Friday the 1st of July, Monday the 27th.
MOODS = {
    "forecast": ("Harbour Gazette", "2022-06-30",
                 "Regional health officials reported 40 new cases of the fever on Tuesday. "
                 "The drug maker said a vaccine could be ready for wider use as early as July. "
                 "If the trials succeed, the vaccine would be given to nurses in June."),
    "plan": ("Valley Courier", "2022-06-30",
             "Health ministers from the three provinces met on Tuesday in Norden to discuss the "
             "fever. The ministers will meet again on Friday to agree on a joint vaccination "
             "plan. The provincial assembly is due to vote on the plan on July 5."),
    "memoir": ("Capital Dispatch", "2022-06-30",
               "The chief medical officer closed two fever wards in Norden on Tuesday. "
               "The officer would later say on Monday that the wards had been closed too late."),
}


@pytest.fixture(scope="module")
def moods() -> list[TimelineEntry]:
    articles = []
    for name, (source, published, text) in MOODS.items():
        raw = RawDocument(origin=f"{name}.txt", content=text, kind="text",
                          sha256=hashlib.sha256(text.encode()).hexdigest(), title=f"{name} story",
                          source=source, published=published, published_from="metadata")
        article = clean_document(raw)
        assert isinstance(article, Article)
        articles.append(article)
    return build_timeline(articles, per_date=3)


def _entry(entries: list[TimelineEntry], words: str) -> TimelineEntry | None:
    return next((e for e in entries if words in e.text), None)


def test_a_forecast_is_no_entry(moods: list[TimelineEntry]) -> None:
    """"could be ready as early as July" was an event of July; now no entry at all."""
    assert _entry(moods, "as early as July") is None
    assert all(not e.date.startswith("2022-07") or e.status == "planned" for e in moods)


def test_a_condition_is_no_entry(moods: list[TimelineEntry]) -> None:
    assert _entry(moods, "If the trials succeed") is None
    assert "2022-06" not in {e.date for e in moods}


def test_a_plan_is_marked_planned_on_its_day(moods: list[TimelineEntry]) -> None:
    """"will meet again on Friday" (the day after the paper) was listed as Friday's event."""
    meeting = _entry(moods, "will meet again on Friday")
    assert meeting is not None and (meeting.date, meeting.status) == ("2022-07-01", "planned")


def test_a_scheduled_vote_days_ahead_is_an_upcoming_entry(moods: list[TimelineEntry]) -> None:
    """A plan five days ahead dated nothing and stood as a lead of the report day."""
    vote = _entry(moods, "due to vote")
    assert vote is not None and (vote.date, vote.status) == ("2022-07-05", "planned")


def test_the_past_told_as_its_future_is_an_event(moods: list[TimelineEntry]) -> None:
    """"would later say on Monday" read as next Monday (after the paper: dropped)."""
    said = _entry(moods, "would later say")
    assert said is not None and (said.date, said.status) == ("2022-06-27", "event")


def test_plain_past_events_stay_events(moods: list[TimelineEntry]) -> None:
    tuesday = [e for e in moods if e.date == "2022-06-28"]
    assert len(tuesday) == 3 and {e.status for e in tuesday} == {"event"}
    assert all("Tuesday" in e.text for e in tuesday)


def test_an_event_beats_a_plan_for_the_same_day() -> None:
    texts = [("Valley Courier", "2022-06-29",
              "The health ministers of the three provinces will meet on Friday in Norden to "
              "agree on a joint vaccination plan."),
             ("Harbour Gazette", "2022-07-02",
              "The health ministers of the three provinces met on Friday in Norden and agreed "
              "on a joint vaccination plan.")]
    articles = [text_article(f"a{n}", text, dt.date.fromisoformat(published), source)
                for n, (source, published, text) in enumerate(texts)]
    [friday] = [e for e in build_timeline(articles) if e.date == "2022-07-01"]
    assert friday.status == "event" and "met on Friday" in friday.text
    assert len(friday.citations) == 1
