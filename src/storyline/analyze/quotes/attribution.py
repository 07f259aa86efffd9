"""Quotes in one text, before speakers are resolved: content parts, kind, cue, and the
words naming the speaker.

Direct quotes (`direct`) are quoted stretches (`marks`) attributed by a cue next to them:
`"...," Zas said` / `"...," said Zas` after the closing mark, `Zas said: "..."` before the
opening one; a quote split around its attribution (`"We will leave," Zas said, "within
ten days."`) is one quote of two parts (a mixed one when the writer's words come first
and the quoted rest opens in lower case: `The fund was, Zas said, "a gift."`), and quoted
sentences right after the attribution join it. A quoted sentence without a cue continues
the direct quote just before it (in its paragraph, or ending the paragraph before) as one
more part; otherwise it is kept as a
direct quote without a speaker (unattributed: nobody is named next to it).

Quoted fragments no rule took are read by `mixed`: inside reported speech cued by a verb
before them (`called it "..."`) they make a mixed quote; a fragment that reads as a
statement of its own (three words or more, no title) is an unattributed direct quote.

Reported speech (`reported`) is read per sentence, in these shapes:
`X said (that) ...`, `..., X said.` / `..., said X.`, `..., X said, ...` (parenthetical),
`According to X, ...` / `..., according to X.`, `In his words, ...`. A content holding a
quoted fragment is "mixed".

Where candidates overlap, a cued direct quote wins over reported speech, which wins over an
uncued direct quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storyline.analyze.quotes.direct import direct_quotes
from storyline.analyze.quotes.found import (
    ANOTHER_SPEAKER,
    COORDINATED,
    PARTICIPLE,
    Found,
    clause_cut,
    content_span,
    fragment_span,
    kind_of,
)
from storyline.analyze.quotes.marks import (
    MIN_WORDS,
    Stretch,
    is_scare,
    is_title,
    quoted_stretches,
    words,
)
from storyline.analyze.quotes.mixed import mixed_quote
from storyline.analyze.quotes.phrases import Span2, clause_end
from storyline.analyze.quotes.reported import RELAYING_CUES, reported_speech

_PRIORITY = {"cued": 0, "reported": 1, "uncued": 2}
_JOINER = re.compile(r",?\s+(?:and|but|while|whereas)\s+")


def find_found(text: str, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """Every quote of `text` (sentence spans from the language layer), sorted by position."""
    every = quoted_stretches(text)
    stretches = [s for s in every if not is_scare(_words_of(text, s))
                 and not (is_title(_words_of(text, s)) and len(words(_words_of(text, s))) > 1)]
    candidates = direct_quotes(text, stretches)
    for start, end in sentences:
        candidates += _reported_in(text, start, end)
    chosen: list[Found] = []
    taken: list[Span2] = []
    for found in sorted(candidates, key=lambda f: (_PRIORITY[f.source], f.start)):
        if any(found.start < e and s < found.end for s, e in taken):
            continue
        chosen.append(found)
        taken.append((found.start, found.end))
    chosen = _follow(text, sorted(chosen, key=lambda f: f.start))
    chosen += _participles(text, chosen)
    chosen += _fragments(text, sentences, every, chosen)
    return [_with_fragments(text, f, every) for f in sorted(chosen, key=lambda f: f.start)]


def _reported_in(text: str, start: int, end: int) -> list[Found]:
    """The reported speech of one sentence: one statement, and another speaker's after it
    when the first content ends where the second begins ("The CDC say A and Mexico said
    B")."""
    found: list[Found] = []
    while (reported := reported_speech(text, start, end)) is not None:
        if found and reported.cue in RELAYING_CUES:
            break  # "..., while Texas reported 26 and California 14": figures, no statement
        found.append(reported)
        if ANOTHER_SPEAKER.match(text, reported.end, end) is None:
            break
        joiner = _JOINER.match(text, reported.end)
        if joiner is None:
            break
        start = joiner.end()
    return found


def _words_of(text: str, stretch: Stretch) -> str:
    return " ".join(text[a:b] for a, b in stretch.parts)


def _with_fragments(text: str, found: Found, stretches: Sequence[Stretch]) -> Found:
    """A mixed quote with the spans of the quoted words inside it."""
    if found.kind != "mixed" or found.fragments:
        return found
    inside = tuple(fragment_span(text, part) for s in stretches for part in s.parts
                   if any(a <= part[0] and part[1] <= b for a, b in found.parts))
    return replace(found, fragments=inside) if inside else replace(found, kind="indirect")


def _fragments(text: str, sentences: Sequence[tuple[int, int]], stretches: Sequence[Stretch],
               chosen: Sequence[Found]) -> list[Found]:
    """Quoted stretches no quote holds yet: mixed quotes where a cue and a speaker stand
    before them in their sentence, else unattributed direct quotes when they read as a
    statement (`mixed`)."""
    taken = [(f.start, f.end) for f in chosen]
    free = [s for s in stretches
            if not any(a <= s.start < b or a < s.end <= b for a, b in taken)
            and not is_title(_words_of(text, s))]
    out: list[Found] = []
    for start, end in sentences:
        here = [s for s in free if start <= s.open_at < end]
        while here:
            found = mixed_quote(text, (start, end), here)
            if found is not None:
                out.append(found)
                here = [s for s in here if s.start >= found.end]
                continue
            first = here.pop(0)
            if len(words(" ".join(text[a:b] for a, b in first.parts))) >= MIN_WORDS:
                out.append(Found(parts=first.parts, kind="direct", cue=None, cue_span=None,
                                 speaker=None, source="uncued"))
    return out


def _follow(text: str, found: list[Found]) -> list[Found]:
    """An uncued quote right after a direct quote with a speaker (in its paragraph, or
    opening the next one: news gives a speaker's next quoted paragraph no new attribution)
    goes on that quote as one more part. Any other uncued quote stays, unattributed: a
    quoted sentence whose speaker is not written next to it."""
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if item.source != "uncued":
            out.append(item)
        elif (previous is not None and previous.speaker is not None
              and previous.kind == "direct" and _adjacent(text, previous.end, item.start)):
            out[-1] = replace(previous, parts=previous.parts + item.parts)
        else:
            out.append(item)
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """Nothing but the rest of one sentence (its attribution) and at most one paragraph
    break between `end` and `start`."""
    gap = text[end:start]
    return (gap.count("\n\n") <= 1 and gap.count("\n") <= 2
            and len(re.findall(r"[.!?][\"”»]?\s", gap)) <= 1 and len(gap) <= 160)


def _participles(text: str, found: list[Found]) -> list[Found]:
    """`Zas said A, adding that B` / `Zas said A and warned that B`: B is the same
    speaker's, cued by the participle or the second verb."""
    extra = []
    for index, item in enumerate(found):
        if item.speaker is None or text[item.end - 1] == ".":
            continue
        stop = clause_end(text, item.end)
        match = COORDINATED.match(text, item.end, stop) or PARTICIPLE.search(
            text, item.end, stop)
        if match is None:
            continue
        content = content_span(text, match.end(), clause_cut(text, match.end(), stop))
        following = found[index + 1].start if index + 1 < len(found) else len(text)
        if content is None or content[1] > following or text[content[0]] in "\"“«":
            continue
        extra.append(Found(parts=(content,), kind=kind_of(text, (content,)),
                           cue=match.group(1).casefold(), cue_span=match.span(1),
                           speaker=item.speaker, source="reported"))
    return extra
