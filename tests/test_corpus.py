"""The annotated gate: every article of our own corpus (examples/) cleaned as a reader would
sign off on. Expectations live in fixtures/corpus_expectations.json (written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES
from storyline.clean.artefacts import fold_quotes
from storyline.flow.ingest import ingest, plan
from storyline.model import Article
from storyline.settings import Settings
from storyline.store import Store

EXPECTATIONS = json.loads((FIXTURES / "corpus_expectations.json").read_text(encoding="utf-8"))


def _key(entry: dict) -> str:
    record = entry.get("record")
    return entry["file"] if record is None else f"{entry['file']}#{record + 1}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    db = tmp_path_factory.mktemp("corpus") / "store.db"
    settings = Settings(db_path=str(db))
    with Store.open(db) as store:
        report = ingest(plan([EXAMPLES]), store, settings)
        assert report.drops == [], [str(d) for d in report.drops]
        by_origin = {str(Path(a.origin).relative_to(EXAMPLES)): a for a in store.articles()}
        return by_origin


def test_every_article_is_stored_once(corpus):
    assert sorted(corpus) == sorted(_key(e) for e in EXPECTATIONS)


def test_corpus_covers_what_later_stages_need():
    stories = {}
    for entry in EXPECTATIONS:
        stories.setdefault(entry["story"], set()).add(entry["source"])
    assert len(EXPECTATIONS) >= 15
    assert sum(len(outlets) >= 3 for outlets in stories.values()) >= 3
    suffixes = {Path(e["file"]).name.split(".", 1)[1] for e in EXPECTATIONS}
    assert {"txt", "html", "jsonl", "rss", "atom", "warc.gz", "txt.gz", "jsonl.gz"} <= suffixes


@pytest.mark.parametrize("entry", EXPECTATIONS, ids=_key)
def test_article_matches_its_annotation(corpus, entry):
    article = corpus[_key(entry)]
    got = {
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "dateline_place": article.dateline_place,
        "language": article.language,
    }
    assert got == {k: entry[k] for k in got}
    for text in entry["must_contain"]:  # the stored text keeps the publisher's quotes
        assert fold_quotes(text) in fold_quotes(article.text), f"lost: {text!r}"
    for text in entry["must_not_contain"]:
        assert text not in article.text, f"left in: {text!r}"
        assert text not in (article.title or ""), f"left in title: {text!r}"
    assert "\r" not in article.text and "  " not in article.text
