"""What is checked before a store is used: that the file is ours and not from a newer
storyline (looked at through a read-only connection, so another program's database is
left exactly as it was), whether it can be written, and that its tables have the columns
the migrations made.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from storyline.errors import StoreError
from storyline.store.migrations import MIGRATIONS

#: `PRAGMA user_version` of a store made by this storyline: one per migration, so a store
#: from a newer storyline (more migrations) is known even before its names are read.
SCHEMA_VERSION = len(MIGRATIONS)
_KNOWN = {name for name, _ in MIGRATIONS}


def read_only_reason(path: Path) -> str | None:
    """Why the store at `path` cannot be written (its folder or the file is read-only),
    or None. `os.access` sees a read-only mount even for root (chmod does not stop root)."""
    folder = path.parent
    if not folder.is_dir():  # no folder at all: SQLite's own error says so
        return None
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    return None


def connect_read_only(path: Path, *, inspect: bool = False) -> sqlite3.Connection:
    """A connection that never writes the database: `mode=ro` (which, on a store in WAL
    mode, makes the usual -wal and -shm files beside it); `immutable=1`, which makes
    nothing, in a read-only folder (where SQLite cannot make them) or to `inspect` a file
    that no one is writing (no -wal file). Immutable is safe only without a pending -wal:
    a read-only store with one is refused."""
    uri = f"file:{quote(str(path.resolve()))}"
    wal = path.with_name(path.name + "-wal")
    if inspect and not wal.exists():
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=30)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        db.close()
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(f"cannot read the store {path}: it is read-only and holds writes "
                             f"not yet merged ({wal.name}); copy the store with that file to "
                             "a writable folder and open it there") from None
        db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    return db


def check_ours(path: Path) -> None:
    """Refuse a file storyline must not use, without changing it: not SQLite, another
    program's database, or a store from a newer storyline. An empty or missing file is a
    new store."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        db = connect_read_only(path, inspect=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a SQLite database ({exc}); storyline left it "
                         "untouched: give --db a new file or an existing store") from exc
    try:
        tables = sorted(row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        applied = (sorted(row[0] for row in db.execute("SELECT name FROM schema_migrations"))
                   if "schema_migrations" in tables else [])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a SQLite database ({exc}); storyline left it "
                         "untouched: give --db a new file or an existing store") from exc
    finally:
        db.close()
    if tables and "schema_migrations" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{path} is not a storyline store: it is another program's SQLite "
                         f"database (tables: {shown}); storyline left it untouched: give "
                         "--db a new file or an existing store")
    unknown = [name for name in applied if name not in _KNOWN]
    if unknown or version > SCHEMA_VERSION:
        what = (f"migrations {', '.join(unknown)}" if unknown
                else f"schema version {version}, this one knows {SCHEMA_VERSION}")
        raise StoreError(f"the store {path} was made by a newer storyline ({what}); this "
                         "version leaves it untouched: upgrade storyline to open it")


def expected_columns() -> dict[str, list[str]]:
    """Table -> columns, as the migrations make them (built in memory: a few ms)."""
    db = sqlite3.connect(":memory:")
    try:
        for _, sql in MIGRATIONS:
            db.executescript(sql)
        return _columns(db)
    finally:
        db.close()


def check_columns(db: sqlite3.Connection, path: str) -> None:
    """Refuse a store whose tables lack columns the migrations made (renamed or dropped
    outside storyline): every query would fail on it later, with less to go on."""
    found = _columns(db)
    for table, columns in expected_columns().items():
        if table not in found:
            raise StoreError(f"the store {path} has no table {table} (dropped outside "
                             "storyline?); restore a backup or start a new store")
        missing = [c for c in columns if c not in found[table]]
        if missing:
            raise StoreError(f"the store {path}: table {table} has no column "
                             f"{', '.join(missing)} (renamed or dropped outside storyline?; "
                             f"it has {', '.join(found[table])}); restore a backup or start "
                             "a new store")


def _columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: [row[0] for row in db.execute("SELECT name FROM pragma_table_info(?)",
                                                  (table,))]
            for table in tables}
