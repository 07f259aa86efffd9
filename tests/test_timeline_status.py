"""A planned timeline entry is shown as planned wherever the timeline is: the CLI (`timeline`
text and JSON, `show`), the JSON export (`status`, format 4), the Markdown and HTML reports,
the desk's story page and the timeline picture; a forecast is shown nowhere. Articles
written for the test; names invented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import EXPORT_SCHEMA, write
from storyline.cli import main
from storyline.render.timeline_picture import layout

# 2022-06-30 is a Thursday; Friday is 1 July.
RECORDS = [
    {"id": "g1", "source": "Harbour Gazette", "published": "2022-06-30",
     "title": "Fever cases rise in Norden",
     "text": "Regional health officials in Norden reported 40 new cases of the fever on Tuesday. "
             "The drug maker said a vaccine against the Norden fever could be ready for wider use "
             "as early as July. Hospitals in Norden opened two more fever wards."},
    {"id": "v1", "source": "Valley Courier", "published": "2022-06-30",
     "title": "Ministers meet over Norden fever",
     "text": "Health ministers from the three provinces met on Tuesday in Norden to discuss the "
             "fever. The health ministers will meet again on Friday to agree on a joint fever "
             "vaccination plan. Hospitals in Norden reported 40 new cases of the fever."},
]
PLAN = "will meet again on Friday"
FORECAST = "as early as July"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def pile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("status")
    write(root / "in" / "fever.jsonl", "\n".join(json.dumps(r) for r in RECORDS) + "\n")
    return root


@pytest.fixture(scope="module")
def exported(pile: Path) -> dict[str, Path]:
    db = str(pile / "s.db")
    assert invoke("ingest", str(pile / "in"), "--db", db, "-q")[0] == 0
    paths = {}
    for fmt in ("json", "md", "html"):
        paths[fmt] = pile / f"report.{fmt}"
        code, _, err = invoke("export", "--db", db, "--format", fmt, "-o", str(paths[fmt]))
        assert code == 0, err
    return paths


def _timeline(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for story in document["stories"] for entry in story["timeline"]]


def test_cli_timeline_marks_the_plan_and_leaves_the_forecast_out(pile: Path) -> None:
    code, out, err = invoke("timeline", str(pile / "in"), "--all", "-q")
    assert code == 0, err
    [line] = [line for line in out.splitlines() if PLAN in line]
    assert line.startswith("2022-07-01") and line.endswith("(planned)")
    assert FORECAST not in out
    code, out, _ = invoke("timeline", str(pile / "in"), "--all", "--json", "-q")
    entries = json.loads(out)
    assert {e["status"] for e in entries if PLAN in e["text"]} == {"planned"}
    assert {e["status"] for e in entries if PLAN not in e["text"]} == {"event"}


def test_export_carries_the_status_in_format_4(exported: dict[str, Path]) -> None:
    document = json.loads(exported["json"].read_text())
    jsonschema.validate(document, json.loads(EXPORT_SCHEMA.read_text()))
    assert document["format_version"] == 4
    entries = _timeline(document)
    assert [e["status"] for e in entries if PLAN in e["text"]] == ["planned"]
    assert all(e["status"] == "event" for e in entries if PLAN not in e["text"])
    assert not [e for e in entries if FORECAST in e["text"]]


def test_markdown_and_html_reports_show_the_plan_as_planned(exported: dict[str, Path]) -> None:
    markdown = exported["md"].read_text()
    dated = [line for line in markdown.splitlines() if line.startswith("- **20")]
    [line] = [line for line in dated if PLAN in line]
    assert line.startswith("- **2022-07-01** *(planned)* ")
    assert len(dated) > 1 and all("(planned)" not in line for line in dated if PLAN not in line)
    assert FORECAST not in "".join(dated)
    html = exported["html"].read_text()
    [timeline] = re.findall(r'<ol class="timeline">.*?</ol>', html, re.S)
    [item] = [m for m in re.findall(r"<li[^>]*>.*?</li>", timeline, re.S) if PLAN in m]
    assert item.startswith('<li class="planned">') and ">planned</span>" in item
    assert re.search(r'<title>2022-07-01 \(planned\): [^<]*' + PLAN, html)
    assert FORECAST not in timeline and timeline.count('class="planned"') == 1


def _planned_story(exported: dict[str, Path]) -> str:
    document = json.loads(exported["json"].read_text())
    [story] = [s["id"] for s in document["stories"]
               if any(PLAN in e["text"] for e in s["timeline"])]
    return story


def test_show_and_the_desk_page_mark_the_plan(pile: Path, exported: dict[str, Path]) -> None:
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    story, db = _planned_story(exported), str(pile / "s.db")
    code, out, err = invoke("show", story, "--db", db)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if PLAN in line and "2022-07-01" in line]
    assert line.rstrip().endswith("(planned)")
    with TestClient(create_app(db)) as client:
        html = client.get(f"/stories/{story}").text
    [timeline] = re.findall(r'<ol class="timeline">.*?</ol>', html, re.S)
    [item] = [m for m in re.findall(r"<li[^>]*>.*?</li>", timeline, re.S) if PLAN in m]
    assert item.startswith('<li class="planned">') and '<span class="status">planned</span>' in item
    assert 'class="planned"/>' in html  # the picture's hollow dot


def test_the_picture_draws_a_plan_apart() -> None:
    entries = [{"date": "2022-06-28", "granularity": "day", "status": "event",
                "text": "Health ministers met in Norden to discuss the fever.",
                "citations": [{"article": "a", "start": 0, "end": 5}]},
               {"date": "2022-07-01", "granularity": "day", "status": "planned",
                "text": "The health ministers will meet again on Friday.",
                "citations": [{"article": "b", "start": 0, "end": 5}]},
               {"date": "2022-07-02", "granularity": "day",  # cached before statuses
                "text": "Hospitals opened two more fever wards in Norden.",
                "citations": [{"article": "c", "start": 0, "end": 5}]}]
    picture = layout(entries, story_start=None, href=lambda span: "#x")
    assert picture is not None
    assert [e.planned for e in picture.entries] == [False, True, False]
