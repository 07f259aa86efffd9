import datetime as dt

from storyline.clean import resolve_pending
from storyline.clean.dates import nearest_date, parse_date
from storyline.model import Article, PendingYear


def test_parse_date_forms():
    assert parse_date("2022-01-13") == dt.date(2022, 1, 13)
    assert parse_date("2022-01-13T10:15:00+00:00") == dt.date(2022, 1, 13)
    assert parse_date("Thu, 13 Jan 2022 10:15:00 GMT") == dt.date(2022, 1, 13)
    assert parse_date("January 13, 2022") == dt.date(2022, 1, 13)
    assert parse_date("not a date") is None
    assert parse_date("") is None
    assert parse_date("0001-01-01") is None  # metadata error, not news


def test_year_from_own_date_crosses_new_year():
    assert nearest_date(12, 31, [dt.date(2022, 1, 2)]) == dt.date(2021, 12, 31)
    assert nearest_date(1, 12, [dt.date(2022, 1, 13)]) == dt.date(2022, 1, 12)


def test_year_from_batch_picks_nearest_article_and_never_the_clock():
    batch = [dt.date(2022, 1, 14), dt.date(2023, 9, 14)]
    assert nearest_date(1, 13, batch) == dt.date(2022, 1, 13)
    assert nearest_date(9, 15, batch) == dt.date(2023, 9, 15)
    assert nearest_date(1, 13, []) is None


def test_feb_29_only_in_leap_years():
    assert nearest_date(2, 29, [dt.date(2023, 3, 1)]) == dt.date(2024, 2, 29)


def _article(**changes):
    base = dict(id="x", origin="f.txt", raw_sha256="h", text="t", title=None, source="TASS",
                url=None, published=None, published_from="unknown")
    base.update(changes)
    return Article(**base)


def test_resolve_pending_records_corpus_origin():
    pending = PendingYear(article=_article(), month=1, day=13)
    resolved = resolve_pending(pending, [dt.date(2022, 1, 12), dt.date(2022, 1, 14)])
    assert resolved.published == dt.date(2022, 1, 13)
    assert resolved.published_from == "corpus"
    unresolved = resolve_pending(pending, [])
    assert unresolved.published is None and unresolved.published_from == "unknown"


def test_year_context_prefers_the_file_then_the_folder_then_the_batch():
    """A batch from two years: "May 19" could be either; the page's own folder (an archive
    by month) or file (a feed's other records) says which."""
    from pathlib import Path

    from storyline.clean.dates import YearContext

    context = YearContext()
    context.add(Path("archive/2023-05/a.html"), dt.date(2023, 5, 20))
    context.add(Path("archive/2024-05/b.html"), dt.date(2024, 5, 18))
    context.add(Path("feeds/tass.xml"), dt.date(2024, 5, 21))
    assert nearest_date(5, 19, context.anchors(Path("archive/2024-05/c.html"))) == dt.date(2024, 5, 19)
    assert nearest_date(5, 19, context.anchors(Path("archive/2023-05/d.html"))) == dt.date(2023, 5, 19)
    assert context.anchors(Path("feeds/tass.xml")) == {dt.date(2024, 5, 21)}
    assert context.anchors(Path("elsewhere/e.html")) == context.dates  # the whole batch
    assert YearContext().anchors(Path("x.html")) == set()
