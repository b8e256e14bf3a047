"""Subcommands of ``vbkg`` that live in their own module.

Each module here defines its command with ``@cli.command()`` (``from graph.cli import cli``,
and the shared options ``lang_option``, ``store_option``); ``graph.cli`` imports every module
of this package once the group exists, so adding a command is adding a file.
"""
