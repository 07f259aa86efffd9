"""The snippet protocol's quality gate (trafilatura's eval_gate idea): on our own
multilingual pages (tests/fixtures/snippets, German, French, Spanish, English), the
cleaner keeps every required sentence exactly as written, typographic quotes included,
and leaves out cookie and subscription banners, related links and comments (all of them on
the pages its rules were written with; most on those written after).
`benchmarks/cleaning.py` scores the same pages beside plain trafilatura."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import FIXTURES
from storyline.clean import clean_document
from storyline.model import Article, RawDocument

PAGES = FIXTURES / "snippets"
sys.path.insert(0, str(PAGES))
from make_pages import must_not  # noqa: E402

SPECS = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pages_are_as_the_generator_writes_them() -> None:
    """The committed pages match pages.json (edit pages.json, then run make_pages.py)."""
    import make_pages

    assert len(SPECS) >= 12 and {p["lang"] for p in SPECS} == {"de", "fr", "es", "en"}
    for number, page in enumerate(SPECS):
        labels = make_pages.LABELS[page["lang"]]
        expected = make_pages.head(page) + make_pages.LAYOUTS[page["layout"]](
            page, labels, make_pages.AUTHORS[number % len(make_pages.AUTHORS)])
        assert (PAGES / f"{page['id']}.html").read_text(encoding="utf-8") == expected


#: Share of chrome texts the cleaner must leave out of the pages written after its rules
#: (`held_out` in pages.json): 0.889 when they were written (8 of 9; plain trafilatura the
#: same). A floor, so a rule that makes them worse fails; they are not tuned against.
HELD_OUT_CHROME_FLOOR = 0.85


def _text(page: dict) -> str:
    html = (PAGES / f"{page['id']}.html").read_text(encoding="utf-8")
    article = clean_document(RawDocument(origin=page["id"], content=html, kind="html", sha256="x"))
    assert isinstance(article, Article), article
    assert article.title == page["title"]
    assert article.source == page["site"]
    return _flat(article.text)


@pytest.mark.parametrize("page", SPECS, ids=[p["id"] for p in SPECS])
def test_required_sentences_kept_as_written(page: dict) -> None:
    text = _text(page)
    for sentence in page["must"]:
        assert _flat(sentence) in text, f"lost: {sentence!r}"


@pytest.mark.parametrize("page", [p for p in SPECS if not p.get("held_out")],
                         ids=[p["id"] for p in SPECS if not p.get("held_out")])
def test_chrome_left_out(page: dict) -> None:
    text = _text(page)
    for chrome in must_not(page):
        assert _flat(chrome) not in text, f"left in: {chrome!r}"


def test_chrome_mostly_left_out_of_pages_written_after_the_rules() -> None:
    later = [p for p in SPECS if p.get("held_out")]
    assert len(later) >= 4
    chrome = [(c, _text(p)) for p in later for c in must_not(p)]
    left_out = sum(_flat(c) not in text for c, text in chrome) / len(chrome)
    assert left_out >= HELD_OUT_CHROME_FLOOR, left_out
