"""Speaker phrases and cue verbs found by position: the words before a speech verb ("the
Kremlin spokesman Dmitry Peskov said"), after it ("said Zas, the CSTO chief"), and where a
clause begins and ends. Plain string rules: the language layer hands on no parse, and the
attribution shapes of news writing are few."""

from __future__ import annotations

import itertools
import re

from storyline.analyze.quotes.lexicon import (
    BETWEEN,
    CLAUSE_WORDS,
    DETERMINERS,
    LEADING_PREPOSITIONS,
    LONE_PRONOUNS,
    PHRASAL_CUES,
    PRONOUNS,
    RELATIVES,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    TRAILING_TIME,
)
from storyline.language.lexicon import ROLE_WORDS

Span2 = tuple[int, int]

#: Commas of appositions and relative clauses between a name and its verb ("Benford, 58,
#: who lives in Almaty, said": 3).
MAX_APPOSITIONS = 3
#: A speaker phrase is at most this many words ("Kazakh President Kassym-Jomart Tokayev": 4).
MAX_SPEAKER_WORDS = 8
#: Phrases joined by "and" read back into one speaker phrase ("A of X and B of Y and Z
#: Hospital": 2; more names in a row are a list, not speakers).
MAX_CONJUNCTS = 3
_CUE_WORDS = "|".join(w.replace(" ", r"\s+")
                      for w in sorted((*PHRASAL_CUES, *SPEECH_VERBS), key=len, reverse=True))
#: A speech verb right after an article is a noun or an adjective: "killed an estimated 2
#: million", "fear the term", "a report".
AFTER_ARTICLE = r"(?<!\b[Aa]\s)(?<!\b[Aa]n\s)(?<!\b[Tt]he\s)"
CUE = re.compile(rf"{AFTER_ARTICLE}(?<![\w'’-])(?:{_CUE_WORDS})(?![\w'’-])")
_WORD = re.compile(r"[\w'’.&-]+")
#: Prepositions a speaker phrase may hold inside ("a spokesman for the ministry", "officials
#: in Moscow", "an article in Politico", "aides to Clinton").
INNER_PREPOSITIONS = frozenset("in at for from of to".split())
#: Openers of a participle clause, never a speaker ("Having announced ..., X said").
_PARTICIPLES = frozenset("having being asked speaking citing referring adding noting "
                         "following".split())
#: Lower-case words inside names ("Rio Grande do Sul", "Luiz Inácio Lula da Silva").
NAME_PARTICLES = frozenset("do dos das da de del della di du van von der den la le al bin "
                           "ibn".split())
_BOUNDARY_CHARS = ",;:()—–\"“”«»"
_BOUNDARY_WORD = re.compile(r"(?<![\w'’-])(?:and|but|yet|or|that|which|while|as|when|because|"
                            r"after|although|though|since|if|where|whom|so|then)(?![\w'’-])",
                            re.IGNORECASE)
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$")


def clause_end(text: str, pos: int, limit: int = 200) -> int:
    """Where the sentence going on at `pos` ends: before ".", "!" or "?" followed by a space
    or the end (not after "Mr" or an initial), or at a line break."""
    stop = min(len(text), pos + limit)
    i = pos
    while i < stop:
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".!?" and (i + 1 >= len(text) or text[i + 1].isspace()) and not abbreviated(
                text, i):
            return i
        i += 1
    return stop


def clause_start(text: str, pos: int, limit: int = 300) -> int:
    """Where the sentence going on at `pos` starts (mirror of `clause_end`)."""
    i = pos - 1
    stop = max(0, pos - limit)
    while i >= stop:
        ch = text[i]
        if ch == "\n":
            return i + 1
        if ch in ".!?" and text[i + 1:i + 2].isspace() and not abbreviated(text, i):
            return skip_space(text, i + 1)
        i -= 1
    return skip_space(text, stop)


def abbreviated(text: str, i: int) -> bool:
    """True when the full stop at `i` ends an abbreviation or initial ("Mr.", "J.")."""
    return text[i] == "." and _ABBREVIATION.search(text[max(0, i - 6):i]) is not None


def skip_space(text: str, i: int) -> int:
    """The first offset from `i` that is not whitespace."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _strip(text: str, start: int, end: int) -> Span2:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _drop_trailing(text: str, start: int, end: int) -> int:
    """`end` moved back over auxiliaries, adverbs and a time phrase ("Zas has also said",
    "Zas on Monday said")."""
    while True:
        start, end = _strip(text, start, end)
        piece = text[start:end]
        time = TRAILING_TIME.search(" " + piece)
        if time and time.start() > 0:
            end = start + time.start() - 1
            continue
        last = piece.rsplit(None, 1)
        if len(last) == 2 and (last[1].casefold() in BETWEEN or (
                last[1].endswith("ly") and last[1].islower())):
            end = start + len(last[0])
            continue
        return end


def valid_speaker(phrase: str) -> bool:
    """A noun phrase that can name who spoke: a few words, no verb or clause word."""
    found = _WORD.findall(phrase)
    if not found or len(found) > MAX_SPEAKER_WORDS or any(c in phrase for c in _BOUNDARY_CHARS):
        return False
    if found[0].casefold() == "there" and len(found) == 1:
        return False  # "There are reports that ...": an expletive, nobody speaks
    if found[0].casefold() in LEADING_PREPOSITIONS or found[0].casefold() in _PARTICIPLES:
        return False
    if found[-1].casefold() in INNER_PREPOSITIONS:
        return False
    if any((w.casefold() in CLAUSE_WORDS and w.casefold() not in INNER_PREPOSITIONS
            and not w[:1].isupper() and not _particle(found, i))
           or "n't" in w or "n’t" in w for i, w in enumerate(found)):
        return False
    if any(w.casefold() in RELATIVES and not w.isupper() for w in found):
        return False  # "who" opens a clause; "WHO" is the World Health Organization
    if len(found) > 1 and any(w.casefold() in LONE_PRONOUNS for w in found):
        return False
    return any(_names_someone(w, index) for index, w in enumerate(found))


def _particle(found: list[str], index: int) -> bool:
    """A lower-case particle inside a name ("Rio Grande do Sul"), between capitalised
    words."""
    return (found[index] in NAME_PARTICLES and 0 < index < len(found) - 1
            and found[index - 1][:1].isupper() and found[index + 1][:1].isupper())


def _names_someone(word: str, index: int) -> bool:
    """A word that can make a phrase name a speaker: a capitalised word (not a sentence's
    first determiner), a pronoun, or a speaker noun."""
    lower = word.casefold().rstrip(".")
    if word[:1].isupper() and not (index == 0 and lower in DETERMINERS):
        return True
    if lower in PRONOUNS or lower in SPEAKER_NOUNS:
        return True
    return lower.endswith("s") and (lower[:-1] in SPEAKER_NOUNS or lower[:-2] in SPEAKER_NOUNS)


def speaker_before(text: str, lo: int, verb: int) -> Span2 | None:
    """The speaker phrase that ends before the verb at `verb`, looking back no further
    than `lo`: "[The Kremlin spokesman] said"; before an apposition or relative clause the
    name that heads it: "[Zas], the CSTO chief, said", "[Woodrow Benford], 58, who lives
    in Almaty, said"."""
    verb = _before_parenthesis(text, lo, verb)  # "The World Food Programme (WFP) said"
    end = _drop_trailing(text, lo, verb)
    start = _phrase_start(text, lo, end)
    closes = "," in text[end:verb]  # an apposition or relative clause ends here
    inside = closes and "," in text[lo:start]  # "Voss, the brother and the drummer of X, said"
    if start < end and not (closes and text[lo:start].rstrip().endswith(",")) and not (
            inside and _apposition_head(text, lo, start)):
        if valid_speaker(text[start:end]):
            return _coordinated(text, lo, start), end
        if not (inside and _RELATIVE.search(text, lo, start)):
            return None
        # "[A spokesman for the council], which runs the port, said": read as an apposition
    if not closes or text[text.rfind(",", lo, verb) + 1:verb].strip():
        return None
    commas = _commas(text, lo, verb)[-MAX_APPOSITIONS - 1:]
    named = _role_then_name(text, lo, commas, verb)
    if named is not None:
        return named
    for left, right in zip([lo - 1, *commas], commas, strict=False):
        head_end = _drop_trailing(text, left + 1, _before_parenthesis(text, left + 1, right))
        head_start = _phrase_start(text, left + 1, head_end)
        if head_start < head_end and valid_speaker(text[head_start:head_end]) and all(
                len(_WORD.findall(text[a + 1:b])) <= MAX_SPEAKER_WORDS + 4
                for a, b in itertools.pairwise([right, *[c for c in commas if c > right]])):
            named = _named_apposition(text, right, verb)
            if named is not None and _ROLE_OPENING.match(text, head_start):
                return named  # "The leader of the group, [Laura Silsby], said"
            return _coordinated(text, left + 1, head_start), head_end
    return None


def _commas(text: str, lo: int, verb: int) -> list[int]:
    """The commas of `lo:verb` that can close a clause piece: not those inside a number
    ("2,254 cases")."""
    return [i for i in range(lo, verb) if text[i] == "," and not (
        text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit())]


def _role_then_name(text: str, lo: int, commas: list[int], verb: int) -> Span2 | None:
    """"..., and [the deputy director for science], [Anne Schuchat], warned": a role phrase
    opening a clause piece, then a name in apposition right before the verb: the name
    speaks (read right to left, so the clause before the role is never taken for a
    speaker)."""
    if len(commas) < 2:
        return None
    named = _named_apposition(text, commas[-2], verb)
    if named is None:
        return None
    left = commas[-3] + 1 if len(commas) > 2 else lo
    role = _COORDINATOR.sub("", text[left:commas[-2]].strip(), count=1)
    words = _WORD.findall(role)
    if not words or len(words) > MAX_SPEAKER_WORDS + 4 or not _ROLE_OPENING.match(role):
        return None
    return named


def _apposition_head(text: str, lo: int, start: int) -> bool:
    """Whether the clause before `start` opens with a name followed by a comma: the phrase
    at `start` then describes that name ("[Rik Voss], the singer's brother and the drummer
    of the band, said")."""
    comma = text.find(",", lo, start)
    head = text[lo:comma].strip()
    return bool(head) and valid_speaker(head) and all(
        w[:1].isupper() or w in NAME_PARTICLES for w in _WORD.findall(head))


#: A person's name: two to four capitalised words ("Laura Silsby", "Jean-Max Bellerive").
_FULL_NAME = re.compile(r"\s*((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*,\s*$")
#: A role phrase ("The leader of the Idaho-based group") before a name in apposition.
_ROLE_OPENING = re.compile(r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s|"
                           r"(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w-]*\s?['’]s\s+[a-z]")
#: ... or a possessive one: "[Okafor's lawyer], [Edward Chernak], denied": the lawyer
#: speaks, not the client.
#: A relative clause's opening ", which" before a speaker phrase's last piece.
_RELATIVE = re.compile(r",\s*which\s+[^,]*$")
#: Words an opening phrase may have before names joined by "and" ("In gratitude", "On
#: Monday"; more and the names are part of a clause).
_MAX_OPENING = 3
#: Capitalised words ending a phrase that is no speaker phrase as a whole ("In gratitude
#: [Sal]").
_NAME_END = re.compile(r"(?<![\w'’.-])(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*$")
#: A clause piece opening with a coordinator: ", and the deputy director, Anne Schuchat,".
_COORDINATOR = re.compile(r"(?:and|but|while)\s+")
#: A name in apposition closing the text before a role phrase: "..., [Harun Vik], the
#: ministry's spokesman, told".
_NAME_BEFORE = re.compile(r",\s*((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*$")


def name_before_role(text: str, lo: int, comma: int, speaker: Span2) -> Span2 | None:
    """The name standing in apposition before a role phrase that speaks: "..., [Harun
    Vik], the Health Ministry's spokesman, told Reuters" (`speaker` spans the role, `comma`
    is the one before it, `lo` where the sentence starts)."""
    first = _WORD.match(text, speaker[0])
    if not _ROLE_OPENING.match(text, speaker[0]) and not (
            first and first.group().casefold() in ROLE_WORDS):  # "vice president of X"
        return None
    found = _NAME_BEFORE.search(text, lo, comma)
    if found is None or not valid_speaker(found.group(1)):
        return None
    return found.start(1), found.end(1)


def _named_apposition(text: str, comma: int, verb: int) -> Span2 | None:
    """The name standing in apposition right before the verb: ", Laura Silsby, said"."""
    found = _FULL_NAME.match(text[comma + 1:verb])
    if found is None:
        return None
    return comma + 1 + found.start(1), comma + 1 + found.end(1)


def _before_parenthesis(text: str, start: int, end: int) -> int:
    """`end`, or where a parenthesis closing the piece opens ("Rep. Gregory Meeks
    (D-N.Y.)")."""
    piece = text[start:end].rstrip()
    if piece.endswith(")") and "(" in piece:
        return start + piece.rfind("(")
    return end


def _coordinated(text: str, lo: int, start: int) -> int:
    """`start`, or the start of the speaker phrases joined to it by "and" ("[Engineers and]
    urban planners", "[Mr. Grassley and] Mr. Leahy", "[Dr. Ana Roth of the Vik Institute
    and Dr. Eli Moe of Bergen and] Oslo Hospital": an "and" inside a name is crossed
    too, so the hospital is not the phrase)."""
    joined = start
    for _ in range(MAX_CONJUNCTS):
        earlier = _conjunct(text, lo, start)
        if earlier == start:
            break
        start = earlier
    return _listed(text, lo, start) if start != joined else start


def _listed(text: str, lo: int, start: int) -> int:
    """`start`, or the start of the names listed with commas before a phrase joined by
    "and" ("[Tito, ]Jackie and Marlon Jackson said"): a list item is a name of at most
    three capitalised words that opens the sentence or follows another comma ("In a
    statement, [Randy, ]Jermaine and Janet Jackson said"; "In Almaty, Berg and Zas said"
    lists no one: the place follows a preposition)."""
    for _ in range(MAX_CONJUNCTS):
        item = _LIST_ITEM.search(text, lo, start)
        if item is None or item.end() != start or item.group(1).casefold() in _NOT_LISTED:
            break
        opening = text[lo:item.start(1)].rstrip()
        if (opening and not opening.endswith(",")) or not valid_speaker(item.group(1)):
            break
        start = item.start(1)
    return start


#: A name listed before others: up to three capitalised words and a comma.
_LIST_ITEM = re.compile(r"(?<![\w'’-])((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*),\s*")
#: Words that open a sentence before a comma without being a listed speaker.
_NOT_LISTED = frozenset("monday tuesday wednesday thursday friday saturday sunday today "
                        "yesterday however meanwhile earlier later then now instead still "
                        "january february march april may june july august september "
                        "october november december".split())


def _conjunct(text: str, lo: int, start: int) -> int:
    """`start`, or the start of the one speaker phrase joined to it by "and": a phrase of
    names or speaker nouns only, the first ending in a name or a speaker noun."""
    before = re.search(r"(?<![\w'’-])and\s+$", text[lo:start])
    if before is None:
        return start
    first_end = _drop_trailing(text, lo, lo + before.start())
    first = _phrase_start(text, lo, first_end)
    phrase = text[first:first_end]
    last = _WORD.findall(phrase)[-1:]
    opener = _WORD.match(phrase)
    if opener and opener.group().islower() and opener.group().endswith("ing"):
        return start  # "dedicating the Museum of History and Culture": no speaker
    if opener and opener.group().casefold() in ("a", "an"):
        return start  # "a senior fellow and a former ambassador": one person described
    if first < first_end and valid_speaker(phrase) and last and (
            last[0][:1].isupper() or _names_someone(last[0].casefold(), 1)):
        return first
    name = _NAME_END.search(phrase)
    if name and text[start:start + 1].isupper() and valid_speaker(name.group()):
        opening = _WORD.findall(phrase[:name.start()])
        if len(opening) <= _MAX_OPENING and not (
                opening and opening[-1].casefold() in INNER_PREPOSITIONS | LEADING_PREPOSITIONS):
            return first + name.start()  # "In gratitude [Sal and] Tony said": the names only
    return start


def _phrase_start(text: str, lo: int, end: int) -> int:
    """Start of the last clause piece before `end` (after a comma, a quote mark or a clause
    word such as "and" or "that")."""
    start = lo
    for index in range(end - 1, lo - 1, -1):
        if text[index] in _BOUNDARY_CHARS:
            start = index + 1
            break
    for match in _BOUNDARY_WORD.finditer(text, start, end):
        start = match.end()
    while start < end and text[start].isspace():
        start += 1
    return start


def speaker_after(text: str, verb_end: int, hi: int) -> Span2 | None:
    """The speaker phrase right after a verb: "said [Zas], the CSTO chief"."""
    start = skip_space(text, verb_end)
    stop = start
    while stop < hi and text[stop] not in ",;:!?()—–\"“”«»\n":
        if text[stop] == "." and not _ABBREVIATION.search(text[max(0, stop - 6):stop]):
            break
        stop += 1
    start, stop = _strip(text, start, stop)
    if start >= stop or not text[start].isupper():
        return None
    return (start, stop) if valid_speaker(text[start:stop]) else None
