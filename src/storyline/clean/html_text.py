"""Main text and metadata of HTML: whole pages through trafilatura (+ htmldate for the
date), fragments (feed entries, JSONL `html`) through lxml with block elements as breaks."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

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
    """Text of an HTML snippet, one line per block element, scripts and styles dropped."""
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
    """Main text and metadata of a whole page; None when no article text is found."""
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
