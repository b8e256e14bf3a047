"""The `vbkg` group imports a command's module only when that command runs or shows its help
(graph.cli.group.LazyGroup): `vbkg --help` lists every command from the message catalogue."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from factories import ROOT

from graph.cli import COMMANDS, cli

# What a command's own help may not pull in (store, graph and parsing libraries).
HEAVY = ("rdflib", "pyoxigraph", "networkx", "pyvis", "httpx", "parsers.find")


def _modules_after(args: list[str]) -> set[str]:
    """The modules imported by ``vbkg ARGS`` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from graph.cli import main\n"
        f"sys.argv = ['vbkg', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_group_help_imports_no_command() -> None:
    mods = _modules_after(["--help"])
    assert not {m for m in mods if m.startswith("graph.cli.") and m != "graph.cli.group"}
    assert not {m for m in mods if m.split(".")[0] in HEAVY or m in HEAVY}


@pytest.mark.parametrize("command", ["extract", "build", "trace", "stats", "status", "query"])
def test_command_help_imports_only_its_command(command: str) -> None:
    mods = _modules_after([command, "--help"])
    assert COMMANDS[command] in mods
    uses = {"stats": {"graph.cli.trace"}}.get(command, set())  # its store opening
    others = {m for m in COMMANDS.values() if m != COMMANDS[command]} - uses
    assert not others & mods, others & mods
    assert not {m for m in mods if m.split(".")[0] in HEAVY or m in HEAVY}


def test_lazy_listing_is_the_commands_own_short_help() -> None:
    """The list `vbkg --help` prints without importing the commands (Vietnamese, from
    help.yaml) is the one click prints from the imported commands."""
    ctx = cli.make_context("vbkg", ["--help"], resilient_parsing=True)
    assert sorted(COMMANDS) == cli.list_commands(ctx)
    expected = []
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        assert cmd is not None, name
        assert cmd.name == name
        expected.append((name, cmd.get_short_help_str(100 - 6 - max(map(len, COMMANDS)))))
    formatter = click.HelpFormatter(width=100)
    imported = dict(cli.commands)
    cli.commands.clear()  # as in a fresh process: nothing imported yet
    try:
        cli.format_commands(ctx, formatter)
        assert not cli.commands  # listed without asking for any command
    finally:
        cli.commands.update(imported)
    listed = formatter.getvalue().splitlines()[1:]
    assert [line.split(None, 1)[0] for line in listed] == [n for n, _ in expected]
    for line, (name, short) in zip(listed, expected, strict=True):
        assert line.split(None, 1)[1] == short, name


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["nonsense"])
    assert result.exit_code == 2
    assert "nonsense" in result.output
