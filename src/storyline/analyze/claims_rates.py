"""Rate claims: "raised its deposit rate to a record high of 4%" -> (deposit rate, level,
{"value": 4, "unit": "percent", ...}); "raised its key interest rates by a quarter of a
percentage point" -> (interest rate, change, 0.25 percentage point).

Only figures tied by the parse to a noun headed by "rate" make a claim: a percentage of
anything else (inflation "5.6% this year, 3.2% in 2024", a currency's fall) is indexed by
time or by what it is measured against, which the key cannot hold, so it would make false
disagreements. For the same reason forecasts ("expect", "project", "average") and running
totals ("by 450 basis points since July 2022") are skipped. The value is a count claim's
(`claims_counts.count_value`): the unit tells percent from percentage points, and
`storyline.quantities.same_value` never compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.analyze.claims_counts import count_value
from storyline.analyze.claims_syntax import Parsed, climb, is_negated, lemma, span_of
from storyline.model import Claim, Span
from storyline.quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Modifiers dropped from a rate's name: "its benchmark deposit rate" is the deposit rate.
RATE_DROP = frozenset("its their the a benchmark key main record new current official headline "
                      "policy".split())
#: Nouns a figure may sit under before the preposition: "to a record high of 4%".
LEVEL_NOUNS = frozenset("high low level record peak".split())
#: Verbs of forecasting: their figures belong to a future period the key does not hold.
FORECAST = frozenset("expect forecast project see average predict estimate".split())
#: Prepositions that make a figure a running total or a period's: "since July 2022".
PERIOD_PREPS = frozenset("since for".split())
#: Evidence reaches from the figure to the rate's name when at most this far apart.
MAX_EVIDENCE_GAP = 120


def rate_claims(text: str, parsed: Sequence[Parsed], article_id: str,
                quantities: Sequence[Quantity]) -> list[Claim]:
    """The rate claims of one article (see the module docstring), from its quantities."""
    claims = []
    for quantity in quantities:
        if quantity.kind != "percent" or quantity.value is None:
            continue
        claim = _claim(text, parsed, article_id, quantity)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(text: str, parsed: Sequence[Parsed], article_id: str,
           quantity: Quantity) -> Claim | None:
    located = span_of(parsed, quantity.start, quantity.end)
    if located is None:
        return None
    part, span = located
    found = _rate_of(span.root)
    if found is None:
        return None
    rate, attribute = found
    start, end = quantity.start, quantity.end
    name_tokens = [t for t in rate.subtree if (t.i <= rate.i and t.lower_ not in RATE_DROP
                   and t.dep_ in ("compound", "amod")) or t.i == rate.i]
    name = " ".join([t.lower_ for t in name_tokens if t.i != rate.i] + ["rate"])
    rate_start = part.offset + name_tokens[0].idx
    rate_end = part.offset + rate.idx + len(rate.text)
    between = text[min(start, rate_start):max(end, rate_end)]
    if "\n" in between:
        return None
    if len(between) <= MAX_EVIDENCE_GAP + end - start:
        start, end = min(start, rate_start), max(end, rate_end)
    return Claim(subject=name, attribute=attribute, kind="count", value=count_value(quantity),
                 text=text[start:end], evidence=Span(article_id=article_id, start=start, end=end))


def _rate_of(root: Token) -> tuple[Token, str] | None:
    """(the rate noun, "level" | "change") for a figure, None when the parse ties it to none."""
    token = root
    while True:
        preposition = token.head
        if token.dep_ != "pobj" or preposition.pos_ != "ADP":
            return None
        governor = preposition.head
        if not (governor.pos_ == "NOUN" and lemma(governor) in LEVEL_NOUNS):
            break
        token = governor  # "to a record high of 4%": climb to "to"
    if preposition.lower_ not in ("to", "at", "of", "by"):
        return None
    attribute = "change" if preposition.lower_ == "by" else "level"
    if lemma(governor) == "rate":  # "a deposit rate of 4%"
        return governor, attribute
    if governor.pos_ != "VERB" or is_negated(governor) or _forecast_or_period(governor):
        return None
    rate = _rate_argument(governor, preposition)
    return (rate, attribute) if rate is not None else None


def _rate_argument(verb: Token, preposition: Token) -> Token | None:
    """The rate the verb moves: its object ("raised its deposit rate to"), else its subject
    ("the main refinancing rate rises to"); a rate conjoined before the preposition wins
    ("... rises to 4.50% and the marginal lending rate to 4.75%")."""
    conjoined = [c for c in verb.children if c.dep_ == "conj" and lemma(c) == "rate"
                 and c.i < preposition.i]
    if conjoined:
        return conjoined[-1]
    for dep in ("dobj", "nsubj", "nsubjpass"):
        for child in verb.children:
            if child.dep_ == dep and lemma(child) == "rate" and child.i < preposition.i:
                return child
    return None


def _forecast_or_period(verb: Token) -> bool:
    if any(lemma(v) in FORECAST for v in [verb, *climb(verb)]):
        return True
    return any(c.dep_ == "prep" and c.lower_ in PERIOD_PREPS for c in verb.children)
