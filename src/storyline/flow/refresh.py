"""Stories kept up to date: new articles placed into the persisted story index, near-copies
found for the new articles only, the recent window re-clustered, editors' decisions
applied, ids carried over and what moved recorded (see `refresh_stories`)."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from storyline.errors import StaleWrite, StorylineError
from storyline.model import Article
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.store.history import NewEdit
    from storyline.store.index_rows import IndexMeta
    from storyline.stories import Story, StoryIndex
    from storyline.stories.build import Clustering
    from storyline.stories.edits import Constraint
    from storyline.stories.identity import StoryEvent
    from storyline.stories.window import PassOutcome

__all__ = ["StoryRefresh", "refresh_stories"]


@dataclass(frozen=True, kw_only=True)
class StoryRefresh:
    """What `refresh_stories` did: the stories it wrote, ranked among themselves (every
    story after a rebuild; otherwise those that changed: `Store.stories` lists them all),
    whether it rebuilt them from scratch (and why), how many articles it placed, what the
    re-clustering pass did (None when it did not run, with `deferred` saying why when it
    was due) and the recorded events."""

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
    """Place every stored article no refresh has placed yet (`Store.unplaced`: the new
    ones, and any that an interrupted run stored but did not place), re-cluster the recent
    window, apply editors' decisions, carry the story ids over, and store the stories that
    changed with what happened to them (`stories.identity`).

    The cost follows the new articles and the stories they touch, not the archive: the
    index persisted by the last refresh is read on demand (`StoryIndex.from_rows`: the
    stories, placements and postings the new articles meet), they are assigned to it in
    publication order, so a later ingest never re-shuffles the past, and only the index
    stories that changed (`StoryIndex.touched`), the stored stories holding their
    articles and the stories of articles changed in place are read, described and
    written; every other story keeps its row. Ranks are read in score order, not stored;
    when the newest date moves, the stories within the freshness horizon are scored again
    in one statement (see `Store.write_stories`). A late article
    (dated before the newest placed date, see `_late`) is placed the same way; the
    windowed pass (`stories.window`) then re-clusters the stories active in the last
    `window_days` days (default `WINDOW_DAYS`) where a new article gives cause, when they
    hold at most `pass_limit` articles (else `storyline recluster` runs it). Without a late
    article the pass would replay what placement did, so it does not run. With `asked` the pass may
    change any story in the window. A full rebuild in publication order runs when asked
    (`rebuild`), when there is no index yet, when the settings changed, or when a new
    article joined two sets of near-copies already placed; ids survive it too, by member
    overlap. A late article that is an earlier copy of placed ones joins their story. An
    article upgraded in place since the last refresh (a teaser's full text, a record
    cleaned anew: `Store.upgrades` keeps the text the index counted) is taken out of its
    story and placed again as a new one (`_withdraw_upgraded`), with the near-copies that
    followed it.

    Near-copies are found for the new articles only, through LSH band hashes kept in the
    store (`_new_links`), and stored with the stories in one transaction. The texts read
    are those of the new articles, of the articles their band hashes meet, of a pass's
    window, and of the stories whose headline key changed (see `kept_headlines`). The
    score's freshness is relative to the newest article in the store. `why` names the
    cause in the recorded events (an editor's decision); `revive` offers retired ids back
    (`identity.carry_ids`); `reverse` is applied to the index once, before the decisions
    in force (an undone edit's inverse).
    `edit` is an editor's new decision and `undo` the number of one undone: applied here
    and recorded with the stories, in one transaction.

    Another writer may refresh the same store meanwhile (the desk's poller, an ingest in
    another process): the write checks that the stories are still those it read (the
    index's generation) and, when they are not, the refresh starts again from what is
    stored now (`StaleWrite`, at most `ATTEMPTS` times).
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _refresh(store, rebuild=rebuild, window_days=window_days,
                            pass_limit=pass_limit, asked=asked, why=why, revive=revive,
                            reverse=reverse, edit=edit, undo=undo)
        except StaleWrite:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


#: Refreshes of one store at once are rare (one writer is the rule): a refresh that finds
#: its stories changed under it tries again this many times in all.
ATTEMPTS = 3


class _OutOfStep(Exception):
    """The stored stories hold articles the stored index does not place."""


def _refresh(store: Store, *, rebuild: bool, window_days: int | None, pass_limit: int | None,
             asked: bool, why: str, revive: Mapping[str, Collection[str]] | None,
             reverse: Constraint | None, edit: NewEdit | None, undo: int | None
             ) -> StoryRefresh:
    """One attempt of `refresh_stories`."""
    from storyline.stories import assignment_order, order_key
    from storyline.stories.config import PASS_LIMIT, WINDOW_DAYS
    from storyline.stories.dedup import BANDS_VERSION
    from storyline.stories.window import recluster_window

    mark = store.last_rowid()
    generation = store.index_generation()
    changed = tuple(store.changed_articles())
    upgrades = store.upgrades()
    index, meta, reason = _stored_index(store, rebuild)
    pending = store.unplaced(upto=mark)
    if index is not None:
        index.prefetch([*pending, *upgrades])
    if index is not None and any(article_id in index for article_id in pending):
        # an index that claims articles the store says no refresh placed is out of step
        index, reason = None, "the stored index holds articles no story holds"
    links: _Links | None = None
    texts: dict[str, Article] = {}
    redo: list[str] = []
    if index is not None and meta is not None:
        if meta.data.get("bands_version") != BANDS_VERSION:
            reason = "the near-copy index has another version"
            index = None
        else:
            redone = _withdraw_upgraded(store, index, upgrades, texts)
            redo = [a.id for a in redone]
            new = store.articles_by_id(pending) + redone
            links = _new_links(store, new, redo)
            texts = {a.id: a for a in links.linked(texts.values())}
            heading: dict[str, str] = {}
            for article in sorted(links.changed_old(), key=order_key):
                if article.id not in redo:  # placed again now, as a new article is
                    heading.setdefault(links.of(article) or "", article.id)
            if heading and not heading.keys() <= {a.id for a in new}:
                index, reason = None, "a new article joined two sets of near-copies already placed"
    if index is None or links is None or meta is None:
        return _rebuild(store, mark, reason, why=why, revive=revive, reverse=reverse,
                        edit=edit, undo=undo, generation=generation, changed=changed,
                        upgraded=tuple(upgrades))

    # the usual cause of `heading`: a late article is an earlier copy of texts already
    # placed, and heads them now; it joins their story, uncompared, as a copy would
    todo = assignment_order(
        replace(a, duplicate_of=heading[a.id]) if a.id in heading else a
        for a in links.linked(new))
    reason = ("new articles placed" if len(todo) > len(redo) else
              "upgraded articles placed again" if todo else "nothing new")
    # the pass replays the window in publication order: it can only differ from the online
    # placement where an article came after a later-dated one was placed
    late = _late(todo, store.newest_scored())
    index.assign_many(todo)
    texts.update((a.id, replace(a, duplicate_of=links.of(a)) if a.id in heading else a)
                 for a in todo)
    window, deferred = None, ""
    newest = store.newest_published(mark)
    if late or asked:
        days = WINDOW_DAYS if window_days is None else window_days
        limit = PASS_LIMIT if pass_limit is None else pass_limit
        start = newest - dt.timedelta(days=days) if newest is not None else None
        caused = {a.id for a in todo}
        # the pass changes only groups that hold a new article: when every late one is
        # older than the window (a backfill, an old article re-cleaned) it would change
        # none, and the window is not even read
        due = asked or any(a.published is None or (start is not None and a.published >= start)
                           for a in todo)
        members = {a.id for a in (store.heads_since(start, mark)
                                  if due and start is not None else [])}
        members |= {a.id for a in todo if a.published is None}
        if due and (len(members) <= limit or asked):
            texts.update((a.id, a) for a in links.linked(
                store.articles_by_id(sorted(members - texts.keys()))))
            window = recluster_window(index, assignment_order(texts[m] for m in members),
                                      None if asked else caused)
        elif due:
            deferred = (f"the re-clustering pass was not run ({len(members):,} articles in "
                        f"the last {days} days, over {limit:,}): run storyline recluster")
    # a pass left undone stays owed (stored) until an asked one runs over the window,
    # whichever process ran the refresh that skipped it (`Store.pass_owed`: the desk's
    # poller runs it); a pass caused by this refresh's articles does not pay that debt
    owed = "" if window is not None and asked else (
        deferred or str(meta.data.get("pass_owed", "")))
    constraints = _decisions(store, edit, undo)
    _apply_decisions(store, index, constraints, reverse, texts, links)
    cause = why or ("re-clustering pass" if window is not None and window.changed
                    else "new articles placed")
    # besides the groups that changed, the stories of articles changed in place (a
    # corrected title changes a headline) are described again
    edited = {index.story_of(a) for a in changed} - {None}
    touched = index.members_of([*index.touched(), *sorted(edited)])  # type: ignore[list-item]
    try:
        previous = _previous(store, index, touched)
    except _OutOfStep:
        if store.index_generation() != generation:
            raise StaleWrite("the stories changed while they were refreshed") from None
        return _rebuild(store, mark, "the stored stories hold articles the index does not",
                        why=why, revive=revive, reverse=reverse, edit=edit, undo=undo,
                        generation=generation, changed=changed, upgraded=tuple(upgrades))
    clustering = _describe(
        store, index, touched, previous, constraints, texts, links, cause=cause,
        revive=revive, edit=edit, undo=undo, newest=newest, mark=mark, whole=False,
        bands=links.bands, owed=owed, generation=generation, changed=changed,
        upgraded=tuple(upgrades))
    store.write_stories(clustering)
    return StoryRefresh(stories=clustering.stories, rebuilt=False, reason=reason,
                        placed=len(todo), window=window, events=tuple(clustering.events),
                        deferred=deferred)


def _stored_index(store: Store, rebuild: bool
                  ) -> tuple[StoryIndex | None, IndexMeta | None, str]:
    """The stored index (read on demand) and its meta, or None with the reason it cannot
    serve."""
    from storyline.stories import ClusterSettings, StoryIndex

    if rebuild:
        return None, None, "asked"
    meta = store.index_meta()
    if meta is None or meta.reset:
        if meta is not None or store.stories(limit=1):
            return None, None, ("a stored article was upgraded with more text, or the store "
                                "itself was (its story index was reset)")
        return None, None, "no stories yet"
    try:
        index = StoryIndex.from_rows(meta.data, meta.counts, store, meta.count_changes)
    except StorylineError:
        return None, None, "the stored index has another format"
    today = ClusterSettings()
    if index.settings != today:
        changed = [f.name for f in fields(today)
                   if getattr(index.settings, f.name) != getattr(today, f.name)]
        return None, None, f"settings changed ({', '.join(changed)})"
    return index, meta, ""


def _rebuild(store: Store, mark: int, reason: str, *, why: str,
             revive: Mapping[str, Collection[str]] | None, reverse: Constraint | None,
             edit: NewEdit | None, undo: int | None, generation: int | None,
             changed: tuple[str, ...], upgraded: tuple[str, ...]) -> StoryRefresh:
    """Every story again from every article, in publication order (near-copies checked
    again); ids carried over by member overlap."""
    from storyline.stories import StoryIndex
    from storyline.stories.dedup import BANDS_VERSION, band_hashes, find_near_copies

    everything = list(store.articles(upto=mark))
    # packed: 25 hashes an article as Python ints took a kilobyte (1 GB at a million)
    hashes: dict[str, Sequence[int]] = {a.id: array("q", band_hashes(a.text))
                                        for a in everything}
    copies = find_near_copies(everything, hashes)
    links = _Links(copies, _Bands(hashes, True, BANDS_VERSION), whole=True)
    index = StoryIndex()
    todo = links.linked(everything)
    index.assign_many(todo)
    texts = {a.id: a for a in todo}
    index.split_check(list(index.members()), texts)  # stories re-made: two events apart
    constraints = _decisions(store, edit, undo)
    _apply_decisions(store, index, constraints, reverse, texts, links)
    members = index.members()
    previous = {story.id: story for story in store.stories()}
    newest = max((a.published for a in everything if a.published is not None), default=None)
    clustering = _describe(
        store, index, members, previous, constraints, texts, links,
        cause=why or f"rebuild: {reason}", revive=revive, edit=edit, undo=undo,
        newest=newest, mark=mark, whole=True, bands=links.bands,
        generation=generation, changed=changed, upgraded=upgraded)
    store.write_stories(clustering)
    return StoryRefresh(stories=clustering.stories, rebuilt=True, reason=reason,
                        placed=len(todo), events=tuple(clustering.events))


def _withdraw_upgraded(store: Store, index: StoryIndex,
                       upgrades: Mapping[str, tuple[str | None, str]],
                       texts: dict[str, Article]) -> list[Article]:
    """Take the placed upgraded articles (`Store.upgrades`: their old title and text) and
    the near-copies that follow them out of their stories and the word counts
    (`StoryIndex.withdraw`), to be placed again with their new text as new articles are:
    the one story that held them is read, not the archive. Returns them as stored now
    (the new texts, in id order); `texts` gets the other members (their stories are
    described again)."""
    placed = [a for a in upgrades if a in index]
    if not placed:
        return []
    redo = sorted({*placed, *(a for a in store.copies_of(placed) if a in index)})
    held = index.members_of(index.stories_holding(redo))
    members = {a.id: a for a in store.articles_by_id(
        sorted({m for group in held.values() for m in group}))}
    counted = {**members, **{a: replace(members[a], title=upgrades[a][0], text=upgrades[a][1])
                             for a in placed}}
    index.withdraw(redo, counted)
    texts.update((i, a) for i, a in members.items() if i not in redo)
    return [members[i] for i in redo]


def _decisions(store: Store, edit: NewEdit | None, undo: int | None) -> list[Constraint]:
    """Editors' decisions in force (a new one included, an undone one left out)."""
    from storyline.stories.edits import Constraint, in_force

    decisions = [(e.kind, e.parts) for e in store.story_edits()
                 if e.kind in ("merge", "split") and e.seq != undo]
    if edit is not None and edit.kind in ("merge", "split"):
        decisions.append((edit.kind, edit.parts))
    return in_force([Constraint(kind="merge" if kind == "merge" else "split", parts=parts)
                     for kind, parts in decisions])


def _apply_decisions(store: Store, index: StoryIndex, constraints: Sequence[Constraint],
                     reverse: Constraint | None, texts: dict[str, Article],
                     links: _Links) -> None:
    """Editors' decisions are made in the index itself, so that later articles are placed
    against the stories the editor made (and again after a pass or rebuild undid them);
    `reverse` (an undone edit's inverse) first. A decision that already holds changes
    nothing."""
    for constraint in ([reverse] if reverse is not None else []) + list(constraints):
        if constraint.kind == "merge":
            index.fold(constraint.parts)
            continue
        members = index.mixed(constraint.parts)
        if members:
            texts.update((a.id, a) for a in links.linked(
                store.articles_by_id(sorted(set(members) - texts.keys()))))
            index.part(constraint.parts, texts)


def _previous(store: Store, index: StoryIndex,
              touched: dict[str, tuple[str, ...]]) -> dict[str, Story]:
    """The stored stories holding the touched groups' articles; the touched groups grow
    until no such story also holds an untouched group's article (then every other stored
    story is exactly an untouched group, and keeps its id, row and headline)."""
    previous: dict[str, Story] = {}
    while True:
        inside = {a for members in touched.values() for a in members}
        found = store.stories_holding(sorted(inside - {a for s in previous.values()
                                                       for a in s.article_ids}))
        previous.update((s.id, s) for s in found)
        outside = {a for s in previous.values() for a in s.article_ids} - inside
        if not outside:
            return previous
        more = {index.story_of(a) for a in outside} - {None} - touched.keys()
        if not more:  # a stored story holds articles the index does not place
            raise _OutOfStep
        touched.update(index.members_of(sorted(more)))  # type: ignore[arg-type]


def _describe(store: Store, index: StoryIndex, groups_by_story: Mapping[str, Sequence[str]],
              previous: Mapping[str, Story], constraints: Sequence[Constraint],
              texts: dict[str, Article], links: _Links, *, cause: str,
              revive: Mapping[str, Collection[str]] | None, edit: NewEdit | None,
              undo: int | None, newest: dt.date | None, mark: int, whole: bool,
              bands: _Bands | None, owed: str = "", generation: int | None,
              changed: tuple[str, ...], upgraded: tuple[str, ...] = ()) -> Clustering:
    """Carry ids over to the groups (`groups_by_story`: every index story, or the touched
    ones), describe them (headlines kept where their key did not change) and say what
    to store."""
    from storyline.stories import assignment_order, build_stories, order_key
    from storyline.stories.build import Clustering, kept_headlines
    from storyline.stories.dedup import BANDS_VERSION
    from storyline.stories.edits import apply_constraints
    from storyline.stories.identity import carry_ids

    member_ids = sorted({a for members in groups_by_story.values() for a in members})
    by_id = {a.id: a for a in links.linked(
        [texts[i] for i in member_ids if i in texts] + store.articles_by_id(
            [i for i in member_ids if i not in texts], text=False))}
    groups = [assignment_order(by_id[i] for i in group) for group in apply_constraints(
        [list(m) for m in groups_by_story.values()], constraints)]
    groups = sorted(([a.id for a in group] for group in groups if group),
                    key=lambda group: order_key(by_id[group[0]]))
    carried = carry_ids({sid: s.article_ids for sid, s in previous.items()}, groups,
                        taken=_TakenIds(store), reason=cause, revive=revive)
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
    texts.update((a.id, a) for a in links.linked(store.articles_by_id(stale)))
    described = [texts.get(i) or by_id[i] for i in member_ids]
    stories = build_stories(carried.stories, described, newest=newest, kept=kept,
                            merged_from=merged_from)
    return Clustering(
        index=index, near_copies=links.copies if whole else {}, stories=stories,
        events=carried.events, edit=edit, undone=undo, whole=whole,
        removed=tuple(sorted(set(previous) - carried.stories.keys())),
        link_changes={} if whole else links.changes(), newest=newest, placed_rowid=mark,
        placement={"bands_version": BANDS_VERSION, "pass_owed": owed},
        bands=bands, generation=generation, changed_articles=changed, upgraded=upgraded)


class _TakenIds:
    """Ids in use or ever retired, asked of the store one at a time (never listed)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __contains__(self, sid: object) -> bool:
        return isinstance(sid, str) and self._store.story_id_used(sid)


def _late(todo: Sequence[Article], newest: dt.date | None) -> bool:
    """Whether a new article is dated before the newest placed date (`newest`): placed
    now, after later-dated ones, it met other stories than a rebuild in publication order
    would show it, and the windowed pass repairs that. Articles of the newest day do not
    count: a rebuild orders a day's articles by arrival too (`order_key`). Nor do undated
    ones: an undated article, placed last by a rebuild, is placed on arrival here (a
    rebuild may group those otherwise)."""
    return newest is not None and any(a.published is not None and a.published < newest
                                      for a in todo)


@dataclass(frozen=True)
class _Bands:
    """Band hashes to store with the links they gave."""

    hashes: Mapping[str, Sequence[int]]
    replace_all: bool
    version: str


class _Links:
    """Near-copy links as this refresh sees them. `whole`: `copies` holds every link (a
    rebuild). Otherwise `copies` holds the links of the new articles and of the near-copy
    sets their band hashes met (`old`, stored articles without text), as found now; every
    other article keeps its stored link."""

    def __init__(self, copies: dict[str, str], bands: _Bands | None, *, whole: bool,
                 old: Mapping[str, Article] | None = None,
                 new: Sequence[Article] = ()) -> None:
        self.copies, self.bands, self.whole = copies, bands, whole
        self.old = dict(old or {})
        self.new = {a.id: a for a in new}

    def of(self, article: Article) -> str | None:
        """The article's canonical copy (None when it is one, or no copy)."""
        if self.whole or article.id in self.old or article.id in self.new:
            return self.copies.get(article.id)
        return article.duplicate_of

    def linked(self, articles: Iterable[Article]) -> list[Article]:
        """The articles with their links of this refresh (most already have them)."""
        return [a if a.duplicate_of == self.of(a) else replace(a, duplicate_of=self.of(a))
                for a in articles]

    def changed_old(self) -> list[Article]:
        """Stored articles whose link changes (a new article heads their set now)."""
        return [a for a in self.old.values() if a.duplicate_of != self.of(a)]

    def changes(self) -> dict[str, str | None]:
        """Article id -> its new link, for every stored link that changes."""
        return {a.id: self.of(a) for a in (*self.old.values(), *self.new.values())
                if a.duplicate_of != self.of(a)}


def _new_links(store: Store, new: Sequence[Article], redo: Collection[str] = ()) -> _Links:
    """The near-copy links the new articles make: each is checked against the articles
    its LSH band hashes meet in the store's index (and the other new ones), and the sets
    those are in are read (without text) so that a new earlier copy heads its whole set;
    the texts read are those of the new articles and of the articles they meet. `redo`
    are new ones placed before (upgraded, `_withdraw_upgraded`): their stored links were
    made with their old text and are not kept."""
    from storyline.stories.dedup import (
        BANDS_VERSION,
        band_hashes,
        candidates_among,
        link_new_copies,
    )

    if not new:
        return _Links({}, None, whole=False)
    hashes = {a.id: band_hashes(a.text) for a in new}
    among_new = candidates_among(hashes)
    met = {a.id: (store.minhash_candidates(hashes[a.id]) | among_new.get(a.id, set())) - {a.id}
           for a in new}
    new_ids = {a.id for a in new}
    met_old = sorted({i for ids in met.values() for i in ids} - new_ids)
    sets = {a.id: a for a in store.copy_sets(met_old)} if met_old else {}
    texts = {a.id: a for a in new}
    texts.update((a.id, a) for a in store.articles_by_id(met_old))
    candidates = {key: [texts[i] for i in sorted(ids) if i in texts] for key, ids in met.items()}
    stored = {a.id: a.duplicate_of for a in sets.values() if a.duplicate_of is not None
              and a.id not in redo and a.duplicate_of not in redo}
    copies = link_new_copies(new, candidates, stored, sets)
    return _Links(copies, _Bands(hashes, False, BANDS_VERSION), whole=False, old=sets, new=new)
