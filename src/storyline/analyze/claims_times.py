"""Date and duration claims: "began withdrawing Thursday" -> (withdrawal, start,
2022-01-13); "the pullout will be completed within ten days" -> (withdrawal, duration, P10D).

Time references come from `storyline.timex` (relative ones resolved against the
publication date: "on Thursday" in an article of Wednesday 12 January 2022 is 13 January).
A reference makes a claim only when the parse ties it to an event the lexicon knows
(`claims_lexicon.EVENT_VERBS`, `EVENT_NOUNS`):

- dates: the event noun or verb governing it ("the withdrawal on January 13", "troops
  arrived on January 6"), or an aspect verb and its event ("began withdrawing", "the unrest
  began"), which make the attribute "start" or "end" (else "date"). A date next to a speech
  verb ("told reporters on Wednesday") is when something was said, and is skipped.
- durations: the object of "take"/"last" ("would take no more than ten days"), or after
  "within"/"for"/"over" ("completed within ten days"), or "in" after a verb of ending;
  "would start in two days" is an offset, not a duration. Vague ones ("several weeks") are
  skipped. "within ten days" and "no more than ten days" are both P10D: the limit stated.

A date of an indefinite event noun ("an April summit", "another withdrawal") is some other
event than the story's, and is skipped. So is a date whose actor is a part ("the first 200
troops left on Friday"), and one cut off from its event by a dash or bracket (a dateline run
into the first sentence).
A country on the event's actor ("Russian troops began withdrawing") goes into the subject
in brackets, so one contingent's dates never meet another's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.analyze import claims_lexicon as lex
from storyline.analyze.claims_syntax import (
    Parsed,
    climb,
    countries_modifying,
    country_of,
    is_negated,
    lemma,
    span_of,
)
from storyline.model import Claim, Span, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Evidence reaches from the time expression to its event word when they are at most this
#: many characters apart in one sentence.
MAX_EVIDENCE_GAP = 120


def time_claims(text: str, parsed: Sequence[Parsed], article_id: str,
                refs: Sequence[TimeRef]) -> list[Claim]:
    """The date and duration claims of one article (see the module docstring), from its
    time references (`find_timerefs(text, published)`)."""
    claims = []
    for ref in refs:
        claim = _claim(text, parsed, article_id, ref)
        if claim is not None:
            claims.append(claim)
    return claims


def date_value(value: str | None) -> str | None:
    """The calendar part of a TIMEX3 value ("2022-01-06TNI" -> "2022-01-06"); None when it
    names no point of the calendar ("PRESENT_REF", "2022-SU", "XXXX-01-06")."""
    if value is None:
        return None
    point = value.split("T")[0]
    if len(point) == 10 and point[4] == "-" and point[7] == "-" and point.replace("-", "").isdigit():
        return point
    if len(point) == 7 and point[4] == "-" and point.replace("-", "").isdigit():
        return point
    if len(point) == 8 and point[4:6] == "-W" and (point[:4] + point[6:]).isdigit():
        return point
    if len(point) == 4 and point.isdigit():
        return point
    return None


def _claim(text: str, parsed: Sequence[Parsed], article_id: str, ref: TimeRef) -> Claim | None:
    located = span_of(parsed, ref.start, ref.end)
    if located is None:
        return None
    part, span = located
    if ref.type in ("DATE", "TIME"):
        value = date_value(ref.value)
        found = _date_event(span.root) if value is not None else None
        kind = "date"
    elif ref.type == "DURATION" and ref.value is not None and "X" not in ref.value:
        value = ref.value
        found = _duration_event(span.root)
        kind = "duration"
    else:
        return None
    if found is None:
        return None
    event, attribute, word, actor = found
    if actor is not None and _part_of_whole(actor):
        return None
    countries = _actor_countries(actor)
    subject = f"{event} ({', '.join(countries)})" if countries else event
    start, end = ref.start, ref.end
    if word.sent == span.root.sent:
        word_start = part.offset + word.idx
        word_end = word_start + len(word.text)
        between = text[min(start, word_start):max(end, word_end)]
        if "\n" in between or re.search(r"\s[\u2014\u2013-]\s|\(", between):
            return None  # a title or dateline ("Jan 14 — troops began ...") run into the text
        if max(end, word_end) - min(start, word_start) <= MAX_EVIDENCE_GAP + end - start:
            start, end = min(start, word_start), max(end, word_end)
    return Claim(subject=subject, attribute=attribute, kind=kind, value=value,
                 text=text[start:end], evidence=Span(article_id=article_id, start=start, end=end))


Found = tuple[str, str, "Token", "Token | None"]


def _date_event(root: Token) -> Found | None:
    """(event, attribute, event word, actor) for a date, None when no known event governs."""
    for head in climb(root):
        if head.pos_ == "NOUN":
            event = lex.EVENT_NOUNS.get(lemma(head))
            if event is not None and head.tag_ != "NNS":  # "rescue missions on Sunday": many
                if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in head.children):
                    return None  # "an April summit": some other one, not the story's
                return event, "date", head, head
            if head.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"):
                return None  # the date belongs to some other noun: "the night of ..."
            continue
        if head.pos_ in ("VERB", "AUX"):
            return _verb_event(head)
    return None


def _verb_event(verb: Token) -> Found | None:
    word = lemma(verb)
    if word in lex.SPEECH or is_negated(verb):
        return None
    aspect = _aspect(word)
    if aspect is not None:
        if verb.dep_ == "acl" and lemma(verb.head) in lex.EVENT_NOUNS:  # "the withdrawal ... ended"
            return lex.EVENT_NOUNS[lemma(verb.head)], aspect, verb.head, verb.head
        for child in verb.children:
            if child.dep_ == "xcomp" and lemma(child) in lex.EVENT_VERBS and _event_verb(child):
                return lex.EVENT_VERBS[lemma(child)], aspect, child, _subject(verb)
            if child.dep_ in ("nsubj", "nsubjpass") and lemma(child) in lex.EVENT_NOUNS:
                return lex.EVENT_NOUNS[lemma(child)], aspect, child, child
        return None
    if verb.dep_ == "xcomp" and _aspect(lemma(verb.head)) is not None:
        head_aspect = _aspect(lemma(verb.head))
        if word in lex.EVENT_VERBS and _event_verb(verb) and head_aspect is not None:
            if is_negated(verb.head):
                return None
            return lex.EVENT_VERBS[word], head_aspect, verb, _subject(verb.head)
    if word in lex.EVENT_VERBS and _event_verb(verb):
        return lex.EVENT_VERBS[word], "date", verb, _subject(verb)
    return None


def _aspect(word: str) -> str | None:
    if word in lex.START_VERBS:
        return "start"
    if word in lex.END_VERBS:
        return "end"
    return None


def _event_verb(verb: Token) -> bool:
    """"pull" names the withdrawal only with "out"; "hand" only with "over"."""
    word = lemma(verb)
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
    if word == "pull":
        return "out" in particles and _force_moves(verb)
    if word == "hand":
        return "over" in particles
    return word not in lex.MOVEMENT_VERBS or _force_moves(verb)


def _force_moves(verb: Token) -> bool:
    """Whether the one moving (the subject, else the object) is a force: "troops began
    withdrawing", "the CSTO will begin pulling out its peacekeepers", "Russia sent"."""
    movers = [_subject(verb), *(c for c in verb.children if c.dep_ == "dobj")]
    if verb.dep_ == "xcomp":
        movers += [c for c in verb.head.children if c.dep_ == "dobj"]
    return any(mover is not None and (lemma(mover) in lex.FORCE_ACTORS or mover.ent_type_ in (
        "ORG", "GPE", "NORP")) for mover in movers)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):  # "troops sent to ..."
        return verb.head
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _duration_event(root: Token) -> Found | None:
    head = root.head
    if head is root:
        return None
    if root.dep_ == "pobj" and head.dep_ == "prep":
        preposition = head.lower_
        governor = head.head
        if preposition not in lex.DURATION_PREPS:
            return None
        if preposition == "in" and lemma(governor) not in lex.END_VERBS:
            return None
    elif (root.dep_ in ("dobj", "npadvmod", "attr") and lemma(head) in lex.DURATION_VERBS) or (
            root.dep_ in ("compound", "amod", "nummod") and head.pos_ == "NOUN"):
        governor = head
    else:
        return None
    if governor.pos_ == "NOUN":
        event = lex.EVENT_NOUNS.get(lemma(governor))
        return (event, "duration", governor, governor) if event is not None else None
    if governor.pos_ not in ("VERB", "AUX") or is_negated(governor):
        return None
    word = lemma(governor)
    if word in lex.EVENT_VERBS and _event_verb(governor):
        return lex.EVENT_VERBS[word], "duration", governor, _subject(governor)
    if word in lex.END_VERBS or word in lex.DURATION_VERBS:
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and lemma(child) in lex.EVENT_NOUNS:
                return lex.EVENT_NOUNS[lemma(child)], "duration", child, child
    return None


def _part_of_whole(actor: Token) -> bool:
    """"The first 200 troops left on Friday": a part's date is not the event's."""
    return any(child.dep_ in ("amod", "det", "nummod", "quantmod") and (
        child.lower_ in lex.PARTIAL or child.like_num) for child in actor.children)


def _actor_countries(actor: Token | None) -> list[str]:
    """"Russian troops" -> [Russia]; "Belarus" -> [Belarus]."""
    if actor is None:
        return []
    found = set(countries_modifying(actor))
    country = country_of(actor)
    if country is not None:
        found.add(country)
    return sorted(found)
