"""The record the quote rules build, and the helpers both kinds of rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyze.quotes.lexicon import FRAGMENT_CUES, SPEECH_VERBS
from storyline.analyze.quotes.marks import words
from storyline.analyze.quotes.phrases import Span2, speaker_before, valid_speaker
from storyline.model import QuoteKind

#: Reported content shorter than this many words is no statement ("he said so").
MIN_CONTENT_WORDS = 3
#: "U.S." or "p.m." closing a content: the full stop is the abbreviation's.
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z]$")
THAT = re.compile(r"(?<![\w'’-])that(?![\w'’-])")
#: Where a reported content ends: another clause, often another speaker's.
CONTRAST = re.compile(r"\s+(?:while|whereas|adding|saying|noting|stressing|warning|insisting|"
                       r"arguing|explaining|claiming|citing)\b")
#: `..., adding that ...`: a second statement of the same speaker (also after a quoted
#: fragment that holds the comma: `"far too small," adding that ...`).
PARTICIPLE = re.compile(r"(?:,|(?<=,[\"”»“]))\s+(adding|saying|noting|stressing|warning|"
                         r"insisting|arguing|explaining|claiming)\b(?:\s+that\b)?")

#: `Zas said A and warned that B` / `..., but warned that B`: a second statement of the
#: same speaker, cued by a coordinated speech verb.
COORDINATED = re.compile(r",?\s+(?:and|but)\s+(?:also\s+|then\s+)?(" + "|".join(sorted(
    SPEECH_VERBS, key=len, reverse=True)) + r")\s+that(?![\w'’-])")


#: `CDC officials say A and Schuchat said B`, `the WHO raised its alert, which assistant
#: director general Keiji Fukuda said is "..."`: a second statement of another speaker (a
#: name, with "the" before an organisation's or a role before a person's), cut off so that
#: one quote does not hold two people's words.
ANOTHER_SPEAKER = re.compile(r",?\s+(?:(?:and|but|while|whereas)\s+(?:the\s+)?|"
                             r"which\s+(?:[a-z]+\s+){0,4})"
                             r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*\s+"
                             r"(?:(?:has|have|had|also)\s+)?(?:" + "|".join(
                                 sorted(SPEECH_VERBS | FRAGMENT_CUES, key=len, reverse=True))
                             + r")(?![\w'’-])")


@dataclass(frozen=True, kw_only=True)
class Found:
    """One quote in one text. `parts` are the content pieces (one, or several for a quote
    split around its attribution or running over paragraphs); `speaker` spans the words
    naming the speaker; `fragments` are the quoted words inside a mixed quote."""

    parts: tuple[Span2, ...]
    kind: QuoteKind
    cue: str | None
    cue_span: Span2 | None
    speaker: Span2 | None
    source: str  # "cued" | "reported" | "uncued"
    fragments: tuple[Span2, ...] = ()

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def content_span(text: str, start: int, end: int, least: int = MIN_CONTENT_WORDS) -> Span2 | None:
    """Content span: whitespace and the closing full stop trimmed; None when too short."""
    while start < end and text[start] in " ,:\n":
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;:,") and not (
            text[end - 1] == "." and _INITIALS.search(text, 0, end - 1)):
        end -= 1
    if len(words(text[start:end])) < least:
        return None
    return start, end


def fragment_span(text: str, part: Span2) -> Span2:
    """A quoted fragment without the comma or full stop the writer's sentence put inside
    its marks (`called it "a disaster."`, `were "angry," "tired"`: American punctuation;
    the words quoted are "a disaster", "angry"); "!" and "?" are the speaker's, and the
    full stop of "U.S." stays."""
    start, end = part
    while end - 1 > start and text[end - 1] in ",.;:" and not (
            text[end - 1] == "." and _INITIALS.search(text, 0, end - 1)):
        end -= 1
    return start, end


def kind_of(text: str, parts: tuple[Span2, ...]) -> QuoteKind:
    return "mixed" if any(any(m in text[a:b] for m in "\"“”«»") for a, b in parts) else "indirect"


def clause_cut(text: str, start: int, end: int) -> int:
    """`end`, or the first semicolon (or ", while" / ", whereas", "and warned that", "and
    Schuchat said") before it outside quotation marks: a new clause, often another
    speaker's."""
    inside = False
    for i in range(start, end):
        ch = text[i]
        if ch in "“«”»\"":
            inside = ch in "“«" or (ch == '"' and not inside)
        elif not inside and (ch == ";" or (ch == "," and CONTRAST.match(text, i + 1))
                             or (ch in ", " and (COORDINATED.match(text, i, end)
                                                 or ANOTHER_SPEAKER.match(text, i, end)))):
            return i
    return end


def cue_of(match: re.Match[str]) -> tuple[str, Span2]:
    """The cue a match names, lower-cased with single spaces, and its span."""
    return " ".join(match.group().split()).casefold(), (match.start(), match.end())


def trimmed(text: str, start: int, end: int) -> Span2:
    """`start:end` without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: `Reuters quoted (quotes) Holt as saying ...` and `Holt was quoted (by Reuters) as saying
#: ...`: the person quoted speaks; the outlet that quotes them only relays.
_QUOTED_ACTIVE = re.compile(r"(?<![\w'’-])quote[ds]\s+(?P<who>[^,;:\"“”«»()\n]{1,80}?)\s+"
                            r"(?P<cue>as\s+saying)(?![\w'’-])")
_QUOTED_PASSIVE = re.compile(r"(?<![\w'’-])(?:was|were|is|are|been)\s+quoted\s+"
                             r"(?:by\s+[^,;:\"“”«»()\n]{1,80}?\s+)?(?P<cue>as\s+saying)"
                             r"(?![\w'’-])")


_DASHED = re.compile(r"\s[-—–](?:\s|$)")


def quoted_as(text: str, lo: int, hi: int) -> tuple[str, Span2, Span2, int] | None:
    """The first `quoted X as saying` / `X was quoted (by Y) as saying` in `lo:hi`: (cue,
    its span, the speaker's span, where the shape ends)."""
    found = []
    for match in _QUOTED_ACTIVE.finditer(text, lo, hi):
        speaker = trimmed(text, *match.span("who"))
        if valid_speaker(text[speaker[0]:speaker[1]]):
            found.append((match, speaker))
            break
    for match in _QUOTED_PASSIVE.finditer(text, lo, hi):
        speaker = speaker_before(text, lo, match.start())
        if speaker is not None and not _DASHED.search(text, speaker[0], speaker[1]):
            # not "[12 of those as nanny to his children -] is quoted as saying": the
            # subject began before the dash
            found.append((match, speaker))
            break
    if not found:
        return None
    match, speaker = min(found, key=lambda pair: pair[0].start())
    cue, cue_span = " ".join(match.group("cue").split()).casefold(), match.span("cue")
    return cue, cue_span, speaker, match.end()
