"""The ``vbkg`` click group and the options its commands share (``--lang``, ``--store``,
``--base``), the exit codes and the error output. Each command is a module of
:mod:`graph.cli` (listed in :data:`COMMANDS`), imported only when that command runs or shows
its help: ``vbkg --help`` lists the commands with their Vietnamese short help from the message
catalogue without importing any of them. Keep this module's imports light (click and the
message catalogue): every invocation pays for them."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from gettext import gettext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.utils import _make_default_short_help

from graph.messages import LANGS, help_text

if TYPE_CHECKING:
    from rich.console import Console

    from graph.pipeline import Failure

F = TypeVar("F", bound=Callable[..., Any])


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


LANG_ENV = "VBKG_LANG"
"""Environment variable choosing the language of help and messages (``vi`` or ``en``)."""
_LANG_KEY = "vbkg.lang"  # in ``ctx.meta``, which every context of one invocation shares


def current_lang(ctx: click.Context | None = None) -> str:
    """The language of this invocation: ``--lang`` (of the group or the command, whichever
    came first on the command line), else :data:`LANG_ENV`, else Vietnamese."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(_LANG_KEY) in LANGS:
        return str(ctx.meta[_LANG_KEY])
    env = os.environ.get(LANG_ENV, "").strip().lower()
    return env if env in LANGS else "vi"


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    # eager: runs before ``--help`` when written before it (``vbkg build --lang en --help``)
    if value is not None:
        ctx.meta[_LANG_KEY] = value
    return current_lang(ctx)


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=None,
        is_eager=True,
        callback=_set_lang,
        help=f"Language of messages (vi|en; default: {LANG_ENV}, else vi).",
    )(f)


class LocalizedCommand(click.Command):
    """A command whose help (its text and its options') follows :func:`current_lang`: the
    Vietnamese texts of :data:`graph.messages.HELP_VI`, or the English ones of the code."""

    def _localize(self, ctx: click.Context | None) -> None:
        lang = current_lang(ctx)
        name = "vbkg" if ctx is not None and ctx.parent is None else (self.name or "")
        english = self.__dict__.setdefault("_help_en", self.help)
        self.help = help_text(name, None, lang) or english
        if ctx is None:
            return  # a short help: the command's text only
        help_option = self.get_help_option(ctx)
        for p in self.get_params(ctx):
            if isinstance(p, click.Option):
                en = p.__dict__.setdefault("_help_en", p.help)
                key = "help" if p is help_option else p.name
                p.help = help_text(name, key, lang) or en

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._localize(ctx)
        super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        self._localize(None)
        return super().get_short_help_str(limit)


class LocalizedGroup(LocalizedCommand, click.Group):
    """The ``vbkg`` group: localized help, and localized commands by default."""

    command_class = LocalizedCommand


COMMANDS: dict[str, str] = {
    "build": "graph.cli.build",
    "check": "graph.cli.check",
    "coverage": "graph.cli.trace",
    "demo": "graph.cli.demo",
    "extract": "graph.cli.extract",
    "html": "graph.cli.html",
    "query": "graph.cli.query",
    "remove": "graph.cli.remove",
    "serve": "graph.cli.serve",
    "stats": "graph.cli.stats",
    "status": "graph.cli.status",
    "synth": "graph.cli.synth",
    "trace": "graph.cli.trace",
}
"""Each command of ``vbkg`` → the module defining it (importing the module registers the
command on :data:`cli`). Adding a command is one module plus one line here."""


class LazyGroup(LocalizedGroup):
    """A group whose commands (:data:`COMMANDS`) are imported when first asked for, so that
    start-up pays only for the command that runs. Its own help lists the commands with their
    Vietnamese short help (``help.COMMAND`` of ``data/messages/help.yaml``) without importing
    them; in English the short help is the command's docstring, so the commands are imported."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang(ctx)
        names = self.list_commands(ctx)
        texts = {n: help_text(n, None, lang) for n in names if n not in self.commands}
        if any(text is None for text in texts.values()):  # English, or no Vietnamese text
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            cmd = self.commands.get(name)
            if cmd is None:
                rows.append((name, _make_default_short_help(texts[name] or "", limit).strip()))
            elif not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section(gettext("Commands")):  # as click writes it
            formatter.write_dl(rows)


def store_option(f: F) -> F:
    # a plain string: click.Path would turn "http://host/" into "http:/host/"
    return click.option(
        "--store",
        "store_path",
        default="out/store",
        show_default=True,
        help="Store: a directory (embedded Oxigraph) or a SPARQL endpoint URL "
        "(http://host:port/ for an Oxigraph server).",
    )(f)


def base_option(f: F) -> F:
    from graph.ids import DEFAULT_BASE

    return click.option(
        "--base", default=DEFAULT_BASE, show_default=True, help="Base of the minted IRIs."
    )(f)


def answer_out_option(f: F) -> F:
    """``--out FILE`` of the commands that answer in several formats (required for xlsx)."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        default=None,
        help="Write the answer to this file (required for xlsx).",
    )(f)


def make_console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


def echo_error(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vbkg")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_set_lang,
    help=f"Language of help and messages (vi|en; default: {LANG_ENV}, else vi).",
)
def cli() -> None:
    """vbkg — knowledge graph of Vietnamese legal and plan references.

    Help and messages are in Vietnamese by default; in English with `vbkg --lang en COMMAND
    ...`, `vbkg COMMAND --lang en --help` or the environment variable VBKG_LANG=en.
    """


def report_failures(bad: Sequence[Failure], lang: str) -> None:
    for f in bad:
        echo_error(f.reason if lang == "vi" else f.reason_en)
