"""RawDocument -> Article (or a Drop that says why not).

The cascade, in order:
 1. main text: HTML pages through trafilatura, fragments through lxml, text as is
 2. artefacts repaired (entity debris, mojibake, quotes, spaces)
 3. paragraphs rebuilt (hard-wrapped lines joined) and boilerplate paragraphs removed; a
    wire's story codes and pointers removed, what a flattened page glues after the
    closing credit cut (`wire`), and readers' comments under the article cut (`comments`)
 4. title: the container's, else the page's, else a short first line without a full stop
 5. dateline taken apart and cut from the body
 6. outlet: the container's, else the site name, else the dateline agency, else the host
 7. publication date: metadata/header, else a dateline with its year, else a date in the
    URL (`/2018/04/17/`), else a year-less dateline (its year from the article's own date
    or, later, from the batch: see `resolve_pending`), else a date in the page
 8. language detected from the text
A record whose container gives a title but little or no body (a feed item with a one-line
teaser, a JSON record with only a headline) is kept, flagged `text_kind` "teaser" or
"headline" (its text is then the title), instead of being dropped. A text without a title
and without a single sentence (link titles run together, a site's promo left alone on a
page) is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace

from storyline.clean.artefacts import fold_quotes, repair
from storyline.clean.boilerplate import is_boilerplate, is_link_run, strip_boilerplate
from storyline.clean.comments import cut_reader_comments
from storyline.clean.dateline import find_dateline, parse_dateline
from storyline.clean.dates import nearest_date, parse_date
from storyline.clean.html_text import content_date, extract_page, fragment_text, is_fragment
from storyline.clean.langid import detect_language
from storyline.clean.url_date import url_date
from storyline.clean.wire import strip_wire_furniture
from storyline.model import (
    Article,
    Dateline,
    Drop,
    PendingYear,
    PublishedFrom,
    RawDocument,
    TextKind,
)
from storyline.outlets import url_host
from storyline.settings import (
    MAX_TITLE_CHARS,
    MIN_HEADLINE_CHARS,
    MIN_HEADLINE_WORDS,
    MIN_LINK_RUN_WORDS,
    MIN_TEXT_CHARS,
)

__all__ = ["article_id", "clean_document", "paragraphs", "resolve_pending"]

_HEADLINE_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"""[.!?:;…"'»)\]]$""")
_TITLE_SEPARATORS = (" | ", " - ", " — ", " – ", " :: ", " « ", " » ")
#: A section label before a title ("News: ...", "Breaking news | ..."): only with its
#: separator, since "News" also starts real headlines ("News Corp shares fall", "News in
#: Pictures - 10 March": all five such titles of the UCI aggregator set lost a word).
_LABEL_PREFIX = re.compile(r"^(?:all news|latest news|news|breaking news)\s*[:|/>»-]\s*", re.I)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: blank-line blocks, with hard-wrapped lines joined back.

    Inside a block a line break is kept as a paragraph break when the line ends a sentence
    (or the next one does not continue it in lower case); otherwise the lines are joined.
    """
    result: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current = ""
        for raw_line in block.split("\n"):
            line = raw_line.strip()
            if not line:
                continue
            if current and not _SENTENCE_END.search(current) and line[:1].islower():
                current = f"{current} {line}"
            else:
                if current:
                    result.append(current)
                current = line
        if current:
            result.append(current)
    return result


def _normalised(text: str) -> str:
    # quotes folded: an article keeps its id whether its text has the publisher's quotes
    # or (stores made before they were kept) straight ones
    return " ".join(fold_quotes(text).casefold().split())


def article_id(source: str | None, text: str) -> str:
    """Stable id: the same outlet and the same clean text give the same id on every run."""
    digest = hashlib.sha256(f"{(source or '').casefold()}\n{_normalised(text)}".encode())
    return digest.hexdigest()[:16]


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(repair(title).split())
    title = _LABEL_PREFIX.sub("", title)
    if sitename:
        site = sitename.casefold()
        for sep in _TITLE_SEPARATORS:
            if title.casefold().endswith(f"{sep}{site}"):
                title = title[: -len(sep) - len(sitename)]
            if title.casefold().startswith(f"{site}{sep}"):
                title = title[len(sitename) + len(sep) :]
    title = title.strip(" |-—–")
    return title or None


def _host(url: str | None) -> str | None:
    return url_host(url)  # None for an unreadable URL ("http://[::1"): records are untrusted


def _title_from_first_line(paras: list[str]) -> tuple[str | None, list[str]]:
    """A short first line with no final full stop, not a dateline, is the title."""
    if len(paras) < 2:
        return None, paras
    first = paras[0]
    if (len(first) <= MAX_TITLE_CHARS and not first.endswith(".")
            and parse_dateline(first + " x")[0] is None and not is_boilerplate(first)):
        return first, paras[1:]
    return None, paras


def _published(raw: RawDocument, page_date: str | None, dateline: Dateline | None,
               url: str | None) -> tuple[dt.date | None, PublishedFrom, dt.date | None]:
    """(published, where from, dateline date) before batch-level year inference."""
    own = parse_date(raw.published)
    source: PublishedFrom = raw.published_from if own else "unknown"
    if own is None and page_date:
        own, source = parse_date(page_date), "metadata"
    dateline_date = None
    if dateline and dateline.month and dateline.day and dateline.year:
        dateline_date = _safe_date(dateline.year, dateline.month, dateline.day)
    if own is None and dateline_date is not None:
        own, source = dateline_date, "dateline"
    if own is None:
        own = url_date(url) or url_date(raw.url)
        source = "url" if own else "unknown"
    if dateline and dateline.month and dateline.day and not dateline.year and own:
        dateline_date = nearest_date(dateline.month, dateline.day, [own])
    return own, source, dateline_date


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def clean_document(raw: RawDocument) -> Article | PendingYear | Drop:
    """The clean article in `raw`, a PendingYear when only the batch can date it, or a Drop."""
    title, sitename, url, page_date = raw.title, None, raw.url, None
    if raw.kind == "html" and not is_fragment(raw.content):
        page = extract_page(raw.content, raw.url)
        if page is None:
            return Drop(origin=raw.origin, stage="clean",
                        reason="no article text found in the HTML (empty, malformed or not an article)")
        body, sitename, url, page_date = page.text, page.sitename, page.url, page.date
        title = title or page.title
    elif raw.kind == "html":
        body = fragment_text(raw.content)
    else:
        body = raw.content

    paras = cut_reader_comments(strip_wire_furniture(strip_boilerplate(paragraphs(repair(body)))))
    title = _clean_title(title, sitename or raw.source)
    if title is None and raw.kind == "text":
        first, paras = _title_from_first_line(paras)
        title = _clean_title(first, raw.source)
    if title and paras and _normalised(paras[0]) == _normalised(title):
        paras = paras[1:]

    where, dateline, rest = find_dateline(paras)  # past a standfirst too
    if dateline is not None:
        paras = paras[:where] + ([rest] if rest else []) + paras[where + 1:]
    text = "\n\n".join(paras)
    text_kind: TextKind = "full"
    if len(text) < MIN_TEXT_CHARS:
        short = _short_record(raw, title, text)
        if isinstance(short, Drop):
            return short
        text_kind, text = short
    elif title is None and is_link_run(text, MIN_LINK_RUN_WORDS):
        return Drop(origin=raw.origin, stage="clean",
                    reason=f"no sentence in its {len(text.split())} words and no title: a run "
                    "of link titles or a site's promo, not an article")
    elif raw.teaser and title is not None:
        text_kind = "teaser"

    source = raw.source or sitename or (dateline.agency if dateline else None) or _host(url)
    published, published_from, dateline_date = _published(raw, page_date, dateline, url)
    year_less_dateline = dateline is not None and dateline.month and dateline.day
    if (published is None and not year_less_dateline and raw.kind == "html"
            and not is_fragment(raw.content)):
        found = parse_date(content_date(raw.content, url))
        if found is not None and (found.month, found.day) != (1, 1):
            # htmldate turns a bare year ("© 2023", "since 2012") into January 1: that is
            # a guess, not a date; a year-less dateline waits for the batch instead
            published, published_from = found, "content"
    article = Article(
        id=article_id(source, text),
        origin=raw.origin,
        raw_sha256=raw.sha256,
        text=text,
        title=title,
        source=source,
        url=url,
        published=published,
        published_from=published_from,
        dateline_place=dateline.place if dateline else None,
        dateline_agency=dateline.agency if dateline else None,
        dateline_date=dateline_date,
        language=detect_language(text, raw.language),
        source_id=raw.source_id,
        text_kind=text_kind,
    )
    if published is None and dateline and dateline.month and dateline.day:
        return PendingYear(article=article, month=dateline.month, day=dateline.day)
    return article


def _short_record(raw: RawDocument, title: str | None,
                  text: str) -> tuple[TextKind, str] | Drop:
    """A record with little or no body: a teaser or a headline when its container gives a
    title (the text is then the title), else a Drop. A page or a file without its own
    title is not a teaser: it is an empty or failed page."""
    if not raw.title or title is None:
        return Drop(origin=raw.origin, stage="clean",
                    reason=f"no article text after cleaning ({len(text)} characters, "
                    f"at least {MIN_TEXT_CHARS} needed) and no headline to keep it by")
    if len(title) < MIN_HEADLINE_CHARS or len(_HEADLINE_WORD.findall(title)) < MIN_HEADLINE_WORDS:
        return Drop(origin=raw.origin, stage="clean",
                    reason=f"no article text after cleaning ({len(text)} characters, "
                    f"at least {MIN_TEXT_CHARS} needed), and its title {title[:40]!r} is too "
                    f"short to keep it as a headline (at least {MIN_HEADLINE_WORDS} words)")
    if raw.kind == "html" and not is_fragment(raw.content):
        return Drop(origin=raw.origin, stage="clean",
                    reason=f"no article text after cleaning ({len(text)} characters, "
                    f"at least {MIN_TEXT_CHARS} needed)")
    return ("teaser", text) if text else ("headline", title)


def resolve_pending(pending: PendingYear, batch_dates: Iterable[dt.date]) -> Article:
    """Date a year-less dateline from the batch's dates (`published_from: corpus`)."""
    date = nearest_date(pending.month, pending.day, batch_dates)
    if date is None:
        return pending.article
    return replace(pending.article, published=date, published_from="corpus", dateline_date=date)
