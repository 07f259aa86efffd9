"""The timeline metric against numbers worked out by hand (tilse's "align+ m:1" ROUGE and
date F1). The module was also checked against tilse driving the ROUGE-1.5.5 Perl script on
T17 timelines (identical to 1e-16); these tests pin the behaviour without either."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.evaluate import alignment_rouge, date_f1, evaluate_timeline
from storyline.evaluate.timelines import rouge_tokens, stem

D = dt.date


@pytest.mark.parametrize(("word", "expected"), [
    # Porter as ROUGE-1.5.5's Perl carries it (outputs of that script)
    ("running", "run"), ("agreement", "agreem"), ("yesterday", "yesterdai"), ("cases", "case"),
    ("hits", "hit"), ("sinks", "sink"), ("relational", "relat"), ("hopping", "hop"),
    # WordNet exceptions are base forms, not stemmed further
    ("children", "child"), ("told", "tell"), ("began", "begin"),
])
def test_stem_is_rouge_morphstem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_rouge_tokens_follow_rouge_1_5_5() -> None:
    # lowercased; "-" splits words; punctuation is a space; SMART stop words ("the", "were",
    # "said", "jan") dropped; only tokens longer than 3 characters stemmed ("rose" is an
    # exception: rise); n-grams run over the joined sentences.
    assert rouge_tokens(["The children were TOLD: swine-flu cases rose to 27 .",
                         "Officials said on Jan. 5"]) == [
        "child", "tell", "swine", "flu", "case", "rise", "27", "offici", "5"]
    # pyrouge writes a SEE line; ROUGE reads it up to the first "<", "^" becomes "&circ;"
    assert rouge_tokens(["fire x<y port", "a^b"]) == ["fire", "circ"]
    assert rouge_tokens(["", "   "]) == []


REFERENCE = {D(2010, 1, 10): ["Fire hits port ."], D(2010, 1, 12): ["Ship sinks ."]}
PREDICTED = {D(2010, 1, 10): ["Fire hits the port ."], D(2010, 1, 11): ["Ship sinks ."],
             D(2010, 2, 1): ["Rain ."]}


def test_alignment_rouge_by_hand() -> None:
    # ROUGE tokens: ref 01-10 [fire hit port], ref 01-12 [ship sink];
    #               pred 01-10 [fire hit port] ("the" is a stop word), 01-11 [ship sink], 02-01 [rain].
    # Costs = (1 - 1/(days+1)) x (1 - F1 over whitespace tokens, case kept, "." dropped):
    #   pred 01-10 -> ref 01-10 (cost 0); pred 01-11 -> ref 01-12 (cost 1/2 x 0 = 0, against
    #   01-10: 1/2 x 1); pred 02-01 -> ref 01-12 (20/21 < 22/23), no hits.
    #   ref 01-10 -> pred 01-10 (0); ref 01-12 -> pred 01-11 (0; pred 01-10 costs 2/3).
    # ROUGE-1: precision = (3x1 + 2x1/2 + 0) / (3+2+1) = 4/6; recall = (3x1 + 2x1/2) / (3+2) = 4/5;
    #          F = 2 (2/3)(4/5) / (2/3 + 4/5) = 8/11.
    # ROUGE-2: bigrams pred 2+1+0, ref 2+1; hits 2x1 + 1x1/2 both ways: P = R = 2.5/3 = 5/6.
    r1 = alignment_rouge(PREDICTED, REFERENCE, n=1)
    assert (r1.precision, r1.recall, r1.f1) == pytest.approx((2 / 3, 4 / 5, 8 / 11))
    r2 = alignment_rouge(PREDICTED, REFERENCE, n=2)
    assert (r2.precision, r2.recall, r2.f1) == pytest.approx((5 / 6, 5 / 6, 5 / 6))


def test_date_f1_by_hand() -> None:
    # one shared date of 3 predicted and 2 reference: P 1/3, R 1/2, F = 2/5
    scores = date_f1(PREDICTED, REFERENCE)
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((1 / 3, 1 / 2, 2 / 5))


def test_evaluate_timeline_bundles_the_three() -> None:
    scores = evaluate_timeline(PREDICTED, REFERENCE)
    assert scores.rouge_1.f1 == pytest.approx(8 / 11)
    assert scores.rouge_2.f1 == pytest.approx(5 / 6)
    assert scores.dates.f1 == pytest.approx(2 / 5)


def test_identical_timelines_score_one_and_empty_zero() -> None:
    perfect = evaluate_timeline(REFERENCE, REFERENCE)
    assert (perfect.rouge_1.f1, perfect.rouge_2.f1, perfect.dates.f1) == pytest.approx((1, 1, 1))
    empty = evaluate_timeline({}, REFERENCE)  # tilse fails here; we score zero
    assert (empty.rouge_1.f1, empty.rouge_2.f1, empty.dates.f1) == (0, 0, 0)


def test_a_near_date_counts_less() -> None:
    # the right summary one day off earns half its hits (weight 1/(1+1)); two days off a third
    off_by_one = alignment_rouge({D(2010, 1, 11): ["Fire hits port ."]},
                                 {D(2010, 1, 10): ["Fire hits port ."]})
    off_by_two = alignment_rouge({D(2010, 1, 12): ["Fire hits port ."]},
                                 {D(2010, 1, 10): ["Fire hits port ."]})
    assert off_by_one.f1 == pytest.approx(1 / 2)
    assert off_by_two.f1 == pytest.approx(1 / 3)
