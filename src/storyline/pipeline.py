"""The ingest runner: read -> clean -> store, in transactional batches.

It owns batching. Stages are pure (`sources` reads, `clean` transforms, `store` writes).
Articles whose only date is a year-less dateline wait until the whole run has been read,
then take their year from the run's other articles (`published_from: corpus`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.clean import clean_document, resolve_pending
from storyline.errors import StorylineError
from storyline.model import Article, Claim, Drop, PendingYear, RawDocument
from storyline.settings import Settings
from storyline.sources import InputFile, discover, read_file
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.language import DocumentFacts
    from storyline.stories import Story

__all__ = ["IngestReport", "StoryRefresh", "analyze_stories", "ingest", "plan", "refresh_stories"]


@dataclass(kw_only=True)
class IngestReport:
    """What an ingest did: counts a person can check, and every rejection with its reason."""

    files: int = 0
    records: int = 0
    new: int = 0
    existing: int = 0
    drops: list[Drop] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.new + self.existing


def plan(paths: Sequence[Path]) -> list[InputFile | Drop]:
    """The inputs an ingest of `paths` will read, in order (cheap: names only)."""
    return list(discover(list(paths)))


class _Batcher:
    """Collects cleaned articles and rejections; writes them a batch per transaction."""

    def __init__(self, store: Store, size: int, report: IngestReport) -> None:
        self.store, self.size, self.report = store, size, report
        self.items: list[tuple[Article, RawDocument]] = []
        self.drops: list[Drop] = []

    def add(self, article: Article, raw: RawDocument) -> None:
        self.items.append((article, raw))
        if len(self.items) >= self.size:
            self.flush()

    def drop(self, drop: Drop) -> None:
        self.drops.append(drop)
        self.report.drops.append(drop)

    def flush(self) -> None:
        if not self.items and not self.drops:
            return
        result = self.store.write_batch(self.items, self.drops)
        self.report.new += result.new
        self.report.existing += result.existing
        self.items, self.drops = [], []


def ingest(
    inputs: Iterable[InputFile | Drop],
    store: Store,
    settings: Settings,
    on_file: Callable[[InputFile | Drop], None] | None = None,
) -> IngestReport:
    """Read, clean and store every input; a rejected input never stops the others."""
    report = IngestReport()
    batch = _Batcher(store, settings.batch_size, report)
    pending: list[tuple[PendingYear, RawDocument]] = []
    dates: set[dt.date] = set()
    for item in inputs:
        if isinstance(item, Drop):
            batch.drop(item)
        else:
            report.files += 1
            for record in read_file(item, max_input_bytes=settings.max_input_bytes,
                                    max_record_bytes=settings.max_record_bytes):
                if isinstance(record, Drop):
                    batch.drop(record)
                    continue
                report.records += 1
                result = clean_document(record)
                if isinstance(result, Drop):
                    batch.drop(result)
                elif isinstance(result, PendingYear):
                    pending.append((result, record))
                else:
                    if result.published:
                        dates.add(result.published)
                    batch.add(result, record)
        if on_file is not None:
            on_file(item)
    anchors = dates or set(store.published_dates())
    for waiting, record in pending:
        batch.add(resolve_pending(waiting, anchors), record)
    batch.flush()
    return report


@dataclass(frozen=True, kw_only=True)
class StoryRefresh:
    """What `refresh_stories` did: the ranked stories, whether it rebuilt them from scratch
    (and why), and how many articles it placed."""

    stories: list[Story]
    rebuilt: bool
    reason: str
    placed: int


def refresh_stories(store: Store, *, rebuild: bool = False) -> StoryRefresh:
    """Place the articles no story holds yet, and store the stories (ranked).

    The index persisted by the last refresh is loaded and the new articles are assigned to
    it in publication order, so a later ingest never re-shuffles the past: existing stories
    keep their ids and members. That equals a rebuild whenever the new articles come after
    everything placed (the usual flow of news). A full rebuild in publication order runs
    instead when asked (`storyline recluster`), when there is no index yet, when the
    settings changed, when an article older than the newest placed one arrives (a
    backfill: it may found a story, so that the same inputs in any batch order give the
    same stories), or when near-copy links among placed articles changed.

    Near-copies are found for the new articles only, through LSH band hashes kept in the
    store (`_near_copies`). The description of stories (headline, score) still reads every
    article: the score's freshness is relative to the newest article in the store.
    """
    from storyline.stories import (  # scikit-learn: loaded only when stories are built
        ClusterSettings,
        StoryIndex,
        assignment_order,
        build_stories,
        order_key,
    )
    from storyline.stories.build import Clustering
    from storyline.stories.dedup import BANDS_VERSION

    stored = list(store.articles())
    saved = None if rebuild else store.story_index()
    index: StoryIndex | None = None
    reason = "asked" if rebuild else "no stories yet"
    if saved is not None:
        try:
            index = StoryIndex.from_dict(saved)
        except StorylineError:
            reason = "the stored index has an older format"
        else:
            if index.settings != ClusterSettings():
                index, reason = None, "settings changed"
    # a rebuild checks every pair again; otherwise the stored links hold and only new
    # articles are compared
    copies, bands = _near_copies(store, stored, full=index is None)
    linked = [replace(a, duplicate_of=copies.get(a.id)) for a in stored]
    if index is not None:
        placed = [a for a in stored if a.id in index]
        new = [a for a in linked if a.id not in index]
        before = {a.id: a.duplicate_of for a in placed}
        if any(before[a.id] != copies.get(a.id) for a in placed):
            index, reason = None, "near-copy links changed"
        else:
            founders = [order_key(a) for a in new if a.duplicate_of not in index]
            if founders and placed and min(founders) < max(map(order_key, placed)):
                index, reason = None, "an article older than the newest placed one arrived"
    if index is None:
        index = StoryIndex()
        todo = linked
        rebuilt = True
    else:
        todo = assignment_order(new)
        rebuilt, reason = False, "new articles placed"
    index.assign_many(todo)
    clustering = Clustering(index=index, near_copies=copies, stories=build_stories(index, linked))
    store.write_stories(clustering)
    if bands is not None:  # after the links are stored: a crash before this reads them again
        store.index_minhash(bands.hashes, BANDS_VERSION, replace_all=bands.replace_all)
    return StoryRefresh(stories=clustering.stories, rebuilt=rebuilt, reason=reason, placed=len(todo))


@dataclass(frozen=True)
class _Bands:
    """Band hashes to store once the links they gave are stored."""

    hashes: dict[str, list[int]]
    replace_all: bool


def _near_copies(store: Store, stored: Sequence[Article], *, full: bool
                 ) -> tuple[dict[str, str], _Bands | None]:
    """Near-copy links (copy -> canonical) of every stored article. Articles already
    indexed keep the links stored for them; each new one is checked against the articles
    its LSH band hashes meet in the store's index (and the other new ones), so a refresh
    costs the new articles, not the archive. A full pass runs when asked, when the index
    is empty or of another version, or when it is out of step with the articles."""
    from storyline.stories.dedup import (
        BANDS_VERSION,
        band_hashes,
        find_near_copies,
        link_new_copies,
    )

    by_id = {a.id: a for a in stored}
    indexed = store.minhash_indexed(BANDS_VERSION)
    if full or not indexed or not indexed <= by_id.keys():
        return find_near_copies(stored), _Bands({a.id: band_hashes(a.text) for a in stored}, True)
    new = [a for a in stored if a.id not in indexed]
    old = {a.id: a for a in stored if a.id in indexed}
    links = {a.id: a.duplicate_of for a in old.values() if a.duplicate_of is not None}
    if not new:
        return links, None
    hashes = {a.id: band_hashes(a.text) for a in new}
    among_new: dict[tuple[int, int], list[str]] = {}
    for article_id, values in hashes.items():
        for band, value in enumerate(values):
            among_new.setdefault((band, value), []).append(article_id)
    candidates = {}
    for article in new:
        met = store.minhash_candidates(hashes[article.id])
        met.update(i for band, value in enumerate(hashes[article.id])
                   for i in among_new[(band, value)])
        candidates[article.id] = [by_id[i] for i in sorted(met) if i in by_id]
    return link_new_copies(new, candidates, links, old), _Bands(hashes, False)


def _claims(store: Store, articles: Sequence[Article], facts: Mapping[str, DocumentFacts]
            ) -> tuple[dict[str, list[Claim]], dict[str, Exception]]:
    """Each article's claims, from the store's cache where its key still holds, else read
    and cached; and the articles whose claims could not be read (they count as none)."""
    from storyline.analyze.article_claims import (
        article_claims,
        claim_from_record,
        claim_record,
        claims_key,
    )
    from storyline.analyze.report import ANALYSIS_VERSION

    keys = {a.id: claims_key(a, ANALYSIS_VERSION) for a in articles}
    cached = store.article_claims(keys)
    found = {article_id: [claim_from_record(r, article_id) for r in records]
             for article_id, records in cached.items()}
    new: dict[str, list[Claim]] = {}
    unread: dict[str, Exception] = {}
    for article in articles:
        if article.id in cached:
            continue
        try:
            new[article.id] = article_claims(article, facts[article.id])
        except StorylineError:
            raise
        except Exception as exc:  # see analyze_stories
            unread[article.id] = exc
    if new:
        store.write_article_claims({article_id: (keys[article_id], [claim_record(c) for c in claims])
                                    for article_id, claims in new.items()})
    return {**found, **new, **{article_id: [] for article_id in unread}}, unread


#: Articles whose language facts are read in one go when stories are analysed: large enough
#: for the model's two worker processes to pay, small enough for the progress bar to move.
FACTS_BATCH = 400


def analyze_stories(store: Store, stories: Sequence[Story],
                    on_story: Callable[[Story], None] | None = None,
                    on_error: Callable[[Story, Exception], None] | None = None,
                    ) -> dict[str, dict[str, Any]]:
    """Each story's analysis in the export's shape (entities, quotes, claims, disagreements,
    timeline, summary), from the store's cache when its members have not changed, else
    computed and cached.

    What the language model reads in each article is cached per article too, so a story
    that grows by one article costs one parse, and articles are parsed in large batches
    across stories (the model's worker processes pay only on large batches).

    An error in one story's analysis (a rule meeting text it was not written for) leaves
    that story without analysis, or an article without claims, and goes on; `on_error`
    hears of each. A missing or refused model (`ModelError`) stops everything."""
    from storyline.analyze.report import analysis_key, analyze_story, report_record
    from storyline.language import (
        FACTS_VERSION,
        facts_from_record,
        facts_record,
        load_pipeline,
        read_facts,
    )

    results: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Story, str]] = []
    for story in stories:
        key = analysis_key(story.article_ids)
        record = store.analysis(story.id, key)
        if record is None:
            todo.append((story, key))
        else:
            results[story.id] = record
            if on_story is not None:
                on_story(story)
    if not todo:
        return {s.id: results[s.id] for s in stories}
    version = f"{load_pipeline().meta['version']}/{FACTS_VERSION}"
    start = 0
    while start < len(todo):
        group, size = [], 0
        while start < len(todo) and (not group or size + len(todo[start][0].article_ids)
                                     <= FACTS_BATCH):
            group.append(todo[start])
            size += len(todo[start][0].article_ids)
            start += 1
        members = {story.id: [a for a in map(store.article, story.article_ids) if a is not None]
                   for story, _ in group}
        articles = {a.id: a for found in members.values() for a in found}
        cached = store.language_facts(list(articles), version)
        missing = [a for a in articles.values() if a.id not in cached]
        if missing:
            new = {a.id: facts_record(f)
                   for a, f in zip(missing, read_facts([a.text for a in missing]), strict=True)}
            store.write_language_facts(new, version)
            cached.update(new)
        facts = {article_id: facts_from_record(record) for article_id, record in cached.items()}
        claims, unread = _claims(store, list(articles.values()), facts)
        for story, key in group:
            failed = [unread[a.id] for a in members[story.id] if a.id in unread]
            try:
                record = report_record(analyze_story(story.id, members[story.id], facts=facts,
                                                     claims=claims))
            except StorylineError:
                raise  # the model is missing or refused: no story can be analysed
            except Exception as exc:  # a bug on one story's text must not sink the report
                failed.append(exc)
                record = {}
            else:
                if not failed:  # a partial analysis is shown, not cached: it is tried again
                    store.write_analysis(story.id, key, record)
            for exc in failed:
                if on_error is not None:
                    on_error(story, exc)
            results[story.id] = record
            if on_story is not None:
                on_story(story)
    return {s.id: results[s.id] for s in stories}
