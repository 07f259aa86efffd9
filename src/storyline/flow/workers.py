"""Where the per-article work runs: in this process, in a pool of worker processes, or on
a Dask cluster. The store stays here, the one writer; workers get articles and return
plain records, so the three give the same output byte for byte.

Each runner maps a function over batches and yields `(batch, outcome)` in the batches'
order. A batch whose work fails is tried once more (a lost worker, a killed process); if
it fails again its outcome is a `BatchFailure` with the reason, and the rest goes on.

Batches are drawn as workers free up (a few per worker in flight), so a caller can make
later batches from earlier outcomes: a story's analysis once its articles are read. A
`None` drawn means "nothing ready yet: ask again after the next outcome".
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from storyline.errors import StorylineError, UsageError
from storyline.language.runner import can_fork_workers, usable_cores

__all__ = ["POOL_MIN_CHARS", "BatchFailure", "DaskRunner", "LocalRunner", "PoolRunner", "Runner",
           "runner_for"]

T = TypeVar("T")
R = TypeVar("R")

#: Characters of work below which a pool does not pay: forking workers costs ~50 ms each
#: and every fork loads nothing new (the model is shared), but one process reads ~25k
#: characters of news a second, so below ~2 s of work the second core buys nothing
#: (benchmarks/scale.py measures the crossing).
POOL_MIN_CHARS = 50_000
#: Times a batch is tried before it becomes a failure.
ATTEMPTS = 2
#: Batches running or queued per worker: one running and one waiting, so a worker never
#: idles while the writer stores an outcome (or waits for a slower batch before it), and a
#: batch made from an outcome (a story whose articles are read) waits behind a few others,
#: not behind the whole queue.
AHEAD_PER_WORKER = 2


@dataclass(frozen=True)
class BatchFailure:
    """A batch that failed on every attempt, and why (the last error)."""

    reason: str


class Runner(Protocol):
    """Maps `work` over `batches`; yields each batch with its result or failure, in order.
    `batches` is drawn lazily; a `None` in it means none is ready until the next outcome."""

    name: str

    def map(self, work: Callable[[T], R], batches: Iterable[T | None]
            ) -> Iterator[tuple[T, R | BatchFailure]]: ...

    def close(self) -> None: ...


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _Feed(Generic[T]):
    """Batches drawn one at a time; `draw` gives None when none is ready or none is left."""

    def __init__(self, batches: Iterable[T | None]) -> None:
        self._batches = iter(batches)
        self.exhausted = False

    def draw(self) -> T | None:
        if self.exhausted:
            return None
        try:
            return next(self._batches)
        except StopIteration:
            self.exhausted = True
            return None

    def stalled(self) -> RuntimeError:
        """The error for a feed that waits while nothing runs (a caller's bug)."""
        return RuntimeError("the batches wait for an outcome, but no batch is running")


class LocalRunner:
    """Everything in this process: small runs and tests start no pool."""

    name = "in-process"

    def map(self, work: Callable[[T], R], batches: Iterable[T | None]
            ) -> Iterator[tuple[T, R | BatchFailure]]:
        feed = _Feed(batches)
        while (batch := feed.draw()) is not None:
            outcome: R | BatchFailure = BatchFailure("not run")
            for _ in range(ATTEMPTS):
                try:
                    outcome = work(batch)
                    break
                except StorylineError:
                    raise  # a missing model stops everything, wherever it runs
                except Exception as exc:
                    outcome = BatchFailure(_reason(exc))
            yield batch, outcome
        if not feed.exhausted:
            raise feed.stalled()

    def close(self) -> None:
        return None


class PoolRunner(Generic[T, R]):
    """Worker processes forked from this one (they share the loaded model). A worker that
    dies breaks the pool: a new pool takes the batches that had not come back, once."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise UsageError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self.name = f"{workers} worker processes"
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def map(self, work: Callable[[T], R], batches: Iterable[T | None]
            ) -> Iterator[tuple[T, R | BatchFailure]]:
        feed = _Feed(batches)
        drawn: dict[int, T] = {}  # batches drawn and not yet yielded, by their order
        outcomes: dict[int, R | BatchFailure] = {}
        attempts: dict[int, int] = {}
        pending: dict[int, Future[R]] = {}
        following = 0
        while True:
            while following in outcomes:  # then draw: the caller has seen these outcomes
                del attempts[following]
                yield drawn.pop(following), outcomes.pop(following)
                following += 1
            running = sum(not f.done() for f in pending.values())
            unsent = len(drawn) - len(outcomes) - len(pending)  # lost with a pool, to resend
            while running + unsent < self.workers * AHEAD_PER_WORKER:
                batch = feed.draw()
                if batch is None:
                    break
                index = following + len(drawn)
                drawn[index], attempts[index] = batch, 0
                unsent += 1
            if not self._send(work, drawn, outcomes, attempts, pending):
                continue  # a worker died since the last look: sent again to a new pool
            if not drawn:
                if feed.exhausted:
                    return
                raise feed.stalled()
            future = pending[following]
            if not future.done():  # a slow first batch must not idle the other workers
                wait([f for f in pending.values() if not f.done()], return_when=FIRST_COMPLETED)
                continue
            try:
                outcomes[following] = future.result()
            except StorylineError:
                self.close()
                raise
            except BrokenProcessPool as exc:
                self._lost(pending, attempts, outcomes, exc)
            except Exception as exc:
                del pending[following]
                if attempts[following] >= ATTEMPTS:
                    outcomes[following] = BatchFailure(_reason(exc))
            else:
                del pending[following]

    def _send(self, work: Callable[[T], R], drawn: dict[int, T],
              outcomes: dict[int, R | BatchFailure], attempts: dict[int, int],
              pending: dict[int, Future[R]]) -> bool:
        """Submit every drawn batch that is neither done nor running; False when the pool
        turned out broken (its pending batches are then lost, `_lost`)."""
        for index in sorted(drawn):
            if index not in outcomes and index not in pending:
                try:
                    pending[index] = self._executor().submit(work, drawn[index])
                except BrokenProcessPool as exc:
                    self._lost(pending, attempts, outcomes, exc)
                    return False
                attempts[index] += 1
        return True

    def _lost(self, pending: dict[int, Future[R]], attempts: dict[int, int],
              outcomes: dict[int, R | BatchFailure], exc: BaseException) -> None:
        """A worker died: a new pool, and every pending batch lost with the old one is sent
        again, unless it has been tried ATTEMPTS times."""
        self._restart()
        for index in list(pending):
            del pending[index]
            if attempts[index] >= ATTEMPTS:
                outcomes[index] = BatchFailure(f"worker process died ({_reason(exc)})")

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


class DaskRunner:
    """Batches as tasks on a Dask distributed cluster (`pip install storyline[dask]`). Each
    task is retried once by the scheduler (a lost worker); a task that still fails is a
    failure with its reason. Results come back to this process, the one writer."""

    def __init__(self, address: str | Any) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise UsageError("--dask needs Dask: pip install 'storyline[dask]'") from exc
        self._own = isinstance(address, str)
        try:
            self.client = Client(address, timeout="20s") if self._own else Client(address)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        except ValueError as exc:  # distributed's own parse of the address
            raise UsageError(f"--dask {address!r} is not a scheduler address ({exc}); give "
                             "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786") from exc
        self.name = f"Dask at {self.client.scheduler.address}"

    def map(self, work: Callable[[T], R], batches: Iterable[T | None]
            ) -> Iterator[tuple[T, R | BatchFailure]]:
        from distributed import wait as wait_for

        feed = _Feed(batches)
        ahead = AHEAD_PER_WORKER * max(1, sum(self.client.nthreads().values()))
        running: list[tuple[T, Any]] = []  # (batch, future) in the batches' order
        try:
            while True:
                busy = sum(not f.done() for _, f in running)
                while busy < ahead and (batch := feed.draw()) is not None:
                    running.append((batch, self.client.submit(
                        work, batch, retries=ATTEMPTS - 1, pure=False)))
                    busy += 1
                if not running:
                    if feed.exhausted:
                        return
                    raise feed.stalled()
                if not running[0][1].done():  # a slow first batch must not idle the others
                    wait_for([f for _, f in running if not f.done()],
                             return_when="FIRST_COMPLETED")
                    continue
                batch, future = running.pop(0)
                try:
                    outcome: R | BatchFailure = future.result()
                except StorylineError:
                    raise
                except Exception as exc:
                    outcome = BatchFailure(_reason(exc))
                yield batch, outcome
        finally:
            self.client.cancel([future for _, future in running])

    def close(self) -> None:
        if self._own:
            self.client.close()


def runner_for(workers: int | None, dask: str | None, work_chars: int,
               min_chars: int = POOL_MIN_CHARS) -> Runner:
    """The runner for `work_chars` characters of work: Dask when an address is given, a
    pool of `workers` (default: the cores) when the work is large enough to pay, else this
    process."""
    if dask:
        return DaskRunner(dask)
    count = usable_cores() if workers is None else workers
    if count < 1:
        raise UsageError(f"--workers must be at least 1, not {count}")
    if count == 1 or work_chars < min_chars or not can_fork_workers():
        return LocalRunner()
    return PoolRunner(count)
