"""What every command shares: the group, the consoles, store options, error handling and
the one-line view of a story."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from storyline import __version__
from storyline.errors import StorylineError, UsageError
from storyline.languages import language_code
from storyline.model import Drop
from storyline.settings import Settings, from_env
from storyline.store import Filters, Store

if TYPE_CHECKING:
    from storyline.stories import Story

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
#: An unexpected failure (a bug): never 1, which says "some inputs rejected, the rest stored".
EXIT_CRASH = 3
class _Console(Console):
    """A console whose reader going away (`| head`) ends the command quietly with status 0:
    rich's default exits 1, which here means "some inputs were rejected"."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(EXIT_OK)


err = _Console(stderr=True, highlight=False, soft_wrap=True)
out = _Console(highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """storyline: turn news articles from many outlets into stories.

    \b
    Example:
      storyline run examples/ -o report.html
    """

#: Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", and two-character
#: ones), then any other control character, C1 included, and the bidirectional overrides
#: that reorder what a terminal shows: none of it may reach a terminal from article text.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
                      r"|[\x1b\x9d][\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-Z\\-_]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object, fallback: str = "") -> str:
    """`text` safe to print on a terminal: escape sequences and control characters taken
    out (tabs and newlines kept). Every CLI print of text from input goes through this."""
    if text is None:
        return fallback
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def one_line(text: object, fallback: str = "") -> str:
    """`printable`, on one line (newlines and tabs become spaces)."""
    return " ".join(printable(text, fallback).split()) or fallback


def outlet_label(source: str | None, url: str | None) -> str:
    """Who published an article (`outlets.outlet_label`), on one line."""
    from storyline.outlets import outlet_label as label

    return one_line(label(source, url))


def store_options(func: F) -> F:
    """--db and --quiet, shared by every command that touches the store."""
    func = click.option("--quiet", "-q", is_flag=True, help="Print only errors.")(func)
    func = click.option(
        "--db", type=click.Path(dir_okay=False), default=None, envvar="STORYLINE_DB",
        help="The store (SQLite file). Default ./storyline.db or $STORYLINE_DB.",
    )(func)
    return func

def work_options(func: F) -> F:
    """--workers and --dask: where the per-article work (cleaning, analysis) runs."""
    func = click.option(
        "--dask", default=None, envvar="STORYLINE_DASK", metavar="ADDRESS",
        help="Run the per-article work on this Dask scheduler (tcp://HOST:8786); "
             "needs `pip install 'storyline[dask]'`. Default $STORYLINE_DASK.",
    )(func)
    func = click.option(
        "--workers", type=click.IntRange(min=1), default=None, envvar="STORYLINE_WORKERS",
        help="Processes for the per-article work (cleaning, analysis). Default: the number of cores (small "
             "work stays in this process).",
    )(func)
    return func

def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:
            err.print("error:", printable(exc.message), style="red", markup=False, highlight=False)
            sys.exit(exc.exit_status)
        except KeyboardInterrupt:
            err.print("interrupted: every committed batch is stored; re-run to finish.")
            sys.exit(130)
        except click.ClickException:
            raise  # click's own usage errors: click prints them
        except BrokenPipeError:  # the reader stopped reading (`| head`): not a failure
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # nothing more to flush at exit
            sys.exit(EXIT_OK)
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


def open_existing(db: str | None) -> Store:
    """The store a read command reads: an error, not a new empty store, when there is
    none at that path (a mistyped --db)."""
    return Store.open(store_settings(db).db_path, create=False)


def filter_options(func: F) -> F:
    """--since --until --outlet --entity --lang, shared by `stories` and `search`."""
    day = click.DateTime(formats=["%Y-%m-%d"])
    for option in reversed((
        click.option("--since", type=day, default=None, metavar="YYYY-MM-DD",
                     help="From this date: stories still running then, articles published "
                     "then or later."),
        click.option("--until", type=day, default=None, metavar="YYYY-MM-DD",
                     help="Up to this date: stories begun by then, articles published by then."),
        click.option("--outlet", default=None, help="Only stories with an article from this "
                     "outlet, or articles from it (its name or whole words of it, any case)."),
        click.option("--entity", default=None, help="Only stories naming this entity (its name "
                     "or id), or their articles. Entities come from analysed stories (run, "
                     "export and show analyse them)."),
        click.option("--lang", default=None, help="Only stories with articles in this language, "
                     "or articles in it: a code (en, de, ...) or a name (English, Deutsch)."),
    )):
        func = option(func)
    return func


def filters_from(since: dt.datetime | None, until: dt.datetime | None, outlet: str | None,
                 entity: str | None, lang: str | None, query: str | None = None) -> Filters:
    if since and until and since > until:
        raise UsageError("--since is after --until: no date can be in both")
    return Filters(since=since.date() if since else None, until=until.date() if until else None,
                   outlet=outlet, entity=entity, language=language_code(lang) if lang else None,
                   query=query)

def print_drops(drops: list[Drop]) -> None:
    for drop in drops:
        err.print(f"rejected: {one_line(drop.origin)}: {one_line(drop.reason)}", markup=False)

def plural(number: int, noun: str, nouns: str | None = None) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {nouns or noun + 's'}"

def print_story_line(number: int, story: Story, outlets: Sequence[str]) -> None:
    score = story.score
    first = story.first_published.isoformat() if story.first_published else "?"
    last = story.last_published.isoformat() if story.last_published else "?"
    out.print(f"{number:>3}. {one_line(story.headline, '(untitled)')}", markup=False, style="bold")
    out.print(
        f"     {story.id} · {plural(len(story.article_ids), 'article')} "
        f"({score.independent_articles} independent) · {plural(len(outlets), 'outlet')} · "
        f"{first} – {last}", markup=False)
    behind = ("undated" if score.days_behind is None
              else f"{plural(score.days_behind, 'day', 'days')} behind")
    out.print(  # points, each with what it counts: "outlets 2.00" is not two outlets
        f"     score {score.total:.2f} = outlets {score.outlet_points:.2f} ({score.outlets} "
        f"independent) + articles {score.article_points:.2f} ({score.independent_articles}) + "
        f"freshness {score.freshness_points:.2f} ({behind}) + growth {score.growth_points:.2f} "
        f"({score.recent_articles} recent)", markup=False, style="dim")
