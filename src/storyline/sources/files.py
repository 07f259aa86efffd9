"""Find input files under the paths a user gave and read their bytes within limits.

Folders are walked recursively without following links out of the folder; hidden files
are skipped; compressed files are read through gzip with the same size limit applied to
what they expand to (a gzip bomb is refused, not unpacked).
"""

from __future__ import annotations

import errno
import gzip
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.model import Drop

#: Formats by file-name suffix (after an optional `.gz`).
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}
SUPPORTED = ", ".join(sorted(FORMATS))


@dataclass(frozen=True, kw_only=True)
class InputFile:
    """A file to read: where it is, what format its name says, whether it is gzipped."""

    path: Path
    format: str
    gzipped: bool

    @property
    def origin(self) -> str:
        return path_text(self.path)


def path_text(path: Path) -> str:
    """The path as text that can be stored and printed: a byte of a file name that is not
    UTF-8 (kept by Python as a lone surrogate) becomes a visible escape, `zz_\\xe9.txt`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def human_size(size: int) -> str:
    """1,500 bytes / 2.5 MB: exact enough to act on whatever the limit."""
    if size < 1_000_000:
        return f"{size:,} bytes"
    return f"{size / 1e6:,.1f} MB"


class InputTooLarge(ValueError):
    """The input (or what it decompresses to) is above the configured limit."""


def classify(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when we do not read it."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[: -len(".gz")]
    return FORMATS.get(os.path.splitext(name)[1]), gzipped


def _link_problem(root: Path, path: Path) -> str | None:
    """Why a symbolic link under `root` is not followed (None: it is read)."""
    try:
        path.resolve(strict=True).relative_to(root.resolve())
    except (RuntimeError, OSError) as exc:  # RuntimeError: Python < 3.13's "Symlink loop"
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            return "symbolic link loop; not followed"
        return "broken symbolic link (its target does not exist)"
    except ValueError:
        return "symbolic link pointing outside the folder; not followed"
    return None


def _loops(path: Path) -> bool:
    """`path` is (or passes through) a symbolic link loop."""
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _walk(root: Path) -> Iterator[Path]:
    """Every non-hidden file under `root`, without descending into linked folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        yield from (Path(dirpath) / name for name in filenames if not name.startswith("."))


def discover(paths: list[Path]) -> Iterator[InputFile | Drop]:
    """Every readable input under `paths`, in a stable (sorted) order; the rest as Drops."""
    for given in paths:
        if given.is_dir():
            for path in sorted(_walk(given), key=lambda p: p.parts):
                problem = _link_problem(given, path) if path.is_symlink() else None
                if problem is not None:
                    yield Drop(origin=path_text(path), stage="read", reason=problem)
                    continue
                yield _one(path)
        elif given.is_file():
            yield _one(given)
        elif _loops(given):
            yield Drop(origin=path_text(given), stage="read",
                       reason="symbolic link loop; not followed")
        else:
            yield Drop(origin=path_text(given), stage="read", reason="no such file or folder")


def _one(path: Path) -> InputFile | Drop:
    fmt, gzipped = classify(path)
    if fmt is None:
        return Drop(
            origin=path_text(path),
            stage="read",
            reason=f"unsupported file type; storyline reads {SUPPORTED} (optionally .gz)",
        )
    return InputFile(path=path, format=fmt, gzipped=gzipped)


def read_bytes(item: InputFile, limit: int) -> bytes:
    """The file's bytes (decompressed if gzipped), refusing more than `limit` bytes.

    Raises InputTooLarge, OSError, EOFError (truncated gzip) or gzip.BadGzipFile.
    """
    size = item.path.stat().st_size
    if size > limit:
        raise InputTooLarge(f"file is {human_size(size)}, above the {human_size(limit)} limit")
    if not item.gzipped:
        return item.path.read_bytes()
    with gzip.open(item.path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"decompresses to more than the {human_size(limit)} limit")
    return data


def gzip_problem(exc: BaseException) -> str:
    """A reason a person can act on for a failed gzip read."""
    if isinstance(exc, EOFError):
        return "truncated gzip file: the compressed stream ends early"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"not a valid gzip file ({exc})"
    return f"cannot read file: {exc}"
