"""One rooted exception tree. Rejected *input* is not an exception: it becomes a `Drop`.

    StorylineError            (code, message: what to do next)
     ├── UsageError           bad arguments or paths; exit status 2
     ├── StoreError           the database cannot be opened or migrated
     └── ModelError           a required model is missing or not the expected one
"""

from __future__ import annotations


class StorylineError(Exception):
    """Root of every error storyline raises on purpose."""

    code = "storyline"
    exit_status = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class UsageError(StorylineError):
    """The command was called in a way that cannot work (missing path, bad option)."""

    code = "usage"


class StoreError(StorylineError):
    """The embedded store cannot be opened, migrated or written."""

    code = "store"


class StaleWrite(StoreError):
    """Another writer changed the stories between a refresh's reads and its write: the
    refresh starts again from what is stored now (see `flow.refresh`)."""


class ModelError(StorylineError):
    """A model package is missing or is not the pipeline storyline was built against."""

    code = "model"
