"""Quotes in one text, before speakers are resolved: content parts, kind, cue, and the
words naming the speaker.

Direct quotes are quoted stretches (`marks`) attributed by a cue next to them:
`"...," Zas said` / `"...," said Zas` after the closing mark, `Zas said: "..."` before the
opening one; a quote split around its attribution (`"We will leave," Zas said, "within
ten days."`) is one quote of two parts, and quoted sentences right after the attribution
join it. A quoted sentence without a cue continues the direct quote just before it (in its
paragraph, or ending the paragraph before) as one more part; otherwise it is left out.

Reported speech is read per sentence, in these shapes:
`X said (that) ...`, `..., X said.` / `..., said X.`, `..., X said, ...` (parenthetical),
`According to X, ...` / `..., according to X.`, `In his words, ...`. A content holding a
quoted fragment is "mixed".

Where candidates overlap, a cued direct quote wins over reported speech, which wins over an
uncued direct quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storyline.analyze.quotes.lexicon import (
    CLAUSE_OPENERS,
    NEEDS_THAT,
    OBJECT_VERBS,
    REFLEXIVES,
    SUBJECT_PRONOUNS,
    TIME_WORDS,
)
from storyline.analyze.quotes.marks import Stretch, is_scare, quoted_stretches, words
from storyline.analyze.quotes.phrases import (
    CUE,
    Span2,
    clause_end,
    clause_start,
    speaker_after,
    speaker_before,
    valid_speaker,
)
from storyline.model import QuoteKind

#: Reported content shorter than this many words is no statement ("he said so").
MIN_CONTENT_WORDS = 3
#: Words allowed after an attribution that ends a sentence ("..., Zas told reporters on
#: Thursday.").
MAX_TAIL_WORDS = 6
#: How far (characters) "that" may follow its verb ("said on Monday in a statement that").
THAT_WINDOW = 60
_THAT = re.compile(r"(?<![\w'’-])that(?![\w'’-])")
_ACCORDING_START = re.compile(r"(?:(?:But|And|Yet)\s+)?[Aa]ccording\s+to\s+")
_ACCORDING_END = re.compile(r",?\s*according\s+to\s+")
_IN_WORDS = re.compile(r"(?:(?:But|And)\s+)?[Ii]n\s+(?:(his|her|their|its)\s+(?:own\s+)?words|"
                       r"the\s+words\s+of\s+)")
_CONTRAST = re.compile(r"\s+(?:while|whereas|adding|saying|noting|stressing|warning|insisting|"
                       r"arguing|explaining|claiming|citing)\b")
#: `..., adding that ...`: a second statement of the same speaker.
_PARTICIPLE = re.compile(r",\s+(adding|saying|noting|stressing|warning|insisting|arguing|"
                         r"explaining|claiming)\b(?:\s+that\b)?")
_PRIORITY = {"cued": 0, "reported": 1, "uncued": 2}


@dataclass(frozen=True, kw_only=True)
class Found:
    """One quote in one text. `parts` are the content pieces (one, or several for a quote
    split around its attribution or running over paragraphs); `speaker` spans the words
    naming the speaker."""

    parts: tuple[Span2, ...]
    kind: QuoteKind
    cue: str | None
    cue_span: Span2 | None
    speaker: Span2 | None
    source: str  # "cued" | "reported" | "uncued"

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def find_found(text: str, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """Every quote of `text` (sentence spans from the language layer), sorted by position."""
    stretches = [s for s in quoted_stretches(text)
                 if not is_scare(" ".join(text[a:b] for a, b in s.parts))]
    candidates = _direct(text, stretches)
    for start, end in sentences:
        reported = _reported(text, start, end)
        if reported is not None:
            candidates.append(reported)
    chosen: list[Found] = []
    taken: list[Span2] = []
    for found in sorted(candidates, key=lambda f: (_PRIORITY[f.source], f.start)):
        if any(found.start < e and s < found.end for s, e in taken):
            continue
        chosen.append(found)
        taken.append((found.start, found.end))
    chosen = _follow(text, sorted(chosen, key=lambda f: f.start))
    chosen += _participles(text, chosen)
    return sorted(chosen, key=lambda f: f.start)


# -- direct quotes ----------------------------------------------------------------------------


def _direct(text: str, stretches: list[Stretch]) -> list[Found]:
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
    """Parts without the comma that hands over to the attribution (`"We will leave," he
    said` quotes "We will leave")."""
    return tuple((start, end - 1) if text[end - 1] == "," and end - 1 > start else (start, end)
                 for start, end in parts)


def _cue(text: str, match: re.Match[str]) -> tuple[str, Span2]:
    return " ".join(match.group().split()).casefold(), (match.start(), match.end())


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
    for match in CUE.finditer(text, start, stop):
        between = text[start:match.start()]
        if not between.strip(" ,"):
            speaker = speaker_after(text, match.end(), stop)
            end = speaker[1] if speaker else match.end()
            return (*_cue(text, match), speaker, end) if speaker else None
        speaker = speaker_before(text, start, match.start())
        if speaker is None or text[start:speaker[0]].strip(" ,"):
            return None
        return (*_cue(text, match), speaker, match.end())
    return None


def _cue_before(text: str, stretch: Stretch) -> tuple[str, Span2, Span2 | None] | None:
    """`Zas said: "..."`, `Peskov told reporters on Tuesday, "..."`, `According to Zas, "..."`."""
    lo = clause_start(text, stretch.open_at)
    if not text[lo:stretch.open_at].strip():  # `Zas said:` closing the paragraph before
        previous = text[:lo].rstrip()
        if not previous.endswith(":"):
            return None
        lo = clause_start(text, len(previous) - 1)
    prefix = text[lo:stretch.open_at]
    if not re.search(r"[,:]\s*$", prefix):
        return None
    according = re.search(r"[Aa]ccording\s+to\s+(.+?),\s*$", prefix)
    if according:
        speaker = (lo + according.start(1), lo + according.end(1))
        if valid_speaker(text[speaker[0]:speaker[1]]):
            return "according to", (lo + according.start(), lo + according.start(1) - 1), speaker
        return None
    matches = list(CUE.finditer(text, lo, stretch.open_at))
    if not matches:
        return None
    match = matches[-1]
    if len(words(text[match.end():stretch.open_at])) > 4:
        return None
    speaker = speaker_before(text, lo, match.start())
    return (*_cue(text, match), speaker) if speaker else None


def _is_sentence(text: str, stretch: Stretch) -> bool:
    """A quoted stretch that is a sentence of its own: it opens a sentence with a capital and
    ends with sentence punctuation inside the marks."""
    lead = text[clause_start(text, stretch.open_at):stretch.open_at].strip()
    first = text[stretch.start]
    return (not lead and (first.isupper() or first.isdigit()) and text[stretch.end - 1] in ".!?…"
            and len(words(text[stretch.start:stretch.end])) >= MIN_CONTENT_WORDS)


def _follow(text: str, found: list[Found]) -> list[Found]:
    """An uncued quote right after a direct quote with a speaker (in its paragraph, or
    opening the next one: news gives a speaker's next quoted paragraph no new attribution)
    goes on that quote as one more part. Any other uncued quote is dropped: a quoted
    sentence nobody is said to have said."""
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if item.source != "uncued":
            out.append(item)
        elif (previous is not None and previous.speaker is not None
              and previous.kind == "direct" and _adjacent(text, previous.end, item.start)):
            out[-1] = replace(previous, parts=previous.parts + item.parts)
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """Nothing but the rest of one sentence (its attribution) and at most one paragraph
    break between `end` and `start`."""
    gap = text[end:start]
    return (gap.count("\n\n") <= 1 and gap.count("\n") <= 2
            and len(re.findall(r"[.!?][\"”»]?\s", gap)) <= 1 and len(gap) <= 160)


def _participles(text: str, found: list[Found]) -> list[Found]:
    """`Zas said A, adding that B`: B is the same speaker's, cued by the participle."""
    extra = []
    for index, item in enumerate(found):
        if item.speaker is None or text[item.end - 1] == ".":
            continue
        stop = clause_end(text, item.end)
        match = _PARTICIPLE.search(text, item.end, stop)
        if match is None:
            continue
        content = _content(text, match.end(), _semicolon(text, match.end(), stop))
        following = found[index + 1].start if index + 1 < len(found) else len(text)
        if content is None or content[1] > following or text[content[0]] in "\"“«":
            continue
        extra.append(Found(parts=(content,), kind=_kind(text, (content,)),
                           cue=match.group(1).casefold(), cue_span=match.span(1),
                           speaker=item.speaker, source="reported"))
    return extra


# -- reported speech --------------------------------------------------------------------------


def _content(text: str, start: int, end: int, least: int = MIN_CONTENT_WORDS) -> Span2 | None:
    """Content span: whitespace and the closing full stop trimmed; None when too short."""
    while start < end and text[start] in " ,:\n":
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;:,"):
        end -= 1
    if len(words(text[start:end])) < least:
        return None
    return start, end


def _kind(text: str, parts: tuple[Span2, ...]) -> QuoteKind:
    return "mixed" if any(any(m in text[a:b] for m in "\"“”«»") for a, b in parts) else "indirect"


def _reported(text: str, start: int, end: int) -> Found | None:
    """The reported speech of the sentence `start:end`, if it has one of the shapes above."""
    for shape in (_according, _in_words, _trailing, _leading):
        found = shape(text, start, end)
        if found is not None:
            return found
    return None


def _make(text: str, parts: tuple[Span2, ...], cue: str, cue_span: Span2,
          speaker: Span2 | None) -> Found:
    return Found(parts=parts, kind=_kind(text, parts), cue=cue, cue_span=cue_span,
                 speaker=speaker, source="reported")


def _according(text: str, start: int, end: int) -> Found | None:
    """`According to X, ...` and `..., according to X.`"""
    head = _ACCORDING_START.match(text, start, end)
    if head:
        comma = text.find(",", head.end(), end)
        if comma < 0:
            return None
        speaker = (head.end(), comma)
        content = _content(text, comma + 1, end)
        if content and valid_speaker(text[head.end():comma]):
            cue_span = (head.end() - len("according to "), head.end() - 1)
            return _make(text, (content,), "according to", cue_span, speaker)
        return None
    for tail in _ACCORDING_END.finditer(text, start, end):
        speaker_end = _content_free_end(text, tail.end(), end)
        if speaker_end is None or not valid_speaker(text[tail.end():speaker_end]):
            continue
        content = _content(text, start, tail.start())
        if content:
            word = text.find("according", tail.start())
            return _make(text, (content,), "according to", (word, word + len("according to")),
                         (tail.end(), speaker_end))
    return None


def _content_free_end(text: str, pos: int, end: int) -> int | None:
    """`end` without its closing punctuation, if only a speaker phrase lies between."""
    stop = end
    while stop > pos and (text[stop - 1].isspace() or text[stop - 1] in ".!?"):
        stop -= 1
    return stop if stop > pos else None


def _in_words(text: str, start: int, end: int) -> Found | None:
    """`In his words, ...`, `In the words of X, ...`."""
    head = _IN_WORDS.match(text, start, end)
    if not head:
        return None
    comma = text.find(",", head.end() if head.group(1) is None else head.start(), end)
    if comma < 0:
        return None
    content = _content(text, comma + 1, end)
    if content is None:
        return None
    if head.group(1):
        speaker: Span2 = head.span(1)
        cue = " ".join(text[head.start(1) - 3:head.end()].split()).casefold()
        cue_span = (head.start(1) - 3, head.end())
    else:
        speaker = (head.end(), comma)
        if not valid_speaker(text[head.end():comma]):
            return None
        cue, cue_span = "in the words of", (head.end() - len("the words of ") - 3, head.end() - 1)
    return _make(text, (content,), cue, cue_span, speaker)


def _trailing(text: str, start: int, end: int) -> Found | None:
    """`..., X said.`, `..., said X.`, and the parenthetical `..., X said, ...`."""
    for comma in _commas(text, start, end):
        stop = _content_free_end(text, comma + 1, end)
        if stop is None:
            continue
        for match in CUE.finditer(text, comma + 1, stop):
            before = text[comma + 1:match.start()]
            if not before.strip():
                speaker = speaker_after(text, match.end(), stop)
                tail_from = speaker[1] if speaker else None
            else:
                speaker = speaker_before(text, comma + 1, match.start())
                if speaker is None or text[comma + 1:speaker[0]].strip():
                    break
                tail_from = match.end()
            if speaker is None or tail_from is None:
                break
            rest = text[tail_from:stop]
            resumed = rest.find(",")
            if resumed >= 0 and not _THAT.search(rest[:resumed]) and len(words(rest[:resumed])) <= 3:
                second = _content(text, tail_from + resumed + 1, end)
                first = _content(text, start, comma, least=1)
                if first and second and not _THAT.search(text[second[0]:second[0] + 5]):
                    return _make(text, (first, second), _cue(text, match)[0], _cue(text, match)[1],
                                 speaker)
                break
            if (len(words(rest)) > MAX_TAIL_WORDS or _THAT.search(rest)
                    or not _adverbial(match.group().casefold(), rest)):
                break
            content = _content(text, start, comma)
            if content:
                return _make(text, (content,), *_cue(text, match), speaker)
            break
    return None


def _semicolon(text: str, start: int, end: int) -> int:
    """`end`, or the first semicolon (or ", while" / ", whereas") before it outside
    quotation marks: a new clause, often another speaker's."""
    inside = False
    for i in range(start, end):
        ch = text[i]
        if ch in "“«”»\"":
            inside = ch in "“«" or (ch == '"' and not inside)
        elif not inside and (ch == ";" or (ch == "," and _CONTRAST.match(text, i + 1))):
            return i
    return end


def _adverbial(verb: str, rest: str) -> bool:
    """True when what follows a closing attribution is no object ("..., Zas said on Friday",
    "..., Peskov told reporters"; not "..., Holder announced his resignation")."""
    first = re.match(r"\s*([\w'’]+)", rest)
    if first is None:
        return True
    if verb in NEEDS_THAT or first.group(1).casefold() in REFLEXIVES:
        return False
    return verb in OBJECT_VERBS or first.group(1).casefold() not in CLAUSE_OPENERS


def _commas(text: str, start: int, end: int) -> list[int]:
    """Commas of the sentence outside quotation marks, from the last one back."""
    found = []
    inside = False
    for i in range(start, end):
        ch = text[i]
        if ch in "“«":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
        elif ch == "," and not inside:
            found.append(i)
    return found[::-1]


def _leading(text: str, start: int, end: int) -> Found | None:
    """`X said (that) ...`: the first speech verb with a speaker phrase before it."""
    for match in CUE.finditer(text, start, end):
        verb = match.group().casefold()
        lo = _clause_lo(text, start, match.start())
        speaker = speaker_before(text, lo, match.start())
        if speaker is None:
            continue
        after = match.end()
        that = _THAT.search(text, after, min(end, after + THAT_WINDOW))
        if that and not re.search(r"[.;:!?\"“”«»]", text[after:that.start()]) and not (
                _PARTICIPLE.search(text, after, that.end())):
            content_start = that.end()
        elif verb in OBJECT_VERBS:
            continue
        else:
            time = TIME_WORDS.match(text, after)
            content_start = time.end() if time else after
            colon = re.match(r"\s*([,:]?)\s*", text[content_start:])
            content_start += colon.end() if colon else 0
            if text[content_start:content_start + 1] in ("\"", "“", "«"):
                if colon and colon.group(1):
                    continue  # `said: "..."`: a direct quote, the marks decide
            elif not _clause_opens(text, content_start, end, strict=verb in NEEDS_THAT):
                continue
        content = _content(text, content_start, _semicolon(text, content_start, end))
        if content is None:
            continue
        return _make(text, (content,), *_cue(text, match), speaker)
    return None


def _clause_opens(text: str, start: int, end: int, *, strict: bool) -> bool:
    """True when a content clause without "that" can start at `start`: a capitalised word,
    a number, or a determiner or pronoun ("said the troops", "says he'd"). `strict` (verbs
    such as "announced" or "reported", whose bare object is usually a thing) asks for a
    name or a subject pronoun."""
    first = re.match(r"[\w]+", text[start:end])
    if first is None:
        return False
    word = first.group()
    if word[0].isdigit() or (word[0].isupper() and word.casefold() not in CLAUSE_OPENERS):
        return True
    return word.casefold() in (SUBJECT_PRONOUNS if strict else CLAUSE_OPENERS)


def _clause_lo(text: str, start: int, verb: int) -> int:
    """Leftmost offset a speaker phrase before `verb` may use: the sentence start, or after
    a closing quote mark."""
    marks = [text.rfind(m, start, verb) for m in "”»\""]
    last = max(marks)
    return last + 1 if last >= 0 else start


def sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> int:
    """Index of the sentence holding `pos` (the one starting before it)."""
    return max(0, bisect_right([s for s, _ in sentences], pos) - 1)
