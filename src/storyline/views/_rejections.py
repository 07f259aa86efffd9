"""Every input the store has rejected, and why."""

from __future__ import annotations

from storyline.store import Rejection, Store


def rejections(store: Store) -> list[Rejection]:
    """Every rejection, by origin then stage."""
    return store.rejections()
