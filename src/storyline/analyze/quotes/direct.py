"""Direct quotes: quoted stretches with a cue next to them.

`"...," Zas said` / `"...," said Zas` after the closing mark, `Zas said: "..."` before the
opening one (or closing the paragraph before it); a quote split around its attribution
(`"We will leave," Zas said, "within ten days."`) is one quote of two parts, and quoted
sentences right after the attribution join it; the writer's words before a parenthetical
attribution that a lower-case quoted rest continues make a mixed quote (`The fund was,
Zas said, "a gift."`). `Reuters quoted Zas as saying: "..."` and `"...," Zas was quoted as
saying` are Zas's. A quoted sentence with no cue is kept as "uncued" for `attribution`
to place.
"""

from __future__ import annotations

import re

from storyline.analyze.quotes.found import (
    MIN_CONTENT_WORDS,
    Found,
    cue_of,
    fragment_span,
    quoted_as,
    trimmed,
)
from storyline.analyze.quotes.lexicon import LEADING_PREPOSITIONS
from storyline.analyze.quotes.marks import Stretch, words
from storyline.analyze.quotes.participle import (
    PARTICIPLE_CUE,
    PARTICIPLE_CUES,
    participle_speaker,
)
from storyline.analyze.quotes.phrases import (
    CUE,
    Span2,
    clause_end,
    clause_start,
    speaker_after,
    speaker_before,
    valid_speaker,
)

#: A quoted sentence of its own has at least this many words.
MIN_SENTENCE_WORDS = 4


def direct_quotes(text: str, stretches: list[Stretch]) -> list[Found]:
    found: list[Found] = []
    index = 0
    while index < len(stretches):
        stretch = stretches[index]
        parts = stretch.parts
        after = _cue_after(text, stretch)
        before = None if after is not None else _cue_before(text, stretch)
        if after is not None:
            cue, cue_span, speaker, stop = after
            following = stretches[index + 1] if index + 1 < len(stretches) else None
            if (following is not None and text[stretch.end - 1] != "."
                    and re.fullmatch(r"\s*[,:]?\s*", text[stop:following.open_at])):
                parts, index = parts + following.parts, index + 1  # split around "he said"
                stop = following.close_at + 1
            else:
                stop = clause_end(text, stop) + 1
        elif before is not None:
            cue, cue_span, speaker = before
            stop = stretch.close_at + 1
            # `X closed the road, saying "..."`: no writer's words continue into the quote
            lead = None if cue in PARTICIPLE_CUES else _split_lead(text, stretch, speaker)
            if lead is not None:  # `The fund was, Zas said, "a gift to the shippers."`
                found.append(Found(parts=(lead, (stretch.open_at, stop)), kind="mixed",
                                   cue=cue, cue_span=cue_span, speaker=speaker,
                                   source="cued",
                                   fragments=(fragment_span(text, stretch.parts[0]),)))
                index += 1
                continue
        else:
            if _is_sentence(text, stretch):
                found.append(Found(parts=parts, kind="direct", cue=None, cue_span=None,
                                   speaker=None, source="uncued"))
            index += 1
            continue
        # quoted sentences right after the attribution, in its paragraph, go on the quote
        while index + 1 < len(stretches) and re.fullmatch(
                r"[ \t]*", text[stop:stretches[index + 1].open_at]) and _is_sentence(
                text, stretches[index + 1]) and _cue_after(text, stretches[index + 1]) is None:
            index += 1
            parts, stop = parts + stretches[index].parts, stretches[index].close_at + 1
        found.append(Found(parts=_bare(text, parts), kind="direct", cue=cue, cue_span=cue_span,
                           speaker=speaker, source="cued"))
        index += 1
    return found


def _bare(text: str, parts: tuple[Span2, ...]) -> tuple[Span2, ...]:
    """Parts without the comma that hands over to the attribution at the end (`"We will
    leave," he said` quotes "We will leave"); a comma between two parts stays, as the
    speaker's own ("We will leave, within ten days.")."""
    start, end = parts[-1]
    if text[end - 1] == "," and end - 1 > start:
        return (*parts[:-1], (start, end - 1))
    return parts


def _cue_after(text: str, stretch: Stretch) -> tuple[str, Span2, Span2 | None, int] | None:
    """`"...," Zas said` or `"...," said Zas` after the closing mark: (cue, its span,
    speaker span, where the attribution ends)."""
    if text[stretch.end - 1] == ".":
        return None  # the sentence ended inside the quote
    start = stretch.close_at + 1
    stop = clause_end(text, start)
    for mark in "\"“«":
        cut = text.find(mark, start, stop)
        if cut >= 0:
            stop = cut
    if not re.match(r"[\s,]", text[start:start + 1] or " "):
        return None
    relayed = quoted_as(text, start, stop)
    if relayed is not None and not text[relayed[3]:stop].strip():
        return relayed  # `"...," Reuters quoted Holt as saying.`: Holt's words
    for match in CUE.finditer(text, start, stop):
        between = text[start:match.start()]
        if not between.strip(" ,"):
            speaker = speaker_after(text, match.end(), stop)
            end = speaker[1] if speaker else match.end()
            return (*cue_of(match), speaker, end) if speaker else None
        speaker = speaker_before(text, start, match.start())
        if speaker is None or text[start:speaker[0]].strip(" ,"):
            return None
        return (*cue_of(match), speaker, match.end())
    return None


def _cue_before(text: str, stretch: Stretch) -> tuple[str, Span2, Span2 | None] | None:
    """`Zas said: "..."`, `Peskov told reporters on Tuesday, "..."`, `According to Zas, "..."`."""
    lo = clause_start(text, stretch.open_at)
    if not text[lo:stretch.open_at].strip():  # `Zas said:` closing the paragraph before
        previous = text[:lo].rstrip()
        if not previous.endswith(":"):
            return None
        lo = clause_start(text, len(previous) - 1)
    participle = _participle_before(text, lo, stretch.open_at)
    if participle is not None:
        return participle
    prefix = text[lo:stretch.open_at]
    if not re.search(r"[,:]\s*$", prefix):
        return None
    according = re.search(r"[Aa]ccording\s+to\s+(.+?),\s*$", prefix)
    if according:
        speaker = trimmed(text, lo + according.start(1), lo + according.end(1))
        if valid_speaker(text[speaker[0]:speaker[1]]):
            return "according to", (lo + according.start(), lo + according.start(1) - 1), speaker
        return None
    relayed = quoted_as(text, lo, stretch.open_at)
    if relayed is not None and not text[relayed[3]:stretch.open_at].strip(" ,:"):
        return relayed[:3]  # `Reuters quoted Holt as saying: "..."`: Holt's words
    matches = list(CUE.finditer(text, lo, stretch.open_at))
    if not matches:
        return None
    match = matches[-1]
    if len(words(text[match.end():stretch.open_at])) > 4:
        return None
    speaker = speaker_before(text, lo, match.start())
    return (*cue_of(match), speaker) if speaker else None


def _participle_before(text: str, lo: int, open_at: int
                       ) -> tuple[str, Span2, Span2 | None] | None:
    """`The WHO raised its alert, saying: "..."`: the main clause's subject
    (`participle.participle_speaker`)."""
    cues = list(PARTICIPLE_CUE.finditer(text, lo, open_at))
    cue = cues[-1] if cues else None
    if cue is None or text[cue.end():open_at].strip(" :,"):
        return None
    speaker = participle_speaker(text, lo, cue.start())
    return (cue.group(1), (cue.start(1), cue.end(1)), speaker) if speaker else None


def _split_lead(text: str, stretch: Stretch, speaker: Span2 | None) -> Span2 | None:
    """The writer's words a quoted fragment continues across a parenthetical attribution:
    `[The harbour fund was], Haddad said, "a gift to the shipping companies."` (the
    fragment opens in lower case, so its sentence began before the attribution; a
    sentence opening with a preposition or participle, "In a letter, Haddad wrote, ...",
    is no statement)."""
    if speaker is None or len(stretch.parts) != 1 or not text[stretch.start].islower():
        return None
    lo = clause_start(text, stretch.open_at)
    lead = text[lo:speaker[0]].rstrip()
    if not lead.endswith(","):
        return None
    found = words(lead)
    if len(found) < MIN_CONTENT_WORDS or found[0].casefold() in LEADING_PREPOSITIONS or (
            found[0].casefold().endswith("ing")):
        return None
    return trimmed(text, lo, lo + len(lead) - 1)


def _is_sentence(text: str, stretch: Stretch) -> bool:
    """A quoted stretch that is a sentence of its own: it opens a sentence with a capital and
    ends with sentence punctuation inside the marks."""
    lead = text[clause_start(text, stretch.open_at):stretch.open_at].strip()
    first = text[stretch.start]
    return (not lead and (first.isupper() or first.isdigit()) and text[stretch.end - 1] in ".!?…"
            and len(words(text[stretch.start:stretch.end])) >= MIN_SENTENCE_WORDS)
