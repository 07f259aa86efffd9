"""Each reader on inputs we write here: metadata, encodings, containers."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from conftest import write
from storyline.model import Drop, RawDocument
from storyline.sources import discover, read_file
from storyline.sources.files import InputFile
from storyline.sources.text import split_metadata

BODY = ("Peacekeepers of the Collective Security Treaty Organization began leaving "
        "Kazakhstan on Thursday, the bloc's secretary general said.")


def records(path: Path, **limits: int) -> list[RawDocument | Drop]:
    item = next(iter(discover([path])))
    assert isinstance(item, InputFile)
    return list(read_file(item, max_input_bytes=limits.get("max_input_bytes", 10**8),
                          max_record_bytes=limits.get("max_record_bytes", 10**7)))


def test_text_date_token():
    meta, body = split_metadata(f"date 2022-01-13\n{BODY}")
    assert meta == {"published": "2022-01-13"}
    assert body == BODY


def test_text_header_lines():
    meta, body = split_metadata(
        f"Title: Troops leave\nSource: Steppe Daily\nURL: https://steppe.example/a\n"
        f"Date: 2022-01-14\n\n{BODY}")
    assert meta == {"title": "Troops leave", "source": "Steppe Daily",
                    "url": "https://steppe.example/a", "published": "2022-01-14"}
    assert body.strip() == BODY


def test_text_yaml_front_matter():
    meta, body = split_metadata(
        f"---\ntitle: 'Troops: leaving'\nsource: Eurasia Wire\ndate: 2022-01-15\n---\n{BODY}")
    assert meta == {"title": "Troops: leaving", "source": "Eurasia Wire",
                    "published": "2022-01-15"}
    assert body == BODY


def test_text_without_metadata_is_left_alone():
    text = f"Troops leave Kazakhstan\n\n{BODY}"
    assert split_metadata(text) == ({}, text)


def test_a_body_line_that_looks_like_a_header_is_not_metadata():
    text = f"Date: unclear, officials said\n{BODY}"
    assert split_metadata(text) == ({}, text)


def test_text_reader_detects_legacy_encoding(tmp_path):
    text = f"Title: Zürich talks\n\nThe café in Zürich hosted the talks. {BODY}"
    [doc] = records(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Zürich talks"
    assert "café in Zürich" in doc.content


def test_text_reader_utf16_with_bom(tmp_path):
    [doc] = records(write(tmp_path / "a.txt", ("Title: Ünïcode\n\n" + BODY).encode("utf-16")))
    assert isinstance(doc, RawDocument) and doc.title == "Ünïcode"


def test_html_declared_charset(tmp_path):
    page = (f'<html><head><meta charset="windows-1251"><title>Т</title></head>'
            f"<body><p>Москва. {BODY}</p></body></html>").encode("cp1251")
    [doc] = records(write(tmp_path / "a.html", page))
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    assert "Москва" in doc.content


def test_jsonl_fields_and_line_numbers(tmp_path):
    path = write(tmp_path / "a.jsonl", "\n".join([
        f'{{"id": "1", "text": "{BODY}", "title": "T1", "source": "Wire", '
        f'"published": "2022-01-13", "url": "https://w.example/1", "language": "en"}}',
        "",
        f'{{"html": "<p>{BODY}</p>", "published": 1642032000}}',
        "{broken",
    ]))
    docs = records(path)
    first, second, bad = docs
    assert isinstance(first, RawDocument) and first.origin == f"{path}#1"
    assert (first.title, first.source, first.url, first.language) == (
        "T1", "Wire", "https://w.example/1", "en")
    assert first.published == "2022-01-13" and first.published_from == "metadata"
    assert isinstance(second, RawDocument) and second.kind == "html"
    assert second.published.startswith("2022-01-13")
    assert isinstance(bad, Drop) and bad.origin == f"{path}#4" and "line 4" in bad.reason


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Meridian Times</title><language>en-gb</language>
<item><title>Full entry</title><link>https://m.example/1</link>
<pubDate>Thu, 13 Jan 2022 09:00:00 GMT</pubDate>
<description>Short teaser</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>Second paragraph of the story.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://m.example/2</link>
<description>{BODY}</description></item>
</channel></rss>"""


def test_rss_content_else_summary(tmp_path):
    full, summary = records(write(tmp_path / "feed.rss", RSS))
    assert isinstance(full, RawDocument) and isinstance(summary, RawDocument)
    assert "Second paragraph" in full.content and "teaser" not in full.content
    assert full.source == "Meridian Times" and full.language == "en-gb"
    assert full.published.startswith("2022-01-13") and full.url == "https://m.example/1"
    assert summary.content == BODY and summary.published is None


def test_atom_entry(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Eurasia Wire</title>
<entry><title>Atom entry</title><link href="https://e.example/1"/><id>urn:1</id>
<updated>2022-01-14T08:00:00Z</updated><content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content>
</entry></feed>"""
    [entry] = records(write(tmp_path / "x.atom", atom))
    assert isinstance(entry, RawDocument)
    assert entry.title == "Atom entry" and entry.source == "Eurasia Wire"
    assert BODY in entry.content and entry.published.startswith("2022-01-14")


def _warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, ctype, payload in [
            ("https://a.example/1", "text/html; charset=utf-8",
             f"<html><body><p>{BODY}</p></body></html>".encode()),
            ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://a.example/2", "text/html", f"<html><body><p>Two. {BODY}</p></body></html>".encode()),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                               http_headers=headers)
            writer.write_record(record)
    return path


def test_warc_html_responses_only(tmp_path):
    path = _warc(tmp_path / "crawl.warc.gz")
    docs = records(path)
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert all(isinstance(d, RawDocument) and d.kind == "html" for d in docs)
    assert docs[0].origin == f"{path}#1"


def test_gzip_of_text(tmp_path):
    data = gzip.compress(f"Title: Packed\n\n{BODY}".encode(), mtime=0)
    [doc] = records(write(tmp_path / "a.txt.gz", data))
    assert isinstance(doc, RawDocument) and doc.title == "Packed"


def test_folders_are_walked_recursively_in_order_and_unknown_files_reported(tmp_path):
    write(tmp_path / "b" / "two.txt", BODY)
    write(tmp_path / "a" / "deep" / "one.html", f"<p>{BODY}</p>")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / ".hidden.txt", BODY)
    found = list(discover([tmp_path]))
    names = [f.path.name if isinstance(f, InputFile) else f.origin for f in found]
    assert names == ["one.html", str(tmp_path / "a" / "notes.pdf"), "two.txt"]
    assert isinstance(found[1], Drop) and "unsupported file type" in found[1].reason


def test_links_out_of_the_folder_are_not_followed(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", BODY)
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "link.txt").symlink_to(outside)
    [found] = list(discover([inside]))
    assert isinstance(found, Drop) and "outside the folder" in found.reason
