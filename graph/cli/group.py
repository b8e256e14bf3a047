"""The ``vbkg`` click group and the options its commands share (``--lang``, ``--store``,
``--base``), the exit codes and the error output. Each command is a module of
:mod:`graph.cli` (listed in ``COMMAND_MODULES``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from rich.console import Console

from graph import ids
from graph.messages import LANGS
from graph.pipeline import Failure

F = TypeVar("F", bound=Callable[..., Any])


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default="vi",
        show_default=True,
        help="Language of messages (vi|en).",
    )(f)


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
    return click.option(
        "--base", default=ids.DEFAULT_BASE, show_default=True, help="Base of the minted IRIs."
    )(f)


def make_console() -> Console:
    return Console(soft_wrap=True, highlight=False)


def echo_error(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vbkg")
def cli() -> None:
    """vbkg — đồ thị tri thức về trích dẫn văn bản pháp luật và kế hoạch Việt Nam.

    Knowledge graph of Vietnamese legal and plan references.
    """


def report_failures(bad: Sequence[Failure], lang: str) -> None:
    for f in bad:
        echo_error(f.reason if lang == "vi" else f.reason_en)
