"""docs/CLI.md documents every command and option `storyline --help` offers (as
sqlite-utils' tests/test_docs.py does), and its offline feed example works."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from storyline.cli import main

CLI_DOC = ROOT / "docs" / "CLI.md"


def _commands(group: click.Group, prefix: str = "storyline") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


def _sections() -> dict[str, str]:
    """Each `### \\`storyline ...\\`` section's text, by the command path in its heading."""
    text = CLI_DOC.read_text(encoding="utf-8")
    sections = {}
    for match in re.finditer(r"^### `(storyline(?: [a-z][a-z-]*)+)[^`]*`.*?$(.*?)(?=^##|\Z)", text,
                             re.M | re.S):
        sections[match.group(1)] = match.group(2)
    return sections


COMMANDS = list(_commands(main))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path, command):
    sections = _sections()
    if isinstance(command, click.Group):  # a group: documented through its commands
        assert any(s.startswith(f"{path} ") for s in sections), path
        return
    assert path in sections, f"{path} has no section in docs/CLI.md"
    for param in command.params:
        if not isinstance(param, click.Option) or "--help" in param.opts:
            continue
        for name in [o for o in param.opts if o.startswith("--")]:
            assert f"`{name}" in sections[path], f"{path}: {name} is not documented"


def test_no_documented_command_is_missing_from_the_cli():
    known = {path for path, _ in COMMANDS}
    documented = {p for p in _sections() if "(planned)" not in p}
    text = CLI_DOC.read_text(encoding="utf-8")
    planned = set(re.findall(r"^### `(storyline [a-z-]+)`\s+\(planned\)", text, re.M))
    assert documented - planned <= known


def test_the_documented_offline_feed_example_works(tmp_path: Path):
    db = str(tmp_path / "s.db")
    feed = ROOT / "docs" / "examples" / "harbour_wire.rss"
    for doc in (CLI_DOC, ROOT / "README.md"):
        assert f"storyline feeds add {feed.relative_to(ROOT)}" in doc.read_text(encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["feeds", "add", str(feed), "--db", db]).exit_code == 0
    result = runner.invoke(main, ["feeds", "poll", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "3 new items" in result.stderr
    stories = json.loads(runner.invoke(main, ["stories", "--db", db, "--json"]).stdout)
    assert sorted(len(s["articles"]) for s in stories) == [1, 2]  # the ferry story, the library
    assert all(s["outlets"] == ["Harbour Wire"] for s in stories)


def test_every_name_the_query_layer_offers_is_described():
    from storyline import views

    text = (ROOT / "docs" / "VIEWS.md").read_text(encoding="utf-8")
    missing = [name for name in views.__all__ if f"`{name}" not in text]
    assert missing == []
