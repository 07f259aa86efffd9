"""The desk's pages as a reader meets them: a real uvicorn server on 127.0.0.1, Debian's
chromium driven by Playwright (as tests/test_report_browser.py launches it), at a 390 px
phone's width: front page -> story -> citation -> the cited sentence in its source; a
search and a filter through the forms; the feeds page; no console error, no sideways
scroll anywhere."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from conftest import EXAMPLES, require_chromium
from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app

pytestmark = require_chromium()

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server over the examples (the top story analysed), at its base URL."""
    path = tmp_path_factory.mktemp("desk") / "store.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES]), store, Settings(db_path=str(path)))
        refresh_stories(store)
        analyze_stories(store, store.stories()[:1])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def tab(browser) -> Iterator:
    page = browser.new_page(viewport=PHONE)
    page.problems = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type in ("error", "warning")
            and page.problems.append(m.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.problems.append(str(e)))  # type: ignore[attr-defined]
    yield page
    assert page.problems == []  # type: ignore[attr-defined]  (CSP violations land here)
    page.close()


def _fits(tab) -> None:
    """Nothing wider than the phone: no sideways scroll."""
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide"


def test_front_page_to_story_to_citation_to_source(tab, desk):
    tab.goto(desk + "/")
    _fits(tab)
    first = tab.locator("ol.stories a.headline").first
    headline = first.inner_text()
    first.click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == headline
    assert tab.locator("ol.summary li").count() > 0
    _fits(tab)
    cite = tab.locator("ol.summary a.cite").first
    href = cite.get_attribute("href")
    assert href and "#m-" in href
    cite.click()
    tab.wait_for_load_state()
    assert tab.evaluate("location.hash") == "#" + href.split("#")[1]
    target = tab.locator(":target")
    assert target.evaluate("el => el.className") == "anchor"
    mark = tab.locator(":target + mark, :target ~ mark").first
    assert mark.is_visible() and mark.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    _fits(tab)
    tab.go_back()
    tab.wait_for_load_state()
    source = tab.locator("ol.sources a").first
    title = source.inner_text()
    source.click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == title
    _fits(tab)


def test_the_story_timeline_picture_stays_readable_on_the_phone_and_its_dots_link(tab, desk):
    """Scaled down to a phone's column its labels were ~5 px: the picture keeps a width at
    which they read at 10 px and up, in a box that scrolls sideways; the page does not."""
    tab.goto(desk + "/")
    tab.locator("ol.stories a.headline").first.click()
    tab.wait_for_load_state()
    picture = tab.locator("svg.timeline")
    assert picture.is_visible()
    box = picture.bounding_box()
    frame = tab.locator("div.picture").bounding_box()
    assert box is not None and frame is not None and box["height"] > 20
    assert frame["width"] <= PHONE["width"] < box["width"]  # the box scrolls, not the page
    label = picture.locator("text").first.bounding_box()
    assert label is not None and label["height"] >= 10, label  # rendered, in CSS px
    _fits(tab)
    # drawn with the stylesheet (the CSP allows no inline style): dots filled, labels shown
    dot = picture.locator("circle").first
    assert dot.evaluate("el => getComputedStyle(el).fill") == "rgb(11, 79, 138)"
    assert picture.locator("text").count() >= picture.locator("circle").count()
    link = picture.locator("a").first
    href = link.get_attribute("href")
    assert href and href.startswith("/articles/") and "#m-" in href
    link.locator("circle").click(force=True)
    tab.wait_for_load_state()
    assert tab.evaluate("location.hash") == "#" + href.split("#")[1]
    assert tab.locator(":target").evaluate("el => el.className") == "anchor"
    _fits(tab)


def test_a_story_not_analysed_yet_says_so(tab, desk):
    tab.goto(desk + "/")
    tab.locator("ol.stories a.headline").nth(1).click()
    tab.wait_for_load_state()
    assert tab.locator(".analysing").is_visible()
    _fits(tab)


def test_search_and_a_filter_through_the_forms(tab, desk):
    tab.goto(desk + "/search")
    tab.fill("input[name=q]", "peacekeepers")
    tab.click("form.filters button")
    tab.wait_for_load_state()
    assert "q=peacekeepers" in tab.url
    assert tab.locator("ol.hits li").count() > 0
    assert tab.locator("ol.hits mark").first.inner_text().lower().startswith("peacekeeper")
    _fits(tab)
    tab.goto(desk + "/")
    every = tab.locator("ol.stories li").count()
    tab.fill("input[name=outlet]", "Meridian Times")
    tab.click("form.filters button")
    tab.wait_for_load_state()
    assert "outlet=Meridian+Times" in tab.url
    assert 0 < tab.locator("ol.stories li").count() < every
    _fits(tab)


def test_the_feeds_page(tab, desk):
    tab.goto(desk + "/feeds")
    assert tab.locator("h1").inner_text() == "Feeds"
    assert "No feed followed" in tab.locator("main").inner_text()
    _fits(tab)
