"""Which articles of a pile a timeline or summary reads: a pile is not a story.

A collection gathered by keywords holds off-topic articles (a nuclear accident and a motor
race inside a collection about a war) whose dates and sentences do not belong in its
timeline. So the pile is first built into stories (`storyline.stories.cluster`), and the
timeline or summary reads

- the main story (the one the most independent articles tell), by default;
- the stories a reader names: `story_ids`, or `about` words (every story whose articles
  mostly speak of them: several stories, as a topic gathers them);
- or the whole pile (`whole=True`), as before stories existed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.errors import UsageError
from storyline.model import Article
from storyline.stories import Story, cluster
from storyline.stories.text import lead, words

__all__ = ["ABOUT_LEAD_WORDS", "ABOUT_STORY_SHARE", "Focus", "about_terms", "focus",
           "main_story", "speaks_of"]

#: Words of an article's body read (after its title) to decide what it is about: its lead,
#: where the news is; a passing mention further down ("... as unrest goes on in Syria") does
#: not make a motor race a Syria story.
ABOUT_LEAD_WORDS = 100
#: Share of a story's articles that must speak of the `about` words for the story to be
#: gathered: a majority. Not tuned (T17's collections are each one topic; its held-out
#: collections are not ours to read).
ABOUT_STORY_SHARE = 0.5
#: Words too common to say what a story is about, dropped from `about`.
_FILLER = frozenset("a an the of in on at to and or for with by from about over after "
                    "de la le les des du el los las y en der die das und".split())


@dataclass(frozen=True, kw_only=True)
class Focus:
    """The articles chosen (in the pile's order), the stories they come from, and how
    many stories and articles the pile held."""

    articles: tuple[Article, ...]
    stories: tuple[Story, ...]
    pile_stories: int
    pile_articles: int


def about_terms(about: str) -> tuple[str, ...]:
    """The words of an `about` phrase that say what it is about (lower-case, unaccented)."""
    return tuple(dict.fromkeys(w for w in words(about) if w not in _FILLER))


def speaks_of(article: Article, terms: Sequence[str]) -> bool:
    """Whether the article's title and lead hold at least half the terms (rounded up), a
    term also in its plural: "Haiti earthquake" finds the articles that say "Haiti" and
    "quake", and those that say "earthquakes".
    """
    if not terms:
        return False
    held = set(words(lead(article, ABOUT_LEAD_WORDS)))
    found = sum(any(form in held for form in (term, f"{term}s", f"{term}es")) for term in terms)
    return found >= math.ceil(len(terms) / 2)


def focus(articles: Sequence[Article], *, story_ids: Sequence[str] = (), about: str | None = None,
          whole: bool = False) -> Focus:
    """The part of the pile `articles` a timeline or summary should read (see the module).

    Raises UsageError when the named stories are not in the pile or no story is about
    `about` (the message lists what there is)."""
    if whole:
        return Focus(articles=tuple(articles), stories=(), pile_stories=0,
                     pile_articles=len(articles))
    stories = cluster(articles)
    if story_ids:
        chosen = [s for s in stories if any(s.id.startswith(given) for given in story_ids)]
        missing = [g for g in story_ids if not any(s.id.startswith(g) for s in stories)]
        if missing:
            raise UsageError(f"no story {', '.join(missing)} in these files; their stories: "
                             f"{_listing(stories)}")
    elif about is not None:
        terms = about_terms(about)
        if not terms:
            raise UsageError(f"--about {about!r} holds no word to look for")
        by_id = {a.id: a for a in articles}
        chosen = [s for s in stories
                  if sum(speaks_of(by_id[m], terms) for m in s.article_ids)
                  >= ABOUT_STORY_SHARE * len(s.article_ids)]
        if not chosen:
            raise UsageError(f"no story in these files is about {about!r}; their stories: "
                             f"{_listing(stories)}")
    else:
        chosen = [main_story(stories)] if stories else []
    members = {m for s in chosen for m in s.article_ids}
    return Focus(articles=tuple(a for a in articles if a.id in members), stories=tuple(chosen),
                 pile_stories=len(stories), pile_articles=len(articles))


def main_story(stories: Sequence[Story]) -> Story:
    """The story most of the pile tells: the most independent articles (near-copies count
    once), then the best ranked. Not simply the best ranked: the ranking favours the
    freshest story, and a pile's newest article may be a one-off."""
    order = {s.id: rank for rank, s in enumerate(stories)}
    return max(stories, key=lambda s: (len(s.article_ids) - len(s.near_copies), -order[s.id]))


#: Stories named in an error message, the best ranked first.
_LISTED = 5


def _listing(stories: Sequence[Story]) -> str:
    """The best ranked stories by id and size (no headline: the message is printed with
    markup, and a headline is the publisher's text)."""
    shown = [f"{s.id} ({len(s.article_ids)} articles)" for s in stories[:_LISTED]]
    more = len(stories) - _LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
