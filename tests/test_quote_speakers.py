"""Who said it, when the words around a quote name more than one party: people joined by
"and", an affiliation's organisation, a role then a name, a second speaker inside one
sentence, and how a speaker's role is shown. Texts written for these tests."""

from __future__ import annotations

import pytest

from storyline.analyze.quotes import find_quotes
from storyline.analyze.quotes.speakers import Resolver
from storyline.analyze.report import role_labels
from storyline.language import analyze
from storyline.model import Entity, Mention


def _said(text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, resolved speaker, speaker words) of each quote of `text`."""
    result = analyze([("a", text)])
    out = []
    for quote in find_quotes(text, result.article("a"), result.entities, article_id="a"):
        span = quote.speaker_spans[0]
        out.append((quote.text, quote.speaker, text[span.start:span.end] if span else None))
    return out


SPREAD = "the quick spread of the virus had surprised doctors"


@pytest.mark.parametrize(("text", "speaker", "words"), [
    # two doctors, each with an affiliation: neither hospital, nor one of the two, said it
    ("Dr. Ola Brenne of the Vestby Cancer Institute and Dr. Kari Lunde of Ramsvik and "
     f"Sellevoll Hospital, both in Tromso, said {SPREAD}.", "Ola Brenne and Kari Lunde",
     "Dr. Ola Brenne of the Vestby Cancer Institute and Dr. Kari Lunde of Ramsvik and "
     "Sellevoll Hospital"),
    # the model reads a person in "Dana-Farber": a name after "of the" is an affiliation's
    ("Dr. Ola Brenne of the Dana-Farber Cancer Institute and Dr. Kari Lunde of Ramsvik and "
     f"Sellevoll Hospital, both in Tromso, said {SPREAD}.", "Ola Brenne and Kari Lunde",
     "Dr. Ola Brenne of the Dana-Farber Cancer Institute and Dr. Kari Lunde of Ramsvik and "
     "Sellevoll Hospital"),
    (f"Ola Brenne of Vestby University and Kari Lunde of Ramsvik University said {SPREAD}.",
     "Ola Brenne and Kari Lunde",
     "Ola Brenne of Vestby University and Kari Lunde of Ramsvik University"),
    # one doctor: the "and" belongs to the hospital's name, before an apposition too
    (f"Dr. Kari Lunde of Ramsvik and Sellevoll Hospital said {SPREAD}.", "Kari Lunde",
     "Dr. Kari Lunde of Ramsvik and Sellevoll Hospital"),
    (f"Dr. Kari Lunde of Ramsvik and Sellevoll Hospital, a virologist, said {SPREAD}.",
     "Kari Lunde", "Dr. Kari Lunde of Ramsvik and Sellevoll Hospital"),
    # a couple: a first name, "and", a full name
    (f"Siri and Ola Brenne, from the small town of Vestby, said {SPREAD}.", None,
     "Siri and Ola Brenne"),
    # a pronoun and a name: two speakers, not the one named; both when "he" resolves to
    # someone else, none when it does not, or when it stands for the one named
    (f"He and Haugland said {SPREAD}.", None, "He and Haugland"),
    (f"Jon Berg met the press in Oslo. He and Siri Haugland said {SPREAD}.",
     "Jon Berg and Siri Haugland", "He and Siri Haugland"),
    (f"Siri Haugland met the press in Oslo. She and Haugland said {SPREAD}.", None,
     "She and Haugland"),
])
def test_people_joined_by_and_are_several_speakers(text: str, speaker: str | None,
                                                   words: str) -> None:
    """Several speakers give the quote no speaker entity; `speaker` names them all when
    each resolves."""
    assert _said(text) == [(SPREAD, speaker, words)]


def test_an_and_inside_a_name_joins_no_people() -> None:
    # the hospital's "and" neither splits the phrase nor makes two speakers; nor does the
    # department's in a role
    assert _said(f"Dr. Kari Lunde of Ramsvik and Sellevoll Hospital, in Tromso, said {SPREAD}.") == [
        (SPREAD, "Kari Lunde", "Dr. Kari Lunde of Ramsvik and Sellevoll Hospital")]
    assert _said(f"U.S. Health and Human Services Secretary Kari Sebell said {SPREAD}.") == [
        (SPREAD, "Kari Sebell", "U.S. Health and Human Services Secretary Kari Sebell")]


def test_a_role_then_a_name_speaks_not_the_clause_before_it() -> None:
    # the comma of "3,412" is no apposition's: "412 confirmed cases across Norway" spoke
    text = ("The Nordic Health Office reported 3,412 confirmed cases across Norway, and the "
            "deputy director for science and public health, Siri Haugland, warned that the "
            "total could be an underestimate.")
    assert _said(text) == [("the total could be an underestimate", "Siri Haugland",
                            "Siri Haugland")]


def test_a_second_speaker_in_the_sentence_ends_the_first_ones_words() -> None:
    text = ("Health officials say around 9,000 people are likely infected with the new strain "
            'in Norway and Haugland said the 512 confirmed cases were "only the first wave."')
    assert _said(text) == [
        ("around 9,000 people are likely infected with the new strain in Norway", None,
         "Health officials"),
        ('the 512 confirmed cases were "only the first wave."', "Haugland", "Haugland")]


def test_a_relative_clause_with_another_speaker_ends_the_first_ones_words() -> None:
    text = ("The agency said it was raising its pandemic alert to phase four from three, which "
            'assistant director general Ola Brenne said is "a significant step towards a '
            'pandemic".')
    found = _said(text)
    assert found[0] == ("it was raising its pandemic alert to phase four from three", None,
                        "The agency")
    assert all("Brenne" not in content for content, _, _ in found)


def test_two_speakers_in_one_sentence_are_two_quotes() -> None:
    text = ("Thomas Lie said it was cancelling all flights to Oslo until May 5, but Nordic Air "
            "said it would continue to operate its services.")
    assert [(c, s) for c, s, _ in _said(text)] == [
        ("it was cancelling all flights to Oslo until May 5", "Thomas Lie"),
        ("it would continue to operate its services", "Nordic Air")]
    text = ('The Vestby Relief Fund, which has run appeals on radio, said it was delighted and '
            'Ola Brenne called it "extraordinary".')
    assert [(c, s) for c, s, _ in _said(text)] == [
        ("it was delighted", "Vestby Relief Fund"), ('it "extraordinary"', "Ola Brenne")]
    text = ("The ministry and the agency say there is no need to alter travel plans and Norway "
            "has said it saw no need to close its borders.")
    assert [(c, s) for c, s, _ in _said(text)] == [
        ("there is no need to alter travel plans", None),
        ("it saw no need to close its borders", "Norway")]
    # figures a second body "reported" are no statement of theirs
    text = ("The agency said on its website that Oslo led the case tally with 50, while Bergen "
            "reported 26 and Tromso 14.")
    assert [(c, s) for c, s, _ in _said(text)] == [("Oslo led the case tally with 50", None)]


def test_roles_keep_the_case_of_their_names_and_acronyms() -> None:
    texts = [("a", "WHO chief Marta Ellingsen said the alert would stay at phase five. Mexican "
                   "Health Minister Jorge Ibarra said schools would reopen."),
             ("b", "Marta Ellingsen, the World Health Organization's director general, "
                   "spoke in Geneva. Later, WHO Chief Marta Ellingsen left."),
             # a portfolio written capitalised is no name; a ministry's name is
             ("c", "Health Secretary Per Olsen spoke in Oslo. Later, Health Ministry spokesman "
                   "Jon Berg said the clinics were open.")]
    result = analyze(texts)
    labels = {e.name: role_labels(e) for e in result.entities if e.roles}
    assert labels == {
        "Marta Ellingsen": ["WHO chief", "World Health Organization director general"],
        "Jorge Ibarra": ["Mexican health minister"], "Per Olsen": ["health secretary"],
        "Jon Berg": ["Health Ministry spokesman"]}


def test_a_member_of_a_body_does_not_speak_for_it() -> None:
    # the apposition is too long to read back to "Kari Lunde": unresolved, not the commission
    text = ("Kari Lunde, professor of food policy at Ramsvik University and a member of the "
            "government's Food Safety Commission, warns that the whole food network has "
            "become taut.")
    [(content, speaker, _)] = _said(text)
    assert (content, speaker) == ("the whole food network has become taut", None)


@pytest.mark.parametrize("text", [
    'A spokesman for Vestby Council, which runs the port, said: "We already have doctors in '
    'each of the terminals at all times."',
    "A spokesman for Vestby Council, which runs the port, said the doctors were in each of "
    "the terminals at all times."])
def test_a_relative_clause_between_speaker_and_verb(text: str) -> None:
    [(_, speaker, words)] = _said(text)
    assert (speaker, words) == ("Vestby Council", "A spokesman for Vestby Council")


def test_the_who_is_an_organisation_not_a_relative_pronoun() -> None:
    text = ("The World Health Organization met in Geneva on Monday. The WHO said the virus was "
            "spreading in six regions. Phase five means that a pandemic is imminent, according "
            "to the WHO.")
    assert [(content, speaker) for content, speaker, _ in _said(text)] == [
        ("the virus was spreading in six regions", "World Health Organization"),
        ("Phase five means that a pandemic is imminent", "World Health Organization")]


def test_a_pronoun_after_someones_lawyer_is_not_the_client() -> None:
    text = ("Dr Ola Vik was charged on Monday. Dr Vik's lawyer said his client would plead not "
            'guilty. "The search found nothing of interest," he said in a statement.')
    assert [(content[:10], speaker) for content, speaker, _ in _said(text)] == [
        ("his client", None), ("The search", None)]


def test_names_joined_after_an_opening_phrase() -> None:
    # "In gratitude Sal" is no speaker phrase, but "Sal" is: two speakers, not "Tony"
    text = 'In gratitude Sal and Tony said, "If ever you happen to be passing, do call in."'
    [(_, speaker, words)] = _said(text)
    assert words == "Sal and Tony"
    assert speaker != "Tony"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # Reuters was told; the name before the role speaks
    ("Tests showed the man's mother was also infected with the virus, Harun Vik, the Health "
     "Ministry's spokesman, told Reuters.",
     "Tests showed the man's mother was also infected with the virus", "Harun Vik"),
    ("The bridge will reopen in May, Kari Lunde, the mayor, said on Friday.",
     "The bridge will reopen in May", "Kari Lunde"),
    # a role without an article
    ("Fake goods worth billions crossed the globe in 2007, Ola Brenne, vice president of the "
     "Vestby Risk group, told Reuters.", "Fake goods worth billions crossed the globe in 2007",
     "Ola Brenne"),
    # an agency relaying a closing attribution: the person quoted speaks
    ("Norway has detected its first case of the flu in a person who has not recently visited "
     "Mexico, health minister Kari Lunde said, Reuters reports.",
     "Norway has detected its first case of the flu in a person who has not recently visited "
     "Mexico", "Kari Lunde"),
])
def test_the_name_in_a_closing_attribution_speaks(text: str, content: str, speaker: str
                                                  ) -> None:
    assert [(c, s) for c, s, _ in _said(text)] == [(content, speaker)]


@pytest.mark.parametrize("text", [
    "The 1957 pandemic of H2N2 killed an estimated 2 million people around the world.",
    'Pork producers fear the term "swine flu" will give countries an excuse to impose bans.'])
def test_a_speech_verb_after_an_article_is_no_cue(text: str) -> None:
    assert _said(text) == []


def test_a_colon_after_the_cue_opens_the_content() -> None:
    # a reader's comment header: the content follows "wrote:", it is not the time before it
    text = ("At 1:02 pm on 10 Jun 2010, Kari Vik wrote: The company will never pay for all "
            "of this damage.")
    assert [(c, s) for c, s, _ in _said(text)] == [
        ("The company will never pay for all of this damage", "Kari Vik")]
    # "At 1:02 pm on 10 Jun 2010" is not what Kari Vik wrote
    assert _said("At 1:02 pm on 10 Jun 2010, Kari Vik wrote: Typical really.") == []


def test_an_agency_that_quotes_someone_relays_them() -> None:
    text = ('Kari Vik runs the aid office in Jacmel. "Getting tonnes of food and water there is '
            'not as instant as Twitter," AFP quotes her as saying.')
    assert [(c[:20], s) for c, s, _ in _said(text)] == [("Getting tonnes of fo", "Kari Vik")]


def _resolver(text: str, people: dict[str, str]) -> Resolver:
    """A resolver over `text` with the model's PERSON mentions given by hand (key -> name
    as written), for phrases whose parse the tests cannot count on."""
    mentions = tuple(Mention(text=name, start=text.index(name), end=text.index(name) + len(name),
                             type="PERSON", label="PERSON", entity_id=key)
                     for key, name in people.items())
    entities = {key: Entity(id=key, name=name, type="PERSON", aliases=(name,), mentions=1)
                for key, name in people.items()}
    return Resolver(text=text, mentions=mentions, entities=entities,
                    sentences=((0, len(text)),), contents=(), context=None)


def test_whose_brothers_they_are_is_not_one_of_them() -> None:
    # the mentions as the model gave them for "Michael's brothers Jermaine and Randy
    # Jackson said": the possessor is not a third speaker
    text = "Ola's brothers Per and Jon Vik said the concert came too soon."
    resolver = _resolver(text, {"ola": "Ola", "per": "Per", "jon": "Jon Vik"})
    phrase = (0, text.index(" said"))
    assert resolver.resolve(phrase) is None
    assert [e.name for e in resolver.together(phrase)] == ["Per", "Jon Vik"]


def test_a_person_after_a_preposition_is_no_second_speaker() -> None:
    # "... a call from Dr Conrad Murray, and security guard Faheem Muhammad said": the
    # phrase the rules read runs back over the caller, who did not speak
    text = "a call from Dr Ola Vik, and security guard Per Lunde said he saw it."
    resolver = _resolver(text, {"ola": "Ola Vik", "per": "Per Lunde"})
    phrase = (text.index("call"), text.index(" said"))
    assert resolver.together(phrase) == ()
    resolved = resolver.resolve(phrase)
    assert resolved is not None and resolved.name == "Per Lunde"
