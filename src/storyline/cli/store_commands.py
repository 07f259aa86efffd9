"""Commands over the store: run, ingest, export, stories, show, recluster, search,
rejected."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from storyline.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    err,
    handle_errors,
    main,
    out,
    print_drops,
    print_story_line,
    store_options,
    store_settings,
    story_outlets,
    work_options,
)
from storyline.errors import UsageError
from storyline.flow.ingest import (
    FieldMap,
    IngestProgress,
    IngestReport,
    analyze_stories,
    ingest,
    plan,
    refresh_stories,
)
from storyline.model import Article
from storyline.render.export import (
    article_record,
    shown_in_full,
    story_summary,
    to_html,
    to_markdown,
    write_json,
)
from storyline.render.report_view import speaker_label
from storyline.settings import Settings
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.stories import Story

#: Stories `run` prints to the terminal (the report holds them all).
_RUN_LISTED = 10
#: Stories the HTML and Markdown reports (`run`, `export --format html|md`) analyse and
#: show in full (summary, timeline, quotes, disagreements, article texts); the rest are
#: listed a line each. The JSON export analyses every story.
_REPORTED = 50
#: Lines `show` prints per section (a big story has hundreds of quotes).
_SHOWN_LINES = 30


def _ingest(paths: tuple[str, ...], settings: Settings, quiet: bool,
            field_specs: tuple[str, ...] = ()) -> IngestReport:
    fields = FieldMap.parse(field_specs)
    inputs = plan([Path(p) for p in paths])
    with Store.open(settings.db_path) as store:
        if quiet or not sys.stderr.isatty():
            report = ingest(inputs, store, settings, fields=fields)
        else:  # records and input bytes: one big JSONL file moves the bar too
            columns = (TextColumn("ingesting"), BarColumn(), DownloadColumn(),
                       TextColumn("{task.fields[records]:,} records"), TimeRemainingColumn())
            with Progress(*columns, console=err, transient=True) as progress:
                task = progress.add_task("ingest", total=None, records=0)

                def advance(at: IngestProgress) -> None:
                    progress.update(task, completed=at.done_bytes, total=at.total_bytes or None,
                                    records=at.records)

                report = ingest(inputs, store, settings, fields=fields, on_progress=advance)
        # new or upgraded articles; articles an interrupted run left unplaced; an upgrade
        # whose run was killed before its refresh (the story index is then missing)
        if (report.new or report.upgraded or not store.story_index_stored()
                or store.unplaced()):
            refresh_stories(store)
    print_drops(report.drops)
    for notice in report.notices:
        err.print(f"warning: {notice}", markup=False)
    if not quiet:
        err.print(ingest_summary(report, settings.db_path), markup=False)
    return report


def ingest_summary(report: IngestReport, db_path: str) -> str:
    """One line that adds up: records = new + already stored + upgraded + rejected."""
    upgraded = f"{report.upgraded:,} upgraded, " if report.upgraded else ""
    return (f"{report.files:,} file{'' if report.files == 1 else 's'}, "
            f"{report.records:,} record{'' if report.records == 1 else 's'}: "
            f"{report.new:,} new {'article' if report.new == 1 else 'articles'}, "
            f"{report.existing:,} already stored, {upgraded}"
            f"{report.rejected:,} rejected -> {db_path}")


def _exit_status(report: IngestReport) -> int:
    if report.drops and report.stored == 0:
        return EXIT_USAGE
    return EXIT_REJECTED if report.drops else EXIT_OK

def _analyses(store: Store, ranked: list[Story], quiet: bool, workers: int | None = None,
              dask: str | None = None) -> dict[str, dict[str, Any]]:
    """Each story's analysis (cached in the store), with a progress bar on a terminal. A
    story whose analysis fails is named on stderr and reported without it."""

    def warn(story: Story, exc: Exception) -> None:
        err.print(f"warning: story {story.id} ({story.headline or 'untitled'}): analysis "
                  f"failed ({type(exc).__name__}: {exc}); it is reported without it. "
                  "Please report this with the story's articles.", markup=False)

    if quiet or not sys.stderr.isatty() or not ranked:
        return analyze_stories(store, ranked, on_error=warn, workers=workers, dask=dask)
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("stories"),
               TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyse", total=len(ranked))
        return analyze_stories(store, ranked, on_story=lambda _: progress.advance(task),
                               on_error=warn, workers=workers, dask=dask)


def field_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--field ROLE=FIELD, repeatable: which field of JSON/CSV records fills a role."""
    return click.option(
        "--field", "fields", multiple=True, metavar="ROLE=FIELD",
        help="Read ROLE from FIELD in JSON, JSONL and CSV records, e.g. --field "
        "published=pub_date (roles: text, html, title, published, url, source, language, "
        "id). Common names are mapped without it. Repeatable.")(func)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", default="storyline-report.html", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the HTML report.")
@field_option
@store_options
@work_options
@handle_errors
def run(paths: tuple[str, ...], output: str, fields: tuple[str, ...], db: str | None,
        quiet: bool, workers: int | None, dask: str | None) -> None:
    """Ingest PATHS and write the HTML report: the main job in one step.

    \b
    Example:
      storyline run examples/ -o report.html --db news.db
    """
    settings = store_settings(db)
    report = _ingest(paths, settings, quiet, fields)
    with Store.open(settings.db_path) as store:
        ranked = store.stories()
        outlets = {s.id: story_outlets(store, s) for s in ranked[:_RUN_LISTED]}
        analyses = _analyses(store, ranked[:_REPORTED], quiet, workers, dask)
        articles = _report_articles(store, ranked, analyses)
        text = to_html(articles, store.rejections(), ranked, analyses)
    _write(output, lambda out: out.write(text))
    if not quiet:
        for number, story in enumerate(ranked[:_RUN_LISTED], start=1):
            print_story_line(number, story, outlets[story.id])
        err.print(f"report: {output} ({len(ranked)} stories, {len(articles)} articles)",
                   markup=False)
    sys.exit(_exit_status(report))

@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@field_option
@store_options
@handle_errors
def ingest_command(paths: tuple[str, ...], fields: tuple[str, ...], db: str | None,
                   quiet: bool) -> None:
    """Read files or folders (recursively) into the store. Idempotent.

    The summary adds up: records = new + already stored + upgraded (a teaser or headline
    given more text under the same id or URL) + rejected.

    \b
    Example:
      storyline ingest feeds/ archive.warc.gz --db news.db
      storyline ingest export.csv --field published=pub_date
    """
    sys.exit(_exit_status(_ingest(paths, store_settings(db), quiet, fields)))

@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json",
              show_default=True)
@click.option("--story", default=None, help="Only this story (once stories exist).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file; - for standard output.")
@store_options
@work_options
@handle_errors
def export(fmt: str, story: str | None, output: str, db: str | None, quiet: bool,
           workers: int | None, dask: str | None) -> None:
    """Write the store as JSON (docs/export.schema.json), Markdown or a self-contained HTML report.

    \b
    Example:
      storyline export --format json -o export.json
    """
    settings = store_settings(db)
    with Store.open(settings.db_path) as store:
        ranked = store.stories()
        members: set[str] | None = None
        if story is not None:
            ranked = [s for s in ranked if s.id == story]
            if not ranked:
                raise UsageError(f"no story {story!r}; `storyline stories` lists the ids")
            members = set(ranked[0].article_ids)
        analyses = _analyses(store, ranked if fmt == "json" else ranked[:_REPORTED], quiet,
                             workers, dask)

        def selected() -> Iterator[Article]:
            return (a for a in store.articles() if members is None or a.id in members)

        if fmt == "json":  # streamed: one article in memory at a time
            count = _write(output, lambda out: write_json(out, selected(), ranked, analyses))
        else:
            articles = (_report_articles(store, ranked, analyses) if members is None
                        else store.articles_by_id(sorted(members)))
            rejections = store.rejections()
            render = to_markdown if fmt == "md" else to_html
            text = render(articles, rejections, ranked, analyses)
            _write(output, lambda out: out.write(text))
            count = len(articles)
    if output != "-" and not quiet:
        err.print(f"wrote {output} ({count} articles)", markup=False)


def _report_articles(store: Store, ranked: list[Story], analyses: dict[str, Any]) -> list[Article]:
    """Every article for a report's figures, with its text only where the report shows it
    (the stories `shown_in_full`): a store of 100,000 articles is not read whole."""
    if not ranked:  # no stories yet: a report shows every article
        return list(store.articles())
    shown = {i for story in shown_in_full(ranked, analyses) for i in story.article_ids}
    texts = {a.id: a for a in store.articles_by_id(sorted(shown))}
    return [texts.get(a.id, a) for a in store.articles(text=False)]


def _write(output: str, write: Callable[[TextIO], int]) -> int:
    """Write to standard output ("-"), or to a file that appears whole or not at all."""
    if output == "-":
        return write(sys.stdout)
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            count = write(out)
        os.replace(partial, target)
    except OSError as exc:  # the store is untouched: only the output is missing
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):  # a read-only folder: there is nothing to remove
            partial.unlink(missing_ok=True)
    return count


@main.command()
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@store_options
@handle_errors
def stories(limit: int, as_json: bool, db: str | None, quiet: bool) -> None:
    """The ranked stories: id, headline, articles, outlets, dates, and the score's parts.

    \b
    Example:
      storyline stories --limit 10 --json
    """
    with Store.open(store_settings(db).db_path) as store:
        ranked = store.stories(limit)
        outlets = {s.id: story_outlets(store, s) for s in ranked}
    if as_json:
        click.echo(json.dumps([{**story_summary(s), "outlets": outlets[s.id]} for s in ranked],
                              ensure_ascii=False, indent=2))
        return
    if not ranked and not quiet:
        err.print("no stories: ingest some articles first (storyline ingest PATH)", markup=False)
    for number, story in enumerate(ranked, start=1):
        print_story_line(number, story, outlets[story.id])

@main.command()
@store_options
@handle_errors
def recluster(db: str | None, quiet: bool) -> None:
    """Rebuild every story from the stored articles with the current settings.

    \b
    Example:
      storyline recluster --db news.db
    """
    with Store.open(store_settings(db).db_path) as store:
        refreshed = refresh_stories(store, rebuild=True)
    if not quiet:
        err.print(f"{len(refreshed.stories)} stories rebuilt from {refreshed.placed} articles",
                   markup=False)

@main.command()
@click.argument("item_id")
@store_options
@handle_errors
def show(item_id: str, db: str | None, quiet: bool) -> None:
    """One story (once stories exist) or one article, readable in a terminal. An article
    is found by its id or by its record's own id (a feed guid, a JSON id, a file path).

    \b
    Example:
      storyline show 3f2a9c1e0b7d4e55
    """
    with Store.open(store_settings(db).db_path) as store:
        story = store.story(item_id)
        if story is not None:
            members = [a for a in map(store.article, story.article_ids) if a]
            print_story_line(1, story, story_outlets(store, story))
            analysis = _analyses(store, [story], quiet)[story.id]
            _print_analysis(analysis, {a.id: a for a in members})
            out.print("\nSources", style="bold", markup=False)
            for article in members:
                date = article.published.isoformat() if article.published else "undated   "
                copy = " (near-copy)" if article.id in story.near_copies else ""
                out.print(f"     {date}  {article.source or '?'}: "
                          f"{article.title or '(untitled)'}{copy}", markup=False)
            return
        article = store.article(item_id)
        by_source_id = [] if article else store.articles_by_source_id(item_id)
    if article is None and len(by_source_id) == 1:  # the record's own id (guid, JSON id)
        article = by_source_id[0]
    if article is None and by_source_id:
        raise UsageError(f"{len(by_source_id)} articles came from records with id {item_id!r}: "
                         + "; ".join(f"{a.id} ({a.source or 'unknown outlet'})"
                                     for a in by_source_id) + "; show one by its article id")
    if article is None:
        raise UsageError(f"no story or article with id {item_id!r}; "
                         "`storyline search WORDS` or `storyline export` list ids")
    out.print(article.title or "(untitled)", style="bold", markup=False)
    date = article.published.isoformat() if article.published else "undated"
    place = f" · {article.dateline_place}" if article.dateline_place else ""
    kind = f" · {article.text_kind} only" if article.text_kind != "full" else ""
    out.print(f"{article.source or 'unknown outlet'} · {date} ({article.published_from}){place}"
              f"{kind}", style="dim", markup=False)
    record = f" · record {article.source_id}" if article.source_id else ""
    out.print(f"article {article.id}{record}", style="dim", markup=False)
    out.print(f"\n{article.text}\n", markup=False)

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
        ("Who said what", [f"  {speaker_label(q, by_id)} ({q['kind']}): {q['text']} "
                           f"{outlets(q.get('all_evidence') or [q['evidence']])}"
                           for q in analysis["quotes"]]),
        ("Where outlets disagree", [
            f"  {d['subject']}, {d['attribute']}: " + " vs ".join(
                f"{v['text']} {outlets(v['evidence'])}" for v in d["values"])
            for d in analysis["disagreements"]]),
    ]
    for title, lines in sections:
        if lines:
            out.print(f"\n{title}", style="bold", markup=False)
            for line in lines[:_SHOWN_LINES]:
                out.print(line, markup=False)
            if len(lines) > _SHOWN_LINES:
                out.print(f"  ... and {len(lines) - _SHOWN_LINES} more "
                          "(`storyline export --format json --story ID` holds them all)",
                          markup=False)

@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@store_options
@handle_errors
def search(query: str, limit: int, as_json: bool, db: str | None, quiet: bool) -> None:
    """Full-text search over titles and texts (words, not query syntax).

    \b
    Example:
      storyline search "peacekeepers Kazakhstan"
    """
    with Store.open(store_settings(db).db_path) as store:
        hits = store.search(query, limit)
    if as_json:
        click.echo(json.dumps([{**article_record(a), "rank": r} for a, r in hits],
                              ensure_ascii=False, indent=2))
        return
    for article, _ in hits:
        date = article.published.isoformat() if article.published else "undated   "
        out.print(f"{article.id}  {date}  {article.source or '?'}: {article.title}", markup=False)

@main.command()
@click.option("--json", "as_json", is_flag=True)
@store_options
@handle_errors
def rejected(as_json: bool, db: str | None, quiet: bool) -> None:
    """Every input the store has rejected: file, stage and reason.

    \b
    Example:
      storyline rejected --json
    """
    with Store.open(store_settings(db).db_path) as store:
        rows = store.rejections()
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        out.print(f"{row.origin}\t{row.stage}\t{row.reason}", markup=False)
