"""A wire's furniture in its text: story codes, pointers, what follows the closing credit,
and pages that are nothing but link titles. Every text here is our own, written in the
shapes flattened agency pages take (Timeline17's Reuters pages: treebank brackets, lines
glued), with invented outlets, people and promos."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.clean import clean_document
from storyline.clean.boilerplate import is_link_run
from storyline.clean.wire import cut_after_credit, strip_wire_codes, strip_wire_furniture
from storyline.model import Article, Drop, RawDocument
from storyline.settings import MIN_LINK_RUN_WORDS

PROMO = ("A faster ledger for every trading desk A joined-up view of audit and oversight "
         "Our newest research library for tax advisers")


def raw(content: str, **meta: str) -> RawDocument:
    return RawDocument(origin="wire.txt", content=content, kind="text", sha256="h", **meta)


# -- story codes and pointers ---------------------------------------------------------------

@pytest.mark.parametrize(("paragraph", "expected"), [
    ("The ministry condemned the ban as unfair to its exporters (nSP348835).",
     ["The ministry condemned the ban as unfair to its exporters."]),
    ("(ID: nLB737876) The agency said its laboratories had confirmed 412 cases.",
     ["The agency said its laboratories had confirmed 412 cases."]),
    ("[ID:nN27484099] Harbour officials reopened the port on Monday.",
     ["Harbour officials reopened the port on Monday."]),
    ("(ID: nT320193) (ID: nT233823) The factory doubled its shifts, a spokesman said.",
     ["The factory doubled its shifts, a spokesman said."]),
    # a code standing where a line break was lost: the two lines come apart
    ("The council raised its alert to the highest level (ID: nLC321991) Rivers rose again "
     "overnight in the north.",
     ["The council raised its alert to the highest level", "Rivers rose again overnight in the north."]),
    ("Freight exposure to Norland (nLR716823) TAKE A LOOK-Flood coverage (nFLU)",
     ["Freight exposure to Norland", "TAKE A LOOK-Flood coverage"]),
    # pointers to coverage elsewhere, with their target or a code, or their bracket lost
    ("(For full coverage of the floods, click (nFLD)) Rescuers reached the valley on Sunday.",
     ["Rescuers reached the valley on Sunday."]),
    ("The toll rose to 14. (For a map of the flooded districts, go to: here)",
     ["The toll rose to 14."]),
    ("(For a factbox on the floods click (ID: nLG76170) Rescuers reached the valley.",
     ["Rescuers reached the valley."]),
    ("(ID: nL3885424).", []),
    ("(ID: nHKG362728)) Flood fears spread across the delta.",
     ["Flood fears spread across the delta."]),
])
def test_story_codes_and_pointers_are_removed(paragraph, expected):
    assert strip_wire_codes(paragraph) == expected


@pytest.mark.parametrize("paragraph", [
    "Binding was strongest at 5 (nM) in the second assay.",  # a unit, not a code
    "The index fell (see chart) and recovered by noon.",
    "(For him, the decision was simple, he said.)",
    "The vote passed 52-48 (with two abstentions) on Friday.",
    "Visitors can go to the museum for free (for now) until May.",
    "The dam held (For details of the repairs, see page 4.) and the town was spared.",
])
def test_ordinary_brackets_are_kept(paragraph):
    assert strip_wire_codes(paragraph) == [paragraph]


# -- the article ends at its closing credit -----------------------------------------------

def test_what_a_flattened_page_glues_after_the_closing_credit_is_cut():
    paragraphs = ["Rescuers reached the valley on Sunday.",
                  f"(Reporting by Ana Veld; Editing by Tom Kerr) {PROMO}"]
    assert cut_after_credit(paragraphs) == ["Rescuers reached the valley on Sunday.",
                                            "(Reporting by Ana Veld; Editing by Tom Kerr)"]


def test_link_titles_on_their_own_lines_after_the_credit_are_cut():
    paragraphs = ["Rescuers reached the valley on Sunday.",
                  "(Additional reporting by Ben Hale; Editing by Ida Moss)",
                  "A faster ledger for every trading desk", "Our newest research library"]
    assert cut_after_credit(paragraphs) == paragraphs[:2]


def test_a_pointer_whose_link_was_lost_ends_the_article_too():
    paragraphs = ["The toll rose to 14.", f"(For a map of the flooded districts, go to: {PROMO}"]
    assert strip_wire_furniture(paragraphs) == ["The toll rose to 14."]


def test_a_credit_in_the_middle_of_a_live_blog_is_kept_with_what_follows():
    paragraphs = ["0910 GMT: The river crested at 6.2 metres in Dunmore.",
                  "(Reporting by Ana Veld) 0925 GMT: Evacuations began in the lower town",
                  "0940 GMT: The mayor said schools would stay shut on Monday."]
    assert cut_after_credit(paragraphs) == paragraphs
    assert strip_wire_furniture(paragraphs) == paragraphs


@pytest.mark.parametrize("paragraph", [
    # "reporting by" inside a sentence, and in a remark in brackets, is the article's own
    f"Critics said the reporting by state media had ignored the flood {PROMO}",
    f"The inquiry faulted the coverage (reporting by the broadcaster was late) {PROMO}",
])
def test_reporting_by_inside_a_sentence_is_not_a_credit(paragraph):
    paragraphs = ["Rescuers reached the valley on Sunday.", paragraph]
    assert cut_after_credit(paragraphs) == paragraphs


def test_the_cleaner_cuts_a_wire_pages_furniture_and_keeps_its_reporting():
    page = ("By Ana Veld DUNMORE -LRB- Wirecast -RRB- - Rescuers reached the flooded valley "
            "on Sunday , officials said . \n"
            "The council raised its alert to the highest level -LRB- ID : nLC321991 -RRB- "
            "Rivers rose again overnight . \n"
            "`` We have never seen water like this , '' said farmer Ida Moss . \n"
            f"-LRB- Reporting by Ana Veld ; Editing by Tom Kerr -RRB- {PROMO} \n")
    article = clean_document(raw(page, source="Wirecast"))
    assert isinstance(article, Article)
    assert "nLC321991" not in article.text and "ledger" not in article.text
    assert article.text.endswith("(Reporting by Ana Veld; Editing by Tom Kerr)")
    assert "Rivers rose again overnight." in article.text
    assert '"We have never seen water like this," said farmer Ida Moss.' in article.text


def test_cleaning_a_wire_page_twice_gives_the_same_text():
    page = ("Rescuers reached the flooded valley on Sunday , officials said .\n"
            f"-LRB- Editing by Tom Kerr -RRB- {PROMO}\n")
    first = clean_document(raw(page))
    assert isinstance(first, Article)
    again = clean_document(raw(first.text))
    assert isinstance(again, Article) and again.text == first.text


#: Pieces of wire pages, to build paragraphs from in any order.
_PIECES = ["Rescuers reached the valley on Sunday.", "(ID: nLC321991)", "(nFLD)", "(Reporting by Ana Veld)",
           "(Editing by Tom Kerr; Writing by Ida Moss)", "(For more coverage, click here: here)",
           "(For a map, go to:", "A faster ledger for every trading desk", "the toll rose to 14",
           "said the mayor.", "(see chart)", ")"]


@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map(" ".join),
                max_size=6))
def test_the_wire_rules_are_idempotent_and_only_remove_text(paragraphs):
    once = strip_wire_furniture(paragraphs)
    assert strip_wire_furniture(once) == once
    assert len(" ".join(once)) <= len(" ".join(paragraphs))
    assert all(p.strip() == p and p for p in once)


# -- pages that are nothing but link titles --------------------------------------------------

def test_a_page_that_is_only_a_promo_is_dropped_with_a_reason():
    result = clean_document(raw(f"{PROMO} {PROMO}"))
    assert isinstance(result, Drop)
    assert "no sentence" in result.reason and "link titles" in result.reason


def test_a_titled_record_without_sentences_is_kept():
    result = clean_document(raw(f"{PROMO} {PROMO}", title="Flood relief: what the markets did"))
    assert isinstance(result, Article)


@pytest.mark.parametrize(("text", "expected"), [
    (PROMO + " " + PROMO, True),
    ("Rescuers reached the valley on Sunday " * 4 + "officials said.", False),
    ("救援人员周日抵达山谷。" * 3 + " ".join(["词"] * MIN_LINK_RUN_WORDS), False),
    ("Flood waters rise in Dunmore as rescuers search", False),  # a headline: too short
])
def test_a_link_run_has_many_words_and_no_sentence_end(text, expected):
    assert is_link_run(text, MIN_LINK_RUN_WORDS) is expected
