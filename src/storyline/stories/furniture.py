"""Page furniture a headline must never be made of: wire stamps, bylines, "last updated"
stamps, blog-post stamps, photo credits, URLs and editors' notes.

The cleaner cuts the stamps it knows from new articles (`clean.boilerplate.furniture_end`,
also applied here to texts stored before it did); this module adds what only a headline
must not show. Pages keep these at the top of their text, where a headline is read from ("MEXICO CITY |
Mon May 4, 2009 3:56 pm EDT MEXICO CITY (Reuters) - ...", "By Finlo Rohrer BBC News,
Washington ...", "22 June 2010 Last updated at 05:09 GMT Help ..."). The shapes were
collected from the openings of T17's BBC, Reuters and Guardian pages and ECB+ (whose
documents open with a URL); each pattern is anchored at the start of a paragraph, so a
sentence that merely mentions a time or a name is left alone.
"""

from __future__ import annotations

import re

from storyline.clean.boilerplate import furniture_end

__all__ = ["TRAILING_STAMP", "is_furniture", "strip_furniture"]

_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*[aApP]\.?[mM]\.?)?(?:\s+(?:[A-Z]{2,4}|UK time))?"
_CAPS_PLACE = (r"[A-Z][A-Z.'\-]+(?:(?:[ \-/]|\\/)[A-Z][A-Z.'\-]+)*"
               r"(?:,\s*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?")
#: A person's name in a byline or stamp, not running into the outlet ("Finlo Rohrer BBC News").
_PERSON = r"[A-Z][\w'’\-]+(?:\s+(?!BBC\b|News\b|Reuters\b)[A-Z][\w'’\-.]*){1,3}"
_NAME = rf"{_PERSON}(?:\s+and\s+{_PERSON})?"
#: The place after "BBC News," in a byline: one word, or a name of two or three that
#: starts as place names do ("Los Angeles", "Port-au-Prince", "Mexico City"): the text runs
#: on without a break, so a second capitalised word is the text's unless it must be the place's.
_BYLINE_PLACE = (r"(?:(?:Los|Las|San|Santa|Santo|New|Hong|Cape|Tel|Abu|Buenos|Rio|Sao|São|"
                 r"Kuala|St\.?|El|La|Le)\s+)?[A-Z][\w'’\-]+(?:\s+City\b)?")
#: A journalist's role noun, in a byline ("By Maggie Fox, Health and Science Editor") or
#: on a line of its own ("BBC NI business reporter"), any case.
_JOURNALIST = r"(?i:correspondent|reporter|editor|presenter|writer)"

_PREFIXES = [
    # a URL opening the text (ECB+ pages open with theirs), then what follows it
    re.compile(r"^(?:https?://|www\.)\S+\s*", re.I),
    # Reuters: "MEXICO CITY | Mon May 4, 2009 3:56 pm EDT" (then its dateline, below)
    re.compile(rf"^(?:{_CAPS_PLACE}(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*\|\s*)?{_DAY}\s+{_MONTH}\s+\d{{1,2}}\s*(?:,\s*\d{{4}})?"
               rf"(?:\s+{_CLOCK})?\s*"),
    # a wire dateline after the stamp: "MEXICO CITY (Reuters) -", "GENEVA, May 25 (AP) -"
    re.compile(rf"^{_CAPS_PLACE}(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*\((?:Reuters|AP|AFP|Reuters Health|"
               r"Reuters Life\s*!)\)\s*[-–—]*\s*"),
    # a wire's service note: "(Repeats to more subscribers without changes in text)"
    re.compile(r"^\((?:Repeats|Corrects|Updates|Adds|Recasts|Refiles|Changes)\b[^()]*\)\s*"),
    # a byline: "By Finlo Rohrer BBC News, Washington", "By Maggie Fox, Health and Science Editor"
    re.compile(rf"^By\s+{_NAME}(?:\s*,?\s+(?:[A-Z][\w&]*\s+|and\s+|of\s+){{0,5}}{_JOURNALIST})?"
               r"(?:\s*,?\s+BBC(?: \w+)? News"
               rf"(?:\s*,\s*{_BYLINE_PLACE})?)?\s*,?\s*"),
    # a photo credit: "Credit: Reuters/Cynthia Goldsmith/Handout" (up to the next capital run)
    re.compile(r"^(?:Photo|Picture|Image)?\s*[Cc]redit\s*:\s*\S+\s*"),
    # a caption's credit: "Photograph: Tim Ireland/PA", "Photo: Ana Ruiz/AFP/Getty Images"
    # (a name, then one or more agencies after slashes; the text runs on after it)
    re.compile(r"^(?:Photograph|Photo|Picture|Image|Illustration)\s*:\s*"
               r"(?:[A-Z][\w.'’\-]*\s+){0,3}?[A-Z][\w.'’\-]*"
               r"(?:\s*\\?/\s*[A-Z][\w.&\-]*(?:\s+Images)?)+\s*"),
    # ... or an agency alone: "Photograph: AP", "Photo: Getty Images"
    re.compile(r"^(?:Photograph|Photo|Picture|Image)\s*:\s*(?:[A-Z]{2,5}|Reuters|Getty Images|"
               r"Rex Features|Alamy|Corbis)\b\s*"),
    # a page's time stamp: "09:27 UK time, Friday, 28 May 2010"
    re.compile(rf"^{_CLOCK}\s*(?:UK time|GMT|BST|ET|EST|EDT)?\s*,?\s*{_DAY}\s*,?\s*\d{{1,2}}\s+"
               rf"{_MONTH}\s+\d{{4}}\s*"),
    # a schedule page's navigation: "Skip to a day of the week :"
    re.compile(r"^Skip to (?:a day of the week|content|navigation)\s*:?\s*", re.I),
    # a wire's pointer to its coverage: "(For full coverage of the flu outbreak, click (nFLU))"
    re.compile(r"^\((?:For|for)\s+(?:full|more|related|complete)\s+coverage\b[^()]*"
               r"(?:\([^()]*\)[^()]*)*\)\s*"),
    # a video's caption run into the text: "Fund-raiser footage courtesy of MTV"
    re.compile(r"^(?:\S+\s+){0,8}?(?:[Ff]ootage|[Pp]ictures?|[Vv]ideo)\s+courtesy\s+of\s+"
               r"[A-Z][\w&.\-]*\s*"),  # one name: what follows is the text's own
]
#: A whole paragraph (or title) that is furniture: a URL, an editors' note, a byline alone.
_WHOLE = [
    re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I),
    re.compile(r"^\s*(?:PLEASE NOTE|Please note|Editor'?s note|EDITOR'?S NOTE|NOTE TO EDITORS)\b"),
    re.compile(rf"^\s*By\s+{_NAME}\s*$"),
    # a byline's role on a line of its own: "BBC NI business reporter", "Health editor"
    re.compile(r"^\s*(?:(?:BBC|Sky|ITV|CNN|Reuters|AP|AFP)\s+)?(?:[A-Z]{2,4}\s+)?"
               r"(?:(?:business|political|politics|health|science|economics|economy|education|"
               r"security|defence|defense|diplomatic|home affairs|legal|arts|sports?|technology|"
               r"environment|foreign|world|chief|senior|deputy|special|news)\s+)+"
               rf"{_JOURNALIST}s?\s*$", re.I),
    # a wire photo caption standing alone: one short sentence ending in its date
    re.compile(rf"^(?=(?:\S+\s+){{2,30}}\S+$).*\b{_MONTH}\s+\d{{1,2}}\s*,\s*\d{{4}}\s*\.?\s*$", re.S),
    re.compile(r"^\s*(?:Full Article|Related (?:articles|stories|content)|Advertisement)\s*$", re.I),
    # a photo caption: it places people in the picture, "Rahman Ali (L) and Khak Hussain";
    # not a bare "(R)", which also follows a Republican's name
    re.compile(r"^.{0,300}?\((?:(?:far|2nd|3rd|\d+th)\s+(?:L|R|left|right)|L|left|right|C|"
               r"centre|center)\)", re.S),
    # a photo credit alone: "Las Vegas Sun/Steve Marcus", "Reuters/Jason Reed"
    re.compile(r"^\s*(?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w.'’\-]*\s*\\?/\s*"
               r"(?:[A-Z][\w.'’\-]*\s*){1,3}$"),
    # a note about the writer: "- Maria Sheahan is a Reuters senior correspondent in Frankfurt"
    re.compile(rf"^\s*[-–—]?\s*{_PERSON}\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?"
               rf"{_JOURNALIST}s?\b"),
    # a schedule page's notices: "Transmission details in the ... are not updated after
    # publication", "For updates, please see individual day pages"
    re.compile(r"^\s*Transmission details\b.{0,120}\bnot updated\b", re.I | re.S),
    re.compile(r"^\s*For updates\s*,?\s*please see\b", re.I),
]
#: Debris that sits inside an opening: "Full Article" links left in the text.
_DEBRIS = re.compile(r"\bFull Article\b\s*")
#: A wire page's summary bullets ("* UN agency criticises Egypt order * Says ..."): the
#: first bullet is kept as the opening, the rest cut.
_BULLET = re.compile(r"^\\?\*\s+")
_NEXT_BULLET = re.compile(r"\s\\?\*\s")
#: A wire stamp run onto the end of a title: "... test seed LONDON | Wed Jun 10", or a
#: page's "Page last updated at 08:58 GMT, Thursday, ..." or a schedule's "Transmission
#: details ... are not updated".
TRAILING_STAMP = re.compile(rf"\s+{_CAPS_PLACE}(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*\|\s*{_DAY}.*$"
                            r"|\s+Page last updated at\b.*$|\s+Transmission details\b.*$")


def strip_furniture(paragraph: str) -> str:
    """The paragraph without the furniture at its start ('' when nothing else is left)."""
    text = _DEBRIS.sub("", paragraph.strip())
    if _BULLET.match(text):
        text = _BULLET.sub("", text)
        bullet = _NEXT_BULLET.search(text)
        text = text[:bullet.start()] if bullet else text
    if is_furniture(text):
        return ""
    changed = True
    while changed and text:
        changed = False
        cut = furniture_end(text)  # the cleaner's stamps: "Last updated at ...", "Name | 15:39 ..."
        if cut:
            text = text[cut:].lstrip(" ,-–—|")
            changed = True
        for pattern in _PREFIXES:
            match = pattern.match(text)
            if match and match.end() > 0:
                text = text[match.end():].lstrip(" ,-–—|")
                changed = True
    return "" if is_furniture(text) else text


def is_furniture(text: str) -> bool:
    """A title or paragraph that names no event: a URL, an editors' note, a bare byline."""
    return any(pattern.match(text) for pattern in _WHOLE)
