"""The command line (shared/spec/CLI.md): a thin shell over library calls.

Exit status: 0 all went well; 1 some inputs were rejected (each named on stderr) but the
rest were stored; 2 bad usage or nothing could be done; 3 storyline failed (a bug,
named on stderr); 130 interrupted.

`common` holds the group and what commands share; `store_commands` the commands that
write the store or a report; `read_commands` those that read it (through
`storyline.views`); `feed_commands` the `feeds` group; `collection` the commands over
files named on the command line; `maintenance` those that keep a store current with the
code (`reclean`); `serve_command` the web desk; `edit_commands` editors' decisions (`stories merge` ...).
"""

from storyline.cli import (  # noqa: F401  (registers the commands)
    collection,
    edit_commands,
    feed_commands,
    maintenance,
    read_commands,
    serve_command,
    store_commands,
)
from storyline.cli.common import main

__all__ = ["main"]
