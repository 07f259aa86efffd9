"""Who said what (`storyline.analyze.quotes`) on articles we wrote for these tests.

Three outlets report one story (CSTO troops leaving Kazakhstan); each test names the kind
of quote or of speaker resolution it checks. The language layer runs once for the module.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.quotes import Attribution, find_attributions, find_quotes, story_quotes
from storyline.analyze.quotes.attribution import find_found
from storyline.analyze.quotes.marks import is_scare, is_title, quoted_stretches
from storyline.analyze.quotes.merge import same_statement
from storyline.language import LanguageResult, analyze
from storyline.model import Quote, Span

WIRE = """Troops of the Collective Security Treaty Organization (CSTO) began leaving \
Kazakhstan on Thursday, a week after they arrived at the request of Kazakh President \
Kassym-Jomart Tokayev.

CSTO Secretary General Stanislav Zas told reporters at the airport that the pullout was \
going to plan. "We will leave," Zas said, "within ten days." About 2,030 troops and 250 \
pieces of equipment were deployed, the alliance said.

Kremlin spokesman Dmitry Peskov said the decision had been taken jointly by all members. \
"There was never any question of the troops staying longer than necessary," said Peskov. \
"The task has been fulfilled."

Tokayev said in a televised address: "The main phase of the counter-terrorist operation \
is over. Our law enforcement agencies have done their job.

"The peacekeepers will leave our country as soon as the situation is fully stable."

Read more: CSTO troops to leave Kazakhstan

The Kremlin spokesman stressed that Moscow had no plans to keep a base in Kazakhstan. \
Russian President Vladimir Putin, who spoke to Tokayev by phone on Wednesday, praised the \
operation. The Russian leader noted that the alliance had acted quickly and decisively.
"""

PAPER = """Russia-led forces started pulling out of Kazakhstan on Thursday, and Kazakhstan \
said its own army and police were again in charge of Almaty and the rest of Kazakhstan.

“We will leave within ten days,” the CSTO chief told journalists in Almaty. According to \
the Kazakh Defense Ministry, the last aircraft will depart by Jan. 23.

Tokayev described the protesters as "terrorists" and the unrest as an "attempted coup". \
He has previously called the film "Steppe Of Our Fathers" a national treasure.

In his words, the country had faced an attack by well-trained armed groups from abroad. \
The head of state also assured lawmakers that nobody would be persecuted for peaceful \
protest.

Tokayev said the mission had been "successfully completed" ahead of schedule. \
«The situation is now under control in every region», Tokayev said.

Zas, the CSTO secretary general, pointed out that the peacekeepers had never taken part \
in operations against protesters.

Tokayev thanked Zas for the help of the allies. He said that the alliance had proved its \
worth in a difficult week.
"""

AGENCY = """The withdrawal of the CSTO peacekeeping contingent from Kazakhstan will be \
completed by January 23, Secretary General Stanislav Zas said.

"We will leave within 10 days," Zas said on Friday. He emphasized that the troops had \
carried out all their tasks.

The decision had been taken jointly by all members of the alliance, Peskov told \
reporters. The Kremlin spokesman explained that the contingent was returning home in \
stages. Officials recalled that the first units had arrived on January 6.
"""

BRIEF = """Kazakhstan said on Friday that order had returned to Almaty. Kazakhstan's \
parliament met in the capital, and the government of Kazakhstan resigned.

The Russian Defense Ministry said the last transport planes had left Almaty. The ministry \
added that the flights had gone without incident.

The secretary general stressed that the alliance had kept its word to Kazakhstan.
"""

ARTICLES = {"wire": WIRE, "paper": PAPER, "agency": AGENCY, "brief": BRIEF}


@pytest.fixture(scope="module")
def language() -> LanguageResult:
    return analyze(list(ARTICLES.items()))


@pytest.fixture(scope="module")
def found(language: LanguageResult) -> dict[str, list[Attribution]]:
    return {name: find_attributions(text, language.article(name), language.entities,
                                    article_id=name) for name, text in ARTICLES.items()}


def _quote(found: dict[str, list[Attribution]], name: str, words: str) -> Attribution:
    """The one quote of article `name` whose text holds `words`."""
    matches = [a for a in found[name] if words in a.quote.text]
    assert len(matches) == 1, [a.quote.text for a in found[name]]
    return matches[0]


def _speaker_words(item: Attribution) -> str | None:
    span = item.quote.speaker_spans[0]
    return None if span is None else ARTICLES[span.article_id][span.start:span.end]


# -- direct quotes ------------------------------------------------------------------------


def test_direct_quote_with_straight_marks_and_inverted_cue(found: dict[str, list[Attribution]]
                                                           ) -> None:
    item = _quote(found, "wire", "There was never any question")
    assert item.quote.kind == "direct"
    assert item.quote.cue == "said"
    assert _speaker_words(item) == "Peskov"
    assert item.quote.speaker == "Dmitry Peskov"


def test_quoted_sentence_right_after_the_attribution_joins_the_quote(
        found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "wire", "There was never any question")
    assert len(item.parts) == 2
    assert WIRE[slice(*item.parts[1])] == "The task has been fulfilled."


def test_typographic_marks(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "We will leave within ten days")
    assert item.quote.kind == "direct"
    assert item.quote.text == "We will leave within ten days"  # the comma hands over
    assert item.quote.cue == "told"


def test_guillemets(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "The situation is now under control")
    assert item.quote.kind == "direct"
    assert item.quote.speaker == "Kassym-Jomart Tokayev"


def test_quote_split_around_its_attribution_is_one_quote(found: dict[str, list[Attribution]]
                                                         ) -> None:
    item = _quote(found, "wire", "We will leave")
    assert item.quote.text == "We will leave, within ten days."
    assert [WIRE[a:b] for a, b in item.parts] == ["We will leave,", "within ten days."]
    assert item.quote.kind == "direct"
    assert item.quote.speaker == "Stanislav Zas"
    span = item.quote.evidence[0]
    assert (span.start, span.end) == (item.parts[0][0], item.parts[-1][1])


def test_quote_over_two_paragraphs(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "wire", "The main phase")
    assert len(item.parts) == 2
    assert WIRE[slice(*item.parts[1])].startswith("The peacekeepers will leave")
    assert "\n\n" in item.quote.text
    assert item.quote.cue == "said"
    assert item.quote.speaker == "Kassym-Jomart Tokayev"


def test_unclosed_mark_swallows_nothing() -> None:
    text = 'He said "we will see.\n\nThe next paragraph has no mark at all.'
    assert quoted_stretches(text) == []


# -- reported speech ----------------------------------------------------------------------


def test_said_that(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "wire", "the pullout was going to plan")
    assert item.quote.kind == "indirect"
    assert item.quote.cue == "told"
    assert _speaker_words(item) == "CSTO Secretary General Stanislav Zas"
    assert item.quote.speaker == "Stanislav Zas"


def test_said_without_that(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "wire", "the decision had been taken jointly")
    assert (item.quote.kind, item.quote.cue, item.quote.speaker) == (
        "indirect", "said", "Dmitry Peskov")


def test_attribution_after_the_content(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "agency", "The withdrawal of the CSTO")
    assert item.quote.text.endswith("by January 23")
    assert item.quote.speaker == "Stanislav Zas"
    told = _quote(found, "agency", "taken jointly by all members of the alliance")
    assert (told.quote.cue, told.quote.speaker) == ("told", "Dmitry Peskov")


def test_according_to(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "the last aircraft will depart")
    assert item.quote.cue == "according to"
    assert _speaker_words(item) == "the Kazakh Defense Ministry"


@pytest.mark.parametrize(("name", "words", "cue"), [
    ("wire", "Moscow had no plans", "stressed"),
    ("wire", "acted quickly and decisively", "noted"),
    ("agency", "carried out all their tasks", "emphasized"),
    ("agency", "returning home in stages", "explained"),
    ("agency", "the first units had arrived", "recalled"),
    ("paper", "nobody would be persecuted", "assured"),
    ("paper", "never taken part in operations", "pointed out"),
])
def test_speech_verbs(found: dict[str, list[Attribution]], name: str, words: str, cue: str
                      ) -> None:
    item = _quote(found, name, words)
    assert item.quote.cue == cue
    assert item.quote.kind == "indirect"


def test_adding_that_is_a_second_statement_of_the_same_speaker() -> None:
    text = "Peskov said the decision was final, adding that all members had agreed to it."
    items = find_found(text, [(0, len(text))])
    assert [(text[a:b], f.cue, text[slice(*f.speaker)] if f.speaker else None)
            for f in items for a, b in f.parts] == [
        ("the decision was final", "said", "Peskov"),
        ("all members had agreed to it", "adding", "Peskov")]


@pytest.mark.parametrize("text", [
    "Kazakhstan announced a state of emergency in Almaty on Wednesday.",  # no content clause
    "Tokayev claimed a victory over the protesters on Thursday.",
    "Shortly after the vote, Tokayev announced his new cabinet.",  # an object, no content
    "The talks moved to other states that border Kazakhstan and Russia.",  # "states": a noun
    "Every time he thinks about the unrest, the president grows angry.",
])
def test_no_statement_no_quote(text: str) -> None:
    assert find_found(text, [(0, len(text))]) == []


def _parts(text: str) -> list[tuple[str, str | None]]:
    return [(text[a:b], text[slice(*f.speaker)] if f.speaker else None)
            for f in find_found(text, [(0, len(text))]) for a, b in f.parts]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # what follows "said <speaker>," is about the speaker: an apposition, an age, a clause
    ("Nine crew members were aboard the trawler, said Olav Brenne, the owner of the vessel.",
     "Nine crew members were aboard the trawler", "Olav Brenne"),
    ("The fire started at the back of the barn, said Ida Sund, 48, a farmhand who saw it.",
     "The fire started at the back of the barn", "Ida Sund"),
    # a participle after the attribution closes the content, it does not resume it
    ("The harbour was closed for the night, the police said, citing high winds.",
     "The harbour was closed for the night", "the police"),
])
def test_what_follows_a_closing_attribution_is_not_content(text: str, content: str,
                                                           speaker: str) -> None:
    assert _parts(text) == [(content, speaker)]


def test_a_name_after_the_verb_starts_the_content_not_a_parenthesis() -> None:
    text = "Oskarvik, Nord police said Pavel Drask, 41, set the fire before dawn on Sunday."
    assert _parts(text) == [("Pavel Drask, 41, set the fire before dawn on Sunday", "Nord police")]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # an outlet relaying a statement is not its speaker
    ("The World Bank said its local offices were destroyed, Reuters reported.",
     "its local offices were destroyed", "The World Bank"),
    # an acronym in brackets between the speaker and the verb
    ("The World Food Programme (WFP) said it would fly in food on Friday.",
     "it would fly in food on Friday", "The World Food Programme"),
    # a role phrase, then the name in apposition: the name speaks
    ("The leader of the Idaho-based group, Laura Silsby, said they had only wanted to help.",
     "they had only wanted to help", "Laura Silsby"),
    ("Zas, the CSTO chief, said the troops would leave.", "the troops would leave", "Zas"),
])
def test_the_speaker_is_the_one_who_said_it(text: str, content: str, speaker: str) -> None:
    assert _parts(text) == [(content, speaker)]


def test_parenthetical_attribution_still_splits_the_content() -> None:
    text = "The plan, Zas told reporters on Friday, is final and binding."
    assert _parts(text) == [("The plan", "Zas"), ("is final and binding", "Zas")]


def test_in_his_words(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "faced an attack")
    assert item.quote.cue == "in his words"
    assert _speaker_words(item) == "his"


def test_reported_speech_with_a_quoted_fragment_is_mixed(found: dict[str, list[Attribution]]
                                                         ) -> None:
    item = _quote(found, "paper", "successfully completed")
    assert item.quote.kind == "mixed"
    assert item.quote.text == 'the mission had been "successfully completed" ahead of schedule'


def test_quoted_words_after_a_fragment_cue_are_a_mixed_quote(
        found: dict[str, list[Attribution]]) -> None:
    """"described the protesters as "terrorists"": the words are Tokayev's, quoted inside
    the writer's sentence (issue 16); the fragments keep their own spans."""
    item = _quote(found, "paper", "terrorists")
    assert item.quote.kind == "mixed" and item.quote.cue == "described"
    assert item.quote.speaker == "Kassym-Jomart Tokayev"
    assert [PAPER[f.start:f.end] for f in item.quote.fragments] == ["terrorists",
                                                                     "attempted coup"]
    assert "the protesters as" in item.quote.text


def test_titles_are_not_quotes(found: dict[str, list[Attribution]]) -> None:
    texts = [a.quote.text for a in found["paper"]]
    assert not any("Steppe" in t for t in texts)
    assert is_scare("terrorists") and is_scare("attempted coup")
    assert is_scare("Steppe Of Our Fathers")
    assert is_title("Steppe Of Our Fathers") and is_title("Face the Nation,")
    assert not is_title("No!") and not is_title("we will win,")
    assert not is_scare("We will leave within ten days,")


def test_apposition_gives_the_name(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "never taken part in operations")
    assert _speaker_words(item) == "Zas"
    assert item.quote.speaker == "Stanislav Zas"


# -- speakers -----------------------------------------------------------------------------


def test_pronoun_takes_the_one_person_before_it(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "agency", "carried out all their tasks")
    assert _speaker_words(item) == "He"
    assert item.quote.speaker == "Stanislav Zas"


def test_his_in_his_words_resolves_past_reported_content(found: dict[str, list[Attribution]]
                                                         ) -> None:
    # the sentence before names Tokayev; the quoted film title is not a person
    assert _quote(found, "paper", "faced an attack").quote.speaker == "Kassym-Jomart Tokayev"


def test_ambiguous_pronoun_stays_unresolved(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "paper", "proved its worth")
    assert _speaker_words(item) == "He"  # "Tokayev thanked Zas ...": he could be either
    assert item.quote.speaker is None and item.quote.speaker_entity is None


@pytest.mark.parametrize(("name", "words", "role", "speaker"), [
    ("wire", "Moscow had no plans", "The Kremlin spokesman", "Dmitry Peskov"),
    ("wire", "acted quickly and decisively", "The Russian leader", "Vladimir Putin"),
    ("paper", "We will leave within ten days", "the CSTO chief", "Stanislav Zas"),
    ("paper", "nobody would be persecuted", "The head of state", "Kassym-Jomart Tokayev"),
])
def test_role_nouns(found: dict[str, list[Attribution]], name: str, words: str, role: str,
                    speaker: str) -> None:
    item = _quote(found, name, words)
    assert _speaker_words(item) == role
    assert item.quote.speaker == speaker


def test_role_of_no_country_falls_back_to_the_one_holder(found: dict[str, list[Attribution]]
                                                         ) -> None:
    # the article is about Kazakhstan, but the one secretary general of the story is Zas's
    assert _quote(found, "brief", "kept its word").quote.speaker == "Stanislav Zas"


def test_the_ministry_is_the_ministry_named_before(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "brief", "without incident")
    assert _speaker_words(item) == "The ministry"
    assert item.quote.speaker == "Russian Defense Ministry"


@pytest.mark.parametrize(("text", "words"), [
    # "He" opens the sentence before the name: the one person named there is not "he"
    ('Dag Halvorsen won the Vestfold primary on Tuesday. He thanked his staff after finishing '
     'behind Per Vikstrom in Telemark a week earlier. "We learned a lot about ground games," '
     'he said.', "We learned a lot"),
    # the person named is a "his": "she" stands for someone else
    ("Ben Arlo grew up in Kvaloy, where his father ran a bakery. She said he had always "
     "loved the sea.", "he had always loved"),
])
def test_pronoun_that_cannot_be_the_person_named_stays_unresolved(text: str, words: str) -> None:
    result = analyze([("p", text)])
    [quote] = [q for q in find_quotes(text, result.article("p"), result.entities, article_id="p")
               if words in q.text]
    assert quote.speaker is None


def test_a_person_after_a_preposition_is_not_the_speaker_but_a_title_s_is() -> None:
    text = ("Dag Halvorsen opened his campaign in Skien on Monday. Aides to Gov. Dag Halvorsen "
            "of Telemark said the campaign would visit every county.\n\nA spokesman for Mr. Halvorsen said "
            "the governor would not comment.\n\nSecretary of State Lene Brekke said the talks "
            "would resume in May.")
    result = analyze([("t", text)])
    speakers = {q.text[:12]: q.speaker
                for q in find_quotes(text, result.article("t"), result.entities, article_id="t")}
    assert speakers == {"the campaign": None, "the governor": None, "the talks wo": "Lene Brekke"}


def test_a_possessive_in_apposition_is_someone_elses() -> None:
    text = ('On Tuesday his wife, Mara Lind, asked for an open count in Vestfold. "Shutting '
            'voters out is not smart," she said.')
    result = analyze([("w", text)])
    [quote] = find_quotes(text, result.article("w"), result.entities, article_id="w")
    assert quote.speaker == "Mara Lind"


def test_possessor_is_not_the_speaker() -> None:
    # "Holt's publicist" speaks for Holt but is not Holt; "Norway's envoy to Chile" is
    # neither Norway's government nor Chile
    text = ("Maren Holt checked into a clinic in Vardo on Tuesday. Holt's publicist said the "
            "singer was resting and would not tour this spring.\n\nNorway's ambassador to "
            "Chile said the talks would resume in Santiago next month.")
    result = analyze([("holt", text)])
    quotes = find_quotes(text, result.article("holt"), result.entities, article_id="holt")
    speakers = {q.text[:20]: (q.speaker, text[q.speaker_spans[0].start:q.speaker_spans[0].end])
                for q in quotes if q.speaker_spans[0]}
    assert speakers == {"the singer was resti": (None, "Holt's publicist"),
                        "the talks would resu": (None, "Norway's ambassador to Chile")}


def test_unknown_role_stays_unresolved(found: dict[str, list[Attribution]]) -> None:
    item = _quote(found, "agency", "the first units had arrived")
    assert _speaker_words(item) == "Officials"
    assert item.quote.speaker is None


def test_name_resolves_through_the_batch(found: dict[str, list[Attribution]],
                                         language: LanguageResult) -> None:
    item = _quote(found, "wire", "We will leave")
    entity = language.entity(item.quote.speaker_entity or "")
    assert entity.name == "Stanislav Zas" and entity.type == "PERSON"


# -- across outlets -----------------------------------------------------------------------


def test_same_statement_from_three_outlets_is_one_quote(found: dict[str, list[Attribution]]
                                                        ) -> None:
    per_article = [[a.quote for a in found[name]] for name in ("wire", "paper", "agency")]
    merged = story_quotes(per_article)
    leave = [q for q in merged if q.text.startswith("We will leave")]
    assert len(leave) == 1
    quote = leave[0]
    assert [s.article_id for s in quote.evidence] == ["wire", "paper", "agency"]
    assert len(quote.speaker_spans) == len(quote.evidence)
    assert quote.text == "We will leave, within ten days."  # as the first outlet wrote it
    assert quote.speaker == "Stanislav Zas"
    assert [ARTICLES[s.article_id][s.start:s.end] for s in quote.speaker_spans if s] == [
        "Zas", "the CSTO chief", "Zas"]
    jointly = [q for q in merged if "taken jointly" in q.text]
    assert len(jointly) == 1 and len(jointly[0].evidence) == 2
    assert sum(len(q.evidence) for q in merged) == sum(map(len, per_article))


def _quote_record(text: str, article: str, speaker: str | None) -> Quote:
    return Quote(text=text, kind="direct", cue="said", speaker=speaker, speaker_entity=speaker,
                 evidence=(Span(article_id=article, start=0, end=len(text)),),
                 speaker_spans=(None,))


def test_different_speakers_or_statements_are_not_merged() -> None:
    same_words = "We will not leave before the work is done"
    quotes = story_quotes([[_quote_record(same_words, "a", "zas")],
                           [_quote_record(same_words, "b", "peskov")],
                           [_quote_record("Prices will not come down overnight", "c", "zas")],
                           [_quote_record(same_words, "d", None)]])
    assert [[s.article_id for s in q.evidence] for q in quotes] == [["a", "d"], ["b"], ["c"]]


def test_a_group_never_holds_two_resolved_speakers() -> None:
    # an unresolved report of Zas's words must not carry Peskov's quote into Zas's group:
    # the merged quote would show one speaker for two people's words
    same_words = "We will not leave before the work is done"
    quotes = story_quotes([[_quote_record(same_words, "a", "zas")],
                           [_quote_record(same_words, "b", None)],
                           [_quote_record(same_words, "c", "peskov")]])
    assert [([s.article_id for s in q.evidence], q.speaker_entity) for q in quotes] == [
        (["a", "b"], "zas"), (["c"], "peskov")]


def test_one_article_repeating_itself_is_not_two_sources() -> None:
    same = "We will not leave before the work is done"
    quotes = story_quotes([[_quote_record(same, "a", None), _quote_record(same, "a", None)]])
    assert len(quotes) == 2


def test_grouping_equals_comparing_every_quote_with_every_group() -> None:
    """The blocked grouping (a group is compared only when it holds enough of the quote's
    word pairs) gives exactly what comparing each quote with every earlier group gives,
    on seeded quotes built to overlap: shared clauses, halves, one word changed, short
    ones, speakers resolved, unresolved or different, several quotes per article."""
    rng = random.Random(17)
    clauses = ["we will not leave before the work is done", "prices will come down",
               "the bridge reopens on ten May", "the bridge reopens on 10 May",
               "no one was hurt", "talks resume next week in Velmora", "it is a disgrace",
               "yes", "we regret nothing", "the harbour stays closed until the storm passes"]
    per_article = []
    for article in range(60):
        quotes = []
        for _ in range(rng.randint(0, 4)):
            words = " ".join(rng.sample(clauses, rng.randint(1, 3))).split()
            if rng.random() < 0.3:
                words[rng.randrange(len(words))] = rng.choice(["harbour", "council", "nine"])
            if rng.random() < 0.3:
                words = words[:max(1, len(words) // 2)]
            quotes.append(_quote_record(" ".join(words), f"a{article % 45}",
                                        rng.choice([None, None, "zas", "peskov"])))
        per_article.append(quotes)

    groups: list[list[Quote]] = []  # every quote against every earlier group, in order
    for quotes in per_article:
        for quote in quotes:
            articles = {span.article_id for span in quote.evidence}
            for group in groups:
                if any(e.article_id in articles for q in group for e in q.evidence):
                    continue
                if quote.speaker_entity and any(q.speaker_entity not in (None, quote.speaker_entity)
                                                for q in group):
                    continue  # a group never holds two resolved speakers
                if any(same_statement(quote, member) for member in group):
                    group.append(quote)
                    break
            else:
                groups.append([quote])
    merged = story_quotes(per_article)
    assert sum(len(g) > 1 for g in groups) >= 10  # the seeded quotes do merge
    assert [[e.article_id for e in q.evidence] for q in merged] == [
        [e.article_id for q in g for e in q.evidence] for g in groups]
    assert [q.speaker_entity for q in merged] == [
        next((q.speaker_entity for q in g if q.speaker_entity), None) for g in groups]
    assert [q.text for q in merged] == [g[0].text for g in groups]


# -- offsets ------------------------------------------------------------------------------


def _all(found: dict[str, list[Attribution]]) -> Iterator[tuple[str, Attribution]]:
    for name, items in found.items():
        for item in items:
            yield ARTICLES[name], item


def test_every_span_points_at_its_content(found: dict[str, list[Attribution]]) -> None:
    for text, item in _all(found):
        quote = item.quote
        span = quote.evidence[0]
        assert (span.start, span.end) == (item.parts[0][0], item.parts[-1][1])
        if len(item.parts) == 1:
            assert text[span.start:span.end] == quote.text
        pieces = [text[a:b] for a, b in item.parts]
        assert quote.text.replace("\n\n", " ").split(" ") == " ".join(pieces).split(" ")
        for piece in pieces:
            assert piece == piece.strip()
            if quote.kind != "mixed":  # a mixed quote's marks belong to its fragments
                assert piece[:1] not in "\"“”«»" and piece[-1:] not in "\"“”«»"
        for fragment in quote.fragments:
            assert span.start <= fragment.start < fragment.end <= span.end
            assert text[fragment.start - 1] in "\"“„«"
            assert text[fragment.end:].lstrip(",.")[:1] in "\"”»“"  # "a disaster." -> a disaster
        if item.cue_span is not None and quote.cue != "in his words":
            assert " ".join(text[slice(*item.cue_span)].split()).casefold() == quote.cue
        assert len(quote.speaker_spans) == 1


def test_find_quotes_is_sorted_and_single_evidence(language: LanguageResult) -> None:
    quotes = find_quotes(WIRE, language.article("wire"), language.entities, article_id="wire")
    starts = [q.evidence[0].start for q in quotes]
    assert starts == sorted(starts) and all(len(q.evidence) == 1 for q in quotes)


_PIECES = st.sampled_from(['"', "“", "”", "«", "»", " ", "\n\n", "\n", ", ", ". ", ": ", "said ",
                           "Zas ", "he ", "that ", "we will leave ", "According to ",
                           "the troops ", ", adding that ", "In his words, ", ", who said ",
                           "told reporters ", "Mr. ", "according to "])


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_spans_are_exact_on_any_text(text: str) -> None:
    for item in find_found(text, [(0, len(text))] if text.strip() else []):
        assert 0 <= item.start < item.end <= len(text)
        for start, end in item.parts:
            assert text[start:end] == text[start:end].strip() and start < end
        if item.speaker is not None:
            assert text[slice(*item.speaker)].strip() == text[slice(*item.speaker)]
            assert item.speaker[0] < item.speaker[1]
        if item.cue_span is not None:
            assert item.cue_span[0] < item.cue_span[1]


# -- reported clauses the rules used to miss ----------------------------------------------


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # "said A and that B": the "that" opens the second content, not the first
    ("Officials in Vestfold said 40 people were still missing and that about 9,000 had left "
     "their homes.",
     "40 people were still missing and that about 9,000 had left their homes",
     "Officials in Vestfold"),
    # a content opening with a quantity or an adjective, its verb a few words on
    ("The civil defence agency said more than 2,000 people had been moved to shelters.",
     "more than 2,000 people had been moved to shelters", "The civil defence agency"),
    # a lower-case particle inside a name
    ("Officials in Rio Verde do Norte said more than 70 people were still missing.",
     "more than 70 people were still missing", "Officials in Rio Verde do Norte"),
    ("Mayor Ida Sund said federal money would arrive without delay.",
     "federal money would arrive without delay", "Mayor Ida Sund"),
    ("The ferry sailed a week late, and organisers said advance ticket sales had been slow.",
     "advance ticket sales had been slow", "organisers"),
    # a speaker noun after "and": "Engineers and urban planners"
    ("Engineers and urban planners said the damage had been worsened by years of neglect.",
     "the damage had been worsened by years of neglect", "Engineers and urban planners"),
    ("Around 30,000 homes were without power, according to the state utility.",
     "Around 30,000 homes were without power", "the state utility"),
])
def test_reported_clauses(text: str, content: str, speaker: str) -> None:
    assert _parts(text) == [(content, speaker)]


@pytest.mark.parametrize("text", [
    "Ida Sund said goodbye to the crew before the ferry was due to leave.",
    "The mayor said little when asked whether the budget was enough.",
])
def test_an_object_after_said_is_no_content(text: str) -> None:
    assert _parts(text) == []


def test_a_closing_attribution_inside_a_sentence_by_organisers() -> None:
    text = "Around 4,000 fans attended, organisers said, a record for the hall."
    assert _parts(text)[0] == ("Around 4,000 fans attended", "organisers")


def test_a_second_verb_takes_the_subject_of_the_first() -> None:
    # "X returned ... and promised that ...": the promise is X's
    text = ("Mayor Ida Sund returned to Tromso on Sunday with two ministers and promised that "
            "money would not be the obstacle to rebuilding.")
    assert _parts(text) == [("money would not be the obstacle to rebuilding", "Mayor Ida Sund")]
    text = ("Authorities asked residents near the river to leave at once and warned that the "
            "dike was at risk.")
    assert _parts(text) == [("the dike was at risk", "Authorities")]


@pytest.mark.parametrize("text", [
    # a clause with its own verbs before "and": whose the second verb is, is unclear
    "Ida Sund knew the ferry captain had left early and warned that the dike was at risk.",
    # "added" without "that": no statement
    "Ida Sund equalised with a low drive and added the winner from the penalty spot.",
    # a comma before "and": a new clause, its subject unknown
    "Mayor Ida Sund returned to Tromso on Sunday, and warned that the dike was at risk.",
])
def test_a_second_verb_without_a_plain_first_clause_takes_no_subject(text: str) -> None:
    assert [speaker for _, speaker in _parts(text) if speaker and "Sund" in speaker] == []


def test_a_second_speech_verb_is_a_second_statement() -> None:
    text = "Ida Sund said the ferry had arrived late and warned that the dike was at risk."
    assert _parts(text) == [("the ferry had arrived late", "Ida Sund"),
                            ("the dike was at risk", "Ida Sund")]


def test_a_participle_after_a_non_speech_cue() -> None:
    text = ("The Nordbank hinted that it may be done with increases, saying rates were now high "
            "enough.")
    assert _parts(text) == [("it may be done with increases", "The Nordbank"),
                            ("rates were now high enough", "The Nordbank")]


def _speakers(text: str) -> dict[str, str | None]:
    result = analyze([("t", text)])
    return {q.text: q.speaker
            for q in find_quotes(text, result.article("t"), result.entities, article_id="t")}


def test_according_to_him() -> None:
    text = ('Trond Moe, the harbour master, spoke on Monday. "The ferry will run again on '
            'Friday," Moe said. According to him, repairs will take a week.')
    assert _speakers(text)["repairs will take a week"] == "Trond Moe"


@pytest.mark.parametrize(("text", "speakers"), [
    # "It" / "they" opening the next sentence: the organisation that spoke just before
    ("The Norwegian Geological Survey said the main crack was 300 metres long. It warned that "
     "the ground in the valley remained unstable.",
     {"the main crack was 300 metres long": "Norwegian Geological Survey",
      "the ground in the valley remained unstable": "Norwegian Geological Survey"}),
    ("Scientists at the Norwegian Geological Survey said the eruption was weakening. But they "
     "warned that magma was still rising under the valley.",
     {"the eruption was weakening": "Norwegian Geological Survey",
      "magma was still rising under the valley": "Norwegian Geological Survey"}),
    # a person spoke before: "it" is not that person
    ("Geologist Trond Moe said the main crack was 300 metres long. It warned that the ground "
     "in the valley remained unstable.",
     {"the main crack was 300 metres long": "Trond Moe",
      "the ground in the valley remained unstable": None}),
    # the organisation is not who spoke before "It": "It" may be anything
    ("Geologist Trond Moe said the Norwegian Geological Survey had measured the crack. It "
     "warned that the ground in the valley remained unstable.",
     {"the Norwegian Geological Survey had measured the crack": "Trond Moe",
      "the ground in the valley remained unstable": None}),
    # residents at a place are not the place
    ("Protesters at the Norwegian Geological Survey said the report had been buried.",
     {"the report had been buried": None}),
])
def test_it_and_they_stand_for_the_organisation_that_just_spoke(
        text: str, speakers: dict[str, str | None]) -> None:
    assert _speakers(text) == speakers


def test_two_speakers_joined_by_and_are_no_one_entity() -> None:
    text = ("Senator Ola Brekke spoke in Oslo on Monday. Senator Kari Dahl and Senator Ola "
            "Brekke said other changes were needed.")
    result = analyze([("t", text)])
    [quote] = find_quotes(text, result.article("t"), result.entities, article_id="t")
    span = quote.speaker_spans[0]
    assert span is not None and text[span.start:span.end] == "Senator Kari Dahl and Senator Ola Brekke"
    # no one entity; both named for a reader
    assert (quote.speaker_entity, quote.speaker) == (None, "Kari Dahl and Ola Brekke")


def test_a_name_before_a_parenthesis_and_an_apposition_is_the_speaker() -> None:
    text = ("Rep. Ola Brekke (D-Oslo), chairman of the Nordic Fisheries Council, said members "
            "would help him raise money.")
    assert _parts(text) == [("members would help him raise money", "Rep. Ola Brekke")]


# -- issue 16: mixed quotes, the wider cues, unattributed quotes, speaker repairs ----------


def _found(text: str) -> list[tuple[str, str, str | None, list[str]]]:
    """(kind, content, speaker words, fragments) of each quote of a one-sentence text."""
    return [(f.kind, " | ".join(text[a:b] for a, b in f.parts),
             text[slice(*f.speaker)] if f.speaker else None,
             [text[a:b] for a, b in f.fragments])
            for f in find_found(text, [(0, len(text))])]


@pytest.mark.parametrize(("open_", "close"), [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“")])
@pytest.mark.parametrize(("template", "content", "speaker", "fragments"), [
    # an object cue ("called it ...") says nothing after its last fragment
    ("Judge Ann Roe called it {o}one of the great failures of this court{c} on Monday.",
     "it {o}one of the great failures of this court{c}", "Judge Ann Roe",
     ["one of the great failures of this court"]),
    ("Maria Lopez said she {o}loved{c} working there.", "she {o}loved{c} working there",
     "Maria Lopez", ["loved"]),
    ("Mayor Tom Baxter hammered the {o}dishonest{c} press for its {o}fake surveys{c}.",
     "the {o}dishonest{c} press for its {o}fake surveys{c}", "Mayor Tom Baxter",
     ["dishonest", "fake surveys"]),
    ("Dunmore charged that the mayor had {o}never read the report{c} before the vote.",
     "the mayor had {o}never read the report{c} before the vote", "Dunmore",
     ["never read the report"]),
    ("In what Baxter called {o}a rigged count,{c} the votes were tallied twice.",
     "{o}a rigged count,{c}", "Baxter", ["a rigged count"]),
    # boundaries: the statement stops where the quoted words stop being reported
    ("Councillor Omar Haddad called the plan {o}rushed{c}, and the mayor disagreed.",
     "the plan {o}rushed{c}", "Councillor Omar Haddad", ["rushed"]),
    ("Adler described the hearing as {o}a farce, frankly{c} and left the room.",
     "the hearing as {o}a farce, frankly{c}", "Adler", ["a farce, frankly"]),
    ("Adler said the plan was {o}a disaster.{c} The council will vote again in May.",
     "the plan was {o}a disaster.{c}", "Adler", ["a disaster"]),
    ("Adler said the farmers were {o}angry,{c} {o}tired{c} and {o}broke.{c}",
     "the farmers were {o}angry,{c} {o}tired{c} and {o}broke.{c}", "Adler",
     ["angry", "tired", "broke"]),
    ("Haddad said the report was {o}full of 'maybes' and 'could-bes'{c} and would be "
     "ignored.", "the report was {o}full of 'maybes' and 'could-bes'{c} and would be ignored",
     "Haddad", ["full of 'maybes' and 'could-bes'"]),
    ("Adler said the money was {o}too little{c} — and {o}far too late{c} for farmers, "
     "while Haddad disagreed.", "the money was {o}too little{c} — and {o}far too late{c} "
     "for farmers", "Adler", ["too little", "far too late"]),
    # split around the attribution: the writer's words, then the quoted rest
    ("The harbour fund was, Haddad said, {o}a gift to the shipping companies.{c}",
     "The harbour fund was | {o}a gift to the shipping companies.{c}", "Haddad",
     ["a gift to the shipping companies"]),
])
def test_quoted_fragments_inside_reported_speech_are_mixed(
        open_: str, close: str, template: str, content: str, speaker: str,
        fragments: list[str]) -> None:
    text = template.format(o=open_, c=close)
    assert _found(text) == [("mixed", content.format(o=open_, c=close), speaker, fragments)]


@pytest.mark.parametrize(("open_", "close"), [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“")])
def test_a_participle_after_a_fragment_holding_the_comma_is_a_second_statement(
        open_: str, close: str) -> None:
    text = f"Haddad said the fund was {open_}a gift,{close} adding that farmers had been forgotten."
    assert _found(text) == [
        ("mixed", f"the fund was {open_}a gift,{close}", "Haddad", ["a gift"]),
        ("indirect", "farmers had been forgotten", "Haddad", [])]


@pytest.mark.parametrize(("open_", "close"), [('"', '"'), ("“", "”"), ("«", "»")])
def test_according_to_a_report_with_fragments(open_: str, close: str) -> None:
    text = (f"Water supplies remained {open_}stable,{close} with {open_}only minor{close} "
            "interruptions expected, according to the utility's report.")
    [(kind, content, speaker, fragments)] = _found(text)
    assert (kind, speaker, fragments) == ("mixed", "the utility's report",
                                          ["stable", "only minor"])
    assert content.startswith("Water supplies") and content.endswith("interruptions expected")


@pytest.mark.parametrize(("open_", "close"), [('"', '"'), ("“", "”"), ("«", "»")])
def test_a_quote_nobody_is_named_for_is_kept_unattributed(open_: str, close: str) -> None:
    text = f"The vote passed.\n\n{open_}Nobody in this town was asked what they wanted.{close}"
    found = find_found(text, [(0, 16), (18, len(text))])
    assert [(f.kind, f.speaker, text[f.start:f.end]) for f in found] == [
        ("direct", None, "Nobody in this town was asked what they wanted.")]


@pytest.mark.parametrize("text", [
    'He appeared on "Face the Nation," where he spoke about taxes for an hour.',
    'The band played "Tales of the City" twice before midnight.',
    "The so-called “peacekeepers” arrived in the night.",
])
def test_titles_and_scare_quotes_without_a_cue_are_no_quotes(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(("text", "speaker"), [
    # expletive "there" is nobody
    ("There are reports that the coroner has finished the autopsy.", None),
    # the speech verb inside the lawyer's quote is the client's words, not his statement
    ('"Dr. Okafor never told investigators that he left," Chernak said.', "Chernak"),
    # the apposition describes the name before it; the band does not speak
    ("Rik Voss, the singer's brother and the drummer of the Voss Brothers, said the "
     "family wanted answers.", "Rik Voss"),
    # a possessive role, then the name: the lawyer speaks, not his client
    ("Okafor's lawyer, Edward Chernak, denied that his client had given any sedative.",
     "Edward Chernak"),
])
def test_speaker_repairs(text: str, speaker: str | None) -> None:
    assert [s for _, _, s, _ in _found(text)] == ([speaker] if speaker else [])


def test_the_quoted_person_is_the_speaker_not_the_agency() -> None:
    text = ('"She was in good spirits," Latoya Voss told Reuters. Mayor Ann Holt said, '
            "according to the AP, that a memorial would be held.")
    found = find_found(text, [(0, 52), (53, len(text))])
    assert [text[slice(*f.speaker)] for f in found if f.speaker] == ["Latoya Voss",
                                                                    "Mayor Ann Holt"]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Reuters quoted harbour master Piet Molen as saying the cranes had survived.",
     "the cranes had survived", "harbour master Piet Molen"),
    ("Molen was quoted by AFP as saying that two warehouses would be rebuilt.",
     "two warehouses would be rebuilt", "Molen"),
    ("According to AFP, Mayor Anna Brandt said the insurers would pay for it.",
     "the insurers would pay for it", "Mayor Anna Brandt"),
    ("Brandt said the town would ask the government for help, according to Reuters.",
     "the town would ask the government for help", "Brandt"),
    ("The dredging will take a month, Molen said, according to AFP.",
     "The dredging will take a month", "Molen"),
    ("AFP reported that Brandt said the schools would reopen on Thursday.",
     "the schools would reopen on Thursday", "Brandt"),
    ('Reuters quoted Molen as saying: "The cranes are fine, the sheds are not."',
     "The cranes are fine, the sheds are not.", "Molen"),
    ('"The insurers have promised to pay," AFP quoted Molen as saying.',
     "The insurers have promised to pay", "Molen"),
    ('"We lost two warehouses," Molen was quoted as saying.', "We lost two warehouses",
     "Molen"),
    # an agency speaking for itself stays the speaker
    ("The flood was the worst in forty years, Reuters reported.",
     "The flood was the worst in forty years", "Reuters"),
])
def test_an_agency_relaying_someone_is_not_the_speaker(text: str, content: str,
                                                        speaker: str) -> None:
    assert [(c, s) for _, c, s, _ in _found(text)] == [(content, speaker)]


ROLE_ARTICLE = """Defence ministers of the Eastern Security Pact met in Astana on Tuesday. \
Pact Secretary General Viktor Oranov opened the meeting.

The posts will be staffed by the end of the year, the alliance's secretary general said.

The post-Soviet security bloc's chief stressed that no member would send troops abroad.
"""
ROLE_FOLLOW_UP = """The border posts agreed in Astana will be staffed by December, the \
alliance's secretary general said on Wednesday.
"""


def test_a_described_body_s_role_resolves_to_its_named_holder() -> None:
    """The article's holder first; an article that names none takes the story's."""
    result = analyze([("a", ROLE_ARTICLE), ("b", ROLE_FOLLOW_UP)])
    for name, text in (("a", ROLE_ARTICLE), ("b", ROLE_FOLLOW_UP)):
        quotes = find_quotes(text, result.article(name), result.entities, article_id=name)
        assert quotes and {q.speaker for q in quotes} == {"Viktor Oranov"}, quotes
    alone = analyze([("b", ROLE_FOLLOW_UP)])
    [quote] = find_quotes(ROLE_FOLLOW_UP, alone.article("b"), alone.entities, article_id="b")
    assert quote.speaker is None  # nobody holds the role in what was read: no guess


def test_a_quote_opened_or_closed_with_the_wrong_mark_is_read() -> None:
    text = "Voters wrote in.\n”Nobody asked us what we wanted.”\n“Jobs come first, and then the rest.“ "
    assert [text[a:b] for s in quoted_stretches(text) for a, b in s.parts] == [
        "Nobody asked us what we wanted.", "Jobs come first, and then the rest."]


def test_a_progressive_cue_needs_its_auxiliary() -> None:
    assert _found("Clara Weston is describing as “unhinged” the mayor's late-night posts.")[0][
        :3] == ("mixed", "as “unhinged” the mayor's late-night posts", "Clara Weston")
    # ", calling it ...": the participle's subject is not the phrase before it
    assert all(s != "the report" for _, _, s, _ in _found(
        "The mayor attacked the report, calling it “a work of fiction” in front of reporters."))
