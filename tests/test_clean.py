"""clean_document: the cascade from a raw record to a clean article."""

from __future__ import annotations

import datetime as dt

from storyline.clean import article_id, clean_document, paragraphs
from storyline.model import Article, Drop, PendingYear, RawDocument

BODY = ("Peacekeepers of the Collective Security Treaty Organization (CSTO) began leaving "
        "Kazakhstan on Thursday, Secretary General Stanislav Zas said.\n\n"
        "The withdrawal will be completed within ten days, he added.")


def raw(content: str, kind: str = "text", **meta: str) -> RawDocument:
    return RawDocument(origin="t.txt", content=content, kind=kind, sha256="h", **meta)


def test_paragraphs_join_hard_wrapped_lines_and_keep_real_breaks():
    text = "The troops began\nleaving on Thursday.\nA second paragraph starts.\n\n\nThird."
    assert paragraphs(text) == ["The troops began leaving on Thursday.",
                                "A second paragraph starts.", "Third."]


def test_tass_text_with_year_less_dateline_and_header_date():
    article = clean_document(raw(
        "All news\nCSTO starts pullout\nMOSCOW, January 12. /TASS/. " + BODY +
        "\n\nSubscribe to TASS on Telegram. Receive news faster than anyone!",
        published="2022-01-12", published_from="header"))
    assert isinstance(article, Article)
    assert article.title == "CSTO starts pullout"
    assert article.text.startswith("Peacekeepers of the Collective")
    assert "Subscribe" not in article.text and "All news" not in article.text
    assert (article.dateline_place, article.dateline_agency) == ("MOSCOW", "TASS")
    assert article.source == "TASS"  # nothing better known
    assert article.published == dt.date(2022, 1, 12) and article.published_from == "header"
    assert article.dateline_date == dt.date(2022, 1, 12)
    assert article.language == "en"


def test_dateline_with_year_dates_an_undated_article():
    article = clean_document(raw("KYIV, March 3, 2022 (AP) — " + BODY))
    assert isinstance(article, Article)
    assert article.published == dt.date(2022, 3, 3) and article.published_from == "dateline"


def test_year_less_dateline_without_any_date_waits_for_the_batch():
    result = clean_document(raw("Pullout begins\nALMATY, January 13. /TASS/. " + BODY))
    assert isinstance(result, PendingYear)
    assert (result.month, result.day) == (1, 13)
    assert result.article.published is None


def test_source_priority_metadata_then_agency_then_host():
    assert clean_document(raw("PARIS (AFP) - " + BODY, source="Steppe Daily")).source == "Steppe Daily"
    assert clean_document(raw("PARIS (AFP) - " + BODY)).source == "AFP"
    assert clean_document(raw(BODY, url="https://www.meridian.example/a")).source == "meridian.example"


def test_artefacts_repaired_in_title_and_body():
    article = clean_document(raw(BODY + " & mdash; officials & quot;welcomed& quot; it.",
                                 title="Pullout & mdash; day one"))
    assert article.title == "Pullout — day one"
    assert article.text.endswith('— officials "welcomed" it.')


def test_title_from_short_first_line_only_without_full_stop():
    assert clean_document(raw("Troops leave Kazakhstan\n" + BODY)).title == "Troops leave Kazakhstan"
    first_sentence = clean_document(raw("The troops left.\n" + BODY))
    assert first_sentence.title is None
    assert first_sentence.text.startswith("The troops left.")


def test_too_little_text_is_a_drop_with_reason():
    drop = clean_document(raw("Leave a Reply\nAll news\nShort."))
    assert isinstance(drop, Drop) and drop.stage == "clean"
    assert "no article text" in drop.reason


def test_html_page_main_text_title_sitename_and_meta_date():
    page = f"""<html><head><title>Troops leave - Steppe Daily</title>
<meta property="og:site_name" content="Steppe Daily">
<meta property="article:published_time" content="2022-01-13T10:15:00+00:00"></head>
<body><nav><a href="/">Home</a> <a href="/news">All news</a></nav>
<article><h1>Troops leave</h1>
<p>NUR-SULTAN (Reuters) - {BODY.replace(chr(10), ' ')}</p>
<p>Share this article</p>
<p>Officials in Almaty said the airport had reopened and flights resumed on Friday morning.</p>
</article><div class="comments"><h3>Leave a Reply</h3>
<p>Your email address will not be published. Required fields are marked *</p></div>
<footer>© 2022 Steppe Daily. All rights reserved.</footer></body></html>"""
    article = clean_document(raw(page, kind="html"))
    assert isinstance(article, Article)
    assert article.title == "Troops leave"
    assert article.source == "Steppe Daily"
    assert article.published == dt.date(2022, 1, 13) and article.published_from == "metadata"
    assert article.dateline_place == "NUR-SULTAN" and article.dateline_agency == "Reuters"
    assert article.text.startswith("Peacekeepers")
    assert "airport had reopened" in article.text
    for junk in ("Leave a Reply", "email address", "All rights reserved", "Share this", "Home"):
        assert junk not in article.text


def test_html_fragment_keeps_paragraph_breaks():
    article = clean_document(raw("<p>First paragraph of the story is here and long enough.</p>"
                                 "<p>Second paragraph with <b>bold</b> text follows it.</p>",
                                 kind="html"))
    assert article.text == ("First paragraph of the story is here and long enough.\n\n"
                            "Second paragraph with bold text follows it.")


def test_language_detected_per_article():
    german = clean_document(raw("Die Europäische Zentralbank hat den Leitzins erneut angehoben. "
                                "Das teilte die Notenbank am Donnerstag in Frankfurt mit.",
                                language="en"))
    assert german.language == "de"


def test_article_id_is_stable_and_depends_on_outlet_and_text():
    assert article_id("TASS", "Some  text\n") == article_id("tass", "some text")
    assert article_id("TASS", "text") != article_id("AP", "text")
    assert len(article_id(None, "x")) == 16


def test_outlet_name_is_cut_from_the_title_and_labels_removed():
    assert clean_document(raw(BODY, title="Troops leave | Steppe Daily",
                              source="Steppe Daily")).title == "Troops leave"
    assert clean_document(raw(BODY, title="Steppe Daily - Troops leave",
                              source="Steppe Daily")).title == "Troops leave"
    assert clean_document(raw(BODY, title="All news: Troops leave")).title == "Troops leave"
    assert clean_document(raw(BODY, title="Breaking news | Troops leave")).title == "Troops leave"
    # without its separator "News" is a word of the headline
    assert clean_document(raw(BODY, title="News Corp shares fall")).title == "News Corp shares fall"
    assert clean_document(raw(BODY, title="News in pictures - the pullout")).title == (
        "News in pictures - the pullout")
    assert clean_document(raw(BODY, title="Troops leave - and return")).title == "Troops leave - and return"


def test_a_copyright_year_is_not_a_publication_date():
    page = ("<html><body><article><h1>Pullout</h1><p>ALMATY, January 13. /TASS/. " + BODY.replace(
        "\n", " ") + "</p></article><footer><p>© 2019 Steppe Daily</p></footer></body></html>")
    result = clean_document(raw(page, kind="html"))
    assert isinstance(result, PendingYear)  # the dateline's day waits for the batch's year
    assert (result.month, result.day) == (1, 13) and result.article.published is None
    undated = clean_document(raw(page.replace("ALMATY, January 13. /TASS/. ", ""), kind="html"))
    assert isinstance(undated, Article) and undated.published is None


def test_a_record_whose_url_cannot_be_read_is_kept_without_an_outlet_from_it():
    """An untrusted record's URL "http://[::1/..." made urlsplit raise: the record was
    rejected ("cleaning failed twice: ValueError: Invalid IPv6 URL"); its text is news."""
    article = clean_document(raw("The Tolvane bridge reopened on Friday after repairs. "
                                 "Engineers said the new supports had passed every test.",
                                 url="http://[::1/broken", title="Bridge reopens"))
    assert isinstance(article, Article)
    assert article.source is None and article.url == "http://[::1/broken"
