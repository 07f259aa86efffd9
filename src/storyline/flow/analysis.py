"""Stories analysed for the reports, with caches that make an update cost the new articles:
what the model read per article, the claims per article, the analysis per story."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.flow.article_work import ArticleTask, bounded, work_batch
from storyline.flow.workers import BatchFailure, Runner, runner_for
from storyline.model import Article, Claim, Drop
from storyline.settings import MAX_ANALYSIS_CHARS
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.language import DocumentFacts
    from storyline.stories import Story

__all__ = ["FACTS_BATCH", "analyze_stories"]

#: Articles whose language facts are read in one go when stories are analysed: large enough
#: for the model's two worker processes to pay, small enough for the progress bar to move.
FACTS_BATCH = 400


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

    The per-article work (the model's reading, the claims) runs where `runner` says, or
    else on `runner_for(workers, dask, ...)`: this process for small work, a pool of
    `workers` processes (default: the cores), or the Dask cluster at `dask`. Results are
    written here, so the output is the same byte for byte wherever the work ran. Analysis
    reads at most `max_chars` characters of an article (the rest is listed as truncated
    in the story's analysis).

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
    """One group of stories: their articles read (bounded), each story analysed as soon as
    all its articles are read, here, while the workers read the rest (the story's part is
    the serial part of the job: overlapping it is what lets two workers pay)."""
    members: dict[str, list[tuple[Article, bool]]] = {
        story.id: [bounded(a, max_chars) for a in map(store.article, story.article_ids)
                   if a is not None]
        for story, _ in group}
    articles = list({a.id: (a, cut) for found in members.values() for a, cut in found}.values())
    read = _Read(facts={}, claims={}, unread={}, failed={})
    waiting = list(group)
    for _ in _reading(store, articles, max_chars, runner_of, read):
        done = {a.id for a, _ in articles if a.id in read.failed
                or (a.id in read.facts and a.id in read.claims)}
        ready = [item for item in waiting
                 if all(a.id in done for a, _ in members[item[0].id])]
        waiting = [item for item in waiting if item not in ready]
        for story, key in ready:
            results[story.id] = _analyse_story(store, story, key, members[story.id], read,
                                               on_error)
            if on_story is not None:
                on_story(story)


def _analyse_story(store: Store, story: Story, key: str, members: list[tuple[Article, bool]],
                   read: _Read, on_error: Callable[[Story, Exception], None] | None
                   ) -> dict[str, Any]:
    """One story's analysis from its articles' facts and claims, cached unless partial."""
    from storyline.analyze.report import analyze_story, report_record

    failed = [read.unread[a.id] for a, _ in members if a.id in read.unread]
    failed += [read.failed[a.id] for a, _ in members if a.id in read.failed]
    kept = [a for a, _ in members if a.id not in read.failed]
    try:
        record = report_record(analyze_story(story.id, kept, facts=read.facts,
                                             claims=read.claims))
    except StorylineError:
        raise  # the model is missing or refused: no story can be analysed
    except Exception as exc:  # a bug on one story's text must not sink the report
        failed.append(exc)
        record = {}
    else:
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
    """What the per-article work gave for a group: facts and claims by article id, the
    articles whose claims could not be read, and those that could not be read at all."""

    facts: dict[str, DocumentFacts]
    claims: dict[str, list[Claim]]
    unread: dict[str, Exception]
    failed: dict[str, Exception]


class AnalysisFailure(Exception):
    """Work on an article that failed in a worker, carried back as its reason."""


def _reading(store: Store, articles: Sequence[tuple[Article, bool]], limit: int,
             runner: Callable[[int], Runner], read: _Read) -> Iterator[None]:
    """Fill `read` with each (bounded) article's facts and claims: from the store's caches
    where they hold (then a first yield), else read by the runner's workers and written
    here, the one writer (a yield after each batch). An article whose work fails twice is
    recorded as a rejection (stage "analyse") and left out."""
    from storyline.analyze.article_claims import claim_from_record, claims_key
    from storyline.analyze.report import ANALYSIS_VERSION
    from storyline.language import FACTS_VERSION, facts_from_record, load_pipeline

    base = f"{load_pipeline().meta['version']}/{FACTS_VERSION}"
    versions = {a.id: f"{base}|max{limit}" if cut else base for a, cut in articles}
    keys = {a.id: claims_key(a, ANALYSIS_VERSION) + (f"|max{limit}" if cut else "")
            for a, cut in articles}
    facts: dict[str, dict[str, Any]] = {}
    for version in sorted(set(versions.values())):
        facts.update(store.language_facts([i for i, v in versions.items() if v == version],
                                          version))
    cached_claims = store.article_claims(keys)
    tasks = [ArticleTask(article=a, facts=facts.get(a.id), claims=a.id not in cached_claims)
             for a, _ in articles if a.id not in facts or a.id not in cached_claims]
    read.claims.update({article_id: [claim_from_record(r, article_id) for r in records]
                        for article_id, records in cached_claims.items()})
    read.facts.update({i: facts_from_record(r) for i, r in facts.items()
                       if i in cached_claims})
    yield
    if not tasks:
        return
    work = runner(sum(len(t.article.text) for t in tasks))
    by_id = {a.id: a for a, _ in articles}
    for batch, outcome in work.map(work_batch, _task_batches(tasks)):
        if isinstance(outcome, BatchFailure):
            reason = f"analysis failed twice: {outcome.reason}"
            for task in batch:
                read.failed[task.article.id] = AnalysisFailure(reason)
            store.write_batch([], [Drop(origin=by_id[t.article.id].origin, stage="analyse",
                                        reason=reason) for t in batch])
            yield
            continue
        new_facts = {w.article_id: w.facts for w in outcome if w.article_id not in facts}
        for version in sorted({versions[i] for i in new_facts}):
            store.write_language_facts({i: r for i, r in new_facts.items()
                                        if versions[i] == version}, version)
        facts.update(new_facts)
        new_claims = {w.article_id: (keys[w.article_id], w.claims) for w in outcome
                      if w.claims is not None}
        if new_claims:
            store.write_article_claims(new_claims)
        for w in outcome:
            read.facts[w.article_id] = facts_from_record(facts[w.article_id])
            if w.claims is not None:
                read.claims[w.article_id] = [claim_from_record(r, w.article_id)
                                             for r in w.claims]
            elif w.claims_error is not None:
                read.unread[w.article_id] = AnalysisFailure(w.claims_error)
                read.claims[w.article_id] = []
        yield


#: Articles per task given to a worker: small enough to balance two workers on a few
#: dozen articles and to lose little when a worker dies, large enough that a task's cost
#: (pickling the articles, starting `nlp.pipe`) stays small.
TASK_ARTICLES = 16


def _task_batches(tasks: Sequence[ArticleTask]) -> list[list[ArticleTask]]:
    return [list(tasks[i:i + TASK_ARTICLES]) for i in range(0, len(tasks), TASK_ARTICLES)]
