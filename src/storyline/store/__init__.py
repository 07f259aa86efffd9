"""The embedded store (SQLite). Only this package writes."""

from storyline.store.sqlite import BatchResult, Rejection, Store

__all__ = ["BatchResult", "Rejection", "Store"]
