"""`X did something, saying ...`: a statement in a participle clause is the subject's.

News often hangs what an actor said on what it did: "The WHO raised its alert on
Monday, saying: "The virus is spreading"", "Police closed the road, saying a bridge had
cracked". No speech verb has the actor before it, so the rules of `direct` and `reported`
find the statement without a speaker. Here the subject of the main clause is the speaker
when the sentence is plain: the subject opens it, its first verb follows (a past form, an
auxiliary, a speech verb, a present form after a name), and the words up to the comma
hold no clause of their own. When the main clause is itself a statement ("Zas said A,
saying B") the rules before this one find it, and `attribution` reads the participle as
the same speaker's second statement.
"""

from __future__ import annotations

import re

from storyline.analyze.quotes.lexicon import AUXILIARIES
from storyline.analyze.quotes.marks import words
from storyline.analyze.quotes.phrases import CUE, Span2, speaker_before

__all__ = ["PARTICIPLE_CUE", "PARTICIPLE_CUES", "participle_speaker"]

#: The participles that hand over to a statement, after the main clause's comma.
PARTICIPLE_CUES = frozenset("saying warning insisting arguing explaining claiming".split())
PARTICIPLE_CUE = re.compile(rf",\s+({'|'.join(sorted(PARTICIPLE_CUES))})(?![\w'’-])")
#: Past forms of common verbs that do not end in "-ed" ("got in touch", "gave", "left").
_IRREGULAR_PASTS = frozenset("""
got gave made took left went came sent put set held met led won lost paid kept broke
brought built bought caught chose drew drove fell felt fought found flew froze grew hid hit
hung knew laid lay meant overtook ran rang rose saw sold shot shut sank sat slept spent
spoke stood stole struck swore threw tore understood woke wore withdrew became began
""".split())
#: Words that open a clause of their own inside the main clause: the participle may then
#: hang on that clause's verb and subject.
_CLAUSE_WORDS = frozenset("that which who whom whose when while because if although though "
                          "after before since until where whether as".split())
#: At most this many words of a role before the subject it names.
MAX_ROLE_WORDS = 6
#: At most this many words from the main clause's first verb to the comma.
MAX_CLAUSE_WORDS = 20
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def participle_speaker(text: str, lo: int, comma: int) -> Span2 | None:
    """The speaker of a participle statement whose main clause is `text[lo:comma]` (`lo`
    the sentence start): its subject, when the clause is plain (see the module)."""
    if re.search(r"[\"“”«»:;()]", text[lo:comma]):
        return None
    for first in _LOWER_WORD.finditer(text, lo, comma):
        word = first.group()
        if (word.endswith("ed") or word in AUXILIARIES or word in _IRREGULAR_PASTS
                or CUE.fullmatch(word) or _after_name(text, lo, first.start(), word)):
            break
    else:
        return None
    subject = speaker_before(text, lo, first.start())
    if subject is None or not _opens(text, lo, subject[0]):
        return None
    rest = words(text[first.end():comma])
    if len(rest) > MAX_CLAUSE_WORDS or any(w.casefold() in _CLAUSE_WORDS for w in rest):
        return None
    return subject


def _opens(text: str, lo: int, start: int) -> bool:
    """Whether a subject starting at `start` opens the sentence: nothing before it, or a
    role it names ("Norland's health minister, [Ana Berg], closed ...")."""
    before = text[lo:start].rstrip()
    if not before:
        return True
    found = words(before)
    return before.endswith(",") and len(found) <= MAX_ROLE_WORDS and not any(
        w.islower() and (w.endswith("ed") or w in AUXILIARIES) for w in found)


def _after_name(text: str, lo: int, at: int, word: str) -> bool:
    """A present-tense verb after a name: "President Obama [takes] his first shot" (a
    lower-case word in -s right after a capitalised word that does not open the
    sentence; "Some scientists" opens it)."""
    if not word.endswith("s"):
        return False
    before = words(text[lo:at])
    return len(before) >= 2 and before[-1][:1].isupper()
