"""Commands over files given on the command line, without the store: inspect one file;
the timeline or summary of a pile's main story (or of named stories, or of the whole pile)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from storyline.analyze.quotes import quotes_for_inspect
from storyline.clean import clean_document, resolve_pending
from storyline.clean.dates import YearContext, parse_date
from storyline.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    err,
    handle_errors,
    main,
    one_line,
    out,
    outlet_label,
    print_drops,
    printable,
)
from storyline.errors import UsageError
from storyline.flow.ingest import plan
from storyline.language import analyze, mentions_for_inspect
from storyline.model import Article, Drop, PendingYear
from storyline.quantities import find_quantities
from storyline.render.export import article_record
from storyline.settings import from_env
from storyline.sources import read_file
from storyline.timex import find_timerefs


def language_fields(article: Article) -> dict[str, Any]:
    """What the language layer reads in an article, shaped as CLI.md's `inspect` says."""
    language = analyze([("inspect", article.text)])  # read once for mentions and quotes
    return {
        **mentions_for_inspect(article.text, language),
        "timerefs": [
            {"text": ref.text, "start": ref.start, "end": ref.end, "type": ref.type,
             "value": ref.value, "granularity": ref.granularity}
            for ref in find_timerefs(article.text, article.published)
        ],
        "quantities": [
            {"text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "value": q.value,
             "low": q.low, "high": q.high, "unit": q.unit, "counted": q.counted,
             "approximate": q.approximate}
            for q in find_quantities(article.text)
        ],
        "quotes": quotes_for_inspect(article.text, language),
    }

@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) to use when "
              "the file carries none; the anchor for relative dates.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def inspect(file: str, published: str | None, as_json: bool) -> None:
    """What storyline sees in one file, without storing it.

    Prints one JSON object per article (an array when the file holds several).

    \b
    Example:
      storyline inspect examples/tass-withdrawal.txt --json
    """
    anchor = parse_date(published) if published else None
    if published and anchor is None:
        raise UsageError(f"--published {published!r} is not a date; use YYYY-MM-DD")
    found = plan([Path(file)])
    item = found[0]
    if isinstance(item, Drop):
        print_drops([item])
        sys.exit(EXIT_USAGE)
    settings = from_env()
    records, drops = [], []
    for raw in read_file(item, max_input_bytes=settings.max_input_bytes,
                         max_record_bytes=settings.max_record_bytes):
        result = raw if isinstance(raw, Drop) else clean_document(raw)
        if isinstance(result, Drop):
            drops.append(result)
            continue
        if isinstance(result, PendingYear):
            result = resolve_pending(result, [anchor] if anchor else [])
        if result.published is None and anchor is not None:
            result = replace(result, published=anchor, published_from="metadata")
        records.append({**article_record(result), **language_fields(result)})
    print_drops(drops)
    if as_json:
        payload: Any = records[0] if len(records) == 1 else records
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for record in records:
            for key, value in record.items():
                if key not in ("text", "timerefs", "quantities", "sentences", "mentions",
                               "entities", "quotes"):
                    out.print(f"{key:>16}: {one_line(value)}", markup=False)
            for entity in record["entities"]:
                out.print(f"{entity['type']:>16}: {one_line(entity['name'])} "
                           f"(as {one_line(', '.join(entity['aliases']))})", markup=False)
            for ref in record["timerefs"]:
                out.print(f"{'time':>16}: {one_line(repr(ref['text']))} -> {ref['type']} {ref['value']}",
                           markup=False)
            for quote in record["quotes"]:
                out.print(f"{quote['kind']:>16}: {one_line(quote['speaker'], 'unattributed')}: "
                           f"{one_line(repr(quote['text']))}", markup=False)
            out.print(f"\n{printable(record['text'])}\n", markup=False)
    sys.exit(EXIT_USAGE if not records else EXIT_REJECTED if drops else EXIT_OK)

def _collect(paths: tuple[str, ...], quiet: bool) -> tuple[list[Article], list[Drop]]:
    """Read and clean PATHS without storing them (for commands that treat the given files
    as one collection). Year-less datelines take their year from the collection, nearest
    neighbours first (`YearContext`)."""
    settings = from_env()
    articles: list[Article] = []
    pending: list[tuple[PendingYear, Path]] = []
    context = YearContext()
    drops: list[Drop] = []
    inputs = plan([Path(p) for p in paths])

    def read(item: Any) -> None:
        if isinstance(item, Drop):
            drops.append(item)
            return
        for raw in read_file(item, max_input_bytes=settings.max_input_bytes,
                             max_record_bytes=settings.max_record_bytes):
            result = raw if isinstance(raw, Drop) else clean_document(raw)
            if isinstance(result, Drop):
                drops.append(result)
            elif isinstance(result, PendingYear):
                pending.append((result, item.path))
            else:
                articles.append(result)
                if result.published is not None:
                    context.add(item.path, result.published)

    if quiet or not sys.stderr.isatty():
        for item in inputs:
            read(item)
    else:
        columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("files"))
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("read", total=len(inputs))
            for item in inputs:
                read(item)
                progress.advance(task)
    articles.extend(resolve_pending(p, context.anchors(path)) for p, path in pending)
    print_drops(drops)
    if not articles:
        raise UsageError("no article could be read from the given paths")
    # in the order read, as an ingest of the same paths would store them: one day's
    # articles are placed in that order, so these stories and their ids are the store's
    return [replace(a, arrival=number) for number, a in enumerate(articles, start=1)], drops

def _cited(entries: list[Any]) -> list[dict[str, Any]]:
    """Timeline entries or summary sentences as the export schema shapes them."""
    from storyline.analyze.report import span_record

    records = []
    for entry in entries:
        record: dict[str, Any] = {"text": entry.text,
                                  "citations": [span_record(c) for c in entry.citations]}
        if hasattr(entry, "date"):
            record = {"date": entry.date, "granularity": entry.granularity,
                      "status": entry.status, **record}
        records.append(record)
    return records

def _focus_options(command: Any) -> Any:
    """--story, --about and --all: which part of the pile a command reads."""
    command = click.option("--all", "whole", is_flag=True,
                           help="Read every article given, as one collection (no stories).")(command)
    command = click.option("--about", default=None, metavar="WORDS",
                           help="Read the stories whose articles mostly speak of WORDS "
                           "(several stories, as a topic gathers them).")(command)
    return click.option("--story", "story_ids", multiple=True, metavar="ID",
                        help="Read this story (an id or its start, as printed; repeatable) "
                        "instead of the main one.")(command)


def _focused(paths: tuple[str, ...], quiet: bool, story_ids: tuple[str, ...], about: str | None,
             whole: bool) -> tuple[list[Article], list[Drop]]:
    """The articles of PATHS a timeline or summary reads (`storyline.flow.focus`), and the
    inputs rejected; says on stderr which stories were read."""
    from storyline.flow.focus import focus

    if sum((bool(story_ids), about is not None, whole)) > 1:
        raise UsageError("give at most one of --story, --about and --all")
    articles, drops = _collect(paths, quiet)
    chosen = focus(articles, story_ids=story_ids, about=about, whole=whole)
    if not quiet and chosen.stories:
        err.print(f"reading {len(chosen.articles)} of {chosen.pile_articles} articles: "
                  f"{len(chosen.stories)} of {chosen.pile_stories} stories "
                  f"({', '.join(s.id for s in chosen.stories[:3])}"
                  f"{', ...' if len(chosen.stories) > 3 else ''})", markup=False)
    elif not quiet and whole:
        err.print(f"reading all {len(chosen.articles)} articles as one collection", markup=False)
    return list(chosen.articles), drops


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--max-dates", type=click.IntRange(min=1), default=None,
              help="Dates to keep (the most reported first); default all.")
@click.option("--per-date", type=click.IntRange(min=1), default=1, show_default=True,
              help="Sentences per date.")
@click.option("--background", is_flag=True,
              help="Keep entries dated well before the story's first article (background).")
@_focus_options
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")
@handle_errors
def timeline(paths: tuple[str, ...], max_dates: int | None, per_date: int, background: bool,
             story_ids: tuple[str, ...], about: str | None, whole: bool, as_json: bool,
             quiet: bool) -> None:
    """The dated timeline of the main story in PATHS (or of the stories --story or --about
    name, or of the whole pile with --all); each entry cites the articles it comes from.

    Entries dated more than a month before the story's first article are background and
    left out unless --background is given; then they are marked as such. What was planned
    for a date ("will meet on Friday") is marked "(planned)"; forecasts and conditions
    ("could be ready in July") are no entries.

    \b
    Example:
      storyline timeline examples/text/ --max-dates 5 --per-date 2
      storyline timeline pile/ --about "Haiti earthquake"
    """
    from storyline.analyze.timeline import TimelineSettings, background_start, build_timeline

    articles, drops = _focused(paths, quiet, story_ids, about, whole)
    settings = TimelineSettings(background_days=None) if background else TimelineSettings()
    entries = build_timeline(articles, max_dates=max_dates, per_date=per_date, settings=settings)
    start = background_start(articles, TimelineSettings().background_days)
    older = {id(e) for e in entries if start is not None and e.date < start.isoformat()[:len(e.date)]}
    if as_json:
        records = _cited(entries)
        if background:
            for record, entry in zip(records, entries, strict=True):
                record["background"] = id(entry) in older
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        by_id = {a.id: a for a in articles}
        for entry in entries:
            outlets = dict.fromkeys(outlet_label(by_id[c.article_id].source, by_id[c.article_id].url)
                                    for c in entry.citations)
            mark = "  (planned)" if entry.status == "planned" else ""
            mark += "  (background)" if id(entry) in older else ""
            out.print(f"{entry.date:<10}  {one_line(entry.text)}  [{', '.join(outlets)}]{mark}",
                      markup=False)
    sys.exit(EXIT_REJECTED if drops else EXIT_OK)

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--max-words", type=click.IntRange(min=1), default=120, show_default=True,
              help="The most words the summary may have.")
@_focus_options
@click.option("--json", "as_json", is_flag=True, help="Print the sentences as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")
@handle_errors
def summarize(paths: tuple[str, ...], max_words: int, story_ids: tuple[str, ...],
              about: str | None, whole: bool, as_json: bool, quiet: bool) -> None:
    """A short cited summary of the main story in PATHS (or of the stories --story or
    --about name, or of the whole pile with --all).

    \b
    Example:
      storyline summarize examples/text/ --max-words 80
      storyline summarize pile/ --about "oil spill" --max-words 150
    """
    from storyline.analyze.summary import summarize as summarize_articles

    articles, drops = _focused(paths, quiet, story_ids, about, whole)
    sentences = summarize_articles(articles, max_words=max_words)
    if as_json:
        click.echo(json.dumps(_cited(sentences), ensure_ascii=False, indent=2))
    else:
        by_id = {a.id: a for a in articles}
        for number, sentence in enumerate(sentences, start=1):
            outlets = dict.fromkeys(outlet_label(by_id[c.article_id].source, by_id[c.article_id].url)
                                    for c in sentence.citations)
            out.print(f"{number}. {one_line(sentence.text)}  [{', '.join(outlets)}]", markup=False)
    sys.exit(EXIT_REJECTED if drops else EXIT_OK)
