"""Lines a reader would never count as the article: prompts, forms, labels, buttons.

Each rule is a whole-paragraph pattern; the looser ones only apply to short paragraphs so
a real sentence that happens to mention "subscribe" is kept. The last group removes the
few prompts that agencies glue to the end of a real paragraph.
"""

from __future__ import annotations

import re

#: Paragraphs longer than this are never removed by the loose (keyword) rules. The longest
#: prompt in our fixtures and in article-extraction's leftovers is ~160 characters.
_SHORT = 220

_BUTTON = (r"(share|tweet|email|print|whatsapp|telegram|facebook|twitter|linkedin|reddit|"
           r"copy link|comments?)")
_STRICT = [
    # section labels and navigation left before a title or after the body
    r"(all|latest|more|top|breaking|related|recommended|popular|trending)"
    r" (news|stories|articles|posts|reads)",
    r"(read|see) (more|also|next)( on this( topic)?| about this)?",
    r"related( articles| content| topics| links)?|more on this( story| topic)?",
    r"you may also like|recommended for you",
    r"advertisement|sponsored( content)?|promoted|ad",
    rf"{_BUTTON}([ ,|/•·]+{_BUTTON})*",
    r"share (this|on \w+)( article| story| post)?",
    r"leave a (reply|comment)|post a comment|comments?( \(\d+\))?|\d+ comments?|cancel reply",
    r"skip to (main )?content|back to top|menu|home|search",
]
_LOOSE = [
    r"(subscribe|sign up|join|follow)\b.*\b(newsletter|telegram|channel|twitter|facebook|instagram|"
    r"youtube|news faster|inbox|us on)\b.*",
    r"receive news faster than anyone.*",
    r"your email address will not be published.*|required fields are marked.*",
    r"(©|\(c\)|copyright\b).*|.*\ball rights reserved\.?",
    r"(read more|read also|see also|related|more)\s*[:>»-].*",
    r"(click|tap) here to .*",
    r"(photo|image|video)( credit)?:.*",
    r".{0,160}\b(photo|image|picture|video|illustration)( credit)?\s*:\s*[\w .,/&@'-]{1,60}",
    r"this (article|story) (was|has been) (updated|corrected).*",
    r"(we|this site) use(s)? cookies.*",
]
_STRICT_RE = re.compile(rf"^(?:{'|'.join(_STRICT)})[\s.:!»>|]*$", re.IGNORECASE)
_LOOSE_RE = re.compile(rf"^(?:{'|'.join(_LOOSE)})$", re.IGNORECASE)
#: Prompts agencies append to a real paragraph: removed, the paragraph kept.
_TRAILING_RE = re.compile(
    r"\s*(?:Subscribe to [^.!?]{0,60}?(?:Telegram|newsletter|channel)[^.!?]{0,40}[.!]"
    r"(?:\s*Receive news faster than anyone!?)?|Receive news faster than anyone!?)\s*$",
    re.IGNORECASE,
)


#: Page furniture glued to the start of the text ("Page last updated at 08:58 GMT,
#: Thursday, 24 June 2010 09:58 UK Michael Jackson was ..."), and a server's error left in
#: a page: removed, the rest of the paragraph kept.
_LEADING_RE = re.compile(
    r"^\s*(?:page )?last updated (?:at|on) \d\d?[:.]\d\d\s*(?:GMT|UTC|BST|ET)?\s*,?\s*"
    r"(?:\w+day\s*,\s*)?\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s+\d\d?[:.]\d\d\s*(?:UK|GMT))?\s*",
    re.IGNORECASE)
_SERVER_ERROR_RE = re.compile(r"\s*\(?\s*an error occurred while processing this directive\s*\)?",
                              re.IGNORECASE)

#: "Read more:" alone on its line introduces a linked headline on the next line.
_LINK_LABEL_RE = re.compile(r"^(read (more|also)|see also|related|more on this( story)?)\s*:$", re.I)
_LINK_TITLE = 150


def is_boilerplate(paragraph: str) -> bool:
    """True when the whole paragraph is a prompt, form, label or button row."""
    line = paragraph.strip()
    if not line:
        return True
    if _STRICT_RE.match(line):
        return True
    return len(line) <= _SHORT and bool(_LOOSE_RE.match(line))


def _link_title(paragraph: str) -> bool:
    """A short line without final punctuation: the headline a "Read more:" points to."""
    line = paragraph.strip()
    return len(line) <= _LINK_TITLE and not line.endswith((".", "!", "?", '"'))


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """The paragraphs a reader would keep, trailing prompts cut off."""
    kept = []
    after_label = False
    for paragraph in paragraphs:
        if after_label and _link_title(paragraph):
            after_label = False
            continue
        after_label = bool(_LINK_LABEL_RE.match(paragraph.strip()))
        if is_boilerplate(paragraph):
            continue
        trimmed = _TRAILING_RE.sub(
            "", _SERVER_ERROR_RE.sub("", _LEADING_RE.sub("", paragraph)).strip())
        if trimmed and not is_boilerplate(trimmed):
            kept.append(trimmed)
    return kept
