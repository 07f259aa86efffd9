"""A story's timeline: what happened on which day, each entry cited.

The method is DATEWISE (Gholipour Ghalandari & Ifrim, ACL 2020), the strongest simple method
on the timeline benchmarks, without its supervised date ranker:

1. every sentence gets the date of its first time expression the language layer resolves
   (`storyline.timex`, against the article's publication date) to a day, else a month, else a
   year; durations, sets, "now", weeks, quarters and seasons do not date a sentence, nor does
   a dateline left in the text, nor a date in a forecast, hope, fear, condition or habit ("a
   vaccine could be ready as early as July": `timex.mood`; such a sentence is no entry at
   all), nor one after the article was published unless a plan names it ("will meet on
   Friday"): a plan dates its sentence as "planned", and a sentence naming an event's date
   too takes that one;
2. dates are ranked: first the days the articles name, then months and years named alone,
   then days known only as publication dates; within each, by the sentences naming them
   (those naming their own report day count a quarter) plus one per further article naming
   them; undated lead sentences add a little to their publication day;
3. the candidates for a date are the sentences that name it and the undated lead sentences
   of articles published that day (DATEWISE's "PM-Mean" also takes those of the next day's
   articles: the benchmark's protocol row does, see PUBLICATION_DAYS); after a knee-point cut
   of those weakly related to both kinds, the entries are the sentences whose sum is closest
   to the candidates' TF-IDF centroid (CentroidOpt), among sentences that can stand alone
   and hold one of the story's keywords (its most widespread words);
4. near-identical sentences (syndicated copy, the same wire sentence in several outlets)
   are one entry citing every copy, and a sentence used on one date is not used again;
5. a date's entry tells an event when one of its candidates does; an entry chosen from plans
   alone is marked "planned" (news timelines show scheduled events as upcoming).

All numbers below were set on the six T17 development timelines (`benchmarks/timeline.py`),
with differences between settings of a few thousandths: treat them as sensible, not tuned.
The benchmark also chooses the main ones leave-one-topic-out (TimelineSettings over a grid):
held out, date F1 is 0.703 under the protocol against 0.707 in-sample; every fold chose
BACKGROUND_DAYS = 30 and, in the open setting, SAME_DAY_WEIGHT = 0.25.

A timeline should be built from one story (or a topic's stories: `flow.focus`), not from a
pile gathered by keywords, whose off-topic articles bring their own dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.analyze.summary_sentences import ENDS as _ENDS
from storyline.analyze.summary_sentences import boilerplate
from storyline.clean.boilerplate import furniture_end
from storyline.clean.dateline import parse_dateline
from storyline.language.sentences import repair_starts
from storyline.model import Article, EntryGranularity, EntryStatus, Span, TimelineEntry, TimeRef
from storyline.timex import entry_stamps, find_timerefs
from storyline.timex.items import ItemStamp, item_stamps
from storyline.timex.mood import Mood, mood_around

__all__ = ["BACKGROUND_DAYS", "Prepared", "TimelineSettings", "background_start",
           "build_timeline", "prepare", "split_sentences_fast"]

#: Undated sentences counted for their article's publication date: the first few (the lead
#: tells what the article reports; DATEWISE takes 5, 10 scored 0.004 ROUGE-1 better under
#: the protocol, 0.018 in the open setting).
LEAD_SENTENCES = 10
#: Days an undated lead sentence may stand for, counting back from its publication day.
#: DATEWISE takes 2 (the day before too: news reports yesterday), which the benchmark's
#: protocol row keeps; a reader's timeline takes 1: an entry shown under a day it does not
#: name is a guess, and "unless that is all we know" the report day is what we know.
PUBLICATION_DAYS = 1
DATEWISE_PUBLICATION_DAYS = 2
#: Weight of one undated lead sentence in the rank of its publication date, against 1 for a
#: sentence that names the date: enough to order dates nobody names, too little to outrank one.
PUBLICATION_WEIGHT = 0.1
#: Extra weight per further article naming a date (beyond its sentences).
ARTICLE_WEIGHT = 1.0
#: Weight of a sentence naming its own article's publication day ("today", "on Tuesday" in
#: Tuesday's paper), against 1 for an earlier day: looking back marks what mattered, and the
#: report day is not the event's (T17 open setting: date F1 0.533 -> 0.600; protocol -0.008).
SAME_DAY_WEIGHT = 0.25
#: Days after publication a date may lie and still date a sentence as an event (a dateline
#: a day ahead of the publication date is common); a plan's date may lie further ahead.
FUTURE_DAYS = 1
#: How far ahead a plan's date may lie and still date a sentence ("will meet on Friday",
#: "the vote is due in March"): a year; a plan further off is no item of this story's
#: timeline, and a plan for a whole year ("will be held in 2012") schedules nothing.
PLAN_DAYS = 366
#: Two sentences are copies of each other when their word sets overlap this much (Jaccard).
NEAR_COPY = 0.8
#: An entry sentence holds one of the story's this many most widespread words (by the
#: number of articles using them): DATEWISE's topic-keyword filter, with keywords read off
#: the story itself. 0 turns it off.
KEYWORDS = 5
#: Stories of at least this many articles use only sentences with a keyword (see `_summarise`).
KEYWORD_ARTICLES = 20
#: Words (whitespace tokens) an entry sentence may have: shorter ones are captions and
#: fragments, longer ones run-ons.
MIN_WORDS = 6
MAX_WORDS = 60

#: Days before the story's first article an entry may lie and still be the story's: older
#: dates are background ("the singer, born in 1958"; about 19% of the entries on T17 dev
#: lay more than a year before their story) and are left out unless asked for. Chosen
#: leave-one-topic-out on T17 dev among 30 days, 365 days and none: every fold chose 30
#: (`benchmarks/timeline.py`).
BACKGROUND_DAYS = 30


@dataclass(frozen=True, kw_only=True)
class TimelineSettings:
    """The timeline's tuned numbers in one value, so a benchmark can choose them held out
    (defaults: the module constants above, which say how each was set)."""

    lead_sentences: int = LEAD_SENTENCES
    publication_weight: float = PUBLICATION_WEIGHT
    same_day_weight: float = SAME_DAY_WEIGHT
    keywords: int = KEYWORDS
    #: None keeps background of any age.
    background_days: int | None = BACKGROUND_DAYS


_PROPOSAL = re.compile(r"""[.!?…]+["'”’)\]]*(?:[ \t]+(?:''|”|’)(?=\s|$))*\s+""")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)$")
_YEAR = re.compile(r"(\d{4})$")
# Function words, calendar words, agency names and the bracket tokens of tokenised corpora
# (-LRB-) carry no event: left out of TF-IDF, keywords and copy detection.
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say told according would could may might must shall also one two new last first
year years month months week weeks day days today yesterday tomorrow ago time times
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december jan feb mar apr jun jul aug sep sept
oct nov dec morning evening night afternoon
lrb rrb lsb rsb lcb rcb reuters afp ap tass
""".split())


@dataclass(frozen=True, kw_only=True)
class _Sentence:
    """One sentence of one article and the date it names (or its article's, `named=False`)."""

    index: int
    article: int
    span: Span
    text: str
    position: int
    date: str | None
    granularity: EntryGranularity | None
    published: dt.date | None
    #: The date is that of a plan ("will meet on Friday"), not of an event.
    planned: bool = False
    #: Undated, but names the date of a forecast, condition or habit: no entry, whatever day
    #: it might stand for ("a vaccine could be ready as early as July").
    speculative: bool = False


@dataclass(frozen=True, kw_only=True)
class _Date:
    """A candidate entry date: ISO text, granularity and rank score."""

    value: str
    granularity: EntryGranularity
    score: float


def split_sentences_fast(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a boundary after ".", "!" or "?" and space, vetoed by
    the language layer's repair rules ("Mr.", "Jan. 12", "U.S. had"); a line break always
    ends one. Cheap enough for stories of thousands of articles without spaCy."""
    return repair_starts(text, (m.end() for m in _PROPOSAL.finditer(text)))


def build_timeline(articles: Sequence[Article], *, max_dates: int | None = None, per_date: int = 1,
                   sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                   span: tuple[dt.date, dt.date] | None = None,
                   publication_days: int = PUBLICATION_DAYS,
                   settings: TimelineSettings | None = None,
                   prepared: Prepared | None = None,
                   timerefs: Mapping[str, Sequence[TimeRef]] | None = None
                   ) -> list[TimelineEntry]:
    """The story's timeline: up to `max_dates` dates (all when None), each with up to
    `per_date` entries, sorted by date; an entry cites every copy of its sentence.

    `sentences` gives sentence spans per article id (the language layer's); articles without
    them are split by `split_sentences_fast`. `span` (first, last day) keeps only the days,
    months and years that overlap it (the benchmark protocol gives the reference's span).
    `publication_days`: see PUBLICATION_DAYS. Dates more than `settings.background_days`
    before the first article are background and left out (see `background_start`).
    `prepared`: `prepare(articles, sentences)` made once, to build several timelines of the
    same articles (a benchmark trying settings). `timerefs` (article id ->
    `find_timerefs(article.text, article.published)`, which the article's claims read)
    spare reading them again (see `prepare`).
    """
    settings = settings or TimelineSettings()
    if per_date < 1 or (max_dates is not None and max_dates < 1):
        return []
    read = prepared if prepared is not None else prepare(articles, sentences, timerefs)
    units, tokens, vectors, copies, eligible = (read.units, read.tokens, read.vectors,
                                                read.copies, read.eligible)
    if not units:
        return []
    keywords = _keywords(units, tokens, settings.keywords)
    on_topic = [not keywords.isdisjoint(words) for words in tokens]
    planned = [unit.planned for unit in units]
    named, published = _candidates(units, publication_days, settings.lead_sentences)
    start = background_start(articles, settings.background_days)
    used: set[int] = set()
    entries: list[tuple[str, int, TimelineEntry]] = []
    dates = 0
    for date in _rank_dates(units, named, published, settings):
        if span is not None and not _overlaps(date.value, span):
            continue
        if start is not None and _ends_before(date.value, start):
            continue
        if max_dates is not None and dates >= max_dates:
            break
        chosen = _summarise(named.get(date.value, []), published.get(date.value, []), vectors,
                            eligible, on_topic, used, copies, per_date,
                            hard_topic=len(articles) >= KEYWORD_ARTICLES,
                            planned=planned)
        if not chosen:
            continue
        dates += 1
        for order, index in enumerate(chosen):
            group = copies.copies(index)
            used.update(group)
            citations = tuple(sorted((units[i].span for i in group),
                                     key=lambda s: (s.article_id, s.start)))
            status: EntryStatus = "planned" if units[index].planned else "event"
            entries.append((date.value, order, TimelineEntry(
                date=date.value, granularity=date.granularity, text=units[index].text,
                citations=citations, status=status)))
    entries.sort(key=lambda e: (e[0], e[1]))
    return [entry for _, _, entry in entries]


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """What a timeline reads of its articles whatever its settings: dated sentences, their
    words, TF-IDF vectors, copies and whether each can stand as an entry."""

    units: list[_Sentence]
    tokens: list[list[str]]
    vectors: list[Vector]
    copies: _CopyIndex
    eligible: list[bool]


def prepare(articles: Sequence[Article],
            sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
            timerefs: Mapping[str, Sequence[TimeRef]] | None = None) -> Prepared:
    """The settings-free reading of `articles` (see `Prepared`). `timerefs` gives an
    article's time references as read against its publication date (those its claims
    read): used for an article read whole against that date, the usual case; a page of
    separately dated items (`item_stamps`) has each item read against its own date."""
    units = _dated_sentences(articles, sentences or {}, timerefs or {})
    tokens = [_tokens(u.text) for u in units]
    return Prepared(units=units, tokens=tokens, vectors=_tfidf(tokens), copies=_CopyIndex(tokens),
                    eligible=[_fit(u.text) and not u.speculative for u in units])


def background_start(articles: Sequence[Article], background_days: int | None) -> dt.date | None:
    """The first day an entry may fall on: `background_days` before the story's first
    article (None when background is kept or no article is dated)."""
    dates = [_as_date(a.published) for a in articles if a.published is not None]
    if background_days is None or not dates:
        return None
    return min(d for d in dates if d is not None) - dt.timedelta(days=background_days)


def _ends_before(value: str, start: dt.date) -> bool:
    """Whether an ISO day, month or year ends before `start`."""
    return value < start.isoformat()[:len(value)]


# -- sentences and their dates ------------------------------------------------------------------


def _dated_sentences(articles: Sequence[Article],
                     given: Mapping[str, Sequence[tuple[int, int]]],
                     known: Mapping[str, Sequence[TimeRef]]) -> list[_Sentence]:
    units: list[_Sentence] = []
    for number, article in enumerate(articles):
        text = article.text
        spans = given.get(article.id)
        bounds = [(s, e) for s, e in (spans if spans is not None else split_sentences_fast(text))
                  if e > s and text[s:e].strip()]
        cut = _dateline_end(text)
        stamps = entry_stamps(text)  # a live blog's "1537 ..." opens no entry
        marks = item_stamps(text)  # a page of dated items: each dated by its own stamp
        items = _items(text, article.published, marks)
        bounds = [_trim(text, max(s, cut, _item_end(marks, s)), e) for s, e in bounds if e > cut]
        bounds = [(stamps.get(s, s), e) for s, e in bounds]
        bounds = [(s, e) for s, e in bounds if e > s and not boilerplate(text[s:e])]
        starts = [s for s, _ in bounds]
        first: dict[int, _Point] = {}
        speculative: set[int] = set()  # sentences naming the date of a forecast or condition
        for item_start, item_end, anchor in items:
            for ref in _timerefs(text, item_start, item_end, anchor, known.get(article.id),
                                 article.published):
                where = bisect.bisect_right(starts, ref.start + item_start) - 1
                if where < 0 or ref.start + item_start >= bounds[where][1]:
                    continue
                if ref.type not in ("DATE", "TIME") or not ref.value:
                    continue
                mood = _mood(text, item_start, ref, anchor)
                if mood not in ("actual", "planned"):
                    speculative.add(where)
                    continue
                point = _dating(ref, anchor, planned=mood == "planned")
                if point is not None and _finer(point, first.get(where)):
                    first[where] = point
        for position, (start, end) in enumerate(bounds):
            point = first.get(position)
            units.append(_Sentence(
                index=len(units), article=number, span=Span(article_id=article.id, start=start, end=end),
                text=text[start:end], position=position,
                date=point.value if point else None, granularity=point.granularity if point else None,
                published=_as_date(_anchor_at(items, start)), planned=bool(point and point.planned),
                speculative=point is None and position in speculative))
    return units


_Item = tuple[int, int, "dt.date | None"]


def _timerefs(text: str, start: int, end: int, anchor: dt.date | None,
              known: Sequence[TimeRef] | None, published: dt.date | None) -> Sequence[TimeRef]:
    """The time references of `text[start:end]` read against `anchor`: `known` (those of
    the whole text read against `published`) when that is the same call, else read here."""
    if known is not None and start == 0 and end == len(text) and anchor == published:
        return known
    return find_timerefs(text[start:end], anchor)


def _items(text: str, published: dt.date | None, stamps: Sequence[ItemStamp]) -> list[_Item]:
    """(start, end, anchor) of each part of `text` dated on its own: the whole text with
    its publication date, or, on a page of stamped items (`item_stamps`), the part before
    the first stamp with the page's date and each item (stamp included) with its stamp's."""
    if not stamps:
        return [(0, len(text), published)]
    parts: list[_Item] = [(0, stamps[0].start, published)] if stamps[0].start > 0 else []
    for stamp, after in zip(stamps, [*stamps[1:], None], strict=True):
        parts.append((stamp.start, after.start if after is not None else len(text), stamp.date))
    return parts


def _item_end(stamps: Sequence[ItemStamp], position: int) -> int:
    """Where an item's stamp ends, when `position` lies in it (a stamp opens no sentence)."""
    for stamp in stamps:
        if stamp.start <= position < stamp.end:
            return stamp.end
    return position


def _anchor_at(items: Sequence[_Item], position: int) -> dt.date | None:
    """The date of the part of the text `position` lies in."""
    for start, end, anchor in items:
        if start <= position < end:
            return anchor
    return items[-1][2] if items else None


def _dateline_end(text: str) -> int:
    """Length of a dateline still heading the text ("MOSCOW, January 12. /TASS/."): its date
    is the report's, not an event's. Cleaning cuts datelines; texts from elsewhere may not."""
    skip = furniture_end(text)  # "TOKYO | Tue Mar 15, 2011 11:40 pm GMT" before it
    dateline, rest = parse_dateline(text[skip:])
    if dateline is None or not rest or not text.endswith(rest):
        return skip
    return len(text) - len(rest)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _as_date(value: dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class _Point:
    """The date a sentence names: ISO value, granularity, and whether a plan names it."""

    value: str
    granularity: EntryGranularity
    planned: bool


def _finer(point: _Point, held: _Point | None) -> bool:
    """A sentence keeps its first day; a month or year only until a day turns up; an event's
    date before a plan's ("announced on Monday that it will vote on Friday" is Monday's)."""
    return held is None or (point.planned, _RANK[point.granularity]) < (
        held.planned, _RANK[held.granularity])


def _mood(text: str, offset: int, ref: TimeRef, published: dt.date | None) -> Mood:
    """Whether `ref` (found at `offset` in `text`, its value set) dates an event, a plan, a
    forecast, a condition or a habit (`timex.mood`)."""
    when = _as_date(published)
    value = (ref.value or "")[:10]
    ahead = None if when is None else value > when.isoformat()[:len(value)]
    return mood_around(text, offset + ref.start, offset + ref.end, ahead=ahead)


def _dating(ref: TimeRef, published: dt.date | None, *, planned: bool) -> _Point | None:
    """The date `ref` gives its sentence, if any: an event's up to FUTURE_DAYS after
    publication, a plan's (a day or a month) up to PLAN_DAYS after."""
    if not planned:
        point = _point(ref, published)
    else:
        point = _point(ref, published, days=PLAN_DAYS)
        if point is not None and point[1] == "year":
            return None
    return _Point(point[0], point[1], planned) if point is not None else None


def _point(ref: TimeRef, published: dt.date | None, days: int = FUTURE_DAYS
           ) -> tuple[str, EntryGranularity] | None:
    """The calendar day, month or year a DATE or TIME reference names, if it lies at most
    `days` after `published`."""
    if ref.type not in ("DATE", "TIME") or not ref.value:
        return None
    limit = _as_date(published) + dt.timedelta(days=days) if published else None
    if m := _DAY.match(ref.value):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return None if limit and day > limit else (day.isoformat(), "day")
    if m := _MONTH.match(ref.value):
        month = dt.date(int(m[1]), int(m[2]), 1) if 1 <= int(m[2]) <= 12 else None
        return None if month is None or (limit and month > limit) else (ref.value, "month")
    if m := _YEAR.match(ref.value):
        return None if limit and int(m[1]) > limit.year else (ref.value, "year")
    return None


def _overlaps(value: str, span: tuple[dt.date, dt.date]) -> bool:
    """Whether an ISO day, month ("2009-05") or year ("2009") overlaps [first, last]."""
    first, last = span
    return first.isoformat()[:len(value)] <= value <= last.isoformat()[:len(value)]


_QUOTE_START = ("\"", "“", "``", "'", "‘")


def _fit(text: str) -> bool:
    """Whether a sentence can stand as an entry: a statement of reasonable length starting
    like a sentence and ending with a full stop, not a question, a quotation (what was said
    is not an event), a caption, a headline or page chrome (the summary's tests)."""
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        return False
    if text.rstrip("\"'”’) ").endswith("?") or text.startswith(_QUOTE_START):
        return False
    if not _ENDS.search(text) or boilerplate(text):
        return False  # a caption, headline or byline; page chrome ("Photo: ...", links)
    return text[0].isupper() or text[0].isdigit()


# -- ranking dates ----------------------------------------------------------------------------


def _candidates(units: Sequence[_Sentence], publication_days: int, lead_sentences: int
                ) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Sentences naming each date, and each day's undated lead sentences (PM-Mean): those of
    articles published that day, then those of articles published the day after."""
    named: dict[str, list[int]] = defaultdict(list)
    published: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        if unit.date is not None:
            named[unit.date].append(unit.index)
        elif unit.published is not None and unit.position < lead_sentences:
            for back in range(publication_days):
                published[(unit.published - dt.timedelta(days=back)).isoformat()].append(unit.index)
    return named, published


def _rank_dates(units: Sequence[_Sentence], named: Mapping[str, list[int]],
                published: Mapping[str, list[int]], settings: TimelineSettings) -> list[_Date]:
    """Days the articles name first, then months and years named alone, then days known only
    as publication dates; within each, by weighted mentions (more articles, higher)."""
    scores: dict[str, float] = defaultdict(float)
    granularity: dict[str, EntryGranularity] = {}
    for value, members in named.items():
        articles = len({units[i].article for i in members})
        sentences = sum(settings.same_day_weight
                        if units[i].published and units[i].published.isoformat() == value
                        else 1.0 for i in members)
        scores[value] += sentences + ARTICLE_WEIGHT * (articles - 1)
        granularity[value] = units[members[0]].granularity or "day"
    for value, members in published.items():
        # a lead counts a little less for the day before its publication day: ties go to
        # the day it was published (0.5 cost 0.005 ROUGE-1 on T17)
        scores[value] += settings.publication_weight * sum(
            1.0 if units[i].published and units[i].published.isoformat() == value else 0.9
            for i in members)
        granularity.setdefault(value, "day")
    for unit in units:
        # a plan in a lead is news of its report day too ("the trial, due to open on 24
        # March, will now begin on 9 May"): it counts for that day as an undated lead would,
        # though it is no entry of that day (T17 open setting: date F1 0.621 -> 0.626)
        if unit.planned and unit.published is not None and unit.position < settings.lead_sentences:
            day = unit.published.isoformat()
            scores[day] += settings.publication_weight
            granularity.setdefault(day, "day")

    def tier(value: str) -> int:
        return 0 if value in named and granularity[value] == "day" else 1 if value in named else 2

    ranked = sorted(scores.items(), key=lambda item: (tier(item[0]), -item[1], item[0]))
    return [_Date(value=v, granularity=granularity[v], score=s) for v, s in ranked]


# -- choosing the sentences of a date ---------------------------------------------------------------


Vector = dict[str, float]


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _keywords(units: Sequence[_Sentence], tokens: Sequence[list[str]], count: int) -> frozenset[str]:
    """The `count` words the most articles use (ties by word, for a stable choice)."""
    if count <= 0:
        return frozenset()
    per_article: dict[int, set[str]] = defaultdict(set)
    for unit, words in zip(units, tokens, strict=True):
        per_article[unit.article].update(w for w in words if not w.isdigit())
    df: Counter[str] = Counter()
    for words in per_article.values():
        df.update(words)
    return frozenset(w for w, _ in sorted(df.items(), key=lambda item: (-item[1], item[0]))[:count])


def _tfidf(documents: Sequence[list[str]]) -> list[Vector]:
    """Unit-length TF-IDF vectors (smoothed idf, as scikit-learn's TfidfVectorizer)."""
    df: Counter[str] = Counter()
    for words in documents:
        df.update(set(words))
    n = len(documents)
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    vectors = []
    for words in documents:
        vector = {w: c * idf[w] for w, c in Counter(words).items()}
        vectors.append(_unit(vector))
    return vectors


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _mean(vectors: Iterable[Vector]) -> Vector:
    total: Vector = defaultdict(float)
    count = 0
    for vector in vectors:
        count += 1
        for w, v in vector.items():
            total[w] += v
    return {w: v / count for w, v in total.items()} if count else {}


def _summarise(named: Sequence[int], published: Sequence[int], vectors: Sequence[Vector],
               eligible: Sequence[bool], on_topic: Sequence[bool], used: set[int], copies: _CopyIndex,
               k: int, hard_topic: bool, planned: Sequence[bool]) -> list[int]:
    """Up to `k` sentences for one date: DATEWISE's PM-Mean candidates, knee-point cut, then
    the summary closest to their centroid (CentroidOpt), no two copies of one sentence;
    only sentences holding a story keyword in a large story (`hard_topic`: a date with none
    is passed over, as DATEWISE does), such sentences first in a small one, whose keywords
    say less; sentences telling an event before those telling a plan for the date."""
    pool = list(dict.fromkeys([*named, *published]))
    if named and published:
        a, b = _mean(vectors[i] for i in named), _mean(vectors[i] for i in published)
        centre = _unit({w: a[w] + b[w] for w in a.keys() & b.keys()})
        sims = [_dot(centre, vectors[i]) for i in pool]
        threshold = sorted(sims, reverse=True)[_knee(sorted(sims, reverse=True))]
        kept = [i for i, s in zip(pool, sims, strict=True) if s > 0 and s > threshold]
        pool = kept or pool
    centroid = _unit(_mean(vectors[i] for i in pool))
    choices = [i for i in pool if eligible[i] and i not in used and vectors[i]]
    if hard_topic:
        choices = [i for i in choices if on_topic[i]]
    else:
        choices = [i for i in choices if on_topic[i]] or choices
    choices = [i for i in choices if not planned[i]] or choices
    chosen: list[int] = []
    summary: Vector = {}
    taken: set[int] = set()
    while choices and len(chosen) < k:
        best, best_score = -1, -1.0
        for i in choices:
            if i in taken:
                continue
            merged = dict(summary)
            for w, v in vectors[i].items():
                merged[w] = merged.get(w, 0.0) + v
            score = _dot(_unit(merged), centroid)
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        taken.update(copies.copies(best))
        for w, v in vectors[best].items():
            summary[w] = summary.get(w, 0.0) + v
    return chosen


def _knee(values: Sequence[float]) -> int:
    """Index of the point farthest from the line joining the first and last of a falling
    curve (the cut DATEWISE takes between related and unrelated candidates)."""
    n = len(values)
    if n < 3:
        return n - 1
    dx, dy = n - 1, values[-1] - values[0]
    norm = math.hypot(dx, dy)
    best, best_distance = 0, -1.0
    for i, v in enumerate(values):
        distance = abs(dy * i - dx * (v - values[0])) / norm
        if distance > best_distance:
            best, best_distance = i, distance
    return best


# -- copies -------------------------------------------------------------------------------------


class _CopyIndex:
    """Finds the near-copies of a sentence (word-set Jaccard >= NEAR_COPY) through an
    inverted index: a copy of a sentence of n distinct words misses at most a fifth of them,
    so it holds one of the sentence's n // 5 + 1 rarest words, and only their postings are
    compared."""

    def __init__(self, documents: Sequence[list[str]]) -> None:
        self._sets = [frozenset(words) for words in documents]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for index, words in enumerate(self._sets):
            for word in words:
                self._postings[word].append(index)
        self._cache: dict[int, tuple[int, ...]] = {}

    def copies(self, index: int) -> tuple[int, ...]:
        """`index` and every sentence that is a near-copy of it."""
        if index in self._cache:
            return self._cache[index]
        words = self._sets[index]
        if not words:
            return (index,)
        rare = sorted(words, key=lambda w: (len(self._postings[w]), w))
        probe = rare[: math.floor(len(words) * (1 - NEAR_COPY) + 1e-9) + 1]
        seen = {j for w in probe for j in self._postings[w]}
        found = tuple(sorted(j for j in seen if j == index or _jaccard(words, self._sets[j]) >= NEAR_COPY))
        self._cache[index] = found
        return found


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
