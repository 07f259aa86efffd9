"""Quoted stretches: text between quotation marks, paired across paragraphs.

Marks: straight `"` (opening or closing read from the spacing around it), typographic
“ ” and „ (closed by “ as in German, or by ”), guillemets « ». News convention for a quote
over several paragraphs: each paragraph opens with a mark and only the last one closes, so
an open quote that reaches the end of its paragraph continues when the next paragraph
opens with a mark; otherwise it was never closed and is dropped (a stray mark must not swallow the article).
Single quotes are left alone: they are apostrophes far more often than quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
ALL_MARKS = OPENERS | CLOSERS | {STRAIGHT}
_BEFORE_OPEN = frozenset(" \t\n([{—–-/:")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
#: A quoted stretch with fewer words is a scare quote or a name ("so-called 'peacekeepers'").
MIN_WORDS = 3
#: Small words a title may hold in lower case ("Tales of the City").
_TITLE_SMALL = frozenset("a an the of and or in on at to for with from by".split())


@dataclass(frozen=True, kw_only=True)
class Stretch:
    """Quoted text: `parts` are (start, end) of the words inside each pair of marks (one
    per paragraph of a long quote), `open_at`/`close_at` the outer marks' offsets."""

    parts: tuple[tuple[int, int], ...]
    open_at: int
    close_at: int

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def _kind(text: str, i: int) -> str | None:
    """"open", "close" or None (unreadable) for the mark at `i`."""
    ch = text[i]
    before = text[i - 1] if i else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "”" and before == "\n" and not after.isspace():
        return "open"  # a paragraph opened with the wrong mark: ”We will ...
    if ch == "“" and not before.isspace() and before not in _BEFORE_OPEN and after.isspace():
        return "close"  # ... 51 percent.“ closed with the wrong mark
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i else " "
    if (before in _BEFORE_OPEN or before in OPENERS) and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def quoted_stretches(text: str) -> list[Stretch]:
    """Every balanced quoted stretch of `text`, in order (scare quotes included)."""
    found: list[Stretch] = []
    parts: list[tuple[int, int]] = []
    open_at: int | None = None  # the mark that opened the current part
    first_open: int | None = None  # the mark that opened the whole stretch
    pos, n = 0, len(text)
    while True:
        nl = text.find("\n", pos)
        stop = n if nl < 0 else nl
        line_end = pos + len(text[pos:stop].rstrip())
        scan_from = pos
        if open_at is not None:  # a quote left open in an earlier paragraph
            lead = pos + len(text[pos:stop]) - len(text[pos:stop].lstrip())
            if lead >= line_end:  # a blank line between paragraphs
                pos = stop + 1
                if nl < 0:
                    break
                continue
            if text[lead] in OPENERS or text[lead] == STRAIGHT:
                scan_from = lead
            else:
                open_at, parts, first_open = None, [], None
        for i in range(scan_from, line_end):
            if text[i] not in ALL_MARKS:
                continue
            kind = _kind(text, i)
            if text[i] == "“" and open_at is not None and text[open_at] == "„":
                kind = "close"  # German style: „...“
            if kind == "open" and (open_at is None or open_at < pos):
                open_at = i
                if first_open is None:
                    first_open = i
            elif kind == "open":  # a second opener in one paragraph: restart there
                open_at, parts, first_open = i, [], i
            elif kind == "close" and open_at is not None and first_open is not None:
                part = _trimmed(text, open_at + 1, i)
                if part is not None:
                    found.append(Stretch(parts=(*parts, part), open_at=first_open, close_at=i))
                open_at, parts, first_open = None, [], None
        if open_at is not None:
            part = _trimmed(text, open_at + 1, line_end)
            if part is None:
                open_at, parts, first_open = None, [], None
            else:
                parts.append(part)
        if nl < 0:
            break
        pos = nl + 1
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_scare(text: str) -> bool:
    """True for a quoted stretch that is no statement: one or two words ("so-called
    "peacekeepers""; but `"Okay," he said` ends with its own comma), or a title in title
    case without closing punctuation."""
    found = words(text)
    if len(found) < MIN_WORDS:
        return not found or text.rstrip()[-1:] not in ",!?"
    if text.rstrip()[-1:] in ".,!?…:;—-":
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL or w[:1].isdigit() for w in found)


#: A title in quotation marks is at most this many words ("Fox News Sunday", "The Wall
#: Street Journal"); a longer stretch in title case is a headline-style statement.
MAX_TITLE_WORDS = 8


def is_title(text: str) -> bool:
    """True for a name or title in quotation marks, whatever punctuation ends it: every
    word capitalised but the small ones ("Face the Nation,", "Shark Tank"); "I" alone or a
    one-word exclamation ("No!") is speech."""
    found = words(text)
    if not found or len(found) > MAX_TITLE_WORDS or text.rstrip()[-1:] in "!?":
        return False
    if len(found) == 1 and found[0] in ("I", "OK", "Okay", "Yes", "No"):
        return False
    return found[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _TITLE_SMALL or w[:1].isdigit() for w in found)
