"""The desk's pages (`storyline.web.pages`) through the ASGI test client, over examples/
plus a hostile article: each page shows what the views give, escaped; a story not yet
analysed says "analysing"; the article page marks what stories cite, with the anchors
citations link to; errors are pages too."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES, write
from storyline import views
from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store
from storyline.store.history import record_events
from storyline.stories.identity import StoryEvent
from storyline.web import create_app, pages
from storyline.web.article_text import paragraphs

HOSTILE = """Title: <script>alert('title')</script> Storm shuts <b>Kessel</b> harbour
Source: Harbour <i>Gazette</i>
Date: 2024-03-02

The harbour authority closed the port of Kessel on Saturday after a storm damaged two
cranes, the authority said. <script>alert('body')</script> Repairs will take a week.

Fishermen said the closure would cost them their best weekend of the season.
On Sunday the harbour master said <b>one quay</b> would reopen <script>alert('quay')</script>
on Monday.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("pages")
    hostile = write(root / "input" / "hostile.txt", HOSTILE)
    path = root / "store.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES, hostile]), store, Settings(db_path=str(path)))
        refresh_stories(store)
        hostile_story = views.search(store, "Kessel cranes").hits[0].story_id
        analyze_stories(store, [s for i, s in enumerate(store.stories())
                                if i == 0 or s.id == hostile_story])
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def _page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.text
    assert not re.search(r'(src|href)="(https?:)?//', response.text.split("<main>")[0])
    return response.text


def test_the_front_page_lists_the_ranked_stories_with_filters(client, db):
    with Store.open(db, read_only=True) as store:
        ranked = store.stories()
    html = _page(client, "/")
    found = re.findall(r'<a class="headline" href="/stories/([^"]+)"', html)
    assert found == [s.id for s in ranked][:len(found)] and len(found) == min(len(ranked), 30)
    assert 'name="q"' in html and 'name="since"' in html and 'name="outlet"' in html
    narrowed = _page(client, "/?outlet=meridian+times")
    assert 'value="meridian times"' in narrowed
    shown = re.findall(r'href="/stories/([^"]+)"', narrowed)
    assert 0 < len(shown) < len(found)
    assert "No story passes these filters" in _page(client, "/?since=2099-01-01")
    assert "is not a date" in _page(client, "/?since=someday", 400)


def test_a_story_page_with_citations_and_sources(client, db):
    with Store.open(db, read_only=True) as store:
        top = store.stories()[0]
        detail = views.story(store, top.id, analyse="cached")
    assert detail is not None and detail.analysed
    html = _page(client, f"/stories/{top.id}")
    assert "analysing" not in html
    first = detail.analysis["summary"][0]
    cited = first["citations"][0]
    href = f'/articles/{cited["article"]}#m-{cited["start"]}-{cited["end"]}'
    assert f'<a class="cite" href="{href}"' in html
    for source in detail.sources:
        assert f'href="/articles/{source.article_id}"' in html
    assert "<h2>Timeline</h2>" in html and "<h2>Sources</h2>" in html


def test_a_story_page_draws_its_timeline_as_the_report_does(client, db):
    with Store.open(db, read_only=True) as store:
        top = store.stories()[0]
        detail = views.story(store, top.id, analyse="cached")
    assert detail is not None
    dated = [t for t in detail.analysis["timeline"] if t["citations"]]
    assert dated, "the top example story should have a dated, cited timeline"
    html = _page(client, f"/stories/{top.id}")
    svg = re.search(r'<svg class="timeline" viewBox="0 0 (\d+) (\d+)"[^>]*>(.*?)</svg>', html, re.S)
    assert svg, "no timeline picture"
    assert int(svg.group(1)) > 0 and int(svg.group(2)) > 0
    drawn = svg.group(3)
    # one dot per dated entry, each linking where the entry's first citation does
    assert drawn.count("<circle ") == len(dated)
    first = min(dated, key=lambda t: t["date"])["citations"][0]
    assert f'href="/articles/{first["article"]}#m-{first["start"]}-{first["end"]}"' in drawn
    assert "style=" not in drawn and "<script" not in drawn  # nothing the CSP would refuse
    for entry in dated:
        assert f"<title>{entry['date']}: " in drawn
    # the list stays under the picture (the full text of each entry)
    assert html.index('<svg class="timeline"') < html.index('<ol class="timeline">')


def test_a_story_not_analysed_yet_says_analysing_and_shows_its_sources(client, db):
    with Store.open(db, read_only=True) as store:
        other = next(s for s in store.stories()
                     if not views.story(store, s.id, analyse="cached").analysed)
    html = _page(client, f"/stories/{other.id}")
    assert "analysing" in html and "<h2>Summary</h2>" not in html
    assert f'href="/articles/{other.article_ids[0]}"' in html


def test_the_article_page_marks_the_cited_stretches_with_their_anchors(client, db):
    with Store.open(db, read_only=True) as store:
        top = store.stories()[0]
        detail = views.story(store, top.id, analyse="cached")
        assert detail is not None
        cited = detail.analysis["summary"][0]["citations"][0]
        article = views.article(store, cited["article"])
    assert article is not None
    html = _page(client, f"/articles/{cited['article']}")
    anchor = f'<span class="anchor" id="m-{cited["start"]}-{cited["end"]}"></span><mark'
    assert anchor in html
    words = article.article.text[cited["start"]:cited["end"]].split()[:4]
    marked = " ".join(re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>",
                                                                      html, re.S))
    assert " ".join(words).replace("'", "&#39;") in marked
    _page(client, "/articles/no-such-article", 404)


def test_paragraph_runs_split_overlapping_marks_and_keep_every_anchor():
    text = "One two three.\n\nFour five six."
    marks = (views.Mark(start=0, end=14, kinds=("summary",), story_id="s"),
             views.Mark(start=4, end=23, kinds=("quote",), story_id="s"))
    paras = paragraphs(text, marks)
    assert ["".join(r.text for r in p) for p in paras] == ["One two three.", "Four five six."]
    runs = paras[0]
    assert [(r.text, r.kinds, r.anchors) for r in runs] == [
        ("One ", ("summary",), ("m-0-14",)), ("two three.", ("quote", "summary"), ("m-4-23",))]
    assert paras[1][0].kinds == ("quote",) and paras[1][0].anchors == ()
    assert paras[1][-1].kinds == ()


def test_hostile_text_is_escaped_on_every_page(client, db):
    with Store.open(db, read_only=True) as store:
        hit = views.search(store, "Kessel cranes").hits[0]
    pages = [_page(client, "/"), _page(client, f"/articles/{hit.article_id}"),
             _page(client, "/search?q=Kessel+cranes")]
    if hit.story_id:
        pages.append(_page(client, f"/stories/{hit.story_id}"))
    for html in pages:
        assert "<script>" not in html and "<b>Kessel</b>" not in html and "<i>Gazette" not in html
        assert "<b>one quay</b>" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[1]
    # the timeline picture draws the hostile sentence as text too
    assert hit.story_id
    drawn = pages[-1].split('<svg class="timeline"')[1].split("</svg>")[0]
    assert "&lt;b&gt;one quay&lt;/b&gt;" in drawn and "<script" not in drawn


def test_search_entity_and_feeds_pages(client, db):
    html = _page(client, "/search?q=peacekeepers")
    assert "<mark>peacekeepers</mark>" in html.lower() or "<mark>peacekeeper" in html.lower()
    assert re.search(r'href="/articles/[^"]+"', html)
    assert "No article holds these words" in _page(client, "/search?q=zzyzx")
    with Store.open(db, read_only=True) as store:
        top = store.stories()[0]
        detail = views.story(store, top.id, analyse="cached")
        waiting = len(store.stories()) - 2  # the fixture analysed two stories
    assert detail is not None and waiting > 1
    entity = detail.analysis["entities"][0]
    page = _page(client, f"/entities/{entity['id']}")
    assert f'href="/stories/{top.id}"' in page
    assert f"{waiting} stories are not analysed yet, so this list may be partial" in page
    listed = _page(client, f"/?entity={entity['id']}")
    assert f'href="/stories/{top.id}"' in listed
    assert f"{waiting} stories are not analysed yet and cannot match it" in listed
    assert "not analysed yet" not in _page(client, "/")  # no entity filter, no note
    _page(client, "/entities/Nobody%20Atall", 404)
    assert "No feed followed" in _page(client, "/feeds")


def test_a_merged_story_page_redirects_and_unknown_pages_are_html(client, db, tmp_path: Path):
    import sqlite3

    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store.open(copy) as store:
        survivor, second = store.stories()[0], store.stories()[1]
        with store._transaction() as conn:
            record_events(conn, [
                StoryEvent(kind="merge", story_id=survivor.id, others=("s-gone",),
                           redirects=(("s-gone", survivor.id),)),
                StoryEvent(kind="split", story_id="s-<parted>", others=(survivor.id, second.id),
                           redirects=(("s-<parted>", survivor.id), ("s-<parted>", second.id)))],
                "2026-12-07T00:00:00+00:00")
    with TestClient(create_app(str(copy))) as other:
        moved = other.get("/stories/s-gone", follow_redirects=False)
        assert moved.status_code == 308
        assert moved.headers["location"] == f"/stories/{survivor.id}?from=s-gone"
        landed = other.get("/stories/s-gone").text  # the page says which story was followed
        assert "The story you followed, s-gone, was merged into this one." in landed
        forged = other.get(f"/stories/{second.id}?from=s-gone").text  # not one it absorbed
        assert "The story you followed" not in forged
        parted = other.get("/stories/s-%3Cparted%3E", follow_redirects=False)
        assert parted.status_code == 300
        assert f'href="/stories/{survivor.id}"' in parted.text
        assert f'href="/stories/{second.id}"' in parted.text
        assert "s-&lt;parted&gt;" in parted.text and "<parted>" not in parted.text
        page = other.get(f"/stories/{survivor.id}").text  # its history, linked and escaped
        assert "<h2>History</h2>" in page and 'absorbed <a href="/stories/s-gone">s-gone</a>' in page
        assert 'split off from <a href="/stories/s-%3Cparted%3E">s-&lt;parted&gt;</a>' in page
    assert "no story" in _page(client, "/stories/nothing-here", 404)
    assert "Not Found" in _page(client, "/no/such/page", 404)
    assert client.get("/static/desk.css").headers["content-type"].startswith("text/css")


def test_the_front_page_script_asks_the_api_whether_the_ranking_moved(client):
    import html as html_module

    for url in ("/", "/?outlet=meridian+times"):
        page = _page(client, url)
        api = html_module.unescape(re.search(r'data-fresh-api="([^"]+)"', page).group(1))
        etag = html_module.unescape(re.search(r'data-fresh-etag="([^"]+)"', page).group(1))
        assert api.startswith("/api/stories?") and "limit=30" in api
        assert client.get(api).headers["etag"] == etag  # the same list, the same tag
        assert client.get(api, headers={"If-None-Match": etag}).status_code == 304
        assert '<script src="/static/fresh.js" defer></script>' in page
    assert client.get("/static/fresh.js").status_code == 200
    more = re.search(r'<a class="more" href="([^"]+)"', _page(client, "/"))
    if more:  # a later page has no script: its list is not the API's first page
        assert "data-fresh-api" not in _page(client, html_module.unescape(more.group(1)))


def test_an_untitled_article_shows_its_opening_and_no_unsafe_link(tmp_path: Path):
    record = {"text": "Divers searched the Marrow river at Tolvane on Wednesday after the bridge "
                      "collapse. Engineers said the bridge had been inspected last spring.",
              "source": "Tolvane Post", "published": "2026-03-04", "url": "javascript:alert(1)"}
    path = tmp_path / "untitled.db"
    with Store.open(path) as store:
        ingest(plan([write(tmp_path / "in" / "u.jsonl", json.dumps(record) + "\n")]), store,
               Settings(db_path=str(path)))
        refresh_stories(store)
        (article,) = store.articles()
        (story,) = store.stories()
    with TestClient(create_app(str(path))) as other:
        page = _page(other, f"/articles/{article.id}")
        assert '<h1><span class="untitled">(untitled)</span> Divers searched the Marrow' in page
        assert "javascript:" not in page and "the original" not in page
        listed = _page(other, f"/stories/{story.id}")
        assert '<span class="untitled">(untitled)</span> Divers searched the Marrow' in listed
        found = _page(other, "/search?q=Marrow")
        assert '<span class="untitled">(untitled)</span></a>' in found  # no hex id for a title


def test_a_story_page_folds_quotes_beyond_the_first(client, db, monkeypatch):
    with Store.open(db, read_only=True) as store:
        first = store.stories()[0]
    whole = _page(client, f"/stories/{first.id}")
    quotes = whole.count('<li><span class="who">')
    assert quotes >= 2, "the first example story quotes people"
    monkeypatch.setattr(pages, "QUOTES_SHOWN", 1)
    with TestClient(create_app(db)) as other:
        folded = _page(other, f"/stories/{first.id}")
    assert f"<summary>{quotes - 1} more quotes</summary>" in folded
    assert folded.count('<li><span class="who">') == quotes  # folded, not dropped


def test_head_answers_as_get_without_a_body(client):
    got, head = client.get("/"), client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head("/api/stories").status_code == 200
    assert client.head("/no/such/page").status_code == 404


def test_a_hidden_story_s_page_says_so_and_shows_no_rank(db, tmp_path: Path):
    import sqlite3

    from storyline.flow.edits import hide_story

    copy = tmp_path / "hidden.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store.open(copy) as store:
        story = store.stories()[0]
        assert "Rank 1 ·" in _page_of(copy, story.id)
        hide_story(store, story.id)
    page = _page_of(copy, story.id)
    assert "Hidden by an editor" in page and "Rank " not in page


def _page_of(path: Path, story_id: str) -> str:
    with TestClient(create_app(str(path))) as other:
        return _page(other, f"/stories/{story_id}")



def test_an_article_without_an_outlet_is_named_as_the_cli_and_exports_name_it(tmp_path: Path):
    """No outlet in the record: the pages name its URL's host, or "unknown outlet" without
    one, as `show`, the reports and the export's overview do (`outlets.outlet_label`)."""
    from dataclasses import replace

    from storyline.model import Article, RawDocument
    from storyline.render.export import overview

    text = ("The Tolvane bridge reopened on Friday after repairs. Engineers said the new "
            "supports had passed every test.")
    hosted = Article(id="a" * 16, origin="test:a", raw_sha256="1" * 64, text=text,
                     title="Tolvane bridge reopens", source=None,
                     url="https://www.post.example/bridge", published=dt.date(2026, 3, 4),
                     published_from="metadata")
    bare = replace(hosted, id="b" * 16, origin="test:b", url=None, title="Bridge reopens")
    assert overview([hosted, bare], []).outlets == [("post.example", 1), ("unknown outlet", 1)]
    path = tmp_path / "outletless.db"
    with Store.open(path) as store:
        store.write_batch([(hosted, RawDocument(origin=hosted.origin, content=text, kind="text",
                                                sha256=hosted.raw_sha256))])
        refresh_stories(store)
        (story,) = store.stories()
    with TestClient(create_app(str(path))) as other:
        assert '<p class="meta">post.example · 2026-03-04' in _page(other, f"/articles/{hosted.id}")
        assert "post.example · 2026-03-04" in _page(other, f"/stories/{story.id}")
        assert "post.example · 2026-03-04" in _page(other, "/search?q=Tolvane")
