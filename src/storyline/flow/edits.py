"""Editors' decisions on stories: merge, split, hide, and undo. Each is applied by a
refresh and recorded (`story_edits`) with the stories it gives, in one transaction (a kill
leaves both or neither); every later refresh applies the decisions in force after each
clustering (`stories.edits`), so a later ingest or re-clustering pass keeps them.

Ids follow the one rule of `stories.identity`: the id stays with the larger part. Merging
A and B keeps the id of the larger and redirects the other; splitting articles out of a
story gives them a new id (unless they are the larger part: then they keep it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.errors import UsageError
from storyline.flow.refresh import StoryRefresh, refresh_stories
from storyline.store import Store
from storyline.store.history import EditRow, NewEdit
from storyline.stories.edits import Constraint

__all__ = ["EditOutcome", "hide_story", "merge_stories", "split_story", "undo_edit"]


@dataclass(frozen=True, kw_only=True)
class EditOutcome:
    """An applied decision: its number (for `undo`), the stories it left (ids), and the
    refresh that applied it (None for hiding, which moves no article)."""

    edit: int
    stories: tuple[str, ...]
    refresh: StoryRefresh | None = None


def _live(store: Store, story_id: str) -> str:
    """A live story's id: the id itself, or the one story a retired id resolves to."""
    if store.story(story_id) is not None:
        return story_id
    successors = store.story_successors(story_id)
    if len(successors) == 1:
        return successors[0]
    if successors:
        raise UsageError(f"story {story_id!r} split into {', '.join(successors)}; name one of "
                         "them")
    raise UsageError(f"no story with id {story_id!r}; `storyline stories` lists ids")


def _where(store: Store, article_ids: Sequence[str]) -> tuple[str, ...]:
    stories = store.stories()
    home = {a: s.id for s in stories for a in s.article_ids}
    return tuple(sorted({home[a] for a in article_ids if a in home}))


def merge_stories(store: Store, story_ids: Sequence[str]) -> EditOutcome:
    """Make the named stories one (they stay one until the edit is undone)."""
    refresh_stories(store)  # place whatever is waiting first: the edit names today's stories
    resolved = [(sid, _live(store, sid)) for sid in story_ids]
    ids = list(dict.fromkeys(live for _, live in resolved))
    if len(ids) < 2:
        moved = [f"{sid} was merged into {live}" for sid, live in resolved if live != sid]
        raise UsageError("merging needs two different stories" +
                         (f" ({'; '.join(moved)}: they are one already)" if moved else ""))
    hidden = store.hidden_stories().intersection(ids)
    if hidden:
        raise UsageError(f"story {sorted(hidden)[0]} is hidden: undo its hide first (`storyline "
                         "stories edits` lists it), then merge, then hide the merged story")
    parts = []
    for sid in ids:
        story = store.story(sid)
        assert story is not None
        parts.append(story.article_ids)
    seq = store.next_edit_number()
    refreshed = refresh_stories(store, why=f"editor's merge (edit {seq})", edit=NewEdit(
        kind="merge", story_id=ids[0], others=tuple(ids[1:]), parts=tuple(parts)))
    return EditOutcome(edit=seq, stories=_where(store, parts[0]), refresh=refreshed)


def split_story(store: Store, story_id: str, article_ids: Sequence[str]) -> EditOutcome:
    """Take the named articles out of a story into a story of their own."""
    refresh_stories(store)
    sid = _live(store, story_id)
    story = store.story(sid)
    assert story is not None
    wanted = list(dict.fromkeys(article_ids))
    strangers = [a for a in wanted if a not in story.article_ids]
    if strangers:
        raise UsageError(f"not in story {sid}: {', '.join(strangers)} "
                         f"(`storyline show {sid}` lists its articles)")
    if not wanted or len(wanted) == len(story.article_ids):
        raise UsageError("a split takes some of a story's articles, not none or all")
    rest = [a for a in story.article_ids if a not in wanted]
    seq = store.next_edit_number()
    refreshed = refresh_stories(store, why=f"editor's split (edit {seq})", edit=NewEdit(
        kind="split", story_id=sid, others=(), parts=(tuple(wanted), tuple(rest))))
    return EditOutcome(edit=seq, stories=_where(store, story.article_ids), refresh=refreshed)


def hide_story(store: Store, story_id: str) -> EditOutcome:
    """Keep a story out of lists and exports (it stays readable by its id)."""
    sid = _live(store, story_id)
    if sid in store.hidden_stories():
        raise UsageError(f"story {sid} is hidden already")
    seq = store.add_story_edit(NewEdit(kind="hide", story_id=sid, others=(), parts=()))
    return EditOutcome(edit=seq, stories=(sid,))


def undo_edit(store: Store, seq: int | None = None) -> EditOutcome:
    """Undo an editor's decision (the last one in force when `seq` is None)."""
    edits = store.story_edits()
    if seq is None:
        if not edits:
            raise UsageError("no editor's decision to undo")
        edit: EditRow = edits[-1]
    else:
        found = [e for e in store.story_edits(in_force=False) if e.seq == seq]
        if not found:
            raise UsageError(f"no edit {seq}; `storyline stories edits` lists them")
        edit = found[0]
        if edit.undone is not None:
            raise UsageError(f"edit {seq} was undone already ({edit.undone})")
    named = {a for part in edit.parts for a in part}
    later = [e for e in store.story_edits() if e.seq > edit.seq and e.kind != "hide"
             and not named.isdisjoint(a for part in e.parts for a in part)]
    if later and edit.kind != "hide":
        raise UsageError(f"edit {edit.seq} cannot be undone while edit {later[-1].seq}, which "
                         f"is about the same articles, is in force: undo {later[-1].seq} first")
    if edit.kind == "hide":
        store.undo_story_edit(edit.seq)
        return EditOutcome(edit=edit.seq, stories=(edit.story_id,))
    revive = dict(zip((edit.story_id, *edit.others), edit.parts, strict=False)) \
        if edit.kind == "merge" else None
    # the index holds the edit's result: reverse it there once (the clustering may then
    # decide otherwise later, as for any story)
    refreshed = refresh_stories(store, why=f"undo of edit {edit.seq} ({edit.kind})",
                                revive=revive, undo=edit.seq, reverse=Constraint(
                                    kind="split" if edit.kind == "merge" else "merge",
                                    parts=edit.parts))
    return EditOutcome(edit=edit.seq, refresh=refreshed,
                       stories=_where(store, [a for part in edit.parts for a in part]))
