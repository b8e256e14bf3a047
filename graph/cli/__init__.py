"""The ``vbkg`` command line: one click group (``cli``), one module per command, each
imported only when its command runs (:data:`graph.cli.group.COMMANDS`).

Adding a command is one module here plus one line in :data:`COMMANDS`.
"""

from __future__ import annotations

from graph.cli.group import COMMANDS, EXIT_ERROR, cli, lang_option, store_option
from graph.paths import EXAMPLES_DIR

__all__ = [
    "COMMANDS",
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
