"""One story analysed: its entities, quotes, claims, disagreements, timeline and summary.

`analyze_story` runs the language layer once over the story's articles (entities are
merged within the story, so "Bush" is not joined to another story's Bush), then each
analysis stage; `report_record` turns the result into the export schema's shape, which
the JSON export, the reports and the store's cache share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.model import (
    Article,
    CitedText,
    Claim,
    Disagreement,
    Quote,
    Span,
    TimelineEntry,
    TimeRef,
)

if TYPE_CHECKING:
    from storyline.language import DocumentFacts, Entity

__all__ = ["ANALYSIS_VERSION", "TIMELINE_DATES", "StoryReport", "analysis_key", "analyze_story",
           "report_record", "role_labels", "span_record"]

#: Bumped whenever a stage's output changes, so cached analyses are recomputed.
#: 19: truncated articles listed; background and boilerplate out of timelines and summaries.
#: 20: mixed quotes with their fragments, wider cues, unattributed direct quotes.
#: 21: quotes relayed by an agency credited to the person quoted; mixed quotes' boundaries;
#:     first names kept on their own person's name.
#: 22: (with 21, merged) claims read the language layer's parse of the whole article (in
#:     context), not a second parse of each claim sentence alone.
#: 23: timeline entries carry a status (event or planned); forecasts and conditions date none.
#: 24: roles keep the case of their names and acronyms ("WHO chief"); one quote is never
#:     given two people's words or one of several speakers ("A and B said", "of X and Y
#:     Hospital", "A said X and B said Y"); "the WHO" speaks; agencies relay.
#: 25: a statement hung on an action is its subject's ("X closed the road, saying ...");
#:     "In a statement, ..." is no statement.
#: 26: names listed before an "and" all speak ("Tito, Jackie and Marlon Jackson said").
ANALYSIS_VERSION = 26
#: Dates a story's timeline shows at most (a reader scans a dozen; the CLI's `timeline`
#: takes any number).
TIMELINE_DATES = 12


@dataclass(frozen=True, kw_only=True)
class StoryReport:
    """Everything a reader is shown about one story, each fact with its evidence."""

    story_id: str
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    disagreements: tuple[Disagreement, ...]
    timeline: tuple[TimelineEntry, ...]
    summary: tuple[CitedText, ...]


def analysis_key(article_ids: Sequence[str]) -> str:
    """What a cached analysis depends on: the member articles (ids hash their text) and
    the analysis version."""
    digest = hashlib.sha256(f"v{ANALYSIS_VERSION}\n".encode())
    for article_id in sorted(article_ids):
        digest.update(article_id.encode() + b"\n")
    return digest.hexdigest()[:32]


def analyze_story(story_id: str, articles: Sequence[Article], *,
                  facts: Mapping[str, DocumentFacts] | None = None,
                  claims: Mapping[str, Sequence[Claim]] | None = None,
                  timerefs: Mapping[str, Sequence[TimeRef]] | None = None) -> StoryReport:
    """Analyse the articles of one story (near-copies included: they count as evidence).

    `facts` (article id -> what the language model read in it) and `claims` (article id
    -> its claims, `article_claims`), say from the store's cache, spare reading those
    articles again; the others are read. `timerefs` (article id -> `article_timerefs`, what
    its claims read) spare the timeline reading them again; an article whose claims are
    read here has them read once for both."""
    from storyline.analyze.article_claims import article_claims, article_timerefs
    from storyline.analyze.disagreements import find_disagreements
    from storyline.analyze.quotes import find_quotes, story_quotes
    from storyline.analyze.summary import summarize
    from storyline.analyze.timeline import build_timeline
    from storyline.language import RoleIndex, analyze, read_facts

    articles = sorted(articles, key=_reported)  # first report first: it leads a merged quote
    known = facts or {}
    missing = [a for a in articles if a.id not in known]
    read = dict(zip([a.id for a in missing], read_facts([a.text for a in missing]), strict=True))
    article_facts = {a.id: known.get(a.id) or read[a.id] for a in articles}
    language = analyze([(a.id, a.text) for a in articles],
                       facts=[article_facts[a.id] for a in articles])
    entities = language.entities
    sentences = {a.id: [(s.start, s.end) for s in language.article(a.id).sentences]
                 for a in articles}
    # quotes, claims and dates are read by English rules and models; the summary is not
    english = [a for a in articles if a.language in (None, "en")]
    roles = RoleIndex.of(entities)  # once for the story: every article's quotes use it
    quotes = story_quotes([find_quotes(a.text, language.article(a.id), entities, article_id=a.id,
                                       roles=roles)
                           for a in english])
    stated = claims or {}
    refs = dict(timerefs or {})
    for article in english:
        if article.id not in stated and article.id not in refs:
            refs[article.id] = article_timerefs(article)
    found = [claim for a in english for claim in (
        stated[a.id] if a.id in stated else article_claims(a, article_facts[a.id],
                                                           refs=refs[a.id]))]
    return StoryReport(
        story_id=story_id,
        entities=tuple(sorted(entities, key=lambda e: (-e.mentions, e.name, e.id))),
        quotes=tuple(quotes),
        claims=tuple(found),
        disagreements=tuple(find_disagreements(
            found, published={a.id: a.published for a in articles})),
        timeline=tuple(build_timeline(english, max_dates=TIMELINE_DATES, per_date=1,
                                      sentences=sentences, timerefs=refs)),
        summary=tuple(summarize(_main_language(articles), sentences=sentences)),
    )


def _main_language(articles: Sequence[Article]) -> list[Article]:
    """The articles in the story's most common language (undetected counts as English), so
    a summary never switches language mid-way; ties go to English, then alphabetically."""
    counts = Counter(a.language or "en" for a in articles)
    main = min(counts, key=lambda lang: (-counts[lang], lang != "en", lang))
    return [a for a in articles if (a.language or "en") == main]


def _reported(article: Article) -> tuple[bool, dt.date, str]:
    """Publication order, undated last, ties by id (so the order never depends on input)."""
    return (article.published is None, article.published or dt.date.min, article.id)


def span_record(span: Span) -> dict[str, Any]:
    """A span as the export schema's `evidence`."""
    return {"article": span.article_id, "start": span.start, "end": span.end}


def role_labels(entity: Entity) -> list[str]:
    """An entity's roles as a reader is shown them, one per role however often written
    ("WHO chief", not "who chief"; the spelling written most often, then first)."""
    spellings: dict[str, Counter[str]] = {}
    for role in entity.roles:
        spellings.setdefault(role.text, Counter())[role.label] += 1
    return sorted((counts.most_common(1)[0][0] for counts in spellings.values()),
                  key=lambda label: (label.casefold(), label))


def report_record(report: StoryReport) -> dict[str, Any]:
    """The analysis fields of a story in the export schema's shape (plus extra fields:
    every piece of evidence where the schema wants the first)."""
    names = {e.id: e.name for e in report.entities}
    return {
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                      "mentions": e.mentions,
                      "roles": role_labels(e)}
                     for e in report.entities],
        "quotes": [{"speaker": names.get(q.speaker_entity, q.speaker) if q.speaker_entity
                    else q.speaker,
                    "speaker_entity": q.speaker_entity, "text": q.text, "kind": q.kind,
                    "cue": q.cue, "evidence": span_record(q.evidence[0]),
                    "all_evidence": [span_record(s) for s in q.evidence],
                    "speaker_spans": [span_record(s) if s else None for s in q.speaker_spans],
                    "fragments": [span_record(s) for s in q.fragments]}
                   for q in report.quotes if q.evidence],
        "claims": [{"subject": c.subject, "attribute": c.attribute, "kind": c.kind,
                    "value": c.value, "text": c.text, "evidence": span_record(c.evidence)}
                   for c in report.claims],
        "disagreements": [{"subject": d.subject, "attribute": d.attribute, "kind": d.kind,
                           "values": [{"value": v.value, "text": v.text,
                                       "articles": list(v.articles),
                                       "evidence": [span_record(s) for s in v.evidence]}
                                      for v in d.values]}
                          for d in report.disagreements],
        "timeline": [{"date": t.date, "granularity": t.granularity, "status": t.status,
                      "text": t.text, "citations": [span_record(s) for s in t.citations]}
                     for t in report.timeline if t.citations],
        "summary": [{"text": s.text, "citations": [span_record(c) for c in s.citations]}
                    for s in report.summary if s.citations],
    }
