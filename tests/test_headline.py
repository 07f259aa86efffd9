"""Headlines never cut a number and are never page furniture, a URL, a byline, a sidebar's
title or a pull quote (issue 12, item 5). Every article here is written for the test."""

from __future__ import annotations

import datetime as dt

from storyline.model import Article
from storyline.stories.furniture import is_furniture, strip_furniture
from storyline.stories.headline import choose_headline, clean_title, lead_title

BRIDGE = ("The Marrow river bridge in Tolvane collapsed on Tuesday evening during rush hour, "
          "sending cars into the water. Rescue teams pulled survivors from the river.")
BRIDGE_2 = ("Divers searched the Marrow river on Wednesday after the Tolvane bridge collapse. "
            "Engineers said the bridge had been inspected last spring.")
BRIDGE_3 = ("Tolvane mourned the victims of the bridge collapse as the Marrow river crossing "
            "stayed closed. The mayor promised an inquiry into the bridge.")


def article(article_id: str, text: str, title: str | None = None, day: int = 1) -> Article:
    return Article(id=article_id, origin=f"{article_id}.txt", raw_sha256="", text=text,
                   title=title, source="Test Wire", url=None,
                   published=dt.date(2026, 3, day), published_from="metadata", language="en")


def test_a_number_with_thousands_separators_is_never_cut():
    text = ("Aid agencies in the flooded delta said on Friday that an estimated 200,000 people "
            "had lost their homes, and that between 100,000 and 250,000 more were at risk.")
    headline = lead_title(text)
    assert headline is not None
    assert "200,000 people" in headline
    assert not headline.rstrip(" …").endswith(("200", "100", "250"))
    long = ("Between 100,000 and 200,000 people marched through the capital on Sunday against "
            "the new mining law, organisers said, in the largest protest the country has seen.")
    cut = lead_title(long)
    assert cut is not None and "100,000 and 200,000 people" in cut


def test_wire_stamps_and_datelines_are_no_headline():
    text = ("VELMORA CITY | Mon May 4, 2026 3:56 pm EDT VELMORA CITY (Reuters) - Schools across "
            "the capital reopened on Monday after a week-long closure.\nMore text follows.")
    assert lead_title(text) == "Schools across the capital reopened on Monday after a week-long closure"
    slashed = ("MADRID/GENEVA | Mon May 4, 2026 12:48 pm EDT MADRID/GENEVA (Reuters) - Health "
               "ministers agreed on a joint stockpile of antiviral drugs.")
    assert lead_title(slashed) == "Health ministers agreed on a joint stockpile of antiviral drugs"
    dated = ("SINGAPORE, June 9 | Tue Jun 9, 2026 5:33 am EDT SINGAPORE, June 9 (Reuters) - The "
             "port authority opened a second container terminal.")
    assert lead_title(dated) == "The port authority opened a second container terminal"


def test_bylines_updated_stamps_and_blog_stamps_are_skipped():
    assert lead_title("By Jane Okafor BBC News, Lima Rescuers reached the buried village of "
                      "Santa Rosa on Friday.") == (
        "Rescuers reached the buried village of Santa Rosa on Friday")
    assert lead_title("By Maggie Lund, Health and Science Editor WASHINGTON | Tue Apr 21, 2026 "
                      "10:19 pm BST WASHINGTON (Reuters) - A new strain of flu infected two "
                      "children.") == "A new strain of flu infected two children"
    assert lead_title("22 June 2026 Last updated at 05:09 GMT Help Fans gathered outside the "
                      "court for the verdict.") == "Fans gathered outside the court for the verdict"
    assert lead_title("Nadia Perez | 15:39 UK time, Tuesday, 1 June 2026 Shares in the "
                      "refiner fell by a fifth in early trading.") == (
        "Shares in the refiner fell by a fifth in early trading")


def test_a_byline_s_two_word_place_and_a_caption_s_credit_are_skipped():
    assert lead_title("By Dana Holt BBC News, Los Angeles Tolvane's mayor closed the bridge on "
                      "Friday.") == "Tolvane's mayor closed the bridge on Friday"
    assert lead_title("By Dana Holt BBC News, Port-au-Prince Aid reached the harbour on "
                      "Friday.") == "Aid reached the harbour on Friday"
    assert lead_title("Photograph: Lena Marsh\\/PA Divers searched the Marrow river on "
                      "Wednesday.") == "Divers searched the Marrow river on Wednesday"
    assert lead_title("Photo: Lena Marsh/AFP/Getty Images Divers searched the Marrow river on "
                      "Wednesday.") == "Divers searched the Marrow river on Wednesday"
    # a caption that is a sentence of its own is not a credit
    assert lead_title("Photograph: the mayor visits the flooded ward on Friday.").startswith(
        "Photograph: the mayor")


def test_an_agency_credit_a_page_stamp_and_a_byline_role_are_no_headline():
    assert lead_title("Photograph: AP Divers searched the Marrow river on Wednesday.") == (
        "Divers searched the Marrow river on Wednesday")
    assert lead_title("09:27 UK time, Friday, 6 March 2026 The toll rose to nine on "
                      "Friday.") == "The toll rose to nine on Friday"
    assert lead_title("BBC NI business reporter\n\nShares in the ferry line fell on "
                      "Monday.") == "Shares in the ferry line fell on Monday"
    assert is_furniture("BBC NI business reporter") and is_furniture("Chief political correspondent")
    assert not is_furniture("Police arrest a reporter")  # a headline about one


def test_a_url_or_an_editors_note_is_no_title():
    members = [
        article("u", BRIDGE, title="https://news.example.org/2026/03/01/bridge-collapse.html"),
        article("n", BRIDGE_2, title="PLEASE NOTE: We are unable to offer transcripts of this "
                                     "programme", day=2),
    ]
    headline = choose_headline(members)
    assert headline is not None
    assert "http" not in headline and "PLEASE NOTE" not in headline
    assert headline in {lead_title(BRIDGE), lead_title(BRIDGE_2)}  # the texts' openings
    # a text that opens with its URL (research corpora do) is read after it
    assert lead_title("http://news.example.org/a/b.html " + BRIDGE).startswith("The Marrow river")
    assert is_furniture("www.example.org/story/123")
    assert clean_title("By Jane Okafor") == ""


def test_a_byline_stamp_or_pull_quote_run_onto_a_title_is_cut():
    assert clean_title("Dam plan 'well prepared' for floods By Jane Okafor Environment "
                       "correspondent") == "Dam plan 'well prepared' for floods"
    assert clean_title("Flu vaccine a step closer as firms test seed LONDON | Wed Jun 10") == (
        "Flu vaccine a step closer as firms test seed")
    assert clean_title('Murray trial: singer \'addicted to sedatives\' Dr Robert Wald: "I believe '
                       'there is evidence."') == "Murray trial: singer 'addicted to sedatives'"
    assert clean_title('Rescuers plead for help in Tolvane "People are sleeping in the streets '
                       'because they fear the aftershocks."') == "Rescuers plead for help in Tolvane"


def test_a_sidebar_title_about_another_event_does_not_head_the_story():
    members = [
        # first day, a name and a verb: it would win on points alone
        article("s", BRIDGE, title="Helicopter crashes into crane on Varna tower, kills two"),
        article("a", BRIDGE_2, title="Divers search river after Tolvane bridge collapse", day=2),
        article("b", BRIDGE_3, title="Tolvane mourns bridge collapse victims", day=3),
    ]
    assert choose_headline(members) in {"Divers search river after Tolvane bridge collapse",
                                        "Tolvane mourns bridge collapse victims"}


def test_a_quotation_loses_to_a_title_that_says_what_happened():
    members = [
        article("q", BRIDGE, title='"We will rebuild the Tolvane bridge," says Mayor Ilse Korr'),
        article("d", BRIDGE_2, title="Tolvane bridge collapses into Marrow river"),
        article("e", BRIDGE_3, title="Tolvane bridge collapse: inquiry promised", day=3),
    ]
    assert choose_headline(members) != members[0].title
    spoken = [article("q", BRIDGE, title="Mayor Ilse Korr: 'We will rebuild the bridge.'"),
              *members[1:]]
    assert choose_headline(spoken) != spoken[0].title  # a straight single quote is a quote too


def test_furniture_stripping_leaves_ordinary_sentences_alone():
    for sentence in ("By the end of the week the river had fallen by two metres.",
                     "Monday's vote, 12 to 3, passed the budget.",
                     "The 10:30 train to Varna was cancelled on Tuesday."):
        assert strip_furniture(sentence) == sentence


def test_coverage_pointers_video_credits_updated_stamps_and_fragments_are_no_headline():
    assert lead_title("(For full coverage of the harbour strike, click (nHARB)) VELMORA, May 2 "
                      "(Reuters) - Dock workers in Velmora ended their strike on Saturday.") == (
        "Dock workers in Velmora ended their strike on Saturday")
    assert lead_title("Telethon for Tolvane footage courtesy of RiverTV Singers raised money "
                      "for the victims of the bridge collapse on Friday night.") == (
        "Singers raised money for the victims of the bridge collapse on Friday night")
    assert clean_title("Mayor says bridge 'was never safe' Page last updated at 08:58 GMT, "
                       "Thursday, 28 January 2026 E-mail this to a friend") == (
        "Mayor says bridge 'was never safe'")
    # a text that opens mid-sentence gives no headline from that sentence
    assert lead_title("that the Tolvane bridge, which carried 20,000 cars a day, had been "
                      "inspected last spring.") is None
    # ordinary openings are left alone
    assert lead_title("Video footage showed the Marrow river bridge falling into the water "
                      "on Tuesday.") == (
        "Video footage showed the Marrow river bridge falling into the water on Tuesday")


def test_a_schedule_pages_notices_and_navigation_are_no_headline():
    text = ("Transmission details in the Weekly Radio Listings 7-day version are not updated "
            "after publication .\nFor updates , please see individual day pages .\nSkip to a "
            "day of the week : Harbour FM Live From Tolvane -- the river festival's opening "
            "night, with the town band and a choir of three hundred.")
    assert lead_title(text) == ("Harbour FM Live From Tolvane -- the river festival's opening "
                                "night")  # cut at its clause, as long openings are
    assert is_furniture("For updates, please see individual day pages.")
    assert clean_title("Harbour FM Week 9: 2-8 March Transmission details in the Weekly Radio "
                       "Listings are not updated") == "Harbour FM Week 9: 2-8 March"


def test_captions_credits_writer_notes_and_wire_service_notes_are_no_headline():
    """Furniture a trial met in wire copy: a caption placing people in the picture, a
    photo credit alone, a note about the writer, a wire's service note before the
    dateline, and Reuters Life's dateline."""
    assert is_furniture("Odo Varna (L) and Kesi Marr, both fishermen, mend nets at Tolvane")
    assert is_furniture("A diver (2nd R) checks the cable")
    assert not is_furniture("Rep. Odo Varna (R) said the bridge bill failed")  # a party
    assert is_furniture("Tolvane Courier/Kesi Marr") and is_furniture("Tolvane Post\\/Odo Varna")
    assert not is_furniture("The EU/IMF loan was signed")
    assert is_furniture("- Kesi Marr is a Test Wire senior correspondent in Tolvane")
    assert not is_furniture("Kesi Marr is a fisherman in Tolvane")
    assert lead_title("(Repeats to more subscribers without changes in text) TOLVANE, March 3 "
                      "(Reuters) - Divers searched the Marrow river on Wednesday.") == (
        "Divers searched the Marrow river on Wednesday")
    assert lead_title("TOLVANE (Reuters Life !) - Divers searched the Marrow river on "
                      "Wednesday.") == "Divers searched the Marrow river on Wednesday"
    members = [article("c", "Odo Varna (L) and Kesi Marr mend nets at Tolvane\n\n" + BRIDGE),
               article("d", BRIDGE_2, day=2)]
    assert "(L)" not in (choose_headline(members) or "")
