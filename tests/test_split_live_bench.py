"""The pure parts of benchmarks/split_live.py: the doubling form's rungs (a story is
checked again only once it has doubled) and how a stream is cut into batches. The probe
itself reads ../shared/data; these tests read none."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import pytest

from conftest import load_benchmark
from storyline.model import Article


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("split_live")


def test_rungs_double_from_the_check_size(bench: ModuleType) -> None:
    assert bench.rung(19, 20) == 0  # under the check's size: never due
    assert [bench.rung(n, 20) for n in (20, 39, 40, 79, 80, 161)] == [20, 20, 40, 40, 80, 160]


def test_batches_are_consecutive_runs_of_one_key(bench: ModuleType) -> None:
    day = dt.date(2026, 3, 10)

    def doc(number: int, days: int) -> object:
        article = Article(id=f"a{number}", origin=f"test:{number}", raw_sha256="",
                          text="The ferry caught fire off the coast.",
                          title=None, source=None, url=None, published_from="metadata",
                          published=day + dt.timedelta(days=days))
        return bench.Doc(article, 1, "ferry")

    docs = [doc(1, 0), doc(2, 0), doc(3, 1), doc(4, 0)]
    batches = bench.batched(docs, lambda d: d.article.published)
    assert [[a.id for a in batch] for batch in batches] == [["a1", "a2"], ["a3"], ["a4"]]
