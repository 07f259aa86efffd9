"""Who published an article, as a reader is told and as the ranking counts outlets
(`stories.rank.outlet_of`): the record's outlet, else its URL's host. A module of its own,
light to import, since the CLI, the pages and the exports all name outlets."""

from __future__ import annotations

from urllib.parse import urlsplit

#: What a reader is shown for an article that names no outlet and has no URL.
NO_OUTLET_LABEL = "unknown outlet"


def outlet_label(source: str | None, url: str | None) -> str:
    """Who published an article, for a reader: the record's outlet as written, else its
    URL's host, else "unknown outlet": as `outlet_of` counts outlets, so the CLI, the
    pages, the API's readers and the exports name the same one."""
    if source and source.strip():
        return source.strip()
    return url_host(url) or NO_OUTLET_LABEL


def url_host(url: str | None) -> str | None:
    """A URL's host without "www.", or None: the outlet of an article that names none (a
    URL that cannot be read, "http://[::1", names none either: records are untrusted)."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
