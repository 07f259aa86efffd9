"""The pure parts of benchmarks/stability.py: what a story's core is, when a later story
holds it, how a retired id resolves through recorded merges, and how a comparison of two
states is counted. The benchmark itself reads ../shared/data; these tests read none."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_benchmark
from storyline.store import Store


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("stability")


def snap(bench: ModuleType, members: str, copies: str = "", headline: str = "h") -> object:
    ids = members.split()
    return bench.Snapshot(frozenset(ids), bench.core_members(ids, copies.split()), headline)


def test_core_members_leave_near_copies_out_unless_all_are(bench: ModuleType) -> None:
    assert bench.core_members(["a", "b", "c"], ["b"]) == {"a", "c"}
    assert bench.core_members(["a", "b"], ["a", "b"]) == {"a", "b"}


def test_holds_at_a_share_of_the_core(bench: ModuleType) -> None:
    core = frozenset(f"a{i}" for i in range(10))
    nine = frozenset(list(sorted(core))[:9]) | {"x"}
    assert bench.holds(nine, core, 0.9)
    assert not bench.holds(nine, core, 1.0)
    assert not bench.holds(frozenset(list(sorted(core))[:8]), core, 0.9)
    assert not bench.holds(frozenset({"a"}), frozenset(), 0.9)


def test_compare_counts_each_way_a_story_can_fare(bench: ModuleType) -> None:
    before = {
        "grew": snap(bench, "a1 a2 a3"),
        "absorbed": snap(bench, "b1 b2"),
        "lost": snap(bench, "c1 c2"),
        "thinned": snap(bench, "d1 d2 d3 d4 d5 d6 d7 d8 d9 d10"),
        "copies": snap(bench, "e1 e2 e3", copies="e3", headline="old"),
        "single": snap(bench, "f1"),
        "single_lost": snap(bench, "g1"),
    }
    after = {
        "grew": snap(bench, "a1 a2 a3 a4"),
        "host": snap(bench, "h1 b1 b2"),
        "thinned": snap(bench, "d1 d2 d3 d4 d5 d6 d7 d8"),
        "copies": snap(bench, "e1 e2", headline="new"),  # the near-copy left
        "single": snap(bench, "f1 f2"),
        "other": snap(bench, "c1 c2 g1"),  # took "lost" whole, no redirect
    }
    merges = {"absorbed": "host"}
    tally = bench.compare(before, after, lambda sid: (sid,) if sid in after else
                          tuple(merges[sid] for _ in [0] if sid in merges))
    assert (tally.stories, tally.singletons) == (5, 2)
    assert tally.survived == 3  # grew, absorbed (redirect), copies (core e1 e2 kept)
    assert tally.survived_strict == 3
    assert (tally.same_id, tally.by_redirect, tally.id_gone) == (2, 1, 1)
    assert (tally.lost_whole, tally.lost_split) == (1, 1)  # "thinned" is split up
    assert tally.members_changed == 3  # grew, thinned, copies
    assert tally.headline_changed == 1
    assert tally.unchanged == 0
    assert tally.singletons_survived == 1
    assert tally.share() == pytest.approx(3 / 5)
    record = tally.record()
    assert record["share"] == 0.6 and record["singletons_share"] == 0.5
    assert json.dumps(record)


def test_resolve_follows_the_stores_recorded_redirects(bench: ModuleType, tmp_path: Path) -> None:
    from storyline.store.history import record_events
    from storyline.stories.identity import StoryEvent

    path = tmp_path / "s.db"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO stories (id, score_parts, merged_from) "
                       "VALUES (?, '{}', '[]')", [("s-live",), ("s-other",)])
        db.executemany("INSERT INTO story_ranks (id, score, base) VALUES (?, 0, 0)",
                       [("s-live",), ("s-other",)])
        record_events(db, [
            StoryEvent(kind="merge", story_id="s-mid", others=("s-old",),
                       redirects=(("s-old", "s-mid"),)),
            StoryEvent(kind="split", story_id="s-mid", others=("s-live", "s-other"),
                       redirects=(("s-mid", "s-live"), ("s-mid", "s-other")))], "then")
    with Store.open(path) as store:
        assert bench.resolve(store, "s-old") == ("s-live", "s-other")
        assert bench.resolve(store, "s-other") == ("s-other",)
        assert bench.resolve(store, "s-nowhere") == ()
