"""Readers' comments under an article are cut where they begin: their dates, quotes and
claims are not the article's. Every text here is our own, in the shapes flattened blog
pages take (Timeline17's BBC blogs: treebank spacing, one comment a line)."""

from hypothesis import given
from hypothesis import strategies as st

from storyline.clean import clean_document
from storyline.clean.comments import cut_reader_comments
from storyline.model import Article, RawDocument

POST = [
    "Health officials in Norland confirmed four more cases of the new flu on Friday.",
    "The agency said its laboratories were testing samples from two more towns.",
]
COMMENTS = [
    "At 12:19 26th Apr 2009 , tidewatcher wrote : This comment was removed because the "
    "moderators found it broke the house rules .",
    "Thank you for the update , keep it coming .",
    "At 15:27 26th Apr 2009 , Icecold_00 wrote : I heard the first case here was "
    "confirmed on Monday .",
    "Subscribe to this blog's feed to stay up to date .",
]


def test_the_article_ends_where_the_first_comment_begins():
    assert cut_reader_comments(POST + COMMENTS) == POST


def test_headers_in_other_shapes_are_found_too():
    for header in ("At 5:49 pm on 05 May 2009, Harbourside wrote: I like the idea.",
                   "On 26 April 2009 at 15:27, Jo Marsh said: Not in our town.",
                   "26/04/2009 15:27 quillpen wrote: Quite right."):
        assert cut_reader_comments([*POST, header, "More readers' words."]) == POST, header


def test_prose_that_reports_what_someone_wrote_stays():
    prose = [*POST,
             "At 10:30 on Monday , the minister wrote : `` We will not close the schools . ''",
             "At 9:15 am the chief medical officer wrote to every surgery in Norland ."]
    assert cut_reader_comments(prose) == prose


def test_a_text_that_starts_with_a_comment_is_not_cut():
    """A page of comments alone is no article with comments under it: left as it is (the
    other rules decide about it)."""
    assert cut_reader_comments(COMMENTS) == COMMENTS


def test_the_cleaner_drops_the_comments_and_the_footer_after_them():
    text = "\n".join(["Flu cases rise in Norland", *POST, *COMMENTS])
    article = clean_document(RawDocument(origin="blog.txt", content=text, kind="text",
                                         sha256="h"))
    assert isinstance(article, Article)
    assert "wrote" not in article.text and "Subscribe" not in article.text
    assert article.text.startswith("Health officials") and "two more towns" in article.text


@given(st.lists(st.sampled_from(POST + COMMENTS + ["", "At 12:19 , someone wrote :"]),
                max_size=8))
def test_cutting_only_removes_a_tail_and_is_idempotent(paras):
    once = cut_reader_comments(paras)
    assert paras[:len(once)] == once
    assert cut_reader_comments(once) == once
