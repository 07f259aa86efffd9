"""Readers' comments glued under an article: the page ends where they begin.

A blog or an article page flattened to text (Timeline17's BBC blogs, scraped archives)
runs its readers' comments on after the article, each under a header that stamps when
and who: "At 15:27 26th Apr 2009, Icecold_00 wrote: I have heard that ...", then the
blog's footer. Left in, a comment is read as the article's own reporting: its dates reach
the story's timeline, its "X wrote" a quote, its claims the summary. A header names a
time and a full date (with its year) before the commenter and "wrote"/"said" and a
colon, at the start of a paragraph: a form prose does not take ("At 10:30 on Monday, the
minister wrote: ..." has no date with a year and stays). From the first header on,
everything is cut (the other comments and the footer after them).
"""

from __future__ import annotations

import re

__all__ = ["cut_reader_comments"]

_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
#: "26th Apr 2009", "26 April 2009", "Apr 26 , 2009", "2009-04-26", "26/04/2009".
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}}"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})")
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
#: A commenter's handle: one to three tokens without a comma ("Jim213", "Dr_Piggy",
#: "John Smith").
_HANDLE = r"[^\s,:]+(?:\s+[^\s,:]+){0,2}"
#: "At 15:27 26th Apr 2009, X wrote:", "On 26 April 2009 at 15:27, X said:",
#: "26/04/2009 15:27 X wrote:".
_HEADER = re.compile(
    rf"^(?:(?:at|on)\s+)?(?:{_TIME}\s*(?:on\s+)?,?\s*{_DATE}|{_DATE}\s*(?:at\s+)?,?\s*{_TIME})"
    rf"\s*,?\s*{_HANDLE}\s+(?:wrote|said)\s*:", re.IGNORECASE)


def cut_reader_comments(paras: list[str]) -> list[str]:
    """The paragraphs before the first reader's comment (all of them when there is none;
    none are cut when the text would start with a comment: that is not an article with
    comments under it)."""
    first = next((i for i, para in enumerate(paras) if _HEADER.match(para)), None)
    return paras if not first else paras[:first]
