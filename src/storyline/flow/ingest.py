"""The ingest runner: read -> clean -> store, in transactional batches; then
`flow.refresh.refresh_stories` (stories) and `flow.analysis.analyze_stories` (their
analysis), named here too so that a caller runs the whole flow from one module.

It owns batching. Stages are pure (`sources` reads, `clean` transforms, `store` writes).
Cleaning runs where a `Runner` says (`flow.workers`: this process, worker processes, a
Dask cluster), a window of records at a time; records are read and written here, in order,
so the store is the same wherever they were cleaned.
Articles whose only date is a year-less dateline wait until the whole run has been read,
then take their year from the run's other articles, nearest first: those of their file,
then of their folder (`clean.dates.YearContext`; `published_from: corpus`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.clean import clean_document, resolve_pending
from storyline.clean.dates import YearContext
from storyline.flow.workers import BatchFailure, LocalRunner, Runner
from storyline.model import Article, Drop, PendingYear, RawDocument
from storyline.settings import Settings
from storyline.sources import FieldMap, InputFile, discover, read_file
from storyline.store import Store

__all__ = ["CLEAN_POOL_MIN_BYTES", "FieldMap", "IngestProgress", "IngestReport", "StoryRefresh",
           "analyze_stories", "clean_batch", "ingest", "ingest_records", "plan",
           "refresh_stories"]

#: Records per cleaning task given to a worker: cleaning an HTML page costs ~10 ms
#: (benchmarks/ingest.py, 33 KB pages) and shipping it ~0.1 ms, so 32 keep the per-task
#: cost near 1% and still balance two workers on a few hundred records.
CLEAN_TASK = 32
#: Tasks read ahead and handed to the runner at once (the window the workers share).
CLEAN_AHEAD = 8
#: Input bytes below which cleaning stays in this process: at ~3 MB/s of HTML a second's
#: cleaning is worth forking workers for (each fork of a process without the model costs
#: some 20-50 ms); text records clean faster, so this errs towards staying in-process.
CLEAN_POOL_MIN_BYTES = 3_000_000


@dataclass(kw_only=True)
class IngestReport:
    """What an ingest did: counts a person can check, and every rejection with its reason.

    `records` counts every outcome of reading: each record read from a file, and each
    file (or damaged part of one) rejected before it gave records. Each ends in exactly
    one category, so `records == new + existing + upgraded + rejected` always holds
    (`balanced`): `existing` counts records already in the store (or read twice in this
    run) and copies with no more text than the stored one; `upgraded` those that brought
    more text to a stored teaser or headline, and records stored before that the cleaner
    now reads differently (updated in place: one record is never stored twice).
    `notices` holds what is not a rejection but a person should know (fields that were
    not used)."""

    files: int = 0
    records: int = 0
    new: int = 0
    existing: int = 0
    upgraded: int = 0
    drops: list[Drop] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    upgraded_ids: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.new + self.existing + self.upgraded

    @property
    def rejected(self) -> int:
        return len(self.drops)

    @property
    def balanced(self) -> bool:
        """The summary adds up: every record is new, already stored, upgraded or rejected."""
        return self.records == self.new + self.existing + self.upgraded + self.rejected


@dataclass(frozen=True, kw_only=True)
class IngestProgress:
    """Where an ingest is: records read so far, and input bytes read of `total_bytes`
    (a record's share of a big file is estimated from its size; exact at each file's end)."""

    records: int
    done_bytes: int
    total_bytes: int


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
        self.report.upgraded += result.upgraded
        self.report.upgraded_ids.extend(result.upgraded_ids)
        self.items, self.drops = [], []


def _size(item: InputFile | Drop) -> int:
    if isinstance(item, Drop):
        return 0
    try:
        return item.path.stat().st_size
    except OSError:
        return 0


def ingest(
    inputs: Iterable[InputFile | Drop],
    store: Store,
    settings: Settings,
    on_file: Callable[[InputFile | Drop], None] | None = None,
    *,
    fields: FieldMap | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
    runner: Runner | None = None,
) -> IngestReport:
    """Read, clean and store every input; a rejected input never stops the others.

    `fields` names fields of JSON and CSV records for roles (`--field`); `on_progress`
    hears after each record and each file (`IngestProgress`); `runner` cleans the records
    (default: this process). A batch of records whose cleaning fails twice is rejected
    (stage "clean", with the reason); the rest goes on."""
    inputs = list(inputs)
    total = sum(map(_size, inputs))
    cleaner: Runner = runner if runner is not None else LocalRunner()
    report = IngestReport()
    batch = _Batcher(store, settings.batch_size, report)
    pending: list[tuple[PendingYear, RawDocument, Path]] = []
    context = YearContext()
    done = 0
    for item in inputs:
        if isinstance(item, Drop):
            report.records += 1
            batch.drop(item)
        else:
            report.files += 1
            size, read = _size(item), 0
            records = read_file(item, max_input_bytes=settings.max_input_bytes,
                                max_record_bytes=settings.max_record_bytes,
                                fields=fields, notice=report.notices.append)
            for record, result in _cleaned(records, cleaner):
                report.records += 1
                if isinstance(record, Drop):
                    batch.drop(record)
                else:
                    read = min(size, read + len(record.content) + 1)
                    if isinstance(result, Drop):
                        batch.drop(result)
                    elif isinstance(result, PendingYear):
                        pending.append((result, record, item.path))
                    else:
                        if result.published:
                            context.add(item.path, result.published)
                        batch.add(result, record)
                if on_progress is not None:
                    on_progress(IngestProgress(records=report.records, done_bytes=done + read,
                                               total_bytes=total))
            done += size
        if on_file is not None:
            on_file(item)
        if on_progress is not None:
            on_progress(IngestProgress(records=report.records, done_bytes=done,
                                       total_bytes=total))
    stored: set[dt.date] | None = None
    for waiting, record, path in pending:
        anchors = context.anchors(path)
        if not anchors:  # nothing dated in this run: the store's dates
            stored = set(store.published_dates()) if stored is None else stored
            anchors = stored
        batch.add(resolve_pending(waiting, anchors), record)
    batch.flush()
    return report


Cleaned = Article | Drop | PendingYear


def clean_batch(records: Sequence[RawDocument]) -> list[Cleaned]:
    """Clean a batch of records in this process (a worker's task)."""
    return [clean_document(record) for record in records]


def _cleaned(records: Iterable[RawDocument | Drop], runner: Runner
             ) -> Iterator[tuple[RawDocument | Drop, Cleaned | None]]:
    """Each record read with what cleaning made of it (None for a rejection read), in the
    order read; the runner cleans a window of CLEAN_TASK * CLEAN_AHEAD records at a time."""
    window: list[RawDocument | Drop] = []
    for record in records:
        window.append(record)
        if len(window) >= CLEAN_TASK * CLEAN_AHEAD:
            yield from _clean_window(window, runner)
            window = []
    yield from _clean_window(window, runner)


def _clean_window(window: list[RawDocument | Drop], runner: Runner
                  ) -> Iterator[tuple[RawDocument | Drop, Cleaned | None]]:
    raws = [record for record in window if not isinstance(record, Drop)]
    tasks = [raws[i:i + CLEAN_TASK] for i in range(0, len(raws), CLEAN_TASK)]
    outcomes: list[Cleaned] = []
    for task, outcome in runner.map(clean_batch, tasks):
        if isinstance(outcome, BatchFailure):
            outcomes += [Drop(origin=r.origin, stage="clean",
                              reason=f"cleaning failed twice: {outcome.reason}") for r in task]
        else:
            outcomes += outcome
    cleaned = iter(outcomes)
    for record in window:
        yield record, None if isinstance(record, Drop) else next(cleaned)


# The later stages, named here too: callers run the whole flow from this module.
from storyline.flow.analysis import analyze_stories  # noqa: E402
from storyline.flow.refresh import StoryRefresh, refresh_stories  # noqa: E402


def ingest_records(records: Iterable[RawDocument | Drop], store: Store, settings: Settings, *,
                   group: Path) -> IngestReport:
    """Clean and store records that do not come from a file (a polled feed's items), in
    the same batches as `ingest`; `group` stands for their file when a year-less dateline
    takes its year from the others (`clean.dates.YearContext`)."""
    report = IngestReport(files=0)
    batch = _Batcher(store, settings.batch_size, report)
    pending: list[PendingYear] = []
    context = YearContext()
    raws: list[RawDocument] = []
    for record in records:
        if isinstance(record, Drop):
            batch.drop(record)
            continue
        report.records += 1
        result = clean_document(record)
        if isinstance(result, Drop):
            batch.drop(result)
        elif isinstance(result, PendingYear):
            pending.append(result)
            raws.append(record)
        else:
            if result.published:
                context.add(group, result.published)
            batch.add(result, record)
    anchors = context.anchors(group) or set(store.published_dates())
    for waiting, record in zip(pending, raws, strict=True):
        batch.add(resolve_pending(waiting, anchors), record)
    batch.flush()
    return report
