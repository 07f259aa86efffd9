"""Issue 15: the publisher's text kept as written (typographic quotes), page furniture,
player messages and captions out of what is read, a dateline found past a standfirst.
Every fixture text here is our own."""

from __future__ import annotations

import datetime as dt

from storyline.clean import article_id, clean_document
from storyline.clean.boilerplate import furniture_end, is_boilerplate, strip_boilerplate
from storyline.clean.dateline import find_dateline
from storyline.model import Article, PendingYear, RawDocument

QUOTED_PAGE = """<html lang="de"><head><title>Hafen eröffnet | Nordküsten-Kurier</title>
<meta property="og:site_name" content="Nordküsten-Kurier">
<meta property="article:published_time" content="2025-03-14T08:30:00+01:00"></head>
<body><article><h1>Hafen eröffnet</h1>
<p>Bürgermeisterin Anke Vosberg sprach bei der Eröffnung von einem „Tag, auf den die ganze
Insel gewartet hat“ und dankte den Bauleuten für ihre Geduld im Winter.</p>
<p>« On a retrouvé l’âme du quartier », a confié une fromagère du marché voisin, venue en
visite avec une délégation de la ville jumelle.</p>
<p>“We have waited a generation for this,” said the harbour master, who has worked at the
port since 1989 and remembers the storms that closed the old pier.</p>
</article></body></html>"""


def _clean(content: str, kind: str = "html") -> Article:
    result = clean_document(RawDocument(origin="page", content=content, kind=kind, sha256="x"))
    assert isinstance(result, Article), result
    return result


def test_stored_text_keeps_the_publishers_quotes() -> None:
    text = _clean(QUOTED_PAGE).text
    assert "„Tag, auf den die ganze Insel gewartet hat“" in text
    assert "« On a retrouvé l’âme du quartier »" in text
    assert "“We have waited a generation for this,” said" in text
    assert '"' not in text and "'" not in text


def test_the_id_does_not_change_with_the_quotes() -> None:
    """A store made when quotes were straightened keeps its ids after the change."""
    assert article_id("Wire", "“Yes,” he said. It’s «done».") == \
        article_id("Wire", "\"Yes,\" he said. It's \"done\".")
    assert article_id("Wire", "Yes, he said.") != article_id("Wire", "No, he said.")


def test_player_messages_and_stamps_are_boilerplate() -> None:
    for line in ("Sorry, this media is not available in your territory.", "Can not play media.",
                 "Cannot play media.", "Last updated at 06:28", "Last updated: 29 June 2010",
                 "Media playback is unsupported on your device", "Image caption Rescuers dig",
                 "Image copyright Wire Photo Agency"):
        assert is_boilerplate(line), line
    for line in ("The media were not allowed into the territory until Tuesday.",
                 "The page was last updated at noon by the editors, who apologised."):
        assert not is_boilerplate(line), line


def test_page_furniture_before_the_first_sentence_is_cut() -> None:
    cases = {
        "12 May 2011 Last updated at 14:59 GMT Help A year on from the flood, the town "
        "has rebuilt its bridge.": "A year on from the flood",
        "Last updated: 1 May, 2009 - 17:54 GMT Schools in the capital were closed on "
        "Friday.": "Schools in the capital",
        "Mara Tellen | 18:00 UK time, Saturday, 25 April 2009 Health officials are "
        "worried about a new strain.": "Health officials are",
        "TARVO | Tue Mar 15, 2011 11:40 pm GMT TARVO (Reuters) - The port reopened on "
        "Tuesday.": "TARVO (Reuters) - The port",
        "09:27 UK time, Friday, 28 May 2010 The spill has grown to twice the size first "
        "reported.": "The spill has grown",
        # a wire page's byline, its own stamp, or a stamp with the agency alone (a trial)
        "By Mara Tellen, Health and Science Editor TARVO | Mon Mar 2, 2009 4:23 pm EST "
        "TARVO (Reuters) - The port reopened.": "TARVO (Reuters) - The port",
        "2009 04 25 08:50 JST By Mara Tellen and Odo Varna TARVO CITY (Reuters) - The "
        "port reopened.": "TARVO CITY (Reuters) - The port",
        "Sat Apr 25, 2009 12:51 am BST (Reuters) - The port reopened.": "The port reopened",
        "TARVO\\/VARNA | Sat Apr 25, 2009 7:32 pm EDT TARVO\\/VARNA (Reuters) - The port "
        "reopened.": "TARVO\\/VARNA (Reuters) - The port",
        "TARVO, April 27 | Mon Apr 27, 2009 4:19 am BST TARVO, April 27 (Reuters) - The "
        "port reopened.": "TARVO, April 27 (Reuters) - The port",
    }
    for text, rest in cases.items():
        assert text[furniture_end(text):].startswith(rest), text
    plain = "Officials said on 25 April 2009 that the port had reopened."
    assert furniture_end(plain) == 0
    assert furniture_end("10:30 on Friday the ferry left Tarvo.") == 0  # a clock, no stamp
    assert furniture_end("2009 04 25 was the day the ferry left.") == 0
    assert furniture_end("By the end of the week the river had fallen.") == 0
    assert strip_boilerplate(["Can not play media.",
                              "Sorry, this media is not available in your territory.",
                              next(iter(cases))]) == [
        "A year on from the flood, the town has rebuilt its bridge."]


def test_reuters_furniture_then_dateline_is_read_by_the_cleaner() -> None:
    text = ("Port reopens after storm\n\nTARVO | Tue Mar 15, 2011 11:40 pm GMT TARVO (Reuters) "
            "- The port of Tarvo reopened on Tuesday after a storm closed it for three days, "
            "the harbour authority said.")
    article = _clean(text, kind="text")
    assert article.text.startswith("The port of Tarvo reopened")
    assert article.dateline_place == "TARVO" and article.dateline_agency == "Reuters"


def test_multilingual_prompts_and_banners_are_boilerplate() -> None:
    for line in ("Lesen Sie auch: Festspielsommer: Das Programm steht",
                 "À lire aussi : Les halles en travaux jusqu’en 2026",
                 "Te puede interesar: Nuevo aparcamiento junto a la estación",
                 "Jetzt abonnieren und alle Artikel lesen – vier Wochen für nur 1 Euro.",
                 "Abonnez-vous pour lire la suite : 1 € le premier mois.",
                 "Suscríbete y accede a todas las noticias sin límites.",
                 "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis auf dieser Website "
                 "zu bieten.",
                 "Utilizamos cookies propias y de terceros. Si continúa navegando, acepta su uso."):
        assert is_boilerplate(line), line
    for line in ("Die Bäckerei verkauft seit Montag wieder Kekse, sagte die Inhaberin.",
                 "Les abonnés du club ont voté contre la fusion avec le club voisin.",
                 "The bakery sold 4,000 cookies at the fair on Saturday, organisers said."):
        assert not is_boilerplate(line), line


def test_tass_dateline_is_found_past_a_standfirst() -> None:
    text = ("Peacekeepers to leave Arden within ten days\n\n"
            "The withdrawal will begin on Thursday, the alliance's secretariat said.\n\n"
            "MOSCOW, January 12. /TASS/. The peacekeeping contingent will begin leaving Arden "
            "on January 13, the alliance's secretary general told reporters on Wednesday.")
    pending = clean_document(RawDocument(origin="tass.txt", content=text, kind="text", sha256="x"))
    assert isinstance(pending, PendingYear)  # the dateline's day, waiting for its year
    assert (pending.month, pending.day) == (1, 12)
    article = pending.article
    assert article.title == "Peacekeepers to leave Arden within ten days"
    assert article.dateline_place == "MOSCOW" and article.dateline_agency == "TASS"
    assert article.text.startswith("The withdrawal will begin on Thursday")  # standfirst kept
    assert "/TASS/" not in article.text
    assert "The peacekeeping contingent will begin leaving Arden" in article.text


def test_find_dateline_needs_a_marked_dateline_after_a_standfirst() -> None:
    where, dateline, rest = find_dateline(["A short standfirst ends here.",
                                           "ALMATY, January 13 /TASS/ - Text follows here."])
    assert where == 1 and dateline is not None and dateline.day == 13
    assert rest == "Text follows here."
    # two sentences are no standfirst; an unmarked capitalised opening is no dateline
    assert find_dateline(["One sentence. And another one.", "ALMATY, January 13 /TASS/ - Text."]
                         )[1] is None
    assert find_dateline(["A short standfirst ends here.", "NATO — allies met on Monday."]
                         )[1] is None
    assert find_dateline([])[1] is None


def test_tass_standfirst_dateline_dates_the_article() -> None:
    raw = RawDocument(origin="tass.txt", kind="text", sha256="x", published="2022-01-12",
                      content="Title of the report\n\nA one-sentence standfirst says what "
                      "happened.\n\nMOSCOW, January 12. /TASS/. The body of the report "
                      "follows here and says more about what happened in the city.")
    article = clean_document(raw)
    assert isinstance(article, Article)
    assert article.dateline_date == dt.date(2022, 1, 12)
