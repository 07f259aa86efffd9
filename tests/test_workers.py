"""Where the per-article analysis runs (issue 17): in this process, in worker processes,
or on a Dask cluster, with the same output byte for byte; a worker that dies costs a
retry, not the run; a huge article is read up to the bound and marked as truncated."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, write
from storyline.cli import main
from storyline.flow.analysis import analyze_stories
from storyline.flow.article_work import bounded
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.flow.workers import BatchFailure, LocalRunner, PoolRunner, runner_for
from storyline.model import Article
from storyline.render.export import export_document
from storyline.settings import Settings
from storyline.store import Store


def _article(text: str) -> Article:
    return Article(id="a", origin="a.txt", raw_sha256="", text=text, title=None, source=None,
                   url=None, published=dt.date(2026, 1, 5), published_from="metadata")


def test_a_long_article_is_read_up_to_a_paragraph_break_before_the_bound():
    paragraph = "The council met on Monday. " * 20  # 540 characters
    text = "\n\n".join([paragraph.strip()] * 10)
    cut, truncated = bounded(_article(text), 2_000)
    assert truncated and text.startswith(cut.text) and len(cut.text) <= 2_000
    assert cut.text.endswith("on Monday.")  # a whole paragraph, not half a word
    same, untouched = bounded(_article(text), len(text))
    assert not untouched and same.text == text
    one_line = "Rain fell on the town all day. " * 100
    cut, truncated = bounded(_article(one_line), 1_000)
    assert truncated and cut.text.endswith("all day.") and len(cut.text) <= 1_000


def test_small_work_starts_no_pool_and_large_work_uses_the_cores(monkeypatch):
    import storyline.flow.workers as workers_module

    assert isinstance(runner_for(None, None, 1_000), LocalRunner)
    assert isinstance(runner_for(1, None, 10**9), LocalRunner)
    # whether this process may fork depends on the threads alive (an earlier test's server
    # may still be stopping): decide it here, both ways
    monkeypatch.setattr(workers_module, "can_fork_workers", lambda: True)
    pool = runner_for(2, None, 10**9)
    assert isinstance(pool, PoolRunner) and pool.workers == 2
    pool.close()
    monkeypatch.setattr(workers_module, "can_fork_workers", lambda: False)
    assert isinstance(runner_for(2, None, 10**9), LocalRunner)  # threads running: no fork


def _square_or_die(batch: tuple[int, str]) -> int:
    """Dies (the whole process) the first time it sees 3, while the marker file exists."""
    number, marker = batch
    if number == 3 and os.path.exists(marker):
        os.unlink(marker)
        os._exit(9)
    return number * number


def _fail_on_five(batch: tuple[int, str]) -> int:
    if batch[0] == 5:
        raise RuntimeError("five is refused")
    return batch[0]


def test_a_worker_that_dies_costs_a_retry_and_nothing_is_lost_or_doubled(tmp_path):
    marker = tmp_path / "die-once"
    marker.write_text("x")
    batches = [(n, str(marker)) for n in range(8)]
    pool = PoolRunner(2)
    try:
        results = list(pool.map(_square_or_die, batches))
    finally:
        pool.close()
    assert [batch for batch, _ in results] == batches  # each once, in order
    assert [outcome for _, outcome in results] == [n * n for n in range(8)]
    assert not marker.exists()  # the worker did die


@pytest.mark.parametrize("runner", [LocalRunner, lambda: PoolRunner(2)])
def test_a_batch_failing_twice_is_a_failure_with_its_reason_and_the_rest_goes_on(runner):
    work = runner()
    try:
        results = dict(work.map(_fail_on_five, [(n, "") for n in range(7)]))
    finally:
        work.close()
    failure = results[(5, "")]
    assert isinstance(failure, BatchFailure) and "five is refused" in failure.reason
    assert [results[(n, "")] for n in range(7) if n != 5] == [0, 1, 2, 3, 4, 6]


def _double(batch: tuple[int, str]) -> int:
    return 2 * batch[0]


@pytest.mark.parametrize("runner", [LocalRunner, lambda: PoolRunner(2)])
def test_later_batches_can_be_made_from_earlier_outcomes(runner):
    """Batches are drawn as outcomes come back: a feed can wait (None) for an outcome and
    then make a batch from it; each outcome comes once, in the order drawn."""
    seen: list[int] = []

    def feed():
        yield from [(n, "") for n in range(3)]
        while len(seen) < 3:
            yield None  # the follow-up needs every first outcome
        yield (sum(seen), "follow-up")

    work = runner()
    try:
        results = []
        for batch, outcome in work.map(_double, feed()):
            seen.append(outcome)
            results.append((batch, outcome))
    finally:
        work.close()
    assert results == [((0, ""), 0), ((1, ""), 2), ((2, ""), 4), ((6, "follow-up"), 12)]


def test_a_feed_waiting_on_nothing_is_an_error_not_a_hang():
    def waiting():
        yield None

    with pytest.raises(RuntimeError, match="no batch is running"):
        list(LocalRunner().map(_double, waiting()))


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A store of some examples with stories and no analysis yet (a dozen articles keep
    three analyses of it, one on Dask, within seconds)."""
    path = tmp_path_factory.mktemp("parity") / "s.db"
    settings = Settings(db_path=str(path))
    with Store.open(path) as store:
        ingest(plan([EXAMPLES / "text", EXAMPLES / "html", EXAMPLES / "feeds"]), store, settings)
        refresh_stories(store)
    return path


def _exported(path: Path, **where: object) -> str:
    """The JSON export of a copy of the store, analysed where `where` says."""
    with Store.open(path) as store:
        ranked = store.stories()
        analyses = analyze_stories(store, ranked, **where)  # type: ignore[arg-type]
        document = export_document(list(store.articles()), ranked, analyses)
    document.pop("generated_at", None)
    return json.dumps(document, sort_keys=True)


def _copy(stored: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(stored, target)
    return target


def test_workers_and_a_dask_cluster_give_the_same_export_as_one_process(stored, tmp_path):
    distributed = pytest.importorskip("distributed")
    one = _exported(_copy(stored, tmp_path, "one.db"), workers=1)
    pooled = _exported(_copy(stored, tmp_path, "pool.db"), runner=PoolRunner(2))
    assert pooled == one
    from storyline.flow.workers import DaskRunner

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask = DaskRunner(cluster.scheduler_address)
        try:
            clustered = _exported(_copy(stored, tmp_path, "dask.db"), runner=dask)
        finally:
            dask.close()
    assert clustered == one
    assert '"truncated": []' in one  # every analysis says what it left out: nothing here


def test_a_malformed_dask_address_is_a_usage_error_not_a_crash(stored, tmp_path):
    pytest.importorskip("distributed")
    db = _copy(stored, tmp_path, "bad.db")
    result = CliRunner().invoke(main, ["export", "-o", str(tmp_path / "e.json"), "--db", str(db),
                                       "-q", "--dask", "not-an-address"])
    assert result.exit_code == 2, result.output
    assert "not a scheduler address" in result.stderr and "tcp://HOST:PORT" in result.stderr
    assert not (tmp_path / "e.json").exists()


def test_a_15_mb_article_is_exported_with_its_analysis_marked_truncated(tmp_path):
    sentence = "The Velmora dam commission heard evidence from engineers on Tuesday. "
    paragraph = (sentence * 12).strip()
    body = "\n\n".join([paragraph] * (15_000_000 // (len(paragraph) + 2)))
    assert len(body) > 14_900_000
    page = write(tmp_path / "in" / "huge.txt",
                 "Title: Dam commission hears engineers\nDate: 2026-02-03\n\n" + body)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(page.parent), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(main, ["export", "--format", "json", "-o", str(tmp_path / "e.json"),
                                  "--db", db, "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    [story] = document["stories"]
    assert story["truncated"] == [document["articles"][0]["id"]]
    assert story["summary"]  # analysed: from the part that was read


def test_claims_are_the_same_whether_the_facts_were_cached_or_read_with_them():
    """An article whose facts are cached (its claims not: a new analysis version) is parsed
    for its claims the same way as one read fresh, so the output does not depend on what
    the store held; and an article read once gives facts and claims from one parse."""
    from storyline.flow.article_work import ArticleTask, work_batch

    text = (EXAMPLES / "text").glob("*.txt")
    articles = [Article(id=f"a{i}", origin="", raw_sha256="", text=path.read_text("utf-8"),
                        title=None, source=None, url=None, published=dt.date(2022, 1, 12),
                        published_from="record")
                for i, path in enumerate(sorted(text))]
    fresh = work_batch([ArticleTask(article=a) for a in articles])
    cached = work_batch([ArticleTask(article=a, facts=w.facts) for a, w in zip(articles, fresh, strict=True)])
    facts_only = work_batch([ArticleTask(article=a, claims=False) for a in articles])
    assert [w.claims for w in cached] == [w.claims for w in fresh]
    assert any(w.claims for w in fresh)
    assert [w.facts for w in facts_only] == [w.facts for w in fresh]
    assert all(w.claims is None for w in facts_only)


def test_a_story_is_analysed_by_the_workers_as_soon_as_its_articles_are_read(
        stored, tmp_path, monkeypatch):
    """Each story's analysis is a task for the workers, drawn as soon as all its articles
    are read (the writer's serial part shrinks to storing it), and the analyses are those
    of reading everything first."""
    from storyline.flow import analysis
    from storyline.flow.story_work import StoryTask

    monkeypatch.setattr(analysis, "TASK_ARTICLES", 1)  # one article a batch
    events: list[tuple[str, str]] = []

    class Watched(LocalRunner):
        def map(self, work, batches):
            for batch, outcome in super().map(work, batches):
                if isinstance(batch[0], StoryTask):
                    events.extend(("analysed", task.story_id) for task in batch)
                else:
                    events.append(("read", batch[0].article.id))
                yield batch, outcome

    path = _copy(stored, tmp_path, "watched.db")
    with Store.open(path) as store:
        stories = store.stories()
        members = {s.id: set(s.article_ids) for s in stories}
        watched = analyze_stories(store, stories, runner=Watched(),
                                  on_story=lambda s: events.append(("story", s.id)))
    read_at = {article_id: i for i, (kind, article_id) in enumerate(events) if kind == "read"}
    analysed = {story_id: i for i, (kind, story_id) in enumerate(events) if kind == "analysed"}
    told = {story_id: i for i, (kind, story_id) in enumerate(events) if kind == "story"}
    assert set(analysed) == set(told) == set(members)  # every story, once, by the runner
    assert len(read_at) >= len(stories)
    for story_id, i in analysed.items():  # after all its articles, not before
        assert all(read_at.get(a, -1) < i for a in members[story_id])
        assert analysed[story_id] < told[story_id]
    assert min(analysed.values()) < max(read_at.values())  # not all at the end
    with Store.open(_copy(stored, tmp_path, "plain.db")) as store:
        assert analyze_stories(store, store.stories(), workers=1) == watched


def test_story_analyses_go_to_the_pool_and_match_one_process(stored, tmp_path):
    """With every article's facts and claims cached, what is left is the stories'
    analysis: in a pool of two it is the pool's work, and the export is the one-process
    export byte for byte (an analysis failing in a worker is named, and not cached)."""
    from storyline.flow.story_work import StoryTask

    warm = _copy(stored, tmp_path, "warm.db")
    one = _exported(warm, workers=1)
    with Store.open(warm) as store, store._transaction() as db:
        db.execute("DELETE FROM story_analysis")
    kinds: list[str] = []

    class Watched(PoolRunner):
        def map(self, work, batches):
            for batch, outcome in super().map(work, batches):
                kinds.append(type(batch[0]).__name__)
                yield batch, outcome

    pool = Watched(2)
    try:
        assert _exported(warm, runner=pool) == one
    finally:
        pool.close()
    assert kinds and set(kinds) == {StoryTask.__name__}  # nothing read again; stories pooled


def test_time_references_are_cached_with_the_claims_and_give_the_same_timelines(stored, tmp_path):
    """The time references an article's claims read are kept with them, and its story's
    timeline reads those (from the worker, or from the cache on a later analysis) instead
    of finding them again: the export is the same whether they came from the worker, the
    cache, or (claims cached before they were kept) were read afresh."""
    import sqlite3

    from storyline.analyze.article_claims import article_timerefs, timeref_record, wants_claims

    warm = _copy(stored, tmp_path, "refs.db")
    first = _exported(warm, workers=1)  # read by the workers, shared with the timelines
    with Store.open(warm) as store:
        articles = {a.id: a for a in store.articles()}
        claims, refs = store.article_claims_and_timerefs(dict(db_keys(warm)))
    # every article the claim rules read (the English ones) has its references kept
    assert claims and set(refs) == {i for i in claims if wants_claims(articles[i])}
    assert any(refs.values())
    assert all(refs[i] == [timeref_record(r) for r in article_timerefs(articles[i])]
               for i in refs)
    for cleared in ("DELETE FROM story_analysis",  # from the cache
                    "UPDATE article_claims SET timerefs = NULL"):  # an older store's cache
        with sqlite3.connect(warm) as db:
            db.execute(cleared)
            db.execute("DELETE FROM story_analysis")
        assert _exported(warm, workers=1) == first


def db_keys(path: Path) -> list[tuple[str, str]]:
    """The claims' cache keys as stored (article id, key)."""
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute("SELECT article_id, key FROM article_claims").fetchall()


def _stored_rows(path: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The store's articles in the order written, and its rejections."""
    import sqlite3

    with sqlite3.connect(path) as db:
        articles = db.execute("SELECT id, origin, text, published FROM articles ORDER BY rowid")
        drops = db.execute("SELECT origin, stage, reason FROM rejections ORDER BY origin, stage")
        return [tuple(map(str, r)) for r in articles], [tuple(map(str, r)) for r in drops]


def test_ingest_cleans_in_workers_and_stores_what_one_process_stores(tmp_path, monkeypatch):
    """Records cleaned in two worker processes, a few to a task, are written here in the
    order read: the same articles and rejections, in the same order, as one process; a
    task whose cleaning fails twice is rejected at stage "clean" and the rest goes on."""
    from storyline.flow import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "CLEAN_TASK", 2)
    monkeypatch.setattr(ingest_module, "CLEAN_AHEAD", 2)
    inputs = [EXAMPLES / "text", EXAMPLES / "html", EXAMPLES / "feeds", EXAMPLES / "compressed"]
    stores = {}
    for name, runner in (("one", LocalRunner()), ("pool", PoolRunner(2))):
        path = tmp_path / f"{name}.db"
        try:
            with Store.open(path) as store:
                report = ingest(plan(inputs), store, Settings(db_path=str(path)), runner=runner)
        finally:
            runner.close()
        assert report.balanced and report.new > 10
        stores[name] = _stored_rows(path)
    assert stores["pool"] == stores["one"]

    real = ingest_module.clean_document

    def refusing(record):
        if "futsal" in record.origin:
            raise RuntimeError("a cleaner bug")
        return real(record)

    monkeypatch.setattr(ingest_module, "clean_document", refusing)
    path = tmp_path / "refused.db"
    pool = PoolRunner(2)
    try:
        with Store.open(path) as store:
            report = ingest(plan([EXAMPLES / "text"]), store, Settings(db_path=str(path)),
                            runner=pool)
    finally:
        pool.close()
    [refused] = [d for d in report.drops if "futsal" in d.origin]
    assert refused.stage == "clean" and "a cleaner bug" in refused.reason
    assert report.balanced and report.new == 5  # the other five files go through


def test_the_ingest_command_takes_workers_and_stores_the_same(tmp_path, monkeypatch):
    from storyline.cli import store_commands

    monkeypatch.setattr(store_commands, "CLEAN_POOL_MIN_BYTES", 0)  # a pool even for this
    runner = CliRunner()
    listed = []
    for workers in ("1", "2"):
        db = str(tmp_path / f"w{workers}.db")
        result = runner.invoke(main, ["ingest", str(EXAMPLES / "text"), str(EXAMPLES / "feeds"),
                                      "--db", db, "-q", "--workers", workers])
        assert result.exit_code == 0, result.output
        listed.append(_stored_rows(Path(db)))
    assert listed[0] == listed[1] and len(listed[0][0]) > 10


def test_a_worker_killed_during_story_analysis_costs_a_retry(stored, tmp_path, monkeypatch):
    """A worker process that dies analysing a story: the batch is tried again in a new
    pool, and the export is the one-process export, nothing lost or doubled."""
    import storyline.analyze.report as report

    one = _exported(_copy(stored, tmp_path, "one.db"), workers=1)
    marker = tmp_path / "die-once"
    marker.write_text("x")
    real = report.analyze_story

    def dying(story_id, articles, **kwargs):
        if marker.exists():
            marker.unlink()
            os._exit(9)
        return real(story_id, articles, **kwargs)

    monkeypatch.setattr(report, "analyze_story", dying)  # the forked workers inherit it
    pool = PoolRunner(2)
    try:
        assert _exported(_copy(stored, tmp_path, "killed.db"), runner=pool) == one
    finally:
        pool.close()
    assert not marker.exists()  # a worker did die


def test_a_story_failing_in_a_worker_is_named_and_not_cached(stored, tmp_path, monkeypatch):
    import storyline.analyze.quotes as quotes
    from storyline.analyze.report import analysis_key

    real = quotes.find_quotes

    def fragile(text, *args, **kwargs):
        if "futsal" in text.casefold():
            raise IndexError("a rule met text it was not written for")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(quotes, "find_quotes", fragile)
    failed: list[tuple[str, str]] = []
    pool = PoolRunner(2)
    path = _copy(stored, tmp_path, "fragile.db")
    try:
        with Store.open(path) as store:
            stories = store.stories()
            analyses = analyze_stories(store, stories, runner=pool,
                                       on_error=lambda s, exc: failed.append((s.id, str(exc))))
            [(story_id, reason)] = failed
            assert reason.startswith("IndexError: a rule met text")
            assert analyses[story_id] == {}
            futsal = next(s for s in stories if s.id == story_id)
            assert store.analysis(story_id, analysis_key(futsal.article_ids)) is None
            assert all(analyses[s.id]["summary"] for s in stories if s.id != story_id)
    finally:
        pool.close()
