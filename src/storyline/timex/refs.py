"""Times without a calendar value (TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF): "now",
"currently", "recently", "formerly", "in the past", "the near future"."""

from __future__ import annotations

import re

from storyline.timex.base import Context, Reading, Rule, next_text, rule

# Longer alternatives first: the regex takes the first that matches. Left out, because the
# TempEval-3 training annotators tagged them in under a third of their uses: "previously"
# (3 of 23), "shortly" (0 of 5), a bare "future" (5 of 16) and "soon" (4 of 11).
_PRESENT = r"right\s+now|just\s+now|now|currently|presently|nowadays|these\s+days|current"
_PAST = (r"recent\s+(?:years|months|weeks|days|decades|times)|past\s+(?:years|decades)|"
         r"recently|lately|formerly|recent|the\s+past")
_FUTURE = (r"the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|"
           r"(?:the\s+)?coming\s+(?:days|weeks|months|years|decades|quarters)|"
           r"future\s+(?:years|quarters|months)")
# Accounting terms in which "current" means short-term, not now.
_NOT_NOW = re.compile(r"\s+(?:accounts?|assets|liabilities|ratio)\b", re.IGNORECASE)


def _ref_ok(match: re.Match[str], text: str) -> bool:
    """Not "current account" (an accounting term)."""
    word = match.group(0).lower()
    if word == "current":
        return not _NOT_NOW.match(next_text(text, match.end()))
    return True


def _read_ref(match: re.Match[str], ctx: Context) -> Reading:
    groups = match.groupdict()
    kind = ("PRESENT_REF" if groups.get("present") or groups.get("x")
            else "PAST_REF" if groups.get("past") else "FUTURE_REF")
    return Reading("DATE", kind, None)


RULES: tuple[Rule, ...] = (
    rule("ref",
         rf"(?i:(?P<present>{_PRESENT})|(?P<past>{_PAST})|(?P<future>{_FUTURE}))(?![\w-])",
         _read_ref, _ref_ok),
    # TIMEX3 leaves the preposition out: "at present" -> "present".
    rule("ref_at", r"(?i:at\s+(?P<x>present|the\s+moment|this\s+time))(?![\w-])", _read_ref),
)
