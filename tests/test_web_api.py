"""The desk's JSON API (`storyline.web`) through FastAPI's ASGI test client, over a store
built from examples/: every route, its filters and pages, the error shape, ETags, the
token that guards writes, the 308 for a merged story; and `storyline serve` as a real
server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES
from storyline import views
from storyline.cli.serve_command import _loopback, parse_interval
from storyline.errors import UsageError
from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Filters, Store
from storyline.store.history import record_events
from storyline.stories.config import WINDOW_DAYS
from storyline.stories.identity import StoryEvent
from storyline.stories.window import window_members
from storyline.web import create_app

TOKEN = "test-token-7f3a"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every example ingested and clustered; only the top story analysed (the others show
    how the API answers for a story whose analysis is not cached yet)."""
    path = tmp_path_factory.mktemp("web") / "store.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)
        analyze_stories(store, store.stories()[:1])
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def _copy(db: str, tmp_path: Path) -> str:
    """A store of its own for a test that writes."""
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return str(copy)


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]
    return str(body["error"]["message"])


def _pages(client: TestClient, url: str, params: dict[str, str | int]) -> list[str]:
    """Every story id the list gives, following next_cursor."""
    ids: list[str] = []
    cursor = None
    for _ in range(50):
        given = {**params, **({"cursor": cursor} if cursor else {})}
        page = client.get(url, params=given)
        assert page.status_code == 200, page.text
        ids += [s["id"] for s in page.json()["stories"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("paging did not end")


def test_stories_are_ranked_and_paged_like_the_views(client, db):
    with Store.open(db, read_only=True) as store:
        ranked = [s.id for s in store.stories()]
        first = views.stories(store, limit=3).record()
    assert len(ranked) >= 4
    assert _pages(client, "/api/stories", {"limit": 2}) == ranked
    body = client.get("/api/stories", params={"limit": 3}).json()
    assert body == json.loads(json.dumps(first))  # the views' record, unchanged
    assert [s["rank"] for s in body["stories"]] == [1, 2, 3]


def test_story_filters_narrow_the_list(client, db):
    with Store.open(db, read_only=True) as store:
        outlet = store.stories()[0]
        source = store.articles_by_id(outlet.article_ids)[0].source
        expected = {
            "outlet": [s.story.id for s in views.stories(store, Filters(outlet=source),
                                                         limit=500).stories],
            "q": [s.story.id for s in views.stories(store, Filters(query="peacekeepers"),
                                                    limit=500).stories],
        }
    assert source
    by_outlet = _pages(client, "/api/stories", {"outlet": source.upper(), "limit": 2})
    assert by_outlet == expected["outlet"] and outlet.id in by_outlet
    by_words = _pages(client, "/api/stories", {"q": "peacekeepers"})
    assert by_words == expected["q"] and 0 < len(by_words) < len(_pages(client, "/api/stories", {}))
    assert _pages(client, "/api/stories", {"since": "2099-01-01"}) == []
    assert _pages(client, "/api/stories", {"lang": "fi"}) == []  # a language none is in
    english = _pages(client, "/api/stories", {"until": "2099-01-01", "lang": "en"})
    assert english and _pages(client, "/api/stories", {"lang": "English"}) == english
    assert _pages(client, "/api/stories", {"lang": "EN-gb"}) == english


def test_bad_filters_pages_and_cursors_answer_400_in_the_error_shape(client):
    _error(client.get("/api/stories", params={"since": "yesterday"}), 400, "bad_request")
    _error(client.get("/api/stories", params={"limit": 0}), 400, "bad_request")
    _error(client.get("/api/stories", params={"limit": views.MAX_PAGE_SIZE + 1}), 400,
           "bad_request")
    message = _error(client.get("/api/stories", params={"since": "2024-05-02",
                                                        "until": "2024-05-01"}), 400, "bad_request")
    assert "since" in message
    _error(client.get("/api/stories", params={"cursor": "not-a-cursor"}), 400, "bad_request")
    for nothing in ("englisch", "xx"):  # would match nothing, silently
        assert "two-letter ISO 639-1 code" in _error(
            client.get("/api/stories", params={"lang": nothing}), 400, "bad_request")
    cursor = client.get("/api/stories", params={"limit": 1}).json()["next_cursor"]
    assert cursor
    _error(client.get("/api/stories", params={"cursor": cursor, "outlet": "Steppe Daily"}), 400,
           "bad_request")  # a cursor is bound to its filters
    _error(client.get("/api/search"), 400, "bad_request")
    _error(client.get("/api/search", params={"q": "   "}), 400, "bad_request")
    _error(client.get("/api/no-such-route"), 404, "not_found")
    _error(client.put("/api/stories"), 405, "method_not_allowed")


def test_a_story_with_its_analysis_when_cached_and_without_while_analysing(client, db):
    with Store.open(db, read_only=True) as store:
        top, other = store.stories()[:2]
    body = client.get(f"/api/stories/{top.id}").json()
    assert body["id"] == top.id and body["rank"] == 1 and body["analysed"] is True
    assert body["summary"] and body["entities"]
    assert [s["article_id"] for s in body["sources"]] == list(top.article_ids)
    pending = client.get(f"/api/stories/{other.id}").json()
    assert pending["analysed"] is False and pending["summary"] == [] and pending["rank"] == 2
    assert pending["sources"]
    _error(client.get("/api/stories/no-such-story"), 404, "not_found")


def test_a_merged_story_id_answers_308_and_a_split_one_300(db, tmp_path):
    copy = _copy(db, tmp_path)
    with Store.open(copy) as store:
        survivor, other = store.stories()[1], store.stories()[2]
        with store._transaction() as conn:  # as a refresh records a merge and a split
            record_events(conn, [
                StoryEvent(kind="merge", story_id=survivor.id, others=("s-absorbed-0",),
                           redirects=(("s-absorbed-0", survivor.id),)),
                StoryEvent(kind="split", story_id="s-parted", others=(survivor.id, other.id),
                           redirects=(("s-parted", survivor.id), ("s-parted", other.id)))],
                "2026-12-07T00:00:00+00:00")
    with TestClient(create_app(copy)) as client:
        moved = client.get("/api/stories/s-absorbed-0", follow_redirects=False)
        assert moved.status_code == 308
        assert moved.headers["location"] == f"/api/stories/{survivor.id}"
        assert moved.headers["cache-control"] == "no-cache"  # an undo may revive the id
        followed = client.get("/api/stories/s-absorbed-0")
        assert followed.status_code == 200 and followed.json()["id"] == survivor.id
        parted = client.get("/api/stories/s-parted", follow_redirects=False)
        assert parted.status_code == 300
        assert parted.json() == {"id": "s-parted", "successors": [
            {"id": sid, "url": f"/api/stories/{sid}"} for sid in sorted((survivor.id, other.id))]}


def test_an_article_with_its_marks_an_entity_and_unknown_ids(client, db):
    with Store.open(db, read_only=True) as store:
        top = store.stories()[0]
        detail = views.story(store, top.id, analyse="cached")
    assert detail is not None and detail.analysed
    cited = detail.analysis["summary"][0]["citations"][0]
    article = client.get(f"/api/articles/{cited['article']}").json()
    assert article["id"] == cited["article"] and article["stories"] == [top.id]
    assert any(m["start"] == cited["start"] and "summary" in m["kinds"] for m in article["marks"])
    _error(client.get("/api/articles/no-such-article"), 404, "not_found")
    entity = detail.analysis["entities"][0]
    by_name = client.get(f"/api/entities/{entity['name'].lower()}")
    assert by_name.status_code == 200
    assert by_name.json()["id"] == entity["id"]
    assert client.get(f"/api/entities/{entity['id']}").json() == by_name.json()
    assert top.id in [a["story_id"] for a in by_name.json()["stories"]]
    _error(client.get("/api/entities/Nobody Atall"), 404, "not_found")


def test_search_pages_and_filters(client, db):
    with Store.open(db, read_only=True) as store:
        every = [h.article_id for h in views.search(store, "the", limit=500).hits]
    got: list[str] = []
    cursor = None
    while True:
        page = client.get("/api/search", params={"q": "the", "limit": 4,
                                                 **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200
        got += [h["id"] for h in page.json()["hits"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert got == every and len(every) >= 15
    hits = client.get("/api/search", params={"q": "peacekeepers"}).json()["hits"]
    assert hits and all(h["snippet"] and h["highlights"] and h["story"] for h in hits)
    assert client.get("/api/search", params={"q": "peacekeepers", "since": "2099-01-01"}
                      ).json()["hits"] == []
    assert client.get("/api/search", params={"q": "zzyzx-nothing"}).json() == {
        "hits": [], "next_cursor": None}
    # control characters separate words (a NUL once ended FTS5's query: a 500)
    split = client.get("/api/search", params={"q": "peacekeepers\x00zzyzx"})
    assert split.status_code == 200 and split.json()["hits"] == []
    assert client.get("/api/search", params={"q": "\x00"}).json()["hits"] == []
    assert client.get("/api/stories", params={"q": "peacekeepers\x01"}).json()["stories"]


def test_etags_answer_304_when_the_client_holds_the_answer(client, db):
    first = client.get("/api/stories")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/api/stories", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/stories", headers={"If-None-Match": f'"x", {etag}'}).status_code == 304
    other = client.get("/api/stories", params={"limit": 1})
    assert other.headers["etag"] != etag
    assert client.get("/api/stories", headers={"If-None-Match": other.headers["etag"]}
                      ).status_code == 200


def test_health_feeds_openapi_and_security_headers(client):
    health = client.get("/api/health")
    assert health.json()["status"] == "ok" and health.json()["articles"] >= 15
    assert health.json()["writable"] is False
    assert client.get("/api/feeds").json() == {"feeds": []}
    spec = client.get("/openapi.json").json()
    for route in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                  "/api/entities/{name_or_id}", "/api/search", "/api/feeds", "/api/health",
                  "/api/articles", "/api/feeds/{feed_id}"):
        assert route in spec["paths"], route
    assert {"get", "post"} <= set(spec["paths"]["/api/feeds"])
    for page in ("/docs", "/redoc"):  # their assets come from a CDN: off
        assert client.get(page).status_code == 404
    csp = health.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert health.headers["x-content-type-options"] == "nosniff"


def test_writes_are_refused_without_a_token_set(client):
    for response in (client.post("/api/articles", json=[{"title": "A", "text": "B."}]),
                     client.post("/api/feeds", json={"url": "https://example.org/a.rss"}),
                     client.delete("/api/feeds/1")):
        _error(response, 403, "read_only")


ARTICLE = {"title": "Kessel harbour reopens after the storm", "source": "Harbour Gazette",
           "published": "2024-03-09", "url": "https://harbour.example/reopens",
           "text": ("The harbour of Kessel reopened on Saturday, a week after a storm damaged "
                    "two cranes, the harbour authority said. Ships queued outside the port "
                    "through Friday night, and the first ferry left at dawn.")}


def _variant(number: int) -> dict[str, str]:
    return ARTICLE | {"url": f"https://harbour.example/{number}", "title": f"Kessel update {number}",
                      "text": f"{ARTICLE['text']} Update {number}: the cranes were repaired."}


def test_writes_need_the_token_and_ingest_what_the_json_reader_takes(db, tmp_path):
    copy = _copy(db, tmp_path)
    with TestClient(create_app(copy, token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        _error(client.post("/api/articles", json=ARTICLE), 401, "unauthorised")
        refused = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer no"})
        _error(refused, 401, "unauthorised")
        assert refused.headers["www-authenticate"] == "Bearer"
        before = client.get("/api/health").json()["articles"]
        stored = client.post("/api/articles", json=ARTICLE, headers=auth)
        assert stored.status_code == 200, stored.text
        assert stored.json()["new"] == 1 and stored.json()["rejected"] == []
        assert client.get("/api/health").json()["articles"] == before + 1
        hits = client.get("/api/search", params={"q": "Kessel ferry"}).json()["hits"]
        assert [h["title"] for h in hits] == [ARTICLE["title"]]
        assert hits[0]["story"]  # clustered on the way in
        again = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=auth)
        assert again.json()["existing"] == 1 and again.json()["new"] == 0  # idempotent
        mixed = client.post("/api/articles", json=[_variant(2), 7], headers=auth)
        assert mixed.status_code == 200 and mixed.json()["new"] == 1
        assert "record 2" in mixed.json()["rejected"][0]["reason"]
        lines = json.dumps(_variant(3)) + "\n{bad\n"
        jsonl = client.post("/api/articles", content=lines, headers={
            **auth, "Content-Type": "application/x-ndjson"})
        assert jsonl.json()["new"] == 1 and "line 2" in jsonl.json()["rejected"][0]["reason"]
        broken = client.post("/api/articles", content=b"{not json", headers={
            **auth, "Content-Type": "application/json"})
        message = _error(broken, 400, "rejected")
        assert broken.json()["error"]["rejected"][0]["stage"] == "parse" and message


def test_feeds_are_followed_and_dropped_with_the_token(db, tmp_path):
    copy = _copy(db, tmp_path)
    with TestClient(create_app(copy, token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        _error(client.post("/api/feeds", json={"url": "https://example.org/world.rss"}), 401,
               "unauthorised")
        added = client.post("/api/feeds", json={"url": "https://example.org/world.rss"},
                            headers=auth)
        assert added.status_code == 201 and added.json()["status"] == "new"
        twice = client.post("/api/feeds", json={"url": "https://example.org/world.rss"},
                            headers=auth)
        assert twice.status_code == 200 and twice.json()["id"] == added.json()["id"]
        for bad in ({"url": "/etc/passwd"}, {"url": 3}, ["https://example.org/x.rss"]):
            _error(client.post("/api/feeds", json=bad, headers=auth), 400, "bad_request")
        listed = client.get("/api/feeds").json()["feeds"]
        assert [f["url"] for f in listed] == ["https://example.org/world.rss"]
        feed_id = added.json()["id"]
        _error(client.delete(f"/api/feeds/{feed_id}"), 401, "unauthorised")
        assert client.delete(f"/api/feeds/{feed_id}", headers=auth).status_code == 204
        assert client.get("/api/feeds").json() == {"feeds": []}
        _error(client.delete(f"/api/feeds/{feed_id}", headers=auth), 404, "not_found")
        _error(client.delete("/api/feeds/x", headers=auth), 400, "bad_request")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_loopback_as_a_real_server(db, tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", db,
                                   "--port", str(port)], stdout=stream, stderr=stream)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert "server" not in health.headers
        stories = httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5).json()
        assert len(stories["stories"]) == 1
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert "read-only" in log.read_text()


def test_only_loopback_addresses_pass_without_a_warning(tmp_path):
    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("192.168.1.4") and not _loopback("example")
    missing = subprocess.run([sys.executable, "-m", "storyline", "serve", "--db",
                              str(tmp_path / "none.db")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 2 and "no store at" in missing.stderr


def test_a_story_asked_for_is_analysed_in_the_background(db, tmp_path):
    copy = _copy(db, tmp_path)
    with Store.open(copy, read_only=True) as store:
        other = store.stories()[1]
    with TestClient(create_app(copy, analyse=True)) as client:
        first = client.get(f"/api/stories/{other.id}").json()
        assert first["analysed"] is False and first["summary"] == []  # never waited for
        deadline = time.monotonic() + 120
        while not (body := client.get(f"/api/stories/{other.id}").json())["analysed"]:
            assert time.monotonic() < deadline, "the background analysis did not end"
            time.sleep(0.5)
        assert body["summary"] and body["entities"]
        assert client.get("/api/health").status_code == 200  # reads went on meanwhile


def test_serve_every_polls_the_feeds_in_the_background(db, tmp_path):
    copy = _copy(db, tmp_path)
    feed = Path(__file__).resolve().parents[1] / "docs" / "examples" / "harbour_wire.rss"
    with Store.open(copy) as store:
        store.add_feed(str(feed), "2024-01-01T00:00:00+00:00")
    app = create_app(copy, every=3600)
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while app.state.worker.polls < 1:  # polled, stored, stories refreshed
            assert time.monotonic() < deadline, "the feeds were not polled"
            time.sleep(0.2)
        polled = client.get("/api/feeds").json()["feeds"][0]
        assert polled["status"] == "ok" and polled["items_seen"] == 3
        hits = client.get("/api/search", params={"q": "ferry"}).json()["hits"]
        assert hits and all(h["source"] == "Harbour Wire" and h["story"] for h in hits)
    # the window was small: the poll's own refresh ran any pass, nothing was left over
    assert app.state.worker.passes == 0 and app.state.worker.deferred == ""


def _window(db: str) -> set[str]:
    with Store.open(db, read_only=True) as store:
        return window_members(store.articles(text=False), WINDOW_DAYS)


def _passed(app) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 120
    while app.state.worker.passes < 1:
        assert time.monotonic() < deadline, "the background pass did not run"
        time.sleep(0.2)


def test_the_poller_runs_the_pass_a_refresh_left_undone_for_its_size(db, tmp_path):
    """The feed's articles are late (1-3 May, into a store reaching 6 May): the refresh
    after the poll finds a re-clustering pass due but its window over the desk's
    pass_limit (1 article here, 2,000 by default), so it leaves it; the background writer
    runs it next, over the whole window, and no deferral is left."""
    copy = _copy(db, tmp_path)
    example = Path(__file__).resolve().parents[1] / "docs" / "examples" / "harbour_wire.rss"
    feed = tmp_path / "harbour_wire.rss"
    text = example.read_text(encoding="utf-8")
    for march, may in (("Tue, 05 Mar", "Wed, 01 May"), ("Thu, 07 Mar", "Fri, 03 May"),
                       ("Wed, 06 Mar", "Thu, 02 May")):
        assert march in text
        text = text.replace(march, may)
    feed.write_text(text, encoding="utf-8")
    with Store.open(copy) as store:
        store.add_feed(str(feed), "2024-01-01T00:00:00+00:00")
    window = _window(copy)
    assert len(window) > 1  # over the limit
    app = create_app(copy, every=3600, pass_limit=1)
    with TestClient(app) as client:
        _passed(app)
        worker = app.state.worker
        assert worker.polls == 1 and worker.deferrals == 1 and worker.deferred == ""
        assert worker.last_pass is not None and worker.last_pass.articles >= len(window)
        assert _window(copy) > window  # the late articles fell inside the window
        hits = client.get("/api/search", params={"q": "ferry"}).json()["hits"]
        assert hits and all(h["story"] for h in hits)  # placed, and still in stories
        assert client.get("/api/health").status_code == 200


def test_a_pass_an_ingest_in_another_process_left_undone_is_run_by_the_poller(db, tmp_path):
    """`storyline ingest` (another process, no desk) skips a pass for its size: the store
    says a pass is owed, and the desk's next poll runs it, even with nothing new."""
    copy = _copy(db, tmp_path)
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps({
        "title": "Harbour board names a new pilot for the strait", "source": "Late Test Wire",
        "text": "The harbour board named a new pilot for the strait crossings on Tuesday. "
                "She starts in April, the board said in a statement.",
        "published": "2024-05-01"}) + "\n", encoding="utf-8")
    with Store.open(copy) as store:
        ingest(plan([late]), store, Settings(db_path=copy))
        assert refresh_stories(store, pass_limit=1).deferred
        assert refresh_stories(store).placed == 0 and store.pass_owed()  # still owed
    app = create_app(copy, every=3600)
    with TestClient(app):
        _passed(app)
        assert app.state.worker.last_pass is not None
    with Store.open(copy, read_only=True) as store:
        assert store.pass_owed() == ""


def test_a_pass_an_ingest_through_the_api_left_undone_runs_in_the_background(db, tmp_path):
    copy = _copy(db, tmp_path)
    window = _window(copy)
    late = {"title": "Harbour board names a new pilot for the strait",
            "text": "The harbour board named a new pilot for the strait crossings on "
                    "Tuesday. She starts in April, the board said in a statement.",
            "source": "Late Test Wire", "published": "2024-05-01"}
    app = create_app(copy, token=TOKEN, analyse=True, pass_limit=1)
    with TestClient(app) as client:
        posted = client.post("/api/articles", content=json.dumps([late]),
                             headers={"Authorization": f"Bearer {TOKEN}",
                                      "Content-Type": "application/json"})
        assert posted.status_code == 200 and posted.json()["new"] == 1  # not waiting
        _passed(app)
        worker = app.state.worker
        assert worker.deferrals == 1 and worker.deferred == ""
        assert worker.last_pass is not None and worker.last_pass.articles >= len(window)


def test_every_takes_a_number_and_a_unit():
    assert parse_interval("10m") == 600 and parse_interval("1h") == 3600
    assert parse_interval("45") == 45 and parse_interval(" 90S ") == 90
    for bad in ("soon", "5s", "m", "-1h", "nan"):
        with pytest.raises(UsageError):
            parse_interval(bad)
