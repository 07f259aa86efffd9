"""A "sentence" of thousands of commas or quoted stretches (a flattened table, a list page, a
broken page with no full stops) costs the quote rules work in proportion to its length:
each comma and each quoted stretch reads a bounded stretch of text for its cue, where it
used to read on to the sentence's end (20,000 list items took 475 s). What is found near
the cue is found as before. Every sentence here is our own."""

from __future__ import annotations

import re

import pytest

from storyline.analyze.quotes import mixed, reported
from storyline.analyze.quotes.attribution import find_found


class _Counting:
    """A compiled pattern that adds up how many characters its searches were given: the
    real pattern runs, the count shows how far the rules read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def _span(self, text: str, pos: int = 0, endpos: int | None = None) -> None:
        self.read += (len(text) if endpos is None else min(endpos, len(text))) - pos

    def search(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        self._span(text, pos, endpos)
        return self.pattern.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**62):
        self._span(text, pos, endpos)
        return self.pattern.finditer(text, pos, endpos)

    def __getattr__(self, name: str) -> object:
        return getattr(self.pattern, name)


def _one_sentence(text: str):
    return find_found(text, [(0, len(text))])


def _words(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0]:span[1]]


@pytest.mark.parametrize("items", [500, 4000])
def test_commas_are_read_a_bounded_stretch_each(monkeypatch, items):
    cue = _Counting(reported.CUE)
    monkeypatch.setattr(reported, "CUE", cue)
    text = "Arno, " * items + "Bela and Coro Vint said the tour would go on."
    found = _one_sentence(text)
    # the statement is still read: its cue, its content
    assert [(f.cue, _words(text, f.parts[0])) for f in found] == [
        ("said", "the tour would go on")]
    # each comma's search reads at most the reach (and the cue after it), never the
    # rest of the sentence: the old reading was about items**2 * 3 characters
    assert cue.read <= (reported.TRAILING_REACH + 20) * (items + 10) + 10 * len(text)


def test_a_closing_attribution_after_a_long_content_keeps_its_speaker():
    content = "the ferry carried " + ", ".join(f"{n} crates of grain" for n in range(400))
    text = content + ", Mira Oslund said."
    found = _one_sentence(text)
    assert len(found) == 1
    assert _words(text, found[0].speaker) == "Mira Oslund"
    assert found[0].cue == "said"
    assert _words(text, found[0].parts[0]) == content


def test_a_cue_beyond_the_reach_closes_no_attribution():
    # nothing but a list of 150 names lies between the comma and "said": no speaker
    # phrase is that long, so the comma closes no statement (the leading reading stays)
    names = " ".join(f"Name{n}" for n in range(150))
    text = "The port reopened on Monday, " + names + " said."
    assert len(names) > reported.TRAILING_REACH
    assert all(f.speaker is None or _words(text, f.speaker) != "The port reopened on Monday"
               for f in _one_sentence(text))
    assert reported._first_cue(text, text.index(",") + 1, len(text) - 1) == []


@pytest.mark.parametrize("stretches", [300, 3000])
def test_quoted_stretches_are_read_a_bounded_stretch_each(monkeypatch, stretches):
    cue = _Counting(mixed._FRAGMENT_CUE)
    monkeypatch.setattr(mixed, "_FRAGMENT_CUE", cue)
    text = '"We stay here," ' * stretches + "Ilse Varn said."
    found = _one_sentence(text)
    assert len(found) == stretches
    assert all(_words(text, f.parts[0]).startswith("We stay here") for f in found)
    assert cue.read <= (mixed.MIXED_REACH + 20) * (stretches + 10)


def test_a_fragment_far_into_a_long_sentence_keeps_its_cue_and_speaker():
    lead = "Across " + ", ".join(f"district {n}" for n in range(300)) + ", "
    text = lead + 'the mayor, Tova Lind, called the plan "a slow disaster" on Friday.'
    found = _one_sentence(text)
    assert [(f.kind, f.cue, _words(text, f.speaker)) for f in found] == [
        ("mixed", "called", "Tova Lind")]
