"""Issue 15: timelines and summaries read a pile's stories, not the pile: off-topic
articles and old background stay out; a page of dated items dates each item by its stamp;
player messages and page stamps are never summary sentences. Our own fixture texts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import text_article, write
from storyline.analyze.summary import summarize
from storyline.analyze.timeline import TimelineSettings, build_timeline
from storyline.cli import main
from storyline.errors import UsageError
from storyline.flow.focus import about_terms, focus, speaks_of
from storyline.model import Article

D = dt.date

QUAKE = [
    ("q1", D(2024, 3, 4), "Arden Post",
     "A strong earthquake struck the Arden valley on Monday, destroying hundreds of homes in "
     "the town of Velska. Rescue teams from Velska and the capital searched the rubble through "
     "the night. The Arden valley was last hit by a comparable earthquake in 1931, when the old "
     "bridge collapsed."),
    ("q2", D(2024, 3, 5), "Valley Wire",
     "Rescuers in Velska pulled a girl alive from the rubble on Tuesday, a day after the "
     "earthquake in the Arden valley. The earthquake destroyed hundreds of homes and the town "
     "hall of Velska. Officials said at least 40 people died in the earthquake."),
    ("q3", D(2024, 3, 7), "Arden Post",
     "Aid convoys reached Velska on Wednesday, three days after the Arden valley earthquake. "
     "The earthquake left 12,000 people in Velska without homes, the regional governor said. "
     "Engineers began checking the dam above Velska for cracks after the earthquake."),
    ("q4", D(2024, 3, 9), "Capital Times",
     "Schools in Velska reopened on Friday in tents, five days after the earthquake in the "
     "Arden valley. The earthquake damaged every school building in Velska, teachers said. "
     "Aid agencies asked for tents and blankets for the families of Velska."),
]
OFF_TOPIC = [
    ("r1", D(2024, 3, 3), "Motor Daily",
     "Lena Harst won the Kestrel Grand Prix on Sunday after overtaking the champion on the "
     "final lap at the Kestrel circuit. The Grand Prix drew a record crowd of 90,000 fans. "
     "Harst said the new tyres had made the difference in the closing laps of the race."),
    ("r2", D(2024, 3, 6), "Motor Daily",
     "Race stewards fined the Kestrel Grand Prix winner's team on Tuesday for an unsafe pit "
     "release during the race. The fine does not change the Grand Prix result, the stewards "
     "said. Harst keeps her win and the lead of the championship after the Grand Prix."),
]


def _pile(rows) -> list[Article]:
    return [text_article(i, text, day, source) for i, day, source, text in rows]


@pytest.fixture(scope="module")
def pile() -> list[Article]:
    return _pile(QUAKE + OFF_TOPIC)


def _cited_ids(entries) -> set[str]:
    return {c.article_id for e in entries for c in e.citations}


def test_about_gathers_the_topic_and_leaves_the_rest(pile: list[Article]) -> None:
    chosen = focus(pile, about="Arden earthquake")
    assert {a.id for a in chosen.articles} == {"q1", "q2", "q3", "q4"}
    assert chosen.pile_articles == 6 and chosen.pile_stories >= 2
    race = focus(pile, about="Grand Prix")
    assert {a.id for a in race.articles} == {"r1", "r2"}


def test_the_main_story_is_the_one_most_articles_tell(pile: list[Article]) -> None:
    newest = text_article("n", "A bakery in Kestrel sold its last loaf on Sunday after "
                          "ninety years, its owner said, as the street market closed.",
                          D(2024, 3, 20), "Kestrel Echo")
    main_story = focus([*pile, newest])  # the freshest story ranks first; it is not the main one
    assert len(main_story.stories) == 1
    assert {a.id for a in main_story.articles} == {"q1", "q2", "q3", "q4"}
    assert len(focus(pile, whole=True).articles) == 6
    assert main_story.pile_articles == 7


def test_a_named_story_is_read_and_an_unknown_one_is_refused(pile: list[Article]) -> None:
    race = focus(pile, about="Grand Prix").stories[0]
    assert {a.id for a in focus(pile, story_ids=[race.id[:8]]).articles} == {"r1", "r2"}
    with pytest.raises(UsageError, match="no story nosuch"):
        focus(pile, story_ids=["nosuch"])
    with pytest.raises(UsageError, match="no story in these files is about"):
        focus(pile, about="volcano eruption")
    with pytest.raises(UsageError, match="no word"):
        focus(pile, about="the of")


def test_about_reads_the_lead_not_a_passing_mention() -> None:
    passing = text_article("x", "Harst won the race on Sunday. " * 30 + "Velska had an earthquake.",
                           D(2024, 3, 3))
    assert about_terms("The Arden earthquake") == ("arden", "earthquake")
    assert not speaks_of(passing, about_terms("Velska earthquake"))
    assert speaks_of(_pile(QUAKE)[1], about_terms("Velska earthquake"))
    plural = text_article("p", "Two earthquakes shook the coast on Monday.", D(2024, 3, 3))
    assert speaks_of(plural, about_terms("earthquake"))
    assert not speaks_of(plural, about_terms("quake"))


def test_timeline_of_the_topic_has_no_off_topic_dates(pile: list[Article]) -> None:
    whole = build_timeline(pile, per_date=2)
    assert _cited_ids(whole) & {"r1", "r2"}  # the pile's timeline takes the race's dates
    story = build_timeline(list(focus(pile, about="Arden earthquake").articles), per_date=2)
    assert story and not _cited_ids(story) & {"r1", "r2"}


def test_background_older_than_the_story_is_left_out_unless_asked_for() -> None:
    quake = _pile(QUAKE)
    dates = {e.date for e in build_timeline(quake, per_date=2)}
    assert "1931" not in dates and "2024-03-04" in dates
    kept = {e.date for e in build_timeline(quake, per_date=2,
                                           settings=TimelineSettings(background_days=None))}
    assert "1931" in kept


def test_each_item_of_a_page_is_dated_by_its_own_stamp() -> None:
    page = text_article("live", (
        "updated: Sun Jul 29 2012 08:01:00 GMT Government forces shelled the northern "
        "district of Tarsa again this morning, residents said.\n"
        "updated: Wed Jul 25 2012 17:30:00 GMT Rebels took the airport of Tarsa yesterday "
        "after two days of fighting, a rebel commander said.\n"
        "updated: Mon Jul 23 2012 09:12:00 GMT The governor of Tarsa fled the city by "
        "helicopter, according to officials in the capital."), D(2012, 7, 29))
    entries = build_timeline([page], per_date=1)
    by_text = {e.text.split()[0]: e.date for e in entries}
    assert by_text.get("Rebels") == "2012-07-24"  # "yesterday" of the item of the 25th
    assert by_text.get("The") == "2012-07-23"  # an undated item: its own stamp's day
    assert not any(e.text.startswith("updated") for e in entries)


def test_player_messages_and_stamps_are_not_summary_sentences() -> None:
    chrome = ("Can not play media. Sorry, this media is not available in your territory. "
              "Last updated at 06:28 ")
    articles = [text_article(f"b{n}", chrome + body, D(2024, 3, 4 + n), "Arden Post")
                for n, (_, _, _, body) in enumerate(QUAKE)]
    sentences = summarize(articles, max_words=200)
    assert sentences
    for sentence in sentences:
        assert "media" not in sentence.text and "Last updated" not in sentence.text
    entries = build_timeline(articles, per_date=3)
    assert entries and not any("media" in e.text or "updated" in e.text for e in entries)


def test_furniture_opening_a_text_is_not_read() -> None:
    text = ("Mara Tellen | 18:00 UK time, Saturday, 9 March 2024 Teachers in Velska said on "
            "Friday that every school building had been damaged by the earthquake.")
    article = text_article("f", text, D(2024, 3, 9), "Arden Post")
    entries = build_timeline([article])
    assert entries and entries[0].text.startswith("Teachers in Velska")
    assert summarize([article])[0].text.startswith("Teachers in Velska")
    wire = text_article("w", "TARVO | Tue Mar 15, 2011 11:40 pm GMT TARVO (Reuters) - The port "
                        "of Tarvo reopened on Tuesday after a storm had closed it for three "
                        "days, the harbour authority said.", D(2011, 3, 15), "Wire")
    [entry] = build_timeline([wire])
    assert entry.text.startswith("The port of Tarvo") and entry.date == "2011-03-15"
    assert summarize([wire])[0].text.startswith("The port of Tarvo")


# -- the commands ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pile")
    for number, (_, day, source, text) in enumerate(QUAKE + OFF_TOPIC):
        write(folder / f"{number}.txt", f"Source: {source}\nDate: {day.isoformat()}\n\n{text}")
    return folder


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_timeline_command_reads_the_story_about_the_words(pile_folder: Path) -> None:
    code, out, err = _invoke("timeline", str(pile_folder), "--about", "Arden earthquake",
                             "--json")
    assert code == 0, err
    entries = json.loads(out)
    assert entries and "reading 4 of 6 articles" in err
    assert not any("Grand Prix" in e["text"] or "Harst" in e["text"] for e in entries)
    code, out, err = _invoke("timeline", str(pile_folder), "--all", "--json")
    assert code == 0 and any("Harst" in e["text"] or "Grand Prix" in e["text"]
                             for e in json.loads(out))
    assert "reading all 6 articles as one collection" in err


def test_timeline_command_marks_background_when_asked(pile_folder: Path) -> None:
    code, out, _ = _invoke("timeline", str(pile_folder), "--about", "earthquake", "--json", "-q")
    assert code == 0 and all(e["date"] != "1931" for e in json.loads(out))
    code, out, _ = _invoke("timeline", str(pile_folder), "--about", "earthquake",
                           "--background", "--json", "-q")
    entries = json.loads(out)
    assert [e["background"] for e in entries if e["date"] == "1931"] == [True]
    assert not any(e["background"] for e in entries if e["date"].startswith("2024"))
    code, out, _ = _invoke("timeline", str(pile_folder), "--about", "earthquake",
                           "--background", "-q")
    assert "1931" in out and "(background)" in out


def test_summarize_command_options(pile_folder: Path) -> None:
    code, out, err = _invoke("summarize", str(pile_folder), "--about", "Grand Prix", "--json",
                             "-q")
    assert code == 0, err
    sentences = json.loads(out)
    assert sentences and all("earthquake" not in s["text"] for s in sentences)
    code, _, err = _invoke("summarize", str(pile_folder), "--about", "x", "--all")
    assert code == 2 and "at most one of" in err
    code, _, err = _invoke("summarize", str(pile_folder), "--story", "nosuch")
    assert code == 2 and "no story nosuch" in err


def test_a_caption_glued_to_a_sentence_is_not_summarised_or_dated() -> None:
    glued = ("Image caption Rescuers dig through the rubble of the town hall in Velska "
             "Officials said on Tuesday that 40 people had died in the earthquake. ")
    articles = [text_article(f"c{n}", glued + body, D(2024, 3, 4 + n), "Arden Post")
                for n, (_, _, _, body) in enumerate(QUAKE)]
    assert all("caption" not in s.text for s in summarize(articles, max_words=200))
    assert all("caption" not in e.text for e in build_timeline(articles, per_date=3))


def test_item_stamps_open_items_only() -> None:
    from storyline.timex.items import item_stamps

    prose = ("The figures were updated on July 29, 2012 and published on Aug 2, 2012, the "
             "statistics office said.")
    assert item_stamps(prose) == []
    page = ("updated: Sun Jul 29 2012 08:01:00 GMT Shelling resumed.\n"
            "Posted 8:01 AM EDT, Wed July 25, 2012 Rebels took the airport.")
    assert [s.date for s in item_stamps(page)] == [D(2012, 7, 29), D(2012, 7, 25)]
    assert item_stamps("updated: Sun Jul 29 2012 08:01:00 GMT Only one item.") == []
