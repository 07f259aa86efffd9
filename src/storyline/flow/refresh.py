"""Stories kept up to date: new articles placed into the persisted story index, near-copies
found for the new articles only, a full rebuild when the past must move (see
`refresh_stories`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.stories import Story

__all__ = ["StoryRefresh", "refresh_stories"]


@dataclass(frozen=True, kw_only=True)
class StoryRefresh:
    """What `refresh_stories` did: the ranked stories, whether it rebuilt them from scratch
    (and why), and how many articles it placed."""

    stories: list[Story]
    rebuilt: bool
    reason: str
    placed: int


def refresh_stories(store: Store, *, rebuild: bool = False) -> StoryRefresh:
    """Place every stored article no story holds yet (`Store.unplaced`: the new ones, and
    any that an interrupted run stored but did not place), and store the stories (ranked).

    The index persisted by the last refresh is loaded and the new articles are assigned to
    it in publication order, so a later ingest never re-shuffles the past: existing stories
    keep their ids and members. That equals a rebuild whenever the new articles come after
    everything placed (the usual flow of news). A full rebuild in publication order runs
    instead when asked (`storyline recluster`), when there is no index yet, when the
    settings changed, when an article older than the newest placed one arrives (a
    backfill: it may found a story, so that the same inputs in any batch order give the
    same stories), or when near-copy links among placed articles changed.

    Near-copies are found for the new articles only, through LSH band hashes kept in the
    store (`_near_copies`). Stories are described again (score, headline) from every
    article's fields but only the texts they need: those of the new articles, of the
    articles their band hashes meet, and of the stories whose headline key changed (see
    `kept_headlines`). The score's freshness is relative to the newest article in the store.
    """
    from storyline.stories import (  # scikit-learn: loaded only when stories are built
        ClusterSettings,
        StoryIndex,
        assignment_order,
        build_stories,
        order_key,
    )
    from storyline.stories.build import Clustering, kept_headlines
    from storyline.stories.dedup import BANDS_VERSION

    heads = list(store.articles(text=False))  # no text: most of the archive needs none
    saved = None if rebuild else store.story_index()
    index: StoryIndex | None = None
    reason = "asked" if rebuild else "no stories yet"
    if saved is None and not rebuild and store.stories(limit=1):
        reason = "a stored article was upgraded with more text (its story index was reset)"
    if saved is not None:
        try:
            index = StoryIndex.from_dict(saved)
        except StorylineError:
            reason = "the stored index has another format"
        else:
            if index.settings != ClusterSettings():
                index, reason = None, "settings changed"
            elif any(article_id in index for article_id in store.unplaced()):
                # an index that claims articles no stored story holds is out of step
                index, reason = None, "the stored index holds articles no story holds"
    full: list[Article] | None = list(store.articles()) if index is None else None
    # a rebuild checks every pair again; otherwise the stored links hold and only new
    # articles are compared
    copies, bands = _near_copies(store, heads, full)
    if index is not None:
        placed = [a for a in heads if a.id in index]
        new = [replace(a, duplicate_of=copies.get(a.id)) for a in heads if a.id not in index]
        before = {a.id: a.duplicate_of for a in placed}
        if any(before[a.id] != copies.get(a.id) for a in placed):
            index, reason = None, "near-copy links changed"
        else:
            founders = [order_key(a) for a in new if a.duplicate_of not in index]
            if founders and placed and min(founders) < max(map(order_key, placed)):
                index, reason = None, "an article older than the newest placed one arrived"
    previous: dict[str, Story] = {}
    if index is None:
        index = StoryIndex()
        todo = _linked(full if full is not None else store.articles(), copies)
        rebuilt = True
    else:
        todo = assignment_order(_linked(store.articles_by_id([a.id for a in new]), copies))
        rebuilt, reason = False, "new articles placed"
        previous = {story.id: story for story in store.stories()}
    index.assign_many(todo)
    # only stories whose headline key changed choose their headline again: read their texts
    texts = {a.id: a for a in todo}
    by_id = {a.id: a for a in _linked(heads, copies)}
    kept = kept_headlines(index, by_id, previous)
    stale = [member for sid, members in index.members().items() if sid not in kept
             for member in members if member not in texts]
    texts.update((a.id, a) for a in _linked(store.articles_by_id(stale), copies))
    linked = [texts.get(a.id) or by_id[a.id] for a in heads]
    clustering = Clustering(index=index, near_copies=copies,
                            stories=build_stories(index, linked, kept=kept))
    store.write_stories(clustering)
    if bands is not None:  # after the links are stored: a crash before this reads them again
        store.index_minhash(bands.hashes, BANDS_VERSION, replace_all=bands.replace_all)
    return StoryRefresh(stories=clustering.stories, rebuilt=rebuilt, reason=reason, placed=len(todo))


def _linked(articles: Iterable[Article], copies: Mapping[str, str]) -> list[Article]:
    """The articles with their near-copy links of this refresh (most already have them)."""
    return [a if a.duplicate_of == copies.get(a.id) else replace(a, duplicate_of=copies.get(a.id))
            for a in articles]


@dataclass(frozen=True)
class _Bands:
    """Band hashes to store once the links they gave are stored."""

    hashes: dict[str, list[int]]
    replace_all: bool


def _near_copies(store: Store, heads: Sequence[Article],
                 everything: Sequence[Article] | None = None) -> tuple[dict[str, str], _Bands | None]:
    """Near-copy links (copy -> canonical) of every stored article (`heads`: without their
    texts). Articles already indexed keep the links stored for them; each new one is
    checked against the articles its LSH band hashes meet in the store's index (and the
    other new ones), so a refresh reads the texts of the new articles and of those they
    meet, not the archive. A full pass runs when asked (`everything`: every article with
    its text), when the index is empty or of another version, or when it is out of step
    with the articles."""
    from storyline.stories.dedup import (
        BANDS_VERSION,
        band_hashes,
        candidates_among,
        find_near_copies,
        link_new_copies,
    )

    indexed = store.minhash_indexed(BANDS_VERSION)
    if everything is not None or not indexed or not indexed <= {a.id for a in heads}:
        stored = everything if everything is not None else list(store.articles())
        every = {a.id: band_hashes(a.text) for a in stored}
        return find_near_copies(stored, every), _Bands(every, True)
    old = {a.id: a for a in heads if a.id in indexed}  # ordered and united, never read
    links = {a.id: a.duplicate_of for a in old.values() if a.duplicate_of is not None}
    new = store.articles_by_id([a.id for a in heads if a.id not in indexed])
    if not new:
        return links, None
    hashes = {a.id: band_hashes(a.text) for a in new}
    among_new = candidates_among(hashes)
    met = {a.id: store.minhash_candidates(hashes[a.id]) | among_new.get(a.id, set()) for a in new}
    texts = {a.id: a for a in new}
    texts.update((a.id, a) for a in store.articles_by_id(
        sorted({i for ids in met.values() for i in ids} - texts.keys())))
    candidates = {key: [texts[i] for i in sorted(ids) if i in texts] for key, ids in met.items()}
    return link_new_copies(new, candidates, links, old), _Bands(hashes, False)
