"""Bad input next to good input: every bad file is named with a reason, never a crash.

Each case builds a folder in tmp_path holding one kind of bad input together with good
articles, ingests it through the library (plan/ingest/Store) and through the CLI, and
checks that:

* the drop's origin names the file (and `#N` plus "line N" for a JSON Lines line),
* the reason says what is wrong (key words),
* the good articles are stored, and articles stored by an earlier run are kept,
* the rejection is recorded in `store.rejections()`,
* `storyline ingest` exits 1 (CLI.md: some inputs rejected, the rest stored), or 2 when
  nothing could be done, and names the file on stderr,
* ingesting the same folder again duplicates neither rejections nor articles.

All article text here is written for these tests. The cases that once found real bugs are
kept as regression tests, with a note on what used to happen.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.flow.ingest import IngestReport, ingest, plan
from storyline.model import Drop
from storyline.settings import from_env
from storyline.store import Store

# --------------------------------------------------------------------------------------
# Our own article text
# --------------------------------------------------------------------------------------

_TOPICS = {
    "tram": ("The Northbridge city council voted on Tuesday to extend the riverside tram line "
             "by four stops. Officials said construction would start next spring and the "
             "new stops should open within two years."),
    "library": ("The public library in Eastfield reopened on Monday after a renovation that "
                "lasted eighteen months. Visitors found a larger reading room, a repaired roof "
                "and a new section for local history."),
    "harbour": ("Port authorities in Westmouth said on Wednesday that cargo volumes rose by "
                "nine percent last quarter. Most of the growth came from grain shipments and "
                "from a new ferry route to the islands."),
    "bridge": ("Engineers closed the old Millbrook bridge on Thursday after inspectors found "
               "cracks in two supporting pillars. Drivers were told to use the bypass while "
               "repairs, expected to take six weeks, are carried out."),
    "school": ("A new primary school opened in Southvale on Friday with places for three "
               "hundred pupils. The head teacher said the building uses solar panels and a "
               "rainwater tank to cut running costs."),
    "market": ("Farmers at the Riverside market reported strong sales of apples and honey over "
               "the weekend. The market committee plans to add a second day each week from "
               "June if stall holders agree."),
    "orchestra": ("The Hillcrest youth orchestra won first prize at the regional music festival "
                  "on Saturday. Its conductor praised the players for months of rehearsals "
                  "held in a borrowed church hall."),
    "river": ("Volunteers removed more than two tonnes of rubbish from the banks of the Alder "
              "river on Sunday. Organisers said plastic bottles made up most of it and asked "
              "the council for more litter bins."),
}


def body(topic: str) -> str:
    return _TOPICS[topic]


def good_txt(topic: str, title: str, date: str = "2024-03-05") -> bytes:
    return (f"Title: {title}\nDate: {date}\nSource: Courier of {topic.title()}\n\n"
            f"{body(topic)}\n").encode()


def jsonl_line(topic: str, title: str, date: str = "2024-03-06") -> str:
    return json.dumps({"id": topic, "title": title, "published": date,
                       "source": "Valley Post", "text": body(topic)})


#: The good articles put next to every bad input, and their titles.
GOOD_FILES = {
    "good.txt": good_txt("tram", "Tram line to grow by four stops"),
    "good.jsonl": (jsonl_line("library", "Eastfield library reopens") + "\n").encode(),
}
GOOD_TITLES = {"Tram line to grow by four stops", "Eastfield library reopens"}
#: Stored by an earlier run, before the bad folder is ingested.
BEFORE_FILES = {"before.txt": good_txt("orchestra", "Youth orchestra wins festival prize")}
BEFORE_TITLES = {"Youth orchestra wins festival prize"}


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# --------------------------------------------------------------------------------------
# Bad inputs, built here
# --------------------------------------------------------------------------------------

def random_binary(size: int = 3000) -> bytes:
    rng = random.Random(20240305)
    data = bytearray(rng.randrange(256) for _ in range(size))
    data[10:14] = b"\x00\x00\x00\x00"
    return bytes(data)


def png_bytes() -> bytes:
    """The start of a PNG (signature, IHDR chunk) and some pseudo-random pixel bytes."""
    ihdr = b"\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    return b"\x89PNG\r\n\x1a\n" + ihdr + random_binary(1500)


def jsonl_with_bad_line_2(bad_line: str) -> bytes:
    return "\n".join([
        jsonl_line("harbour", "Westmouth cargo volumes rise"),
        bad_line,
        jsonl_line("bridge", "Millbrook bridge closed for repairs"),
    ]).encode() + b"\n"


JSONL_NEIGHBOUR_TITLES = {"Westmouth cargo volumes rise", "Millbrook bridge closed for repairs"}


def broken_rss() -> bytes:
    return (b"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel>"
            b"<title>Valley news</title><link>http://example.org/</link><descr")


def atom_second_entry_without_content() -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Southvale Gazette</title>
  <id>urn:example:southvale</id>
  <updated>2024-03-08T09:00:00Z</updated>
  <entry>
    <title>New primary school opens in Southvale</title>
    <id>urn:example:southvale:1</id>
    <link href="http://example.org/school"/>
    <updated>2024-03-08T09:00:00Z</updated>
    <content type="text">{body("school")}</content>
  </entry>
  <entry>
    <!-- no title, content or summary (a title alone is a headline-only item: kept) -->
    <id>urn:example:southvale:2</id>
    <updated>2024-03-08T10:00:00Z</updated>
  </entry>
</feed>
""".encode()


def truncated_gzip() -> bytes:
    whole = gzip.compress(good_txt("market", "Riverside market has a strong weekend") * 3)
    return whole[: len(whole) // 2]


def warc_bytes(gzipped: bool) -> tuple[bytes, list[int]]:
    """A WARC of three HTML responses; returns the bytes and where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    ends = []
    for number, topic in enumerate(("harbour", "bridge", "river"), start=1):
        html = (f"<html><head><title>Archived story {number}</title></head><body><article>"
                f"<h1>Archived story {number}</h1><p>{body(topic)}</p>"
                f"<p>{body(topic)}</p><p>{body(topic)}</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(f"http://example.org/{topic}", "response",
                                           payload=io.BytesIO(html), http_headers=headers)
        writer.write_record(record)
        ends.append(buf.tell())
    return buf.getvalue(), ends


def truncated_warc(gzipped: bool) -> bytes:
    """Cut inside the second record's payload (80% of the way through it)."""
    data, ends = warc_bytes(gzipped)
    cut = ends[0] + (ends[1] - ends[0]) * 4 // 5
    return data[:cut]


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """A drop we expect: origin relative to the folder, and a regex its reason matches.

    With `records`, the drop may name the file or one record of it (`file#N`), and other
    drops for records of the same file are allowed.
    """

    origin: str
    reason: str
    records: bool = False


@dataclass(frozen=True)
class Case:
    files: dict[str, bytes]
    drops: tuple[Expect, ...]
    #: Titles of articles from the bad files themselves that must be stored too.
    titles: frozenset[str] = frozenset()
    #: Settings overrides (library) / environment (CLI) for the size limit.
    max_input_bytes: int | None = None
    #: Further checks on the stored articles: {title: substrings its text must contain}.
    text_has: dict[str, tuple[str, ...]] = field(default_factory=dict)


EMPTY = r"\bempty\b"
BINARY = r"binary|not text"
NO_HTML_TEXT = r"no article text"
LIMIT_MB = 1_000_000

CASES: dict[str, Case] = {
    "empty-txt": Case({"empty.txt": b""}, (Expect("empty.txt", EMPTY),)),
    "empty-html": Case({"empty.html": b""}, (Expect("empty.html", EMPTY),)),
    "whitespace-txt": Case({"blank.txt": b"  \n\t\r\n   \n\n"}, (Expect("blank.txt", EMPTY),)),
    "whitespace-html": Case({"blank.html": b"\n\n \t \n"}, (Expect("blank.html", EMPTY),)),
    "binary-as-txt": Case({"noise.txt": random_binary()}, (Expect("noise.txt", BINARY),)),
    "png-as-html": Case({"picture.html": png_bytes()}, (Expect("picture.html", BINARY),)),
    "html-only-script": Case(
        {"script.html": b"<html><head><script>var x = 1; document.write(x);</script>"
                        b"</head><body><script>alert('hi')</script></body></html>"},
        (Expect("script.html", NO_HTML_TEXT),)),
    "html-garbage-markup": Case(
        {"garbage.html": b"<html><<<>>><</ ><a <b =>> <!-- <![CDATA[ &&&; </x><body "},
        (Expect("garbage.html", NO_HTML_TEXT),)),
    "jsonl-malformed-line": Case(
        {"feed.jsonl": jsonl_with_bad_line_2('{"title": "Half a line", "text": "cut off')},
        (Expect("feed.jsonl#2", r"line 2\b.*\bJSON\b"),), titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "jsonl-line-is-list": Case(
        {"feed.jsonl": jsonl_with_bad_line_2('["a list", "not an object"]')},
        (Expect("feed.jsonl#2", r"line 2\b.*object.*\blist\b"),),
        titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "jsonl-line-is-number": Case(
        {"feed.jsonl": jsonl_with_bad_line_2("42")},
        (Expect("feed.jsonl#2", r"line 2\b.*object.*\bint\b"),),
        titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "jsonl-line-is-string": Case(
        {"feed.jsonl": jsonl_with_bad_line_2('"just a string"')},
        (Expect("feed.jsonl#2", r"line 2\b.*object.*\bstr\b"),),
        titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "jsonl-object-without-text": Case(
        # a title alone is a headline-only record, kept (test_record_identity.py)
        {"feed.jsonl": jsonl_with_bad_line_2('{"source": "X", "language": "en"}')},
        (Expect("feed.jsonl#2", r"line 2\b.*text.*html"),),
        titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "jsonl-object-with-blank-text": Case(
        {"feed.jsonl": jsonl_with_bad_line_2('{"title": " ", "text": "   ", "html": 5}')},
        (Expect("feed.jsonl#2", r"line 2\b.*text.*html"),),
        titles=frozenset(JSONL_NEIGHBOUR_TITLES)),
    "rss-broken-xml-no-entries": Case(
        {"broken.rss": broken_rss()}, (Expect("broken.rss", r"RSS|Atom|feed"),)),
    "atom-entry-without-content": Case(
        {"gazette.atom": atom_second_entry_without_content()},
        (Expect("gazette.atom#2", r"entry 2\b.*(content|summary)"),),
        titles=frozenset({"New primary school opens in Southvale"})),
    "gzip-truncated": Case(
        {"market.txt.gz": truncated_gzip()},
        (Expect("market.txt.gz", r"truncated|ends early"),)),
    "gz-not-gzip": Case(
        {"plain.txt.gz": good_txt("river", "Volunteers clean the Alder river")},
        (Expect("plain.txt.gz", r"gzip"),)),
    "file-above-size-limit": Case(
        {"huge.txt": good_txt("bridge", "Bridge story that is far too long") * 4000},
        (Expect("huge.txt", r"\blimit\b"),), max_input_bytes=LIMIT_MB),
    "gzip-bomb": Case(
        {"bomb.txt.gz": gzip.compress(b"A" * (8 * LIMIT_MB), compresslevel=9)},
        (Expect("bomb.txt.gz", r"decompress.*\blimit\b"),), max_input_bytes=LIMIT_MB),
    "unsupported-pdf": Case(
        {"paper.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"},
        (Expect("paper.pdf", r"unsupported file type.*\.txt"),)),
    "warc-valid-control": Case(
        {"archive.warc": warc_bytes(gzipped=False)[0]}, (),
        titles=frozenset({"Archived story 1", "Archived story 2", "Archived story 3"})),
    "warc-gz-valid-control": Case(
        {"archive.warc.gz": warc_bytes(gzipped=True)[0]}, (),
        titles=frozenset({"Archived story 1", "Archived story 2", "Archived story 3"})),
    "warc-text-short-first-line-not-warc": Case(
        {"notes.warc": f"Title: Not an archive\n\n{body('river')}\n".encode()},
        (Expect("notes.warc", r"WARC"),)),
    "warc-binary-not-warc": Case(
        {"archive.warc": random_binary(2000)}, (Expect("archive.warc", r"WARC"),)),
    "bad-html-unclosed-tags-extracted": Case(
        {"unclosed.html": (f"<html><head><title>Harbour report</title><body><div><p>"
                           f"{body('harbour')}<p>{body('market')}<div><b><i>").encode()},
        (), titles=frozenset({"Harbour report"}),
        text_has={"Harbour report": ("Westmouth", "Riverside market")}),
}

# Input that is not bad, only not UTF-8: it must be decoded into the right characters.
GERMAN = ("In Zürich hat am Montag ein neues Café am Seeufer eröffnet. Die Besitzerin sagte, "
          "dass über fünfzig Gäste kamen und der erste Kaffee für alle gratis war.")
FRENCH = ("Le café de la gare à Genève a rouvert après des travaux qui ont duré près d'un an. "
          "Les élèves du collège voisin étaient nombreux à la fête, où l'on a servi du thé.")
ENGLISH = ("The new café in Zürich opened on Monday. The owner said more than fifty guests "
           "came and the first coffee was free for everyone who visited the place by the lake.")
SPANISH = ("El café de la plaza mayor reabrió el miércoles tras una reforma que duró casi un "
           "año. Según el dueño, más de cien vecinos acudieron a la inauguración en Málaga.")
CYRILLIC = ("Городской совет Северного района в четверг одобрил строительство нового "
            "моста через реку. Работы начнутся весной, а движение откроют через два "
            "года, сообщили в мэрии.")


def encoded_case(name: str, title: str, text: str, encoding: str,
                 pieces: tuple[str, ...]) -> Case:
    data = f"Title: {title}\nDate: 2024-03-07\n\n{text}\n".encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    return Case({name: data}, (), titles=frozenset({title}),
                text_has={title: (*pieces, text)})


ENCODING_CASES: dict[str, Case] = {
    "latin-1-german-txt-undeclared": encoded_case(
        "zurich.txt", "Neues Café in Zürich", GERMAN, "latin-1", ("Zürich", "Café", "fünfzig")),
    "latin-1-french-txt-undeclared": encoded_case(
        "geneve.txt", "Le café de Genève rouvre", FRENCH, "latin-1", ("café", "Genève", "élèves")),
    "windows-1251-txt-undeclared": encoded_case(
        "most.txt", "Новый мост через реку", CYRILLIC, "windows-1251",
        ("Городской совет", "моста", "мэрии")),
    "utf-16-with-bom": encoded_case(
        "utf16.txt", "Café news from Zürich", ENGLISH, "utf-16-le", ("Zürich", "café")),
}

WARC_CUT = r"truncat|ends early|incomplete|cut off"
#: warcio takes a first line of five or more words for an ARC header, so this text went
#: through warcio without an error (and without any record).
WARC_BODY_FOR_TEXT_CASE = f"{body('river')}\n\n{body('market')}\n".encode()


def warc_cut_in_second_header() -> bytes:
    """The three-record WARC cut inside record 2's WARC headers, before its target URI."""
    data, ends = warc_bytes(gzipped=False)
    return data[: data.index(b"WARC-Target-URI", ends[0])]


def warc_response_without_target_uri() -> bytes:
    """Record 1 whole, then a response record that lacks the WARC-Target-URI header."""
    data, ends = warc_bytes(gzipped=False)
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
            + body("school").encode() + b"</p></body></html>")
    record = (b"WARC/1.0\r\nWARC-Type: response\r\n"
              b"WARC-Record-ID: <urn:uuid:12345678-1234-5678-1234-567812345678>\r\n"
              b"WARC-Date: 2024-03-05T10:00:00Z\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    return data[: ends[0]] + record


_BUG_WARC_NO_URI = (
    "BUG: sources/warc.py read_warc: for a response record without WARC-Target-URI (a "
    "malformed record, or an archive cut inside a record's headers) warcio raises "
    "AttributeError (\"'NoneType' object has no attribute 'startswith'\" in "
    "recordloader.load_http_headers); read_warc catches only ArchiveLoadFailed, EOFError, "
    "OSError, ValueError and zlib.error, so ingest crashes")

#: Found broken by these tests (warcio's AttributeError let out), fixed since: regressions.
BUG_CASES = {
    "warc-cut-inside-record-headers": pytest.param(
        Case({"cut.warc": warc_cut_in_second_header()},
             (Expect("cut.warc", WARC_CUT + r"|WARC", records=True),),
             titles=frozenset({"Archived story 1"}))),
    "warc-response-without-target-uri": pytest.param(
        Case({"nouri.warc": warc_response_without_target_uri()},
             (Expect("nouri.warc", r"WARC|record|URI", records=True),),
             titles=frozenset({"Archived story 1"}))),
}

# Cases these tests found broken (crashes or silent loss), fixed in e31a0ec; kept as
# regression tests. The comment says what used to happen.
FOUND_CASES: dict[str, Case] = {
    # clean/html_text.py fragment_text: lxml raised ValueError on the control character.
    "jsonl-html-with-form-feed": Case(
        {"feed.jsonl": jsonl_with_bad_line_2(json.dumps({
            "title": "Form feed", "html": f"<p>{body('market')}</p>\f<p>{body('river')}</p>"}))},
        (), titles=frozenset(JSONL_NEIGHBOUR_TITLES | {"Form feed"}),
        text_has={"Form feed": ("Riverside market", "Alder river")}),
    # sources/jsonl.py: a BOM-only file yielded nothing at all, not even a Drop.
    "jsonl-only-a-bom": Case(
        {"blank.jsonl": codecs.BOM_UTF8 + b"\n"},
        (Expect("blank.jsonl", r"empty|no (JSON )?lines|nothing"),)),
    # sources/decode.py: charset-normalizer's first guess was cp775 ('Z³rich') for English
    # and cp1250 ('ańo') for Spanish.
    "latin-1-english-txt-undeclared": encoded_case(
        "zurich-en.txt", "A new café in Zürich", ENGLISH, "latin-1", ("Zürich", "café")),
    "latin-1-spanish-txt-undeclared": encoded_case(
        "malaga.txt", "Reabre el café de Málaga", SPANISH, "latin-1",
        ("café", "Málaga", "miércoles", "año")),
    # sources/warc.py: the cut record was yielded (partial text stored) with no Drop. The
    # first record is whole and is stored; the cut one is not stored, and said so.
    "warc-truncated": Case(
        {"cut.warc": truncated_warc(gzipped=False)},
        (Expect("cut.warc", WARC_CUT, records=True),), titles=frozenset({"Archived story 1"})),
    "warc-gz-truncated": Case(
        {"cut.warc.gz": truncated_warc(gzipped=True)},
        (Expect("cut.warc.gz", WARC_CUT, records=True),),
        titles=frozenset({"Archived story 1"})),
    # sources/warc.py: these yielded nothing at all, so the CLI exited 0 in silence.
    "warc-plain-text-long-first-line": Case(
        {"notes.warc": WARC_BODY_FOR_TEXT_CASE}, (Expect("notes.warc", r"WARC"),)),
    "warc-empty": Case({"empty.warc": b""}, (Expect("empty.warc", r"empty|WARC"),)),
    # sources/text.py split_metadata: ValueError / RecursionError escaped from yaml.
    "yaml-front-matter-impossible-date": Case(
        {"front.txt": (f"---\ntitle: Riverside market\ndate: 2024-02-30\n---\n"
                       f"{body('market')}\n").encode()},
        (Expect("front.txt", r"date|front matter|YAML"),)),
    "yaml-front-matter-deeply-nested": Case(
        {"deep.txt": ("---\ntitle: " + "[" * 3000 + "\n---\n" + body("market")).encode()},
        (Expect("deep.txt", r"front matter|YAML"),)),
}


def nested_html(depth: int, title: str, topic: str) -> bytes:
    """A page whose article text sits `depth` elements deep (page builders nest divs)."""
    return (f"<html><head><title>{title}</title></head><body>" + "<div>" * depth
            + f"<p>{body(topic)}</p><p>{body('river')}</p>" + "</div>" * depth
            + "</body></html>").encode()


def utf8_with_bad_bytes(title: str, *, bad: bytes) -> bytes:
    """A UTF-8 article (accents encoded right) with `bad` bytes in one word: "Z<bad>rich"."""
    return (f"Title: {title}\nDate: 2024-03-08\n\nThe new café on the lake opened on Monday; "
            "its owner, born in Zürich, said that more than fifty guests came. ").encode() + (
            b"Visitors from Z" + bad + b"rich and Gen\xc3\xa8ve praised the cr\xc3\xa8me br\xc3"
            b"\xbbl\xc3\xa9e and the view of the lake from the terrace.\n")


#: Cases issue 18's probe found broken; the comment says what used to happen.
ISSUE_18_CASES: dict[str, Case] = {
    # store/sqlite.py: UnicodeEncodeError (surrogates not allowed) on the origin of a file
    # name that is not UTF-8: its batch was lost on every run, and the CLI exited 1.
    "file-name-not-utf-8": Case(
        {"zz_\udce9.txt": good_txt("harbour", "Westmouth cargo volumes rise")}, (),
        titles=frozenset({"Westmouth cargo volumes rise"})),
    # clean/html_text.py: lxml stops at 255 levels; the text below was lost ("no article
    # text found").
    "html-nested-300-deep": Case(
        {"deep.html": nested_html(300, "Deep harbour page", "harbour")}, (),
        titles=frozenset({"Deep harbour page"}),
        text_has={"Deep harbour page": ("Westmouth", "Alder river")}),
    "html-nested-3000-deep": Case(
        {"deeper.html": nested_html(3000, "Deeper bridge page", "bridge")}, (),
        titles=frozenset({"Deeper bridge page"}),
        text_has={"Deeper bridge page": ("Millbrook", "Alder river")}),
    "jsonl-html-nested-300-deep": Case(
        {"feed.jsonl": jsonl_with_bad_line_2(json.dumps({
            "title": "Deep fragment", "source": "Valley Post", "published": "2024-03-06",
            "html": "<div>" * 300 + f"<p>{body('school')}</p>" + "</div>" * 300}))},
        (), titles=frozenset(JSONL_NEIGHBOUR_TITLES | {"Deep fragment"}),
        text_has={"Deep fragment": ("Southvale",)}),
    # sources/decode.py: one bad sequence sent the whole file to a legacy code page, so
    # every accent was mojibake ("ZÃ¼rich").
    "utf-8-with-a-cut-sequence": Case(
        {"cut-utf8.txt": utf8_with_bad_bytes("Café opens by the lake", bad=b"\xc3\x28")}, (),
        titles=frozenset({"Café opens by the lake"}),
        text_has={"Café opens by the lake": ("café", "born in Zürich", "Genève",
                                              "crème brûlée", "Z\ufffd(rich")}),
    "utf-8-with-a-cp1252-byte": Case(
        {"mixed.txt": utf8_with_bad_bytes("Café by the lake", bad=b"\xfc")}, (),
        titles=frozenset({"Café by the lake"}),
        text_has={"Café by the lake": ("café", "born in Zürich", "Genève", "crème brûlée",
                                        "Visitors from Zürich")}),
    # sources/decode.py: refused as binary (its NUL bytes).
    "utf-16-le-without-bom": Case(
        {"utf16le.txt": f"Title: Café news\nDate: 2024-03-07\n\n{ENGLISH}\n".encode(
            "utf-16-le")}, (),
        titles=frozenset({"Café news"}), text_has={"Café news": ("Zürich", "café")}),
    "utf-16-le-cyrillic-without-bom": Case(
        {"most16.txt": f"Title: Новый мост\nDate: 2024-03-07\n\n{CYRILLIC}\n".encode(
            "utf-16-le")}, (),
        titles=frozenset({"Новый мост"}), text_has={"Новый мост": ("Городской совет", "мэрии")}),
    "utf-16-be-without-bom": Case(
        {"utf16be.txt": f"Title: Genève news\nDate: 2024-03-07\n\n{FRENCH}\n".encode(
            "utf-16-be")}, (),
        titles=frozenset({"Genève news"}), text_has={"Genève news": ("Genève", "élèves")}),
}


def _feed_with_date(date: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Alder Valley News</title>
  <id>urn:example:alder</id>
  <entry>
    <title>Volunteers clean the Alder river</title>
    <id>urn:example:alder:1</id>
    <updated>{date}</updated>
    <content type="text">{body("river")}</content>
  </entry>
</feed>
""".encode()


# --------------------------------------------------------------------------------------
# Running an ingest
# --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STORYLINE_DB", "STORYLINE_BATCH_SIZE", "STORYLINE_MAX_INPUT_BYTES",
                 "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Run:
    report: IngestReport
    titles: set[str]
    texts: dict[str, str]
    count: int
    rejections: list[tuple[str, str, str]]
    origins: set[str] = field(default_factory=set)


def library_ingest(db: Path, *paths: Path, **overrides: object) -> Run:
    settings = from_env(db_path=str(db), **overrides)
    with Store.open(settings.db_path) as store:
        report = ingest(plan(list(paths)), store, settings)
        articles = list(store.articles())
        rejections = [(r.origin, r.stage, r.reason) for r in store.rejections()]
        count = store.count()
    return Run(report=report, titles={a.title for a in articles if a.title},
               texts={a.title: a.text for a in articles if a.title}, count=count,
               rejections=rejections, origins={a.origin for a in articles})


def stored(db: Path) -> Run:
    """What the store at `db` holds (nothing is ingested)."""
    with Store.open(db) as store:
        articles = list(store.articles())
        rejections = [(r.origin, r.stage, r.reason) for r in store.rejections()]
        count = store.count()
    return Run(report=IngestReport(), titles={a.title for a in articles if a.title},
               texts={a.title: a.text for a in articles if a.title}, count=count,
               rejections=rejections, origins={a.origin for a in articles})


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), env=env)
    # An uncaught exception also exits 1: make sure it was a deliberate exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"the CLI crashed: {result.exception!r}\n{result.stderr}")
    return result


def unwrapped(text: str) -> str:
    """stderr with line breaks removed, so that a path is found even if a console wraps it
    (that it is not wrapped is checked by test_cli_rejection_is_one_line_with_full_path)."""
    return text.replace("\n", "")


def _match_drops(folder: Path, drops: list[Drop] | list[tuple[str, str, str]],
                 case: Case) -> None:
    """Each expected drop is there exactly once, named by its origin, with a clear reason."""
    pairs = [(d.origin, d.reason) if isinstance(d, Drop) else (d[0], d[2]) for d in drops]
    for expect in case.drops:
        origin = str(folder / expect.origin)
        if expect.records:
            reasons = [reason for o, reason in pairs
                       if o == origin or re.fullmatch(re.escape(origin) + r"#\d+", o)]
            assert any(re.search(expect.reason, r, re.IGNORECASE | re.DOTALL) for r in reasons), (
                f"no drop for {origin} matches {expect.reason!r}: {pairs}")
            continue
        reasons = [reason for o, reason in pairs if o == origin]
        assert len(reasons) == 1, f"expected one drop for {origin}, got {pairs}"
        assert re.search(expect.reason, reasons[0], re.IGNORECASE | re.DOTALL), (
            f"reason for {origin} does not match {expect.reason!r}: {reasons[0]!r}")
    good = {str(folder / name) for name in GOOD_FILES}
    assert not [p for p in pairs if p[0].split("#")[0] in good], (
        f"a good file was rejected: {pairs}")


def _settings_for(case: Case) -> dict[str, object]:
    return {"max_input_bytes": case.max_input_bytes} if case.max_input_bytes else {}


def _env_for(case: Case) -> dict[str, str]:
    return ({"STORYLINE_MAX_INPUT_BYTES": str(case.max_input_bytes)}
            if case.max_input_bytes else {})


def check_library(tmp_path: Path, case: Case) -> None:
    db = tmp_path / "s.db"
    before, folder = tmp_path / "before", tmp_path / "in"
    write_files(before, BEFORE_FILES)
    write_files(folder, {**GOOD_FILES, **case.files})

    first = library_ingest(db, before, **_settings_for(case))
    assert first.count == 1 and first.titles == BEFORE_TITLES and not first.report.drops

    run = library_ingest(db, folder, **_settings_for(case))
    _match_drops(folder, run.report.drops, case)
    _match_drops(folder, run.rejections, case)
    expected_titles = BEFORE_TITLES | GOOD_TITLES | case.titles
    assert expected_titles <= run.titles
    assert run.count == first.count + len(GOOD_TITLES | case.titles)
    assert run.report.new == len(GOOD_TITLES | case.titles)
    for title, pieces in case.text_has.items():
        for piece in pieces:
            assert piece in run.texts[title], f"{piece!r} missing from {title!r}"

    again = library_ingest(db, folder, **_settings_for(case))
    assert again.count == run.count
    assert again.report.new == 0
    assert again.report.existing == len(GOOD_TITLES | case.titles)
    assert sorted(again.rejections) == sorted(run.rejections)
    assert len(again.rejections) == len(set(again.rejections))


def check_cli(tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cli.db"
    before, folder = tmp_path / "before", tmp_path / "in"
    write_files(before, BEFORE_FILES)
    write_files(folder, {**GOOD_FILES, **case.files})
    for name, value in _env_for(case).items():
        monkeypatch.setenv(name, value)

    first = cli("ingest", str(before), "--db", str(db))
    assert first.exit_code == 0, first.stderr

    result = cli("ingest", str(folder), "--db", str(db))
    assert result.exit_code == (1 if case.drops else 0), result.stderr
    err = unwrapped(result.stderr)
    for expect in case.drops:
        assert str(folder / expect.origin) in err, f"stderr does not name {expect.origin}"
    if any(expect.records for expect in case.drops):
        assert err.count("rejected:") >= len(case.drops), result.stderr
    else:
        assert err.count("rejected:") == len(case.drops), result.stderr

    after = stored(db)
    assert BEFORE_TITLES | GOOD_TITLES | case.titles <= after.titles
    for title, pieces in case.text_has.items():
        for piece in pieces:
            assert piece in after.texts[title], f"{piece!r} missing from {title!r}"
    assert after.count == 1 + len(GOOD_TITLES | case.titles)
    _match_drops(folder, after.rejections, case)

    again = cli("ingest", str(folder), "--db", str(db))
    assert again.exit_code == result.exit_code
    rerun = stored(db)
    assert rerun.count == after.count
    assert sorted(rerun.rejections) == sorted(after.rejections)


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------

ALL_CASES = {**CASES, **ENCODING_CASES, **FOUND_CASES, **ISSUE_18_CASES}


@pytest.mark.parametrize("case", [*ALL_CASES.values(), *BUG_CASES.values()],
                         ids=[*ALL_CASES, *BUG_CASES])
def test_library_ingest_names_bad_input_and_keeps_good(tmp_path: Path, case: Case) -> None:
    check_library(tmp_path, case)


@pytest.mark.parametrize("case", [*ALL_CASES.values(), *BUG_CASES.values()],
                         ids=[*ALL_CASES, *BUG_CASES])
def test_cli_ingest_names_bad_input_and_exits_1(tmp_path: Path, case: Case,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    check_cli(tmp_path, case, monkeypatch)


def test_jsonl_bad_line_origin_and_reason_name_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_files(folder, {"mixed.jsonl": "\n".join([
        jsonl_line("harbour", "Westmouth cargo volumes rise"),
        "{not json",
        "",
        "[1, 2]",
        jsonl_line("bridge", "Millbrook bridge closed for repairs"),
        '{"title": "", "summary": null}',  # a real title alone would be kept as a headline
    ]).encode()})
    run = library_ingest(tmp_path / "s.db", folder)
    by_origin = {d.origin: d.reason for d in run.report.drops}
    path = str(folder / "mixed.jsonl")
    # The blank line 3 is skipped silently but still counts for the numbering.
    assert set(by_origin) == {f"{path}#2", f"{path}#4", f"{path}#6"}
    for number in (2, 4, 6):
        assert re.search(rf"\bline {number}\b", by_origin[f"{path}#{number}"])
    assert run.titles == JSONL_NEIGHBOUR_TITLES


def test_too_large_message_names_limit_and_the_setting(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_files(folder, {"huge.txt": good_txt("bridge", "Too long") * 4000, **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder, max_input_bytes=LIMIT_MB)
    (reason,) = [d.reason for d in run.report.drops]
    assert _names_size(reason, LIMIT_MB), reason
    assert "STORYLINE_MAX_INPUT_BYTES" in reason
    assert run.titles == GOOD_TITLES


def test_gzip_bomb_is_refused_without_unpacking_it_all(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    bomb = gzip.compress(b"A" * (50 * LIMIT_MB), compresslevel=9)
    assert len(bomb) < LIMIT_MB // 10  # small on disk, 50 MB unpacked
    write_files(folder, {"bomb.txt.gz": bomb, **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder, max_input_bytes=LIMIT_MB)
    (drop,) = run.report.drops
    assert drop.origin == str(folder / "bomb.txt.gz")
    assert _names_size(drop.reason, LIMIT_MB), drop.reason
    assert run.titles == GOOD_TITLES


_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(bytes?|B|kB|KB|KiB|MB|MiB|GB|GiB)\b")
_UNITS = {"byte": 1, "bytes": 1, "B": 1, "kB": 1e3, "KB": 1e3, "KiB": 1024, "MB": 1e6,
          "MiB": 1024**2, "GB": 1e9, "GiB": 1024**3}


def _names_size(reason: str, limit: int) -> bool:
    """The reason states `limit` as a number with a unit, within 5%."""
    for number, unit in _SIZE.findall(reason):
        value = float(number.replace(",", ""))
        if abs(value * _UNITS[unit] - limit) <= 0.05 * limit:
            return True
    return False


# Found: sizes were printed as '{limit / 1e6:.0f} MB', so a 1500-byte limit read '0 MB'.
def test_small_size_limit_is_named_correctly(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    write_files(folder, {"long.txt": good_txt("bridge", "Long") * 20, **GOOD_FILES,
                         "bomb.txt.gz": gzip.compress(b"A" * 100_000)})
    monkeypatch.setenv("STORYLINE_MAX_INPUT_BYTES", "1500")
    result = cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    run = stored(tmp_path / "s.db")
    reasons = {origin: reason for origin, _, reason in run.rejections}
    assert set(reasons) == {str(folder / "long.txt"), str(folder / "bomb.txt.gz")}
    for reason in reasons.values():
        assert _names_size(reason, 1500), reason


# Found: read_jsonl had no per-line limit although settings.MAX_RECORD_BYTES names JSONL lines.
def test_jsonl_line_above_record_limit_is_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    long_line = json.dumps({"title": "Long", "text": " ".join(_TOPICS.values()) * 10})
    write_files(folder, {"big.jsonl": jsonl_with_bad_line_2(long_line), **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder, max_record_bytes=5000)
    by_origin = {d.origin: d.reason for d in run.report.drops}
    assert list(by_origin) == [str(folder / "big.jsonl#2")]
    assert "line 2" in by_origin[str(folder / "big.jsonl#2")]
    assert run.titles == GOOD_TITLES | JSONL_NEIGHBOUR_TITLES


# Found: sources/feed.py _when raised ValueError from datetime.fromtimestamp.
@pytest.mark.parametrize("date", ["9999-12-31T23:59:59-12:00", "0000-01-01T00:00:00Z"])
def test_feed_entry_with_out_of_range_date_does_not_crash(tmp_path: Path, date: str) -> None:
    folder = tmp_path / "in"
    write_files(folder, {"alder.atom": _feed_with_date(date), **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder)
    assert run.titles >= GOOD_TITLES
    # The entry is kept (undated) or rejected with a reason, never a crash.
    entry = str(folder / "alder.atom#1")
    assert ("Volunteers clean the Alder river" in run.titles
            or any(d.origin == entry and d.reason for d in run.report.drops))


# Found: the lone surrogate reached Store.write_batch, which raised UnicodeEncodeError.
def test_jsonl_lone_surrogate_escape_does_not_crash(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    bad = json.dumps({"title": "Surrogate", "text": body("market")})
    bad = bad.replace("Farmers", "Farmers \\ud800")
    assert "\\ud800" in bad
    write_files(folder, {"feed.jsonl": jsonl_with_bad_line_2(bad), **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder)
    assert run.titles >= GOOD_TITLES | JSONL_NEIGHBOUR_TITLES
    origin = str(folder / "feed.jsonl#2")
    assert ("Surrogate" in run.titles
            or any(d.origin == origin and "line 2" in d.reason for d in run.report.drops))


# Found: read_jsonl used str.splitlines(), which also splits on U+2028 and U+0085.
def test_jsonl_line_separator_inside_string_is_not_a_line_break(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    line1 = json.dumps({"title": "Two paragraphs",
                        "text": body("harbour") + "\u2028" + body("market") + "\x85"},
                       ensure_ascii=False)
    write_files(folder, {"feed.jsonl": (line1 + "\n{broken\n").encode(), **GOOD_FILES})
    run = library_ingest(tmp_path / "s.db", folder)
    assert "Two paragraphs" in run.titles
    ((origin, reason),) = [(d.origin, d.reason) for d in run.report.drops]
    assert origin == str(folder / "feed.jsonl#2")
    assert re.search(r"\bline 2\b", reason)


def check_stored_or_rejected(tmp_path: Path, name: str, data: bytes) -> Run:
    """Next to good files, `name` is either stored or rejected with a reason; no crash."""
    folder = tmp_path / "in"
    write_files(folder, {**GOOD_FILES, name: data})
    run = library_ingest(tmp_path / "s.db", folder)
    assert run.titles >= GOOD_TITLES
    path = str(folder / name)
    rejected = [d for d in run.report.drops if d.origin == path]
    assert path in run.origins or (len(rejected) == 1 and rejected[0].reason.strip())
    result = cli("ingest", str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == (1 if rejected else 0)
    return run


# Found: sources/decode.py let UnicodeDecodeError out after a byte-order mark.
@pytest.mark.parametrize("name, data", [
    ("mixed.txt", codecs.BOM_UTF8 + f"Title: Zürich\n\n{GERMAN}\n".encode("latin-1")),
    ("cut16.html", (codecs.BOM_UTF16_LE + f"<p>{body('river')}</p>".encode("utf-16-le"))[:-1]),
], ids=["utf-8-bom-then-latin-1-bytes", "utf-16-cut-to-odd-length"])
def test_bytes_invalid_after_bom_are_stored_or_rejected(tmp_path: Path, name: str,
                                                        data: bytes) -> None:
    run = check_stored_or_rejected(tmp_path, name, data)
    if "Zürich" in run.titles:  # then in the right characters
        assert "fünfzig Gäste" in run.texts["Zürich"]


@pytest.mark.parametrize("field", ["source", "url"])
def test_front_matter_surrogate_escape_is_stored_or_rejected(tmp_path: Path,
                                                             field: str) -> None:
    text = (f'---\ntitle: Tram news\n{field}: "http://example.org/\\ud800"\n'
            f"date: 2024-03-05\n---\n{body('market')}\n")
    assert "\\ud800" in text
    check_stored_or_rejected(tmp_path, "front.txt", text.encode())


def test_html_with_head_inside_svg_is_stored_or_rejected(tmp_path: Path) -> None:
    page = (f"<svg><p><head><title>Harbour news</title></head><body><article>"
            f"<p>{body('harbour')}</p><p>{body('bridge')}</p></article></body>")
    check_stored_or_rejected(tmp_path, "svg.html", page.encode())


def test_one_article_per_transaction_keeps_everything_good(tmp_path: Path) -> None:
    """With a batch of one, rejections fall between many commits; none is lost."""
    before, folder = tmp_path / "before", tmp_path / "in"
    write_files(before, BEFORE_FILES)
    bad = {"a-empty.txt": b"", "c-noise.txt": random_binary(), "e-cut.txt.gz": truncated_gzip(),
           "g-broken.rss": broken_rss(), "z-paper.pdf": b"%PDF-1.4"}
    goods = {f"{letter}-{topic}.txt": good_txt(topic, f"Story about the {topic}")
             for letter, topic in zip("bdfhy", ("tram", "library", "harbour", "bridge", "school"),
                                      strict=True)}
    write_files(folder, {**bad, **goods, "mixed.jsonl": jsonl_with_bad_line_2("[]")})
    db = tmp_path / "s.db"
    assert library_ingest(db, before, batch_size=1).count == 1
    run = library_ingest(db, folder, batch_size=1)
    assert run.titles == (BEFORE_TITLES | JSONL_NEIGHBOUR_TITLES
                          | {f"Story about the {t}" for t in ("tram", "library", "harbour",
                                                               "bridge", "school")})
    assert {o for o, _, _ in run.rejections} == (
        {str(folder / name) for name in bad} | {str(folder / "mixed.jsonl#2")})


def test_large_warc_is_streamed_not_read_whole(tmp_path: Path) -> None:
    """A WARC is streamed record by record: a 40 MB archive must not be held in memory."""
    import tracemalloc

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def archive(path: Path, filler: int, title: str) -> None:
        """A big non-HTML record (skipped) and then one HTML page."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            writer = WARCWriter(stream, gzip=False)
            writer.write_record(writer.create_warc_record(
                "http://example.org/video.bin", "resource", payload=io.BytesIO(bytes(filler)),
                warc_content_type="application/octet-stream"))
            page = (f"<html><head><title>{title}</title></head><body><article>"
                    f"<p>{body('harbour')}</p><p>{body('bridge')}</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                "http://example.org/page", "response", payload=io.BytesIO(page.encode()),
                http_headers=headers))

    # Warm up first, so that lazily loaded models do not count as the archive's memory.
    archive(tmp_path / "small" / "small.warc", 1000, "Small archive page")
    assert library_ingest(tmp_path / "warm.db", tmp_path / "small").titles == {
        "Small archive page"}
    folder = tmp_path / "in"
    archive(folder / "big.warc", 40_000_000, "Big archive page")
    assert (folder / "big.warc").stat().st_size > 40_000_000
    tracemalloc.start()
    try:
        run = library_ingest(tmp_path / "s.db", folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert run.titles == {"Big archive page"}
    assert peak < 10_000_000, f"peak {peak / 1e6:.0f} MB while reading a 40 MB archive"


# -- paths that do not exist ------------------------------------------------------------

def test_missing_path_is_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder, missing = tmp_path / "in", tmp_path / "no-such-folder"
    write_files(folder, GOOD_FILES)
    run = library_ingest(tmp_path / "s.db", missing, folder)
    assert [(d.origin, d.reason) for d in run.report.drops] == [
        (str(missing), "no such file or folder")]
    assert run.titles == GOOD_TITLES
    assert (str(missing), "read", "no such file or folder") in run.rejections

    result = cli("ingest", str(missing), str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 1
    assert str(missing) in unwrapped(result.stderr)


def test_cli_missing_path_alone_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.txt"
    result = cli("ingest", str(missing), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 2
    assert str(missing) in unwrapped(result.stderr)
    assert "no such file" in result.stderr


def test_cli_folder_of_only_bad_files_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_files(folder, {"empty.txt": b"", "noise.txt": random_binary(), "paper.pdf": b"%PDF"})
    result = cli("ingest", str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 2
    err = unwrapped(result.stderr)
    for name in ("empty.txt", "noise.txt", "paper.pdf"):
        assert str(folder / name) in err
    assert stored(tmp_path / "c.db").count == 0


def test_installed_command_reports_bad_files(tmp_path: Path) -> None:
    """The real `storyline` executable, as scripts call it."""
    exe = Path(sys.executable).with_name("storyline")
    if not exe.exists():
        pytest.skip("no storyline executable next to the interpreter")
    folder = tmp_path / "in"
    write_files(folder, {**GOOD_FILES, "empty.html": b"", "cut.txt.gz": truncated_gzip()})
    db = tmp_path / "p.db"
    done = subprocess.run([str(exe), "ingest", str(folder), "--db", str(db)],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    err = unwrapped(done.stderr)
    assert str(folder / "empty.html") in err
    assert str(folder / "cut.txt.gz") in err
    assert stored(db).titles == GOOD_TITLES

    missing = subprocess.run([str(exe), "ingest", str(tmp_path / "gone"), "--db", str(db)],
                             capture_output=True, text=True, timeout=120,
                             env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_cli_rejection_is_one_line_with_full_path(tmp_path: Path) -> None:
    """Scripts grep stderr: a long path must not be wrapped at the console width."""
    folder = tmp_path / ("deeply-nested-folder-" * 10) / "more"
    write_files(folder, {**GOOD_FILES, "empty-article-file.txt": b""})
    result = cli("ingest", str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 1
    line = f"rejected: {folder / 'empty-article-file.txt'}: empty file"
    assert line in result.stderr.splitlines()


# --------------------------------------------------------------------------------------
# Issue 18: hostile names and links, crashes that must not look like rejections
# --------------------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf_8_is_kept_escaped(tmp_path: Path) -> None:
    """The name is stored and printed with the bad byte escaped (visible, storable)."""
    folder = tmp_path / "in"
    write_files(folder, {**GOOD_FILES, "zz_\udce9.txt": good_txt("bridge", "Bridge shut"),
                         "zz_\udcff.pdf": b"%PDF-1.4\n"})
    run = library_ingest(tmp_path / "s.db", folder)
    assert f"{folder}/zz_\\xe9.txt" in run.origins
    assert run.titles == GOOD_TITLES | {"Bridge shut"}
    assert [r[0] for r in run.rejections] == [f"{folder}/zz_\\xff.pdf"]
    result = cli("ingest", str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 1, result.stderr
    assert f"{folder}/zz_\\xff.pdf" in unwrapped(result.stderr)


def test_a_crash_exits_3_not_like_a_rejection(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 means "some inputs rejected, the rest stored": a bug must not say that."""
    folder = tmp_path / "in"
    write_files(folder, GOOD_FILES)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr("storyline.cli.store_commands.ingest", broken)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert "RuntimeError: something nobody expected" in result.stderr
    assert "bug" in result.stderr


def test_output_cut_short_by_its_reader_is_no_crash(tmp_path: Path) -> None:
    """`storyline show ID | head` closes the pipe early: that exits 0, not 3 (a bug)."""
    body = "The river rose above the old town walls on Monday night. " * 6000  # ~350 KB
    folder = tmp_path / "in"
    write_files(folder, {"flood.txt": ("Title: River rises over the walls\nDate: 2026-01-05\n\n"
                                       + body).encode()})
    db = str(tmp_path / "p.db")
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-q"]).exit_code == 0
    with Store.open(db) as store:
        [article] = store.articles()
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "show", article.id, "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # the reader is gone; the rest cannot be written
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr.decode()
    assert b"bug" not in stderr and b"Traceback" not in stderr


@pytest.mark.parametrize("links", [{"self": "self"}, {"a": "b", "b": "a"},
                                   {"deeper/up": ".."}, {"here": "."}])
def test_a_symlink_loop_is_skipped_with_a_rejection(tmp_path: Path,
                                                    links: dict[str, str]) -> None:
    """`ln -s self d/self` or two links to each other used to abort the whole ingest (and
    `timeline`) with RuntimeError: Symlink loop; a link to a folder above is not followed."""
    folder = tmp_path / "in"
    write_files(folder, GOOD_FILES)
    for name, target in links.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(target)
    loops = [name for name, target in links.items() if target not in (".", "..")]
    found = plan([folder])
    drops = [item for item in found if isinstance(item, Drop)]
    assert sorted(d.origin for d in drops) == sorted(str(folder / name) for name in loops)
    assert all("loop" in d.reason for d in drops)
    run = library_ingest(tmp_path / "s.db", folder)
    assert run.titles == GOOD_TITLES and run.count == len(GOOD_TITLES)
    result = cli("ingest", str(folder), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == (1 if loops else 0), result.stderr
    given = cli("ingest", str(folder / "self"), str(folder / "good.txt"),
                "--db", str(tmp_path / "c.db"))
    if "self" in links:
        assert given.exit_code == 1 and "loop" in given.stderr
        timeline = cli("timeline", str(folder))
        assert timeline.exit_code == 1 and "loop" in timeline.stderr, timeline.stderr


def test_utf_16_without_a_bom_is_told_by_its_nul_pattern() -> None:
    from storyline.sources.decode import utf16_without_bom

    assert utf16_without_bom(ENGLISH.encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom(FRENCH.encode("utf-16-be")) == "utf-16-be"
    assert utf16_without_bom(random_binary()) is None
    assert utf16_without_bom(png_bytes()) is None
    # CJK whose only NULs are U+4E00's: no ASCII beside them, so no guess (a wrong byte
    # order would be read as other characters)
    assert utf16_without_bom("一名官员表示，一项新的计划将在下个月开始实施。".encode("utf-16-le")) is None
