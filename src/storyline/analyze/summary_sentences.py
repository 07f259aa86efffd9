"""Sentences for the summary: a cheap splitter and the filter that keeps summary-worthy ones.

The summary runs on stories of hundreds of articles, often without the language layer's
spaCy sentences at hand, so `split` proposes a boundary after every full stop, "!" or "?"
followed by space and lets the language layer's repair rules (`repair_starts`: titles such
as "Mr.", months before a day as in "Jan. 12", initialisms before numbers, lower-case
continuations such as "the U.S. had", quotes) veto the wrong ones. Decimals ("2.5") never
get a proposal: no space follows their point.
"""

from __future__ import annotations

import re

from storyline.language.sentences import repair_starts

#: A proposed boundary: terminal punctuation, closing quotes or brackets, then space. A
#: tokenised closing quote set apart by spaces (`moment . '' He`) stays with its sentence.
_PROPOSAL = re.compile(r"""[.!?…]+["'”’)\]]*(?:[ \t]+(?:''|”|’)(?=\s|$))*\s+""")

#: Words a sentence may have (whitespace tokens): shorter ones are captions and fragments,
#: longer ones run-ons or lists a reader skims.
MIN_WORDS = 6
MAX_WORDS = 55
#: Share of a sentence's characters inside quotation marks above which it is a quote
#: rather than a reported fact: "“It's over,” he said." says who spoke, not what happened.
MAX_QUOTED = 0.6

#: Chrome and sign-offs that survive cleaning (prompts, credits, contact lines, links),
#: looked up as lower-case substrings: one case-insensitive alternation of all of them cost
#: a third of a second per 10,000 sentences.
_BOILERPLATE = (
    "subscribe", "newsletter", "copyright", "cookie", "advertisement", "email", "e-mail",
    "caption", "pictured", "sign up", "follow us", "click here", "read more",
    "all rights reserved", "terms of use", "terms of service", "privacy policy", "share this",
    "contact us", "reporting by", "editing by", "writing by", "additional reporting",
    "getty images", "watch the video", "listen to the", "related stories", "related articles",
    "more on this story", "http://", "https://", "www.", ".com", "©", "(c) ", "@", "photo:",
    "photograph:", "image:",
    # a video player's messages and page stamps (BBC): "Can not play media.", "Sorry, this
    # media is not available in your territory.", "Last updated at 06:28"
    "play media", "not available in your territory", "media playback", "last updated")
#: A dateline the cleaner left at the start of a sentence: "OSKARVIK, March 4 (Wire) —",
#: "MOSCOW, January 12. /TASS/.", "GENEVA (Reuters) -", "GENEVA -LRB- Reuters -RRB- -",
#: "KYIV, Ukraine —".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*"
    r"(?: ?, [A-Z][a-z]+\.? \d{1,2}\.?| ?, [A-Z][a-z]+(?: [A-Z][a-z]+)?(?= ?[-—–]))?"
    r"(?: ?(?:\([^()\n]{1,40}\)|-LRB- [^\n]{1,40}? -RRB-|/[^/\n]{1,20}/\.?))?\s*[-—–]*\s+(?=[A-Z0-9\"“])")
#: What is left of a dateline when the sentence splitter cut it in two or a time stamp runs
#: into it: "Reuters -RRB- - A new virus ...", "(AP) — Officials ...", "Thu Apr 30 , 2009
#: 5:11 am EDT -LRB- Reuters -RRB- - Here are ...". Before the agency only capitalised
#: words, figures, "am"/"pm" and separators: a sentence's own words are never cut.
_AGENCY_TAIL = re.compile(
    r"(?:(?>[A-Z][\w./\\'’-]*|\d[\d:,.]*|am|pm|a\.m\.|p\.m\.|[|,/]|-LRB-|\()\s*)*?"
    r"(?:Reuters|AFP|AP|TASS|Xinhua|Interfax|UPI|Bloomberg|dpa)\s*(?:\)|-RRB-)\s*[-—–]+\s+"
    r"(?=[A-Z0-9\"“])")
_NO_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NO_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
#: A sentence ends with terminal punctuation (then closing quotes or brackets); headlines,
#: bylines and captions usually do not.
ENDS = re.compile(r"""[.!…]["'”’)\]]*$|[.!]\s*(?:''|”)$""")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|``.*?''|«[^»\n]*»")
_QUOTE_MARKS = re.compile(r"``|''|[\"“”«»]")


#: First words that point back at a sentence the reader of a summary has not seen ("He
#: said", "That signal is", "But officials"): such a sentence is ranked down, not dropped.
_DANGLING = re.compile(
    r"(?:He|She|It|They|We|His|Her|Its|Their|This|That|These|Those|But|And|Also|However|"
    r"Meanwhile|Still|Yet|Instead|Then|There|Such|Both|Another|The latter|The former)\b")


def dangling(sentence: str) -> bool:
    """True when the sentence opens with a word that needs the sentence before it."""
    return _DANGLING.match(sentence.lstrip("\"“'` ")) is not None


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed; a line break always ends one. No
    sentence starts in lower case here, even after "?" (`"Then what?" she asked.`)."""
    return repair_starts(text, (m.end() for m in _PROPOSAL.finditer(text)
                                if m.end() < len(text) and not text[m.end()].islower()))


def dateline_end(sentence: str) -> int:
    """Characters of a dateline opening `sentence` (0 when there is none): the summary
    shows and cites the sentence after it."""
    tail = _AGENCY_TAIL.match(sentence)
    if tail is not None:
        return tail.end()
    found = _DATELINE.match(sentence)
    if found is None or not any(c.islower() for c in sentence[found.end():found.end() + 40]):
        return 0
    head = found.group()
    # A dateline is marked: a date, an agency, a dash or the agency slashes. "THE" alone is not.
    return found.end() if re.search(r"[-—–/(]|\d", head) else 0


def quoted_share(sentence: str) -> float | None:
    """Share of characters inside quotation marks; None when the marks do not pair up (the
    sentence is a piece of a longer quote, which means nothing out of its context)."""
    marks = _QUOTE_MARKS.findall(sentence)
    straight = sum(1 for m in marks if m == '"')
    opening = sum(1 for m in marks if m in ("“", "``", "«"))
    closing = sum(1 for m in marks if m in ("”", "''", "»"))
    if straight % 2 or opening != closing:
        return None
    inside = sum(len(m.group()) for m in _QUOTED.finditer(sentence))
    return inside / max(1, len(sentence))


def boilerplate(sentence: str) -> bool:
    """True for page chrome: prompts, credits, contact lines, links."""
    lower = sentence.lower()
    return any(mark in lower for mark in _BOILERPLATE)


def rejection(sentence: str) -> str | None:
    """Why `sentence` cannot stand in a summary, or None when it can."""
    words = len(sentence.split())
    if words < MIN_WORDS:
        return "short"
    if words > MAX_WORDS:
        return "long"
    stripped = sentence.rstrip("\"'”’)] ")
    if stripped.endswith("?"):
        return "question"
    if not ENDS.search(sentence):
        return "unfinished"  # a headline, byline or caption
    if boilerplate(sentence):
        return "boilerplate"
    if " | " in sentence:
        return "chrome"  # bylines and section paths: "Fergus Walsh | 12:16 PM , Thursday"
    share = quoted_share(sentence)
    if share is None:
        return "quote fragment"
    if share > MAX_QUOTED:
        return "quote"
    upper = len(sentence) - len(sentence.translate(_NO_UPPER))
    if upper > len(sentence) - len(sentence.translate(_NO_LOWER)):
        return "shouting"  # all-caps labels and headings
    if not sentence[0].isupper() and not sentence[0].isdigit() and sentence[0] not in "\"“'`":
        return "fragment"  # starts mid-sentence: a splitting error or a list item
    return None
