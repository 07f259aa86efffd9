"""Word classes the claim finder keys on: what is counted, which verbs and nouns name an
event, and which words make a figure or a list partial.

Small on purpose: a word that is not here does not make a claim, because a key built from
a guess (two different facts under one subject and attribute) makes a false disagreement,
which is worse than a missed one.
"""

from __future__ import annotations

#: Counted nouns (lemma, lower case) that name military personnel: "2,030 troops" and
#: "about 2.5 thousand servicemen" are counts of one thing, the force's strength.
PERSONNEL = frozenset("""
troop soldier serviceman servicemen servicewoman servicemember peacekeeper personnel
paratrooper military
""".split())

#: Nouns for a body of personnel: a figure in apposition to them, or a list of countries
#: attached to them, is about the force as a whole.
FORCE_NOUNS = frozenset("force contingent detachment battalion brigade".split())

#: Nouns that take a list of contributing countries ("units from Russia, Belarus ...").
SET_HEADS = PERSONNEL | FORCE_NOUNS | frozenset({"unit"})

#: Verbs (and the noun "participation") that make a list of countries the participants.
PARTICIPATE = frozenset("participate contribute send deploy provide dispatch".split())

#: The subject every personnel count and participant list is filed under.
TROOPS = "troops"

#: Counted nouns that only measure what follows "of": "250 pieces of military hardware".
CLASSIFIERS = frozenset("piece item unit head".split())

#: Verbs under which a count is the size of what it counts: "forces numbering 2,030
#: troops", "sent more than 2,000 troops", "the contingent is 2,500 strong".
SIZE_VERBS = frozenset("""
number total comprise consist be have send deploy dispatch arrive station reach count put
estimate contribute provide
""".split())

#: Verbs (lemmas) and adjectives that name what happened to the counted: the attribute.
COUNT_EVENTS = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured",
    "detain": "detained", "arrest": "detained",
    "miss": "missing", "missing": "missing",
    "evacuate": "evacuated", "displace": "displaced", "rescue": "rescued",
    "withdraw": "withdrawn", "leave": "withdrawn", "depart": "withdrawn",
}

#: Verbs and modals that make a figure a plan, not a fact: "the approved number".
PLAN_WORDS = frozenset("""
approve authorize authorise plan pledge promise expect intend propose agree offer could may
might approved planned authorized authorised pledged proposed
""".split())

#: Words that make a figure or list one part of a larger whole: "including 1,000
#: Russians", "Belarusian ... servicemen are also preparing to leave", "among them".
PARTIAL = frozenset("""
include including among also other another additional further extra more remaining first
last second third initial new some several such like top
""".split())

#: Modifiers that make a figure the whole of a force ("the whole force numbered 3,600"), an
#: attribute of its own beside the number sent or approved (issue 5: "whole force: 3,600").
WHOLE = frozenset("whole entire overall total full".split())

#: Nouns above a figure that make it a share of a whole: "the bulk of the 2,030-strong force".
PART_NOUNS = frozenset("bulk majority most half part share portion rest remainder".split())

#: Speech verbs: a date next to them is when something was said, not when it happened.
SPEECH = frozenset("""
say tell announce report state add claim note stress confirm declare write quote
""".split())

#: Aspect verbs: the date is the start or the end of the event they govern.
START_VERBS = frozenset("begin start commence launch".split())
END_VERBS = frozenset("end finish complete conclude".split())

#: Verbs that name an event, as the noun the key uses ("began withdrawing" -> withdrawal).
EVENT_VERBS = {
    "withdraw": "withdrawal", "leave": "withdrawal", "depart": "withdrawal",
    "pull": "withdrawal", "arrive": "deployment", "deploy": "deployment",
    "send": "deployment", "dispatch": "deployment", "hand": "handover",
    "transfer": "handover", "reopen": "reopening", "protest": "protests",
}

#: Movement verbs name the force's withdrawal or deployment only when a force moves:
#: residents "leaving again overnight" are no withdrawal.
MOVEMENT_VERBS = frozenset("withdraw leave depart pull arrive deploy send dispatch".split())
#: Who can move as a force: personnel, force nouns, and these (or an organisation or a
#: country named by the parse).
FORCE_ACTORS = PERSONNEL | FORCE_NOUNS | frozenset(
    "unit alliance organization organisation army military bloc peacekeeping".split())

#: Event nouns (lemma -> the noun the key uses): "the pullout will be completed".
EVENT_NOUNS = {
    "withdrawal": "withdrawal", "pullout": "withdrawal", "pull-out": "withdrawal",
    "departure": "withdrawal", "deployment": "deployment", "arrival": "deployment",
    "handover": "handover", "reopening": "reopening", "protest": "protests",
    "demonstration": "protests", "unrest": "unrest", "riot": "unrest",
    "operation": "operation", "mission": "mission", "ceasefire": "ceasefire",
    "truce": "ceasefire", "summit": "summit", "talks": "talks", "election": "election",
    "referendum": "referendum", "strike": "strike", "evacuation": "evacuation",
    "lockdown": "lockdown", "curfew": "curfew", "state of emergency": "state of emergency",
    "emergency": "state of emergency",
}

#: What did it, in other words (lemma -> the noun scopes use): "the quake killed 200" and
#: "the earthquake killed 230" are counts of one event's dead; "the blast" and "the
#: explosion" too. Kept to true synonyms: "attack" and "bombing" may be two events.
ACTOR_NOUNS = {
    "quake": "earthquake", "tremor": "earthquake", "temblor": "earthquake",
    "blast": "explosion", "detonation": "explosion", "twister": "tornado",
    "cyclone": "storm", "hurricane": "storm", "typhoon": "storm", "fire": "fire",
    "blaze": "fire", "wildfire": "fire", "inferno": "fire", "crash": "crash",
    "collision": "crash", "shooting": "shooting", "gunfire": "shooting",
}

#: Verbs whose object or subject is how long an event lasts: "the withdrawal would take
#: no more than ten days", "the truce will last 72 hours".
DURATION_VERBS = frozenset("take last need require run continue".split())
#: Prepositions before a duration: "completed within ten days", "for ten days".
DURATION_PREPS = frozenset("within for over in".split())

#: Prepositions before a destination or a place: "sent troops to Kazakhstan" does not make
#: Kazakhstan a participant.
PLACE_PREPS = frozenset("to in into at across inside near".split())
