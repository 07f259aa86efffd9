"""The desk's background writer: analyses of stories asked for but not cached yet (so no
request waits on the language model), with `--every` the feed polls, and the re-clustering
passes that a refresh after the desk's writes left undone for their size (so no request
waits on a pass either). One thread, holding the desk's write lock while it writes: the
store keeps one writer."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from storyline import views
from storyline.feeds import AccessPolicy, Fetcher, FetchLimits, poll_feeds
from storyline.flow.ingest import refresh_stories
from storyline.settings import from_env
from storyline.web.app import Desk

if TYPE_CHECKING:
    from storyline.stories.window import PassOutcome

log = logging.getLogger("storyline.web")

#: Processes an analysis in the server may use: one (this one), so the readers keep the
#: other cores; `storyline export --workers N` analyses a whole store faster.
ANALYSIS_WORKERS = 1
#: Stories waiting for analysis at most; more are asked again when next viewed.
MAX_WAITING = 1000


class Background:
    """Start with `start()`, stop with `stop()` (waits for the work in hand to end)."""

    def __init__(self, desk: Desk, *, every: float | None = None,
                 policy: AccessPolicy | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.desk, self.every, self.clock = desk, every, clock
        self.policy = policy or AccessPolicy.from_options(())
        self._waiting: dict[str, None] = {}  # story ids, in the order asked (a set in order)
        self._wake = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._next_poll = clock() if every else None
        self.polls = 0  # polls done (tests wait on it)
        #: Why a re-clustering pass is waiting to run ('' when none is): a refresh's
        #: `StoryRefresh.deferred`, the latest if several.
        self.deferred = ""
        self.deferrals = 0  # passes asked for (`recluster`)
        self.passes = 0  # passes run
        self.last_pass: PassOutcome | None = None  # what the latest pass did

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="storyline-background",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join()

    def analyse(self, story_id: str) -> None:
        """Ask for a story's analysis (once, however often asked before it is done)."""
        with self._wake:
            if story_id not in self._waiting and len(self._waiting) < MAX_WAITING:
                self._waiting[story_id] = None
                self._wake.notify()

    def recluster(self, why: str) -> None:
        """Ask for the re-clustering pass a refresh left undone (`why`: its `deferred`):
        run once, however often asked before it runs, before the analyses waiting (a pass
        can change the stories they are of)."""
        with self._wake:
            self.deferred = why
            self.deferrals += 1
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while (not self._stopping and not self._waiting and not self.deferred
                       and not self._poll_due()):
                    wait = None if self._next_poll is None else max(0.0, self._next_poll
                                                                    - self.clock())
                    self._wake.wait(wait)
                if self._stopping:
                    return
                story_id = next(iter(self._waiting), None)
                poll = self._poll_due()
                why = "" if poll else self.deferred
                if why:  # taken: a refresh deferring again meanwhile asks again
                    self.deferred = ""
            if poll:
                self._poll()
            elif why:
                self._recluster(why)
            elif story_id is not None:
                self._analyse(story_id)
                with self._wake:
                    self._waiting.pop(story_id, None)

    def _poll_due(self) -> bool:
        return self._next_poll is not None and self.clock() >= self._next_poll

    def _analyse(self, story_id: str) -> None:
        try:
            with self.desk.writing() as store:
                detail = views.story(store, story_id, analyse="cached")
                if detail is None or detail.analysed:
                    return
                views.analyses(store, [detail.story], workers=ANALYSIS_WORKERS,
                               on_error=lambda story, exc: log.warning(
                                   "analysis of story %s failed: %s", story.id, exc))
        except Exception:  # a bug must not end the thread: the next story is analysed
            log.exception("analysis of story %s failed", story_id)

    def _poll(self) -> None:
        assert self.every is not None
        self._next_poll = self.clock() + self.every
        try:
            with self.desk.writing() as store, \
                    Fetcher(policy=self.policy, limits=FetchLimits()) as fetcher:
                report = poll_feeds(store, from_env(db_path=self.desk.db_path), fetcher)
                refreshed = (refresh_stories(store, pass_limit=self.desk.pass_limit)
                             if report.ingest.new or report.ingest.upgraded else None)
                # a pass owed by this refresh, or by one in another process (an ingest)
                owed = (refreshed.deferred if refreshed is not None else "") or store.pass_owed()
            log.info("feeds polled: %d new articles, %d failing feeds", report.ingest.new,
                     len(report.failed))
            if owed:
                self.recluster(owed)
        except Exception:  # the next poll tries again
            log.exception("polling the feeds failed")
        self.polls += 1

    def _recluster(self, why: str) -> None:
        """The pass a refresh left undone: what `storyline recluster --window` runs (the
        stories active in the last WINDOW_DAYS days, whatever their size), holding the
        write lock while it runs; the readers go on meanwhile (WAL)."""
        started = self.clock()
        try:
            with self.desk.writing() as store:
                refreshed = refresh_stories(store, asked=True)
            self.last_pass = refreshed.window
            done = refreshed.window
            log.info("re-clustering pass (%s) in %.1f s: %s", why, self.clock() - started,
                     f"{done.articles:,} articles, {done.changed:,} groups of stories changed"
                     if done is not None else "nothing to re-cluster")
        except Exception:  # a bug must not end the thread; the next deferral asks again
            log.exception("the re-clustering pass failed")
        self.passes += 1
