"""The command line (shared/spec/CLI.md): a thin shell over library calls.

Exit status: 0 all went well; 1 some inputs were rejected (each named on stderr) but the
rest were stored; 2 bad usage or nothing could be done.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from storyline import __version__
from storyline.analyze.quotes import quotes_for_inspect
from storyline.clean import clean_document, resolve_pending
from storyline.clean.dates import parse_date
from storyline.errors import StorylineError, UsageError
from storyline.export import (
    article_record,
    export_document,
    story_summary,
    to_html,
    to_json,
    to_markdown,
)
from storyline.language import mentions_for_inspect
from storyline.model import Article, Drop, PendingYear
from storyline.pipeline import IngestReport, analyze_stories, ingest, plan, refresh_stories
from storyline.quantities import find_quantities
from storyline.settings import Settings, from_env
from storyline.sources import read_file
from storyline.store import Store
from storyline.timex import find_timerefs

if TYPE_CHECKING:
    from storyline.stories import Story

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
#: Stories `run` prints to the terminal (the report holds them all).
_RUN_LISTED = 10
#: Stories the `run` report analyses in full (summary, timeline, quotes, disagreements);
#: the rest are listed with their sources. `export` analyses every story.
_RUN_ANALYSED = 50
_err = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True)


def store_options(func: F) -> F:
    """--db and --quiet, shared by every command that touches the store."""
    func = click.option("--quiet", "-q", is_flag=True, help="Print only errors.")(func)
    func = click.option(
        "--db", type=click.Path(dir_okay=False), default=None, envvar="STORYLINE_DB",
        help="The store (SQLite file). Default ./storyline.db or $STORYLINE_DB.",
    )(func)
    return func


def _handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:
            _err.print(f"[red]error:[/red] {exc.message}", markup=True, highlight=False)
            sys.exit(exc.exit_status)
        except KeyboardInterrupt:
            _err.print("interrupted: every committed batch is stored; re-run to finish.")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _settings(db: str | None) -> Settings:
    return from_env(db_path=db)


def language_fields(article: Article) -> dict[str, Any]:
    """What the language layer reads in an article, shaped as CLI.md's `inspect` says."""
    return {
        **mentions_for_inspect(article.text),
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
        "quotes": quotes_for_inspect(article.text),
    }


def _print_drops(drops: list[Drop]) -> None:
    for drop in drops:
        _err.print(f"rejected: {drop.origin}: {drop.reason}", markup=False)


def _ingest(paths: tuple[str, ...], settings: Settings, quiet: bool) -> IngestReport:
    inputs = plan([Path(p) for p in paths])
    with Store.open(settings.db_path) as store:
        if quiet or not sys.stderr.isatty():
            report = ingest(inputs, store, settings)
        else:
            columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("files"), TimeRemainingColumn())
            with Progress(*columns, console=_err, transient=True) as progress:
                task = progress.add_task("ingest", total=len(inputs))
                report = ingest(inputs, store, settings,
                                on_file=lambda _: progress.advance(task))
        if report.new or not store.stories(limit=1):
            refresh_stories(store)
    _print_drops(report.drops)
    if not quiet:
        _err.print(
            f"{report.files} files, {report.records} records: {report.new} new articles, "
            f"{report.existing} already stored, {len(report.drops)} rejected "
            f"-> {settings.db_path}",
            markup=False,
        )
    return report


def _exit_status(report: IngestReport) -> int:
    if report.drops and report.stored == 0:
        return EXIT_USAGE
    return EXIT_REJECTED if report.drops else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """storyline: turn news articles from many outlets into stories.

    \b
    Example:
      storyline run examples/ -o report.html
    """


def _analyses(store: Store, ranked: list[Story], quiet: bool) -> dict[str, dict[str, Any]]:
    """Each story's analysis (cached in the store), with a progress bar on a terminal."""
    if quiet or not sys.stderr.isatty() or not ranked:
        return analyze_stories(store, ranked)
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("stories"),
               TimeRemainingColumn())
    with Progress(*columns, console=_err, transient=True) as progress:
        task = progress.add_task("analyse", total=len(ranked))
        return analyze_stories(store, ranked, on_story=lambda _: progress.advance(task))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", default="storyline-report.html", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the HTML report.")
@store_options
@_handle_errors
def run(paths: tuple[str, ...], output: str, db: str | None, quiet: bool) -> None:
    """Ingest PATHS and write the HTML report: the main job in one step.

    \b
    Example:
      storyline run examples/ -o report.html --db news.db
    """
    settings = _settings(db)
    report = _ingest(paths, settings, quiet)
    with Store.open(settings.db_path) as store:
        articles = list(store.articles())
        ranked = store.stories()
        outlets = {s.id: _outlets(store, s) for s in ranked[:_RUN_LISTED]}
        analyses = _analyses(store, ranked[:_RUN_ANALYSED], quiet)
        Path(output).write_text(to_html(articles, store.rejections(), ranked, analyses),
                                encoding="utf-8")
    if not quiet:
        for number, story in enumerate(ranked[:_RUN_LISTED], start=1):
            _print_story_line(number, story, outlets[story.id])
        _err.print(f"report: {output} ({len(ranked)} stories, {len(articles)} articles)",
                   markup=False)
    sys.exit(_exit_status(report))


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_options
@_handle_errors
def ingest_command(paths: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Read files or folders (recursively) into the store. Idempotent.

    \b
    Example:
      storyline ingest feeds/ archive.warc.gz --db news.db
    """
    sys.exit(_exit_status(_ingest(paths, _settings(db), quiet)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json",
              show_default=True)
@click.option("--story", default=None, help="Only this story (once stories exist).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file; - for standard output.")
@store_options
@_handle_errors
def export(fmt: str, story: str | None, output: str, db: str | None, quiet: bool) -> None:
    """Write the store as JSON (export.schema.json), Markdown or a self-contained HTML report.

    \b
    Example:
      storyline export --format json -o export.json
    """
    settings = _settings(db)
    with Store.open(settings.db_path) as store:
        ranked = store.stories()
        articles = list(store.articles())
        rejections = store.rejections()
        if story is not None:
            ranked = [s for s in ranked if s.id == story]
            if not ranked:
                raise UsageError(f"no story {story!r}; `storyline stories` lists the ids")
            members = set(ranked[0].article_ids)
            articles = [a for a in articles if a.id in members]
        analyses = _analyses(store, ranked, quiet)
    if fmt == "json":
        text = to_json(export_document(articles, ranked, analyses))
    elif fmt == "md":
        text = to_markdown(articles, rejections, ranked, analyses)
    else:
        text = to_html(articles, rejections, ranked, analyses)
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
        if not quiet:
            _err.print(f"wrote {output} ({len(articles)} articles)", markup=False)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) to use when "
              "the file carries none; the anchor for relative dates.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_handle_errors
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
        _print_drops([item])
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
    _print_drops(drops)
    if as_json:
        payload: Any = records[0] if len(records) == 1 else records
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for record in records:
            for key, value in record.items():
                if key not in ("text", "timerefs", "quantities", "sentences", "mentions",
                               "entities", "quotes"):
                    _out.print(f"{key:>16}: {value}", markup=False)
            for entity in record["entities"]:
                _out.print(f"{entity['type']:>16}: {entity['name']} "
                           f"(as {', '.join(entity['aliases'])})", markup=False)
            for ref in record["timerefs"]:
                _out.print(f"{'time':>16}: {ref['text']!r} -> {ref['type']} {ref['value']}",
                           markup=False)
            for quote in record["quotes"]:
                _out.print(f"{quote['kind']:>16}: {quote['speaker'] or 'unattributed'}: "
                           f"{quote['text']!r}", markup=False)
            _out.print(f"\n{record['text']}\n", markup=False)
    sys.exit(EXIT_USAGE if not records else EXIT_REJECTED if drops else EXIT_OK)


@main.command()
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@store_options
@_handle_errors
def stories(limit: int, as_json: bool, db: str | None, quiet: bool) -> None:
    """The ranked stories: id, headline, articles, outlets, dates, and the score's parts.

    \b
    Example:
      storyline stories --limit 10 --json
    """
    with Store.open(_settings(db).db_path) as store:
        ranked = store.stories(limit)
        outlets = {s.id: _outlets(store, s) for s in ranked}
    if as_json:
        click.echo(json.dumps([{**story_summary(s), "outlets": outlets[s.id]} for s in ranked],
                              ensure_ascii=False, indent=2))
        return
    if not ranked and not quiet:
        _err.print("no stories: ingest some articles first (storyline ingest PATH)", markup=False)
    for number, story in enumerate(ranked, start=1):
        _print_story_line(number, story, outlets[story.id])


def _outlets(store: Store, story: Story) -> list[str]:
    names = {a.source or "unknown" for a in map(store.article, story.article_ids) if a}
    return sorted(names)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _print_story_line(number: int, story: Story, outlets: list[str]) -> None:
    score = story.score
    first = story.first_published.isoformat() if story.first_published else "?"
    last = story.last_published.isoformat() if story.last_published else "?"
    _out.print(f"{number:>3}. {story.headline or '(untitled)'}", markup=False, style="bold")
    _out.print(
        f"     {story.id} · {_count(len(story.article_ids), 'article')} "
        f"({score.independent_articles} independent) · {_count(len(outlets), 'outlet')} · "
        f"{first} – {last}", markup=False)
    _out.print(
        f"     score {score.total:.2f} = outlets {score.outlet_points:.2f} + articles "
        f"{score.article_points:.2f} + freshness {score.freshness_points:.2f} + growth "
        f"{score.growth_points:.2f}", markup=False, style="dim")


@main.command()
@store_options
@_handle_errors
def recluster(db: str | None, quiet: bool) -> None:
    """Rebuild every story from the stored articles with the current settings.

    \b
    Example:
      storyline recluster --db news.db
    """
    with Store.open(_settings(db).db_path) as store:
        refreshed = refresh_stories(store, rebuild=True)
    if not quiet:
        _err.print(f"{len(refreshed.stories)} stories rebuilt from {refreshed.placed} articles",
                   markup=False)


@main.command()
@click.argument("item_id")
@store_options
@_handle_errors
def show(item_id: str, db: str | None, quiet: bool) -> None:
    """One story (once stories exist) or one article, readable in a terminal.

    \b
    Example:
      storyline show 3f2a9c1e0b7d4e55
    """
    with Store.open(_settings(db).db_path) as store:
        story = store.story(item_id)
        if story is not None:
            members = [a for a in map(store.article, story.article_ids) if a]
            _print_story_line(1, story, _outlets(store, story))
            analysis = _analyses(store, [story], quiet)[story.id]
            _print_analysis(analysis, {a.id: a for a in members})
            _out.print("\nSources", style="bold", markup=False)
            for article in members:
                date = article.published.isoformat() if article.published else "undated   "
                copy = " (near-copy)" if article.id in story.near_copies else ""
                _out.print(f"     {date}  {article.source or '?'}: {article.title}{copy}",
                           markup=False)
            return
        article = store.article(item_id)
    if article is None:
        raise UsageError(f"no story or article with id {item_id!r}; "
                         "`storyline search WORDS` or `storyline export` list ids")
    _out.print(article.title or "(untitled)", style="bold", markup=False)
    date = article.published.isoformat() if article.published else "undated"
    place = f" · {article.dateline_place}" if article.dateline_place else ""
    _out.print(f"{article.source or 'unknown outlet'} · {date} ({article.published_from}){place}",
               style="dim", markup=False)
    _out.print(f"\n{article.text}\n", markup=False)


def _print_analysis(analysis: dict[str, Any], by_id: dict[str, Article]) -> None:
    """A story's summary, timeline, quotes and disagreements, each line with its outlets."""

    def outlets(evidence: list[dict[str, Any]]) -> str:
        names = dict.fromkeys(by_id[e["article"]].source or "?" for e in evidence
                              if e["article"] in by_id)
        return f"[{', '.join(names)}]"

    sections: list[tuple[str, list[str]]] = [
        ("Summary", [f"  {s['text']} {outlets(s['citations'])}" for s in analysis["summary"]]),
        ("Timeline", [f"  {t['date']:<10}  {t['text']} {outlets(t['citations'])}"
                      for t in analysis["timeline"]]),
        ("Who said what", [f"  {q['speaker'] or 'unattributed'} ({q['kind']}): {q['text']} "
                           f"{outlets(q.get('all_evidence') or [q['evidence']])}"
                           for q in analysis["quotes"]]),
        ("Where outlets disagree", [
            f"  {d['subject']}, {d['attribute']}: " + " vs ".join(
                f"{v['text']} {outlets(v['evidence'])}" for v in d["values"])
            for d in analysis["disagreements"]]),
    ]
    for title, lines in sections:
        if lines:
            _out.print(f"\n{title}", style="bold", markup=False)
            for line in lines:
                _out.print(line, markup=False)


def _collect(paths: tuple[str, ...], quiet: bool) -> tuple[list[Article], list[Drop]]:
    """Read and clean PATHS without storing them (for commands that treat the given files
    as one collection). Year-less datelines take their year from the collection."""
    settings = from_env()
    articles: list[Article] = []
    pending: list[PendingYear] = []
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
                pending.append(result)
            else:
                articles.append(result)

    if quiet or not sys.stderr.isatty():
        for item in inputs:
            read(item)
    else:
        columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("files"))
        with Progress(*columns, console=_err, transient=True) as progress:
            task = progress.add_task("read", total=len(inputs))
            for item in inputs:
                read(item)
                progress.advance(task)
    anchors = {a.published for a in articles if a.published is not None}
    articles.extend(resolve_pending(p, anchors) for p in pending)
    _print_drops(drops)
    if not articles:
        raise UsageError("no article could be read from the given paths")
    return articles, drops


def _cited(entries: list[Any]) -> list[dict[str, Any]]:
    """Timeline entries or summary sentences as the export schema shapes them."""
    from storyline.analyze.report import span_record

    records = []
    for entry in entries:
        record: dict[str, Any] = {"text": entry.text,
                                  "citations": [span_record(c) for c in entry.citations]}
        if hasattr(entry, "date"):
            record = {"date": entry.date, "granularity": entry.granularity, **record}
        records.append(record)
    return records


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--max-dates", type=click.IntRange(min=1), default=None,
              help="Dates to keep (the most reported first); default all.")
@click.option("--per-date", type=click.IntRange(min=1), default=1, show_default=True,
              help="Sentences per date.")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")
@_handle_errors
def timeline(paths: tuple[str, ...], max_dates: int | None, per_date: int, as_json: bool,
             quiet: bool) -> None:
    """The dated timeline of all articles in PATHS, taken as one collection; each entry
    cites the articles it comes from.

    \b
    Example:
      storyline timeline examples/text/ --max-dates 5 --per-date 2
    """
    from storyline.analyze.timeline import build_timeline

    articles, drops = _collect(paths, quiet)
    entries = build_timeline(articles, max_dates=max_dates, per_date=per_date)
    if as_json:
        click.echo(json.dumps(_cited(entries), ensure_ascii=False, indent=2))
    else:
        by_id = {a.id: a for a in articles}
        for entry in entries:
            outlets = dict.fromkeys(by_id[c.article_id].source or "?" for c in entry.citations)
            _out.print(f"{entry.date:<10}  {entry.text}  [{', '.join(outlets)}]", markup=False)
    sys.exit(EXIT_REJECTED if drops else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--max-words", type=click.IntRange(min=1), default=120, show_default=True,
              help="The most words the summary may have.")
@click.option("--json", "as_json", is_flag=True, help="Print the sentences as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")
@_handle_errors
def summarize(paths: tuple[str, ...], max_words: int, as_json: bool, quiet: bool) -> None:
    """A short cited summary of all articles in PATHS, taken as one collection.

    \b
    Example:
      storyline summarize examples/text/ --max-words 80
    """
    from storyline.analyze.summary import summarize as summarize_articles

    articles, drops = _collect(paths, quiet)
    sentences = summarize_articles(articles, max_words=max_words)
    if as_json:
        click.echo(json.dumps(_cited(sentences), ensure_ascii=False, indent=2))
    else:
        by_id = {a.id: a for a in articles}
        for number, sentence in enumerate(sentences, start=1):
            outlets = dict.fromkeys(by_id[c.article_id].source or "?" for c in sentence.citations)
            _out.print(f"{number}. {sentence.text}  [{', '.join(outlets)}]", markup=False)
    sys.exit(EXIT_REJECTED if drops else EXIT_OK)


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@store_options
@_handle_errors
def search(query: str, limit: int, as_json: bool, db: str | None, quiet: bool) -> None:
    """Full-text search over titles and texts (words, not query syntax).

    \b
    Example:
      storyline search "peacekeepers Kazakhstan"
    """
    with Store.open(_settings(db).db_path) as store:
        hits = store.search(query, limit)
    if as_json:
        click.echo(json.dumps([{**article_record(a), "rank": r} for a, r in hits],
                              ensure_ascii=False, indent=2))
        return
    for article, _ in hits:
        date = article.published.isoformat() if article.published else "undated   "
        _out.print(f"{article.id}  {date}  {article.source or '?'}: {article.title}", markup=False)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@store_options
@_handle_errors
def rejected(as_json: bool, db: str | None, quiet: bool) -> None:
    """Every input the store has rejected: file, stage and reason.

    \b
    Example:
      storyline rejected --json
    """
    with Store.open(_settings(db).db_path) as store:
        rows = store.rejections()
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        _out.print(f"{row.origin}\t{row.stage}\t{row.reason}", markup=False)


