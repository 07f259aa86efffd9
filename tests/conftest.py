"""Shared fixtures: paths to our own corpus and a fresh store per test."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings as hypothesis_settings

from storyline.model import Article
from storyline.settings import Settings, from_env
from storyline.store import Store

# CI runs the same examples every time (a red build must be reproducible); local runs
# explore new ones, which is how the property tests keep finding bugs.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def load_benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ as a module (for tests of its pure parts), registered under
    `NAME_bench` so that its dataclasses find their module."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench",
                                                  ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The export's JSON Schema: a contract users read, so it lives in docs/, not in tests.
EXPORT_SCHEMA = ROOT / "docs" / "export.schema.json"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return from_env(db_path=str(tmp_path / "store.db"))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings.db_path) as opened:
        yield opened


def write(path: Path, text: str | bytes) -> Path:
    """Write a fixture file (creating folders) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


#: A live blog's entries, each opening with its time stamp (a reader skips the stamps).
LIVE_BLOG = ("1901 The president of Arden says rescue teams will fly in on Thursday.\n"
             "1745 The Red Cross says three million people may need aid.\n"
             "2315: Rescuers pulled a girl from the rubble of a church on Wednesday.")


def text_article(article_id: str, text: str, published: dt.date, source: str | None = None
                 ) -> Article:
    """A clean article made straight from `text` (no title, no cleaning)."""
    return Article(id=article_id, origin=f"{article_id}.txt", raw_sha256="", text=text,
                   title=None, source=source, url=None, published=published,
                   published_from="metadata")


#: Debian's chromium, which Playwright drives (no browser is downloaded).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> pytest.MarkDecorator:
    """The mark for a module of browser tests: skipped without chromium, but a failure
    under CI=true (`.ci/run` installs it), so CI never passes by skipping them."""
    if CHROMIUM is None and os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run installs it", pytrace=False)
    return pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """A headless Chromium for a module's browser tests, with the flags this closed network
    needs (no background connections). Module-scoped: Playwright runs a thread while a
    browser is open, and later tests rely on none running (`can_fork_workers`)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield launched
        launched.close()
