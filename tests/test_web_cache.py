"""The desk's answer cache (`storyline.web.answer_cache`) over a real store: a repeated
GET is answered from memory with the same body and ETag (and 304 to a client holding it);
a write through the desk shows at once; a commit from another connection shows within
STALE_SECONDS; a story still analysing is never kept; many clients asking at once for the
same answer have it made once; `--no-cache` keeps nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app
from storyline.web.answer_cache import STALE_SECONDS

TOKEN = "cache-token-51"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples ingested and clustered, nothing analysed."""
    path = tmp_path_factory.mktemp("cache") / "store.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)
    return path


@pytest.fixture
def db(built: Path, tmp_path: Path) -> str:
    """A store of this test's own (tests here write)."""
    copy = tmp_path / "store.db"
    with sqlite3.connect(built) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return str(copy)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def test_a_repeated_read_is_answered_from_memory_with_its_etag(db):
    app = create_app(db)
    counts = app.state.answer_counts
    with TestClient(app) as client:
        first = client.get("/api/stories")
        again = client.get("/api/stories")
        page = client.get("/")
        page_again = client.get("/")
        assert first.status_code == again.status_code == 200
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
        assert page_again.content == page.content
        assert counts.misses == 2 and counts.hits == 2
        held = client.get("/", headers={"If-None-Match": page.headers["etag"]})
        assert held.status_code == 304 and held.content == b"" and counts.hits == 3
        # the kept answer keeps the security headers it was made with
        assert "default-src 'self'" in held.headers["content-security-policy"]
        assert "default-src 'self'" in page_again.headers["content-security-policy"]
        other = client.get("/api/stories", headers={"If-None-Match": '"not-this-one"'})
        assert other.status_code == 200 and other.content == first.content


def test_a_write_through_the_desk_shows_at_once(db):
    record = {"title": "Ferry line to Brask reopens after the winter",
              "text": "The ferry line to Brask reopened on Monday after three months, the "
                      "operator said. Two crossings a day are planned until June.",
              "source": "Cache Test Wire", "published": "2024-03-20"}
    with TestClient(create_app(db, token=TOKEN)) as client:
        before = client.get("/api/health").json()["articles"]
        assert client.get("/api/health").json()["articles"] == before  # kept
        posted = client.post("/api/articles", content=json.dumps([record]),
                             headers={"Authorization": f"Bearer {TOKEN}",
                                      "Content-Type": "application/json"})
        assert posted.status_code == 200 and posted.json()["new"] == 1
        assert client.get("/api/health").json()["articles"] == before + 1


def test_a_commit_from_another_process_shows_within_the_stale_bound(db):
    with TestClient(create_app(db)) as client:
        assert client.get("/api/feeds").json() == {"feeds": []}
        assert client.get("/api/feeds").json() == {"feeds": []}
        with Store.open(db) as other:  # another connection, as an ingest or a cron poll
            other.add_feed("https://example.org/cache-test.rss", _now())
        committed = time.monotonic()
        while True:
            feeds = client.get("/api/feeds").json()["feeds"]
            waited = time.monotonic() - committed
            if feeds:
                break
            assert waited < STALE_SECONDS + 2, "the commit never showed"
            time.sleep(0.05)
        assert [f["url"] for f in feeds] == ["https://example.org/cache-test.rss"]


def test_a_story_still_analysing_is_never_kept(db):
    app = create_app(db)
    with Store.open(db, read_only=True) as store:
        story = store.stories()[0]
    with TestClient(app) as client:
        for url in (f"/api/stories/{story.id}", f"/stories/{story.id}"):
            answers = [client.get(url) for _ in range(2)]
            assert all(a.status_code == 200 for a in answers)
            assert all(a.headers["cache-control"] == "no-store" for a in answers)
        assert app.state.answer_counts.hits == 0 and app.state.answer_counts.misses == 4


def test_clients_asking_at_once_have_the_answer_made_once(db):
    app = create_app(db)

    async def ask() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://desk") as client:
            return await asyncio.gather(*(client.get("/?outlet=meridian+times")
                                          for _ in range(12)))

    answers = asyncio.run(ask())
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    counts = app.state.answer_counts
    assert counts.misses == 1 and counts.shared + counts.hits == 11


def test_without_the_cache_every_answer_is_made(db):
    app = create_app(db, keep_answers=False)
    with TestClient(app) as client:
        first, again = client.get("/api/stories"), client.get("/api/stories")
        assert first.content == again.content
        held = client.get("/api/stories", headers={"If-None-Match": first.headers["etag"]})
        assert held.status_code == 304
    assert app.state.answer_counts.hits == 0 and app.state.answer_counts.misses == 0


def test_a_stale_answer_is_given_only_within_the_bound_and_made_again_once(db):
    """The rule itself, with the clock in the test's hands: after another connection's
    commit, an answer younger than STALE_SECONDS is given while it is made again in the
    background; an older one is made before it is given."""
    from storyline.web.answer_cache import AnswerCache, CacheCounts
    from storyline.web.app import Desk

    now = [100.0]
    counts = CacheCounts()
    desk = Desk(db_path=db)
    app = AnswerCache(create_app(db, keep_answers=False), desk.data_version, lambda: 0,
                      counts, clock=lambda: now[0])

    def follow(url: str) -> None:
        with Store.open(db) as other:
            other.add_feed(url, _now())

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://desk") as client:
            async def urls() -> list[str]:
                return [f["url"] for f in (await client.get("/api/feeds")).json()["feeds"]]

            assert await urls() == [] and counts.misses == 1
            follow("https://example.org/one.rss")
            now[0] += STALE_SECONDS / 2
            assert await urls() == []  # stale, within the bound: given, and made again
            assert counts.stale == 1
            for _ in range(100):  # the background making finishes
                if not app._making:
                    break
                await asyncio.sleep(0.02)
            assert await urls() == ["https://example.org/one.rss"] and counts.hits == 1
            follow("https://example.org/two.rss")
            now[0] += STALE_SECONDS + 1  # too old to give: made before it is given
            assert len(await urls()) == 2 and counts.misses == 2 and counts.stale == 1

    asyncio.run(run())


def test_the_store_data_version_moves_on_any_commit_and_only_then(db):
    """`Store.data_version`, what the cache reads: another connection's commit moves it,
    and so does a write of its own connection (which SQLite's pragma alone misses); reads
    do not."""
    with Store.open(db, read_only=True) as reader, Store.open(db) as writer:
        first, mine = reader.data_version(), writer.data_version()
        assert reader.stories() and reader.data_version() == first  # a read moves nothing
        writer.add_feed("https://example.org/version-one.rss", _now())
        assert reader.data_version() > first  # another connection committed
        assert writer.data_version() > mine  # its own commit counts too
        seen = reader.data_version()
        assert reader.data_version() == seen and reader.count() > 0
        with Store.open(db) as third:
            third.add_feed("https://example.org/version-two.rss", _now())
        assert reader.data_version() > seen


def test_an_answer_is_made_again_only_after_remake_after_and_the_version_read_sparingly(db):
    """After another connection's commit, an answer younger than REMAKE_AFTER is given as
    it is (not made again); an older one is made again. The store's version is read at
    most every VERSION_EVERY seconds, and again at once after a write through the desk."""
    from storyline.web.answer_cache import (
        REMAKE_AFTER,
        VERSION_EVERY,
        AnswerCache,
        CacheCounts,
    )
    from storyline.web.app import Desk

    assert VERSION_EVERY < REMAKE_AFTER < STALE_SECONDS
    now = [100.0]
    writes = [0]
    counts = CacheCounts()
    desk = Desk(db_path=db)
    app = AnswerCache(create_app(db, keep_answers=False), desk.data_version,
                      lambda: writes[0], counts, clock=lambda: now[0])

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://desk") as client:
            async def urls() -> list[str]:
                return [f["url"] for f in (await client.get("/api/feeds")).json()["feeds"]]

            for _ in range(5):
                assert await urls() == []
            assert counts.versions == 1 and counts.misses == 1 and counts.hits == 4
            with Store.open(db) as other:
                other.add_feed("https://example.org/remake.rss", _now())
            assert await urls() == [] and counts.stale == 0  # the version not read again yet
            now[0] += VERSION_EVERY * 1.5
            assert await urls() == [] and counts.versions == 2
            assert counts.stale == 1 and counts.remade == 0 and not app._making  # young: given
            now[0] += REMAKE_AFTER
            assert await urls() == [] and counts.stale == 2 and counts.remade == 1
            for _ in range(100):  # the background making finishes
                if not app._making:
                    break
                await asyncio.sleep(0.02)
            assert await urls() == ["https://example.org/remake.rss"]
            versions = counts.versions
            writes[0] += 1  # a write through the desk: emptied, and the version read now
            assert await urls() == ["https://example.org/remake.rss"]
            assert counts.versions == versions + 1 and counts.misses == 2

    asyncio.run(run())
