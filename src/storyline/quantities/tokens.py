"""Tokens for the quantity reader, and the stretches of text that only look like numbers.

Digits inside dates ("13.01.2022", "January 13"), clock times ("10:00", "5 p.m.") and
phone numbers ("+7 727 258 30 16") are marked `blocked` before any phrase is read, so no
rule has to remember them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from storyline.timex.lexicon import MONTH

_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|\S")
_ORD = r"(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|and|through|until)\s*"
# The year that may close a date: "January 13, 2022" (else ", 2022 troops" reads as a count).
_YEAR = r"(?:,?\s+(?:1\d{3}|20\d\d)(?![\d]|[.,]\d))?"
_BLOCKED = re.compile("|".join((
    # ISO timestamps: 2022-01-13T10:15:00+06:00
    r"(?<![\w.,/-])\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?",
    # numeric dates: 13.01.2022, 2022-01-13, 01/13/2022; short ones: 1/13, 24/7, 2022/23
    r"(?<![\w.,/-])\d{1,4}([./-])\d{1,2}\1\d{2,4}(?![\w]|[.,/-]\d)",
    r"(?<![\w.,/-])\d{1,4}/\d{1,4}(?![\w]|[./]\d)",
    # a month with its day (and a day range): January 13, Jan. 6-8, 13 January, 6th of May
    rf"{MONTH}\s*\d{{1,2}}{_ORD}(?![\d]|[.,]\d)(?:{_TO}\d{{1,2}}{_ORD}(?!\d))?{_YEAR}",
    rf"(?<![\w.,])\d{{1,2}}{_ORD}(?:{_TO}\d{{1,2}}{_ORD})?\s+(?:of\s+)?{MONTH}{_YEAR}",
    # clock times: 10:00, 10.30 a.m., 5 pm, 1400 GMT
    r"(?<![\w.,:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?(?!\w))?",
    r"(?<![\w.,:])\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.m\.|[AaPp][Mm](?!\w))",
    r"(?<![\w.,:])\d{1,2}[.:]?\d{2}\s*(?:GMT|UTC|CET|EET|MSK|BST|EST|EDT|PST|PDT|hrs"
    r"|local\s+time)(?!\w)",
    r"(?<![\w.,:])\d{1,2}\s+o['’]clock",
)))
# Phone-like: an optional +country code or (area code), then three or more digit groups.
_PHONE = re.compile(
    r"(?<![\w.,+-])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,5}\)[\s.-]?)?|\(\d{1,5}\)[\s.-]?)?"
    r"\d{1,5}(?:[\s.-]\d{2,5}){2,}(?![\w]|[.,]\d)")
# Thousands groups separated by spaces ("2 500 000") are numbers, not phones.
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")
# A phone number has at least this many digits (local numbers: 7).
MIN_PHONE_DIGITS = 7


TokenKind = Literal["num", "word", "sym"]


@dataclass(slots=True)
class Token:
    """A number (digits with their separators), a word (hyphens kept) or one symbol.

    `gap` is the text between the previous token and this one ("" when attached);
    `blocked` marks digits inside dates, times and phone numbers.
    """

    text: str
    lower: str
    start: int
    end: int
    kind: TokenKind
    gap: str
    blocked: bool = False

    @property
    def attached(self) -> bool:
        """No space between this token and the previous one."""
        return self.gap == ""

    @property
    def line_start(self) -> bool:
        """First token of its line (a list marker position)."""
        return "\n" in self.gap or self.start == len(self.gap)


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, with dates, times and phone numbers marked blocked."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        kind: TokenKind = ("num" if match.lastgroup == "num" else
                           "word" if match.lastgroup else "sym")
        value = match.group()
        tokens.append(Token(value, value.lower(), match.start(), match.end(), kind,
                            text[previous_end:match.start()]))
        previous_end = match.end()
    spans = _blocked_spans(text)
    if spans:
        _mark(tokens, spans)
    return tokens


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BLOCKED.finditer(text)]
    for match in _PHONE.finditer(text):
        found = match.group()
        digits = sum(c.isdigit() for c in found)
        if digits >= MIN_PHONE_DIGITS and not _SPACED_THOUSANDS.fullmatch(found):
            spans.append(match.span())
    return spans


def _mark(tokens: list[Token], spans: list[tuple[int, int]]) -> None:
    for token in tokens:
        if token.kind == "num" and any(s < token.end and token.start < e for s, e in spans):
            token.blocked = True
