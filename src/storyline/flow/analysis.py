"""Stories analysed for the reports, with caches that make an update cost the new articles:
what the model read per article, the claims per article, the analysis per story."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.flow.article_work import ArticleTask, ArticleWork, bounded, work_batch
from storyline.flow.story_work import StoryTask, StoryWork, analyse_stories_batch
from storyline.flow.workers import BatchFailure, Runner, runner_for
from storyline.model import Article, Drop
from storyline.settings import MAX_ANALYSIS_CHARS
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.stories import Story

__all__ = ["FACTS_BATCH", "analyze_stories"]

#: Articles whose language facts are read in one go when stories are analysed: large enough
#: for the model's two worker processes to pay, small enough for the progress bar to move.
FACTS_BATCH = 400
#: Articles per story task given to a worker: a story costs about 70 ms an article to
#: analyse once its articles are read (README, "Scale"), so 16 make a task of about a
#: second, long enough that shipping the facts (~0.1 s of pickling) stays small.
STORY_TASK_ARTICLES = 16
#: Reading an article costs about six times analysing it in its story (395 against 68 ms
#: an article, README "Scale"): a story's characters count a sixth when choosing whether
#: a pool pays (`runner_for`).
STORY_COST_SHARE = 6


def analyze_stories(store: Store, stories: Sequence[Story],
                    on_story: Callable[[Story], None] | None = None,
                    on_error: Callable[[Story, Exception], None] | None = None, *,
                    workers: int | None = None, dask: str | None = None,
                    runner: Runner | None = None,
                    max_chars: int = MAX_ANALYSIS_CHARS) -> dict[str, dict[str, Any]]:
    """Each story's analysis in the export's shape (entities, quotes, claims, disagreements,
    timeline, summary), from the store's cache when its members have not changed, else
    computed and cached.

    What the language model reads in each article is cached per article too, so a story
    that grows by one article costs one parse, and articles are parsed in large batches
    across stories (the model's worker processes pay only on large batches).

    The per-article work (the model's reading, the claims) and each story's analysis run
    where `runner` says, or else on `runner_for(workers, dask, ...)`: this process for
    small work, a pool of `workers` processes (default: the cores), or the Dask cluster at
    `dask`. Results are written here, so the output is the same byte for byte wherever
    the work ran. Analysis reads at most `max_chars` characters of an article (the rest
    is listed as truncated in the story's analysis).

    An error in one story's analysis (a rule meeting text it was not written for) leaves
    that story without analysis, or an article without claims, and goes on; `on_error`
    hears of each. A missing or refused model (`ModelError`) stops everything."""
    from storyline.analyze.report import analysis_key

    made: list[Runner] = []

    def runner_of(chars: int) -> Runner:
        if runner is not None:
            return runner
        if not made:
            made.append(runner_for(workers, dask, chars))
        return made[0]

    results: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Story, str]] = []
    for story in stories:
        key = analysis_key(story.article_ids)
        record = store.analysis(story.id, key)
        if record is None:
            todo.append((story, key))
            continue
        results[story.id] = record
        if on_story is not None:
            on_story(story)
    try:
        for group in _batches(todo):
            _analyse_group(store, group, max_chars, runner_of, results, on_story, on_error)
    finally:
        for made_runner in made:
            made_runner.close()
    return {s.id: results[s.id] for s in stories}


def _analyse_group(store: Store, group: list[tuple[Story, str]], max_chars: int,
                   runner_of: Callable[[int], Runner], results: dict[str, dict[str, Any]],
                   on_story: Callable[[Story], None] | None,
                   on_error: Callable[[Story, Exception], None] | None) -> None:
    """One group of stories: their articles read (bounded), and each story analysed as
    soon as all its articles are read, both by the runner's workers, while the writer
    stores what comes back (a story's analysis was the serial part of the job while the
    writer made it: in the workers it scales with them)."""
    members: dict[str, list[tuple[Article, bool]]] = {
        story.id: [bounded(a, max_chars) for a in map(store.article, story.article_ids)
                   if a is not None]
        for story, _ in group}
    articles = list({a.id: (a, cut) for found in members.values() for a, cut in found}.values())
    read = _Read(facts={}, claims={}, timerefs={}, unread={}, failed={})
    caches, tasks = _Caches.of(store, articles, max_chars, read)
    keys = {story.id: (story, key) for story, key in group}
    waiting = dict(keys)
    ready: list[str] = []

    def settle() -> None:
        """Move the stories whose articles are all read (or failed) to `ready`."""
        now = [story_id for story_id in waiting
               if all(a.id in read.failed or (a.id in read.facts and a.id in read.claims)
                      for a, _ in members[story_id])]
        for story_id in now:
            del waiting[story_id]
        ready.extend(now)

    def feed() -> Iterator[list[ArticleTask] | list[StoryTask] | None]:
        """Ready stories first, then articles to read; None while the last are read."""
        reading = iter(_task_batches(tasks))
        while True:
            if ready:
                stories = [_story_task(story_id, members[story_id], read) for story_id in ready]
                ready.clear()
                yield from _story_batches(stories)
            elif (batch := next(reading, None)) is not None:
                yield batch
            elif waiting:
                yield None
            else:
                return

    settle()
    story_chars = sum(len(a.text) for found in members.values() for a, _ in found)
    work = runner_of(sum(len(t.article.text) for t in tasks) + story_chars // STORY_COST_SHARE)
    for batch, outcome in work.map(_work, feed()):
        if isinstance(batch[0], ArticleTask):
            caches.take(store, batch, outcome, read)  # type: ignore[arg-type]
            settle()
            continue
        for position, task in enumerate(batch):
            story, key = keys[task.story_id]  # type: ignore[union-attr]
            done = outcome if isinstance(outcome, BatchFailure) else outcome[position]
            results[story.id] = _finish_story(store, story, key, members[story.id], read,
                                              done, on_error)  # type: ignore[arg-type]
            if on_story is not None:
                on_story(story)


def _work(batch: Sequence[ArticleTask] | Sequence[StoryTask]) -> list[ArticleWork] | list[StoryWork]:
    """A worker's task: a batch of articles to read, or of stories to analyse."""
    if isinstance(batch[0], StoryTask):
        return analyse_stories_batch(batch)  # type: ignore[arg-type]
    return work_batch(batch)  # type: ignore[arg-type]


def _story_task(story_id: str, members: list[tuple[Article, bool]], read: _Read) -> StoryTask:
    kept = tuple(a for a, _ in members if a.id not in read.failed)
    return StoryTask(story_id=story_id, articles=kept,
                     facts={a.id: read.facts[a.id] for a in kept},
                     claims={a.id: read.claims[a.id] for a in kept},
                     timerefs={a.id: read.timerefs[a.id] for a in kept if a.id in read.timerefs})


def _story_batches(stories: Sequence[StoryTask]) -> Iterator[list[StoryTask]]:
    """Stories in tasks of about STORY_TASK_ARTICLES articles (a larger story goes alone)."""
    batch: list[StoryTask] = []
    size = 0
    for task in stories:
        if batch and size + len(task.articles) > STORY_TASK_ARTICLES:
            yield batch
            batch, size = [], 0
        batch.append(task)
        size += len(task.articles)
    if batch:
        yield batch


def _finish_story(store: Store, story: Story, key: str, members: list[tuple[Article, bool]],
                  read: _Read, work: StoryWork | BatchFailure,
                  on_error: Callable[[Story, Exception], None] | None) -> dict[str, Any]:
    """One story's analysis as a worker made it, stored here unless partial."""
    failed: list[Exception] = [read.unread[a.id] for a, _ in members if a.id in read.unread]
    failed += [read.failed[a.id] for a, _ in members if a.id in read.failed]
    record: dict[str, Any] = {}
    if isinstance(work, BatchFailure):
        failed.append(AnalysisFailure(f"story analysis failed twice: {work.reason}"))
    elif work.record is None:
        failed.append(AnalysisFailure(work.error or "no reason given"))
    else:
        record = work.record
        record["truncated"] = sorted(a.id for a, cut in members if cut)
        if not failed:  # a partial analysis is shown, not cached: it is tried again
            store.write_analysis(story.id, key, record)
    for exc in failed:
        if on_error is not None:
            on_error(story, exc)
    return record


def _batches(todo: Sequence[tuple[Story, str]]) -> Iterator[list[tuple[Story, str]]]:
    """Stories in groups of about FACTS_BATCH articles (a larger story goes alone)."""
    group: list[tuple[Story, str]] = []
    size = 0
    for item in todo:
        if group and size + len(item[0].article_ids) > FACTS_BATCH:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[0].article_ids)
    if group:
        yield group


@dataclass
class _Read:
    """What the per-article work gave for a group, as records: language facts
    (`facts_record`), claims (`claim_record`s) and the time references they read
    (`timeref_record`s, where known) by article id, the articles whose claims could not be
    read, and those that could not be read at all."""

    facts: dict[str, dict[str, Any]]
    claims: dict[str, list[dict[str, Any]]]
    timerefs: dict[str, list[list[Any]]]
    unread: dict[str, Exception]
    failed: dict[str, Exception]


class AnalysisFailure(Exception):
    """Work that failed in a worker (on an article or a story), carried back as its reason
    (which names the error it was: "IndexError: ...")."""


@dataclass(frozen=True)
class _Caches:
    """The store's caches for a group's (bounded) articles: the facts' version and the
    claims' key of each, and the facts records known so far."""

    versions: dict[str, str]
    keys: dict[str, str]
    facts: dict[str, dict[str, Any]]
    origins: dict[str, str]

    @classmethod
    def of(cls, store: Store, articles: Sequence[tuple[Article, bool]], limit: int,
           read: _Read) -> tuple[_Caches, list[ArticleTask]]:
        """The caches, with `read` filled from them where they hold, and the articles left
        to read."""
        from storyline.analyze.article_claims import claims_key
        from storyline.analyze.report import ANALYSIS_VERSION
        from storyline.language import FACTS_VERSION, load_pipeline

        base = f"{load_pipeline().meta['version']}/{FACTS_VERSION}"
        versions = {a.id: f"{base}|max{limit}" if cut else base for a, cut in articles}
        keys = {a.id: claims_key(a, ANALYSIS_VERSION) + (f"|max{limit}" if cut else "")
                for a, cut in articles}
        facts: dict[str, dict[str, Any]] = {}
        for version in sorted(set(versions.values())):
            facts.update(store.language_facts([i for i, v in versions.items() if v == version],
                                              version))
        cached_claims, cached_refs = store.article_claims_and_timerefs(keys)
        tasks = [ArticleTask(article=a, facts=facts.get(a.id), claims=a.id not in cached_claims)
                 for a, _ in articles if a.id not in facts or a.id not in cached_claims]
        read.claims.update(cached_claims)
        read.timerefs.update(cached_refs)
        read.facts.update({i: r for i, r in facts.items() if i in cached_claims})
        return cls(versions, keys, facts, {a.id: a.origin for a, _ in articles}), tasks

    def take(self, store: Store, batch: Sequence[ArticleTask], outcome: list[ArticleWork] | BatchFailure,
             read: _Read) -> None:
        """Store what the workers read in a batch (here, the one writer) and fill `read`.
        An article whose work failed twice is recorded as a rejection (stage "analyse")."""
        if isinstance(outcome, BatchFailure):
            reason = f"analysis failed twice: {outcome.reason}"
            for task in batch:
                read.failed[task.article.id] = AnalysisFailure(reason)
            store.write_batch([], [Drop(origin=self.origins[t.article.id], stage="analyse",
                                        reason=reason) for t in batch])
            return
        new_facts = {w.article_id: w.facts for w in outcome if w.article_id not in self.facts}
        for version in sorted({self.versions[i] for i in new_facts}):
            store.write_language_facts({i: r for i, r in new_facts.items()
                                        if self.versions[i] == version}, version)
        self.facts.update(new_facts)
        new_claims = {w.article_id: (self.keys[w.article_id], w.claims, w.timerefs)
                      for w in outcome if w.claims is not None}
        if new_claims:
            store.write_article_claims(new_claims)
        for w in outcome:
            read.facts[w.article_id] = self.facts[w.article_id]
            if w.claims is not None:
                read.claims[w.article_id] = w.claims
                if w.timerefs is not None:
                    read.timerefs[w.article_id] = w.timerefs
            elif w.claims_error is not None:
                read.unread[w.article_id] = AnalysisFailure(w.claims_error)
                read.claims[w.article_id] = []


#: Articles per task given to a worker: small enough to balance two workers on a few
#: dozen articles and to lose little when a worker dies, large enough that a task's cost
#: (pickling the articles, starting `nlp.pipe`) stays small.
TASK_ARTICLES = 16


def _task_batches(tasks: Sequence[ArticleTask]) -> list[list[ArticleTask]]:
    return [list(tasks[i:i + TASK_ARTICLES]) for i in range(0, len(tasks), TASK_ARTICLES)]
