"""The noun a number counts ("2,030 Russian-led peacekeepers" -> "peacekeeper"), found
without a tagger: after a plural count the head is the first plural-looking word, past
modifiers (hyphenated, capitalised, or an unknown word right before a plural); words that
end a noun phrase (verbs, prepositions, determiners) stop the search.

Plurals are made singular with a small irregular table and suffix rules: enough for the
nouns news counts (people, troops, casualties, servicemen), not a lemmatiser.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.quantities.tokens import Token

# How many words may stand between a number and its noun: "2,030 [Russian-led CSTO
# peacekeepers]" needs 3; more reaches into the next phrase.
MAX_NOUN_WORDS = 4

IRREGULAR: dict[str, str] = {
    "people": "person", "persons": "person", "men": "man", "women": "woman",
    "children": "child", "feet": "foot", "teeth": "tooth", "geese": "goose", "mice": "mouse",
    "lives": "life", "wives": "wife", "knives": "knife", "halves": "half", "wolves": "wolf",
    "thieves": "thief", "leaves": "leaf", "shelves": "shelf", "loaves": "loaf",
    "calves": "calf", "selves": "self", "crises": "crisis", "analyses": "analysis",
    "theses": "thesis", "hypotheses": "hypothesis", "diagnoses": "diagnosis",
    "criteria": "criterion", "phenomena": "phenomenon", "bacteria": "bacterium",
    "indices": "index", "matrices": "matrix", "appendices": "appendix", "oxen": "ox",
    "dice": "die", "alumni": "alumnus", "nuclei": "nucleus", "stimuli": "stimulus",
    "buses": "bus", "viruses": "virus", "bonuses": "bonus", "campuses": "campus",
    "censuses": "census", "statuses": "status", "surpluses": "surplus", "gases": "gas",
    "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato", "echoes": "echo",
    "vetoes": "veto", "torpedoes": "torpedo", "embargoes": "embargo", "volcanoes": "volcano",
    "mosquitoes": "mosquito", "movies": "movie", "cookies": "cookie", "calories": "calorie",
    "zombies": "zombie", "rookies": "rookie", "headaches": "headache",
    "avalanches": "avalanche", "niches": "niche", "caches": "cache", "quizzes": "quiz",
}
# Plural without an -s (or the same in both numbers): a head after a plural count.
INVARIANT = frozenset(
    "police personnel staff cattle livestock sheep deer fish aircraft spacecraft series "
    "species offspring headquarters barracks data media crew militia infantry clergy "
    "poultry swine bison salmon".split())
# Singular words ending in -men that are not plurals of -man.
_NOT_MEN = frozenset({"specimen", "abdomen", "omen", "amen", "stamen", "regimen", "semen"})
# Words ending in -s that are not plural nouns.
_NOT_PLURAL = frozenset(
    "this his its hers ours yours theirs is was has does us as thus plus minus always "
    "perhaps unless whereas besides towards afterwards sometimes nevertheless news chaos "
    "bus gas lens atlas canvas yes various previous serious famous numerous enormous "
    "dangerous nervous anonymous analysis crisis basis thesis status census virus bonus "
    "campus consensus focus surplus whereabouts means percent".split())
# Words that end a noun phrase: function words, common verbs and adverbs.
STOP = frozenset(
    "a an the this that these those its their his her our my your some any each every no "
    "all both either neither other another such what which who whom whose where when why "
    "how than then there here of in on at by for from to with without into onto over under "
    "about above below after before during since until till through across along among "
    "between against around near per via as like and or but nor so yet if because while "
    "although though whether not also only just even still already again ago later earlier "
    "more most less least fewer many much few several very too quite rather almost nearly "
    "is are was were be been being am has have had having do does did doing will would "
    "shall should can could may might must said says say told tells according reported "
    "reports killed died dead missing injured wounded remain remained remains left arrived "
    "arrive took take taken were came come went gone got get gets made make makes per cent "
    "percent apiece each overall total altogether respectively it they them he she we you "
    "i me him us out up down off away back home today yesterday tomorrow now fell rose "
    "grew began held kept lost paid ran saw sent spent stood struck won brought bought "
    "caught fought found gave heard led met put set shot sold sought spoke thought fled "
    "hit hurt".split())
# Nouns that stand before another noun in a singular compound: "one police officer".
NOUN_MODIFIERS = frozenset(
    "police security army border aid health fire rescue oil gas military government state "
    "party news press election polling emergency service defence defense peace prison bank "
    "tax trade sea air land family".split())
# Adjectives that often sit between a number and its noun ("5 new cases").
ADJECTIVES = frozenset(
    "new more other additional further extra foreign local armed unarmed military civilian "
    "confirmed suspected possible reported registered known unknown fresh young old elderly "
    "big small large major minor senior junior active former total daily weekly annual "
    "separate different individual internal external innocent".split())

# Endings of adjectives (and participles) that sit before a noun; a word with one is a
# modifier only when another word follows ("one official said": "official" is the noun).
_ADJECTIVE_ENDINGS = ("ed", "ing", "al", "ic", "ous", "ive", "ful", "less", "able", "ible",
                      "ary", "ian", "ese")

# Counted nouns that name people: their unit is "people", so "2,030 troops" and "2.5
# thousand servicemen" compare as the same kind of count.
PERSON_NOUNS = frozenset(
    "person troop soldier serviceman servicewoman servicemember peacekeeper resident "
    "civilian child adult man woman boy girl worker employee protester protestor "
    "demonstrator rioter refugee migrant passenger patient victim student officer policeman "
    "policewoman police personnel militant fighter rebel insurgent voter citizen "
    "participant tourist prisoner national detainee hostage journalist doctor nurse teacher "
    "firefighter fireman rescuer volunteer staff survivor member delegate lawmaker official "
    "inhabitant pilgrim athlete spectator fan crew sailor marine paratrooper guard inmate "
    "suspect evacuee casualty gunman attacker militiaman contractor mercenary "
    "serviceperson".split())


# Demonyms name people too ("Ukrainians", "Israelis", "Chinese"): capitalised, with these
# endings once singular. Partial on purpose ("Kazakhs", "Poles" are missed).
_DEMONYM_ENDINGS = ("an", "i", "ese")


def names_people(token: Token) -> bool:
    """Whether a counted noun names people: "troops", "residents", "Ukrainians"."""
    lemma = singular(token.text)
    return lemma in PERSON_NOUNS or (token.text[:1].isupper()
                                     and lemma.endswith(_DEMONYM_ENDINGS))


def singular(word: str) -> str:
    """"troops" -> "troop", "people" -> "person", "casualties" -> "casualty" (lowercase)."""
    w = word.lower().removesuffix("'s").removesuffix("’s")
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w in INVARIANT or not w.endswith(("s", "men")) or w in _NOT_PLURAL or len(w) < 3:
        return w  # "s" of a split "one 's" is no plural of ""
    if w.endswith("men") and w not in _NOT_MEN:
        return w[:-3] + "man"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def looks_plural(word: str) -> bool:
    """Whether `word` reads as a plural noun ("troops", "servicemen", "police")."""
    w = word.lower()
    if w in IRREGULAR or w in INVARIANT:
        return True
    if w in _NOT_PLURAL or w in STOP or len(w) < 3:
        return False
    if w.endswith("men") and w not in _NOT_MEN:
        return True
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "ous", "'s", "’s"))


def _joined(token: Token) -> bool:
    return "\n\n" not in token.gap


def _stop(token: Token) -> bool:
    """A word that ends a noun phrase; "US" and "IT" in capitals are names, not "us", "it"."""
    return token.lower in STOP and not (token.text.isupper() and len(token.text) > 1)


def _modifier(token: Token) -> bool:
    """A word that can modify a noun: hyphenated, capitalised, a known adjective, or a word
    with an adjective's ending ("humanitarian", "medical", "toxic", "explosive")."""
    return ("-" in token.text or token.text[:1].isupper() or token.lower in ADJECTIVES
            or token.lower.endswith(_ADJECTIVE_ENDINGS))


def head_noun(tokens: Sequence[Token], k: int, single: bool,
              mass: bool = False) -> tuple[str, int] | None:
    """The counted noun starting at token `k`, as (singular lowercase, index of the noun);
    `single` asks for a singular noun ("one soldier"), else a plural one; `mass` takes
    either ("5 tonnes of cocaine", "40% of voters")."""
    n = len(tokens)
    for j in range(k, min(n, k + MAX_NOUN_WORDS)):
        token = tokens[j]
        if token.kind != "word" or _stop(token) or not _joined(token) or len(token.text) < 2:
            return None  # a lone letter is no noun: "under one s favor" (a split "one's")
        after = tokens[j + 1] if j + 1 < n else None
        following = (after if after is not None and after.kind == "word" and _joined(after)
                     and not _stop(after) else None)
        plural = looks_plural(token.text) and token.lower not in INVARIANT
        if single or (mass and not plural):
            if _modifier(token) and following is not None:
                continue
            if token.lower in ADJECTIVES or token.lower.endswith(("ed", "ing", "ly")) or plural:
                return None  # "one injured", "one carries": not a noun after "one"
            if following is not None and token.lower in NOUN_MODIFIERS:
                continue  # "one police officer": the last noun is the head
            return singular(token.text), j
        if looks_plural(token.text):
            if token.lower in INVARIANT and following is not None and looks_plural(following.text):
                continue  # "police officers", "staff members"
            return singular(token.text), j
        if following is None:
            return None  # an unknown word is a modifier only before another word
    return None


def of_noun(tokens: Sequence[Token], k: int, mass: bool = False) -> tuple[str, int] | None:
    """The noun of "of X" at token `k` ("thousands [of people]"), as `head_noun` gives it;
    `mass` also takes a singular noun ("5 tonnes of cocaine", "4% of GDP")."""
    if k + 1 >= len(tokens) or tokens[k].lower != "of" or not _joined(tokens[k + 1]):
        return None
    return head_noun(tokens, k + 1, single=False, mass=mass)
