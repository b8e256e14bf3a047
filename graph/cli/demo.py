"""``vbkg demo``: build the graph of the bundled examples, its page, and validate it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph import ids
from graph.cli.build import print_summary, run_build
from graph.cli.group import (
    EXIT_FINDINGS,
    EXIT_OK,
    cli,
    lang_option,
)
from graph.messages import t
from graph.paths import EXAMPLES_DIR


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the store and the exported graph.",
)
@lang_option
def demo(out: Path, lang: str) -> None:
    """Build the graph of the bundled example documents (what `make demo` runs)."""
    store_path = out / "store"
    ttl = out / "graph.ttl"
    summary, code = run_build([EXAMPLES_DIR], store_path, out=ttl, base=ids.DEFAULT_BASE, lang=lang)
    print_summary(summary, lang)
    if code != EXIT_OK:
        sys.exit(code)
    click.echo(f"{t('summary.store', lang)}: {store_path}")
    click.echo(f"{t('summary.export', lang)}: {ttl}")
    from graph.web.graph_page import write_demo_page

    page = write_demo_page(store_path, out, lang=lang)
    click.echo(f"{t('summary.page', lang)}: {page}")
    from graph.validate import validate_file

    conforms, report = validate_file(ttl)
    click.echo(t("summary.shacl_ok" if conforms else "summary.shacl_fail", lang))
    if not conforms:
        click.echo(report)
        sys.exit(EXIT_FINDINGS)
