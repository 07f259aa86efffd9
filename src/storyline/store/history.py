"""Story history in the store: the recorded merges, splits and moves (`story_events`), the
redirects of retired ids (`story_redirects`) and editors' decisions (`story_edits`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from storyline.stories.identity import StoryEvent

__all__ = ["EditRow", "NewEdit", "RecordedEvent", "StoryHistory", "record_edit",
           "record_events", "utc_now"]


@dataclass(frozen=True, kw_only=True)
class RecordedEvent:
    """A `StoryEvent` as stored: its number and UTC time ('' for merges recorded before
    the history existed)."""

    seq: int
    at: str
    kind: str
    story_id: str
    others: tuple[str, ...]
    articles: tuple[str, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class NewEdit:
    """An editor's decision to record with the stories it gives, in one transaction (see
    `record_edit`): a crash leaves both or neither."""

    kind: str
    story_id: str
    others: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, kw_only=True)
class EditRow:
    """An editor's decision on `story_id`: `merge` (with the stories in `others`; `parts`
    holds each named story's articles at the time, `story_id`'s first), `split` (`parts`
    holds the one group of articles taken out) or `hide`; `undone` is when it was undone."""

    seq: int
    at: str
    kind: str
    story_id: str
    others: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    undone: str | None


class _HasDb(Protocol):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


def utc_now() -> str:
    """The time every store write is stamped with: UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def record_events(db: sqlite3.Connection, events: Sequence[StoryEvent], at: str) -> None:
    """Store events and their redirects (inside the caller's transaction)."""
    for event in events:
        cursor = db.execute(
            "INSERT INTO story_events (at, kind, story_id, others, articles, reason) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (at, event.kind, event.story_id, json.dumps(list(event.others)),
             json.dumps(list(event.articles)), event.reason))
        db.executemany("INSERT OR REPLACE INTO story_redirects (retired, successor, event) "
                       "VALUES (?, ?, ?)",
                       [(retired, successor, cursor.lastrowid)
                        for retired, successor in event.redirects])
        db.executemany("INSERT OR IGNORE INTO story_event_stories (story_id, event) "
                       "VALUES (?, ?)",
                       [(sid, cursor.lastrowid) for sid in {event.story_id, *event.others}])


def record_edit(db: sqlite3.Connection, edit: NewEdit, at: str) -> int:
    """Store an editor's decision (inside the caller's transaction); its number."""
    cursor = db.execute(
        "INSERT INTO story_edits (at, kind, story_id, others, articles) VALUES (?, ?, ?, ?, ?)",
        (at, edit.kind, edit.story_id, json.dumps(list(edit.others)),
         json.dumps([list(part) for part in edit.parts])))
    return int(cursor.lastrowid or 0)


def _reach(start: str, successors: Callable[[str], Iterable[str]],
           live: Callable[[str], bool]) -> set[str]:
    """The live ids a retired id leads to, through redirects (cycles and dead ends end)."""
    found: set[str] = set()
    seen, todo = {start}, [start]
    while todo:
        for successor in successors(todo.pop()):
            if successor not in seen:
                seen.add(successor)
                (found.add if live(successor) else todo.append)(successor)
    return found


def _event(row: sqlite3.Row) -> RecordedEvent:
    return RecordedEvent(seq=row["seq"], at=row["at"], kind=row["kind"], story_id=row["story_id"],
                         others=tuple(json.loads(row["others"])),
                         articles=tuple(json.loads(row["articles"])), reason=row["reason"])


def _edit(row: sqlite3.Row) -> EditRow:
    return EditRow(seq=row["seq"], at=row["at"], kind=row["kind"], story_id=row["story_id"],
                   others=tuple(json.loads(row["others"])),
                   parts=tuple(tuple(part) for part in json.loads(row["articles"])),
                   undone=row["undone"])


class StoryHistory:
    """Store methods over the story history tables (mixed into `Store`)."""

    def story_events(self: _HasDb, story_id: str) -> list[RecordedEvent]:
        """The events a story took part in, oldest first."""
        rows = self._db.execute(
            "SELECT e.* FROM story_event_stories s JOIN story_events e ON e.seq = s.event "
            "WHERE s.story_id = ? ORDER BY e.seq", (story_id,))
        return [_event(row) for row in rows]

    def story_successors(self: _HasDb, story_id: str) -> tuple[str, ...]:
        """The live stories a retired id resolves to, following redirects through later
        merges and splits (sorted); () for a live id or an id never recorded."""

        def live(sid: str) -> bool:
            return self._db.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone() \
                is not None

        if live(story_id):
            return ()
        return tuple(sorted(_reach(story_id, lambda sid: [row[0] for row in self._db.execute(
            "SELECT successor FROM story_redirects WHERE retired = ?", (sid,))], live)))

    def redirect_table(self: _HasDb) -> list[tuple[str, tuple[str, ...], str]]:
        """Every retired id that is not live again, with the live stories it resolves to
        (sorted; () when its articles are gone) and the kind of its last event (merge or
        split), ordered by id: the export's redirects."""
        live = {row[0] for row in self._db.execute("SELECT id FROM stories")}
        edges: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        for retired, successor, kind in self._db.execute(
                "SELECT r.retired, r.successor, e.kind FROM story_redirects r "
                "JOIN story_events e ON e.seq = r.event ORDER BY r.event"):
            edges.setdefault(retired, []).append(successor)
            kinds[retired] = kind
        return [(retired, tuple(sorted(_reach(retired, lambda sid: edges.get(sid, ()),
                                              live.__contains__))), kinds[retired])
                for retired in sorted(edges.keys() - live)]

    def redirects(self: _HasDb) -> list[tuple[str, str, int]]:
        """Every (retired id, successor, event number), in the order recorded."""
        return [(row[0], row[1], row[2]) for row in self._db.execute(
            "SELECT retired, successor, event FROM story_redirects ORDER BY event, retired, "
            "successor")]

    def story_edits(self: _HasDb, *, in_force: bool = True) -> list[EditRow]:
        """Editors' decisions, oldest first (only those not undone, unless asked)."""
        where = "WHERE undone IS NULL" if in_force else ""
        return [_edit(row) for row in self._db.execute(
            f"SELECT * FROM story_edits {where} ORDER BY seq")]

    def hidden_stories(self: _HasDb) -> set[str]:
        return {row[0] for row in self._db.execute(
            "SELECT story_id FROM story_edits WHERE kind = 'hide' AND undone IS NULL")}

    def next_edit_number(self: _HasDb) -> int:
        """The number the next recorded decision will get (one writer: it holds)."""
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'story_edits'"
                               ).fetchone()
        return int(row[0] if row else 0) + 1

    def add_story_edit(self: _HasDb, edit: NewEdit) -> int:
        """Record a decision that moves no article (hiding); its number."""
        with self._transaction() as db:
            return record_edit(db, edit, utc_now())

    def undo_story_edit(self: _HasDb, seq: int) -> None:
        with self._transaction() as db:
            db.execute("UPDATE story_edits SET undone = ? WHERE seq = ? AND undone IS NULL",
                       (utc_now(), seq))
