"""Structured records under the names people use: JSONL aliases, --field, unused-field
warnings, .json documents and CSV with a header; outlets and URL dates (issues 11, 18)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import write
from storyline.clean import clean_document
from storyline.clean.url_date import url_date
from storyline.errors import UsageError
from storyline.model import Article, Drop, RawDocument
from storyline.sources import FieldMap, InputFile, read_file
from storyline.sources.files import classify

BODY = ("Rescue teams in the port of Arden pulled two fishermen from the water on Tuesday "
        "after their trawler capsized in a storm, the harbour master said.")
LIMITS = {"max_input_bytes": 10_000_000, "max_record_bytes": 1_000_000}


def records(path, fields: FieldMap | None = None, notices: list[str] | None = None):
    fmt, gzipped = classify(path)
    item = InputFile(path=path, format=fmt, gzipped=gzipped)
    return list(read_file(item, **LIMITS, fields=fields,
                          notice=notices.append if notices is not None else None))


def test_jsonl_common_field_names_are_mapped(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({
        "doc_id": "arden-17", "headline": "Fishermen rescued off Arden", "body": BODY,
        "pub_date": "2018-04-17", "publisher": "Arden Post", "link": "https://post.example/a",
    }) + "\n" + json.dumps({
        "guid": "g-2", "title": "Storm closes the harbour", "content": BODY,
        "datePublished": "2018-04-18T09:00:00Z", "site": "Coast Radio",
    }) + "\n" + json.dumps({
        "uuid": "u-3", "title": "Harbour reopens", "text": BODY, "published_at": 1524000000,
        "outlet": "Arden Post", "date": "1999-01-01",
    }) + "\n")
    first, second, third = records(path)
    assert (first.source_id, first.title, first.content, first.published, first.source,
            first.url) == ("arden-17", "Fishermen rescued off Arden", BODY, "2018-04-17",
                           "Arden Post", "https://post.example/a")
    assert (second.source_id, second.source, second.published) == (
        "g-2", "Coast Radio", "2018-04-18T09:00:00Z")
    assert third.source_id == "u-3" and third.source == "Arden Post"
    # a publication date's own name wins over a bare "date"
    assert third.published.startswith("2018-04-17")


def test_field_option_names_a_field_and_unused_meaningful_fields_are_reported(tmp_path):
    lines = [json.dumps({"TITLE": f"Storm report {n}", "ARTICLE_BODY": BODY,
                         "TIMESTAMP": 1523952000000 + n, "CATEGORY": "b", "HOSTNAME": "x.example"})
             for n in range(3)]
    path = write(tmp_path / "uci.jsonl", "\n".join(lines))
    notices: list[str] = []
    plain = records(path, notices=notices)
    assert all(r.published is None for r in plain)
    assert plain[0].content == BODY  # "ARTICLE_BODY" normalises to an alias of the text
    assert any("'TIMESTAMP' (in 3 records) was not used" in n
               and "--field published=TIMESTAMP" in n for n in notices)
    assert any("'HOSTNAME'" in n and "--field source=HOSTNAME" in n for n in notices)
    assert not any("CATEGORY" in n for n in notices)  # not meaningful: no noise
    mapped = records(path, FieldMap.parse(["published=TIMESTAMP"]), notices := [])
    assert all(r.published.startswith("2018-04-17") for r in mapped)  # epoch milliseconds
    assert not any("TIMESTAMP" in n for n in notices)


def test_field_option_rejects_an_unknown_role():
    with pytest.raises(UsageError, match="ROLE one of text, html, title"):
        FieldMap.parse(["date=pub_date"])
    with pytest.raises(UsageError):
        FieldMap.parse(["published"])


def test_json_files_an_array_an_object_with_a_list_or_one_record(tmp_path):
    array = write(tmp_path / "array.json", json.dumps([
        {"id": 1, "title": "Fishermen rescued off Arden", "body": BODY},
        {"id": 2, "title": "Storm closes the harbour", "body": BODY + " Again."},
        "not a record"]))
    read = records(array)
    assert [r.source_id for r in read[:2]] == ["1", "2"]
    assert read[0].origin.endswith("array.json#1")
    assert isinstance(read[2], Drop) and "record 3: expected a JSON object" in read[2].reason
    wrapped = write(tmp_path / "wrapped.json", json.dumps(
        {"status": "ok", "totalResults": 1, "articles": [
            {"source": {"id": None, "name": "Arden Post"}, "title": "Harbour reopens",
             "description": "The harbour reopened.", "url": "https://post.example/b",
             "publishedAt": "2018-04-19T08:00:00Z", "content": BODY}]}))
    [one] = records(wrapped)
    assert (one.source, one.published, one.content) == ("Arden Post", "2018-04-19T08:00:00Z", BODY)
    single = write(tmp_path / "single.json", json.dumps({"title": "One", "text": BODY}))
    assert [r.content for r in records(single)] == [BODY]
    broken = write(tmp_path / "broken.json", '{"articles": [')
    [drop] = records(broken)
    assert isinstance(drop, Drop) and "not valid JSON" in drop.reason


def test_an_empty_text_field_is_named_as_empty_not_missing(tmp_path):
    path = write(tmp_path / "empty.jsonl", "\n".join(json.dumps(r) for r in (
        {"id": "a", "text": "   ", "published": "2024-01-01"},
        {"id": "b", "body": "", "headline": ""},
        {"id": "c", "published": "2024-01-01"})) + "\n")
    first, second, third = records(path)
    assert isinstance(first, Drop) and "line 1: empty 'text': no text to keep" in first.reason
    assert isinstance(second, Drop) and "empty 'body' and 'headline'" in second.reason
    assert isinstance(third, Drop) and "line 3: no text, html or title field" in third.reason


def test_csv_with_a_header_row(tmp_path):
    path = write(tmp_path / "export.csv",
                 'id;headline;body;pub_date;publisher\n'
                 f'7;Fishermen rescued off Arden;"{BODY}\nA second paragraph.";2018-04-17;Arden Post\n'
                 '8;Storm closes the harbour;;2018-04-18;Coast Radio\n'
                 '9;too;many;values;here;and;more\n')
    first, second, third = records(path)
    assert (first.source_id, first.title, first.published, first.source) == (
        "7", "Fishermen rescued off Arden", "2018-04-17", "Arden Post")
    assert first.content == f"{BODY}\nA second paragraph."
    assert second.content == "" and second.title == "Storm closes the harbour"  # headline only
    assert isinstance(third, Drop) and "row 3: more values than the header" in third.reason
    nameless = write(tmp_path / "numbers.csv", "a,b\n1,2\n")
    [drop] = records(nameless)
    assert isinstance(drop, Drop) and "--field text=COLUMN" in drop.reason
    assert [r.content for r in records(nameless, FieldMap.parse(["text=b"]))] == ["2"]


def _clean(**meta: str) -> Article:
    article = clean_document(RawDocument(origin="r.jsonl#1", content=BODY, kind="text",
                                         sha256="h", **meta))
    assert isinstance(article, Article)
    return article


def test_outlet_from_the_record_else_the_url_host_else_unknown():
    assert _clean(source="Arden Post", url="https://www.post.example/x").source == "Arden Post"
    assert _clean(url="https://www.post.example/news/x").source == "post.example"
    assert _clean().source is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://post.example/2018/04/17/fishermen-rescued", dt.date(2018, 4, 17)),
    ("https://post.example/news/2018/4/7/story.html", dt.date(2018, 4, 7)),
    ("https://paper.example/world/2013/may/03/lohan-rehab", dt.date(2013, 5, 3)),
    ("https://paper.example/world/2013/Sept/3/x", dt.date(2013, 9, 3)),
    ("https://paper.example/world/2013/news/03/x", None),  # not a month
    ("https://post.example/2018-04-17/fishermen", dt.date(2018, 4, 17)),
    ("https://post.example/archive/2018-04-17-fishermen-rescued", dt.date(2018, 4, 17)),
    ("https://post.example/archive/20180417/fishermen", dt.date(2018, 4, 17)),
    ("https://post.example/archive/20180417.html", dt.date(2018, 4, 17)),
    ("https://paper.example/business/la-fi-fed-plosser-20140310,0,1312750.story",
     dt.date(2014, 3, 10)),
    ("https://wire.example/article/BT-CO-20140310-705733.html", dt.date(2014, 3, 10)),
    ("https://paper.example/news/19040101_Space_battles.html", None),  # an id: year 1904
    ("https://www.bbc.example/news/world-43789527", None),  # an article number
    ("https://paper.example/a/x20180417/b", None),  # run into letters
    ("https://paper.example/a/120180417/b", None),  # run into digits
    ("https://post.example/2018/04/", None),  # no day
    ("https://post.example/2018/13/45/x", None),  # not a date
    ("https://post.example/x?date=2018-04-17", None),  # only the path
    ("http://[broken", None),
    (None, None),
])
def test_url_dates(url, expected):
    assert url_date(url) == expected


def test_a_url_date_dates_an_article_only_when_nothing_better_does():
    dated = _clean(url="https://post.example/2018/04/17/fishermen")
    assert (dated.published, dated.published_from) == (dt.date(2018, 4, 17), "url")
    meta = _clean(url="https://post.example/2018/04/17/fishermen", published="2018-04-18",
                  published_from="metadata")
    assert (meta.published, meta.published_from) == (dt.date(2018, 4, 18), "metadata")
    # a year-less dateline takes its year from the URL's date instead of waiting for a batch
    article = clean_document(RawDocument(
        origin="r#1", kind="text", sha256="h", url="https://post.example/2017/12/30/x",
        content=f"ARDEN, January 2. /TASS/. {BODY}"))
    assert isinstance(article, Article)
    assert (article.published, article.dateline_date) == (dt.date(2017, 12, 30),
                                                           dt.date(2018, 1, 2))


def test_the_record_id_of_each_container_is_kept(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    html = f"<html><body><article><h1>Rescue</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    record = writer.create_warc_record(
        "http://post.example/rescue", "response", payload=io.BytesIO(html.encode()),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                      protocol="HTTP/1.1"))
    writer.write_record(record)
    [warc] = records(write(tmp_path / "a.warc", buf.getvalue()))
    assert warc.source_id == record.rec_headers.get_header("WARC-Record-ID")
    assert warc.source_id.startswith("<urn:uuid:")
    text = write(tmp_path / "notes" / "rescue.txt", BODY)
    assert [r.source_id for r in records(text)] == [str(text)]
    rss = write(tmp_path / "agg.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News Aggregator</title>'
        '<item><title>Fishermen rescued off Arden</title><guid>agg-77</guid>'
        '<source url="https://radio.example/rss">Coast Radio</source>'
        '<link>https://radio.example/2018/04/17/rescue</link></item>'
        '<item><title>Storm closes the harbour</title><description>The port shut.</description>'
        '</item></channel></rss>'))
    first, second = records(rss)
    assert (first.source_id, first.source, first.content) == ("agg-77", "Coast Radio", "")
    assert (second.source_id, second.source) == (None, "News Aggregator")


def test_csv_quotes_are_excel_s_whatever_the_header_shows(tmp_path):
    """A header without quotes says nothing about quoting: a doubled quote inside a quoted
    cell is a quote (the UCI aggregator's CSV writes titles so)."""
    path = write(tmp_path / "agg.csv", 'ID,TITLE,URL,PUBLISHER\n'
                 '229,"Exchange ""fraud evidence"" published, with wallets  ...",'
                 'http://gig.example/2014/03/10/exchange/,GigaOM\n')
    [row] = records(path)
    assert isinstance(row, RawDocument)
    assert row.title == 'Exchange "fraud evidence" published, with wallets  ...'
    assert (row.source, row.source_id) == ("GigaOM", "229")


@pytest.mark.parametrize(("title", "kept"), [
    ("Both ways", True), ("Quake hits Arden", True), ("Phenomena:", False), ("! ! ! !! !", False),
    ("Photos", False)])
def test_a_headline_needs_words_not_a_label(title, kept):
    result = clean_document(RawDocument(origin="r.csv#1", content="", kind="text", sha256="h",
                                        title=title))
    assert isinstance(result, Article) is kept
    if not kept:
        assert "too short to keep it as a headline" in result.reason


def test_json_ld_and_mongodb_exports_are_read(tmp_path):
    path = write(tmp_path / "ld.json", json.dumps([
        {"@type": "NewsArticle", "@id": "https://post.example/#a1", "headline": "Harbour reopens",
         "articleBody": BODY, "datePublished": "2018-04-19",
         "publisher": {"@type": "Organization", "name": "Arden Post"}},
        {"_id": {"$oid": "5ad5f0c2e4b0a1b2c3d4e5f6"}, "title": "Storm closes the harbour",
         "body": BODY, "published": {"$date": {"$numberLong": "1523952000000"}}},
    ]))
    first, second = records(path)
    assert (first.source_id, first.title, first.source, first.published) == (
        "https://post.example/#a1", "Harbour reopens", "Arden Post", "2018-04-19")
    assert second.source_id == "5ad5f0c2e4b0a1b2c3d4e5f6"
    assert second.published.startswith("2018-04-17")
