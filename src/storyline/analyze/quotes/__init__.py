"""Who said what: direct quotes and reported speech in news articles, with their speakers.

    find_quotes(text, language, entities, article_id=...) -> [Quote]   one article
    story_quotes([[Quote], ...]) -> [Quote]                            merged across outlets

1. quoted stretches are paired from the quotation marks, across paragraphs (`marks`);
2. cues and speaker phrases are read next to them (`direct`), reported speech per sentence
   (`reported`), and the two are reconciled (`attribution`; shared pieces in `found`,
   `phrases` and the word lists in `lexicon`);
3. speaker phrases are resolved to the story's entities: a name, a role noun or a pronoun
   ("it"/"they" for the organisation that spoke in the sentence before);
   unresolved is allowed, a guess is not (`speakers`);
4. the same statement reported by several outlets is merged (`merge`).

A quote said by several people ("He and Fukuda said") has no speaker entity; its
`speaker` names them all when each resolves ("Keiji Fukuda and Margaret Chan"), else None.

A quote's `text` is its content as written, without the surrounding quotation marks; its
evidence span covers it exactly. A quote split around its attribution (`"We will leave,"
Zas said, "within ten days."`), followed by more quoted sentences of its speaker, or
running over paragraphs has several parts: its span runs
from the first part's start to the last part's end, and its text is the parts joined (a
space, or a blank line between paragraphs). `find_attributions` keeps the parts and the
cue's offsets. A mixed quote (`called it "a disgrace"`) spans the whole statement and keeps
its quoted words' spans as `fragments`; a quoted statement whose speaker is not written
next to it is kept, unattributed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from storyline.analyze.quotes.attribution import Found, find_found
from storyline.analyze.quotes.merge import same_statement, story_quotes
from storyline.analyze.quotes.phrases import Span2
from storyline.analyze.quotes.speakers import Resolver, article_context
from storyline.language import ArticleLanguage, Entity, LanguageResult, RoleIndex
from storyline.model import Quote, Span

__all__ = [
    "Attribution",
    "find_attributions",
    "find_quotes",
    "quotes_for_inspect",
    "same_statement",
    "story_quotes",
]


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """A quote with what `Quote` does not keep: its content parts and its cue's offsets."""

    quote: Quote
    parts: tuple[Span2, ...]
    cue_span: Span2 | None


def joined(text: str, parts: Sequence[Span2]) -> str:
    """The content of `parts`: a space between the pieces of one paragraph, a blank line
    between paragraphs."""
    out = text[parts[0][0]:parts[0][1]]
    for (_, end), (start, stop) in pairwise(parts):
        out += ("\n\n" if "\n" in text[end:start] else " ") + text[start:stop]
    return out


def find_attributions(text: str, language: ArticleLanguage, entities: Sequence[Entity], *,
                      article_id: str, roles: RoleIndex | None = None) -> list[Attribution]:
    """The quotes of one article with their parts and cue offsets, sorted by position.
    `roles`: `entities` indexed once for the story's articles (built here when None)."""
    sentences = tuple((s.start, s.end) for s in language.sentences)
    found = find_found(text, sentences)
    roles = roles or RoleIndex.of(entities)
    by_id = roles.by_id
    resolver = Resolver(text=text, mentions=tuple(language.mentions), entities=by_id,
                        sentences=sentences,
                        contents=tuple(part for f in found for part in f.parts),
                        context=article_context(language.mentions, by_id),
                        article_id=article_id, roles=roles)
    out = []
    previous: tuple[Span2 | None, Entity | None] = (None, None)
    for item in found:
        entity = resolver.resolve(item.speaker)
        if entity is None and item.speaker is not None:
            entity = resolver.same_body(item.speaker, *previous)
        names = entity.name if entity else _names(resolver.together(item.speaker))
        out.append(_attribution(text, item, entity, names, article_id))
        previous = (item.speaker, entity)
    return out


def _names(people: Sequence[Entity]) -> str | None:
    """Several speakers of one quote for a reader ("David Weinstock and Gianna
    Zuccotti"), or None."""
    if not people:
        return None
    *first, last = [p.name for p in people]
    return f"{', '.join(first)} and {last}"


def _attribution(text: str, item: Found, entity: Entity | None, speaker: str | None,
                 article_id: str) -> Attribution:
    named = None if item.speaker is None else Span(
        article_id=article_id, start=item.speaker[0], end=item.speaker[1])
    quote = Quote(text=joined(text, item.parts), kind=item.kind, cue=item.cue,
                  speaker=speaker,
                  speaker_entity=entity.id if entity else None,
                  evidence=(Span(article_id=article_id, start=item.start, end=item.end),),
                  speaker_spans=(named,),
                  fragments=tuple(Span(article_id=article_id, start=a, end=b)
                                  for a, b in item.fragments))
    return Attribution(quote=quote, parts=item.parts, cue_span=item.cue_span)


def find_quotes(text: str, language: ArticleLanguage, entities: Sequence[Entity], *,
                article_id: str, roles: RoleIndex | None = None) -> list[Quote]:
    """The quotes of one article, each with one evidence span, sorted by position.

    `language` and `entities` come from `storyline.language.analyze` run on the story's
    articles (so that role nouns and names resolve across outlets); `roles` is
    `RoleIndex.of(entities)` made once for them all."""
    return [a.quote for a in find_attributions(text, language, entities, article_id=article_id,
                                               roles=roles)]


def quotes_for_inspect(text: str, result: LanguageResult | None = None) -> list[dict[str, Any]]:
    """What `storyline inspect --json` shows of one article's quotes. `result` is
    `analyze([("inspect", text)])` when the caller has it already."""
    from storyline.language import analyze

    result = result or analyze([("inspect", text)])
    out = []
    for item in find_attributions(text, result.article("inspect"), result.entities,
                                  article_id="inspect"):
        quote, speaker = item.quote, item.quote.speaker_spans[0]
        out.append({"text": quote.text, "start": quote.evidence[0].start,
                    "end": quote.evidence[0].end, "kind": quote.kind, "cue": quote.cue,
                    "speaker": quote.speaker,
                    "speaker_start": speaker.start if speaker else None,
                    "speaker_end": speaker.end if speaker else None})
    return out
