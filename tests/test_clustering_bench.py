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
    fixed = {d.subtopic for d in dataset.halves()[0]}
    assert any({d.subtopic for d in dataset.halves(seed)[0]} != fixed for seed in range(1, 6))


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


class _Lumping:
    """Puts every held-out document of a fold in one story "L" but every third, which it
    gets right: a label that collides across folds unless the folds are told apart."""

    def __init__(self, gold: dict[str, str]) -> None:
        self.gold = gold
        self.calls: list[tuple[str, ...]] = []

    def partition(self, settings: object, articles: list[Article]) -> dict[str, str]:
        self.calls.append(tuple(a.id for a in articles))
        return {a.id: self.gold[a.id] if int(a.id[1:]) % 3 == 0 else "L" for a in articles}


class _Everything:
    def tune(self, train: object, quick: bool) -> tuple[dict[str, int], None]:
        return {"p": 1}, None

    def predict(self, test: list, params: object) -> dict[str, str]:  # type: ignore[type-arg]
        return {d.article.id: "ALL" for d in test}


def test_repeated_cv_holds_each_document_out_once_per_repeat(bench: ModuleType) -> None:
    import contextlib
    import io

    from storyline.stories import ClusterSettings

    dataset = _topics(bench)
    gold = {d.article.id: d.subtopic for d in dataset.docs}
    runner = _Lumping(gold)
    with contextlib.redirect_stdout(io.StringIO()):
        result, means = bench.repeated_cv(
            {"topics": runner}, {"topics": _Everything()}, [dataset], True, repeats=3,
            fit=lambda parts, quick: ClusterSettings())
    assert len(runner.calls) == 6  # two folds a repeat
    for repeat in range(3):
        held = runner.calls[2 * repeat] + runner.calls[2 * repeat + 1]
        assert sorted(held) == sorted(gold)  # every document held out once
    # Recomputed by hand: per repeat the two folds' "L" stories are apart, so each fold's
    # lumped documents share a story only with their own fold's.
    expected, sums = [], {i: [0.0, 0.0] for i in gold}
    for repeat in range(3):
        first, second = dataset.halves(repeat or None)
        predicted = {}
        for fold, test in enumerate((second, first)):
            predicted.update({d.article.id: (fold, gold[d.article.id]
                                             if int(d.article.id[1:]) % 3 == 0 else "L")
                              for d in test})
        expected.append(round(bench.score(predicted, dataset.docs)["subtopic"]["f1"], 4))
        for i, (precision, recall) in bench.per_document(predicted, dataset).items():
            sums[i][0] += precision
            sums[i][1] += recall
    assert result["topics"]["ours_f1_pooled_per_repeat"] == expected
    assert len(set(expected)) > 1  # the halvings differ, and so do their figures
    assert set(means["topics"]["ours"]) == set(gold)
    for i, (precision, recall) in sums.items():
        assert means["topics"]["ours"][i] == pytest.approx((precision / 3, recall / 3))
    # the baseline puts a fold's 24 documents in one story: precision 2 / 24, recall 1
    assert all(value == pytest.approx((1 / 12, 1.0))
               for value in means["topics"]["baseline"].values())
    assert result["topics"]["margin_bootstrap"]["margin"] > 0  # ahead of lumping everything
    assert result["halvings"] == "the fixed one, then seeds 1..2"
