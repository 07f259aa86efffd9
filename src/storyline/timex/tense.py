"""Which way a sentence points in time, from its verbs, without a parser.

"met on Thursday" looks back, "will meet on Thursday" looks forward. We take the nearest
tense cue before the expression in its sentence (the governing verb usually precedes it in
news English), else the nearest one after it ("On Thursday, the leaders met").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Tense = Literal["past", "present", "future"]

# How far (characters) to look on either side; a news sentence rarely runs longer, and a
# bound keeps this linear in the text size.
WINDOW = 160

_IRREGULAR_PAST = (
    "was were had did been said told met came went made took gave held began left won lost "
    "fell rose saw sent spent paid sold bought brought thought found knew got became built "
    "kept led ran struck fought flew drove wrote spoke broke chose stood sat shot threw wore "
    "caught taught dealt meant felt heard hung laid slept swore tore withdrew arose froze "
    "rang sang sank shook stuck swam swung underwent undertook upheld overtook overthrew "
    "fled forgot forgave bore drew grew blew ate sought slid shrank sprang"
).split()  # "set", "put", "cut", "hit", "let", "quit", "shut", "spread": present too
# Words ending in -ed that are not past verbs (checked lowercase).
_NOT_PAST = frozenset(
    "need feed seed speed bed red shed hundred indeed proceed exceed succeed breed creed "
    "greed bleed weed steed embed sled wed bred shred".split()
)
_VERB = r"\s+(?:not\s+)?(?:\w+ly\s+)?"  # between an auxiliary and its verb
# after "will"/"would" more adverbs may stand: "will then be repeated", "will also meet"
_WILL_VERB = (r"\s+(?:not\s+)?(?:(?:\w+ly|then|also|now|still|soon|again|later|never|once|"
              r"first|only|even|just)\s+)?")
# A verb group takes the tense of its auxiliary: "will be named" is future, "is heard"
# present, "has been named" past. Groups come first so that their participle is not read
# as a past tense on its own.
# "would later say", "would go on to win": the past told as its future ("future in the
# past"), a narrative of what did happen, not a plan
_LATER = r"\s+(?:later|eventually|subsequently|afterwards|go\s+on\s+to)\b"
_FUTURE = (
    rf"(?:will|shall|won't|wo\s+n't|'ll|would(?!{_LATER})|could|might)(?:{_WILL_VERB}(?:be|have|have\s+been))?"
    rf"(?:{_WILL_VERB}\w+)?|"
    # "should be in the country by Sunday"; "should have arrived on Sunday" looks back.
    # Not "must": "ruled the boy must be returned ... and set Friday as the deadline" looks
    # back (TempEval-3 value F1 0.791 -> 0.790 with it; 0.791 with "should" alone)
    rf"should(?!{_WILL_VERB}have\b)(?:{_WILL_VERB}be)?(?:{_WILL_VERB}\w+)?|"
    # "the vote is due on Tuesday": a date set ahead ("due to" is "because of" or a plan)
    r"(?:is|are|was|were)\s+due(?=\s+(?:on|for|in|at|next|this|back|out|home)\b)|"
    r"(?:is|are|am|was|were)\s+(?:due|scheduled|set|slated|expected|going|planning|"
    r"supposed|likely|about|poised|ready|prepared)\s+to(?:\s+be)?(?:\s+\w+)?|"
    rf"(?:is|are|am)(?:{_VERB})\w+ing|"  # "is meeting on Thursday": a plan
    r"(?:plans?|planning|intends?|aims?|hopes?|expects?|wants?|set|due)\s+to(?:\s+\w+)?|"
    # a plan seen from the past still looks ahead: "hoped to get supplies in by Thursday"
    r"(?:planned|intended|aimed|hoped|wanted|was\s+going|were\s+going)\s+to\s+"
    r"(?!(?:a|an|the|his|her|its|their|this|that)\b)\w+|"
    # a plane "standing by to fly ... on Saturday" waits for a day to come
    r"(?:standing\s+by|on\s+standby)\s+to\s+\w+|"
    r"as\s+soon\s+as|(?<!-)(?:scheduled|planned|slated|expected|upcoming)"  # not "re-scheduled"
)
_PRESENT = (rf"(?:is|are|am)(?:{_VERB}(?:being\s+)?(?:\w+ed|\w+en|{'|'.join(_IRREGULAR_PAST)})\b)?|"
            r"says|remains?")
_PAST = (rf"(?:was|were|has|have|had)(?:{_VERB}(?:been\s+)?\w+)?|would{_LATER}(?:\s+\w+)?|"
         rf"{'|'.join(_IRREGULAR_PAST)}|[a-z]{{2,}}ed")
_CUE = re.compile(
    rf"(?P<future>\b(?:{_FUTURE})\b)|(?P<present>\b(?:{_PRESENT})\b)"
    rf"|(?P<past>\b(?:{_PAST})\b)",
    re.IGNORECASE,
)
# A sentence ends at . ! ? ; before a capital, unless the dot closes an abbreviation or an
# initial ("Jan. 6", "U.S. officials", "Gen. Smith"); tokenised text opens a quote with "``".
_SENTENCE_END = re.compile(r"(\w*)[.!?;]['\"”’)]*\s+(?=(?:``\s*|['\"“‘(])?[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
    "sun mr mrs ms dr st gen gov sen rep col lt sgt capt maj prof jr sr inc corp co ltd no "
    "vs ft mt rev".split()
)


def _sentence_ends(segment: str) -> list[re.Match[str]]:
    """Sentence boundaries in `segment`, skipping abbreviations and initials."""
    ends = []
    for match in _SENTENCE_END.finditer(segment):
        word = match.group(1) or ""
        if len(word) == 1 or word.lower() in _ABBREVIATIONS:
            continue
        ends.append(match)
    return ends


def _cue_tense(match: re.Match[str]) -> Tense | None:
    if match.group("future"):
        return "future"
    if match.group("present"):
        return "present"
    word = match.group("past")
    if word.lower() in _NOT_PAST or (word.endswith("ed") and not word.islower()):
        return None
    return "past"


# A participle completing "want/need/get/have + object" states a wish, not the past: "wants
# the law passed by Christmas", "needs the road repaired by Friday".
_COMPLEMENT_BEFORE = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|gets?|got|likes?|expects?|expected|have|has|had)"
    r"(?P<object>(?:\s+[\w'’-]+){1,4})\s+$", re.IGNORECASE)
_RELATIVE = frozenset("who which that whom whose when where".split())


def _complement(before: str, match: re.Match[str]) -> bool:
    """Whether a past-looking word is the participle of "wants the law passed"."""
    if not match.group("past") or match.group("past").lower().startswith(("was", "were", "ha")):
        return False
    found = _COMPLEMENT_BEFORE.search(before[:match.start()])
    return found is not None and not _RELATIVE & set(found["object"].lower().split())


@dataclass(frozen=True)
class Cue:
    """The verb group that gives a time expression its tense, as it stands in the text:
    `before` tells whether it precedes the expression (its usual place) or follows it."""

    tense: Tense
    text: str
    start: int
    end: int
    before: bool


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding text[start:end] starts and ends, within WINDOW of it."""
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    # read up to the expression's end: a boundary needs the capital or digit after it, and
    # an expression may open its sentence ("24 October 2011 The court heard ...")
    ends = [m for m in _sentence_ends(text[lo:end]) if m.end() <= start - lo]
    if ends:
        lo += ends[-1].end()
    stops = _sentence_ends(text[end:hi])
    if stops:
        hi = end + stops[0].start()
    return lo, hi


def governing_cue(text: str, start: int, end: int) -> Cue | None:
    """The tense cue of the clause around text[start:end]: the nearest before it in its
    sentence, else the nearest after it; None when there is none."""
    lo, hi = sentence_around(text, start, end)
    before = text[lo:start]
    for match in reversed(list(_CUE.finditer(before))):
        tense = _cue_tense(match)
        if tense and not (tense == "past" and _complement(before, match)):
            return Cue(tense, match.group(), lo + match.start(), lo + match.end(), True)
    for match in _CUE.finditer(text, end, hi):
        tense = _cue_tense(match)
        if tense:
            return Cue(tense, match.group(), match.start(), match.end(), False)
    return None


def tense_around(text: str, start: int, end: int) -> Tense | None:
    """The tense of the clause around text[start:end], or None when no cue is found."""
    cue = governing_cue(text, start, end)
    return cue.tense if cue is not None else None
