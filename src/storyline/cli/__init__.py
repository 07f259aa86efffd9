"""The command line (shared/spec/CLI.md): a thin shell over library calls.

Exit status: 0 all went well; 1 some inputs were rejected (each named on stderr) but the
rest were stored; 2 bad usage or nothing could be done; 130 interrupted.

`common` holds the group and what commands share; `store_commands` the commands over the
store; `collection` those over files named on the command line; `maintenance` those that
keep a store current with the code (`reclean`).
"""

from storyline.cli import collection, maintenance, store_commands  # noqa: F401  (registers the commands)
from storyline.cli.common import main

__all__ = ["main"]
