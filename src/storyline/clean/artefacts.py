"""Repair what machine translation and mis-decoding leave in text, keeping it readable.

- entity debris with a stray space or no semicolon: "& mdash;", "&mdash", "& quot;"
- mojibake (UTF-8 read as cp1252/latin-1: "Itâ€™s", "cafÃ©"), repaired by ftfy
- non-breaking and odd spaces made plain, ligatures unfolded; typographic quotes („“ ” ‘ ’
  « ») are the publisher's and stay as written: matching folds them (`fold_quotes`), the
  stored text does not
- what treebank tokenisers leave in research corpora: ``quotes'' and -LRB- brackets -RRB-,
  and the spaces they split words and punctuation by ("Haiti 's palace was destroyed .")
"""

from __future__ import annotations

import html
import re
import unicodedata

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
    uncurl_quotes=False,  # the publisher's quotes stay; matching folds them (fold_quotes)
    fix_latin_ligatures=True,
    fix_character_width=True,
    normalization="NFC",
)
#: UTF-8 read as cp1252/latin-1 leaves a lead character (Â..ô) followed by one from the
#: continuation range (0x80-0xBF as cp1252 or latin-1 shows it). Only text with such a pair
#: goes through ftfy (3 ms per 4 kB page, the slowest step of cleaning); the rest gets the
#: same ligature and normalisation fixes below at a fraction of the cost.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)
_PLAIN_FIXES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
})
_C1_CONTROLS = re.compile("[\u0080-\u009f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _entity(match: re.Match[str]) -> str:
    if match.group("name"):
        return html.unescape(f"&{match.group('name').lower()};")
    if match.group("num"):
        return html.unescape(f"&#{match.group('num')};")
    return html.unescape(f"&#x{match.group('hex')};")


#: Penn Treebank escapes (Timeline17, ECB+, CNN/DailyMail ship text so): an opening `` and
#: a closing '' quote, and brackets spelled -LRB- -RRB-, each taken with its inner space.
_TREEBANK = (
    (re.compile(r"``[ \t]*"), '"'), (re.compile(r"[ \t]*''(?!\w)"), '"'),
    (re.compile(r"-L([RSC])B-[ \t]*"), lambda m: "([{"["RSC".index(m[1])]),
    (re.compile(r"[ \t]*-R([RSC])B-"), lambda m: ")]}"["RSC".index(m[1])]),
    # and the spaces its tokens were split by: "Haiti 's", "do n't", "` may be 50,000 '"
    (re.compile(r"`[ \t]*"), "'"), (re.compile(r"[ \t]+'(?=[ \t]|$|[.,;:!?])", re.M), "'"),
    (re.compile(r"[ \t]+(?=(?:'s|'re|'ve|'ll|'d|'m|n't)\b)", re.I), ""),
    (re.compile(r"[ \t]+(?=[,.;:!?%)\]}](?:[ \t\n\"']|$))", re.M), ""),
    (re.compile(r"(?<=[(\[{])[ \t]+"), ""),
)


#: Spaces a tokeniser leaves before a comma, a full stop or "'s": a few of them mark a
#: treebank text even without its quotes or brackets ("Haiti 's palace was destroyed .").
#: A treebank opening quote: `` standing alone before a word (not "``--force``" in
#: reStructuredText).
_TREEBANK_QUOTE = re.compile(r"(?:^|\s)`` \S", re.M)
#: Not ; : ! ? (French spaces them), nor an ellipsis written ". . .".
_TOKEN_GAPS = re.compile(r"\w (?:[,.](?= (?!\.)|$)|'s\b|n't\b)", re.M)
_MIN_TOKEN_GAPS = 3


def _tokenised(text: str) -> bool:
    gaps = _TOKEN_GAPS.finditer(text)
    return all(next(gaps, None) is not None for _ in range(_MIN_TOKEN_GAPS))


#: Typographic quotes and primes as plain ASCII, for matching only (ids, near-copies,
#: quote detection): never applied to stored text.
_QUOTE_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
})


def fold_quotes(text: str) -> str:
    """`text` with typographic quotes and guillemets as straight ones, character for
    character (offsets are unchanged): for matching, never for storing."""
    return text.translate(_QUOTE_FOLD)


def repair(text: str) -> str:
    """Entity debris, mojibake and spaces repaired, typographic quotes kept; line breaks
    kept."""
    text = _ENTITY_DEBRIS.sub(_entity, text)
    if _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_text(text, _FTFY)
    else:
        text = unicodedata.normalize("NFC", _C1_CONTROLS.sub("", text.translate(_PLAIN_FIXES)))
    text = _SPACES.sub(" ", _ZERO_WIDTH.sub("", text))
    # after the spaces are single: the treebank patterns then stay linear
    if _TREEBANK_QUOTE.search(text) or "-LRB-" in text or "-RRB-" in text or _tokenised(text):
        for pattern, replacement in _TREEBANK:
            text = pattern.sub(replacement, text)
    return text
