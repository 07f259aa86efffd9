"""A story's headline: the clearest of its members' titles.

A reader should learn what happened from the headline alone, so the chooser prefers a
title that names someone or something and says what they did, is neither a teaser nor
a label, and sits at the centre of what the other outlets wrote:

1. candidates: member titles, near-copies left out (they repeat another title or
   re-label it), questions and boilerplate labels ("LIVE:", "Watch:") and titles of one or
   two words left out; then the short titles; if nothing is left (no title, or only
   questions and labels), the members' opening sentences, cut at a clause when long (a
   faithful headline from the text itself); without text, every member title again;
2. each candidate scores centrality (cosine of its content words with the other members'
   titles and leads), plus points for a name, a verb, and for appearing on the story's
   first day (first reports name the event; later pieces react to it), minus points per
   word outside 6-14 words, for a language other than the story's majority, and for
   ALL CAPS;
3. the best score wins; ties go to the earliest article.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Article
from storyline.stories.furniture import TRAILING_STAMP, is_furniture, strip_furniture
from storyline.stories.text import fold, order_key, words

__all__ = ["HEADLINE_VERSION", "choose_headline", "headline_key", "headline_points", "lead_title"]

#: Bumped whenever the choice changes, so stored headlines are chosen again.
HEADLINE_VERSION = 8

# Points, set by hand on the titles of examples/ and ECB+ (no annotated headline set
# exists yet): centrality ranges 0-1 and decides between informative titles; a missing
# name or verb, or each word beyond the range, costs about what separates a central title
# from a peripheral one.
CENTRALITY_WEIGHT = 1.0
NAME_POINTS = 0.3
VERB_POINTS = 0.3
#: Title length (words) a reader takes in at a glance, as newsroom style guides advise.
MIN_WORDS, MAX_WORDS = 6, 14
LENGTH_PENALTY = 0.08
LANGUAGE_PENALTY = 1.0
SHOUTING_PENALTY = 0.3
FIRST_DAY_POINTS = 0.15
#: Body words of the other members that centrality is measured against (their lead).
CONTEXT_WORDS = 50

_LABEL = re.compile(
    r"^\s*(?:live|watch|video|photos?|gallery|opinion|analysis|podcast|newsletter|quiz|"
    r"breaking(?: news)?|update[ds]?|exclusive|sponsored|advertisement|in pictures|"
    r"all news|latest news|news|home)\b\s*(?:[:|/>»-]|$)", re.I)
_MIN_CANDIDATE_WORDS = 3
# Headline verbs that carry no inflection to spot them by ("troops begin leaving").
_VERBS = frozenset(
    "is are was were be been has have had do does did will would can could may might must "
    "say tell hit cut win lose open close die kill reach face take make give get put set "
    "begin start leave stay keep hold raise lift rise fall drop go come see meet find quit "
    "fire hire sue ban buy sell pay plan warn vow urge back join beat top lead run seek "
    "strike erupt flee arrest charge convict free return end launch host name pick sign".split())
_STOP = frozenset(ENGLISH_STOP_WORDS)


def _looks_like_verb(token: str) -> bool:
    """A cheap stand-in for a part-of-speech tag: a known headline verb, or a lower-case
    word inflected like one ("rises", "breached", "leaving")."""
    lower = token.casefold()
    if lower in _VERBS:
        return True
    return (token.islower() and len(token) > 3 and lower not in _STOP
            and re.search(r"(?:[^su]s|ed|ing)$", lower) is not None)


def _has_name(title: str) -> bool:
    tokens = re.findall(r"[^\W_]+", title)
    if title.isupper():
        return False
    return any(t[:1].isupper() for t in tokens[1:]) or any(
        len(t) > 1 and t.isupper() for t in tokens)


def _stem(word: str) -> str:
    """A plural or third-person "s" off ("hikes" meets "hike", "rates" meets "rate")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _bag(text: str) -> Counter[str]:
    return Counter(_stem(w) for w in words(text) if w not in _STOP and len(w) > 1)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[word] for word, count in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _acceptable(title: str) -> bool:
    return not _teaser(title) and len(title.split()) >= _MIN_CANDIDATE_WORDS


def clean_title(title: str | None) -> str:
    """A title as a headline shows it: one line, without furniture before it (a stamp, a
    URL) or a byline after it ("UK 'well prepared' for oil spill By David Shukman ...");
    '' for a title that is furniture (a URL, an editors' note, a bare byline)."""
    text = " ".join((title or "").split())
    if not text or is_furniture(text):
        return ""
    text = _cut_tails(strip_furniture(text))
    return _shorten(text) if text else text


def _cut_tails(text: str) -> str:
    """A headline without what pages run onto its end: a wire stamp, a byline, a pull quote."""
    for tail in (TRAILING_STAMP, _TRAILING_BYLINE, _PULL_QUOTE, _TRAILING_QUOTE):
        match = tail.search(text)
        if match is not None and len(text[:match.start()].split()) >= _MIN_CANDIDATE_WORDS:
            text = text[:match.start()]
    return text.strip()


#: A byline run onto the end of a title: " By Maggie Fox", " By David Shukman Environment ...".
_TRAILING_BYLINE = re.compile(r"\s+By\s+[A-Z][\w'’\-]+\s+[A-Z][\w'’\-]+\b.*$")
#: A pull quote glued after a title: "... 'addicted to Demerol' Dr Robert Waldman: \"I believe".
_PULL_QUOTE = re.compile(r"\s+(?:[A-Z][\w.\-]*\s+){1,6}[A-Z][\w\-]*\s*:\s*[\"“‘`']")
#: A quotation run onto the end of a title: '... plead for help "People are sleeping ..."'.
_TRAILING_QUOTE = re.compile(r"\s+[\"“][A-Z][^\"”]{20,}[\"”]?\s*$")
#: A title that is mostly somebody's words in quotation marks: a quote, not the event.
_QUOTED = re.compile(r"^[\"“‘«]|^[^\"“”«»]{0,40}:\s*[\"“‘«']")
QUOTE_PENALTY = 0.4
#: Centrality below which a candidate shares (almost) no words with the rest of a story of
#: three or more articles: a sidebar's headline about another event. Such candidates are
#: kept only when no other is left. Set on examples/ and T17: central titles score 0.2+.
MIN_CENTRALITY = 0.05


def _teaser(title: str) -> bool:
    """A question or a label ("LIVE:", "Watch:"): it names no event."""
    stripped = title.strip()
    return stripped.endswith("?") or _LABEL.match(stripped) is not None


def _rest(members: Sequence[Article], article: Article) -> Counter[str]:
    rest: Counter[str] = Counter()
    for other in members:
        if other.id != article.id:
            rest.update(_context(other))
    return rest


def _context(article: Article) -> Counter[str]:
    """What an article says first: its title and lead."""
    return _bag(f"{article.title or ''} {' '.join(article.text.split()[:CONTEXT_WORDS])}")


def headline_points(article: Article, others: Sequence[Article], majority_language: str | None,
                    first_day: bool, title: str | None = None) -> float:
    """The score of one member's title (or `title` read from it) as the story's headline;
    `others` are the story's other independent articles, `first_day` whether it appeared on
    the story's first date."""
    title = article.title or "" if title is None else title
    rest: Counter[str] = Counter()
    for other in others:
        rest.update(_context(other))
    count = len(title.split())
    outside = max(0, MIN_WORDS - count, count - MAX_WORDS)
    tokens = re.findall(r"[^\W_]+", fold(title))
    foreign = (majority_language is not None and article.language is not None
               and article.language != majority_language)
    return (CENTRALITY_WEIGHT * _cosine(_bag(title), rest)
            + NAME_POINTS * _has_name(title)
            + VERB_POINTS * any(_looks_like_verb(t) for t in tokens[1:])
            + FIRST_DAY_POINTS * first_day
            - LENGTH_PENALTY * outside
            - LANGUAGE_PENALTY * foreign
            - SHOUTING_PENALTY * title.isupper()
            - QUOTE_PENALTY * (_QUOTED.search(title) is not None))


def choose_headline(members: Sequence[Article], near_copies: Collection[str] = ()) -> str | None:
    """The clearest member title, else the clearest opening sentence (None without either)."""
    ordered = sorted(members, key=order_key)
    independent = [a for a in ordered if a.id not in near_copies] or ordered
    titled = [(a, title) for a in independent if (title := clean_title(a.title))]
    candidates = [(a, title) for a, title in titled if _acceptable(title)]
    if not candidates:  # a terse title ("Pullout starts") still beats a sentence
        candidates = [(a, title) for a, title in titled if not _teaser(title)]
    if not candidates:
        candidates = [(a, lead) for a in independent if (lead := lead_title(a.text))]
    if not candidates:
        candidates = titled
    if not candidates:
        return None
    if len(independent) >= 3:  # a sidebar's headline shares no words with the story
        central = [(a, title) for a, title in candidates
                   if _cosine(_bag(title), _rest(independent, a)) >= MIN_CENTRALITY]
        candidates = central or candidates
    languages = Counter(a.language for a in members if a.language)
    majority = languages.most_common(1)[0][0] if languages else None
    dates = [a.published for a in members if a.published is not None]
    first = min(dates) if dates else None
    best: tuple[float, int] | None = None
    chosen = candidates[0][1]
    for position, (article, title) in enumerate(candidates):
        others = [a for a in independent if a.id != article.id]
        points = headline_points(article, others, majority,
                                 first is not None and article.published == first, title)
        key = (round(points, 9), -position)
        if best is None or key > best:
            best, chosen = key, title
    return chosen


#: An opening sentence longer than this (words) is cut at a clause, or failing that ends
#: in "…" after CUT_WORDS words.
LEAD_MAX_WORDS = 20
CUT_WORDS = 16
#: Characters of the first paragraph read for its opening sentence.
LEAD_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_NOT_AN_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Col|Lt|Sgt|Capt|Prof|Jr|Sr|Inc|Corp|"
    r"Co|Ltd|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K))\.$")
#: A comma inside a number ("200,000") is no clause boundary.
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d)|;|\s[-–—]\s")
#: Paragraphs read for an opening sentence: furniture and captions may fill the first ones.
LEAD_PARAGRAPHS = 3
#: "The" inside a sentence: where a title run into the text ends ("Charlie
#: Simpson raises thousands for Haiti The seven-year-old boy ..."), unless it follows a
#: preposition or an article ("in The Hague").
_GLUED = re.compile(r"(?<=[\w'’)])\s+(?=(?:The|An)\s+[a-z0-9])")  # not "A": "hepatitis A in"
#: Words a title run into the text has at least ("Haiti quake: aid stalls The ...").
GLUED_MIN_WORDS = 4


def lead_title(text: str) -> str | None:
    """A headline from an article's opening sentence: the sentence without its full stop,
    cut at its last clause boundary within LEAD_MAX_WORDS words when longer (or after
    CUT_WORDS words, marked "…"); None for a text that opens with no sentence."""
    for paragraph in text.strip().split("\n")[:LEAD_PARAGRAPHS]:
        sentence = _opening(strip_furniture(paragraph)[:LEAD_CHARS])
        if sentence is not None:
            return sentence
    return None


def _opening(paragraph: str) -> str | None:
    """The opening sentence of one paragraph, as `lead_title` shows it."""
    end = len(paragraph)
    for match in _SENTENCE_END.finditer(paragraph):
        if not _NOT_AN_END.search(paragraph, max(0, match.start() - 8), match.start()):
            end = match.start()
            break
    sentence = " ".join(paragraph[:end].split()).rstrip(".!")
    glued = _GLUED.search(sentence)
    if glued is not None and (GLUED_MIN_WORDS <= len(sentence[:glued.start()].split()) <= MAX_WORDS
                              and sentence[:glued.start()].split()[-1].lower() not in _STOP):
        sentence = sentence[:glued.start()]  # a title run into the text: "... for Haiti The boy"
    sentence = _cut_tails(sentence)
    if len(sentence.split()) < _MIN_CANDIDATE_WORDS or sentence.endswith("?"):
        return None
    if sentence[:1].islower():  # the text opens mid-sentence ("that the flu, which ..."):
        return None             # a fragment says nothing whole

    return _shorten(sentence)


def _shorten(sentence: str) -> str:
    """A sentence of more than LEAD_MAX_WORDS words cut at its last clause boundary within
    them, else after CUT_WORDS words, marked "…"."""
    if len(sentence.split()) <= LEAD_MAX_WORDS:
        return sentence
    head = " ".join(sentence.split()[:LEAD_MAX_WORDS])
    cuts = [m.start() for m in _CLAUSE.finditer(head) if len(head[:m.start()].split()) >= MIN_WORDS]
    if cuts:
        return head[:cuts[-1]].rstrip()
    kept = sentence.split()[:CUT_WORDS]
    while len(kept) > MIN_WORDS and kept[-1].lower() in ENGLISH_STOP_WORDS:
        kept.pop()  # "... to Haiti and …" reads as "... to Haiti …"
    return " ".join(kept) + " …"


def headline_key(members: Sequence[Article], near_copies: Collection[str] = ()) -> str:
    """A digest of everything `choose_headline` reads but the texts (which an article's id
    fixes): the rule's version and each member's id, title, language, date and copy flag.
    The same key, the same headline: a refresh keeps a stored headline whose key holds."""
    digest = hashlib.sha256(str(HEADLINE_VERSION).encode())
    for a in sorted(members, key=order_key):
        digest.update(repr((a.id, a.title, a.language, a.published, a.id in near_copies)).encode())
    return digest.hexdigest()[:24]
