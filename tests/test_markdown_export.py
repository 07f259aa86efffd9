"""Markdown export of untrusted text (issue 18.7): article text, titles and outlet names
are text, never Markdown. Rendered with a real CommonMark renderer (markdown-it-py, with
GFM tables and strikethrough) to check that no link, image, emphasis, heading, list or
raw HTML comes out of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import write
from storyline.cli import main
from storyline.render.markdown_text import code_span, escape_markdown

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "[x](javascript:alert(9))",
    "![t](http://evil.example/t.png)",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example/autolink>",
    "*bold* and _em_ and **strong** and ~~gone~~ and `code`",
    "# Heading at line start",
    "> a quote",
    "- a list item",
    "+ another",
    "1. ordered",
    "2) ordered too",
    "===",
    "---",
    "[ref]: http://evil.example/ref",
    "    four spaces: code",
    "| a | table |",
    "&lt;entity&gt; &#60;img&#62; AT&T",
    "back\\slash \\*not emphasis\\*",
    "```",
]


def inline_text(markdown: str) -> str | None:
    """The text of `markdown` if it renders as plain paragraphs and nothing else (None if
    any other token, such as a link, image, emphasis, heading or HTML, appears)."""
    texts = []
    for token in RENDERER.parse(markdown):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline":
            return None
        for child in token.children or []:
            if child.type == "softbreak":
                texts.append("\n")
            elif child.type == "text":
                texts.append(child.content)
            else:
                return None
    return "".join(texts)


def normalised(text: str) -> str:
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    return "\n".join(line for line in lines if line)


def test_hostile_markdown_renders_as_its_own_text() -> None:
    for text in HOSTILE:
        assert inline_text(escape_markdown(text)) == normalised(text), text
    joined = "\n".join(HOSTILE)
    assert inline_text(escape_markdown(joined)) == normalised(joined)


MARKDOWN_CHARS = st.text(alphabet=st.sampled_from(list("ab1 .)#>-+=*_`~[]()!<>&;|\\:/\n\t'\"")),
                         max_size=40)


@given(MARKDOWN_CHARS)
def test_any_text_renders_as_itself(text: str) -> None:
    """Property: escaped text renders to exactly its characters (blank lines and the
    spaces around lines aside, which Markdown does not keep)."""
    expected = normalised(text)
    escaped = "\n".join(line for line in escape_markdown(text).split("\n") if line.strip())
    assert inline_text(escaped) == expected


@given(st.text(alphabet=st.sampled_from(list("ab `")), min_size=1, max_size=12))
def test_a_code_span_holds_any_backticks(text: str) -> None:
    tokens = RENDERER.parseInline(code_span(text))[0].children or []
    if text.strip(" "):
        assert [t.type for t in tokens] == ["code_inline"]


def test_exported_markdown_keeps_hostile_articles_as_text(tmp_path: Path) -> None:
    body = ("Rescue teams reached the flooded valley on Tuesday, officials said, and more "
            "boats were on the way from the coast to help the families who stayed behind.")
    folder = tmp_path / "in"
    write(folder / "a.jsonl", "\n".join(json.dumps(record) for record in [
        {"title": "Flood [x](javascript:alert(9)) *now*", "source": "![t](http://evil.example/t.png)",
         "published": "2024-05-02", "text": f"{body} Look: ![t](http://evil.example/t.png)."},
        {"title": "# Flood <img src=x onerror=alert(1)>", "source": "Valley _Post_",
         "published": "2024-05-03", "text": f"{body} More at [site](http://evil.example)."},
    ]) + "\n")
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-q"]).exit_code == 0
    out = tmp_path / "r.md"
    result = CliRunner().invoke(main, ["export", "--format", "md", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.stderr
    html = RENDERER.render(out.read_text())
    assert "<img" not in html and "<a " not in html
    assert "<em>now</em>" not in html and "<em>Post</em>" not in html and "*now*" in html
    assert "evil.example" in html  # the text is kept, as text
    assert "![t](http://evil.example/t.png)" in html
    assert "[x](javascript:alert(9))" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert "# Flood &lt;img src=x onerror=alert(1)&gt;" in headings  # its title, as text


def test_a_quote_of_several_paragraphs_stays_one_block_quote() -> None:
    """A trial's two-paragraph quote fell out of its block quote after the blank line."""
    from storyline.render.markdown_text import quote_lines

    text = "While receiving the drug, the patient got worse.\n\nThis is the first report of it."
    tokens = RENDERER.parse(f"> “{quote_lines(text)}” (direct)\n")
    opened = [t.type for t in tokens].count("blockquote_open")
    inside = [t.content for t in tokens if t.type == "inline"]
    assert opened == 1 and [t.type for t in tokens][-1] == "blockquote_close"
    assert inside == ["“While receiving the drug, the patient got worse.",
                      "This is the first report of it.” (direct)"]
    said = "# not a heading\n\n- not a list"
    hostile = RENDERER.parse(f"> {quote_lines(said)}\n")
    assert not {"heading_open", "bullet_list_open"} & {t.type for t in hostile}
