"""Datelines at the start of a body, taken apart into place, agency and date.

Shapes seen in wire copy (the agency is optional in the last one):
    MOSCOW, January 12. /TASS/.          ALMATY, January 13 /TASS/ -
    WASHINGTON (Reuters) -               PARIS (AFP) -
    LONDON, Jan 5 (AP) —                 KYIV, Ukraine, March 3, 2022 (AP) —
    NUR-SULTAN, Kazakhstan —
"""

from __future__ import annotations

import re

from storyline.model import Dateline
from storyline.timex.lexicon import month_number

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?"
#: A place in capitals ("NUR-SULTAN", "RIO DE JANEIRO", "ST. PETERSBURG").
_PLACE_CAPS = (r"[A-Z][A-Z.'\-]+(?:[ \-](?:[A-Z][A-Z.'\-]+|de|da|do|del|la|el))*"
               r"(?:\s*\\?/\s*[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*)?")  # "MEXICO CITY/GENEVA"
#: A place as a name ("Almaty", "Nur-Sultan"): only with a strong agency marker after it.
_PLACE_NAME = r"[A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+){0,3}"
#: An optional region or country after the place: ", Kazakhstan", ", D.C.".
_REGION = r"(?:,\s*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
_DASH = r"\s*[-–—]{1,2}\s*"
_AGENCY = r"[A-Za-z][A-Za-z\- ]{1,24}"

_PATTERNS = [
    # MOSCOW, January 12. /TASS/.
    re.compile(rf"^(?P<place>{_PLACE_NAME}){_REGION},\s*{_DATE}\s*[.,]?\s*/(?P<agency>{_AGENCY})/\s*[.,:]?(?:{_DASH})?\s*"),
    # LONDON, Jan 5 (AP) —
    re.compile(rf"^(?P<place>{_PLACE_CAPS}){_REGION},\s*{_DATE}\s*\((?P<agency>{_AGENCY})\){_DASH}"),
    # WASHINGTON (Reuters) -
    re.compile(rf"^(?P<place>{_PLACE_CAPS}){_REGION}\s*\((?P<agency>{_AGENCY})\){_DASH}"),
    # Almaty, January 16 —  (a place written as a name needs the date)
    re.compile(rf"^(?P<place>{_PLACE_NAME}){_REGION},\s*{_DATE}\s*[-–—]{{1,2}}\s+"),
    # KYIV, March 3 —   /   NUR-SULTAN, Kazakhstan —
    re.compile(rf"^(?P<place>{_PLACE_CAPS}){_REGION}(?:,\s*{_DATE})?\s*[-–—]{{1,2}}\s+"),
]
#: Canonical spellings of agencies often seen in datelines.
_AGENCIES = {
    "tass": "TASS", "reuters": "Reuters", "ap": "AP", "afp": "AFP", "xinhua": "Xinhua",
    "interfax": "Interfax", "upi": "UPI", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "pti": "PTI", "ians": "IANS", "bloomberg": "Bloomberg",
    "ria novosti": "RIA Novosti", "kazinform": "Kazinform", "belta": "BelTA", "anadolu": "Anadolu",
}
#: All-caps words that open a sentence but are no place ("BREAKING —", "UPDATE —").
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH",
               "LIVE", "EDITORIAL", "CORRECTION", "NOTE", "AP", "AFP"}


#: "US —" or "EU —" open sentences more often than datelines; a bare place needs 3+ letters.
_MIN_BARE_PLACE = 3


def parse_dateline(text: str) -> tuple[Dateline | None, str]:
    """(dateline, body without it). Only the first 160 characters are examined."""
    head = text[:160]
    for pattern in _PATTERNS:
        match = pattern.match(head)
        if not match:
            continue
        place = match.group("place").strip(" .,").replace("\\/", "/")
        bare = pattern is _PATTERNS[-1]  # no agency: only a longer capitalised place counts
        if place.upper() in _NOT_PLACES or (bare and len(place) < _MIN_BARE_PLACE):
            return None, text
        groups = match.groupdict()
        agency = groups.get("agency")
        month = groups.get("month")
        return (
            Dateline(
                text=match.group(0).strip(),
                place=place,
                agency=_AGENCIES.get(agency.strip().lower(), agency.strip()) if agency else None,
                month=month_number(month) if month else None,
                day=int(groups["day"]) if groups.get("day") else None,
                year=int(groups["year"]) if groups.get("year") else None,
            ),
            text[match.end() :].lstrip(),
        )
    return None, text


#: A standfirst (the one-sentence summary some outlets put between the title and the
#: dateline: "Title / standfirst / MOSCOW, January 12. /TASS/. text") is at most this long.
MAX_STANDFIRST_CHARS = 320
_ONE_SENTENCE = re.compile(r"^[^\n]*?[.!?…][\"'”’»)]*$")


def _standfirst(paragraph: str) -> bool:
    """A short paragraph that ends a sentence and holds no other sentence end before."""
    line = paragraph.strip()
    if not line or len(line) > MAX_STANDFIRST_CHARS or not _ONE_SENTENCE.match(line):
        return False
    inner = line.rstrip("\"'”’»).!?…")
    return not re.search(r"[.!?]\s+[A-Z]", inner)


def find_dateline(paragraphs: list[str]) -> tuple[int, Dateline | None, str]:
    """(index of the paragraph holding the dateline, the dateline, that paragraph without
    it). The dateline heads the first paragraph or, after a standfirst, the second; (0,
    None, first paragraph) when there is none."""
    if not paragraphs:
        return 0, None, ""
    dateline, rest = parse_dateline(paragraphs[0])
    if dateline is None and len(paragraphs) > 1 and _standfirst(paragraphs[0]):
        after, after_rest = parse_dateline(paragraphs[1])
        if after is not None and (after.agency or after.month):
            return 1, after, after_rest
    return 0, dateline, rest
