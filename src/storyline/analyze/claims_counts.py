"""Count claims: "numbering 2,030 troops" -> (troops, number, 2030).

Each quantity `storyline.quantities` finds is kept when the parse says what it counts and
what happened to the counted:

- subject: the counted noun, or, when the figure stands alone ("put the contingent at
  about 2.5 thousand"), the force noun it describes. Personnel nouns (troops, servicemen,
  peacekeepers) and force nouns (contingent, force) all file under "troops", so that two
  outlets wording it differently meet; a country modifying them ("Russian troops",
  "Russia sent ...") is added in brackets, so a national contingent never meets the whole
  force. A measure noun ("250 pieces of military hardware") gives way to what it measures.
- attribute: "total number" for the whole of a force ("the whole force numbered 3,600"),
  "number" when the figure is the size of what it counts (appositions, "numbering",
  "sent", "deployed", "is"), else what happened to it ("number killed", "number withdrawn"),
  else "number <verb>" so only the same verb meets it; "planned " in front when a plan
  word governs it ("approved", "could send"), or the force is on its way ("is sending",
  "will deploy").

- scope (in the value, when any): what narrows the figure beyond its key, by slot: names on
  the counted or force noun ("UN peacekeepers based in Port-au-Prince": org UN, place
  Port-au-Prince), in the phrases and actor of the verb that gives the attribute ("a force
  of 9,000 has been in Haiti"), and for people something happened to, the actor's noun
  ("the bombing killed 270": actor bombing). `disagreements.same_scope` compares them.

Skipped: a figure that is part of a whole ("including 1,000 Russians", "the first 200
troops", what one actor of several did: "his team rescued two people"), a negated one,
vague plurals ("thousands"), and anything whose subject the parse does not give.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.analyze import claims_lexicon as lex
from storyline.analyze.claims_syntax import (
    Parsed,
    actor_of,
    climb,
    countries_modifying,
    country_of,
    is_negated,
    lemma,
    name_of,
    names_in_prepositions,
    names_modifying,
    span_of,
)
from storyline.model import Claim, Span
from storyline.quantities import Quantity
from storyline.quantities.nouns import singular

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

#: A range is a claim only when narrow ("between 2,000 and 2,500"): its high at most this
#: many times its low. Vague plurals ("thousands", 1,000-10,000) state no figure to compare.
MAX_RANGE_RATIO = 2.0
#: "One Russian military commentator" is an indefinite, not a figure: exact counts start here.
MIN_FIGURE = 2
#: Words that open a breakdown of a figure ("14 killed, among them 11 soldiers"), and how
#: far (characters) after one a figure is still part of the list it opens.
_BREAKDOWN = re.compile(r"\b(?:among\s+(?:them|those|whom|the\s+\w+)|including|of\s+whom|"
                        r"of\s+them|of\s+those)\b", re.IGNORECASE)
MAX_BREAKDOWN_GAP = 60
#: Evidence reaches from the figure to its subject word (and a country narrowing it) when
#: they are at most this many characters apart in one sentence; else the figure alone.
MAX_EVIDENCE_GAP = 120


def count_claims(text: str, parsed: Sequence[Parsed], article_id: str,
                 quantities: Sequence[Quantity]) -> list[Claim]:
    """The count claims of one article (see the module docstring), from its quantities
    (`find_quantities(text)`)."""
    claims = []
    for quantity in quantities:
        if quantity.kind != "count" or not _states_a_figure(quantity):
            continue
        claim = _claim(text, parsed, article_id, quantity, quantities)
        if claim is not None:
            claims.append(claim)
    return claims


def count_value(quantity: Quantity) -> dict[str, object]:
    """The JSON value of a count claim: {"value", "low", "high", "unit", "noun", "approx",
    "kind"}: `value` the figure as written (None for a range), `low`/`high` the bounds the
    phrase states (None where open), `unit` "people", a currency code, "percent" or None,
    `noun` the counted noun (singular), `approx` whether the text hedges it."""
    return {"value": _number(quantity.value), "low": _number(quantity.low),
            "high": _number(quantity.high), "unit": quantity.unit, "noun": quantity.counted,
            "approx": quantity.approximate, "kind": quantity.kind}


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _states_a_figure(quantity: Quantity) -> bool:
    if quantity.value is not None:
        return quantity.value >= MIN_FIGURE or quantity.approximate
    low, high = quantity.low, quantity.high
    return low is not None and high is not None and low > 0 and high <= low * MAX_RANGE_RATIO


def _claim(text: str, parsed: Sequence[Parsed], article_id: str,
           quantity: Quantity, quantities: Sequence[Quantity] = ()) -> Claim | None:
    located = span_of(parsed, quantity.start, quantity.end)
    if located is None:
        return None
    part, span = located
    inside = {token.i for token in span}
    counted = _counted_token(span, quantity.counted)
    anchor = counted if counted is not None else span.root
    if _partial(anchor, inside):
        return None
    noun, group = _subject_noun(anchor, counted, quantity.counted)
    if noun is None:
        return None
    attribute = _attribute(anchor)
    if attribute is None:
        return None
    if _whole(anchor, group):
        attribute = attribute.replace("number", "total number", 1)
    scope = _scope(anchor, group, attribute)
    if scope is None:
        return None
    subject = lex.TROOPS if noun in lex.PERSONNEL | lex.FORCE_NOUNS else noun
    countries = _countries(anchor, group)
    if countries:
        subject = f"{subject} ({', '.join(countries)})"
    start, end = quantity.start, quantity.end
    words = [] if group is None else [group, *(c for c in group.children if country_of(c))]
    words += [c for c in anchor.children if country_of(c)]
    for word in words:
        if word.sent != anchor.sent:
            continue
        word_start = part.offset + word.idx
        word_end = word_start + len(word.text)
        if "\n" in text[min(start, word_start):max(end, word_end)]:
            return None  # a title or dateline run into the first sentence
        if max(end, word_end) - min(start, word_start) <= MAX_EVIDENCE_GAP + end - start:
            start, end = min(start, word_start), max(end, word_end)
    value = count_value(quantity)
    if scope:
        value["scope"] = scope
    parts = _parts(text, quantity, quantities, part.offset + part.length)
    if parts:
        value["parts"] = parts
    return Claim(subject=subject, attribute=attribute, kind="count",
                 value=value, text=text[start:end],
                 evidence=Span(article_id=article_id, start=start, end=end))


def _parts(text: str, quantity: Quantity, quantities: Sequence[Quantity],
           end: int) -> list[int | float]:
    """The figures the claim's sentence (or paragraph, without the language layer's
    sentences) gives as parts of it, in its unit, after a word that opens a breakdown:
    "14 UN personnel ..., among them three Jordanian and 11 Brazilian soldiers" has part 11,
    so an outlet that says 11 soldiers tells a part of it, not another figure
    (`disagreements`). Read from the words, not the parse, which splits such sentences. A
    figure of something else ("and injured 30 people") is no part."""
    found = set()
    for other in quantities:
        figure = other.value if other.value is not None else other.low
        if (other.kind != "count" or other.unit != quantity.unit or figure is None
                or figure < MIN_FIGURE or not quantity.end <= other.start < end):
            continue
        between = text[quantity.end:other.start]
        cue = _BREAKDOWN.search(between)
        if cue is not None and len(between) - cue.end() <= MAX_BREAKDOWN_GAP:
            found.add(_number(figure))
    return sorted(found - {_number(quantity.value)})


def _counted_token(span: SpacySpan, counted: str | None) -> Token | None:
    """The token of the counted noun inside the quantity's span ("troops" of "2,030 troops")."""
    if counted is None:
        return None
    last = counted.split()[-1]
    for token in reversed(list(span)):
        if last in (lemma(token), token.lower_, singular(token.lower_)):
            return token
    return None


def _partial(anchor: Token, inside: set[int]) -> bool:
    """A figure that is one part of a whole: "the first 200 troops", "including 1,000"."""
    nouns = [anchor, anchor.head] if anchor.dep_ == "nummod" else [anchor]  # "4,000 more troops"
    for child in (c for noun in nouns for c in noun.children):
        if child.i not in inside and child.dep_ in ("amod", "advmod", "det", "quantmod") and (
                child.lower_ in lex.PARTIAL or lemma(child) in lex.PARTIAL):
            return True
        if child.dep_ == "prep" and child.lower_ == "of" and any(  # "1,000 of them"
                grand.pos_ == "PRON" for grand in child.children):
            return True
    for head in climb(anchor):
        if head.lower_ in ("including", "among") or lemma(head) in lex.PART_NOUNS | {"include"}:
            return True
        if head.pos_ == "VERB":
            break
    return False


def _subject_noun(anchor: Token, counted: Token | None,
                  counted_text: str | None) -> tuple[str | None, Token | None]:
    """(the noun the subject is made of, the token that names it in the text)."""
    if counted is not None and counted_text is not None:
        noun = lemma(counted)
        if noun in lex.CLASSIFIERS:
            measured = _of_object(counted)
            if measured is None:
                return None, None
            return measured
        group = _group_noun(anchor)
        if noun in lex.PERSONNEL and group is not None:
            return noun, group
        if noun in lex.PERSONNEL:
            return noun, counted
        if noun in ("person", "people"):
            return "people", counted
        return " ".join(counted_text.split()), counted
    group = _group_noun(anchor)
    if group is None:
        return None, None
    return lemma(group), group


def _of_object(token: Token) -> tuple[str, Token] | None:
    """"pieces of military hardware" -> ("military hardware", hardware)."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    words = [c.lower_ for c in obj.children
                             if c.dep_ in ("amod", "compound") and c.i < obj.i]
                    return " ".join([*words, lemma(obj)]), obj
    return None


def _group_noun(anchor: Token) -> Token | None:
    """The force noun a figure describes: "the contingent, about 2.5 thousand servicemen",
    "forces numbering 2,030 troops", "put the contingent at 2,500", "the force numbered"."""
    groups = lex.FORCE_NOUNS | lex.PERSONNEL
    token = anchor
    for head in climb(anchor):
        if token.dep_ == "appos" and lemma(head) in groups:
            return head
        if head.pos_ in ("VERB", "AUX"):
            if head.dep_ == "acl" and lemma(head.head) in groups:
                return head.head
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child is not token and (
                        lemma(child) in groups):
                    return child
            return None
        token = head
    return None


def _attribute(anchor: Token) -> str | None:
    """"number", "number killed", "planned number", "number <verb>"; None to skip."""
    for child in anchor.children:  # "people killed", "dead"
        event = lex.COUNT_EVENTS.get(lemma(child))
        if event is not None and child.dep_ in ("acl", "amod", "relcl"):
            return None if is_negated(child) else f"number {event}"
    token = anchor
    for head in climb(anchor):
        if token.dep_ == "appos":
            return "number"
        if head.pos_ in ("VERB", "AUX", "ADJ") and head.dep_ != "amod":
            return _verb_attribute(head)
        token = head
    return "number" if token.dep_ in ("appos", "ROOT") else None


def _whole(anchor: Token, group: Token | None) -> bool:
    """"the whole force numbered 3,600", "a total of 3,600 troops"."""
    nouns = [anchor] if group is None else [anchor, group]
    if any(c.dep_ in ("amod", "compound") and c.lower_ in lex.WHOLE
           for noun in nouns for c in noun.children):
        return True
    head = anchor.head  # "a total of 3,600": total <- of <- troops
    return head.lower_ == "of" and head.head.lower_ in lex.WHOLE and head.head.dep_ != "pobj"


def _verb_attribute(verb: Token) -> str | None:
    if is_negated(verb):
        return None
    word = lemma(verb)
    if word in lex.SPEECH:
        return None
    if word == "be":  # "103 people were missing": the predicate says what happened
        predicate = next((c for c in verb.children if c.dep_ in ("acomp", "attr")
                          and c.pos_ in ("ADJ", "VERB")), None)
        if predicate is not None:
            word = lemma(predicate)
            if word not in lex.COUNT_EVENTS:
                return f"number {word}"
    if word in lex.COUNT_EVENTS:
        attribute = f"number {lex.COUNT_EVENTS[word]}"
    elif word in lex.SIZE_VERBS or word in lex.PLAN_WORDS:
        attribute = "number"
    else:
        attribute = f"number {word}"
    planned = any(lemma(c) in lex.PLAN_WORDS for c in verb.children if c.dep_ == "aux") or any(
        lemma(h) in lex.PLAN_WORDS for h in [verb, *climb(verb)]) or _on_the_way(verb)
    return f"planned {attribute}" if planned else attribute


def _on_the_way(verb: Token) -> bool:
    """A force that is being or will be sent: "is sending up to 3,500 soldiers", "will
    deploy 2,000 troops" counts what is on the way, not the force there (a plan)."""
    if lemma(verb) not in lex.MOVEMENT_VERBS:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    return any(c.lower_ in ("will", "shall", "'ll") for c in auxiliaries) or (
        verb.tag_ == "VBG" and any(lemma(c) == "be" for c in auxiliaries))


def _countries(anchor: Token, group: Token | None) -> list[str]:
    """Countries that narrow the subject: "Russian troops", "Russia sent 2,000 troops" (the
    sender's, only when the figure is the verb's own object)."""
    found = set(countries_modifying(anchor))
    if group is not None:
        found |= set(countries_modifying(group))
    verb = anchor.head
    if anchor.dep_ == "dobj" and verb.pos_ == "VERB":
        for child in verb.children:
            if child.dep_ == "nsubj":
                country = country_of(child)
                if country is not None:
                    found.add(country)
                found |= set(countries_modifying(child))
    return sorted(found)


def _scope(anchor: Token, group: Token | None, attribute: str) -> dict[str, list[str]] | None:
    """What narrows the figure beyond its key, by slot: names on the counted or force noun
    ("UN peacekeepers", "peacekeepers based in Port-au-Prince"), in the phrases and actor of
    its verb ("has been in Haiti", "an accident in Texas that killed 15"), and for a count of
    people something happened to, the actor's noun ("the bombing killed 270": actor
    "bombing"). None when the actor is one of several ("his team rescued two people"): a
    share of the event's count, no claim. See `disagreements` for how scopes meet."""
    nouns = [anchor] if group is None or group == anchor else [anchor, group]
    names: set[tuple[str, str]] = set()
    for noun in nouns:
        names |= names_modifying(noun) | names_in_prepositions(noun)
        for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
            names |= names_in_prepositions(clause)
    verb = _scope_verb(anchor)
    if verb is not None:
        names |= names_in_prepositions(verb)
        actor = actor_of(verb)
        inside = {t.i for noun in nouns for t in noun.subtree}
        if actor is not None and actor.i not in inside:
            base = attribute.removeprefix("planned ").removeprefix("total ")
            event = base.removeprefix("number ") in lex.COUNT_EVENTS.values()
            if event and any(c.dep_ == "poss" for c in actor.children):
                return None
            own = name_of(actor) if country_of(actor) is None else None  # in the subject
            names |= names_modifying(actor) | names_in_prepositions(actor)
            if own is not None:
                names.add(own)
            elif event and actor.pos_ == "NOUN":
                noun = lemma(actor)
                names.add(("actor", lex.ACTOR_NOUNS.get(noun, noun)))
    scope: dict[str, list[str]] = {}
    for slot, name in sorted(names):
        scope.setdefault(slot, []).append(name)
    return scope


def _scope_verb(anchor: Token) -> Token | None:
    """The verb that gives a figure its attribute (`_attribute`), whose phrases narrow it:
    "a force of 9,000 has been in Haiti", "people who were rescued in ...". None when the
    figure is in apposition: "the contingent, 2,500 servicemen, guarded airports in Almaty"
    says where the force worked, not which force it is."""
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl", "amod") and lemma(child) in lex.COUNT_EVENTS:
            return child
    token = anchor
    for head in climb(anchor):
        if token.dep_ == "appos":
            return None
        if head.pos_ in ("VERB", "AUX", "ADJ") and head.dep_ != "amod":
            return None if lemma(head) in lex.SPEECH else head
        token = head
    return None
