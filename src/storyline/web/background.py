"""The desk's background writer: analyses of stories asked for but not cached yet (so no
request waits on the language model), and, with `--every`, the feed polls. One thread,
holding the desk's write lock while it writes: the store keeps one writer."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from storyline import views
from storyline.feeds import AccessPolicy, Fetcher, FetchLimits, poll_feeds
from storyline.flow.ingest import refresh_stories
from storyline.settings import from_env
from storyline.web.app import Desk

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

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._waiting and not self._poll_due():
                    wait = None if self._next_poll is None else max(0.0, self._next_poll
                                                                    - self.clock())
                    self._wake.wait(wait)
                if self._stopping:
                    return
                story_id = next(iter(self._waiting), None)
            if self._poll_due():
                self._poll()
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
                if report.ingest.new or report.ingest.upgraded:
                    refresh_stories(store)
            log.info("feeds polled: %d new articles, %d failing feeds", report.ingest.new,
                     len(report.failed))
        except Exception:  # the next poll tries again
            log.exception("polling the feeds failed")
        self.polls += 1
