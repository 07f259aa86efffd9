"""Pseudo-entities: a cheap stand-in for named entities when none are given.

The language layer (spaCy, aliases merged) gives better entities; this fallback needs no
model: runs of capitalised words ("Rio Grande do Sul", "Christine Lagarde", "CSTO") and the
words inside them, lower-cased and accent-folded so "Grindavík" meets "Grindavik". A word
that may be capitalised only because it starts a sentence (or a Title Case headline)
counts only if the text also capitalises it mid-sentence, or it is an acronym; titles
("President") come off the front of a run; dates ("Tuesday", "May") are never entities.
Decimal figures ("4.5%", German "4,5 Prozent") are added as "#4.5": facts that match
across languages.

German capitalises every noun, so outside English only multi-word runs and acronyms count.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Article
from storyline.stories.text import fold

__all__ = ["ENTITY_WORDS", "pseudo_entities"]

#: Words of the body read for pseudo-entities (after the title): the whole of a typical
#: article. On ECB+ (shipped settings) subtopic B-cubed F1 is 0.857 reading 100 words,
#: 0.895 reading 200, 0.903 reading 400 and 0.906 reading 1,000 (names of the event recur
#: further down); the cap only bounds the cost of very long texts.
ENTITY_WORDS = 1000

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.!?;:\"“”()`]")
_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3})([.,]\d{1,2})(?![\d.,]*\d)")
_BREAK = frozenset('.!?;:"“”()`')
_CONNECTORS = frozenset("of de do da dos das del la le von van der den al bin y".split())
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday today yesterday tomorrow".split())
# Function words of the other languages our corpus carries, which start German runs
# ("Der Einlagensatz") the way "The" starts English ones.
_FOREIGN = frozenset(
    "der die das den dem des ein eine einer eines und oder mit von fur im am zum zur auf "
    "le la les un une des et du au aux el los las y en il lo gli della".split())
_COMMON = frozenset(ENGLISH_STOP_WORDS) | _CALENDAR | _FOREIGN | frozenset(
    "mr mrs ms dr st said says according new also just like".split())
#: Titles before a name ("President Kassym-Jomart Tokayev"): left off the front of a run so
#: "President Tokayev" and "Kassym-Jomart Tokayev" share the run's name.
_TITLES = frozenset(
    "president vice prime minister secretary general chancellor king queen prince governor "
    "mayor senator sen rep judge coach captain chief spokesman spokeswoman spokesperson "
    "director chairman ceo commander gen col lt sgt officer actress actor singer star".split())


def _sentences(text: str) -> list[list[str]]:
    """Word tokens, split where a sentence (or a quotation, or a bracket) may start."""
    sentences: list[list[str]] = [[]]
    for token in _TOKEN.findall(text):
        if token in _BREAK:
            if sentences[-1]:
                sentences.append([])
        else:
            sentences[-1].append(token)
    return [s for s in sentences if s]


def _acronym(token: str) -> bool:
    return len(token) >= 2 and token.isupper() and token.isalpha()


def _runs(sentence: list[str], confirmed: set[str], initial_unconfirmed: bool) -> list[list[str]]:
    """Runs of capitalised tokens (connectors allowed inside). A capital that may be there
    only because the sentence (or a Title Case headline) starts counts only when the same
    word is capitalised mid-sentence somewhere in the text, or is an acronym."""
    runs: list[list[str]] = []
    current: list[str] = []
    for position, token in enumerate(sentence):
        lower = token.casefold()
        doubtful = initial_unconfirmed or position == 0
        name = token[:1].isupper() and (not doubtful or lower in confirmed or _acronym(token))
        if name or (current and lower in _CONNECTORS):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    cleaned = []
    for run in runs:
        while run and run[-1].casefold() in _CONNECTORS:
            run = run[:-1]
        while len(run) > 1 and run[0].casefold() in _TITLES | _COMMON:
            run = run[1:]
        if run:
            cleaned.append(run)
    return cleaned


def _figures(text: str) -> set[str]:
    """Decimal figures ("4.5%", German "4,5 Prozent"), which name an event's facts in any
    language: "#4.5" for both."""
    return {"#" + "".join(m.groups()).replace(",", ".") for m in _DECIMAL.finditer(text)}


def pseudo_entities(article: Article, max_words: int = ENTITY_WORDS) -> frozenset[str]:
    """Lower-case, accent-folded names (and decimal figures) in the title and first
    `max_words` words."""
    body = " ".join(article.text.split(maxsplit=max_words)[:max_words])
    english = article.language in (None, "en")
    clean = [fold(part).replace("’s ", " ").replace("'s ", " ")
             for part in (article.title or "", body)]
    body_sentences = _sentences(clean[1])
    confirmed = {t.casefold() for sentence in body_sentences for t in sentence[1:]
                 if t[:1].isupper()}
    found: set[str] = set()
    parts = [(s, True) for s in _sentences(clean[0])] + [(s, False) for s in body_sentences]
    for sentence, is_title in parts:
        for run in _runs(sentence, confirmed, initial_unconfirmed=is_title):
            names = [t for t in run
                     if t.casefold() not in _COMMON | _TITLES | _CONNECTORS and len(t) > 1]
            if len(run) > 1:
                found.add(" ".join(run).casefold())
            if english or len(run) > 1:
                found.update(t.casefold() for t in names)
            else:
                found.update(t.casefold() for t in names if _acronym(t))
    return frozenset(found | _figures(body))
