"""Sentence spans that survive news text.

The parser proposes sentence starts; these rules then repair them:

1. a line break always ends a sentence (clean text separates paragraphs with "\\n\\n");
2. no sentence ends after a title ("Gen.", "Mr.", "Const."), a month before its day
   ("Jan. 13", "Sept. 5"), "No." before a number, an initialism before a number, a clock
   time before its day or zone ("9:40 p.m. Friday"), a middle initial ("John F.
   Kennedy"), or inside a dateline ("ALMATY, Jan. 13 (Reuters) -" belongs to the sentence
   it opens);
3. no sentence starts with a lower-case letter unless "!" or "?" ends the one before it:
   "the U.S. had", "5th Ave. at", and the parser's mid-clause splits;
4. a closing quote after the full stop stays with its sentence (`home."`), an opening one
   goes with the next (`"We`);
5. a piece with no letter or digit (a lone quote or dash) joins its neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TITLES = ("Mr|Mrs|Ms|Messrs|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Pvt|Adm|Cmdr|Brig|Gov|Sen|Rep|"
           "Rev|Prof|Amb|Pres|Supt|Insp|Const|Det|Hon|Fr|St|Mt|Ft|vs|Gens|Reps|Sens")
_AFTER_TITLE = re.compile(rf"(?<![\w.])(?:{_TITLES})\.$")
_MONTH = re.compile(r"(?<![\w.])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_NUMBER_WORD = re.compile(r"(?<![\w.])(?:No|Nos|no|Art|art|Fig|fig|Vol|vol|p|pp|Ch|ch)\.$")
_INITIALISM = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
_CLOCK = re.compile(r"\b[ap]\.m\.$")
_AFTER_CLOCK = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|Mar|Apr|May|"
                          r"Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d|(?:ET|EST|EDT|GMT|UTC|"
                          r"CET|PT|PST|PDT)\b")
_SENTENCE_MARK = re.compile(r"""[!?…]["'»)\]]*$""")
_MIDDLE_INITIAL = re.compile(r"(?<![\w.])[A-Z][a-z]+ [A-Z]\.$")
_LINE_START = re.compile(r"\n\s*(?=\S)")
_QUOTES = "\"'"
#: A dateline opening a paragraph: "ALMATY, Jan. 13 (Reuters) -", "MOSCOW, January 12.
#: /TASS/.", "ALMATY, Kazakhstan -".
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*"
    r"(?:,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?|[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)*)){0,2}"
    r"\.?(?:\s*(?:\([^)\n]{1,40}\)|/[^/\n]{1,20}/\.?))?\s*[-—–:]*"
)
#: How far back (characters) the rules look from a boundary.
WINDOW = 60


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `doc`, as character offsets into its `text`."""
    return repair_starts(text, (sent.start_char for sent in doc.sents))


def repair_starts(text: str, proposed: Iterable[int]) -> list[tuple[int, int]]:
    """Sentence spans from the starts a parser proposed, repaired by the rules above."""
    breaks = {m.end() for m in _LINE_START.finditer(text)}
    starts = {0} | breaks
    for start in proposed:
        if start in starts or not 0 < start < len(text):
            continue
        if not _continues(text, start):
            starts.add(_move_quote(text, start))
    return _spans(text, sorted(starts), breaks)


def _continues(text: str, start: int) -> bool:
    """True when a proposed start is not a sentence boundary."""
    raw = text[max(0, start - WINDOW):start]
    before = raw.rstrip()
    after = text[start]
    if after.isspace() or "\n" in raw[len(before):]:
        return after.isspace()  # a start on a line break is already one; one after it stays
    if _AFTER_TITLE.search(before):
        return True
    if after.isdigit() and (_MONTH.search(before) or _NUMBER_WORD.search(before)):
        return True
    if after.isdigit() and _INITIALISM.search(before):
        return True
    if _CLOCK.search(before) and _AFTER_CLOCK.match(text, start):
        return True  # "at 9:40 p.m. Friday", "5 p.m. ET"
    if after.isupper() and _MIDDLE_INITIAL.search(before):
        return True
    if after.islower() and not _SENTENCE_MARK.search(before):
        return True  # a sentence does not start in lower case: "the U.S. had", "5th Ave. at"
    paragraph = text.rfind("\n", 0, start) + 1
    return start - paragraph <= WINDOW * 2 and _DATELINE.fullmatch(
        text[paragraph:start].strip()) is not None


def _move_quote(text: str, start: int) -> int:
    """Move a start past a closing quote (`home." Then`, `home. " Then`) or back before an
    opening one (`left. "We`). Which is which is read from the spacing around the quote:
    counting quotes fails on the first unbalanced one."""
    after = start + 1
    if text[start] in _QUOTES and (after == len(text) or text[after].isspace()):
        while after < len(text) and text[after] == " ":
            after += 1
        return after
    if start >= 2 and text[start - 1] in _QUOTES and text[start - 2].isspace():
        return start - 1
    return start


def _spans(text: str, starts: list[int], breaks: set[int]) -> list[tuple[int, int]]:
    """Spans between consecutive starts, trimmed; a piece without a letter or digit joins
    the sentence before it (or after it, at a paragraph's start)."""
    spans: list[tuple[int, int]] = []
    ends = [*starts[1:], len(text)]
    pending: int | None = None
    for start, end in zip(starts, ends, strict=True):
        piece = text[start:end]
        left = start + len(piece) - len(piece.lstrip())
        right = start + len(piece.rstrip())
        if left >= right:
            continue
        if pending is not None:
            left, pending = pending, None
        if not any(ch.isalnum() for ch in text[left:right]):
            if spans and start not in breaks:
                spans[-1] = (spans[-1][0], right)
            else:
                pending = left
            continue
        spans.append((left, right))
    if pending is not None:  # nothing followed the lone piece: keep it rather than lose it
        spans.append((pending, len(text.rstrip())))
    return spans
