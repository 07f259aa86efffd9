"""The quote gate: the quotes storyline finds in our own articles (examples/, and the short
articles of fixtures/quote_cases/ written for the cases of issue 16: mixed quotes, the
wider cues, unattributed quotes, speaker errors, role phrases), scored against a hand
annotation of every quote and reported statement in them (fixtures/quotes_gold.json;
files under cases/ are quote_cases/). Floors sit just under today's figures, so a change
that makes attribution worse fails here; a wrong speaker or a wrong kind fails at once (a
wrong guess is worse than none)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES
from storyline.clean.artefacts import fold_quotes
from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store

GOLD = json.loads((FIXTURES / "quotes_gold.json").read_text(encoding="utf-8"))["quotes"]
CASES = FIXTURES / "quote_cases"
#: Share of the 134 annotated statements found (today 134), and of the 102 with a named
#: speaker, found with that speaker (today 101: "Anne said" beside "Anne Reyes" and
#: "Paris Daniel Anne Reyes" stays unresolved rather than guessed): a second miss fails.
CONTENT_RECALL_FLOOR = 0.99
SPEAKER_RECALL_FLOOR = 0.985
#: Share of the quotes found that are annotated statements (today all): a second stray
#: quote fails.
PRECISION_FLOOR = 0.99


Piece = tuple[int, int, "str | None", str]  # start, end, speaker, kind


@dataclass(frozen=True)
class Found:
    texts: dict[str, str]  # example file -> clean text
    pieces: dict[str, list[Piece]]  # example file -> (start, end, speaker) of each evidence

    def get(self, file: str) -> list[Piece]:
        return self.pieces.get(file, [])


def _read(root: Path, prefix: str, db: Path) -> Found:
    """The quotes found in the articles under `root`, by file (`prefix` + its path)."""
    with Store.open(db) as store:
        ingest(plan([root]), store, Settings(db_path=str(db)))
        refresh_stories(store)
        files = {a.id: prefix + str(Path(a.origin).relative_to(root))
                 for a in store.articles()}
        texts = {files[a.id]: a.text for a in store.articles()}
        analyses = analyze_stories(store, store.stories())
    pieces: dict[str, list[Piece]] = {}
    for record in analyses.values():
        for quote in record["quotes"]:
            for span in quote["all_evidence"]:
                pieces.setdefault(files[span["article"]], []).append(
                    (span["start"], span["end"], quote["speaker"], quote["kind"]))
    return Found(texts=texts, pieces=pieces)


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> Found:
    examples = _read(EXAMPLES, "", tmp_path_factory.mktemp("quotes") / "store.db")
    cases = _read(CASES, "cases/", tmp_path_factory.mktemp("cases") / "store.db")
    return Found(texts=examples.texts | cases.texts, pieces=examples.pieces | cases.pieces)


def _match(found: Found, gold: dict) -> Piece | None:
    text = fold_quotes(found.texts[gold["file"]])  # the stored text keeps the publisher's quotes
    start = text.find(fold_quotes(gold["content"]))
    assert start >= 0, f"gold content not in {gold['file']}: {gold['content']!r}"
    end = start + len(gold["content"])
    hits = [p for p in found.get(gold["file"]) if p[0] < end and start < p[1]]
    return hits[0] if hits else None


def test_no_speaker_is_wrong(found):
    wrong = []
    for gold in GOLD:
        hit = _match(found, gold)
        if hit is not None and hit[2] is not None and hit[2] != gold["speaker"]:
            wrong.append((gold["file"], gold["content"], gold["speaker"], hit[2]))
    assert wrong == []


def test_kinds_are_right(found):
    """Mixed quotes (quoted words inside reported speech), direct and indirect ones, where
    the annotation gives the kind."""
    wrong = []
    for gold in GOLD:
        hit = _match(found, gold)
        if "kind" in gold and hit is not None and hit[3] != gold["kind"]:
            wrong.append((gold["file"], gold["content"], gold["kind"], hit[3]))
    assert wrong == []


def test_mixed_statements_end_where_they_should(found):
    """A mixed quote's statement ends with its last quoted words, or at the end of the
    clause that reports them: not in the next clause or sentence (the annotation's
    `ends`)."""
    wrong = []
    for gold in GOLD:
        hit = _match(found, gold)
        if "ends" in gold and hit is not None:
            text = fold_quotes(found.texts[gold["file"]])
            if not text[hit[0]:hit[1]].endswith(fold_quotes(gold["ends"])):
                wrong.append((gold["file"], gold["ends"], text[hit[0]:hit[1]]))
    assert wrong == []


def test_statements_and_speakers_are_found(found):
    hits = [(gold, _match(found, gold)) for gold in GOLD]
    content_recall = sum(hit is not None for _, hit in hits) / len(hits)
    named = [(gold, hit) for gold, hit in hits if gold["speaker"]]
    speaker_recall = sum(hit is not None and hit[2] == gold["speaker"]
                         for gold, hit in named) / len(named)
    assert content_recall >= CONTENT_RECALL_FLOOR, content_recall
    assert speaker_recall >= SPEAKER_RECALL_FLOOR, speaker_recall


def test_what_is_found_is_a_statement(found):
    golds: dict[str, list[tuple[int, int]]] = {}
    for gold in GOLD:
        text = fold_quotes(found.texts[gold["file"]])
        start = text.find(fold_quotes(gold["content"]))
        golds.setdefault(gold["file"], []).append((start, start + len(gold["content"])))
    pieces = [(file, p) for file, ps in found.pieces.items() for p in ps]
    real = [any(p[0] < e and s < p[1] for s, e in golds.get(file, [])) for file, p in pieces]
    assert sum(real) / len(real) >= PRECISION_FLOOR, [
        found.texts[f][p[0]:p[1]] for (f, p), ok in zip(pieces, real, strict=True) if not ok]
