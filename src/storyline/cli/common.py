"""What every command shares: the group, the consoles, store options, error handling and
the one-line view of a story."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from storyline import __version__
from storyline.errors import StorylineError
from storyline.model import Drop
from storyline.settings import Settings, from_env
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.stories import Story

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
#: An unexpected failure (a bug): never 1, which says "some inputs rejected, the rest stored".
EXIT_CRASH = 3
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """storyline: turn news articles from many outlets into stories.

    \b
    Example:
      storyline run examples/ -o report.html
    """

def store_options(func: F) -> F:
    """--db and --quiet, shared by every command that touches the store."""
    func = click.option("--quiet", "-q", is_flag=True, help="Print only errors.")(func)
    func = click.option(
        "--db", type=click.Path(dir_okay=False), default=None, envvar="STORYLINE_DB",
        help="The store (SQLite file). Default ./storyline.db or $STORYLINE_DB.",
    )(func)
    return func

def work_options(func: F) -> F:
    """--workers and --dask: where the per-article analysis runs."""
    func = click.option(
        "--dask", default=None, envvar="STORYLINE_DASK", metavar="ADDRESS",
        help="Run the per-article analysis on this Dask scheduler (tcp://HOST:8786); "
             "needs `pip install 'storyline[dask]'`. Default $STORYLINE_DASK.",
    )(func)
    func = click.option(
        "--workers", type=click.IntRange(min=1), default=None, envvar="STORYLINE_WORKERS",
        help="Processes for the per-article analysis. Default: the number of cores (small "
             "work stays in this process).",
    )(func)
    return func

def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:
            err.print(f"[red]error:[/red] {exc.message}", markup=True, highlight=False)
            sys.exit(exc.exit_status)
        except KeyboardInterrupt:
            err.print("interrupted: every committed batch is stored; re-run to finish.")
            sys.exit(130)
        except click.ClickException:
            raise  # click's own usage errors: click prints them
        except Exception as exc:  # a bug: say so, never exit like a rejection
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            err.print(f"error: storyline failed ({type(exc).__name__}: {exc}, at "
                      f"{Path(frame.filename).name}:{frame.lineno}). This is a bug: please "
                      "report it with the command and the input. Every committed batch is "
                      "stored.", markup=False)
            sys.exit(EXIT_CRASH)

    return wrapper  # type: ignore[return-value]

def store_settings(db: str | None) -> Settings:
    return from_env(db_path=db)

def print_drops(drops: list[Drop]) -> None:
    for drop in drops:
        err.print(f"rejected: {drop.origin}: {drop.reason}", markup=False)

def story_outlets(store: Store, story: Story) -> list[str]:
    names = {a.source or "unknown" for a in map(store.article, story.article_ids) if a}
    return sorted(names)

def plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"

def print_story_line(number: int, story: Story, outlets: list[str]) -> None:
    score = story.score
    first = story.first_published.isoformat() if story.first_published else "?"
    last = story.last_published.isoformat() if story.last_published else "?"
    out.print(f"{number:>3}. {story.headline or '(untitled)'}", markup=False, style="bold")
    out.print(
        f"     {story.id} · {plural(len(story.article_ids), 'article')} "
        f"({score.independent_articles} independent) · {plural(len(outlets), 'outlet')} · "
        f"{first} – {last}", markup=False)
    out.print(
        f"     score {score.total:.2f} = outlets {score.outlet_points:.2f} + articles "
        f"{score.article_points:.2f} + freshness {score.freshness_points:.2f} + growth "
        f"{score.growth_points:.2f}", markup=False, style="dim")
