"""Untrusted text (article text, titles, outlet names, file names) written into Markdown
as text: every character that could start Markdown syntax is escaped, so a renderer shows
`[x](javascript:alert(9))` or `![t](http://evil.example/t.png)` as those characters, never
as a link or a live remote image. CommonMark lets any ASCII punctuation be escaped with a
backslash; "<" becomes an entity (raw HTML and autolinks start with it)."""

from __future__ import annotations

import re

#: Inline syntax anywhere in a line: escapes, code, emphasis, links and images, tables,
#: strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]!|~])")
#: An entity ("&amp;", "&#60;") would be decoded by the renderer: its "&" is escaped.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
#: Block syntax at a line's start: headings, quotes, list items, setext underlines,
#: thematic breaks.
_BLOCK = re.compile(r"^([#>+=\-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_LINES = re.compile(r"\r\n|\r|\n")


class MarkdownSafe(str):
    """Markdown we built (a code span), written as it is."""


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders to exactly its characters (each line without the
    spaces around it, which would make code blocks and hard breaks)."""
    lines = []
    for line in _LINES.split(text):
        line = _INLINE.sub(r"\\\1", line.strip())
        line = _ENTITY.sub(r"\\&", line).replace("<", "&lt;")
        line = _ORDERED.sub(r"\1\\\2", _BLOCK.sub(r"\\\1", line))
        lines.append(line)
    return "\n".join(lines)


def code_span(text: str) -> MarkdownSafe:
    """`text` as a code span (ids, file names): fenced by more backticks than it holds."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MarkdownSafe(f"{fence}{pad}{text}{pad}{fence}")


def quote_lines(text: str) -> MarkdownSafe:
    """`text` escaped for a block quote that the template opens with "> ": each further
    line gets its own "> ", so a quote of several paragraphs stays one quote (a blank line
    would end it)."""
    return MarkdownSafe(escape_markdown(text).replace("\n", "\n> "))


def finalize(value: object) -> object:
    """Jinja's `finalize` for the Markdown templates: every value printed is escaped,
    except Markdown built on purpose (`MarkdownSafe`)."""
    if isinstance(value, str) and not isinstance(value, MarkdownSafe):
        return escape_markdown(value)
    return value
