import pytest

from storyline.clean.boilerplate import is_boilerplate, strip_boilerplate

BOILERPLATE = [
    "Subscribe to TASS on Telegram. Receive news faster than anyone!",
    "Subscribe to our newsletter",
    "Leave a Reply",
    "Leave a comment",
    "Your email address will not be published. Required fields are marked *",
    "All news",
    "Latest news",
    "Read more",
    "Read more: Kazakhstan lifts curfew in Almaty",
    "Share this article",
    "Share Tweet Email",
    "Facebook | Twitter | WhatsApp",
    "Follow us on Twitter",
    "© 2022 Example News. All rights reserved.",
    "Copyright 2023 Steppe Daily",
    "Advertisement",
]
ARTICLE = [
    "The Collective Security Treaty Organization said its peacekeepers would leave.",
    "Readers who subscribe to the agency's feed will see the update first, officials said "
    "on Thursday, adding that the service had grown.",
    "All news outlets in the region carried the statement on Thursday.",
    "Share prices in Almaty fell 3% on Monday.",
    "More than 2,000 troops took part in the mission.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ARTICLE)
def test_article_sentences_are_kept(line):
    assert not is_boilerplate(line)


def test_trailing_prompt_is_cut_and_paragraph_kept():
    paragraph = ("Peacekeepers began leaving Almaty on Thursday. "
                 "Subscribe to TASS on Telegram. Receive news faster than anyone!")
    assert strip_boilerplate([paragraph]) == ["Peacekeepers began leaving Almaty on Thursday."]


def test_long_paragraph_with_keyword_is_never_dropped():
    paragraph = ("Follow-up talks on the newsletter law " + "continued for hours " * 15).strip()
    assert strip_boilerplate([paragraph]) == [paragraph]


def test_read_more_label_takes_its_linked_headline_along():
    paras = ["The river rose again.", "Read more:", "Brazil floods: what we know so far",
             "Rescuers kept working overnight."]
    assert strip_boilerplate(paras) == ["The river rose again.", "Rescuers kept working overnight."]


def test_photo_captions_are_removed_but_sentences_about_photos_kept():
    assert is_boilerplate("A flooded street in central Porto Alegre. Photo: AFP")
    assert not is_boilerplate("The photo showed soldiers at the airport, officials said.")


def test_page_furniture_glued_to_the_text_is_cut_off():
    """A page's "last updated" stamp and a server's error run into the first sentence."""
    stamp = ("Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK The minister "
             "resigned on Wednesday, his office said.")
    error = ("Page last updated at 11:14 GMT, Thursday, 3 February 2011 (an error occurred "
             "while processing this directive) The minister resigned on Wednesday.")
    assert strip_boilerplate([stamp]) == ["The minister resigned on Wednesday, his office said."]
    assert strip_boilerplate([error]) == ["The minister resigned on Wednesday."]
    kept = "The page was last updated at noon by the editors, who apologised."
    assert strip_boilerplate([kept]) == [kept]
