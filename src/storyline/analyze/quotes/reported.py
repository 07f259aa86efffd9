"""Reported speech, read per sentence in these shapes: `X said (that) ...`, `..., X said.`
/ `..., said X.`, `..., X said, ...` (parenthetical), `According to X, ...` / `...,
according to X.`, `In his words, ...`, `Y quoted X as saying ...` / `X was quoted (by
Y) as saying ...`. A content holding a quoted fragment is "mixed". An outlet relaying
someone's words ("..., according to Reuters", "AFP reported that X said ...") is not
their speaker: the speaker named inside is.
A second verb shares its sentence's subject (`X returned ... and promised that ...`), and
`X said A and that B` is one content.
"""

from __future__ import annotations

import re

from storyline.analyze.quotes.found import (
    PARTICIPLE,
    THAT,
    Found,
    clause_cut,
    content_span,
    cue_of,
    kind_of,
    quoted_as,
    trimmed,
)
from storyline.analyze.quotes.lexicon import (
    AUXILIARIES,
    CLAUSE_OPENERS,
    CLAUSE_WORDS,
    LEADING_PREPOSITIONS,
    LONE_PRONOUNS,
    NEEDS_THAT,
    NOT_RESUMED,
    OBJECT_VERBS,
    PARENTHETICAL_GAP,
    REFLEXIVES,
    SUBJECT_PRONOUNS,
    TIME_WORDS,
)
from storyline.analyze.quotes.marks import words
from storyline.analyze.quotes.mixed import statement_end
from storyline.analyze.quotes.participle import PARTICIPLE_CUE, participle_speaker
from storyline.analyze.quotes.phrases import (
    CUE,
    Span2,
    name_before_role,
    skip_space,
    speaker_after,
    speaker_before,
    valid_speaker,
)

#: Cues of an outlet relaying someone else's words: "AFP reported that Holt said ...".
RELAYING_CUES = frozenset({"reported", "reports"})
#: Verbs whose object follows them, never their subject: "..., told Reuters" names who
#: was told ("..., said Zas" and "..., warned Zas" name the speaker).
NOT_INVERTED = frozenset("told tells assured assures informed informs reminded reminds urged "
                         "urges asked asks".split())
#: Words allowed after an attribution that ends a sentence ("..., Zas told reporters on
#: Thursday.").
MAX_TAIL_WORDS = 6
#: How far (characters) after a comma a closing attribution's cue may be: a speaker phrase
#: with its longest appositions is about 50 words.
TRAILING_REACH = 600
#: Longer than any cue ("pointed out", "according to"): the search runs this far past the
#: reach, so a cue that starts inside it is read whole.
CUE_CHARS = 40
#: At most this many words in a phrase read as the setting of a statement, not its content.
SETTING_WORDS = 5
#: Words of a content's subject before its verb, when no "that" opens it.
SUBJECT_WORDS = 5
#: Words between a sentence's first verb and the "and" before its cue ("returned to the
#: state on Sunday with several ministers and promised").
SHARED_OBJECT_WORDS = 12
#: How far (characters) "that" may follow its verb ("said on Monday in a statement that").
THAT_WINDOW = 60
_AND_END = re.compile(r"(?<![\w'’-])(?:and|or|but)\s+(?:(?:also|then)\s+)?$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
#: Words that open a clause of their own between a first verb and "and".
_CLAUSE_LINKS = frozenset("that which who whom whose when while because if although though "
                          "after before since until where whether".split())
_ACCORDING_START = re.compile(r"(?:(?:But|And|Yet)\s+)?[Aa]ccording\s+to\s+")
_ACCORDING_END = re.compile(r",?\s*according\s+to\s+")
_IN_WORDS = re.compile(r"(?:(?:But|And)\s+)?[Ii]n\s+(?:(his|her|their|its)\s+(?:own\s+)?words|"
                       r"the\s+words\s+of\s+)")


def reported_speech(text: str, start: int, end: int) -> Found | None:
    """The reported speech of the sentence `start:end`, if it has one of the shapes above.
    An outlet relaying someone's words is not their speaker: "The World Bank said its
    offices were destroyed, Reuters reported", "Holt said ..., according to AFP",
    "According to AFP, Holt said ...", "AFP reported that Holt said ...", "Reuters
    quoted Holt as saying ..." are the inner speaker's."""
    for shape in (_quoted_as, _according, _in_words, _trailing, _leading, _participle):
        found = shape(text, start, end)
        if found is None:
            continue
        relaying = found.cue in RELAYING_CUES
        inner_shapes = {_according: (_trailing, _leading),
                        _trailing: (_trailing, _leading) if relaying else (_leading,)}.get(
            shape, (_leading,) if relaying else ())
        if len(found.parts) == 1:
            for inner_shape in inner_shapes:
                inner = inner_shape(text, *found.parts[0])
                if inner is not None and inner.speaker is not None:
                    return inner
        return found
    return None


def _quoted_as(text: str, start: int, end: int) -> Found | None:
    """`Reuters quoted Holt as saying (that) ...`, `Holt was quoted (by AFP) as saying
    ...`: Holt's words (a quoted sentence after it is a direct quote, read in `direct`)."""
    relayed = quoted_as(text, start, end)
    if relayed is None:
        return None
    cue, cue_span, speaker, after = relayed
    that = re.match(r"\s*(?:that(?![\w'’-]))?\s*", text[after:end])
    content_start = after + (that.end() if that else 0)
    if text[content_start:content_start + 1] in ("\"", "“", "«", ":"):
        return None
    stop = clause_cut(text, content_start, end)
    content = content_span(text, content_start, statement_end(text, content_start, stop))
    return None if content is None else _make(text, (content,), cue, cue_span, speaker)


def _make(text: str, parts: tuple[Span2, ...], cue: str, cue_span: Span2,
          speaker: Span2 | None) -> Found:
    return Found(parts=parts, kind=kind_of(text, parts), cue=cue, cue_span=cue_span,
                 speaker=speaker, source="reported")


def _according(text: str, start: int, end: int) -> Found | None:
    """`According to X, ...` and `..., according to X.`"""
    head = _ACCORDING_START.match(text, start, end)
    if head:
        comma = text.find(",", head.end(), end)
        if comma < 0:
            return None
        speaker = trimmed(text, head.end(), comma)
        content = content_span(text, comma + 1, end)
        if content and valid_speaker(text[head.end():comma]):
            cue_span = (head.end() - len("according to "), head.end() - 1)
            return _make(text, (content,), "according to", cue_span, speaker)
        return None
    for tail in _ACCORDING_END.finditer(text, start, end):
        speaker_end = _content_free_end(text, tail.end(), end)
        if speaker_end is None or not valid_speaker(text[tail.end():speaker_end]):
            continue
        content = content_span(text, start, tail.start())
        if content:
            word = text.find("according", tail.start())
            return _make(text, (content,), "according to", (word, word + len("according to")),
                         trimmed(text, tail.end(), speaker_end))
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
    content = content_span(text, comma + 1, end)
    if content is None:
        return None
    if head.group(1):
        speaker: Span2 = head.span(1)
        cue = " ".join(text[head.start(1) - 3:head.end()].split()).casefold()
        cue_span = (head.start(1) - 3, head.end())
    else:
        speaker = trimmed(text, head.end(), comma)
        if not valid_speaker(text[head.end():comma]):
            return None
        cue, cue_span = "in the words of", (head.end() - len("the words of ") - 3, head.end() - 1)
    return _make(text, (content,), cue, cue_span, speaker)


#: Whom a closing "told" names: "told Reuters", "told The Huffington Post", "told the BBC
#: on Monday".
_ADDRESSEE = re.compile(r"\s+(?:[Tt]he\s+)?[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,4}\s*")


def _trailing(text: str, start: int, end: int) -> Found | None:
    """`..., X said.`, `..., said X.`, and the parenthetical `..., X said, ...`. A closing
    `..., told Reuters.` whose speaker is not found before it is kept unattributed."""
    unattributed = None
    for comma in _commas(text, start, end):
        cut = comma  # where the content ends
        stop = _content_free_end(text, comma + 1, end)
        if stop is None:
            continue
        for match in _first_cue(text, comma + 1, stop):
            before = text[comma + 1:match.start()]
            if not before.strip() and match.group().casefold() in NOT_INVERTED:
                # "..., Celik, the spokesman, told Reuters": Reuters was told
                content = content_span(text, start, comma)
                if unattributed is None and content is not None and _ADDRESSEE.fullmatch(
                        text, match.end(), stop):
                    unattributed = _make(text, (content,), *cue_of(match), None)
                break
            if not before.strip():
                speaker = speaker_after(text, match.end(), stop)
                tail_from = speaker[1] if speaker else None
            else:
                speaker = speaker_before(text, comma + 1, match.start())
                if speaker is None or text[comma + 1:speaker[0]].strip():
                    break
                tail_from = match.end()
                named = name_before_role(text, start, comma, speaker)
                if named is not None:  # "..., Harun Vik, the ministry's spokesman, told"
                    speaker, cut = named, text.rfind(",", start, named[0])
            if speaker is None or tail_from is None:
                break
            rest = text[tail_from:stop]
            if rest.lstrip().startswith(":"):
                break  # "At 1:02 pm, Kcila wrote: Typical really": the content follows
            if not before.strip() and rest.lstrip().startswith(","):
                # "..., said Zas, the CSTO chief, who ...": what follows the speaker is
                # about the speaker (an apposition, an age, a relative clause)
                content = content_span(text, start, cut)
                if content:
                    return _make(text, (content,), *cue_of(match), speaker)
                break
            resumed = rest.find(",")
            if resumed >= 0 and PARENTHETICAL_GAP.fullmatch(rest[:resumed]):
                second = content_span(text, tail_from + resumed + 1, end)
                first = content_span(text, start, cut, least=1)
                if second and NOT_RESUMED.match(text, second[0]):
                    # "..., Zas said, referring to ...": the attribution closes the content
                    content = content_span(text, start, cut)
                    if content and not _setting(text, content):
                        return _make(text, (content,), *cue_of(match), speaker)
                    break
                if first and second and not THAT.search(text[second[0]:second[0] + 5]):
                    # "In a statement, the ministry said, ...": the setting is no content
                    parts = (second,) if _setting(text, first) else (first, second)
                    return _make(text, parts, cue_of(match)[0], cue_of(match)[1], speaker)
                break
            if (len(words(rest)) > MAX_TAIL_WORDS or THAT.search(rest)
                    or not _adverbial(match.group().casefold(), rest)
                    or _subject_then_verb(text, len(rest) - len(rest.lstrip()) + tail_from,
                                          stop)):
                break
            content = content_span(text, start, cut)
            if content and not _setting(text, content):
                return _make(text, (content,), *cue_of(match), speaker)
            break
    return unattributed


def _first_cue(text: str, pos: int, stop: int) -> list[re.Match[str]]:
    """The first cue after a comma, when it is near enough to close a trailing attribution:
    the speaker phrase between them has at most a few appositions of a few words
    (`phrases.MAX_APPOSITIONS`, `MAX_SPEAKER_WORDS`), far under `TRAILING_REACH`
    characters. Looking no further keeps a sentence's cost linear in its commas (a list of
    20,000 names took 475 s when every comma read on to the sentence's end)."""
    reach = min(stop, pos + TRAILING_REACH + CUE_CHARS)  # a cue starting at the bound fits
    match = CUE.search(text, pos, reach)
    if match is not None and match.end() == reach < stop:
        match = CUE.search(text, pos, stop)  # a cue cut by the window: read it whole
    return [] if match is None or match.start() - pos > TRAILING_REACH else [match]


def _setting(text: str, content: Span2) -> bool:
    """A short phrase opening with a preposition ("In a statement, the ministry denied the
    report"): where or how something was said, not what."""
    found = words(text[content[0]:content[1]])
    return len(found) <= SETTING_WORDS and found[0].casefold() in LEADING_PREPOSITIONS


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
        if _inside_quote(text, start, match.start()):
            continue  # "Dr Murray simply never told investigators that ...", his lawyer said
        lo = _clause_lo(text, start, match.start())
        speaker = speaker_before(text, lo, match.start())
        shared = speaker is None
        if shared:
            speaker = _shared_subject(text, lo, match.start())
        if speaker is None:
            continue
        after = match.end()
        that = THAT.search(text, after, min(end, after + THAT_WINDOW))
        if that and not re.search(r"[.;:!?\"“”«»]", text[after:that.start()]) and not (
                PARTICIPLE.search(text, after, that.end())) and _leads_to(text, after,
                                                                          that.start()):
            content_start = that.end()
        elif shared or verb in OBJECT_VERBS:
            # a shared subject needs "that": "Moura equalised and added the winner" is play
            continue
        else:
            time = TIME_WORDS.match(text, after)
            content_start = time.end() if time else after
            colon = re.match(r"\s*([,:]?)\s*", text[content_start:])
            content_start += colon.end() if colon else 0
            if text[content_start:content_start + 1] in ("\"", "“", "«"):
                if colon and colon.group(1):
                    continue  # `said: "..."`: a direct quote, the marks decide
            elif not (colon and colon.group(1) == ":" and text[content_start:][:1].isupper()
                      ) and not _clause_opens(text, content_start, end,
                                              strict=verb in NEEDS_THAT):
                continue  # `Kcila wrote: Typical really.` opens its content with the colon
        stop = clause_cut(text, content_start, end)
        content = content_span(text, content_start, statement_end(text, content_start, stop))
        if content is None:
            continue
        return _make(text, (content,), *cue_of(match), speaker)
    return None


def _participle(text: str, start: int, end: int) -> Found | None:
    """`Police closed the road, saying (that) a bridge had cracked`: the main clause's
    subject is the speaker (`participle.participle_speaker`); a quoted statement after
    the participle is a direct quote, read in `direct`."""
    cue = PARTICIPLE_CUE.search(text, start, end)
    if cue is None or _inside_quote(text, start, cue.start()):
        return None
    speaker = participle_speaker(text, start, cue.start())
    if speaker is None:
        return None
    that = re.match(r"\s+that(?![\w'’-])", text[cue.end():end])
    content_start = skip_space(text, cue.end() + (that.end() if that else 0))
    if text[content_start:content_start + 1] in ("\"", "“", "«", ":") or (
            not that and not _clause_opens(text, content_start, end, strict=False)):
        return None
    stop = clause_cut(text, content_start, end)
    content = content_span(text, content_start, statement_end(text, content_start, stop))
    return None if content is None else _make(
        text, (content,), cue.group(1), (cue.start(1), cue.end(1)), speaker)


def _shared_subject(text: str, lo: int, verb: int) -> Span2 | None:
    """The subject of a sentence whose second verb is the cue: "[Lula] returned to the
    state on Sunday and promised that ...", "[Authorities] asked residents to leave and
    warned that ...". The first verb is the first lower-case word ending in "-ed" or a
    speech verb; what lies between it and "and" is a plain object or adverbial: no comma,
    no other verb, no clause."""
    head = _AND_END.search(text, lo, verb)
    if head is None or not text.startswith("and", head.start()):
        return None
    for first in _LOWER_WORD.finditer(text, lo, head.start()):
        if first.group().endswith("ed") or CUE.fullmatch(first.group()):
            break
    else:
        return None
    subject = speaker_before(text, lo, first.start())
    if subject is None or text[lo:subject[0]].strip():
        return None
    between = text[first.end():head.start()]
    found = words(between)
    if (not found or len(found) > SHARED_OBJECT_WORDS or re.search(r"[,;:\"“”«»()]", between)
            or any(w.casefold() in AUXILIARIES or w.casefold() in _CLAUSE_LINKS
                   or (w.islower() and w.endswith("ed")) for w in found)):
        return None
    return subject


def _leads_to(text: str, verb_end: int, that: int) -> bool:
    """True when the "that" at `that` opens the content of the verb ending at `verb_end`,
    not a later clause: no other speech verb between ("said A and warned that B"), nor a
    clause ending in a conjunction ("said 74 were missing and that ...")."""
    between = text[verb_end:that]
    if any(_AND_END.search(between, 0, cue.start()) for cue in CUE.finditer(between)):
        return False
    return not (words(between) and _AND_END.search(between))


def _clause_opens(text: str, start: int, end: int, *, strict: bool) -> bool:
    """True when a content clause without "that" can start at `start`: a capitalised word,
    a number, or a determiner or pronoun ("said the troops", "says he'd"). `strict` (verbs
    such as "announced" or "reported", whose bare object is usually a thing) asks for a
    name or a subject pronoun. Otherwise a lower-case noun phrase whose verb follows within
    a few words opens one too ("said more than 800 people had ...", "said federal money
    would ...")."""
    first = re.match(r"[\w]+", text[start:end])
    if first is None:
        return False
    word = first.group()
    if word[0].isdigit() or (word[0].isupper() and word.casefold() not in CLAUSE_OPENERS):
        return True
    if word.casefold() in (SUBJECT_PRONOUNS if strict else CLAUSE_OPENERS):
        return True
    return not strict and _subject_then_verb(text, start, end)


def _subject_then_verb(text: str, start: int, end: int) -> bool:
    """A short noun phrase, then an auxiliary: "more than 88,000 people had", "advance
    ticket sales had been", "federal money would"."""
    found = words(text[start:min(end, start + 80)])[:SUBJECT_WORDS + 1]
    for index, word in enumerate(found):
        lower = word.casefold()
        if lower in AUXILIARIES:
            return index > 0
        if (lower in CLAUSE_WORDS and lower not in ("than", "of")) or lower in LONE_PRONOUNS or (
                lower.endswith("ing")) or not (word.islower() or word[0].isdigit()):
            return False
    return False


def _inside_quote(text: str, start: int, at: int) -> bool:
    """Whether `at` lies inside a quotation opened earlier in its sentence: a speech verb
    there is the quoted speaker's words ("Dr Murray never told investigators that ...,"
    the lawyer said), not a statement of whoever it names."""
    inside = False
    for ch in text[start:at]:
        if ch in "“«„":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def _clause_lo(text: str, start: int, verb: int) -> int:
    """Leftmost offset a speaker phrase before `verb` may use: the sentence start, or after
    a closing quote mark."""
    marks = [text.rfind(m, start, verb) for m in "”»\""]
    last = max(marks)
    return last + 1 if last >= 0 else start
