"""Comparing names: folded keys, transliteration skeletons, acronyms.

Two spellings of one name ("Kassym-Jomart" / "Kassym-Zhomart", "Zelensky" / "Zelenskyy" /
"Zelenskiy", "Tokayev" / "Tokaev") should compare equal; two names of different people
("Putin" / "Putina", "Alexander" / "Alexandra", "Tokayev" / "Tokarev") should not. First a
skeleton removes the usual transliteration differences, then a similarity threshold takes
the rest, with a guard against feminine forms of the same stem.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

#: Similarity (difflib ratio) of two skeletons above which two name words are one name.
#: Calibrated on the hand-made pairs in tests/test_entities.py (`SAME_NAME`, `OTHER_NAME`):
#: the lowest same-name pair is Khrushchev/Khrushchov (0.90), the highest different-name
#: pair that the feminine-form guard does not catch is Tokayev/Tokarev (0.857); 0.88 sits
#: between them.
NAME_SIMILARITY = 0.88
#: Skeletons shorter than this must match exactly ("Zas" / "Zaz" are two names).
MIN_FUZZY_CHARS = 5
#: Endings that turn a name into another person's (feminine forms, Daniel/Danielle):
#: pairs of what follows the common stem.
_GENDERED_ENDINGS = frozenset({("", "a"), ("", "e"), ("o", "a"), ("er", "ra"), ("i", "a"),
                               ("i", "aia"), ("ii", "aia"), ("", "ia"), ("us", "a")})
_SKELETON_RULES = (
    (re.compile(r"zh"), "j"), (re.compile(r"ck"), "k"), (re.compile(r"ks"), "x"),
    (re.compile(r"ph"), "f"), (re.compile(r"(?:iy|yy|yi|ij|ii|y)$"), "i"),
    (re.compile(r"(?<=[aeiou])y|(?<=.)y(?=[aeiou])"), "i"), (re.compile(r"(.)\1+"), r"\1"),
)
_NOT_LETTER = re.compile(r"[^a-z]")
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][A-Z0-9&]{1,7}s?")
#: Words an acronym's initials skip ("Organization *for* Economic Co-operation *and* ...").
_FUNCTION_WORDS = frozenset("of the and for on in at to de du des la le et und für".split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, diacritics, apostrophes and spacing folded away: a key for exact matching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A name word reduced to what survives transliteration: "Kassym-Zhomart" ->
    "kasymjomart", "Zelenskyy" / "Zelenskiy" / "Zelensky" -> "zelenski"."""
    result = _NOT_LETTER.sub("", fold(word))
    for pattern, replacement in _SKELETON_RULES:
        result = pattern.sub(replacement, result)
    return result


def _gendered(a: str, b: str) -> bool:
    """True when the skeletons differ only by a feminine (or other-person) ending."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    ends = (a[common:], b[common:])
    return ends in _GENDERED_ENDINGS or ends[::-1] in _GENDERED_ENDINGS


def gendered_forms(skeleton_: str) -> set[str]:
    """The skeletons `skeleton_` would be the feminine (or masculine) form of: "putina" ->
    {"putin", ...}. Evidence that a name the model called ORG is a person's."""
    forms = set()
    for short, long in _GENDERED_ENDINGS:
        for this, other in ((long, short), (short, long)):
            if this and skeleton_.endswith(this):
                forms.add(skeleton_[: len(skeleton_) - len(this)] + other)
    return forms


@lru_cache(maxsize=65536)
def same_word(a: str, b: str) -> bool:
    """Whether two name words are spellings of one name (skeletons equal or close)."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return bool(sa)
    if min(len(sa), len(sb)) < MIN_FUZZY_CHARS or _gendered(sa, sb):
        return False
    return SequenceMatcher(None, sa, sb).ratio() >= NAME_SIMILARITY


def name_words(name: str) -> list[str]:
    """The words of a name, a hyphenated part kept whole ("Kassym-Jomart Tokayev": 2)."""
    return name.split()


#: Short forms of English first names news uses for one person ("Ed Chernoff" and "Edward
#: Chernoff" in one story): each short form with the full names it stands for. Only
#: these pairs merge: "Ed" is never "Edgar" unless listed, and two full names never merge.
SHORT_FIRST_NAMES: dict[str, frozenset[str]] = {
    short: frozenset(full.split()) for short, full in {
        "ed": "edward edwin edmund", "eddie": "edward edwin", "ted": "edward theodore",
        "bill": "william", "billy": "william", "will": "william", "willie": "william",
        "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert",
        "jim": "james", "jimmy": "james", "jamie": "james", "mike": "michael",
        "mickey": "michael", "tom": "thomas", "tommy": "thomas", "joe": "joseph",
        "dan": "daniel", "danny": "daniel", "dave": "david", "steve": "stephen steven",
        "chris": "christopher christine christina", "tony": "anthony", "nick": "nicholas",
        "alex": "alexander alexandra", "ben": "benjamin", "sam": "samuel samantha",
        "matt": "matthew", "pat": "patrick patricia", "liz": "elizabeth",
        "beth": "elizabeth", "betty": "elizabeth", "kate": "katherine catherine kathryn",
        "katie": "katherine catherine", "kathy": "katherine kathleen",
        "jenny": "jennifer", "jen": "jennifer", "rick": "richard", "rich": "richard",
        "dick": "richard", "chuck": "charles", "charlie": "charles", "larry": "lawrence",
        "andy": "andrew", "greg": "gregory", "jeff": "jeffrey", "ron": "ronald",
        "don": "donald", "ken": "kenneth", "tim": "timothy", "fred": "frederick",
        "hank": "henry", "harry": "henry", "jack": "john", "johnny": "john",
        "jon": "jonathan", "sue": "susan", "peggy": "margaret", "maggie": "margaret",
        "meg": "margaret", "debbie": "deborah", "vicky": "victoria", "gene": "eugene",
        "al": "albert alfred alan", "vince": "vincent", "phil": "philip phillip",
        "doug": "douglas", "walt": "walter", "abe": "abraham", "zach": "zachary",
    }.items()}


def same_first_name(a: str, b: str) -> bool:
    """Two first names of one person: spellings of one name, or a short form and the full
    name it stands for ("Ed" / "Edward", "Bill" / "William")."""
    if same_word(a, b):
        return True
    fa, fb = fold(a).rstrip("."), fold(b).rstrip(".")
    return fb in SHORT_FIRST_NAMES.get(fa, ()) or fa in SHORT_FIRST_NAMES.get(fb, ())


def same_person_name(a: str, b: str) -> bool:
    """Two full names of one person: same first and last word (a short first name matches
    its full form: "Ed Chernoff" ~ "Edward Chernoff"), and any middle words of the shorter
    one found in the longer ("Vladimir Putin" ~ "Vladimir Vladimirovich Putin")."""
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return False
    if not (same_first_name(wa[0], wb[0]) and same_word(wa[-1], wb[-1])):
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return all(any(same_word(word, other) for other in long[1:-1]) for word in short[1:-1])


def acronym(text: str) -> str | None:
    """"CSTO", "U.N." -> "CSTO", "UN"; None for a text that is not an acronym."""
    if " " in text or not _ACRONYM.fullmatch(text):
        return None
    letters = text.replace(".", "")
    return letters[:-1] if letters.endswith("s") and len(letters) > 2 else letters


def initials(name: str) -> tuple[str, ...]:
    """The acronyms a multi-word name could have: "Collective Security Treaty
    Organization" -> ("CSTO",); function words skipped, then counted."""
    words = [w for w in name.split() if w[0].isalpha()]
    if len(words) < 2:
        return ()
    content = "".join(w[0] for w in words if w.casefold() not in _FUNCTION_WORDS).upper()
    every = "".join(w[0] for w in words).upper()
    return (content,) if content == every else (content, every)
