"""A mapping read from the store key by key, that remembers what changed.

The story index of a large archive holds hundreds of thousands of stories, while a refresh
after a small ingest reads and changes a few dozen. `Lazy` lets the index keep its plain
mapping code (`stories[sid]`, `sid in stories`, `del stories[sid]`) while the store
answers only the keys asked for, and hands back only what changed (`changed`, `removed`)
to be written. Without a loader it is a plain dict that records changes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping
from typing import TypeVar

from storyline.errors import StoreError

__all__ = ["Lazy", "Loader"]

K = TypeVar("K")
V = TypeVar("V")

#: Reads the stored values of some keys (keys not stored are left out).
Loader = Callable[[Collection[K]], Mapping[K, V]]


class Lazy(MutableMapping[K, V]):
    """A mapping whose missing keys are read through `load` on first use. Listing it
    (`len`, iteration) needs every key: call `whole(everything)` first."""

    __slots__ = ("_absent", "_data", "_load", "changed", "removed")

    def __init__(self, load: Loader[K, V] | None = None) -> None:
        self._data: dict[K, V] = {}
        self._load = load
        self._absent: set[K] = set()
        #: Keys set or marked since loading; keys deleted since loading.
        self.changed: set[K] = set()
        self.removed: set[K] = set()

    @property
    def complete(self) -> bool:
        """Whether every stored key is in memory (no loader left)."""
        return self._load is None

    def whole(self, everything: Mapping[K, V]) -> None:
        """Take every stored key at once (`everything`, as read); keys already read or
        changed here keep their value."""
        for key, value in everything.items():
            if key not in self.removed:
                self._data.setdefault(key, value)
        self._load = None
        self._absent.clear()

    def fetch(self, keys: Collection[K]) -> None:
        """Read these keys in one call (those not in memory yet)."""
        if self._load is None:
            return
        missing = [k for k in keys
                   if k not in self._data and k not in self._absent and k not in self.removed]
        if not missing:
            return
        found = self._load(missing)
        self._data.update(found)
        self._absent.update(k for k in missing if k not in found)

    def mark(self, key: K) -> None:
        """Record that the value of `key` changed in place (a mutable value)."""
        self.changed.add(key)

    def loaded(self) -> dict[K, V]:
        """What is in memory now (read or set)."""
        return self._data

    def __getitem__(self, key: K) -> V:
        try:
            return self._data[key]
        except KeyError:
            pass
        self.fetch([key])
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __setitem__(self, key: K, value: V) -> None:
        self._data[key] = value
        self.changed.add(key)
        self.removed.discard(key)
        self._absent.discard(key)

    def __delitem__(self, key: K) -> None:
        self[key]  # raises KeyError when absent, as a dict would
        del self._data[key]
        self.changed.discard(key)
        self.removed.add(key)

    def __iter__(self) -> Iterator[K]:
        self._need_whole()
        return iter(self._data)

    def __len__(self) -> int:
        self._need_whole()
        return len(self._data)

    def _need_whole(self) -> None:
        if self._load is not None:
            raise StoreError("this part of the story index is read from the store on demand; "
                             "load it whole before listing it")
