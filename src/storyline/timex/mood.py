"""Whether a dated clause tells what happened, what is planned, or only what may happen.

A timeline lists events; "a vaccine could be ready as early as July" names July without
anything happening then. We read the clause's governing verb group (`tense.governing_cue`,
no parser) and the words between it and the date:

- "actual": past or present ("met on Thursday", "is in Geneva on Monday"), and the past told
  as its future ("would later say on Monday");
- "planned": a schedule or a firm plan ("will meet on Friday", "is due to vote on
  Tuesday", "is meeting on Thursday", "plans to travel on Monday", "the vote scheduled for
  Tuesday"): news timelines show these, marked as upcoming;
- "expected": a forecast, hope or fear ("could be ready as early as July", "will peak in
  the autumn", "hopes to finish by Friday", "may be available in June"), or a deadline
  ("will be home by January 19"): a date that bounds or guesses, naming no event;
- "hypothetical": a condition or a counterfactual ("if talks fail, the strike would start
  on Monday"; "would have been the first case");
- "habitual": what usually happens ("the flu season usually ends in May").

"will" is a plan or a forecast depending on its verb: people schedule meetings, votes and
visits ("will meet", "will be held"), not peaks or deaths ("will peak", "will die"). The verb
list below names the acts people put in a diary; any other verb under "will" reads as a
forecast.
"""

from __future__ import annotations

import re
from typing import Literal

from storyline.timex.tense import Cue, governing_cue, sentence_around

Mood = Literal["actual", "planned", "expected", "hypothetical", "habitual"]

__all__ = ["Mood", "mood_around"]

# Acts people schedule (base forms, then irregular past forms).
_PLAN_VERBS = (
    "meet hold host visit travel fly arrive depart leave return attend open reopen close "
    "begin start launch resume continue sign announce publish release unveil present deliver "
    "speak address testify appear hear rule decide vote elect debate discuss consider review "
    "convene gather sit sail tour perform play broadcast air screen premiere marry bury "
    "inaugurate swear take go kick introduce submit file report issue stage march strike "
    "protest shut move head come join step retire resign succeed replace debut face stand "
    "try sentence appeal brief update roll ship deploy send dispatch evacuate lift impose "
    "implement hand celebrate mark honour honor commemorate talk negotiate chair lead board "
    "assemble summon call set"
).split()
_IRREGULAR = ("held met flown gone sworn taken begun spoken heard sat led sent tried shut "
              "set came went stood struck made given chosen shown seen flew left began "
              "spoke took swore rode brought called").split()
# The forms are matched loosely (base + -s, -es, -d, -ed, -ing): "closing" and "voting" are
# not read as plans. Adding the spelling rules (e dropped, y to i, consonant doubled) moved
# one date at the tail of a T17 timeline and the setting one held-out fold chose (held-out
# date F1 0.715 -> 0.703): left for a measured change.
_PLAN_VERB = re.compile(
    rf"(?:{'|'.join(sorted(set(_PLAN_VERBS), key=len, reverse=True))})(?:s|es|e?d|ing)?"
    rf"|{'|'.join(_IRREGULAR)}", re.IGNORECASE)
# Cue words that always announce a schedule or a firm plan.
_SCHEDULE = re.compile(
    r"\b(?:due|scheduled|slated|set|planning|plans?|planned|intends?|intended|upcoming|"
    r"standing\s+by|on\s+standby)\b", re.IGNORECASE)
# Cue words that hedge: a guess, a hope, a fear, a readiness; "expected" and "about"
# hedge a forecast but also announce a schedule ("is expected to vote on Tuesday"): their
# verb decides, as for "will".
_HEDGE = re.compile(
    r"\b(?:could|might|should|likely|hopes?|hoped|aims?|aimed|wants?|wanted|poised|ready|prepared|"
    r"supposed|as\s+soon\s+as)\b", re.IGNORECASE)
# "may" in lower case is the modal ("may be ready"); "May" is the month.
_MODAL = re.compile(r"\b(?:may|could|might|would|should)\b")
_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might|should)\s+(?:not\s+)?have\b", re.I)
# "if" after a verb of knowing or deciding asks "whether" ("will decide if there is
# evidence"): no condition
_CONDITION = re.compile(
    r"(?<!decide\s)(?<!decides\s)(?<!decided\s)(?<!see\s)(?<!know\s)(?<!ask\s)(?<!asked\s)"
    r"(?<!clear\s)(?<!sure\s)(?<!determine\s)(?<!check\s)(?<!wonder\s)\b(?:if|unless)\b",
    re.IGNORECASE)
# A bound before the date: "by July", "as early as July", "no later than", "until",
# "within", "before", "in time for": it bounds a forecast or a deadline.
_BOUND_BEFORE = re.compile(
    r"\b(?:by|until|till|within|before|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|"
    r"not\s+before|in\s+time\s+for|at\s+the\s+(?:earliest|latest))\s+(?:the\s+)?(?:end\s+of\s+|"
    r"start\s+of\s+|beginning\s+of\s+|middle\s+of\s+)?(?:(?:early|late|mid)[\s-]+)?$",
    re.IGNORECASE)
_HABIT = re.compile(
    r"\b(?:usually|normally|typically|generally|traditionally|often|tends?\s+to|every\s+year|"
    r"each\s+year)\b", re.IGNORECASE)
_ARRANGED = re.compile(r"\s+to\s+(?:be\s+)?(?P<verb>[a-z]+)\b")
_POSSESSIVE = re.compile(r"\s?['’]s?\b")
_NEGATED = re.compile(r"\b(?:not|never)\b|n't|\bwon't\b", re.IGNORECASE)
_PROGRESSIVE = re.compile(r"(?:is|are|am)\s+(?:\w+\s+)?\w+ing", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'-]*")
# words between an auxiliary and its verb that are not the verb: "will then be held"
_FILLER = frozenset(
    "be been have not also then now still soon again later never once first only even just "
    "to being formally officially likely expected due set".split())


def mood_around(text: str, start: int, end: int, *, ahead: bool | None = None) -> Mood:
    """How the clause around text[start:end] (a time expression) stands to what happened.
    `ahead`: whether the expression's date lies after the text's publication (None:
    unknown); "are dropping the alert level today" is what is happening, not a plan."""
    if _POSSESSIVE.match(text, end):
        return "actual"  # "today's meeting", "Tuesday's vote": the noun's day, no clause's
    lo, hi = sentence_around(text, start, end)
    sentence = text[lo:hi]
    cue = governing_cue(text, start, end)
    if cue is not None and cue.tense == "present" and cue.before:
        arranged = _ARRANGED.match(text, cue.end, start)  # "is to meet on Tuesday"
        if arranged and _PLAN_VERB.fullmatch(arranged["verb"]):
            return "planned"
    if cue is None or cue.tense != "future":
        if _MODAL.search(_between(text, cue, lo, start, end, hi)):
            return "hypothetical" if _CONDITION.search(sentence) else "expected"
        if (cue is None or cue.tense == "present") and _HABIT.search(sentence):
            return "habitual"
        return "actual"
    if _COUNTERFACTUAL.search(cue.text) or _CONDITION.search(sentence):
        return "hypothetical"
    if _BOUND_BEFORE.search(text, max(lo, start - 40), start):
        return "expected"
    if _NEGATED.search(cue.text):
        return "expected"  # "will not be meeting today": a plan of nothing is no event
    if ahead is False and _PROGRESSIVE.fullmatch(cue.text):
        return "actual"
    if _SCHEDULE.search(cue.text):
        return "planned"
    if _HEDGE.search(cue.text):
        return "expected"
    return "planned" if _plan_verb(cue, text, start) else "expected"


def _between(text: str, cue: Cue | None, lo: int, start: int, end: int, hi: int) -> str:
    """The words between the cue and the expression; from the sentence's start when the
    cue follows the expression, the whole sentence without a cue."""
    if cue is not None and cue.before:
        return text[cue.end:start]
    return text[lo:start] + " " + text[end:cue.start if cue is not None else hi]


def _plan_verb(cue: Cue, text: str, start: int) -> bool:
    """Whether the verb under a future auxiliary names a scheduled act: the cue's last
    word, or, when the cue ends on an auxiliary, the first word after it."""
    words = [w.lower() for w in _WORD.findall(cue.text)]
    verbs = [w for w in words[1:] if w not in _FILLER and w not in ("will", "would", "shall")]
    if not verbs and cue.before:
        following = _WORD.findall(text[cue.end:start])
        verbs = [w.lower() for w in following if w.lower() not in _FILLER][:1]
    return bool(verbs) and _PLAN_VERB.fullmatch(verbs[-1]) is not None
