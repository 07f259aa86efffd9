"""What the HTML and Markdown reports show of a story, prepared for the templates.

The templates stay simple (loops and escaping); here: citations numbered per story, each
linking to its sentence in the source text (cited spans are marked there, overlapping
ones sharing the outer mark's anchor), the timeline laid out as a picture, quotes grouped
by speaker, disagreements laid side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.model import Article
from storyline.outlets import outlet_label
from storyline.render.timeline_picture import TimelinePicture, layout
from storyline.views.records import ANALYSIS_FIELDS

if TYPE_CHECKING:
    from storyline.stories import Story

#: The analysis fields of a story, in the export schema's order.

__all__ = ["ANALYSIS_FIELDS", "UNATTRIBUTED", "Anchors", "Segment", "StoryView", "paragraphs",
           "speaker_label", "story_view"]



def _key(evidence: Mapping[str, Any]) -> tuple[str, int, int]:
    return (str(evidence["article"]), int(evidence["start"]), int(evidence["end"]))


def _evidence(record: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """Every span an analysis record cites, in the order a reader meets them."""
    for entry in record.get("summary", ()):
        yield from entry["citations"]
    for entry in record.get("timeline", ()):
        yield from entry["citations"]
    for quote in record.get("quotes", ()):
        yield from quote.get("all_evidence") or [quote["evidence"]]
    for claim in record.get("claims", ()):
        yield claim["evidence"]
    for disagreement in record.get("disagreements", ()):
        for value in disagreement["values"]:
            yield from value["evidence"]


@dataclass
class Anchors:
    """Cited spans per article, made non-overlapping for marking: a span overlapping an
    earlier, longer one links to that one's mark (same sentence region)."""

    marks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    alias: dict[tuple[str, int, int], tuple[str, int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, analyses: Iterable[Mapping[str, Any]]) -> Anchors:
        spans: dict[str, set[tuple[int, int]]] = {}
        for record in analyses:
            for ev in _evidence(record):
                article, start, end = _key(ev)
                if end > start:
                    spans.setdefault(article, set()).add((start, end))
        anchors = cls()
        for article, found in spans.items():
            kept: list[tuple[int, int]] = []
            for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
                if kept and start < kept[-1][1]:
                    anchors.alias[(article, start, end)] = (article, *kept[-1])
                    continue
                kept.append((start, end))
            anchors.marks[article] = kept
        return anchors

    def href(self, evidence: Mapping[str, Any]) -> str:
        """The fragment a citation links to: the mark around its sentence."""
        article, start, end = self.alias.get(_key(evidence), _key(evidence))
        return f"#e-{article}-{start}-{end}"


@dataclass(frozen=True)
class Segment:
    """A run of article text; `marked` when it is (part of) a cited span, `anchor` the id
    a citation links to (on the span's first part)."""

    text: str
    marked: bool = False
    anchor: str | None = None


def paragraphs(article: Article, anchors: Anchors) -> list[list[Segment]]:
    """The article's paragraphs as runs of text, cited spans marked."""
    text = article.text
    marks = anchors.marks.get(article.id, [])
    result: list[list[Segment]] = []
    position = 0
    for block in text.split("\n\n"):
        start, end = position, position + len(block)
        position = end + 2
        runs: list[Segment] = []
        cursor = start
        for m_start, m_end in marks:
            if m_end <= start or m_start >= end:
                continue
            a, b = max(m_start, start), min(m_end, end)
            if a > cursor:
                runs.append(Segment(text[cursor:a]))
            # a mark crossing a paragraph break keeps its anchor on the first part only
            anchor = f"e-{article.id}-{m_start}-{m_end}" if a == m_start else None
            runs.append(Segment(text[a:b], marked=True, anchor=anchor))
            cursor = b
        if cursor < end:
            runs.append(Segment(text[cursor:end]))
        if block.strip():
            result.append(runs)
    return result


@dataclass(frozen=True)
class Citation:
    number: int
    href: str
    outlet: str
    title: str
    published: str | None
    #: the cited words, shortened (the Markdown report shows them; HTML links to them)
    excerpt: str = ""


#: Words of a cited span the Markdown report quotes.
EXCERPT_WORDS = 14


def _excerpt(article: Article | None, start: int, end: int) -> str:
    words = article.text[start:end].split() if article else []
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


@dataclass(frozen=True)
class StoryView:
    story: Story
    members: list[Article]
    record: Mapping[str, Any]
    citations: dict[tuple[str, int, int], Citation]
    quotes_by_speaker: list[tuple[str, list[Mapping[str, Any]]]]
    picture: TimelinePicture | None
    outlet_of: dict[str, str]

    @property
    def outlets(self) -> int:
        """Outlets among the members, near-copies included (the score counts only
        independent ones)."""
        return len({a.source or "unknown outlet" for a in self.members})

    def cite(self, evidence: Mapping[str, Any]) -> Citation:
        return self.citations[_key(evidence)]


UNATTRIBUTED = "Unattributed"
#: A speaker phrase longer than this (characters) is not shown as a label, nor a pronoun.
_MAX_PHRASE = 60
_PRONOUNS = frozenset("he she it they we i you this that these those one".split())


def speaker_label(quote: Mapping[str, Any], by_id: Mapping[str, Article]) -> str:
    """Who a quote is from, for a reader: the speaker found, else the words the article
    uses for them ("Haitian officials", as written: no person is guessed), else
    "Unattributed"."""
    if quote.get("speaker"):
        return str(quote["speaker"])
    for span in quote.get("speaker_spans") or ():
        article = by_id.get(span["article"]) if span else None
        if article is not None:
            phrase = " ".join(article.text[span["start"]:span["end"]].split())
            if phrase and len(phrase) <= _MAX_PHRASE and phrase.casefold() not in _PRONOUNS:
                return f"{phrase[:1].upper()}{phrase[1:]} (as written)"
    return UNATTRIBUTED


def story_view(story: Story, members: list[Article], record: Mapping[str, Any],
               anchors: Anchors) -> StoryView:
    """A story ready to render: citations numbered in reading order."""
    record = {**{f: [] for f in ANALYSIS_FIELDS}, **record}
    by_id = {a.id: a for a in members}
    citations: dict[tuple[str, int, int], Citation] = {}
    for ev in _evidence(record):
        key = _key(ev)
        if key in citations:
            continue
        article = by_id.get(key[0])
        citations[key] = Citation(
            number=len(citations) + 1, href=anchors.href(ev),
            outlet=(article.source if article and article.source else "unknown outlet"),
            title=(article.title if article and article.title else "(untitled)"),
            published=article.published.isoformat() if article and article.published else None,
            excerpt=_excerpt(article, key[1], key[2]))
    speakers: dict[str, list[Mapping[str, Any]]] = {}
    for quote in record.get("quotes", ()):
        speakers.setdefault(speaker_label(quote, by_id), []).append(quote)
    grouped = sorted(speakers.items(), key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]), kv[0]))
    picture = layout(record.get("timeline", ()), story_start=story.first_published,
                     href=anchors.href)
    return StoryView(story=story, members=members, record=record, citations=citations,
                     quotes_by_speaker=grouped, picture=picture,
                     outlet_of={a.id: outlet_label(a.source, a.url) for a in members})
