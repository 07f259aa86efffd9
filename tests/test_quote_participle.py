"""A statement hung on an action ("X closed the road, saying ...") is the subject's, a
phrase saying where something was said ("In a statement, ...") is no statement, and names
listed before an "and" all speak. Every sentence here is our own."""

import pytest

from storyline.analyze.quotes import quotes_for_inspect


def said(text: str) -> list[tuple[str | None, str, str | None]]:
    """(speaker words, content, cue) of each quote found."""
    return [(text[q["speaker_start"]:q["speaker_end"]] if q["speaker_start"] is not None
             else None, q["text"], q["cue"]) for q in quotes_for_inspect(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ('The Norland Health Agency raised its alert on Monday, saying: "The virus is now '
     'spreading between people in two regions."',
     [("The Norland Health Agency",
       "The virus is now spreading between people in two regions.", "saying")]),
    # a role before the name: the name speaks, and the role is no part of the quote
    ("Norland's health minister, Ana Berg, closed the schools on Tuesday, saying \"we "
     "cannot take the risk of a wider outbreak\".",
     [("Ana Berg", "we cannot take the risk of a wider outbreak", "saying")]),
    ("Police in Arden closed the coast road on Friday, saying a bridge had cracked in "
     "the storm.",
     [("Police in Arden", "a bridge had cracked in the storm", "saying")]),
    ("The Arden Harbour Authority shut the port, warning that more storms were coming "
     "this week.",
     [("The Arden Harbour Authority", "more storms were coming this week", "warning")]),
    ("Ms Tolvane agreed, saying: \"Less oil on the surface does not mean the danger is "
     "over.\"",
     [("Ms Tolvane", "Less oil on the surface does not mean the danger is over.", "saying")]),
])
def test_a_participle_statement_is_the_subjects(text, expected):
    assert said(text) == expected


def test_a_participle_after_a_statement_stays_the_same_speakers_second_one():
    assert said("Zas said the troops would leave, adding that the mission was over.") == [
        ("Zas", "the troops would leave", "said"), ("Zas", "the mission was over", "adding")]


def test_a_participle_on_a_clause_of_its_own_gets_no_speaker_from_the_subject():
    """"after a neighbour heard him": the participle may be the neighbour's; nobody is
    named rather than a guess."""
    found = said("Rescuers pulled a man from the rubble after a neighbour heard him, saying "
                 "he had been trapped for days.")
    assert all(speaker is None for speaker, _, _ in found)


def test_where_something_was_said_is_not_what_was_said():
    assert said("In a statement, the ministry denied the report, saying it was false.") == [
        ("the ministry", "it was false", "saying")]
    assert said("In a statement, the ministry said, the report was false and would be "
                "withdrawn.") == [("the ministry", "the report was false and would be withdrawn",
                                   "said")]


def test_names_listed_before_an_and_all_speak():
    """"Tito, Jackie and Marlon Jackson said": three brothers, not the last two; a place
    after a preposition, or a day, is no listed speaker."""
    assert said("Tito, Jackie and Marlon Jackson said the concert would go ahead in "
                "Cardiff next month.")[0][0] == "Tito, Jackie and Marlon Jackson"
    assert said("In a statement, Randy, Jermaine and Janet Jackson said they would appeal "
                "against the ruling.")[0][0] == "Randy, Jermaine and Janet Jackson"
    for text in ("In Almaty, Berg and Zas said the troops would leave within ten days.",
                 "Monday, Berg and Zas said the troops would leave within ten days."):
        assert said(text)[0][0] == "Berg and Zas", text
