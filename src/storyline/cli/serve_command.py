"""`storyline serve`: the web desk (JSON API and pages) over a store, on uvicorn."""

from __future__ import annotations

import gc
import ipaddress
import os

import click

from storyline.cli.common import err, handle_errors, main, one_line, store_options, store_settings
from storyline.errors import UsageError

#: The port `serve` listens on unless told (the usual one for a local development server).
DEFAULT_PORT = 8000


#: Seconds in each unit `--every` takes.
_UNITS = {"s": 1, "m": 60, "h": 3600}
#: The shortest `--every`: polling a feed more often than this only earns 304s and bans.
MIN_INTERVAL = 30


def parse_interval(text: str) -> float:
    """`--every`'s value in seconds: a number and a unit (30s, 10m, 1h; seconds if none)."""
    given = text.strip().lower()
    unit = given[-1:] if given[-1:] in _UNITS else "s"
    number = given[:-1] if given[-1:] in _UNITS else given
    try:
        seconds = float(number) * _UNITS[unit]
    except ValueError:
        raise UsageError(f"--every {text!r}: give a number and a unit, such as 10m") from None
    if not seconds >= MIN_INTERVAL:
        raise UsageError(f"--every {text!r}: at least {MIN_INTERVAL}s")
    return seconds


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but a loopback address lets other "
              "machines read the store (a warning says so).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=DEFAULT_PORT,
              show_default=True, help="The TCP port to listen on.")
@click.option("--every", default=None, metavar="INTERVAL",
              help="Poll the followed feeds this often in the background (30s, 10m, 1h); "
              "the new articles join their stories (a re-clustering pass too big for the "
              "refresh runs next). Default: never (cron `feeds poll`).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Keep each page and API answer in memory until the store next changes "
              "(a commit from another process shows within 5 s). --no-cache computes every "
              "answer.")
@store_options
@handle_errors
def serve(host: str, port: int, every: str | None, cache: bool, db: str | None,
          quiet: bool) -> None:
    """Serve the desk: the JSON API under /api/ (docs/API.md) over the store.

    A story asked for before it is analysed shows "analysing" and is analysed in the
    background. Reads need nothing; writes (POST /api/articles, feed changes) need the header
    `Authorization: Bearer $STORYLINE_TOKEN`, and without $STORYLINE_TOKEN set the desk
    is read-only. Stop it with Ctrl-C.

    \b
    Example:
      storyline serve --db news.db
      STORYLINE_TOKEN=s3cret storyline serve --port 8080 --every 10m
    """
    import uvicorn

    from storyline.web import create_app

    path = store_settings(db).db_path
    if not os.path.exists(path):
        raise UsageError(f"no store at {path}: check --db (or $STORYLINE_DB), or create one "
                         "with `storyline ingest PATH --db FILE`")
    token = os.environ.get("STORYLINE_TOKEN") or None
    interval = parse_interval(every) if every else None
    app = create_app(path, token=token, analyse=True, every=interval, keep_answers=cache)
    if not _loopback(host):
        err.print(f"warning: listening on {one_line(host)}: other machines can read this "
                  "store" + (" and, with the token, write it" if token else ""),
                  style="yellow", markup=False)
    if not quiet:
        shown = f"[{host}]" if ":" in host else host
        err.print(f"serving {one_line(path)} at http://{shown}:{port}/ "
                  f"({'writes need the token' if token else 'read-only: no $STORYLINE_TOKEN'})"
                  + (f"; polling the feeds every {every.strip()}" if every else "")
                  + "; Ctrl-C stops", markup=False)
    # what startup made (modules, routes, templates: ~150,000 objects) lives as long as
    # the server: kept out of the garbage collector's full passes, each of which took
    # 0.17-0.32 s here with them and stops every answer meanwhile (one came during a
    # 30 s run of benchmarks/serve.py)
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info",
                access_log=not quiet, server_header=False)
