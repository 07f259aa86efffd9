"""The pure parts of benchmarks/clustering.py that the repeated cross-validation adds: the
halvings (the fixed one and seeded random ones of the same kind) and the paired bootstrap
from each document's precision and recall. The benchmark reads ../shared/data; these
tests read none (articles of our own, one line each)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from types import ModuleType

import pytest

from conftest import load_benchmark
from storyline.model import Article


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("clustering")


def _doc(bench: ModuleType, number: int, topic: int, story: str) -> object:
    article = Article(id=f"a{number:03d}", origin=f"test:{number}", raw_sha256="",
                      text=f"Report {number} on {story}.", title=None, source=None, url=None,
                      published=dt.date(2026, 3, 1) + dt.timedelta(days=number % 9),
                      published_from="metadata")
    return bench.Doc(article, topic, story)


def _topics(bench: ModuleType) -> object:
    docs = [_doc(bench, n, topic, f"{topic}_{n % 2}")
            for n, topic in enumerate(t for t in range(1, 13) for _ in range(4))]
    return bench.Dataset("topics", docs, "topic", ("subtopic", "topic"))


def _stories(bench: ModuleType) -> object:
    sizes = [9, 7, 7, 5, 4, 3, 3, 2, 1]  # nine gold stories, sized unevenly
    docs = [_doc(bench, n, 0, f"s{story}")
            for n, story in enumerate(s for s, size in enumerate(sizes) for _ in range(size))]
    return bench.Dataset("stories", docs, "subtopic", ("subtopic",))


def test_the_fixed_halving_is_odd_and_even_topics(bench: ModuleType) -> None:
    first, second = _topics(bench).halves()
    assert {d.topic for d in first} == {1, 3, 5, 7, 9, 11}
    assert {d.topic for d in second} == {2, 4, 6, 8, 10, 12}


def test_seeded_halvings_cut_whole_units_and_differ_by_seed(bench: ModuleType) -> None:
    for dataset in (_topics(bench), _stories(bench)):
        cuts = set()
        for seed in range(1, 6):
            first, second = dataset.halves(seed)
            assert first and second
            assert {d.article.id for d in first} | {d.article.id for d in second} == {
                d.article.id for d in dataset.docs}
            units = ({dataset.unit_of(d) for d in first}, {dataset.unit_of(d) for d in second})
            assert not units[0] & units[1]  # a unit is never cut
            assert dataset.halves(seed) == (first, second)  # a seed is reproducible
            cuts.add(frozenset(units[0]))
        assert len(cuts) > 1


def test_seeded_story_halvings_send_one_of_each_size_pair_to_each_half(
        bench: ModuleType) -> None:
    dataset = _stories(bench)
    sizes = Counter(d.subtopic for d in dataset.docs)
    ranked = sorted(sizes, key=lambda story: (-sizes[story], story))
    for seed in range(1, 6):
        first = {d.subtopic for d in dataset.halves(seed)[0]}
        for i in range(0, len(ranked) - 1, 2):
            assert len(first & {ranked[i], ranked[i + 1]}) == 1
        assert len(first) == (len(ranked) + 1) // 2


def test_the_paired_bootstrap_sees_a_better_method_and_a_tie(bench: ModuleType) -> None:
    dataset = _topics(bench)
    gold = {d.article.id: d.subtopic for d in dataset.docs}
    lumped = {d.article.id: d.topic for d in dataset.docs}  # both events of a topic as one
    right = bench.per_document(gold, dataset)
    assert set(right.values()) == {(1.0, 1.0)}
    wrong = bench.per_document(lumped, dataset)
    assert set(wrong.values()) == {(0.5, 1.0)}
    ahead = bench.bootstrap_documents(right, wrong, dataset, resamples=200)
    assert ahead["margin"] == pytest.approx(1.0 - 2 * 0.5 / 1.5, abs=1e-4)
    assert ahead["ci95"][0] > 0 and ahead["share_ours_ahead"] == 1.0
    tie = bench.bootstrap_documents(right, right, dataset, resamples=200)
    assert tie["margin"] == 0 and tie["ci95"] == [0.0, 0.0]
