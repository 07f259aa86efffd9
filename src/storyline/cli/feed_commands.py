"""`storyline feeds`: follow RSS/Atom feeds (add, list, remove) and poll them (`poll`:
every feed once, what is new ingested; run it from cron for a live store)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys

import click
from rich.text import Text

from storyline import views
from storyline.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    err,
    handle_errors,
    main,
    one_line,
    open_existing,
    out,
    plural,
    print_drops,
    store_options,
    store_settings,
)
from storyline.errors import UsageError
from storyline.feeds import AccessPolicy, FeedPoll, Fetcher, FetchLimits, feed_targets, poll_feeds
from storyline.feeds.fetch import HOST_INTERVAL
from storyline.flow.ingest import refresh_stories
from storyline.store import Store


@main.group()
def feeds() -> None:
    """Follow RSS/Atom feeds: add, list, remove, poll.

    \b
    Example:
      storyline feeds add https://example.org/world.rss
      storyline feeds poll
    """


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@feeds.command(name="add")
@click.argument("sources", nargs=-1, required=True)
@store_options
@handle_errors
def feeds_add(sources: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Follow feeds: an http(s) URL, a local RSS/Atom file, or an OPML list of feeds.

    Adding a feed twice is harmless. Nothing is fetched until `storyline feeds poll`.

    \b
    Example:
      storyline feeds add https://example.org/world.rss subscriptions.opml
    """
    targets = [t for given in sources for t in feed_targets(given)]
    with Store.open(store_settings(db).db_path) as store:
        for target in targets:
            feed, created = store.add_feed(target, _now())
            if not quiet:
                verb = "following" if created else "already following"
                err.print(f"{verb} feed {feed.id}: {one_line(feed.url)}", markup=False)


@feeds.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (feed health records).")
@store_options
@handle_errors
def feeds_list(as_json: bool, db: str | None, quiet: bool) -> None:
    """The followed feeds and how their polls go: the last outcome and, for a failing
    feed or page, why.

    \b
    Example:
      storyline feeds list
    """
    import json

    with open_existing(db) as store:
        health = views.feeds(store)
    if as_json:
        click.echo(json.dumps([h.record() for h in health], ensure_ascii=False, indent=2))
        return
    if not health and not quiet:
        err.print("no feeds: follow one with `storyline feeds add URL|FILE|OPML`", markup=False)
    for feed in health:
        out.print(f"{feed.id:>3}. {one_line(feed.title, '(not polled yet)')}", style="bold",
                  markup=False)
        out.print(f"     {one_line(feed.url)}", markup=False)
        if feed.last_poll is None:
            state = "never polled"
        else:
            state = f"{feed.last_outcome} at {feed.last_poll}"
            if feed.last_error:
                state += f": {one_line(feed.last_error)}"
            if feed.failures:
                state += f" ({plural(feed.failures, 'failure')} in a row; next try {feed.next_poll})"
        out.print(f"     {state} · {plural(feed.items_seen, 'item')} taken", markup=False,
                  style="red" if feed.status == "failing" else None)
        if feed.pages_failed:
            out.print(f"     {plural(feed.pages_failed, 'page')} kept as the feed's teaser; last: "
                      f"{one_line(feed.last_page_problem)}", markup=False, style="yellow")


@feeds.command(name="remove")
@click.argument("feed")
@store_options
@handle_errors
def feeds_remove(feed: str, db: str | None, quiet: bool) -> None:
    """Stop following a feed (by its number in `feeds list`, or its URL). Its articles stay.

    \b
    Example:
      storyline feeds remove 2
    """
    with open_existing(db) as store:
        found = views.feed(store, feed)
        if found is None:
            raise UsageError(f"no feed {one_line(feed)!r}; `storyline feeds list` shows them")
        store.remove_feed(found.id)
    if not quiet:
        err.print(f"stopped following feed {found.id}: {one_line(found.url)}", markup=False)


@feeds.command(name="poll")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST[:PORT]",
              help="Fetch from this host although it resolves to a private or loopback "
              "address (repeatable).")
@click.option("--allow-private", is_flag=True,
              help="Fetch from any private or loopback address (an intranet's feeds).")
@click.option("--force", is_flag=True, help="Poll feeds that are backing off after errors too.")
@click.option("--pace", type=click.FloatRange(min=0), default=HOST_INTERVAL, show_default=True,
              help="Seconds between two requests to one host.")
@store_options
@handle_errors
def feeds_poll(allow_hosts: tuple[str, ...], allow_private: bool, force: bool, pace: float,
               db: str | None, quiet: bool) -> None:
    """Poll every followed feed once and ingest what is new (run it from cron).

    Each new item's page is fetched (robots.txt honoured); when it cannot be had, the
    feed's own text is kept and `feeds list` says why. A local feed file's items are taken
    as the file gives them (no network). Exit status: 1 when a feed failed or an item was
    rejected, 2 when every feed failed.

    \b
    Example:
      storyline feeds poll --db news.db
    """
    settings = store_settings(db)
    policy = AccessPolicy.from_options(allow_hosts, allow_private)

    def said(poll: FeedPoll) -> None:
        if not quiet or poll.outcome in ("error", "refused"):
            err.print(_poll_line(poll), markup=False)

    limits = FetchLimits(host_interval=pace)
    live = not quiet and sys.stderr.isatty()
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(open_existing(db))
        followed = views.feeds(store)
        if not followed:
            raise UsageError("no feeds: follow one with `storyline feeds add URL|FILE|OPML`")
        status = stack.enter_context(err.status(Text("polling"), spinner="dots")) if live else None
        asked = [0]

        def asking(url: str) -> None:  # a line that moves while pages are fetched
            asked[0] += 1
            if status is not None:
                status.update(Text(f"polling {plural(len(followed), 'feed')}: request {asked[0]}, "
                                   f"{one_line(url)[:80]}"))

        fetcher = stack.enter_context(Fetcher(policy=policy, limits=limits, on_request=asking))
        report = poll_feeds(store, settings, fetcher, force=force, on_feed=said)
        if report.ingest.new:
            if status is not None:
                status.update(Text("refreshing the stories"))
            refresh_stories(store)
    print_drops(report.ingest.drops)
    if not quiet:
        err.print(f"{plural(len(report.polls), 'feed')} polled: {report.ingest.new} new articles, "
                  f"{report.ingest.existing} already stored, {len(report.ingest.drops)} rejected "
                  f"-> {settings.db_path}", markup=False)
    if report.failed:
        sys.exit(EXIT_USAGE if len(report.failed) == len(report.polls) else EXIT_REJECTED)
    sys.exit(EXIT_REJECTED if report.ingest.drops else EXIT_OK)


def _poll_line(poll: FeedPoll) -> str:
    name = one_line(poll.title or poll.feed.title or poll.feed.url)
    if poll.outcome in ("error", "refused", "waiting"):
        return f"feed {poll.feed.id} ({name}): {poll.outcome}: {one_line(poll.error)}"
    if poll.outcome == "not-modified":
        return f"feed {poll.feed.id} ({name}): not modified"
    parts = [f"{plural(poll.new_items, 'new item')}"]
    if poll.new_items:
        parts.append(", ".join(f"{count} {what}" for count, what in (
            (poll.pages, "pages fetched"), (poll.entries, "taken as the feed gives them"),
            (poll.teasers, "kept as teasers"), (poll.rejected, "rejected")) if count)
            or "none stored")
    line = f"feed {poll.feed.id} ({name}): " + "; ".join(parts)
    for problem in poll.problems:
        line += f"\n  page not had: {one_line(problem)}"
    return line
