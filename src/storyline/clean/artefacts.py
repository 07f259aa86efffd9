"""Repair what machine translation and mis-decoding leave in text, keeping it readable.

- entity debris with a stray space or no semicolon: "& mdash;", "&mdash", "& quot;"
- mojibake (UTF-8 read as cp1252/latin-1: "Itâ€™s", "cafÃ©"), repaired by ftfy
- typographic quotes made straight (' and "), non-breaking and odd spaces made plain
"""

from __future__ import annotations

import html
import re

import ftfy

#: Named entities that machine translation splits ("& mdash;") or leaves bare ("&mdash").
_ENTITY_NAMES = (
    "mdash|ndash|quot|nbsp|amp|apos|laquo|raquo|lsquo|rsquo|ldquo|rdquo|bdquo|hellip|"
    "minus|middot|bull|deg|euro|pound|copy|reg|trade|times|shy|thinsp|ensp|emsp|lt|gt"
)
_ENTITY_DEBRIS = re.compile(
    rf"&\s?(?:(?P<name>{_ENTITY_NAMES})\b;?|#\s?(?P<num>\d{{2,7}});|#\s?[xX](?P<hex>[0-9a-fA-F]{{2,6}});)",
    re.IGNORECASE,
)
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # we unescape ourselves, only the debris above, never real markup
    uncurl_quotes=True,
    fix_latin_ligatures=True,
    fix_character_width=True,
    normalization="NFC",
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _entity(match: re.Match[str]) -> str:
    if match.group("name"):
        return html.unescape(f"&{match.group('name').lower()};")
    if match.group("num"):
        return html.unescape(f"&#{match.group('num')};")
    return html.unescape(f"&#x{match.group('hex')};")


def repair(text: str) -> str:
    """Entity debris, mojibake, quotes and spaces repaired; line breaks kept."""
    text = _ENTITY_DEBRIS.sub(_entity, text)
    text = ftfy.fix_text(text, _FTFY)
    text = _ZERO_WIDTH.sub("", text)
    return _SPACES.sub(" ", text)
