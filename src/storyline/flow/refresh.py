"""Stories kept up to date: new articles placed into the persisted story index, near-copies
found for the new articles only, the recent window re-clustered, editors' decisions
applied, ids carried over and what moved recorded (see `refresh_stories`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.store.history import NewEdit
    from storyline.stories import Story
    from storyline.stories.edits import Constraint
    from storyline.stories.identity import StoryEvent
    from storyline.stories.window import PassOutcome

__all__ = ["StoryRefresh", "refresh_stories"]


@dataclass(frozen=True, kw_only=True)
class StoryRefresh:
    """What `refresh_stories` did: the ranked stories, whether it rebuilt them from scratch
    (and why), how many articles it placed, what the re-clustering pass did (None when it
    did not run, with `deferred` saying why when it was due) and the recorded events."""

    stories: list[Story]
    rebuilt: bool
    reason: str
    placed: int
    window: PassOutcome | None = None
    events: tuple[StoryEvent, ...] = ()
    #: Why a re-clustering pass that was due did not run ('' when none was left undone).
    deferred: str = ""


def refresh_stories(store: Store, *, rebuild: bool = False, window_days: int | None = None,
                    pass_limit: int | None = None, asked: bool = False,
                    why: str = "", revive: Mapping[str, Collection[str]] | None = None,
                    reverse: Constraint | None = None, edit: NewEdit | None = None,
                    undo: int | None = None) -> StoryRefresh:
    """Place every stored article no story holds yet (`Store.unplaced`: the new ones, and
    any that an interrupted run stored but did not place), re-cluster the recent window,
    apply editors' decisions, carry the story ids over, and store the stories (ranked)
    with what happened to them (`stories.identity`).

    The index persisted by the last refresh is loaded and the new articles are assigned to
    it in publication order, so a later ingest never re-shuffles the past. A late article
    (older than the newest placed one) is placed the same way; the windowed pass
    (`stories.window`) then re-clusters the stories active in the last `window_days` days
    (default `WINDOW_DAYS`) where a new article gives cause, when they hold at most
    `pass_limit` articles (else `storyline recluster` runs it). Without a late article the
    pass would replay what placement did, so it does not run. With `asked` the pass may
    change any story in the window. A full rebuild in publication order runs when asked
    (`rebuild`), when there is no index yet, when the settings changed, or when a new
    article joined two sets of near-copies already placed; ids survive it too, by member
    overlap. A late article that is an earlier copy of placed ones joins their story.

    Near-copies are found for the new articles only, through LSH band hashes kept in the
    store (`_near_copies`). Stories are described again (score, headline) from every
    article's fields but only the texts they need: those of the new articles, of the
    articles their band hashes meet, of a pass's window, and of the stories whose headline
    key changed (see `kept_headlines`). The score's freshness is relative to the newest
    article in the store. `why` names the cause in the recorded events (an editor's
    decision); `revive` offers retired ids back (`identity.carry_ids`); `reverse` is
    applied to the index once, before the decisions in force (an undone edit's inverse).
    `edit` is an editor's new decision and `undo` the number of one undone: applied here
    and recorded with the stories, in one transaction.
    """
    from storyline.stories import (  # scikit-learn: loaded only when stories are built
        ClusterSettings,
        StoryIndex,
        assignment_order,
        build_stories,
        order_key,
    )
    from storyline.stories.build import Clustering, kept_headlines
    from storyline.stories.config import PASS_LIMIT, WINDOW_DAYS
    from storyline.stories.dedup import BANDS_VERSION
    from storyline.stories.edits import Constraint, apply_constraints, in_force
    from storyline.stories.identity import carry_ids
    from storyline.stories.window import recluster_window, window_members

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
        changed = sorted((a for a in placed if before[a.id] != copies.get(a.id)), key=order_key)
        new_ids = {a.id for a in new}
        # the usual cause: a late article is an earlier copy of texts already placed, and
        # heads them now; it joins their story, uncompared, as a copy would (`heading`)
        heading: dict[str, str] = {}
        for article in changed:
            heading.setdefault(copies.get(article.id) or "", article.id)
        if changed and not heading.keys() <= new_ids:
            index, reason = None, "a new article joined two sets of near-copies already placed"
    previous = {story.id: story for story in store.stories()}
    window, deferred = None, ""
    if index is None:
        index = StoryIndex()
        todo = _linked(full if full is not None else store.articles(), copies)
        rebuilt = True
        index.assign_many(todo)
        texts = {a.id: a for a in todo}
    else:
        todo = assignment_order(
            replace(a, duplicate_of=heading[a.id]) if a.id in heading else a
            for a in _linked(store.articles_by_id([a.id for a in new]), copies))
        rebuilt, reason = False, "new articles placed" if todo else "nothing new"
        # the pass replays the window in publication order: it can only differ from the
        # online placement where an article came after a later-dated one was placed
        newest = max(map(order_key, placed), default=None)
        late = newest is not None and any(order_key(a) < newest for a in todo)
        index.assign_many(todo)
        texts = {a.id: replace(a, duplicate_of=copies.get(a.id)) if a.id in heading else a
                 for a in todo}
        if late or asked:
            days = WINDOW_DAYS if window_days is None else window_days
            limit = PASS_LIMIT if pass_limit is None else pass_limit
            undated_new = {a.id for a in todo if a.published is None}
            members = window_members(heads, days, undated_new)
            if len(members) <= limit or asked:
                texts.update((a.id, a) for a in _linked(
                    store.articles_by_id(sorted(members - texts.keys())), copies))
                window = recluster_window(
                    index, assignment_order(texts[m] for m in members),
                    None if asked else {a.id for a in todo})
            else:
                deferred = (f"the re-clustering pass was not run ({len(members):,} articles in "
                            f"the last {days} days, over {limit:,}): run storyline recluster")
    by_id = {a.id: a for a in _linked(heads, copies)}
    decisions = [(e.kind, e.parts) for e in store.story_edits()
                 if e.kind in ("merge", "split") and e.seq != undo]
    if edit is not None and edit.kind in ("merge", "split"):
        decisions.append((edit.kind, edit.parts))
    constraints = in_force([Constraint(kind="merge" if kind == "merge" else "split",
                                       parts=parts) for kind, parts in decisions])
    # editors' decisions are made in the index itself, so that later articles are placed
    # against the stories the editor made (and again after a pass or rebuild undid them)
    for constraint in ([reverse] if reverse is not None else []) + constraints:
        if constraint.kind == "merge":
            index.fold(constraint.parts)
            continue
        members = index.mixed(constraint.parts)
        if members:
            texts.update((a.id, a) for a in _linked(
                store.articles_by_id(sorted(set(members) - texts.keys())), copies))
            index.part(constraint.parts, texts)
    groups = [assignment_order(by_id[i] for i in group) for group in apply_constraints(
        [list(m) for m in index.members().values()], constraints)]
    groups = sorted(([a.id for a in group] for group in groups),
                    key=lambda group: order_key(by_id[group[0]]))
    cause = why or (f"rebuild: {reason}" if rebuilt else
                    "re-clustering pass" if window is not None and window.changed else
                    "new articles placed")
    carried = carry_ids({sid: s.article_ids for sid, s in previous.items()}, groups,
                        taken=store.retired_story_ids(), reason=cause, revive=revive)
    merged_from = {sid: list(story.merged_from) for sid, story in previous.items()}
    for event in carried.events:
        for retired, successor in event.redirects:
            merged_from.setdefault(successor, []).append(retired)
    merged_from = {sid: [m for m in dict.fromkeys(ids) if m not in carried.stories]
                   for sid, ids in merged_from.items()}  # a revived id is no longer merged
    # only stories whose headline key changed choose their headline again: read their texts
    kept = kept_headlines(carried.stories, by_id, previous)
    stale = [member for sid, members in carried.stories.items() if sid not in kept
             for member in members if member not in texts]
    texts.update((a.id, a) for a in _linked(store.articles_by_id(stale), copies))
    linked = [texts.get(a.id) or by_id[a.id] for a in heads]
    clustering = Clustering(index=index, near_copies=copies, events=carried.events,
                            edit=edit, undone=undo,
                            stories=build_stories(carried.stories, linked, kept=kept,
                                                  merged_from=merged_from))
    store.write_stories(clustering)
    if bands is not None:  # after the links are stored: a crash before this reads them again
        store.index_minhash(bands.hashes, BANDS_VERSION, replace_all=bands.replace_all)
    return StoryRefresh(stories=clustering.stories, rebuilt=rebuilt, reason=reason,
                        placed=len(todo), window=window, events=tuple(carried.events),
                        deferred=deferred)


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
