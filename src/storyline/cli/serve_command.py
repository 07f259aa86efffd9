"""`storyline serve`: the web desk (JSON API and pages) over a store, on uvicorn."""

from __future__ import annotations

import ipaddress
import os

import click

from storyline.cli.common import err, handle_errors, main, one_line, store_options, store_settings
from storyline.errors import UsageError

#: The port `serve` listens on unless told (the usual one for a local development server).
DEFAULT_PORT = 8000


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
@store_options
@handle_errors
def serve(host: str, port: int, db: str | None, quiet: bool) -> None:
    """Serve the desk: the JSON API under /api/ (docs/API.md) over the store.

    Reads need nothing; writes (POST /api/articles, feed changes) need the header
    `Authorization: Bearer $STORYLINE_TOKEN`, and without $STORYLINE_TOKEN set the desk
    is read-only. Stop it with Ctrl-C.

    \b
    Example:
      storyline serve --db news.db
      STORYLINE_TOKEN=s3cret storyline serve --port 8080
    """
    import uvicorn

    from storyline.web import create_app

    path = store_settings(db).db_path
    if not os.path.exists(path):
        raise UsageError(f"no store at {path}: check --db (or $STORYLINE_DB), or create one "
                         "with `storyline ingest PATH --db FILE`")
    token = os.environ.get("STORYLINE_TOKEN") or None
    app = create_app(path, token=token)
    if not _loopback(host):
        err.print(f"warning: listening on {one_line(host)}: other machines can read this "
                  "store" + (" and, with the token, write it" if token else ""),
                  style="yellow", markup=False)
    if not quiet:
        shown = f"[{host}]" if ":" in host else host
        err.print(f"serving {one_line(path)} at http://{shown}:{port}/ "
                  f"({'writes need the token' if token else 'read-only: no $STORYLINE_TOKEN'}); "
                  "Ctrl-C stops", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info",
                access_log=not quiet, server_header=False)
