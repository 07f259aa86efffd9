"""`analyze_story`: one story's analysis, each item with evidence in its own article, and
each language read for what our rules and models can read in it."""

from __future__ import annotations

import datetime as dt

from conftest import text_article
from storyline.analyze.report import analysis_key, analyze_story, report_record
from storyline.model import Article


def _article(ident: str, source: str, day: int, language: str, text: str) -> Article:
    return Article(id=ident, origin=f"test:{ident}", raw_sha256="", text=text, title=None,
                   source=source, url=None, published=dt.date(2024, 6, day),
                   published_from="header", language=language)


EN = _article("en-1", "Harbour Gazette", 4, "en", (
    "The port authority of Kessel closed the northern harbour on Monday after a storm damaged "
    "two cranes, the authority said.\n\n"
    '"We will not reopen until every crane has been inspected," harbour master Lena Voss told '
    "reporters on Tuesday.\n\n"
    "About 300 dock workers were sent home, and repairs are expected to take ten days."))
DE_1 = _article("de-1", "Kesseler Bote", 4, "de", (
    "Die Hafenbehörde von Kessel hat den Nordhafen am Montag nach einem schweren Sturm "
    "geschlossen.\n\n"
    "Zwei Kräne wurden beschädigt, wie die Behörde mitteilte.\n\n"
    "Rund 300 Hafenarbeiter wurden nach Hause geschickt.\n\n"
    "Die Reparaturen sollen etwa zehn Tage dauern."))
DE_2 = _article("de-2", "Nordkurier Kessel", 5, "de", (
    "Nach dem Sturm bleibt der Nordhafen von Kessel weiter geschlossen.\n\n"
    "Hafenmeisterin Lena Voss kündigte an, jeder Kran werde vor der Wiedereröffnung geprüft.\n\n"
    "Die Fischer der Stadt fürchten Einbußen in der Hauptsaison.\n\n"
    "Der Stadtrat will am Donnerstag über Hilfen beraten."))


def test_summary_keeps_to_the_main_language_and_english_rules_read_english_only():
    report = report_record(analyze_story("s1", [EN, DE_1, DE_2]))
    summary_articles = {c["article"] for s in report["summary"] for c in s["citations"]}
    assert report["summary"] and summary_articles <= {"de-1", "de-2"}  # German is the main one
    quoted = {q["evidence"]["article"] for q in report["quotes"]}
    assert quoted == {"en-1"}
    assert any(q["speaker"] == "Lena Voss" and q["kind"] == "direct" for q in report["quotes"])
    assert {c["evidence"]["article"] for c in report["claims"]} <= {"en-1"}
    assert {c["article"] for t in report["timeline"] for c in t["citations"]} <= {"en-1"}


def test_every_evidence_span_lies_in_its_article_and_holds_the_text():
    articles = {a.id: a for a in (EN, DE_1, DE_2)}
    report = report_record(analyze_story("s1", list(articles.values())))
    for sentence in report["summary"] + report["timeline"]:
        for span in sentence["citations"]:
            text = articles[span["article"]].text
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert " ".join(text[span["start"]:span["end"]].split())[:30] in " ".join(
                sentence["text"].split())
    for quote in report["quotes"]:
        span = quote["evidence"]
        assert quote["text"][:20] in articles[span["article"]].text[span["start"]:span["end"]]


def test_the_cache_key_follows_the_members_not_their_order():
    assert analysis_key(["a", "b"]) == analysis_key(["b", "a"]) != analysis_key(["a"])


LATE_REPORT = """Title: Last CSTO units leave Kazakhstan
Source: Steppe Daily
Date: 2022-01-19

The last units of the Collective Security Treaty Organization (CSTO) peacekeeping contingent
left Kazakhstan on Wednesday, completing the withdrawal from the country, CSTO Secretary
General Stanislav Zas said.

"The mission has been completed in full," Zas told reporters in Almaty.
"""


def test_a_story_that_grows_reads_only_its_new_article(tmp_path, monkeypatch):
    import storyline.language.runner as language
    from conftest import EXAMPLES, write
    from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
    from storyline.settings import Settings
    from storyline.store import Store

    parsed: list[str] = []
    real = language.read_texts
    real_parse = language.parse_texts

    def counting(texts, **kwargs):
        parsed.extend(texts)
        return real(texts, **kwargs)

    def counting_parse(texts):
        parsed.extend(texts)
        return real_parse(texts)

    monkeypatch.setattr(language, "read_texts", counting)
    monkeypatch.setattr(language, "parse_texts", counting_parse)
    import storyline.analyze.claims as claims_module

    claimed: list[str] = []
    real_claims = claims_module.find_claims

    def counting_claims(text, **kwargs):
        claimed.append(kwargs["article_id"])
        return real_claims(text, **kwargs)

    monkeypatch.setattr(claims_module, "find_claims", counting_claims)
    settings = Settings(db_path=str(tmp_path / "s.db"))
    with Store.open(settings.db_path) as store:
        ingest(plan([EXAMPLES / "text"]), store, settings)
        refresh_stories(store)
        first = analyze_stories(store, store.stories(), workers=1)  # counted in this process
        # every article through the model once: its claims read the language layer's parse
        assert sorted(parsed) == sorted(a.text for a in store.articles())
        assert len(claimed) == len(set(claimed))  # claims are read once per article
        parsed.clear()
        claimed.clear()
        ingest(plan([write(tmp_path / "late.txt", LATE_REPORT)]), store, settings)
        refresh_stories(store)
        second = analyze_stories(store, store.stories(), workers=1)
        assert len(parsed) == 1 and parsed[0].startswith("The last units of the Collective")
        assert len(claimed) == 1  # the new report's claims only
        [csto] = [s for s in store.stories() if "CSTO" in (s.headline or "")]
        assert first[csto.id] != second[csto.id]
        assert any(q["text"].startswith("The mission has been completed in full")
                   for q in second[csto.id]["quotes"])
        parsed.clear()
        assert analyze_stories(store, store.stories(), workers=1) == second and parsed == []


def test_an_undated_lead_is_shown_on_its_report_day_not_the_day_before():
    from storyline.analyze.timeline import DATEWISE_PUBLICATION_DAYS, build_timeline

    reports = [_article(f"r{day}", "Harbour Gazette", day, "en", text) for day, text in (
        (3, "The port authority closed the northern harbour of Kessel on Monday after a storm."
            "\n\nDock workers were sent home."),
        (5, "Divers began inspecting the damaged cranes at the northern harbour of Kessel."
            "\n\nThe inspection is expected to take several days."),
    )]
    shipped = {e.date: e.text for e in build_timeline(reports)}
    assert shipped["2024-06-03"].startswith("The port authority closed")  # "on Monday"
    assert shipped["2024-06-05"].startswith("Divers began")  # all we know: its report day
    assert "2024-06-04" not in shipped
    datewise = {e.date for e in build_timeline(
        reports, publication_days=DATEWISE_PUBLICATION_DAYS, max_dates=5)}
    assert "2024-06-04" in datewise  # DATEWISE lets the lead stand for the day before too


def test_an_unresolved_speaker_is_shown_as_the_article_words_it():
    """"Haitian officials said ..." names no person: the reader sees the article's words
    (marked as such), never a guessed person; a pronoun alone says nothing."""
    from storyline.render.report_view import UNATTRIBUTED, speaker_label

    text = "Arden officials said the bridge would reopen. They said it was safe."
    article = text_article("a", text, dt.date(2024, 5, 1), source="Wire")
    report = report_record(analyze_story("s", [article]))
    labels = [speaker_label(q, {"a": article}) for q in report["quotes"]]
    assert labels == ["Arden officials (as written)", UNATTRIBUTED]
    assert speaker_label({"speaker": "Lena Voss", "speaker_spans": []}, {}) == "Lena Voss"
