"""The cited extractive summary (`storyline.analyze.summary`).

On a small story we wrote for these tests (an invented chemical-plant fire told by four
outlets over four days, with a wire sentence three of them repeat, a dateline, a question,
a quote, boilerplate) and on the CSTO story of our own examples/ corpus. The public
benchmark is benchmarks/summary.py.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, LIVE_BLOG, text_article
from storyline.analyze.summary import _copy_roots, _sentences, summarize
from storyline.analyze.summary_sentences import boilerplate, dangling, dateline_end, rejection, split
from storyline.clean import clean_document, resolve_pending
from storyline.flow.ingest import plan
from storyline.model import Article, CitedText, Drop, PendingYear
from storyline.settings import MAX_INPUT_BYTES, MAX_RECORD_BYTES
from storyline.sources import read_file
from storyline.stories.text import order_key

WIRE_SENTENCE = ("The regional council voted on Tuesday to suspend the plant's operating licence "
                 "until an independent inquiry reports on the causes of the fire.")


def article(ident: str, source: str, day: int, text: str, *, duplicate_of: str | None = None) -> Article:
    return Article(id=ident, origin=f"test:{ident}", raw_sha256="", text=text, title=None,
                   source=source, url=None, published=dt.date(2024, 3, day),
                   published_from="header", language="en", duplicate_of=duplicate_of)


# Day 1: the fire. Day 2: the decision (the wire sentence, repeated by three outlets, one of
# them lightly edited). Day 5: where things stand.
FIRE_WIRE = article("wire-1", "Northgate Wire", 4, (
    "OSKARVIK, March 4 (Northgate Wire) — A fire broke out on Monday at the Halden Chemicals "
    "plant on the edge of Oskarvik, sending a column of black smoke over the harbour town.\n\n"
    "Firefighters from three districts fought the blaze for more than nine hours before "
    "bringing it under control late in the evening.\n\n"
    "About 2,400 residents living within 2.5 km of the plant were told to leave their homes "
    "and spend the night in schools and sports halls.\n\n"
    "Mr. Lund, the town's fire chief, said two workers had been treated for smoke inhalation.\n\n"
    "What caused the blaze?\n\n"
    "Subscribe to our newsletter for daily updates from the region."))
FIRE_HERALD = article("herald-1", "Coastal Herald", 4, (
    "Residents of Oskarvik were evacuated on Monday evening as a fire at the Halden Chemicals "
    "plant sent thick smoke across the town centre and the harbour.\n\n"
    "\"We saw flames above the roof and then the sirens started,\" said one resident.\n\n"
    "The company said its storage tanks had been emptied last year and that no toxic "
    "substances had leaked.\n\n"
    "Read more: our coverage of industrial safety in the region."))
COUNCIL_WIRE = article("wire-2", "Northgate Wire", 5, (
    f"{WIRE_SENTENCE}\n\n"
    "Councillors said the decision was unanimous and would be reviewed once the findings were "
    "published, probably before the summer.\n\n"
    "Halden Chemicals employs about 310 people in Oskarvik and said it would keep paying "
    "its staff while the site remained closed.\n\n"
    "Follow us on social media for the latest news."))
COUNCIL_HERALD = article("herald-2", "Coastal Herald", 5, (
    "The Halden plant will stay shut for months, the council decided.\n\n"
    f"{WIRE_SENTENCE}\n\n"
    "Local business owners said the closure would hit the harbour economy hard, as the plant "
    "is the largest employer in Oskarvik."))
COUNCIL_VALLEY = article("valley-2", "Valley Times", 5, (
    "The regional council voted on Tuesday to suspend the Halden plant's operating licence "
    "until an independent inquiry reports on the causes of the fire.\n\n"
    "Environmental groups welcomed the vote but asked why earlier safety warnings about the "
    "site had been ignored by regulators.\n\n"
    "Is the town safe now?"))
RETURN_POST = article("post-5", "Fjord Post", 8, (
    "The evacuation order in Oskarvik was lifted on Friday and residents began returning to "
    "their homes after air quality tests found no trace of harmful gases.\n\n"
    "The independent inquiry into the fire opened its first hearing the same day, with the "
    "plant's managers and the fire chief among the first witnesses.\n\n"
    "Schools in the town will reopen on Monday, the mayor said.\n\n"
    "All rights reserved."))
STORY = [FIRE_WIRE, FIRE_HERALD, COUNCIL_WIRE, COUNCIL_HERALD, COUNCIL_VALLEY, RETURN_POST]
BY_ID = {a.id: a for a in STORY}


def tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def jaccard(a: str, b: str) -> float:
    x, y = tokens(a), tokens(b)
    return len(x & y) / len(x | y) if x | y else 1.0


def cited(summary: list[CitedText], articles: dict[str, Article]) -> None:
    """Every citation points at its sentence: the first exactly, the others a near-copy."""
    for item in summary:
        assert item.citations, item
        first = item.citations[0]
        assert articles[first.article_id].text[first.start:first.end] == item.text
        for span in item.citations:
            quoted = articles[span.article_id].text[span.start:span.end]
            assert jaccard(quoted, item.text) >= 0.5, (quoted, item.text)
        assert len({s.article_id for s in item.citations}) == len(item.citations)


# -- sentences -------------------------------------------------------------------------------


def test_splitter_keeps_abbreviations_decimals_and_quotes_inside_sentences():
    text = ('Mr. Lund met U.S. officials on Jan. 12 in St. Louis. Prices rose 2.5 percent. '
            '"We will leave," he said. "Then what?" she asked! Shares fell.\nA new paragraph')
    got = [text[s:e] for s, e in split(text)]
    assert got == ["Mr. Lund met U.S. officials on Jan. 12 in St. Louis.",
                   "Prices rose 2.5 percent.", '"We will leave," he said.',
                   '"Then what?" she asked!', "Shares fell.", "A new paragraph"]


def test_splitter_keeps_a_spaced_closing_quote_with_its_sentence():
    text = "It looks bad , he said : `` It is early . '' He stressed the risk ."
    assert [text[s:e] for s, e in split(text)] == [
        "It looks bad , he said : `` It is early . ''", "He stressed the risk ."]


@pytest.mark.parametrize(("sentence", "reason"), [
    ("What caused the blaze at the plant on Monday?", "question"),
    ("Subscribe to our newsletter for daily updates from the region.", "boilerplate"),
    ("Read more: our coverage of industrial safety in the region.", "boilerplate"),
    ('"We saw flames above the roof and then the sirens started," said one resident.', "quote"),
    ('"The decision was taken at the request of the Kazakh side.', "quote fragment"),
    ("Shares fell sharply.", "short"),
    (" ".join(["word"] * 60) + ".", "long"),
    ("Fire at Halden Chemicals plant forces evacuation of Oskarvik", "unfinished"),
    ("BREAKING NEWS: FIRE AT THE HALDEN PLANT IN OSKARVIK.", "shouting"),
    ("and then the council voted to close the plant for months.", "fragment"),
    ("Anna Berg | 18:00 local time , Monday , 4 March 2024 The fire is out .", "chrome"),
    ("The regional council voted on Tuesday to suspend the plant's licence.", None),
])
def test_rejection(sentence, reason):
    assert rejection(sentence) == reason


def test_boilerplate_and_dangling_openers():
    assert boilerplate("Photo: Getty Images") and boilerplate("Write to news@example.org today.")
    assert not boilerplate("The council read the report aloud before voting.")
    assert dangling("He said the plant would reopen.") and dangling('"But nobody came," she said.')
    assert not dangling("Helsinki said the plant would reopen.")


@pytest.mark.parametrize(("sentence", "kept"), [
    ("OSKARVIK, March 4 (Northgate Wire) — A fire broke out.", "A fire broke out."),
    ("MOSCOW, January 12. /TASS/. The contingent will leave.", "The contingent will leave."),
    ("GENEVA -LRB- Reuters -RRB- - The agency said it would act.", "The agency said it would act."),
    ("RABAT , June 12 -LRB- Reuters -RRB- - Morocco said it would act.", "Morocco said it would act."),
    ("KYIV, Ukraine — Officials said the road was open.", "Officials said the road was open."),
    # a dateline the sentence splitter cut in two, or with a time stamp run into it
    ("Reuters -RRB- - A new virus has spread.", "A new virus has spread."),
    ("(AP) — Officials said the road was open.", "Officials said the road was open."),
    ("Thu Apr 30 , 2009 5:11 am EDT -LRB- Reuters -RRB- - Here are the facts.",
     "Here are the facts."),
    ("OSKARVIK | Sat Mar 4 , 2023 12:51 am GMT OSKARVIK -LRB- Reuters -RRB- - A mill burned.",
     "A mill burned."),
    ("Officials said Reuters -RRB- - Nothing.", "Officials said Reuters -RRB- - Nothing."),
    ("NEW CAP FOR THE WELL In June , BP placed a cap.", "NEW CAP FOR THE WELL In June , BP placed a cap."),
    ("PARIS, France said it would go.", "PARIS, France said it would go."),
    ("US officials said the road was open.", "US officials said the road was open."),
])
def test_a_dateline_left_in_the_text_is_not_shown(sentence, kept):
    assert sentence[dateline_end(sentence):] == kept


def test_the_cited_span_starts_after_the_dateline():
    first = summarize([FIRE_WIRE])[0]
    assert first.text.startswith("A fire broke out on Monday")
    assert FIRE_WIRE.text[first.citations[0].start:first.citations[0].end] == first.text


# -- the summary ------------------------------------------------------------------------------


def test_three_to_seven_cited_sentences_without_noise():
    summary = summarize(STORY)
    assert 3 <= len(summary) <= 7
    cited(summary, BY_ID)
    for item in summary:
        assert rejection(item.text) is None
        assert "?" not in item.text and "Subscribe" not in item.text


def test_no_two_sentences_say_the_same_thing():
    summary = summarize(STORY)
    for i, a in enumerate(summary):
        for b in summary[i + 1:]:
            assert jaccard(a.text, b.text) < 0.5, (a.text, b.text)
    spans = [(s.article_id, s.start) for item in summary for s in item.citations]
    assert len(spans) == len(set(spans))


def test_a_sentence_three_outlets_repeat_cites_all_three():
    summary = summarize(STORY)
    [wire] = [item for item in summary if "operating licence" in item.text]
    assert {s.article_id for s in wire.citations} == {"wire-2", "herald-2", "valley-2"}
    for span in wire.citations:  # the span is the sentence in each article, edits and all
        assert BY_ID[span.article_id].text[span.start:span.end].startswith("The regional council")


def test_the_arc_runs_from_the_first_events_to_the_latest():
    summary = summarize(STORY)
    first_dates = [min(BY_ID[s.article_id].published for s in item.citations) for item in summary]
    assert first_dates == sorted(first_dates)
    assert first_dates[0] == dt.date(2024, 3, 4) and "fire" in summary[0].text.lower()
    assert first_dates[-1] == dt.date(2024, 3, 8)
    assert any(word in summary[-1].text for word in ("lifted", "returning", "inquiry"))
    assert any("licence" in item.text for item in summary)  # what was decided


@pytest.mark.parametrize("max_words", [12, 25, 40, 60, 100])
def test_word_budget_is_never_exceeded(max_words):
    summary = summarize(STORY, max_words=max_words)
    assert sum(len(item.text.split()) for item in summary) <= max_words
    assert summary, "a sentence fits every budget here"
    cited(summary, BY_ID)


@settings(max_examples=40, deadline=None)
@given(picked=st.lists(st.sampled_from(STORY), min_size=1, max_size=6, unique_by=lambda a: a.id),
       max_words=st.one_of(st.none(), st.integers(1, 150)), max_sentences=st.integers(1, 8))
def test_invariants_on_any_part_of_the_story(picked, max_words, max_sentences):
    summary = summarize(picked, max_words=max_words, max_sentences=max_sentences)
    assert len(summary) <= max_sentences
    if max_words is not None:
        assert sum(len(item.text.split()) for item in summary) <= max_words
    cited(summary, BY_ID)
    assert all(s.article_id in {a.id for a in picked} for item in summary for s in item.citations)
    keys = [min((BY_ID[s.article_id].published, s.article_id) for s in item.citations)[0]
            for item in summary]
    assert keys == sorted(keys)
    usable = [sentence[dateline_end(sentence):] for a in picked
              for sentence in (a.text[x:y] for x, y in split(a.text))]
    fits = [u for u in usable if rejection(u) is None and len(u.split()) <= (max_words or 10**6)]
    assert bool(summary) == bool(fits)  # at least one sentence whenever one fits


def test_a_budget_no_sentence_fits_gives_nothing():
    assert summarize(STORY, max_words=5) == []
    assert summarize(STORY, max_sentences=0) == []


def test_sentence_counts_are_honoured():
    assert len(summarize(STORY, max_sentences=2)) == 2
    assert len(summarize(STORY, min_sentences=5, max_sentences=5)) == 5


def test_deterministic_whatever_the_input_order():
    first = summarize(STORY, max_words=80)
    assert summarize(STORY, max_words=80) == first
    shuffled = STORY[:]
    random.Random(3).shuffle(shuffled)
    assert summarize(shuffled, max_words=80) == first


def test_a_single_article():
    summary = summarize([FIRE_WIRE])
    assert 1 <= len(summary) <= 4  # five usable sentences at most, kept in their order
    assert all(s.article_id == "wire-1" for item in summary for s in item.citations)
    starts = [item.citations[0].start for item in summary]
    assert starts == sorted(starts)
    cited(summary, BY_ID)


def test_nothing_to_summarise():
    assert summarize([]) == []
    assert summarize([article("empty", "X", 1, "")]) == []
    assert summarize([article("noise", "X", 1, "Read more. Subscribe now!\n\nWhy?")]) == []


def test_given_sentence_spans_are_used():
    text = FIRE_WIRE.text
    # One "sentence" per paragraph except the first, cut in two at its comma.
    comma = text.index(", sending")
    spans = [(0, comma + 1), (comma + 2, text.index("\n"))]
    spans += [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)][1:]
    summary = summarize([FIRE_WIRE], sentences={"wire-1": spans})
    assert all((s.start, s.end) in spans for item in summary for s in item.citations)
    assert summarize(STORY, sentences={a.id: split(a.text) for a in STORY}) == summarize(STORY)
    # Spans that do not fit the text (another version of it) are ignored, not cited.
    bad = summarize([FIRE_WIRE], sentences={"wire-1": [(-5, 3), (10, 5), (0, 10**6)]})
    assert bad == []


def test_the_sentence_most_outlets_state_comes_first_in_rank():
    [top] = summarize(STORY, max_sentences=1, min_sentences=1)
    assert "operating licence" in top.text and len(top.citations) == 3


def test_a_syndicated_copy_is_found_without_duplicate_of():
    copy = replace(COUNCIL_WIRE, id="copy-2", source="Harbour Digest")
    ordered = sorted([*STORY, copy], key=order_key)
    roots = _copy_roots(ordered, _sentences(ordered, None))
    index = {a.id: i for i, a in enumerate(ordered)}
    assert roots[index["copy-2"]] == roots[index["wire-2"]]  # same day: either is the original
    assert roots[index["herald-2"]] == index["herald-2"]  # one shared sentence is not a copy


def test_copies_are_cited_but_do_not_count_as_more_outlets():
    copy = replace(COUNCIL_WIRE, id="copy-2", source="Harbour Digest", duplicate_of="wire-2")
    summary = summarize([*STORY, copy])
    [wire] = [item for item in summary if "operating licence" in item.text]
    assert "copy-2" in {s.article_id for s in wire.citations}
    cited(summary, {**BY_ID, "copy-2": copy})


def test_five_hundred_articles_in_a_couple_of_seconds():
    rng = random.Random(5)
    sentences = [s for a in STORY for s in (a.text[x:y] for x, y in split(a.text))
                 if rejection(s) is None]
    towns = ["Oskarvik", "Brenna", "Tolmar", "Ustby", "Kveld", "Sarnes", "Vikholm"]
    articles = []
    for n in range(500):
        body = " ".join(rng.choice(sentences).replace("Oskarvik", rng.choice(towns))
                        + f" Officials counted {rng.randint(2, 900)} cases in district {n}."
                        for _ in range(rng.randint(8, 20)))
        articles.append(article(f"a{n}", f"Outlet {n % 37}", 1 + n % 28, body))
    started = time.process_time()  # CPU time: a busy machine slows the clock, not this
    summary = summarize(articles, max_words=120)
    assert time.process_time() - started < 5.0  # about 0.5 s on the development machine
    assert 1 <= len(summary) <= 7
    cited(summary, {a.id: a for a in articles})


# -- our examples ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csto() -> list[Article]:
    """The CSTO story of examples/ (six articles, four outlets, 12-19 January 2022)."""
    found: list[Article] = []
    pending: list[PendingYear] = []
    for item in plan([EXAMPLES / "text", EXAMPLES / "html"]):
        assert not isinstance(item, Drop), item
        if "csto" not in Path(item.path).name:
            continue
        for record in read_file(item, max_input_bytes=MAX_INPUT_BYTES,
                                max_record_bytes=MAX_RECORD_BYTES):
            result = clean_document(record)
            assert not isinstance(result, Drop), result
            (pending if isinstance(result, PendingYear) else found).append(result)
    dates = {a.published for a in found if a.published}
    return found + [resolve_pending(p, dates) for p in pending]


def test_examples_story(csto):
    assert len(csto) == 6
    by_id = {a.id: a for a in csto}
    summary = summarize(csto, max_words=120)
    assert 3 <= len(summary) <= 7
    assert sum(len(item.text.split()) for item in summary) <= 120
    cited(summary, by_id)
    dates = [min(by_id[s.article_id].published for s in item.citations) for item in summary]
    assert dates[0] == dt.date(2022, 1, 12) and dates[-1] == dt.date(2022, 1, 19)
    assert "withdraw" in summary[0].text  # the announced pullout opens the story
    # TASS's wire copy and Eurasia Wire's syndication of it are both cited.
    assert {by_id[s.article_id].source for s in summary[0].citations} == {"TASS", "Eurasia Wire"}


def test_a_live_blog_entry_stamp_opens_no_summary_sentence() -> None:
    text = LIVE_BLOG
    found = summarize([text_article("blog", text, dt.date(2010, 1, 14))])
    assert found and not any(re.match(r"\d{4}", s.text) for s in found)
    assert all(text[c.start:c.end] == s.text for s in found for c in s.citations)
