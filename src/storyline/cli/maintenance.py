"""Commands that keep a store current with the code: re-clean stored articles."""

from __future__ import annotations

import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from storyline.cli.common import EXIT_OK, err, handle_errors, main, out, plural, store_options, store_settings


@main.command()
@store_options
@handle_errors
def reclean(db: str | None, quiet: bool) -> None:
    """Clean every stored article again from its stored raw record, so a store made by an
    older version gets what the cleaner does now (the publisher's typographic quotes kept,
    page furniture cut). An article whose text changes keeps its id; the stories are
    then rebuilt (their ids carried over). No input file is needed; idempotent.

    \b
    Example:
      storyline reclean --db news.db
    """
    from storyline.cli.store_commands import print_refresh
    from storyline.flow.reclean import reclean as reclean_store
    from storyline.flow.refresh import refresh_stories
    from storyline.store import Store

    settings = store_settings(db)
    with Store.open(settings.db_path) as store:
        if quiet or not sys.stderr.isatty():
            report = reclean_store(store)
        else:
            columns = (TextColumn("re-cleaning"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("articles"))
            with Progress(*columns, console=err, transient=True) as progress:
                task = progress.add_task("reclean", total=store.count())
                report = reclean_store(store, on_article=lambda: progress.advance(task))
        if report.updated and (not store.story_index_stored() or store.changed_articles()):
            # a changed text is placed again (`Store.upgrades`), changed fields (a title)
            # are described again: either way the article is in `changed_articles`
            print_refresh(refresh_stories(store), quiet)
    if not quiet:
        out.print(f"{plural(report.articles, 'article')}: {report.updated} updated, {report.current} "
                  f"already current, {report.kept} kept as stored (they no longer clean to an "
                  f"article, or clean to another stored one), {report.missing_raw} without a "
                  f"raw record", markup=False)
    sys.exit(EXIT_OK)
