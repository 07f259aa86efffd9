"""Outputs a person or a program reads: JSON per docs/export.schema.json, Markdown, HTML.

Deterministic: the same store gives the same bytes, apart from `generated_at`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

import jinja2

from storyline import __version__, views
from storyline.model import Article
from storyline.outlets import outlet_label
from storyline.render import markdown_text
from storyline.render.report_view import Anchors, paragraphs, story_view
from storyline.store import Rejection, Store
from storyline.views.records import ANALYSIS_FIELDS, article_record, story_summary

if TYPE_CHECKING:
    from storyline.stories import Story

#: 2: articles carry `source_id` and `text_kind`; `published_from` may be "url"; quotes
#: carry `fragments`; stories carry `truncated`. 3: `redirects`. 4: timeline entries carry
#: `status` ("event" or "planned") (see docs/export.md).
FORMAT_VERSION = 4

__all__ = ["FORMAT_VERSION", "Analyses", "Overview", "article_record", "export_document",
           "overview", "report_articles", "shown_in_full", "story_record", "story_summary",
           "to_html", "to_json", "to_markdown", "write_json"]


#: Story id -> its analysis in the export's shape (`flow.analysis.analyze_stories`).
Analyses = Mapping[str, Mapping[str, Any]]


def story_record(story: Story, analysis: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A story as the export schema describes it: identity and score, then its analysis
    (`storyline.flow.ingest.analyze_stories`); fields without an analysis are empty."""
    analysis = analysis or {}
    return {**story_summary(story), **{f: list(analysis.get(f, ())) for f in ANALYSIS_FIELDS},
            "truncated": list(analysis.get("truncated", ()))}


def export_document(articles: Iterable[Article], stories: Iterable[Story] = (),
                    analyses: Analyses | None = None, *, generated_at: str | None = None,
                    redirects: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The whole export as a JSON-ready dict: articles, stories ranked, then the retired
    story ids with the live stories they resolve to (`views.redirects`)."""
    analyses = analyses or {}
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "generator": f"storyline {__version__}",
        "articles": [article_record(a) for a in articles],
        "stories": [story_record(s, analyses.get(s.id)) for s in stories],
        "redirects": [dict(r) for r in redirects],
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_json(out: TextIO, articles: Iterable[Article], stories: Iterable[Story] = (),
               analyses: Analyses | None = None, *, generated_at: str | None = None,
               redirects: Iterable[Mapping[str, Any]] = ()) -> int:
    """`to_json(export_document(...))`, byte for byte, written as it goes: one article in
    memory at a time, so a store of a million articles exports in constant memory.
    Returns the number of articles written."""
    analyses = analyses or {}
    head = {"format_version": FORMAT_VERSION,
            "generated_at": generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "generator": f"storyline {__version__}"}
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    count = _write_list(out, "articles", (article_record(a) for a in articles), last=False)
    _write_list(out, "stories", (story_record(s, analyses.get(s.id)) for s in stories),
                last=False)
    _write_list(out, "redirects", (dict(r) for r in redirects), last=True)
    out.write("}\n")
    return count


def _write_list(out: TextIO, key: str, records: Iterable[dict[str, Any]], *, last: bool) -> int:
    """One top-level list of the export, in `json.dumps(indent=2)`'s layout."""
    count = 0
    for record in records:
        out.write(f'  "{key}": [\n' if count == 0 else ",\n")
        text = json.dumps(record, ensure_ascii=False, indent=2)
        out.write("\n".join("    " + line for line in text.split("\n")))
        count += 1
    out.write(("\n  ]" if count else f'  "{key}": []') + ("\n" if last else ",\n"))
    return count


@dataclass(frozen=True, kw_only=True)
class Overview:
    """Figures at the top of a report."""

    articles: int
    outlets: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    first: str | None
    last: str | None
    rejected: int


def overview(articles: list[Article], rejections: list[Rejection]) -> Overview:
    dates = sorted(a.published for a in articles if a.published)
    return Overview(
        articles=len(articles),
        outlets=Counter(outlet_label(a.source, a.url) for a in articles).most_common(),
        languages=Counter(a.language or "?" for a in articles).most_common(),
        first=dates[0].isoformat() if dates else None,
        last=dates[-1].isoformat() if dates else None,
        rejected=len(rejections),
    )


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("storyline.render", "templates"),
    autoescape=True,  # every piece of article text is untrusted
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
#: Markdown: article text may carry raw HTML ("<script>"), links and images
#: ("![t](http://evil.example/t.png)"), which Markdown viewers render; every value printed
#: is escaped into text (`markdown_text.escape_markdown`), ids and file names go in code
#: spans (the `code` filter).
_MD_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("storyline.render", "templates"),
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    finalize=markdown_text.finalize,
)
_MD_ENV.filters["code"] = markdown_text.code_span
_MD_ENV.filters["quote_lines"] = markdown_text.quote_lines


def report_articles(store: Store, ranked: Sequence[Story], analyses: Analyses | None
                    ) -> list[Article]:
    """Every article for a report's figures, with its text only where the report shows it
    (the stories `shown_in_full`): a store of 100,000 articles is not read whole."""
    if not ranked:  # no stories yet: a report shows every article
        return list(views.articles(store))
    shown = {i for story in shown_in_full(ranked, analyses) for i in story.article_ids}
    texts = {a.id: a for a in views.articles_by_id(store, sorted(shown))}
    return [texts.get(a.id, a) for a in views.articles(store, text=False)]


def shown_in_full(stories: Sequence[Story], analyses: Analyses | None) -> list[Story]:
    """The stories a report shows in full, with their articles' text: those analysed, or
    every story when none is (the rest are listed a line each)."""
    analyses = analyses or {}
    return [s for s in stories if analyses.get(s.id)] or list(stories)


def _render(template: str, articles: list[Article], rejections: list[Rejection],
            stories: list[Story], analyses: Analyses | None, generated_at: str | None) -> str:
    """Stories with an analysis are shown in full, with the text of their articles; the
    others are listed a line each (a report of 100,000 articles stays readable: the JSON
    export holds everything). Without any analysis, every story and article is shown.
    Only the articles of the stories `shown_in_full` need their text."""
    by_id = {a.id: a for a in articles}
    analyses = analyses or {}
    anchors = Anchors.of(analyses.values())
    full = shown_in_full(stories, analyses)
    shown = {s.id for s in full}
    views = [story_view(s, [by_id[i] for i in s.article_ids if i in by_id], analyses.get(s.id, {}),
                        anchors) for s in full]
    from storyline.stories.rank import outlet_of  # the ranking's count (stories is heavy)

    listed = [(rank, s, len({outlet_of(by_id[i]) for i in s.article_ids if i in by_id}))
              for rank, s in enumerate(stories, start=1) if s.id not in shown]
    if stories:
        members = {i for s in full for i in s.article_ids}
        texts = [a for a in articles if a.id in members]
    else:
        texts = articles
    env = _MD_ENV if template.endswith(".md.j2") else _ENV
    return env.get_template(template).render(
        articles=texts,
        omitted_articles=len(articles) - len(texts),
        stories=views,
        more_stories=listed,
        story_count=len(stories),
        anchors=anchors,
        paragraphs=paragraphs,
        rejections=rejections,
        overview=overview(articles, rejections),
        generated_at=generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        version=__version__,
    )


def to_html(articles: list[Article], rejections: list[Rejection], stories: Sequence[Story] = (),
            analyses: Analyses | None = None, generated_at: str | None = None) -> str:
    """A self-contained HTML report (inline CSS and SVG, no network needed to view it):
    per story its headline, cited summary, timeline picture, quotes by speaker and
    disagreements; citations link to the marked sentence in the source text."""
    return _render("report.html.j2", articles, rejections, list(stories), analyses, generated_at)


def to_markdown(articles: list[Article], rejections: list[Rejection], stories: Sequence[Story] = (),
                analyses: Analyses | None = None, generated_at: str | None = None) -> str:
    """The same report as Markdown (citations name the outlet and date)."""
    return _render("report.md.j2", articles, rejections, list(stories), analyses, generated_at)
