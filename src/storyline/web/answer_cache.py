"""Answers kept while the store does not change: a GET answered once is answered again from
memory, so a page or API read costs a look-up instead of its queries and rendering (2-45 ms
on a store of 20,000 articles).

The store's version is `Store.data_version` (SQLite's `PRAGMA data_version`: it moves on
any commit, from any process), read through the desk's connection for the event loop's
thread, and the desk's own count of its writes. A write through the desk (a POST, the
background analyses and polls) empties the cache: the next answer shows it. A commit from
another process (an ingest, a cron `feeds poll`) commits every second or so while it runs;
emptying the cache at each would leave it empty. So an answer made before such a commit
is still given for up to STALE_SECONDS after it was made: as it is for REMAKE_AFTER, then
while the one request that found it so has it made again in the background; an answer
older than STALE_SECONDS is made before it is given. Either way an answer never lags the
store by more than STALE_SECONDS. The version is read at most every VERSION_EVERY seconds.

Plain ASGI around the app. An answer is kept when it is a 200 with an ETag and does not
say `Cache-Control: no-store` (a story still analysing says it: its page changes without a
commit and asks the background writer each time it is shown). The same answer asked for by
many clients at once is made once. The version is read *before* the app answers, so a kept
answer is never older than the version it is kept under.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("storyline.web")

#: Answers kept at most, and their bodies' bytes at most (the least recently used go
#: first). A store's front pages, filters and the stories people open fit many times over;
#: a story page of a large story is ~100 KB.
MAX_ANSWERS = 4096
MAX_BYTES = 64 * 1024 * 1024
#: How long an answer made before another process's commit may still be given (while it
#: is made again). An ingest of 100-article batches commits ~1.6 times a second
#: (benchmarks/serve.py). Emptied at each commit, the cache kept little; with 1 s, each of
#: the benchmark's 49 addresses was made again every second (service time p50 6.3 ms,
#: p95 245 ms at 200 requests/s); with 5 s, p50 1.1 ms, p95 79 ms (the same machine, load
#: ~9). A reader of news does not notice 5 s; a write through the desk shows at once.
STALE_SECONDS = 5.0
#: How long an answer made before another process's commit is given as it is, before it is
#: made again (while still given, up to STALE_SECONDS): an ingest commits about once a
#: second, and making every address again at each commit kept a core busy rendering, which
#: slows every answer the event loop gives (see VERSION_EVERY). benchmarks/serve.py, 3
#: rounds in turn (load 5-8 on 2 cores), with app.READ_THREADS: made again 196-245 times in
#: 30 s, latency p95 median 13.7 ms; with neither (0 s, 40 threads) 636-855 times, 25.2 ms.
REMAKE_AFTER = 2.0
#: Seconds the store's data version, once read, is used before it is read again (the desk's
#: own writes are counted in memory and still seen at once). Reading it is a SQLite call,
#: which gives up the GIL: with threads rendering, the event loop then waits up to the
#: switch interval (5 ms) to get it back: read at every request, it held the loop about
#: as long as writing the answers to the sockets did (py-spy under benchmarks/serve.py).
#: An answer is still never older than the version it is kept under (the version may be
#: older than the answer: it is made again).
VERSION_EVERY = 0.1
#: Paths never kept here: static files carry their own validators and cost nothing.
_PASS_THROUGH = ("/static/",)


@dataclass(frozen=True)
class Answer:
    """A kept answer: its start message's headers, its body and ETag, and the store's
    version and the monotonic time when it was made."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes
    version: tuple[int, int]
    made: float


@dataclass
class CacheCounts:
    """How the cache did since the app started (tests and the benchmark read them)."""

    hits: int = 0
    stale: int = 0  # answers given after another process committed (within STALE_SECONDS)
    remade: int = 0  # of those, answers made again in the background
    misses: int = 0  # answers made before they were given
    shared: int = 0  # answers waited for while another request made them
    versions: int = 0  # reads of the store's data version


class AnswerCache:
    """The middleware. `version` says the store's data version as one connection sees it
    (`Desk.data_version`; None: keep nothing), `own_writes` how many writes the desk has
    committed, `counts` is where it counts. Both are called on the event loop's thread."""

    def __init__(self, app: ASGIApp, version: Callable[[], int | None],
                 own_writes: Callable[[], int],
                 counts: CacheCounts, *, max_answers: int = MAX_ANSWERS,
                 max_bytes: int = MAX_BYTES, stale_seconds: float = STALE_SECONDS,
                 remake_after: float = REMAKE_AFTER, version_every: float = VERSION_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.version, self.own_writes, self.counts = app, version, own_writes, counts
        self.max_answers, self.max_bytes, self.stale_seconds = max_answers, max_bytes, stale_seconds
        self.remake_after, self.version_every = remake_after, version_every
        self.clock = clock
        self._data: int | None = None
        self._data_read = float("-inf")
        self._answers: OrderedDict[bytes, Answer] = OrderedDict()
        self._bytes = 0
        self._writes = -1
        self._making: dict[bytes, asyncio.Future[Answer | None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith(_PASS_THROUGH)):
            await self.app(scope, receive, send)
            return
        writes = self.own_writes()
        if writes != self._writes:  # the desk wrote: nothing kept is current
            self._answers.clear()
            self._bytes, self._writes = 0, writes
            self._data_read = float("-inf")
        now = self.clock()
        if now - self._data_read >= self.version_every or self._data is None:
            self._data, self._data_read = self.version(), now
            self.counts.versions += 1
        data = self._data
        if data is None:
            await self.app(scope, receive, send)
            return
        version = (data, writes)
        key = scope["path"].encode("utf-8", "surrogateescape") + b"?" + scope["query_string"]
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            if answer.version == version:
                self.counts.hits += 1
                await _replay(answer, scope, send)
                return
            age = now - answer.made
            if age < self.stale_seconds:
                self.counts.stale += 1
                if age >= self.remake_after and key not in self._making:
                    # claimed now, so it is made again once
                    self.counts.remade += 1
                    future = self._claim(key)
                    task = asyncio.create_task(self._make(version, key, scope, future))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                await _replay(answer, scope, send)
                return
        pending = self._making.get(key)
        if pending is not None:
            shared = await asyncio.shield(pending)
            if shared is not None and shared.version == version:
                self.counts.shared += 1
                await _replay(shared, scope, send)
                return
        self.counts.misses += 1
        messages = await self._make_messages(version, key, scope, receive, self._claim(key))
        answer = _keepable(messages, version, 0.0)
        if answer is not None:
            await _replay(answer, scope, send)
            return
        for message in messages:
            await send(message)

    def _claim(self, key: bytes) -> asyncio.Future[Answer | None]:
        """The answer for `key` is being made: others asking for it wait for this one."""
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._making[key] = future
        return future

    async def _make(self, version: tuple[int, int], key: bytes, scope: Scope,
                    future: asyncio.Future[Answer | None]) -> None:
        """Make a stale answer again in the background; a failure is logged (the next
        request finds the answer too old and makes it in the foreground, failing there)."""
        try:
            await self._make_messages(version, key, scope, None, future)
        except Exception:  # nobody awaits this task: say what went wrong
            log.exception("making %s again failed", key.decode("utf-8", "replace"))

    async def _make_messages(self, version: tuple[int, int], key: bytes, scope: Scope,
                             receive: Receive | None, future: asyncio.Future[Answer | None]
                             ) -> list[Message]:
        """The app's answer to the request without its validators (the cache answers
        If-None-Match itself), kept when it may be; `future` (claimed) gets it too."""
        messages: list[Message] = []
        answer = None
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers", ())
                                      if k not in (b"if-none-match", b"if-modified-since")]}
        started = self.clock()  # what the answer shows is at least this recent
        try:
            await self.app(plain, receive or _no_body, _collect(messages))
            answer = _keepable(messages, version, started)
            if answer is not None and version[1] == self._writes:
                self._keep(key, answer)
        finally:
            if self._making.get(key) is future:
                del self._making[key]
            future.set_result(answer)
        return messages

    def _keep(self, key: bytes, answer: Answer) -> None:
        current = self._answers.get(key)
        if len(answer.body) > self.max_bytes or (current is not None
                                                  and current.made > answer.made):
            return  # too big, or a slower making of an older version finishing late
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._answers[key] = answer
        self._bytes += len(answer.body)
        while len(self._answers) > self.max_answers or self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)


async def _no_body() -> Message:
    """`receive` for an answer made again in the background: a GET without a body."""
    return {"type": "http.request", "body": b"", "more_body": False}


def _collect(messages: list[Message]) -> Send:
    async def send(message: Message) -> None:
        messages.append(message)
    return send


def _keepable(messages: list[Message], version: tuple[int, int], made: float) -> Answer | None:
    """The answer in `messages` if it may be kept: a 200 with an ETag, whole, not no-store."""
    if not messages or messages[0]["type"] != "http.response.start":
        return None
    start = messages[0]
    if start["status"] != 200:
        return None
    headers = tuple((bytes(k).lower(), bytes(v)) for k, v in start.get("headers", ()))
    etag = next((v for k, v in headers if k == b"etag"), None)
    control = b",".join(v for k, v in headers if k == b"cache-control").lower()
    if etag is None or b"no-store" in control:
        return None
    bodies = [m for m in messages[1:] if m["type"] == "http.response.body"]
    if not bodies or bodies[-1].get("more_body", False):
        return None
    return Answer(headers=headers, body=b"".join(m.get("body", b"") for m in bodies),
                  etag=etag, version=version, made=made)


def _if_none_match(scope: Scope) -> bytes | None:
    for name, value in scope.get("headers", ()):
        if name == b"if-none-match":
            return bytes(value)
    return None


async def _replay(answer: Answer, scope: Scope, send: Send) -> None:
    """Send a kept answer, or 304 without its body when the client holds it already (the
    rule of `http.matches`)."""
    given = _if_none_match(scope)
    if given is not None:
        tags = {t.strip().removeprefix(b"W/") for t in given.split(b",")}
        if b"*" in tags or answer.etag in tags:
            kept = [(k, v) for k, v in answer.headers
                    if k not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
    await send({"type": "http.response.start", "status": 200, "headers": list(answer.headers)})
    await send({"type": "http.response.body", "body": answer.body})
