"""Mixed quotes: quoted fragments inside reported speech, `called it "one of the great
miscarriages of justice"`, `said she "loved" working there`, `hammered the "disgusting"
media for its "phony polls"`.

A quoted stretch no other rule took is a fragment of a mixed quote when its sentence has a
cue before it (a speech verb, or a verb that attributes a fragment: called, hammered,
described, ... `FRAGMENT_CUES`) with a speaker phrase before the cue; the statement runs
from the cue (after "that") to the end of its clause and at least over its fragments, and
no further than its quoted words are reported (`statement_end`): an object cue ("called
it "a disgrace"") ends at its last fragment, a fragment ending its sentence or clause
inside the marks ends the statement, and a comma, semicolon or dash after the last
fragment opens another clause.
"what he called "..."" takes the speaker after "what". The fragments' own spans are kept
(`Found.fragments`). A quoted stretch with no such cue is a direct quote of its own when it
reads as one (a sentence, or three words or more that are no title), unattributed: who
said it is not written next to it, and a guess is worse than none.
"""

from __future__ import annotations

import re

from storyline.analyze.quotes.found import Found, clause_cut, content_span, cue_of, fragment_span
from storyline.analyze.quotes.lexicon import FRAGMENT_CUES, OBJECT_FRAGMENT_CUES
from storyline.analyze.quotes.marks import Stretch, words
from storyline.analyze.quotes.phrases import AFTER_ARTICLE, Span2, speaker_before

_FRAGMENT_CUE = re.compile(AFTER_ARTICLE + r"(?<![\w'’-])(?:" + "|".join(sorted(FRAGMENT_CUES, key=len,
                                                                 reverse=True)) + r")(?![\w'’-])")
#: "in what he called", "what Trump calls": the speaker sits between "what" and the verb.
_WHAT = re.compile(r"(?<![\w'’-])[Ww]hat\s+")
#: What may stand before a speaker phrase that is its clause's subject: nothing, a comma,
#: or a conjunction ("..., and Baxter called it ..."); anything else makes it an object.
_SUBJECT_LEAD = re.compile(r"(?:[,;:]|(?:^|\s)(?:and|but|as|after|while|when|because|that))"
                           r"\s*$")
#: Words between a cue and its fragment at most ("called the 1996 pageant winner "Miss
#: Piggy"": 4; "hammered the ... media for its "phony polls"": 8).
MAX_CUE_GAP_WORDS = 14
#: Characters read back from a fragment for its cue and speaker: far beyond the gap and a
#: speaker phrase with its appositions.
MIXED_REACH = 1000
_SPACE = re.compile(r"\s")
#: `describing as "unhinged" the mayor's posts`: the object follows the fragment.
_INVERTED = re.compile(r"\s*(?:as\s*)?")
_THAT_START = re.compile(r"\s*(?:that\s+)?")
#: "is describing", "has been steadily pounding": an -ing cue after its auxiliary.
_PROGRESSIVE = re.compile(r"(?<![\w'’-])(?:is|was|are|were|been)\s+(?:[a-z]+ly\s+)?$")


def mixed_quote(text: str, sentence: Span2, stretches: list[Stretch]) -> Found | None:
    """The mixed quote holding `stretches` (quoted fragments of the sentence `sentence`,
    in order), or None when no cue with a speaker stands before the first of them."""
    start, end = sentence
    first = stretches[0]
    lo = _after_last_close(text, _reach_back(text, start, first.open_at), first.open_at)
    for match in reversed(list(_FRAGMENT_CUE.finditer(text, lo, first.open_at))):
        if len(words(text[match.end():first.open_at])) > MAX_CUE_GAP_WORDS:
            break
        if match.group().endswith("ing") and not _PROGRESSIVE.search(text, lo, match.start()):
            continue  # ", calling it ...": a participle clause, its subject is elsewhere
        what = None
        for candidate in _WHAT.finditer(text, lo, match.start()):
            what = candidate.end()
        speaker = speaker_before(text, what if what is not None else lo, match.start())
        if speaker is None:
            continue
        if what is None and text[lo:speaker[0]].strip() and not _SUBJECT_LEAD.search(
                text[lo:speaker[0]]):
            continue  # the "speaker" is an object ("told [reporters] ..."): not the subject
        content_start = _THAT_START.match(text, match.end()).end()
        if what is not None:  # "in what he called "a rigged system," the votes ..."
            content_start, stop = first.open_at, first.close_at + 1
        else:
            stop = statement_end(text, content_start, min(end, max(
                clause_cut(text, content_start, end), stretches[-1].close_at + 1)),
                object_cue=match.group().casefold() in OBJECT_FRAGMENT_CUES
                and not _INVERTED.fullmatch(text, match.end(), first.open_at))
        content = content_span(text, content_start, stop, least=1)
        if content is None:
            continue
        fragments = tuple(fragment_span(text, s.parts[0]) for s in stretches
                          if content[0] <= s.start and s.end <= content[1])
        if not fragments:
            continue
        return Found(parts=(content,), kind="mixed", cue=cue_of(match)[0],
                     cue_span=cue_of(match)[1], speaker=speaker, source="reported",
                     fragments=fragments)
    return None


#: Where a statement's tail after its last fragment ends: a comma, semicolon, dash or
#: parenthesis outside the marks opens another clause ("called the plan "rushed", and the
#: mayor disagreed").
_TAIL_BREAK = re.compile(r"[,;(]|\s[—–-]\s")
_CLOSERS = "\"”»“"  # “ closes „ (German); in English the last mark of a content is ”


def statement_end(text: str, start: int, stop: int, *, object_cue: bool = False) -> int:
    """Where a mixed statement from `start` that would run to `stop` ends: at its last
    fragment's closing mark for an object cue ("called it "a disgrace"" says nothing after
    it) or when the fragment ends its sentence or clause inside the marks (`was "a
    disaster." The council ...`, `was "a gift," adding ...`); else at the first clause
    break after that mark ("... "rushed", and the mayor disagreed"), or at `stop`."""
    last = max(text.rfind(mark, start, stop) for mark in _CLOSERS)
    if last <= start:
        return stop
    close = last + 1
    if object_cue or text[last - 1] in ".!?,":
        return close  # a comma inside the marks is the writer's: a clause ends there
    cut = _TAIL_BREAK.search(text, close, stop)
    return cut.start() if cut else stop


def _reach_back(text: str, start: int, pos: int) -> int:
    """Where to start reading for a fragment's cue and speaker: the sentence start, or at
    most `MIXED_REACH` characters before the fragment (at a word's start). The cue is at
    most `MAX_CUE_GAP_WORDS` words before it and the speaker phrase a few words before
    that, so nothing further changes the reading; it keeps a sentence of thousands of
    quoted stretches linear."""
    if pos - start <= MIXED_REACH:
        return start
    space = _SPACE.search(text, pos - MIXED_REACH, pos)
    return space.end() if space else pos


def _after_last_close(text: str, start: int, pos: int) -> int:
    """The sentence start, or just after the last closing quotation mark before `pos`."""
    last = max(text.rfind(m, start, pos) for m in "”»")
    return last + 1 if last >= 0 else start
