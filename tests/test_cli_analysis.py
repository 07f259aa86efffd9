"""The analysis commands of the CLI contract (shared/spec/CLI.md): `timeline`, `summarize`,
`show` and the analysed `export`, on our example articles (the CSTO withdrawal story)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, EXPORT_SCHEMA
from storyline.cli import main

#: The four CSTO articles in plain text; the TASS dispatch sorts last.
CSTO = sorted(str(p) for p in (EXAMPLES / "text").glob("*csto*"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("analysis")
    db = str(root / "s.db")
    assert invoke("ingest", str(EXAMPLES), "--db", db, "-q")[0] == 0
    code, _, err = invoke("export", "--db", db, "--format", "json", "-o", str(root / "e.json"))
    assert code == 0, err
    return db, json.loads((root / "e.json").read_text())


def _csto(document: dict[str, Any]) -> dict[str, Any]:
    [story] = [s for s in document["stories"] if "CSTO" in s["headline"]]
    return story


def _cited_text(document: dict[str, Any], span: dict[str, Any]) -> str:
    texts = {a["id"]: a["text"] for a in document["articles"]}
    return " ".join(texts[span["article"]][span["start"]:span["end"]].split())


def test_export_validates_and_carries_every_analysis(exported):
    _, document = exported
    jsonschema.validate(document, json.loads(EXPORT_SCHEMA.read_text()))
    story = _csto(document)
    assert 3 <= len(story["summary"]) <= 7
    assert [t["date"] for t in story["timeline"]] == sorted(t["date"] for t in story["timeline"])
    speakers = {q["speaker"] for q in story["quotes"]}
    assert {"Stanislav Zas", "Dmitry Peskov", "Kassym-Jomart Tokayev"} <= speakers
    assert any(c["attribute"] == "countries" and "Belarus" in c["value"] for c in story["claims"])
    # the outlets disagree on the size of the force: 2,030 against about 2,500
    [troops] = [d for d in story["disagreements"] if d["subject"] == "troops"]
    figures = {v["value"]["value"] for v in troops["values"]}
    assert {2030, 2500} <= figures and 2000 not in figures  # "more than 2,000" fits both
    names = {e["name"] for e in story["entities"]}
    assert "Collective Security Treaty Organization" in names or "CSTO" in names


def test_a_mixed_language_story_reads_each_language_for_what_it_can(exported):
    _, document = exported
    language = {a["id"]: a["language"] for a in document["articles"]}
    [story] = [s for s in document["stories"] if "European Central Bank" in s["headline"]]
    assert "de" in {language[i] for i in story["articles"]}  # the German report joined it
    assert 3 <= len(story["summary"]) <= 7 and story["timeline"] and story["quotes"]
    # the summary keeps to the story's main language; English rules read English only
    cited = [span["article"] for entry in story["summary"] + story["timeline"]
             for span in entry["citations"]]
    cited += [q["evidence"]["article"] for q in story["quotes"]]
    cited += [c["evidence"]["article"] for c in story["claims"]]
    assert cited and {language[i] for i in cited} == {"en"}


def test_every_cited_span_holds_the_cited_words(exported):
    _, document = exported
    for story in document["stories"]:
        for entry in story["summary"] + story["timeline"]:
            assert entry["citations"]
            words = " ".join(entry["text"].split())
            for span in entry["citations"]:
                shown = _cited_text(document, span)
                # near-identical sentences from other outlets may differ in a few words
                assert words[:25] in shown or shown[:25] in words or _overlap(words, shown) > 0.5
        for quote in story["quotes"]:
            cited = _cited_text(document, quote["evidence"])
            for piece in re.split(r"[,.]\s", quote["text"])[:1]:
                assert piece.strip()[:20] in cited
        for claim in story["claims"]:
            assert " ".join(claim["text"].split()) in _cited_text(document, claim["evidence"])


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(a.lower().split()), set(b.lower().split())
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))


def test_show_prints_summary_timeline_quotes_and_disagreements(exported):
    db, document = exported
    story = _csto(document)
    code, out, _ = invoke("show", story["id"], "--db", db, "-q")
    assert code == 0
    for heading in ("Summary", "Timeline", "Who said what", "Where outlets disagree", "Sources"):
        assert re.search(rf"^{heading}$", out, re.M), heading
    assert story["timeline"][0]["date"] in out
    assert re.search(r"Dmitry Peskov \((direct|indirect|mixed)\): ", out)
    assert re.search(r"troops, number: .*2,030.* vs .*(2,500|2\.5 thousand)", out)


def test_entity_and_stories_by_entity_after_the_export_analysed_them(exported):
    db, document = exported
    story = _csto(document)
    person = max((e for e in story["entities"] if e["type"] == "PERSON"),
                 key=lambda e: e["mentions"])
    code, out, err = invoke("entity", person["name"].upper(), "--db", db, "--json")
    record = json.loads(out)
    assert code == 0 and record["id"] == person["id"] and record["name"] == person["name"]
    assert record["unanalysed_stories"] == 0 and "not analysed" not in err  # export analysed all
    assert story["id"] in [s["story_id"] for s in record["stories"]]
    code, out, _ = invoke("entity", person["id"], "--db", db)
    assert code == 0 and person["name"] in out and story["id"] in out
    n = len(record["stories"])
    assert ("1 story" if n == 1 else f"{n} stories") in out and "storys" not in out
    code, out, _ = invoke("stories", "--entity", person["name"], "--db", db, "--json")
    holders = [s["id"] for s in document["stories"]
               if person["id"] in {e["id"] for e in s["entities"]}]
    assert [s["id"] for s in json.loads(out)] == holders
    code, _, err = invoke("entity", "Nobody Atall", "--db", db)
    assert code == 2 and "no entity 'Nobody Atall'" in err


def test_timeline_json_is_dated_sorted_and_sized(tmp_path):
    code, out, err = invoke("timeline", *CSTO, "--max-dates", "4", "--per-date", "2",
                            "--json", "-q")
    assert code == 0, err
    entries = json.loads(out)
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates) and 1 <= len(set(dates)) <= 4
    assert all(dates.count(d) <= 2 for d in dates)
    assert all(e["granularity"] in ("day", "month", "year") and e["citations"] for e in entries)
    # the withdrawal began on Thursday 13 January 2022, as the articles of the 12th said
    assert "2022-01-13" in dates


def test_summarize_keeps_to_its_word_budget(tmp_path):
    code, out, err = invoke("summarize", *CSTO, "--max-words", "60", "--json", "-q")
    assert code == 0, err
    sentences = json.loads(out)
    assert sentences and sum(len(s["text"].split()) for s in sentences) <= 60
    assert all(s["citations"] for s in sentences)
    code, out, _ = invoke("summarize", *CSTO, "--max-words", "200", "-q")
    assert code == 0 and re.match(r"1\. \S", out) and "[" in out  # numbered, outlets named


def test_summarize_names_unreadable_input_and_goes_on(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("[1, 2]\n", encoding="utf-8")
    code, out, err = invoke("summarize", *CSTO, str(broken), "--json", "-q")
    assert code == 1 and "broken.jsonl" in err and json.loads(out)
    code, _, err = invoke("timeline", str(broken), "-q")
    assert code == 2 and "no article could be read" in err


def test_inspect_lists_quotes_with_speakers(tmp_path):
    path = Path(CSTO[-1])
    code, out, _ = invoke("inspect", str(path), "--json")
    assert code == 0
    record = json.loads(out)
    assert record["quotes"], "the TASS dispatch quotes Zas"
    for quote in record["quotes"]:
        assert set(quote) == {"text", "start", "end", "kind", "cue", "speaker",
                              "speaker_start", "speaker_end"}
        assert quote["kind"] in ("direct", "indirect", "mixed")
        if quote["speaker_start"] is not None:
            assert record["text"][quote["speaker_start"]:quote["speaker_end"]]
