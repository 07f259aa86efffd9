"""Main text and metadata of HTML: whole pages through trafilatura (+ htmldate for the
date), fragments (feed entries, JSONL `html`) through lxml with block elements as breaks."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import htmldate
import lxml.html
import trafilatura
from lxml import etree

# trafilatura and htmldate log every odd page at WARNING; a Drop already says what failed.
for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "header", "footer", "pre", "ul", "ol", "table", "figure"}
#: What trafilatura/htmldate/lxml raise on hostile markup (AssertionError: lxml's drop_tree
#: on a <head> inside <svg>). The page then has no text: a Drop, never a crash.
_PARSER_FAILURES = (ValueError, TypeError, AssertionError, etree.LxmlError, RecursionError)
#: Elements deeper than this are unwrapped when a page's text is lost to lxml's depth
#: limit (libxml2 gives up at 256 levels; 200 leaves room for what trafilatura adds).
_MAX_DEPTH = 200
#: Elements kept even that deep: they carry paragraph and heading structure.
_KEPT_DEEP = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "title"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
#: Only metadata (meta tags, JSON-LD, URL) for the first pass: a date found this way is
#: `published_from: metadata`; a date found in the visible text is `content`.
_META_DATE = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, kw_only=True)
class HtmlExtract:
    text: str
    title: str | None
    sitename: str | None
    date: str | None
    url: str | None


def is_fragment(markup: str) -> bool:
    """A snippet (feed entry) rather than a whole page."""
    head = markup[:2000].lower()
    return "<html" not in head and "<body" not in head and "<head" not in head


def fragment_text(markup: str) -> str:
    """Text of an HTML snippet, one line per block element, scripts and styles dropped
    (read again flattened when nested deeper than lxml parses)."""
    text = _fragment_text(markup)
    if not text.strip():
        flat = flatten_deep(markup)
        if flat is not None:
            text = _fragment_text(flat)
    return text


def _fragment_text(markup: str) -> str:
    markup = _CONTROL.sub(" ", markup)  # lxml refuses control characters in text
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def extract_page(markup: str, url: str | None) -> HtmlExtract | None:
    """Main text and metadata of a whole page; None when no article text is found. A page
    nested deeper than lxml parses (libxml2 stops at 256 levels, and its text with it) is
    read again flattened (`flatten_deep`)."""
    found = _extract_page(markup, url)
    if found is None:
        flat = flatten_deep(markup)
        if flat is not None:
            found = _extract_page(flat, url)
    return found


class _Flattener(HTMLParser):
    """Re-emits a page with the elements below `_MAX_DEPTH` unwrapped (their text and
    paragraph breaks kept): the stdlib tokenizer has no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.depth = self.deepest = 0
        self._skipped: list[bool] = []  # per open element: was its tag dropped?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.parts.append(self.get_starttag_text() or "")
            return
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        skip = self.depth > _MAX_DEPTH and tag not in _KEPT_DEEP
        self._skipped.append(skip)
        self.parts.append("\n" if skip else self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skipped:
            self.depth -= 1
            if not self._skipped.pop():
                self.parts.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or "")

    def handle_data(self, data: str) -> None:
        self.parts.append(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")


def flatten_deep(markup: str) -> str | None:
    """The page with elements nested below `_MAX_DEPTH` unwrapped, or None when it is not
    that deep (nothing to recover)."""
    flattener = _Flattener()
    try:
        flattener.feed(markup)
        flattener.close()
    except (AssertionError, ValueError):  # the stdlib tokenizer on hostile markup
        return None
    return "".join(flattener.parts) if flattener.deepest > _MAX_DEPTH else None


def _extract_page(markup: str, url: str | None) -> HtmlExtract | None:
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False,
            date_extraction_params=_META_DATE, deduplicate=False,
        )
    except _PARSER_FAILURES:
        return None
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        return None
    return HtmlExtract(
        text=text,
        title=data.get("title"),
        sitename=data.get("sitename"),
        date=data.get("date"),
        url=data.get("url") or url,
    )


def content_date(markup: str, url: str | None) -> str | None:
    """A publication date found anywhere in the page (htmldate's extensive search)."""
    try:
        return htmldate.find_date(markup, extensive_search=True, original_date=True, url=url)
    except _PARSER_FAILURES:
        return None
