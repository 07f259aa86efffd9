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


def test_a_form_runs_on_the_harness_runner(bench: ModuleType) -> None:
    """`run_form` on the clustering harness's own runner (it reads the runner's features and
    its articles by id): every article placed, one F1 a batch, nothing split at this size."""
    day = dt.date(2026, 3, 10)
    texts = ["Ferry Marisol catches fire off Lindhaven, captain Orrin Vasko says.",
             "Marisol passengers rescued near Lindhaven after the ferry fire.",
             "Inquiry opens into the Marisol ferry fire off Lindhaven.",
             "Drought cuts the Brenmoor wheat harvest by a third.",
             "Brenmoor farmers ask for drought aid as wheat fails."]
    docs = [bench.Doc(Article(id=f"a{n}", origin=f"test:{n}", raw_sha256="", text=text,
                              title=None, source=None, url=None, published_from="metadata",
                              published=day + dt.timedelta(days=n)),
                      1, "ferry" if "Marisol" in text else "drought")
            for n, text in enumerate(texts)]
    gold = {d.article.id: d.subtopic for d in docs}
    batches = [[d.article for d in docs[:3]], [d.article for d in docs[3:]]]
    run = bench.run_form("final", batches, bench.Ours(docs), gold)
    assert set(run.partition) == set(gold)
    assert len(run.shown) == 2 and run.splits == 0 and run.checked == 0
