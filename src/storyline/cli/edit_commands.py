"""`storyline stories merge|split|hide|undo|edits`: editors' decisions on stories, recorded
in the store and kept by every later ingest and re-clustering (`flow.edits`)."""

from __future__ import annotations

import click

from storyline.cli.common import err, handle_errors, one_line, open_existing, out, store_options
from storyline.cli.read_commands import stories
from storyline.cli.store_commands import print_refresh
from storyline.flow.edits import EditOutcome, hide_story, merge_stories, split_story, undo_edit


def _report(outcome: EditOutcome, done: str, quiet: bool, *, undoable: bool = True) -> None:
    if outcome.refresh is not None:
        print_refresh(outcome.refresh, quiet)
    if not quiet:
        ids = ", ".join(outcome.stories)
        hint = f" (undo: storyline stories undo {outcome.edit})" if undoable else ""
        err.print(f"edit {outcome.edit}: {done} -> {ids}{hint}", markup=False)


@stories.command("merge")
@click.argument("story_ids", nargs=-1, required=True)
@store_options
@handle_errors
def merge(story_ids: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Make two or more stories one. The merged story keeps the id of the largest; the
    others' ids redirect to it.

    \b
    Example:
      storyline stories merge s1a2b3c4d5e6f7a8 s9f8e7d6c5b4a3b2
    """
    with open_existing(db) as store:
        outcome = merge_stories(store, story_ids)
    _report(outcome, f"merged {len(story_ids)} stories", quiet)


@stories.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@store_options
@handle_errors
def split(story_id: str, article_ids: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Take articles out of a story into a story of their own. The larger part keeps the
    story's id; `show` lists where the others went.

    \b
    Example:
      storyline stories split s1a2b3c4d5e6f7a8 9c0ffee1234abcd 7deadbeef00c0de
    """
    with open_existing(db) as store:
        outcome = split_story(store, story_id, article_ids)
    _report(outcome, f"split {len(article_ids)} article(s) out of {story_id}", quiet)


@stories.command("hide")
@click.argument("story_id")
@store_options
@handle_errors
def hide(story_id: str, db: str | None, quiet: bool) -> None:
    """Leave a story out of lists, exports and the desk's front page (`show ID` still
    reads it).

    \b
    Example:
      storyline stories hide s1a2b3c4d5e6f7a8
    """
    with open_existing(db) as store:
        outcome = hide_story(store, story_id)
    _report(outcome, "hidden", quiet)


@stories.command("undo")
@click.argument("edit", type=int, required=False)
@store_options
@handle_errors
def undo(edit: int | None, db: str | None, quiet: bool) -> None:
    """Undo an editor's decision by its number (default: the last one in force). An undone
    merge gives the stories back their ids; an undone split lets the clustering decide
    again.

    \b
    Example:
      storyline stories undo 3
    """
    with open_existing(db) as store:
        outcome = undo_edit(store, edit)
    _report(outcome, "undone", quiet, undoable=False)


@stories.command("edits")
@store_options
@handle_errors
def edits(db: str | None, quiet: bool) -> None:
    """List editors' decisions: number, time, kind, stories, and whether undone.

    \b
    Example:
      storyline stories edits
    """
    with open_existing(db) as store:
        rows = store.story_edits(in_force=False)
    if not rows and not quiet:
        err.print("no editor's decisions yet", markup=False)
    for row in rows:
        if row.kind == "merge":
            what = " + ".join(one_line(s) for s in (row.story_id, *row.others))
        elif row.kind == "split":
            n = len(row.parts[0]) if row.parts else 0
            what = f"{n} article{'s' if n != 1 else ''} out of {one_line(row.story_id)}"
        else:
            what = one_line(row.story_id)
        state = f"  (undone {_when(row.undone)})" if row.undone else ""
        out.print(f"{row.seq:>4}  {_when(row.at)}  {row.kind:<5}  {what}{state}", markup=False)


def _when(at: str) -> str:
    """A stored UTC time as `show` prints it."""
    return f"{at[:16].replace('T', ' ')} UTC" if at else "?"
