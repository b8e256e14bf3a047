"""The ``vbkg`` command line: one click group (``group``), one module per command.

Adding a command is one module here plus one line in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

from graph.cli import (
    build,
    check,
    demo,
    extract,
    html,
    query,
    remove,
    serve,
    stats,
    status,
    synth,
    trace,
)
from graph.cli.group import EXIT_ERROR, cli, lang_option, store_option
from graph.paths import EXAMPLES_DIR

# Commands defined in their own modules; importing a module registers its commands on ``cli``.
COMMAND_MODULES = (
    extract,
    build,
    remove,
    query,
    demo,
    check,
    html,
    serve,
    stats,
    status,
    synth,
    trace,
)

__all__ = [
    "COMMAND_MODULES",
    "EXAMPLES_DIR",
    "EXIT_ERROR",
    "cli",
    "lang_option",
    "main",
    "store_option",
]


def main() -> None:
    cli(prog_name="vbkg")


if __name__ == "__main__":
    main()
