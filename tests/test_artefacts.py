from storyline.clean.artefacts import fold_quotes, repair


def test_entity_debris_with_and_without_stray_space():
    text = "Tokayev & mdash; the president & quot;said& quot; it &mdash done&nbsp;now"
    assert repair(text) == 'Tokayev — the president "said" it — done now'


def test_numeric_entity_debris():
    assert repair("price & #8364;5 and &#x2014; dash") == "price €5 and — dash"


def test_real_markup_is_not_unescaped_into_tags():
    # "&lt;script&gt;" in plain text stays literal characters, never markup we build.
    assert repair("a &lt;b&gt; c") == "a <b> c"
    assert "<" not in repair("a & amp; b")


def test_mojibake_is_repaired():
    assert repair("Itâ€™s the cafÃ© in ZÃ¼rich") == "It’s the café in Zürich"


def test_typographic_quotes_are_kept_as_the_publisher_wrote_them():
    for text in ("“Yes,” he said. ‘No’ «non»", "„Das ist“, sagte sie, ‚gut‘.",
                 "« Oui », dit-il.", "«Sí», afirmó."):
        assert repair(text) == text


def test_fold_quotes_straightens_for_matching_without_moving_offsets():
    text = "„Das“ “Yes,” ‘No’ «non» It’s"
    folded = fold_quotes(text)
    assert folded == "\"Das\" \"Yes,\" 'No' \"non\" It's"
    assert len(folded) == len(text)


def test_spaces_normalised_but_newlines_kept():
    assert repair("a\u00a0\u00a0b \t c\nd\u200be") == "a b c\nde"


def test_plain_path_and_ftfy_path_agree_on_quotes_and_ligatures():
    # no mojibake: the fast path; with mojibake: ftfy. Both keep quotes the same way.
    assert repair("“Yes” — the ﬁnal ‘word’") == "“Yes” — the final ‘word’"
    assert repair("“Yes” — the ﬁnal ‘word’ in ZÃ¼rich") == "“Yes” — the final ‘word’ in Zürich"


def test_legitimate_accents_are_untouched():
    text = "São Paulo, Zürich, Kraków, Ålesund, à la carte, naïve café"
    assert repair(text) == text


def test_treebank_quotes_and_brackets_become_marks():
    text = "`` We will rebuild , '' the minister said -LRB- Reuters -RRB- on Tuesday ."
    assert repair(text) == '"We will rebuild," the minister said (Reuters) on Tuesday.'
    assert repair("-LSB- sic -RSB- and -LCB- x -RCB- -LRB-") == "[sic] and {x} ("
    tokens = "-LRB- AP -RRB- Arden 's toll ` may be 500 ' , they do n't know ; it 's grim ."
    assert repair(tokens) == "(AP) Arden's toll 'may be 500', they don't know; it's grim."


def test_two_apostrophes_outside_a_treebank_text_stay():
    assert repair("The 1990s'' tapes") == "The 1990s'' tapes"
    plain = "Rock 'n' roll, he said ; it's loud."  # one gap is a typo, not a tokeniser
    assert repair(plain) == plain
    for kept in ("Use the ``--force`` flag to skip it.",
                 "He paused . . . and then . . . went on . . . quietly."):
        assert repair(kept) == kept  # backticks of markup, an ellipsis: no tokeniser's
    french = "Le ministre a dit : « Nous partirons ! » Puis il a ajouté ; enfin : rien."
    assert repair(french) == french  # French typography spaces : ; ! ?
    spaced = "Arden 's palace was destroyed . Rescuers , police said , kept digging ."
    assert repair(spaced) == "Arden's palace was destroyed. Rescuers, police said, kept digging."


def test_a_long_run_of_spaces_in_a_tokenised_text():
    """Spaces are made single before the treebank patterns run (they were quadratic on a
    run: this input took about a minute)."""
    text = "Arden 's port , the UN 's office and the bridge , all fell ." + " " * 50_000 + "Then."
    assert repair(text) == "Arden's port, the UN's office and the bridge, all fell. Then."
