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

#: A time or date as page furniture writes it: "06:28 GMT", "14 January, 2010 - 17:26 GMT",
#: "Tue Mar 15, 2011 11:40 pm GMT", "18:00 UK time, Saturday, 25 April 2009".
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_DAYNAME = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_CLOCK = (r"\d\d?[:.]\d\d(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*"
          r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|ET|UK time|UK)?")
_DAY_MONTH_YEAR = (rf"(?:{_DAYNAME}\s*,?\s*)?(?:\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}})"
                   r"\s*,?\s*\d{4}")
_STAMP = (rf"(?:{_DAY_MONTH_YEAR}(?:\s*[-,|]?\s*{_CLOCK})?"
          rf"|{_CLOCK}(?:\s*,?\s*{_DAY_MONTH_YEAR}(?:\s*[-,|]?\s*{_CLOCK})?)?"
          rf"|{_CLOCK}\s*,\s*{_DAYNAME}\s*,\s*{_DAY_MONTH_YEAR})")

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
    r"skip to (main )?content|back to top|menu|home|search|help",
    # a video player's messages left in the text (BBC pages)
    r"can ?not play media|sorry,? this media is not available in your (territory|country|region)"
    r"|media playback is (not supported|unsupported) on your device",
    # a bare stamp: "Last updated at 06:28", "Last updated: 29 June 2010"
    rf"(page )?last updated( at| on)?\s*:?\s*{_STAMP}",
]
_LOOSE = [
    r"(subscribe|sign up|join|follow)\b.*\b(newsletter|telegram|channel|twitter|facebook|instagram|"
    r"youtube|news faster|inbox|us on)\b.*",
    r"receive news faster than anyone.*",
    r"your email address will not be published.*|required fields are marked.*",
    r"(©|\(c\)|copyright\b).*|.*\ball rights reserved\.?",
    r"(read more|read also|see also|related|more)\s*[:>»-].*",
    # the same labels in the other languages we read, before a linked headline:
    # "Lesen Sie auch: ...", "À lire aussi : ...", "Te puede interesar: ..."
    r"(lesen sie (auch|mehr)|auch interessant|mehr zum thema|das könnte sie (auch )?interessieren"
    r"|(à )?lire aussi|(à )?voir aussi|sur le même sujet|lee también|lea también"
    r"|te puede interesar|le puede interesar|noticias relacionadas)\s*[:>»-].*",
    # subscription prompts: an imperative to subscribe, join or pay, in a short paragraph
    r".*\b(jetzt abonnieren|abonnieren sie|kostenlos testen|lesen sie weiter mit|abonnez-vous"
    r"|je m['’]abonne|suscr[ií]bete|suscr[ií]base|hazte socio|become a (member|subscriber)"
    r"|support (local|independent|our) journalism)\b.*",
    # cookie and consent banners
    r".*\bcookies?\b.*\b(site|website|web|navigation|navegando|navegación|accept\w*|akzept\w*"
    r"|acept\w*|consent\w*|partner\w*|préférences|preferences|datenschutz\w*|privacy"
    r"|confidentialité|privacidad)\b.*",
    r"(click|tap) here to .*",
    r"(photo|image|video)( credit)?:.*",
    r"(image|media|photo|video) (caption|copyright)\b.*",
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
#: Page furniture heading a text, before its first sentence: a date and "Last updated at
#: 14:59 GMT Help" (BBC), "Last updated: 1 May, 2009 - 17:54 GMT", a byline and stamp
#: ("Susan Watts | 18:00 UK time, Saturday, 25 April 2009"), a place and stamp before a
#: wire dateline ("TOKYO | Tue Mar 15, 2011 11:40 pm GMT TOKYO (Reuters) -", whose
#: dateline the dateline finder then reads), with a byline before them ("By Maggie Fox,
#: Health and Science Editor WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON
#: (Reuters) -"), a wire page's own stamp and byline ("2009 04 25 08:50 JST By Alistair
#: Bell and Noel Randewich MEXICO CITY (Reuters) -"), or a stamp and the agency alone
#: ("Sat Apr 25, 2009 12:51 am BST (Reuters) -"). Only a stamp makes it furniture: a name
#: and "|" alone may be a headline.
#: The place before a wire page's stamp: "TOKYO", "MEXICO CITY/GENEVA" (a slash escaped in
#: some exports), "KUALA LUMPUR, April 27".
_STAMP_PLACE = (r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
                r"(?:\s*\\?/\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?"
                rf"(?:,\s*{_MONTHS}\s+\d{{1,2}})?")
_BYLINE_NAMES = r"By\s+(?-i:[A-Z][a-z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][a-z][\w.'’-]*){1,7})"
_FURNITURE_RE = re.compile(
    rf"^\s*(?:(?:{_DAY_MONTH_YEAR}\s+)?(?:page )?last updated\s*(?:at|on|:)?\s*{_STAMP}"
    rf"(?:\s+help\b)?"
    rf"|(?:By\s+[^|\n]{{3,100}}?\s+)?{_STAMP_PLACE}\s*\|\s*{_STAMP}"
    rf"|\d{{4}}\s+\d\d\s+\d\d\s+\d\d:\d\d\s*(?-i:[A-Z]{{2,4}})(?:\s+{_BYLINE_NAMES})?"
    rf"|{_DAYNAME}\s+{_DAY_MONTH_YEAR}\s+{_CLOCK}\s*\((?:Reuters|AP|AFP)\)\s*[-–—]+"
    rf"|{_DAY_MONTH_YEAR}\s*\|"
    # a stamp alone, its clock zoned: "09:27 UK time, Friday, 28 May 2010"
    rf"|\d\d?[:.]\d\d\s*(?:GMT|UTC|BST|ET|UK time)\s*,\s*{_DAYNAME}\s*,\s*{_DAY_MONTH_YEAR})\s*",
    re.IGNORECASE)
_CLOCK_FIRST = re.compile(r"\s*\d\d?[:.]\d\d\b")
#: A wire page's stamp opening a text: "2009 04 25 08:50 JST", "Sat Apr 25, 2009 ...".
_STAMP_FIRST = re.compile(rf"\s*(?:\d{{4}}\s+\d\d\s+\d\d\s|{_DAYNAME}\s+{_MONTHS}\s)", re.I)
_SERVER_ERROR_RE = re.compile(r"\s*\(?\s*an error occurred while processing this directive\s*\)?",
                              re.IGNORECASE)

#: "Read more:" alone on its line introduces a linked headline on the next line.
_LINK_LABEL_RE = re.compile(r"^(read (more|also)|see also|related|more on this( story)?)\s*:$", re.I)
_LINK_TITLE = 150


def furniture_end(text: str) -> int:
    """Characters of page furniture heading `text` (0 when there is none): see
    `_FURNITURE_RE`. The analysis reads texts cleaned before this rule existed through it."""
    head = text[:200]
    if ("|" not in head and "updated" not in head.casefold() and not _CLOCK_FIRST.match(head)
            and not _STAMP_FIRST.match(head)):
        return 0  # every furniture shape has one of these: skip the pattern
    found = _FURNITURE_RE.match(head)
    return found.end() if found is not None and found.end() < len(text) else 0


#: A sentence's end in the scripts we read: a full stop, question or exclamation mark
#: (Latin, Devanagari, Arabic) with its closing quotes or brackets before a space, or a
#: CJK one anywhere (no space follows it).
_SENTENCE_END = re.compile(r"""[.!?…।؟]["'”’)\]]*(?:\s|$)|[。！？]""")


def is_link_run(text: str, min_words: int) -> bool:
    """True for a text of at least `min_words` words that never ends a sentence: link titles
    run together or a site's promo ("An ultra-low latency infrastructure for electronic
    trading ... Our next generation legal research platform"), not an article."""
    return len(text.split()) >= min_words and _SENTENCE_END.search(text) is None


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
        paragraph = paragraph[furniture_end(paragraph):]
        trimmed = _TRAILING_RE.sub(
            "", _SERVER_ERROR_RE.sub("", _LEADING_RE.sub("", paragraph)).strip())
        if trimmed and not is_boilerplate(trimmed):
            kept.append(trimmed)
    return kept
