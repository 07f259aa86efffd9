"""Property tests: no byte string makes a reader or the cleaner raise.

For every reader (text, HTML, JSON Lines, RSS/Atom, and `sources.read_file` on a file of
each supported suffix, gzipped or not, WARC included), any input yields only RawDocument
or Drop objects; `clean_document` turns every RawDocument into an Article, a PendingYear
or a Drop; every Drop says where (origin) and why (reason).

Inputs are arbitrary bytes plus near-valid shapes (JSON-ish lines, XML-ish feeds, HTML-ish
pages, text with metadata headers or front matter, hand-built WARC records), cut short or
mixed with noise. Every string must also be storable (valid UTF-8, no lone surrogates).

The crashes these properties found are pinned by targeted properties at the end, each with
its original failing example; all are fixed and kept as regression tests.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import gzip
import html
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import (
    HealthCheck,
    currently_in_test_context,
    event,
    example,
    given,
    settings,
)
from hypothesis import strategies as st

from storyline.clean import clean_document
from storyline.model import Article, Drop, PendingYear, RawDocument
from storyline.settings import MAX_INPUT_BYTES, MAX_RECORD_BYTES, MIN_TEXT_CHARS
from storyline.sources import read_file
from storyline.sources.feed import read_feed
from storyline.sources.files import InputFile, classify
from storyline.sources.html import read_html
from storyline.sources.jsonl import read_jsonl
from storyline.sources.text import read_text
from storyline.store import Store

PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
FEW = settings(PROPERTY, max_examples=50)

Reader = Callable[[str, bytes], Iterator[RawDocument | Drop]]
STAGES = {"read", "decode", "parse", "clean", "store"}
PUBLISHED_FROM = {"metadata", "header", "dateline", "url", "content", "corpus", "unknown"}
HEX = re.compile(r"[0-9a-f]+")

# --------------------------------------------------------------------------------------
# What every output must look like
# --------------------------------------------------------------------------------------


def _names(origin: str, given: str) -> bool:
    """`origin` is the input itself or one record of it (`input#N` or `input:N`)."""
    return origin == given or re.fullmatch(re.escape(given) + r"[#:]\d+", origin) is not None


def _note(what: str) -> None:
    """Count what the inputs turned into (see pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(what)


def check_drop(drop: Drop, origin: str) -> None:
    assert isinstance(drop.reason, str) and drop.reason.strip(), drop
    assert isinstance(drop.origin, str) and drop.origin.strip(), drop
    assert _names(drop.origin, origin), (drop.origin, origin)
    assert drop.stage in STAGES, drop


def check_cleaned(raw: RawDocument) -> None:
    result = clean_document(raw)
    assert isinstance(result, Article | PendingYear | Drop), type(result)
    _note(f"cleaned into {type(result).__name__}")
    if isinstance(result, Drop):
        check_drop(result, raw.origin)
        assert result.origin == raw.origin
        return
    article = result.article if isinstance(result, PendingYear) else result
    if isinstance(result, PendingYear):
        assert 1 <= result.month <= 12 and 1 <= result.day <= 31, result
        assert article.published is None
    assert article.origin == raw.origin
    assert article.raw_sha256 == raw.sha256
    assert isinstance(article.text, str)
    # a short text is kept only as a teaser or headline under a title the record gave
    assert len(article.text) >= MIN_TEXT_CHARS or (
        article.text_kind in ("teaser", "headline") and article.title and raw.title)
    assert article.text.strip() and (article.text_kind != "headline" or article.text == article.title)
    assert HEX.fullmatch(article.id) and len(article.id) == 16
    assert article.published is None or isinstance(article.published, dt.date)
    assert article.published_from in PUBLISHED_FROM
    for value in (article.text, article.title, article.source, article.url, article.language):
        assert value is None or isinstance(value, str)
        if value:
            value.encode("utf-8")  # storable: no lone surrogates


def check_outputs(outputs: Iterable[object], origin: str) -> list[RawDocument | Drop]:
    """Consume a reader's output: only RawDocument or Drop, each well formed; clean each."""
    seen: list[RawDocument | Drop] = []
    for item in outputs:
        assert isinstance(item, RawDocument | Drop), type(item)
        _note(f"read into {type(item).__name__}")
        seen.append(item)
        if isinstance(item, Drop):
            check_drop(item, origin)
            continue
        assert _names(item.origin, origin), (item.origin, origin)
        assert isinstance(item.content, str)
        assert item.kind in ("text", "html")
        assert len(item.sha256) == 64 and HEX.fullmatch(item.sha256)
        assert item.published_from in PUBLISHED_FROM
        item.content.encode("utf-8")  # storable: no lone surrogates
        for value in (item.title, item.url, item.source, item.published, item.language):
            assert value is None or isinstance(value, str)
        check_cleaned(item)
    return seen


# --------------------------------------------------------------------------------------
# Near-valid inputs (all text written here)
# --------------------------------------------------------------------------------------

ANY_BYTES = st.binary(max_size=3000)

BODIES = [
    "The Northbridge city council voted on Tuesday to extend the riverside tram line by four "
    "stops. Officials said construction would start next spring.",
    "MOSCOW, January 12. /TASS/. Engineers closed the old Millbrook bridge after inspectors "
    "found cracks in two supporting pillars, the city said.",
    "WESTMOUTH (Reuters) - Port authorities said cargo volumes rose by nine percent last "
    "quarter, mostly from grain shipments and a new ferry route.",
    "KYIV, March 3 — A new primary school opened in Southvale with places for three hundred "
    "pupils; the building uses solar panels and a rainwater tank.",
    "In Zürich hat am Montag ein neues Café eröffnet. Über fünfzig Gäste kamen, und der erste "
    "Kaffee war gratis für alle.",
    "Городской совет в четверг одобрил строительство нового моста через реку. Работы начнутся "
    "весной, сообщили в мэрии.",
    "All news\n\nShare this article\n\nRead more: the library reopened on Monday after a "
    "renovation that lasted eighteen months.\n\nCookies help us deliver our services.",
    "It&rsquo;s a café &amp; bar â€™ with entity debris & mdash; and mojibake cafÃ© in the "
    "text, said the owner of the place in the old harbour district.",
]
WORDS = ["the", "council", "said", "on", "Tuesday", "river", "bridge", "Zürich", "café", "—",
         "«", "»", "“quote”", "&amp;", "2024", "January", "12", "MOSCOW,", "/TASS/.", "(AP)",
         "Title:", "Date:", "<p>", "</p>", "\t", "\u00a0", "\u200b", "é", "ß", "мост", "東京"]

short_text = st.text(max_size=40)
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
prose = st.one_of(
    st.sampled_from(BODIES),
    st.lists(st.one_of(st.sampled_from(BODIES), sentence), min_size=1, max_size=5)
    .map("\n\n".join),
    st.text(max_size=300),
)


def _rfc2822(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment)


offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
#: Any date in years 1-9999 with any offset (so some fall outside the calendar in UTC).
moments = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31),
                       timezones=offsets)
date_strings = st.one_of(
    moments.map(_rfc2822),
    moments.map(dt.datetime.isoformat),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)).map(str),
    st.sampled_from(["yesterday", "2024-02-30", "2024-13-01", "31/12/2023", "0", "-1",
                     "Jan 5", "12 January 2022", "9999-99-99", ""]),
    short_text,
)


@st.composite
def cut_or_noise(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes as they are, cut short, or with a random slice replaced by noise."""
    how = draw(st.sampled_from(["whole", "whole", "cut", "noise"]))
    if how == "whole" or not data:
        return data
    at = draw(st.integers(0, len(data)))
    if how == "cut":
        return data[:at]
    return data[:at] + draw(st.binary(max_size=20)) + data[at + draw(st.integers(0, 20)):]


# -- JSON-ish lines ---------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), short_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short_text, inner, max_size=3),
    max_leaves=6,
)
html_fragment = st.lists(
    st.tuples(st.sampled_from(["p", "div", "b", "script", "br", "li", "h1", "x"]), prose),
    max_size=4,
).map(lambda parts: "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts))
fields = st.sampled_from(["text", "html", "title", "url", "published", "date", "source",
                          "language", "id"]) | short_text
json_objects = st.dictionaries(
    fields,
    st.one_of(prose, html_fragment, date_strings, json_values,
              st.integers(-(10**20), 10**20), st.sampled_from([float("inf"), float("nan")])),
    max_size=6,
)


@st.composite
def json_lines(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["object", "object", "object", "value", "text", "cut"]))
        if kind == "object":
            line = json.dumps(draw(json_objects), ensure_ascii=draw(st.booleans()))
        elif kind == "value":
            line = json.dumps(draw(json_values))
        elif kind == "text":
            line = draw(st.text(max_size=60))
        else:
            whole = json.dumps(draw(json_objects))
            line = whole[: draw(st.integers(0, len(whole)))]
        lines.append(line)
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    data = newline.join(lines).encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return draw(cut_or_noise(data))


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    """A .json file: an array of records, an object holding one, one record, or debris."""
    records = draw(st.lists(st.one_of(json_objects, json_values), max_size=5))
    shape = draw(st.sampled_from(["array", "wrapped", "one", "value"]))
    document: object = {"articles": records, "total": len(records)} if shape == "wrapped" \
        else records[0] if shape == "one" and records else records if shape == "array" \
        else draw(json_values)
    data = json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8")
    return draw(cut_or_noise(data))


@st.composite
def csv_tables(draw: st.DrawFn) -> bytes:
    """A .csv file: a header of field names (ours and others), rows of prose and dates."""
    header = draw(st.lists(fields, min_size=1, max_size=5, unique=True))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        writer.writerow([draw(st.one_of(prose, date_strings, short_text))
                         for _ in range(max(width, 0))])
    return draw(cut_or_noise(buffer.getvalue().encode("utf-8")))


# -- XML-ish feeds ----------------------------------------------------------------------

def _maybe_escaped(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["escape", "escape", "raw", "cdata"]))
    if how == "escape":
        return html.escape(text)
    if how == "cdata":
        return f"<![CDATA[{text}]]>"
    return text


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    atom = draw(st.booleans())
    entries = []
    for number in range(draw(st.integers(0, 4))):
        title = _maybe_escaped(draw, draw(st.one_of(short_text, sentence)))
        body = _maybe_escaped(draw, draw(st.one_of(prose, html_fragment)))
        when = html.escape(draw(date_strings))
        has_body = draw(st.sampled_from(["content", "summary", "both", "none"]))
        if atom:
            parts = [f"<title>{title}</title>", f"<id>urn:x:{number}</id>",
                     f"<updated>{when}</updated>", '<link href="http://example.org/a"/>']
            if has_body in ("content", "both"):
                kind = draw(st.sampled_from(["text", "html", "xhtml"]))
                parts.append(f'<content type="{kind}">{body}</content>')
            if has_body in ("summary", "both"):
                parts.append(f"<summary>{body}</summary>")
            entries.append("<entry>" + "".join(parts) + "</entry>")
        else:
            parts = [f"<title>{title}</title>", "<link>http://example.org/a</link>",
                     f"<pubDate>{when}</pubDate>", f"<guid>g{number}</guid>"]
            if has_body in ("content", "both"):
                parts.append(f"<content:encoded>{body}</content:encoded>")
            if has_body in ("summary", "both"):
                parts.append(f"<description>{body}</description>")
            entries.append("<item>" + "".join(parts) + "</item>")
    encoding = draw(st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "windows-1251", "bogus"]))
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>\n' if draw(st.booleans()) else ""
    feed_title = html.escape(draw(short_text))
    if atom:
        doc = (f'{declaration}<feed xmlns="http://www.w3.org/2005/Atom"><title>{feed_title}'
               f"</title>{''.join(entries)}</feed>")
    else:
        doc = (f'{declaration}<rss version="2.0" '
               f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
               f"<title>{feed_title}</title><language>{html.escape(draw(short_text))}</language>"
               f"{''.join(entries)}</channel></rss>")
    return draw(cut_or_noise(doc.encode("utf-8")))


# -- HTML-ish pages ---------------------------------------------------------------------

TAGS = ["p", "div", "span", "article", "main", "section", "h1", "h2", "script", "style", "a",
        "br", "li", "ul", "table", "tr", "td", "noscript", "header", "footer", "nav", "b", "i",
        "iframe", "svg", "time", "figure", "figcaption", "blockquote", "meta", "form"]
ATTRS = ['class="content"', 'id="main"', 'itemprop="articleBody"', 'datetime="2024-03-05"',
         'href="http://example.org/x"', 'class="nav menu"', 'style="display:none"', "hidden",
         'onclick="x()"', 'lang="de"', 'class=""', "<", '"']


def _element(parts: tuple[str, list[str], list[str], bool]) -> str:
    tag, attrs, children, closed = parts
    start = f"<{tag}{''.join(' ' + a for a in attrs)}>"
    return start + "".join(children) + (f"</{tag}>" if closed else "")


elements = st.recursive(
    st.one_of(prose, sentence, st.sampled_from(["&amp;", "&nbsp;", "&#8212;", "&bogus;",
                                                "<!-- c -->", "<![CDATA[x]]>", "<", ">"])),
    lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(st.sampled_from(ATTRS), max_size=2),
                            st.lists(inner, max_size=4), st.booleans()).map(_element),
    max_leaves=12,
)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    body = "".join(draw(st.lists(elements, max_size=5)))
    if draw(st.booleans()):  # a whole page
        charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1251", "utf-16",
                                        "shift_jis", "bogus-charset", "x"]))
        head = [f'<meta charset="{charset}">' if draw(st.booleans()) else "",
                f"<title>{html.escape(draw(st.one_of(short_text, sentence)))}</title>",
                f'<meta property="og:site_name" content="{html.escape(draw(short_text))}">',
                f'<meta property="article:published_time" content="{draw(date_strings)}">',
                '<link rel="canonical" href="http://example.org/a">']
        chosen = draw(st.lists(st.sampled_from(head), max_size=5))
        doc = (draw(st.sampled_from(["", "<!DOCTYPE html>"])) + "<html><head>"
               + "".join(chosen) + "</head><body>" + body
               + draw(st.sampled_from(["</body></html>", "", "</html>"])))
    else:
        doc = body
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "windows-1251", "latin-1"]))
    return draw(cut_or_noise(doc.encode(encoding, errors="replace")))


# -- text with metadata -----------------------------------------------------------------

HEADER_KEYS = ["Title", "title", "Headline", "Source", "Outlet", "URL", "Link", "Date",
               "Published", "Language", "Lang", "X-Other", "Author"]


@st.composite
def texts_with_metadata(draw: st.DrawFn) -> bytes:
    style = draw(st.sampled_from(["headers", "front", "token", "none"]))
    body = draw(prose)
    if style == "headers":
        headers = draw(st.lists(
            st.tuples(st.sampled_from(HEADER_KEYS), st.one_of(short_text, date_strings)),
            max_size=6))
        top = "".join(f"{k}:{draw(st.sampled_from([' ', '', '  ', chr(9)]))}{v}\n"
                      for k, v in headers)
        doc = top + draw(st.sampled_from(["\n", "", "\n\n"])) + body
    elif style == "front":
        pairs = draw(st.lists(
            st.tuples(st.sampled_from([k.lower() for k in HEADER_KEYS]) | short_text,
                      st.one_of(short_text, date_strings, st.integers().map(str))),
            max_size=5))
        close = draw(st.sampled_from(["---", "...", "", "--"]))
        doc = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + close + "\n" + body
    elif style == "token":
        day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
        doc = f"date {day}\n{body}"
    else:
        doc = body
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    doc = doc.replace("\n", newline)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "windows-1252",
                                     "windows-1251"]))
    return draw(cut_or_noise(doc.encode(encoding, errors="replace")))


# -- WARC -------------------------------------------------------------------------------

def _mostly(common: object, *rare: object) -> st.SearchStrategy:  # type: ignore[type-arg]
    """`common` three times out of four, else one of `rare`."""
    return st.sampled_from([common, common, common, *rare]) if rare else st.just(common)


@st.composite
def warc_records(draw: st.DrawFn) -> bytes:
    """One hand-built WARC record (HTTP response around an HTML-ish page, mostly)."""
    payload = draw(st.one_of(html_pages(), html_pages(), st.binary(max_size=200)))
    ctype = draw(_mostly("text/html; charset=utf-8", "text/html",
                         'text/html; charset="windows-1251"', "text/html; charset=bogus",
                         "application/json", "image/png", ""))
    status = draw(_mostly("200 OK", "404 Not Found", "301 Moved", "999 Odd", "abc"))
    encoding = draw(_mostly("", "gzip", "deflate", "br", "identity"))
    http_head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
    if encoding:
        http_head += f"Content-Encoding: {encoding}\r\n"
        if encoding == "gzip" and draw(st.booleans()):
            payload = gzip.compress(payload)
    http = http_head.encode() + b"\r\n" + payload
    rec_type = draw(_mostly("response", "request", "warcinfo", "resource", "revisit"))
    length = max(0, len(http) + draw(_mostly(0, -5, 7, 10**6)))
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\n"
            f"WARC-Target-URI: http://example.org/{draw(st.integers(0, 99))}\r\n"
            f"WARC-Record-ID: <urn:uuid:{draw(st.uuids())}>\r\n"
            "WARC-Date: 2024-03-05T10:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


@st.composite
def warcs(draw: st.DrawFn) -> bytes:
    """A WARC file: records plain or each gzipped (as .warc.gz does), maybe cut or noisy."""
    records = draw(st.lists(warc_records(), max_size=3))
    if draw(st.booleans()):
        records = [gzip.compress(record) for record in records]
    return draw(cut_or_noise(b"".join(records)))


# --------------------------------------------------------------------------------------
# Properties: each reader
# --------------------------------------------------------------------------------------


@PROPERTY
@given(data=st.one_of(ANY_BYTES, texts_with_metadata()))
def test_read_text_yields_documents_or_drops(data: bytes) -> None:
    outputs = check_outputs(read_text("in/a.txt", data), "in/a.txt")
    assert len(outputs) == 1  # one file, one article (or one Drop)


@PROPERTY
@given(data=st.one_of(ANY_BYTES, html_pages()),
       charset=st.one_of(st.none(), st.sampled_from(["utf-8", "windows-1251", "bogus", "utf-16"])))
def test_read_html_yields_documents_or_drops(data: bytes, charset: str | None) -> None:
    outputs = check_outputs(read_html("in/a.html", data, charset=charset), "in/a.html")
    assert len(outputs) == 1


@PROPERTY
@given(data=st.one_of(ANY_BYTES, json_lines()))
def test_read_jsonl_yields_documents_or_drops(data: bytes) -> None:
    outputs = check_outputs(read_jsonl("in/a.jsonl", data), "in/a.jsonl")
    # A rejected line is named by its number, in the origin and in the reason.
    for item in outputs:
        if isinstance(item, Drop) and item.origin != "in/a.jsonl":
            number = item.origin.rsplit("#", 1)[1]
            assert f"line {number}" in item.reason, item


@PROPERTY
@given(data=st.one_of(ANY_BYTES, feeds()))
def test_read_feed_yields_documents_or_drops(data: bytes) -> None:
    outputs = check_outputs(read_feed("in/a.rss", data), "in/a.rss")
    assert outputs, "a feed with nothing in it must still be reported"


# --------------------------------------------------------------------------------------
# Properties: read_file on a real file of each suffix (plain and gzipped)
# --------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".csv",
            ".rss", ".xml", ".atom", ".warc"]
NEAR_VALID = {
    "text": texts_with_metadata(),
    "html": html_pages(),
    "jsonl": json_lines(),
    "json": json_documents(),
    "csv": csv_tables(),
    "feed": feeds(),
    "warc": warcs(),
}
_counter = itertools.count()


@pytest.fixture(scope="module")
def files_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reader-properties")


@st.composite
def input_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes on disk): any suffix, optionally .gz (real, cut or fake gzip)."""
    suffix = draw(st.sampled_from(SUFFIXES))
    fmt, _ = classify(Path("x" + suffix))
    assert fmt is not None
    data = draw(st.one_of(ANY_BYTES, NEAR_VALID[fmt]))
    gz = draw(st.sampled_from(["", "", ".gz"]))
    if gz and fmt != "warc":  # .warc.gz is WARC's own per-record gzip
        how = draw(st.sampled_from(["gzip", "gzip", "cut", "fake"]))
        if how != "fake":
            data = gzip.compress(data)
        if how == "cut":
            data = data[: draw(st.integers(0, len(data)))]
    return f"f{next(_counter)}{suffix}{gz}", data



@PROPERTY
@given(case=input_files(),
       limits=_mostly((MAX_INPUT_BYTES, MAX_RECORD_BYTES), (400, 300), (1, 1)))
def test_read_file_any_suffix_yields_documents_or_drops(
        files_dir: Path, case: tuple[str, bytes], limits: tuple[int, int]) -> None:
    name, data = case
    path = files_dir / name
    path.write_bytes(data)
    try:
        fmt, gzipped = classify(path)
        assert fmt is not None
        item = InputFile(path=path, format=fmt, gzipped=gzipped)
        max_input, max_record = limits
        outputs = check_outputs(
            read_file(item, max_input_bytes=max_input, max_record_bytes=max_record),
            str(path))
        # Nothing is ignored without a word (a WARC says so when it has no HTML pages).
        assert outputs, f"{name}: no output at all, not even a Drop"
        if max_input == 1 and len(data) > 1 and fmt != "warc":
            assert [type(o) for o in outputs] == [Drop], outputs
    finally:
        path.unlink()


@FEW
@given(data=warcs())
def test_read_file_warc_and_warc_gz(files_dir: Path, data: bytes) -> None:
    for suffix in (".warc", ".warc.gz"):
        path = files_dir / f"w{next(_counter)}{suffix}"
        path.write_bytes(data)
        try:
            fmt, gzipped = classify(path)
            item = InputFile(path=path, format=fmt or "", gzipped=gzipped)
            check_outputs(read_file(item, max_input_bytes=MAX_INPUT_BYTES,
                                    max_record_bytes=MAX_RECORD_BYTES), str(path))
        finally:
            path.unlink()


# --------------------------------------------------------------------------------------
# The cleaner on its own, on documents no reader would make
# --------------------------------------------------------------------------------------

@PROPERTY
@given(content=st.one_of(prose, html_fragment, html_pages().map(lambda b: b.decode("utf-8",
                                                                                     "replace"))),
       kind=st.sampled_from(["text", "html"]),
       title=st.one_of(st.none(), short_text),
       source=st.one_of(st.none(), short_text),
       url=st.one_of(st.none(), short_text, st.just("http://www.example.org/a/b")),
       published=st.one_of(st.none(), date_strings),
       language=st.one_of(st.none(), short_text))
def test_clean_document_never_raises(content: str, kind: str, title: str | None,
                                     source: str | None, url: str | None,
                                     published: str | None, language: str | None) -> None:
    raw = RawDocument(origin="in/x.txt", content=content, kind=kind,  # type: ignore[arg-type]
                      sha256="0" * 64, title=title, source=source, url=url,
                      published=published,
                      published_from="metadata" if published else "unknown",
                      language=language)
    check_cleaned(raw)


# --------------------------------------------------------------------------------------
# Crashes these properties found (fixed since): each pinned with its failing example
# --------------------------------------------------------------------------------------

@FEW
@given(year=st.integers(1000, 9999), month=st.integers(1, 12), day=st.integers(1, 31))
@example(year=2024, month=2, day=30)
def test_read_text_front_matter_with_any_date(year: int, month: int, day: int) -> None:
    doc = f"---\ntitle: Tram\ndate: {year:04d}-{month:02d}-{day:02d}\n---\n{BODIES[0]}\n"
    check_outputs(read_text("in/a.txt", doc.encode()), "in/a.txt")


@FEW
@given(moment=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                           timezones=offsets))
@example(moment=dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12))))
def test_read_feed_with_any_entry_date(moment: dt.datetime) -> None:
    stamp = moment.isoformat()
    doc = (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
           f"<entry><title>A</title><id>urn:1</id><updated>{stamp}</updated>"
           f'<content type="text">{BODIES[0]}</content></entry></feed>')
    check_outputs(read_feed("in/a.atom", doc.encode()), "in/a.atom")


@FEW
@given(code=st.integers(0xD800, 0xDFFF), text=st.sampled_from(BODIES))
@example(code=0xD800, text=BODIES[0])
def test_read_jsonl_documents_are_valid_unicode(code: int, text: str) -> None:
    line = json.dumps({"title": "Surrogate", "text": text}).replace(
        '"text": "', f'"text": "\\u{code:04x} ', 1)
    for item in check_outputs(read_jsonl("in/a.jsonl", line.encode()), "in/a.jsonl"):
        if isinstance(item, RawDocument):
            item.content.encode("utf-8")
            cleaned = clean_document(item)
            if isinstance(cleaned, PendingYear):
                cleaned = cleaned.article
            if isinstance(cleaned, Article):
                cleaned.text.encode("utf-8")
                with Store.open(":memory:") as store:  # where it used to crash
                    assert store.write_batch([(cleaned, item)]).new == 1


@FEW
@given(reader=st.sampled_from([read_text, read_html, read_jsonl]),
       bom=st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
       rest=st.binary(max_size=200))
@example(reader=read_text, bom=codecs.BOM_UTF8, rest=b"Caf\xe9 in Z\xfcrich")
@example(reader=read_html, bom=codecs.BOM_UTF16_BE, rest=b"\x00")
def test_decode_bom_followed_by_invalid_bytes(reader: Reader, bom: bytes, rest: bytes) -> None:
    check_outputs(reader("in/a.txt", bom + rest), "in/a.txt")


@FEW
@given(control=st.sampled_from([chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32))]),
       text=st.sampled_from(BODIES[:6]))  # plain prose, no boilerplate
@example(control="\x0c", text=BODIES[0])
def test_clean_html_fragment_with_control_char(control: str, text: str) -> None:
    raw = RawDocument(origin="in/a.jsonl#1", content=f"<p>{text}</p>{control}<p>{text}</p>",
                      kind="html", sha256="0" * 64)
    result = clean_document(raw)
    assert isinstance(result, Article | PendingYear), result  # the text is all there
    article = result.article if isinstance(result, PendingYear) else result
    assert control not in article.text
    assert text.split()[-1] in article.text


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n",
                                  "\n\n".encode("utf-16")])
def test_read_file_jsonl_with_only_a_bom_is_reported(files_dir: Path, data: bytes) -> None:
    path = files_dir / f"blank{next(_counter)}.jsonl"
    path.write_bytes(data)
    item = InputFile(path=path, format="jsonl", gzipped=False)
    outputs = check_outputs(read_file(item, max_input_bytes=MAX_INPUT_BYTES,
                                      max_record_bytes=MAX_RECORD_BYTES), str(path))
    assert outputs, "the file must be reported (as empty), not silently skipped"


@FEW
@given(name=st.binary(min_size=1, max_size=12).filter(lambda b: b"'" not in b and b'"' not in b),
       garble=st.sampled_from([b"\x00", b"\x80", b"\xe9", b"\xff"]))
@example(name=b"utf-8", garble=b"\xe9")
def test_read_feed_with_garbled_encoding_declaration(name: bytes, garble: bytes) -> None:
    doc = (b'<?xml version="1.0" encoding="' + name[:1] + garble + name[1:] + b'"?>'
           b'<rss version="2.0"><channel><title>T</title><item><title>A</title><description>'
           + BODIES[0].encode() + b"</description></item></channel></rss>")
    check_outputs(read_feed("in/a.rss", doc), "in/a.rss")


@FEW
@given(record=warc_records(), cut=st.integers(0, 200))
@example(record=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 90\r\n\r\n", cut=10**6)
def test_read_warc_record_cut_inside_its_headers(files_dir: Path, record: bytes,
                                                  cut: int) -> None:
    data = record[: min(cut, record.index(b"\r\n\r\n"))]  # inside the WARC headers
    path = files_dir / f"h{next(_counter)}.warc"
    path.write_bytes(data)
    try:
        item = InputFile(path=path, format="warc", gzipped=False)
        outputs = check_outputs(read_file(item, max_input_bytes=MAX_INPUT_BYTES,
                                          max_record_bytes=MAX_RECORD_BYTES), str(path))
        assert outputs, "a cut archive must be reported"
    finally:
        path.unlink()


@FEW
@given(before=st.sampled_from(["<svg>", "<svg><p>", "<svg><g><p>", "<p><svg>"]),
       text=st.sampled_from(BODIES[:6]))
@example(before="<svg><p><p>", text="")
def test_clean_html_page_with_head_inside_svg(before: str, text: str) -> None:
    page = f"{before}<head><title>Tram</title></head><body><p>{text}</p><p>{text}</p></body>"
    check_outputs(read_html("in/a.html", page.encode()), "in/a.html")


@FEW
@given(key=st.sampled_from(["title", "source", "url", "language", "date"]),
       code=st.integers(0xD800, 0xDFFF))
@example(key="source", code=0xD800)
def test_read_text_front_matter_escapes_are_storable(key: str, code: int) -> None:
    doc = f'---\n{key}: "x \\u{code:04x} y"\n---\n{BODIES[0]}\n'
    for item in check_outputs(read_text("in/a.txt", doc.encode()), "in/a.txt"):
        if isinstance(item, Drop):
            continue
        for value in (item.title, item.url, item.source, item.published, item.language):
            if value:
                value.encode("utf-8")
        article = clean_document(item)
        if isinstance(article, Article):
            with Store.open(":memory:") as store:  # where it crashes
                assert store.write_batch([(article, item)]).new == 1
