"""Commands that write the store or a report: run, ingest, export, recluster."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
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

from storyline import views
from storyline.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    err,
    handle_errors,
    main,
    one_line,
    open_existing,
    plural,
    print_drops,
    print_story_line,
    printable,
    store_options,
    store_settings,
    work_options,
)
from storyline.errors import UsageError
from storyline.flow.analysis import AnalysisFailure
from storyline.flow.ingest import (
    CLEAN_POOL_MIN_BYTES,
    FieldMap,
    IngestProgress,
    IngestReport,
    StoryRefresh,
    ingest,
    plan,
    refresh_stories,
)
from storyline.flow.workers import Runner, runner_for
from storyline.model import Article, Drop
from storyline.render.export import report_articles, to_html, to_markdown, write_json
from storyline.settings import Settings
from storyline.sources import InputFile
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.stories import Story
    from storyline.stories.identity import StoryEvent

#: Stories `run` prints to the terminal (the report holds them all).
_RUN_LISTED = 10
#: Stories the HTML and Markdown reports (`run`, `export --format html|md`) analyse and
#: show in full (summary, timeline, quotes, disagreements, article texts); the rest are
#: listed a line each. The JSON export analyses every story.
_REPORTED = 50


def _ingest(paths: tuple[str, ...], settings: Settings, quiet: bool,
            field_specs: tuple[str, ...] = (), workers: int | None = None,
            dask: str | None = None) -> IngestReport:
    fields = FieldMap.parse(field_specs)
    inputs = plan([Path(p) for p in paths])
    with Store.open(settings.db_path) as store, _cleaner(inputs, workers, dask) as runner:
        if quiet or not sys.stderr.isatty():
            report = ingest(inputs, store, settings, fields=fields, runner=runner)
        else:  # records and input bytes: one big JSONL file moves the bar too
            columns = (TextColumn("ingesting"), BarColumn(), DownloadColumn(),
                       TextColumn("{task.fields[records]:,} records"), TimeRemainingColumn())
            with Progress(*columns, console=err, transient=True) as progress:
                task = progress.add_task("ingest", total=None, records=0)

                def advance(at: IngestProgress) -> None:
                    progress.update(task, completed=at.done_bytes, total=at.total_bytes or None,
                                    records=at.records)

                report = ingest(inputs, store, settings, fields=fields, on_progress=advance,
                                runner=runner)
        # new or upgraded articles; articles an interrupted run left unplaced; no story
        # index yet; articles changed in place since the last refresh (upgraded ones
        # included: the store lists every text change there, `changed_articles`)
        if (report.new or report.upgraded or not store.story_index_stored()
                or store.unplaced() or store.changed_articles()):
            print_refresh(refresh_stories(store), quiet)
    print_drops(report.drops)
    for notice in report.notices:
        err.print(f"warning: {notice}", markup=False)
    if not quiet:
        err.print(ingest_summary(report, settings.db_path), markup=False)
    return report


def print_refresh(refreshed: StoryRefresh, quiet: bool) -> None:
    """Say why stories were rebuilt, what moved and whether the re-clustering pass is due
    (growing by new articles needs no word)."""
    if quiet:
        return
    if refreshed.rebuilt and refreshed.reason != "no stories yet":  # a first build is no news
        err.print(f"stories rebuilt: {refreshed.reason}", markup=False)
    elif refreshed.deferred:
        err.print(f"note: {refreshed.deferred}", markup=False)
    kinds = Counter(event.kind for event in refreshed.events)
    if kinds:
        told = {"merge": "merged into another", "split": "split",
                "move": "gave articles to another"}
        parts = [f"{n} {'story' if n == 1 else 'stories'} {told.get(kind, kind)}"
                 for kind, n in sorted(kinds.items())]
        err.print(f"{'; '.join(parts)}:", markup=False)
        for event in refreshed.events[:SHOWN_EVENTS]:
            err.print(f"  {_event_line(event)}", markup=False)
        if len(refreshed.events) > SHOWN_EVENTS:
            err.print(f"  and {len(refreshed.events) - SHOWN_EVENTS} more "
                      "(storyline show ID tells where a story went)", markup=False)


#: How many of a refresh's merges, splits and moves are listed by id.
SHOWN_EVENTS = 8


def _event_line(event: StoryEvent) -> str:
    """One merge, split or move, by id: where a retired or shrunk story's articles went."""
    if event.kind in ("merge", "edit-merge"):
        return f"{', '.join(event.others)} -> {event.story_id}"
    if event.kind in ("split", "edit-split"):
        return (f"{event.story_id} split: {plural(len(event.articles), 'article')} -> "
                f"{', '.join(event.others)}")
    if event.kind == "move":
        return (f"{event.story_id}: {plural(len(event.articles), 'article')} -> "
                f"{', '.join(event.others)}")
    return f"{event.kind} {event.story_id}"


@contextlib.contextmanager
def _cleaner(inputs: list[InputFile | Drop], workers: int | None,
             dask: str | None) -> Iterator[Runner]:
    """Where ingest cleans its records (`--workers`, `--dask`); a pool's workers are
    started here, before the progress bar's thread, so none forks a running thread."""
    size = sum(item.path.stat().st_size for item in inputs
               if isinstance(item, InputFile) and item.path.is_file())
    runner = runner_for(workers, dask, size, min_chars=CLEAN_POOL_MIN_BYTES)
    try:
        list(runner.map(len, [()]))  # start the workers now
        yield runner
    finally:
        runner.close()


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

def warn_failed_analysis(story: Story, exc: Exception) -> None:
    """Name a story whose analysis failed on stderr (it is reported without it)."""
    # work that failed in a worker comes back as its reason, which names the error
    reason = (one_line(exc) if isinstance(exc, AnalysisFailure)
              else f"{type(exc).__name__}: {one_line(exc)}")
    err.print(f"warning: story {story.id} ({one_line(story.headline, 'untitled')}): analysis "
              f"failed ({reason}); it is reported without it. "
              "Please report this with the story's articles.", markup=False)


def analyses_shown(store: Store, ranked: list[Story], quiet: bool, workers: int | None = None,
                   dask: str | None = None) -> dict[str, dict[str, Any]]:
    """Each story's analysis (cached in the store), with a progress bar on a terminal. A
    story whose analysis fails is named on stderr and reported without it."""
    if quiet or not sys.stderr.isatty() or not ranked:
        return views.analyses(store, ranked, on_error=warn_failed_analysis, workers=workers,
                              dask=dask)
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("stories"),
               TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyse", total=len(ranked))
        return views.analyses(store, ranked, on_story=lambda _: progress.advance(task),
                              on_error=warn_failed_analysis, workers=workers, dask=dask)


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
    report = _ingest(paths, settings, quiet, fields, workers, dask)
    with Store.open(settings.db_path) as store:
        ranked = views.all_stories(store)
        top = views.stories(store, limit=_RUN_LISTED).stories
        analyses = analyses_shown(store, ranked[:_REPORTED], quiet, workers, dask)
        articles = report_articles(store, ranked, analyses)
        text = to_html(articles, views.rejections(store), ranked, analyses)
    _write(output, lambda out: out.write(text))
    if not quiet:
        for line in top:
            print_story_line(line.rank, line.story, line.outlets)
        err.print(f"report: {output} ({len(ranked)} stories, {len(articles)} articles)",
                   markup=False)
    sys.exit(_exit_status(report))

@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@field_option
@store_options
@work_options
@handle_errors
def ingest_command(paths: tuple[str, ...], fields: tuple[str, ...], db: str | None,
                   quiet: bool, workers: int | None, dask: str | None) -> None:
    """Read files or folders (recursively) into the store. Idempotent.

    The summary adds up: records = new + already stored + upgraded (a teaser or headline
    given more text under the same id or URL, or a stored record this release cleans
    differently; the article keeps its id) + rejected.

    \b
    Example:
      storyline ingest feeds/ archive.warc.gz --db news.db
      storyline ingest export.csv --field published=pub_date
    """
    sys.exit(_exit_status(_ingest(paths, store_settings(db), quiet, fields, workers, dask)))

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
    with open_existing(db) as store:
        ranked = views.all_stories(store)
        members: set[str] | None = None
        if story is not None:
            found = views.story(store, story, analyse=False)
            if found is None:
                raise UsageError(f"no story {printable(story)!r}; `storyline stories` lists the ids")
            ranked = [found.story]
            members = set(found.story.article_ids)
        analyses = analyses_shown(store, ranked if fmt == "json" else ranked[:_REPORTED], quiet,
                                  workers, dask)

        def selected() -> Iterator[Article]:
            return (a for a in views.articles(store) if members is None or a.id in members)

        if fmt == "json":  # streamed: one article in memory at a time
            moved = [r.record() for r in views.redirects(
                store, None if members is None else [s.id for s in ranked])]
            count = _write(output, lambda out: write_json(out, selected(), ranked, analyses,
                                                          redirects=moved))
        else:
            articles = (report_articles(store, ranked, analyses) if members is None
                        else views.articles_by_id(store, sorted(members)))
            rejections = views.rejections(store)
            render = to_markdown if fmt == "md" else to_html
            text = render(articles, rejections, ranked, analyses)
            _write(output, lambda out: out.write(text))
            count = len(articles)
    if output != "-" and not quiet:
        err.print(f"wrote {output} ({count} articles)", markup=False)


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
@click.option("--window", "window_days", type=click.IntRange(min=1), default=None,
              help="Only re-cluster the stories active in the last DAYS days (the window "
                   "ends at the newest article's date), whatever their size.")
@store_options
@handle_errors
def recluster(window_days: int | None, db: str | None, quiet: bool) -> None:
    """Rebuild every story from the stored articles with the current settings; stories
    keep their ids by member overlap and every merge or split is recorded. With
    --window, re-cluster only the recent stories (what a refresh does when the window is
    small).

    \b
    Example:
      storyline recluster --db news.db
      storyline recluster --window 14
    """
    with open_existing(db) as store:
        if window_days is None:
            refreshed = refresh_stories(store, rebuild=True)
        else:
            refreshed = refresh_stories(store, window_days=window_days, asked=True,
                                        pass_limit=0)
    if not quiet:
        if refreshed.window is not None:
            err.print(f"re-clustered {refreshed.window.articles:,} articles of the last "
                      f"{window_days} days: {refreshed.window.changed:,} "
                      f"{'group' if refreshed.window.changed == 1 else 'groups'} of stories "
                      "changed", markup=False)
        else:
            err.print(f"{len(refreshed.stories)} stories rebuilt from {refreshed.placed} "
                      "articles", markup=False)
        print_refresh(replace(refreshed, rebuilt=False), quiet)

