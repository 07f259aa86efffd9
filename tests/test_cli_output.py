"""What the read commands print: no terminal escapes from input, no empty store made by
a mistyped --db, search hits that say what and where they are (issue 18: 8, 13, 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import write
from storyline.cli import main
from storyline.cli.common import one_line, printable

BODY = ("Peacekeepers of the Collective Security Treaty Organization began leaving Kazakhstan "
        "on Thursday, officials in Almaty said, as the airport reopened after a week.")
HOSTILE = "Bridge \x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x9b2J\u202eevil\x07"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("text, expected", [
    ("Bridge \x1b[31mRED\x1b[0m", "Bridge RED"),
    ("title \x1b]0;pwned\x07 after", "title  after"),
    ("title \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "title link"),
    ("csi \x9b2J c1 \x85 del \x7f bell \x07 nul \x00", "csi  c1  del  bell  nul "),
    ("bidi \u202eabc\u2066x\u2069", "bidi abcx"),
    ("tabs\tand\nnewlines stay", "tabs\tand\nnewlines stay"),
    (None, ""),
])
def test_printable_takes_out_escapes_and_controls(text, expected):
    assert printable(text) == expected


_TERMINAL_TEXT = st.characters(min_codepoint=0, max_codepoint=0x2070) | st.sampled_from(
    "\x1b[]0;m\x07\x9b")


@given(st.text(alphabet=_TERMINAL_TEXT, max_size=60))
def test_nothing_printable_leaves_can_drive_a_terminal(text):
    cleaned = printable(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", cleaned)
    assert printable(cleaned) == cleaned  # idempotent
    assert "\n" not in one_line(text)


def test_one_line_folds_newlines():
    assert one_line("a\nb\t c\x1b[2K") == "a b c"
    assert one_line(None, "(untitled)") == "(untitled)"
    assert one_line("\x1b[0m", "(untitled)") == "(untitled)"


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    folder = tmp_path / "in"
    write(folder / "a.jsonl", json.dumps({"text": BODY, "title": HOSTILE, "source": HOSTILE,
                                          "published": "2022-01-13"}) + "\n"
          + json.dumps({"text": "short"}) + "\n")
    write(folder / "bad\x1b[31m.pdf", b"%PDF")
    db = str(tmp_path / "s.db")
    invoke("ingest", str(folder), "--db", db)
    return db


def _clean(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)


def test_no_escape_from_input_reaches_the_terminal(hostile_db):
    story_id = json.loads(invoke("stories", "--db", hostile_db, "--json")[1])[0]["id"]
    article_id = json.loads(invoke("search", "peacekeepers", "--db", hostile_db, "--json")[1])[0]["id"]
    for args in (["stories"], ["search", "peacekeepers"], ["rejected"], ["show", story_id],
                 ["show", article_id], ["search", "\x1b[31mnothing"]):
        code, out, err = invoke(*args, "--db", hostile_db)
        assert code == 0, (args, err)
        _clean(out)
        _clean(err)
    code, out, _ = invoke("stories", "--db", hostile_db)
    assert "Bridge RED" in out


def test_a_mistyped_db_for_a_read_command_creates_nothing(tmp_path):
    missing = tmp_path / "typo.db"
    for args in (["stories"], ["search", "x"], ["show", "abc"], ["rejected"], ["entity", "x"],
                 ["export", "-o", str(tmp_path / "e.json")], ["feeds", "list"], ["feeds", "poll"],
                 ["feeds", "remove", "1"], ["recluster"]):
        code, _, err = invoke(*args, "--db", str(missing))
        assert code == 2, args
        assert f"no store at {missing}" in err, args
        assert not missing.exists(), args
    assert list(tmp_path.iterdir()) == []
    # writing commands still create it
    write(tmp_path / "in" / "a.txt", f"Title: Pullout\nDate: 2022-01-13\n\n{BODY}")
    assert invoke("ingest", str(tmp_path / "in"), "--db", str(missing))[0] == 0
    assert missing.exists()


def test_search_prints_title_snippet_and_story_and_says_when_nothing_matches(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.jsonl", json.dumps({"text": BODY, "source": "Steppe Wire",
                                          "published": "2022-01-13"}) + "\n")
    write(folder / "b.txt", f"Title: Pullout ends\nSource: Almaty Post\nDate: 2022-01-19\n\n"
          f"The last troops left on Wednesday. {BODY}")
    db = str(tmp_path / "s.db")
    invoke("ingest", str(folder), "--db", db)
    hits = json.loads(invoke("search", "airport", "--db", db, "--json")[1])
    assert len(hits) == 2 and all(h["story"] for h in hits)
    assert all("airport" in h["snippet"] for h in hits)
    code, out, _ = invoke("search", "airport", "--db", db)
    assert code == 0
    assert "Steppe Wire: (untitled)" in out and "None" not in out
    assert "Almaty Post: Pullout ends" in out
    assert "as the airport reopened" in out  # the snippet
    for hit in hits:
        assert f"story {hit['story']}" in out and hit["id"] in out
    code, out, err = invoke("search", "volcano", "--db", db)
    assert code == 0 and out == "" and "no articles match 'volcano'" in err
    code, _, err = invoke("search", "airport", "--outlet", "Nobody", "--db", db)
    assert "with these filters" in err
    code, out, _ = invoke("search", "airport", "--outlet", "almaty post", "--db", db, "--json")
    assert [h["source"] for h in json.loads(out)] == ["Almaty Post"]
    code, _, err = invoke("search", "airport", "--since", "2022-02-01", "--until", "2022-01-01",
                          "--db", db)
    assert code == 2 and "--since is after --until" in err


def test_show_lists_sources_with_their_article_ids(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.jsonl", json.dumps({"text": BODY, "source": "Steppe Wire",
                                          "published": "2022-01-13"}) + "\n")
    write(folder / "b.txt", f"Title: Pullout ends\nSource: Almaty Post\nDate: 2022-01-19\n\n"
          f"The last troops left on Wednesday. {BODY}")
    db = str(tmp_path / "s.db")
    invoke("ingest", str(folder), "--db", db)
    [story] = json.loads(invoke("stories", "--db", db, "--json")[1])
    code, out, _ = invoke("show", story["id"], "--db", db)
    assert code == 0
    sources = out.split("\nSources\n", 1)[1]
    for article_id in story["articles"]:
        assert re.search(rf"^  {article_id}  2022-01-1\d  ", sources, re.M)
    assert "Steppe Wire: (untitled)" in sources and "Almaty Post: Pullout ends" in sources
    record = json.loads(invoke("show", story["id"], "--db", db, "--json")[1])
    assert [s["article_id"] for s in record["sources"]] == story["articles"]
    assert record["outlets"] == ["Almaty Post", "Steppe Wire"]


def test_stories_filters_and_pages_from_the_command_line(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", f"Title: Pullout starts\nSource: Steppe Daily\nDate: 2022-01-13\n\n{BODY}")
    write(folder / "b.txt", "Title: Floods in the south\nSource: Meridian Times\nDate: 2024-05-04\n\n"
          "Heavy rain flooded Porto Alegre on Friday, the civil defence agency said, and the "
          "Guaiba river kept rising overnight as rescuers used boats to reach stranded families.")
    db = str(tmp_path / "s.db")
    invoke("ingest", str(folder), "--db", db)
    code, out, err = invoke("stories", "--limit", "1", "--db", db, "--json")
    first = json.loads(out)
    assert code == 0 and len(first) == 1
    cursor = re.search(r"more: --cursor (\S+)", err).group(1)
    code, out, err = invoke("stories", "--limit", "1", "--cursor", cursor, "--db", db, "--json")
    second = json.loads(out)
    assert len(second) == 1 and second[0]["id"] != first[0]["id"] and "more:" not in err
    code, out, _ = invoke("stories", "--since", "2024-01-01", "--db", db, "--json")
    assert [s["headline"] for s in json.loads(out)] == ["Floods in the south"]
    code, out, _ = invoke("stories", "--outlet", "steppe daily", "--lang", "en", "--db", db, "--json")
    assert [s["headline"] for s in json.loads(out)] == ["Pullout starts"]
    code, out, _ = invoke("stories", "--outlet", "steppe daily", "--lang", "English", "--db", db,
                          "--json")
    assert [s["headline"] for s in json.loads(out)] == ["Pullout starts"]
    for nothing in ("klingon", "xx"):
        code, _, err = invoke("stories", "--lang", nothing, "--db", db)
        assert code == 2 and f"'{nothing}'" in err and "two-letter ISO 639-1 code" in err
    code, out, err = invoke("stories", "--until", "2020-01-01", "--db", db)
    assert code == 0 and out == "" and "no stories match these filters" in err
    code, _, err = invoke("stories", "--cursor", "nonsense", "--db", db)
    assert code == 2 and "not a cursor" in err
    code, _, err = invoke("stories", "--since", "yesterday", "--db", db)
    assert code == 2 and "yesterday" in err


def test_commands_over_files_print_no_escapes_either(tmp_path):
    path = write(tmp_path / "x.txt", f"Title: {HOSTILE}\nSource: {HOSTILE}\nDate: 2022-01-13\n\n"
                 f"\"We leave \x1b[2Jon time,\" said Stanislav \x1b]0;x\x07Zas on Thursday. {BODY}")
    for args in (["inspect", str(path)], ["timeline", str(path)], ["summarize", str(path)]):
        code, out, err = invoke(*args)
        assert code == 0, (args, err)
        _clean(out)
        _clean(err)


def test_a_refresh_names_the_stories_it_merged_split_or_moved(capsys):
    from storyline.cli.store_commands import SHOWN_EVENTS, print_refresh
    from storyline.flow.ingest import StoryRefresh
    from storyline.stories.identity import StoryEvent

    events = (StoryEvent(kind="merge", story_id="sB", others=("sA",), articles=("a1", "a2")),
              StoryEvent(kind="split", story_id="sC", others=("sD", "sE"), articles=("c1",)),
              StoryEvent(kind="move", story_id="sF", others=("sB",), articles=("f1", "f2")))
    print_refresh(StoryRefresh(stories=[], rebuilt=False, reason="", placed=0, events=events),
                  quiet=False)
    err = capsys.readouterr().err
    assert "1 story merged into another; 1 story gave articles to another; 1 story split:" in err
    assert "sA -> sB" in err and "sC split: 1 article -> sD, sE" in err
    assert "sF: 2 articles -> sB" in err and "more" not in err
    many = tuple(StoryEvent(kind="merge", story_id="sZ", others=(f"s{n}",))
                 for n in range(SHOWN_EVENTS + 3))
    print_refresh(StoryRefresh(stories=[], rebuilt=False, reason="", placed=0, events=many),
                  quiet=False)
    err = capsys.readouterr().err
    assert f"s{SHOWN_EVENTS - 1} -> sZ" in err and f"s{SHOWN_EVENTS} -> sZ" not in err
    assert "and 3 more" in err


def test_an_article_without_an_outlet_is_shown_by_its_host_or_as_having_none():
    from storyline.cli.common import outlet_label

    assert outlet_label("Arden Post", "https://other.example/a") == "Arden Post"
    assert outlet_label("  ", "https://www.post.example/2024/a") == "post.example"
    assert outlet_label(None, None) == "unknown outlet"  # as the pages and exports say
    assert outlet_label(None, "http://[::1/broken") == "unknown outlet"  # no crash on it
    assert outlet_label("Evil\x1b[31m Wire\nPost", None) == "Evil Wire Post"


def test_a_language_filter_takes_codes_names_and_the_detectors_own_codes():
    from storyline.errors import UsageError
    from storyline.languages import language_code

    assert [language_code(v) for v in ("de", "DE-at", "pt_BR", "German", " deutsch ")] == [
        "de", "de", "pt", "de", "de"]
    assert language_code("yue") == "yue"  # py3langid stores Cantonese so
    for nothing in ("xx", "eng", "", "d e"):
        with pytest.raises(UsageError):
            language_code(nothing)
