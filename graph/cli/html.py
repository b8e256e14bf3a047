"""``vbkg html``: the store as one self-contained interactive HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.cli.group import EXIT_ERROR, cli, lang_option, store_option
from graph.messages import t


def _w(key: str, lang: str, **kw: str) -> str:
    return t(f"html.{key}", lang, **kw)


@cli.command("html")
@store_option
@click.option(
    "--focus",
    default=None,
    help="Highlight the implementation chain of this plan (IRI or key, e.g. 04/KH-UBND).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--title", default=None, help="Title of the page.")
@lang_option
def html_command(
    store_path: str, focus: str | None, out: Path, title: str | None, lang: str
) -> None:
    """Write the citation graph of the store as one offline HTML page; print its path."""
    from graph.analysis.netx import store_to_networkx
    from graph.store import open_store
    from graph.web.graph_page import render_html

    try:
        store = open_store(store_path, read_only=True)
    except Exception as exc:
        message = exc.message(lang) if hasattr(exc, "message") else str(exc)
        click.echo(f"{t('error.store', lang)} {store_path}: {message}", err=True)
        sys.exit(EXIT_ERROR)
    try:
        g = store_to_networkx(store, focus=focus)
    except KeyError:
        click.echo(_w("no_focus", lang, ref=str(focus)), err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        click.echo(f"{_w('query', lang)}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    focus_id = g.graph.get("focus")
    path = render_html(g, out, focus=focus_id, lang=lang, title=title)
    click.echo(str(path))
