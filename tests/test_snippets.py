"""The snippet protocol's quality gate (trafilatura's eval_gate idea): on our own
multilingual pages (tests/fixtures/snippets, German, French, Spanish, English), the
cleaner keeps every required sentence exactly as written, typographic quotes included,
and leaves out cookie and subscription banners, related links and comments.
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


@pytest.mark.parametrize("page", SPECS, ids=[p["id"] for p in SPECS])
def test_required_sentences_kept_and_chrome_left_out(page: dict) -> None:
    html = (PAGES / f"{page['id']}.html").read_text(encoding="utf-8")
    article = clean_document(RawDocument(origin=page["id"], content=html, kind="html", sha256="x"))
    assert isinstance(article, Article), article
    text = _flat(article.text)
    for sentence in page["must"]:
        assert _flat(sentence) in text, f"lost: {sentence!r}"
    for chrome in must_not(page):
        assert _flat(chrome) not in text, f"left in: {chrome!r}"
    assert article.title == page["title"]
    assert article.source == page["site"]
