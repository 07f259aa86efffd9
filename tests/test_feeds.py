"""Following feeds: `feeds add/list/remove/poll` against real HTTP servers the tests start
on 127.0.0.1, and a local feed file with no network."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write
from storyline.cli import main
from storyline.feeds import AccessPolicy, Fetcher, FetchLimits, poll_feeds
from storyline.feeds.fetch import Failure
from storyline.settings import Settings
from storyline.store import Store

# -- a real HTTP server whose routes the tests change between polls ----------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None


@dataclass
class Site:
    server: ThreadingHTTPServer
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        return sum(hit == path for hit in self.hits)


def _serve() -> Iterator[Site]:
    site: Site

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            site.hits.append(self.path)
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = Site(server=server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _serve()


@pytest.fixture
def other_site() -> Iterator[Site]:
    yield from _serve()


# -- feeds and pages written for these tests ----------------------------------------------

STORIES = {
    "ferry": ("Ferry service resumes across the Harbour strait",
              "The Harbour strait ferry resumed sailing on Tuesday after a three-week halt "
              "caused by storm damage to the northern pier, the port authority said.",
              "Engineers replaced forty metres of decking on the northern pier and tested the "
              "mooring lines twice before the first sailing left at seven in the morning. "
              "Commuters said the crossing took twenty-five minutes, as before the storm. "
              "The port authority expects the full timetable of twelve daily crossings to "
              "return by the end of the month, once a second vessel finishes its inspection."),
    "library": ("City library reopens after flood repairs",
                "The central library of Harbour City reopened on Wednesday after repairs to "
                "its flooded basement archive, which held the city's old newspapers.",
                "Volunteers dried more than two thousand bound volumes in rented warehouses "
                "over the winter, and conservators rebound the most damaged of them. The "
                "archive is now on the second floor, above the level the river reached in "
                "January. The librarian said readers could book the reading room again."),
    "bridge": ("New cycle bridge opens over the Harbour canal",
               "A new cycle and footbridge over the Harbour canal opened on Thursday, "
               "linking the old town with the railway station for the first time.",
               "The steel bridge is ninety metres long and was lifted into place in two "
               "halves during a weekend closure of the canal in February. The council said "
               "four thousand cyclists a day are expected to use it by the summer, and that "
               "the old ferry landing beside it will become a small park."),
}
PAGE_ONLY = "Engineers replaced forty metres"  # in the ferry page, never in its teaser


def page(key: str) -> bytes:
    title, lead, more = STORIES[key]
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home | World"
            f"</nav><article><h1>{title}</h1><p>{lead}</p><p>{more}</p></article>"
            "<footer>Harbour Wire 2024</footer></body></html>").encode()


def feed(items: list[tuple[str, str]], title: str = "Harbour Wire") -> bytes:
    """RSS with an item per (key, link): the story's title and lead as the teaser."""
    entries = []
    for number, (key, link) in enumerate(items, start=1):
        headline, lead, _ = STORIES[key]
        entries.append(f"<item><title>{headline}</title><link>{link}</link>"
                       f"<guid isPermaLink=\"false\">urn:harbour:{key}</guid>"
                       f"<pubDate>Tue, 0{number + 4} Mar 2024 09:00:00 GMT</pubDate>"
                       f"<description>{lead} Read the full story on our site.</description></item>")
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>{title}</title><link>http://harbour.example/</link>"
            f"<description>News</description>{''.join(entries)}</channel></rss>").encode()


RSS = "application/rss+xml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _articles(db: str) -> list:
    with Store.open(db) as store:
        return list(store.articles())


def _health(db: str) -> list[dict]:
    return json.loads(invoke("feeds", "list", "--db", db, "--json")[1])


# -- the CLI over a live server -------------------------------------------------------------


def test_items_appearing_between_polls_are_taken_once_with_their_pages(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    site.routes["/news/library"] = Route(body=page("library"))
    site.routes["/news/bridge"] = Route(body=page("bridge"))
    site.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n",
                                       content_type="text/plain")
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry")),
                                                ("library", site.url("/news/library"))]),
                                     content_type=RSS, etag='"v1"')
    allow = ("--allow-host", f"127.0.0.1:{site.port}", "--pace", "0")
    code, _, err = invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    assert code == 0 and "following feed 1" in err
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)
    assert code == 0, err
    assert "2 new items; 2 pages fetched" in err and "2 new articles" in err
    articles = _articles(db)
    assert len(articles) == 2
    ferry = next(a for a in articles if "Ferry" in (a.title or ""))
    assert PAGE_ONLY in ferry.text  # the page, not the feed's teaser
    assert ferry.source == "Harbour Wire" and ferry.published == dt.date(2024, 3, 5)
    assert ferry.url == site.url("/news/ferry")

    # unchanged: a conditional GET answered 304, no page fetched again
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)
    assert code == 0 and "not modified" in err, err
    assert site.count("/news/ferry") == 1 and site.count("/feed.rss") == 2
    [health] = _health(db)
    assert health["last_outcome"] == "not-modified" and health["items_seen"] == 2

    # a new item appears: only it is fetched and stored
    site.routes["/feed.rss"] = Route(body=feed([("bridge", site.url("/news/bridge")),
                                                ("ferry", site.url("/news/ferry")),
                                                ("library", site.url("/news/library"))]),
                                     content_type=RSS, etag='"v2"')
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)
    assert code == 0 and "1 new item;" in err and "1 new articles" in err
    assert site.count("/news/ferry") == 1 and site.count("/news/bridge") == 1
    assert len(_articles(db)) == 3
    code, out, _ = invoke("stories", "--db", db, "--json")
    assert code == 0 and len(json.loads(out)) == 3  # stories refreshed after the poll
    code, out, _ = invoke("feeds", "list", "--db", db)
    assert "Harbour Wire" in out and "3 items taken" in out and "ok at" in out


def test_a_page_that_fails_keeps_the_feeds_teaser_and_says_why(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/news/ferry"] = Route(body=b"server trouble", status=500)
    site.routes["/news/library"] = Route(body=page("library"))
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry")),
                                                ("library", site.url("/news/library"))]),
                                     content_type=RSS)
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--allow-host", f"127.0.0.1:{site.port}", "--pace", "0",
                          "--db", db)
    assert code == 0, err
    assert "1 pages fetched, 1 kept as teasers" in err and "HTTP 500" in err
    ferry = next(a for a in _articles(db) if "Ferry" in (a.title or ""))
    assert PAGE_ONLY not in ferry.text and "three-week halt" in ferry.text
    [health] = _health(db)
    assert health["status"] == "ok" and health["pages_failed"] == 1
    assert "HTTP 500" in health["last_page_problem"]
    code, out, _ = invoke("feeds", "list", "--db", db)
    assert "1 page kept as the feed's teaser" in out and "HTTP 500" in out


def test_a_teaser_kept_for_a_failed_page_is_upgraded_in_place_when_the_page_comes(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/news/ferry"] = Route(body=b"server trouble", status=500)
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]),
                                     content_type=RSS)
    allow = ("--allow-host", f"127.0.0.1:{site.port}", "--pace", "0")
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    assert invoke("feeds", "poll", *allow, "--db", db)[0] == 0
    [teaser] = _articles(db)
    assert teaser.text_kind == "teaser" and PAGE_ONLY not in teaser.text
    assert teaser.source_id == "urn:harbour:ferry"
    site.routes["/news/ferry"] = Route(body=page("ferry"))  # the page is back
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)
    assert code == 0, err
    [article] = _articles(db)  # upgraded in place: one article, the same id
    assert article.id == teaser.id and article.text_kind == "full"
    assert PAGE_ONLY in article.text and article.source_id == "urn:harbour:ferry"
    assert site.count("/news/ferry") == 2
    code, out, _ = invoke("stories", "--db", db, "--json")
    [story] = json.loads(out)
    assert story["articles"] == [teaser.id]
    invoke("feeds", "poll", *allow, "--db", db)  # taken now: the page is not fetched again
    assert site.count("/news/ferry") == 2


def test_a_feed_on_a_host_not_allowed_is_refused_without_a_request(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]),
                                     content_type=RSS)
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--db", db)
    assert code == 2 and "refused" in err and f"--allow-host 127.0.0.1:{site.port}" in err
    assert site.hits == []
    [health] = _health(db)
    assert health["status"] == "failing" and health["last_outcome"] == "refused"
    assert "loopback" in health["last_error"]
    # another port on the same host is another host
    code, _, _ = invoke("feeds", "poll", "--force", "--allow-host", f"127.0.0.1:{site.port + 1}",
                        "--db", db)
    assert code == 2 and site.hits == []
    code, _, _ = invoke("feeds", "poll", "--force", "--allow-private", "--pace", "0", "--db", db)
    assert code == 0 and site.count("/feed.rss") == 1


def test_a_redirect_to_another_private_address_is_refused(site, other_site, tmp_path):
    db = str(tmp_path / "s.db")
    other_site.routes["/inside"] = Route(body=page("ferry"))
    site.routes["/news/ferry"] = Route(status=302, headers={"Location": other_site.url("/inside")})
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]),
                                     content_type=RSS)
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--allow-host", f"127.0.0.1:{site.port}", "--pace", "0",
                          "--db", db)
    assert code == 0, err
    assert other_site.hits == []  # never asked
    assert f"redirect to {other_site.url('/inside')} refused" in err
    ferry = _articles(db)[0]
    assert PAGE_ONLY not in ferry.text  # the teaser was kept


def test_bad_xml_fails_the_feed_and_it_backs_off(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/feed.rss"] = Route(body=b"<rss><channel><item><title>Broken & <<", content_type=RSS)
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    allow = ("--allow-host", f"127.0.0.1:{site.port}", "--pace", "0")
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)
    assert code == 2 and "not a readable RSS/Atom feed" in err
    [health] = _health(db)
    assert health["failures"] == 1 and health["last_outcome"] == "error"
    assert health["next_poll"] > health["last_poll"]
    code, _, err = invoke("feeds", "poll", *allow, "--db", db)  # backing off: not asked again
    assert "backing off" in err and site.count("/feed.rss") == 1
    code, _, _ = invoke("feeds", "poll", *allow, "--force", "--db", db)
    assert site.count("/feed.rss") == 2 and _health(db)[0]["failures"] == 2
    # fixed: it recovers, and the failure count is reset
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]),
                                     content_type=RSS)
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    code, _, err = invoke("feeds", "poll", *allow, "--force", "--db", db)
    assert code == 0, err
    assert _health(db)[0]["failures"] == 0 and len(_articles(db)) == 1


def test_a_local_feed_file_works_with_no_network(tmp_path):
    db = str(tmp_path / "s.db")
    path = write(tmp_path / "harbour.rss", feed([("ferry", "http://192.0.2.1/ferry"),
                                                  ("library", "http://192.0.2.1/library")]))
    code, _, err = invoke("feeds", "add", str(path), "--db", db)
    assert code == 0, err
    code, _, err = invoke("feeds", "poll", "--db", db)
    assert code == 0, err
    assert "2 new items; 2 taken as the feed gives them" in err
    assert {a.title for a in _articles(db)} == {STORIES["ferry"][0], STORIES["library"][0]}
    code, _, err = invoke("feeds", "poll", "--db", db)
    assert code == 0 and "not modified" in err
    [health] = _health(db)
    assert health["pages_failed"] == 0 and health["title"] == "Harbour Wire"
    # the file grows: only the new item is taken
    write(path, feed([("bridge", "http://192.0.2.1/bridge"), ("ferry", "http://192.0.2.1/ferry"),
                      ("library", "http://192.0.2.1/library")]))
    code, _, err = invoke("feeds", "poll", "--db", db)
    assert code == 0 and "1 new item;" in err and len(_articles(db)) == 3


def test_new_items_are_fetched_and_stored_a_batch_at_a_time(site, tmp_path, monkeypatch):
    from storyline.feeds import poll

    monkeypatch.setattr(poll, "PAGES_PER_BATCH", 2)
    db = tmp_path / "s.db"
    for key in STORIES:
        site.routes[f"/news/{key}"] = Route(body=page(key))
    site.routes["/feed.rss"] = Route(body=feed([(k, site.url(f"/news/{k}")) for k in STORIES]),
                                     content_type=RSS)
    with Store.open(db) as store:
        store.add_feed(site.url("/feed.rss"), "2026-01-01T00:00:00+00:00")
    batches: list[int] = []
    original = poll.ingest_records
    monkeypatch.setattr(poll, "ingest_records",
                        lambda records, *a, **k: batches.append(len(records)) or original(records, *a, **k))
    _poll(site, db, FetchLimits(host_interval=0))
    assert batches == [2, 1]
    with Store.open(db) as store:
        assert store.count() == 3 and store.feeds()[0].items_seen == 3
        assert {i.outcome for i in store.feed_items(1)} == {"page"}


def test_feeds_add_takes_an_opml_list_and_remove_stops_following(tmp_path):
    db = str(tmp_path / "s.db")
    write(tmp_path / "a.rss", feed([("ferry", "http://192.0.2.1/ferry")]))
    opml = write(tmp_path / "subs.opml", '<?xml version="1.0"?><opml version="2.0"><head>'
                 '<title>Subscriptions</title></head><body><outline text="News">'
                 '<outline type="rss" text="A" xmlUrl="a.rss"/>'
                 '<outline type="rss" text="B" xmlUrl="https://news.example/b.rss"/>'
                 '</outline></body></opml>')
    code, _, err = invoke("feeds", "add", str(opml), "--db", db)
    assert code == 0 and err.count("following feed") == 2
    assert [h["url"] for h in _health(db)] == [str(tmp_path / "a.rss"), "https://news.example/b.rss"]
    code, _, err = invoke("feeds", "add", str(tmp_path / "a.rss"), "--db", db)
    assert "already following feed 1" in err and len(_health(db)) == 2
    code, _, err = invoke("feeds", "remove", "2", "--db", db)
    assert code == 0 and [h["id"] for h in _health(db)] == [1]
    code, _, err = invoke("feeds", "remove", "9", "--db", db)
    assert code == 2 and "no feed '9'" in err
    code, _, err = invoke("feeds", "add", str(tmp_path / "missing.rss"), "--db", db)
    assert code == 2 and "no such file" in err


def test_the_same_link_in_two_feeds_is_fetched_and_stored_once(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    site.routes["/a.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]), content_type=RSS)
    site.routes["/b.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))], title="Harbour Wire"),
                                  content_type=RSS)
    invoke("feeds", "add", site.url("/a.rss"), site.url("/b.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--allow-host", f"127.0.0.1:{site.port}", "--pace", "0",
                          "--db", db)
    assert code == 0, err
    assert site.count("/news/ferry") == 1 and len(_articles(db)) == 1


def test_a_relative_link_is_read_against_the_feed_and_a_repeated_link_fetched_once(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    body = feed([("ferry", "/news/ferry"), ("library", "/news/ferry")])  # two guids, one page
    site.routes["/feeds/main.rss"] = Route(body=body, content_type=RSS)
    invoke("feeds", "add", site.url("/feeds/main.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--allow-host", f"127.0.0.1:{site.port}", "--pace", "0",
                          "--db", db)
    assert code == 0, err
    assert site.count("/news/ferry") == 1 and "1 new item;" in err
    [article] = _articles(db)
    assert PAGE_ONLY in article.text and article.url == site.url("/news/ferry")


def test_a_link_already_stored_from_a_file_is_not_fetched(site, tmp_path):
    db = str(tmp_path / "s.db")
    title, lead, more = STORIES["ferry"]
    write(tmp_path / "in" / "ferry.jsonl", json.dumps({
        "title": title, "text": f"{lead} {more}", "source": "Harbour Wire",
        "url": site.url("/news/ferry"), "published": "2024-03-05"}) + "\n")
    assert invoke("ingest", str(tmp_path / "in"), "--db", db)[0] == 0
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    site.routes["/news/library"] = Route(body=page("library"))
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry")),
                                                ("library", site.url("/news/library"))]),
                                     content_type=RSS)
    invoke("feeds", "add", site.url("/feed.rss"), "--db", db)
    code, _, err = invoke("feeds", "poll", "--allow-host", f"127.0.0.1:{site.port}", "--pace", "0",
                          "--db", db)
    assert code == 0 and "1 new item;" in err, err
    assert site.count("/news/ferry") == 0 and site.count("/news/library") == 1
    assert len(_articles(db)) == 2


# -- the fetcher's limits, through the library (limits shrunk for a quick test) -----------


def _poll(site: Site, db: Path, limits: FetchLimits) -> None:
    with Store.open(db) as store, Fetcher(policy=AccessPolicy.from_options([f"127.0.0.1:{site.port}"]),
                                          limits=limits) as fetcher:
        poll_feeds(store, Settings(db_path=str(db)), fetcher)


def test_a_slow_page_times_out_and_a_huge_one_is_cut_off(site, tmp_path):
    db = tmp_path / "s.db"
    site.routes["/news/ferry"] = Route(body=page("ferry"), delay=2.0)
    site.routes["/news/library"] = Route(body=b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>")
    site.routes["/news/bridge"] = Route(body=b"\x89PNG not a page", content_type="image/png")
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry")),
                                                ("library", site.url("/news/library")),
                                                ("bridge", site.url("/news/bridge"))]),
                                     content_type=RSS)
    with Store.open(db) as store:
        store.add_feed(site.url("/feed.rss"), "2026-01-01T00:00:00+00:00")
    started = time.monotonic()
    _poll(site, db, FetchLimits(read_timeout=0.5, connect_timeout=0.5, max_bytes=200_000,
                                host_interval=0))
    assert time.monotonic() - started < 10
    with Store.open(db) as store:
        items = {i.url: i for i in store.feed_items(1)}
        stored = list(store.articles())
    assert items[site.url("/news/ferry")].outcome == "teaser"
    assert "timed out" in items[site.url("/news/ferry")].detail
    assert "above the 200,000-byte limit" in items[site.url("/news/library")].detail
    assert "image/png" in items[site.url("/news/bridge")].detail
    assert len(stored) == 3 and not any("word word" in a.text for a in stored)


def test_robots_txt_is_honoured_for_pages(site, tmp_path):
    db = tmp_path / "s.db"
    site.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /news/\n",
                                       content_type="text/plain")
    site.routes["/news/ferry"] = Route(body=page("ferry"))
    site.routes["/feed.rss"] = Route(body=feed([("ferry", site.url("/news/ferry"))]), content_type=RSS)
    with Store.open(db) as store:
        store.add_feed(site.url("/feed.rss"), "2026-01-01T00:00:00+00:00")
    _poll(site, db, FetchLimits(host_interval=0))
    assert site.count("/news/ferry") == 0 and site.count("/robots.txt") == 1
    with Store.open(db) as store:
        [item] = store.feed_items(1)
    assert item.outcome == "teaser" and "robots.txt" in (item.detail or "")


def test_requests_to_one_host_are_paced_and_redirects_limited(site):
    site.routes["/a"] = Route(body=b"a", content_type="text/plain")
    for n in range(8):
        site.routes[f"/loop{n}"] = Route(status=301, headers={"Location": f"/loop{n + 1}"})
    waits: list[float] = []
    with Fetcher(policy=AccessPolicy.from_options([f"127.0.0.1:{site.port}"]),
                 limits=FetchLimits(host_interval=5.0), sleep=waits.append) as fetcher:
        for _ in range(3):
            assert not isinstance(fetcher.get(site.url("/a"), accept=("text/plain",)), Failure)
        looped = fetcher.get(site.url("/loop0"), accept=("text/plain",))
        site.routes["/bad"] = Route(status=302, headers={"Location": "http://[::1"})
        bad = fetcher.get(site.url("/bad"), accept=("text/plain",))
    assert len(waits) >= 2 and all(4.0 < w <= 5.0 for w in waits[:2])
    assert isinstance(looped, Failure) and "more than 5 redirects" in looped.reason
    assert isinstance(bad, Failure) and "invalid url" in bad.reason.lower()


def test_a_host_that_resolves_public_but_connects_inside_is_not_read(site):
    """DNS rebinding: the check before connecting sees a public address (a resolver that
    lies), the connection reaches 127.0.0.1: nothing from it is read."""
    site.routes["/secret"] = Route(body=b"internal data", content_type="text/plain")
    liar = AccessPolicy(resolver=lambda host, port: ["93.184.215.14"])
    with Fetcher(policy=liar, limits=FetchLimits(host_interval=0)) as fetcher:
        got = fetcher.get(site.url("/secret"), accept=("text/plain",))
    assert isinstance(got, Failure) and got.refused
    assert "the connection reached a loopback address (127.0.0.1)" in got.reason


@pytest.mark.parametrize("address", ["10.0.0.8", "192.168.1.1", "169.254.169.254", "::1",
                                     "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1"])
def test_every_non_public_address_is_refused(address):
    import httpx

    policy = AccessPolicy()
    refusal = policy.refusal(httpx.URL("http://news.example/x"), resolve=lambda h, p: [address])
    assert refusal and "not fetched unless allowed" in refusal
    # one private address among public ones is enough to refuse
    assert policy.refusal(httpx.URL("http://news.example/x"),
                          resolve=lambda h, p: ["93.184.215.14", address])
    assert policy.refusal(httpx.URL("http://news.example/x"), resolve=lambda h, p: ["93.184.215.14"]) is None
    assert AccessPolicy(allow_private=True).refusal(
        httpx.URL("http://news.example/x"), resolve=lambda h, p: [address]) is None
    assert "scheme" in (policy.refusal(httpx.URL("file:///etc/passwd")) or "")
