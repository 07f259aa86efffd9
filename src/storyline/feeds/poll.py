"""Poll every followed feed once and ingest what is new.

Per feed: (1) fetch it with a conditional GET (ETag / Last-Modified; a local file by its
size and modification time); 304 means nothing new. (2) Read its entries; those already
taken (same guid from this feed, or same link from any feed) are skipped. (3) For each
new entry of a web feed, fetch the page it links to (robots.txt honoured, within the
fetch limits) through the HTML reader; when the page cannot be had, keep the feed's own
teaser and say why. A local feed's entries are taken as they are (no network). (4) Clean
and store them with the ingest runner (batches, rejections as for files). (5) Record the
poll's outcome; a failing feed backs off, doubling the wait each time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from storyline.errors import StorylineError
from storyline.feeds.fetch import FEED_TYPES, PAGE_TYPES, Failure, Fetched, Fetcher
from storyline.feeds.items import Entry, ParsedFeed, parse_feed
from storyline.feeds.registry import is_url
from storyline.flow.ingest import IngestReport, ingest_records
from storyline.model import Drop, RawDocument
from storyline.settings import Settings
from storyline.sources.html import read_html
from storyline.store import FeedRow, PollState, SeenItem, Store

#: A healthy feed's next poll: news feeds change every few minutes to hours; 15 minutes
#: is what most feed readers default to and what publishers' rate limits tolerate.
POLL_INTERVAL = dt.timedelta(minutes=15)
#: A failing feed waits BACKOFF_BASE, doubled after each further failure, at most
#: BACKOFF_MAX (a feed down for a day is asked about hourly, not every 15 minutes).
BACKOFF_BASE = dt.timedelta(minutes=5)
BACKOFF_MAX = dt.timedelta(hours=6)
#: New items fetched, then stored, at a time: bounds the pages held in memory (at most
#: this many times the fetch size limit) and the work a crash can lose.
PAGES_PER_BATCH = 50


@dataclass(kw_only=True)
class FeedPoll:
    """What one poll of one feed did."""

    feed: FeedRow
    outcome: str                    # ok | not-modified | error | refused | waiting
    error: str | None = None
    title: str | None = None        # the feed's title as this poll read it
    new_items: int = 0
    pages: int = 0                  # items stored from the page they link to
    entries: int = 0                # items stored as the feed gives them (no page sought)
    teasers: int = 0                # items whose page could not be had: the feed's text kept
    rejected: int = 0
    problems: list[str] = field(default_factory=list)   # pages kept as teasers, and why


@dataclass(kw_only=True)
class PollReport:
    polls: list[FeedPoll] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def failed(self) -> list[FeedPoll]:
        return [p for p in self.polls if p.outcome in ("error", "refused")]


def _iso(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def due(feed: FeedRow, now: dt.datetime) -> bool:
    """A feed in backoff waits for its next poll; any other is polled whenever asked."""
    return not feed.failures or not feed.next_poll or dt.datetime.fromisoformat(feed.next_poll) <= now


def poll_feeds(store: Store, settings: Settings, fetcher: Fetcher, *,
               now: Callable[[], dt.datetime] | None = None, force: bool = False,
               on_feed: Callable[[FeedPoll], None] | None = None) -> PollReport:
    """Poll every followed feed once (those backing off only when `force`) and store the
    new items. The caller refreshes the stories when `report.ingest.new`."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    report = PollReport()
    for feed in store.feeds():
        if not force and not due(feed, clock()):
            result = FeedPoll(feed=feed, outcome="waiting",
                              error=f"backing off after {feed.failures} failures until "
                              f"{feed.next_poll} (--force polls it now)")
        else:
            try:
                result = poll_feed(store, settings, fetcher, feed, clock(), report.ingest)
            except StorylineError:
                raise  # the store or a model: nothing else can be polled either
            except Exception as exc:  # a bug met on one feed's content must not stop the rest
                result = _failed(store, feed, clock(), "error",
                                 f"storyline failed on this feed ({type(exc).__name__}: {exc}); "
                                 "please report it with the feed")
        report.polls.append(result)
        if on_feed is not None:
            on_feed(result)
    return report


def poll_feed(store: Store, settings: Settings, fetcher: Fetcher, feed: FeedRow,
              now: dt.datetime, totals: IngestReport) -> FeedPoll:
    """One feed, once: fetch, take the new entries, store them, record the outcome."""
    got = _fetch_feed(fetcher, feed, settings)
    if isinstance(got, Failure):
        return _failed(store, feed, now, "refused" if got.refused else "error", got.reason)
    if got.status == 304:
        _succeeded(store, feed, now, "not-modified", got, [])
        return FeedPoll(feed=feed, outcome="not-modified")
    parsed = parse_feed(feed.url, got.content)
    if isinstance(parsed, Drop):
        return _failed(store, feed, now, "error", parsed.reason)
    fresh = {key for key, _ in store.unseen_items(feed.id, [(e.key, e.link) for e in parsed.entries])}
    # items kept as the feed's teaser because their page could not be had: their page is
    # tried again while the feed lists them, and upgrades the stored teaser in place
    fresh |= store.teaser_items(feed.id, [e.key for e in parsed.entries if e.link and is_url(e.link)])
    links: set[str] = set()  # one page per link in this poll too
    entries = []
    for entry in parsed.entries:
        if entry.key in fresh and (entry.link is None or entry.link not in links):
            entries.append(entry)
            links.add(entry.link or "")
    result = FeedPoll(feed=feed, outcome="ok", title=parsed.title, new_items=len(entries))
    seen: list[SeenItem] = []
    for start in range(0, len(entries), PAGES_PER_BATCH):
        seen = _take(store, settings, fetcher, feed, parsed, entries[start:start + PAGES_PER_BATCH],
                     totals, result)
        if start + PAGES_PER_BATCH < len(entries):
            store.record_items(feed.id, seen, _iso(now))
    _succeeded(store, feed, now, "ok", got, seen, title=parsed.title)
    return result


def _take(store: Store, settings: Settings, fetcher: Fetcher, feed: FeedRow, parsed: ParsedFeed,
          entries: list[Entry], totals: IngestReport, result: FeedPoll) -> list[SeenItem]:
    """Fetch and store a batch of new entries; what each became (counted in `result`)."""
    taken: list[tuple[Entry, RawDocument | Drop, str, str | None]] = []
    for entry in entries:
        record, outcome, detail = _record(fetcher, feed, parsed, entry)
        taken.append((entry, record, outcome, detail))
        if detail:
            result.problems.append(detail)
    ingested = ingest_records([record for _, record, _, _ in taken], store, settings,
                              group=Path(f"feed-{feed.id}"))
    _add(totals, ingested)
    reasons = {d.origin: d.reason for d in ingested.drops}
    seen = []
    for entry, record, outcome, detail in taken:
        if record.origin in reasons:
            outcome, detail = "rejected", detail or reasons[record.origin]
        seen.append(SeenItem(key=entry.key, url=entry.link, outcome=outcome, detail=detail))
    result.pages += sum(s.outcome == "page" for s in seen)
    result.entries += sum(s.outcome == "feed" for s in seen)
    result.teasers += sum(s.outcome == "teaser" for s in seen)
    result.rejected += sum(s.outcome == "rejected" for s in seen)
    return seen


def _fetch_feed(fetcher: Fetcher, feed: FeedRow, settings: Settings) -> Fetched | Failure:
    """The feed's bytes: over HTTP with a conditional GET, or from its file."""
    if is_url(feed.url):
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        return fetcher.get(feed.url, accept=FEED_TYPES, headers=headers)
    path = Path(feed.url)
    try:
        stat = path.stat()
        stamp = f"{stat.st_size}-{stat.st_mtime_ns}"
        if stamp == feed.etag:
            return Fetched(url=feed.url, status=304, content=b"", content_type="", charset=None,
                           etag=stamp, last_modified=None)
        if stat.st_size > settings.max_input_bytes:
            return Failure(url=feed.url, reason=f"{feed.url} is {stat.st_size:,} bytes, above "
                           f"the {settings.max_input_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        return Failure(url=feed.url, reason=f"cannot read {feed.url}: {exc.strerror or exc}")
    return Fetched(url=feed.url, status=200, content=data, content_type="", charset=None,
                   etag=stamp, last_modified=None)


def _record(fetcher: Fetcher, feed: FeedRow, parsed: ParsedFeed, entry: Entry
            ) -> tuple[RawDocument | Drop, str, str | None]:
    """The record to store for a new entry, how it was had (page | teaser | rejected), and
    why the page could not be had."""
    teaser = entry.teaser
    if isinstance(teaser, RawDocument) and parsed.title and not teaser.source:
        teaser = replace(teaser, source=parsed.title)
    if not is_url(feed.url) or not entry.link or not is_url(entry.link):
        # a local feed's entries are taken as they are (no network); so is an entry
        # without a web link
        return teaser, "feed" if isinstance(teaser, RawDocument) else "rejected", None
    page = _page(fetcher, entry.link)
    if isinstance(page, str):
        if isinstance(teaser, RawDocument):
            # kept as a teaser: a later poll that gets the page upgrades it in place
            return (replace(teaser, origin=entry.link, teaser=True), "teaser",
                    f"{entry.link}: {page}")
        return Drop(origin=entry.link, stage="fetch", reason=f"{page}; the feed gives no text "
                    "for this item"), "rejected", f"{entry.link}: {page}"
    if isinstance(teaser, RawDocument):  # the feed's metadata (title, date, outlet) kept
        return replace(teaser, origin=entry.link, content=page.content, kind="html",
                       sha256=page.sha256, url=page.url), "page", None
    return (replace(page, origin=entry.link, title=entry.title, source=parsed.title,
                    source_id=entry.key), "page", None)


def _page(fetcher: Fetcher, link: str) -> RawDocument | str:
    """The page an entry links to, read by the HTML reader; or why it cannot be had."""
    if not fetcher.robots_allow(link):
        return "robots.txt disallows fetching it"
    got = fetcher.get(link, accept=PAGE_TYPES)
    if isinstance(got, Failure):
        return got.reason
    records = list(read_html(link, got.content, url=got.url, charset=got.charset))
    found = records[0] if records else None
    if not isinstance(found, RawDocument):
        return found.reason if isinstance(found, Drop) else "an empty page"
    return found


def _succeeded(store: Store, feed: FeedRow, now: dt.datetime, outcome: str, got: Fetched,
               seen: list[SeenItem], title: str | None = None) -> None:
    store.record_poll(feed.id, PollState(
        outcome=outcome, error=None, polled_at=_iso(now), next_poll=_iso(now + POLL_INTERVAL),
        failures=0, title=title, etag=got.etag or feed.etag,
        last_modified=got.last_modified or feed.last_modified), seen)


def _failed(store: Store, feed: FeedRow, now: dt.datetime, outcome: str, reason: str) -> FeedPoll:
    failures = feed.failures + 1
    wait = min(BACKOFF_BASE * 2 ** min(failures - 1, 16), BACKOFF_MAX)
    store.record_poll(feed.id, PollState(
        outcome=outcome, error=reason, polled_at=_iso(now), next_poll=_iso(now + wait),
        failures=failures, keep_validators=True))
    return FeedPoll(feed=feed, outcome=outcome, error=reason)


def _add(total: IngestReport, part: IngestReport) -> None:
    total.records += part.records
    total.new += part.new
    total.existing += part.existing
    total.drops += part.drops
