"""A wire page's own furniture inside its text: story codes, pointers to other coverage,
and what a flattened page glues after the closing credit.

Agency copy cites its other stories by their codes ("(ID: nLC321991)", "(nSP348835)",
"(ID: nFLU)"), points at coverage the page linked ("(For more coverage, please click
here: here)", "(For full coverage of the outbreak, click (nFLU))"), and ends at its credit
("(Reporting by A; Editing by B)"). A page flattened to text (Timeline17, scraped
archives) then runs the site's own promos and link titles on after that credit, on the
same line or on lines of their own ("... Editing by B) An ultra-low latency infrastructure
for electronic trading ..."). The shapes were collected from T17's Reuters pages; every
rule reads the structure (a code, a pointer, a credit ending the article), never a site's
wording, so it applies to any agency that writes its copy this way.

A credit that does not end the article (a live blog's entry, followed by more reporting)
is left alone with everything after it, and so is "reporting by" inside a sentence: only a
parenthesised credit counts.
"""

from __future__ import annotations

import re

__all__ = ["cut_after_credit", "strip_wire_codes", "strip_wire_furniture"]

#: A wire story code: "n" then a desk's letters and the story's number ("nLC321991",
#: "nHKG362728", "nL3885424"), or a topic code of letters alone ("nFLU"). Case matters: a
#: unit such as "(nM)" is two letters and never a code.
_CODE = r"n(?:[A-Z]{1,5}\d{4,10}|[A-Z]{3,6})"
#: A code standing alone in brackets: "(ID: nLC321991)", "(nSP348835)", "[ID:nN27484099]".
_CODE_IN_BRACKETS = rf"[(\[][ \t]*(?:ID[ \t]*:[ \t]*)?{_CODE}[ \t]*[)\]]"
_STORY_CODE = re.compile(rf"[ \t]*{_CODE_IN_BRACKETS}")
#: A pointer to coverage elsewhere: "(For a WHO map of the cases, go to: here)", "(For
#: full coverage of the flu outbreak, click (nFLU))", "(For latest figures please go to
#: here)", "(For a factbox click (ID: nLG76170)" (its own bracket lost). It opens with
#: "For", names a link verb and ends at its target: "here", a code, a web address.
_POINTER = re.compile(
    r"[ \t]*\([ \t]*For\b[^()\n]{0,160}?\b(?:click(?:[ \t]+on)?|go[ \t]+to|see)\b[ \t]*:?[ \t]*"
    r"(?:please[ \t]+)?(?:(?:here\b[^()\n]{0,20}?|(?:https?://|www\.)\S+?)[ \t]*\)"
    rf"|{_CODE_IN_BRACKETS}(?:[ \t]*\))?)")
#: The same pointer whose link was lost when the page was flattened: "(For a WHO note on
#: the scale go to:" and whatever the page glued after it.
_OPEN_POINTER = re.compile(
    r"\([ \t]*For\b[^()\n]{0,160}?\b(?:click(?:[ \t]+on)?(?:[ \t]+here)?|go[ \t]+to)[ \t]*:?"
    r"(?![^\n]*\))")
#: The closing credit: brackets opening with who reported, wrote or edited the story
#: ("(Reporting by Maggie Fox; Editing by Will Dunham)", "(Additional reporting by Ben
#: Harding; Editing by David Cowell)", "(Writing by Dena Aubin)"); capitalised, so a
#: remark in brackets "(reporting by the press was poor)" is not one.
_CREDIT = re.compile(
    r"\([ \t]*(?:(?:Additional|Further|Other)[ \t]+(?i:reporting)"
    r"|Reporting|Writing|Editing|Compiled|Reported|Edited|Written)[ \t]+by\b[^()\n]{1,300}\)")
#: A paragraph that ends a sentence; the link titles and promos a flattened page ends
#: with do not ("An ultra-low latency infrastructure ... Our next generation platform").
_FINISHED = re.compile(r"""[.!?…]["'”’)\]]*\s*$""")


#: What a code sat between when it stood for a lost line break: a word (no sentence end)
#: before it, a capital or a quote after it ("... was under way (ID: nLC321991) Flu viruses
#: mutate ...", "Airline exposure to Mexico (nLR716823) TAKE A LOOK").
_NO_BREAK_BEFORE = ".!?:;,([-–—\"'“‘"
_BREAK_AFTER = re.compile(r"""\s*[A-Z"“'‘(]""")
#: What is left when only punctuation and brackets remain: "(ID: nL3885424)." -> ".".
_NO_WORDS = re.compile(r"[^\w]*")
#: The space a removed code leaves before punctuation: "his compatriots ." -> "compatriots.".
_SPACE_BEFORE_STOP = re.compile(r"[ \t]+(?=[.,;:])")


def _code(match: re.Match[str]) -> str:
    """A code removed; a paragraph break where it stood between two lines run together."""
    last = match.string[:match.start()].rstrip()[-1:]
    if last and last not in _NO_BREAK_BEFORE and _BREAK_AFTER.match(match.string, match.end()):
        return "\n\n"
    return ""


def strip_wire_codes(paragraph: str) -> list[str]:
    """`paragraph` without story codes and pointers to other coverage: the paragraphs
    left (several where codes stood for lost line breaks, none when nothing is left)."""
    if "(" not in paragraph and "[" not in paragraph:
        return [paragraph]
    text = _STORY_CODE.sub(_code, _POINTER.sub("", paragraph))
    if text == paragraph:
        return [paragraph]
    # a code cut before a full stop leaves "compatriots ." and a link list ") Title": tidy
    pieces = (_SPACE_BEFORE_STOP.sub("", piece).strip().lstrip(")]").strip()
              for piece in text.split("\n\n"))
    return [piece for piece in pieces if not _NO_WORDS.fullmatch(piece)]


def _article_end(paragraph: str) -> int | None:
    """Where the article ends inside `paragraph`: at a pointer whose link was lost (the
    first one after the last credit), else right after the last closing credit; None
    without either."""
    ends = [m.end() for m in _CREDIT.finditer(paragraph)]
    pointer = _OPEN_POINTER.search(paragraph, ends[-1] if ends else 0)
    if pointer is not None:
        return pointer.start()
    return ends[-1] if ends else None


def cut_after_credit(paragraphs: list[str]) -> list[str]:
    """The paragraphs up to the article's closing credit (or a pointer whose link was lost):
    what follows it on its line is cut, and so are the paragraphs after it when none of
    them ends a sentence (promos, link titles). When real sentences follow (a live blog's
    credit, an editor's note) nothing is cut. Repeated until nothing changes: lost
    pointers come in runs ("(For a map, go to:" then "(For more coverage, click here:")."""
    while True:
        cut = _cut_once(paragraphs)
        if cut == paragraphs:
            return paragraphs
        paragraphs = cut


def _cut_once(paragraphs: list[str]) -> list[str]:
    for index in range(len(paragraphs) - 1, -1, -1):
        end = _article_end(paragraphs[index])
        if end is None:
            continue
        if any(_FINISHED.search(p) for p in paragraphs[index + 1:]):
            return paragraphs
        head = paragraphs[index][:end].rstrip()
        return [*paragraphs[:index], *([head] if head else [])]
    return paragraphs


def strip_wire_furniture(paragraphs: list[str]) -> list[str]:
    """Story codes and pointers removed, then the text after the closing credit cut;
    paragraphs left empty are dropped."""
    return cut_after_credit([piece for p in paragraphs for piece in strip_wire_codes(p)])
