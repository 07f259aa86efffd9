"""Bytes to text with the encoding detected, not assumed.

Order: a byte-order mark, then UTF-16 without one (its NUL byte pattern), then an encoding
the document declares (HTML meta, XML declaration, HTTP header), then strict UTF-8, then
UTF-8 with its few bad bytes repaired (`mostly_utf8`), then charset-normalizer's best
guess.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
    rb"""([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
#: Share of control characters above which a byte string is binary, not text.
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)
#: When several legacy code pages read the bytes equally well (charset-normalizer's chaos
#: within this margin), prefer the one most news text is in: its first guess for
#: undeclared Latin-1 English is cp775 ("Z³rich"). Margin set on our encoding tests.
_CHAOS_MARGIN = 0.01
_PREFERRED = ("utf_8", "cp1252", "iso8859_15", "latin_1", "cp1251", "cp1250")
_SURROGATES = re.compile("[\ud800-\udfff]")
_ESCAPED = re.compile("[\udc80-\udcff]")
_UTF8_LEADS = (b"\xc2", b"\xc3")
#: Share of byte pairs with a NUL on one side (and almost none on the other) from which
#: bytes without a BOM are read as UTF-16. English or French text in UTF-16 is above 0.9,
#: Russian about 0.15 (its spaces and punctuation: measured on the Cyrillic text of
#: tests/test_bad_input.py); binary files have NULs on both sides.
_UTF16_NUL_SHARE = 0.1
#: NULs allowed on the other side, per NUL on the NUL side (U+4E00 "一" or U+0100 "Ā" have
#: a NUL low byte); random bytes have as many on each side.
_UTF16_OTHER_SIDE = 0.05
#: Different bytes found beside the NULs: text has spaces, letters and punctuation there;
#: CJK text whose only NULs come from one character (U+4E00) has one.
_UTF16_MIN_ASCII_KINDS = 3


class NotText(ValueError):
    """The bytes are not text in any encoding we can detect."""


def declared_encoding(data: bytes) -> str | None:
    """The charset a document declares about itself in its first bytes, if it is known."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the first bytes have UTF-16's NUL pattern: most
    characters of Latin-script text (and every space, digit and line break) have a NUL
    high byte, so NUL bytes are frequent and all fall on one side of each byte pair. Random
    or binary bytes put their NULs on both sides."""
    head = data[:_SNIFF_BYTES]
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if (not pairs or max(even, odd) < _UTF16_NUL_SHARE * pairs
            or min(even, odd) > _UTF16_OTHER_SIDE * max(even, odd)):
        return None
    little = odd > even
    # the bytes beside the NULs are the ASCII of the text: spaces, letters, punctuation
    pairs_of = zip(head[0::2], head[1::2], strict=True)
    partners = {low if little else high for low, high in pairs_of
                if (high if little else low) == 0}
    if len(partners) < _UTF16_MIN_ASCII_KINDS:
        return None
    return "utf-16-le" if little else "utf-16-be"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first bytes (and no UTF-16/32 BOM)."""
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > _BINARY_CONTROL_SHARE


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raise `NotText` for binary or undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                if name != "utf-8-sig":
                    raise NotText(f"bytes after the {name} byte-order mark are not valid "
                                  f"{name} (a cut file?)") from None
                data = data[len(bom) :]  # a UTF-8 BOM before legacy bytes: detect below
                break
    wide = utf16_without_bom(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            pass  # the NUL pattern was chance: binary, said below
        else:
            if not looks_binary(text.encode("utf-8")):
                return text, wide
    if looks_binary(data):
        raise NotText("binary content (control bytes), not text")
    for name in (hint, declared_encoding(data), "utf-8"):
        if not name:
            continue
        try:
            return data.decode(name), codecs.lookup(name).name
        except (UnicodeDecodeError, LookupError):
            continue
    if mostly_utf8(data):
        return data.decode("utf-8", _REPAIR), "utf-8"
    return _guess(data)


def mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes: at least as many well-formed non-ASCII characters as
    bytes that are not UTF-8 (a legacy code page rarely forms valid UTF-8 sequences)."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(text))
    wide = sum(1 for char in text if ord(char) > 0x7F) - bad
    return 0 < bad <= wide


def _repair(exc: UnicodeError) -> tuple[str, int]:
    """Read one bad stretch of a mostly UTF-8 text. A lone byte is a character of the
    common legacy code page (cp1252: é, ü, ’) pasted into UTF-8, except the bytes that
    start UTF-8's accented letters (Ã, Â: a cut "Ã¼" is far likelier than a real Ã); a lead
    byte with some of its continuation bytes is a cut character: U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    if len(bad) == 1 and bad not in _UTF8_LEADS:
        try:
            return bad.decode("cp1252"), exc.end
        except UnicodeDecodeError:
            pass  # one of cp1252's five unassigned bytes
    return "\ufffd", exc.end


_REPAIR = "storyline-utf8-repair"
codecs.register_error(_REPAIR, _repair)


def _guess(data: bytes) -> tuple[str, str]:
    """charset-normalizer's reading, preferring common news code pages among equals."""
    matches = charset_normalizer.from_bytes(data[: 1024 * 1024])
    best = matches.best()
    if best is None or best.encoding is None:
        raise NotText("cannot detect the text encoding")
    equals = [m for m in matches if m.chaos <= best.chaos + _CHAOS_MARGIN]
    for preferred in _PREFERRED:
        if any(preferred in m.could_be_from_charset for m in equals):
            return data.decode(preferred, errors="replace"), preferred
    return data.decode(best.encoding, errors="replace"), best.encoding


def scrub(text: str) -> str:
    """Lone surrogates (from JSON escapes like \\ud800) cannot be stored as UTF-8: U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)
